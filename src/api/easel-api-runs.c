/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-api-private.h"

/* Runs as the API sees them. The engine announces each job's state on the main thread before
 * the state reaches the store (a worker writes it), so the server remembers the last announced
 * state of every job for a while and lays it over what the store says; and it lets requests
 * wait for a run to finish (`"wait": true`).
 */

/* Announced states are kept this long after their run finished: the store has them by then. */
#define KEEP_FINISHED_US (60 * G_USEC_PER_SEC)
#define PRUNE_INTERVAL_S 30

typedef struct
{
  EaselApiRunFinished callback;
  gpointer            user_data;
} Waiter;

struct _EaselApiRuns
{
  EaselEngine *engine;
  GHashTable  *jobs;          /* job id → EaselJob, as last announced */
  GHashTable  *finished;      /* run id → monotonic time it finished (gint64 *) */
  GHashTable  *waiters;       /* run id → GArray of Waiter */
  gulong       changed_id;
  gulong       finished_id;
  guint        prune_id;
};

static gint64 *
int64_dup (gint64 value)
{
  gint64 *copy = g_new (gint64, 1);

  *copy = value;
  return copy;
}

static void
on_job_changed (EaselEngine  *engine,
                EaselJob     *job,
                EaselApiRuns *runs)
{
  EaselJob *copy = easel_job_copy (job);

  g_hash_table_replace (runs->jobs, &copy->id, copy);
}

static void
on_run_finished (EaselEngine  *engine,
                 gint64        run_id,
                 EaselApiRuns *runs)
{
  g_autoptr(GArray) waiters = NULL;
  gpointer key = NULL;

  g_hash_table_replace (runs->finished, int64_dup (run_id),
                        int64_dup (g_get_monotonic_time ()));
  if (g_hash_table_steal_extended (runs->waiters, &run_id, &key, (gpointer *) &waiters))
    {
      g_free (key);
      for (guint i = 0; i < waiters->len; i++)
        {
          Waiter *waiter = &g_array_index (waiters, Waiter, i);

          waiter->callback (run_id, waiter->user_data);
        }
    }
}

static gboolean
prune_cb (gpointer user_data)
{
  EaselApiRuns *runs = user_data;
  g_autoptr(GHashTable) old = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, runs->finished);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (now - *(gint64 *) value > KEEP_FINISHED_US &&
        !easel_engine_is_run_active (runs->engine, *(gint64 *) key))
      g_hash_table_add (old, key);
  if (g_hash_table_size (old) == 0)
    return G_SOURCE_CONTINUE;

  g_hash_table_iter_init (&iter, runs->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_hash_table_contains (old, &((EaselJob *) value)->run_id))
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, runs->finished);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (old, key))
      g_hash_table_iter_remove (&iter);
  return G_SOURCE_CONTINUE;
}

EaselApiRuns *
_easel_api_runs_new (EaselEngine *engine)
{
  EaselApiRuns *runs = g_new0 (EaselApiRuns, 1);

  runs->engine = g_object_ref (engine);
  runs->jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) easel_job_free);
  runs->finished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  runs->waiters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  runs->changed_id = g_signal_connect (engine, "job-changed", G_CALLBACK (on_job_changed), runs);
  runs->finished_id = g_signal_connect (engine, "run-finished", G_CALLBACK (on_run_finished),
                                        runs);
  runs->prune_id = g_timeout_add_seconds (PRUNE_INTERVAL_S, prune_cb, runs);
  return runs;
}

void
_easel_api_runs_free (EaselApiRuns *runs)
{
  if (runs == NULL)
    return;
  g_clear_signal_handler (&runs->changed_id, runs->engine);
  g_clear_signal_handler (&runs->finished_id, runs->engine);
  g_clear_handle_id (&runs->prune_id, g_source_remove);
  g_hash_table_unref (runs->jobs);
  g_hash_table_unref (runs->finished);
  g_hash_table_unref (runs->waiters);
  g_object_unref (runs->engine);
  g_free (runs);
}

/**
 * _easel_api_runs_when_finished:
 *
 * Calls @callback on the main thread once every job of @run_id is done, failed or cancelled
 * (at once when the run is not running here).
 */
void
_easel_api_runs_when_finished (EaselApiRuns        *runs,
                               gint64               run_id,
                               EaselApiRunFinished  callback,
                               gpointer             user_data)
{
  Waiter waiter = { callback, user_data };
  GArray *waiters;

  if (!easel_engine_is_run_active (runs->engine, run_id))
    {
      callback (run_id, user_data);
      return;
    }
  waiters = g_hash_table_lookup (runs->waiters, &run_id);
  if (waiters == NULL)
    {
      waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
      g_hash_table_insert (runs->waiters, int64_dup (run_id), waiters);
    }
  g_array_append_val (waiters, waiter);
}

/**
 * _easel_api_runs_snapshot:
 *
 * Returns: (transfer full) (element-type EaselJob): copies of the jobs of @run_id in their last
 * announced state (possibly none)
 */
GPtrArray *
_easel_api_runs_snapshot (EaselApiRuns *runs,
                          gint64        run_id)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  GHashTableIter iter;
  EaselJob *job;

  g_hash_table_iter_init (&iter, runs->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (job->run_id == run_id)
      g_ptr_array_add (jobs, easel_job_copy (job));
  return jobs;
}

/* ---- the run as JSON -------------------------------------------------------------------- */

static const char *
run_status (guint total,
            guint queued,
            guint running,
            guint done,
            guint cancelled)
{
  guint final = total - queued - running;

  if (queued + running > 0)
    return running > 0 || final > 0 ? "running" : "queued";
  if (done == total)
    return "done";
  if (done > 0)
    return "partial";
  return cancelled == total ? "cancelled" : "failed";
}

static void
add_strv (JsonObject   *object,
          const char   *name,
          char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_object_set_array_member (object, name, array);
}

static void
set_id_or_null (JsonObject *object,
                const char *name,
                gint64      id)
{
  if (id > 0)
    json_object_set_int_member (object, name, id);
  else
    json_object_set_null_member (object, name);
}

/**
 * _easel_api_run_to_json:
 * @live_jobs: (element-type EaselJob): the jobs' last announced states, from
 *   _easel_api_runs_snapshot()
 *
 * A run with its status and one result object per job. Runs in a worker.
 */
JsonNode *
_easel_api_run_to_json (EaselApiRequest  *request,
                        EaselStore       *store,
                        gint64            run_id,
                        GPtrArray        *live_jobs,
                        gboolean          with_details,
                        GError          **error)
{
  g_autoptr(EaselRun) run = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *status_url = NULL;
  JsonObject *object, *counts;
  JsonArray *results;
  JsonNode *node;
  guint queued = 0, running = 0, done = 0, failed = 0, cancelled = 0;

  run = easel_store_get_run (store, run_id, error);
  if (run == NULL)
    return NULL;
  jobs = easel_store_list_jobs (store, run_id, error);
  if (jobs == NULL)
    return NULL;

  results = json_array_new ();
  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(EaselResult) result = NULL;

      for (guint j = 0; live_jobs != NULL && j < live_jobs->len; j++)
        {
          EaselJob *live = g_ptr_array_index (live_jobs, j);

          if (live->id == job->id)
            {
              live->result_id = MAX (live->result_id, job->result_id);
              job = live;
              break;
            }
        }

      switch (job->state)
        {
        case EASEL_JOB_QUEUED:
          queued++;
          break;
        case EASEL_JOB_RUNNING:
          running++;
          break;
        case EASEL_JOB_DONE:
          done++;
          break;
        case EASEL_JOB_CANCELLED:
          cancelled++;
          break;
        case EASEL_JOB_FAILED:
        case EASEL_JOB_INTERRUPTED:
        default:
          failed++;
          break;
        }
      if (job->result_id > 0)
        result = easel_store_get_result (store, job->result_id, NULL);
      json_array_add_element (results, _easel_api_result_to_json (request, store, job, result,
                                                                  with_details));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (node, object);
  json_object_set_int_member (object, "run", run->id);
  json_object_set_string_member (object, "status",
                                 run_status (jobs->len, queued, running, done, cancelled));
  status_url = _easel_api_request_url (request, EASEL_API_PREFIX "/runs/%" G_GINT64_FORMAT,
                                       run->id);
  json_object_set_string_member (object, "status_url", status_url);
  json_object_set_int_member (object, "created_at", run->created_at);
  json_object_set_string_member (object, "prompt", run->prompt != NULL ? run->prompt : "");
  if (run->negative_prompt != NULL)
    json_object_set_string_member (object, "negative_prompt", run->negative_prompt);
  else
    json_object_set_null_member (object, "negative_prompt");
  add_strv (object, "providers", run->providers);
  json_object_set_int_member (object, "count", run->count);
  set_id_or_null (object, "example_id", run->example_id);
  set_id_or_null (object, "post_id", run->post_id);
  set_id_or_null (object, "section_id", run->section_id);

  counts = json_object_new ();
  json_object_set_int_member (counts, "total", jobs->len);
  json_object_set_int_member (counts, "queued", queued);
  json_object_set_int_member (counts, "running", running);
  json_object_set_int_member (counts, "done", done);
  json_object_set_int_member (counts, "failed", failed);
  json_object_set_int_member (counts, "cancelled", cancelled);
  json_object_set_object_member (object, "jobs", counts);
  json_object_set_array_member (object, "results", results);
  return node;
}

typedef struct
{
  gint64     run_id;
  guint      status;
  GPtrArray *live_jobs;
} RunStatus;

static void
run_status_free (RunStatus *data)
{
  g_clear_pointer (&data->live_jobs, g_ptr_array_unref);
  g_free (data);
}

static EaselApiReply *
run_status_worker (EaselApiRequest  *request,
                   EaselStore       *store,
                   GError          **error)
{
  RunStatus *data = request->data;
  JsonNode *node = _easel_api_run_to_json (request, store, data->run_id, data->live_jobs, FALSE,
                                           error);
  EaselApiReply *reply;

  if (node == NULL)
    return NULL;
  reply = _easel_api_reply_new (data->status, node);
  /* A run just started: where to follow it. */
  if (data->status == SOUP_STATUS_ACCEPTED)
    _easel_api_reply_set_header (reply, "Location",
                                 json_object_get_string_member (json_node_get_object (node),
                                                                "status_url"));
  return reply;
}

/**
 * _easel_api_runs_reply_status:
 * @status: the HTTP status of the answer (200, or 202 for a run just started)
 *
 * Answers with the run as it is now.
 */
void
_easel_api_runs_reply_status (EaselApiRequest *request,
                              gint64           run_id,
                              guint            status)
{
  RunStatus *data = g_new0 (RunStatus, 1);

  data->run_id = run_id;
  data->status = status;
  data->live_jobs = _easel_api_runs_snapshot (_easel_api_server_get_runs (request->server),
                                              run_id);
  _easel_api_request_set_data (request, data, (GDestroyNotify) run_status_free);
  _easel_api_request_run_worker (request, run_status_worker);
}

static gboolean
get_run_id (EaselApiRequest *request,
            gint64          *run_id)
{
  if (_easel_api_request_get_id (request, 0, run_id))
    return TRUE;
  _easel_api_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND,
                                  _("There is no such run"));
  return FALSE;
}

/* GET /runs/{run_id} */
void
_easel_api_runs_get (EaselApiRequest *request)
{
  gint64 run_id;

  if (get_run_id (request, &run_id))
    _easel_api_runs_reply_status (request, run_id, SOUP_STATUS_OK);
}

/* ---- cancel ------------------------------------------------------------------------------ */

static void
check_run_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  EaselStore *store = source_object;
  gint64 *run_id = task_data;
  g_autoptr(EaselRun) run = NULL;
  GError *error = NULL;

  run = easel_store_get_run (store, *run_id, &error);
  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_run_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *status_url = NULL;
  gint64 run_id = *(gint64 *) g_task_get_task_data (G_TASK (result));
  guint cancelled;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _easel_api_request_reply_gerror (request, error, FALSE);
      return;
    }

  /* Queued jobs stop at once; running ones are cancelled on their servers. */
  cancelled = easel_engine_cancel_run (_easel_api_request_get_engine (request), run_id);
  status_url = _easel_api_request_url (request, EASEL_API_PREFIX "/runs/%" G_GINT64_FORMAT,
                                       run_id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "run");
  json_builder_add_int_value (b, run_id);
  json_builder_set_member_name (b, "cancelled_jobs");
  json_builder_add_int_value (b, cancelled);
  json_builder_set_member_name (b, "status_url");
  json_builder_add_string_value (b, status_url);
  json_builder_end_object (b);
  _easel_api_request_reply_json (request, SOUP_STATUS_ACCEPTED, json_builder_get_root (b));
}

/* POST /runs/{run_id}/cancel */
void
_easel_api_runs_cancel (EaselApiRequest *request)
{
  g_autoptr(GTask) task = NULL;
  gint64 run_id;

  if (!get_run_id (request, &run_id))
    return;
  task = g_task_new (easel_engine_get_store (_easel_api_request_get_engine (request)), NULL,
                     check_run_done_cb, _easel_api_request_ref (request));
  g_task_set_source_tag (task, _easel_api_runs_cancel);
  g_task_set_task_data (task, g_memdup2 (&run_id, sizeof run_id), g_free);
  g_task_run_in_thread (task, check_run_thread);
}
