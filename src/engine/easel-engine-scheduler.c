/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "easel-engine-private.h"
#include "easel-thumbnail.h"
#include "easel-worker.h"

/* Dispatch: queued jobs go to the least busy healthy server of their provider, within each
 * server's limit; transient failures are retried with backoff; a failing server rests a while
 * and the others take its work. Everything here runs on the main context; store writes and
 * image work go to worker threads.
 */

#define UNHEALTHY_BASE_US (5 * G_USEC_PER_SEC)
#define UNHEALTHY_MAX_US  (120 * G_USEC_PER_SEC)

void
_easel_active_job_free (EaselActiveJob *active)
{
  if (active == NULL)
    return;
  g_clear_handle_id (&active->retry_source, g_source_remove);
  if (active->cancellable != NULL)
    g_cancellable_cancel (active->cancellable);
  g_clear_object (&active->cancellable);
  g_clear_pointer (&active->job, easel_job_free);
  g_clear_pointer (&active->setting, easel_image_setting_free);
  g_clear_pointer (&active->provider, _easel_provider_entry_unref);
  g_free (active);
}

static void
emit_job_changed (EaselEngine    *self,
                  EaselActiveJob *active)
{
  g_signal_emit (self, _easel_engine_signals[SIGNAL_JOB_CHANGED], 0, active->job);
}

static void
persist_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EaselStore *store = source_object;
  EaselJob *job = task_data;
  GError *error = NULL;

  if (!easel_store_update_job (store, job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_persist (EaselEngine *self,
                           EaselJob    *job);

static void
persist_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EaselEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  EaselJob *written = g_task_get_task_data (G_TASK (result));
  gint64 id = written->id;
  gpointer key = NULL;
  EaselJob *next = NULL;

  self->pending_writes--;

  /* A job row that cannot be written (disk full) is logged; the next state write retries. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("could not record a job's state: %s", error->message);

  /* The job's next state, if one came while this one was being written. */
  if (self->persisting != NULL &&
      g_hash_table_steal_extended (self->persisting, &id, &key, (gpointer *) &next))
    {
      g_free (key);
      if (next != NULL)
        start_persist (self, next);
    }
}

static void
start_persist (EaselEngine *self,
               EaselJob    *job)
{
  g_autoptr(GTask) task = g_task_new (self->store, NULL, persist_done_cb, g_object_ref (self));
  gint64 *key = g_memdup2 (&job->id, sizeof job->id);

  self->pending_writes++;
  g_hash_table_insert (self->persisting, key, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) easel_job_free);
  g_task_run_in_thread (task, persist_thread);
}

/* Writes the job's current state in a worker thread. Writes of one job never overlap: worker
 * threads run in any order, and a "running" written after "cancelled" would leave the row
 * wrong for good. While one is in flight, only the latest state waits for its turn.
 */
void
_easel_engine_persist_job (EaselEngine    *self,
                           EaselActiveJob *active)
{
  gint64 id = active->job->id;

  if (g_hash_table_contains (self->persisting, &id))
    g_hash_table_insert (self->persisting, g_memdup2 (&id, sizeof id),
                         easel_job_copy (active->job));
  else
    start_persist (self, easel_job_copy (active->job));
}

void
_easel_engine_enqueue (EaselEngine    *self,
                       EaselActiveJob *active)
{
  gint64 *key = &active->job->id;

  active->job->state = EASEL_JOB_QUEUED;
  g_hash_table_insert (self->jobs, key, active);
  g_queue_push_tail (&self->queue, active);
  emit_job_changed (self, active);
}

static void
maybe_finish_run (EaselEngine *self,
                  gint64       run_id)
{
  GHashTableIter iter;
  EaselActiveJob *active;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &active))
    if (active->job->run_id == run_id)
      return;
  g_signal_emit (self, _easel_engine_signals[SIGNAL_RUN_FINISHED], 0, run_id);
}

/* The job reached a final state: record it, tell everyone, forget it. */
static void
finish_job (EaselEngine    *self,
            EaselActiveJob *active,
            EaselJobState   state,
            const GError   *error,
            gboolean        persist)
{
  gint64 run_id = active->job->run_id;

  active->job->state = state;
  active->job->cancelling = FALSE;
  active->job->finished_at = g_get_real_time () / G_USEC_PER_SEC;
  if (error != NULL)
    {
      g_free (active->job->error_code);
      g_free (active->job->error_message);
      active->job->error_code = g_strdup (error->domain == EASEL_PROVIDER_ERROR
                                          ? easel_provider_error_code_to_string (error->code)
                                          : "STORE");
      active->job->error_message = g_strdup (error->message);
    }
  if (persist)
    _easel_engine_persist_job (self, active);
  emit_job_changed (self, active);

  g_queue_remove (&self->queue, active);
  g_hash_table_remove (self->jobs, &active->job->id);
  maybe_finish_run (self, run_id);
}

static gboolean
server_is_healthy (EaselServer *server,
                   gint64       now)
{
  return server->unhealthy_until <= now;
}

/* Least busy first (our own jobs in flight, plus the server's own queue when it reports one),
 * healthy before resting, list order on ties — so a second GPU takes the overflow, and a dead
 * server is skipped while another can work.
 */
static EaselServer *
pick_server (EaselEngine        *self,
             EaselProviderEntry *entry)
{
  int limit = easel_provider_config_get_concurrency (entry->config);
  gint64 now = g_get_monotonic_time ();
  EaselServer *best = NULL;
  gint64 best_load = G_MAXINT64;
  gboolean best_healthy = FALSE;
  gboolean any_healthy = FALSE;

  for (guint i = 0; i < entry->servers->len; i++)
    if (server_is_healthy (g_ptr_array_index (entry->servers, i), now))
      any_healthy = TRUE;

  for (guint i = 0; i < entry->servers->len; i++)
    {
      EaselServer *server = g_ptr_array_index (entry->servers, i);
      gboolean healthy = server_is_healthy (server, now);
      gint64 load = server->in_flight;
      int remote;

      if ((int) server->in_flight >= limit)
        continue;
      /* While some server is healthy, a resting one gets nothing new. */
      if (!healthy && any_healthy)
        continue;
      if (server->client != NULL &&
          (remote = easel_provider_get_queue_remaining (server->client)) > 0)
        load += remote - MIN ((gint64) server->in_flight, remote);

      if (best == NULL || (healthy && !best_healthy) ||
          (healthy == best_healthy && load < best_load))
        {
          best = server;
          best_load = load;
          best_healthy = healthy;
        }
    }
  return best;
}

static void on_progress (const EaselProgress *progress,
                         gpointer             user_data);
static void generate_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data);

typedef struct
{
  GWeakRef  engine;
  gint64    job_id;
} JobRef;

static JobRef *
job_ref_new (EaselEngine *self,
             gint64       job_id)
{
  JobRef *ref = g_new0 (JobRef, 1);

  g_weak_ref_init (&ref->engine, self);
  ref->job_id = job_id;
  return ref;
}

static void
job_ref_free (JobRef *ref)
{
  g_weak_ref_clear (&ref->engine);
  g_free (ref);
}

static EaselActiveJob *
job_ref_lookup (JobRef       *ref,
                EaselEngine **out_engine)
{
  g_autoptr(EaselEngine) self = g_weak_ref_get (&ref->engine);
  EaselActiveJob *active;

  *out_engine = NULL;
  if (self == NULL)
    return NULL;
  active = g_hash_table_lookup (self->jobs, &ref->job_id);
  *out_engine = self;
  return active;
}

static void
dispatch (EaselEngine    *self,
          EaselActiveJob *active,
          EaselServer    *server)
{
  g_autoptr(EaselGenerateRequest) request = NULL;
  EaselProvider *client;

  client = _easel_engine_get_client (self, active->provider, server);
  if (client == NULL)
    {
      g_autoptr(GError) error = NULL;

      g_set_error (&error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                   _("This version of Easel cannot generate with %s providers yet"),
                   easel_provider_kind_get_label (active->provider->config->kind));
      finish_job (self, active, EASEL_JOB_FAILED, error, TRUE);
      return;
    }

  g_queue_remove (&self->queue, active);
  server->in_flight++;
  active->server = server;
  active->started_us = g_get_monotonic_time ();
  g_clear_object (&active->cancellable);
  active->cancellable = g_cancellable_new ();

  /* A fresh id per attempt, stored before the request leaves (ComfyUI's prompt_id). */
  g_free (active->job->remote_id);
  active->job->remote_id = g_uuid_string_random ();
  g_free (active->job->server_url);
  active->job->server_url = g_strdup (server->url);
  active->job->attempts++;
  active->job->state = EASEL_JOB_RUNNING;
  if (active->job->started_at == 0)
    active->job->started_at = g_get_real_time () / G_USEC_PER_SEC;
  _easel_engine_persist_job (self, active);
  emit_job_changed (self, active);

  request = easel_generate_request_new (active->job->prompt, active->setting);
  request->job_id = g_strdup_printf ("%" G_GINT64_FORMAT, active->job->id);
  request->remote_id = g_strdup (active->job->remote_id);
  request->negative_prompt = g_strdup (active->job->negative_prompt);
  request->model = g_strdup (active->job->model);
  request->count = 1;

  easel_provider_generate_async (client, request,
                                 on_progress, job_ref_new (self, active->job->id),
                                 (GDestroyNotify) job_ref_free,
                                 active->cancellable, generate_done_cb,
                                 job_ref_new (self, active->job->id));
}

/**
 * _easel_engine_schedule:
 *
 * Starts every queued job that has a free slot on a server of its provider, in queue order.
 */
void
_easel_engine_schedule (EaselEngine *self)
{
  GList *link = self->queue.head;

  while (link != NULL)
    {
      EaselActiveJob *active = link->data;
      EaselServer *server;

      link = link->next;
      if (active->retry_source != 0)
        continue;
      server = pick_server (self, active->provider);
      if (server != NULL)
        dispatch (self, active, server);
    }
}

/* ---- progress ----------------------------------------------------------------------------- */

typedef struct
{
  JobRef *ref;
  double  fraction;
  char   *text;
} PreviewData;

static void
preview_data_free (PreviewData *data)
{
  job_ref_free (data->ref);
  g_free (data->text);
  g_free (data);
}

static void
decode_preview_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GBytes *bytes = g_object_get_data (G_OBJECT (task), "bytes");
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  /* Previews may be full-size frames (OpenAI's partial images): shrink while decoding, so a
   * preview never holds a full-size image in memory.
   */
  easel_worker_lower_priority ();
  pixbuf = easel_thumbnail_from_bytes (bytes, 768, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decode_preview_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  PreviewData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  EaselEngine *self = NULL;
  EaselActiveJob *active = job_ref_lookup (data->ref, &self);

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (active == NULL)
    return;
  active->preview_decoding = FALSE;
  if (pixbuf == NULL)
    {
      g_debug ("a preview of job %" G_GINT64_FORMAT " does not decode: %s",
               active->job->id, error->message);
      return;
    }
  g_signal_emit (self, _easel_engine_signals[SIGNAL_JOB_PROGRESS], 0, active->job->id,
                 data->fraction, data->text, pixbuf);
}

static void
on_progress (const EaselProgress *progress,
             gpointer             user_data)
{
  JobRef *ref = user_data;
  EaselEngine *self = NULL;
  EaselActiveJob *active = job_ref_lookup (ref, &self);
  gint64 now = g_get_monotonic_time ();

  if (active == NULL || active->job->cancelling)
    return;

  g_signal_emit (self, _easel_engine_signals[SIGNAL_JOB_PROGRESS], 0, active->job->id,
                 progress->fraction, progress->text, NULL);

  /* Decode at most a few previews a second per job, one at a time, off the main thread. */
  if (self->decode_previews && progress->preview != NULL && !active->preview_decoding &&
      now - active->last_preview_us > 200 * 1000)
    {
      g_autoptr(GTask) task = g_task_new (NULL, active->cancellable, decode_preview_done_cb, NULL);
      PreviewData *data = g_new0 (PreviewData, 1);

      data->ref = job_ref_new (self, active->job->id);
      data->fraction = progress->fraction;
      data->text = g_strdup (progress->text);
      active->preview_decoding = TRUE;
      active->last_preview_us = now;
      g_task_set_task_data (task, data, (GDestroyNotify) preview_data_free);
      g_object_set_data_full (G_OBJECT (task), "bytes", g_bytes_ref (progress->preview),
                              (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, decode_preview_thread);
    }
}

/* ---- completion ------------------------------------------------------------------------- */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EaselResultWrite *write = task_data;
  GError *error = NULL;
  GPtrArray *results;

  easel_worker_lower_priority ();
  results = _easel_result_write_run (write, &error);

  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  JobRef *ref = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  EaselEngine *self = NULL;
  EaselActiveJob *active = job_ref_lookup (ref, &self);

  results = g_task_propagate_pointer (G_TASK (result), &error);
  job_ref_free (ref);
  if (self != NULL)
    self->pending_writes--;
  if (active == NULL)
    return;

  if (results == NULL)
    {
      /* Bytes that do not decode, or a disk that refuses: the job failed, nothing half-done
       * is left (the row is written last, in one transaction with the job's state).
       */
      finish_job (self, active, EASEL_JOB_FAILED, error, TRUE);
      _easel_engine_schedule (self);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      EaselResult *stored = g_ptr_array_index (results, i);

      active->job->result_id = stored->id;
      g_signal_emit (self, _easel_engine_signals[SIGNAL_RESULT_ADDED], 0, stored);
    }
  /* The writer stored the job as done with the last result. */
  finish_job (self, active, EASEL_JOB_DONE, NULL, FALSE);
  _easel_engine_schedule (self);
}

static void
mark_server_failed (EaselServer *server)
{
  gint64 rest = UNHEALTHY_BASE_US << MIN (server->failures, 5);

  server->failures++;
  server->unhealthy_until = g_get_monotonic_time () + MIN (rest, UNHEALTHY_MAX_US);
}

static gboolean
retry_timeout_cb (gpointer user_data)
{
  JobRef *ref = user_data;
  EaselEngine *self = NULL;
  EaselActiveJob *active = job_ref_lookup (ref, &self);

  if (active != NULL)
    {
      active->retry_source = 0;
      _easel_engine_schedule (self);
    }
  return G_SOURCE_REMOVE;
}

/* Exponential backoff with jitter (×0.75…1), or the server's Retry-After when it is sane. */
static guint
retry_delay_ms (EaselEngine  *self,
                EaselJob     *job,
                const GError *error)
{
  gint64 retry_after = easel_provider_error_get_retry_after (error);
  double base = (double) self->retry_base_ms * (1 << MIN (job->attempts - 1, 6));

  if (retry_after >= 0 && retry_after <= 60 * 1000)
    return (guint) MAX (retry_after, 1);
  return (guint) (base * g_random_double_range (0.75, 1.0));
}

static void
generate_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  JobRef *ref = user_data;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  EaselEngine *self = NULL;
  EaselActiveJob *active = job_ref_lookup (ref, &self);
  EaselServer *server;

  images = easel_provider_generate_finish (EASEL_PROVIDER (object), result, &error);
  if (active == NULL)
    {
      job_ref_free (ref);
      return;
    }

  server = active->server;
  active->server = NULL;
  server->in_flight--;

  if (images != NULL && active->job->cancelling)
    {
      /* It finished before the cancel reached the server: the person asked for nothing. */
      g_clear_pointer (&images, g_ptr_array_unref);
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED, _("Cancelled"));
    }

  if (images != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, write_done_cb, ref);
      EaselResultWrite *write = g_new0 (EaselResultWrite, 1);

      server->failures = 0;
      server->unhealthy_until = 0;
      write->store = g_object_ref (self->store);
      write->job = easel_job_copy (active->job);
      write->job->state = EASEL_JOB_DONE;
      write->job->finished_at = g_get_real_time () / G_USEC_PER_SEC;
      g_clear_pointer (&write->job->error_code, g_free);
      g_clear_pointer (&write->job->error_message, g_free);
      write->config = easel_provider_config_copy (active->provider->config);
      write->setting = easel_image_setting_copy (active->setting);
      write->images = g_steal_pointer (&images);
      write->duration_ms = (g_get_monotonic_time () - active->started_us) / 1000;
      g_task_set_task_data (task, write, (GDestroyNotify) _easel_result_write_free);
      self->pending_writes++;
      g_task_run_in_thread (task, write_thread);
      _easel_engine_schedule (self);
      return;
    }

  job_ref_free (ref);

  if (g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED) ||
      active->job->cancelling)
    {
      g_autoptr(GError) cancelled = g_error_new (EASEL_PROVIDER_ERROR,
                                                 EASEL_PROVIDER_ERROR_CANCELLED,
                                                 _("Cancelled"));
      finish_job (self, active, EASEL_JOB_CANCELLED, cancelled, TRUE);
    }
  else if (easel_provider_error_is_retryable (error) &&
           active->job->attempts < EASEL_ENGINE_MAX_ATTEMPTS)
    {
      guint delay = retry_delay_ms (self, active->job, error);

      if (g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT) ||
          g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT))
        mark_server_failed (server);

      g_free (active->job->error_code);
      g_free (active->job->error_message);
      active->job->error_code = g_strdup (easel_provider_error_code_to_string (error->code));
      active->job->error_message = g_strdup_printf (_("%s Retrying in %.0f s (attempt %d of %d)."),
                                                    error->message, ceil (delay / 1000.0),
                                                    active->job->attempts + 1,
                                                    EASEL_ENGINE_MAX_ATTEMPTS);
      active->job->state = EASEL_JOB_QUEUED;
      _easel_engine_persist_job (self, active);
      emit_job_changed (self, active);
      g_queue_push_head (&self->queue, active);
      active->retry_source = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, retry_timeout_cb,
                                                 job_ref_new (self, active->job->id),
                                                 (GDestroyNotify) job_ref_free);
    }
  else
    {
      if (g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT))
        mark_server_failed (server);
      finish_job (self, active, EASEL_JOB_FAILED, error, TRUE);
    }

  _easel_engine_schedule (self);
}

/* ---- cancel and retry ------------------------------------------------------------------- */

/**
 * easel_engine_cancel_job:
 *
 * A job still waiting is cancelled at once; a running one is cancelled on its server (queue
 * delete or a targeted interrupt), and reports "cancelling" until the provider confirms.
 *
 * Returns: %TRUE if the job was active.
 */
gboolean
easel_engine_cancel_job (EaselEngine *self,
                         gint64       job_id)
{
  EaselActiveJob *active;

  g_return_val_if_fail (EASEL_IS_ENGINE (self), FALSE);

  active = g_hash_table_lookup (self->jobs, &job_id);
  if (active == NULL)
    return FALSE;

  if (active->server == NULL)
    {
      g_autoptr(GError) cancelled = g_error_new (EASEL_PROVIDER_ERROR,
                                                 EASEL_PROVIDER_ERROR_CANCELLED, _("Cancelled"));
      finish_job (self, active, EASEL_JOB_CANCELLED, cancelled, TRUE);
      return TRUE;
    }

  if (!active->job->cancelling)
    {
      active->job->cancelling = TRUE;
      emit_job_changed (self, active);
      g_cancellable_cancel (active->cancellable);
    }
  return TRUE;
}

static guint
cancel_matching (EaselEngine *self,
                 gint64       run_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  EaselActiveJob *active;
  guint count = 0;

  if (self->jobs == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &active))
    if (run_id == 0 || active->job->run_id == run_id)
      g_array_append_val (ids, active->job->id);

  for (guint i = 0; i < ids->len; i++)
    if (easel_engine_cancel_job (self, g_array_index (ids, gint64, i)))
      count++;
  return count;
}

guint
easel_engine_cancel_run (EaselEngine *self,
                         gint64       run_id)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), 0);
  g_return_val_if_fail (run_id > 0, 0);
  return cancel_matching (self, run_id);
}

guint
easel_engine_cancel_all (EaselEngine *self)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), 0);
  return cancel_matching (self, 0);
}

gboolean
easel_engine_is_run_active (EaselEngine *self,
                            gint64       run_id)
{
  GHashTableIter iter;
  EaselActiveJob *active;

  g_return_val_if_fail (EASEL_IS_ENGINE (self), FALSE);

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &active))
    if (active->job->run_id == run_id)
      return TRUE;
  return FALSE;
}

/**
 * easel_engine_flush:
 *
 * Iterates the main context until every state and result write has reached the store: what a
 * command does before it exits, so the last job states are on disk.
 */
void
easel_engine_flush (EaselEngine *self)
{
  g_return_if_fail (EASEL_IS_ENGINE (self));

  while (self->pending_writes > 0)
    g_main_context_iteration (NULL, TRUE);
}

guint
easel_engine_get_active_jobs (EaselEngine *self)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), 0);
  return g_hash_table_size (self->jobs);
}

/**
 * easel_engine_retry_job:
 *
 * Sends a failed, cancelled or interrupted job again (a new attempt of the same job: same run,
 * seed and settings). Blocks briefly on the store: the window calls it from a worker or accepts
 * a few milliseconds.
 */
gboolean
easel_engine_retry_job (EaselEngine  *self,
                        gint64        job_id,
                        GError      **error)
{
  g_autoptr(EaselJob) job = NULL;
  g_autoptr(EaselRun) run = NULL;
  g_autoptr(EaselProviderConfig) config = NULL;
  EaselProviderEntry *entry;

  g_return_val_if_fail (EASEL_IS_ENGINE (self), FALSE);

  if (g_hash_table_contains (self->jobs, &job_id))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("This job is still running"));
      return FALSE;
    }
  job = easel_store_get_job (self->store, job_id, error);
  if (job == NULL)
    return FALSE;
  if (job->state == EASEL_JOB_DONE)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("This job already has its image"));
      return FALSE;
    }
  run = easel_store_get_run (self->store, job->run_id, error);
  if (run == NULL)
    return FALSE;
  config = easel_store_find_provider (self->store,
                                      job->provider_id != NULL ? job->provider_id
                                                               : job->provider_name, error);
  if (config == NULL)
    return FALSE;

  entry = g_hash_table_lookup (self->providers, config->id);
  if (entry == NULL)
    {
      /* Secrets are read here on the calling thread; a retry is a rare, deliberate act. */
      EaselProviderEntry *fresh = _easel_engine_make_entry (self, config, error);

      if (fresh == NULL)
        return FALSE;
      g_hash_table_replace (self->providers, g_strdup (config->id), fresh);
      entry = fresh;
    }

  _easel_engine_enqueue_retry (self, g_steal_pointer (&job), run, entry);
  return TRUE;
}

/* Queues a new attempt of @job (taken), with @run's settings, on @entry's servers. */
void
_easel_engine_enqueue_retry (EaselEngine        *self,
                             EaselJob           *job,
                             const EaselRun     *run,
                             EaselProviderEntry *entry)
{
  EaselActiveJob *active;

  active = g_new0 (EaselActiveJob, 1);
  active->job = job;
  active->job->attempts = 0;
  g_free (active->job->owner);
  active->job->owner = g_strdup (self->owner_id);
  g_clear_pointer (&active->job->error_code, g_free);
  g_clear_pointer (&active->job->error_message, g_free);
  active->job->finished_at = 0;
  active->setting = easel_image_setting_copy (run->setting);
  active->setting->count = 1;
  active->setting->has_seed = active->job->has_seed;
  active->setting->seed = active->job->seed;
  easel_image_setting_set_string (&active->setting->prompt, active->job->prompt);
  easel_image_setting_set_string (&active->setting->negative_prompt, active->job->negative_prompt);
  active->provider = _easel_provider_entry_ref (entry);

  _easel_engine_enqueue (self, active);
  _easel_engine_persist_job (self, active);
  _easel_engine_schedule (self);
}
