/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "easel-engine.h"
#include "easel-fake-util.h"
#include "easel-paths.h"
#include "easel-scripted-provider.h"
#include "easel-test-util.h"

/* The engine against scripted providers: fan-out, limits, retries, cancel and server choice,
 * with no network at all. The provider fakes of each protocol are exercised in the provider
 * and command-line tests.
 */

typedef struct
{
  char             *dir;
  EaselStore       *store;
  EaselEngine      *engine;
  GHashTable       *clients;     /* url → EaselScriptedProvider */
  EaselScriptStats  stats[4];
  GPtrArray        *changes;     /* EaselJob copies, in order */
  GPtrArray        *results;     /* EaselResult copies */
  guint             runs_finished;
  guint             progress;
} Fixture;

static EaselProvider *
factory (const EaselProviderConfig *config,
         const char                *base_url,
         const char                *api_key,
         gpointer                   user_data)
{
  Fixture *f = user_data;
  EaselProvider *client = g_hash_table_lookup (f->clients, base_url);

  g_assert_nonnull (client);
  return g_object_ref (client);
}

static void
on_job_changed (EaselEngine *engine,
                EaselJob    *job,
                Fixture     *f)
{
  g_ptr_array_add (f->changes, easel_job_copy (job));
}

static void
on_result_added (EaselEngine *engine,
                 EaselResult *result,
                 Fixture     *f)
{
  g_ptr_array_add (f->results, easel_result_copy (result));
}

static void
on_run_finished (EaselEngine *engine,
                 gint64       run_id,
                 Fixture     *f)
{
  f->runs_finished++;
}

static void
on_progress (EaselEngine *engine,
             gint64       job_id,
             double       fraction,
             const char  *text,
             GdkPixbuf   *preview,
             Fixture     *f)
{
  f->progress++;
}

static EaselScriptedProvider *
add_provider (Fixture           *f,
              const char        *name,
              EaselProviderKind  kind,
              const char * const *urls,
              int                concurrency,
              guint              stats_index)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);
  g_autoptr(GError) error = NULL;
  EaselScriptedProvider *first = NULL;

  config->urls = g_strdupv ((GStrv) urls);
  config->concurrency = concurrency;
  g_assert_true (easel_store_save_provider (f->store, config, &error));
  g_assert_no_error (error);

  for (guint i = 0; urls[i] != NULL; i++)
    {
      EaselProvider *client = easel_scripted_provider_new (config, urls[i],
                                                           &f->stats[stats_index + i]);
      g_hash_table_insert (f->clients, g_strdup (urls[i]), client);
      if (first == NULL)
        first = EASEL_SCRIPTED_PROVIDER (client);
    }
  return first;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = easel_test_temp_dir_new ("engine");
  f->store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->engine = easel_engine_new (f->store);
  easel_engine_set_retry_base_ms (f->engine, 20);
  f->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  easel_engine_set_provider_factory (f->engine, factory, f);
  f->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_result_free);
  g_signal_connect (f->engine, "job-changed", G_CALLBACK (on_job_changed), f);
  g_signal_connect (f->engine, "result-added", G_CALLBACK (on_result_added), f);
  g_signal_connect (f->engine, "run-finished", G_CALLBACK (on_run_finished), f);
  g_signal_connect (f->engine, "job-progress", G_CALLBACK (on_progress), f);
}

static gboolean
engine_idle (gpointer data)
{
  Fixture *f = data;
  return easel_engine_get_active_jobs (f->engine) == 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  easel_engine_cancel_all (f->engine);
  easel_fake_wait_until (engine_idle, f, 5000);
  g_clear_object (&f->engine);
  g_clear_pointer (&f->clients, g_hash_table_unref);
  /* Let the last state writes land before the store goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (20000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  g_clear_pointer (&f->changes, g_ptr_array_unref);
  g_clear_pointer (&f->results, g_ptr_array_unref);
  easel_test_rm_rf (f->dir);
  g_free (f->dir);
}

typedef struct
{
  gboolean done;
  gint64   run_id;
  GError  *error;
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

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gint64
submit (Fixture            *f,
        const char         *prompt,
        const char * const *providers,
        int                 count,
        GError            **error)
{
  g_autoptr(EaselRun) run = easel_run_new (prompt);
  Submitted s = { 0 };

  run->providers = g_strdupv ((GStrv) providers);
  run->count = count;
  run->setting->width = 96;
  run->setting->height = 64;
  easel_engine_submit_async (f->engine, run, NULL, submit_cb, &s);
  easel_fake_wait_until (is_true, &s.done, 5000);
  if (s.error != NULL)
    g_propagate_error (error, s.error);
  return s.run_id;
}

typedef struct
{
  Fixture *f;
  guint    want;
} RunsWait;

static gboolean
runs_finished (gpointer data)
{
  RunsWait *w = data;
  return w->f->runs_finished >= w->want;
}

static void
wait_runs (Fixture *f,
           guint    want)
{
  RunsWait w = { f, want };
  easel_fake_wait_until (runs_finished, &w, 10000);
  /* The tests read the store next: let the last state writes land. */
  easel_engine_flush (f->engine);
}

static void
test_fan_out (Fixture       *f,
              gconstpointer  data)
{
  const char *a[] = { "http://a.test", NULL };
  const char *b[] = { "http://b.test", NULL };
  const char *c[] = { "http://c.test", NULL };
  const char *names[] = { "Alpha", "Beta", "Gamma", NULL };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id;

  add_provider (f, "Alpha", EASEL_PROVIDER_KIND_COMFYUI, a, 0, 0);
  add_provider (f, "Beta", EASEL_PROVIDER_KIND_A1111, b, 0, 1);
  add_provider (f, "Gamma", EASEL_PROVIDER_KIND_OPENAI, c, 0, 2);

  run_id = submit (f, "a lighthouse", names, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_id, >, 0);

  /* The run and its 12 jobs are stored before anything is sent. */
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  g_assert_cmpuint (jobs->len, ==, 12);

  wait_runs (f, 1);
  g_assert_cmpuint (f->results->len, ==, 12);
  g_assert_cmpuint (f->stats[0].successes + f->stats[1].successes + f->stats[2].successes, ==, 12);
  g_assert_cmpuint (f->runs_finished, ==, 1);
  g_assert_cmpuint (f->progress, >=, 12);

  for (guint i = 0; i < f->results->len; i++)
    {
      EaselResult *result = g_ptr_array_index (f->results, i);
      g_autofree char *path = easel_engine_get_result_path (f->engine, result);
      g_autofree char *thumb = easel_engine_get_thumbnail_path (f->engine, result);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (result->width, ==, 96);
      g_assert_cmpint (result->height, ==, 64);
      g_assert_true (result->adjustments != NULL &&
                     g_strv_contains ((const char * const *) result->adjustments,
                                      "scripted adjustment"));
    }

  g_clear_pointer (&jobs, g_ptr_array_unref);
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);
      g_assert_cmpint (job->state, ==, EASEL_JOB_DONE);
      g_assert_cmpint (job->result_id, >, 0);
      g_assert_cmpint (job->attempts, ==, 1);
      g_assert_nonnull (job->remote_id);
    }

  /* OpenAI takes no seed; ComfyUI and A1111 jobs got distinct random seeds. */
  {
    g_autoptr(GHashTable) seeds = g_hash_table_new (g_int64_hash, g_int64_equal);
    for (guint i = 0; i < jobs->len; i++)
      {
        EaselJob *job = g_ptr_array_index (jobs, i);
        if (g_str_equal (job->provider_kind, "openai"))
          g_assert_false (job->has_seed);
        else
          {
            g_assert_true (job->has_seed);
            g_assert_cmpint (job->seed, <, G_GINT64_CONSTANT (1) << 53);
            g_hash_table_add (seeds, &job->seed);
          }
      }
    g_assert_cmpuint (g_hash_table_size (seeds), ==, 8);
  }
}

static void
test_concurrency_limit (Fixture       *f,
                        gconstpointer  data)
{
  const char *urls[] = { "http://slow.test", NULL };
  const char *names[] = { "Slow", NULL };
  g_autoptr(GError) error = NULL;
  EaselScriptedProvider *slow;

  slow = add_provider (f, "Slow", EASEL_PROVIDER_KIND_OPENAI, urls, 2, 0);
  easel_scripted_provider_set_delay (slow, 40);
  submit (f, "owls", names, 7, &error);
  g_assert_no_error (error);
  wait_runs (f, 1);

  g_assert_cmpuint (f->stats[0].successes, ==, 7);
  g_assert_cmpuint (f->stats[0].max_running, ==, 2);
}

static void
test_rate_limit_retried (Fixture       *f,
                         gconstpointer  data)
{
  const char *urls[] = { "http://limited.test", NULL };
  const char *names[] = { "Limited", NULL };
  g_autoptr(GError) error = NULL;
  EaselScriptedProvider *limited;
  gint64 start;
  EaselJob *job;

  limited = add_provider (f, "Limited", EASEL_PROVIDER_KIND_OPENAI, urls, 0, 0);
  easel_scripted_provider_push (limited, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_RATE_LIMITED, 300);
  start = g_get_monotonic_time ();
  submit (f, "a fox", names, 1, &error);
  wait_runs (f, 1);

  /* Retried after the server's Retry-After, not the (20 ms) backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (f->stats[0].calls, ==, 2);
  g_assert_cmpuint (f->results->len, ==, 1);
  job = g_ptr_array_index (f->changes, f->changes->len - 1);
  g_assert_cmpint (job->state, ==, EASEL_JOB_DONE);
  g_assert_cmpint (job->attempts, ==, 2);

  /* The card was told it is waiting to retry. */
  {
    gboolean saw_retry = FALSE;
    for (guint i = 0; i < f->changes->len; i++)
      {
        EaselJob *change = g_ptr_array_index (f->changes, i);
        if (change->state == EASEL_JOB_QUEUED && change->error_message != NULL &&
            strstr (change->error_message, "Retrying in") != NULL)
          saw_retry = TRUE;
      }
    g_assert_true (saw_retry);
  }
}

static void
test_no_retry_for_refusals (Fixture       *f,
                            gconstpointer  data)
{
  const char *urls[] = { "http://strict.test", NULL };
  const char *names[] = { "Strict", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  EaselScriptedProvider *strict;
  gint64 run_id;
  EaselJob *job;

  strict = add_provider (f, "Strict", EASEL_PROVIDER_KIND_OPENAI, urls, 0, 0);
  easel_scripted_provider_push (strict, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_CONTENT_POLICY, -1);
  run_id = submit (f, "forbidden", names, 1, &error);
  wait_runs (f, 1);

  g_assert_cmpuint (f->stats[0].calls, ==, 1);
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->state, ==, EASEL_JOB_FAILED);
  g_assert_cmpstr (job->error_code, ==, "CONTENT_POLICY");
  g_assert_cmpuint (f->results->len, ==, 0);
}

static void
test_retries_capped (Fixture       *f,
                     gconstpointer  data)
{
  const char *urls[] = { "http://broken.test", NULL };
  const char *names[] = { "Broken", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  EaselScriptedProvider *broken;
  gint64 run_id;
  EaselJob *job;

  broken = add_provider (f, "Broken", EASEL_PROVIDER_KIND_OPENAI, urls, 0, 0);
  easel_scripted_provider_set_default (broken, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_SERVER);
  run_id = submit (f, "x", names, 1, &error);
  wait_runs (f, 1);

  g_assert_cmpuint (f->stats[0].calls, ==, EASEL_ENGINE_MAX_ATTEMPTS);
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->state, ==, EASEL_JOB_FAILED);
  g_assert_cmpstr (job->error_code, ==, "SERVER");
  g_assert_cmpint (job->attempts, ==, EASEL_ENGINE_MAX_ATTEMPTS);
}

static void
test_servers_share_and_dead_skipped (Fixture       *f,
                                     gconstpointer  data)
{
  const char *urls[] = { "http://dead.test", "http://gpu1.test", "http://gpu2.test", NULL };
  const char *names[] = { "Farm", NULL };
  g_autoptr(GError) error = NULL;
  EaselScriptedProvider *dead;

  dead = add_provider (f, "Farm", EASEL_PROVIDER_KIND_COMFYUI, urls, 1, 0);
  easel_scripted_provider_set_default (dead, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_CONNECT);
  easel_scripted_provider_set_delay (EASEL_SCRIPTED_PROVIDER (g_hash_table_lookup (f->clients, urls[1])), 30);
  easel_scripted_provider_set_delay (EASEL_SCRIPTED_PROVIDER (g_hash_table_lookup (f->clients, urls[2])), 30);

  submit (f, "a dragon", names, 8, &error);
  g_assert_no_error (error);
  wait_runs (f, 1);

  /* Every image made; the live servers shared them; the dead one was tried, then skipped. */
  g_assert_cmpuint (f->results->len, ==, 8);
  g_assert_cmpuint (f->stats[1].successes + f->stats[2].successes, ==, 8);
  g_assert_cmpuint (f->stats[1].successes, >=, 3);
  g_assert_cmpuint (f->stats[2].successes, >=, 3);
  g_assert_cmpuint (f->stats[0].calls, <=, 2);
  g_assert_cmpuint (f->stats[1].max_running, ==, 1);
}

static void
test_cancel_run (Fixture       *f,
                 gconstpointer  data)
{
  const char *urls[] = { "http://hang.test", NULL };
  const char *names[] = { "Hang", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  EaselScriptedProvider *hang;
  gint64 run_id;

  hang = add_provider (f, "Hang", EASEL_PROVIDER_KIND_COMFYUI, urls, 2, 0);
  easel_scripted_provider_set_default (hang, EASEL_SCRIPT_HANG, 0);
  run_id = submit (f, "forever", names, 5, &error);
  g_assert_no_error (error);

  /* Two run, three wait in Easel's own queue. */
  while (f->stats[0].running < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (easel_engine_is_run_active (f->engine, run_id));
  g_assert_cmpuint (easel_engine_cancel_run (f->engine, run_id), ==, 5);
  wait_runs (f, 1);

  /* The running ones were cancelled at the provider; nothing else was ever sent. */
  g_assert_cmpuint (f->stats[0].calls, ==, 2);
  g_assert_cmpuint (f->stats[0].cancels, ==, 2);
  /* Every state write has landed (a fixed sleep is not enough on a busy machine). */
  easel_engine_flush (f->engine);
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpint (((EaselJob *) g_ptr_array_index (jobs, i))->state, ==, EASEL_JOB_CANCELLED);

  /* Cancelled jobs can be retried. */
  easel_scripted_provider_set_default (hang, EASEL_SCRIPT_SUCCEED, 0);
  g_assert_true (easel_engine_retry_job (f->engine, ((EaselJob *) g_ptr_array_index (jobs, 0))->id,
                                         &error));
  g_assert_no_error (error);
  wait_runs (f, 2);
  g_assert_cmpuint (f->results->len, ==, 1);
}

static void
test_submit_errors (Fixture       *f,
                    gconstpointer  data)
{
  const char *unknown[] = { "Nobody", NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (submit (f, "x", unknown, 1, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nobody"));
  g_clear_error (&error);
  g_assert_cmpint (submit (f, "x", none, 1, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (submit (f, "   ", unknown, 1, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EaselRun) run = easel_run_new ("left behind");
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *image_dir = g_build_filename (f->dir, "images", "ab", NULL);
  const char *owners[] = { "dead-owner", NULL, NULL };

  /* Jobs of a process that died (no lock held), and one of this live engine. */
  owners[1] = easel_engine_get_owner_id (f->engine);
  for (guint i = 0; i < 3; i++)
    {
      EaselJob *job = easel_job_new ();
      job->provider_name = g_strdup ("Gone");
      job->provider_kind = g_strdup ("comfyui");
      job->prompt = g_strdup ("left behind");
      job->state = i == 0 ? EASEL_JOB_RUNNING : EASEL_JOB_QUEUED;
      job->owner = g_strdup (i < 2 ? owners[0] : owners[1]);
      g_ptr_array_add (jobs, job);
    }
  g_assert_true (easel_store_create_run (f->store, run, jobs, &error));

  g_mkdir_with_parents (image_dir, 0700);
  stale = g_build_filename (image_dir, "abcdef.png.Q1w2E3", NULL);
  g_file_set_contents (stale, "half", 4, NULL);

  g_assert_cmpuint (easel_engine_recover (f->engine, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  after = easel_store_list_jobs (f->store, run->id, &error);
  g_assert_cmpint (((EaselJob *) g_ptr_array_index (after, 0))->state, ==, EASEL_JOB_INTERRUPTED);
  g_assert_cmpint (((EaselJob *) g_ptr_array_index (after, 1))->state, ==, EASEL_JOB_INTERRUPTED);
  g_assert_cmpint (((EaselJob *) g_ptr_array_index (after, 2))->state, ==, EASEL_JOB_QUEUED);
  g_assert_nonnull (((EaselJob *) g_ptr_array_index (after, 0))->error_message);
}

typedef struct
{
  gboolean  done;
  GObject  *source;
  GAsyncResult *result;
} AsyncWait;

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncWait *w = user_data;

  w->result = g_object_ref (result);
  w->done = TRUE;
}

static GAsyncResult *
wait_async (AsyncWait *w)
{
  easel_fake_wait_until (is_true, &w->done, 5000);
  w->done = FALSE;
  return w->result;
}

static GThread *main_thread;

static void
on_providers_changed (EaselEngine *engine,
                      guint       *count)
{
  /* The window's handlers touch widgets: the signal must come on the main thread. */
  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

/* The window's asynchronous forms: the blocking part in a worker, state and signals on the
 * main context.
 */
static void
test_async_calls (Fixture       *f,
                  gconstpointer  data)
{
  const char *urls[] = { "http://async.test", NULL };
  const char *names[] = { "Async", NULL };
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Async",
                                                                     EASEL_PROVIDER_KIND_COMFYUI);
  g_autoptr(EaselProviderConfig) draft = easel_provider_config_new ("Draft",
                                                                    EASEL_PROVIDER_KIND_A1111);
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  EaselScriptedProvider *client;
  AsyncWait w = { 0 };
  guint changed = 0;
  gint64 run_id;

  g_signal_connect (f->engine, "providers-changed", G_CALLBACK (on_providers_changed), &changed);
  client = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, urls[0], &f->stats[0]));
  g_hash_table_insert (f->clients, g_strdup (urls[0]), client);
  config->urls = g_strdupv ((GStrv) urls);

  easel_engine_save_provider_async (f->engine, config, NULL, NULL, async_cb, &w);
  g_assert_true (easel_engine_save_provider_finish (f->engine, wait_async (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpuint (changed, ==, 1);
  listed = easel_engine_list_providers (f->engine, &error);
  g_assert_cmpuint (listed->len, ==, 1);

  /* An unsaved configuration is checked without being stored. */
  draft->urls = g_strdupv ((GStrv) urls);
  easel_engine_check_config_async (f->engine, draft, "typed-key", NULL, async_cb, &w);
  info = easel_engine_check_config_finish (f->engine, wait_async (&w), &error);
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpstr (info->version, ==, "scripted 1.0");
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = easel_engine_list_providers (f->engine, &error);
  g_assert_cmpuint (listed->len, ==, 1);

  /* A failed job, retried asynchronously. */
  easel_scripted_provider_push (client, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_CONTENT_POLICY, -1);
  run_id = submit (f, "retry me", names, 1, &error);
  g_assert_no_error (error);
  wait_runs (f, 1);
  g_assert_cmpuint (f->results->len, ==, 0);
  jobs = easel_store_list_jobs (f->store, run_id, &error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  easel_engine_retry_job_async (f->engine, ((EaselJob *) g_ptr_array_index (jobs, 0))->id, NULL,
                                async_cb, &w);
  g_assert_true (easel_engine_retry_job_finish (f->engine, wait_async (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  wait_runs (f, 2);
  g_assert_cmpuint (f->results->len, ==, 1);

  easel_engine_remove_provider_async (f->engine, "Async", NULL, async_cb, &w);
  g_assert_true (easel_engine_remove_provider_finish (f->engine, wait_async (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpuint (changed, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  cache = easel_test_temp_dir_new ("engine-cache");
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

#define ADD(path, func) \
  g_test_add ("/easel/engine/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fan-out", test_fan_out);
  ADD ("concurrency-limit", test_concurrency_limit);
  ADD ("rate-limit-retried", test_rate_limit_retried);
  ADD ("no-retry-for-refusals", test_no_retry_for_refusals);
  ADD ("retries-capped", test_retries_capped);
  ADD ("servers-share-dead-skipped", test_servers_share_and_dead_skipped);
  ADD ("cancel-run", test_cancel_run);
  ADD ("submit-errors", test_submit_errors);
  ADD ("recovery", test_recovery);
  ADD ("async-calls", test_async_calls);
#undef ADD

  {
    int status = g_test_run ();
    easel_test_rm_rf (cache);
    return status;
  }
}
