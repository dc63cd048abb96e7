/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-graph.c: finding where Easel's settings go in an API-format workflow
 * (protocols/comfyui.md §13): by node class (the sampler, the text encoders reached through its
 * positive and negative links, the latent, the checkpoint loader) or by the user's explicit
 * mapping; and refusing workflows and mappings that cannot work, with the reason. Pure.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-comfyui-workflow.h"
#include "easel-comfyui-workflow-private.h"
#include "easel-error.h"
#include "easel-json.h"
#include "easel-provider-config.h"

const EaselComfyuiTargetInfo _easel_comfyui_targets[N_TARGETS] = {
  [TARGET_PROMPT]    = { "prompt", { "positive", "positive_prompt", NULL }, N_("prompt"),
                         N_("workflow has no positive CLIPTextEncode") },
  [TARGET_NEGATIVE]  = { "negative_prompt", { "negative", NULL }, N_("negative prompt"),
                         N_("workflow has no negative CLIPTextEncode") },
  [TARGET_WIDTH]     = { "width", { NULL }, N_("width"),
                         N_("workflow has no EmptyLatentImage or EmptyImage") },
  [TARGET_HEIGHT]    = { "height", { NULL }, N_("height"),
                         N_("workflow has no EmptyLatentImage or EmptyImage") },
  [TARGET_COUNT]     = { "count", { "batch_size", NULL }, N_("count"),
                         N_("workflow has no EmptyLatentImage or EmptyImage") },
  [TARGET_SEED]      = { "seed", { "noise_seed", NULL }, N_("seed"),
                         N_("workflow has no KSampler") },
  [TARGET_STEPS]     = { "steps", { NULL }, N_("steps"),
                         N_("workflow has no KSampler") },
  [TARGET_CFG]       = { "guidance_scale", { "cfg", "guidance", NULL }, N_("guidance"),
                         N_("workflow has no KSampler") },
  [TARGET_SAMPLER]   = { "sampler", { "sampler_name", NULL }, N_("sampler"),
                         N_("workflow has no KSampler") },
  [TARGET_SCHEDULER] = { "scheduler", { NULL }, N_("scheduler"),
                         N_("workflow has no KSampler") },
  [TARGET_MODEL]     = { "model", { "checkpoint", "ckpt_name", NULL }, N_("model"),
                         N_("workflow has no CheckpointLoaderSimple") },
};

/* Output nodes of core ComfyUI and the websocket saver; any class whose name says it saves or
 * previews is taken as one too, so custom savers ("Image Save", "SaveImageExtended") pass.
 */
static const char * const output_classes[] = {
  "SaveImage", "PreviewImage", "SaveImageWebsocket", "SaveAnimatedWEBP", "SaveAnimatedPNG",
  "SaveLatent", "SaveVideo", "SaveWEBM", "SaveAudio", "PreviewAudio", "SaveGLB", "SaveSVGNode",
  "ImageAndMaskPreview", "PreviewAny",
};

static const char * const latent_classes[] = {
  "EmptyLatentImage", "EmptySD3LatentImage", "EmptyImage",
};

void
_easel_comfyui_pair_free (EaselComfyuiPair *pair)
{
  g_free (pair->node_id);
  g_free (pair->input);
  g_free (pair);
}

static EaselComfyuiPair *
pair_new (const char *node_id,
          const char *input)
{
  EaselComfyuiPair *pair = g_new0 (EaselComfyuiPair, 1);

  pair->node_id = g_strdup (node_id);
  pair->input = g_strdup (input);
  return pair;
}

gboolean
easel_comfyui_class_is_output (const char *class_type)
{
  if (class_type == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (output_classes); i++)
    if (g_str_equal (class_type, output_classes[i]))
      return TRUE;
  return strstr (class_type, "Save") != NULL || strstr (class_type, "Preview") != NULL;
}

gboolean
easel_comfyui_class_is_sampler (const char *class_type)
{
  return g_strcmp0 (class_type, "KSampler") == 0 ||
         g_strcmp0 (class_type, "KSamplerAdvanced") == 0;
}

static gboolean
class_is_latent (const char *class_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (latent_classes); i++)
    if (g_strcmp0 (class_type, latent_classes[i]) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
node_get (JsonObject *graph,
          const char *node_id)
{
  return easel_json_object_get_object (graph, node_id);
}

const char *
_easel_comfyui_node_class (JsonObject *graph,
            const char *node_id)
{
  return easel_json_object_get_string (node_get (graph, node_id), "class_type");
}

JsonObject *
_easel_comfyui_node_inputs (JsonObject *graph,
             const char *node_id)
{
  return easel_json_object_get_object (node_get (graph, node_id), "inputs");
}

/* A link is exactly [string node id, int output index] (§13). */
static const char *
input_link_source (JsonNode *value)
{
  JsonArray *array;
  JsonNode *first;
  gint64 index;

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return NULL;
  array = json_node_get_array (value);
  if (json_array_get_length (array) != 2)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING ||
      !easel_json_get_int (json_array_get_element (array, 1), &index))
    return NULL;
  return json_node_get_string (first);
}

char *
easel_comfyui_workflow_describe_node (JsonObject *graph,
                                      const char *node_id)
{
  JsonObject *node = node_get (graph, node_id);
  const char *class_type = easel_json_object_get_string (node, "class_type");
  const char *title = easel_json_object_get_string (easel_json_object_get_object (node, "_meta"),
                                                    "title");

  if (class_type == NULL)
    return g_strdup_printf (_("node %s"), node_id);
  if (title != NULL && *title != '\0' && g_strcmp0 (title, class_type) != 0)
    return g_strdup_printf (_("“%s” (%s, node %s)"), title, class_type, node_id);
  return g_strdup_printf (_("%s (node %s)"), class_type, node_id);
}

/* Walks upstream from @node_id's @input through conditioning nodes (ControlNet, combine, …) to
 * the first CLIPTextEncode nodes, breadth first and bounded.
 */
static void
find_text_encoders (JsonObject *graph,
                    const char *node_id,
                    const char *input,
                    GPtrArray  *out)
{
  g_autoptr(GPtrArray) frontier = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *inputs = _easel_comfyui_node_inputs (graph, node_id);
  const char *first = input_link_source (inputs != NULL ? json_object_get_member (inputs, input)
                                                        : NULL);

  if (first == NULL)
    return;
  g_ptr_array_add (frontier, (gpointer) first);

  for (guint depth = 0; depth < 12 && frontier->len > 0; depth++)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      for (guint i = 0; i < frontier->len; i++)
        {
          const char *id = g_ptr_array_index (frontier, i);
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;
          JsonObject *up_inputs;

          if (g_hash_table_contains (seen, id) || node_get (graph, id) == NULL)
            continue;
          g_hash_table_add (seen, (gpointer) id);

          if (g_strcmp0 (_easel_comfyui_node_class (graph, id), "CLIPTextEncode") == 0)
            {
              if (!g_ptr_array_find_with_equal_func (out, id, g_str_equal, NULL))
                g_ptr_array_add (out, g_strdup (id));
              continue;
            }
          up_inputs = _easel_comfyui_node_inputs (graph, id);
          if (up_inputs == NULL)
            continue;
          json_object_iter_init_ordered (&iter, up_inputs);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              const char *source = input_link_source (value);

              /* Only conditioning flows lead to the text; skip model/clip/image inputs. */
              if (source != NULL && g_strcmp0 (name, "clip") != 0 &&
                  g_strcmp0 (name, "model") != 0 && g_strcmp0 (name, "vae") != 0 &&
                  g_strcmp0 (name, "image") != 0 && g_strcmp0 (name, "control_net") != 0)
                g_ptr_array_add (next, (gpointer) source);
            }
        }
      g_ptr_array_set_size (frontier, 0);
      g_ptr_array_extend_and_steal (frontier, g_steal_pointer (&next));
    }
}

static GPtrArray *
nodes_of_class (JsonObject *graph,
                gboolean  (*predicate) (const char *class_type))
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    if (JSON_NODE_HOLDS_OBJECT (node) &&
        predicate (easel_json_object_get_string (json_node_get_object (node), "class_type")))
      g_ptr_array_add (ids, g_strdup (id));
  return ids;
}

static gboolean
class_is_checkpoint_loader (const char *class_type)
{
  return g_strcmp0 (class_type, "CheckpointLoaderSimple") == 0;
}

/* The latent nodes feeding a sampler; when none is linked, every latent node of the graph. */
static GPtrArray *
find_latent_nodes (JsonObject *graph,
                   GPtrArray  *samplers)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < samplers->len; i++)
    {
      JsonObject *inputs = _easel_comfyui_node_inputs (graph, g_ptr_array_index (samplers, i));
      const char *source = input_link_source (inputs != NULL ?
                                              json_object_get_member (inputs, "latent_image") :
                                              NULL);

      if (source != NULL && class_is_latent (_easel_comfyui_node_class (graph, source)) &&
          !g_ptr_array_find_with_equal_func (ids, source, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (source));
    }
  if (ids->len == 0)
    {
      g_ptr_array_unref (ids);
      ids = nodes_of_class (graph, class_is_latent);
    }
  return ids;
}

/* Discovery by node class (protocols/comfyui.md §13): every sampler, the text encoders reached
 * through their positive and negative links, the latent nodes and the checkpoint loaders.
 */
void
_easel_comfyui_discover_targets (JsonObject *graph,
                  GPtrArray  *pairs[N_TARGETS])
{
  g_autoptr(GPtrArray) samplers = nodes_of_class (graph, easel_comfyui_class_is_sampler);
  g_autoptr(GPtrArray) positive = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) negative = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) latents = find_latent_nodes (graph, samplers);
  g_autoptr(GPtrArray) loaders = nodes_of_class (graph, class_is_checkpoint_loader);

  for (guint i = 0; i < samplers->len; i++)
    {
      const char *id = g_ptr_array_index (samplers, i);
      gboolean advanced = g_strcmp0 (_easel_comfyui_node_class (graph, id), "KSamplerAdvanced") == 0;

      find_text_encoders (graph, id, "positive", positive);
      find_text_encoders (graph, id, "negative", negative);
      g_ptr_array_add (pairs[TARGET_SEED], pair_new (id, advanced ? "noise_seed" : "seed"));
      g_ptr_array_add (pairs[TARGET_STEPS], pair_new (id, "steps"));
      g_ptr_array_add (pairs[TARGET_CFG], pair_new (id, "cfg"));
      g_ptr_array_add (pairs[TARGET_SAMPLER], pair_new (id, "sampler_name"));
      g_ptr_array_add (pairs[TARGET_SCHEDULER], pair_new (id, "scheduler"));
    }

  for (guint i = 0; i < positive->len; i++)
    g_ptr_array_add (pairs[TARGET_PROMPT], pair_new (g_ptr_array_index (positive, i), "text"));
  /* An encoder shared by both sides takes the prompt: writing the negative there would replace
   * it.
   */
  for (guint i = 0; i < negative->len; i++)
    if (!g_ptr_array_find_with_equal_func (positive, g_ptr_array_index (negative, i),
                                           g_str_equal, NULL))
      g_ptr_array_add (pairs[TARGET_NEGATIVE], pair_new (g_ptr_array_index (negative, i), "text"));

  for (guint i = 0; i < latents->len; i++)
    {
      const char *id = g_ptr_array_index (latents, i);

      g_ptr_array_add (pairs[TARGET_WIDTH], pair_new (id, "width"));
      g_ptr_array_add (pairs[TARGET_HEIGHT], pair_new (id, "height"));
      g_ptr_array_add (pairs[TARGET_COUNT], pair_new (id, "batch_size"));
    }

  for (guint i = 0; i < loaders->len; i++)
    g_ptr_array_add (pairs[TARGET_MODEL], pair_new (g_ptr_array_index (loaders, i), "ckpt_name"));
}

static int
target_from_key (const char *key)
{
  for (int t = 0; t < N_TARGETS; t++)
    {
      if (g_str_equal (key, _easel_comfyui_targets[t].key))
        return t;
      for (guint a = 0; _easel_comfyui_targets[t].aliases[a] != NULL; a++)
        if (g_str_equal (key, _easel_comfyui_targets[t].aliases[a]))
          return t;
    }
  return -1;
}

static GError *
mapping_error (const char *format,
               ...) G_GNUC_PRINTF (1, 2);

static GError *
mapping_error (const char *format,
               ...)
{
  g_autofree char *text = NULL;
  GError *error;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                       _("The workflow mapping is not usable: %s. Fix it in the provider's "
                         "settings."), text);
  easel_provider_error_set_field (error, "workflow_mapping");
  return error;
}

/* A mapping names a node by id or, failing that, by a unique `_meta.title`. */
static const char *
resolve_node (JsonObject *graph,
              const char *ref)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  const char *found = NULL;

  if (node_get (graph, ref) != NULL)
    return ref;

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      JsonObject *meta;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      meta = easel_json_object_get_object (json_node_get_object (node), "_meta");
      if (g_strcmp0 (easel_json_object_get_string (meta, "title"), ref) == 0)
        {
          if (found != NULL)
            return NULL;
          found = id;
        }
    }
  return found;
}

static char *
describe_inputs (JsonObject *inputs)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, inputs);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, name);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : g_strdup (_("none"));
}

static gboolean
read_mapping_pair (JsonObject  *graph,
                   const char  *key,
                   JsonArray   *pair,
                   GPtrArray   *out,
                   GError     **error)
{
  JsonNode *ref_node;
  JsonNode *input_node;
  const char *ref;
  const char *input;
  const char *node_id;
  JsonObject *inputs;

  if (json_array_get_length (pair) != 2)
    {
      *error = mapping_error (_("“%s” must be [node id, input name]"), key);
      return FALSE;
    }
  ref_node = json_array_get_element (pair, 0);
  input_node = json_array_get_element (pair, 1);
  if (!JSON_NODE_HOLDS_VALUE (ref_node) || !JSON_NODE_HOLDS_VALUE (input_node) ||
      json_node_get_value_type (input_node) != G_TYPE_STRING)
    {
      *error = mapping_error (_("“%s” must be [node id, input name]"), key);
      return FALSE;
    }

  if (json_node_get_value_type (ref_node) == G_TYPE_STRING)
    ref = json_node_get_string (ref_node);
  else
    {
      g_autofree char *text = NULL;
      gint64 number;

      if (!easel_json_get_int (ref_node, &number))
        {
          *error = mapping_error (_("“%s” must be [node id, input name]"), key);
          return FALSE;
        }
      text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      ref = g_intern_string (text);
    }
  input = json_node_get_string (input_node);

  node_id = resolve_node (graph, ref);
  if (node_id == NULL)
    {
      *error = mapping_error (_("“%s” names node %s, which is not in the workflow"), key, ref);
      return FALSE;
    }
  inputs = _easel_comfyui_node_inputs (graph, node_id);
  if (inputs == NULL || !json_object_has_member (inputs, input))
    {
      g_autofree char *node = easel_comfyui_workflow_describe_node (graph, node_id);
      g_autofree char *has = inputs != NULL ? describe_inputs (inputs) : g_strdup (_("none"));

      *error = mapping_error (_("“%s” names input “%s” of %s, which has no such input "
                                "(it has: %s)"), key, input, node, has);
      return FALSE;
    }
  g_ptr_array_add (out, pair_new (node_id, input));
  return TRUE;
}

/* `{"width": ["5", "width"], "seed": [["3", "seed"], ["10", "noise_seed"]], …}` */
gboolean
_easel_comfyui_read_mapping (const char  *text,
              JsonObject  *graph,
              GPtrArray   *pairs[N_TARGETS],
              gboolean     mapped[N_TARGETS],
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      *error = mapping_error (_("it is not valid JSON (%s)"), local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *error = mapping_error (_("it must be a JSON object such as "
                                "{\"width\": [\"5\", \"width\"]}"));
      return FALSE;
    }

  json_object_iter_init_ordered (&iter, json_node_get_object (root));
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      int target = target_from_key (key);
      JsonArray *array;

      if (target < 0)
        {
          *error = mapping_error (_("“%s” is not a setting Easel can fill (use prompt, "
                                    "negative_prompt, width, height, count, seed, steps, cfg, "
                                    "sampler, scheduler or model)"), key);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (value))
        {
          *error = mapping_error (_("“%s” must be [node id, input name]"), key);
          return FALSE;
        }
      mapped[target] = TRUE;
      g_ptr_array_set_size (pairs[target], 0);
      array = json_node_get_array (value);

      if (json_array_get_length (array) > 0 &&
          JSON_NODE_HOLDS_ARRAY (json_array_get_element (array, 0)))
        {
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_ARRAY (element))
                {
                  *error = mapping_error (_("“%s” must be [node id, input name]"), key);
                  return FALSE;
                }
              if (!read_mapping_pair (graph, key, json_node_get_array (element), pairs[target],
                                      error))
                return FALSE;
            }
        }
      else if (!read_mapping_pair (graph, key, array, pairs[target], error))
        return FALSE;
    }
  return TRUE;
}

static GError *
workflow_error (const char *message)
{
  GError *error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                               _("The custom ComfyUI workflow cannot be used: %s"), message);

  easel_provider_error_set_field (error, "workflow");
  return error;
}

/* Parses a user's API-format workflow into a graph we own (mutable). */
JsonObject *
_easel_comfyui_parse_workflow (const char  *text,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *graph;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  gboolean has_output = FALSE;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("it is not valid JSON (%s)"),
                                                  local_error->message);
      *error = workflow_error (message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *error = workflow_error (_("it must be a JSON object of nodes, as ComfyUI's "
                                 "“Export (API)” writes it"));
      return NULL;
    }
  graph = json_node_get_object (json_parser_get_root (parser));

  if (json_object_has_member (graph, "nodes") && json_object_has_member (graph, "links"))
    {
      *error = workflow_error (_("this is the editor format (workflow.json). In ComfyUI use "
                                 "Workflow → Export (API) (older versions: enable the "
                                 "dev mode options and use Save (API))"));
      return NULL;
    }
  /* A whole POST /prompt body pasted in: use its graph. */
  if (easel_json_object_get_object (graph, "prompt") != NULL &&
      easel_json_object_get_string (easel_json_object_get_object (graph, "prompt"),
                                    "class_type") == NULL)
    graph = easel_json_object_get_object (graph, "prompt");

  if (json_object_get_size (graph) == 0)
    {
      *error = workflow_error (_("it has no nodes"));
      return NULL;
    }

  json_object_iter_init_ordered (&iter, graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *class_type = easel_json_object_get_string (object, "class_type");

      if (class_type == NULL || *class_type == '\0')
        {
          g_autofree char *message =
            g_strdup_printf (_("node %s has no class_type; export the workflow with "
                               "Export (API)"), id);
          *error = workflow_error (message);
          return NULL;
        }
      if (easel_json_object_get_object (object, "inputs") == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("node %s (%s) has no inputs object"),
                                                      id, class_type);
          *error = workflow_error (message);
          return NULL;
        }
      if (easel_comfyui_class_is_output (class_type))
        has_output = TRUE;
    }

  if (!has_output)
    {
      *error = workflow_error (_("it has no output node (SaveImage, PreviewImage or "
                                 "SaveImageWebsocket), so ComfyUI would refuse it with "
                                 "“Prompt has no outputs”. Add a Save Image node and export "
                                 "it again"));
      return NULL;
    }

  return easel_json_object_deep_copy (graph);
}

/**
 * easel_comfyui_workflow_field_for_input:
 *
 * The Easel setting ("width", "model", "sampler", …) written into @node_id's @input_name, from
 * the explicit mapping or the node-class rules; used to name the field of a server-side
 * validation error.
 *
 * Returns: (transfer full) (nullable): the setting's name, or %NULL when the input is not one
 *   Easel fills.
 */
char *
easel_comfyui_workflow_field_for_input (const EaselProviderConfig *config,
                                        JsonObject                *graph,
                                        const char                *node_id,
                                        const char                *input_name)
{
  GPtrArray *pairs[N_TARGETS];
  gboolean mapped_by_user[N_TARGETS] = { FALSE, };
  g_autoptr(GError) error = NULL;
  char *field = NULL;

  g_return_val_if_fail (node_id != NULL && input_name != NULL, NULL);

  if (graph == NULL)
    return NULL;

  for (int t = 0; t < N_TARGETS; t++)
    pairs[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) _easel_comfyui_pair_free);

  _easel_comfyui_discover_targets (graph, pairs);
  if (config != NULL && config->workflow != NULL && *config->workflow != '\0' &&
      config->workflow_mapping != NULL && *config->workflow_mapping != '\0')
    _easel_comfyui_read_mapping (config->workflow_mapping, graph, pairs, mapped_by_user, &error);

  for (int t = 0; t < N_TARGETS && field == NULL; t++)
    for (guint i = 0; i < pairs[t]->len && field == NULL; i++)
      {
        EaselComfyuiPair *pair = g_ptr_array_index (pairs[t], i);

        if (g_str_equal (pair->node_id, node_id) && g_str_equal (pair->input, input_name))
          field = g_strdup (_easel_comfyui_targets[t].key);
      }

  for (int t = 0; t < N_TARGETS; t++)
    g_ptr_array_unref (pairs[t]);
  return field;
}
