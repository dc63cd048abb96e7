/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-socket.c: the one websocket a ComfyUI provider keeps to its server
 * (protocols/comfyui.md §8, §10, §16): no Origin, the provider's headers on the handshake, a
 * 256 MiB message bound, 30 s keepalive, feature_flags first, close-then-reconnect, and
 * reconnects with backoff while jobs are in flight. Messages are parsed here and handed to the
 * provider, which routes them by prompt_id.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-comfyui-errors.h"
#include "easel-comfyui-socket.h"
#include "easel-error.h"
#include "easel-http.h"
#include "easel-image-info.h"
#include "easel-json.h"

/* Large enough for SaveImageWebsocket PNGs and big execution_error messages (§16). */
#define MAX_INCOMING_PAYLOAD (256 * 1024 * 1024)
#define KEEPALIVE_SECONDS    30

typedef enum
{
  STATE_IDLE,
  STATE_CONNECTING,
  STATE_OPEN,
  STATE_CLOSING,
  STATE_WAITING,
} SocketState;

struct _EaselComfyuiSocket
{
  GObject                      parent_instance;

  SoupSession                 *session;
  char                        *url;
  GStrv                        headers;
  char                        *bearer;
  char                        *what;
  EaselComfyuiSocketCallbacks  callbacks;
  gpointer                     user_data;

  SocketState                  state;
  SoupWebsocketConnection     *conn;
  SoupMessage                 *handshake;
  GCancellable                *cancellable;
  guint                        timeout_id;
  gboolean                     timed_out;
  guint                        retry_id;
  gboolean                     keep_connected;
  gboolean                     reconnect_after_close;
  guint                        connections;

  double                       timeout_s;
  double                       initial_s;
  double                       max_s;
  double                       backoff_s;
};

G_DEFINE_FINAL_TYPE (EaselComfyuiSocket, easel_comfyui_socket, G_TYPE_OBJECT)

static void connect_now (EaselComfyuiSocket *self);

/* ---- binary frames (§10) ----------------------------------------------------------------- */

static guint32
read_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
set_image (EaselComfyuiFrame *frame,
           GBytes            *bytes,
           gsize              offset,
           GError           **error)
{
  gsize length = g_bytes_get_size (bytes);
  EaselImageInfo info = { NULL, };

  frame->image = g_bytes_new_from_bytes (bytes, offset, length - offset);
  if (!easel_image_info_check (frame->image, EASEL_IMAGE_MAX_DIMENSION, &info, error))
    return FALSE;
  if (g_strcmp0 (info.mime_type, "image/jpeg") != 0 && g_strcmp0 (info.mime_type, "image/png") != 0)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   "preview frame holds %s, not JPEG or PNG", info.mime_type);
      return FALSE;
    }
  frame->mime = info.mime_type;
  return TRUE;
}

/**
 * easel_comfyui_frame_parse:
 *
 * Reads one binary websocket message, checking every length against the frame (§10.4).
 *
 * Returns: %TRUE for a frame Easel uses; %FALSE with @error for a malformed one, and %FALSE
 *   without an error for an event type it ignores.
 */
gboolean
easel_comfyui_frame_parse (GBytes             *bytes,
                           EaselComfyuiFrame  *frame,
                           GError            **error)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint32 word;

  memset (frame, 0, sizeof *frame);
  if (data == NULL || length < 8)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   "binary frame of %" G_GSIZE_FORMAT " bytes is shorter than its header",
                   length);
      return FALSE;
    }
  frame->event = read_u32 (data);
  word = read_u32 (data + 4);

  switch (frame->event)
    {
    case 1:
      if (word != 1 && word != 2)
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       "preview frame with unknown image format %u", word);
          return FALSE;
        }
      return set_image (frame, bytes, 8, error);

    case 3:
      {
        if (word > length - 8)
          {
            g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                         "text frame names a %u-byte node id in %" G_GSIZE_FORMAT " bytes",
                         word, length);
            return FALSE;
          }
        frame->text = g_utf8_make_valid ((const char *) data + 8 + word, length - 8 - word);
        frame->metadata = json_object_new ();
        {
          g_autofree char *node = g_utf8_make_valid ((const char *) data + 8, word);
          json_object_set_string_member (frame->metadata, "node_id", node);
        }
        frame->node_id = json_object_get_string_member (frame->metadata, "node_id");
        return TRUE;
      }

    case 4:
      {
        g_autoptr(JsonNode) meta = NULL;
        const char *image_type;

        if (word > length - 8)
          {
            g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                         "preview frame announces %u bytes of metadata in %" G_GSIZE_FORMAT
                         " bytes", word, length);
            return FALSE;
          }
        meta = easel_json_parse ((const char *) data + 8, word, NULL);
        if (meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta))
          {
            g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                         "preview frame metadata is not a JSON object");
            return FALSE;
          }
        frame->metadata = json_object_ref (json_node_get_object (meta));
        frame->prompt_id = easel_json_object_get_string (frame->metadata, "prompt_id");
        frame->node_id = easel_json_object_get_string (frame->metadata, "node_id");
        if (!set_image (frame, bytes, 8 + (gsize) word, error))
          return FALSE;
        image_type = easel_json_object_get_string (frame->metadata, "image_type");
        if (image_type != NULL && g_strcmp0 (image_type, frame->mime) != 0)
          g_debug ("preview frame says %s but holds %s", image_type, frame->mime);
        return TRUE;
      }

    default:
      /* SwarmUI and other extensions use private event types: ignore them. */
      return FALSE;
    }
}

void
easel_comfyui_frame_clear (EaselComfyuiFrame *frame)
{
  g_clear_pointer (&frame->image, g_bytes_unref);
  g_clear_pointer (&frame->metadata, json_object_unref);
  g_clear_pointer (&frame->text, g_free);
  frame->prompt_id = NULL;
  frame->node_id = NULL;
  frame->mime = NULL;
}

/* ---- the connection ---------------------------------------------------------------------- */

/**
 * easel_comfyui_socket_build_url:
 *
 * `ws://host:port/<prefix>/ws?clientId=<id>` from the base URL: http → ws, https → wss, the
 * path prefix of a reverse proxy kept, a query token kept.
 */
char *
easel_comfyui_socket_build_url (const char *base_url,
                                const char *client_id)
{
  g_autoptr(GUri) http = easel_http_build_uri (base_url, "/ws", "clientId", client_id, NULL);
  g_autoptr(GUri) ws = NULL;
  const char *scheme;

  if (http == NULL)
    return NULL;
  scheme = g_ascii_strcasecmp (g_uri_get_scheme (http), "https") == 0 ? "wss" : "ws";
  ws = g_uri_build (G_URI_FLAGS_ENCODED, scheme, g_uri_get_userinfo (http),
                    g_uri_get_host (http), g_uri_get_port (http), g_uri_get_path (http),
                    g_uri_get_query (http), NULL);
  return g_uri_to_string (ws);
}

static void
easel_comfyui_socket_close_connection (EaselComfyuiSocket *self)
{
  if (self->conn == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->conn, self);
  if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->conn);
}

static void
easel_comfyui_socket_dispose (GObject *object)
{
  EaselComfyuiSocket *self = EASEL_COMFYUI_SOCKET (object);

  memset (&self->callbacks, 0, sizeof self->callbacks);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  easel_comfyui_socket_close_connection (self);
  g_clear_object (&self->handshake);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (easel_comfyui_socket_parent_class)->dispose (object);
}

static void
easel_comfyui_socket_finalize (GObject *object)
{
  EaselComfyuiSocket *self = EASEL_COMFYUI_SOCKET (object);

  g_free (self->url);
  g_strfreev (self->headers);
  g_free (self->bearer);
  g_free (self->what);

  G_OBJECT_CLASS (easel_comfyui_socket_parent_class)->finalize (object);
}

static void
easel_comfyui_socket_class_init (EaselComfyuiSocketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = easel_comfyui_socket_dispose;
  object_class->finalize = easel_comfyui_socket_finalize;
}

static void
easel_comfyui_socket_init (EaselComfyuiSocket *self)
{
  self->timeout_s = 30;
  self->initial_s = 0.5;
  self->max_s = 30;
  self->backoff_s = self->initial_s;
}

static gboolean
retry_cb (gpointer data)
{
  EaselComfyuiSocket *self = data;

  self->retry_id = 0;
  self->state = STATE_IDLE;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* 0.5 s doubling to 30 s, ±20 % jitter so many clients do not reconnect in step. */
static void
schedule_retry (EaselComfyuiSocket *self)
{
  double delay = self->backoff_s * g_random_double_range (0.8, 1.2);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff_s = MIN (self->backoff_s * 2, self->max_s);
  self->state = STATE_WAITING;
  g_debug ("reconnecting to %s in %.2f s", self->what, delay);
  self->retry_id = g_timeout_add ((guint) (delay * 1000), retry_cb, self);
}

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            EaselComfyuiSocket      *self)
{
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (message, &length);
      g_autoptr(JsonNode) node = easel_json_parse (data, (gssize) length, NULL);
      g_autoptr(JsonObject) empty = NULL;
      JsonObject *object;
      JsonObject *payload;
      const char *kind;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_debug ("ignoring a websocket message that is not a JSON object");
          return;
        }
      object = json_node_get_object (node);
      kind = easel_json_object_get_string (object, "type");
      payload = easel_json_object_get_object (object, "data");
      if (kind == NULL)
        return;
      if (payload == NULL)
        payload = empty = json_object_new ();
      if (self->callbacks.message != NULL)
        self->callbacks.message (kind, payload, self->user_data);
    }
  else
    {
      EaselComfyuiFrame frame;
      g_autoptr(GError) error = NULL;

      if (easel_comfyui_frame_parse (message, &frame, &error))
        {
          if (self->callbacks.frame != NULL)
            self->callbacks.frame (&frame, self->user_data);
        }
      else if (error != NULL)
        g_debug ("ignoring a binary frame: %s", error->message);
      easel_comfyui_frame_clear (&frame);
    }
}

static void
closed_cb (SoupWebsocketConnection *conn,
           EaselComfyuiSocket      *self)
{
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  gboolean again = self->reconnect_after_close;

  g_debug ("websocket to %s closed (code %u)", self->what,
           soup_websocket_connection_get_close_code (conn));
  g_signal_handlers_disconnect_by_data (conn, self);
  g_clear_object (&self->conn);
  self->state = STATE_IDLE;
  self->reconnect_after_close = FALSE;

  if (again)
    {
      /* A deliberate reconnect: the old socket is gone, so the server cannot drop the new one
       * when it cleans up the old (§8.1).
       */
      connect_now (self);
      return;
    }
  if (self->callbacks.dropped != NULL)
    self->callbacks.dropped (self->user_data);
  if (self->keep_connected && self->state == STATE_IDLE)
    schedule_retry (self);
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          EaselComfyuiSocket      *self)
{
  g_debug ("websocket to %s: %s", self->what, error->message);
}

static gboolean
handshake_timeout_cb (gpointer data)
{
  EaselComfyuiSocket *self = data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselComfyuiSocket) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autoptr(SoupMessage) handshake = NULL;
  SoupWebsocketConnection *conn;
  gboolean timed_out;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (self->session == NULL)
    {
      /* Disposed meanwhile. */
      g_clear_object (&conn);
      return;
    }
  handshake = g_steal_pointer (&self->handshake);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->cancellable);
  timed_out = self->timed_out;
  self->timed_out = FALSE;

  if (conn == NULL)
    {
      self->state = STATE_IDLE;
      if (timed_out)
        mapped = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                              _("%s did not complete the websocket handshake within %.0f s. "
                                "Check that the server is not overloaded, or raise the timeout "
                                "(timeout_s)."), self->what, self->timeout_s);
      else
        mapped = easel_comfyui_error_from_handshake (handshake, error, self->what);
      g_debug ("websocket to %s failed: %s", self->what, mapped->message);
      if (self->callbacks.failed != NULL)
        self->callbacks.failed (mapped, self->user_data);
      if (self->keep_connected && self->state == STATE_IDLE)
        schedule_retry (self);
      return;
    }

  self->conn = conn;
  self->connections++;
  self->state = STATE_OPEN;
  self->backoff_s = self->initial_s;
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (conn, "error", G_CALLBACK (error_cb), self);

  /* Only the first text message of a connection is read for flags (§8.2). */
  soup_websocket_connection_send_text (conn, "{\"type\":\"feature_flags\",\"data\":"
                                             "{\"supports_preview_metadata\":true}}");
  if (self->callbacks.opened != NULL)
    self->callbacks.opened (self->user_data);
}

static void
connect_now (EaselComfyuiSocket *self)
{
  g_autoptr(GUri) uri = NULL;

  if (self->state != STATE_IDLE && self->state != STATE_WAITING)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);

  uri = g_uri_parse (self->url, G_URI_FLAGS_ENCODED, NULL);
  g_return_if_fail (uri != NULL);
  self->handshake = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  easel_http_apply_headers (self->handshake, self->headers);
  /* A configured Authorization header wins over the provider's key. */
  if (self->bearer != NULL &&
      soup_message_headers_get_one (soup_message_get_request_headers (self->handshake),
                                    "Authorization") == NULL)
    easel_http_set_bearer (self->handshake, self->bearer);

  self->state = STATE_CONNECTING;
  self->cancellable = g_cancellable_new ();
  self->timed_out = FALSE;
  if (self->timeout_s > 0)
    self->timeout_id = g_timeout_add ((guint) (self->timeout_s * 1000), handshake_timeout_cb,
                                      self);
  /* origin = NULL: no Origin header, so ComfyUI's origin check never fires (§15, §16). */
  soup_session_websocket_connect_async (self->session, self->handshake, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->cancellable, connect_cb,
                                        g_object_ref (self));
}

/**
 * easel_comfyui_socket_new:
 * @headers: (nullable): the provider's extra "Name: value" headers
 * @bearer: (nullable): a token sent as `Authorization: Bearer` unless @headers has one
 * @callbacks: called on the thread-default main context; @user_data must outlive the socket
 */
EaselComfyuiSocket *
easel_comfyui_socket_new (const char                        *base_url,
                          const char                        *client_id,
                          char * const                      *headers,
                          const char                        *bearer,
                          const char                        *what,
                          const EaselComfyuiSocketCallbacks *callbacks,
                          gpointer                           user_data)
{
  EaselComfyuiSocket *self = g_object_new (EASEL_TYPE_COMFYUI_SOCKET, NULL);

  self->session = easel_http_session_new (0);
  self->url = easel_comfyui_socket_build_url (base_url, client_id);
  self->headers = g_strdupv ((char **) headers);
  self->bearer = bearer != NULL && *bearer != '\0' ? g_strdup (bearer) : NULL;
  self->what = g_strdup (what);
  self->callbacks = *callbacks;
  self->user_data = user_data;
  return self;
}

void
easel_comfyui_socket_set_timing (EaselComfyuiSocket *self,
                                 double              handshake_timeout_s,
                                 double              backoff_initial_s,
                                 double              backoff_max_s)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  self->timeout_s = handshake_timeout_s;
  self->initial_s = MAX (backoff_initial_s, 0.01);
  self->max_s = MAX (backoff_max_s, self->initial_s);
  self->backoff_s = self->initial_s;
}

void
easel_comfyui_socket_set_bearer (EaselComfyuiSocket *self,
                                 const char         *bearer)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  g_free (self->bearer);
  self->bearer = bearer != NULL && *bearer != '\0' ? g_strdup (bearer) : NULL;
}

/* Opens the connection unless it is open or opening; a pending retry happens now. */
void
easel_comfyui_socket_connect (EaselComfyuiSocket *self)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  if (self->url == NULL)
    {
      g_autoptr(GError) error = g_error_new (EASEL_PROVIDER_ERROR,
                                             EASEL_PROVIDER_ERROR_CONNECT,
                                             _("%s has an address Easel cannot use."),
                                             self->what);
      if (self->callbacks.failed != NULL)
        self->callbacks.failed (error, self->user_data);
      return;
    }
  connect_now (self);
}

/**
 * easel_comfyui_socket_reconnect:
 *
 * Closes the connection, waits for it to be closed, and opens a new one with the same
 * clientId (the orphaned-socket remedy of §8.1).
 */
void
easel_comfyui_socket_reconnect (EaselComfyuiSocket *self)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  switch (self->state)
    {
    case STATE_OPEN:
      self->state = STATE_CLOSING;
      self->reconnect_after_close = TRUE;
      soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      break;
    case STATE_IDLE:
    case STATE_WAITING:
      connect_now (self);
      break;
    case STATE_CONNECTING:
    case STATE_CLOSING:
    default:
      break;
    }
}

/* Stops reconnecting and closes the connection (the provider has no job left to watch). */
void
easel_comfyui_socket_shutdown (EaselComfyuiSocket *self)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->state == STATE_WAITING)
    self->state = STATE_IDLE;
}

/* While jobs are in flight a dropped connection is reopened with backoff. */
void
easel_comfyui_socket_set_keep_connected (EaselComfyuiSocket *self,
                                         gboolean            keep)
{
  g_return_if_fail (EASEL_IS_COMFYUI_SOCKET (self));

  self->keep_connected = keep;
  if (!keep)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (self->state == STATE_WAITING)
        self->state = STATE_IDLE;
    }
}

gboolean
easel_comfyui_socket_is_open (EaselComfyuiSocket *self)
{
  g_return_val_if_fail (EASEL_IS_COMFYUI_SOCKET (self), FALSE);

  return self->state == STATE_OPEN;
}

/* How many connections opened so far (tests, diagnostics). */
guint
easel_comfyui_socket_get_connections (EaselComfyuiSocket *self)
{
  g_return_val_if_fail (EASEL_IS_COMFYUI_SOCKET (self), 0);

  return self->connections;
}
