/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The longest gap between main-loop iterations while N results of W×W pixels arrive from an
 * OpenAI-compatible server (run tests/fakes/easel-fake-servers in another process, so the
 * fake's own work does not count), with previews decoded as the window has them.
 *
 *   bench-stall BASE_URL [N] [W]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "easel-engine.h"

typedef struct
{
  gint64  last;
  gint64  longest;
  guint   ticks;
  gboolean done;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last > 0)
    watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;
  watch->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
finished_cb (EaselEngine *engine,
             gint64       run_id,
             Watch       *watch)
{
  watch->done = TRUE;
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (easel_engine_submit_finish (EASEL_ENGINE (object), result, &error) == 0)
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("easel-stall-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autoptr(EaselRun) run = NULL;
  int count = argc > 2 ? atoi (argv[2]) : 32;
  int size = argc > 3 ? atoi (argv[3]) : 2048;
  const char *names[] = { "bench", NULL };
  const char *urls[] = { argc > 1 ? argv[1] : NULL, NULL };
  Watch watch = { 0 };
  gint64 start;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-stall BASE_URL [N] [W]\n");
      return 2;
    }
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("EASEL_API_KEY_BENCH", "sk-bench", TRUE);

  store = easel_store_open (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  engine = easel_engine_new (store);
  easel_engine_set_decode_previews (engine, TRUE);
  config = easel_provider_config_new ("bench", EASEL_PROVIDER_KIND_OPENAI);
  config->urls = g_strdupv ((GStrv) urls);
  config->model = g_strdup ("gpt-image-2");
  config->concurrency = 8;
  if (!easel_store_save_provider (store, config, &error))
    g_error ("%s", error->message);

  run = easel_run_new ("a lighthouse at dusk");
  run->providers = g_strdupv ((GStrv) names);
  run->count = count;
  run->setting->width = size;
  run->setting->height = size;

  g_signal_connect (engine, "run-finished", G_CALLBACK (finished_cb), &watch);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, &watch, NULL);
  start = g_get_monotonic_time ();
  easel_engine_submit_async (engine, run, NULL, submitted_cb, NULL);
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);
  easel_engine_flush (engine);

  printf ("stall: %d results of %dx%d in %.2f s; longest main-loop gap %.1f ms "
          "(%u iterations); peak RSS %" G_GINT64_FORMAT " KiB\n",
          count, size, size, (g_get_monotonic_time () - start) / 1e6, watch.longest / 1000.0,
          watch.ticks, bench_peak_rss_kib ());
  g_clear_object (&engine);
  g_clear_object (&store);
  return 0;
}
