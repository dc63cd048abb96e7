/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-comfyui-ws.c: the fake's websocket (protocols/comfyui.md §8): the handshake
 * check that can refuse it (faults, origin check), the send table keyed by clientId, the
 * first-frame status, the feature_flags reply, and unclean drops.
 */
#define G_LOG_DOMAIN "easel-fake-comfyui"

#include "config.h"

#include <string.h>

#include "easel-fake-comfyui-private.h"
#include "easel-fake-util.h"
#include "easel-json.h"

/* ---- websocket --------------------------------------------------------------------------- */

void
_fake_client_free (FakeClient *client)
{
  g_signal_handlers_disconnect_by_data (client->conn, client);
  g_object_unref (client->conn);
  g_free (client->sid);
  g_free (client);
}

static void
client_unregister (EaselFakeComfyui *self,
                   FakeClient       *client,
                   gboolean          orphan_bug)
{
  FakeClient *registered = g_hash_table_lookup (self->sockets, client->sid);

  /* ComfyUI's cleanup pops the sid whoever holds it (§8.1); the fake does so only in the
   * orphaned-socket fault, so other tests see a well-behaved server.
   */
  if (registered == client || (orphan_bug && registered != NULL))
    {
      if (registered != NULL)
        registered->registered = FALSE;
      g_hash_table_remove (self->sockets, client->sid);
    }
  client->registered = FALSE;
}

static void
client_closed_cb (SoupWebsocketConnection *conn,
                  FakeClient              *client)
{
  EaselFakeComfyui *self = client->fake;

  client_unregister (self, client,
                     self->fault == EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET);
  self->stats.ws_open--;
  g_ptr_array_remove (self->clients, client);
}

static void
client_message_cb (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *message,
                   FakeClient              *client)
{
  EaselFakeComfyui *self = client->fake;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *data;
  JsonNode *flag;

  /* Only the first text message of a connection is examined (§8.2). */
  if (type != SOUP_WEBSOCKET_DATA_TEXT || client->first_message_seen)
    return;
  client->first_message_seen = TRUE;

  node = easel_json_parse (g_bytes_get_data (message, NULL), g_bytes_get_size (message), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  data = easel_json_object_get_object (object, "data");
  flag = data != NULL ? json_object_get_member (data, "supports_preview_metadata") : NULL;
  if (g_strcmp0 (easel_json_object_get_string (object, "type"), "feature_flags") != 0 ||
      flag == NULL || !JSON_NODE_HOLDS_VALUE (flag) || !json_node_get_boolean (flag))
    return;

  self->stats.ws_feature_flags++;
  if (self->legacy)
    return;
  client->preview_metadata = TRUE;
  soup_websocket_connection_send_text (conn,
                                       "{\"type\": \"feature_flags\", \"data\": "
                                       "{\"supports_preview_metadata\": true, "
                                       "\"max_upload_size\": 104857600}}");
}

/* The plain handler on /ws runs before the handshake: refuse here, or leave the status unset
 * to let libsoup upgrade.
 */
void
_fake_ws_precheck_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  EaselFakeComfyui *self = user_data;

  _fake_record_headers (self->last_ws_headers, msg);
  if (!_fake_request_common (self, msg, path))
    {
      self->stats.ws_rejected++;
      return;
    }
  if (self->fault == EASEL_FAKE_COMFYUI_FAULT_WS_UNAUTHORIZED)
    {
      self->stats.ws_rejected++;
      _fake_reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "401 Authorization Required");
      return;
    }
  if (self->fault == EASEL_FAKE_COMFYUI_FAULT_WS_BLOCKED)
    {
      self->stats.ws_rejected++;
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body><h1>400 Bad Request</h1></body></html>",
                                        49);
      return;
    }
  if (self->refuse_ws)
    {
      self->stats.ws_rejected++;
      _fake_reply_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "503: Service Unavailable");
      return;
    }
}

void
_fake_ws_cb (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *connection,
       gpointer                 user_data)
{
  EaselFakeComfyui *self = user_data;
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) query = query_text != NULL ? soup_form_decode (query_text) : NULL;
  const char *client_id = query != NULL ? g_hash_table_lookup (query, "clientId") : NULL;
  FakeClient *client = g_new0 (FakeClient, 1);
  FakeClient *previous;

  client->fake = self;
  client->conn = g_object_ref (connection);
  if (client_id != NULL && *client_id != '\0')
    client->sid = g_strdup (client_id);
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_auto(GStrv) parts = g_strsplit (uuid, "-", -1);

      client->sid = g_strjoinv ("", parts);
    }
  g_signal_connect (connection, "closed", G_CALLBACK (client_closed_cb), client);
  g_signal_connect (connection, "message", G_CALLBACK (client_message_cb), client);
  g_ptr_array_add (self->clients, client);

  /* A reused clientId replaces the old socket in the send table without closing it. */
  previous = g_hash_table_lookup (self->sockets, client->sid);
  if (previous != NULL)
    previous->registered = FALSE;
  g_hash_table_replace (self->sockets, g_strdup (client->sid), client);
  client->registered = TRUE;

  self->stats.ws_connections++;
  self->stats.ws_open++;

  _fake_send_status (self, client->sid);

  /* Reconnecting while its prompt runs: the running node, without prompt_id (§8.1). */
  if (self->running != NULL && g_strcmp0 (self->running->client_id, client->sid) == 0 &&
      self->run != NULL)
    {
      const char *node = _fake_running_node (self);

      if (node != NULL)
        {
          g_autofree char *text = g_strdup_printf ("{\"type\": \"executing\", \"data\": "
                                                   "{\"node\": \"%s\"}}", node);
          soup_websocket_connection_send_text (connection, text);
        }
    }
}

void
_fake_drop_client_sockets (EaselFakeComfyui *self,
                           const char       *sid)
{
  g_autoptr(GPtrArray) victims = g_ptr_array_new ();

  for (guint i = 0; i < self->clients->len; i++)
    {
      FakeClient *client = g_ptr_array_index (self->clients, i);

      if (sid == NULL || g_str_equal (client->sid, sid))
        g_ptr_array_add (victims, client);
    }
  for (guint i = 0; i < victims->len; i++)
    {
      FakeClient *client = g_ptr_array_index (victims, i);

      client_unregister (self, client, FALSE);
      /* An unclean drop: no close frame, the TCP connection just ends. */
      g_io_stream_close (soup_websocket_connection_get_io_stream (client->conn), NULL, NULL);
    }
}
