/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-json.c: settings given as a JSON object.
 *
 * Flat objects (NovelAI's Comment, Fooocus' parameters, InvokeAI 3 metadata, diffusers-style
 * dumps) go through the shared key names: width/w, height/h, steps/num_inference_steps,
 * cfg_scale/cfg/guidance_scale/scale/guidance, sampler/sampler_name, scheduler, seed,
 * model/model_name/ckpt_name/base_model, prompt/positive_prompt, negative_prompt/negative/uc;
 * every other member is kept in extra_settings as it was. A ComfyUI API-format graph has no flat
 * settings: the sampler node's inputs are read and its links followed to the prompts, the
 * checkpoint and the latent size (a1111.md Part II §6, best effort).
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-settings-parser-private.h"

/* json-glib's parser recurses once per level. */
#define MAX_JSON_DEPTH 64
/* How many links are followed while tracing one value through a ComfyUI graph: a cycle or a
 * graph where every node links back to several others must not hang us.
 */
#define MAX_LINK_VISITS 256

/* Copies @text for json-glib, or returns NULL when it nests deeper than MAX_JSON_DEPTH.
 * Integer literals of 19 digits or more are wrapped in quotes: json-glib turns integers beyond
 * int64 into wrong values without a word (2^64 − 1 becomes −1, −(2^64 − 1) becomes 1), while a
 * string of digits is read exactly and range-checked like any text value.
 */
char *
_easel_settings_prepare_json (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 16);
  gboolean in_string = FALSE;
  int depth = 0;
  const char *p = text;

  while (*p != '\0')
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (out, *p++);
          else if (*p == '"')
            in_string = FALSE;
          g_string_append_c (out, *p++);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          gsize n = strspn (p, "+-0123456789.eE");
          gsize digits = strspn (*p == '-' ? p + 1 : p, "0123456789");
          gboolean quote = digits >= 19 && digits + (*p == '-') == n;

          if (quote)
            g_string_append_c (out, '"');
          g_string_append_len (out, p, n);
          if (quote)
            g_string_append_c (out, '"');
          p += n;
        }
      else
        {
          if (*p == '"')
            in_string = TRUE;
          else if ((*p == '{' || *p == '[') && ++depth > MAX_JSON_DEPTH)
            return NULL;
          else if (*p == '}' || *p == ']')
            depth--;
          g_string_append_c (out, *p++);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_key (const char *key,
        gsize       length,
        const char *name)
{
  return length == strlen (name) && memcmp (key, name, length) == 0;
}

static gboolean
has_key (const EaselJsonMember *members,
         guint                  n_members,
         const char            *name)
{
  for (guint i = 0; i < n_members; i++)
    if (is_key (members[i].key, members[i].key_length, name))
      return TRUE;
  return FALSE;
}

/* A flat object, as the fast path or json-glib read it: its members in order, each key once.
 * NODE values are taken over.
 */
static void
read_flat_members (EaselImageSetting     *setting,
                   EaselPairs            *pairs,
                   const EaselJsonMember *members,
                   guint                  n_members)
{
  /* InvokeAI 3 calls its sampler "scheduler". */
  gboolean invokeai = (has_key (members, n_members, "positive_prompt") ||
                       has_key (members, n_members, "generation_mode")) &&
                      !has_key (members, n_members, "sampler") &&
                      !has_key (members, n_members, "sampler_name");

  for (guint i = 0; i < n_members; i++)
    {
      const char *key = members[i].key;
      gsize length = members[i].key_length;

      /* One name for the model hash in every format, the one A1111 writes. */
      if (is_key (key, length, "model_hash") || is_key (key, length, "base_model_hash") ||
          is_key (key, length, "sd_model_hash"))
        _easel_pairs_add (pairs, "Model hash", strlen ("Model hash"), &members[i].value,
                          EASEL_FIELD_NONE, 0);
      else if (invokeai && is_key (key, length, "scheduler"))
        _easel_pairs_add (pairs, key, length, &members[i].value, EASEL_FIELD_SAMPLER, 2);
      else
        _easel_pairs_add (pairs, key, length, &members[i].value, EASEL_FIELD_NONE, 0);
    }
  _easel_settings_apply_pairs (setting, pairs, TRUE);
}

static void
read_flat_object (EaselImageSetting *setting,
                  EaselPairs        *pairs,
                  JsonObject        *object)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (EaselJsonMember));
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      EaselJsonMember member = { key, strlen (key), { EASEL_VALUE_NODE, FALSE, { .node = NULL } } };

      member.value.v.node = easel_json_deep_copy (value);
      g_array_append_val (members, member);
    }
  read_flat_members (setting, pairs, (const EaselJsonMember *) members->data, members->len);
}

/* ---- ComfyUI API-format graphs ------------------------------------------------------------ */

static JsonObject *
node_inputs (JsonObject *node)
{
  return easel_json_object_get_object (node, "inputs");
}

static gboolean
is_graph (JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (json_object_get_size (object) == 0)
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    if (!JSON_NODE_HOLDS_OBJECT (value) ||
        easel_json_object_get_string (json_node_get_object (value), "class_type") == NULL ||
        node_inputs (json_node_get_object (value)) == NULL)
      return FALSE;
  return TRUE;
}

/* A link is ["<node id>", <output index>]. */
static JsonObject *
follow_link (JsonObject *graph,
             JsonNode   *link)
{
  JsonArray *array;
  JsonNode *id;
  g_autofree char *name = NULL;

  if (link == NULL || !JSON_NODE_HOLDS_ARRAY (link))
    return NULL;
  array = json_node_get_array (link);
  if (json_array_get_length (array) < 1)
    return NULL;
  id = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (id))
    return NULL;
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    name = g_strdup (json_node_get_string (id));
  else if (json_node_get_value_type (id) == G_TYPE_INT64)
    name = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  else
    return NULL;
  return node_inputs (easel_json_object_get_object (graph, name));
}

/* Follows @link until an input named one of @names holds a string; links found under those
 * names, or under @through, are followed in turn (a primitive node, a LoRA loader, a
 * conditioning combiner).
 */
static const char *
trace_string (JsonObject         *graph,
              JsonNode           *link,
              const char * const *names,
              const char * const *through,
              guint              *budget)
{
  JsonObject *inputs;

  if (*budget == 0)
    return NULL;
  (*budget)--;
  inputs = follow_link (graph, link);
  if (inputs == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *text = easel_json_object_get_string (inputs, names[i]);
      JsonNode *member = json_object_get_member (inputs, names[i]);

      if (text != NULL)
        return text;
      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member) &&
          (text = trace_string (graph, member, names, through, budget)) != NULL)
        return text;
    }
  for (guint i = 0; through[i] != NULL; i++)
    {
      JsonNode *member = json_object_get_member (inputs, through[i]);
      const char *text = trace_string (graph, member, names, through, budget);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static JsonObject *
find_sampler (JsonObject *graph)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonObject *inputs = node_inputs (json_node_get_object (value));

      if (json_object_has_member (inputs, "sampler_name") &&
          json_object_has_member (inputs, "steps"))
        return inputs;
    }
  return NULL;
}

static void
take_traced_string (EaselPairs         *pairs,
                    const char         *key,
                    JsonObject         *graph,
                    JsonNode           *link,
                    const char * const *names,
                    const char * const *through)
{
  guint budget = MAX_LINK_VISITS;
  const char *text = trace_string (graph, link, names, through, &budget);

  if (text != NULL)
    _easel_pairs_add_text (pairs, key, strlen (key), text, strlen (text));
}

static void
read_graph (EaselImageSetting *setting,
            JsonObject        *graph)
{
  static const char * const text_names[] = { "text", "text_g", "string", "value", NULL };
  static const char * const conditioning[] = {
    "conditioning", "conditioning_1", "conditioning_to", NULL
  };
  static const char * const model_names[] = { "ckpt_name", "unet_name", "model_name", NULL };
  static const char * const model_through[] = { "model", NULL };
  g_auto(EaselPairs) pairs;
  JsonObject *sampler = find_sampler (graph);
  JsonObject *latent;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  _easel_pairs_init (&pairs);
  if (sampler == NULL)
    return;

  /* The sampler's own values: seed, steps, cfg, sampler_name, scheduler, denoise, … */
  json_object_iter_init_ordered (&iter, sampler);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    if (JSON_NODE_HOLDS_VALUE (value))
      _easel_pairs_take_node (&pairs, key, json_node_copy (value), EASEL_FIELD_NONE, 0);

  take_traced_string (&pairs, "prompt", graph, json_object_get_member (sampler, "positive"),
                      text_names, conditioning);
  take_traced_string (&pairs, "negative_prompt", graph,
                      json_object_get_member (sampler, "negative"), text_names, conditioning);
  take_traced_string (&pairs, "ckpt_name", graph, json_object_get_member (sampler, "model"),
                      model_names, model_through);

  latent = follow_link (graph, json_object_get_member (sampler, "latent_image"));
  if (latent != NULL)
    {
      JsonNode *width = json_object_get_member (latent, "width");
      JsonNode *height = json_object_get_member (latent, "height");

      if (width != NULL && height != NULL && JSON_NODE_HOLDS_VALUE (width) &&
          JSON_NODE_HOLDS_VALUE (height))
        {
          _easel_pairs_take_node (&pairs, "width", json_node_copy (width), EASEL_FIELD_NONE, 0);
          _easel_pairs_take_node (&pairs, "height", json_node_copy (height), EASEL_FIELD_NONE,
                                  0);
        }
    }

  _easel_settings_apply_pairs (setting, &pairs, TRUE);
}

gboolean
_easel_settings_read_json (EaselImageSetting *setting,
                           const char        *text)
{
  g_auto(EaselPairs) pairs;
  EaselJsonMember members[EASEL_FLAT_JSON_MAX_MEMBERS];
  g_autofree char *prepared = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  guint n_members;

  _easel_pairs_init (&pairs);
  if (_easel_settings_parse_flat_json (text, &pairs, members, &n_members))
    {
      read_flat_members (setting, &pairs, members, n_members);
      return TRUE;
    }

  prepared = _easel_settings_prepare_json (text);
  if (prepared == NULL)
    return FALSE;
  root = easel_json_parse (prepared, -1, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (is_graph (object))
    read_graph (setting, object);
  else
    read_flat_object (setting, &pairs, object);
  return TRUE;
}
