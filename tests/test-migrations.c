/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "easel-settings-parser.h"
#include "easel-store-private.h"
#include "easel-test-util.h"

/* Legacy rows as users bring them: fixture texts plus the mess real data has. */
typedef struct
{
  gint64      id;
  const char *name;
  const char *provider;
  const char *settings;
} LegacyRow;

static const LegacyRow messy_rows[] = {
  { 3, "hero", "comfyui", "512x768, 30 steps, cfg 7.5" },
  { 7, "Ünïcödé 名前", NULL, "768×512, 50 steps" },
  { 8, "empty", "openai", "" },
  { 9, "prose", NULL, "moody, cinematic lighting" },
  { 10, "bad numbers", "a1111", "cfg=abc, steps=-5, 640x480" },
  { 11, "infotext", "a1111",
    "a fox\nNegative prompt: blurry, lowres\nSteps: 25, Sampler: Euler a, CFG scale: 6, "
    "Seed: 42, Size: 512x512, Model: sdxl" },
  { 12, "json", NULL, "{\"width\": 768, \"height\": 512, \"steps\": 40, \"cfg_scale\": 6.5}" },
  { 13, "duplicate", NULL, "steps 30; cfg 7; seed 123456789012" },
  { 14, "duplicate", NULL, "steps 30; cfg 7; seed 123456789012" },
  { 20, "quotes \" and ' ", NULL, "Steps: 20, Sampler: \"unbalanced, CFG scale: 7, Seed: 1" },
  { 21, "crlf", NULL, "1344 x 768 | 28 steps | CFG 4.5\r\ndpmpp_2m karras" },
  { 99, "huge seed", NULL, "seed 99999999999999999999999" },
};

static char *
read_migration (const char *file)
{
  g_autofree char *path = g_build_filename (g_getenv ("EASEL_MIGRATIONS_DIR"), file, NULL);
  g_autoptr(GError) error = NULL;
  char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  return sql;
}

/* Builds a legacy database exactly as the earlier system left it. */
static char *
make_legacy_db (const char *dir,
                int         user_version,
                gboolean    with_fixtures)
{
  g_autofree char *sql = read_migration ("0001_legacy.sql");
  char *path = g_build_filename (dir, "easel.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", user_version);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO image_settings (id, name, provider, "
                                       "settings) VALUES (?, ?, ?, ?)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (messy_rows); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, messy_rows[i].id);
      sqlite3_bind_text (stmt, 2, messy_rows[i].name, -1, SQLITE_STATIC);
      if (messy_rows[i].provider != NULL)
        sqlite3_bind_text (stmt, 3, messy_rows[i].provider, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_text (stmt, 4, messy_rows[i].settings, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }

  if (with_fixtures)
    {
      g_autofree char *fixture = easel_test_data_path ("legacy-settings-public.jsonl");
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 id = 1000;

      g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *name = NULL;

          if (*lines[i] == '\0')
            continue;
          node = json_from_string (lines[i], NULL);
          name = g_strdup_printf ("fixture %u", i);
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, id++);
          sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_null (stmt, 3);
          sqlite3_bind_text (stmt, 4,
                             json_object_get_string_member (json_node_get_object (node),
                                                            "settings"), -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return path;
}

static void
test_legacy_rows_migrated (gconstpointer data)
{
  int user_version = GPOINTER_TO_INT (data);
  g_autofree char *dir = easel_test_temp_dir_new ("migrate");
  g_autofree char *db_path = make_legacy_db (dir, user_version, TRUE);
  g_autofree char *backup = g_strdup_printf ("%s.bak-v1", db_path);
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  store = easel_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (easel_store_get_schema_version (store), ==, EASEL_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  rows = easel_store_list_settings (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, G_N_ELEMENTS (messy_rows));

  for (guint i = 0; i < G_N_ELEMENTS (messy_rows); i++)
    {
      EaselSettingRow *row = g_ptr_array_index (rows, i);
      g_autoptr(EaselImageSetting) expected = easel_settings_parse (messy_rows[i].settings, -1);

      /* Ids and names kept, the text verbatim, the columns what the parser makes of it. */
      g_assert_cmpint (row->id, ==, messy_rows[i].id);
      g_assert_cmpstr (row->name, ==, messy_rows[i].name);
      g_assert_cmpstr (row->provider, ==, messy_rows[i].provider);
      g_assert_cmpstr (row->setting->source_text, ==, messy_rows[i].settings);
      g_assert_cmpint (row->setting->width, ==, expected->width);
      g_assert_cmpint (row->setting->height, ==, expected->height);
      g_assert_cmpint (row->setting->steps, ==, expected->steps);
      g_assert_cmpint (row->setting->has_seed, ==, expected->has_seed);
      g_assert_cmpint (row->setting->seed, ==, expected->has_seed ? expected->seed : 0);
      g_assert_cmpint (row->setting->has_guidance, ==, expected->has_guidance);
      g_assert_cmpstr (row->setting->sampler, ==, expected->sampler);
      g_assert_cmpstr (row->setting->negative_prompt, ==, expected->negative_prompt);
    }

  /* A few exact spot checks that do not depend on the parser agreeing with itself. */
  {
    EaselSettingRow *hero = g_ptr_array_index (rows, 0);
    EaselSettingRow *bad = g_ptr_array_index (rows, 4);

    g_assert_cmpint (hero->setting->width, ==, 512);
    g_assert_cmpint (hero->setting->height, ==, 768);
    g_assert_cmpint (hero->setting->steps, ==, 30);
    g_assert_cmpfloat (hero->setting->guidance_scale, ==, 7.5);
    g_assert_cmpint (bad->setting->steps, ==, 0);
    g_assert_false (bad->setting->has_guidance);
    g_assert_cmpint (bad->setting->width, ==, 640);
  }

  easel_test_rm_rf (dir);
}

static char *
dump_settings (EaselStore *store)
{
  g_autoptr(GPtrArray) rows = easel_store_list_settings (store, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      EaselSettingRow *row = g_ptr_array_index (rows, i);
      g_autofree char *json = easel_image_setting_to_json_string (row->setting, TRUE);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%s\n", row->id, row->name, json,
                              row->setting->source_text);
    }
  return g_string_free (out, FALSE);
}

static void
test_second_open_changes_nothing (void)
{
  g_autofree char *dir = easel_test_temp_dir_new ("reopen");
  g_autofree char *db_path = make_legacy_db (dir, 1, FALSE);
  g_autofree char *first_dump = NULL;
  g_autofree char *second_dump = NULL;
  g_autofree char *bak5 = g_strdup_printf ("%s.bak-v5", db_path);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(EaselStore) store = easel_store_open (dir, &error);
    g_assert_no_error (error);
    first_dump = dump_settings (store);
  }
  {
    g_autoptr(EaselStore) store = easel_store_open (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpint (easel_store_get_schema_version (store), ==, EASEL_STORE_SCHEMA_VERSION);
    second_dump = dump_settings (store);
  }

  g_assert_cmpstr (first_dump, ==, second_dump);
  g_assert_false (g_file_test (bak5, G_FILE_TEST_EXISTS));
  easel_test_rm_rf (dir);
}

static void
test_failure_leaves_database_untouched (gconstpointer data)
{
  int fault_version = GPOINTER_TO_INT (data);
  g_autofree char *dir = easel_test_temp_dir_new ("fault");
  g_autofree char *db_path = make_legacy_db (dir, 1, TRUE);
  g_autofree char *before = easel_test_file_sha256 (db_path);
  g_autofree char *after = NULL;
  g_autofree char *backup = g_strdup_printf ("%s.bak-v1", db_path);
  g_autofree char *journal = g_strdup_printf ("%s-journal", db_path);
  g_autoptr(GError) error = NULL;
  EaselStore *store;

  _easel_store_set_migration_fault (fault_version, 5);
  store = easel_store_open (dir, &error);
  _easel_store_set_migration_fault (0, -1);

  g_assert_null (store);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_assert_nonnull (strstr (error->message, "injected failure"));

  after = easel_test_file_sha256 (db_path);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* And the next attempt, without the fault, migrates normally. */
  g_clear_error (&error);
  store = easel_store_open (dir, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  easel_test_rm_rf (dir);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *dir = easel_test_temp_dir_new ("newer");
  g_autofree char *db_path = make_legacy_db (dir, EASEL_STORE_SCHEMA_VERSION + 7, FALSE);
  g_autofree char *before = easel_test_file_sha256 (db_path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  EaselStore *store;
  guint files = 0;

  store = easel_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Easel"));

  after = easel_test_file_sha256 (db_path);
  g_assert_cmpstr (before, ==, after);

  /* No backup, no journal: only the database and the images folder. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 2);
  easel_test_rm_rf (dir);
}

static void
test_fresh_database (void)
{
  g_autofree char *dir = easel_test_temp_dir_new ("fresh");
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = g_build_filename (dir, "easel.db", NULL);
  g_autofree char *backup = g_strdup_printf ("%s.bak-v0", db_path);

  store = easel_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (easel_store_get_schema_version (store), ==, EASEL_STORE_SCHEMA_VERSION);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_true (easel_store_integrity_check (store, &error));
  easel_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/easel/migrations/legacy/user-version-1", GINT_TO_POINTER (1),
                        test_legacy_rows_migrated);
  g_test_add_data_func ("/easel/migrations/legacy/user-version-0", GINT_TO_POINTER (0),
                        test_legacy_rows_migrated);
  g_test_add_func ("/easel/migrations/second-open", test_second_open_changes_nothing);
  g_test_add_data_func ("/easel/migrations/fault/in-c-step", GINT_TO_POINTER (2),
                        test_failure_leaves_database_untouched);
  g_test_add_data_func ("/easel/migrations/fault/later-migration", GINT_TO_POINTER (4),
                        test_failure_leaves_database_untouched);
  g_test_add_func ("/easel/migrations/newer-refused", test_newer_schema_refused);
  g_test_add_func ("/easel/migrations/fresh", test_fresh_database);

  return g_test_run ();
}
