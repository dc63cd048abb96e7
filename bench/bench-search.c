/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Full-text search over N results (default 100,000): the median and 95th percentile time of a
 * history query (one page of 100, newest first), over a mix of common and rare words.
 *
 *   bench-search DIR [N]
 */
#include "config.h"

#include <stdio.h>

#include "bench-util.h"
#include "easel-store-private.h"

static const char * const subjects[] = {
  "fox", "castle", "owl", "lighthouse", "city", "forest", "robot", "garden", "dragon", "cat",
  "mountain", "river", "portrait", "ship", "library", "market", "desert", "glacier", "temple",
};
static const char * const styles[] = {
  "watercolor", "oil painting", "photograph", "pixel art", "ink sketch", "3d render",
  "isometric", "cinematic", "low poly", "studio lighting",
};
static const char * const providers[] = { "Studio GPU", "OpenAI", "A1111 box" };

static void
fill (EaselStore *store,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (7);

  _easel_store_begin (store, &error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselResult) result = easel_result_new ();
      g_autofree char *hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                           (const guchar *) &i, sizeof i);

      result->provider_name = g_strdup (providers[i % G_N_ELEMENTS (providers)]);
      result->provider_kind = g_strdup ("comfyui");
      result->model = g_strdup (i % 2 ? "sdxl_base" : "gpt-image-2");
      result->prompt = g_strdup_printf ("a %s by the %s, %s, number %u",
        subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))],
        subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))],
        styles[g_rand_int_range (rand, 0, G_N_ELEMENTS (styles))], i);
      result->negative_prompt = g_strdup ("blurry, text");
      result->file_hash = g_steal_pointer (&hash);
      result->mime_type = g_strdup ("image/png");
      result->width = 1024;
      result->height = 1024;
      result->favorite = i % 50 == 0;
      if (easel_store_add_result (store, result, NULL, &error) == 0)
        g_error ("%s", error->message);
    }
  _easel_store_commit (store, &error);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const queries[] = {
    "fox", "castle watercolor", "owl", "light", "gpt", "studio", "number 99999", "dragon pixel",
    "glacier", "temple ink", "openai fox", "zzz-no-match", "cat", "3d", "portrait photo",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  EaselResultQuery query = { 0 };
  gint64 start;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-search DIR [N]\n");
      return 2;
    }
  store = easel_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (easel_store_count_results (store, &query, NULL) < n)
    {
      start = g_get_monotonic_time ();
      fill (store, n);
      printf ("inserted %u results in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
    }

  query.limit = 100;
  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr(GPtrArray) results = NULL;
        double ms;

        query.search = queries[i];
        query.favorites_only = round % 5 == 4;
        start = g_get_monotonic_time ();
        results = easel_store_search_results (store, &query, &error);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if (results == NULL)
          g_error ("%s", error->message);
        if (round > 0)
          g_array_append_val (times, ms);
      }

  g_array_sort (times, bench_compare_doubles);
  printf ("search: %u queries over %u results (page of 100): median %.2f ms, p95 %.2f ms, "
          "max %.2f ms\n", times->len, n,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len * 95 / 100),
          g_array_index (times, double, times->len - 1));
  return 0;
}
