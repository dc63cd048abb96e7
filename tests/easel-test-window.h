/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up for the tests that drive the real window: an EaselApplication on a scratch data
 * folder, its engine talking to scripted providers (in-process, no network), waits on
 * conditions (never fixed sleeps), and screenshots in the light and the dark style.
 *
 * Screenshots go to BUILDDIR/tests/screenshots/; when EASEL_DOCS_SCREENSHOTS names a folder
 * (tests/update-screenshots does that), they are copied there too, for docs/user-guide.md.
 */
#pragma once

#include <glib/gstdio.h>
#include <math.h>

#include "easel-test-ui.h"

#include "easel-application.h"
#include "easel-engine.h"
#include "easel-paths.h"
#include "easel-provider-config.h"
#include "easel-scripted-provider.h"
#include "easel-test-util.h"
#include "easel-window.h"

G_BEGIN_DECLS

/* Fewer distinct colours than this is a blank (or nearly blank) render. */
#define EASEL_TEST_MIN_COLOURS 64

typedef struct
{
  char             *dir;
  char             *cache;
  EaselApplication *app;
  EaselEngine      *engine;
  GHashTable       *clients;       /* url → EaselScriptedProvider */
  EaselScriptStats  stats[16];
  guint             n_stats;
} EaselTestApp;

static EaselTestApp easel_test;

static inline gboolean
easel_test_wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @predicate holds; fails the test after @timeout_ms. */
static inline void
easel_test_wait (gboolean  (*predicate) (gpointer data),
                 gpointer    data,
                 guint       timeout_ms,
                 const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake_up_id = g_timeout_add (20, easel_test_wake_up_cb, NULL);

  while (!predicate (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_up_id);
  if (!predicate (data))
    g_error ("timed out waiting for %s", what);
}

/* Runs what is pending without blocking (idles, finished workers' callbacks). */
static inline void
easel_test_drain (void)
{
  for (int i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static inline void
easel_test_count_frame_cb (guint *painted)
{
  (*painted)++;
}

/* Iterates until @widget is mapped and has painted @n_frames more frames. */
static inline void
easel_test_wait_frames (GtkWidget *widget,
                        guint      n_frames)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (20, easel_test_wake_up_cb, NULL);
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler_id;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler_id = g_signal_connect_swapped (clock, "after-paint",
                                         G_CALLBACK (easel_test_count_frame_cb), &painted);
  while (painted < n_frames && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler_id);
  g_source_remove (wake_up_id);
  g_assert_cmpuint (painted, >=, n_frames);
}

static inline GdkTexture *
easel_test_render (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  guint  n_colours;
  double mean_luma;
} EaselPixelStats;

static inline EaselPixelStats
easel_test_measure (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  double luma = 0;
  EaselPixelStats stats;

  gdk_texture_download (texture, (guchar *) pixels, stride);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 pixel = pixels[i];

      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      luma += 0.2126 * ((pixel >> 16) & 0xff) + 0.7152 * ((pixel >> 8) & 0xff)
              + 0.0722 * (pixel & 0xff);
    }

  stats.n_colours = g_hash_table_size (colours);
  stats.mean_luma = luma / ((double) width * height);
  return stats;
}

static inline EaselPixelStats
easel_test_save_screenshot (GtkWidget  *window,
                            const char *name)
{
  const char *build_dir = g_getenv ("EASEL_BUILD_DIR");
  const char *docs_dir = g_getenv ("EASEL_DOCS_SCREENSHOTS");
  g_autofree char *dir = g_build_filename (build_dir != NULL ? build_dir : ".", "tests",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = easel_test_render (window);
  EaselPixelStats stats;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  if (docs_dir != NULL && *docs_dir != '\0')
    {
      g_autofree char *docs_path = g_build_filename (docs_dir, name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (docs_dir, 0755), ==, 0);
      g_assert_true (gdk_texture_save_to_png (texture, docs_path));
    }

  stats = easel_test_measure (texture);
  g_test_message ("%s: %u distinct colours, mean luma %.1f", name, stats.n_colours,
                  stats.mean_luma);
  g_assert_cmpuint (stats.n_colours, >=, EASEL_TEST_MIN_COLOURS);
  return stats;
}

/* NAME.png in the light style and NAME-dark.png in the dark one; the dark one must be darker. */
static inline void
easel_test_screenshots (GtkWidget  *window,
                        const char *name)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *light_name = g_strdup_printf ("%s.png", name);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  EaselPixelStats light, dark;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  easel_test_wait_frames (window, 3);
  light = easel_test_save_screenshot (window, light_name);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  easel_test_wait_frames (window, 3);
  dark = easel_test_save_screenshot (window, dark_name);

  g_assert_cmpfloat (dark.mean_luma + 20, <, light.mean_luma);
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* A small painting, so screenshots show images rather than flat squares: a sky from @top to
 * @bottom, a sun, and two rows of hills.
 */
static inline GBytes *
easel_test_make_art (int     width,
                     int     height,
                     guint32 top,
                     guint32 bottom,
                     double  sun_x)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  g_autofree char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double t = (double) y / height;
        double u = (double) x / width;
        guchar *p = pixels + y * stride + x * 3;
        double r = ((top >> 24) & 0xff) * (1 - t) + ((bottom >> 24) & 0xff) * t;
        double g = ((top >> 16) & 0xff) * (1 - t) + ((bottom >> 16) & 0xff) * t;
        double b = ((top >> 8) & 0xff) * (1 - t) + ((bottom >> 8) & 0xff) * t;
        double dx = u - sun_x, dy = t - 0.42;
        double hill1 = 0.68 + 0.06 * sin (u * 7.0 + sun_x * 3);
        double hill2 = 0.80 + 0.05 * sin (u * 11.0 + 1.3);

        if (dx * dx + dy * dy * (height / (double) width) * (height / (double) width) < 0.012)
          r = 255, g = 236, b = 180;
        if (t > hill1)
          r = r * 0.35 + 20, g = g * 0.35 + 40, b = b * 0.35 + 50;
        if (t > hill2)
          r = r * 0.5, g = g * 0.5 + 10, b = b * 0.5 + 15;
        p[0] = (guchar) CLAMP (r, 0, 255);
        p[1] = (guchar) CLAMP (g, 0, 255);
        p[2] = (guchar) CLAMP (b, 0, 255);
      }

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

static inline EaselProvider *
easel_test_factory (const EaselProviderConfig *config,
                    const char                *base_url,
                    const char                *api_key,
                    gpointer                   user_data)
{
  EaselProvider *client = g_hash_table_lookup (easel_test.clients, base_url);

  /* An address no test set up: like a kind this build cannot talk to. */
  return client != NULL ? g_object_ref (client) : NULL;
}

/* A scripted client for @url, whoever asks for it (a saved provider, a check, a probe). */
static inline EaselScriptedProvider *
easel_test_add_client (const char        *url,
                       EaselProviderKind  kind)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (url, kind);
  EaselProvider *client;

  g_assert_cmpuint (easel_test.n_stats, <, G_N_ELEMENTS (easel_test.stats));
  client = easel_scripted_provider_new (config, url, &easel_test.stats[easel_test.n_stats++]);
  g_hash_table_insert (easel_test.clients, g_strdup (url), client);
  return EASEL_SCRIPTED_PROVIDER (client);
}

/* Saves a provider (as Preferences would) served by a scripted client. */
static inline EaselScriptedProvider *
easel_test_add_provider (const char        *name,
                         EaselProviderKind  kind,
                         const char        *model)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://%s.test", name);
  EaselScriptedProvider *client;

  g_strdelimit (url + strlen ("http://"), " ", '-');
  client = easel_test_add_client (url, kind);
  config->urls = g_new0 (char *, 2);
  config->urls[0] = g_strdup (url);
  config->model = g_strdup (model);
  g_assert_true (easel_engine_save_provider (easel_test.engine, config, NULL, &error));
  g_assert_no_error (error);
  return client;
}

static inline gboolean
easel_test_engine_ready (gpointer data)
{
  return easel_application_get_engine (easel_test.app) != NULL ||
         easel_application_get_error (easel_test.app) != NULL;
}

static inline gboolean
easel_test_window_ready (gpointer data)
{
  return easel_window_get_ready (data);
}

/* The application, on a scratch data folder; call once from main () after
 * easel_test_ui_init (). Thumbnails go to a scratch cache too.
 */
static inline void
easel_test_app_init (void)
{
  /* Screenshots show where things are, not a crossfade halfway through. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  easel_test.dir = easel_test_temp_dir_new ("window");
  easel_test.cache = easel_test_temp_dir_new ("window-cache");
  g_setenv ("XDG_CACHE_HOME", easel_test.cache, TRUE);
  easel_paths_set_data_dir (easel_test.dir);
  easel_test.clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  /* Non-unique: the test needs no session bus and never talks to a running Easel. */
  easel_test.app = g_object_new (EASEL_TYPE_APPLICATION,
                                 "application-id", APP_ID,
                                 "flags", G_APPLICATION_NON_UNIQUE,
                                 "resource-base-path", RESOURCE_PATH,
                                 NULL);
  g_assert_true (g_application_register (G_APPLICATION (easel_test.app), NULL, NULL));
  easel_test_wait (easel_test_engine_ready, NULL, 10000, "the store to open");
  easel_test.engine = easel_application_get_engine (easel_test.app);
  g_assert_nonnull (easel_test.engine);
  easel_engine_set_provider_factory (easel_test.engine, easel_test_factory, NULL);
  easel_engine_set_retry_base_ms (easel_test.engine, 20);
}

static inline void
easel_test_app_finish (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (easel_test.app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (easel_test.app)))
    gtk_window_destroy (l->data);
  easel_test_drain ();
  g_clear_object (&easel_test.app);
  easel_test_drain ();
  g_clear_pointer (&easel_test.clients, g_hash_table_unref);
  easel_test_rm_rf (easel_test.dir);
  easel_test_rm_rf (easel_test.cache);
  g_clear_pointer (&easel_test.dir, g_free);
  g_clear_pointer (&easel_test.cache, g_free);
}

/* The main window, shown, with its store lists read. */
static inline EaselWindow *
easel_test_show_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (easel_test.app));
  window = gtk_application_get_active_window (GTK_APPLICATION (easel_test.app));
  g_assert_true (EASEL_IS_WINDOW (window));
  /* The size of the Xvfb screen, and of the screenshots in the user guide. */
  gtk_window_set_default_size (window, 1280, 800);
  easel_test_wait (easel_test_window_ready, window, 10000, "the window to list providers");
  easel_test_wait_frames (GTK_WIDGET (window), 2);
  return EASEL_WINDOW (window);
}

static inline gpointer
easel_test_template_child (gpointer    widget,
                           GType       type,
                           const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, id);

  g_assert_nonnull (child);
  return child;
}

G_END_DECLS
