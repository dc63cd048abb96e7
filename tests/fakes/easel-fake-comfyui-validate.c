/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-fake-comfyui-validate.c: the fake's prompt validation, after execution.py
 * validate_prompt / validate_inputs (protocols/comfyui.md §4), so the 400 bodies of
 * transcripts 18-21 come out of the submitted graph itself.
 */
#define G_LOG_DOMAIN "easel-fake-comfyui"

#include "config.h"

#include <string.h>

#include "easel-fake-comfyui-private.h"
#include "easel-fake-util.h"
#include "easel-json.h"

/* ---- small JSON helpers ------------------------------------------------------------------ */

JsonNode *
_fake_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonObject *
_fake_error_object (const char *type,
              const char *message,
              const char *details,
              JsonObject *extra_info)
{
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "type", type);
  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "details", details);
  json_object_set_object_member (error, "extra_info",
                                 extra_info != NULL ? extra_info : json_object_new ());
  return error;
}

JsonNode *
_fake_error_body (JsonObject *error,
            JsonObject *node_errors)
{
  JsonObject *body = json_object_new ();

  json_object_set_object_member (body, "error", error);
  json_object_set_object_member (body, "node_errors",
                                 node_errors != NULL ? node_errors : json_object_new ());
  return _fake_object_node (body);
}

const char *
_fake_link_source (JsonNode *value)
{
  JsonArray *array;

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return NULL;
  array = json_node_get_array (value);
  if (json_array_get_length (array) != 2 ||
      !JSON_NODE_HOLDS_VALUE (json_array_get_element (array, 0)) ||
      json_node_get_value_type (json_array_get_element (array, 0)) != G_TYPE_STRING)
    return NULL;
  return json_array_get_string_element (array, 0);
}

JsonObject *
_fake_graph_node (JsonObject *graph,
            const char *id)
{
  return easel_json_object_get_object (graph, id);
}

const char *
_fake_graph_class (JsonObject *graph,
             const char *id)
{
  return easel_json_object_get_string (_fake_graph_node (graph, id), "class_type");
}

JsonObject *
_fake_graph_inputs (JsonObject *graph,
              const char *id)
{
  return easel_json_object_get_object (_fake_graph_node (graph, id), "inputs");
}

/* ---- validation (execution.py validate_prompt / validate_inputs) -------------------------- */

typedef struct
{
  gboolean   valid;
  JsonArray *reasons;
} NodeResult;

static void
node_result_free (NodeResult *result)
{
  json_array_unref (result->reasons);
  g_free (result);
}

typedef struct
{
  EaselFakeComfyui *fake;
  JsonObject       *graph;
  GHashTable       *validated;  /* id → NodeResult */
  GPtrArray        *order;      /* validated ids in insertion order */
  char             *missing;    /* the node a link named that does not exist (KeyError) */
} Validation;

static JsonObject *
value_reason (const char *type,
              const char *message,
              const char *input,
              JsonNode   *spec,
              JsonNode   *value)
{
  JsonObject *extra = json_object_new ();

  json_object_set_string_member (extra, "input_name", input);
  json_object_set_member (extra, "input_config",
                          spec != NULL ? easel_json_deep_copy (spec) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (extra, "received_value", easel_json_deep_copy (value));
  return _fake_error_object (type, message, input, extra);
}

static gboolean validate_node (Validation *v,
                               const char *id);

static void
check_value (Validation *v,
             const char *class_type,
             const char *input,
             JsonNode   *value,
             JsonArray  *reasons)
{
  g_autoptr(JsonNode) spec = _fake_input_spec (v->fake, class_type, input);
  g_autoptr(GPtrArray) options = NULL;
  JsonArray *spec_array;
  const char *type;
  JsonObject *extra;
  double number;

  if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
    return;
  spec_array = json_node_get_array (spec);
  extra = json_array_get_length (spec_array) > 1 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (spec_array, 1)) ?
          json_array_get_object_element (spec_array, 1) : NULL;

  options = _fake_combo_options (v->fake, class_type, input);
  if (options != NULL)
    {
      const char *text = JSON_NODE_HOLDS_VALUE (value) &&
                         json_node_get_value_type (value) == G_TYPE_STRING ?
                         json_node_get_string (value) : NULL;

      if (text == NULL || !g_ptr_array_find_with_equal_func (options, text, g_str_equal, NULL))
        {
          g_autofree char *list = options->len > 20 ?
                                  g_strdup_printf ("(list of length %u)", options->len) :
                                  _fake_python_repr_list (options);
          g_autofree char *value_text = text != NULL ? g_strdup (text) : _fake_json (value);
          g_autofree char *details = g_strdup_printf ("%s: '%s' not in %s", input, value_text,
                                                      list);
          g_autoptr(JsonNode) null_spec = json_node_new (JSON_NODE_NULL);
          JsonObject *reason = value_reason ("value_not_in_list", "Value not in list", input,
                                             options->len > 20 ? null_spec : spec, value);

          json_object_set_string_member (reason, "details", details);
          json_array_add_object_element (reasons, reason);
        }
      return;
    }

  type = json_array_get_length (spec_array) > 0 &&
         JSON_NODE_HOLDS_VALUE (json_array_get_element (spec_array, 0)) ?
         json_array_get_string_element (spec_array, 0) : NULL;
  if (g_strcmp0 (type, "INT") != 0 && g_strcmp0 (type, "FLOAT") != 0)
    return;

  if (!easel_json_get_number (value, &number))
    {
      g_autofree char *value_text = _fake_json (value);
      g_autofree char *message = g_strdup_printf ("Failed to convert an input value to a %s "
                                                  "value", type);
      g_autofree char *details = g_strdup_printf ("%s, %s, invalid literal", input, value_text);
      JsonObject *reason = value_reason ("invalid_input_type", message, input, spec, value);

      json_object_set_string_member (reason, "details", details);
      json_array_add_object_element (reasons, reason);
      return;
    }

  if (extra != NULL)
    {
      JsonNode *min = json_object_get_member (extra, "min");
      JsonNode *max = json_object_get_member (extra, "max");
      double bound;

      if (easel_json_get_number (min, &bound) && number < bound)
        {
          g_autofree char *value_text = _fake_json (value);
          g_autofree char *bound_text = _fake_json (min);
          g_autofree char *message = g_strdup_printf ("Value %s smaller than min of %s",
                                                      value_text, bound_text);

          json_array_add_object_element (reasons,
                                         value_reason ("value_smaller_than_min", message, input,
                                                       spec, value));
        }
      else if (easel_json_get_number (max, &bound) && number > bound)
        {
          g_autofree char *value_text = _fake_json (value);
          g_autofree char *bound_text = _fake_json (max);
          g_autofree char *message = g_strdup_printf ("Value %s bigger than max of %s",
                                                      value_text, bound_text);

          json_array_add_object_element (reasons,
                                         value_reason ("value_bigger_than_max", message, input,
                                                       spec, value));
        }
    }
}

/* Returns FALSE when a link names a missing node: Python raises KeyError there. */
static gboolean
validate_node (Validation *v,
               const char *id)
{
  const char *class_type = _fake_graph_class (v->graph, id);
  JsonObject *inputs = _fake_graph_inputs (v->graph, id);
  g_autoptr(JsonNode) info = _fake_object_info (v->fake, class_type);
  JsonObject *def = info != NULL ? easel_json_object_get_object (json_node_get_object (info),
                                                                 class_type) : NULL;
  JsonArray *required = easel_json_object_get_array (
    easel_json_object_get_object (def, "input_order"), "required");
  NodeResult *result = g_new0 (NodeResult, 1);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  result->valid = TRUE;
  result->reasons = json_array_new ();
  g_hash_table_insert (v->validated, g_strdup (id), result);
  g_ptr_array_add (v->order, g_strdup (id));

  for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
    {
      const char *input = json_array_get_string_element (required, i);

      if (inputs == NULL || !json_object_has_member (inputs, input))
        {
          JsonObject *extra = json_object_new ();

          json_object_set_string_member (extra, "input_name", input);
          json_array_add_object_element (result->reasons,
                                         _fake_error_object ("required_input_missing",
                                                       "Required input is missing", input,
                                                       extra));
          result->valid = FALSE;
        }
    }

  if (inputs == NULL)
    return TRUE;

  json_object_iter_init_ordered (&iter, inputs);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      const char *source = _fake_link_source (value);

      if (source != NULL)
        {
          NodeResult *upstream;

          if (_fake_graph_node (v->graph, source) == NULL)
            {
              g_free (v->missing);
              v->missing = g_strdup (source);
              return FALSE;
            }
          if (!g_hash_table_contains (v->validated, source) && !validate_node (v, source))
            return FALSE;
          upstream = g_hash_table_lookup (v->validated, source);
          if (!upstream->valid)
            result->valid = FALSE;
          continue;
        }
      if (def != NULL)
        {
          guint before = json_array_get_length (result->reasons);

          check_value (v, class_type, name, value, result->reasons);
          if (json_array_get_length (result->reasons) > before)
            result->valid = FALSE;
        }
    }
  return TRUE;
}

static JsonObject *
exception_reason (const char *missing)
{
  JsonObject *extra = json_object_new ();
  JsonArray *traceback = json_array_new ();
  g_autofree char *details = g_strdup_printf ("'%s'", missing);

  /* Transcript 21's traceback, paths scrubbed as recorded. */
  json_object_set_string_member (extra, "exception_type", "KeyError");
  json_array_add_string_element (traceback,
    "  File \"<comfyui-dir>/execution.py\", line 1016, in validate_prompt\n"
    "    m = await validate_inputs(prompt_id, prompt, o, validated)\n"
    "        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
  json_array_add_string_element (traceback,
    "  File \"<comfyui-dir>/execution.py\", line 794, in validate_inputs\n"
    "    o_class_type = prompt[o_id]['class_type']\n"
    "                   ~~~~~~^^^^^^\n");
  json_object_set_array_member (extra, "traceback", traceback);
  return _fake_error_object ("exception_during_validation", "Exception when validating node",
                       details, extra);
}

/**
 * _fake_validate:
 * @outputs: receives the output node ids that validated
 *
 * Returns: (transfer full) (nullable): the 400 body, or %NULL when the prompt may run.
 */
JsonNode *
_fake_validate (EaselFakeComfyui *self,
                JsonObject       *graph,
                GPtrArray        *outputs)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) details = g_string_new (NULL);
  JsonObject *node_errors;
  Validation v = { self, graph, NULL, NULL, NULL };
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      const char *class_type = JSON_NODE_HOLDS_OBJECT (node) ?
        easel_json_object_get_string (json_node_get_object (node), "class_type") : NULL;
      g_autofree char *where = g_strdup_printf ("Node ID '#%s'", id);

      if (class_type == NULL)
        return _fake_error_body (_fake_error_object ("invalid_prompt",
                                         "Cannot execute because a node is missing the "
                                         "class_type property.", where, NULL), NULL);
      if (!_fake_class_exists (self, class_type))
        {
          g_autofree char *message = g_strdup_printf ("Cannot execute because node %s does "
                                                      "not exist.", class_type);
          return _fake_error_body (_fake_error_object ("invalid_prompt", message, where, NULL), NULL);
        }
      if (_fake_class_is_output (self, class_type))
        g_ptr_array_add (candidates, g_strdup (id));
    }

  if (candidates->len == 0)
    return _fake_error_body (_fake_error_object ("prompt_no_outputs", "Prompt has no outputs", "", NULL),
                       NULL);

  v.validated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) node_result_free);
  v.order = g_ptr_array_new_with_free_func (g_free);
  node_errors = json_object_new ();

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *output = g_ptr_array_index (candidates, i);
      NodeResult *result;

      if (!g_hash_table_contains (v.validated, output) && !validate_node (&v, output))
        {
          result = g_new0 (NodeResult, 1);
          result->reasons = json_array_new ();
          json_array_add_object_element (result->reasons, exception_reason (v.missing));
          if (!g_ptr_array_find_with_equal_func (v.order, output, g_str_equal, NULL))
            g_ptr_array_add (v.order, g_strdup (output));
          g_hash_table_insert (v.validated, g_strdup (output), result);
        }
      result = g_hash_table_lookup (v.validated, output);

      if (result->valid)
        {
          g_ptr_array_add (outputs, g_strdup (output));
          continue;
        }

      for (guint j = 0; j < v.order->len; j++)
        {
          const char *vid = g_ptr_array_index (v.order, j);
          NodeResult *r = g_hash_table_lookup (v.validated, vid);
          JsonObject *entry;

          if (r->valid || json_array_get_length (r->reasons) == 0)
            continue;
          entry = easel_json_object_get_object (node_errors, vid);
          if (entry == NULL)
            {
              entry = json_object_new ();
              json_object_set_array_member (entry, "errors", json_array_ref (r->reasons));
              json_object_set_array_member (entry, "dependent_outputs", json_array_new ());
              json_object_set_string_member (entry, "class_type", _fake_graph_class (graph, vid));
              json_object_set_object_member (node_errors, vid, entry);
            }
          json_array_add_string_element (json_object_get_array_member (entry,
                                                                       "dependent_outputs"),
                                         output);
        }

      for (guint k = 0; k < json_array_get_length (result->reasons); k++)
        {
          JsonObject *reason = json_array_get_object_element (result->reasons, k);

          if (details->len > 0)
            g_string_append_c (details, '\n');
          g_string_append_printf (details, "%s: %s",
                                  easel_json_object_get_string (reason, "message"),
                                  easel_json_object_get_string (reason, "details"));
        }
    }

  g_hash_table_unref (v.validated);
  g_ptr_array_unref (v.order);
  g_free (v.missing);

  if (outputs->len == 0)
    return _fake_error_body (_fake_error_object ("prompt_outputs_failed_validation",
                                     "Prompt outputs failed validation", details->str, NULL),
                       node_errors);
  json_object_unref (node_errors);
  return NULL;
}

/* `value_not_in_list` on ckpt_name, as validation writes it for a missing model. */
JsonNode *
_fake_missing_checkpoint_error (EaselFakeComfyui *self,
                                JsonObject       *graph)
{
  const char *node_id = "4";
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) spec = _fake_input_spec (self, "CheckpointLoaderSimple", "ckpt_name");
  g_autoptr(GPtrArray) options = _fake_combo_options (self, "CheckpointLoaderSimple",
                                                      "ckpt_name");
  g_autofree char *list = NULL;
  g_autofree char *details = NULL;
  const char *name = "missing_model.safetensors";
  JsonObject *node_errors = json_object_new ();
  JsonObject *entry = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonArray *dependents = json_array_new ();
  JsonObject *reason;

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    if (g_strcmp0 (_fake_graph_class (graph, id), "CheckpointLoaderSimple") == 0)
      {
        const char *ckpt = easel_json_object_get_string (_fake_graph_inputs (graph, id), "ckpt_name");

        node_id = id;
        if (ckpt != NULL)
          name = ckpt;
        break;
      }
  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    if (_fake_class_is_output (self, _fake_graph_class (graph, id)))
      json_array_add_string_element (dependents, id);

  json_node_set_string (value, name);
  list = options->len > 20 ? g_strdup_printf ("(list of length %u)", options->len)
                           : _fake_python_repr_list (options);
  details = g_strdup_printf ("ckpt_name: '%s' not in %s", name, list);
  if (options->len > 20)
    {
      g_clear_pointer (&spec, json_node_unref);
      spec = json_node_new (JSON_NODE_NULL);
    }
  reason = value_reason ("value_not_in_list", "Value not in list", "ckpt_name", spec, value);
  json_object_set_string_member (reason, "details", details);
  json_array_add_object_element (errors, reason);
  json_object_set_array_member (entry, "errors", errors);
  json_object_set_array_member (entry, "dependent_outputs", dependents);
  json_object_set_string_member (entry, "class_type", "CheckpointLoaderSimple");
  json_object_set_object_member (node_errors, node_id, entry);

  return _fake_error_body (_fake_error_object ("prompt_outputs_failed_validation",
                                   "Prompt outputs failed validation", "", NULL),
                     node_errors);
}
