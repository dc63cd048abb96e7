/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-comfyui-data.c: the recorded ComfyUI 0.3.65 data the fake serves (node
 * definitions, transcript bodies, the real PNG), read from a compiled-in resource.
 */
#define G_LOG_DOMAIN "easel-fake-comfyui"

#include "config.h"

#include <string.h>

#include "easel-fake-comfyui-private.h"
#include "easel-fake-comfyui-resources.h"
#include "easel-fake-util.h"
#include "easel-json.h"

#define RESOURCE_PREFIX "/io/github/easelapp/Easel/fakes/comfyui/"

/* json-glib reads KSampler's seed max (2^64 − 1) as −1; the fake keeps the literal. */
#define U64_MAX_TEXT        "18446744073709551615"
#define U64_MAX_PLACEHOLDER "\"__easel_u64_max__\""

static GBytes *
load_resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_resource_lookup_data (easel_fake_comfyui_resources_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("fake ComfyUI data %s missing: %s", name, error->message);
  return bytes;
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

gint64
_fake_now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Python's json.dumps, with the seed maximum restored. */
char *
_fake_json (JsonNode *node)
{
  g_autofree char *text = easel_fake_python_json (node);

  return replace_all (text, U64_MAX_PLACEHOLDER, U64_MAX_TEXT);
}

/* str(list) of strings: ['a.safetensors', 'b.safetensors']. */
char *
_fake_python_repr_list (GPtrArray *strings)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    {
      const char *s = g_ptr_array_index (strings, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_c (out, '\'');
      for (const char *p = s; *p != '\0'; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '\'');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/**
 * _fake_transcript_body:
 * @name: a transcript file without ".txt"
 * @json: whether the body is JSON (shown re-indented; sent compact with Python separators)
 *
 * The response body of a recorded exchange, as the server sent it (README "File formats").
 */
char *
_fake_transcript_body (const char *name,
                       gboolean    json)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autoptr(GBytes) bytes = load_resource (file);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *marker = g_strrstr (text, "<<<\n");
  const char *body;

  g_assert (marker != NULL);
  body = marker + strlen ("<<<\n");

  if (json)
    {
      g_autofree char *safe = replace_all (body, U64_MAX_TEXT, U64_MAX_PLACEHOLDER);
      g_autoptr(JsonNode) node = json_from_string (safe, NULL);

      g_assert (node != NULL);
      return _fake_json (node);
    }

  /* Text bodies carry one added newline. */
  return g_str_has_suffix (body, "\n") ? g_strndup (body, strlen (body) - 1) : g_strdup (body);
}

void
_fake_load_data (EaselFakeComfyui *self)
{
  g_autoptr(GBytes) excerpt = load_resource ("object_info-excerpt.json");
  g_autoptr(GBytes) names = load_resource ("object_info.node_names.txt");
  g_autofree char *excerpt_text = g_strndup (g_bytes_get_data (excerpt, NULL),
                                             g_bytes_get_size (excerpt));
  g_autofree char *safe = replace_all (excerpt_text, U64_MAX_TEXT, U64_MAX_PLACEHOLDER);
  g_autofree char *names_text = g_strndup (g_bytes_get_data (names, NULL),
                                           g_bytes_get_size (names));
  g_auto(GStrv) lines = g_strsplit (names_text, "\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, safe, -1, NULL))
    g_error ("object_info-excerpt.json does not parse");
  self->object_info = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  self->known_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_hash_table_add (self->known_classes, g_strdup (lines[i]));

  self->recorded_png = load_resource ("12-GET_view_job1.bin");
  self->preview_jpeg = easel_fake_make_jpeg (64, 64, 0x3366ccff);
}

gboolean
_fake_class_exists (EaselFakeComfyui *self,
                    const char       *class_type)
{
  return class_type != NULL &&
         (g_hash_table_contains (self->known_classes, class_type) ||
          json_object_has_member (self->object_info, class_type));
}

gboolean
_fake_class_is_output (EaselFakeComfyui *self,
                       const char       *class_type)
{
  JsonObject *def = easel_json_object_get_object (self->object_info, class_type);
  JsonNode *flag;

  if (def != NULL)
    {
      flag = json_object_get_member (def, "output_node");
      return flag != NULL && JSON_NODE_HOLDS_VALUE (flag) && json_node_get_boolean (flag);
    }
  if (!_fake_class_exists (self, class_type))
    return FALSE;
  return g_str_has_prefix (class_type, "Save") || g_str_has_prefix (class_type, "Preview");
}

static JsonNode *
strv_array (const char * const *values)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_node_take_array (node, array);
  return node;
}

/* `[["a", "b"], {…}]` → `["COMBO", {"options": ["a", "b"], …}]` (V3 nodes, §12.1). */
static void
to_v3_combo (JsonArray *spec)
{
  JsonNode *options = json_array_get_element (spec, 0);
  JsonObject *extra = NULL;
  JsonObject *merged = json_object_new ();
  JsonNode *merged_node = json_node_new (JSON_NODE_OBJECT);
  JsonNode *combo = json_node_new (JSON_NODE_VALUE);

  if (json_array_get_length (spec) > 1 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (spec, 1)))
    extra = json_node_get_object (json_array_get_element (spec, 1));

  json_object_set_member (merged, "options", easel_json_deep_copy (options));
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, extra);
      while (json_object_iter_next_ordered (&iter, &key, &value))
        json_object_set_member (merged, key, easel_json_deep_copy (value));
    }
  json_node_take_object (merged_node, merged);
  json_node_set_string (combo, "COMBO");

  while (json_array_get_length (spec) > 0)
    json_array_remove_element (spec, 0);
  json_array_add_element (spec, combo);
  json_array_add_element (spec, merged_node);
}

static void
convert_combos (JsonObject *def)
{
  JsonObject *input = easel_json_object_get_object (def, "input");
  static const char * const sections[] = { "required", "optional" };

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonObject *section = easel_json_object_get_object (input, sections[s]);
      JsonObjectIter iter;
      const char *name;
      JsonNode *spec;

      if (section == NULL)
        continue;
      json_object_iter_init_ordered (&iter, section);
      while (json_object_iter_next_ordered (&iter, &name, &spec))
        if (JSON_NODE_HOLDS_ARRAY (spec) && json_array_get_length (json_node_get_array (spec)) > 0 &&
            JSON_NODE_HOLDS_ARRAY (json_array_get_element (json_node_get_array (spec), 0)))
          to_v3_combo (json_node_get_array (spec));
    }
}

/**
 * _fake_object_info:
 *
 * Returns: (transfer full) (nullable): `{class: definition}` with this fake's checkpoints and
 *   combo format, or %NULL for an unknown class.
 */
JsonNode *
_fake_object_info (EaselFakeComfyui *self,
                   const char       *class_type)
{
  JsonObject *def = easel_json_object_get_object (self->object_info, class_type);
  g_autoptr(JsonObject) copy = NULL;
  JsonObject *wrapper;
  JsonNode *node;

  if (def == NULL)
    return NULL;
  copy = easel_json_object_deep_copy (def);

  if (g_str_equal (class_type, "CheckpointLoaderSimple"))
    {
      JsonObject *required = easel_json_object_get_object (
        easel_json_object_get_object (copy, "input"), "required");
      JsonArray *spec = easel_json_object_get_array (required, "ckpt_name");

      if (spec != NULL && json_array_get_length (spec) > 0)
        {
          JsonNode *options = strv_array ((const char * const *) self->checkpoints);
          JsonNode *extra = json_array_get_length (spec) > 1 ?
                            easel_json_deep_copy (json_array_get_element (spec, 1)) : NULL;

          while (json_array_get_length (spec) > 0)
            json_array_remove_element (spec, 0);
          json_array_add_element (spec, options);
          if (extra != NULL)
            json_array_add_element (spec, extra);
        }
    }
  if (self->v3_combos)
    convert_combos (copy);

  wrapper = json_object_new ();
  json_object_set_object_member (wrapper, class_type, g_steal_pointer (&copy));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, wrapper);
  return node;
}

/* The `[TYPE, options]` spec of one input, as /object_info serves it; %NULL if unknown. */
JsonNode *
_fake_input_spec (EaselFakeComfyui *self,
                  const char       *class_type,
                  const char       *input)
{
  g_autoptr(JsonNode) info = _fake_object_info (self, class_type);
  JsonObject *inputs;
  static const char * const sections[] = { "required", "optional" };

  if (info == NULL)
    return NULL;
  inputs = easel_json_object_get_object (
    easel_json_object_get_object (json_node_get_object (info), class_type), "input");
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonObject *section = easel_json_object_get_object (inputs, sections[s]);
      JsonNode *spec = section != NULL ? json_object_get_member (section, input) : NULL;

      if (spec != NULL)
        return easel_json_deep_copy (spec);
    }
  return NULL;
}

/* The options of a combo input in either format, or %NULL when it is not a combo. */
GPtrArray *
_fake_combo_options (EaselFakeComfyui *self,
                     const char       *class_type,
                     const char       *input)
{
  g_autoptr(JsonNode) spec = _fake_input_spec (self, class_type, input);
  JsonArray *array;
  JsonArray *options = NULL;
  GPtrArray *out;

  if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
    return NULL;
  array = json_node_get_array (spec);
  if (json_array_get_length (array) == 0)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (json_array_get_element (array, 0)))
    options = json_node_get_array (json_array_get_element (array, 0));
  else if (g_strcmp0 (json_array_get_string_element (array, 0), "COMBO") == 0 &&
           json_array_get_length (array) > 1)
    options = easel_json_object_get_array (json_array_get_object_element (array, 1), "options");
  if (options == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *element = json_array_get_element (options, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (out, g_strdup (json_node_get_string (element)));
    }
  return out;
}
