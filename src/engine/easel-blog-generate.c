/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-blog"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-blog-private.h"

/* Generating for a post: one engine run per section, each tagged with the post and the
 * section, so every job and result knows where it belongs. Progress comes through the
 * engine's own signals (job-changed carries the section); this task ends when every run has
 * finished, and reports each section's jobs and images.
 */

/* After the last run finishes, the engine records the final job states in worker threads:
 * wait this long at most for them to land before reporting.
 */
#define SETTLE_TIMEOUT_US (5 * G_USEC_PER_SEC)

static void
section_run_free (EaselBlogSectionRun *run)
{
  g_free (run->heading);
  g_clear_pointer (&run->jobs, g_ptr_array_unref);
  g_clear_pointer (&run->results, g_ptr_array_unref);
  g_free (run);
}

void
easel_generate_report_free (EaselGenerateReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->sections, g_ptr_array_unref);
  g_free (report);
}

static gboolean
wanted (EaselSection *section,
        const gint64 *ids,
        guint         n_ids)
{
  if (ids == NULL || n_ids == 0)
    return TRUE;
  for (guint i = 0; i < n_ids; i++)
    if (ids[i] == section->id)
      return TRUE;
  return FALSE;
}

static gboolean
check_provider (EaselStore  *store,
                const char  *name,
                GError     **error)
{
  g_autoptr(EaselProviderConfig) config = easel_store_find_provider (store, name, error);

  if (config == NULL)
    return FALSE;
  if (!config->enabled)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The provider “%s” is turned off; turn it on in Preferences"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * easel_blog_plan_runs:
 * @section_ids: (array length=n_section_ids) (nullable): the sections to generate for, or
 *   %NULL for all
 * @providers: (nullable): provider names for every section, or %NULL for each section's
 *   linked example's
 * @fallback_providers: (nullable): with @providers %NULL, the providers of the sections whose
 *   linked example has none (or that link no example)
 * @count: images per provider, or 0 for the linked example's count (else 1)
 *
 * The runs a generation submits, one per section in post order, checked before anything is
 * sent: every section has a prompt and at least one provider, and every provider exists and
 * is turned on. Blocks.
 *
 * Returns: (transfer container) (element-type EaselRun): the runs
 */
GPtrArray *
easel_blog_plan_runs (EaselEngine         *engine,
                      gint64               post_id,
                      const gint64        *section_ids,
                      guint                n_section_ids,
                      const char * const  *providers,
                      const char * const  *fallback_providers,
                      int                  count,
                      GError             **error)
{
  EaselStore *store = easel_engine_get_store (engine);
  g_autoptr(EaselPost) post = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_run_free);
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);

  if (count < 0 || count > EASEL_SETTING_MAX_COUNT)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Count must be between 1 and %d"), EASEL_SETTING_MAX_COUNT);
      return NULL;
    }
  post = easel_store_get_post (store, post_id, error);
  if (post == NULL)
    return NULL;
  sections = easel_store_list_sections (store, post_id, error);
  if (sections == NULL)
    return NULL;

  for (guint i = 0; i < n_section_ids && section_ids != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint s = 0; s < sections->len && !found; s++)
        found = ((EaselSection *) g_ptr_array_index (sections, s))->id == section_ids[i];
      if (!found)
        {
          g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION,
                       _("“%s” has no section %" G_GINT64_FORMAT), post->title, section_ids[i]);
          return NULL;
        }
    }

  for (guint s = 0; s < sections->len; s++)
    {
      EaselSection *section = g_ptr_array_index (sections, s);
      g_autoptr(EaselPromptExample) example = NULL;
      g_autoptr(EaselRun) run = NULL;
      g_autofree char *prompt = NULL;
      const char * const *names;
      int images = 0;

      if (!wanted (section, section_ids, n_section_ids))
        continue;

      if (section->example_id > 0)
        {
          example = easel_store_get_example (store, section->example_id, error);
          if (example == NULL)
            return NULL;
        }
      prompt = easel_section_resolve_prompt (post, section, example, NULL);
      run = easel_run_new (prompt);
      run->post_id = post->id;
      run->section_id = section->id;
      run->example_id = example != NULL ? example->id : 0;

      if (section->setting_id > 0)
        {
          g_autoptr(EaselSettingRow) row = easel_store_get_setting (store, section->setting_id,
                                                                    error);
          if (row == NULL)
            return NULL;
          easel_image_setting_free (run->setting);
          run->setting = easel_image_setting_copy (row->setting);
          g_clear_pointer (&run->setting->prompt, g_free);
          g_clear_pointer (&run->setting->source_text, g_free);
          images = run->setting->count;
          run->setting->count = 0;
        }

      if (providers != NULL && providers[0] != NULL)
        {
          run->providers = g_strdupv ((GStrv) providers);
          names = providers;
        }
      else if (example != NULL && example->providers != NULL && example->providers[0] != NULL)
        names = (const char * const *) example->providers;   /* the engine takes them */
      else if (fallback_providers != NULL && fallback_providers[0] != NULL)
        {
          run->providers = g_strdupv ((GStrv) fallback_providers);
          names = fallback_providers;
        }
      else
        {
          g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_PROVIDER,
                       _("Section %d (“%s”) has no provider: link a prompt example that has "
                         "one, or choose a provider"),
                       section->position, section->heading);
          return NULL;
        }
      for (guint p = 0; names[p] != NULL; p++)
        {
          if (g_hash_table_contains (checked, names[p]))
            continue;
          if (!check_provider (store, names[p], error))
            return NULL;
          g_hash_table_add (checked, g_strdup (names[p]));
        }

      if (count > 0)
        images = count;
      else if (example != NULL && example->setting->count > 0 && images == 0)
        images = example->setting->count;
      run->count = images > 0 ? images : 1;

      g_ptr_array_add (runs, g_steal_pointer (&run));
    }

  if (runs->len == 0)
    {
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION,
                   _("“%s” has no sections to generate for"), post->title);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

/* ---- the generation ---------------------------------------------------------------------- */

typedef struct
{
  gint64      post_id;
  GArray     *section_ids;     /* gint64 */
  GStrv       providers;
  GStrv       fallback_providers;
  int         count;

  GPtrArray  *runs;            /* EaselRun, planned */
  guint       next;            /* the next run to submit */
  GArray     *run_ids;         /* gint64, submitted, parallel to runs[0 … next) */
  GHashTable *finished;        /* run ids the engine said are finished */
  gboolean    submitting;
  gboolean    collecting;
  gboolean    cancelled;
  GError     *error;

  gulong      finished_handler;
  gulong      cancel_handler;
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_pointer (&gen->section_ids, g_array_unref);
  g_clear_pointer (&gen->providers, g_strfreev);
  g_clear_pointer (&gen->fallback_providers, g_strfreev);
  g_clear_pointer (&gen->runs, g_ptr_array_unref);
  g_clear_pointer (&gen->run_ids, g_array_unref);
  g_clear_pointer (&gen->finished, g_hash_table_unref);
  g_clear_error (&gen->error);
  g_free (gen);
}

static void submit_next (GTask *task);

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Generation *gen = task_data;
  GError *error = NULL;
  GPtrArray *runs;

  runs = easel_blog_plan_runs (source_object, gen->post_id,
                               (const gint64 *) gen->section_ids->data, gen->section_ids->len,
                               (const char * const *) gen->providers,
                               (const char * const *) gen->fallback_providers, gen->count,
                               &error);
  if (runs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, runs, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
job_is_settled (EaselJob *job)
{
  return easel_job_state_is_final (job->state);
}

/* Reads what the runs did, once the engine's last state writes have landed. */
static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EaselStore *store = easel_engine_get_store (source_object);
  Generation *gen = task_data;
  g_autoptr(EaselGenerateReport) report = g_new0 (EaselGenerateReport, 1);
  GError *error = NULL;

  report->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_run_free);
  for (guint i = 0; i < gen->run_ids->len; i++)
    {
      EaselRun *planned = g_ptr_array_index (gen->runs, i);
      EaselBlogSectionRun *section_run = g_new0 (EaselBlogSectionRun, 1);
      gint64 deadline = g_get_monotonic_time () + SETTLE_TIMEOUT_US;
      gboolean settled = FALSE;

      section_run->section_id = planned->section_id;
      section_run->run_id = g_array_index (gen->run_ids, gint64, i);
      section_run->results = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_result_free);
      g_ptr_array_add (report->sections, section_run);

      while (!settled)
        {
          g_clear_pointer (&section_run->jobs, g_ptr_array_unref);
          section_run->jobs = easel_store_list_jobs (store, section_run->run_id, &error);
          if (section_run->jobs == NULL)
            {
              g_task_return_error (task, error);
              return;
            }
          _easel_blog_settle_jobs (section_run->jobs);
          settled = TRUE;
          for (guint j = 0; j < section_run->jobs->len; j++)
            settled = settled && job_is_settled (g_ptr_array_index (section_run->jobs, j));
          if (!settled && g_get_monotonic_time () > deadline)
            break;
          if (!settled)
            g_usleep (10000);
        }

      for (guint j = 0; j < section_run->jobs->len; j++)
        {
          EaselJob *job = g_ptr_array_index (section_run->jobs, j);

          if (job->state == EASEL_JOB_DONE)
            report->done++;
          else if (job->state == EASEL_JOB_CANCELLED)
            report->cancelled++;
          else
            report->failed++;
          if (job->result_id > 0)
            {
              EaselResult *result = easel_store_get_result (store, job->result_id, NULL);
              if (result != NULL)
                g_ptr_array_add (section_run->results, result);
            }
        }
    }

  /* Headings and positions as they are now (the post may have been re-imported meanwhile). */
  {
    g_autoptr(GPtrArray) sections = easel_store_list_sections (store, gen->post_id, NULL);

    for (guint i = 0; i < report->sections->len; i++)
      {
        EaselBlogSectionRun *section_run = g_ptr_array_index (report->sections, i);

        for (guint s = 0; sections != NULL && s < sections->len; s++)
          {
            EaselSection *section = g_ptr_array_index (sections, s);

            if (section->id == section_run->section_id)
              {
                section_run->position = section->position;
                section_run->heading = g_strdup (section->heading);
              }
          }
        if (section_run->heading == NULL)
          section_run->heading = g_strdup ("");
      }
  }

  if (gen->cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else if (gen->error != NULL)
    g_task_return_error (task, g_steal_pointer (&gen->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&report),
                           (GDestroyNotify) easel_generate_report_free);
}

static void
collect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  EaselGenerateReport *report;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) easel_generate_report_free);
}

static void
maybe_complete (GTask *task)
{
  Generation *gen = g_task_get_task_data (task);
  EaselEngine *engine = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GTask) collect = NULL;

  if (gen->submitting || gen->collecting)
    return;
  for (guint i = 0; i < gen->run_ids->len; i++)
    if (!g_hash_table_contains (gen->finished, &g_array_index (gen->run_ids, gint64, i)))
      return;

  gen->collecting = TRUE;
  if (gen->cancel_handler != 0)
    {
      g_cancellable_disconnect (cancellable, gen->cancel_handler);
      gen->cancel_handler = 0;
    }

  /* The collector reads the generation: it must not run while it changes, and nothing else
   * changes it once every run is finished.
   */
  collect = g_task_new (engine, NULL, collect_done_cb, g_object_ref (task));
  g_task_set_task_data (collect, gen, NULL);
  g_task_run_in_thread (collect, collect_thread);

  /* Last: the handler holds a reference on @task. */
  g_clear_signal_handler (&gen->finished_handler, engine);
}

static void
on_run_finished (EaselEngine *engine,
                 gint64       run_id,
                 GTask       *task)
{
  Generation *gen = g_task_get_task_data (task);
  gint64 *key = g_memdup2 (&run_id, sizeof run_id);

  g_hash_table_add (gen->finished, key);
  maybe_complete (task);
}

static gboolean
cancel_in_main_cb (gpointer user_data)
{
  GTask *task = user_data;
  Generation *gen = g_task_get_task_data (task);
  EaselEngine *engine = g_task_get_source_object (task);

  if (gen->cancelled)
    return G_SOURCE_REMOVE;
  gen->cancelled = TRUE;
  for (guint i = 0; i < gen->run_ids->len; i++)
    easel_engine_cancel_run (engine, g_array_index (gen->run_ids, gint64, i));
  return G_SOURCE_REMOVE;
}

/* "cancelled" is emitted in the thread that cancels: act on it in the task's context. */
static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, cancel_in_main_cb,
                              g_object_ref (task), g_object_unref);
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Generation *gen = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 run_id;

  run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  if (run_id == 0)
    {
      /* Planned runs were checked, so this is the store failing: send no more, let the runs
       * already sent finish, then report it.
       */
      g_propagate_error (&gen->error, error);
      gen->submitting = FALSE;
      maybe_complete (task);
      return;
    }
  g_array_append_val (gen->run_ids, run_id);
  gen->next++;
  if (gen->cancelled)
    easel_engine_cancel_run (EASEL_ENGINE (object), run_id);
  submit_next (g_steal_pointer (&task));
}

static void
submit_next (GTask *task)
{
  Generation *gen = g_task_get_task_data (task);

  if (gen->cancelled || gen->next >= gen->runs->len)
    {
      gen->submitting = FALSE;
      maybe_complete (task);
      g_object_unref (task);
      return;
    }
  /* No cancellable here: a run, once stored, is always dispatched; a cancel then cancels it
   * through the engine, so no job is left queued with nobody to run it.
   */
  easel_engine_submit_async (g_task_get_source_object (task),
                             g_ptr_array_index (gen->runs, gen->next), NULL, submitted_cb,
                             task);
}

static void
planned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Generation *gen = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  gen->runs = g_task_propagate_pointer (G_TASK (result), &error);
  if (gen->runs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }

  gen->submitting = TRUE;
  gen->finished_handler = g_signal_connect_data (object, "run-finished",
                                                 G_CALLBACK (on_run_finished),
                                                 g_object_ref (task),
                                                 (GClosureNotify) (void (*) (void)) g_object_unref,
                                                 0);
  if (cancellable != NULL)
    gen->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                 g_object_ref (task), g_object_unref);
  submit_next (g_steal_pointer (&task));
}

/**
 * easel_blog_generate_async:
 * @section_ids: (array length=n_section_ids) (nullable): the sections, or %NULL for all
 * @providers: (nullable): provider names for every section, or %NULL for each section's
 *   linked example's
 * @fallback_providers: (nullable): with @providers %NULL, for sections without example providers
 * @count: images per provider, or 0 for the linked example's (else 1)
 * @cancellable: cancels every run of the generation (the task still waits until the engine
 *   has cancelled them, then fails with %G_IO_ERROR_CANCELLED)
 *
 * Plans the runs (see easel_blog_plan_runs()), submits one engine run per section, and
 * finishes when all of them have finished. Follow the progress with the engine's
 * #EaselEngine::job-changed, whose jobs carry their section.
 */
void
easel_blog_generate_async (EaselEngine         *engine,
                           gint64               post_id,
                           const gint64        *section_ids,
                           guint                n_section_ids,
                           const char * const  *providers,
                           const char * const  *fallback_providers,
                           int                  count,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) plan = NULL;
  Generation *gen;

  g_return_if_fail (EASEL_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_blog_generate_async);
  /* The result says what happened, cancelled or not, only once the engine is done. */
  g_task_set_check_cancellable (task, FALSE);

  gen = g_new0 (Generation, 1);
  gen->post_id = post_id;
  gen->section_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (section_ids != NULL)
    g_array_append_vals (gen->section_ids, section_ids, n_section_ids);
  gen->providers = g_strdupv ((GStrv) providers);
  gen->fallback_providers = g_strdupv ((GStrv) fallback_providers);
  gen->count = count;
  gen->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gen->finished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_task_set_task_data (task, gen, (GDestroyNotify) generation_free);

  plan = g_task_new (engine, NULL, planned_cb, g_steal_pointer (&task));
  g_task_set_task_data (plan, gen, NULL);
  g_task_run_in_thread (plan, plan_thread);
}

/**
 * easel_blog_generate_finish:
 *
 * Returns: (transfer full): each section's run, jobs and images, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED after a cancel)
 */
EaselGenerateReport *
easel_blog_generate_finish (EaselEngine   *engine,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
