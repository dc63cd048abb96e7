/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-workflow.c: Easel's settings → a ComfyUI API-format graph (protocols/comfyui.md
 * §13): the built-in txt2img graph, or the user's workflow with the settings written into the
 * inputs easel-comfyui-graph.c finds. Pure: no I/O, no randomness. The provider adds
 * client_id, prompt_id and extra_data.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-capabilities.h"
#include "easel-comfyui-workflow.h"
#include "easel-comfyui-workflow-private.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-provider-config.h"

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
           EaselComfyuiPair       *pair,
           JsonNode   *value)
{
  JsonObject *inputs = _easel_comfyui_node_inputs (graph, pair->node_id);

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
                EaselComfyuiPair       *pair)
{
  return g_strcmp0 (_easel_comfyui_node_class (graph, pair->node_id), "EmptyLatentImage") == 0 ||
         g_strcmp0 (_easel_comfyui_node_class (graph, pair->node_id), "EmptySD3LatentImage") == 0;
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
target_was_asked (EaselComfyuiTarget                      target,
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
target_value (EaselComfyuiTarget        target,
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
      EaselComfyuiPair *pair;
      JsonObject *inputs;
      JsonNode *value;
      gint64 number;
      double real;
      const char *text;

      if (pairs[t]->len == 0)
        continue;
      pair = g_ptr_array_index (pairs[t], 0);
      inputs = _easel_comfyui_node_inputs (graph, pair->node_id);
      value = inputs != NULL ? json_object_get_member (inputs, pair->input) : NULL;
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      text = json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value)
                                                               : NULL;

      switch ((EaselComfyuiTarget) t)
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
    pairs[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) _easel_comfyui_pair_free);

  if (!resolve_values (config, request, caps, builtin, &values, mapped, &local_error))
    goto failed;

  if (builtin)
    {
      fit_size (caps, &values, mapped);
      graph = build_default_graph (&values);
      _easel_comfyui_discover_targets (graph, pairs);
    }
  else
    {
      graph = _easel_comfyui_parse_workflow (config->workflow, &local_error);
      if (graph == NULL)
        goto failed;
      _easel_comfyui_discover_targets (graph, pairs);
      if (config->workflow_mapping != NULL && *config->workflow_mapping != '\0' &&
          !_easel_comfyui_read_mapping (config->workflow_mapping, graph, pairs, mapped_by_user, &local_error))
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
                                                 _(_easel_comfyui_targets[t].missing));
          else
            easel_mapped_request_add_adjustment (mapped, _("%s ignored: %s"),
                                                 _(_easel_comfyui_targets[t].label), _(_easel_comfyui_targets[t].missing));
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
