/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-workflow.c: Easel's settings → a ComfyUI API-format graph (protocols/comfyui.md
 * §13). Pure: no I/O, no randomness. The provider adds client_id, prompt_id and extra_data.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-capabilities.h"
#include "easel-comfyui-workflow.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-provider-config.h"

/* The settings Easel can write into a graph. The key is EaselImageSetting's JSON name; the
 * aliases are accepted in an explicit workflow mapping.
 */
typedef enum
{
  TARGET_PROMPT,
  TARGET_NEGATIVE,
  TARGET_WIDTH,
  TARGET_HEIGHT,
  TARGET_COUNT,
  TARGET_SEED,
  TARGET_STEPS,
  TARGET_CFG,
  TARGET_SAMPLER,
  TARGET_SCHEDULER,
  TARGET_MODEL,
  N_TARGETS
} Target;

static const struct
{
  const char *key;
  const char *aliases[4];
  const char *label;
  const char *missing; /* what the workflow lacks when nothing receives the setting */
} targets[N_TARGETS] = {
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

/* The values to write. Unset numbers are 0 (or has_* FALSE), unset strings NULL. */
typedef struct
{
  const char *prompt;
  const char *negative;
  int         width;
  int         height;
  int         count;
  gboolean    has_seed;
  gint64      seed;
  int         steps;
  gboolean    has_cfg;
  double      cfg;
  char       *sampler;
  char       *scheduler;
  const char *model;
} Values;

typedef struct
{
  char *node_id;
  char *input;
} Pair;

static void
pair_free (Pair *pair)
{
  g_free (pair->node_id);
  g_free (pair->input);
  g_free (pair);
}

static Pair *
pair_new (const char *node_id,
          const char *input)
{
  Pair *pair = g_new0 (Pair, 1);

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

/* FNV-1a over the prompt id, kept below 2^53 (protocols/comfyui.md §16: seeds that survive any
 * JavaScript tool). Deterministic, so the mapping stays pure, and new for every job.
 */
gint64
easel_comfyui_seed_for_prompt_id (const char *prompt_id)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  g_return_val_if_fail (prompt_id != NULL, 0);

  for (const char *p = prompt_id; *p != '\0'; p++)
    {
      hash ^= (guchar) *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return (gint64) (hash & ((G_GUINT64_CONSTANT (1) << 53) - 1));
}

static JsonObject *
node_get (JsonObject *graph,
          const char *node_id)
{
  return easel_json_object_get_object (graph, node_id);
}

static const char *
node_class (JsonObject *graph,
            const char *node_id)
{
  return easel_json_object_get_string (node_get (graph, node_id), "class_type");
}

static JsonObject *
node_inputs (JsonObject *graph,
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
  JsonObject *inputs = node_inputs (graph, node_id);
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

          if (g_strcmp0 (node_class (graph, id), "CLIPTextEncode") == 0)
            {
              if (!g_ptr_array_find_with_equal_func (out, id, g_str_equal, NULL))
                g_ptr_array_add (out, g_strdup (id));
              continue;
            }
          up_inputs = node_inputs (graph, id);
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
      JsonObject *inputs = node_inputs (graph, g_ptr_array_index (samplers, i));
      const char *source = input_link_source (inputs != NULL ?
                                              json_object_get_member (inputs, "latent_image") :
                                              NULL);

      if (source != NULL && class_is_latent (node_class (graph, source)) &&
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
static void
discover_targets (JsonObject *graph,
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
      gboolean advanced = g_strcmp0 (node_class (graph, id), "KSamplerAdvanced") == 0;

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
      if (g_str_equal (key, targets[t].key))
        return t;
      for (guint a = 0; targets[t].aliases[a] != NULL; a++)
        if (g_str_equal (key, targets[t].aliases[a]))
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
  inputs = node_inputs (graph, node_id);
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
static gboolean
read_mapping (const char  *text,
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
static JsonObject *
parse_workflow (const char  *text,
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

/* A1111-style sampler names ("DPM++ 2M Karras") → ComfyUI's sampler and scheduler. */
static const struct
{
  const char *a1111;
  const char *sampler;
} sampler_names[] = {
  { "euler a", "euler_ancestral" },
  { "euler", "euler" },
  { "lms", "lms" },
  { "heun", "heun" },
  { "dpm2", "dpm_2" },
  { "dpm2 a", "dpm_2_ancestral" },
  { "dpm++ 2s a", "dpmpp_2s_ancestral" },
  { "dpm++ 2m", "dpmpp_2m" },
  { "dpm++ sde", "dpmpp_sde" },
  { "dpm++ 2m sde", "dpmpp_2m_sde" },
  { "dpm++ 2m sde heun", "dpmpp_2m_sde_heun" },
  { "dpm++ 3m sde", "dpmpp_3m_sde" },
  { "dpm fast", "dpm_fast" },
  { "dpm adaptive", "dpm_adaptive" },
  { "lcm", "lcm" },
  { "ddim", "ddim" },
  { "ddpm", "ddpm" },
  { "unipc", "uni_pc" },
  { "ipndm", "ipndm" },
  { "deis", "deis" },
};

static const struct
{
  const char *a1111;
  const char *scheduler;
} scheduler_names[] = {
  { "karras", "karras" },
  { "exponential", "exponential" },
  { "sgm uniform", "sgm_uniform" },
  { "simple", "simple" },
  { "normal", "normal" },
  { "ddim", "ddim_uniform" },
  { "beta", "beta" },
  { "kl optimal", "kl_optimal" },
  { "linear quadratic", "linear_quadratic" },
  { "automatic", "normal" },
};

static gboolean
is_comfy_name (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return *name != '\0';
}

static const char *
lookup_scheduler (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (scheduler_names); i++)
    if (g_ascii_strcasecmp (name, scheduler_names[i].a1111) == 0)
      return scheduler_names[i].scheduler;
  return NULL;
}

static void
translate_sampler (const char         *sampler,
                   const char         *scheduler,
                   Values             *values,
                   EaselMappedRequest *mapped)
{
  if (scheduler != NULL && !is_comfy_name (scheduler))
    {
      const char *translated = lookup_scheduler (scheduler);

      if (translated != NULL)
        {
          easel_mapped_request_add_adjustment (mapped, _("scheduler “%s” → %s (ComfyUI's name)"),
                                               scheduler, translated);
          values->scheduler = g_strdup (translated);
        }
      else
        values->scheduler = g_strdup (scheduler);
    }
  else
    values->scheduler = g_strdup (scheduler);

  if (sampler == NULL || is_comfy_name (sampler))
    {
      values->sampler = g_strdup (sampler);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sampler_names); i++)
    {
      gsize length = strlen (sampler_names[i].a1111);
      const char *suffix;
      const char *implied = NULL;

      if (g_ascii_strncasecmp (sampler, sampler_names[i].a1111, length) != 0)
        continue;
      suffix = sampler + length;
      if (*suffix == ' ')
        implied = lookup_scheduler (suffix + 1);
      if (*suffix != '\0' && implied == NULL)
        continue;

      values->sampler = g_strdup (sampler_names[i].sampler);
      if (implied != NULL && values->scheduler == NULL)
        {
          values->scheduler = g_strdup (implied);
          easel_mapped_request_add_adjustment (mapped,
                                               _("sampler “%s” → %s with the %s scheduler "
                                                 "(ComfyUI's names)"),
                                               sampler, values->sampler, implied);
        }
      else
        easel_mapped_request_add_adjustment (mapped, _("sampler “%s” → %s (ComfyUI's name)"),
                                             sampler, values->sampler);
      return;
    }
  values->sampler = g_strdup (sampler);
}

static void
set_input (JsonObject *graph,
           Pair       *pair,
           JsonNode   *value)
{
  JsonObject *inputs = node_inputs (graph, pair->node_id);

  g_assert (inputs != NULL);
  json_object_set_member (inputs, pair->input, value);
}

static JsonNode *
int_node (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static JsonNode *
double_node (double value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_double (node, value);
  return node;
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static gboolean
pair_is_latent (JsonObject *graph,
                Pair       *pair)
{
  return g_strcmp0 (node_class (graph, pair->node_id), "EmptyLatentImage") == 0 ||
         g_strcmp0 (node_class (graph, pair->node_id), "EmptySD3LatentImage") == 0;
}

static void
fit_size (const EaselCapabilities *caps,
          Values                  *values,
          EaselMappedRequest      *mapped)
{
  int width = values->width;
  int height = values->height;

  if (width <= 0 || height <= 0)
    {
      /* Only one edge given: round it alone. */
      int multiple = caps->size_multiple > 0 ? caps->size_multiple : 8;
      int *edge = width > 0 ? &values->width : &values->height;
      int old = *edge;

      if (old <= 0)
        return;
      *edge = CLAMP ((old + multiple / 2) / multiple * multiple, caps->min_dimension,
                     caps->max_dimension);
      if (*edge != old)
        easel_mapped_request_add_adjustment (mapped,
                                             _("%s %d → %d (ComfyUI latents are a multiple of "
                                               "%d)"), width > 0 ? _("width") : _("height"),
                                             old, *edge, multiple);
      return;
    }

  if (easel_capabilities_fit_size (caps, width, height, &values->width, &values->height))
    easel_mapped_request_add_adjustment (mapped,
                                         _("size %d×%d → %d×%d (ComfyUI latents are a multiple "
                                           "of %d)"), width, height, values->width,
                                         values->height,
                                         caps->size_multiple > 0 ? caps->size_multiple : 8);
}

/* The values to write, from the request; defaults for the built-in graph only. */
static gboolean
resolve_values (const EaselProviderConfig  *config,
                const EaselGenerateRequest *request,
                const EaselCapabilities    *caps,
                gboolean                    builtin,
                Values                     *values,
                EaselMappedRequest         *mapped,
                GError                    **error)
{
  const EaselImageSetting *setting = request->setting;
  int count = request->count > 0 ? request->count : 1;

  values->prompt = request->prompt != NULL ? request->prompt
                                           : (setting != NULL ? setting->prompt : NULL);
  values->negative = request->negative_prompt != NULL ? request->negative_prompt
                                                      : (setting != NULL ? setting->negative_prompt
                                                                         : NULL);
  if (values->negative != NULL && *values->negative == '\0')
    values->negative = NULL;

  values->model = request->model;
  if (values->model == NULL && setting != NULL)
    values->model = setting->model;
  if (values->model == NULL && config != NULL)
    values->model = config->model;
  if (values->model != NULL && *values->model == '\0')
    values->model = NULL;
  if (builtin && values->model == NULL)
    {
      *error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                            _("No checkpoint chosen for ComfyUI: pick a model, or set the "
                              "provider's default checkpoint in Preferences."));
      easel_provider_error_set_field (*error, "model");
      return FALSE;
    }

  if (setting != NULL)
    {
      values->width = setting->width;
      values->height = setting->height;
      values->steps = setting->steps;
      values->has_cfg = setting->has_guidance;
      values->cfg = setting->guidance_scale;
      values->has_seed = setting->has_seed;
      values->seed = setting->seed;
    }
  if (values->has_seed && values->seed < 0)
    {
      values->has_seed = FALSE;
      if (request->remote_id != NULL)
        easel_mapped_request_add_adjustment (mapped, _("seed %" G_GINT64_FORMAT " means "
                                                       "random: using %" G_GINT64_FORMAT),
                                             values->seed,
                                             easel_comfyui_seed_for_prompt_id (request->remote_id));
    }
  if (!values->has_seed && request->remote_id != NULL)
    {
      values->has_seed = TRUE;
      values->seed = easel_comfyui_seed_for_prompt_id (request->remote_id);
    }

  translate_sampler (setting != NULL ? setting->sampler : NULL,
                     setting != NULL ? setting->scheduler : NULL, values, mapped);

  if (caps->max_images_per_request > 0 && count > caps->max_images_per_request)
    {
      easel_mapped_request_add_adjustment (mapped, _("count %d → %d, the most one ComfyUI "
                                                     "request makes"),
                                           count, caps->max_images_per_request);
      count = caps->max_images_per_request;
    }
  values->count = count;

  if (builtin)
    {
      if (values->width <= 0)
        values->width = EASEL_COMFYUI_DEFAULT_SIZE;
      if (values->height <= 0)
        values->height = EASEL_COMFYUI_DEFAULT_SIZE;
      if (values->steps <= 0)
        values->steps = EASEL_COMFYUI_DEFAULT_STEPS;
      if (!values->has_cfg)
        {
          values->has_cfg = TRUE;
          values->cfg = EASEL_COMFYUI_DEFAULT_CFG;
        }
      if (values->sampler == NULL)
        values->sampler = g_strdup (EASEL_COMFYUI_DEFAULT_SAMPLER);
      if (values->scheduler == NULL)
        values->scheduler = g_strdup (EASEL_COMFYUI_DEFAULT_SCHEDULER);
    }
  return TRUE;
}

static void
add_node (JsonBuilder *builder,
          const char  *id,
          const char  *class_type,
          const char  *title)
{
  json_builder_set_member_name (builder, id);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "class_type");
  json_builder_add_string_value (builder, class_type);
  json_builder_set_member_name (builder, "_meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "inputs");
  json_builder_begin_object (builder);
}

static void
end_node (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_link (JsonBuilder *builder,
          const char  *input,
          const char  *source,
          int          index)
{
  json_builder_set_member_name (builder, input);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, source);
  json_builder_add_int_value (builder, index);
  json_builder_end_array (builder);
}

/* CheckpointLoaderSimple → CLIPTextEncode ×2 → EmptyLatentImage → KSampler → VAEDecode →
 * SaveImage, with §13.1's node ids.
 */
static JsonObject *
build_default_graph (const Values *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);

  add_node (builder, EASEL_COMFYUI_NODE_CHECKPOINT, "CheckpointLoaderSimple", "Load Checkpoint");
  json_builder_set_member_name (builder, "ckpt_name");
  json_builder_add_string_value (builder, values->model);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_POSITIVE, "CLIPTextEncode", "Positive prompt");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, values->prompt != NULL ? values->prompt : "");
  add_link (builder, "clip", EASEL_COMFYUI_NODE_CHECKPOINT, 1);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_NEGATIVE, "CLIPTextEncode", "Negative prompt");
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, values->negative != NULL ? values->negative : "");
  add_link (builder, "clip", EASEL_COMFYUI_NODE_CHECKPOINT, 1);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_LATENT, "EmptyLatentImage", "Empty Latent Image");
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, values->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, values->height);
  json_builder_set_member_name (builder, "batch_size");
  json_builder_add_int_value (builder, values->count);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_SAMPLER, "KSampler", "KSampler");
  add_link (builder, "model", EASEL_COMFYUI_NODE_CHECKPOINT, 0);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, values->has_seed ? values->seed : 0);
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, values->steps);
  json_builder_set_member_name (builder, "cfg");
  json_builder_add_double_value (builder, values->cfg);
  json_builder_set_member_name (builder, "sampler_name");
  json_builder_add_string_value (builder, values->sampler);
  json_builder_set_member_name (builder, "scheduler");
  json_builder_add_string_value (builder, values->scheduler);
  add_link (builder, "positive", EASEL_COMFYUI_NODE_POSITIVE, 0);
  add_link (builder, "negative", EASEL_COMFYUI_NODE_NEGATIVE, 0);
  add_link (builder, "latent_image", EASEL_COMFYUI_NODE_LATENT, 0);
  json_builder_set_member_name (builder, "denoise");
  json_builder_add_double_value (builder, 1.0);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_DECODE, "VAEDecode", "VAE Decode");
  add_link (builder, "samples", EASEL_COMFYUI_NODE_SAMPLER, 0);
  add_link (builder, "vae", EASEL_COMFYUI_NODE_CHECKPOINT, 2);
  end_node (builder);

  add_node (builder, EASEL_COMFYUI_NODE_SAVE, "SaveImage", "Save Image");
  add_link (builder, "images", EASEL_COMFYUI_NODE_DECODE, 0);
  json_builder_set_member_name (builder, "filename_prefix");
  json_builder_add_string_value (builder, EASEL_COMFYUI_FILENAME_PREFIX);
  end_node (builder);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/* Whether the user (not a default) chose the setting, so that "ignored" is worth saying. */
static gboolean
target_was_asked (Target                      target,
                  const EaselGenerateRequest *request,
                  const Values               *values)
{
  const EaselImageSetting *setting = request->setting;

  switch (target)
    {
    case TARGET_PROMPT:    return values->prompt != NULL && *values->prompt != '\0';
    case TARGET_NEGATIVE:  return values->negative != NULL;
    case TARGET_WIDTH:     return values->width > 0;
    case TARGET_HEIGHT:    return values->height > 0;
    case TARGET_COUNT:     return values->count > 1;
    case TARGET_SEED:      return setting != NULL && setting->has_seed;
    case TARGET_STEPS:     return values->steps > 0;
    case TARGET_CFG:       return values->has_cfg;
    case TARGET_SAMPLER:   return values->sampler != NULL;
    case TARGET_SCHEDULER: return values->scheduler != NULL;
    case TARGET_MODEL:     return values->model != NULL;
    case N_TARGETS:
    default:               return FALSE;
    }
}

static JsonNode *
target_value (Target        target,
              const Values *values)
{
  switch (target)
    {
    case TARGET_PROMPT:    return values->prompt != NULL ? string_node (values->prompt) : NULL;
    case TARGET_NEGATIVE:  return values->negative != NULL ? string_node (values->negative) : NULL;
    case TARGET_WIDTH:     return values->width > 0 ? int_node (values->width) : NULL;
    case TARGET_HEIGHT:    return values->height > 0 ? int_node (values->height) : NULL;
    case TARGET_COUNT:     return int_node (values->count);
    case TARGET_SEED:      return values->has_seed ? int_node (values->seed) : NULL;
    case TARGET_STEPS:     return values->steps > 0 ? int_node (values->steps) : NULL;
    case TARGET_CFG:       return values->has_cfg ? double_node (values->cfg) : NULL;
    case TARGET_SAMPLER:   return values->sampler != NULL ? string_node (values->sampler) : NULL;
    case TARGET_SCHEDULER:
      return values->scheduler != NULL ? string_node (values->scheduler) : NULL;
    case TARGET_MODEL:     return values->model != NULL ? string_node (values->model) : NULL;
    case N_TARGETS:
    default:               return NULL;
    }
}

/* Reads back what the graph will run with, so "effective" is true for custom workflows too. */
static void
read_back (JsonObject        *graph,
           GPtrArray         *pairs[N_TARGETS],
           EaselImageSetting *effective,
           int               *images)
{
  for (int t = 0; t < N_TARGETS; t++)
    {
      Pair *pair;
      JsonObject *inputs;
      JsonNode *value;
      gint64 number;
      double real;
      const char *text;

      if (pairs[t]->len == 0)
        continue;
      pair = g_ptr_array_index (pairs[t], 0);
      inputs = node_inputs (graph, pair->node_id);
      value = inputs != NULL ? json_object_get_member (inputs, pair->input) : NULL;
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      text = json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value)
                                                               : NULL;

      switch ((Target) t)
        {
        case TARGET_PROMPT:
          easel_image_setting_set_string (&effective->prompt, text);
          break;
        case TARGET_NEGATIVE:
          easel_image_setting_set_string (&effective->negative_prompt, text);
          break;
        case TARGET_SAMPLER:
          easel_image_setting_set_string (&effective->sampler, text);
          break;
        case TARGET_SCHEDULER:
          easel_image_setting_set_string (&effective->scheduler, text);
          break;
        case TARGET_MODEL:
          easel_image_setting_set_string (&effective->model, text);
          break;
        case TARGET_CFG:
          if (easel_json_get_number (value, &real))
            {
              effective->has_guidance = TRUE;
              effective->guidance_scale = real;
            }
          break;
        case TARGET_WIDTH:
        case TARGET_HEIGHT:
        case TARGET_COUNT:
        case TARGET_SEED:
        case TARGET_STEPS:
          if (!easel_json_get_int (value, &number))
            break;
          if (t == TARGET_WIDTH && number > 0 && number <= EASEL_SETTING_MAX_DIMENSION)
            effective->width = (int) number;
          else if (t == TARGET_HEIGHT && number > 0 && number <= EASEL_SETTING_MAX_DIMENSION)
            effective->height = (int) number;
          else if (t == TARGET_COUNT && number > 0 && number <= 4096)
            {
              effective->count = (int) number;
              *images = (int) number;
            }
          else if (t == TARGET_SEED && number >= 0)
            {
              effective->has_seed = TRUE;
              effective->seed = number;
            }
          else if (t == TARGET_STEPS && number > 0 && number <= EASEL_SETTING_MAX_STEPS)
            effective->steps = (int) number;
          break;
        case N_TARGETS:
        default:
          break;
        }
    }
}

/**
 * easel_comfyui_map_request:
 * @config: (nullable): the provider: its workflow, workflow mapping and default checkpoint
 * @request: what to generate; @request->remote_id (the prompt id) seeds the graph when the
 *   settings carry no seed
 * @caps: (nullable): the size rules; %NULL = the ComfyUI row of the capability table
 *
 * Builds the `prompt` graph of a POST /prompt: Easel's txt2img graph from the structured
 * settings, or the user's API-format workflow with the settings written into the inputs found
 * by node class or named by the explicit mapping. Adjustments say what changed ("size
 * 1000×700 → 1000×704 …") or what the workflow has no input for.
 *
 * Returns: (transfer full): the mapped request (body = the graph), or %NULL with
 *   %EASEL_PROVIDER_ERROR_INVALID_REQUEST naming the field ("workflow", "workflow_mapping",
 *   "model").
 */
EaselMappedRequest *
easel_comfyui_map_request (const EaselProviderConfig  *config,
                           const EaselGenerateRequest *request,
                           const EaselCapabilities    *caps,
                           GError                    **error)
{
  g_autoptr(EaselMappedRequest) mapped = easel_mapped_request_new ();
  g_autoptr(EaselCapabilities) own_caps = NULL;
  g_autoptr(JsonObject) graph = NULL;
  GPtrArray *pairs[N_TARGETS];
  gboolean mapped_by_user[N_TARGETS] = { FALSE, };
  gboolean builtin;
  Values values = { NULL, };
  GError *local_error = NULL;
  JsonNode *body;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (caps == NULL)
    caps = own_caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_COMFYUI, NULL);

  builtin = config == NULL || config->workflow == NULL || *config->workflow == '\0';
  for (int t = 0; t < N_TARGETS; t++)
    pairs[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);

  if (!resolve_values (config, request, caps, builtin, &values, mapped, &local_error))
    goto failed;

  if (builtin)
    {
      fit_size (caps, &values, mapped);
      graph = build_default_graph (&values);
      discover_targets (graph, pairs);
    }
  else
    {
      graph = parse_workflow (config->workflow, &local_error);
      if (graph == NULL)
        goto failed;
      discover_targets (graph, pairs);
      if (config->workflow_mapping != NULL && *config->workflow_mapping != '\0' &&
          !read_mapping (config->workflow_mapping, graph, pairs, mapped_by_user, &local_error))
        goto failed;

      /* Latents are multiples of 8: round only when the size lands in a latent node. */
      if (pairs[TARGET_WIDTH]->len > 0 &&
          pair_is_latent (graph, g_ptr_array_index (pairs[TARGET_WIDTH], 0)))
        fit_size (caps, &values, mapped);

      for (int t = 0; t < N_TARGETS; t++)
        {
          if (pairs[t]->len > 0 || !target_was_asked (t, request, &values))
            continue;
          /* Width and height share one sentence. */
          if (t == TARGET_HEIGHT && pairs[TARGET_WIDTH]->len == 0 &&
              target_was_asked (TARGET_WIDTH, request, &values))
            continue;
          if (t == TARGET_WIDTH && target_was_asked (TARGET_HEIGHT, request, &values) &&
              pairs[TARGET_HEIGHT]->len == 0)
            easel_mapped_request_add_adjustment (mapped, _("size ignored: %s"),
                                                 _(targets[t].missing));
          else
            easel_mapped_request_add_adjustment (mapped, _("%s ignored: %s"),
                                                 _(targets[t].label), _(targets[t].missing));
        }
    }

  for (int t = 0; t < N_TARGETS; t++)
    for (guint i = 0; i < pairs[t]->len; i++)
      {
        JsonNode *value = target_value (t, &values);

        if (value != NULL)
          set_input (graph, g_ptr_array_index (pairs[t], i), value);
      }

  mapped->effective = request->setting != NULL ? easel_image_setting_copy (request->setting)
                                               : easel_image_setting_new ();
  mapped->images = values.count;
  mapped->effective->count = values.count;
  if (!builtin && pairs[TARGET_COUNT]->len == 0)
    mapped->images = mapped->effective->count = 1;
  read_back (graph, pairs, mapped->effective, &mapped->images);
  if (builtin)
    easel_image_setting_set_string (&mapped->effective->model, values.model);
  else if (pairs[TARGET_MODEL]->len == 0)
    easel_image_setting_set_string (&mapped->effective->model, NULL);

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, graph);
  mapped->body = body;

  for (int t = 0; t < N_TARGETS; t++)
    g_ptr_array_unref (pairs[t]);
  g_free (values.sampler);
  g_free (values.scheduler);
  return g_steal_pointer (&mapped);

failed:
  for (int t = 0; t < N_TARGETS; t++)
    g_ptr_array_unref (pairs[t]);
  g_free (values.sampler);
  g_free (values.scheduler);
  g_propagate_error (error, local_error);
  return NULL;
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
    pairs[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);

  discover_targets (graph, pairs);
  if (config != NULL && config->workflow != NULL && *config->workflow != '\0' &&
      config->workflow_mapping != NULL && *config->workflow_mapping != '\0')
    read_mapping (config->workflow_mapping, graph, pairs, mapped_by_user, &error);

  for (int t = 0; t < N_TARGETS && field == NULL; t++)
    for (guint i = 0; i < pairs[t]->len && field == NULL; i++)
      {
        Pair *pair = g_ptr_array_index (pairs[t], i);

        if (g_str_equal (pair->node_id, node_id) && g_str_equal (pair->input, input_name))
          field = g_strdup (targets[t].key);
      }

  for (int t = 0; t < N_TARGETS; t++)
    g_ptr_array_unref (pairs[t]);
  return field;
}
