/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Migrates a legacy database of N rows (default 100,000) built from the shapes of the public
 * fixtures, and prints rows per second and the peak RSS of the migrating process.
 *
 *   bench-migrate generate DIR [N]   build DIR/easel.db in the legacy schema
 *   bench-migrate run DIR            open it with Easel (backup + migration) and measure
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "easel-store.h"

static const char * const shapes[] = {
  "512x768, 30 steps, cfg 7.5",
  "width=1024 height=1024 steps=25 guidance=5",
  "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: %u, Size: 640x384",
  "{\"width\": 768, \"height\": 512, \"steps\": 40, \"cfg_scale\": 6.5, \"sampler\": \"dpmpp_2m\"}",
  "1344 x 768 | 28 steps | CFG 4.5 | dpmpp_2m karras",
  "steps 30; cfg 7; seed %u",
  "",
  "moody, cinematic lighting",
  "768×512, 50 steps",
  "W: 832, H: 1216, Steps: 35, Guidance: 3.5",
  "cfg=abc, steps=-5, 640x480",
  "size: 1024x1024; sampler: Euler; scheduler: normal; model: sdxl_base_1.0.safetensors",
  "Negative prompt: blurry, lowres\nSteps: 25, CFG scale: 6, Size: 512x512, Seed: -1",
  "guidance_scale: 8.0 / num_inference_steps: 45 / height: 896 / width: 1152",
  "30 steps at 7 cfg, 1024x576",
  "a castle on a hill, golden hour, volumetric light\nNegative prompt: text, watermark\n"
  "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.5, Seed: %u, "
  "Size: 1024x1024, Model hash: c0d1994c73, Model: sdxl_base, Version: v1.9.4",
};

static int
generate (const char *dir,
          guint       n)
{
  g_autofree char *path = g_build_filename (dir, "easel.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_remove (path);
  sqlite3_open (path, &db);
  sqlite3_exec (db, "CREATE TABLE image_settings (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "provider TEXT, style TEXT, format TEXT, settings TEXT NOT NULL DEFAULT '');"
                    "PRAGMA user_version = 1; BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO image_settings (name, provider, settings) VALUES (?, ?, ?)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("setting %u", i);
      g_autofree char *seed = g_strdup_printf ("%u", i * 7919u);
      g_autoptr(GString) text = g_string_new (shapes[i % G_N_ELEMENTS (shapes)]);

      /* Vary the seeds so rows differ. */
      g_string_replace (text, "%u", seed, 0);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, i % 3 == 0 ? "comfyui" : "openai", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text->str, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  printf ("generated %u legacy rows in %s\n", n, path);
  return 0;
}

static int
run (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 start, elapsed;
  guint n;

  start = g_get_monotonic_time ();
  store = easel_store_open (dir, &error);
  elapsed = g_get_monotonic_time () - start;
  if (store == NULL)
    {
      fprintf (stderr, "migration failed: %s\n", error->message);
      return 1;
    }
  rows = easel_store_list_settings (store, NULL);
  n = rows->len;
  printf ("migrate: %u rows in %.3f s (backup + all migrations) = %.0f rows/s; "
          "peak RSS %" G_GINT64_FORMAT " KiB\n",
          n, elapsed / 1e6, n / (elapsed / 1e6), bench_peak_rss_kib ());
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && strcmp (argv[1], "generate") == 0)
    return generate (argv[2], argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100000);
  if (argc == 3 && strcmp (argv[1], "run") == 0)
    return run (argv[2]);
  fprintf (stderr, "usage: bench-migrate generate DIR [N] | run DIR\n");
  return 2;
}
