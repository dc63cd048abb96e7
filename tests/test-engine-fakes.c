/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "easel-engine.h"
#include "easel-fake-a1111.h"
#include "easel-fake-comfyui.h"
#include "easel-fake-openai.h"
#include "easel-fake-util.h"
#include "easel-test-util.h"

/* The engine against the protocol fakes over real HTTP and websockets: fan-out, the limits as
 * the servers see them, Retry-After, refusals, several servers, and cancel reaching the right
 * ComfyUI prompts.
 */

typedef struct
{
  char             *dir;
  EaselStore       *store;
  EaselEngine      *engine;
  EaselFakeComfyui *comfyui;
  EaselFakeComfyui *comfyui2;
  EaselFakeA1111   *a1111;
  EaselFakeOpenai  *openai;
  guint             runs_finished;
  GPtrArray        *results;
} Fixture;

static void
on_run_finished (EaselEngine *engine,
                 gint64       run_id,
                 Fixture     *f)
{
  f->runs_finished++;
}

static void
on_result_added (EaselEngine *engine,
                 EaselResult *result,
                 Fixture     *f)
{
  g_ptr_array_add (f->results, easel_result_copy (result));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = easel_test_temp_dir_new ("engine-fakes");
  f->store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->engine = easel_engine_new (f->store);
  easel_engine_set_retry_base_ms (f->engine, 50);
  f->comfyui = easel_fake_comfyui_new ();
  f->comfyui2 = easel_fake_comfyui_new ();
  f->a1111 = easel_fake_a1111_new ();
  easel_fake_a1111_set_step_delay (f->a1111, 1);
  f->openai = easel_fake_openai_new ();
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_result_free);
  g_signal_connect (f->engine, "run-finished", G_CALLBACK (on_run_finished), f);
  g_signal_connect (f->engine, "result-added", G_CALLBACK (on_result_added), f);
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
  easel_fake_wait_until (engine_idle, f, 20000);
  easel_engine_flush (f->engine);
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
  easel_fake_comfyui_free (f->comfyui);
  easel_fake_comfyui_free (f->comfyui2);
  easel_fake_a1111_free (f->a1111);
  easel_fake_openai_free (f->openai);
  g_ptr_array_unref (f->results);
  easel_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
add_provider (Fixture            *f,
              const char         *name,
              EaselProviderKind   kind,
              const char * const *urls,
              const char         *model,
              int                 concurrency)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);
  g_autoptr(GError) error = NULL;

  config->urls = g_strdupv ((GStrv) urls);
  config->model = g_strdup (model);
  config->concurrency = concurrency;
  /* Short REST timeouts and a quick watchdog keep the failure cases fast. */
  json_object_set_double_member (config->options, "timeout_s", 5);
  json_object_set_double_member (config->options, "watchdog_s", 1);
  g_assert_true (easel_engine_save_provider (f->engine, config, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean done;
  gint64   run_id;
} Submitted;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Submitted *s = user_data;
  g_autoptr(GError) error = NULL;

  s->run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  g_assert_no_error (error);
  s->done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gint64
submit (Fixture            *f,
        const char * const *providers,
        int                 count)
{
  g_autoptr(EaselRun) run = easel_run_new ("a lighthouse at dusk");
  Submitted s = { 0 };

  run->providers = g_strdupv ((GStrv) providers);
  run->count = count;
  run->setting->width = 512;
  run->setting->height = 512;
  run->setting->steps = 4;
  easel_engine_submit_async (f->engine, run, NULL, submit_cb, &s);
  easel_fake_wait_until (is_true, &s.done, 10000);
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
  easel_fake_wait_until (runs_finished, &w, 60000);
  easel_engine_flush (f->engine);
}

static GPtrArray *
jobs_of (Fixture *f,
         gint64   run_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs = easel_store_list_jobs (f->store, run_id, &error);

  g_assert_no_error (error);
  return jobs;
}

static void
test_fan_out (Fixture       *f,
              gconstpointer  data)
{
  const char *comfy[] = { easel_fake_comfyui_get_url (f->comfyui), NULL };
  const char *a1111[] = { easel_fake_a1111_get_url (f->a1111), NULL };
  const char *openai[] = { easel_fake_openai_get_url (f->openai), NULL };
  const char *names[] = { "Comfy", "Forge", "OpenAI", NULL };
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 run_id;

  easel_fake_comfyui_set_node_delay_ms (f->comfyui, 15);
  easel_fake_openai_set_latency (f->openai, 40);
  add_provider (f, "Comfy", EASEL_PROVIDER_KIND_COMFYUI, comfy, "sd_xl_base_1.0.safetensors", 0);
  add_provider (f, "Forge", EASEL_PROVIDER_KIND_A1111, a1111, NULL, 0);
  add_provider (f, "OpenAI", EASEL_PROVIDER_KIND_OPENAI, openai, "gpt-image-2", 0);

  run_id = submit (f, names, 4);
  wait_runs (f, 1);

  jobs = jobs_of (f, run_id);
  g_assert_cmpuint (jobs->len, ==, 12);
  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpstr (job->error_message, ==, NULL);
      g_assert_cmpint (job->state, ==, EASEL_JOB_DONE);
    }
  g_assert_cmpuint (f->results->len, ==, 12);

  /* The limits as the servers saw them: ComfyUI one running (and one queued there), A1111 one
   * at a time, OpenAI at most four in flight.
   */
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->comfyui)->max_running, ==, 1);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->comfyui)->prompts_accepted, ==, 4);
  g_assert_cmpuint (easel_fake_a1111_get_max_concurrent (f->a1111), ==, 1);
  g_assert_cmpuint (easel_fake_openai_get_max_concurrent (f->openai), <=, 4);
  g_assert_cmpuint (easel_fake_openai_get_max_concurrent (f->openai), >=, 2);
}

static void
test_rate_limit_and_refusal (Fixture       *f,
                             gconstpointer  data)
{
  const char *openai[] = { easel_fake_openai_get_url (f->openai), NULL };
  const char *names[] = { "OpenAI", NULL };
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 start, run_id;
  EaselJob *job;

  add_provider (f, "OpenAI", EASEL_PROVIDER_KIND_OPENAI, openai, "gpt-image-2", 1);

  /* 429 with Retry-After: 1 → retried after a second, then done. */
  easel_fake_openai_fail_next (f->openai, EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED, 1);
  start = g_get_monotonic_time ();
  run_id = submit (f, names, 1);
  wait_runs (f, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
  g_assert_cmpuint (easel_fake_openai_get_requests (f->openai), ==, 2);
  jobs = jobs_of (f, run_id);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->state, ==, EASEL_JOB_DONE);
  g_assert_cmpint (job->attempts, ==, 2);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  /* A content-policy refusal is never sent again. */
  easel_fake_openai_set_fault (f->openai, EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED);
  run_id = submit (f, names, 1);
  wait_runs (f, 2);
  g_assert_cmpuint (easel_fake_openai_get_requests (f->openai), ==, 3);
  jobs = jobs_of (f, run_id);
  job = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (job->state, ==, EASEL_JOB_FAILED);
  g_assert_cmpstr (job->error_code, ==, "CONTENT_POLICY");
  g_assert_cmpint (job->attempts, ==, 1);
}

static void
test_servers_share_dead_skipped (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *dead = easel_fake_a1111_closed_url ();
  const char *urls[] = { dead, easel_fake_comfyui_get_url (f->comfyui),
                         easel_fake_comfyui_get_url (f->comfyui2), NULL };
  const char *names[] = { "Farm", NULL };
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 run_id;
  guint first, second;

  easel_fake_comfyui_set_node_delay_ms (f->comfyui, 20);
  easel_fake_comfyui_set_node_delay_ms (f->comfyui2, 20);
  add_provider (f, "Farm", EASEL_PROVIDER_KIND_COMFYUI, urls, "sd_xl_base_1.0.safetensors", 1);

  run_id = submit (f, names, 6);
  wait_runs (f, 1);

  jobs = jobs_of (f, run_id);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpint (((EaselJob *) g_ptr_array_index (jobs, i))->state, ==, EASEL_JOB_DONE);
  first = easel_fake_comfyui_get_stats (f->comfyui)->prompts_accepted;
  second = easel_fake_comfyui_get_stats (f->comfyui2)->prompts_accepted;
  g_assert_cmpuint (first + second, ==, 6);
  g_assert_cmpuint (first, >=, 2);
  g_assert_cmpuint (second, >=, 2);
}

static gboolean
comfy_has_pending (gpointer data)
{
  Fixture *f = data;
  return easel_fake_comfyui_get_running_prompt_id (f->comfyui) != NULL &&
         easel_fake_comfyui_get_pending_count (f->comfyui) == 1;
}

static void
test_cancel_reaches_right_prompts (Fixture       *f,
                                   gconstpointer  data)
{
  const char *comfy[] = { easel_fake_comfyui_get_url (f->comfyui), NULL };
  const char *names[] = { "Comfy", NULL };
  const EaselFakeComfyuiStats *stats;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *running = NULL;
  g_autofree char *pending = NULL;
  gint64 run_id;

  easel_fake_comfyui_set_node_delay_ms (f->comfyui, 2000);
  add_provider (f, "Comfy", EASEL_PROVIDER_KIND_COMFYUI, comfy, "sd_xl_base_1.0.safetensors", 0);
  run_id = submit (f, names, 4);

  /* Two on the server (one running, one queued), two in Easel's own queue. */
  easel_fake_wait_until (comfy_has_pending, f, 20000);
  running = g_strdup (easel_fake_comfyui_get_running_prompt_id (f->comfyui));
  pending = g_strdup (easel_fake_comfyui_get_last_prompt_id (f->comfyui));
  g_assert_cmpstr (running, !=, pending);

  g_assert_cmpuint (easel_engine_cancel_run (f->engine, run_id), ==, 4);
  wait_runs (f, 1);

  stats = easel_fake_comfyui_get_stats (f->comfyui);
  g_assert_cmpuint (stats->prompts_posted, ==, 2);
  g_assert_cmpuint (stats->interrupts_bare, ==, 0);
  g_assert_cmpuint (stats->interrupts_targeted, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats->interrupted_ids, 0), ==, running);
  g_assert_true (g_ptr_array_find_with_equal_func (stats->queue_deleted_ids, pending,
                                                   g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (stats->queue_deleted_ids, running,
                                                    g_str_equal, NULL) &&
                  stats->interrupts_targeted == 0);

  jobs = jobs_of (f, run_id);
  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      g_assert_cmpint (job->state, ==, EASEL_JOB_CANCELLED);
      /* The ids the server saw are the ones Easel stored before posting. */
      if (i < 2)
        g_assert_true (g_strcmp0 (job->remote_id, running) == 0 ||
                       g_strcmp0 (job->remote_id, pending) == 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache = easel_test_temp_dir_new ("engine-fakes-cache");
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

#define ADD(path, func) \
  g_test_add ("/easel/engine-fakes/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fan-out-3x4", test_fan_out);
  ADD ("rate-limit-and-refusal", test_rate_limit_and_refusal);
  ADD ("servers-share-dead-skipped", test_servers_share_dead_skipped);
  ADD ("cancel-reaches-right-prompts", test_cancel_reaches_right_prompts);
#undef ADD

  status = g_test_run ();
  easel_test_rm_rf (cache);
  return status;
}
