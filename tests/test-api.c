/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "easel-api-private.h"
#include "easel-api-server.h"
#include "easel-api-token.h"
#include "easel-fake-util.h"
#include "easel-json.h"
#include "easel-scripted-provider.h"
#include "easel-test-util.h"

/* The local REST API in-process: a real SoupServer on 127.0.0.1 in front of a real engine and
 * store, with scripted providers (no network), driven by a libsoup client on the same main
 * loop. Raw sockets from a thread bring the malformed traffic.
 */

#define TOKEN "test-token-0123456789abcdefghijkl"

typedef struct
{
  char                  *dir;
  EaselStore            *store;
  EaselEngine           *engine;
  EaselApiServer        *server;
  SoupSession           *session;
  char                  *url;       /* http://127.0.0.1:PORT */
  EaselScriptedProvider *provider;  /* "sd" */
  EaselScriptedProvider *other;     /* "oai" */
  EaselScriptStats       stats[2];
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  gboolean            done;
} Response;

static void
response_clear (Response *r)
{
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  r->done = FALSE;
  r->status = 0;
}

static EaselProvider *
factory (const EaselProviderConfig *config,
         const char                *base_url,
         const char                *api_key,
         gpointer                   user_data)
{
  Fixture *f = user_data;

  return g_object_ref (EASEL_PROVIDER (g_strcmp0 (config->name, "sd") == 0 ? f->provider
                                                                            : f->other));
}

static void
add_provider (Fixture           *f,
              const char        *name,
              EaselProviderKind  kind,
              guint              index)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);
  g_autoptr(GError) error = NULL;
  const char *urls[] = { "http://scripted.test", NULL };

  config->urls = g_strdupv ((GStrv) urls);
  config->concurrency = 4;
  g_assert_true (easel_store_save_provider (f->store, config, &error));
  g_assert_no_error (error);
  if (index == 0)
    f->provider = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, urls[0],
                                                                        &f->stats[0]));
  else
    f->other = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, urls[0],
                                                                     &f->stats[1]));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint port;

  f->dir = easel_test_temp_dir_new ("api");
  f->store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->engine = easel_engine_new (f->store);
  easel_engine_set_retry_base_ms (f->engine, 10);
  easel_engine_set_provider_factory (f->engine, factory, f);
  add_provider (f, "sd", EASEL_PROVIDER_KIND_A1111, 0);
  add_provider (f, "oai", EASEL_PROVIDER_KIND_OPENAI, 1);
  easel_scripted_provider_set_delay (f->provider, 5);
  easel_scripted_provider_set_delay (f->other, 5);

  f->server = easel_api_server_new (f->engine, TOKEN);
  easel_api_server_listen (f->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  port = easel_api_server_get_port (f->server);
  g_assert_cmpuint (port, >, 0);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  f->session = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256,
                                              "timeout", 30, NULL);
}

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (easel_api_server_shutdown_finish (EASEL_API_SERVER (object), result, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
stop_server (Fixture *f)
{
  gboolean done = FALSE;

  easel_api_server_shutdown_async (f->server, NULL, shutdown_cb, &done);
  easel_fake_wait_until (is_true, &done, 15000);
  g_assert_true (done);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->server != NULL)
    {
      stop_server (f);
      g_assert_cmpuint (easel_api_server_get_active_requests (f->server), ==, 0);
      g_assert_finalize_object (f->server);
    }
  g_clear_object (&f->session);
  easel_engine_flush (f->engine);
  g_clear_object (&f->engine);
  g_clear_object (&f->provider);
  g_clear_object (&f->other);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  easel_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->url);
}

/* ---- the client ------------------------------------------------------------------------- */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Response *r = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  const char *type;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  type = soup_message_headers_get_content_type (r->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      r->json = easel_json_parse (g_bytes_get_data (r->body, NULL),
                                  (gssize) g_bytes_get_size (r->body), &error);
      g_assert_no_error (error);
    }
  r->done = TRUE;
}

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             const char *body)
{
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
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
  return msg;
}

static void
send_async (Fixture     *f,
            SoupMessage *msg,
            Response    *r)
{
  response_clear (r);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, r);
}

static gboolean
response_done (gpointer data)
{
  return ((Response *) data)->done;
}

static void
send_message (Fixture     *f,
              SoupMessage *msg,
              Response    *r)
{
  send_async (f, msg, r);
  easel_fake_wait_until (response_done, r, 20000);
  g_assert_true (r->done);
}

/* One request with the right token; @body is JSON or %NULL. */
static void
call (Fixture    *f,
      Response   *r,
      const char *method,
      const char *path,
      const char *body)
{
  g_autoptr(SoupMessage) msg = new_message (f, method, path, TOKEN, body);

  send_message (f, msg, r);
}

static JsonObject *
object_of (Response *r)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

static void
assert_error (Response   *r,
              guint       status,
              const char *code,
              const char *in_message)
{
  JsonObject *error;

  if (r->status != status)
    g_error ("expected %u, got %u: %.*s", status, r->status, (int) g_bytes_get_size (r->body),
             (const char *) g_bytes_get_data (r->body, NULL));
  error = json_object_get_object_member (object_of (r), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  if (in_message != NULL && strstr (json_object_get_string_member (error, "message"),
                                    in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, json_object_get_string_member (error, "message"));
}

static void
assert_status (Response *r,
               guint     status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %.*s", status, r->status, (int) g_bytes_get_size (r->body),
             (const char *) g_bytes_get_data (r->body, NULL));
}

/* Polls GET /runs/ID until its status is not queued or running. */
static JsonObject *
wait_for_run (Fixture  *f,
              Response *r,
              gint64    run_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/runs/%" G_GINT64_FORMAT, run_id);

  for (guint i = 0; i < 1000; i++)
    {
      const char *status;

      call (f, r, "GET", path, NULL);
      assert_status (r, SOUP_STATUS_OK);
      status = json_object_get_string_member (object_of (r), "status");
      if (g_strcmp0 (status, "queued") != 0 && g_strcmp0 (status, "running") != 0)
        return object_of (r);
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_not_reached ();
}

/* ---- token ------------------------------------------------------------------------------ */

static void
test_token (void)
{
  g_autofree char *dir = easel_test_temp_dir_new ("api-token");
  g_autofree char *path = g_build_filename (dir, "sub", "api-token", NULL);
  g_autofree char *token = NULL;
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;
  GStatBuf st;

  token = easel_api_token_load_or_create (path, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *c = token; *c != '\0'; c++)
    g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = easel_api_token_load_or_create (path, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpstr (again, ==, token);

  other = easel_api_token_generate (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, !=, token);

  /* A file others can read is refused, not used. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_clear_pointer (&again, g_free);
  again = easel_api_token_load_or_create (path, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (again);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_set_contents (path, "short\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  again = easel_api_token_load_or_create (path, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_true (easel_api_token_equal (token, token));
  g_assert_false (easel_api_token_equal (token, other));
  g_assert_false (easel_api_token_equal (token, ""));
  g_assert_false (easel_api_token_equal ("", ""));
  g_assert_false (easel_api_token_equal ("abc", "abcd"));
  g_assert_false (easel_api_token_equal ("abcd", "abc"));
  g_assert_true (easel_api_token_check_header ("s3cret-token", "Bearer s3cret-token"));
  g_assert_true (easel_api_token_check_header ("s3cret-token", "bearer   s3cret-token "));
  g_assert_false (easel_api_token_check_header ("s3cret-token", "Basic s3cret-token"));
  g_assert_false (easel_api_token_check_header ("s3cret-token", "Bearer s3cret-tokeN"));
  g_assert_false (easel_api_token_check_header ("s3cret-token", "Bearer"));
  g_assert_false (easel_api_token_check_header ("s3cret-token", NULL));

  easel_test_rm_rf (dir);
}

static void
test_listen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EaselApiServer) server = easel_api_server_new (f->engine, TOKEN);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A documentation address (TEST-NET-1): refused before anything is bound. */
  g_assert_false (easel_api_server_listen (server, "192.0.2.1", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "--allow-remote"));
  g_clear_error (&error);
  g_assert_false (easel_api_server_listen (server, "0.0.0.0", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (easel_api_server_listen (server, "my.host", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (easel_api_server_listen (server, "localhost", 0, &error));
  g_assert_no_error (error);
  url = easel_api_server_dup_url (server);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/api/v1"));
}

/* ---- auth, limits, errors --------------------------------------------------------------- */

static char *
sample_path (const char *pattern)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '{')
      {
        g_free (parts[i]);
        parts[i] = g_strdup ("1");
      }
  return g_strjoinv ("/", parts);
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  Response r = { 0 };

  /* Every route refuses a request without the token, or with a wrong one. */
  for (guint i = 0; _easel_api_routes[i].pattern != NULL; i++)
    {
      g_autofree char *path = sample_path (_easel_api_routes[i].pattern);
      g_autoptr(SoupMessage) none = new_message (f, _easel_api_routes[i].method, path, NULL,
                                                 "{}");
      g_autoptr(SoupMessage) wrong = new_message (f, _easel_api_routes[i].method, path,
                                                  TOKEN "x", "{}");

      send_message (f, none, &r);
      assert_error (&r, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Bearer");
      g_assert_cmpstr (soup_message_headers_get_one (r.headers, "WWW-Authenticate"), ==,
                       "Bearer realm=\"easel\"");
      send_message (f, wrong, &r);
      assert_error (&r, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL);
      g_assert_nonnull (strstr (soup_message_headers_get_one (r.headers, "WWW-Authenticate"),
                                "invalid_token"));
    }

  /* Unknown routes too: nothing answers before the token is checked. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/nowhere", NULL, NULL);

    send_message (f, msg, &r);
    assert_status (&r, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/api/v1/providers", NULL, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  "Basic " TOKEN);
    send_message (f, msg, &r);
    assert_status (&r, SOUP_STATUS_UNAUTHORIZED);
  }
  call (f, &r, "GET", "/api/v1/providers", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  response_clear (&r);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  Response r = { 0 };

  call (f, &r, "GET", "/api/v1/nothing", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", "/api/v1/nothing");
  call (f, &r, "GET", "/", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);

  call (f, &r, "DELETE", "/api/v1/images/generate", NULL);
  assert_error (&r, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Allow"), ==, "POST");
  call (f, &r, "PATCH", "/api/v1/prompt-examples/3", "{}");
  assert_error (&r, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Allow"), ==,
                   "GET, HEAD, PUT, DELETE");

  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": \"x\",");
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "malformed_json", "not valid JSON: ");
  g_assert_nonnull (strstr (json_object_get_string_member (
    json_object_get_object_member (object_of (&r), "error"), "message"), "1:"));
  call (f, &r, "POST", "/api/v1/images/generate", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "malformed_json", "needs a JSON body");
  call (f, &r, "POST", "/api/v1/images/generate", "[1, 2]");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "JSON object");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": \"x\", \"colour\": 1}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“colour”");
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"sd\"], \"settings\": {\"width\": 99999}}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“width”");
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"sd\"], \"settings\": {\"cfg\": 7}}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“cfg”");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": \"x\", \"count\": 0}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“count”");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": 3}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“prompt”");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"negative_prompt\": \"x\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "example_id");
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"nobody\"]}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "nobody");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": \"x\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "provider");
  call (f, &r, "POST", "/api/v1/images/generate", "{\"example_id\": 77}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "77");

  call (f, &r, "GET", "/api/v1/runs/12345", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", "12345");
  call (f, &r, "GET", "/api/v1/runs/abc", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "GET", "/api/v1/runs/-1", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "POST", "/api/v1/runs/999/cancel", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "GET", "/api/v1/results/999", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "GET", "/api/v1/results/999/image", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "GET", "/api/v1/prompt-examples/999", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);

  call (f, &r, "GET", "/api/v1/results?limit=0", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "“limit”");
  call (f, &r, "GET", "/api/v1/results?favorites=maybe", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "“favorites”");
  call (f, &r, "GET", "/api/v1/results?sort=new", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "“sort”");
  call (f, &r, "GET", "/api/v1/results?search=%ff%fe", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "UTF-8");

  call (f, &r, "GET", "/api/v1/providers/", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  response_clear (&r);
}

static void
test_body_limit (Fixture       *f,
                 gconstpointer  data)
{
  gsize size = EASEL_API_DEFAULT_MAX_BODY + 1;
  g_autofree char *big = g_malloc (size + 1);
  Response r = { 0 };

  memset (big, ' ', size);
  big[size] = '\0';
  big[0] = '{';
  big[size - 1] = '}';

  /* With a Content-Length: refused before the body is read. */
  call (f, &r, "POST", "/api/v1/images/generate", big);
  assert_error (&r, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "1048576");

  /* Chunked, without a length: refused when the count passes the cap. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/api/v1/prompt-examples", TOKEN, NULL);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (big, size, NULL);

    soup_message_set_request_body (msg, "application/json", stream, -1);
    send_message (f, msg, &r);
    assert_error (&r, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL);
  }

  /* Just under the cap is read (and fails for what it is, not its size). */
  big[size - 2] = '}';
  big[size - 1] = '\0';
  call (f, &r, "POST", "/api/v1/images/generate", big);
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", NULL);

  /* A smaller cap applies at once. */
  easel_api_server_set_max_body_size (f->server, 16);
  call (f, &r, "POST", "/api/v1/images/generate", "{\"prompt\": \"a long prompt\"}");
  assert_error (&r, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "16 bytes");
  call (f, &r, "GET", "/api/v1/providers", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  response_clear (&r);
}

/* ---- the OpenAPI document ---------------------------------------------------------------- */

static gboolean
ref_exists (JsonObject *doc,
            const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *at = doc;

  if (!g_str_has_prefix (ref, "#/"))
    return FALSE;
  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonNode *next = json_object_get_member (at, parts[i]);

      if (next == NULL || !JSON_NODE_HOLDS_OBJECT (next))
        return FALSE;
      at = json_node_get_object (next);
    }
  return TRUE;
}

/* Every "$ref" anywhere resolves inside the document; counts them. */
static guint
check_refs (JsonObject *doc,
            JsonNode   *node)
{
  guint count = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (strcmp (name, "$ref") == 0)
            {
              const char *ref = json_node_get_string (member);

              if (!ref_exists (doc, ref))
                g_error ("unresolved $ref %s", ref);
              count++;
            }
          else
            count += check_refs (doc, member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        count += check_refs (doc, json_array_get_element (array, i));
    }
  return count;
}

static void
check_operation (JsonObject *doc,
                 const char *path,
                 const char *method,
                 JsonObject *operation,
                 GHashTable *operation_ids)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  JsonObject *responses = easel_json_object_get_object (operation, "responses");
  JsonArray *parameters = easel_json_object_get_array (operation, "parameters");
  const char *id = easel_json_object_get_string (operation, "operationId");
  JsonObjectIter iter;
  const char *code;
  JsonNode *response;

  g_assert_nonnull (id);
  g_assert_false (g_hash_table_contains (operation_ids, id));
  g_hash_table_add (operation_ids, g_strdup (id));
  g_assert_nonnull (easel_json_object_get_string (operation, "summary"));

  /* Responses: status codes (or "default"), each with a description or a $ref. */
  g_assert_nonnull (responses);
  g_assert_cmpuint (json_object_get_size (responses), >, 0);
  json_object_iter_init (&iter, responses);
  while (json_object_iter_next (&iter, &code, &response))
    {
      JsonObject *object = json_node_get_object (response);

      g_assert_true (strcmp (code, "default") == 0 ||
                     (strlen (code) == 3 && g_ascii_isdigit (code[0]) && code[0] >= '1' &&
                      code[0] <= '5'));
      g_assert_true (json_object_has_member (object, "description") ||
                     json_object_has_member (object, "$ref"));
    }
  /* Every route can be refused for its token. */
  g_assert_true (json_object_has_member (responses, "401"));

  /* Each {name} of the path is a required path parameter, and nothing else is. */
  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      gboolean found = FALSE;

      if (segments[i][0] != '{')
        continue;
      name = g_strndup (segments[i] + 1, strlen (segments[i]) - 2);
      for (guint p = 0; parameters != NULL && p < json_array_get_length (parameters); p++)
        {
          JsonObject *parameter = json_array_get_object_element (parameters, p);

          if (g_strcmp0 (easel_json_object_get_string (parameter, "in"), "path") == 0 &&
              g_strcmp0 (easel_json_object_get_string (parameter, "name"), name) == 0)
            {
              g_assert_true (json_object_get_boolean_member (parameter, "required"));
              g_assert_nonnull (easel_json_object_get_object (parameter, "schema"));
              found = TRUE;
            }
        }
      if (!found)
        g_error ("%s %s: no path parameter “%s”", method, path, name);
    }
  for (guint p = 0; parameters != NULL && p < json_array_get_length (parameters); p++)
    {
      JsonObject *parameter = json_array_get_object_element (parameters, p);
      const char *in = easel_json_object_get_string (parameter, "in");
      g_autofree char *braced = g_strdup_printf ("{%s}",
                                                 easel_json_object_get_string (parameter, "name"));

      g_assert_true (g_strv_contains ((const char * const *) (const char *[]) {
        "path", "query", "header", "cookie", NULL }, in));
      if (g_strcmp0 (in, "path") == 0)
        g_assert_nonnull (strstr (path, braced));
    }
}

static void
test_openapi (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (g_getenv ("EASEL_SOURCE_DIR"), "docs",
                                            "api-openapi.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) operation_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);
  g_autoptr(GHashTable) served = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *doc, *paths, *components, *info;
  JsonObjectIter iter, methods;
  const char *path, *method;
  JsonNode *item, *operation;
  gsize length = 0;
  Response r = { 0 };

  /* Served verbatim: the bytes are docs/api-openapi.json's. */
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  call (f, &r, "GET", "/api/v1/openapi.json", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==,
                   "application/json");
  g_assert_cmpmem (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body), contents, length);

  /* Structurally OpenAPI 3.1. */
  doc = object_of (&r);
  g_assert_true (g_str_has_prefix (easel_json_object_get_string (doc, "openapi"), "3.1."));
  info = easel_json_object_get_object (doc, "info");
  g_assert_nonnull (info);
  g_assert_nonnull (easel_json_object_get_string (info, "title"));
  g_assert_nonnull (easel_json_object_get_string (info, "version"));
  components = easel_json_object_get_object (doc, "components");
  g_assert_nonnull (components);
  g_assert_nonnull (easel_json_object_get_object (
    easel_json_object_get_object (components, "securitySchemes"), "bearer"));
  g_assert_cmpstr (easel_json_object_get_string (easel_json_object_get_object (
    easel_json_object_get_object (components, "securitySchemes"), "bearer"), "scheme"), ==,
    "bearer");
  g_assert_nonnull (easel_json_object_get_array (doc, "security"));
  g_assert_cmpuint (check_refs (doc, r.json), >, 50);

  paths = easel_json_object_get_object (doc, "paths");
  g_assert_nonnull (paths);
  json_object_iter_init (&iter, paths);
  while (json_object_iter_next (&iter, &path, &item))
    {
      g_assert_true (g_str_has_prefix (path, "/api/v1/"));
      json_object_iter_init (&methods, json_node_get_object (item));
      while (json_object_iter_next (&methods, &method, &operation))
        {
          g_autofree char *upper = g_ascii_strup (method, -1);
          gboolean routed = FALSE;

          g_assert_true (g_strv_contains ((const char * const *) (const char *[]) {
            "get", "put", "post", "delete", "patch", "head", "options", "trace", NULL },
            method));
          check_operation (doc, path, method, json_node_get_object (operation), operation_ids);

          /* Every documented operation is a route the server answers… */
          for (guint i = 0; _easel_api_routes[i].pattern != NULL; i++)
            routed |= strcmp (_easel_api_routes[i].pattern, path) == 0 &&
                      strcmp (_easel_api_routes[i].method, upper) == 0;
          if (!routed)
            g_error ("documented but not routed: %s %s", upper, path);
        }
    }

  /* …and every route is documented. */
  for (guint i = 0; _easel_api_routes[i].pattern != NULL; i++)
    {
      JsonObject *path_item = easel_json_object_get_object (paths, _easel_api_routes[i].pattern);
      g_autofree char *lower = g_ascii_strdown (_easel_api_routes[i].method, -1);

      if (path_item == NULL || !json_object_has_member (path_item, lower))
        g_error ("routed but not documented: %s %s", _easel_api_routes[i].method,
                 _easel_api_routes[i].pattern);
      g_hash_table_add (served, g_strdup_printf ("%s %s", _easel_api_routes[i].method,
                                                 _easel_api_routes[i].pattern));
    }
  g_assert_cmpuint (g_hash_table_size (served), ==, g_hash_table_size (operation_ids));
  response_clear (&r);
}

/* ---- generating ------------------------------------------------------------------------- */

static gint64
int_member (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

static void
test_generate (Fixture       *f,
               gconstpointer  data)
{
  Response r = { 0 };
  JsonObject *run, *result;
  JsonArray *results;
  g_autofree char *status_url = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *etag = NULL;
  gsize file_length = 0;
  gint64 run_id;

  /* Without waiting: 202 with the run, then its status until done. */
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"a lighthouse\", \"providers\": [\"sd\", \"oai\"], \"count\": 2,"
        " \"settings\": {\"width\": 96, \"height\": 64, \"seed\": 7, \"steps\": 4}}");
  assert_status (&r, SOUP_STATUS_ACCEPTED);
  run = object_of (&r);
  run_id = int_member (run, "run");
  status_url = g_strdup_printf ("%s/api/v1/runs/%" G_GINT64_FORMAT, f->url, run_id);
  g_assert_cmpstr (json_object_get_string_member (run, "status_url"), ==, status_url);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Location"), ==, status_url);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "results")), ==, 4);

  run = wait_for_run (f, &r, run_id);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "done");
  g_assert_cmpint (int_member (json_object_get_object_member (run, "jobs"), "done"), ==, 4);
  results = json_object_get_array_member (run, "results");
  for (guint i = 0; i < 4; i++)
    {
      result = json_array_get_object_element (results, i);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "done");
      g_assert_true (json_object_get_null_member (result, "error"));
      g_assert_cmpint (int_member (result, "run"), ==, run_id);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "image_url"),
                                       f->url));
    }

  /* Waiting: 200 with the results of `easel generate --json`, and "image_url". */
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"a red fox\", \"providers\": [\"sd\"], \"wait\": true,"
        " \"negative_prompt\": \"blurry\", \"settings\": {\"width\": 96, \"height\": 64}}");
  assert_status (&r, SOUP_STATUS_OK);
  run = object_of (&r);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (run, "negative_prompt"), ==, "blurry");
  results = json_object_get_array_member (run, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  result = json_array_get_object_element (results, 0);
  for (const char * const *m = (const char * const[]) { "id", "job", "provider", "model",
         "status", "path", "width", "height", "seed", "duration_ms", "cost_usd", "adjustments",
         "error", "run", "image_url", NULL }; *m != NULL; m++)
    g_assert_true (json_object_has_member (result, *m));
  g_assert_cmpstr (json_object_get_string_member (result, "provider"), ==, "sd");
  g_assert_cmpint (int_member (result, "width"), ==, 96);
  run_id = int_member (run, "run");

  /* The image: its bytes, its type, its hash as ETag. */
  image_path = g_strdup (json_object_get_string_member (result, "image_url") + strlen (f->url));
  g_assert_true (g_file_get_contents (json_object_get_string_member (result, "path"), &file,
                                      &file_length, NULL));
  call (f, &r, "GET", image_path, NULL);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "image/png");
  g_assert_cmpmem (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body), file,
                   file_length);
  etag = g_strdup (soup_message_headers_get_one (r.headers, "ETag"));
  g_assert_nonnull (etag);
  g_assert_cmpuint (strlen (etag), ==, 66);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", image_path, TOKEN, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  etag);
    send_message (f, msg, &r);
    assert_status (&r, SOUP_STATUS_NOT_MODIFIED);
    g_assert_cmpuint (g_bytes_get_size (r.body), ==, 0);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "HEAD", image_path, TOKEN, NULL);

    send_message (f, msg, &r);
    assert_status (&r, SOUP_STATUS_OK);
    g_assert_cmpuint (g_bytes_get_size (r.body), ==, 0);
    g_assert_cmpint (soup_message_headers_get_content_length (r.headers), ==, file_length);
  }

  /* The run as GET /runs/{id} shows it once finished. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/runs/%" G_GINT64_FORMAT, run_id);
    call (f, &r, "GET", path, NULL);
    assert_status (&r, SOUP_STATUS_OK);
    g_assert_cmpstr (json_object_get_string_member (object_of (&r), "status"), ==, "done");
  }
  response_clear (&r);
}

static void
test_generate_outcomes (Fixture       *f,
                        gconstpointer  data)
{
  Response r = { 0 };
  JsonObject *run;
  JsonObject *error;

  /* A refusal is not retried: the run fails, with the provider's code. */
  easel_scripted_provider_push (f->provider, EASEL_SCRIPT_FAIL,
                                EASEL_PROVIDER_ERROR_CONTENT_POLICY, 0);
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"sd\"], \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  run = object_of (&r);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "failed");
  error = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (run, "results"), 0), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "CONTENT_POLICY");
  g_assert_true (json_object_get_null_member (
    json_array_get_object_element (json_object_get_array_member (run, "results"), 0),
    "image_url"));

  /* One of two fails: partial. */
  easel_scripted_provider_push (f->other, EASEL_SCRIPT_FAIL,
                                EASEL_PROVIDER_ERROR_INVALID_REQUEST, 0);
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"sd\", \"oai\"], \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "status"), ==, "partial");

  /* Cancelled while it hangs. */
  easel_scripted_provider_set_default (f->provider, EASEL_SCRIPT_HANG, 0);
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"x\", \"providers\": [\"sd\"], \"count\": 3}");
  assert_status (&r, SOUP_STATUS_ACCEPTED);
  {
    gint64 run_id = int_member (object_of (&r), "run");
    g_autofree char *path = g_strdup_printf ("/api/v1/runs/%" G_GINT64_FORMAT "/cancel", run_id);

    call (f, &r, "POST", path, NULL);
    assert_status (&r, SOUP_STATUS_ACCEPTED);
    g_assert_cmpint (int_member (object_of (&r), "cancelled_jobs"), ==, 3);
    run = wait_for_run (f, &r, run_id);
    g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "cancelled");
    g_assert_cmpint (int_member (json_object_get_object_member (run, "jobs"), "cancelled"), ==,
                     3);
  }
  easel_scripted_provider_set_default (f->provider, EASEL_SCRIPT_SUCCEED, 0);
  response_clear (&r);
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  Response r = { 0 };
  JsonArray *array;

  call (f, &r, "POST", "/api/v1/images/batch",
        "[{\"prompt\": \"one\", \"providers\": [\"sd\"], \"wait\": true},"
        " {\"prompt\": \"two\", \"providers\": [\"oai\"], \"count\": 2},"
        " {\"prompt\": \"three\", \"providers\": [\"nobody\"]}]");
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (r.json));
  array = json_node_get_array (r.json);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "status"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "prompt"), ==, "one");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                  "prompt"), ==, "two");
  g_assert_true (json_object_has_member (json_array_get_object_element (array, 2), "error"));
  wait_for_run (f, &r, int_member (json_array_get_object_element (array, 1), "run"));

  call (f, &r, "POST", "/api/v1/images/batch",
        "[{\"prompt\": \"one\", \"providers\": [\"sd\"]}]");
  assert_status (&r, SOUP_STATUS_ACCEPTED);
  wait_for_run (f, &r, int_member (json_array_get_object_element (json_node_get_array (r.json),
                                                                  0), "run"));

  /* One invalid body sends nothing. */
  call (f, &r, "GET", "/api/v1/results", NULL);
  {
    gint64 before = int_member (object_of (&r), "total");

    call (f, &r, "POST", "/api/v1/images/batch",
          "[{\"prompt\": \"one\", \"providers\": [\"sd\"]}, {\"prompt\": \"two\", \"count\": -1}]");
    assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "[1]: ");
    call (f, &r, "GET", "/api/v1/results", NULL);
    g_assert_cmpint (int_member (object_of (&r), "total"), ==, before);
  }
  call (f, &r, "POST", "/api/v1/images/batch", "[]");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", NULL);
  call (f, &r, "POST", "/api/v1/images/batch", "{\"prompt\": \"x\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", NULL);
  response_clear (&r);
}

/* ---- results, providers, examples ------------------------------------------------------- */

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  Response r = { 0 };
  JsonObject *object, *result;
  g_autoptr(GError) error = NULL;
  gint64 first;

  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"a castle in the fog\", \"providers\": [\"sd\"], \"count\": 3,"
        " \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"a meadow\", \"providers\": [\"oai\"], \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  first = int_member (json_array_get_object_element (
    json_object_get_array_member (object_of (&r), "results"), 0), "id");
  g_assert_true (easel_store_set_result_favorite (f->store, first, TRUE, &error));
  g_assert_no_error (error);

  call (f, &r, "GET", "/api/v1/results", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  object = object_of (&r);
  g_assert_cmpint (int_member (object, "total"), ==, 4);
  g_assert_cmpint (int_member (object, "limit"), ==, 50);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "results")),
                    ==, 4);

  call (f, &r, "GET", "/api/v1/results?search=castle", NULL);
  g_assert_cmpint (int_member (object_of (&r), "total"), ==, 3);
  call (f, &r, "GET", "/api/v1/results?provider=oai", NULL);
  g_assert_cmpint (int_member (object_of (&r), "total"), ==, 1);
  call (f, &r, "GET", "/api/v1/results?favorites=true", NULL);
  g_assert_cmpint (int_member (object_of (&r), "total"), ==, 1);
  call (f, &r, "GET", "/api/v1/results?limit=2&offset=3", NULL);
  object = object_of (&r);
  g_assert_cmpint (int_member (object, "total"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "results")),
                    ==, 1);

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/results/%" G_GINT64_FORMAT, first);

    call (f, &r, "GET", path, NULL);
    assert_status (&r, SOUP_STATUS_OK);
    result = object_of (&r);
    g_assert_cmpint (int_member (result, "id"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (result, "prompt"), ==, "a meadow");
    g_assert_true (json_object_get_boolean_member (result, "favorite"));
    g_assert_cmpuint (strlen (json_object_get_string_member (result, "sha256")), ==, 64);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "settings")));
  }

  call (f, &r, "GET", "/api/v1/providers", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&r),
                                                                         "providers")), ==, 2);
  response_clear (&r);
}

static void
test_examples (Fixture       *f,
               gconstpointer  data)
{
  Response r = { 0 };
  JsonObject *example;
  g_autofree char *location = NULL;
  g_autofree char *path = NULL;
  g_autofree char *generate = NULL;
  gint64 id;

  call (f, &r, "POST", "/api/v1/prompt-examples",
        "{\"name\": \"Lighthouse\", \"prompt\": \"a lighthouse at dusk\","
        " \"negative_prompt\": \"blurry\", \"providers\": [\"sd\"],"
        " \"settings\": {\"width\": 96, \"height\": 64, \"steps\": 20},"
        " \"tags\": [\"Sea\", \"hero\"]}");
  assert_status (&r, SOUP_STATUS_CREATED);
  example = object_of (&r);
  id = int_member (example, "id");
  path = g_strdup_printf ("/api/v1/prompt-examples/%" G_GINT64_FORMAT, id);
  location = g_strconcat (f->url, path, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Location"), ==, location);
  g_assert_cmpstr (json_object_get_string_member (example, "name"), ==, "Lighthouse");
  g_assert_cmpint (int_member (json_object_get_object_member (example, "settings"), "steps"),
                   ==, 20);

  call (f, &r, "POST", "/api/v1/prompt-examples",
        "{\"name\": \"Lighthouse\", \"prompt\": \"again\"}");
  assert_error (&r, SOUP_STATUS_CONFLICT, "conflict", "already exists");
  call (f, &r, "POST", "/api/v1/prompt-examples", "{\"name\": \"No prompt\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "prompt");
  call (f, &r, "POST", "/api/v1/prompt-examples",
        "{\"name\": \"X\", \"prompt\": \"x\", \"settings\": {\"steps\": \"many\"}}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“steps”");
  call (f, &r, "POST", "/api/v1/prompt-examples",
        "{\"name\": \"X\", \"prompt\": \"x\", \"style\": \"No such style\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", NULL);
  call (f, &r, "POST", "/api/v1/prompt-examples", "{\"name\": \"X\", \"prompt\": \"x\", \"y\": 1}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“y”");

  call (f, &r, "GET", "/api/v1/prompt-examples", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&r),
                                                                         "prompt_examples")),
                    ==, 1);
  call (f, &r, "GET", "/api/v1/prompt-examples?search=nothing-like-it", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&r),
                                                                         "prompt_examples")),
                    ==, 0);

  /* PUT changes what it names and keeps the rest; a GET answer goes back unchanged. */
  call (f, &r, "PUT", path, "{\"tags\": [\"night\"], \"settings\": {\"steps\": 30}}");
  assert_status (&r, SOUP_STATUS_OK);
  example = object_of (&r);
  g_assert_cmpstr (json_object_get_string_member (example, "prompt"), ==,
                   "a lighthouse at dusk");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (example, "tags"),
                                                  0), ==, "night");
  g_assert_cmpint (int_member (json_object_get_object_member (example, "settings"), "steps"),
                   ==, 30);
  g_assert_true (json_object_get_null_member (json_object_get_object_member (example,
                                                                             "settings"),
                                              "width"));
  {
    g_autofree char *again = easel_json_to_string (r.json, FALSE);

    call (f, &r, "PUT", path, again);
    assert_status (&r, SOUP_STATUS_OK);
  }
  call (f, &r, "PUT", path, "{\"id\": 999}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“id”");
  call (f, &r, "PUT", path, "{\"name\": \"\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "name");
  call (f, &r, "PUT", "/api/v1/prompt-examples/999", "{\"name\": \"Z\"}");
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);

  /* Generate from the example: its prompt and providers. */
  generate = g_strdup_printf ("{\"example_id\": %" G_GINT64_FORMAT ", \"wait\": true}", id);
  call (f, &r, "POST", "/api/v1/images/generate", generate);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "status"), ==, "done");
  g_assert_cmpint (int_member (object_of (&r), "example_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "prompt"), ==,
                   "a lighthouse at dusk");

  call (f, &r, "GET", path, NULL);
  assert_status (&r, SOUP_STATUS_OK);
  call (f, &r, "DELETE", path, NULL);
  assert_status (&r, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (g_bytes_get_size (r.body), ==, 0);
  call (f, &r, "GET", path, NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "DELETE", path, NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  response_clear (&r);
}


/* ---- posts ------------------------------------------------------------------------------- */


#define POST_MARKDOWN \
  "---\ntitle: Spring in the garden\n---\nThe garden wakes up.\n\n" \
  "## Tulips\n\nRed tulips open in the sun.\n\n## Roses\n\nRoses climb the old wall.\n"

static JsonObject *
section_of (JsonObject *post,
            guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (post, "sections"), index);
}

static void
test_posts (Fixture       *f,
            gconstpointer  data)
{
  Response r = { 0 };
  JsonObject *post, *section, *manifest;
  JsonArray *runs;
  g_autofree char *location = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tulip_url = NULL;
  gint64 post_id, tulip, rose, example_id;

  /* Import the Markdown as it is. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/api/v1/posts", TOKEN, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new_static (POST_MARKDOWN, strlen (POST_MARKDOWN));

    soup_message_set_request_body_from_bytes (msg, "text/markdown", bytes);
    send_message (f, msg, &r);
  }
  assert_status (&r, SOUP_STATUS_CREATED);
  post = object_of (&r);
  post_id = int_member (post, "id");
  g_assert_cmpstr (json_object_get_string_member (post, "slug"), ==, "spring-in-the-garden");
  g_assert_cmpstr (json_object_get_string_member (post, "title"), ==, "Spring in the garden");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (post, "sections")), ==,
                    3);
  g_assert_true (json_object_get_boolean_member (section_of (post, 0), "hero"));
  g_assert_cmpstr (json_object_get_string_member (section_of (post, 1), "heading"), ==, "Tulips");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (post, "import"),
                                                 "created"));
  location = g_strdup_printf ("%s/api/v1/posts/%" G_GINT64_FORMAT, f->url, post_id);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Location"), ==, location);

  call (f, &r, "GET", "/api/v1/posts", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&r), "posts")),
                    ==, 1);
  g_assert_cmpint (int_member (json_array_get_object_element (
    json_object_get_array_member (object_of (&r), "posts"), 0), "sections"), ==, 3);
  call (f, &r, "GET", "/api/v1/posts/no-such-post", NULL);
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);

  /* No provider anywhere: nothing is sent. */
  call (f, &r, "POST", "/api/v1/posts/spring-in-the-garden/generate", NULL);
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "provider");
  call (f, &r, "POST", "/api/v1/posts/spring-in-the-garden/generate",
        "{\"sections\": [7], \"providers\": [\"sd\"]}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "7");
  call (f, &r, "POST", "/api/v1/posts/spring-in-the-garden/generate", "{\"provider\": \"sd\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“provider”");

  /* A prompt for the tulips, then one run per section, waited for. */
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/2",
        "{\"prompt\": \"red tulips, watercolor\"}");
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "prompt"), ==,
                   "red tulips, watercolor");
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "prompt_source"), ==,
                   "section");

  call (f, &r, "POST", "/api/v1/posts/spring-in-the-garden/generate",
        "{\"providers\": [\"sd\"], \"count\": 2, \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpint (int_member (object_of (&r), "post"), ==, post_id);
  runs = json_object_get_array_member (object_of (&r), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);

      g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "done");
      g_assert_cmpint (int_member (run, "post_id"), ==, post_id);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "results")),
                        ==, 2);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 1),
                                                  "prompt"), ==, "red tulips, watercolor");

  /* Only the roses again, without waiting. */
  call (f, &r, "POST", "/api/v1/posts/" G_STRINGIFY (1) "/generate",
        "{\"sections\": [3], \"providers\": [\"oai\"]}");
  assert_status (&r, SOUP_STATUS_ACCEPTED);
  runs = json_object_get_array_member (object_of (&r), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  wait_for_run (f, &r, int_member (json_array_get_object_element (runs, 0), "run"));

  call (f, &r, "GET", "/api/v1/posts/spring-in-the-garden", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  post = object_of (&r);
  section = section_of (post, 1);
  g_assert_cmpstr (json_object_get_string_member (section, "status"), ==, "candidates");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (section, "results")), ==,
                    2);
  tulip = int_member (json_array_get_object_element (json_object_get_array_member (section,
                                                                                   "results"),
                                                     1), "id");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (section_of (post, 2),
                                                                         "results")), ==, 3);
  rose = int_member (json_array_get_object_element (json_object_get_array_member (
    section_of (post, 2), "results"), 0), "id");

  /* Pick, with alt text; a result of another section is refused. */
  body = g_strdup_printf ("{\"chosen_result_id\": %" G_GINT64_FORMAT ", \"alt_text\": "
                          "\"Red tulips in the sun\"}", tulip);
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/2", body);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpint (int_member (object_of (&r), "chosen_result_id"), ==, tulip);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "status"), ==, "chosen");
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "alt_text"), ==,
                   "Red tulips in the sun");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"chosen_result_id\": %" G_GINT64_FORMAT "}", rose);
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/2", body);
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "another section");
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/9", "{\"alt_text\": \"x\"}");
  assert_error (&r, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/2", "{\"alt\": \"x\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "“alt”");

  /* Link an example to the roses. */
  call (f, &r, "POST", "/api/v1/prompt-examples",
        "{\"name\": \"Climbing roses\", \"prompt\": \"roses on a stone wall\","
        " \"providers\": [\"sd\"]}");
  assert_status (&r, SOUP_STATUS_CREATED);
  example_id = int_member (object_of (&r), "id");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"example_id\": %" G_GINT64_FORMAT "}", example_id);
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/3", body);
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (&r), "example_name"), ==,
                   "Climbing roses");
  call (f, &r, "PUT", "/api/v1/posts/spring-in-the-garden/sections/3", "{\"example_id\": 999}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", NULL);

  /* The manifest: the chosen image as a URL, and the Markdown pointing at it. */
  call (f, &r, "GET", "/api/v1/posts/spring-in-the-garden/export", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  manifest = object_of (&r);
  tulip_url = g_strdup_printf ("%s/api/v1/results/%" G_GINT64_FORMAT "/image", f->url, tulip);
  g_assert_cmpint (int_member (manifest, "manifest_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (section_of (manifest, 1), "image"), ==,
                   tulip_url);
  g_assert_cmpstr (json_object_get_string_member (section_of (manifest, 1), "alt_text"), ==,
                   "Red tulips in the sun");
  g_assert_true (json_object_get_null_member (section_of (manifest, 2), "image"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (manifest, "missing")),
                    ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (manifest, "markdown"), tulip_url));
  g_assert_nonnull (strstr (json_object_get_string_member (manifest, "markdown"),
                            "Roses climb the old wall."));
  call (f, &r, "GET", "/api/v1/posts/spring-in-the-garden/export?strict=true", NULL);
  assert_error (&r, SOUP_STATUS_CONFLICT, "conflict", "Roses");
  call (f, &r, "GET", "/api/v1/posts/spring-in-the-garden/export?format=webp", NULL);
  assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "“format”");

  /* Re-import as JSON into the post: unchanged sections keep their picks. */
  call (f, &r, "POST", "/api/v1/posts",
        "{\"markdown\": \"---\\ntitle: Spring in the garden\\n---\\nThe garden wakes up.\\n\\n"
        "## Tulips\\n\\nRed tulips open in the sun.\\n\\n## Lilies\\n\\nNew.\\n\","
        " \"into\": \"spring-in-the-garden\"}");
  assert_status (&r, SOUP_STATUS_OK);
  post = object_of (&r);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (post, "import"),
                                                  "created"));
  g_assert_cmpint (int_member (section_of (post, 1), "chosen_result_id"), ==, tulip);
  g_assert_cmpstr (json_object_get_string_member (section_of (post, 2), "heading"), ==, "Lilies");

  call (f, &r, "POST", "/api/v1/posts", "{\"title\": \"x\"}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "markdown");
  call (f, &r, "POST", "/api/v1/posts", "{\"markdown\": \"# A\", \"heading_level\": 9}");
  assert_error (&r, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_request", "heading_level");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/api/v1/posts", TOKEN, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new_static ("# Caf\xe9\n", 7);

    soup_message_set_request_body_from_bytes (msg, "text/markdown", bytes);
    send_message (f, msg, &r);
    assert_error (&r, SOUP_STATUS_BAD_REQUEST, "bad_request", "UTF-8");
  }
  response_clear (&r);
}

/* ---- load -------------------------------------------------------------------------------- */

static gboolean
all_done (gpointer data)
{
  GArray *responses = data;

  for (guint i = 0; i < responses->len; i++)
    if (!g_array_index (responses, Response, i).done)
      return FALSE;
  return TRUE;
}

static void
test_parallel (Fixture       *f,
               gconstpointer  data)
{
  const guint n = 100;
  g_autoptr(GArray) responses = g_array_sized_new (FALSE, TRUE, sizeof (Response), n);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) id_values = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n);
  g_autoptr(GError) error = NULL;
  EaselResultQuery query = { 0 };

  g_array_set_size (responses, n);
  g_array_set_size (id_values, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"prompt\": \"parallel %u\", \"providers\":"
                                               " [\"%s\"], \"wait\": true}", i,
                                               i % 2 == 0 ? "sd" : "oai");
      SoupMessage *msg = new_message (f, "POST", "/api/v1/images/generate", TOKEN, body);

      g_ptr_array_add (messages, msg);
      send_async (f, msg, &g_array_index (responses, Response, i));
    }
  easel_fake_wait_until (all_done, responses, 60000);
  g_assert_true (all_done (responses));

  for (guint i = 0; i < n; i++)
    {
      Response *r = &g_array_index (responses, Response, i);
      JsonObject *result;
      g_autofree char *prompt = g_strdup_printf ("parallel %u", i);

      assert_status (r, SOUP_STATUS_OK);
      g_assert_cmpstr (json_object_get_string_member (object_of (r), "status"), ==, "done");
      g_assert_cmpstr (json_object_get_string_member (object_of (r), "prompt"), ==, prompt);
      result = json_array_get_object_element (json_object_get_array_member (object_of (r),
                                                                            "results"), 0);
      g_array_index (id_values, gint64, i) = int_member (result, "id");
      g_assert_false (g_hash_table_contains (ids, &g_array_index (id_values, gint64, i)));
      g_hash_table_add (ids, &g_array_index (id_values, gint64, i));
      response_clear (r);
    }

  /* No result lost: the store has every one. */
  g_assert_cmpint (easel_store_count_results (f->store, &query, &error), ==, n);
  g_assert_no_error (error);
  g_assert_cmpuint (f->stats[0].successes + f->stats[1].successes, ==, n);
  g_assert_cmpuint (easel_api_server_get_active_requests (f->server), ==, 0);
}

/* Malformed traffic from a thread with plain blocking sockets, while the main loop serves. */
typedef struct
{
  guint16  port;
  guint    sent;
  gboolean done;
} Flood;

static void
raw_exchange (guint16       port,
              const guint8 *data,
              gsize         length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  guint8 buffer[4096];

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  /* The server may answer and close before all is written: that is fine. */
  g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);
  while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
    ;
}

static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autofree char *huge = g_strnfill (70 * 1024, 'a');
  const char *authorization = "Authorization: Bearer " TOKEN "\r\n";

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GString) request = g_string_new (NULL);

      switch (i % 10)
        {
        case 0:   /* random bytes */
        case 1:
          for (guint b = 0, n = g_rand_int_range (rand, 1, 2048); b < n; b++)
            g_string_append_c (request, (char) g_rand_int_range (rand, 0, 256));
          break;
        case 2:   /* bad JSON */
          g_string_append_printf (request,
                                  "POST /api/v1/images/generate HTTP/1.1\r\nHost: x\r\n%s"
                                  "Connection: close\r\nContent-Length: 11\r\n\r\n{\"prompt\": ",
                                  authorization);
          break;
        case 3:   /* wrong method */
          g_string_append_printf (request, "PATCH /api/v1/results HTTP/1.1\r\nHost: x\r\n%s"
                                  "Connection: close\r\n\r\n", authorization);
          break;
        case 4:   /* huge header */
          g_string_append_printf (request, "GET /api/v1/providers HTTP/1.1\r\nHost: x\r\n%s"
                                  "X-Huge: %s\r\nConnection: close\r\n\r\n", authorization,
                                  huge);
          break;
        case 5:   /* a body shorter than announced */
          g_string_append_printf (request, "POST /api/v1/prompt-examples HTTP/1.1\r\nHost: x\r\n"
                                  "%sContent-Length: 500\r\n\r\n{\"name\"", authorization);
          break;
        case 6:   /* broken chunked encoding */
          g_string_append_printf (request, "POST /api/v1/images/batch HTTP/1.1\r\nHost: x\r\n%s"
                                  "Transfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
                                  authorization);
          break;
        case 7:   /* a request line and nothing else */
          g_string_append (request, "GET /api/v1/runs/1 HTTP/1.1\r\n");
          break;
        case 8:   /* non-UTF-8 path and query */
          g_string_append_printf (request, "GET /api/v1/results?search=%%ff%%fe%%00 HTTP/1.1\r\n"
                                  "Host: x\r\n%sConnection: close\r\n\r\n", authorization);
          break;
        default:  /* no token, a body of wrong types */
          g_string_append (request, "POST /api/v1/images/generate HTTP/1.1\r\nHost: x\r\n"
                           "Connection: close\r\nContent-Length: 2\r\n\r\n[]");
          break;
        }
      raw_exchange (flood->port, (const guint8 *) request->str, request->len);
      g_atomic_int_inc (&flood->sent);
    }
  g_atomic_int_set (&flood->done, TRUE);
  return NULL;
}

static gboolean
flood_done (gpointer data)
{
  return g_atomic_int_get (&((Flood *) data)->done);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  Flood flood = { (guint16) easel_api_server_get_port (f->server), 0, FALSE };
  GThread *thread = g_thread_new ("flood", flood_thread, &flood);
  Response r = { 0 };

  easel_fake_wait_until (flood_done, &flood, 120000);
  g_thread_join (thread);
  g_assert_cmpuint (flood.sent, ==, 1000);

  /* Still answering, and nothing left half-open. */
  call (f, &r, "GET", "/api/v1/providers", NULL);
  assert_status (&r, SOUP_STATUS_OK);
  call (f, &r, "POST", "/api/v1/images/generate",
        "{\"prompt\": \"after the storm\", \"providers\": [\"sd\"], \"wait\": true}");
  assert_status (&r, SOUP_STATUS_OK);
  g_assert_cmpuint (easel_api_server_get_active_requests (f->server), ==, 0);
  response_clear (&r);
}

/* ---- stopping ---------------------------------------------------------------------------- */

static void
test_shutdown (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  Response waiting = { 0 };
  Response r = { 0 };
  JsonObject *run;

  easel_scripted_provider_set_default (f->provider, EASEL_SCRIPT_HANG, 0);
  msg = new_message (f, "POST", "/api/v1/images/generate", TOKEN,
                     "{\"prompt\": \"forever\", \"providers\": [\"sd\"], \"count\": 2,"
                     " \"wait\": true}");
  send_async (f, msg, &waiting);
  while (easel_engine_get_active_jobs (f->engine) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (waiting.done);

  /* Stopping cancels the runs; the waiting client gets its answer first. */
  stop_server (f);
  g_assert_cmpuint (easel_engine_get_active_jobs (f->engine), ==, 0);
  easel_fake_wait_until (response_done, &waiting, 5000);
  g_assert_true (waiting.done);
  assert_status (&waiting, SOUP_STATUS_OK);
  run = object_of (&waiting);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "cancelled");
  response_clear (&waiting);

  /* Nothing listens any more. */
  {
    g_autoptr(SoupMessage) after = new_message (f, "GET", "/api/v1/providers", TOKEN, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;

    body = soup_session_send_and_read (f->session, after, NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }

  g_assert_finalize_object (g_steal_pointer (&f->server));
  easel_scripted_provider_set_default (f->provider, EASEL_SCRIPT_SUCCEED, 0);
  response_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/easel/api/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/easel/api/token", test_token);
  ADD ("listen", test_listen);
  ADD ("auth", test_auth);
  ADD ("errors", test_errors);
  ADD ("body-limit", test_body_limit);
  ADD ("openapi", test_openapi);
  ADD ("generate", test_generate);
  ADD ("generate-outcomes", test_generate_outcomes);
  ADD ("batch", test_batch);
  ADD ("results", test_results);
  ADD ("examples", test_examples);
  ADD ("posts", test_posts);
  ADD ("parallel", test_parallel);
  ADD ("malformed", test_malformed);
  ADD ("shutdown", test_shutdown);
#undef ADD

  return g_test_run ();
}
