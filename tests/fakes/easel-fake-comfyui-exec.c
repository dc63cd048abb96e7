/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-comfyui-exec.c: the fake's one-at-a-time executor, which sends the websocket
 * messages of protocols/comfyui.md §8.6 in the recorded order (transcripts 09, 14, 16, 23),
 * with the node cache of §11, and writes history and output files.
 */
#define G_LOG_DOMAIN "easel-fake-comfyui"

#include "config.h"

#include <string.h>

#include "easel-fake-comfyui-private.h"
#include "easel-fake-util.h"
#include "easel-json.h"

struct _FakeRun
{
  FakePrompt *prompt;
  GPtrArray  *order;      /* node ids to execute, dependencies first */
  GPtrArray  *cached;     /* node ids taken from the cache */
  GPtrArray  *executed;   /* node ids finished (cached ones included) */
  GHashTable *signatures; /* node id → signature */
  JsonObject *states;     /* progress_state "nodes", ordered */
  JsonObject *outputs;    /* history "outputs" */
  JsonObject *meta;       /* history "meta" */
  JsonArray  *messages;   /* history status messages */
  guint       index;
  gboolean    node_started;
  int         substep;
  int         substeps;
  gboolean    cached_phase_done;
};

static gboolean run_tick (gpointer data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeRun, _fake_run_free)

static JsonNode *
string_array_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  json_node_take_array (node, array);
  return node;
}

/* ---- sending ----------------------------------------------------------------------------- */

static void
send_text_to (FakeClient *client,
              const char *text)
{
  if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (client->conn, text);
}

/* server.send_sync(event, data, sid): sid NULL broadcasts to the send table. */
void
_fake_send (EaselFakeComfyui *self,
            const char       *sid,
            const char       *type,
            JsonNode         *data)
{
  g_autoptr(JsonObject) message = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_object_set_string_member (message, "type", type);
  json_object_set_member (message, "data", data);
  json_node_set_object (node, message);
  text = _fake_json (node);

  if (sid == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->sockets);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        send_text_to (value, text);
    }
  else
    {
      FakeClient *client = g_hash_table_lookup (self->sockets, sid);

      if (client != NULL)
        send_text_to (client, text);
    }
}

static void
send_binary (EaselFakeComfyui *self,
             const char       *sid,
             GBytes           *frame)
{
  FakeClient *client;

  if (sid == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->sockets);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (soup_websocket_connection_get_state (((FakeClient *) value)->conn) ==
            SOUP_WEBSOCKET_STATE_OPEN)
          soup_websocket_connection_send_binary (((FakeClient *) value)->conn,
                                                 g_bytes_get_data (frame, NULL),
                                                 g_bytes_get_size (frame));
      return;
    }
  client = g_hash_table_lookup (self->sockets, sid);
  if (client != NULL && soup_websocket_connection_get_state (client->conn) ==
      SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_binary (client->conn, g_bytes_get_data (frame, NULL),
                                           g_bytes_get_size (frame));
}

static gboolean
client_wants_metadata (EaselFakeComfyui *self,
                       const char       *sid)
{
  FakeClient *client = sid != NULL ? g_hash_table_lookup (self->sockets, sid) : NULL;

  return !self->legacy && client != NULL && client->preview_metadata;
}

guint
_fake_queue_remaining (EaselFakeComfyui *self)
{
  return self->pending->len + (self->running != NULL ? 1 : 0);
}

void
_fake_send_status (EaselFakeComfyui *self,
                   const char       *sid_only)
{
  JsonObject *data = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonObject *exec_info = json_object_new ();

  json_object_set_int_member (exec_info, "queue_remaining", _fake_queue_remaining (self));
  json_object_set_object_member (status, "exec_info", exec_info);
  json_object_set_object_member (data, "status", status);
  if (sid_only != NULL)
    json_object_set_string_member (data, "sid", sid_only);
  _fake_send (self, sid_only, "status", _fake_object_node (data));
}

/* Binary frame: type 1 = [1][format] + image; type 4 = [4][meta_len] + meta JSON + image. */
static void
send_image (EaselFakeComfyui *self,
            FakeRun          *run,
            const char       *node_id,
            GBytes           *image,
            gboolean          png)
{
  const char *sid = run->prompt->client_id;
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint32 word;

  if (client_wants_metadata (self, sid))
    {
      g_autoptr(JsonObject) meta = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *meta_text = NULL;

      json_object_set_string_member (meta, "node_id", node_id);
      json_object_set_string_member (meta, "prompt_id", run->prompt->id);
      json_object_set_string_member (meta, "display_node_id", node_id);
      json_object_set_null_member (meta, "parent_node_id");
      json_object_set_string_member (meta, "real_node_id", node_id);
      json_object_set_string_member (meta, "image_type", png ? "image/png" : "image/jpeg");
      json_node_set_object (node, meta);
      meta_text = _fake_json (node);

      word = GUINT32_TO_BE (4);
      g_byte_array_append (frame, (guint8 *) &word, 4);
      word = GUINT32_TO_BE ((guint32) strlen (meta_text));
      g_byte_array_append (frame, (guint8 *) &word, 4);
      g_byte_array_append (frame, (guint8 *) meta_text, strlen (meta_text));
    }
  else
    {
      word = GUINT32_TO_BE (1);
      g_byte_array_append (frame, (guint8 *) &word, 4);
      word = GUINT32_TO_BE (png ? 2 : 1);
      g_byte_array_append (frame, (guint8 *) &word, 4);
    }
  g_byte_array_append (frame, g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&frame));
  send_binary (self, sid, bytes);
}

/* ---- queue items and runs ---------------------------------------------------------------- */

void
_fake_prompt_free (FakePrompt *prompt)
{
  if (prompt == NULL)
    return;
  g_free (prompt->id);
  g_clear_pointer (&prompt->graph, json_object_unref);
  g_clear_pointer (&prompt->extra_data, json_object_unref);
  g_clear_pointer (&prompt->outputs, g_ptr_array_unref);
  g_free (prompt->client_id);
  g_free (prompt);
}

/* [number, prompt_id, prompt, extra_data, outputs_to_execute], sensitive keys stripped. */
JsonNode *
_fake_queue_item (FakePrompt *prompt)
{
  JsonArray *item = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonObject *extra = easel_json_object_deep_copy (prompt->extra_data);

  if (json_object_has_member (extra, "auth_token_comfy_org"))
    json_object_remove_member (extra, "auth_token_comfy_org");
  if (json_object_has_member (extra, "api_key_comfy_org"))
    json_object_remove_member (extra, "api_key_comfy_org");
  json_array_add_int_element (item, prompt->number);
  json_array_add_string_element (item, prompt->id);
  json_array_add_object_element (item, easel_json_object_deep_copy (prompt->graph));
  json_array_add_object_element (item, extra);
  json_array_add_element (item, string_array_node (prompt->outputs));
  json_node_take_array (node, item);
  return node;
}

void
_fake_run_free (FakeRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->order, g_ptr_array_unref);
  g_clear_pointer (&run->cached, g_ptr_array_unref);
  g_clear_pointer (&run->executed, g_ptr_array_unref);
  g_clear_pointer (&run->signatures, g_hash_table_unref);
  g_clear_pointer (&run->states, json_object_unref);
  g_clear_pointer (&run->outputs, json_object_unref);
  g_clear_pointer (&run->meta, json_object_unref);
  g_clear_pointer (&run->messages, json_array_unref);
  g_free (run);
}

void
_fake_stop (EaselFakeComfyui *self)
{
  g_clear_handle_id (&self->run_source, g_source_remove);
  g_clear_pointer (&self->run, _fake_run_free);
  g_clear_pointer (&self->running, _fake_prompt_free);
}

/* Dependencies first, from each output node (depth first over link inputs). */
static void
visit (JsonObject *graph,
       const char *id,
       GHashTable *seen,
       GPtrArray  *order)
{
  JsonObject *inputs = _fake_graph_inputs (graph, id);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (g_hash_table_contains (seen, id) || _fake_graph_node (graph, id) == NULL)
    return;
  g_hash_table_add (seen, g_strdup (id));
  if (inputs != NULL)
    {
      json_object_iter_init_ordered (&iter, inputs);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          const char *source = _fake_link_source (value);

          if (source != NULL)
            visit (graph, source, seen, order);
        }
    }
  g_ptr_array_add (order, g_strdup (id));
}

/* A node's identity for the cache: class + literal inputs + upstream signatures. Nodes whose
 * IS_CHANGED always differs (SaveImageWebsocket) never match.
 */
static const char *
signature (FakeRun    *run,
           const char *id)
{
  JsonObject *graph = run->prompt->graph;
  const char *known = g_hash_table_lookup (run->signatures, id);
  JsonObject *inputs = _fake_graph_inputs (graph, id);
  g_autoptr(GString) text = g_string_new (_fake_graph_class (graph, id));
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (known != NULL)
    return known;
  if (inputs != NULL)
    {
      json_object_iter_init_ordered (&iter, inputs);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          const char *source = _fake_link_source (value);

          g_string_append_printf (text, "|%s=", name);
          if (source != NULL)
            g_string_append_printf (text, "<%s>", signature (run, source));
          else
            {
              g_autofree char *literal = easel_fake_python_json (value);
              g_string_append (text, literal);
            }
        }
    }
  if (g_strcmp0 (_fake_graph_class (graph, id), "SaveImageWebsocket") == 0)
    g_string_append_printf (text, "|changed=%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_hash_table_insert (run->signatures, g_strdup (id), g_string_free (g_steal_pointer (&text),
                                                                      FALSE));
  return g_hash_table_lookup (run->signatures, id);
}

static JsonObject *
timestamped (FakeRun *run)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "prompt_id", run->prompt->id);
  return data;
}

/* Sends a prompt event and records it in history's status messages (add_message). */
static void
send_recorded (EaselFakeComfyui *self,
               FakeRun          *run,
               const char       *type,
               JsonObject       *data,
               gboolean          broadcast_without_client)
{
  JsonArray *pair = json_array_new ();

  json_array_add_string_element (pair, type);
  json_array_add_object_element (pair, easel_json_object_deep_copy (data));
  json_array_add_array_element (run->messages, pair);

  if (run->prompt->client_id != NULL || broadcast_without_client)
    _fake_send (self, run->prompt->client_id, type, _fake_object_node (data));
  else
    json_object_unref (data);
}

static void
send_progress_state (EaselFakeComfyui *self,
                     FakeRun          *run)
{
  JsonObject *data;

  if (self->legacy)
    return;
  data = timestamped (run);
  json_object_set_object_member (data, "nodes", easel_json_object_deep_copy (run->states));
  _fake_send (self, run->prompt->client_id, "progress_state", _fake_object_node (data));
}

static void
set_state (FakeRun    *run,
           const char *id,
           JsonNode   *value,
           JsonNode   *max,
           const char *state)
{
  JsonObject *entry = json_object_new ();

  json_object_set_member (entry, "value", value);
  json_object_set_member (entry, "max", max);
  json_object_set_string_member (entry, "state", state);
  json_object_set_string_member (entry, "node_id", id);
  json_object_set_string_member (entry, "prompt_id", run->prompt->id);
  json_object_set_string_member (entry, "display_node_id", id);
  json_object_set_null_member (entry, "parent_node_id");
  json_object_set_string_member (entry, "real_node_id", id);
  json_object_set_object_member (run->states, id, entry);
}

static JsonNode *
double_value (double value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_double (node, value);
  return node;
}

static JsonNode *
int_value (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static void
send_executing (EaselFakeComfyui *self,
                FakeRun          *run,
                const char       *node_id)
{
  JsonObject *data = json_object_new ();

  if (node_id != NULL)
    {
      json_object_set_string_member (data, "node", node_id);
      json_object_set_string_member (data, "display_node", node_id);
    }
  else
    json_object_set_null_member (data, "node");
  json_object_set_string_member (data, "prompt_id", run->prompt->id);
  if (run->prompt->client_id != NULL)
    _fake_send (self, run->prompt->client_id, "executing", _fake_object_node (data));
  else
    json_object_unref (data);
}

/* The image size and count of an output: the latent or empty image upstream of it. */
static void
output_geometry (JsonObject *graph,
                 const char *output,
                 int        *width,
                 int        *height,
                 int        *batch,
                 guint32    *rgba)
{
  g_autoptr(GPtrArray) frontier = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *found = NULL;
  gint64 seed = 0;
  gint64 value;

  *width = *height = 64;
  *batch = 1;
  *rgba = 0x808080ff;

  g_ptr_array_add (frontier, g_strdup (output));
  for (guint i = 0; i < frontier->len && found == NULL; i++)
    {
      const char *id = g_ptr_array_index (frontier, i);
      const char *class_type = _fake_graph_class (graph, id);
      JsonObject *inputs = _fake_graph_inputs (graph, id);
      JsonObjectIter iter;
      const char *name;
      JsonNode *input;

      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, g_strdup (id));
      if (g_strcmp0 (class_type, "EmptyLatentImage") == 0 ||
          g_strcmp0 (class_type, "EmptySD3LatentImage") == 0 ||
          g_strcmp0 (class_type, "EmptyImage") == 0)
        {
          found = id;
          break;
        }
      if (easel_json_object_get_int (inputs, "seed", &value) ||
          easel_json_object_get_int (inputs, "noise_seed", &value))
        seed = value;
      if (inputs == NULL)
        continue;
      json_object_iter_init_ordered (&iter, inputs);
      while (json_object_iter_next_ordered (&iter, &name, &input))
        if (_fake_link_source (input) != NULL)
          g_ptr_array_add (frontier, g_strdup (_fake_link_source (input)));
    }
  if (found == NULL)
    return;

  if (easel_json_object_get_int (_fake_graph_inputs (graph, found), "width", &value) && value > 0)
    *width = (int) MIN (value, 4096);
  if (easel_json_object_get_int (_fake_graph_inputs (graph, found), "height", &value) && value > 0)
    *height = (int) MIN (value, 4096);
  if (easel_json_object_get_int (_fake_graph_inputs (graph, found), "batch_size", &value) && value > 0)
    *batch = (int) MIN (value, 64);
  if (g_strcmp0 (_fake_graph_class (graph, found), "EmptyImage") == 0 &&
      easel_json_object_get_int (_fake_graph_inputs (graph, found), "color", &value))
    *rgba = ((guint32) value << 8) | 0xff;
  else
    *rgba = ((guint32) g_int64_hash (&seed) << 8) | 0xff;
}

/* Transcript 10's graph: serve the real 376-byte PNG ComfyUI wrote for it. */
static gboolean
is_recorded_probe (JsonObject *graph,
                   const char *output)
{
  JsonObject *inputs = _fake_graph_inputs (graph, output);
  const char *source = inputs != NULL ? _fake_link_source (json_object_get_member (inputs, "images"))
                                      : NULL;
  JsonObject *empty = source != NULL ? _fake_graph_inputs (graph, source) : NULL;
  gint64 w = 0, h = 0, b = 0, color = 0;

  return g_strcmp0 (easel_json_object_get_string (inputs, "filename_prefix"), "probe") == 0 &&
         g_strcmp0 (_fake_graph_class (graph, source), "EmptyImage") == 0 &&
         easel_json_object_get_int (empty, "width", &w) && w == 64 &&
         easel_json_object_get_int (empty, "height", &h) && h == 64 &&
         easel_json_object_get_int (empty, "batch_size", &b) && b == 1 &&
         easel_json_object_get_int (empty, "color", &color) && color == 16744448;
}

/* SaveImage / PreviewImage: writes the files and returns the UI output {"images": […]}. */
static JsonObject *
save_images (EaselFakeComfyui *self,
             FakeRun          *run,
             const char       *node_id)
{
  JsonObject *graph = run->prompt->graph;
  gboolean preview = g_strcmp0 (_fake_graph_class (graph, node_id), "PreviewImage") == 0;
  const char *prefix = easel_json_object_get_string (_fake_graph_inputs (graph, node_id),
                                                     "filename_prefix");
  g_autofree char *subfolder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *key = NULL;
  JsonObject *ui = json_object_new ();
  JsonArray *images = json_array_new ();
  int width, height, batch, counter;
  guint32 rgba;

  if (prefix == NULL)
    prefix = preview ? "ComfyUI_temp_fake" : "ComfyUI";
  subfolder = g_path_get_dirname (prefix);
  if (g_str_equal (subfolder, "."))
    g_clear_pointer (&subfolder, g_free);
  base = g_path_get_basename (prefix);
  key = g_strdup_printf ("%s/%s", subfolder != NULL ? subfolder : "", base);
  counter = GPOINTER_TO_INT (g_hash_table_lookup (self->counters, key));

  output_geometry (graph, node_id, &width, &height, &batch, &rgba);
  for (int i = 0; i < batch; i++)
    {
      JsonObject *image = json_object_new ();
      g_autofree char *filename = NULL;
      g_autofree char *file_key = NULL;
      GBytes *bytes;

      counter++;
      if (self->fault == EASEL_FAKE_COMFYUI_FAULT_UNSAFE_FILENAME)
        filename = g_strdup_printf ("../../outside_%05d_.png", counter);
      else
        filename = g_strdup_printf ("%s_%05d_.png", base, counter);

      if (is_recorded_probe (graph, node_id))
        bytes = g_bytes_ref (self->recorded_png);
      else
        bytes = easel_fake_make_png (width, height, rgba + (guint32) i * 0x10100);
      file_key = g_strdup_printf ("%s/%s/%s", preview ? "temp" : "output",
                                  subfolder != NULL ? subfolder : "", filename);
      g_hash_table_insert (self->files, g_steal_pointer (&file_key), bytes);

      json_object_set_string_member (image, "filename", filename);
      json_object_set_string_member (image, "subfolder", subfolder != NULL ? subfolder : "");
      json_object_set_string_member (image, "type", preview ? "temp" : "output");
      json_array_add_object_element (images, image);
    }
  g_hash_table_insert (self->counters, g_steal_pointer (&key), GINT_TO_POINTER (counter));
  json_object_set_array_member (ui, "images", images);
  return ui;
}

static void
record_output (FakeRun    *run,
               const char *node_id,
               JsonObject *ui)
{
  JsonObject *meta = json_object_new ();

  json_object_set_object_member (run->outputs, node_id, easel_json_object_deep_copy (ui));
  json_object_set_string_member (meta, "node_id", node_id);
  json_object_set_string_member (meta, "display_node", node_id);
  json_object_set_null_member (meta, "parent_node");
  json_object_set_string_member (meta, "real_node_id", node_id);
  json_object_set_object_member (run->meta, node_id, meta);
}

static void
send_executed (EaselFakeComfyui *self,
               FakeRun          *run,
               const char       *node_id,
               JsonObject       *ui)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "node", node_id);
  json_object_set_string_member (data, "display_node", node_id);
  json_object_set_object_member (data, "output", ui);
  json_object_set_string_member (data, "prompt_id", run->prompt->id);
  if (run->prompt->client_id != NULL)
    _fake_send (self, run->prompt->client_id, "executed", _fake_object_node (data));
  else
    json_object_unref (data);
}

/* task_done: history first, then the status broadcast, then executing{node: null}. */
static void
finish_run (EaselFakeComfyui *self,
            const char       *status_str,
            gboolean          completed)
{
  FakeRun *run = self->run;
  JsonObject *entry = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonNode *entry_node;

  json_object_set_member (entry, "prompt", _fake_queue_item (run->prompt));
  json_object_set_object_member (entry, "outputs", json_object_ref (run->outputs));
  json_object_set_string_member (status, "status_str", status_str);
  json_object_set_boolean_member (status, "completed", completed);
  json_object_set_array_member (status, "messages", json_array_ref (run->messages));
  json_object_set_object_member (entry, "status", status);
  json_object_set_object_member (entry, "meta", json_object_ref (run->meta));
  entry_node = _fake_object_node (entry);

  if (!g_hash_table_contains (self->history, run->prompt->id))
    g_ptr_array_add (self->history_order, g_strdup (run->prompt->id));
  g_hash_table_insert (self->history, g_strdup (run->prompt->id), entry_node);

  /* Remember what ran for the cache (executed nodes only). */
  for (guint i = 0; i < run->executed->len; i++)
    {
      const char *id = g_ptr_array_index (run->executed, i);

      g_hash_table_insert (self->cache, g_strdup (id), g_strdup (signature (run, id)));
      if (json_object_has_member (run->outputs, id))
        g_hash_table_insert (self->cached_outputs, g_strdup (id),
                             easel_json_deep_copy (json_object_get_member (run->outputs, id)));
    }

  self->stats.prompts_completed++;
  self->stats.running_now = 0;
  self->refuse_ws = FALSE;

  {
    g_autoptr(FakeRun) done = g_steal_pointer (&self->run);
    FakePrompt *prompt = g_steal_pointer (&self->running);

    /* The status broadcast counts the queue without this prompt. */
    _fake_send_status (self, NULL);
    done->prompt = prompt;
    send_executing (self, done, NULL);
    _fake_prompt_free (prompt);
  }

  if (self->pending->len > 0)
    self->run_source = g_timeout_add (0, run_tick, self);
}

static JsonArray *
executed_array (FakeRun *run)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < run->executed->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (run->executed, i));
  return array;
}

static void
finish_interrupted (EaselFakeComfyui *self,
                    const char       *node_id)
{
  FakeRun *run = self->run;
  JsonObject *data = timestamped (run);

  json_object_set_string_member (data, "node_id", node_id);
  json_object_set_string_member (data, "node_type", _fake_graph_class (run->prompt->graph, node_id));
  json_object_set_array_member (data, "executed", executed_array (run));
  json_object_set_int_member (data, "timestamp", _fake_now_ms ());
  /* Interrupt notices go to everyone when the prompt has no client (§8.3). */
  send_recorded (self, run, "execution_interrupted", data, TRUE);
  finish_run (self, "error", FALSE);
}

static void
finish_error (EaselFakeComfyui *self,
              const char       *node_id)
{
  FakeRun *run = self->run;
  JsonObject *data = timestamped (run);
  JsonArray *traceback = json_array_new ();
  JsonObject *current_inputs = json_object_new ();
  JsonArray *current_outputs = json_array_new ();
  JsonArray *seed_repr = json_array_new ();

  json_array_add_string_element (traceback,
    "  File \"/opt/ComfyUI/execution.py\", line 496, in execute\n"
    "    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(...)\n");
  json_array_add_string_element (traceback,
    "  File \"/opt/ComfyUI/comfy/model_management.py\", line 1180, in cast_to\n"
    "    r = torch.empty_like(weight, dtype=dtype, device=device)\n");
  json_array_add_string_element (seed_repr, "42");
  json_object_set_array_member (current_inputs, "seed", seed_repr);
  for (guint i = 0; i < run->executed->len; i++)
    json_array_add_string_element (current_outputs, g_ptr_array_index (run->executed, i));

  json_object_set_string_member (data, "node_id", node_id);
  json_object_set_string_member (data, "node_type", _fake_graph_class (run->prompt->graph, node_id));
  json_object_set_array_member (data, "executed", executed_array (run));
  json_object_set_string_member (data, "exception_message",
                                 "Allocation on device 0 would exceed allowed memory. (out of "
                                 "memory)\nCurrently allocated     : 7.61 GiB\n"
                                 "This error means you ran out of memory on your GPU.\n\n"
                                 "TIPS: If the workflow worked before you might have "
                                 "accidentally set the batch_size to a large number.\n");
  json_object_set_string_member (data, "exception_type", "torch.OutOfMemoryError");
  json_object_set_array_member (data, "traceback", traceback);
  json_object_set_object_member (data, "current_inputs", current_inputs);
  json_object_set_array_member (data, "current_outputs", current_outputs);
  json_object_set_int_member (data, "timestamp", _fake_now_ms ());
  send_recorded (self, run, "execution_error", data, FALSE);
  finish_run (self, "error", FALSE);
}

static gboolean
is_error_node (FakeRun    *run,
               const char *id)
{
  JsonObject *graph = run->prompt->graph;

  for (guint i = 0; i < run->order->len; i++)
    {
      const char *candidate = g_ptr_array_index (run->order, i);
      const char *class_type = _fake_graph_class (graph, candidate);

      if (g_strcmp0 (class_type, "KSampler") == 0 || g_strcmp0 (class_type, "KSamplerAdvanced") == 0)
        return g_str_equal (candidate, id);
    }
  return run->order->len > 1 ? g_str_equal (g_ptr_array_index (run->order, 1), id)
                             : g_str_equal (g_ptr_array_index (run->order, 0), id);
}

static void
schedule (EaselFakeComfyui *self,
          guint             delay_ms)
{
  g_assert (self->run_source == 0);
  self->run_source = g_timeout_add (delay_ms, run_tick, self);
}

static void
start_run (EaselFakeComfyui *self)
{
  FakeRun *run;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  JsonObject *data;
  JsonArray *cached;
  guint best = 0;

  for (guint i = 1; i < self->pending->len; i++)
    {
      FakePrompt *a = g_ptr_array_index (self->pending, i);
      FakePrompt *b = g_ptr_array_index (self->pending, best);

      if (a->number < b->number || (a->number == b->number && strcmp (a->id, b->id) < 0))
        best = i;
    }
  self->running = g_ptr_array_steal_index (self->pending, best);
  self->interrupt_flag = FALSE;
  self->stats.running_now = 1;
  self->stats.max_running = MAX (self->stats.max_running, 1);

  run = g_new0 (FakeRun, 1);
  run->prompt = self->running;
  run->order = g_ptr_array_new_with_free_func (g_free);
  run->cached = g_ptr_array_new_with_free_func (g_free);
  run->executed = g_ptr_array_new_with_free_func (g_free);
  run->signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->states = json_object_new ();
  run->outputs = json_object_new ();
  run->meta = json_object_new ();
  run->messages = json_array_new ();
  self->run = run;

  for (guint i = 0; i < run->prompt->outputs->len; i++)
    visit (run->prompt->graph, g_ptr_array_index (run->prompt->outputs, i), seen, all);
  for (guint i = 0; i < all->len; i++)
    {
      const char *id = g_ptr_array_index (all, i);
      const char *was = g_hash_table_lookup (self->cache, id);

      if (was != NULL && g_str_equal (was, signature (run, id)))
        g_ptr_array_add (run->cached, g_strdup (id));
      else
        g_ptr_array_add (run->order, g_strdup (id));
    }

  /* Dequeue. */
  _fake_send_status (self, NULL);

  data = timestamped (run);
  json_object_set_int_member (data, "timestamp", _fake_now_ms ());
  send_recorded (self, run, "execution_start", data, FALSE);

  data = json_object_new ();
  cached = json_array_new ();
  for (guint i = 0; i < run->cached->len; i++)
    json_array_add_string_element (cached, g_ptr_array_index (run->cached, i));
  json_object_set_array_member (data, "nodes", cached);
  json_object_set_string_member (data, "prompt_id", run->prompt->id);
  json_object_set_int_member (data, "timestamp", _fake_now_ms ());
  send_recorded (self, run, "execution_cached", data, FALSE);
}

/* Cached output nodes re-send their old output (transcript 14). */
static void
replay_cached_outputs (EaselFakeComfyui *self,
                       FakeRun          *run)
{
  for (guint i = 0; i < run->cached->len; i++)
    {
      const char *id = g_ptr_array_index (run->cached, i);
      JsonNode *ui = g_hash_table_lookup (self->cached_outputs, id);

      g_ptr_array_add (run->executed, g_strdup (id));
      if (ui == NULL || !_fake_class_is_output (self, _fake_graph_class (run->prompt->graph, id)))
        continue;
      record_output (run, id, json_node_get_object (ui));
      send_executed (self, run, id, easel_json_object_deep_copy (json_node_get_object (ui)));
      set_state (run, id, int_value (1), int_value (1), "finished");
      send_progress_state (self, run);
    }
}

static gboolean
node_is_sampler (FakeRun    *run,
                 const char *id)
{
  const char *class_type = _fake_graph_class (run->prompt->graph, id);

  return g_strcmp0 (class_type, "KSampler") == 0 ||
         g_strcmp0 (class_type, "KSamplerAdvanced") == 0;
}

static void
node_start (EaselFakeComfyui *self,
            FakeRun          *run,
            const char       *id)
{
  JsonObject *graph = run->prompt->graph;
  gint64 value;

  set_state (run, id, double_value (0.0), double_value (1.0), "running");
  send_progress_state (self, run);
  send_executing (self, run, id);

  run->substep = 0;
  run->substeps = 0;
  if (node_is_sampler (run, id) &&
      easel_json_object_get_int (_fake_graph_inputs (graph, id), "steps", &value))
    run->substeps = (int) CLAMP (value, 1, 200);
  else if (g_strcmp0 (_fake_graph_class (graph, id), "SaveImageWebsocket") == 0)
    {
      int width, height, batch;
      guint32 rgba;

      output_geometry (graph, id, &width, &height, &batch, &rgba);
      run->substeps = batch;
      set_state (run, id, int_value (0), int_value (batch), "running");
    }
}

static void
node_substep (EaselFakeComfyui *self,
              FakeRun          *run,
              const char       *id)
{
  JsonObject *graph = run->prompt->graph;
  gboolean sampler = node_is_sampler (run, id);
  gboolean metadata = client_wants_metadata (self, run->prompt->client_id);
  JsonObject *progress = json_object_new ();
  int value = sampler ? run->substep + 1 : run->substep;
  g_autoptr(GBytes) image = NULL;
  gboolean png = !sampler;

  if (sampler)
    set_state (run, id, double_value (value), double_value (run->substeps), "running");
  else
    set_state (run, id, int_value (value), int_value (run->substeps), "running");
  send_progress_state (self, run);

  json_object_set_int_member (progress, "value", value);
  json_object_set_int_member (progress, "max", run->substeps);
  json_object_set_string_member (progress, "prompt_id", run->prompt->id);
  json_object_set_string_member (progress, "node", id);

  if (sampler)
    image = self->previews ? g_bytes_ref (self->preview_jpeg) : NULL;
  else
    {
      int width, height, batch;
      guint32 rgba;

      output_geometry (graph, id, &width, &height, &batch, &rgba);
      image = easel_fake_make_png (width, height, rgba + (guint32) run->substep * 0x10100);
    }

  /* With preview metadata the frame comes before `progress`, without it after (§9.3). */
  if (metadata && image != NULL)
    send_image (self, run, id, image, png);
  _fake_send (self, run->prompt->client_id, "progress", _fake_object_node (progress));
  if (!metadata && image != NULL)
    send_image (self, run, id, image, png);
}

static void
node_end (EaselFakeComfyui *self,
          FakeRun          *run,
          const char       *id)
{
  const char *class_type = _fake_graph_class (run->prompt->graph, id);

  if (g_strcmp0 (class_type, "SaveImage") == 0 || g_strcmp0 (class_type, "PreviewImage") == 0)
    {
      JsonObject *ui = save_images (self, run, id);

      record_output (run, id, ui);
      send_executed (self, run, id, ui);
    }
  if (g_strcmp0 (class_type, "SaveImageWebsocket") == 0)
    set_state (run, id, int_value (run->substeps), int_value (run->substeps), "finished");
  else
    set_state (run, id, double_value (1.0), double_value (1.0), "finished");
  send_progress_state (self, run);
  g_ptr_array_add (run->executed, g_strdup (id));
}

static void
finish_success (EaselFakeComfyui *self)
{
  JsonObject *data = timestamped (self->run);

  json_object_set_int_member (data, "timestamp", _fake_now_ms ());
  send_recorded (self, self->run, "execution_success", data, FALSE);
  finish_run (self, "success", TRUE);
}

/* One step of the executor: start a run, start a node, a sampler step or a websocket image,
 * or end a node. The per-node delay lets tests see "queued" and "running".
 */
static gboolean
run_tick (gpointer data)
{
  EaselFakeComfyui *self = data;
  FakeRun *run;
  const char *id;
  guint delay;

  self->run_source = 0;

  if (self->run == NULL)
    {
      if (self->pending->len == 0)
        return G_SOURCE_REMOVE;
      start_run (self);
      schedule (self, 0);
      return G_SOURCE_REMOVE;
    }
  run = self->run;

  if (!run->cached_phase_done)
    {
      run->cached_phase_done = TRUE;
      replay_cached_outputs (self, run);
    }

  if (run->index >= run->order->len)
    {
      finish_success (self);
      return G_SOURCE_REMOVE;
    }
  id = g_ptr_array_index (run->order, run->index);

  if (!run->node_started)
    {
      node_start (self, run, id);
      run->node_started = TRUE;

      /* The interrupt flag is checked when a node starts (transcript 23). */
      if (self->interrupt_flag)
        {
          finish_interrupted (self, id);
          return G_SOURCE_REMOVE;
        }
      if (self->fault == EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR && is_error_node (run, id))
        {
          finish_error (self, id);
          return G_SOURCE_REMOVE;
        }
      if (self->fault == EASEL_FAKE_COMFYUI_FAULT_WS_DROP && !self->refuse_ws &&
          run->prompt->client_id != NULL)
        {
          self->refuse_ws = TRUE;
          _fake_drop_client_sockets (self, run->prompt->client_id);
        }
      delay = run->substeps > 0 ? self->node_delay_ms / (guint) run->substeps
                                : self->node_delay_ms;
      schedule (self, delay);
      return G_SOURCE_REMOVE;
    }

  if (run->substep < run->substeps)
    {
      /* Samplers check the flag in their progress callback: they stop within a step. */
      if (self->interrupt_flag && node_is_sampler (run, id))
        {
          finish_interrupted (self, id);
          return G_SOURCE_REMOVE;
        }
      node_substep (self, run, id);
      run->substep++;
      schedule (self, self->node_delay_ms / (guint) run->substeps);
      return G_SOURCE_REMOVE;
    }

  node_end (self, run, id);
  run->node_started = FALSE;
  run->index++;
  schedule (self, 0);
  return G_SOURCE_REMOVE;
}

void
_fake_enqueue (EaselFakeComfyui *self,
               FakePrompt       *prompt)
{
  g_ptr_array_add (self->pending, prompt);
  if (self->run == NULL && self->run_source == 0)
    schedule (self, 0);
}

/* The node being executed by the running prompt, for a reconnecting client. */
const char *
_fake_running_node (EaselFakeComfyui *self)
{
  FakeRun *run = self->run;

  if (run == NULL || !run->node_started || run->index >= run->order->len)
    return NULL;
  return g_ptr_array_index (run->order, run->index);
}
