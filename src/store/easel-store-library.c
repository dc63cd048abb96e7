/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-json.h"
#include "easel-store-private.h"

/* Providers, styles, formats and the prompt-example library. */

/* ---- providers ------------------------------------------------------------------------- */

/* Sensitive header values never reach the database: the row keeps the header's name with an
 * empty value, and the engine fills the value in from libsecret.
 */
static char *
headers_to_json (char * const *headers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) safe = NULL;

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!easel_provider_config_parse_header (headers[i], &name, &value))
        continue;
      if (easel_provider_config_header_is_secret (name))
        {
          g_autofree char *redacted = g_strdup_printf ("%s:", name);
          g_strv_builder_add (builder, redacted);
        }
      else
        g_strv_builder_add (builder, headers[i]);
    }
  safe = g_strv_builder_end (builder);
  return _easel_strv_to_json (safe);
}

gboolean
easel_store_save_provider (EaselStore                 *self,
                           const EaselProviderConfig  *config,
                           GError                    **error)
{
  static const char sql[] =
    "INSERT INTO providers (id, name, kind, urls, model, headers, concurrency, enabled, "
    "workflow, workflow_mapping, client_id, options, position) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "        (SELECT coalesce (max (position), 0) + 1 FROM providers)) "
    "ON CONFLICT (id) DO UPDATE SET name = ?2, kind = ?3, urls = ?4, model = ?5, headers = ?6, "
    "concurrency = ?7, enabled = ?8, workflow = ?9, workflow_mapping = ?10, client_id = ?11, "
    "options = ?12";
  g_autofree char *urls = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *options = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (config != NULL && config->id != NULL, FALSE);

  if (!easel_provider_config_validate (config, error))
    return FALSE;

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  urls = _easel_strv_to_json (config->urls);
  headers = headers_to_json (config->headers);
  options = easel_json_object_to_string (config->options != NULL ? config->options
                                                                 : json_object_new ());
  _easel_bind_text (stmt, 1, config->id);
  _easel_bind_text (stmt, 2, config->name);
  _easel_bind_text (stmt, 3, easel_provider_kind_to_string (config->kind));
  _easel_bind_text (stmt, 4, urls);
  _easel_bind_text (stmt, 5, config->model);
  _easel_bind_text (stmt, 6, headers);
  sqlite3_bind_int (stmt, 7, config->concurrency);
  sqlite3_bind_int (stmt, 8, config->enabled ? 1 : 0);
  _easel_bind_text (stmt, 9, config->workflow);
  _easel_bind_text (stmt, 10, config->workflow_mapping);
  _easel_bind_text (stmt, 11, config->client_id);
  _easel_bind_text (stmt, 12, options);

  if (!_easel_store_step_done (self, stmt, _("Cannot save the provider"), &local_error))
    {
      if (g_error_matches (local_error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT,
                     _("A provider named “%s” already exists"), config->name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

#define PROVIDER_COLUMNS \
  "id, name, kind, urls, model, headers, concurrency, enabled, workflow, workflow_mapping, " \
  "client_id, options"

static EaselProviderConfig *
read_provider (sqlite3_stmt *stmt)
{
  EaselProviderConfig *config;
  g_autoptr(JsonNode) options = NULL;

  config = easel_provider_config_new ((const char *) sqlite3_column_text (stmt, 1),
                                      easel_provider_kind_from_string (
                                        (const char *) sqlite3_column_text (stmt, 2)));
  g_free (config->id);
  config->id = _easel_column_dup_text (stmt, 0);
  config->urls = _easel_strv_from_json ((const char *) sqlite3_column_text (stmt, 3));
  config->model = _easel_column_dup_text (stmt, 4);
  config->headers = _easel_strv_from_json ((const char *) sqlite3_column_text (stmt, 5));
  config->concurrency = sqlite3_column_int (stmt, 6);
  config->enabled = sqlite3_column_int (stmt, 7) != 0;
  config->workflow = _easel_column_dup_text (stmt, 8);
  config->workflow_mapping = _easel_column_dup_text (stmt, 9);
  g_free (config->client_id);
  config->client_id = _easel_column_dup_text (stmt, 10);
  options = easel_json_parse ((const char *) sqlite3_column_text (stmt, 11), -1, NULL);
  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    {
      json_object_unref (config->options);
      config->options = json_object_ref (json_node_get_object (options));
    }
  return config;
}

/**
 * easel_store_list_providers:
 *
 * Returns: (element-type EaselProviderConfig) (transfer container): in the user's order.
 */
GPtrArray *
easel_store_list_providers (EaselStore  *self,
                            GError     **error)
{
  static const char sql[] = "SELECT " PROVIDER_COLUMNS " FROM providers ORDER BY position, name";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_provider,
                                 (GDestroyNotify) easel_provider_config_free,
                                 _("Cannot read the providers"), error);
}

EaselProviderConfig *
easel_store_find_provider (EaselStore  *self,
                           const char  *name_or_id,
                           GError     **error)
{
  static const char sql[] =
    "SELECT " PROVIDER_COLUMNS " FROM providers WHERE id = ?1 OR name = ?1 "
    "ORDER BY id = ?1 DESC LIMIT 1";
  static const char sql_nocase[] =
    "SELECT " PROVIDER_COLUMNS " FROM providers WHERE name = ?1 COLLATE NOCASE LIMIT 1";
  EaselProviderConfig *config = NULL;
  STORE_LOCKED (self);

  g_return_val_if_fail (name_or_id != NULL, NULL);

  if (!_easel_store_get_row (self, sql, name_or_id, 0, (EaselRowReader) read_provider,
                             (gpointer *) &config, error))
    return NULL;

  if (config == NULL)
    {
      if (!_easel_store_get_row (self, sql_nocase, name_or_id, 0, (EaselRowReader) read_provider,
                                 (gpointer *) &config, error))
        return NULL;
    }

  if (config == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no provider named “%s”"), name_or_id);
  return config;
}

gboolean
easel_store_remove_provider (EaselStore  *self,
                             const char  *id,
                             GError     **error)
{
  static const char sql[] = "DELETE FROM providers WHERE id = ?";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, id);
  if (!_easel_store_step_done (self, stmt, _("Cannot remove the provider"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no provider with id %s"), id);
      return FALSE;
    }
  return TRUE;
}

/* ---- styles and formats ---------------------------------------------------------------- */

static gint64
save_named (EaselStore    *self,
            sqlite3_stmt  *stmt,
            gint64         id,
            const char    *kind,
            const char    *name,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!_easel_store_step_done (self, stmt, _("Cannot save"), &local_error))
    {
      if (g_error_matches (local_error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT,
                     _("A %s named “%s” already exists, or a value is out of range"),
                     kind, name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return id > 0 ? id : sqlite3_last_insert_rowid (self->db);
}

gint64
easel_store_save_style (EaselStore        *self,
                        const EaselStyle  *style,
                        GError           **error)
{
  static const char insert_sql[] =
    "INSERT INTO styles (name, template, negative) VALUES (?1, ?2, ?3)";
  static const char update_sql[] =
    "UPDATE styles SET name = ?1, template = ?2, negative = ?3 WHERE id = ?4";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  if (style->name == NULL || *style->name == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID, _("A style needs a name"));
      return 0;
    }
  stmt = _easel_store_prepare (self, style->id > 0 ? update_sql : insert_sql, error);
  if (stmt == NULL)
    return 0;
  _easel_bind_text (stmt, 1, style->name);
  _easel_bind_text (stmt, 2, style->template != NULL ? style->template : "{prompt}");
  _easel_bind_text (stmt, 3, style->negative);
  if (style->id > 0)
    sqlite3_bind_int64 (stmt, 4, style->id);
  return save_named (self, stmt, style->id, _("style"), style->name, error);
}

static EaselStyle *
read_style (sqlite3_stmt *stmt)
{
  EaselStyle *style = easel_style_new ((const char *) sqlite3_column_text (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3));
  style->id = sqlite3_column_int64 (stmt, 0);
  return style;
}

GPtrArray *
easel_store_list_styles (EaselStore  *self,
                         GError     **error)
{
  static const char sql[] =
    "SELECT id, name, template, negative FROM styles ORDER BY name COLLATE NOCASE";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_style,
                                 (GDestroyNotify) easel_style_free,
                                 _("Cannot read the styles"), error);
}

EaselStyle *
easel_store_find_style (EaselStore  *self,
                        const char  *name,
                        GError     **error)
{
  static const char sql[] =
    "SELECT id, name, template, negative FROM styles WHERE name = ? COLLATE NOCASE";
  EaselStyle *style = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, name, 0, (EaselRowReader) read_style,
                             (gpointer *) &style, error))
    return NULL;
  if (style == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no style named “%s”"), name);
  return style;
}

static gboolean
delete_by_id (EaselStore  *self,
              const char  *sql,
              gint64       id,
              const char  *what,
              GError     **error)
{
  sqlite3_stmt *stmt = _easel_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_easel_store_step_done (self, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   "%s: %" G_GINT64_FORMAT, _("Not found"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
easel_store_remove_style (EaselStore  *self,
                          gint64       id,
                          GError     **error)
{
  STORE_LOCKED (self);
  return delete_by_id (self, "DELETE FROM styles WHERE id = ?", id,
                       _("Cannot remove the style"), error);
}

gint64
easel_store_save_format (EaselStore         *self,
                         const EaselFormat  *format,
                         GError            **error)
{
  static const char insert_sql[] = "INSERT INTO formats (name, width, height) VALUES (?1, ?2, ?3)";
  static const char update_sql[] =
    "UPDATE formats SET name = ?1, width = ?2, height = ?3 WHERE id = ?4";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  if (format->name == NULL || *format->name == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A format needs a name"));
      return 0;
    }
  stmt = _easel_store_prepare (self, format->id > 0 ? update_sql : insert_sql, error);
  if (stmt == NULL)
    return 0;
  _easel_bind_text (stmt, 1, format->name);
  sqlite3_bind_int (stmt, 2, format->width);
  sqlite3_bind_int (stmt, 3, format->height);
  if (format->id > 0)
    sqlite3_bind_int64 (stmt, 4, format->id);
  return save_named (self, stmt, format->id, _("format"), format->name, error);
}

static EaselFormat *
read_format (sqlite3_stmt *stmt)
{
  EaselFormat *format = easel_format_new ((const char *) sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int (stmt, 2),
                                          sqlite3_column_int (stmt, 3));
  format->id = sqlite3_column_int64 (stmt, 0);
  return format;
}

GPtrArray *
easel_store_list_formats (EaselStore  *self,
                          GError     **error)
{
  static const char sql[] =
    "SELECT id, name, width, height FROM formats ORDER BY name COLLATE NOCASE";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_format,
                                 (GDestroyNotify) easel_format_free,
                                 _("Cannot read the formats"), error);
}

EaselFormat *
easel_store_find_format (EaselStore  *self,
                         const char  *name,
                         GError     **error)
{
  static const char sql[] =
    "SELECT id, name, width, height FROM formats WHERE name = ? COLLATE NOCASE";
  EaselFormat *format = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, name, 0, (EaselRowReader) read_format,
                             (gpointer *) &format, error))
    return NULL;
  if (format == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no format named “%s”"), name);
  return format;
}

gboolean
easel_store_remove_format (EaselStore  *self,
                           gint64       id,
                           GError     **error)
{
  STORE_LOCKED (self);
  return delete_by_id (self, "DELETE FROM formats WHERE id = ?", id,
                       _("Cannot remove the format"), error);
}

/* ---- prompt examples ------------------------------------------------------------------- */

static gboolean
lookup_named_id (EaselStore  *self,
                 const char  *sql,
                 const char  *name,
                 const char  *kind,
                 gint64      *out_id,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  *out_id = 0;
  if (name == NULL || *name == '\0')
    return TRUE;
  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (*out_id == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("There is no %s named “%s”; add it in Preferences first"), kind, name);
      return FALSE;
    }
  return TRUE;
}

static gint64
example_setting_id (EaselStore *self,
                    gint64      example_id)
{
  sqlite3_stmt *stmt = _easel_store_prepare (self,
    "SELECT setting_id FROM prompt_examples WHERE id = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, example_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
save_example_rows (EaselStore               *self,
                   const EaselPromptExample *example,
                   gint64                   *out_id,
                   GError                  **error)
{
  static const char insert_sql[] =
    "INSERT INTO prompt_examples (name, prompt, negative_prompt, style_id, format_id, "
    "setting_id, tags, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  static const char update_sql[] =
    "UPDATE prompt_examples SET name = ?1, prompt = ?2, negative_prompt = ?3, style_id = ?4, "
    "format_id = ?5, setting_id = ?6, tags = ?7, notes = ?8, updated_at = unixepoch () "
    "WHERE id = ?9";
  g_autoptr(EaselSettingRow) row = easel_setting_row_new (example->name);
  g_autofree char *tags = NULL;
  gint64 style_id, format_id, setting_id = 0;
  sqlite3_stmt *stmt;

  if (!easel_prompt_example_validate (example, error))
    return FALSE;
  if (!lookup_named_id (self, "SELECT id FROM styles WHERE name = ? COLLATE NOCASE",
                        example->style, _("style"), &style_id, error) ||
      !lookup_named_id (self, "SELECT id FROM formats WHERE name = ? COLLATE NOCASE",
                        example->format, _("format"), &format_id, error))
    return FALSE;

  /* The example's settings live in image_settings, like every other setting. */
  easel_image_setting_free (row->setting);
  row->setting = easel_image_setting_copy (example->setting);
  row->provider = g_strdup (example->providers != NULL ? example->providers[0] : NULL);
  row->style = g_strdup (example->style);
  row->format = g_strdup (example->format);
  if (example->id > 0)
    setting_id = example_setting_id (self, example->id);
  if (setting_id > 0)
    {
      row->id = setting_id;
      if (!easel_store_update_setting (self, row, error))
        return FALSE;
    }
  else if ((setting_id = easel_store_add_setting (self, row, error)) == 0)
    return FALSE;

  tags = example->tags != NULL ? g_strjoinv (", ", example->tags) : g_strdup ("");
  stmt = _easel_store_prepare (self, example->id > 0 ? update_sql : insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, example->name);
  _easel_bind_text (stmt, 2, example->prompt);
  _easel_bind_text (stmt, 3, example->negative_prompt);
  _easel_bind_int_or_null (stmt, 4, style_id > 0, style_id);
  _easel_bind_int_or_null (stmt, 5, format_id > 0, format_id);
  sqlite3_bind_int64 (stmt, 6, setting_id);
  _easel_bind_text (stmt, 7, tags);
  _easel_bind_text (stmt, 8, example->notes);
  if (example->id > 0)
    sqlite3_bind_int64 (stmt, 9, example->id);

  if (!_easel_store_step_done (self, stmt, _("Cannot save the prompt example"), error))
    return FALSE;
  if (example->id > 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no prompt example %" G_GINT64_FORMAT), example->id);
      return FALSE;
    }
  *out_id = example->id > 0 ? example->id : sqlite3_last_insert_rowid (self->db);

  stmt = _easel_store_prepare (self, "DELETE FROM prompt_example_providers WHERE example_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *out_id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the prompt example"), error))
    return FALSE;
  for (guint i = 0; example->providers != NULL && example->providers[i] != NULL; i++)
    {
      stmt = _easel_store_prepare (self,
        "INSERT OR IGNORE INTO prompt_example_providers (example_id, provider_name, position) "
        "VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *out_id);
      _easel_bind_text (stmt, 2, example->providers[i]);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!_easel_store_step_done (self, stmt, _("Cannot save the prompt example"), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * easel_store_save_example:
 *
 * Inserts (id 0) or updates an example with its settings and providers, in one transaction.
 *
 * Returns: the example's id, or 0 on error.
 */
gint64
easel_store_save_example (EaselStore                *self,
                          const EaselPromptExample  *example,
                          GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id = 0;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  g_return_val_if_fail (example != NULL, 0);

  if (!_easel_store_begin (self, error))
    return 0;
  if (!save_example_rows (self, example, &id, &local_error) ||
      !_easel_store_commit (self, &local_error))
    {
      _easel_store_rollback (self);
      if (g_error_matches (local_error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT,
                     _("A prompt example named “%s” already exists"), example->name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return id;
}

#define EXAMPLE_SELECT \
  "SELECT e.id, e.name, e.prompt, e.negative_prompt, st.name, f.name, e.tags, e.notes, " \
  "e.created_at, e.updated_at, s.width, s.height, s.steps, s.guidance_scale, s.sampler, " \
  "s.scheduler, s.seed, s.model, s.negative_prompt, s.extra_settings, s.legacy_text, " \
  "(SELECT json_group_array (provider_name) FROM (SELECT provider_name FROM " \
  " prompt_example_providers p WHERE p.example_id = e.id ORDER BY position)) " \
  "FROM prompt_examples e LEFT JOIN styles st ON st.id = e.style_id " \
  "LEFT JOIN formats f ON f.id = e.format_id LEFT JOIN image_settings s ON s.id = e.setting_id "

static EaselPromptExample *
read_example (sqlite3_stmt *stmt)
{
  EaselPromptExample *example = easel_prompt_example_new (NULL, NULL);
  const char *tags = (const char *) sqlite3_column_text (stmt, 6);

  example->id = sqlite3_column_int64 (stmt, 0);
  g_free (example->name);
  example->name = _easel_column_dup_text (stmt, 1);
  g_free (example->prompt);
  example->prompt = _easel_column_dup_text (stmt, 2);
  example->negative_prompt = _easel_column_dup_text (stmt, 3);
  example->style = _easel_column_dup_text (stmt, 4);
  example->format = _easel_column_dup_text (stmt, 5);
  example->tags = easel_tags_parse (tags);
  example->notes = _easel_column_dup_text (stmt, 7);
  example->created_at = sqlite3_column_int64 (stmt, 8);
  example->updated_at = sqlite3_column_int64 (stmt, 9);
  easel_image_setting_free (example->setting);
  example->setting = _easel_store_read_setting (stmt, 10);
  example->providers = _easel_strv_from_json ((const char *) sqlite3_column_text (stmt, 21));
  return example;
}

EaselPromptExample *
easel_store_get_example (EaselStore  *self,
                         gint64       id,
                         GError     **error)
{
  static const char sql[] = EXAMPLE_SELECT "WHERE e.id = ?";
  EaselPromptExample *example = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, NULL, id, (EaselRowReader) read_example,
                             (gpointer *) &example, error))
    return NULL;
  if (example == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no prompt example %" G_GINT64_FORMAT), id);
  return example;
}

/* An example is named by its id or its name (case-insensitive). */
EaselPromptExample *
easel_store_find_example (EaselStore  *self,
                          const char  *name_or_id,
                          GError     **error)
{
  static const char sql[] = EXAMPLE_SELECT "WHERE e.name = ? COLLATE NOCASE";
  EaselPromptExample *example = NULL;
  char *end = NULL;
  gint64 id;
  STORE_LOCKED (self);

  g_return_val_if_fail (name_or_id != NULL, NULL);

  if (!_easel_store_get_row (self, sql, name_or_id, 0, (EaselRowReader) read_example,
                             (gpointer *) &example, error))
    return NULL;
  if (example != NULL)
    return example;

  id = g_ascii_strtoll (name_or_id, &end, 10);
  if (end != name_or_id && *end == '\0' && id > 0)
    return easel_store_get_example (self, id, error);

  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
               _("There is no prompt example named “%s”"), name_or_id);
  return NULL;
}

/* User words become an FTS5 query of quoted prefix terms, so punctuation and FTS syntax in what
 * a person types can never make the query fail.
 */
char *
_easel_store_fts_query (const char *search)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  if (search == NULL)
    return NULL;
  words = g_regex_split_simple ("[\\s,;]+", search, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GString) word = g_string_new (NULL);

      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append (word, "\"\"");
          else
            g_string_append_c (word, *p);
        }
      if (word->len == 0)
        continue;
      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append_printf (query, "\"%s\"*", word->str);
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/**
 * easel_store_list_examples:
 * @search: (nullable): words to find in name, prompt, negative prompt and tags
 *
 * Returns: (element-type EaselPromptExample) (transfer container): by name.
 */
GPtrArray *
easel_store_list_examples (EaselStore  *self,
                           const char  *search,
                           GError     **error)
{
  static const char all_sql[] = EXAMPLE_SELECT "ORDER BY e.name COLLATE NOCASE";
  static const char search_sql[] =
    EXAMPLE_SELECT "WHERE e.id IN (SELECT rowid FROM prompt_examples_fts "
    "WHERE prompt_examples_fts MATCH ?) ORDER BY e.name COLLATE NOCASE";
  g_autofree char *query = _easel_store_fts_query (search);
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, query != NULL ? search_sql : all_sql, error);
  if (stmt == NULL)
    return NULL;
  if (query != NULL)
    _easel_bind_text (stmt, 1, query);
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_example,
                                 (GDestroyNotify) easel_prompt_example_free,
                                 _("Cannot search the prompt examples"), error);
}

gboolean
easel_store_delete_example (EaselStore  *self,
                            gint64       id,
                            GError     **error)
{
  gint64 setting_id;
  g_autoptr(GError) local_error = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_begin (self, error))
    return FALSE;
  setting_id = example_setting_id (self, id);
  if (!delete_by_id (self, "DELETE FROM prompt_examples WHERE id = ?", id,
                     _("Cannot delete the prompt example"), &local_error))
    {
      _easel_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Its settings row goes too, unless a post section still links it. */
  if (setting_id > 0)
    {
      sqlite3_stmt *stmt = _easel_store_prepare (self,
        "DELETE FROM image_settings WHERE id = ?1 AND NOT EXISTS "
        "(SELECT 1 FROM sections WHERE setting_id = ?1) AND NOT EXISTS "
        "(SELECT 1 FROM prompt_examples WHERE setting_id = ?1)", error);
      if (stmt == NULL)
        {
          _easel_store_rollback (self);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, setting_id);
      if (!_easel_store_step_done (self, stmt, _("Cannot delete the prompt example"), error))
        {
          _easel_store_rollback (self);
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
