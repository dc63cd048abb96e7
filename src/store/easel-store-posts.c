/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-store-private.h"

/* Blog posts and their sections. */

gint64
easel_store_save_post (EaselStore       *self,
                       const EaselPost  *post,
                       GError          **error)
{
  static const char insert_sql[] =
    "INSERT INTO posts (slug, title, source_markdown, source_path, prompt_template, "
    "heading_level) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static const char update_sql[] =
    "UPDATE posts SET slug = ?1, title = ?2, source_markdown = ?3, source_path = ?4, "
    "prompt_template = ?5, heading_level = ?6, updated_at = unixepoch () WHERE id = ?7";
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  g_return_val_if_fail (post != NULL, 0);

  if (post->slug == NULL || *post->slug == '\0' || post->title == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A post needs a title and a slug"));
      return 0;
    }

  stmt = _easel_store_prepare (self, post->id > 0 ? update_sql : insert_sql, error);
  if (stmt == NULL)
    return 0;
  _easel_bind_text (stmt, 1, post->slug);
  _easel_bind_text (stmt, 2, post->title);
  _easel_bind_text (stmt, 3, post->source_markdown != NULL ? post->source_markdown : "");
  _easel_bind_text (stmt, 4, post->source_path);
  _easel_bind_text (stmt, 5, post->prompt_template);
  sqlite3_bind_int (stmt, 6, post->heading_level > 0 ? post->heading_level : 2);
  if (post->id > 0)
    sqlite3_bind_int64 (stmt, 7, post->id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the post"), &local_error))
    {
      if (g_error_matches (local_error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT))
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT,
                     _("A post with the slug “%s” already exists"), post->slug);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (post->id > 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no post %" G_GINT64_FORMAT), post->id);
      return 0;
    }
  return post->id > 0 ? post->id : sqlite3_last_insert_rowid (self->db);
}

#define POST_SELECT \
  "SELECT id, slug, title, source_markdown, source_path, prompt_template, heading_level, " \
  "created_at, updated_at FROM posts "

static EaselPost *
read_post (sqlite3_stmt *stmt)
{
  EaselPost *post = easel_post_new ((const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2));

  post->id = sqlite3_column_int64 (stmt, 0);
  g_free (post->source_markdown);
  post->source_markdown = _easel_column_dup_text (stmt, 3);
  post->source_path = _easel_column_dup_text (stmt, 4);
  post->prompt_template = _easel_column_dup_text (stmt, 5);
  post->heading_level = sqlite3_column_int (stmt, 6);
  post->created_at = sqlite3_column_int64 (stmt, 7);
  post->updated_at = sqlite3_column_int64 (stmt, 8);
  return post;
}

EaselPost *
easel_store_get_post (EaselStore  *self,
                      gint64       id,
                      GError     **error)
{
  static const char sql[] = POST_SELECT "WHERE id = ?";
  EaselPost *post = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, NULL, id, (EaselRowReader) read_post,
                             (gpointer *) &post, error))
    return NULL;
  if (post == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no post %" G_GINT64_FORMAT), id);
  return post;
}

/* A post is named by its id or its slug. */
EaselPost *
easel_store_find_post (EaselStore  *self,
                       const char  *id_or_slug,
                       GError     **error)
{
  static const char sql[] = POST_SELECT "WHERE slug = ?";
  EaselPost *post = NULL;
  char *end = NULL;
  gint64 id;
  STORE_LOCKED (self);

  g_return_val_if_fail (id_or_slug != NULL, NULL);

  if (!_easel_store_get_row (self, sql, id_or_slug, 0, (EaselRowReader) read_post,
                             (gpointer *) &post, error))
    return NULL;
  if (post != NULL)
    return post;

  id = g_ascii_strtoll (id_or_slug, &end, 10);
  if (end != id_or_slug && *end == '\0' && id > 0)
    return easel_store_get_post (self, id, error);

  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
               _("There is no post “%s”"), id_or_slug);
  return NULL;
}

GPtrArray *
easel_store_list_posts (EaselStore  *self,
                        GError     **error)
{
  static const char sql[] = POST_SELECT "ORDER BY updated_at DESC, id DESC";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_post,
                                 (GDestroyNotify) easel_post_free,
                                 _("Cannot read the posts"), error);
}

gboolean
easel_store_delete_post (EaselStore  *self,
                         gint64       id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, "DELETE FROM posts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_easel_store_step_done (self, stmt, _("Cannot delete the post"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no post %" G_GINT64_FORMAT), id);
      return FALSE;
    }
  return TRUE;
}

#define SECTION_SELECT \
  "SELECT id, post_id, position, heading, body, example_id, setting_id, prompt_override, " \
  "chosen_result_id, alt_text FROM sections "

static EaselSection *
read_section (sqlite3_stmt *stmt)
{
  EaselSection *section = easel_section_new (sqlite3_column_int (stmt, 2),
                                             (const char *) sqlite3_column_text (stmt, 3));

  section->id = sqlite3_column_int64 (stmt, 0);
  section->post_id = sqlite3_column_int64 (stmt, 1);
  g_free (section->body);
  section->body = _easel_column_dup_text (stmt, 4);
  section->example_id = sqlite3_column_int64 (stmt, 5);
  section->setting_id = sqlite3_column_int64 (stmt, 6);
  section->prompt_override = _easel_column_dup_text (stmt, 7);
  section->chosen_result_id = sqlite3_column_int64 (stmt, 8);
  section->alt_text = _easel_column_dup_text (stmt, 9);
  return section;
}

GPtrArray *
easel_store_list_sections (EaselStore  *self,
                           gint64       post_id,
                           GError     **error)
{
  static const char sql[] = SECTION_SELECT "WHERE post_id = ? ORDER BY position";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, post_id);
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_section,
                                 (GDestroyNotify) easel_section_free,
                                 _("Cannot read the sections"), error);
}

static gboolean
write_section (EaselStore          *self,
               const EaselSection  *section,
               gint64               post_id,
               int                  position,
               gint64              *out_id,
               GError             **error)
{
  static const char insert_sql[] =
    "INSERT INTO sections (post_id, position, heading, body, example_id, setting_id, "
    "prompt_override, chosen_result_id, alt_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  static const char update_sql[] =
    "UPDATE sections SET post_id = ?1, position = ?2, heading = ?3, body = ?4, example_id = ?5, "
    "setting_id = ?6, prompt_override = ?7, chosen_result_id = ?8, alt_text = ?9 WHERE id = ?10";
  sqlite3_stmt *stmt = _easel_store_prepare (self, section->id > 0 ? update_sql : insert_sql,
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  sqlite3_bind_int (stmt, 2, position);
  _easel_bind_text (stmt, 3, section->heading != NULL ? section->heading : "");
  _easel_bind_text (stmt, 4, section->body != NULL ? section->body : "");
  _easel_bind_int_or_null (stmt, 5, section->example_id > 0, section->example_id);
  _easel_bind_int_or_null (stmt, 6, section->setting_id > 0, section->setting_id);
  _easel_bind_text (stmt, 7, section->prompt_override);
  _easel_bind_int_or_null (stmt, 8, section->chosen_result_id > 0, section->chosen_result_id);
  _easel_bind_text (stmt, 9, section->alt_text);
  if (section->id > 0)
    sqlite3_bind_int64 (stmt, 10, section->id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the section"), error))
    return FALSE;
  if (out_id != NULL)
    *out_id = section->id > 0 ? section->id : sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * easel_store_replace_sections:
 * @sections: (element-type EaselSection): the post's sections in order. A section with an id
 *   keeps its row (and so its results, link and pick); one without is inserted; rows of the post
 *   not in the list are deleted. Ids of new sections are set.
 *
 * One transaction: the post's sections change all at once or not at all.
 */
gboolean
easel_store_replace_sections (EaselStore  *self,
                              gint64       post_id,
                              GPtrArray   *sections,
                              GError     **error)
{
  g_autoptr(GString) keep = g_string_new ("DELETE FROM sections WHERE post_id = ?1");
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *delete_sql = NULL;
  int rc;
  STORE_LOCKED (self);

  if (!_easel_store_begin (self, error))
    return FALSE;

  /* Park kept rows on positions no new row uses, so renumbering never collides. */
  stmt = _easel_store_prepare (self,
    "UPDATE sections SET position = position + 1000000 WHERE post_id = ?", &local_error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, post_id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the sections"), &local_error))
    goto fail;

  g_string_append (keep, " AND id NOT IN (0");
  for (guint i = 0; i < sections->len; i++)
    {
      EaselSection *section = g_ptr_array_index (sections, i);
      if (section->id > 0)
        g_string_append_printf (keep, ", %" G_GINT64_FORMAT, section->id);
    }
  g_string_append (keep, ")");
  delete_sql = g_string_free (g_steal_pointer (&keep), FALSE);
  if (sqlite3_prepare_v2 (self->db, delete_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _easel_store_set_error (self->db, sqlite3_errcode (self->db),
                              _("Cannot save the sections"), &local_error);
      goto fail;
    }
  sqlite3_bind_int64 (stmt, 1, post_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _easel_store_set_error (self->db, rc, _("Cannot save the sections"), &local_error);
      goto fail;
    }

  for (guint i = 0; i < sections->len; i++)
    {
      EaselSection *section = g_ptr_array_index (sections, i);
      gint64 id = 0;

      section->position = (int) i + 1;
      section->post_id = post_id;
      if (!write_section (self, section, post_id, section->position, &id, &local_error))
        goto fail;
      section->id = id;
    }

  if (_easel_store_commit (self, &local_error))
    return TRUE;

fail:
  _easel_store_rollback (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
easel_store_update_section (EaselStore          *self,
                            const EaselSection  *section,
                            GError             **error)
{
  STORE_LOCKED (self);

  g_return_val_if_fail (section != NULL && section->id > 0, FALSE);

  if (!write_section (self, section, section->post_id, section->position, NULL, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no section %" G_GINT64_FORMAT), section->id);
      return FALSE;
    }
  return TRUE;
}

/**
 * easel_store_save_post_with_sections:
 * @post: the post (id 0 to add it)
 * @sections: (element-type EaselSection): its sections, as for easel_store_replace_sections()
 *
 * Saves the post and replaces its sections in one transaction: an import either lands whole
 * or not at all.
 *
 * Returns: the post's id, or 0 with @error set
 */
gint64
easel_store_save_post_with_sections (EaselStore       *self,
                                     const EaselPost  *post,
                                     GPtrArray        *sections,
                                     GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  g_return_val_if_fail (post != NULL && sections != NULL, 0);

  if (!_easel_store_begin (self, error))
    return 0;
  id = easel_store_save_post (self, post, &local_error);
  if (id > 0 && easel_store_replace_sections (self, id, sections, &local_error) &&
      _easel_store_commit (self, &local_error))
    return id;

  _easel_store_rollback (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return 0;
}
