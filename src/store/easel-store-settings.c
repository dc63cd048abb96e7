/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-store-private.h"

EaselSettingRow *
easel_setting_row_new (const char *name)
{
  EaselSettingRow *row = g_new0 (EaselSettingRow, 1);

  row->name = g_strdup (name);
  row->setting = easel_image_setting_new ();
  return row;
}

void
easel_setting_row_free (EaselSettingRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->provider);
  g_free (row->style);
  g_free (row->format);
  g_clear_pointer (&row->setting, easel_image_setting_free);
  g_free (row);
}

static const char insert_sql[] =
  "INSERT INTO image_settings (name, provider, style, format, settings, " EASEL_SETTING_COLUMNS
  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

static gint64
insert_row (EaselStore             *self,
            const EaselSettingRow  *row,
            GError                **error)
{
  sqlite3_stmt *stmt = _easel_store_prepare (self, insert_sql, error);

  if (stmt == NULL)
    return 0;
  if (row->name == NULL || *row->name == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A setting needs a name"));
      return 0;
    }

  _easel_bind_text (stmt, 1, row->name);
  _easel_bind_text (stmt, 2, row->provider);
  _easel_bind_text (stmt, 3, row->style);
  _easel_bind_text (stmt, 4, row->format);
  /* The legacy `settings` column keeps the freeform text for tools that still read it. */
  _easel_bind_text (stmt, 5, row->setting->source_text != NULL ? row->setting->source_text : "");
  _easel_store_bind_setting (stmt, 6, row->setting);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the setting"), error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gint64
easel_store_add_setting (EaselStore             *self,
                         const EaselSettingRow  *row,
                         GError                **error)
{
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  g_return_val_if_fail (row != NULL, 0);

  return insert_row (self, row, error);
}

gboolean
easel_store_update_setting (EaselStore             *self,
                            const EaselSettingRow  *row,
                            GError                **error)
{
  static const char sql[] =
    "UPDATE image_settings SET name = ?1, provider = ?2, style = ?3, format = ?4, "
    "width = ?5, height = ?6, steps = ?7, guidance_scale = ?8, sampler = ?9, scheduler = ?10, "
    "seed = ?11, model = ?12, negative_prompt = ?13, extra_settings = ?14, legacy_text = ?15 "
    "WHERE id = ?16";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), FALSE);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, row->name);
  _easel_bind_text (stmt, 2, row->provider);
  _easel_bind_text (stmt, 3, row->style);
  _easel_bind_text (stmt, 4, row->format);
  _easel_store_bind_setting (stmt, 5, row->setting);
  sqlite3_bind_int64 (stmt, 16, row->id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the setting"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no setting %" G_GINT64_FORMAT), row->id);
      return FALSE;
    }
  return TRUE;
}

static EaselSettingRow *
read_row (sqlite3_stmt *stmt)
{
  EaselSettingRow *row = easel_setting_row_new (NULL);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->name = _easel_column_dup_text (stmt, 1);
  row->provider = _easel_column_dup_text (stmt, 2);
  row->style = _easel_column_dup_text (stmt, 3);
  row->format = _easel_column_dup_text (stmt, 4);
  easel_image_setting_free (row->setting);
  row->setting = _easel_store_read_setting (stmt, 5);
  return row;
}

EaselSettingRow *
easel_store_get_setting (EaselStore  *self,
                         gint64       id,
                         GError     **error)
{
  static const char sql[] =
    "SELECT id, name, provider, style, format, " EASEL_SETTING_COLUMNS
    " FROM image_settings WHERE id = ?";
  EaselSettingRow *row = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, NULL, id, (EaselRowReader) read_row,
                             (gpointer *) &row, error))
    return NULL;
  if (row == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no setting %" G_GINT64_FORMAT), id);
  return row;
}

/**
 * easel_store_list_settings:
 *
 * Returns: (element-type EaselSettingRow) (transfer container): every row, by id.
 */
GPtrArray *
easel_store_list_settings (EaselStore  *self,
                           GError     **error)
{
  static const char sql[] =
    "SELECT id, name, provider, style, format, " EASEL_SETTING_COLUMNS
    " FROM image_settings ORDER BY id";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_row,
                                 (GDestroyNotify) easel_setting_row_free,
                                 _("Cannot read the settings"), error);
}

/**
 * easel_store_import_settings:
 * @rows: (element-type EaselSettingRow): rows to add; their ids are set on success
 *
 * Adds every row in one transaction: all or nothing.
 */
gboolean
easel_store_import_settings (EaselStore  *self,
                             GPtrArray   *rows,
                             GError     **error)
{
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), FALSE);

  if (!_easel_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      EaselSettingRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;

      row->id = insert_row (self, row, &local_error);
      if (row->id == 0)
        {
          _easel_store_rollback (self);
          g_set_error (error, EASEL_STORE_ERROR, local_error->code,
                       _("Row %u (“%s”): %s. Nothing was imported."), i + 1,
                       row->name != NULL ? row->name : "", local_error->message);
          return FALSE;
        }
    }
  if (!_easel_store_commit (self, error))
    {
      _easel_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
