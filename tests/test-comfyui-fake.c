/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fake ComfyUI against the recorded 0.3.65 transcripts: the same bodies, the same websocket
 * frames in the same order (ids substituted, timestamps ignored). Engine, CLI and UI tests trust
 * the fake; this is what earns that trust.
 */
#include "config.h"

#include <string.h>

#include "easel-fake-comfyui.h"
#include "easel-fake-util.h"
#include "easel-json.h"

typedef struct
{
  EaselFakeComfyui        *fake;
  SoupSession             *session;
  SoupWebsocketConnection *ws;
  GPtrArray               *frames;   /* JsonNode*: {"text": msg} or {"binary": [type, word, len]} */
  gboolean                 done;
  SoupMessage             *msg;
  GBytes                  *body;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("EASEL_TEST_DATA"), "comfyui-0.3.65", name, NULL);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The request line body and the response body of a transcript (README "File formats"). */
static char *
transcript_request (const char *name)
{
  g_autofree char *text = read_data (name);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], ">>>") && lines[i + 1] != NULL)
      return g_strdup (lines[i + 1]);
  g_assert_not_reached ();
}

static char *
transcript_response (const char *name)
{
  g_autofree char *text = read_data (name);
  const char *marker = g_strrstr (text, "<<<\n");

  g_assert_nonnull (marker);
  return g_strdup (marker + 4);
}

static char *
python_json_text (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return easel_fake_python_json (node);
}

static gboolean
is_done (gpointer data)
{
  return ((Fixture *) data)->done;
}

static void
http_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  f->done = TRUE;
}

/* Returns the body; the message stays in f->msg for status and headers. */
static GBytes *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *body)
{
  g_autofree char *url = g_strconcat (easel_fake_comfyui_get_url (f->fake), path, NULL);

  g_clear_object (&f->msg);
  g_clear_pointer (&f->body, g_bytes_unref);
  f->msg = soup_message_new (method, url);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (f->msg, "application/json", bytes);
    }
  f->done = FALSE;
  soup_session_send_and_read_async (f->session, f->msg, G_PRIORITY_DEFAULT, NULL, http_cb, f);
  easel_fake_wait_until (is_done, f, 5000);
  return f->body;
}

static void
assert_body (GBytes     *body,
             const char *expected)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  g_autofree char *text = g_strndup (data != NULL ? data : "", length);

  g_assert_cmpstr (text, ==, expected);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->fake = easel_fake_comfyui_new ();
  f->session = soup_session_new ();
  f->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->ws != NULL)
    g_signal_handlers_disconnect_by_data (f->ws, f);
  g_clear_object (&f->ws);
  g_clear_object (&f->msg);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_ptr_array_unref (f->frames);
  g_clear_object (&f->session);
  g_clear_pointer (&f->fake, easel_fake_comfyui_free);
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *message,
               Fixture                 *f)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (message, &length);

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_autoptr(JsonNode) node = easel_json_parse ((const char *) data, length, NULL);

      g_assert_nonnull (node);
      g_ptr_array_add (f->frames, g_steal_pointer (&node));
    }
  else
    {
      g_autofree char *text = NULL;

      g_assert_cmpuint (length, >=, 8);
      text = g_strdup_printf ("{\"binary\": [%u, %u, %" G_GSIZE_FORMAT ", %d]}",
                              GUINT32_FROM_BE (*(guint32 *) data),
                              GUINT32_FROM_BE (*(guint32 *) (data + 4)), length,
                              length > 12 && memcmp (data + 8, "\x89PNG", 4) == 0);
      g_ptr_array_add (f->frames, json_from_string (text, NULL));
    }
}

static void
ws_connect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (f->ws, "message", G_CALLBACK (ws_message_cb), f);
  f->done = TRUE;
}

static void
ws_connect (Fixture    *f,
            const char *client_id)
{
  g_autofree char *url = g_strdup_printf ("%s/ws?clientId=%s",
                                          easel_fake_comfyui_get_url (f->fake), client_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  f->done = FALSE;
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connect_cb, f);
  easel_fake_wait_until (is_done, f, 5000);
}

typedef struct
{
  Fixture    *f;
  const char *prompt_id;
  guint       count;
} WaitEnd;

/* executing{node: null} for @prompt_id, @count times over. */
static gboolean
prompt_ended (gpointer data)
{
  WaitEnd *w = data;
  guint seen = 0;

  for (guint i = 0; i < w->f->frames->len; i++)
    {
      JsonObject *msg = json_node_get_object (g_ptr_array_index (w->f->frames, i));
      JsonObject *d = easel_json_object_get_object (msg, "data");
      JsonNode *node = d != NULL ? json_object_get_member (d, "node") : NULL;

      if (g_strcmp0 (easel_json_object_get_string (msg, "type"), "executing") == 0 &&
          node != NULL && JSON_NODE_HOLDS_NULL (node) &&
          (w->prompt_id == NULL ||
           g_strcmp0 (easel_json_object_get_string (d, "prompt_id"), w->prompt_id) == 0))
        seen++;
    }
  return seen >= w->count;
}

/* Drops timestamps and swaps recorded ids for ours, so a frame compares by content. */
static void
normalize (JsonNode   *node,
           GHashTable *ids)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *value = json_object_get_member (object, key);
          const char *renamed = g_hash_table_lookup (ids, key);

          if (g_str_equal (key, "timestamp"))
            {
              json_object_set_int_member (object, key, 0);
              continue;
            }
          normalize (value, ids);
          if (renamed != NULL)
            {
              json_object_set_member (object, renamed, json_node_copy (value));
              json_object_remove_member (object, key);
            }
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        normalize (json_array_get_element (array, i), ids);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *renamed = g_hash_table_lookup (ids, json_node_get_string (node));

      if (renamed != NULL)
        json_node_set_string (node, renamed);
    }
}

static char *
normalized_text (JsonNode   *node,
                 GHashTable *ids)
{
  g_autoptr(JsonNode) copy = easel_json_deep_copy (node);

  normalize (copy, ids);
  return easel_fake_python_json (copy);
}

/* Compares the recorded frames of @jsonl (after its first line) with what the fake sent. */
static void
assert_frames (Fixture    *f,
               const char *jsonl,
               GHashTable *ids,
               guint       first,
               guint       skip)
{
  g_autofree char *text = read_data (jsonl);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint got = first;

  for (guint i = 1 + skip; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      JsonObject *record;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      if (*lines[i] == '\0')
        continue;
      line = json_from_string (lines[i], NULL);
      record = json_node_get_object (line);
      g_assert_cmpuint (got, <, f->frames->len);

      if (g_str_equal (easel_json_object_get_string (record, "frame"), "binary"))
        {
          gint64 type = 0, word = 0;

          easel_json_object_get_int (record, "event_type_u32be", &type);
          easel_json_object_get_int (record, "next_u32be", &word);
          expected = g_strdup_printf ("{\"binary\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                      "]}", type, word);
          {
            JsonArray *b = easel_json_object_get_array (
              json_node_get_object (g_ptr_array_index (f->frames, got)), "binary");

            g_assert_nonnull (b);
            actual = g_strdup_printf ("{\"binary\": [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                      "]}", json_array_get_int_element (b, 0),
                                      json_array_get_int_element (b, 1));
            g_assert_cmpint (json_array_get_int_element (b, 3), ==, 1);
          }
        }
      else
        {
          expected = normalized_text (json_object_get_member (record, "msg"), ids);
          actual = normalized_text (g_ptr_array_index (f->frames, got), ids);
        }
      g_assert_cmpstr (actual, ==, expected);
      got++;
    }
  g_assert_cmpuint (got, ==, f->frames->len);
}

static GHashTable *
id_map (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
test_rest_bodies (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const recorded[][2] = {
    { "/system_stats", "01-GET_system_stats.txt" },
    { "/queue", "02-GET_queue_idle.txt" },
    { "/object_info/EmptyImage", "04-GET_object_info_EmptyImage.txt" },
    { "/object_info/SaveImage", "05-GET_object_info_SaveImage.txt" },
    { "/embeddings", "06-GET_embeddings.txt" },
    { "/extensions", "07-GET_extensions.txt" },
    { "/prompt", "08-GET_prompt.txt" },
    { "/api/queue", "29-GET_queue_after.txt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    {
      g_autofree char *shown = transcript_response (recorded[i][1]);
      g_autofree char *wire = python_json_text (shown);
      GBytes *body = http (f, "GET", recorded[i][0], NULL);

      g_test_message ("%s", recorded[i][0]);
      g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f->msg),
                                                     "Content-Type"),
                       ==, "application/json; charset=utf-8");
      assert_body (body, wire);
    }

  /* The unknown class answers {} (not 404); /features exists on 0.3.65. */
  assert_body (http (f, "GET", "/object_info/NoSuchNode", NULL), "{}");
  assert_body (http (f, "GET", "/features", NULL),
               "{\"supports_preview_metadata\": true, \"max_upload_size\": 104857600}");

  /* Bodiless answers (27, 30, 31): Content-Length 0, application/octet-stream. */
  assert_body (http (f, "POST", "/queue", "{\"clear\": true}"), "");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f->msg),
                                                 "Content-Type"),
                   ==, "application/octet-stream");
  assert_body (http (f, "POST", "/interrupt", "{}"), "");
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->interrupts_bare, ==, 1);
  assert_body (http (f, "POST", "/history", "{\"delete\": [\"e261058a-866f-41ac-a277-70a9d85d6f4b\"]}"), "");
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);

  /* 32: a missing file. */
  assert_body (http (f, "GET", "/view?filename=does_not_exist.png&type=output", NULL), "");
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 404);
}

static void
test_invalid_prompts (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const exact[] = {
    "18-POST_prompt_invalid_no_output.txt",
    "19-POST_prompt_invalid_bad_value.txt",
    "20-POST_prompt_invalid_unknown_class.txt",
  };
  g_autofree char *request = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *wire = NULL;
  GBytes *body;

  /* Rejected from the submitted graph itself, byte for byte. */
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    {
      g_autofree char *req = transcript_request (exact[i]);
      g_autofree char *resp = transcript_response (exact[i]);
      g_autofree char *expected = python_json_text (resp);

      g_test_message ("%s", exact[i]);
      body = http (f, "POST", "/prompt", req);
      g_assert_cmpuint (soup_message_get_status (f->msg), ==, 400);
      assert_body (body, expected);
    }

  /* 21 was path-scrubbed: compare the parsed structure. */
  request = transcript_request ("21-POST_prompt_invalid_missing_link.txt");
  shown = transcript_response ("21-POST_prompt_invalid_missing_link.txt");
  wire = python_json_text (shown);
  body = http (f, "POST", "/prompt", request);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 400);
  assert_body (body, wire);

  /* 22: not JSON. */
  body = http (f, "POST", "/prompt", "this is not json");
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 500);
  assert_body (body, "500 Internal Server Error\n\nServer got itself in trouble");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f->msg),
                                                 "Content-Type"), ==, "text/plain; charset=utf-8");

  /* The same bodies by fault, whatever the graph. */
  easel_fake_comfyui_set_fault (f->fake, EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS);
  {
    g_autofree char *req = transcript_request ("10-POST_prompt_job1.txt");
    g_autofree char *resp = transcript_response ("20-POST_prompt_invalid_unknown_class.txt");
    g_autofree char *expected = python_json_text (resp);

    assert_body (http (f, "POST", "/prompt", req), expected);
  }
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->prompts_rejected, ==, 6);
}

static void
test_missing_checkpoint_body (Fixture       *f,
                              gconstpointer  data)
{
  static const char graph[] =
    "{\"prompt\": {\"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"x.safetensors\"}},"
    " \"5\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8, \"batch_size\": 1, \"color\": 0}},"
    " \"9\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"5\", 0], \"filename_prefix\": \"x\"}},"
    " \"8\": {\"class_type\": \"PreviewImage\", \"inputs\": {\"images\": [\"4\", 2]}}}}";
  g_autoptr(JsonNode) node = NULL;
  JsonObject *entry;
  JsonObject *reason;

  /* A graph whose only checkpoint is missing: validation itself finds it. */
  easel_fake_comfyui_set_checkpoints (f->fake, (const char * const[]) { "a.safetensors", NULL });
  node = json_from_string (g_bytes_get_data (http (f, "POST", "/prompt", graph), NULL), NULL);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
  g_clear_pointer (&node, json_node_unref);

  easel_fake_comfyui_set_fault (f->fake, EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT);
  node = easel_json_parse (g_bytes_get_data (http (f, "POST", "/prompt", graph), NULL), -1, NULL);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 400);
  entry = easel_json_object_get_object (easel_json_object_get_object (json_node_get_object (node),
                                                                      "node_errors"), "4");
  reason = json_array_get_object_element (easel_json_object_get_array (entry, "errors"), 0);
  g_assert_cmpstr (easel_json_object_get_string (reason, "type"), ==, "value_not_in_list");
  g_assert_cmpstr (easel_json_object_get_string (reason, "details"), ==,
                   "ckpt_name: 'x.safetensors' not in ['a.safetensors']");
}

static char *
substitute (const char *text,
            const char *from,
            const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static char *
post_prompt (Fixture    *f,
             const char *request)
{
  GBytes *body = http (f, "POST", "/prompt", request);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
  answer = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  g_assert_nonnull (answer);
  return g_strdup (easel_json_object_get_string (json_node_get_object (answer), "prompt_id"));
}

static void
wait_end (Fixture    *f,
          const char *prompt_id)
{
  WaitEnd wait = { f, prompt_id, 1 };

  easel_fake_wait_until (prompt_ended, &wait, 10000);
}

#define CLIENT "0c6f3c1e-3d49-4a0a-9a2b-bd0b53b1b8e1"

static char *
job_request (const char *transcript,
             const char *recorded_client)
{
  g_autofree char *request = transcript_request (transcript);

  return substitute (request, recorded_client, CLIENT);
}

static void
test_normal_and_cached (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) ids = id_map ();
  g_autofree char *request = job_request ("10-POST_prompt_job1.txt",
                                          "5b4188b6-8af3-4ef0-8659-78c1f8ed7dd0");
  g_autofree char *prompt_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *expected_answer = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *history_shown = NULL;
  g_autofree char *history_expected = NULL;
  g_autofree char *history_actual = NULL;
  g_autofree char *png = NULL;
  g_autofree char *png_path = data_path ("12-GET_view_job1.bin");
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) recorded_history = NULL;
  gsize png_length = 0;
  guint first;
  GBytes *body;

  ws_connect (f, CLIENT);

  body = http (f, "POST", "/prompt", request);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
  {
    g_autoptr(JsonNode) answer = easel_json_parse (g_bytes_get_data (body, NULL),
                                                   g_bytes_get_size (body), NULL);
    prompt_id = g_strdup (easel_json_object_get_string (json_node_get_object (answer),
                                                        "prompt_id"));
  }
  g_assert_true (g_uuid_string_is_valid (prompt_id));
  expected_answer = g_strdup_printf ("{\"prompt_id\": \"%s\", \"number\": 0, "
                                     "\"node_errors\": {}}", prompt_id);
  assert_body (body, expected_answer);

  wait_end (f, prompt_id);
  g_hash_table_insert (ids, g_strdup ("f41dee93-c587-419c-af90-f7f379353148"),
                       g_strdup (prompt_id));
  g_hash_table_insert (ids, g_strdup ("5b4188b6-8af3-4ef0-8659-78c1f8ed7dd0"),
                       g_strdup (CLIENT));
  assert_frames (f, "09-job1_EmptyImage_SaveImage.ws.jsonl", ids, 0, 0);

  /* 11: history, and 12: the real PNG with its headers. */
  history_path = g_strdup_printf ("/history/%s", prompt_id);
  body = http (f, "GET", history_path, NULL);
  history = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  history_shown = transcript_response ("11-GET_history_job1.txt");
  recorded_history = json_from_string (history_shown, NULL);
  history_expected = normalized_text (recorded_history, ids);
  history_actual = normalized_text (history, ids);
  g_assert_cmpstr (history_actual, ==, history_expected);

  body = http (f, "GET", "/view?filename=probe_00001_.png&type=output&subfolder=", NULL);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
  g_assert_true (g_file_get_contents (png_path, &png, &png_length, NULL));
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), png, png_length);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (f->msg),
                                                 "Content-Disposition"),
                   ==, "filename=\"probe_00001_.png\"");
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (f->msg), NULL), ==, "image/png");

  /* 14/15: the identical prompt again is fully cached and names the old file. The recorded
   * job used a fresh connection: skip its connect-time status frame.
   */
  first = f->frames->len;
  second_id = post_prompt (f, request);
  wait_end (f, second_id);
  g_hash_table_insert (ids, g_strdup ("e261058a-866f-41ac-a277-70a9d85d6f4b"),
                       g_strdup (second_id));
  assert_frames (f, "14-job2_same_prompt_cached.ws.jsonl", ids, first, 1);
}

/* 16/17: SaveImageWebsocket batch 3, images as binary type 1 / PNG. */
static void
test_progress_frames (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) ids = id_map ();
  g_autofree char *request = job_request ("17-POST_prompt_job3_ws_images.txt",
                                          "a9fd2c1c-f234-41d1-a694-66410b5b87e4");
  g_autofree char *prompt_id = NULL;

  ws_connect (f, CLIENT);
  prompt_id = post_prompt (f, request);
  wait_end (f, prompt_id);
  g_hash_table_insert (ids, g_strdup ("d593ed56-d605-414f-a44d-25aed4e69259"),
                       g_strdup (prompt_id));
  g_hash_table_insert (ids, g_strdup ("a9fd2c1c-f234-41d1-a694-66410b5b87e4"),
                       g_strdup (CLIENT));
  assert_frames (f, "16-job3_SaveImageWebsocket_progress.ws.jsonl", ids, 0, 0);
}

static gboolean
node_2_running (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->frames->len; i++)
    {
      JsonObject *msg = json_node_get_object (g_ptr_array_index (f->frames, i));
      JsonObject *d = easel_json_object_get_object (msg, "data");

      if (g_strcmp0 (easel_json_object_get_string (msg, "type"), "executing") == 0 &&
          g_strcmp0 (easel_json_object_get_string (d, "node"), "2") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
node_1_running (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->frames->len; i++)
    {
      JsonObject *msg = json_node_get_object (g_ptr_array_index (f->frames, i));
      JsonObject *d = easel_json_object_get_object (msg, "data");

      if (g_strcmp0 (easel_json_object_get_string (msg, "type"), "executing") == 0 &&
          g_strcmp0 (easel_json_object_get_string (d, "node"), "1") == 0)
        return TRUE;
    }
  return FALSE;
}

/* 23–29: a long job interrupted while a second one waits; the interrupt lands at the next
 * node; the queued job then runs.
 */
static void
test_interrupt_sequence (Fixture       *f,
                         gconstpointer  data)
{
  const char *recorded_client = "f627de22-f794-4247-946d-1feb434352a7";
  g_autoptr(GHashTable) ids = id_map ();
  g_autofree char *long_job = job_request ("24-POST_prompt_job4_long.txt", recorded_client);
  g_autofree char *queued_job = job_request ("25-POST_prompt_job5_queued.txt", recorded_client);
  g_autofree char *job4 = NULL;
  g_autofree char *job5 = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(JsonNode) recorded = NULL;
  g_autoptr(JsonNode) got = NULL;
  GBytes *body;

  /* Rejected prompts consume numbers too: seven of them make the long job number 7, as
   * recorded (jobs 0–2 and four 400s came first there).
   */
  {
    g_autofree char *invalid = transcript_request ("18-POST_prompt_invalid_no_output.txt");

    for (guint i = 0; i < 7; i++)
      http (f, "POST", "/prompt", invalid);
  }
  easel_fake_comfyui_set_node_delay_ms (f->fake, 150);
  ws_connect (f, CLIENT);
  job4 = post_prompt (f, long_job);
  easel_fake_wait_until (node_1_running, f, 5000);
  job5 = post_prompt (f, queued_job);
  g_hash_table_insert (ids, g_strdup ("5810fad0-e956-41d6-a4ae-debe6b846ea1"), g_strdup (job4));
  g_hash_table_insert (ids, g_strdup ("8fe95bd5-62ca-45a9-b379-05b7c14f0eb4"), g_strdup (job5));
  g_hash_table_insert (ids, g_strdup (recorded_client), g_strdup (CLIENT));

  /* 26: one running, one pending. */
  body = http (f, "GET", "/queue", NULL);
  got = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  shown = transcript_response ("26-GET_queue_busy.txt");
  recorded = json_from_string (shown, NULL);
  expected = normalized_text (recorded, ids);
  actual = normalized_text (got, ids);
  g_assert_cmpstr (actual, ==, expected);

  /* 27: the bare interrupt, while node 2 runs. */
  easel_fake_wait_until (node_2_running, f, 5000);
  body = http (f, "POST", "/interrupt", "{}");
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
  wait_end (f, job5);
  assert_frames (f, "23-job4_interrupt.ws.jsonl", ids, 0, 0);

  /* 28: the interrupted job's history. */
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&actual, g_free);
  g_clear_pointer (&recorded, json_node_unref);
  g_clear_pointer (&got, json_node_unref);
  history_path = g_strdup_printf ("/history/%s", job4);
  body = http (f, "GET", history_path, NULL);
  got = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  shown = transcript_response ("28-GET_history_job4_interrupted.txt");
  recorded = json_from_string (shown, NULL);
  expected = normalized_text (recorded, ids);
  actual = normalized_text (got, ids);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_preview_metadata (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *request = job_request ("17-POST_prompt_job3_ws_images.txt",
                                          "a9fd2c1c-f234-41d1-a694-66410b5b87e4");
  g_autofree char *prompt_id = NULL;
  guint type4 = 0;

  ws_connect (f, CLIENT);
  soup_websocket_connection_send_text (f->ws, "{\"type\": \"feature_flags\", \"data\": "
                                              "{\"supports_preview_metadata\": true}}");
  prompt_id = post_prompt (f, request);
  wait_end (f, prompt_id);

  for (guint i = 0; i < f->frames->len; i++)
    {
      JsonObject *frame = json_node_get_object (g_ptr_array_index (f->frames, i));
      JsonArray *binary = easel_json_object_get_array (frame, "binary");

      if (g_strcmp0 (easel_json_object_get_string (frame, "type"), "feature_flags") == 0)
        g_assert_cmpuint (i, ==, 1);
      if (binary != NULL)
        {
          g_assert_cmpint (json_array_get_int_element (binary, 0), ==, 4);
          type4++;
        }
    }
  g_assert_cmpuint (type4, ==, 3);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->ws_feature_flags, ==, 1);
}

static void
test_origin_check (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *url = g_strconcat (easel_fake_comfyui_get_url (f->fake), "/queue", NULL);

  g_clear_object (&f->msg);
  g_clear_pointer (&f->body, g_bytes_unref);
  f->msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (f->msg), "Origin",
                                "http://localhost:8188");
  f->done = FALSE;
  soup_session_send_and_read_async (f->session, f->msg, G_PRIORITY_DEFAULT, NULL, http_cb, f);
  easel_fake_wait_until (is_done, f, 5000);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 403);
  g_assert_cmpuint (g_bytes_get_size (f->body), ==, 0);
  g_assert_cmpuint (easel_fake_comfyui_get_stats (f->fake)->origin_rejections, ==, 1);

  /* Without Origin nothing is checked. */
  http (f, "GET", "/queue", NULL);
  g_assert_cmpuint (soup_message_get_status (f->msg), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/easel/comfyui-fake/rest-bodies", Fixture, NULL, fixture_setup,
              test_rest_bodies, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/invalid-prompts", Fixture, NULL, fixture_setup,
              test_invalid_prompts, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/missing-checkpoint", Fixture, NULL, fixture_setup,
              test_missing_checkpoint_body, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/normal-and-cached", Fixture, NULL, fixture_setup,
              test_normal_and_cached, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/progress-frames", Fixture, NULL, fixture_setup,
              test_progress_frames, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/interrupt-sequence", Fixture, NULL, fixture_setup,
              test_interrupt_sequence, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/preview-metadata", Fixture, NULL, fixture_setup,
              test_preview_metadata, fixture_teardown);
  g_test_add ("/easel/comfyui-fake/origin-check", Fixture, NULL, fixture_setup,
              test_origin_check, fixture_teardown);

  return g_test_run ();
}
