/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-api-private.h"
#include "easel-api-token.h"
#include "easel-json.h"

/* The local REST API: a SoupServer on loopback that checks the bearer token and the body size
 * before a body is read, routes /api/v1 to handlers that call the engine as the window does,
 * and answers every error as `{"error": {"code", "message"}}`.
 */

/* How long a shutdown waits for cancelled runs and open requests before closing anyway. */
#define SHUTDOWN_TIMEOUT_S 10

/* Connections waiting to be accepted. */
#define LISTEN_BACKLOG 256

struct _EaselApiServer
{
  GObject       parent_instance;

  EaselEngine  *engine;
  char         *token;
  gsize         max_body;
  gboolean      allow_remote;
  SoupServer   *soup;
  EaselApiRuns *runs;
  GHashTable   *requests;      /* EaselApiRequest (owned) being answered */
  GCancellable *cancellable;

  gboolean      stopping;
  GTask        *shutdown;
  guint         shutdown_timeout_id;
  gulong        run_finished_id;
};

G_DEFINE_FINAL_TYPE (EaselApiServer, easel_api_server, G_TYPE_OBJECT)

static void
easel_api_server_dispose (GObject *object)
{
  EaselApiServer *self = EASEL_API_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  if (self->engine != NULL)
    g_clear_signal_handler (&self->run_finished_id, self->engine);
  g_clear_pointer (&self->runs, _easel_api_runs_free);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_object (&self->soup);
  g_clear_object (&self->shutdown);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (easel_api_server_parent_class)->dispose (object);
}

static void
easel_api_server_finalize (GObject *object)
{
  EaselApiServer *self = EASEL_API_SERVER (object);

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (easel_api_server_parent_class)->finalize (object);
}

static void
easel_api_server_class_init (EaselApiServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = easel_api_server_dispose;
  object_class->finalize = easel_api_server_finalize;
}

static void
easel_api_server_init (EaselApiServer *self)
{
  self->max_body = EASEL_API_DEFAULT_MAX_BODY;
  self->cancellable = g_cancellable_new ();
  self->requests = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                          (GDestroyNotify) _easel_api_request_unref, NULL);
}

/* ---- answering before a route runs ------------------------------------------------------ */

static void
respond_now (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(EaselApiReply) reply = _easel_api_reply_new_error (status, code, message);
  g_autofree char *json = easel_json_to_string (reply->json, TRUE);
  g_autofree char *text = g_strconcat (json, "\n", NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

/* Answered without reading the body into memory: what the client still sends is discarded. */
static void
reject_early (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  respond_now (msg, status, code, message);
}

static void
reject_too_large (EaselApiServer    *self,
                  SoupServerMessage *msg)
{
  g_autofree char *message =
    g_strdup_printf (_("The request body is larger than %" G_GSIZE_FORMAT " bytes"),
                     self->max_body);

  reject_early (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, EASEL_API_ERROR_TOO_LARGE, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
}

typedef struct
{
  EaselApiServer *server;   /* borrowed: the message dies with the server's connections */
  gsize           received;
} BodyCount;

/* Chunked bodies announce no length: count as they come and stop keeping them past the cap. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              BodyCount         *count)
{
  count->received += g_bytes_get_size (chunk);
  if (count->received > count->server->max_body && soup_server_message_get_status (msg) == 0)
    reject_too_large (count->server, msg);
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  EaselApiServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BodyCount *count;

  if (self->stopping)
    {
      reject_early (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, EASEL_API_ERROR_UNAVAILABLE,
                    _("The server is stopping"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      return;
    }

  if (!easel_api_token_check_header (self->token,
                                     soup_message_headers_get_one (headers, "Authorization")))
    {
      gboolean sent = soup_message_headers_get_one (headers, "Authorization") != NULL;

      reject_early (msg, SOUP_STATUS_UNAUTHORIZED, EASEL_API_ERROR_UNAUTHORIZED,
                    sent ? _("The bearer token is wrong")
                         : _("Send the API token: “Authorization: Bearer TOKEN”"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate",
                                    sent ? "Bearer realm=\"easel\", error=\"invalid_token\""
                                         : "Bearer realm=\"easel\"");
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->max_body)
    {
      reject_too_large (self, msg);
      return;
    }

  count = g_new0 (BodyCount, 1);
  count->server = self;
  g_object_set_data_full (G_OBJECT (msg), "easel-api-body-count", count, g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), count);
}

/* ---- routing ---------------------------------------------------------------------------- */

/* Splits "/api/v1/results/4/image" into its segments; a trailing slash is forgiven, an empty
 * segment inside is not.
 */
static GStrv
split_path (const char *path)
{
  g_autofree char *trimmed = g_strdup (path);
  gsize length = strlen (trimmed);

  if (length > 1 && trimmed[length - 1] == '/')
    trimmed[length - 1] = '\0';
  if (trimmed[0] != '/')
    return NULL;
  return g_strsplit (trimmed + 1, "/", -1);
}

/* Returns the captured parameters when @pattern matches @segments, else %NULL. */
static GStrv
match_pattern (const char         *pattern,
               const char * const *segments)
{
  g_auto(GStrv) parts = g_strsplit (pattern + 1, "/", -1);
  g_autoptr(GStrvBuilder) params = g_strv_builder_new ();
  guint i;

  for (i = 0; parts[i] != NULL && segments[i] != NULL; i++)
    {
      if (parts[i][0] == '{')
        {
          if (*segments[i] == '\0')
            return NULL;
          g_strv_builder_add (params, segments[i]);
        }
      else if (strcmp (parts[i], segments[i]) != 0)
        return NULL;
    }
  if (parts[i] != NULL || segments[i] != NULL)
    return NULL;
  return g_strv_builder_end (params);
}

static gboolean
query_is_text (GHashTable *query)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return FALSE;
  return TRUE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  EaselApiServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = split_path (path);
  g_autoptr(GString) allowed = g_string_new (NULL);
  const EaselApiRoute *route = NULL;
  GStrv params = NULL;
  EaselApiRequest *request;

  if (g_strcmp0 (method, SOUP_METHOD_HEAD) == 0)
    method = SOUP_METHOD_GET;

  for (guint i = 0; segments != NULL && _easel_api_routes[i].pattern != NULL; i++)
    {
      g_auto(GStrv) captured = match_pattern (_easel_api_routes[i].pattern,
                                              (const char * const *) segments);

      if (captured == NULL)
        continue;
      if (strstr (allowed->str, _easel_api_routes[i].method) == NULL)
        {
          if (allowed->len > 0)
            g_string_append (allowed, ", ");
          g_string_append (allowed, _easel_api_routes[i].method);
          if (strcmp (_easel_api_routes[i].method, SOUP_METHOD_GET) == 0)
            g_string_append (allowed, ", HEAD");
        }
      if (route == NULL && g_strcmp0 (_easel_api_routes[i].method, method) == 0)
        {
          route = &_easel_api_routes[i];
          params = g_steal_pointer (&captured);
        }
    }

  if (route == NULL && allowed->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("There is no route %s"), path);

      respond_now (msg, SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND, message);
      return;
    }
  if (route == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s does not answer %s; it answers %s"),
                                                  path, soup_server_message_get_method (msg),
                                                  allowed->str);

      respond_now (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, EASEL_API_ERROR_NOT_ALLOWED, message);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    allowed->str);
      return;
    }
  if (!query_is_text (query))
    {
      g_strfreev (params);
      respond_now (msg, SOUP_STATUS_BAD_REQUEST, EASEL_API_ERROR_BAD_REQUEST,
                   _("The query string is not UTF-8 text"));
      return;
    }

  request = _easel_api_request_new (self, msg, route, params, query);
  g_hash_table_add (self->requests, _easel_api_request_ref (request));
  soup_server_message_pause (msg);
  /* The handler may answer at once, which ends the request: our reference keeps it alive
   * until the handler returns.
   */
  route->handler (request);
  _easel_api_request_unref (request);
}

/* ---- life ------------------------------------------------------------------------------- */

/**
 * easel_api_server_new:
 * @token: the bearer token every request must carry
 *
 * The server answers nothing until easel_api_server_listen().
 */
EaselApiServer *
easel_api_server_new (EaselEngine *engine,
                      const char  *token)
{
  EaselApiServer *self;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (token != NULL && *token != '\0', NULL);

  self = g_object_new (EASEL_TYPE_API_SERVER, NULL);
  self->engine = g_object_ref (engine);
  self->token = g_strdup (token);
  self->runs = _easel_api_runs_new (engine);
  self->soup = soup_server_new ("server-header", "easel/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);
  return self;
}

EaselEngine *
easel_api_server_get_engine (EaselApiServer *self)
{
  g_return_val_if_fail (EASEL_IS_API_SERVER (self), NULL);
  return self->engine;
}

void
easel_api_server_set_max_body_size (EaselApiServer *self,
                                    gsize           max_bytes)
{
  g_return_if_fail (EASEL_IS_API_SERVER (self));
  self->max_body = max_bytes;
}

void
easel_api_server_set_allow_remote (EaselApiServer *self,
                                   gboolean        allow_remote)
{
  g_return_if_fail (EASEL_IS_API_SERVER (self));
  self->allow_remote = allow_remote;
}

/**
 * easel_api_server_listen:
 * @address: an IP address ("127.0.0.1", "::1"), or "localhost"
 * @port: the TCP port, or 0 for any free one
 *
 * Starts answering. An address that is not loopback is refused unless remote clients were
 * allowed with easel_api_server_set_allow_remote(): the API can spend money on paid
 * providers, and plain HTTP shows the token to anyone on the network.
 */
gboolean
easel_api_server_listen (EaselApiServer  *self,
                         const char      *address,
                         guint            port,
                         GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (EASEL_IS_API_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (g_ascii_strcasecmp (address, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }
  if (port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%u is not a TCP port"), port);
      return FALSE;
    }
  if (!g_inet_address_get_is_loopback (inet) && !self->allow_remote)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s is not a loopback address: other machines could reach the API, which "
                     "can spend money on paid providers, and plain HTTP shows the token on the "
                     "network. Use --allow-remote if you really mean it."), address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* A script that fires a hundred requests at once must not see its connections reset: the
   * default backlog (10) is too short for that.
   */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (self->soup, socket, 0, error);
}

guint
easel_api_server_get_port (EaselApiServer *self)
{
  GSList *uris;
  guint port = 0;

  g_return_val_if_fail (EASEL_IS_API_SERVER (self), 0);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/**
 * easel_api_server_dup_url:
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:8765/api/v1", or %NULL before
 * listening
 */
char *
easel_api_server_dup_url (EaselApiServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (EASEL_IS_API_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_join (G_URI_FLAGS_NONE, "http", NULL, g_uri_get_host (uris->data),
                      g_uri_get_port (uris->data), EASEL_API_PREFIX, NULL, NULL);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

guint
easel_api_server_get_active_requests (EaselApiServer *self)
{
  g_return_val_if_fail (EASEL_IS_API_SERVER (self), 0);
  return g_hash_table_size (self->requests);
}

GCancellable *
_easel_api_server_get_cancellable (EaselApiServer *self)
{
  return self->cancellable;
}

EaselApiRuns *
_easel_api_server_get_runs (EaselApiServer *self)
{
  return self->runs;
}

/* ---- stopping --------------------------------------------------------------------------- */

static void
finish_shutdown (EaselApiServer *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->shutdown);

  if (task == NULL)
    return;
  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  g_clear_signal_handler (&self->run_finished_id, self->engine);

  /* Requests still open (a provider that ignores its cancel) end with their connection. */
  soup_server_disconnect (self->soup);
  g_hash_table_remove_all (self->requests);
  g_task_return_boolean (task, TRUE);
}

static void
maybe_finish_shutdown (EaselApiServer *self)
{
  if (self->shutdown != NULL && g_hash_table_size (self->requests) == 0 &&
      easel_engine_get_active_jobs (self->engine) == 0)
    finish_shutdown (self);
}

void
_easel_api_server_request_done (EaselApiServer  *self,
                                EaselApiRequest *request)
{
  g_object_ref (self);
  g_hash_table_remove (self->requests, request);
  maybe_finish_shutdown (self);
  g_object_unref (self);
}

static void
on_run_finished (EaselEngine    *engine,
                 gint64          run_id,
                 EaselApiServer *self)
{
  maybe_finish_shutdown (self);
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  EaselApiServer *self = user_data;

  self->shutdown_timeout_id = 0;
  g_debug ("stopping without waiting any longer for %u requests and %u jobs",
           g_hash_table_size (self->requests), easel_engine_get_active_jobs (self->engine));
  finish_shutdown (self);
  return G_SOURCE_REMOVE;
}

/**
 * easel_api_server_shutdown_async:
 *
 * Stops taking requests (new ones are answered 503), cancels every run in flight, lets the
 * clients that wait for runs have their answers, then closes every connection. Gives up
 * waiting after ten seconds.
 */
void
easel_api_server_shutdown_async (EaselApiServer      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EASEL_IS_API_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_api_server_shutdown_async);
  if (self->stopping)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The server is already stopping"));
      return;
    }

  self->stopping = TRUE;
  self->shutdown = g_steal_pointer (&task);
  g_cancellable_cancel (self->cancellable);
  self->run_finished_id = g_signal_connect (self->engine, "run-finished",
                                            G_CALLBACK (on_run_finished), self);
  self->shutdown_timeout_id = g_timeout_add_seconds (SHUTDOWN_TIMEOUT_S, shutdown_timeout_cb,
                                                     self);
  easel_engine_cancel_all (self->engine);
  maybe_finish_shutdown (self);
}

gboolean
easel_api_server_shutdown_finish (EaselApiServer  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
