/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's benchmarks, run by hand under a display (bench/run starts Xvfb when there is
 * none). They drive the real EaselApplication and print their figures:
 *
 *   bench-ui generate DIR [N]      a library of N results (default 100,000) over 1,024 paintings,
 *                                  with thumbnails in $XDG_CACHE_HOME
 *   bench-ui startup DIR START_NS  process start (CLOCK_REALTIME ns, from the shell) to the
 *                                  first frame, to the window ready, and to the History page's
 *                                  first screen of thumbnails
 *   bench-ui scroll DIR [STEP]     scrolls the whole History, STEP screens at a time (default 4);
 *                                  RSS at the end, peak RSS, pages and textures kept, the
 *                                  longest frame
 *   bench-ui stall DIR JSON        3 providers × 4 images against the fakes whose URLs are in
 *                                  JSON (easel-fake-servers' line): the longest main-loop
 *                                  stall from Generate until every image shows on its card
 *                                  (BENCH_SAMPLE=1: stacks of the stalls, see start_sampler)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "bench-util.h"
#include "easel-application.h"
#include "easel-engine.h"
#include "easel-history-model.h"
#include "easel-history-page.h"
#include "easel-image-loader.h"
#include "easel-image-setting.h"
#include "easel-paths.h"
#include "easel-prompt-area.h"
#include "easel-provider-config.h"
#include "easel-provider-picker.h"
#include "easel-history-cell.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-run-item.h"
#include "easel-settings-editor.h"
#include "easel-store-private.h"
#include "easel-store.h"
#include "easel-window.h"

static EaselApplication *app;

/* ---- helpers ----------------------------------------------------------------------------- */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (gboolean  (*predicate) (gpointer data),
          gpointer    data,
          guint       timeout_s,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake = g_timeout_add (5, wake_cb, NULL);

  while (!predicate (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (!predicate (data))
    g_error ("timed out waiting for %s", what);
}

static gint64
rss_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

/* Frames: the longest interval between two paints while something is watched. */
typedef struct
{
  gint64 last;
  gint64 longest;
  guint  frames;
} Frames;

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  gint64 now = g_get_monotonic_time ();

  if (frames->last > 0)
    frames->longest = MAX (frames->longest, now - frames->last);
  frames->last = now;
  frames->frames++;
}

/* Paints: the main loop cannot dispatch while a frame renders; on Xvfb frames are rendered in
 * software, so stalls are reported with and without the time spent painting.
 */
typedef struct
{
  gint64 started;
  gint64 in_paint;
} Paints;

static Paints paints;

static void
before_paint_cb (GdkFrameClock *clock)
{
  paints.started = g_get_monotonic_time ();
}

static void
paint_done_cb (GdkFrameClock *clock)
{
  if (paints.started > 0)
    paints.in_paint += g_get_monotonic_time () - paints.started;
  paints.started = 0;
}

static gboolean
window_ready (gpointer data)
{
  return easel_window_get_ready (data);
}

static void
make_app (const char *dir)
{
  g_autoptr(GError) error = NULL;

  easel_paths_set_data_dir (dir);
  app = g_object_new (EASEL_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", RESOURCE_PATH,
                      NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
}

static EaselWindow *
show_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1280, 800);
  return EASEL_WINDOW (window);
}

static EaselHistoryPage *history;

static gboolean
history_on_screen (gpointer data)
{
  EaselHistoryModel *model = easel_history_page_get_model (history);
  GtkWidget *grid = GTK_WIDGET (easel_history_page_get_grid_view (history));
  guint n = 0;

  if (model == NULL || !easel_history_model_get_counted (model))
    return FALSE;
  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *card = gtk_widget_get_first_child (cell);
      EaselResultItem *item;

      if (!EASEL_IS_HISTORY_CELL (card) || !gtk_widget_get_mapped (card))
        continue;
      item = easel_history_cell_get_item (EASEL_HISTORY_CELL (card));
      if (item == NULL || easel_result_item_get_image (item) == NULL)
        return FALSE;
      n++;
    }
  return n > 0;
}

static gboolean
history_counted (gpointer data)
{
  EaselHistoryModel *model = easel_history_page_get_model (history);

  return model != NULL && easel_history_model_get_counted (model);
}

static gboolean
page_settled (gpointer data)
{
  return easel_history_model_get_n_pending (easel_history_page_get_model (history)) == 0;
}

/* ---- generate ---------------------------------------------------------------------------- */

#define N_PAINTINGS 1024

static GBytes *
painting (int     size,
          guint32 seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, size, size);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  g_autofree char *buffer = NULL;
  gsize length = 0;

  guint32 hash = seed * 2654435761u;

  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        guchar *p = pixels + y * stride + x * 3;

        p[0] = (guchar) (((hash & 0xff) + y * 200 / size) & 0xff);
        p[1] = (guchar) ((((hash >> 8) & 0xff) + x * 120 / size) & 0xff);
        p[2] = (guchar) ((((hash >> 16) & 0xff) + (x + y) * 90 / size) & 0xff);
      }
  /* Every painting its own file, whatever the colours. */
  pixels[0] = (guchar) (seed & 0xff);
  pixels[1] = (guchar) ((seed >> 8) & 0xff);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", NULL, NULL))
    g_error ("cannot encode a painting");
  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static int
generate (const char *dir,
          guint       n)
{
  static const char * const subjects[] = {
    "fox", "castle", "owl", "lighthouse", "city", "forest", "robot", "garden", "dragon", "cat",
  };
  static const char * const providers[] = { "Studio GPU", "OpenAI", "Forge" };
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = easel_store_open (dir, &error);
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  if (store == NULL)
    g_error ("%s", error->message);
  engine = easel_engine_new (store);

  /* More distinct thumbnails than the image loader keeps (256), so scrolling decodes and
   * evicts as a real history does; 256-pixel images, which are their own thumbnails.
   */
  for (guint i = 0; i < N_PAINTINGS; i++)
    {
      g_autoptr(GBytes) image = painting (256, i);
      GBytes *thumb = image;
      g_autoptr(EaselResult) probe = easel_result_new ();
      g_autofree char *path = NULL;
      g_autofree char *thumb_path = NULL;
      g_autofree char *thumb_dir = NULL;
      char *hash = NULL;

      path = easel_store_write_image (store, image, "png", &hash, &error);
      if (path == NULL)
        g_error ("%s", error->message);
      probe->file_hash = g_strdup (hash);
      thumb_path = easel_engine_get_thumbnail_path (engine, probe);
      thumb_dir = g_path_get_dirname (thumb_path);
      g_mkdir_with_parents (thumb_dir, 0700);
      g_file_set_contents (thumb_path, g_bytes_get_data (thumb, NULL),
                           (gssize) g_bytes_get_size (thumb), NULL);
      g_ptr_array_add (hashes, hash);
    }

  if (!_easel_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselResult) result = easel_result_new ();

      result->provider_name = g_strdup (providers[i % G_N_ELEMENTS (providers)]);
      result->provider_kind = g_strdup ("comfyui");
      result->model = g_strdup ("sdxl_base");
      result->prompt = g_strdup_printf ("a %s at dusk, watercolor, number %u",
                                        subjects[i % G_N_ELEMENTS (subjects)], i);
      result->file_hash = g_strdup (g_ptr_array_index (hashes, i % hashes->len));
      result->mime_type = g_strdup ("image/png");
      result->setting = easel_image_setting_new ();
      result->width = 1024;
      result->height = 1024;
      result->duration_ms = 3000;
      result->has_seed = TRUE;
      result->seed = i;
      result->favorite = i % 20 == 0;
      if (easel_store_add_result (store, result, NULL, &error) == 0)
        g_error ("%s", error->message);
    }
  if (!_easel_store_commit (store, &error))
    g_error ("%s", error->message);

  printf ("generate: %u results in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

/* ---- startup ------------------------------------------------------------------------------ */

static gint64 first_frame_us;

static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (first_frame_us == 0)
    first_frame_us = g_get_real_time ();
}

static gboolean
has_first_frame (gpointer data)
{
  return first_frame_us != 0;
}

static void
on_map_cb (GtkWidget *widget)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (first_frame_cb), NULL);
}

/* BENCH_PHASES=1: where start-up and the History page's first screen spend their time. */
static void
phase (const char *what,
       gint64      since_us,
       gint64      now_us)
{
  if (g_getenv ("BENCH_PHASES"))
    printf ("  phase: %s at %.0f ms\n", what, (now_us - since_us) / 1000.0);
}

static int
startup (const char *dir,
         gint64      start_ns)
{
  gint64 start_us = start_ns / 1000;
  gint64 ready_us, history_us, history_start;
  EaselWindow *window;

  phase ("gtk_init done", start_us, g_get_real_time ());
  make_app (dir);
  phase ("application registered", start_us, g_get_real_time ());
  window = show_window ();
  phase ("window presented", start_us, g_get_real_time ());
  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    on_map_cb (GTK_WIDGET (window));
  wait_for (has_first_frame, NULL, 30, "the first frame");
  wait_for (window_ready, window, 30, "the window to be ready");
  ready_us = g_get_real_time ();

  history = easel_window_get_history_page (window);
  history_start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");
  if (g_getenv ("BENCH_PHASES"))
    {
      wait_for (history_counted, NULL, 30, "the count");
      phase ("History counted", history_start, g_get_monotonic_time ());
      wait_for (page_settled, NULL, 30, "the first page");
      phase ("History's first pages read", history_start, g_get_monotonic_time ());
    }
  wait_for (history_on_screen, NULL, 30, "the first screen of the history");
  history_us = g_get_monotonic_time () - history_start;
  if (g_getenv ("BENCH_PHASES"))
    {
      GtkWidget *grid = GTK_WIDGET (easel_history_page_get_grid_view (history));
      guint cells = 0;

      for (GtkWidget *c = gtk_widget_get_first_child (grid); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        cells++;
      printf ("  phase: %u cells in the grid\n", cells);
    }

  printf ("startup: first frame %.0f ms after the process started\n",
          (first_frame_us - start_us) / 1000.0);
  printf ("startup: window ready (store open, providers listed) at %.0f ms\n",
          (ready_us - start_us) / 1000.0);
  printf ("startup: History page, %u results counted and the first screen of thumbnails "
          "shown, %.0f ms after switching to it\n",
          g_list_model_get_n_items (G_LIST_MODEL (easel_history_page_get_model (history))),
          history_us / 1000.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ---- scroll ----------------------------------------------------------------------------- */

static int
scroll (const char *dir,
        double      step_screens)
{
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  EaselWindow *window;
  Frames frames = { 0 };
  gint64 start;
  gulong handler;
  guint steps = 0;

  make_app (dir);
  window = show_window ();
  wait_for (window_ready, window, 30, "the window to be ready");
  history = easel_window_get_history_page (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "history");
  wait_for (history_on_screen, NULL, 30, "the first screen of the history");

  scrolled = GTK_SCROLLED_WINDOW (
    gtk_widget_get_parent (GTK_WIDGET (easel_history_page_get_grid_view (history))));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  printf ("scroll: %u results, rss before %.1f MiB\n",
          g_list_model_get_n_items (G_LIST_MODEL (easel_history_page_get_model (history))),
          rss_kib ("VmRSS:") / 1024.0);

  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                              G_CALLBACK (after_paint_cb), &frames);
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment))
    {
      guint painted = frames.frames;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                step_screens * gtk_adjustment_get_page_size (adjustment));
      /* One frame per step, as a fast fling would give. */
      while (frames.frames == painted)
        g_main_context_iteration (NULL, TRUE);
      steps++;
      if (g_getenv ("BENCH_MAX_STEPS") != NULL &&
          steps >= g_ascii_strtoull (g_getenv ("BENCH_MAX_STEPS"), NULL, 10))
        break;
    }
  wait_for (page_settled, NULL, 30, "the last page");
  wait_for (history_on_screen, NULL, 30, "the last screen of thumbnails");
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);

  /* Then scrolling as a person does, a quarter of a screen per frame, back from the end:
   * how long frames take while cells are recycled and pages and thumbnails come in.
   */
  {
    g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) painting = g_array_new (FALSE, FALSE, sizeof (double));
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    Frames smooth = { 0 };
    gulong smooth_handler, before_handler, done_handler;

    smooth_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &smooth);
    before_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
    done_handler = g_signal_connect_after (clock, "after-paint", G_CALLBACK (paint_done_cb), NULL);
    for (guint i = 0; i < 400 && gtk_adjustment_get_value (adjustment) > 0; i++)
      {
        guint painted = smooth.frames;
        gint64 before = g_get_monotonic_time ();
        gint64 painted_us = paints.in_paint;
        double ms;

        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) -
                                  gtk_adjustment_get_page_size (adjustment) / 4);
        while (smooth.frames == painted)
          g_main_context_iteration (NULL, TRUE);
        ms = (g_get_monotonic_time () - before) / 1000.0;
        g_array_append_val (intervals, ms);
        ms = (paints.in_paint - painted_us) / 1000.0;
        g_array_append_val (painting, ms);
      }
    g_signal_handler_disconnect (clock, smooth_handler);
    g_signal_handler_disconnect (clock, before_handler);
    g_signal_handler_disconnect (clock, done_handler);
    g_array_sort (intervals, bench_compare_doubles);
    g_array_sort (painting, bench_compare_doubles);
    printf ("scroll: a quarter screen per frame, %u frames: median %.1f ms, 95th percentile "
            "%.1f ms, longest %.1f ms; of which layout and painting: median %.1f ms, 95th "
            "percentile %.1f ms\n", intervals->len,
            g_array_index (intervals, double, intervals->len / 2),
            g_array_index (intervals, double, intervals->len * 95 / 100),
            g_array_index (intervals, double, intervals->len - 1),
            g_array_index (painting, double, painting->len / 2),
            g_array_index (painting, double, painting->len * 95 / 100));
  }

  printf ("scroll: %u steps of %.1f screens in %.1f s, longest frame %.1f ms\n", steps,
          step_screens, (g_get_monotonic_time () - start) / 1e6, frames.longest / 1000.0);
  printf ("scroll: pages kept %u, textures cached %u\n",
          easel_history_model_get_n_cached_pages (easel_history_page_get_model (history)),
          easel_image_loader_get_n_cached (easel_image_loader_get_default ()));
  printf ("scroll: rss at the end %.1f MiB, peak %.1f MiB\n", rss_kib ("VmRSS:") / 1024.0,
          rss_kib ("VmHWM:") / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ---- stall -------------------------------------------------------------------------------- */

static EaselRunItem *stall_run;
static guint n_runs_at_start;

static gboolean
run_shown (gpointer data)
{
  EaselWindow *window = data;
  GListModel *runs = easel_window_get_runs (window);
  GListModel *cards;

  if (g_list_model_get_n_items (runs) <= n_runs_at_start)
    return FALSE;
  if (stall_run == NULL)
    stall_run = g_list_model_get_item (runs, 0);
  if (easel_run_item_get_active (stall_run))
    return FALSE;
  cards = easel_run_item_get_cards (stall_run);
  if (g_list_model_get_n_items (cards) < 12)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(EaselResultItem) item = g_list_model_get_item (cards, i);

      if (easel_result_item_get_result (item) == NULL)
        g_error ("a job failed: %s", easel_result_item_get_error_message (item));
      if (easel_result_item_get_image (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
save_provider (EaselEngine       *engine,
               const char        *name,
               EaselProviderKind  kind,
               const char        *url,
               const char        *model)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);
  g_autoptr(GError) error = NULL;

  config->urls = g_new0 (char *, 2);
  config->urls[0] = g_strdup (url);
  config->model = g_strdup (model);
  if (!easel_engine_save_provider (engine, config, NULL, &error))
    g_error ("%s", error->message);
}

/* The time the window's handlers take for each engine signal: an emission hook notes the start,
 * a handler connected after everyone else's notes the end.
 */
typedef struct
{
  gint64 started;
  gint64 longest;
  char   longest_signal[32];
  guint  emissions;
} Handlers;

static Handlers handlers;

static gboolean
emission_hook_cb (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               data)
{
  handlers.started = g_get_monotonic_time ();
  return TRUE;
}

static void
after_signal_cb (gpointer    instance,
                 const char *name)
{
  gint64 spent = g_get_monotonic_time () - handlers.started;

  handlers.emissions++;
  if (spent > handlers.longest)
    {
      handlers.longest = spent;
      g_strlcpy (handlers.longest_signal, name, sizeof handlers.longest_signal);
    }
}

static void
after_job_changed_cb (EaselEngine *engine, gpointer job, gpointer data)
{
  after_signal_cb (engine, "job-changed");
}

static void
after_job_progress_cb (EaselEngine *engine, gint64 id, double f, const char *t, gpointer p,
                       gpointer data)
{
  after_signal_cb (engine, "job-progress");
}

static void
after_result_added_cb (EaselEngine *engine, gpointer result, gpointer data)
{
  after_signal_cb (engine, "result-added");
}

/* BENCH_SAMPLE=1: while the main loop is stalled for more than 20 ms, a watchdog thread has
 * the main thread print its stack (backtrace_symbols_fd: exported symbols only) to stderr every
 * 5 ms, after a "---- sample" line. That is how the tooltip round trips were found.
 */
static pthread_t main_thread;
static volatile gint64 last_tick_us;

static void
sample_handler (int sig)
{
  static const char separator[] = "---- sample\n";
  void *frames[64];
  int n = backtrace (frames, G_N_ELEMENTS (frames));

  if (write (STDERR_FILENO, separator, sizeof separator - 1) > 0)
    backtrace_symbols_fd (frames, n, STDERR_FILENO);
}

static gpointer
watchdog_thread (gpointer data)
{
  for (;;)
    {
      g_usleep (5000);
      if (last_tick_us > 0 && g_get_monotonic_time () - last_tick_us > 20000)
        pthread_kill (main_thread, SIGPROF);
    }
  return NULL;
}

static void
start_sampler (void)
{
  void *frames[4];

  main_thread = pthread_self ();
  backtrace (frames, G_N_ELEMENTS (frames));   /* loads the unwinder outside the handler */
  signal (SIGPROF, sample_handler);
  g_thread_unref (g_thread_new ("watchdog", watchdog_thread, NULL));
}

typedef struct
{
  gint64 last;
  gint64 last_paint;
  gint64 longest;
  gint64 longest_outside_paint;
  guint  ticks;
} StallTicks;

static gboolean
stall_tick_cb (gpointer data)
{
  StallTicks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last > 0)
    {
      gint64 gap = now - ticks->last;
      gint64 painting = paints.in_paint - ticks->last_paint;

      ticks->longest = MAX (ticks->longest, gap);
      ticks->longest_outside_paint = MAX (ticks->longest_outside_paint, gap - painting);
    }
  ticks->last = now;
  last_tick_us = now;
  ticks->last_paint = paints.in_paint;
  ticks->ticks++;
  return G_SOURCE_CONTINUE;
}

static int
stall (const char *dir,
       const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  const char *names[] = { "Comfy", "Forge", "OpenAI", NULL };
  JsonObject *urls;
  EaselWindow *window;
  EaselEngine *engine;
  StallTicks ticks = { 0 };
  Frames frames = { 0 };
  GdkFrameClock *clock;
  gint64 start;
  guint tick_id;
  gulong handler;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("%s", error->message);
  urls = json_node_get_object (json_parser_get_root (parser));

  make_app (dir);
  window = show_window ();
  wait_for (window_ready, window, 30, "the window to be ready");
  engine = easel_window_get_engine (window);
  save_provider (engine, "Comfy", EASEL_PROVIDER_KIND_COMFYUI,
                 json_object_get_string_member (urls, "comfyui"), "sd_xl_base_1.0.safetensors");
  save_provider (engine, "Forge", EASEL_PROVIDER_KIND_A1111,
                 json_object_get_string_member (urls, "a1111"), NULL);
  save_provider (engine, "OpenAI", EASEL_PROVIDER_KIND_OPENAI,
                 json_object_get_string_member (urls, "openai"), "gpt-image-2");
  wait_for (window_ready, window, 30, "the providers");
  while (g_list_model_get_n_items (easel_window_get_providers (window)) < 3)
    g_main_context_iteration (NULL, TRUE);

  easel_prompt_area_set_prompt (easel_window_get_prompt_area (window), "a lighthouse at dusk");
  easel_provider_picker_select_names (
    easel_prompt_area_get_provider_picker (easel_window_get_prompt_area (window)), names);
  setting->width = 1024;
  setting->height = 1024;
  setting->steps = 20;
  setting->count = 4;
  easel_settings_editor_set_setting (easel_window_get_settings_editor (window), setting);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  n_runs_at_start = g_list_model_get_n_items (easel_window_get_runs (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (paint_done_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("job-changed", EASEL_TYPE_ENGINE), 0,
                              emission_hook_cb, NULL, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("job-progress", EASEL_TYPE_ENGINE), 0,
                              emission_hook_cb, NULL, NULL);
  g_signal_add_emission_hook (g_signal_lookup ("result-added", EASEL_TYPE_ENGINE), 0,
                              emission_hook_cb, NULL, NULL);
  g_signal_connect_after (engine, "job-changed", G_CALLBACK (after_job_changed_cb), NULL);
  g_signal_connect_after (engine, "job-progress", G_CALLBACK (after_job_progress_cb), NULL);
  g_signal_connect_after (engine, "result-added", G_CALLBACK (after_result_added_cb), NULL);
  if (g_getenv ("BENCH_SAMPLE"))
    start_sampler ();
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_tick_cb, &ticks, NULL);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  start = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.generate", NULL))
    g_error ("Generate is off");
  wait_for (run_shown, window, 300, "12 images on their cards");
  g_source_remove (tick_id);
  last_tick_us = 0;
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);

  printf ("stall: 3 providers × 4 images of 1024×1024 in %.1f s\n",
          (g_get_monotonic_time () - start) / 1e6);
  printf ("stall: longest main-loop stall %.1f ms (%u ticks of a 1 ms timeout); not counting "
          "the time spent painting frames, %.1f ms\n",
          ticks.longest / 1000.0, ticks.ticks, ticks.longest_outside_paint / 1000.0);
  printf ("stall: longest time in the window's handlers of one engine signal %.1f ms (%s, "
          "%u emissions); %u frames, longest %.1f ms apart, %.0f ms painting in all\n",
          handlers.longest / 1000.0, handlers.longest_signal, handlers.emissions, frames.frames,
          frames.longest / 1000.0, paints.in_paint / 1000.0);
  g_clear_object (&stall_run);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-ui generate|startup|scroll|stall DIR [ARG]\n");
      return 2;
    }
  if (g_str_equal (argv[1], "generate"))
    return generate (argv[2], argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100000);

  gtk_init ();
  adw_init ();
  if (g_str_equal (argv[1], "startup"))
    status = startup (argv[2], argc > 3 ? g_ascii_strtoll (argv[3], NULL, 10)
                                        : g_get_real_time () * 1000);
  else if (g_str_equal (argv[1], "scroll"))
    status = scroll (argv[2], argc > 3 ? g_ascii_strtod (argv[3], NULL) : 4);
  else if (g_str_equal (argv[1], "stall"))
    status = stall (argv[2], argc > 3 ? argv[3] : "{}");
  else
    {
      fprintf (stderr, "unknown benchmark %s\n", argv[1]);
      return 2;
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&app);
  return status;
}
