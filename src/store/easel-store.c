/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "easel-json.h"
#include "easel-store-private.h"

G_DEFINE_FINAL_TYPE (EaselStore, easel_store, G_TYPE_OBJECT)

static void
easel_store_finalize (GObject *object)
{
  EaselStore *self = EASEL_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->image_dir);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (easel_store_parent_class)->finalize (object);
}

static void
easel_store_class_init (EaselStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = easel_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
easel_store_init (EaselStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

void
_easel_store_set_error (sqlite3    *db,
                        int         rc,
                        const char *what,
                        GError    **error)
{
  int code = EASEL_STORE_ERROR_SQL;
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = EASEL_STORE_ERROR_CONSTRAINT;
  else if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_NOTADB)
    code = EASEL_STORE_ERROR_OPEN;

  g_set_error (error, EASEL_STORE_ERROR, code, "%s: %s", what, message);
}

/* Statements are prepared once per connection and reused: the hot paths (one row per result,
 * 100,000 rows in a migration) then cost a reset, not a compile.
 */
sqlite3_stmt *
_easel_store_prepare (EaselStore  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _easel_store_set_error (self->db, rc, _("Cannot prepare a database query"), error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_easel_store_exec (EaselStore  *self,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, EASEL_STORE_ERROR,
                   (rc & 0xff) == SQLITE_CONSTRAINT ? EASEL_STORE_ERROR_CONSTRAINT
                                                    : EASEL_STORE_ERROR_SQL,
                   "%s", message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE (the write lock is taken at once, so a
 * busy database is waited for up front instead of failing halfway), inner ones are savepoints.
 */
gboolean
_easel_store_begin (EaselStore  *self,
                    GError     **error)
{
  g_autofree char *sql = NULL;

  if (self->transaction_depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT easel_%u", self->transaction_depth);
  if (!_easel_store_exec (self, sql, error))
    return FALSE;
  self->transaction_depth++;
  return TRUE;
}

gboolean
_easel_store_commit (EaselStore  *self,
                     GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE easel_%u", self->transaction_depth - 1);
  /* On failure the transaction stays open: the caller rolls it back. */
  if (!_easel_store_exec (self, sql, error))
    return FALSE;
  self->transaction_depth--;
  return TRUE;
}

void
_easel_store_rollback (EaselStore *self)
{
  g_autofree char *sql = NULL;

  if (self->transaction_depth == 0)
    return;
  if (self->transaction_depth == 1)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      sql = g_strdup_printf ("ROLLBACK TO easel_%u; RELEASE easel_%u",
                             self->transaction_depth - 1, self->transaction_depth - 1);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  self->transaction_depth--;
}

gboolean
_easel_store_step_done (EaselStore    *self,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _easel_store_set_error (self->db, rc, what, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
_easel_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
_easel_bind_int_or_null (sqlite3_stmt *stmt,
                         int           index,
                         gboolean      set,
                         gint64        value)
{
  if (set)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * _easel_store_read_rows:
 * @stmt: a prepared, bound statement
 * @reader: makes one record of the current row
 *
 * Returns: (transfer container): every row, read by @reader, or %NULL with an error when
 * SQLite fails partway (never a list that silently stops short).
 */
GPtrArray *
_easel_store_read_rows (EaselStore      *self,
                        sqlite3_stmt    *stmt,
                        EaselRowReader   reader,
                        GDestroyNotify   free_func,
                        const char      *what,
                        GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, reader (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _easel_store_set_error (self->db, rc, what, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* The one row @sql finds for its single parameter (@key as text, or @id when @key is NULL),
 * read by @reader into @row; NULL there when there is no such row. FALSE only when SQLite
 * fails, so a missing row and a failing database are told apart.
 */
gboolean
_easel_store_get_row (EaselStore      *self,
                      const char      *sql,
                      const char      *key,
                      gint64           id,
                      EaselRowReader   reader,
                      gpointer        *row,
                      GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;
  STORE_LOCKED (self);

  *row = NULL;
  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (key != NULL)
    _easel_bind_text (stmt, 1, key);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *row = reader (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _easel_store_set_error (self->db, rc, _("Cannot read from the database"), error);
      return FALSE;
    }
  return TRUE;
}

char *
_easel_column_dup_text (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

char *
_easel_strv_to_json (char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

GStrv
_easel_strv_from_json (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) node = json != NULL ? easel_json_parse (json, -1, NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

/* The structured setting columns, in EASEL_SETTING_COLUMNS order, bound from @first. */
gboolean
_easel_store_bind_setting (sqlite3_stmt            *stmt,
                           int                      first,
                           const EaselImageSetting *setting)
{
  g_autofree char *extra = easel_image_setting_dup_extra_json (setting);

  _easel_bind_int_or_null (stmt, first + 0, setting->width > 0, setting->width);
  _easel_bind_int_or_null (stmt, first + 1, setting->height > 0, setting->height);
  _easel_bind_int_or_null (stmt, first + 2, setting->steps > 0, setting->steps);
  if (setting->has_guidance)
    sqlite3_bind_double (stmt, first + 3, setting->guidance_scale);
  else
    sqlite3_bind_null (stmt, first + 3);
  _easel_bind_text (stmt, first + 4, setting->sampler);
  _easel_bind_text (stmt, first + 5, setting->scheduler);
  _easel_bind_int_or_null (stmt, first + 6, setting->has_seed, setting->seed);
  _easel_bind_text (stmt, first + 7, setting->model);
  _easel_bind_text (stmt, first + 8, setting->negative_prompt);
  sqlite3_bind_text (stmt, first + 9, extra, -1, SQLITE_TRANSIENT);
  _easel_bind_text (stmt, first + 10, setting->source_text);
  return TRUE;
}

EaselImageSetting *
_easel_store_read_setting (sqlite3_stmt *stmt,
                           int           first)
{
  EaselImageSetting *setting = easel_image_setting_new ();

  if (sqlite3_column_type (stmt, first + 0) != SQLITE_NULL)
    setting->width = sqlite3_column_int (stmt, first + 0);
  if (sqlite3_column_type (stmt, first + 1) != SQLITE_NULL)
    setting->height = sqlite3_column_int (stmt, first + 1);
  if (sqlite3_column_type (stmt, first + 2) != SQLITE_NULL)
    setting->steps = sqlite3_column_int (stmt, first + 2);
  if (sqlite3_column_type (stmt, first + 3) != SQLITE_NULL)
    {
      setting->has_guidance = TRUE;
      setting->guidance_scale = sqlite3_column_double (stmt, first + 3);
    }
  setting->sampler = _easel_column_dup_text (stmt, first + 4);
  setting->scheduler = _easel_column_dup_text (stmt, first + 5);
  if (sqlite3_column_type (stmt, first + 6) != SQLITE_NULL)
    {
      setting->has_seed = TRUE;
      setting->seed = sqlite3_column_int64 (stmt, first + 6);
    }
  setting->model = _easel_column_dup_text (stmt, first + 7);
  setting->negative_prompt = _easel_column_dup_text (stmt, first + 8);
  if (!easel_image_setting_set_extra_json (setting,
                                           (const char *) sqlite3_column_text (stmt, first + 9),
                                           NULL))
    g_debug ("a stored extra_settings value is not a JSON object; reading it as {}");
  setting->source_text = _easel_column_dup_text (stmt, first + 10);
  return setting;
}

static gboolean
ensure_directory (const char  *path,
                  GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                   _("Cannot create the folder %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * easel_store_open:
 * @data_dir: the folder holding `easel.db` and `images/`
 *
 * Opens or creates the database, migrating an older one (after copying it to
 * `easel.db.bak-vN`). A database newer than this build is refused and left untouched. Blocks:
 * call it from a worker thread in the UI.
 */
EaselStore *
easel_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(EaselStore) self = NULL;
  gboolean existed;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (EASEL_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->db_path = g_build_filename (data_dir, "easel.db", NULL);
  self->image_dir = g_build_filename (data_dir, "images", NULL);

  if (!ensure_directory (self->data_dir, error) || !ensure_directory (self->image_dir, error))
    return NULL;

  existed = g_file_test (self->db_path, G_FILE_TEST_EXISTS);
  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), self->db_path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);

  /* These are not transactional and must be set outside any transaction. */
  if (!_easel_store_exec (self, "PRAGMA busy_timeout = 5000", error) ||
      !_easel_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!_easel_store_migrate (self, existed, error))
    return NULL;

  /* Only now, with the schema current: switching to WAL rewrites the file header, and a
   * refused or failed migration must leave the file exactly as it was.
   */
  if (!_easel_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_easel_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
easel_store_get_data_dir (EaselStore *self)
{
  g_return_val_if_fail (EASEL_IS_STORE (self), NULL);
  return self->data_dir;
}

const char *
easel_store_get_db_path (EaselStore *self)
{
  g_return_val_if_fail (EASEL_IS_STORE (self), NULL);
  return self->db_path;
}

int
easel_store_get_schema_version (EaselStore *self)
{
  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  return self->schema_version;
}

gboolean
easel_store_integrity_check (EaselStore  *self,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *answer = NULL;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = _easel_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);

  if (g_strcmp0 (answer, "ok") != 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_SQL,
                   _("The database is damaged: %s"), answer != NULL ? answer : "?");
      return FALSE;
    }
  return TRUE;
}
