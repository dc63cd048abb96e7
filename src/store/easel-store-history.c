/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-json.h"
#include "easel-store-private.h"

/* Runs, jobs and results: the history. A run and its jobs are written before anything is sent
 * to a provider, so nothing a user asked for can be silently dropped.
 */

static gboolean
insert_job (EaselStore  *self,
            EaselJob    *job,
            GError     **error)
{
  static const char sql[] =
    "INSERT INTO jobs (run_id, provider_id, provider_name, provider_kind, model, seed, prompt, "
    "negative_prompt, state, remote_id, server_url, owner, section_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
  sqlite3_stmt *stmt = _easel_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->run_id);
  _easel_bind_text (stmt, 2, job->provider_id);
  _easel_bind_text (stmt, 3, job->provider_name);
  _easel_bind_text (stmt, 4, job->provider_kind != NULL ? job->provider_kind : "");
  _easel_bind_text (stmt, 5, job->model);
  _easel_bind_int_or_null (stmt, 6, job->has_seed, job->seed);
  _easel_bind_text (stmt, 7, job->prompt != NULL ? job->prompt : "");
  _easel_bind_text (stmt, 8, job->negative_prompt);
  _easel_bind_text (stmt, 9, easel_job_state_to_string (job->state));
  _easel_bind_text (stmt, 10, job->remote_id);
  _easel_bind_text (stmt, 11, job->server_url);
  _easel_bind_text (stmt, 12, job->owner);
  _easel_bind_int_or_null (stmt, 13, job->section_id > 0, job->section_id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the job"), error))
    return FALSE;
  job->id = sqlite3_last_insert_rowid (self->db);
  job->created_at = g_get_real_time () / G_USEC_PER_SEC;
  return TRUE;
}

/**
 * easel_store_create_run:
 * @run: the run; its id and created_at are set
 * @jobs: (element-type EaselJob): its jobs; their ids and run ids are set
 *
 * Writes the run and all its jobs in one transaction.
 */
gboolean
easel_store_create_run (EaselStore  *self,
                        EaselRun    *run,
                        GPtrArray   *jobs,
                        GError     **error)
{
  static const char sql[] =
    "INSERT INTO runs (prompt, negative_prompt, style, format, example_id, settings, providers, "
    "count, post_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id, created_at";
  g_autofree char *settings = NULL;
  g_autofree char *providers = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (run != NULL && jobs != NULL, FALSE);

  if (!_easel_store_begin (self, error))
    return FALSE;

  stmt = _easel_store_prepare (self, sql, &local_error);
  if (stmt == NULL)
    goto fail;
  settings = easel_image_setting_to_json_string (run->setting, FALSE);
  providers = _easel_strv_to_json (run->providers);
  _easel_bind_text (stmt, 1, run->prompt);
  _easel_bind_text (stmt, 2, run->negative_prompt);
  _easel_bind_text (stmt, 3, run->style);
  _easel_bind_text (stmt, 4, run->format);
  _easel_bind_int_or_null (stmt, 5, run->example_id > 0, run->example_id);
  _easel_bind_text (stmt, 6, settings);
  _easel_bind_text (stmt, 7, providers);
  sqlite3_bind_int (stmt, 8, MAX (run->count, 1));
  _easel_bind_int_or_null (stmt, 9, run->post_id > 0, run->post_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _easel_store_set_error (self->db, rc, _("Cannot save the run"), &local_error);
      sqlite3_reset (stmt);
      goto fail;
    }
  run->id = sqlite3_column_int64 (stmt, 0);
  run->created_at = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      job->run_id = run->id;
      if (!insert_job (self, job, &local_error))
        goto fail;
    }

  if (_easel_store_commit (self, &local_error))
    return TRUE;

fail:
  _easel_store_rollback (self);
  run->id = 0;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

EaselRun *
easel_store_get_run (EaselStore  *self,
                     gint64       id,
                     GError     **error)
{
  static const char sql[] =
    "SELECT id, created_at, prompt, negative_prompt, style, format, example_id, settings, "
    "providers, count, post_id FROM runs WHERE id = ?";
  EaselRun *run = NULL;
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = NULL;

      run = easel_run_new ((const char *) sqlite3_column_text (stmt, 2));
      run->id = sqlite3_column_int64 (stmt, 0);
      run->created_at = sqlite3_column_int64 (stmt, 1);
      run->negative_prompt = _easel_column_dup_text (stmt, 3);
      run->style = _easel_column_dup_text (stmt, 4);
      run->format = _easel_column_dup_text (stmt, 5);
      run->example_id = sqlite3_column_int64 (stmt, 6);
      node = easel_json_parse ((const char *) sqlite3_column_text (stmt, 7), -1, NULL);
      if (node != NULL)
        {
          EaselImageSetting *setting = easel_image_setting_from_json (node, NULL);
          if (setting != NULL)
            {
              easel_image_setting_free (run->setting);
              run->setting = setting;
            }
        }
      run->providers = _easel_strv_from_json ((const char *) sqlite3_column_text (stmt, 8));
      run->count = sqlite3_column_int (stmt, 9);
      run->post_id = sqlite3_column_int64 (stmt, 10);
    }
  sqlite3_reset (stmt);
  if (run == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no run %" G_GINT64_FORMAT), id);
  return run;
}

#define JOB_SELECT \
  "SELECT j.id, j.run_id, j.provider_id, j.provider_name, j.provider_kind, j.model, j.seed, " \
  "j.prompt, j.negative_prompt, j.state, j.remote_id, j.server_url, j.attempts, j.error_code, " \
  "j.error_message, j.owner, j.created_at, j.started_at, j.finished_at, " \
  "(SELECT max (r.id) FROM results r WHERE r.job_id = j.id), j.section_id FROM jobs j "

static EaselJob *
read_job (sqlite3_stmt *stmt)
{
  EaselJob *job = easel_job_new ();

  job->id = sqlite3_column_int64 (stmt, 0);
  job->run_id = sqlite3_column_int64 (stmt, 1);
  job->provider_id = _easel_column_dup_text (stmt, 2);
  job->provider_name = _easel_column_dup_text (stmt, 3);
  job->provider_kind = _easel_column_dup_text (stmt, 4);
  job->model = _easel_column_dup_text (stmt, 5);
  job->has_seed = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  job->seed = sqlite3_column_int64 (stmt, 6);
  job->prompt = _easel_column_dup_text (stmt, 7);
  job->negative_prompt = _easel_column_dup_text (stmt, 8);
  job->state = easel_job_state_from_string ((const char *) sqlite3_column_text (stmt, 9));
  job->remote_id = _easel_column_dup_text (stmt, 10);
  job->server_url = _easel_column_dup_text (stmt, 11);
  job->attempts = sqlite3_column_int (stmt, 12);
  job->error_code = _easel_column_dup_text (stmt, 13);
  job->error_message = _easel_column_dup_text (stmt, 14);
  job->owner = _easel_column_dup_text (stmt, 15);
  job->created_at = sqlite3_column_int64 (stmt, 16);
  job->started_at = sqlite3_column_int64 (stmt, 17);
  job->finished_at = sqlite3_column_int64 (stmt, 18);
  job->result_id = sqlite3_column_int64 (stmt, 19);
  job->section_id = sqlite3_column_int64 (stmt, 20);
  return job;
}

static GPtrArray *
list_jobs (EaselStore    *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_job,
                                 (GDestroyNotify) easel_job_free, _("Cannot read the jobs"), error);
}

GPtrArray *
easel_store_list_jobs (EaselStore  *self,
                       gint64       run_id,
                       GError     **error)
{
  static const char sql[] = JOB_SELECT "WHERE j.run_id = ? ORDER BY j.id";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return list_jobs (self, stmt, error);
}

/**
 * easel_store_list_section_jobs:
 *
 * Returns: (element-type EaselJob) (transfer container): every job made for the post section,
 * oldest first, each with its result id when it has one
 */
GPtrArray *
easel_store_list_section_jobs (EaselStore  *self,
                               gint64       section_id,
                               GError     **error)
{
  static const char sql[] = JOB_SELECT "WHERE j.section_id = ? ORDER BY j.id";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, section_id);
  return list_jobs (self, stmt, error);
}

/* Jobs that are queued or running: after a crash, those of a dead owner are interrupted. */
GPtrArray *
easel_store_list_unfinished_jobs (EaselStore  *self,
                                  GError     **error)
{
  static const char sql[] =
    JOB_SELECT "WHERE j.state IN ('queued', 'running') ORDER BY j.id";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return list_jobs (self, stmt, error);
}

GPtrArray *
easel_store_list_jobs_by_state (EaselStore     *self,
                                EaselJobState   state,
                                GError        **error)
{
  static const char sql[] = JOB_SELECT "WHERE j.state = ? ORDER BY j.id";
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _easel_bind_text (stmt, 1, easel_job_state_to_string (state));
  return list_jobs (self, stmt, error);
}

EaselJob *
easel_store_get_job (EaselStore  *self,
                     gint64       id,
                     GError     **error)
{
  static const char sql[] = JOB_SELECT "WHERE j.id = ?";
  EaselJob *job = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, NULL, id, (EaselRowReader) read_job,
                             (gpointer *) &job, error))
    return NULL;
  if (job == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no job %" G_GINT64_FORMAT), id);
  return job;
}

static gboolean
update_job_row (EaselStore      *self,
                const EaselJob  *job,
                GError         **error)
{
  static const char sql[] =
    "UPDATE jobs SET state = ?1, remote_id = ?2, server_url = ?3, attempts = ?4, "
    "error_code = ?5, error_message = ?6, owner = ?7, started_at = ?8, finished_at = ?9, "
    "seed = ?10, model = ?11 WHERE id = ?12 AND state <> 'done'";
  sqlite3_stmt *stmt = _easel_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, easel_job_state_to_string (job->state));
  _easel_bind_text (stmt, 2, job->remote_id);
  _easel_bind_text (stmt, 3, job->server_url);
  sqlite3_bind_int (stmt, 4, job->attempts);
  _easel_bind_text (stmt, 5, job->error_code);
  _easel_bind_text (stmt, 6, job->error_message);
  _easel_bind_text (stmt, 7, job->owner);
  _easel_bind_int_or_null (stmt, 8, job->started_at > 0, job->started_at);
  _easel_bind_int_or_null (stmt, 9, job->finished_at > 0, job->finished_at);
  _easel_bind_int_or_null (stmt, 10, job->has_seed, job->seed);
  _easel_bind_text (stmt, 11, job->model);
  sqlite3_bind_int64 (stmt, 12, job->id);
  if (!_easel_store_step_done (self, stmt, _("Cannot save the job"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      /* Done is final: the result writer stored it with the image, and an older state written
       * late must not undo it. Only a job that does not exist is an error.
       */
      g_autoptr(EaselJob) stored = easel_store_get_job (self, job->id, NULL);

      if (stored != NULL && stored->state == EASEL_JOB_DONE)
        return TRUE;
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no job %" G_GINT64_FORMAT), job->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
easel_store_update_job (EaselStore      *self,
                        const EaselJob  *job,
                        GError         **error)
{
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (job != NULL && job->id > 0, FALSE);

  return update_job_row (self, job, error);
}

static char *
adjustments_to_json (char * const *adjustments)
{
  return _easel_strv_to_json (adjustments);
}

/**
 * easel_store_add_result:
 * @result: the result; its id and created_at are set. Its image file must already be on disk
 *   (easel_store_write_image()), so a committed row always names an existing file.
 * @job: (nullable): the job that made it, updated (done) in the same transaction
 *
 * Returns: the result's id, or 0 on error.
 */
gint64
easel_store_add_result (EaselStore      *self,
                        EaselResult     *result,
                        const EaselJob  *job,
                        GError         **error)
{
  static const char sql[] =
    "INSERT INTO results (job_id, run_id, provider_name, provider_kind, model, prompt, "
    "negative_prompt, settings, adjustments, seed, width, height, duration_ms, cost_usd, "
    "revised_prompt, file_hash, mime_type, favorite, rating, tags, request_id, usage, infotext, "
    "section_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) RETURNING id, created_at";
  g_autofree char *settings = NULL;
  g_autofree char *adjustments = NULL;
  g_autofree char *tags = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);
  g_return_val_if_fail (result != NULL && result->file_hash != NULL, 0);

  if (!_easel_store_begin (self, error))
    return 0;

  stmt = _easel_store_prepare (self, sql, &local_error);
  if (stmt == NULL)
    goto fail;

  settings = easel_image_setting_to_json_string (result->setting, FALSE);
  adjustments = adjustments_to_json (result->adjustments);
  tags = result->tags != NULL ? g_strjoinv (", ", result->tags) : g_strdup ("");
  _easel_bind_int_or_null (stmt, 1, result->job_id > 0, result->job_id);
  _easel_bind_int_or_null (stmt, 2, result->run_id > 0, result->run_id);
  _easel_bind_text (stmt, 3, result->provider_name != NULL ? result->provider_name : "");
  _easel_bind_text (stmt, 4, result->provider_kind != NULL ? result->provider_kind : "");
  _easel_bind_text (stmt, 5, result->model);
  _easel_bind_text (stmt, 6, result->prompt != NULL ? result->prompt : "");
  _easel_bind_text (stmt, 7, result->negative_prompt);
  _easel_bind_text (stmt, 8, settings);
  _easel_bind_text (stmt, 9, adjustments);
  _easel_bind_int_or_null (stmt, 10, result->has_seed, result->seed);
  sqlite3_bind_int (stmt, 11, result->width);
  sqlite3_bind_int (stmt, 12, result->height);
  sqlite3_bind_int64 (stmt, 13, result->duration_ms);
  if (result->has_cost)
    sqlite3_bind_double (stmt, 14, result->cost_usd);
  else
    sqlite3_bind_null (stmt, 14);
  _easel_bind_text (stmt, 15, result->revised_prompt);
  _easel_bind_text (stmt, 16, result->file_hash);
  _easel_bind_text (stmt, 17, result->mime_type != NULL ? result->mime_type : "image/png");
  sqlite3_bind_int (stmt, 18, result->favorite ? 1 : 0);
  sqlite3_bind_int (stmt, 19, result->rating);
  _easel_bind_text (stmt, 20, tags);
  _easel_bind_text (stmt, 21, result->request_id);
  _easel_bind_text (stmt, 22, result->usage_json);
  _easel_bind_text (stmt, 23, result->infotext);
  _easel_bind_int_or_null (stmt, 24, result->section_id > 0, result->section_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _easel_store_set_error (self->db, rc, _("Cannot save the result"), &local_error);
      sqlite3_reset (stmt);
      goto fail;
    }
  result->id = sqlite3_column_int64 (stmt, 0);
  result->created_at = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  if (job != NULL && !update_job_row (self, job, &local_error))
    goto fail;

  if (_easel_store_commit (self, &local_error))
    return result->id;

fail:
  _easel_store_rollback (self);
  result->id = 0;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return 0;
}

#define RESULT_COLUMNS \
  "r.id, r.job_id, r.run_id, r.provider_name, r.provider_kind, r.model, r.prompt, " \
  "r.negative_prompt, r.settings, r.adjustments, r.seed, r.width, r.height, r.duration_ms, " \
  "r.cost_usd, r.revised_prompt, r.file_hash, r.mime_type, r.favorite, r.rating, r.tags, " \
  "r.created_at, r.request_id, r.usage, r.infotext, r.section_id"

static EaselResult *
read_result (sqlite3_stmt *stmt)
{
  EaselResult *result = easel_result_new ();
  g_autoptr(JsonNode) settings = NULL;

  result->id = sqlite3_column_int64 (stmt, 0);
  result->job_id = sqlite3_column_int64 (stmt, 1);
  result->run_id = sqlite3_column_int64 (stmt, 2);
  result->provider_name = _easel_column_dup_text (stmt, 3);
  result->provider_kind = _easel_column_dup_text (stmt, 4);
  result->model = _easel_column_dup_text (stmt, 5);
  result->prompt = _easel_column_dup_text (stmt, 6);
  result->negative_prompt = _easel_column_dup_text (stmt, 7);
  settings = easel_json_parse ((const char *) sqlite3_column_text (stmt, 8), -1, NULL);
  if (settings != NULL)
    {
      EaselImageSetting *setting = easel_image_setting_from_json (settings, NULL);
      if (setting != NULL)
        {
          easel_image_setting_free (result->setting);
          result->setting = setting;
        }
    }
  result->adjustments = _easel_strv_from_json ((const char *) sqlite3_column_text (stmt, 9));
  result->has_seed = sqlite3_column_type (stmt, 10) != SQLITE_NULL;
  result->seed = sqlite3_column_int64 (stmt, 10);
  result->width = sqlite3_column_int (stmt, 11);
  result->height = sqlite3_column_int (stmt, 12);
  result->duration_ms = sqlite3_column_int64 (stmt, 13);
  result->has_cost = sqlite3_column_type (stmt, 14) != SQLITE_NULL;
  result->cost_usd = sqlite3_column_double (stmt, 14);
  result->revised_prompt = _easel_column_dup_text (stmt, 15);
  result->file_hash = _easel_column_dup_text (stmt, 16);
  result->mime_type = _easel_column_dup_text (stmt, 17);
  result->favorite = sqlite3_column_int (stmt, 18) != 0;
  result->rating = sqlite3_column_int (stmt, 19);
  result->tags = easel_tags_parse ((const char *) sqlite3_column_text (stmt, 20));
  result->created_at = sqlite3_column_int64 (stmt, 21);
  result->request_id = _easel_column_dup_text (stmt, 22);
  result->usage_json = _easel_column_dup_text (stmt, 23);
  result->infotext = _easel_column_dup_text (stmt, 24);
  result->section_id = sqlite3_column_int64 (stmt, 25);
  return result;
}

EaselResult *
easel_store_get_result (EaselStore  *self,
                        gint64       id,
                        GError     **error)
{
  static const char sql[] = "SELECT " RESULT_COLUMNS " FROM results r WHERE r.id = ?";
  EaselResult *result = NULL;
  STORE_LOCKED (self);

  if (!_easel_store_get_row (self, sql, NULL, id, (EaselRowReader) read_result,
                             (gpointer *) &result, error))
    return NULL;
  if (result == NULL)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                 _("There is no result %" G_GINT64_FORMAT), id);
  return result;
}

/* Builds the WHERE clause of a result query. With a search, the FTS index drives the scan in
 * descending rowid order, so the newest matches come first without sorting every match.
 */
static char *
build_query_sql (const EaselResultQuery *query,
                 const char             *fts,
                 gboolean                count)
{
  GString *sql = g_string_new (NULL);

  if (count)
    g_string_append (sql, "SELECT count (*) ");
  else
    g_string_append (sql, "SELECT " RESULT_COLUMNS " ");

  if (fts != NULL)
    g_string_append (sql, "FROM results_fts f JOIN results r ON r.id = f.rowid "
                          "WHERE results_fts MATCH :fts ");
  else
    g_string_append (sql, "FROM results r WHERE 1 ");

  if (query->provider != NULL)
    g_string_append (sql, "AND r.provider_name = :provider ");
  if (query->favorites_only)
    g_string_append (sql, "AND r.favorite = 1 ");
  if (query->run_id > 0)
    g_string_append (sql, "AND r.run_id = :run ");
  if (query->section_id > 0)
    g_string_append (sql, "AND r.section_id = :section ");

  if (!count)
    {
      if (fts != NULL)
        g_string_append (sql, "ORDER BY f.rowid DESC ");
      else
        g_string_append (sql, "ORDER BY r.id DESC ");
      g_string_append (sql, "LIMIT :limit OFFSET :offset");
    }
  return g_string_free (sql, FALSE);
}

static void
bind_query (sqlite3_stmt           *stmt,
            const EaselResultQuery *query,
            const char             *fts)
{
  int index;

  if ((index = sqlite3_bind_parameter_index (stmt, ":fts")) > 0)
    _easel_bind_text (stmt, index, fts);
  if ((index = sqlite3_bind_parameter_index (stmt, ":provider")) > 0)
    _easel_bind_text (stmt, index, query->provider);
  if ((index = sqlite3_bind_parameter_index (stmt, ":run")) > 0)
    sqlite3_bind_int64 (stmt, index, query->run_id);
  if ((index = sqlite3_bind_parameter_index (stmt, ":section")) > 0)
    sqlite3_bind_int64 (stmt, index, query->section_id);
  if ((index = sqlite3_bind_parameter_index (stmt, ":limit")) > 0)
    sqlite3_bind_int (stmt, index, query->limit > 0 ? query->limit : 100);
  if ((index = sqlite3_bind_parameter_index (stmt, ":offset")) > 0)
    sqlite3_bind_int (stmt, index, MAX (query->offset, 0));
}

/**
 * easel_store_search_results:
 *
 * Returns: (element-type EaselResult) (transfer container): newest first.
 */
GPtrArray *
easel_store_search_results (EaselStore              *self,
                            const EaselResultQuery  *query,
                            GError                 **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  STORE_LOCKED (self);

  g_return_val_if_fail (EASEL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  fts = _easel_store_fts_query (query->search);
  sql = build_query_sql (query, fts, FALSE);
  /* The few query shapes are cached like every statement; the key must outlive it. */
  stmt = _easel_store_prepare (self, g_intern_string (sql), error);
  if (stmt == NULL)
    return NULL;
  bind_query (stmt, query, fts);
  return _easel_store_read_rows (self, stmt, (EaselRowReader) read_result,
                                 (GDestroyNotify) easel_result_free,
                                 _("Cannot search the history"), error);
}

gint64
easel_store_count_results (EaselStore              *self,
                           const EaselResultQuery  *query,
                           GError                 **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;
  STORE_LOCKED (self);

  fts = _easel_store_fts_query (query->search);
  sql = build_query_sql (query, fts, TRUE);
  stmt = _easel_store_prepare (self, g_intern_string (sql), error);
  if (stmt == NULL)
    return -1;
  bind_query (stmt, query, fts);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _easel_store_set_error (self->db, rc, _("Cannot count the history"), error);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
update_result_int (EaselStore  *self,
                   const char  *sql,
                   gint64       id,
                   gint64       value,
                   GError     **error)
{
  sqlite3_stmt *stmt = _easel_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_easel_store_step_done (self, stmt, _("Cannot update the result"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no result %" G_GINT64_FORMAT), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
easel_store_set_result_favorite (EaselStore  *self,
                                 gint64       id,
                                 gboolean     favorite,
                                 GError     **error)
{
  STORE_LOCKED (self);
  return update_result_int (self, "UPDATE results SET favorite = ? WHERE id = ?", id,
                            favorite ? 1 : 0, error);
}

gboolean
easel_store_set_result_rating (EaselStore  *self,
                               gint64       id,
                               int          rating,
                               GError     **error)
{
  STORE_LOCKED (self);

  if (rating < 0 || rating > 5)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A rating is between 1 and 5 (0 clears it)"));
      return FALSE;
    }
  return update_result_int (self, "UPDATE results SET rating = ? WHERE id = ?", id, rating,
                            error);
}

gboolean
easel_store_set_result_tags (EaselStore    *self,
                             gint64         id,
                             char * const  *tags,
                             GError       **error)
{
  g_autofree char *joined = tags != NULL ? g_strjoinv (", ", (GStrv) tags) : g_strdup ("");
  sqlite3_stmt *stmt;
  STORE_LOCKED (self);

  stmt = _easel_store_prepare (self, "UPDATE results SET tags = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _easel_bind_text (stmt, 1, joined);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_easel_store_step_done (self, stmt, _("Cannot update the result"), error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
                   _("There is no result %" G_GINT64_FORMAT), id);
      return FALSE;
    }
  return TRUE;
}

/* Deletes the row; the image file stays if another result names the same bytes. */
gboolean
easel_store_delete_result (EaselStore  *self,
                           gint64       id,
                           GError     **error)
{
  STORE_LOCKED (self);
  return update_result_int (self, "DELETE FROM results WHERE ?1 IS NOT NULL AND id = ?2", id, 1,
                            error);
}
