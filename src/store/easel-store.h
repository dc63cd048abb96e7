/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-post.h"
#include "easel-prompt-example.h"
#include "easel-provider-config.h"
#include "easel-result.h"
#include "easel-run.h"
#include "easel-style.h"

G_BEGIN_DECLS

#define EASEL_TYPE_STORE (easel_store_get_type ())

G_DECLARE_FINAL_TYPE (EaselStore, easel_store, EASEL, STORE, GObject)

/* The newest schema this build knows: the number of the last migration. */
#define EASEL_STORE_SCHEMA_VERSION 6

/**
 * EaselSettingRow:
 *
 * One row of `image_settings`: a named setting with the legacy provider/style/format labels.
 */
typedef struct
{
  gint64             id;
  char              *name;
  char              *provider;
  char              *style;
  char              *format;
  EaselImageSetting *setting;
} EaselSettingRow;

EaselSettingRow *easel_setting_row_new  (const char      *name);
void             easel_setting_row_free (EaselSettingRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSettingRow, easel_setting_row_free)

/**
 * EaselResultQuery:
 * @search: (nullable): words to find in prompt, negative prompt, provider, model, tags
 * @provider: (nullable): only this provider
 * @favorites_only: only starred results
 * @run_id: only this run, or 0
 * @section_id: only results made for this post section, or 0
 * @limit: at most this many (0 = 100)
 * @offset: skip this many
 */
typedef struct
{
  const char *search;
  const char *provider;
  gboolean    favorites_only;
  gint64      run_id;
  gint64      section_id;
  int         limit;
  int         offset;
} EaselResultQuery;

/* Opening, migrating */
EaselStore          *easel_store_open                (const char           *data_dir,
                                                      GError              **error);
const char          *easel_store_get_data_dir        (EaselStore           *self);
const char          *easel_store_get_db_path         (EaselStore           *self);
int                  easel_store_get_schema_version  (EaselStore           *self);
gboolean             easel_store_integrity_check     (EaselStore           *self,
                                                      GError              **error);

/* image_settings */
gint64               easel_store_add_setting         (EaselStore           *self,
                                                      const EaselSettingRow *row,
                                                      GError              **error);
gboolean             easel_store_update_setting      (EaselStore           *self,
                                                      const EaselSettingRow *row,
                                                      GError              **error);
EaselSettingRow     *easel_store_get_setting         (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
GPtrArray           *easel_store_list_settings       (EaselStore           *self,
                                                      GError              **error);
gboolean             easel_store_import_settings     (EaselStore           *self,
                                                      GPtrArray            *rows,
                                                      GError              **error);

/* Providers: no secret is ever written here */
gboolean             easel_store_save_provider       (EaselStore           *self,
                                                      const EaselProviderConfig *config,
                                                      GError              **error);
GPtrArray           *easel_store_list_providers      (EaselStore           *self,
                                                      GError              **error);
EaselProviderConfig *easel_store_find_provider       (EaselStore           *self,
                                                      const char           *name_or_id,
                                                      GError              **error);
gboolean             easel_store_remove_provider     (EaselStore           *self,
                                                      const char           *id,
                                                      GError              **error);

/* Styles and formats */
gint64               easel_store_save_style          (EaselStore           *self,
                                                      const EaselStyle     *style,
                                                      GError              **error);
GPtrArray           *easel_store_list_styles         (EaselStore           *self,
                                                      GError              **error);
EaselStyle          *easel_store_find_style          (EaselStore           *self,
                                                      const char           *name,
                                                      GError              **error);
gboolean             easel_store_remove_style        (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
gint64               easel_store_save_format         (EaselStore           *self,
                                                      const EaselFormat    *format,
                                                      GError              **error);
GPtrArray           *easel_store_list_formats        (EaselStore           *self,
                                                      GError              **error);
EaselFormat         *easel_store_find_format         (EaselStore           *self,
                                                      const char           *name,
                                                      GError              **error);
gboolean             easel_store_remove_format       (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);

/* Prompt examples */
gint64               easel_store_save_example        (EaselStore           *self,
                                                      const EaselPromptExample *example,
                                                      GError              **error);
EaselPromptExample  *easel_store_get_example         (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
EaselPromptExample  *easel_store_find_example        (EaselStore           *self,
                                                      const char           *name_or_id,
                                                      GError              **error);
GPtrArray           *easel_store_list_examples       (EaselStore           *self,
                                                      const char           *search,
                                                      GError              **error);
gboolean             easel_store_delete_example      (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);

/* Runs, jobs, results */
gboolean             easel_store_create_run          (EaselStore           *self,
                                                      EaselRun             *run,
                                                      GPtrArray            *jobs,
                                                      GError              **error);
EaselRun            *easel_store_get_run             (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
GPtrArray           *easel_store_list_jobs           (EaselStore           *self,
                                                      gint64                run_id,
                                                      GError              **error);
EaselJob            *easel_store_get_job             (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
gboolean             easel_store_update_job          (EaselStore           *self,
                                                      const EaselJob       *job,
                                                      GError              **error);
GPtrArray           *easel_store_list_unfinished_jobs (EaselStore          *self,
                                                      GError              **error);
GPtrArray           *easel_store_list_section_jobs   (EaselStore           *self,
                                                      gint64                section_id,
                                                      GError              **error);
GPtrArray           *easel_store_list_jobs_by_state  (EaselStore           *self,
                                                      EaselJobState         state,
                                                      GError              **error);
gint64               easel_store_add_result          (EaselStore           *self,
                                                      EaselResult          *result,
                                                      const EaselJob       *job,
                                                      GError              **error);
EaselResult         *easel_store_get_result          (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
GPtrArray           *easel_store_search_results      (EaselStore           *self,
                                                      const EaselResultQuery *query,
                                                      GError              **error);
gint64               easel_store_count_results       (EaselStore           *self,
                                                      const EaselResultQuery *query,
                                                      GError              **error);
gboolean             easel_store_set_result_favorite (EaselStore           *self,
                                                      gint64                id,
                                                      gboolean              favorite,
                                                      GError              **error);
gboolean             easel_store_set_result_rating   (EaselStore           *self,
                                                      gint64                id,
                                                      int                   rating,
                                                      GError              **error);
gboolean             easel_store_set_result_tags     (EaselStore           *self,
                                                      gint64                id,
                                                      char * const         *tags,
                                                      GError              **error);
gboolean             easel_store_delete_result       (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);

/* Posts and sections */
gint64               easel_store_save_post           (EaselStore           *self,
                                                      const EaselPost      *post,
                                                      GError              **error);
EaselPost           *easel_store_get_post            (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
EaselPost           *easel_store_find_post           (EaselStore           *self,
                                                      const char           *id_or_slug,
                                                      GError              **error);
GPtrArray           *easel_store_list_posts          (EaselStore           *self,
                                                      GError              **error);
gboolean             easel_store_delete_post         (EaselStore           *self,
                                                      gint64                id,
                                                      GError              **error);
gboolean             easel_store_replace_sections    (EaselStore           *self,
                                                      gint64                post_id,
                                                      GPtrArray            *sections,
                                                      GError              **error);
GPtrArray           *easel_store_list_sections       (EaselStore           *self,
                                                      gint64                post_id,
                                                      GError              **error);
gboolean             easel_store_update_section      (EaselStore           *self,
                                                      const EaselSection   *section,
                                                      GError              **error);
gint64               easel_store_save_post_with_sections (EaselStore       *self,
                                                      const EaselPost      *post,
                                                      GPtrArray            *sections,
                                                      GError              **error);

/* Image files, content-addressed */
char                *easel_store_write_image         (EaselStore           *self,
                                                      GBytes               *bytes,
                                                      const char           *extension,
                                                      char                **out_hash,
                                                      GError              **error);
char                *easel_store_get_image_path      (EaselStore           *self,
                                                      const char           *hash,
                                                      const char           *extension);
char                *easel_store_get_result_path     (EaselStore           *self,
                                                      const EaselResult    *result);
guint                easel_store_remove_temp_files   (EaselStore           *self);

G_END_DECLS
