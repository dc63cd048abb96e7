/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "easel-cli-test.h"
#include "easel-fake-a1111.h"
#include "easel-fake-util.h"
#include "easel-fake-openai.h"
#include "easel-json.h"
#include "easel-store.h"
#include "easel-test-util.h"

/* The command line as a person (or a script) uses it: golden output, exit statuses, a real
 * two-provider run against the fakes, Ctrl+C, a crash mid-run, and the PNG metadata round trip.
 */

typedef struct
{
  char            *dir;
  char            *cache;
  EaselFakeOpenai *openai;
  EaselFakeA1111  *a1111;
  const char      *env[9];
  EaselCliRun      run;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = easel_test_temp_dir_new ("cli");
  f->cache = easel_test_temp_dir_new ("cli-cache");
  f->openai = easel_fake_openai_new ();
  f->a1111 = easel_fake_a1111_new ();
  easel_fake_a1111_set_step_delay (f->a1111, 2);
  /* Keys come from the environment here: the keyring is tested elsewhere. */
  f->env[0] = "XDG_CACHE_HOME";
  f->env[1] = f->cache;
  f->env[2] = "EASEL_API_KEY_OAI";
  f->env[3] = "sk-test-key";
  f->env[4] = "DBUS_SESSION_BUS_ADDRESS";
  f->env[5] = "disabled:";
  f->env[6] = NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  easel_cli_run_clear (&f->run);
  easel_fake_openai_free (f->openai);
  easel_fake_a1111_free (f->a1111);
  easel_test_rm_rf (f->dir);
  easel_test_rm_rf (f->cache);
  g_free (f->dir);
  g_free (f->cache);
}

#define EASEL(f, ...) easel_cli_exec ((f)->dir, (f)->env, NULL, &(f)->run, __VA_ARGS__, NULL)

static void
add_providers (Fixture *f)
{
  EASEL (f, "providers", "add", "oai", "--kind", "openai", "--url",
         easel_fake_openai_get_url (f->openai), "--model", "gpt-image-2");
  g_assert_cmpint (f->run.status, ==, 0);
  EASEL (f, "providers", "add", "sd", "--kind", "a1111", "--url",
         easel_fake_a1111_get_url (f->a1111));
  g_assert_cmpint (f->run.status, ==, 0);
}

static JsonNode *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = easel_json_parse (f->run.out, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_usage_and_exit_codes (Fixture       *f,
                           gconstpointer  data)
{
  EASEL (f, "--help");
  g_assert_cmpint (f->run.status, ==, 0);
  for (const char * const *c = (const char * const[]) { "generate", "providers", "examples",
         "history", "import", "settings", "jobs", "serve", NULL }; *c != NULL; c++)
    g_assert_nonnull (strstr (f->run.out, *c));

  EASEL (f, "bogus");
  g_assert_cmpint (f->run.status, ==, 2);
  g_assert_nonnull (strstr (f->run.err, "unknown command “bogus”"));

  EASEL (f, "generate");
  g_assert_cmpint (f->run.status, ==, 2);
  g_assert_nonnull (strstr (f->run.err, "Give either --prompt or --example"));

  EASEL (f, "generate", "--prompt", "x", "--provider", "p", "--width", "20000");
  g_assert_cmpint (f->run.status, ==, 2);
  g_assert_nonnull (strstr (f->run.err, "--width must be between 1 and 16384"));

  EASEL (f, "generate", "--prompt", "x", "--provider", "p", "--seed", "-5");
  g_assert_cmpint (f->run.status, ==, 2);

  EASEL (f, "generate", "--prompt", "x", "--provider", "nobody");
  g_assert_cmpint (f->run.status, ==, 1);
  g_assert_nonnull (strstr (f->run.err, "There is no provider named “nobody”"));

  EASEL (f, "providers", "add", "x", "--kind", "dalle");
  g_assert_cmpint (f->run.status, ==, 2);
  EASEL (f, "generate", "--help");
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_nonnull (strstr (f->run.out, "easel generate"));
  g_assert_nonnull (strstr (f->run.out, "--guidance"));
}

static void
test_golden_outputs (Fixture       *f,
                     gconstpointer  data)
{
  EASEL (f, "settings", "parse", "512x768, 30 steps, cfg 7.5, dpmpp_2m karras");
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_cmpstr (f->run.out, ==,
                   "{\n"
                   "  \"width\" : 512,\n"
                   "  \"height\" : 768,\n"
                   "  \"steps\" : 30,\n"
                   "  \"guidance_scale\" : 7.5,\n"
                   "  \"sampler\" : \"dpmpp_2m\",\n"
                   "  \"scheduler\" : \"karras\",\n"
                   "  \"seed\" : null,\n"
                   "  \"model\" : null,\n"
                   "  \"prompt\" : null,\n"
                   "  \"negative_prompt\" : null,\n"
                   "  \"extra_settings\" : {  }\n"
                   "}\n");

  /* From standard input, which may be empty (it once crashed) and has no terminating NUL. */
  easel_cli_exec (f->dir, f->env, "", &f->run, "settings", "parse", "-", NULL);
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_nonnull (strstr (f->run.out, "\"width\" : null"));
  easel_cli_exec (f->dir, f->env, "Steps: 12, Size: 64x48", &f->run, "settings", "parse", NULL);
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_nonnull (strstr (f->run.out, "\"steps\" : 12"));
  g_assert_nonnull (strstr (f->run.out, "\"height\" : 48"));

  EASEL (f, "examples", "add", "Fox", "--prompt", "a red fox in snow", "--negative", "blurry",
         "--width", "640", "--height", "480", "--seed", "42", "--tags", "Animals, winter");
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_cmpstr (f->run.out, ==, "Added Fox\n");
  EASEL (f, "examples", "show", "fox");
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_cmpstr (f->run.out, ==,
                   "Name:      Fox\n"
                   "Prompt:    a red fox in snow\n"
                   "Negative:  blurry\n"
                   "Tags:      animals, winter\n"
                   "Settings:  {\"width\":640,\"height\":480,\"steps\":null,\"guidance_scale\":null,"
                   "\"sampler\":null,\"scheduler\":null,\"seed\":42,\"model\":null,"
                   "\"negative_prompt\":null,\"extra_settings\":{}}\n");
  EASEL (f, "examples", "update", "Fox", "--rename", "Arctic fox", "--steps", "30");
  g_assert_cmpint (f->run.status, ==, 0);
  EASEL (f, "examples", "list");
  g_assert_cmpstr (f->run.out, ==, "   1  Arctic fox                a red fox in snow\n");
  EASEL (f, "examples", "add", "Arctic fox", "--prompt", "again");
  g_assert_cmpint (f->run.status, ==, 1);
  g_assert_nonnull (strstr (f->run.err, "already exists"));
  EASEL (f, "examples", "remove", "Arctic fox");
  g_assert_cmpstr (f->run.out, ==, "Removed Arctic fox\n");
  EASEL (f, "examples", "show", "Arctic fox");
  g_assert_cmpint (f->run.status, ==, 1);

  add_providers (f);
  EASEL (f, "providers", "list", "--json");
  {
    g_autoptr(JsonNode) root = parse_out (f);
    JsonArray *array = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                     "kind"), ==, "openai");
  }
}

static void
test_two_provider_run (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  guint per_provider[2] = { 0, 0 };

  add_providers (f);
  EASEL (f, "generate", "--prompt", "a lighthouse at dusk", "--provider", "oai",
         "--provider", "sd", "--count", "2", "--width", "1344", "--height", "768", "--json");
  g_assert_cmpint (f->run.status, ==, 0);
  root = parse_out (f);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const char *provider = json_object_get_string_member (r, "provider");
      const char *path = json_object_get_string_member (r, "path");

      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "done");
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "error")));
      g_assert_cmpint (json_object_get_int_member (r, "width"), ==, 1344);
      if (g_str_equal (provider, "sd"))
        {
          per_provider[1]++;
          g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "seed")));
        }
      else
        {
          per_provider[0]++;
          g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (r, "seed")));
        }
    }
  g_assert_cmpuint (per_provider[0], ==, 2);
  g_assert_cmpuint (per_provider[1], ==, 2);

  /* The key came from EASEL_API_KEY_OAI and went out as a bearer token. */
  g_assert_cmpstr (easel_fake_openai_get_header (f->openai, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "Authorization"), ==, "Bearer sk-test-key");

  /* Plain output and history. */
  EASEL (f, "generate", "--prompt", "an owl", "--provider", "sd");
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_true (g_str_has_prefix (f->run.out, "sd  v1-5-pruned-emaonly  /"));
  g_assert_nonnull (strstr (f->run.out, "no cost (local)"));
  g_assert_nonnull (strstr (f->run.err, "done"));
  EASEL (f, "history", "--search", "lighthouse", "--json");
  {
    g_autoptr(JsonNode) history = parse_out (f);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 4);
  }
  EASEL (f, "history", "--provider", "sd", "--json");
  {
    g_autoptr(JsonNode) history = parse_out (f);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 3);
  }
}

static void
test_failure_exit_code (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;
  JsonObject *error;

  add_providers (f);
  easel_fake_openai_set_fault (f->openai, EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED);
  EASEL (f, "generate", "--prompt", "something refused", "--provider", "oai", "--json");
  g_assert_cmpint (f->run.status, ==, 1);
  root = parse_out (f);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                        "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "failed");
  error = json_object_get_object_member (result, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "CONTENT_POLICY");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"),
                            "rejected by the safety system"));
  /* A refusal is not retried. */
  g_assert_cmpuint (easel_fake_openai_get_requests (f->openai), ==, 1);
}

static gboolean
a1111_generating (gpointer data)
{
  return easel_fake_a1111_is_generating (data);
}

typedef struct
{
  GSubprocess *process;
  EaselCliRun *run;
  gboolean     done;
} Child;

static void
child_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &child->run->out,
                                        &child->run->err, NULL);
  child->done = TRUE;
}

static gboolean
child_finished (gpointer data)
{
  Child *child = data;
  return child->done && (g_subprocess_get_if_exited (child->process) ||
                         g_subprocess_get_if_signaled (child->process));
}

static void
test_ctrl_c_cancels (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "generate", "--prompt", "slow", "--provider", "sd", "--count", "3",
                         "--steps", "150", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };

  add_providers (f);
  easel_fake_a1111_set_step_delay (f->a1111, 50);
  process = easel_cli_spawn (f->dir, f->env, args);
  child.process = process;
  child.run = &f->run;
  easel_cli_run_clear (&f->run);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, child_done_cb, &child);
  easel_fake_wait_until (a1111_generating, f->a1111, 10000);

  g_subprocess_send_signal (process, SIGINT);
  easel_fake_wait_until (child_finished, &child, 20000);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_cmpuint (easel_fake_a1111_get_interrupt_count (f->a1111), ==, 1);

  store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  jobs = easel_store_list_jobs (store, 1, &error);
  g_assert_cmpuint (jobs->len, ==, 3);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpint (((EaselJob *) g_ptr_array_index (jobs, i))->state, ==, EASEL_JOB_CANCELLED);
}

static gboolean
some_results (gpointer data)
{
  Fixture *f = data;
  g_autoptr(EaselStore) store = easel_store_open (f->dir, NULL);
  EaselResultQuery query = { 0 };

  g_usleep (20000);
  return store != NULL && easel_store_count_results (store, &query, NULL) >= 5;
}

static void
test_crash_recovery (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "generate", "--prompt", "fifty foxes", "--provider", "oai",
                         "--count", "50", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) unfinished = NULL;
  EaselResultQuery query = { .limit = 1000 };
  Child child = { 0 };
  guint interrupted;

  add_providers (f);
  easel_fake_openai_set_latency (f->openai, 60);
  process = easel_cli_spawn (f->dir, f->env, args);
  child.process = process;
  child.run = &f->run;
  easel_cli_run_clear (&f->run);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, child_done_cb, &child);
  easel_fake_wait_until (some_results, f, 30000);

  g_subprocess_force_exit (process);
  easel_fake_wait_until (child_finished, &child, 10000);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

  /* Restart: recovery runs first, then the unfinished jobs are listed as interrupted. */
  EASEL (f, "jobs", "--unfinished", "--json");
  g_assert_cmpint (f->run.status, ==, 0);
  unfinished = parse_out (f);
  interrupted = json_array_get_length (json_node_get_array (unfinished));
  g_assert_cmpuint (interrupted, >, 0);
  for (guint i = 0; i < interrupted; i++)
    g_assert_cmpstr (json_object_get_string_member (
      json_array_get_object_element (json_node_get_array (unfinished), i), "status"), ==,
      "interrupted");

  store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (easel_store_integrity_check (store, &error));
  g_assert_no_error (error);
  results = easel_store_search_results (store, &query, &error);
  g_assert_cmpuint (results->len + interrupted, ==, 50);
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *path = easel_store_get_result_path (store, g_ptr_array_index (results, i));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpuint (easel_store_remove_temp_files (store), ==, 0);

  /* And an interrupted job can be generated again. */
  {
    g_autoptr(GPtrArray) jobs = easel_store_list_jobs_by_state (store, EASEL_JOB_INTERRUPTED,
                                                                &error);
    g_autofree char *id = NULL;

    g_assert_cmpuint (jobs->len, ==, interrupted);
    id = g_strdup_printf ("%" G_GINT64_FORMAT, ((EaselJob *) g_ptr_array_index (jobs, 0))->id);
    g_clear_object (&store);
    easel_fake_openai_set_latency (f->openai, 0);
    EASEL (f, "retry", id, "--json");
    g_assert_cmpint (f->run.status, ==, 1);   /* the run still has the others interrupted */
    {
      g_autoptr(JsonNode) root = parse_out (f);
      JsonArray *after = json_object_get_array_member (json_node_get_object (root), "results");
      guint done = 0;

      for (guint i = 0; i < json_array_get_length (after); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (after, i),
                                                        "status"), "done"))
          done++;
      g_assert_cmpuint (done, ==, 50 - interrupted + 1);
    }
  }
}

static void
test_png_metadata_round_trip (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) imported = NULL;
  JsonObject *result;
  JsonObject *example;
  JsonObject *settings;
  const char *path;

  add_providers (f);
  EASEL (f, "generate", "--prompt", "a café in Köln, 夜", "--negative", "blurry",
         "--provider", "sd", "--width", "640", "--height", "384", "--steps", "22",
         "--guidance", "6.5", "--seed", "123456", "--sampler", "Euler a", "--json");
  g_assert_cmpint (f->run.status, ==, 0);
  root = parse_out (f);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                        "results"), 0);
  path = json_object_get_string_member (result, "path");

  EASEL (f, "import", path, "--json");
  g_assert_cmpint (f->run.status, ==, 0);
  imported = parse_out (f);
  example = json_array_get_object_element (json_node_get_array (imported), 0);
  settings = json_object_get_object_member (example, "settings");
  g_assert_cmpstr (json_object_get_string_member (example, "prompt"), ==, "a café in Köln, 夜");
  g_assert_cmpstr (json_object_get_string_member (example, "negative_prompt"), ==, "blurry");
  g_assert_cmpint (json_object_get_int_member (settings, "width"), ==, 640);
  g_assert_cmpint (json_object_get_int_member (settings, "height"), ==, 384);
  g_assert_cmpint (json_object_get_int_member (settings, "steps"), ==, 22);
  g_assert_cmpint (json_object_get_int_member (settings, "seed"), ==, 123456);
  g_assert_cmpfloat (json_object_get_double_member (settings, "guidance_scale"), ==, 6.5);
  g_assert_cmpstr (json_object_get_string_member (settings, "sampler"), ==, "Euler a");

  /* A file without metadata is refused with a clear message, and the status says so. */
  {
    g_autofree char *plain = g_build_filename (f->dir, "plain.txt", NULL);
    g_file_set_contents (plain, "not an image", -1, NULL);
    EASEL (f, "import", plain);
    g_assert_cmpint (f->run.status, ==, 1);
    g_assert_nonnull (strstr (f->run.err, "no generation settings"));
  }
}


/* ---- easel serve ------------------------------------------------------------------------- */

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static char *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  LineRead read = { NULL, FALSE };

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);
  return read.line;
}

typedef struct
{
  GBytes      *body;
  SoupMessage *msg;
  gboolean     done;
} Fetched;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetched *fetched = user_data;
  g_autoptr(GError) error = NULL;

  fetched->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  fetched->done = TRUE;
}

/* One request to the server, while this process's main loop keeps serving the fakes. */
static guint
fetch (SoupSession *session,
       const char  *method,
       const char  *url,
       const char  *token,
       const char  *body,
       GBytes     **out_body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Fetched fetched = { NULL, msg, FALSE };

  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched_cb,
                                    &fetched);
  while (!fetched.done)
    g_main_context_iteration (NULL, TRUE);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&fetched.body);
  g_clear_pointer (&fetched.body, g_bytes_unref);
  return soup_message_get_status (msg);
}

static void
test_serve (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *line = NULL;
  g_autofree char *token_path = g_build_filename (f->dir, "api-token", NULL);
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *providers_url = NULL;
  g_autofree char *generate_url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *image_url;
  GStatBuf st;

  add_providers (f);

  /* Refused: an address other machines reach, without --allow-remote. */
  EASEL (f, "serve", "--bind", "192.0.2.1", "--port", "0");
  g_assert_cmpint (f->run.status, ==, 2);
  g_assert_nonnull (strstr (f->run.err, "--allow-remote"));
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));

  process = easel_cli_spawn (f->dir, f->env,
                             (const char * const[]) { "serve", "--port", "0", NULL });
  line = read_first_line (process);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Serving the Easel API at http://127.0.0.1:"));
  url = g_strndup (strstr (line, "http://"), strcspn (strstr (line, "http://"), " "));
  g_assert_true (g_str_has_suffix (url, "/api/v1"));

  /* The token was made on this first start, in a file only its owner reads. */
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, NULL));
  g_strstrip (token);
  g_assert_cmpuint (strlen (token), ==, 43);

  providers_url = g_strconcat (url, "/providers", NULL);
  g_assert_cmpuint (fetch (session, "GET", providers_url, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (fetch (session, "GET", providers_url, token, NULL, &body), ==, 200);
  root = easel_json_parse (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (root), "providers")), ==, 2);

  /* A real image through the A1111 fake, and its bytes. */
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&root, json_node_unref);
  generate_url = g_strconcat (url, "/images/generate", NULL);
  g_assert_cmpuint (fetch (session, "POST", generate_url, token,
                           "{\"prompt\": \"a lighthouse\", \"providers\": [\"sd\"], \"wait\": true,"
                           " \"settings\": {\"width\": 64, \"height\": 64, \"steps\": 2}}", &body),
                    ==, 200);
  root = easel_json_parse (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                           &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==,
                   "done");
  image_url = json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "results"), 0), "image_url");
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (fetch (session, "GET", image_url, token, NULL, &body), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

  /* Ctrl+C stops it cleanly; the token was printed this once. */
  g_subprocess_send_signal (process, SIGINT);
  easel_cli_wait (process, &f->run);
  g_assert_cmpint (f->run.status, ==, 0);
  if (strstr (f->run.err, token) == NULL)
    g_error ("no token in: %s", f->run.err);
  g_assert_nonnull (strstr (f->run.err, token_path));

  /* A second start uses the same token and does not print it. */
  g_clear_object (&process);
  g_clear_pointer (&line, g_free);
  process = easel_cli_spawn (f->dir, f->env,
                             (const char * const[]) { "serve", "--port", "0", NULL });
  line = read_first_line (process);
  g_assert_nonnull (line);
  g_subprocess_send_signal (process, SIGINT);
  easel_cli_wait (process, &f->run);
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_null (strstr (f->run.err, token));
}

static void
test_settings_import_and_fixtures (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "legacy.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "legacy.json", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *fixture = easel_test_data_path ("legacy-settings-public.jsonl");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) listed = NULL;

  g_assert_true (g_file_set_contents (csv,
    "name,provider,style,format,settings\r\n"
    "hero,comfyui,,,\"512x768, 30 steps, cfg 7.5\"\r\n"
    "infotext,a1111,,,\"a fox\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, "
    "Seed: 42, Size: 640x384\"\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (json,
    "[{\"name\": \"json one\", \"settings\": \"1344 x 768 | 28 steps\"}]", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "name,settings\nbroken,\"never closed\n", -1, NULL));

  EASEL (f, "settings", "import", csv);
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_cmpstr (f->run.out, ==, "Imported 2 settings\n");
  EASEL (f, "settings", "import", json);
  g_assert_cmpstr (f->run.out, ==, "Imported 1 setting\n");
  EASEL (f, "settings", "import", bad);
  g_assert_cmpint (f->run.status, ==, 1);
  g_assert_nonnull (strstr (f->run.err, "never closed"));

  EASEL (f, "settings", "list", "--json");
  listed = parse_out (f);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 3);
  {
    JsonObject *two = json_array_get_object_element (json_node_get_array (listed), 1);
    g_assert_cmpint (json_object_get_int_member (two, "seed"), ==, 42);
    g_assert_cmpstr (json_object_get_string_member (two, "negative_prompt"), ==, "blurry");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (two, "legacy_text"),
                                     "a fox\nNegative prompt"));
  }

  /* `easel settings parse` gives the expected fields for every public legacy fixture. */
  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      g_autoptr(JsonNode) parsed = NULL;
      JsonObject *expected;
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      if (*lines[i] == '\0')
        continue;
      line = easel_json_parse (lines[i], -1, NULL);
      expected = json_object_get_object_member (json_node_get_object (line), "expected");
      EASEL (f, "settings", "parse",
             json_object_get_string_member (json_node_get_object (line), "settings"));
      g_assert_cmpint (f->run.status, ==, 0);
      parsed = parse_out (f);
      json_object_iter_init (&iter, expected);
      while (json_object_iter_next (&iter, &key, &value))
        {
          JsonNode *got = json_object_get_member (json_node_get_object (parsed), key);
          double a, b;

          g_assert_nonnull (got);
          if (JSON_NODE_HOLDS_NULL (value))
            g_assert_true (JSON_NODE_HOLDS_NULL (got));
          else if (easel_json_get_number (value, &a))
            {
              g_assert_true (easel_json_get_number (got, &b));
              g_assert_cmpfloat (a, ==, b);
            }
          else
            g_assert_cmpstr (json_node_get_string (got), ==, json_node_get_string (value));
        }
    }
}

static void
test_no_keyring_no_plain_text (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "easel.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Without a secret service, a key is refused with a clear message, and nothing is saved. */
  easel_cli_exec (f->dir, f->env, "sk-should-never-be-written\n", &f->run,
                  "providers", "add", "keyed", "--kind", "openai", "--api-key-stdin", NULL);
  g_assert_cmpint (f->run.status, ==, 1);
  g_assert_nonnull (strstr (f->run.err, "secret service is not available"));
  EASEL (f, "providers", "list", "--json");
  g_assert_cmpstr (f->run.out, ==, "[]\n");
  if (g_file_get_contents (db, &contents, &length, NULL))
    g_assert_null (memmem (contents, length, "sk-should-never", 15));
}

static void
test_keyring_key_used (Fixture       *f,
                       gconstpointer  data)
{
  const char *env[] = { "XDG_CACHE_HOME", f->cache, NULL };
  g_autofree char *db = g_build_filename (f->dir, "easel.db", NULL);
  g_autofree char *wal = g_build_filename (f->dir, "easel.db-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus (build-aux/dev test runs one with a keyring)");
      return;
    }

  easel_cli_exec (f->dir, env, "sk-from-the-keyring\n", &f->run, "providers", "add", "kr",
                  "--kind", "openai", "--url", easel_fake_openai_get_url (f->openai),
                  "--model", "gpt-image-2", "--api-key-stdin", NULL);
  if (f->run.status != 0 && strstr (f->run.err, "secret service is not available") != NULL)
    {
      g_test_skip ("no secret service on this session bus");
      return;
    }
  g_assert_cmpint (f->run.status, ==, 0);
  easel_cli_exec (f->dir, env, NULL, &f->run, "providers", "list", NULL);
  g_assert_nonnull (strstr (f->run.out, "key: set"));
  easel_cli_exec (f->dir, env, NULL, &f->run, "generate", "--prompt", "a fox", "--provider",
                  "kr", NULL);
  g_assert_cmpint (f->run.status, ==, 0);
  g_assert_cmpstr (easel_fake_openai_get_header (f->openai, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "Authorization"), ==,
                   "Bearer sk-from-the-keyring");

  /* The key is nowhere in the database, and not in anything the command printed. */
  g_assert_null (strstr (f->run.out, "sk-from"));
  g_assert_null (strstr (f->run.err, "sk-from"));
  for (const char *path = db; path != NULL; path = path == db ? wal : NULL)
    if (g_file_get_contents (path, &contents, &length, NULL))
      {
        g_assert_null (memmem (contents, length, "sk-from-the-keyring", 19));
        g_clear_pointer (&contents, g_free);
      }

  /* Removing the provider forgets its key. */
  easel_cli_exec (f->dir, env, NULL, &f->run, "providers", "remove", "kr", NULL);
  g_assert_cmpint (f->run.status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/easel/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("usage-and-exit-codes", test_usage_and_exit_codes);
  ADD ("golden-outputs", test_golden_outputs);
  ADD ("two-provider-run", test_two_provider_run);
  ADD ("failure-exit-code", test_failure_exit_code);
  ADD ("ctrl-c-cancels", test_ctrl_c_cancels);
  ADD ("crash-recovery", test_crash_recovery);
  ADD ("png-metadata-round-trip", test_png_metadata_round_trip);
  ADD ("serve", test_serve);
  ADD ("settings-import-and-fixtures", test_settings_import_and_fixtures);
  ADD ("no-keyring-no-plain-text", test_no_keyring_no_plain_text);
  ADD ("keyring-key-used", test_keyring_key_used);
#undef ADD

  return g_test_run ();
}
