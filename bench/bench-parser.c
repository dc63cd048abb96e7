/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The freeform settings parser alone, on one core: parses the legacy-row shapes of
 * bench-migrate (bench-shapes.h) N times (default 200,000) and prints parses per second. The
 * texts are made before the clock starts, so only easel_settings_parse () and freeing its
 * result are timed. Under `valgrind --tool=callgrind`, divide the instructions by N.
 *
 *   bench-parser [N]
 */
#include "config.h"

#include <stdio.h>

#include "bench-shapes.h"
#include "easel-settings-parser.h"

/* Enough distinct texts that the seeds vary, few enough to stay in the cache. */
#define N_TEXTS 1024

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gint64 start, elapsed;

  for (guint i = 0; i < N_TEXTS; i++)
    g_ptr_array_add (texts, bench_shape_text (i));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    easel_image_setting_free (easel_settings_parse (g_ptr_array_index (texts, i % N_TEXTS), -1));
  elapsed = MAX (g_get_monotonic_time () - start, 1);

  printf ("parser: %u parses in %.3f s = %.0f parses/s (%.2f µs each)\n",
          n, elapsed / 1e6, n / (elapsed / 1e6), (double) elapsed / n);
  return 0;
}
