/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "easel-fake-openai.h"
#include "easel-image-setting.h"
#include "easel-openai-provider.h"

/* Throughput of the OpenAI provider against the fake at zero latency: N images of 1024×1024,
 * C requests in flight, JSON and streamed answers. It also measures the longest the main loop
 * went without running a 5 ms heartbeat, which shows whether decoding stays off the main
 * thread. Prints its figures; not a timed test.
 *
 *   bench-openai-throughput [images=200] [concurrency=8]
 */

typedef struct
{
  EaselProvider        *provider;
  EaselGenerateRequest *request;
  int                   wanted;
  int                   started;
  int                   finished;
  int                   failed;
  int                   in_flight;
  int                   concurrency;
  gint64                last_tick;
  gint64                max_gap;
} Bench;

static void start_more (Bench *bench);

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  images = easel_provider_generate_finish (EASEL_PROVIDER (object), result, &error);
  if (images == NULL)
    {
      g_printerr ("generation failed: %s\n", error->message);
      bench->failed++;
    }
  bench->finished++;
  bench->in_flight--;
  start_more (bench);
}

static void
start_more (Bench *bench)
{
  while (bench->started < bench->wanted && bench->in_flight < bench->concurrency)
    {
      bench->started++;
      bench->in_flight++;
      easel_provider_generate_async (bench->provider, bench->request, NULL, NULL, NULL, NULL,
                                     generate_cb, bench);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0)
    bench->max_gap = MAX (bench->max_gap, now - bench->last_tick);
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
run (const char *label,
     const char *url,
     gboolean    stream,
     int         images,
     int         concurrency)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Bench",
                                                                     EASEL_PROVIDER_KIND_OPENAI);
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  Bench bench = { 0 };
  gint64 start;
  double seconds;
  guint tick;

  config->model = g_strdup ("gpt-image-2");
  json_object_set_boolean_member (config->options, "compatible", FALSE);
  json_object_set_boolean_member (config->options, "stream", stream);
  setting->width = 1024;
  setting->height = 1024;

  bench.provider = easel_openai_provider_new (config, url, "sk-bench");
  bench.request = easel_generate_request_new ("a benchmark", setting);
  bench.wanted = images;
  bench.concurrency = concurrency;

  tick = g_timeout_add (5, tick_cb, &bench);
  start = g_get_monotonic_time ();
  start_more (&bench);
  while (bench.finished < bench.wanted)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_remove (tick);

  printf ("%-8s %4d images of 1024×1024, %d in flight: %.2f s, %.1f images/s, %d failed, "
          "longest main-loop gap %.1f ms\n", label, images, concurrency, seconds,
          images / seconds, bench.failed, bench.max_gap / 1000.0);
  easel_generate_request_free (bench.request);
  g_object_unref (bench.provider);
}

int
main (int   argc,
      char *argv[])
{
  int images = argc > 1 ? atoi (argv[1]) : 200;
  int concurrency = argc > 2 ? atoi (argv[2]) : 8;
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();

  /* The fake encodes each size once; let that happen before measuring. */
  run ("warm-up", easel_fake_openai_get_url (fake), FALSE, concurrency, concurrency);
  run ("warm-up", easel_fake_openai_get_url (fake), TRUE, concurrency, concurrency);
  run ("json", easel_fake_openai_get_url (fake), FALSE, images, concurrency);
  run ("stream", easel_fake_openai_get_url (fake), TRUE, images, concurrency);
  printf ("fake: %u requests, at most %u at once\n", easel_fake_openai_get_requests (fake),
          easel_fake_openai_get_max_concurrent (fake));
  return 0;
}
