/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "easel-cli-watch.h"
#include "easel-json.h"

struct _EaselCliWatch
{
  EaselEngine *engine;
  GArray      *runs;          /* gint64 */
  GHashTable  *finished;      /* run ids (gint64 *) */
  GHashTable  *jobs;          /* job id → EaselJob (last state) */
  GHashTable  *progress;      /* job id → last fraction (double *) */
  gboolean     terminal;
  gboolean     interrupted;
  guint        sigint_count;
  gulong       changed_id;
  gulong       progress_id;
  gulong       finished_id;
  gint64       last_draw_us;
  GPtrArray   *early;         /* job changes seen while a submit is in flight */
  gboolean     submitting;
};

static gboolean
is_tracked (EaselCliWatch *watch,
            gint64         run_id)
{
  for (guint i = 0; i < watch->runs->len; i++)
    if (g_array_index (watch->runs, gint64, i) == run_id)
      return TRUE;
  return FALSE;
}

/* One live line on a terminal: a bar and counts, redrawn at most ten times a second. */
static void
draw_bar (EaselCliWatch *watch,
          gboolean       force)
{
  GHashTableIter iter;
  EaselJob *job;
  guint total = 0, done = 0, failed = 0, running = 0;
  double sum = 0;
  gint64 now = g_get_monotonic_time ();
  char bar[31];
  guint filled;

  if (!watch->terminal || (!force && now - watch->last_draw_us < 100 * 1000))
    return;
  watch->last_draw_us = now;

  g_hash_table_iter_init (&iter, watch->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    {
      double *fraction = g_hash_table_lookup (watch->progress, &job->id);

      total++;
      if (job->state == EASEL_JOB_DONE)
        {
          done++;
          sum += 1.0;
        }
      else if (easel_job_state_is_final (job->state))
        {
          failed++;
          sum += 1.0;
        }
      else if (job->state == EASEL_JOB_RUNNING)
        {
          running++;
          if (fraction != NULL && *fraction > 0)
            sum += MIN (*fraction, 0.99);
        }
    }
  if (total == 0)
    return;

  filled = (guint) (30 * sum / total);
  memset (bar, '#', filled);
  memset (bar + filled, '-', 30 - filled);
  bar[30] = '\0';
  fprintf (stderr, "\r\033[K[%s] %3.0f%%  %u/%u done, %u running, %u failed%s", bar,
           100 * sum / total, done, total, running, failed,
           watch->interrupted ? _(", cancelling…") : "");
  fflush (stderr);
}

static void
on_job_changed (EaselEngine   *engine,
                EaselJob      *job,
                EaselCliWatch *watch)
{
  EaselJob *previous;

  if (!is_tracked (watch, job->run_id))
    {
      /* The engine announces a run's first states before its id is known here. */
      if (watch->submitting)
        g_ptr_array_add (watch->early, easel_job_copy (job));
      return;
    }
  previous = g_hash_table_lookup (watch->jobs, &job->id);

  if (!watch->terminal && (previous == NULL || previous->state != job->state ||
                           previous->cancelling != job->cancelling))
    {
      if (job->state == EASEL_JOB_FAILED || job->state == EASEL_JOB_INTERRUPTED ||
          (job->state == EASEL_JOB_QUEUED && job->error_message != NULL))
        fprintf (stderr, "job %" G_GINT64_FORMAT " (%s): %s: %s\n", job->id, job->provider_name,
                 easel_job_state_to_string (job->state), job->error_message);
      else
        fprintf (stderr, "job %" G_GINT64_FORMAT " (%s): %s%s\n", job->id, job->provider_name,
                 easel_job_state_to_string (job->state),
                 job->cancelling ? _(" (cancelling)") : "");
    }

  {
    EaselJob *copy = easel_job_copy (job);
    g_hash_table_replace (watch->jobs, &copy->id, copy);
  }
  draw_bar (watch, TRUE);
}

static void
on_job_progress (EaselEngine   *engine,
                 gint64         job_id,
                 double         fraction,
                 const char    *text,
                 GdkPixbuf     *preview,
                 EaselCliWatch *watch)
{
  double *last;
  EaselJob *job = g_hash_table_lookup (watch->jobs, &job_id);

  if (job == NULL || fraction < 0)
    return;
  last = g_hash_table_lookup (watch->progress, &job_id);
  if (last == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = job_id;
      last = g_new0 (double, 1);
      *last = -1;
      g_hash_table_insert (watch->progress, key, last);
    }

  /* Plain output: a line per tenth, not per step, so logs stay readable. */
  if (!watch->terminal && (int) (fraction * 10) > (int) (*last * 10))
    fprintf (stderr, "job %" G_GINT64_FORMAT " (%s): %3.0f%%%s%s\n", job_id, job->provider_name,
             fraction * 100, text != NULL ? " " : "", text != NULL ? text : "");
  *last = fraction;
  draw_bar (watch, FALSE);
}

static void
on_run_finished (EaselEngine   *engine,
                 gint64         run_id,
                 EaselCliWatch *watch)
{
  if (is_tracked (watch, run_id))
    {
      gint64 *key = g_new (gint64, 1);

      *key = run_id;
      g_hash_table_add (watch->finished, key);
    }
}

/* Ctrl+C cancels every run cleanly (queued jobs at once, running ones on their servers); a
 * second Ctrl+C gives up waiting.
 */
static gboolean
on_sigint (gpointer user_data)
{
  EaselCliWatch *watch = user_data;

  watch->sigint_count++;
  if (watch->sigint_count > 1)
    {
      fprintf (stderr, "\n%s\n", _("Stopped without waiting; unfinished jobs will show as "
                                   "interrupted."));
      _exit (EASEL_EXIT_CANCELLED);
    }
  watch->interrupted = TRUE;
  if (!watch->terminal)
    fprintf (stderr, "%s\n", _("Cancelling… (press Ctrl+C again to stop at once)"));
  for (guint i = 0; i < watch->runs->len; i++)
    easel_engine_cancel_run (watch->engine, g_array_index (watch->runs, gint64, i));
  draw_bar (watch, TRUE);
  return G_SOURCE_CONTINUE;
}

EaselCliWatch *
_easel_cli_watch_new (EaselEngine *engine)
{
  EaselCliWatch *watch = g_new0 (EaselCliWatch, 1);

  watch->engine = g_object_ref (engine);
  watch->runs = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->finished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  watch->jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) easel_job_free);
  watch->progress = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  watch->early = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  watch->terminal = isatty (STDERR_FILENO) && g_getenv ("EASEL_PLAIN_PROGRESS") == NULL;
  watch->changed_id = g_signal_connect (engine, "job-changed", G_CALLBACK (on_job_changed), watch);
  watch->progress_id = g_signal_connect (engine, "job-progress", G_CALLBACK (on_job_progress),
                                         watch);
  watch->finished_id = g_signal_connect (engine, "run-finished", G_CALLBACK (on_run_finished),
                                         watch);
  return watch;
}

void
_easel_cli_watch_free (EaselCliWatch *watch)
{
  if (watch == NULL)
    return;
  g_clear_signal_handler (&watch->changed_id, watch->engine);
  g_clear_signal_handler (&watch->progress_id, watch->engine);
  g_clear_signal_handler (&watch->finished_id, watch->engine);
  g_object_unref (watch->engine);
  g_array_unref (watch->runs);
  g_hash_table_unref (watch->finished);
  g_hash_table_unref (watch->jobs);
  g_hash_table_unref (watch->progress);
  g_ptr_array_unref (watch->early);
  g_free (watch);
}

typedef struct
{
  gboolean  done;
  gint64    run_id;
  GError   *error;
} Submitted;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Submitted *s = user_data;

  s->run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &s->error);
  s->done = TRUE;
}

/* Submits @run and tracks it. The engine queues its jobs (and may start them) before this
 * returns; job-changed signals of runs not yet tracked are replayed from the store later.
 */
gint64
_easel_cli_watch_submit (EaselCliWatch   *watch,
                         const EaselRun  *run,
                         GError         **error)
{
  Submitted s = { 0 };

  watch->submitting = TRUE;
  easel_engine_submit_async (watch->engine, run, NULL, submit_cb, &s);
  while (!s.done)
    g_main_context_iteration (NULL, TRUE);
  watch->submitting = FALSE;
  if (s.error != NULL)
    {
      g_ptr_array_set_size (watch->early, 0);
      g_propagate_error (error, s.error);
      return 0;
    }
  g_array_append_val (watch->runs, s.run_id);

  for (guint i = 0; i < watch->early->len; i++)
    {
      EaselJob *job = g_ptr_array_index (watch->early, i);

      if (job->run_id == s.run_id)
        on_job_changed (watch->engine, job, watch);
    }
  g_ptr_array_set_size (watch->early, 0);

  if (!easel_engine_is_run_active (watch->engine, s.run_id))
    on_run_finished (watch->engine, s.run_id, watch);
  return s.run_id;
}

/* Follows a run whose jobs were (re)queued some other way: a retry. */
void
_easel_cli_watch_track_run (EaselCliWatch *watch,
                            gint64         run_id)
{
  g_autoptr(GPtrArray) jobs = NULL;

  if (is_tracked (watch, run_id))
    return;
  g_array_append_val (watch->runs, run_id);
  jobs = easel_store_list_jobs (easel_engine_get_store (watch->engine), run_id, NULL);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      if (!g_hash_table_contains (watch->jobs, &job->id))
        {
          EaselJob *copy = easel_job_copy (job);
          g_hash_table_replace (watch->jobs, &copy->id, copy);
        }
    }
  if (!easel_engine_is_run_active (watch->engine, run_id))
    on_run_finished (watch->engine, run_id, watch);
}

/**
 * _easel_cli_watch_wait:
 *
 * Runs the main loop until every tracked run is finished.
 *
 * Returns: %FALSE when the person interrupted with Ctrl+C.
 */
gboolean
_easel_cli_watch_wait (EaselCliWatch *watch)
{
  guint sigint = g_unix_signal_add (SIGINT, on_sigint, watch);
  guint sigterm = g_unix_signal_add (SIGTERM, on_sigint, watch);

  while (g_hash_table_size (watch->finished) < watch->runs->len)
    g_main_context_iteration (NULL, TRUE);

  easel_engine_flush (watch->engine);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (watch->terminal)
    {
      draw_bar (watch, TRUE);
      fprintf (stderr, "\n");
    }
  return !watch->interrupted;
}

/* The final state is in the store; the last state write of a job may still be in flight, so
 * results are read by job id and the job state comes from what the engine announced.
 */
JsonNode *
_easel_cli_watch_results_json (EaselCliWatch *watch,
                               gint64         run_id)
{
  EaselStore *store = easel_engine_get_store (watch->engine);
  g_autoptr(GPtrArray) jobs = easel_store_list_jobs (store, run_id, NULL);
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      EaselJob *stored = g_ptr_array_index (jobs, i);
      EaselJob *job = g_hash_table_lookup (watch->jobs, &stored->id);
      g_autoptr(EaselResult) result = NULL;

      if (job == NULL)
        job = stored;
      else
        job->result_id = MAX (job->result_id, stored->result_id);
      if (job->result_id > 0)
        result = easel_store_get_result (store, job->result_id, NULL);
      json_array_add_element (array, easel_engine_job_to_json (watch->engine, job, result));
    }
  json_node_take_array (node, array);
  return node;
}

static void
print_result_line (JsonObject *object)
{
  const char *provider = json_object_get_string_member (object, "provider");
  const char *model = json_object_get_string_member_with_default (object, "model", NULL);
  const char *status = json_object_get_string_member (object, "status");
  JsonObject *error = easel_json_object_get_object (object, "error");

  if (g_strcmp0 (status, "done") == 0)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      double cost;
      gint64 seed;

      g_string_append_printf (line, "%s  %s  %s", provider, model != NULL ? model : "-",
                              json_object_get_string_member (object, "path"));
      if (easel_json_object_get_int (object, "seed", &seed))
        g_string_append_printf (line, _("  seed %" G_GINT64_FORMAT), seed);
      else
        g_string_append (line, _("  seed -"));
      g_string_append_printf (line, "  %.1f s",
                              json_object_get_int_member (object, "duration_ms") / 1000.0);
      if (easel_json_object_get_number (object, "cost_usd", &cost))
        {
          if (cost > 0)
            g_string_append_printf (line, "  ≈ $%.3f", cost);
          else
            g_string_append (line, _("  no cost (local)"));
        }
      else
        g_string_append (line, _("  cost unknown"));
      printf ("%s\n", line->str);
    }
  else
    printf ("%s  %s  %s: %s\n", provider, model != NULL ? model : "-",
            error != NULL ? easel_json_object_get_string (error, "code") : status,
            error != NULL ? easel_json_object_get_string (error, "message") : status);
}

/**
 * _easel_cli_watch_report:
 *
 * Prints one line per job (or the JSON document `{"run", "results"}`; for several runs, one
 * such object per run in an array) and returns the exit status: 0 when every job succeeded,
 * 130 when interrupted, 1 otherwise.
 */
int
_easel_cli_watch_report (EaselCliWatch *watch,
                         gboolean       as_json)
{
  g_autoptr(JsonArray) documents = json_array_new ();
  gboolean all_done = TRUE;

  for (guint r = 0; r < watch->runs->len; r++)
    {
      gint64 run_id = g_array_index (watch->runs, gint64, r);
      g_autoptr(JsonNode) results = _easel_cli_watch_results_json (watch, run_id);
      JsonArray *array = json_node_get_array (results);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = json_array_get_object_element (array, i);

          if (g_strcmp0 (json_object_get_string_member (object, "status"), "done") != 0)
            all_done = FALSE;
          if (!as_json)
            print_result_line (object);
        }

      if (as_json)
        {
          JsonObject *document = json_object_new ();

          json_object_set_int_member (document, "run", run_id);
          json_object_set_member (document, "results", json_node_copy (results));
          json_array_add_object_element (documents, document);
        }
    }

  if (as_json)
    {
      g_autoptr(JsonNode) root = NULL;

      if (json_array_get_length (documents) == 1)
        root = json_node_copy (json_array_get_element (documents, 0));
      else
        {
          root = json_node_new (JSON_NODE_ARRAY);
          json_node_set_array (root, documents);
        }
      _easel_cli_print_json (root);
    }

  if (watch->interrupted)
    return EASEL_EXIT_CANCELLED;
  return all_done ? EASEL_EXIT_OK : EASEL_EXIT_FAILED;
}
