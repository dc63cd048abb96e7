/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-blog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-blog-private.h"
#include "easel-markdown.h"
#include "easel-post-diff.h"

/* Importing posts, reading them with their sections' candidates, and the small changes the
 * curation makes (links, prompts, picks, alt text). Generating is in easel-blog-generate.c,
 * exporting in easel-blog-export.c.
 */

G_DEFINE_QUARK (easel-blog-error-quark, easel_blog_error)

void
easel_import_report_free (EaselImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->post, easel_post_free);
  g_clear_pointer (&report->sections, g_ptr_array_unref);
  g_clear_pointer (&report->added, g_ptr_array_unref);
  g_clear_pointer (&report->changed, g_ptr_array_unref);
  g_clear_pointer (&report->removed, g_ptr_array_unref);
  g_free (report);
}

static void
blog_section_free (EaselBlogSection *section)
{
  g_clear_pointer (&section->section, easel_section_free);
  g_clear_pointer (&section->example, easel_prompt_example_free);
  g_free (section->setting_name);
  g_free (section->prompt);
  g_free (section->alt_text);
  g_clear_pointer (&section->jobs, g_ptr_array_unref);
  g_clear_pointer (&section->results, g_ptr_array_unref);
  g_clear_pointer (&section->chosen, easel_result_free);
  g_free (section);
}

void
easel_blog_post_free (EaselBlogPost *post)
{
  if (post == NULL)
    return;
  g_clear_pointer (&post->post, easel_post_free);
  g_clear_pointer (&post->sections, g_ptr_array_unref);
  g_free (post);
}

/* ---- import ------------------------------------------------------------------------------ */

static gboolean
slug_taken (GPtrArray  *posts,
            const char *slug)
{
  for (guint i = 0; i < posts->len; i++)
    if (g_strcmp0 (((EaselPost *) g_ptr_array_index (posts, i))->slug, slug) == 0)
      return TRUE;
  return FALSE;
}

/* Which stored post an import updates: the one named; else the one imported from the same
 * file; else the one with the same slug, if its file is gone (it moved or was renamed). A post
 * with the same title from another file that still exists is a different post.
 */
static EaselPost *
find_existing (GPtrArray   *posts,
               const char  *source_path,
               const char  *slug)
{
  if (source_path != NULL)
    for (guint i = 0; i < posts->len; i++)
      {
        EaselPost *post = g_ptr_array_index (posts, i);

        if (g_strcmp0 (post->source_path, source_path) == 0)
          return post;
      }
  for (guint i = 0; i < posts->len; i++)
    {
      EaselPost *post = g_ptr_array_index (posts, i);

      if (g_strcmp0 (post->slug, slug) == 0 &&
          (post->source_path == NULL || !g_file_test (post->source_path, G_FILE_TEST_EXISTS)))
        return post;
    }
  return NULL;
}

static GPtrArray *
headings_of (GPtrArray *sections)
{
  GPtrArray *headings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sections->len; i++)
    {
      EaselSection *section = g_ptr_array_index (sections, i);
      g_ptr_array_add (headings, g_strdup (section->heading));
    }
  return headings;
}

/**
 * easel_blog_import_text:
 * @markdown: the post's Markdown (UTF-8)
 * @source_path: (nullable): the file it came from (absolute)
 * @fallback_title: (nullable): the title when the Markdown has none
 * @level: the heading level to split at, or 0: the post's own level on a re-import, else 2
 * @into_post: (nullable): the id or slug of the post to update
 *
 * Imports a post or, when it is already stored (see find_existing()), updates its sections by
 * heading: the sections that still exist keep their results, links and picks. Blocks.
 *
 * Returns: (transfer full): what changed
 */
EaselImportReport *
easel_blog_import_text (EaselEngine  *engine,
                        const char   *markdown,
                        const char   *source_path,
                        const char   *fallback_title,
                        int           level,
                        const char   *into_post,
                        GError      **error)
{
  EaselStore *store = easel_engine_get_store (engine);
  g_autoptr(EaselImportReport) report = g_new0 (EaselImportReport, 1);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(EaselMarkdownDocument) doc = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(EaselPost) existing = NULL;
  g_autoptr(EaselPost) post = NULL;
  g_autofree char *slug = NULL;
  GPtrArray *sections;
  g_autoptr(EaselSectionDiff) diff = NULL;
  int split_level;
  gint64 id;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (markdown != NULL, NULL);
  g_return_val_if_fail (level >= 0 && level <= 6, NULL);

  if (into_post != NULL)
    {
      existing = easel_store_find_post (store, into_post, error);
      if (existing == NULL)
        return NULL;
    }

  posts = easel_store_list_posts (store, error);
  if (posts == NULL)
    return NULL;

  /* The title does not depend on the level, so a first split finds the post; a re-import
   * without a level asked for then splits at the post's own level.
   */
  split_level = level > 0 ? level : existing != NULL ? existing->heading_level : 2;
  doc = easel_markdown_split (markdown, split_level, fallback_title);
  slug = easel_slugify (doc->title);
  if (existing == NULL)
    {
      EaselPost *found = find_existing (posts, source_path, slug);

      if (found != NULL)
        existing = easel_post_copy (found);
      if (existing != NULL && level == 0 && existing->heading_level != split_level)
        {
          split_level = existing->heading_level;
          g_clear_pointer (&doc, easel_markdown_document_free);
          doc = easel_markdown_split (markdown, split_level, fallback_title);
        }
    }
  fresh = easel_post_sections_from_markdown (doc);

  if (existing != NULL)
    {
      g_autoptr(GPtrArray) old = easel_store_list_sections (store, existing->id, error);

      if (old == NULL)
        return NULL;
      diff = easel_section_diff (old, existing->title, fresh, doc->title);
      post = g_steal_pointer (&existing);
      sections = diff->sections;
      report->added = g_ptr_array_ref (diff->added);
      report->changed = g_ptr_array_ref (diff->changed);
      report->removed = g_ptr_array_ref (diff->removed);
      report->unchanged = diff->unchanged;
    }
  else
    {
      /* Another post has this title: number the slug. */
      if (slug_taken (posts, slug))
        {
          g_autofree char *base = g_steal_pointer (&slug);

          for (guint n = 2; slug == NULL || slug_taken (posts, slug); n++)
            {
              g_free (slug);
              slug = g_strdup_printf ("%s-%u", base, n);
            }
        }
      post = easel_post_new (slug, doc->title);
      report->created = TRUE;
      sections = fresh;
      report->added = headings_of (fresh);
      report->changed = g_ptr_array_new_with_free_func (g_free);
      report->removed = g_ptr_array_new_with_free_func (g_free);
    }

  /* The slug stays as it was on a re-import: it names the post's URL and its exports. */
  g_free (post->title);
  post->title = g_strdup (doc->title);
  g_free (post->source_markdown);
  post->source_markdown = g_strdup (markdown);
  if (source_path != NULL)
    {
      g_free (post->source_path);
      post->source_path = g_strdup (source_path);
    }
  post->heading_level = split_level;

  id = easel_store_save_post_with_sections (store, post, sections, error);
  if (id == 0)
    return NULL;

  report->post = easel_store_get_post (store, id, error);
  if (report->post == NULL)
    return NULL;
  report->sections = easel_store_list_sections (store, id, error);
  if (report->sections == NULL)
    return NULL;
  return g_steal_pointer (&report);
}

/* Reads a Markdown file: UTF-8, at most EASEL_BLOG_MAX_MARKDOWN_BYTES, without a BOM. */
static char *
read_markdown (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > EASEL_BLOG_MAX_MARKDOWN_BYTES)
    {
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NOT_TEXT,
                   _("“%s” is too large for a blog post"), name);
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NOT_TEXT,
                   _("“%s” is not a UTF-8 text file"), name);
      return NULL;
    }
  if (g_str_has_prefix (contents, "\xEF\xBB\xBF"))
    return g_strdup (contents + 3);
  return g_steal_pointer (&contents);
}

/**
 * easel_blog_import:
 * @path: a Markdown file
 * @level: the heading level to split at, or 0 (see easel_blog_import_text())
 * @into_post: (nullable): the id or slug of the post to update
 *
 * Blocks: call it from a worker thread in the window.
 *
 * Returns: (transfer full): what changed
 */
EaselImportReport *
easel_blog_import (EaselEngine  *engine,
                   const char   *path,
                   int           level,
                   const char   *into_post,
                   GError      **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  markdown = read_markdown (absolute, error);
  if (markdown == NULL)
    return NULL;

  base = g_path_get_basename (absolute);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return easel_blog_import_text (engine, markdown, absolute, base, level, into_post, error);
}

typedef struct
{
  char *path;
  int   level;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  EaselImportReport *report;

  report = easel_blog_import (source_object, data->path, data->level, NULL, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) easel_import_report_free);
}

void
easel_blog_import_async (EaselEngine         *engine,
                         const char          *path,
                         int                  level,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  g_return_if_fail (path != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_blog_import_async);
  data = g_new0 (ImportData, 1);
  data->path = g_strdup (path);
  data->level = level;
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

EaselImportReport *
easel_blog_import_finish (EaselEngine   *engine,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- reading ----------------------------------------------------------------------------- */

/**
 * _easel_blog_settle_jobs:
 *
 * A job that has a result is done, whatever its row says. The engine writes the result and the
 * job's final state in one transaction, but an earlier state write ("running") queued in
 * another worker thread can land after it and leave the row saying "running" for good; such a
 * job must not show as generating forever.
 */
void
_easel_blog_settle_jobs (GPtrArray *jobs)
{
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      if (job->result_id > 0 && job->state != EASEL_JOB_DONE)
        {
          g_debug ("job %" G_GINT64_FORMAT " has result %" G_GINT64_FORMAT " but is stored as %s",
                   job->id, job->result_id, easel_job_state_to_string (job->state));
          job->state = EASEL_JOB_DONE;
          g_clear_pointer (&job->error_code, g_free);
          g_clear_pointer (&job->error_message, g_free);
        }
    }
}

static EaselBlogSection *
load_section (EaselStore      *store,
              const EaselPost *post,
              EaselSection    *section,
              guint            index,
              GHashTable      *results_by_id)
{
  EaselBlogSection *bs = g_new0 (EaselBlogSection, 1);
  g_autoptr(GError) error = NULL;
  EaselResultQuery query = { 0 };
  g_autoptr(GPtrArray) newest_first = NULL;

  bs->section = section;
  bs->hero = index == 0 && g_strcmp0 (section->heading, post->title) == 0;

  if (section->example_id > 0)
    {
      bs->example = easel_store_get_example (store, section->example_id, &error);
      if (bs->example == NULL)
        g_debug ("section %" G_GINT64_FORMAT ": %s", section->id, error->message);
      g_clear_error (&error);
    }
  if (section->setting_id > 0)
    {
      g_autoptr(EaselSettingRow) row = easel_store_get_setting (store, section->setting_id,
                                                                &error);
      if (row != NULL)
        bs->setting_name = g_strdup (row->name);
      g_clear_error (&error);
    }
  bs->prompt = easel_section_resolve_prompt (post, section, bs->example, &bs->prompt_source);

  bs->jobs = easel_store_list_section_jobs (store, section->id, &error);
  if (bs->jobs == NULL)
    {
      g_debug ("section %" G_GINT64_FORMAT ": %s", section->id, error->message);
      bs->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
      g_clear_error (&error);
    }
  _easel_blog_settle_jobs (bs->jobs);

  query.section_id = section->id;
  query.limit = 10000;
  newest_first = easel_store_search_results (store, &query, &error);
  bs->results = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_result_free);
  if (newest_first == NULL)
    g_clear_error (&error);
  else
    for (guint i = newest_first->len; i > 0; i--)
      {
        EaselResult *result = g_ptr_array_steal_index (newest_first, i - 1);

        g_hash_table_insert (results_by_id, &result->id, result);
        g_ptr_array_add (bs->results, result);
      }

  if (section->chosen_result_id > 0)
    {
      EaselResult *chosen = g_hash_table_lookup (results_by_id, &section->chosen_result_id);

      /* A pick may come from anywhere in the history, not only this section's runs. */
      bs->chosen = chosen != NULL ? easel_result_copy (chosen)
                                  : easel_store_get_result (store, section->chosen_result_id,
                                                            NULL);
    }

  if (section->alt_text != NULL && *g_strstrip (section->alt_text) != '\0')
    bs->alt_text = g_strdup (section->alt_text);
  else
    {
      bs->alt_text = easel_section_default_alt_text (post->title, section->heading,
                                                     bs->chosen != NULL && bs->chosen->prompt
                                                     ? bs->chosen->prompt : bs->prompt);
      bs->alt_text_is_default = TRUE;
    }
  return bs;
}

static EaselBlogPost *
load_post (EaselStore  *store,
           EaselPost   *post,
           GError     **error)
{
  g_autoptr(EaselBlogPost) blog = g_new0 (EaselBlogPost, 1);
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GHashTable) results_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  blog->post = post;
  blog->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) blog_section_free);
  sections = easel_store_list_sections (store, post->id, error);
  if (sections == NULL)
    return NULL;
  for (guint i = 0; sections->len > 0; i++)
    g_ptr_array_add (blog->sections,
                     load_section (store, post, g_ptr_array_steal_index (sections, 0), i,
                                   results_by_id));
  return g_steal_pointer (&blog);
}

/**
 * easel_blog_load:
 * @id_or_slug: the post's id or slug
 *
 * Reads the post with its sections: linked examples, prompts, alt text, jobs, results and
 * picks. Blocks.
 *
 * Returns: (transfer full): the post
 */
EaselBlogPost *
easel_blog_load (EaselEngine  *engine,
                 const char   *id_or_slug,
                 GError      **error)
{
  EaselStore *store;
  EaselPost *post;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);

  store = easel_engine_get_store (engine);
  post = easel_store_find_post (store, id_or_slug, error);
  if (post == NULL)
    return NULL;
  return load_post (store, post, error);
}

EaselBlogPost *
_easel_blog_load_by_id (EaselEngine  *engine,
                        gint64        post_id,
                        GError      **error)
{
  EaselStore *store = easel_engine_get_store (engine);
  EaselPost *post = easel_store_get_post (store, post_id, error);

  if (post == NULL)
    return NULL;
  return load_post (store, post, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  gint64 id = *(gint64 *) task_data;
  GError *error = NULL;
  EaselBlogPost *blog;

  blog = _easel_blog_load_by_id (source_object, id, &error);
  if (blog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, blog, (GDestroyNotify) easel_blog_post_free);
}

void
easel_blog_load_async (EaselEngine         *engine,
                       gint64               post_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EASEL_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_blog_load_async);
  g_task_set_task_data (task, g_memdup2 (&post_id, sizeof post_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

EaselBlogPost *
easel_blog_load_finish (EaselEngine   *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Every post with its sections (for the list: counts of sections and picks). */
static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EaselStore *store = easel_engine_get_store (source_object);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) blogs = NULL;
  GError *error = NULL;

  posts = easel_store_list_posts (store, &error);
  if (posts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  blogs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_blog_post_free);
  while (posts->len > 0)
    {
      EaselBlogPost *blog = g_new0 (EaselBlogPost, 1);

      blog->post = g_ptr_array_steal_index (posts, 0);
      blog->sections = easel_store_list_sections (store, blog->post->id, &error);
      if (blog->sections == NULL)
        {
          easel_blog_post_free (blog);
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (blogs, blog);
    }
  g_task_return_pointer (task, g_steal_pointer (&blogs), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * easel_blog_list_async:
 *
 * Lists the posts, newest change first, each as an #EaselBlogPost whose @sections hold plain
 * #EaselSection values (not #EaselBlogSection): enough for the list of posts.
 */
void
easel_blog_list_async (EaselEngine         *engine,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EASEL_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_blog_list_async);
  g_task_run_in_thread (task, list_thread);
}

/**
 * easel_blog_list_finish:
 *
 * Returns: (transfer container) (element-type EaselBlogPost): the posts
 */
GPtrArray *
easel_blog_list_finish (EaselEngine   *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * easel_blog_find_section:
 * @position_or_heading: a position from 1, or a heading (exact, then ignoring case and
 *   punctuation)
 *
 * Returns: (transfer none): the section, or %NULL with @error set
 */
EaselBlogSection *
easel_blog_find_section (EaselBlogPost  *post,
                         const char     *position_or_heading,
                         GError        **error)
{
  g_autofree char *wanted = NULL;
  EaselBlogSection *found = NULL;
  char *end = NULL;
  gint64 position;

  g_return_val_if_fail (post != NULL && position_or_heading != NULL, NULL);

  position = g_ascii_strtoll (position_or_heading, &end, 10);
  if (end != position_or_heading && *end == '\0')
    {
      if (position >= 1 && position <= post->sections->len)
        return g_ptr_array_index (post->sections, position - 1);
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION,
                   g_dngettext (GETTEXT_PACKAGE,
                                "There is no section %s: “%s” has %u section",
                                "There is no section %s: “%s” has %u sections",
                                post->sections->len),
                   position_or_heading, post->post->title, post->sections->len);
      return NULL;
    }

  for (int pass = 0; pass < 2 && found == NULL; pass++)
    {
      g_autoptr(GString) positions = g_string_new (NULL);
      guint matches = 0;

      for (guint i = 0; i < post->sections->len; i++)
        {
          EaselBlogSection *bs = g_ptr_array_index (post->sections, i);
          gboolean same;

          if (pass == 0)
            same = g_strcmp0 (bs->section->heading, position_or_heading) == 0;
          else
            {
              g_autofree char *slug = easel_slugify (bs->section->heading);

              if (wanted == NULL)
                wanted = easel_slugify (position_or_heading);
              same = g_strcmp0 (slug, wanted) == 0;
            }
          if (!same)
            continue;
          matches++;
          found = bs;
          g_string_append_printf (positions, "%s%d", positions->len > 0 ? ", " : "",
                                  bs->section->position);
        }
      if (matches > 1)
        {
          g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_AMBIGUOUS,
                       _("Several sections are called “%s” (%s): name it by its position"),
                       position_or_heading, positions->str);
          return NULL;
        }
    }
  if (found == NULL)
    g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION,
                 _("“%s” has no section “%s”"), post->post->title, position_or_heading);
  return found;
}

EaselResult *
easel_blog_section_find_result (const EaselBlogSection *section,
                                gint64                  result_id)
{
  for (guint i = 0; i < section->results->len; i++)
    {
      EaselResult *result = g_ptr_array_index (section->results, i);

      if (result->id == result_id)
        return result;
    }
  return NULL;
}

/**
 * easel_blog_section_status:
 * @out_active: (out) (optional): jobs queued or running
 * @out_failed: (out) (optional): jobs failed or interrupted, of the latest run
 *
 * Returns: "generating" while jobs run, else "chosen" with a pick, "candidates" with images
 * to pick from, "failed" when the latest run made nothing, or "new"
 */
const char *
easel_blog_section_status (const EaselBlogSection *section,
                           guint                  *out_active,
                           guint                  *out_failed)
{
  guint active = 0;
  guint failed = 0;
  gint64 last_run = 0;

  for (guint i = 0; i < section->jobs->len; i++)
    last_run = MAX (last_run, ((EaselJob *) g_ptr_array_index (section->jobs, i))->run_id);
  for (guint i = 0; i < section->jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (section->jobs, i);

      if (!easel_job_state_is_final (job->state))
        active++;
      else if (job->run_id == last_run &&
               (job->state == EASEL_JOB_FAILED || job->state == EASEL_JOB_INTERRUPTED))
        failed++;
    }
  if (out_active != NULL)
    *out_active = active;
  if (out_failed != NULL)
    *out_failed = failed;

  if (active > 0)
    return "generating";
  if (section->chosen != NULL)
    return "chosen";
  if (section->results->len > 0)
    return "candidates";
  if (failed > 0)
    return "failed";
  return "new";
}

/* ---- changes ----------------------------------------------------------------------------- */

gboolean
easel_blog_update_section (EaselEngine         *engine,
                           const EaselSection  *section,
                           GError             **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (engine), FALSE);
  return easel_store_update_section (easel_engine_get_store (engine), section, error);
}

/**
 * easel_blog_link_example:
 * @example: (nullable): the example's name or id, or %NULL (or "") to unlink
 */
gboolean
easel_blog_link_example (EaselEngine   *engine,
                         EaselSection  *section,
                         const char    *example,
                         GError       **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (engine), FALSE);

  if (example == NULL || *example == '\0')
    section->example_id = 0;
  else
    {
      g_autoptr(EaselPromptExample) found =
        easel_store_find_example (easel_engine_get_store (engine), example, error);

      if (found == NULL)
        return FALSE;
      section->example_id = found->id;
    }
  return easel_blog_update_section (engine, section, error);
}

/**
 * easel_blog_link_setting:
 * @setting: (nullable): the settings row's name or id, or %NULL (or "") to unlink
 */
gboolean
easel_blog_link_setting (EaselEngine   *engine,
                         EaselSection  *section,
                         const char    *setting,
                         GError       **error)
{
  EaselStore *store;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), FALSE);

  store = easel_engine_get_store (engine);
  if (setting == NULL || *setting == '\0')
    section->setting_id = 0;
  else
    {
      g_autoptr(GPtrArray) rows = easel_store_list_settings (store, error);
      g_autofree char *id_text = NULL;

      if (rows == NULL)
        return FALSE;
      section->setting_id = 0;
      for (guint i = 0; i < rows->len && section->setting_id == 0; i++)
        {
          EaselSettingRow *row = g_ptr_array_index (rows, i);

          g_free (id_text);
          id_text = g_strdup_printf ("%" G_GINT64_FORMAT, row->id);
          if (g_strcmp0 (row->name, setting) == 0 || g_strcmp0 (id_text, setting) == 0)
            section->setting_id = row->id;
        }
      if (section->setting_id == 0)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                       _("There are no settings called “%s”"), setting);
          return FALSE;
        }
    }
  return easel_blog_update_section (engine, section, error);
}

/**
 * easel_blog_pick:
 * @result_id: the chosen result, or 0 to choose none
 *
 * A pick is one of the section's own results, or any result from the history that was not
 * made for another section.
 */
gboolean
easel_blog_pick (EaselEngine   *engine,
                 EaselSection  *section,
                 gint64         result_id,
                 GError       **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (engine), FALSE);

  if (result_id > 0)
    {
      g_autoptr(EaselResult) result =
        easel_store_get_result (easel_engine_get_store (engine), result_id, error);

      if (result == NULL)
        return FALSE;
      if (result->section_id > 0 && result->section_id != section->id)
        {
          g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_WRONG_SECTION,
                       _("Result %" G_GINT64_FORMAT " was made for another section"),
                       result_id);
          return FALSE;
        }
    }
  section->chosen_result_id = MAX (result_id, 0);
  return easel_blog_update_section (engine, section, error);
}

/**
 * easel_blog_set_template:
 * @template: (nullable): the post's prompt template, or %NULL for none
 */
gboolean
easel_blog_set_template (EaselEngine  *engine,
                         EaselPost    *post,
                         const char   *template,
                         GError      **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (engine), FALSE);

  g_free (post->prompt_template);
  post->prompt_template = template != NULL && *template != '\0' ? g_strdup (template) : NULL;
  return easel_store_save_post (easel_engine_get_store (engine), post, error) > 0;
}

/* The window's changes, each a store call in a worker thread. */

typedef struct
{
  EaselSection *section;
  EaselPost    *post;
  gint64        id;
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_clear_pointer (&data->section, easel_section_free);
  g_clear_pointer (&data->post, easel_post_free);
  g_free (data);
}

static void
update_section_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ChangeData *data = task_data;
  GError *error = NULL;

  if (easel_blog_update_section (source_object, data->section, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pick_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ChangeData *data = task_data;
  GError *error = NULL;

  if (easel_blog_pick (source_object, data->section, data->id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_post_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ChangeData *data = task_data;
  GError *error = NULL;

  if (easel_store_save_post (easel_engine_get_store (source_object), data->post, &error) > 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
delete_post_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ChangeData *data = task_data;
  GError *error = NULL;

  if (easel_store_delete_post (easel_engine_get_store (source_object), data->id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_change (EaselEngine         *engine,
            gpointer             source_tag,
            GTaskThreadFunc      thread,
            ChangeData          *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) change_data_free);
  g_task_run_in_thread (task, thread);
}

void
easel_blog_update_section_async (EaselEngine         *engine,
                                 const EaselSection  *section,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  data->section = easel_section_copy (section);
  run_change (engine, easel_blog_update_section_async, update_section_thread, data,
              cancellable, callback, user_data);
}

gboolean
easel_blog_update_section_finish (EaselEngine   *engine,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
easel_blog_pick_async (EaselEngine         *engine,
                       const EaselSection  *section,
                       gint64               result_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  data->section = easel_section_copy (section);
  data->id = result_id;
  run_change (engine, easel_blog_pick_async, pick_thread, data, cancellable, callback,
              user_data);
}

gboolean
easel_blog_pick_finish (EaselEngine   *engine,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
easel_blog_save_post_async (EaselEngine         *engine,
                            const EaselPost     *post,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  data->post = easel_post_copy (post);
  run_change (engine, easel_blog_save_post_async, save_post_thread, data, cancellable,
              callback, user_data);
}

gboolean
easel_blog_save_post_finish (EaselEngine   *engine,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
easel_blog_delete_post_async (EaselEngine         *engine,
                              gint64               post_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ChangeData *data = g_new0 (ChangeData, 1);

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  data->id = post_id;
  run_change (engine, easel_blog_delete_post_async, delete_post_thread, data, cancellable,
              callback, user_data);
}

gboolean
easel_blog_delete_post_finish (EaselEngine   *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
