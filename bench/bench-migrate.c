/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Migrates a legacy database of N rows (default 100,000) built from the shapes of the public
 * fixtures (bench-shapes.h), and prints rows per second and the peak RSS of the migrating
 * process.
 *
 *   bench-migrate generate DIR [N]   build DIR/easel.db in the legacy schema
 *   bench-migrate run DIR            open it with Easel (backup + migration) and measure
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bench-shapes.h"
#include "bench-util.h"
#include "easel-store.h"

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
      /* The seeds vary, so rows differ. */
      g_autofree char *text = bench_shape_text (i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, i % 3 == 0 ? "comfyui" : "openai", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
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
