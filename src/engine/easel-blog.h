/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-engine.h"
#include "easel-post-export.h"
#include "easel-post-text.h"

G_BEGIN_DECLS

/* The blog workflow above the store and the engine: import a post, load it with its sections'
 * candidates, generate for its sections, pick, and export a folder for the blog. The blocking
 * functions touch the store (and, for export, the disk): the command line calls them directly,
 * the window calls the _async variants, which run them in a worker thread.
 */

#define EASEL_BLOG_ERROR (easel_blog_error_quark ())

/**
 * EaselBlogError:
 * @EASEL_BLOG_ERROR_NOT_TEXT: the file is not UTF-8 text (or is too large for a post)
 * @EASEL_BLOG_ERROR_NO_SECTION: no section matches what was asked
 * @EASEL_BLOG_ERROR_AMBIGUOUS: several sections have that heading
 * @EASEL_BLOG_ERROR_NO_PROVIDER: a section has no provider to generate with
 * @EASEL_BLOG_ERROR_WRONG_SECTION: the result was made for another section
 * @EASEL_BLOG_ERROR_EXISTS: the export folder exists and is not empty
 * @EASEL_BLOG_ERROR_MISSING_IMAGES: a strict export found sections without a chosen image
 * @EASEL_BLOG_ERROR_FORMAT: the image format cannot be written here
 * @EASEL_BLOG_ERROR_IMAGE: an image could not be read or converted
 */
typedef enum
{
  EASEL_BLOG_ERROR_NOT_TEXT,
  EASEL_BLOG_ERROR_NO_SECTION,
  EASEL_BLOG_ERROR_AMBIGUOUS,
  EASEL_BLOG_ERROR_NO_PROVIDER,
  EASEL_BLOG_ERROR_WRONG_SECTION,
  EASEL_BLOG_ERROR_EXISTS,
  EASEL_BLOG_ERROR_MISSING_IMAGES,
  EASEL_BLOG_ERROR_FORMAT,
  EASEL_BLOG_ERROR_IMAGE,
} EaselBlogError;

GQuark easel_blog_error_quark (void);

/* The largest Markdown file imported: far beyond any blog post. */
#define EASEL_BLOG_MAX_MARKDOWN_BYTES (8 * 1024 * 1024)

/**
 * EaselImportReport:
 * @post: the post as stored
 * @created: %TRUE for a new post, %FALSE when an existing one was updated
 * @sections: (element-type EaselSection): its sections as stored
 * @added: (element-type utf8): headings of new sections
 * @changed: (element-type utf8): headings of sections whose heading or text changed
 * @removed: (element-type utf8): headings of sections that are gone (with their picks)
 * @unchanged: sections exactly as they were
 */
typedef struct
{
  EaselPost *post;
  gboolean   created;
  GPtrArray *sections;
  GPtrArray *added;
  GPtrArray *changed;
  GPtrArray *removed;
  guint      unchanged;
} EaselImportReport;

void               easel_import_report_free     (EaselImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselImportReport, easel_import_report_free)

/**
 * EaselBlogSection:
 * @section: the stored section
 * @hero: whether it is the hero section (the post title)
 * @example: (nullable): its linked prompt example
 * @setting_name: (nullable): the name of its linked settings row
 * @prompt: the prompt it generates with (before the example's style)
 * @prompt_source: where @prompt comes from
 * @alt_text: the alt text its image gets: the section's own, or the default
 * @alt_text_is_default: whether @alt_text is the default
 * @jobs: (element-type EaselJob): every job made for it, oldest first
 * @results: (element-type EaselResult): the images made for it, oldest first
 * @chosen: (nullable): the picked result
 *
 * A section with everything the views and the command line show about it.
 */
typedef struct
{
  EaselSection       *section;
  gboolean            hero;
  EaselPromptExample *example;
  char               *setting_name;
  char               *prompt;
  EaselPromptSource   prompt_source;
  char               *alt_text;
  gboolean            alt_text_is_default;
  GPtrArray          *jobs;
  GPtrArray          *results;
  EaselResult        *chosen;
} EaselBlogSection;

/**
 * EaselBlogPost:
 * @post: the post
 * @sections: (element-type EaselBlogSection): its sections in order
 */
typedef struct
{
  EaselPost *post;
  GPtrArray *sections;
} EaselBlogPost;

void               easel_blog_post_free         (EaselBlogPost     *post);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselBlogPost, easel_blog_post_free)

EaselResult       *easel_blog_section_find_result (const EaselBlogSection *section,
                                                   gint64                  result_id);
const char        *easel_blog_section_status      (const EaselBlogSection *section,
                                                   guint                  *out_active,
                                                   guint                  *out_failed);

/* Import */
EaselImportReport *easel_blog_import            (EaselEngine       *engine,
                                                 const char        *path,
                                                 int                level,
                                                 const char        *into_post,
                                                 GError           **error);
EaselImportReport *easel_blog_import_text       (EaselEngine       *engine,
                                                 const char        *markdown,
                                                 const char        *source_path,
                                                 const char        *fallback_title,
                                                 int                level,
                                                 const char        *into_post,
                                                 GError           **error);
void               easel_blog_import_async      (EaselEngine       *engine,
                                                 const char        *path,
                                                 int                level,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
EaselImportReport *easel_blog_import_finish     (EaselEngine       *engine,
                                                 GAsyncResult      *result,
                                                 GError           **error);

/* Reading */
EaselBlogPost     *easel_blog_load              (EaselEngine       *engine,
                                                 const char        *id_or_slug,
                                                 GError           **error);
void               easel_blog_load_async        (EaselEngine       *engine,
                                                 gint64             post_id,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
EaselBlogPost     *easel_blog_load_finish       (EaselEngine       *engine,
                                                 GAsyncResult      *result,
                                                 GError           **error);
void               easel_blog_list_async        (EaselEngine       *engine,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
GPtrArray         *easel_blog_list_finish       (EaselEngine       *engine,
                                                 GAsyncResult      *result,
                                                 GError           **error);
EaselBlogSection  *easel_blog_find_section      (EaselBlogPost     *post,
                                                 const char        *position_or_heading,
                                                 GError           **error);

/* Changes */
gboolean           easel_blog_link_example      (EaselEngine       *engine,
                                                 EaselSection      *section,
                                                 const char        *example,
                                                 GError           **error);
gboolean           easel_blog_link_setting      (EaselEngine       *engine,
                                                 EaselSection      *section,
                                                 const char        *setting,
                                                 GError           **error);
gboolean           easel_blog_pick              (EaselEngine       *engine,
                                                 EaselSection      *section,
                                                 gint64             result_id,
                                                 GError           **error);
gboolean           easel_blog_update_section    (EaselEngine       *engine,
                                                 const EaselSection *section,
                                                 GError           **error);
gboolean           easel_blog_set_template      (EaselEngine       *engine,
                                                 EaselPost         *post,
                                                 const char        *template,
                                                 GError           **error);
void               easel_blog_update_section_async (EaselEngine    *engine,
                                                    const EaselSection *section,
                                                    GCancellable   *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer        user_data);
gboolean           easel_blog_update_section_finish (EaselEngine   *engine,
                                                     GAsyncResult  *result,
                                                     GError       **error);
void               easel_blog_pick_async        (EaselEngine       *engine,
                                                 const EaselSection *section,
                                                 gint64             result_id,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
gboolean           easel_blog_pick_finish       (EaselEngine       *engine,
                                                 GAsyncResult      *result,
                                                 GError           **error);
void               easel_blog_save_post_async   (EaselEngine       *engine,
                                                 const EaselPost   *post,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
gboolean           easel_blog_save_post_finish  (EaselEngine       *engine,
                                                 GAsyncResult      *result,
                                                 GError           **error);
void               easel_blog_delete_post_async (EaselEngine       *engine,
                                                 gint64             post_id,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
gboolean           easel_blog_delete_post_finish (EaselEngine      *engine,
                                                  GAsyncResult     *result,
                                                  GError          **error);

/* Generating */

/**
 * EaselBlogSectionRun:
 * @section_id: the section
 * @position: its position
 * @heading: its heading
 * @run_id: the engine run made for it
 * @jobs: (element-type EaselJob): the run's jobs in their final state
 * @results: (element-type EaselResult): the images they made
 */
typedef struct
{
  gint64     section_id;
  int        position;
  char      *heading;
  gint64     run_id;
  GPtrArray *jobs;
  GPtrArray *results;
} EaselBlogSectionRun;

/**
 * EaselGenerateReport:
 * @sections: (element-type EaselBlogSectionRun): one per section generated, in post order
 * @done: jobs that made an image
 * @failed: jobs that failed (or were interrupted)
 * @cancelled: jobs cancelled
 */
typedef struct
{
  GPtrArray *sections;
  guint      done;
  guint      failed;
  guint      cancelled;
} EaselGenerateReport;

void                 easel_generate_report_free (EaselGenerateReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselGenerateReport, easel_generate_report_free)

void                 easel_blog_generate_async  (EaselEngine         *engine,
                                                 gint64               post_id,
                                                 const gint64        *section_ids,
                                                 guint                n_section_ids,
                                                 const char * const  *providers,
                                                 const char * const  *fallback_providers,
                                                 int                  count,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
EaselGenerateReport *easel_blog_generate_finish (EaselEngine         *engine,
                                                 GAsyncResult        *result,
                                                 GError             **error);
GPtrArray           *easel_blog_plan_runs       (EaselEngine         *engine,
                                                 gint64               post_id,
                                                 const gint64        *section_ids,
                                                 guint                n_section_ids,
                                                 const char * const  *providers,
                                                 const char * const  *fallback_providers,
                                                 int                  count,
                                                 GError             **error);

/* Exporting */

/**
 * EaselExportOptions:
 * @format: the image format
 * @max_width: scale wider images down to this width (0: keep their size)
 * @force: replace a folder that exists and is not empty
 * @strict: fail, writing nothing, when a section has no chosen image
 */
typedef struct
{
  EaselExportFormat format;
  int               max_width;
  gboolean          force;
  gboolean          strict;
} EaselExportOptions;

/**
 * EaselExportReport:
 * @path: the export folder
 * @files: (element-type utf8): the files written, relative to @path
 * @missing: (element-type EaselSection): sections without a chosen image (no image written,
 *   listed in the manifest's "missing")
 * @replaced: whether an existing folder was replaced
 */
typedef struct
{
  char      *path;
  GPtrArray *files;
  GPtrArray *missing;
  gboolean   replaced;
} EaselExportReport;

void               easel_export_report_free     (EaselExportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselExportReport, easel_export_report_free)

gboolean           easel_blog_export_format_available (EaselExportFormat format,
                                                       GError          **error);
EaselExportReport *easel_blog_export            (EaselEngine              *engine,
                                                 gint64                    post_id,
                                                 const char               *folder,
                                                 const EaselExportOptions *options,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);
void               easel_blog_export_async      (EaselEngine              *engine,
                                                 gint64                    post_id,
                                                 const char               *folder,
                                                 const EaselExportOptions *options,
                                                 GCancellable             *cancellable,
                                                 GAsyncReadyCallback       callback,
                                                 gpointer                  user_data);
EaselExportReport *easel_blog_export_finish     (EaselEngine              *engine,
                                                 GAsyncResult             *result,
                                                 GError                  **error);

G_END_DECLS
