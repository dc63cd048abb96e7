/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-comfyui-workflow.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-provider-config.h"

#define PROMPT_ID "3f0c1d9e-6a43-4c8e-9f65-0d2b3c4a5e6f"

/* protocols/comfyui.md §13.1, as ComfyUI's Export (API) writes it. */
static const char basic_workflow[] =
  "{\"4\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"v1-5-pruned-emaonly.safetensors\"}},"
  " \"6\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"a watercolor fox\", \"clip\": [\"4\", 1]}},"
  " \"7\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"blurry, text\", \"clip\": [\"4\", 1]}},"
  " \"5\": {\"class_type\": \"EmptyLatentImage\", \"inputs\": {\"width\": 512, \"height\": 512, \"batch_size\": 1}, \"_meta\": {\"title\": \"Latent\"}},"
  " \"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"model\": [\"4\", 0], \"seed\": 8566257, \"steps\": 20, \"cfg\": 8.0,"
  "        \"sampler_name\": \"euler\", \"scheduler\": \"normal\", \"positive\": [\"6\", 0], \"negative\": [\"7\", 0],"
  "        \"latent_image\": [\"5\", 0], \"denoise\": 1.0}},"
  " \"8\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"3\", 0], \"vae\": [\"4\", 2]}},"
  " \"9\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"8\", 0], \"filename_prefix\": \"easel\"}}}";

/* Transcript 10's weight-free graph. */
static const char empty_image_workflow[] =
  "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64, \"height\": 64, \"batch_size\": 1, \"color\": 16744448}},"
  " \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0], \"filename_prefix\": \"probe\"}}}";

/* The prompt reaches the sampler through a ControlNet node; the negative input is a zeroed
 * conditioning (no text encoder).
 */
static const char controlnet_workflow[] =
  "{\"1\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"a.safetensors\"}},"
  " \"2\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"old\", \"clip\": [\"1\", 1]}},"
  " \"3\": {\"class_type\": \"ControlNetApply\", \"inputs\": {\"conditioning\": [\"2\", 0], \"control_net\": [\"10\", 0], \"image\": [\"11\", 0], \"strength\": 1.0}},"
  " \"4\": {\"class_type\": \"ConditioningZeroOut\", \"inputs\": {\"conditioning\": [\"2\", 0]}},"
  " \"5\": {\"class_type\": \"EmptySD3LatentImage\", \"inputs\": {\"width\": 1024, \"height\": 1024, \"batch_size\": 1}},"
  " \"6\": {\"class_type\": \"KSamplerAdvanced\", \"inputs\": {\"model\": [\"1\", 0], \"noise_seed\": 1, \"steps\": 10, \"cfg\": 4.0,"
  "        \"sampler_name\": \"euler\", \"scheduler\": \"simple\", \"positive\": [\"3\", 0], \"negative\": [\"4\", 0], \"latent_image\": [\"5\", 0]}},"
  " \"7\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"6\", 0], \"vae\": [\"1\", 2]}},"
  " \"8\": {\"class_type\": \"PreviewImage\", \"inputs\": {\"images\": [\"7\", 0]}}}";

static EaselProviderConfig *
make_config (const char *workflow,
             const char *mapping,
             const char *model)
{
  EaselProviderConfig *config = easel_provider_config_new ("Studio", EASEL_PROVIDER_KIND_COMFYUI);

  config->workflow = g_strdup (workflow);
  config->workflow_mapping = g_strdup (mapping);
  config->model = g_strdup (model);
  return config;
}

static EaselGenerateRequest *
make_request (const char *prompt)
{
  EaselGenerateRequest *request = easel_generate_request_new (prompt, NULL);

  request->remote_id = g_strdup (PROMPT_ID);
  return request;
}

static JsonObject *
graph_inputs (EaselMappedRequest *mapped,
              const char         *node_id)
{
  JsonObject *graph = json_node_get_object (mapped->body);
  JsonObject *node = easel_json_object_get_object (graph, node_id);

  g_assert_nonnull (node);
  return easel_json_object_get_object (node, "inputs");
}

static gint64
input_int (EaselMappedRequest *mapped,
           const char         *node_id,
           const char         *input)
{
  gint64 value = G_MININT64;

  g_assert_true (easel_json_object_get_int (graph_inputs (mapped, node_id), input, &value));
  return value;
}

static double
input_double (EaselMappedRequest *mapped,
              const char         *node_id,
              const char         *input)
{
  double value = -1;

  g_assert_true (easel_json_object_get_number (graph_inputs (mapped, node_id), input, &value));
  return value;
}

static const char *
input_string (EaselMappedRequest *mapped,
              const char         *node_id,
              const char         *input)
{
  return easel_json_object_get_string (graph_inputs (mapped, node_id), input);
}

static void
assert_link (EaselMappedRequest *mapped,
             const char         *node_id,
             const char         *input,
             const char         *source,
             gint64              index)
{
  JsonArray *link = easel_json_object_get_array (graph_inputs (mapped, node_id), input);
  gint64 got = -1;

  g_assert_nonnull (link);
  g_assert_cmpuint (json_array_get_length (link), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (link, 0), ==, source);
  g_assert_true (easel_json_get_int (json_array_get_element (link, 1), &got));
  g_assert_cmpint (got, ==, index);
}

static gboolean
has_adjustment (EaselMappedRequest *mapped,
                const char         *text)
{
  for (guint i = 0; i < mapped->adjustments->len; i++)
    if (g_str_equal (g_ptr_array_index (mapped->adjustments, i), text))
      return TRUE;
  return FALSE;
}

static void
dump_adjustments (EaselMappedRequest *mapped)
{
  for (guint i = 0; i < mapped->adjustments->len; i++)
    g_test_message ("adjustment: %s", (char *) g_ptr_array_index (mapped->adjustments, i));
}

static void
test_default_graph (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (NULL, NULL, "sd_xl_base_1.0.safetensors");
  g_autoptr(EaselGenerateRequest) request = make_request ("a watercolor fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *graph;

  request->negative_prompt = g_strdup ("blurry, text");
  request->count = 3;
  request->setting->width = 1024;
  request->setting->height = 768;
  request->setting->steps = 30;
  request->setting->has_guidance = TRUE;
  request->setting->guidance_scale = 5.5;
  request->setting->has_seed = TRUE;
  request->setting->seed = G_GINT64_CONSTANT (9007199254740993);
  easel_image_setting_set_string (&request->setting->sampler, "dpmpp_2m");
  easel_image_setting_set_string (&request->setting->scheduler, "karras");

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);
  g_assert_cmpuint (mapped->adjustments->len, ==, 0);
  g_assert_cmpint (mapped->images, ==, 3);

  graph = json_node_get_object (mapped->body);
  g_assert_cmpuint (json_object_get_size (graph), ==, 7);
  g_assert_cmpstr (easel_json_object_get_string (easel_json_object_get_object (graph, "4"),
                                                 "class_type"), ==, "CheckpointLoaderSimple");
  g_assert_cmpstr (input_string (mapped, "4", "ckpt_name"), ==, "sd_xl_base_1.0.safetensors");
  g_assert_cmpstr (input_string (mapped, "6", "text"), ==, "a watercolor fox");
  assert_link (mapped, "6", "clip", "4", 1);
  g_assert_cmpstr (input_string (mapped, "7", "text"), ==, "blurry, text");
  assert_link (mapped, "7", "clip", "4", 1);
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, 1024);
  g_assert_cmpint (input_int (mapped, "5", "height"), ==, 768);
  g_assert_cmpint (input_int (mapped, "5", "batch_size"), ==, 3);
  g_assert_cmpint (input_int (mapped, "3", "seed"), ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (input_int (mapped, "3", "steps"), ==, 30);
  g_assert_cmpfloat (input_double (mapped, "3", "cfg"), ==, 5.5);
  g_assert_cmpstr (input_string (mapped, "3", "sampler_name"), ==, "dpmpp_2m");
  g_assert_cmpstr (input_string (mapped, "3", "scheduler"), ==, "karras");
  assert_link (mapped, "3", "model", "4", 0);
  assert_link (mapped, "3", "positive", "6", 0);
  assert_link (mapped, "3", "negative", "7", 0);
  assert_link (mapped, "3", "latent_image", "5", 0);
  assert_link (mapped, "8", "samples", "3", 0);
  assert_link (mapped, "8", "vae", "4", 2);
  assert_link (mapped, "9", "images", "8", 0);
  g_assert_cmpstr (input_string (mapped, "9", "filename_prefix"), ==, "easel");

  g_assert_cmpint (mapped->effective->width, ==, 1024);
  g_assert_cmpint (mapped->effective->count, ==, 3);
  g_assert_cmpstr (mapped->effective->model, ==, "sd_xl_base_1.0.safetensors");
  g_assert_cmpstr (mapped->effective->prompt, ==, "a watercolor fox");
  g_assert_cmpstr (mapped->effective->negative_prompt, ==, "blurry, text");
}

static void
test_default_values (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (NULL, NULL, "v1-5.safetensors");
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);

  /* Defaults are not adjustments. */
  g_assert_cmpuint (mapped->adjustments->len, ==, 0);
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, 512);
  g_assert_cmpint (input_int (mapped, "5", "height"), ==, 512);
  g_assert_cmpint (input_int (mapped, "5", "batch_size"), ==, 1);
  g_assert_cmpint (input_int (mapped, "3", "steps"), ==, 20);
  g_assert_cmpfloat (input_double (mapped, "3", "cfg"), ==, 7.0);
  g_assert_cmpstr (input_string (mapped, "3", "sampler_name"), ==, "euler");
  g_assert_cmpstr (input_string (mapped, "3", "scheduler"), ==, "normal");
  g_assert_cmpstr (input_string (mapped, "7", "text"), ==, "");

  /* No seed in the settings: one derived from the prompt id, new per job, below 2^53. */
  g_assert_cmpint (input_int (mapped, "3", "seed"), ==,
                   easel_comfyui_seed_for_prompt_id (PROMPT_ID));
  g_assert_cmpint (easel_comfyui_seed_for_prompt_id (PROMPT_ID), <,
                   G_GINT64_CONSTANT (9007199254740992));
  g_assert_cmpint (easel_comfyui_seed_for_prompt_id (PROMPT_ID), !=,
                   easel_comfyui_seed_for_prompt_id ("f41dee93-c587-419c-af90-f7f379353148"));
  g_assert_true (mapped->effective->has_seed);
  g_assert_cmpint (mapped->effective->seed, ==, easel_comfyui_seed_for_prompt_id (PROMPT_ID));
  g_assert_cmpint (mapped->effective->steps, ==, 20);
  g_assert_cmpstr (mapped->effective->sampler, ==, "euler");
}

typedef struct
{
  const char *name;
  int         width;
  int         height;
  int         count;
  gint64      seed;       /* G_MININT64 = unset */
  const char *sampler;
  const char *scheduler;
  const char *expect_sampler;
  const char *expect_scheduler;
  int         expect_width;
  int         expect_height;
  int         expect_count;
  const char *adjustment; /* NULL = none expected */
} AdjustCase;

static const AdjustCase adjust_cases[] = {
  { "round-size", 1000, 700, 1, G_MININT64, NULL, NULL, "euler", "normal", 1000, 704, 1,
    "size 1000×700 → 1000×704 (ComfyUI latents are a multiple of 8)" },
  { "exact-size", 832, 1216, 1, G_MININT64, NULL, NULL, "euler", "normal", 832, 1216, 1, NULL },
  { "width-only", 1001, 0, 1, G_MININT64, NULL, NULL, "euler", "normal", 1000, 512, 1,
    "size 1001×512 → 1000×512 (ComfyUI latents are a multiple of 8)" },
  { "count-cap", 0, 0, 100, G_MININT64, NULL, NULL, "euler", "normal", 512, 512, 64,
    "count 100 → 64, the most one ComfyUI request makes" },
  { "a1111-sampler", 0, 0, 1, G_MININT64, "DPM++ 2M Karras", NULL, "dpmpp_2m", "karras", 512,
    512, 1, "sampler “DPM++ 2M Karras” → dpmpp_2m with the karras scheduler (ComfyUI's names)" },
  { "a1111-sampler-explicit-scheduler", 0, 0, 1, G_MININT64, "DPM++ 2M Karras", "exponential",
    "dpmpp_2m", "exponential", 512, 512, 1,
    "sampler “DPM++ 2M Karras” → dpmpp_2m (ComfyUI's name)" },
  { "euler-a", 0, 0, 1, G_MININT64, "Euler a", NULL, "euler_ancestral", "normal", 512, 512, 1,
    "sampler “Euler a” → euler_ancestral (ComfyUI's name)" },
  { "a1111-scheduler", 0, 0, 1, G_MININT64, "euler", "SGM Uniform", "euler", "sgm_uniform", 512,
    512, 1, "scheduler “SGM Uniform” → sgm_uniform (ComfyUI's name)" },
  { "comfy-names-pass", 0, 0, 1, G_MININT64, "dpmpp_3m_sde_gpu", "kl_optimal",
    "dpmpp_3m_sde_gpu", "kl_optimal", 512, 512, 1, NULL },
  { "unknown-sampler-verbatim", 0, 0, 1, G_MININT64, "Restart", NULL, "Restart", "normal", 512,
    512, 1, NULL },
  { "random-seed", 0, 0, 1, -1, NULL, NULL, "euler", "normal", 512, 512, 1, "seed -1 means random: using " },
};

static void
test_adjustments (gconstpointer data)
{
  const AdjustCase *c = data;
  g_autoptr(EaselProviderConfig) config = make_config (NULL, NULL, "m.safetensors");
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  request->setting->width = c->width;
  request->setting->height = c->height;
  request->count = c->count;
  if (c->seed != G_MININT64)
    {
      request->setting->has_seed = TRUE;
      request->setting->seed = c->seed;
    }
  easel_image_setting_set_string (&request->setting->sampler, c->sampler);
  easel_image_setting_set_string (&request->setting->scheduler, c->scheduler);

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);

  g_assert_cmpstr (input_string (mapped, "3", "sampler_name"), ==, c->expect_sampler);
  g_assert_cmpstr (input_string (mapped, "3", "scheduler"), ==, c->expect_scheduler);
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, c->expect_width);
  g_assert_cmpint (input_int (mapped, "5", "height"), ==, c->expect_height);
  g_assert_cmpint (input_int (mapped, "5", "batch_size"), ==, c->expect_count);
  g_assert_cmpint (mapped->images, ==, c->expect_count);

  if (c->adjustment == NULL)
    g_assert_cmpuint (mapped->adjustments->len, ==, 0);
  else
    {
      g_assert_cmpuint (mapped->adjustments->len, ==, 1);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (mapped->adjustments, 0),
                                       c->adjustment));
    }
  if (c->seed == -1)
    g_assert_cmpint (input_int (mapped, "3", "seed"), ==,
                     easel_comfyui_seed_for_prompt_id (PROMPT_ID));
}

static void
test_no_checkpoint (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (NULL, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_null (mapped);
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (easel_provider_error_get_field (error), ==, "model");
  g_assert_nonnull (strstr (error->message, "checkpoint"));

  /* The request's model wins over the provider's default. */
  g_clear_error (&error);
  request->model = g_strdup ("chosen.safetensors");
  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (input_string (mapped, "4", "ckpt_name"), ==, "chosen.safetensors");
}

static void
test_custom_by_class (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (basic_workflow, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a red panda");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  request->negative_prompt = g_strdup ("lowres");
  request->model = g_strdup ("sdxl.safetensors");
  request->count = 2;
  request->setting->width = 1000;
  request->setting->height = 704;
  request->setting->steps = 28;
  request->setting->has_guidance = TRUE;
  request->setting->guidance_scale = 6.0;
  request->setting->has_seed = TRUE;
  request->setting->seed = 42;
  easel_image_setting_set_string (&request->setting->sampler, "dpmpp_2m_sde");
  easel_image_setting_set_string (&request->setting->scheduler, "karras");

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);
  g_assert_cmpuint (mapped->adjustments->len, ==, 0);

  g_assert_cmpstr (input_string (mapped, "6", "text"), ==, "a red panda");
  g_assert_cmpstr (input_string (mapped, "7", "text"), ==, "lowres");
  g_assert_cmpstr (input_string (mapped, "4", "ckpt_name"), ==, "sdxl.safetensors");
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, 1000);
  g_assert_cmpint (input_int (mapped, "5", "height"), ==, 704);
  g_assert_cmpint (input_int (mapped, "5", "batch_size"), ==, 2);
  g_assert_cmpint (input_int (mapped, "3", "seed"), ==, 42);
  g_assert_cmpint (input_int (mapped, "3", "steps"), ==, 28);
  g_assert_cmpfloat (input_double (mapped, "3", "cfg"), ==, 6.0);
  g_assert_cmpstr (input_string (mapped, "3", "sampler_name"), ==, "dpmpp_2m_sde");
  g_assert_cmpstr (input_string (mapped, "3", "scheduler"), ==, "karras");
  /* Untouched inputs and links stay. */
  g_assert_cmpfloat (input_double (mapped, "3", "denoise"), ==, 1.0);
  assert_link (mapped, "3", "latent_image", "5", 0);
  g_assert_cmpstr (input_string (mapped, "9", "filename_prefix"), ==, "easel");
  g_assert_cmpint (mapped->images, ==, 2);
}

static void
test_custom_keeps_unset (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (basic_workflow, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a red panda");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mapped->adjustments->len, ==, 0);

  /* Unset settings keep the workflow's values, and "effective" reports them. */
  g_assert_cmpint (input_int (mapped, "3", "steps"), ==, 20);
  g_assert_cmpfloat (input_double (mapped, "3", "cfg"), ==, 8.0);
  g_assert_cmpstr (input_string (mapped, "7", "text"), ==, "blurry, text");
  g_assert_cmpstr (input_string (mapped, "4", "ckpt_name"), ==,
                   "v1-5-pruned-emaonly.safetensors");
  g_assert_cmpint (input_int (mapped, "3", "seed"), ==,
                   easel_comfyui_seed_for_prompt_id (PROMPT_ID));
  g_assert_cmpint (mapped->effective->steps, ==, 20);
  g_assert_cmpint (mapped->effective->width, ==, 512);
  g_assert_true (mapped->effective->has_guidance);
  g_assert_cmpfloat (mapped->effective->guidance_scale, ==, 8.0);
  g_assert_cmpstr (mapped->effective->model, ==, "v1-5-pruned-emaonly.safetensors");
  g_assert_cmpstr (mapped->effective->negative_prompt, ==, "blurry, text");
}

static void
test_custom_empty_image (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (empty_image_workflow, NULL, "x.ckpt");
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  request->negative_prompt = g_strdup ("blurry");
  request->count = 2;
  request->setting->width = 100;
  request->setting->height = 60;
  request->setting->steps = 12;
  request->setting->has_seed = TRUE;
  request->setting->seed = 5;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);

  /* EmptyImage takes any size: no rounding. */
  g_assert_cmpint (input_int (mapped, "1", "width"), ==, 100);
  g_assert_cmpint (input_int (mapped, "1", "height"), ==, 60);
  g_assert_cmpint (input_int (mapped, "1", "batch_size"), ==, 2);
  g_assert_cmpint (input_int (mapped, "1", "color"), ==, 16744448);

  g_assert_true (has_adjustment (mapped, "prompt ignored: workflow has no positive CLIPTextEncode"));
  g_assert_true (has_adjustment (mapped,
                                 "negative prompt ignored: workflow has no negative CLIPTextEncode"));
  g_assert_true (has_adjustment (mapped, "seed ignored: workflow has no KSampler"));
  g_assert_true (has_adjustment (mapped, "steps ignored: workflow has no KSampler"));
  g_assert_true (has_adjustment (mapped, "model ignored: workflow has no CheckpointLoaderSimple"));
  g_assert_cmpuint (mapped->adjustments->len, ==, 5);
  g_assert_null (mapped->effective->model);
  g_assert_cmpint (mapped->images, ==, 2);
}

static void
test_custom_chain (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (controlnet_workflow, NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a lighthouse");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  request->negative_prompt = g_strdup ("fog");
  request->setting->has_seed = TRUE;
  request->setting->seed = 77;
  request->setting->width = 1000;
  request->setting->height = 1000;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);

  /* Through ControlNetApply to the text; KSamplerAdvanced's seed is noise_seed. */
  g_assert_cmpstr (input_string (mapped, "2", "text"), ==, "a lighthouse");
  g_assert_cmpint (input_int (mapped, "6", "noise_seed"), ==, 77);
  g_assert_false (json_object_has_member (graph_inputs (mapped, "6"), "seed"));
  /* The zero-out node reaches the same encoder: the prompt keeps it, the negative is ignored. */
  g_assert_true (has_adjustment (mapped,
                                 "negative prompt ignored: workflow has no negative CLIPTextEncode"));
  g_assert_cmpuint (mapped->adjustments->len, ==, 1);
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, 1000);
}

static void
test_custom_mapping (void)
{
  g_autoptr(EaselProviderConfig) config =
    make_config (basic_workflow,
                 "{\"width\": [\"Latent\", \"height\"], \"height\": [\"5\", \"width\"],"
                 " \"seed\": [[\"3\", \"seed\"], [\"3\", \"steps\"]],"
                 " \"cfg\": [3, \"denoise\"]}", NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  request->setting->width = 640;
  request->setting->height = 384;
  request->setting->has_seed = TRUE;
  request->setting->seed = 9;
  request->setting->has_guidance = TRUE;
  request->setting->guidance_scale = 0.5;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_no_error (error);
  dump_adjustments (mapped);
  g_assert_cmpuint (mapped->adjustments->len, ==, 0);

  /* The mapping wins over the class rules; nodes by id, by title, or by a number. */
  g_assert_cmpint (input_int (mapped, "5", "height"), ==, 640);
  g_assert_cmpint (input_int (mapped, "5", "width"), ==, 384);
  g_assert_cmpint (input_int (mapped, "3", "seed"), ==, 9);
  g_assert_cmpint (input_int (mapped, "3", "steps"), ==, 9);
  g_assert_cmpfloat (input_double (mapped, "3", "denoise"), ==, 0.5);
  g_assert_cmpfloat (input_double (mapped, "3", "cfg"), ==, 8.0);

  field = easel_comfyui_workflow_field_for_input (config, json_node_get_object (mapped->body),
                                                  "3", "denoise");
  g_assert_cmpstr (field, ==, "guidance_scale");
}

typedef struct
{
  const char *name;
  const char *workflow;
  const char *mapping;
  const char *field;
  const char *message;
} RefusalCase;

static const RefusalCase refusal_cases[] = {
  { "no-output",
    "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64, \"height\": 64, \"batch_size\": 1, \"color\": 0}}}",
    NULL, "workflow", "it has no output node (SaveImage, PreviewImage or SaveImageWebsocket)" },
  { "not-json", "{\"1\": ", NULL, "workflow", "it is not valid JSON" },
  { "not-object", "[1, 2]", NULL, "workflow", "it must be a JSON object of nodes" },
  { "empty", "{}", NULL, "workflow", "it has no nodes" },
  { "editor-format", "{\"last_node_id\": 9, \"nodes\": [], \"links\": []}", NULL, "workflow",
    "this is the editor format" },
  { "no-class-type", "{\"1\": {\"inputs\": {}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {}}}",
    NULL, "workflow", "node 1 has no class_type" },
  { "no-inputs", "{\"2\": {\"class_type\": \"SaveImage\"}}", NULL, "workflow",
    "node 2 (SaveImage) has no inputs object" },
  { "mapping-unknown-node", NULL, "{\"width\": [\"12\", \"width\"]}", "workflow_mapping",
    "“width” names node 12, which is not in the workflow" },
  { "mapping-unknown-input", NULL, "{\"width\": [\"5\", \"widht\"]}", "workflow_mapping",
    "“width” names input “widht” of “Latent” (EmptyLatentImage, node 5)" },
  { "mapping-unknown-input-lists", NULL, "{\"steps\": [\"5\", \"steps\"]}", "workflow_mapping",
    "(it has: width, height, batch_size)" },
  { "mapping-unknown-setting", NULL, "{\"clip_skip\": [\"3\", \"seed\"]}", "workflow_mapping",
    "“clip_skip” is not a setting Easel can fill" },
  { "mapping-bad-shape", NULL, "{\"width\": \"5\"}", "workflow_mapping",
    "“width” must be [node id, input name]" },
  { "mapping-bad-pair", NULL, "{\"width\": [\"5\"]}", "workflow_mapping",
    "“width” must be [node id, input name]" },
  { "mapping-not-json", NULL, "{width: 5}", "workflow_mapping", "it is not valid JSON" },
};

static void
test_refusals (gconstpointer data)
{
  const RefusalCase *c = data;
  g_autoptr(EaselProviderConfig) config =
    make_config (c->workflow != NULL ? c->workflow : basic_workflow, c->mapping, NULL);
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = easel_comfyui_map_request (config, request, NULL, &error);
  g_assert_null (mapped);
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (easel_provider_error_get_field (error), ==, c->field);
  g_assert_nonnull (strstr (error->message, c->message));
}

static void
test_field_for_input (void)
{
  g_autoptr(EaselProviderConfig) config = make_config (NULL, NULL, "m.safetensors");
  g_autoptr(EaselGenerateRequest) request = make_request ("a fox");
  g_autoptr(EaselMappedRequest) mapped = easel_comfyui_map_request (config, request, NULL, NULL);
  JsonObject *graph = json_node_get_object (mapped->body);
  static const char * const expect[][3] = {
    { "3", "seed", "seed" }, { "3", "steps", "steps" }, { "3", "cfg", "guidance_scale" },
    { "3", "sampler_name", "sampler" }, { "3", "scheduler", "scheduler" },
    { "4", "ckpt_name", "model" }, { "5", "width", "width" }, { "5", "height", "height" },
    { "5", "batch_size", "count" }, { "6", "text", "prompt" }, { "7", "text", "negative_prompt" },
    { "3", "denoise", NULL }, { "9", "filename_prefix", NULL }, { "42", "width", NULL },
  };
  g_autofree char *title = easel_comfyui_workflow_describe_node (graph, "6");

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autofree char *field = easel_comfyui_workflow_field_for_input (config, graph,
                                                                       expect[i][0],
                                                                       expect[i][1]);
      g_assert_cmpstr (field, ==, expect[i][2]);
    }
  g_assert_cmpstr (title, ==, "“Positive prompt” (CLIPTextEncode, node 6)");
}

static void
test_output_classes (void)
{
  g_assert_true (easel_comfyui_class_is_output ("SaveImage"));
  g_assert_true (easel_comfyui_class_is_output ("PreviewImage"));
  g_assert_true (easel_comfyui_class_is_output ("SaveImageWebsocket"));
  g_assert_true (easel_comfyui_class_is_output ("Image Save"));
  g_assert_false (easel_comfyui_class_is_output ("VAEDecode"));
  g_assert_false (easel_comfyui_class_is_output (NULL));
  g_assert_true (easel_comfyui_class_is_sampler ("KSamplerAdvanced"));
  g_assert_false (easel_comfyui_class_is_sampler ("SamplerCustom"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/comfyui-workflow/default-graph", test_default_graph);
  g_test_add_func ("/easel/comfyui-workflow/default-values", test_default_values);
  g_test_add_func ("/easel/comfyui-workflow/no-checkpoint", test_no_checkpoint);
  for (guint i = 0; i < G_N_ELEMENTS (adjust_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/comfyui-workflow/adjust/%s",
                                               adjust_cases[i].name);
      g_test_add_data_func (path, &adjust_cases[i], test_adjustments);
    }
  g_test_add_func ("/easel/comfyui-workflow/custom/by-class", test_custom_by_class);
  g_test_add_func ("/easel/comfyui-workflow/custom/keeps-unset", test_custom_keeps_unset);
  g_test_add_func ("/easel/comfyui-workflow/custom/empty-image", test_custom_empty_image);
  g_test_add_func ("/easel/comfyui-workflow/custom/chain", test_custom_chain);
  g_test_add_func ("/easel/comfyui-workflow/custom/mapping", test_custom_mapping);
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/comfyui-workflow/refuse/%s",
                                               refusal_cases[i].name);
      g_test_add_data_func (path, &refusal_cases[i], test_refusals);
    }
  g_test_add_func ("/easel/comfyui-workflow/field-for-input", test_field_for_input);
  g_test_add_func ("/easel/comfyui-workflow/output-classes", test_output_classes);

  return g_test_run ();
}
