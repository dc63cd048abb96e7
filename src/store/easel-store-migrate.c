/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "easel-migrations-resources.h"
#include "easel-settings-parser.h"
#include "easel-store-private.h"

/* Migrations are migrations/NNNN_name.sql, compiled into a GResource and applied in order, all
 * in ONE transaction: a failure anywhere leaves the database exactly as it was. A migration that
 * needs code has a C step, run inside the same transaction after its SQL.
 * PRAGMA user_version is the number of the last migration applied.
 */

typedef gboolean (*MigrationStep) (EaselStore  *self,
                                   int          version,
                                   GError     **error);

typedef struct
{
  int            version;
  const char    *file;
  MigrationStep  step;
} Migration;

static gboolean parse_legacy_settings_step (EaselStore  *self,
                                            int          version,
                                            GError     **error);

static const Migration migrations[] = {
  { 1, "0001_legacy.sql", NULL },
  { 2, "0002_structured_settings.sql", parse_legacy_settings_step },
  { 3, "0003_library.sql", NULL },
  { 4, "0004_history.sql", NULL },
  { 5, "0005_posts.sql", NULL },
  { 6, "0006_section_jobs.sql", NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EASEL_STORE_SCHEMA_VERSION);

/* For the tests: make migration @version fail after @after_rows rows of its C step (or before
 * its SQL when it has no step), to prove that a failure in the middle changes nothing.
 */
static int fault_version;
static int fault_after_rows = -1;

void
_easel_store_set_migration_fault (int version,
                                  int after_rows)
{
  fault_version = version;
  fault_after_rows = after_rows;
}

static gboolean
check_fault (int      version,
             int      rows,
             GError **error)
{
  if (version == fault_version && rows >= fault_after_rows && fault_after_rows >= 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION,
                   "injected failure in migration %d after %d rows", version, rows);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GPtrArray *texts;
  GPtrArray *settings;
  guint      start;
  guint      end;
} ParseSlice;

static gpointer
parse_slice (gpointer data)
{
  ParseSlice *slice = data;

  for (guint i = slice->start; i < slice->end; i++)
    slice->settings->pdata[i] = easel_settings_parse (g_ptr_array_index (slice->texts, i), -1);
  return NULL;
}

/* The parser is pure and the rows independent: parse a batch on every core while SQLite waits,
 * then write it from this thread (the connection is not shared).
 */
static GPtrArray *
parse_batch (GPtrArray *texts)
{
  GPtrArray *settings = g_ptr_array_new_full (texts->len,
                                              (GDestroyNotify) easel_image_setting_free);
  guint threads = CLAMP (g_get_num_processors (), 1, 8);
  g_autoptr(GPtrArray) workers = g_ptr_array_new ();
  ParseSlice slices[8];
  guint per;

  g_ptr_array_set_size (settings, texts->len);
  if (texts->len < 64)
    threads = 1;
  per = (texts->len + threads - 1) / threads;
  for (guint t = 0; t < threads; t++)
    {
      slices[t] = (ParseSlice) { texts, settings, MIN (t * per, texts->len),
                                 MIN ((t + 1) * per, texts->len) };
      if (t > 0)
        g_ptr_array_add (workers, g_thread_new ("easel-migrate", parse_slice, &slices[t]));
    }
  parse_slice (&slices[0]);
  for (guint i = 0; i < workers->len; i++)
    g_thread_join (g_ptr_array_index (workers, i));
  return settings;
}

/* The structured columns of a legacy row come from the freeform parser; the text itself is kept
 * verbatim in legacy_text, and whatever the parser recognised but has no column for lands in
 * extra_settings.
 */
static gboolean
parse_legacy_settings_step (EaselStore  *self,
                            int          version,
                            GError     **error)
{
  static const char select_sql[] =
    "SELECT id, settings FROM image_settings WHERE id > ? ORDER BY id LIMIT 2000";
  static const char update_sql[] =
    "UPDATE image_settings SET width = ?1, height = ?2, steps = ?3, guidance_scale = ?4, "
    "sampler = ?5, scheduler = ?6, seed = ?7, model = ?8, negative_prompt = ?9, "
    "extra_settings = ?10, legacy_text = ?11 WHERE id = ?12";
  sqlite3_stmt *select;
  sqlite3_stmt *update;
  gint64 last_id = G_MININT64;
  int rows = 0;

  select = _easel_store_prepare (self, select_sql, error);
  update = _easel_store_prepare (self, update_sql, error);
  if (select == NULL || update == NULL)
    return FALSE;

  for (;;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) parsed = NULL;
      int rc;

      sqlite3_reset (select);
      sqlite3_bind_int64 (select, 1, last_id);
      while ((rc = sqlite3_step (select)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (select, 0);
          const char *text = (const char *) sqlite3_column_text (select, 1);
          int length = sqlite3_column_bytes (select, 1);

          g_array_append_val (ids, id);
          g_ptr_array_add (batch, g_strndup (text != NULL ? text : "", length));
        }
      sqlite3_reset (select);
      if (rc != SQLITE_DONE)
        {
          _easel_store_set_error (self->db, rc, _("Cannot read the legacy settings"), error);
          return FALSE;
        }
      if (ids->len == 0)
        break;

      parsed = parse_batch (batch);
      for (guint i = 0; i < ids->len; i++)
        {
          const char *text = g_ptr_array_index (batch, i);
          EaselImageSetting *setting = g_ptr_array_index (parsed, i);

          if (!check_fault (version, rows, error))
            return FALSE;

          /* legacy_text is the old column verbatim, whatever the parser made of it. */
          g_free (setting->source_text);
          setting->source_text = g_strdup (text);

          sqlite3_reset (update);
          _easel_store_bind_setting (update, 1, setting);
          sqlite3_bind_int64 (update, 12, g_array_index (ids, gint64, i));
          if (!_easel_store_step_done (self, update, _("Cannot write the structured settings"),
                                       error))
            return FALSE;
          rows++;
        }
      last_id = g_array_index (ids, gint64, ids->len - 1);
    }

  g_debug ("migration %d parsed %d legacy settings", version, rows);
  return TRUE;
}

static int
read_user_version (EaselStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
has_legacy_table (EaselStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT 1 FROM sqlite_master WHERE type = 'table' "
                          "AND name = 'image_settings'", -1, &stmt, NULL) == SQLITE_OK)
    found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* A consistent copy through SQLite's online backup, written beside the database under a
 * temporary name and renamed, so a half-written backup never looks like a good one.
 */
static char *
backup_database (EaselStore  *self,
                 int          version,
                 GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.bak-v%d", self->db_path, version);
  g_autofree char *tmp = g_strdup_printf ("%s.tmp", path);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (tmp);
  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      _easel_store_set_error (dest, rc, _("Cannot create the database backup"), error);
      sqlite3_close_v2 (dest);
      return NULL;
    }

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      _easel_store_set_error (dest, sqlite3_errcode (dest), _("Cannot back up the database"),
                              error);
      sqlite3_close_v2 (dest);
      g_unlink (tmp);
      return NULL;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      _easel_store_set_error (dest, rc, _("Cannot back up the database"), error);
      sqlite3_close_v2 (dest);
      g_unlink (tmp);
      return NULL;
    }
  sqlite3_close_v2 (dest);

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                   _("Cannot save the database backup %s: %s"), path, g_strerror (saved));
      g_unlink (tmp);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gboolean
apply_migration (EaselStore       *self,
                 const Migration  *migration,
                 GError          **error)
{
  g_autofree char *path = g_strconcat ("/io/github/easelapp/Easel/migrations/",
                                       migration->file, NULL);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) local_error = NULL;

  sql = g_resource_lookup_data (easel_migrations_get_resource (), path,
                                G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (sql == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION,
                   _("Migration %s is missing from this build: %s"), migration->file,
                   local_error->message);
      return FALSE;
    }

  if (migration->step == NULL && !check_fault (migration->version, G_MAXINT, error))
    return FALSE;

  /* GResource data is NUL-terminated. */
  if (!_easel_store_exec (self, g_bytes_get_data (sql, NULL), &local_error))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION,
                   _("Migration %s failed: %s"), migration->file, local_error->message);
      return FALSE;
    }

  if (migration->step != NULL && !migration->step (self, migration->version, error))
    return FALSE;

  return TRUE;
}

gboolean
_easel_store_migrate (EaselStore  *self,
                      gboolean     existed,
                      GError     **error)
{
  g_autofree char *backup = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *set_version = NULL;
  int version;

  version = read_user_version (self);

  /* A database from the earlier system has the legacy table but never set user_version. */
  if (version == 0 && has_legacy_table (self))
    version = 1;

  if (version > EASEL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NEWER_SCHEMA,
                   _("The database %s was written by a newer version of Easel (schema %d; this "
                     "version knows up to %d). It was not changed. Update Easel, or start it "
                     "with --data-dir pointing at another folder."),
                   self->db_path, version, EASEL_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == EASEL_STORE_SCHEMA_VERSION)
    {
      self->schema_version = version;
      return TRUE;
    }

  if (existed && version > 0)
    {
      backup = backup_database (self, version, error);
      if (backup == NULL)
        return FALSE;
    }

  /* A migration touches every row: give it a page cache big enough that SQLite does not spill
   * pages to the journal early (64 MiB), then go back to the default.
   */
  _easel_store_exec (self, "PRAGMA cache_size = -65536", NULL);
  if (!_easel_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= version)
        continue;
      if (!apply_migration (self, &migrations[i], &local_error))
        break;
    }

  if (local_error == NULL)
    {
      set_version = g_strdup_printf ("PRAGMA user_version = %d", EASEL_STORE_SCHEMA_VERSION);
      if (_easel_store_exec (self, set_version, &local_error))
        _easel_store_commit (self, &local_error);
    }

  if (local_error != NULL)
    {
      _easel_store_rollback (self);
      if (backup != NULL)
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION,
                     _("Could not upgrade the database from version %d to %d: %s. Nothing was "
                       "changed; a copy of it is in %s."),
                     version, EASEL_STORE_SCHEMA_VERSION, local_error->message, backup);
      else
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_MIGRATION,
                     _("Could not set up the database: %s"), local_error->message);
      return FALSE;
    }

  _easel_store_exec (self, "PRAGMA cache_size = -2000", NULL);

  /* The statement cache holds statements compiled against the old schema. */
  g_hash_table_remove_all (self->statements);
  self->schema_version = EASEL_STORE_SCHEMA_VERSION;
  return TRUE;
}
