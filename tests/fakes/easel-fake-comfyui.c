/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-comfyui.c: a SoupServer that answers like ComfyUI 0.3.65 (protocols/comfyui.md,
 * transcripts in tests/data/comfyui-0.3.65): every REST route with and without the /api
 * prefix, the origin check, and the faults of EaselFakeComfyuiFault; the websocket is in
 * easel-fake-comfyui-ws.c, validation and execution in -validate.c and -exec.c. It runs in the
 * test's main context.
 */
#define G_LOG_DOMAIN "easel-fake-comfyui"

#include "config.h"

#include <string.h>

#include "easel-fake-comfyui-private.h"
#include "easel-fake-util.h"
#include "easel-json.h"

typedef struct
{
  EaselFakeComfyui  *fake;
  SoupServerMessage *msg;
  guint              source;
  gboolean           finished;
} DelayedReply;

static void
delayed_reply_free (DelayedReply *reply)
{
  g_clear_handle_id (&reply->source, g_source_remove);
  g_signal_handlers_disconnect_by_data (reply->msg, reply);
  g_object_unref (reply->msg);
  g_free (reply);
}

static void
delayed_finished_cb (SoupServerMessage *msg,
                     DelayedReply      *reply)
{
  reply->finished = TRUE;
}

static gboolean
delayed_fire_cb (gpointer data)
{
  DelayedReply *reply = data;

  reply->source = 0;
  if (!reply->finished)
    soup_server_message_unpause (reply->msg);
  g_ptr_array_remove (reply->fake->delayed, reply);
  return G_SOURCE_REMOVE;
}

/* Holds @msg's (already set) answer back for @delay_ms; 0 with @stall = never answers. */
static void
delay_reply (EaselFakeComfyui  *self,
             SoupServerMessage *msg,
             guint              delay_ms,
             gboolean           stall)
{
  DelayedReply *reply = g_new0 (DelayedReply, 1);

  reply->fake = self;
  reply->msg = g_object_ref (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), reply);
  soup_server_message_pause (msg);
  if (!stall)
    reply->source = g_timeout_add (delay_ms, delayed_fire_cb, reply);
  g_ptr_array_add (self->delayed, reply);
}

static void
reply_node (EaselFakeComfyui  *self,
            SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autofree char *text = _fake_json (node);

  easel_fake_reply_json (msg, status, text);
}

void
_fake_reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* aiohttp's 500 for a body that is not JSON (transcript 22). */
static void
reply_not_json (SoupServerMessage *msg)
{
  g_autofree char *body = _fake_transcript_body ("22-POST_prompt_invalid_not_json", FALSE);

  _fake_reply_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
}

void
_fake_record_headers (GHashTable        *table,
                SoupServerMessage *msg)
{
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_hash_table_remove_all (table);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (table, g_ascii_strdown (name, -1), g_strdup (value));
}

static char *
hostname_of_host_header (const char *host)
{
  const char *colon;

  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');
      return end != NULL ? g_strndup (host + 1, end - host - 1) : g_strdup (host);
    }
  colon = strrchr (host, ':');
  return colon != NULL ? g_strndup (host, colon - host) : g_strdup (host);
}

static gboolean
is_loopback (const char *hostname)
{
  return g_str_has_prefix (hostname, "127.") || g_ascii_strcasecmp (hostname, "localhost") == 0 ||
         g_str_equal (hostname, "::1");
}

/* server.py create_origin_only_middleware (§15): Host loopback, Origin present, hostnames
 * differ → 403 with an empty body.
 */
static gboolean
origin_check_fails (EaselFakeComfyui  *self,
                    SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  g_autofree char *host_name = NULL;
  g_autoptr(GUri) origin_uri = NULL;

  if (origin == NULL)
    return FALSE;
  self->stats.origin_headers++;
  if (host == NULL)
    return FALSE;
  host_name = hostname_of_host_header (host);
  if (!is_loopback (host_name))
    return FALSE;
  origin_uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  if (origin_uri != NULL && g_uri_get_host (origin_uri) != NULL &&
      g_ascii_strcasecmp (g_uri_get_host (origin_uri), host_name) == 0)
    return FALSE;
  return TRUE;
}

/* What every request goes through: counters, the origin check, a proxy's 401. */
gboolean
_fake_request_common (EaselFakeComfyui  *self,
                SoupServerMessage *msg,
                const char        *path)
{
  self->stats.requests++;
  g_ptr_array_add (self->stats.log, g_strdup_printf ("%s %s",
                                                     soup_server_message_get_method (msg),
                                                     path));

  if (origin_check_fails (self, msg))
    {
      self->stats.origin_rejections++;
      easel_fake_reply_empty (msg, SOUP_STATUS_FORBIDDEN);
      return FALSE;
    }
  if (self->fault == EASEL_FAKE_COMFYUI_FAULT_UNAUTHORIZED)
    {
      _fake_reply_text (msg, SOUP_STATUS_UNAUTHORIZED, "401 Authorization Required");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"ComfyUI\"");
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
request_json (SoupServerMessage *msg)
{
  return easel_fake_request_json (msg);
}

static JsonNode *
empty_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

/* ---- POST /prompt ------------------------------------------------------------------------ */

static gboolean
reply_recorded_error (EaselFakeComfyui  *self,
                      SoupServerMessage *msg)
{
  const char *name;
  g_autofree char *body = NULL;

  switch (self->fault)
    {
    case EASEL_FAKE_COMFYUI_FAULT_NO_OUTPUTS:    name = "18-POST_prompt_invalid_no_output"; break;
    case EASEL_FAKE_COMFYUI_FAULT_BAD_VALUE:     name = "19-POST_prompt_invalid_bad_value"; break;
    case EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS: name = "20-POST_prompt_invalid_unknown_class"; break;
    case EASEL_FAKE_COMFYUI_FAULT_MISSING_LINK:  name = "21-POST_prompt_invalid_missing_link"; break;
    default:
      return FALSE;
    }
  body = _fake_transcript_body (name, TRUE);
  easel_fake_reply_json (msg, SOUP_STATUS_BAD_REQUEST, body);
  return TRUE;
}

static void
handle_prompt_post (EaselFakeComfyui  *self,
                    SoupServerMessage *msg)
{
  g_autoptr(GBytes) raw = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) error = NULL;
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) answer_node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *request;
  JsonObject *graph;
  JsonObject *extra;
  const char *client_id;
  const char *wanted_id;
  FakePrompt *prompt;
  gint64 number;

  self->stats.prompts_posted++;
  g_ptr_array_add (self->stats.prompt_bodies,
                   g_strndup (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw)));

  switch (self->fault)
    {
    case EASEL_FAKE_COMFYUI_FAULT_STALL:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      delay_reply (self, msg, 0, TRUE);
      return;
    case EASEL_FAKE_COMFYUI_FAULT_RATE_LIMITED:
      _fake_reply_text (msg, 429, "429: Too Many Requests");
      soup_server_message_set_status (msg, 429, "Too Many Requests");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "7");
      self->stats.prompts_rejected++;
      return;
    case EASEL_FAKE_COMFYUI_FAULT_SERVER_ERROR:
      reply_not_json (msg);
      self->stats.prompts_rejected++;
      return;
    case EASEL_FAKE_COMFYUI_FAULT_MALFORMED_JSON:
      easel_fake_reply_json (msg, SOUP_STATUS_OK, "{\"prompt_id\": \"2b1f\", \"number\": ");
      return;
    default:
      break;
    }

  root = request_json (msg);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      self->stats.prompts_rejected++;
      reply_not_json (msg);
      return;
    }
  request = json_node_get_object (root);
  /* The counter moves before validation: rejected prompts use numbers too (§3). */
  number = self->number++;

  graph = easel_json_object_get_object (request, "prompt");
  if (graph == NULL)
    {
      JsonObject *body = json_object_new ();
      JsonObject *err = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (err, "type", "no_prompt");
      json_object_set_string_member (err, "message", "No prompt provided");
      json_object_set_string_member (err, "details", "No prompt provided");
      json_object_set_object_member (err, "extra_info", json_object_new ());
      json_object_set_object_member (body, "error", err);
      json_object_set_object_member (body, "node_errors", json_object_new ());
      json_node_take_object (node, body);
      self->stats.prompts_rejected++;
      reply_node (self, msg, SOUP_STATUS_BAD_REQUEST, node);
      return;
    }

  if (reply_recorded_error (self, msg))
    {
      self->stats.prompts_rejected++;
      return;
    }
  if (self->fault == EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT)
    error = _fake_missing_checkpoint_error (self, graph);
  else
    error = _fake_validate (self, graph, outputs);
  if (error != NULL)
    {
      self->stats.prompts_rejected++;
      reply_node (self, msg, SOUP_STATUS_BAD_REQUEST, error);
      return;
    }

  client_id = easel_json_object_get_string (request, "client_id");
  wanted_id = easel_json_object_get_string (request, "prompt_id");

  prompt = g_new0 (FakePrompt, 1);
  prompt->number = number;
  /* 0.3.43 and older ignore the client's id and mint their own (§3). */
  prompt->id = (!self->legacy && wanted_id != NULL) ? g_strdup (wanted_id)
                                                    : g_uuid_string_random ();
  prompt->graph = easel_json_object_deep_copy (graph);
  extra = easel_json_object_get_object (request, "extra_data");
  prompt->extra_data = extra != NULL ? easel_json_object_deep_copy (extra) : json_object_new ();
  if (client_id != NULL)
    json_object_set_string_member (prompt->extra_data, "client_id", client_id);
  prompt->client_id = g_strdup (client_id);
  prompt->outputs = g_steal_pointer (&outputs);

  g_free (self->last_prompt_id);
  self->last_prompt_id = g_strdup (prompt->id);
  self->stats.prompts_accepted++;

  json_object_set_string_member (answer, "prompt_id", prompt->id);
  json_object_set_int_member (answer, "number", number);
  json_object_set_object_member (answer, "node_errors", json_object_new ());
  json_node_set_object (answer_node, answer);
  reply_node (self, msg, SOUP_STATUS_OK, answer_node);

  if (self->fault == EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET && !self->orphan_done &&
      client_id != NULL)
    {
      FakeClient *client = g_hash_table_lookup (self->sockets, client_id);

      self->orphan_done = TRUE;
      if (client != NULL)
        {
          client->registered = FALSE;
          g_hash_table_remove (self->sockets, client_id);
        }
    }

  _fake_enqueue (self, prompt);
  /* Enqueue broadcast (§3). */
  _fake_send_status (self, NULL);
}

/* ---- queue, interrupt, history ----------------------------------------------------------- */

static void
handle_queue_get (EaselFakeComfyui  *self,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *running = json_array_new ();
  JsonArray *pending = json_array_new ();

  self->stats.queue_gets++;
  if (self->running != NULL)
    json_array_add_element (running, _fake_queue_item (self->running));
  for (guint i = 0; i < self->pending->len; i++)
    json_array_add_element (pending, _fake_queue_item (g_ptr_array_index (self->pending, i)));
  json_object_set_array_member (body, "queue_running", running);
  json_object_set_array_member (body, "queue_pending", pending);
  json_node_set_object (node, body);
  reply_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_queue_post (EaselFakeComfyui  *self,
                   SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = request_json (msg);
  JsonObject *request;
  JsonArray *ids;
  gboolean changed = FALSE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_not_json (msg);
      return;
    }
  request = json_node_get_object (root);

  if (json_object_has_member (request, "clear"))
    {
      JsonNode *clear = json_object_get_member (request, "clear");

      self->stats.queue_clears++;
      if (JSON_NODE_HOLDS_VALUE (clear) && json_node_get_boolean (clear))
        {
          changed = self->pending->len > 0;
          g_ptr_array_set_size (self->pending, 0);
        }
    }

  ids = easel_json_object_get_array (request, "delete");
  if (ids != NULL)
    {
      self->stats.queue_deletes++;
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonNode *element = json_array_get_element (ids, i);
          const char *id;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          id = json_node_get_string (element);
          g_ptr_array_add (self->stats.queue_deleted_ids, g_strdup (id));
          /* Pending items only; a running prompt is untouched (§5.2). */
          for (guint j = 0; j < self->pending->len; j++)
            if (g_str_equal (((FakePrompt *) g_ptr_array_index (self->pending, j))->id, id))
              {
                g_ptr_array_remove_index (self->pending, j);
                changed = TRUE;
                break;
              }
        }
    }

  if (changed)
    _fake_send_status (self, NULL);
  easel_fake_reply_empty (msg, SOUP_STATUS_OK);
}

static void
handle_interrupt (EaselFakeComfyui  *self,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = request_json (msg);
  const char *id = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    id = easel_json_object_get_string (json_node_get_object (root), "prompt_id");

  if (id != NULL)
    {
      self->stats.interrupts_targeted++;
      g_ptr_array_add (self->stats.interrupted_ids, g_strdup (id));
      /* 0.3.43 ignores the body: every interrupt is global (§5.3). */
      if (self->running != NULL && (self->legacy || g_str_equal (self->running->id, id)))
        self->interrupt_flag = TRUE;
    }
  else
    {
      self->stats.interrupts_bare++;
      if (self->running != NULL)
        self->interrupt_flag = TRUE;
    }
  easel_fake_reply_empty (msg, SOUP_STATUS_OK);
}

static void
handle_history_get (EaselFakeComfyui  *self,
                    SoupServerMessage *msg,
                    const char        *id,
                    GHashTable        *query)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  self->stats.history_gets++;
  if (id != NULL)
    {
      JsonNode *entry = g_hash_table_lookup (self->history, id);

      if (entry != NULL)
        json_object_set_member (body, id, easel_json_deep_copy (entry));
    }
  else
    {
      const char *max_text = query != NULL ? g_hash_table_lookup (query, "max_items") : NULL;
      const char *offset_text = query != NULL ? g_hash_table_lookup (query, "offset") : NULL;
      guint count = self->history_order->len;
      guint start = 0;

      if (max_text != NULL)
        {
          guint max = (guint) g_ascii_strtoull (max_text, NULL, 10);

          if (offset_text != NULL)
            start = MIN ((guint) g_ascii_strtoull (offset_text, NULL, 10), count);
          else
            start = count > max ? count - max : 0;
          count = MIN (count, start + max);
        }
      for (guint i = start; i < count; i++)
        {
          const char *hid = g_ptr_array_index (self->history_order, i);

          json_object_set_member (body, hid,
                                  easel_json_deep_copy (g_hash_table_lookup (self->history, hid)));
        }
    }
  json_node_set_object (node, body);
  reply_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_history_post (EaselFakeComfyui  *self,
                     SoupServerMessage *msg)
{
  g_autoptr(JsonNode) root = request_json (msg);
  JsonObject *request;
  JsonArray *ids;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_not_json (msg);
      return;
    }
  request = json_node_get_object (root);

  if (json_object_has_member (request, "clear"))
    {
      self->stats.history_clears++;
      g_hash_table_remove_all (self->history);
      g_ptr_array_set_size (self->history_order, 0);
    }
  ids = easel_json_object_get_array (request, "delete");
  if (ids != NULL)
    {
      self->stats.history_deletes++;
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonNode *element = json_array_get_element (ids, i);
          const char *id;
          guint index;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          id = json_node_get_string (element);
          g_ptr_array_add (self->stats.history_deleted_ids, g_strdup (id));
          g_hash_table_remove (self->history, id);
          if (g_ptr_array_find_with_equal_func (self->history_order, id, g_str_equal, &index))
            g_ptr_array_remove_index (self->history_order, index);
        }
    }
  easel_fake_reply_empty (msg, SOUP_STATUS_OK);
}

/* ---- /view ------------------------------------------------------------------------------- */

static void
truncated_wrote_headers_cb (SoupServerMessage *msg,
                            gpointer           user_data)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  static const char partial[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

  if (stream == NULL)
    return;
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial,
                             sizeof partial - 1, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
handle_view (EaselFakeComfyui  *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *filename = query != NULL ? g_hash_table_lookup (query, "filename") : NULL;
  const char *subfolder = query != NULL ? g_hash_table_lookup (query, "subfolder") : NULL;
  const char *type = query != NULL ? g_hash_table_lookup (query, "type") : NULL;
  g_autofree char *key = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *etag = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GBytes *bytes;

  self->stats.view_gets++;
  g_ptr_array_add (self->stats.view_filenames, g_strdup (filename != NULL ? filename : ""));

  /* server.py view_image, in order (§7.2). */
  if (filename == NULL)
    {
      easel_fake_reply_empty (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }
  if (*filename == '\0' || filename[0] == '/' || strstr (filename, "..") != NULL)
    {
      easel_fake_reply_empty (msg, SOUP_STATUS_BAD_REQUEST);
      return;
    }
  if (type == NULL)
    type = "output";
  if (!g_str_equal (type, "output") && !g_str_equal (type, "input") && !g_str_equal (type, "temp"))
    {
      easel_fake_reply_empty (msg, SOUP_STATUS_BAD_REQUEST);
      return;
    }
  if (subfolder != NULL && (subfolder[0] == '/' || strstr (subfolder, "..") != NULL))
    {
      easel_fake_reply_empty (msg, SOUP_STATUS_FORBIDDEN);
      return;
    }

  switch (self->fault)
    {
    case EASEL_FAKE_COMFYUI_FAULT_NOT_IMAGE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                        "<html><body>Gateway login</body></html>", 39);
      return;
    case EASEL_FAKE_COMFYUI_FAULT_OVERSIZED:
      {
        gsize size = 1024 * 1024;
        char *big = g_malloc0 (size);

        memcpy (big, "\x89PNG\r\n\x1a\n", 8);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, big, size);
        return;
      }
    case EASEL_FAKE_COMFYUI_FAULT_TRUNCATED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, "image/png", NULL);
      soup_message_headers_set_content_length (headers, 4096);
      g_signal_connect (msg, "wrote-headers", G_CALLBACK (truncated_wrote_headers_cb), NULL);
      return;
    default:
      break;
    }

  key = g_strdup_printf ("%s/%s/%s", type, subfolder != NULL ? subfolder : "", filename);
  bytes = g_hash_table_lookup (self->files, key);
  if (bytes == NULL)
    {
      easel_fake_reply_empty (msg, SOUP_STATUS_NOT_FOUND);
      return;
    }

  /* Transcript 12's headers. */
  disposition = g_strdup_printf ("filename=\"%s\"", filename);
  etag = g_strdup_printf ("\"%08x-%" G_GSIZE_MODIFIER "x\"", g_str_hash (key),
                          g_bytes_get_size (bytes));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "Etag", etag);
  soup_message_headers_replace (headers, "Last-Modified", "Thu, 26 Nov 2026 12:09:28 GMT");
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ---- node definitions and facts ---------------------------------------------------------- */

static void
handle_object_info (EaselFakeComfyui  *self,
                    SoupServerMessage *msg,
                    const char        *class_type)
{
  g_autoptr(JsonNode) node = NULL;

  self->stats.object_info_gets++;
  if (class_type != NULL)
    {
      node = _fake_object_info (self, class_type);
      if (node == NULL)
        node = empty_object_node ();
    }
  else
    {
      JsonObject *all = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *def;

      json_object_iter_init_ordered (&iter, self->object_info);
      while (json_object_iter_next_ordered (&iter, &name, &def))
        {
          g_autoptr(JsonNode) one = _fake_object_info (self, name);

          json_object_set_member (all, name,
                                  easel_json_deep_copy (json_object_get_member (
                                    json_node_get_object (one), name)));
        }
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, all);
    }
  reply_node (self, msg, SOUP_STATUS_OK, node);
  if (self->object_info_delay_ms > 0)
    delay_reply (self, msg, self->object_info_delay_ms, FALSE);
}

static void
handle_system_stats (EaselFakeComfyui  *self,
                     SoupServerMessage *msg)
{
  g_autofree char *body = _fake_transcript_body ("01-GET_system_stats", TRUE);

  self->stats.system_stats_gets++;
  if (self->legacy)
    {
      g_autoptr(JsonNode) node = json_from_string (body, NULL);
      JsonObject *system = easel_json_object_get_object (json_node_get_object (node), "system");

      json_object_set_string_member (system, "comfyui_version", "0.3.43");
      json_object_remove_member (system, "required_frontend_version");
      json_object_remove_member (system, "installed_templates_version");
      json_object_remove_member (system, "required_templates_version");
      reply_node (self, msg, SOUP_STATUS_OK, node);
      return;
    }
  easel_fake_reply_json (msg, SOUP_STATUS_OK, body);
}

static void
dispatch (EaselFakeComfyui  *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET");
  gboolean post = g_str_equal (method, "POST");

  _fake_record_headers (self->last_headers, msg);
  if (!_fake_request_common (self, msg, path))
    return;

  /* Every route exists with and without the /api prefix (§1). */
  if (g_str_has_prefix (path, "/api/"))
    path += strlen ("/api");

  if (g_str_equal (path, "/prompt") && post)
    handle_prompt_post (self, msg);
  else if (g_str_equal (path, "/prompt") && get)
    {
      g_autofree char *text = g_strdup_printf ("{\"exec_info\": {\"queue_remaining\": %u}}",
                                               _fake_queue_remaining (self));
      easel_fake_reply_json (msg, SOUP_STATUS_OK, text);
    }
  else if (g_str_equal (path, "/queue") && get)
    handle_queue_get (self, msg);
  else if (g_str_equal (path, "/queue") && post)
    handle_queue_post (self, msg);
  else if (g_str_equal (path, "/interrupt") && post)
    handle_interrupt (self, msg);
  else if (g_str_equal (path, "/history") && get)
    handle_history_get (self, msg, NULL, query);
  else if (g_str_has_prefix (path, "/history/") && get)
    handle_history_get (self, msg, path + strlen ("/history/"), query);
  else if (g_str_equal (path, "/history") && post)
    handle_history_post (self, msg);
  else if (g_str_equal (path, "/view") && get)
    handle_view (self, msg, query);
  else if (g_str_equal (path, "/object_info") && get)
    handle_object_info (self, msg, NULL);
  else if (g_str_has_prefix (path, "/object_info/") && get)
    handle_object_info (self, msg, path + strlen ("/object_info/"));
  else if (g_str_equal (path, "/system_stats") && get)
    handle_system_stats (self, msg);
  else if (g_str_equal (path, "/features") && get && !self->legacy)
    {
      self->stats.features_gets++;
      easel_fake_reply_json (msg, SOUP_STATUS_OK,
                             "{\"supports_preview_metadata\": true, "
                             "\"max_upload_size\": 104857600}");
    }
  else if ((g_str_equal (path, "/embeddings") || g_str_equal (path, "/extensions")) && get)
    easel_fake_reply_json (msg, SOUP_STATUS_OK, "[]");
  else if (g_str_equal (path, "/free") && post)
    easel_fake_reply_empty (msg, SOUP_STATUS_OK);
  else
    _fake_reply_text (msg, SOUP_STATUS_NOT_FOUND, "404: Not Found");

  if (self->response_delay_ms > 0 && soup_server_message_get_status (msg) != 0 &&
      !(self->fault == EASEL_FAKE_COMFYUI_FAULT_STALL && g_str_equal (path, "/prompt") && post))
    {
      gboolean already = FALSE;

      for (guint i = 0; i < self->delayed->len; i++)
        if (((DelayedReply *) g_ptr_array_index (self->delayed, i))->msg == msg)
          already = TRUE;
      if (!already)
        delay_reply (self, msg, self->response_delay_ms, FALSE);
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  dispatch (user_data, msg, path, query);
}

/* ---- public API -------------------------------------------------------------------------- */

/**
 * easel_fake_comfyui_new:
 *
 * Starts a fake ComfyUI 0.3.65 on 127.0.0.1 with a random port, in the thread-default main
 * context. It has two checkpoints installed ("sd_xl_base_1.0.safetensors",
 * "v1-5-pruned-emaonly.safetensors"), sampler previews on, and no delays.
 */
EaselFakeComfyui *
easel_fake_comfyui_new (void)
{
  static const char * const checkpoints[] = {
    "sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors", NULL
  };
  EaselFakeComfyui *self = g_new0 (EaselFakeComfyui, 1);
  g_autoptr(GError) error = NULL;

  self->stats.queue_deleted_ids = g_ptr_array_new_with_free_func (g_free);
  self->stats.interrupted_ids = g_ptr_array_new_with_free_func (g_free);
  self->stats.history_deleted_ids = g_ptr_array_new_with_free_func (g_free);
  self->stats.view_filenames = g_ptr_array_new_with_free_func (g_free);
  self->stats.log = g_ptr_array_new_with_free_func (g_free);
  self->stats.prompt_bodies = g_ptr_array_new_with_free_func (g_free);

  self->previews = TRUE;
  self->checkpoints = g_strdupv ((char **) checkpoints);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _fake_client_free);
  self->sockets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) _fake_prompt_free);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_node_unref);
  self->history_order = g_ptr_array_new_with_free_func (g_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cached_outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_node_unref);
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_reply_free);
  self->last_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->last_ws_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  _fake_load_data (self);

  self->server = soup_server_new ("server-header", "Python/3.11 aiohttp/3.8.4", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  soup_server_add_handler (self->server, "/ws", _fake_ws_precheck_cb, self, NULL);
  soup_server_add_handler (self->server, "/api/ws", _fake_ws_precheck_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/ws", NULL, NULL, _fake_ws_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/ws", NULL, NULL, _fake_ws_cb, self, NULL);

  self->url = easel_fake_listen_local (self->server, &error);
  if (self->url == NULL)
    g_error ("fake ComfyUI cannot listen: %s", error->message);
  return self;
}

void
easel_fake_comfyui_free (EaselFakeComfyui *self)
{
  if (self == NULL)
    return;

  _fake_stop (self);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  /* Close the sockets first so their handlers never see a half-freed fake. */
  for (guint i = 0; i < self->clients->len; i++)
    {
      FakeClient *client = g_ptr_array_index (self->clients, i);

      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        g_io_stream_close (soup_websocket_connection_get_io_stream (client->conn), NULL, NULL);
    }
  g_hash_table_remove_all (self->sockets);
  g_clear_pointer (&self->clients, g_ptr_array_unref);

  soup_server_disconnect (self->server);
  g_clear_pointer (&self->delayed, g_ptr_array_unref);
  g_clear_object (&self->server);

  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_pointer (&self->history, g_hash_table_unref);
  g_clear_pointer (&self->history_order, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->counters, g_hash_table_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->cached_outputs, g_hash_table_unref);
  g_clear_pointer (&self->last_headers, g_hash_table_unref);
  g_clear_pointer (&self->last_ws_headers, g_hash_table_unref);
  g_clear_pointer (&self->object_info, json_object_unref);
  g_clear_pointer (&self->known_classes, g_hash_table_unref);
  g_clear_pointer (&self->recorded_png, g_bytes_unref);
  g_clear_pointer (&self->preview_jpeg, g_bytes_unref);
  g_strfreev (self->checkpoints);
  g_free (self->last_prompt_id);
  g_free (self->url);

  g_ptr_array_unref (self->stats.queue_deleted_ids);
  g_ptr_array_unref (self->stats.interrupted_ids);
  g_ptr_array_unref (self->stats.history_deleted_ids);
  g_ptr_array_unref (self->stats.view_filenames);
  g_ptr_array_unref (self->stats.log);
  g_ptr_array_unref (self->stats.prompt_bodies);
  g_free (self);
}

const char *
easel_fake_comfyui_get_url (EaselFakeComfyui *self)
{
  return self->url;
}

const EaselFakeComfyuiStats *
easel_fake_comfyui_get_stats (EaselFakeComfyui *self)
{
  return &self->stats;
}

void
easel_fake_comfyui_reset_stats (EaselFakeComfyui *self)
{
  EaselFakeComfyuiStats *stats = &self->stats;
  guint ws_open = stats->ws_open;
  guint running_now = stats->running_now;

  g_ptr_array_set_size (stats->queue_deleted_ids, 0);
  g_ptr_array_set_size (stats->interrupted_ids, 0);
  g_ptr_array_set_size (stats->history_deleted_ids, 0);
  g_ptr_array_set_size (stats->view_filenames, 0);
  g_ptr_array_set_size (stats->log, 0);
  g_ptr_array_set_size (stats->prompt_bodies, 0);
  stats->requests = stats->prompts_posted = stats->prompts_accepted = 0;
  stats->prompts_rejected = stats->prompts_completed = stats->queue_gets = 0;
  stats->queue_deletes = stats->queue_clears = stats->interrupts_targeted = 0;
  stats->interrupts_bare = stats->history_gets = stats->history_deletes = 0;
  stats->history_clears = stats->view_gets = stats->object_info_gets = 0;
  stats->system_stats_gets = stats->features_gets = stats->ws_connections = 0;
  stats->ws_rejected = stats->ws_feature_flags = stats->max_running = 0;
  stats->origin_headers = stats->origin_rejections = 0;
  stats->ws_open = ws_open;
  stats->running_now = running_now;
}

void
easel_fake_comfyui_set_fault (EaselFakeComfyui      *self,
                              EaselFakeComfyuiFault  fault)
{
  self->fault = fault;
  self->orphan_done = FALSE;
}

void
easel_fake_comfyui_set_node_delay_ms (EaselFakeComfyui *self,
                                      guint             delay_ms)
{
  self->node_delay_ms = delay_ms;
}

void
easel_fake_comfyui_set_response_delay_ms (EaselFakeComfyui *self,
                                          guint             delay_ms)
{
  self->response_delay_ms = delay_ms;
}

void
easel_fake_comfyui_set_object_info_delay_ms (EaselFakeComfyui *self,
                                             guint             delay_ms)
{
  self->object_info_delay_ms = delay_ms;
}

/* An empty list reproduces the recorded server (`ckpt_name: [[], …]`). */
void
easel_fake_comfyui_set_checkpoints (EaselFakeComfyui   *self,
                                    const char * const *names)
{
  g_strfreev (self->checkpoints);
  self->checkpoints = g_strdupv ((char **) names);
}

/* Combos as V3 nodes write them: ["COMBO", {"options": […]}]. */
void
easel_fake_comfyui_set_v3_combos (EaselFakeComfyui *self,
                                  gboolean          v3)
{
  self->v3_combos = v3;
}

/* Sampler previews, as with --preview-method auto. */
void
easel_fake_comfyui_set_previews (EaselFakeComfyui *self,
                                 gboolean          previews)
{
  self->previews = previews;
}

/* ComfyUI 0.3.43: mints its own prompt_id, interrupts globally whatever the body, has no
 * /features, no feature_flags reply, no progress_state.
 */
void
easel_fake_comfyui_set_legacy (EaselFakeComfyui *self,
                               gboolean          legacy)
{
  self->legacy = legacy;
}

const char *
easel_fake_comfyui_get_request_header (EaselFakeComfyui *self,
                                       const char       *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (self->last_headers, key);
}

const char *
easel_fake_comfyui_get_ws_header (EaselFakeComfyui *self,
                                  const char       *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (self->last_ws_headers, key);
}

const char *
easel_fake_comfyui_get_running_prompt_id (EaselFakeComfyui *self)
{
  return self->running != NULL ? self->running->id : NULL;
}

guint
easel_fake_comfyui_get_pending_count (EaselFakeComfyui *self)
{
  return self->pending->len;
}

const char *
easel_fake_comfyui_get_last_prompt_id (EaselFakeComfyui *self)
{
  return self->last_prompt_id;
}

/* Returns: (transfer none) (nullable): an output file as /view would serve it. */
GBytes *
easel_fake_comfyui_get_file (EaselFakeComfyui *self,
                             const char       *type,
                             const char       *subfolder,
                             const char       *filename)
{
  g_autofree char *key = g_strdup_printf ("%s/%s/%s", type, subfolder != NULL ? subfolder : "",
                                          filename);

  return g_hash_table_lookup (self->files, key);
}

/* Someone else's global interrupt (another client, the ComfyUI window). */
void
easel_fake_comfyui_interrupt (EaselFakeComfyui *self)
{
  if (self->running != NULL)
    self->interrupt_flag = TRUE;
}

/* Cuts every websocket without a close frame. */
void
easel_fake_comfyui_drop_websockets (EaselFakeComfyui *self)
{
  _fake_drop_client_sockets (self, NULL);
}
