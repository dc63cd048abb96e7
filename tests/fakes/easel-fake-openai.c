/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "easel-fake-openai-private.h"
#include "easel-fake-openai.h"
#include "easel-fake-schema.h"
#include "easel-fake-util.h"

/* A fake OpenAI Images API (protocols/openai-images.md) on 127.0.0.1: `GET /v1/models`,
 * `POST /v1/images/generations` (JSON or SSE, decided by the body's `stream`, never by Accept)
 * and `GET /files/<id>.png` for URL answers. Every body is checked against the official schema
 * and the per-model rules of §3; answers carry real images of the requested size, `usage`,
 * `x-request-id` and rate-limit headers. Images are encoded once per size and kept as base64,
 * so a 200-image benchmark spends its time in the client, not here.
 */

typedef struct
{
  EaselFakeOpenai      *self;
  SoupServerMessage    *msg;
  JsonNode             *body;
  EaselFakeOpenaiFault  fault;
  guint                 source_id;
} Pending;

static void
remember_headers (EaselFakeOpenai      *self,
                  EaselFakeOpenaiRoute  route,
                  SoupServerMessage    *msg)
{
  g_clear_pointer (&self->headers[route], soup_message_headers_unref);
  self->headers[route] = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
}

/* Headers the API sends on every answer, errors included. */
static void
add_common_headers (EaselFakeOpenai   *self,
                    SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *remaining = g_strdup_printf ("%u", 50 - MIN (self->requests, 49));

  g_free (self->last_request_id);
  self->last_request_id = g_strdup_printf ("req_%016" G_GINT64_MODIFIER "x%016"
                                           G_GINT64_MODIFIER "x",
                                           (guint64) g_get_real_time (), ++self->next_id);
  soup_message_headers_replace (headers, "x-request-id", self->last_request_id);
  soup_message_headers_replace (headers, "openai-processing-ms", "1234");
  soup_message_headers_replace (headers, "openai-version", "2020-10-01");
  soup_message_headers_replace (headers, "x-ratelimit-limit-requests", "50");
  soup_message_headers_replace (headers, "x-ratelimit-remaining-requests", remaining);
  soup_message_headers_replace (headers, "x-ratelimit-reset-requests", "1.2s");
  soup_message_headers_replace (headers, "x-ratelimit-limit-tokens", "100000");
  soup_message_headers_replace (headers, "x-ratelimit-remaining-tokens", "99000");
  soup_message_headers_replace (headers, "x-ratelimit-reset-tokens", "12ms");
}

/* In-flight accounting: a request counts from its handler until the server finished or aborted
 * it, exactly once.
 */
static void
count_start (EaselFakeOpenai   *self,
             SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "easel-fake-counted", GINT_TO_POINTER (1));
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
}

static void
count_end (EaselFakeOpenai   *self,
           SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "easel-fake-counted") == NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "easel-fake-counted", NULL);
  g_assert (self->in_flight > 0);
  self->in_flight--;
}

void
_easel_fake_openai_count_end (EaselFakeOpenai   *self,
                              SoupServerMessage *msg)
{
  count_end (self, msg);
}

static void
request_done_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  count_end (user_data, msg);
}

static gboolean
authorized (EaselFakeOpenai   *self,
            SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *expected = NULL;

  if (self->api_key == NULL)
    return TRUE;
  expected = g_strdup_printf ("Bearer %s", self->api_key);
  return g_strcmp0 (auth, expected) == 0;
}

static void
hold_forever (EaselFakeOpenai   *self,
              SoupServerMessage *msg)
{
  g_ptr_array_add (self->held, g_object_ref (msg));
}

static void
free_pending (Pending *pending)
{
  g_clear_handle_id (&pending->source_id, g_source_remove);
  g_object_unref (pending->msg);
  g_clear_pointer (&pending->body, json_node_unref);
  g_free (pending);
}

static gboolean
pending_cb (gpointer user_data)
{
  Pending *pending = user_data;
  EaselFakeOpenai *self = pending->self;

  pending->source_id = 0;
  self->pending = g_list_remove (self->pending, pending);
  _easel_fake_openai_respond (self, pending->msg, pending->body, pending->fault);
  soup_server_message_unpause (pending->msg);
  free_pending (pending);
  return G_SOURCE_REMOVE;
}

static EaselFakeOpenaiFault
take_fault (EaselFakeOpenai *self)
{
  if (self->next_fault_count > 0)
    {
      self->next_fault_count--;
      return self->next_fault;
    }
  return self->fault;
}

/* One client port per TCP connection: how many connections the image requests used. */
static void
remember_connection (EaselFakeOpenai   *self,
                     SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    g_hash_table_add (self->client_ports, GUINT_TO_POINTER (
      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote))));
}

static void
images_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  EaselFakeOpenai *self = user_data;
  g_autoptr(JsonNode) body = NULL;
  EaselFakeOpenaiFault fault;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      _easel_fake_openai_reply_error (msg, 405, "Method not allowed", "invalid_request_error",
                                      NULL, NULL);
      return;
    }

  self->requests++;
  remember_connection (self, msg);
  count_start (self, msg);
  remember_headers (self, EASEL_FAKE_OPENAI_ROUTE_IMAGES, msg);
  add_common_headers (self, msg);

  body = easel_fake_request_json (msg);
  g_ptr_array_add (self->bodies, body != NULL ? json_node_ref (body)
                                              : json_node_new (JSON_NODE_NULL));

  if (!authorized (self, msg))
    {
      _easel_fake_openai_reply_unauthorized (msg);
      return;
    }

  fault = take_fault (self);
  if (fault == EASEL_FAKE_OPENAI_FAULT_STALL)
    {
      hold_forever (self, msg);
      soup_server_message_pause (msg);
      return;
    }

  if (self->latency_ms > 0)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->self = self;
      pending->msg = g_object_ref (msg);
      pending->body = body != NULL ? json_node_ref (body) : NULL;
      pending->fault = fault;
      pending->source_id = g_timeout_add (self->latency_ms, pending_cb, pending);
      self->pending = g_list_prepend (self->pending, pending);
      soup_server_message_pause (msg);
      return;
    }

  _easel_fake_openai_respond (self, msg, body, fault);
}

static void
models_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  EaselFakeOpenai *self = user_data;
  g_autofree char *json = NULL;

  self->models_requests++;
  remember_headers (self, EASEL_FAKE_OPENAI_ROUTE_MODELS, msg);
  add_common_headers (self, msg);

  if (!authorized (self, msg))
    {
      _easel_fake_openai_reply_unauthorized (msg);
      return;
    }
  if (self->fault == EASEL_FAKE_OPENAI_FAULT_STALL)
    {
      hold_forever (self, msg);
      soup_server_message_pause (msg);
      return;
    }
  if (_easel_fake_openai_reply_common_fault (self, msg, self->fault))
    return;

  if (self->models == EASEL_FAKE_OPENAI_MODELS_NOT_FOUND)
    {
      static const char text[] = "404 page not found";

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text,
                                        strlen (text));
      return;
    }
  json = _easel_fake_openai_models_json (self->models);
  easel_fake_reply_json (msg, 200, json);
}

static void
files_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  EaselFakeOpenai *self = user_data;
  g_autofree char *id = NULL;
  GBytes *bytes;

  self->file_requests++;
  remember_headers (self, EASEL_FAKE_OPENAI_ROUTE_FILES, msg);

  if (g_str_has_suffix (path, ".png"))
    id = g_strndup (path + strlen ("/files/"), strlen (path) - strlen ("/files/") - 4);
  bytes = id != NULL ? g_hash_table_lookup (self->files, id) : NULL;
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        "<Error>BlobNotFound</Error>", 27);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
default_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_autofree char *message = g_strdup_printf ("Invalid URL (%s %s)",
                                              soup_server_message_get_method (msg), path);

  add_common_headers (user_data, msg);
  _easel_fake_openai_reply_error (msg, 404, message, "invalid_request_error", NULL, NULL);
}

/* ---- public API -------------------------------------------------------------------------- */

/**
 * easel_fake_openai_new:
 *
 * Starts a fake on 127.0.0.1 with a random port, in the thread-default main context. Today is
 * 2026-11-26 for it (set_today changes that), so dall-e-* and gpt-image-1 are retired.
 */
EaselFakeOpenai *
easel_fake_openai_new (void)
{
  EaselFakeOpenai *self = g_new0 (EaselFakeOpenai, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  self->server = soup_server_new ("server-header", "fake-openai ", NULL);
  self->schema = easel_fake_schema_load_openai ();
  self->today = g_strdup ("2026-11-26");
  self->stream_partials = -1;
  self->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) _easel_fake_openai_cached_image_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->client_ports = g_hash_table_new (NULL, NULL);

  soup_server_add_handler (self->server, "/v1/images/generations", images_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/models", models_cb, self, NULL);
  soup_server_add_handler (self->server, "/files", files_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, default_cb, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);

  self->root_url = easel_fake_listen_local (self->server, &error);
  if (self->root_url == NULL)
    g_error ("fake OpenAI cannot listen: %s", error->message);
  uri = g_uri_parse (self->root_url, G_URI_FLAGS_NONE, NULL);
  self->port = (guint) g_uri_get_port (uri);
  self->base_url = g_strconcat (self->root_url, "/v1", NULL);
  return self;
}

void
easel_fake_openai_free (EaselFakeOpenai *self)
{
  if (self == NULL)
    return;

  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) free_pending);
  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  easel_fake_schema_free (self->schema);
  g_free (self->root_url);
  g_free (self->base_url);
  g_free (self->today);
  g_free (self->api_key);
  g_free (self->last_schema_error);
  g_free (self->last_request_id);
  g_ptr_array_unref (self->bodies);
  for (guint i = 0; i < G_N_ELEMENTS (self->headers); i++)
    g_clear_pointer (&self->headers[i], soup_message_headers_unref);
  g_hash_table_unref (self->images);
  g_hash_table_unref (self->files);
  g_hash_table_unref (self->client_ports);
  g_free (self);
}

/* The API's base URL, like "http://127.0.0.1:40123/v1". */
const char *
easel_fake_openai_get_url (EaselFakeOpenai *self)
{
  return self->base_url;
}

/* A base URL where nothing listens: connection refused. */
char *
easel_fake_openai_dup_closed_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, &error) ||
      (bound = g_socket_get_local_address (socket, &error)) == NULL)
    g_error ("cannot find a free port: %s", error->message);
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u/v1",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* Every image request from now on gets @fault (NONE restores normal answers). */
void
easel_fake_openai_set_fault (EaselFakeOpenai      *self,
                             EaselFakeOpenaiFault  fault)
{
  self->fault = fault;
}

/* The next @count image requests get @fault, then the persistent behaviour resumes: "fail the
 * first N requests, then succeed" for retry tests.
 */
void
easel_fake_openai_fail_next (EaselFakeOpenai      *self,
                             EaselFakeOpenaiFault  fault,
                             guint                 count)
{
  self->next_fault = fault;
  self->next_fault_count = count;
}

/* Every image request waits @latency_ms before its answer (0: none), so tests can see
 * concurrency.
 */
void
easel_fake_openai_set_latency (EaselFakeOpenai *self,
                               guint            latency_ms)
{
  self->latency_ms = latency_ms;
}

/* When set, requests without "Authorization: Bearer @api_key" get 401. */
void
easel_fake_openai_set_api_key (EaselFakeOpenai *self,
                               const char      *api_key)
{
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
easel_fake_openai_set_today (EaselFakeOpenai *self,
                             const char      *today)
{
  g_free (self->today);
  self->today = g_strdup (today);
}

void
easel_fake_openai_set_models (EaselFakeOpenai       *self,
                              EaselFakeOpenaiModels  models)
{
  self->models = models;
}

/* Streams send @partials partial images whatever the request asked (-1: as asked), e.g. fewer,
 * as the API may when the final image is quick.
 */
void
easel_fake_openai_set_stream_partials (EaselFakeOpenai *self,
                                       int              partials)
{
  self->stream_partials = partials;
}

/* Answer `data[].url` for every model; @other_origin puts the files on "localhost" rather than
 * "127.0.0.1", another origin for the client.
 */
void
easel_fake_openai_set_url_responses (EaselFakeOpenai *self,
                                     gboolean         urls,
                                     gboolean         other_origin)
{
  self->urls = urls;
  self->urls_other_origin = other_origin;
}

/* Behave like a simple OpenAI-compatible relay: any model id is a GPT-style model, no
 * streaming (JSON answers even to stream: true), no usage, response_format tolerated, and
 * /models answers 404.
 */
void
easel_fake_openai_set_compatible (EaselFakeOpenai *self,
                                  gboolean         compatible)
{
  self->compatible = compatible;
  self->models = compatible ? EASEL_FAKE_OPENAI_MODELS_NOT_FOUND
                            : EASEL_FAKE_OPENAI_MODELS_OPENAI;
}

/* Requests that carry `stream` get 400 with param "stream" (a relay that refuses the field). */
void
easel_fake_openai_set_reject_streaming (EaselFakeOpenai *self,
                                        gboolean         reject)
{
  self->reject_streaming = reject;
}

guint
easel_fake_openai_get_requests (EaselFakeOpenai *self)
{
  return self->requests;
}

guint
easel_fake_openai_get_in_flight (EaselFakeOpenai *self)
{
  return self->in_flight;
}

guint
easel_fake_openai_get_max_concurrent (EaselFakeOpenai *self)
{
  return self->max_in_flight;
}

guint
easel_fake_openai_get_models_requests (EaselFakeOpenai *self)
{
  return self->models_requests;
}

/* How many TCP connections the image requests arrived on. */
guint
easel_fake_openai_get_connections (EaselFakeOpenai *self)
{
  return g_hash_table_size (self->client_ports);
}

guint
easel_fake_openai_get_file_requests (EaselFakeOpenai *self)
{
  return self->file_requests;
}

/**
 * easel_fake_openai_get_bodies:
 *
 * Returns: (transfer none) (element-type JsonNode): every image request body, in arrival order
 *   (a JSON null node for a body that was not JSON).
 */
GPtrArray *
easel_fake_openai_get_bodies (EaselFakeOpenai *self)
{
  return self->bodies;
}

/* Bodies that failed the schema check (each got a 400 naming the property). */
guint
easel_fake_openai_get_schema_errors (EaselFakeOpenai *self)
{
  return self->schema_errors;
}

const char *
easel_fake_openai_get_last_schema_error (EaselFakeOpenai *self)
{
  return self->last_schema_error;
}

const char *
easel_fake_openai_get_last_request_id (EaselFakeOpenai *self)
{
  return self->last_request_id;
}

/* A header of the last request on @route, or %NULL. */
const char *
easel_fake_openai_get_header (EaselFakeOpenai      *self,
                              EaselFakeOpenaiRoute  route,
                              const char           *name)
{
  if (self->headers[route] == NULL)
    return NULL;
  return soup_message_headers_get_one (self->headers[route], name);
}
