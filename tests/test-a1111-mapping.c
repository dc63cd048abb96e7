/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-a1111-lists.h"
#include "easel-a1111-mapping.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* Server lists in the shapes of protocols/a1111.md §5. */
static const char *sd_models_json =
  "[{\"title\": \"v1-5-pruned-emaonly.safetensors [6ce0161689]\", \"model_name\": "
  "\"v1-5-pruned-emaonly\", \"hash\": \"6ce0161689\", \"sha256\": "
  "\"6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa\", \"filename\": "
  "\"/srv/models/Stable-diffusion/v1-5-pruned-emaonly.safetensors\", \"config\": null},"
  " {\"title\": \"SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]\", \"model_name\": "
  "\"SDXL_sd_xl_base_1.0\", \"hash\": \"31e35c80fc\", \"sha256\": null, \"filename\": "
  "\"/srv/models/Stable-diffusion/SDXL/sd_xl_base_1.0.safetensors\", \"config\": null},"
  " {\"model_name\": \"no title: skipped\"}]";

static const char *samplers_json =
  "[{\"name\": \"DPM++ 2M\", \"aliases\": [\"k_dpmpp_2m\"], \"options\": {\"scheduler\": "
  "\"karras\"}}, {\"name\": \"DPM++ SDE\", \"aliases\": [\"k_dpmpp_sde\"], \"options\": {}},"
  " {\"name\": \"Euler a\", \"aliases\": [\"k_euler_a\", \"k_euler_ancestral\"], \"options\": {}},"
  " {\"name\": \"Euler\", \"aliases\": [\"k_euler\"], \"options\": {}},"
  " {\"name\": \"DDIM\", \"aliases\": [\"ddim\"], \"options\": {}},"
  " {\"name\": \"UniPC\", \"aliases\": [\"unipc\"], \"options\": {}}]";

static const char *schedulers_json =
  "[{\"name\": \"automatic\", \"label\": \"Automatic\", \"aliases\": null, \"default_rho\": -1,"
  " \"need_inner_model\": false}, {\"name\": \"karras\", \"label\": \"Karras\", \"aliases\": null,"
  " \"default_rho\": 7.0, \"need_inner_model\": false}, {\"name\": \"exponential\", \"label\": "
  "\"Exponential\", \"aliases\": null, \"default_rho\": -1, \"need_inner_model\": false},"
  " {\"name\": \"sgm_uniform\", \"label\": \"SGM Uniform\", \"aliases\": [\"SGMUniform\"],"
  " \"default_rho\": -1, \"need_inner_model\": true}]";

/* Before v1.9 the scheduler was part of the sampler name and /schedulers did not exist. */
static const char *legacy_samplers_json =
  "[{\"name\": \"Euler a\", \"aliases\": [\"k_euler_a\"], \"options\": {}},"
  " {\"name\": \"Euler\", \"aliases\": [\"k_euler\"], \"options\": {}},"
  " {\"name\": \"DPM++ 2M\", \"aliases\": [\"k_dpmpp_2m\"], \"options\": {}},"
  " {\"name\": \"DPM++ 2M Karras\", \"aliases\": [\"k_dpmpp_2m_ka\"], \"options\": "
  "{\"scheduler\": \"karras\"}}]";

typedef enum
{
  LISTS_NONE,
  LISTS_V110,
  LISTS_LEGACY,
} ListsKind;

typedef struct
{
  const char *name;
  int         width;
  int         height;
  int         steps;
  gboolean    has_guidance;
  double      guidance;
  gboolean    has_seed;
  gint64      seed;
  const char *sampler;
  const char *scheduler;
  const char *model;
  const char *config_model;
  int         count;
  const char *extras;
  const char *options;
  ListsKind   lists;

  gboolean    fails;
  int         code;
  const char *field;
  const char *message;

  const char *body;      /* members that must be there, with these values */
  const char *absent;    /* space-separated members that must not be there */
  const char *adjust;    /* "|"-separated texts, each found in some adjustment */
  int         n_adjust;  /* exact number of adjustments, -1 to skip */
} MapCase;

static const MapCase map_cases[] = {
  { .name = "defaults",
    .body = "{\"prompt\": \"a fox\", \"negative_prompt\": \"\", \"seed\": -1, \"batch_size\": 1,"
            " \"n_iter\": 1, \"send_images\": true, \"save_images\": false}",
    .absent = "width height steps cfg_scale sampler_name scheduler override_settings enable_hr",
    .n_adjust = 0 },
  { .name = "full", .width = 768, .height = 512, .steps = 30, .has_guidance = TRUE,
    .guidance = 7.5, .has_seed = TRUE, .seed = 42, .sampler = "DPM++ 2M",
    .scheduler = "Karras", .count = 2, .lists = LISTS_V110,
    .body = "{\"width\": 768, \"height\": 512, \"steps\": 30, \"cfg_scale\": 7.5, \"seed\": 42,"
            " \"sampler_name\": \"DPM++ 2M\", \"scheduler\": \"Karras\", \"batch_size\": 2}",
    .n_adjust = 0 },
  { .name = "size-multiple-of-8", .width = 1000, .height = 701,
    .body = "{\"width\": 1000, \"height\": 704}", .adjust = "size 1000×701 → 1000×704",
    .n_adjust = 1 },
  { .name = "size-too-large", .width = 8000, .height = 100,
    .body = "{\"width\": 4096, \"height\": 64}", .adjust = "size 8000×100 → 4096×64",
    .n_adjust = 1 },
  { .name = "size-one-edge", .width = 640,
    .body = "{\"width\": 640, \"height\": 512}", .n_adjust = 0 },
  { .name = "seed-large-reduced", .has_seed = TRUE, .seed = G_GINT64_CONSTANT (123456789012345),
    .body = "{\"seed\": 2249056121}",
    .adjust = "seed 123456789012345 → 2249056121 (A1111 seeds are below 2^32", .n_adjust = 1 },
  { .name = "seed-max-kept", .has_seed = TRUE, .seed = G_GINT64_CONSTANT (4294967295),
    .body = "{\"seed\": 4294967295}", .n_adjust = 0 },
  { .name = "seed-zero-kept", .has_seed = TRUE, .seed = 0, .body = "{\"seed\": 0}",
    .n_adjust = 0 },
  { .name = "count-one-batch", .count = 8, .body = "{\"batch_size\": 8, \"n_iter\": 1}",
    .n_adjust = 0 },
  { .name = "count-two-batches", .count = 12, .body = "{\"batch_size\": 6, \"n_iter\": 2}",
    .adjust = "count 12 → 2 batches of 6 (server batch limit 8)", .n_adjust = 1 },
  { .name = "count-prime", .count = 11, .body = "{\"batch_size\": 1, \"n_iter\": 11}",
    .adjust = "11 batches of 1", .n_adjust = 1 },
  { .name = "count-batch-limit-option", .count = 4, .options = "{\"batch_limit\": 2}",
    .body = "{\"batch_size\": 2, \"n_iter\": 2}", .adjust = "2 batches of 2", .n_adjust = 1 },
  { .name = "sampler-unknown", .sampler = "Euler Turbo Deluxe", .lists = LISTS_V110,
    .fails = TRUE, .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST, .field = "sampler",
    .message = "Valid samplers: DPM++ 2M, DPM++ SDE, Euler a, Euler, DDIM, UniPC" },
  { .name = "sampler-unknown-unchecked", .sampler = "Euler Turbo Deluxe",
    .body = "{\"sampler_name\": \"Euler Turbo Deluxe\"}", .n_adjust = 0 },
  { .name = "sampler-comfyui-name", .sampler = "dpmpp_2m", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"DPM++ 2M\"}",
    .adjust = "sampler “dpmpp_2m” → “DPM++ 2M” (this server's name)", .n_adjust = 1 },
  { .name = "sampler-comfyui-name-no-lists", .sampler = "euler_ancestral",
    .body = "{\"sampler_name\": \"Euler a\"}", .adjust = "“euler_ancestral” → “Euler a”",
    .n_adjust = 1 },
  { .name = "sampler-alias", .sampler = "k_euler_a", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"Euler a\"}", .n_adjust = 1 },
  { .name = "sampler-case", .sampler = "euler A", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"Euler a\"}", .n_adjust = 1 },
  { .name = "sampler-exact", .sampler = "UniPC", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"UniPC\"}", .absent = "scheduler", .n_adjust = 0 },
  { .name = "sampler-combined-split", .sampler = "DPM++ 2M Karras", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"DPM++ 2M\", \"scheduler\": \"Karras\"}",
    .adjust = "sampler “DPM++ 2M Karras” → sampler “DPM++ 2M” with scheduler “Karras”",
    .n_adjust = 1 },
  { .name = "sampler-combined-split-no-lists", .sampler = "DPM++ 2M SDE Exponential",
    .body = "{\"sampler_name\": \"DPM++ 2M SDE\", \"scheduler\": \"Exponential\"}",
    .n_adjust = 1 },
  { .name = "sampler-combined-explicit-scheduler", .sampler = "DPM++ 2M Karras",
    .scheduler = "exponential", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"DPM++ 2M\", \"scheduler\": \"Exponential\"}",
    .adjust = "wins over the name's suffix", .n_adjust = 1 },
  { .name = "scheduler-unknown", .sampler = "Euler", .scheduler = "cosine", .lists = LISTS_V110,
    .fails = TRUE, .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST, .field = "scheduler",
    .message = "Valid schedulers: Automatic, Karras, Exponential, SGM Uniform" },
  { .name = "scheduler-name-to-label", .scheduler = "karras", .lists = LISTS_V110,
    .body = "{\"scheduler\": \"Karras\"}", .absent = "sampler_name", .n_adjust = 0 },
  { .name = "scheduler-alias", .scheduler = "SGMUniform", .lists = LISTS_V110,
    .body = "{\"scheduler\": \"SGM Uniform\"}", .adjust = "“SGMUniform” → “SGM Uniform”",
    .n_adjust = 1 },
  { .name = "scheduler-unchecked", .scheduler = "beta",
    .body = "{\"scheduler\": \"Beta\"}", .n_adjust = 0 },
  { .name = "scheduler-from-infotext-label", .extras = "{\"Schedule type\": \"Karras\"}",
    .sampler = "DPM++ 2M", .lists = LISTS_V110,
    .body = "{\"sampler_name\": \"DPM++ 2M\", \"scheduler\": \"Karras\"}", .n_adjust = 0 },
  { .name = "legacy-appends-scheduler", .sampler = "DPM++ 2M", .scheduler = "karras",
    .lists = LISTS_LEGACY, .body = "{\"sampler_name\": \"DPM++ 2M Karras\"}",
    .absent = "scheduler",
    .adjust = "scheduler “karras” sent as part of the sampler name “DPM++ 2M Karras”",
    .n_adjust = 1 },
  { .name = "legacy-missing-variant", .sampler = "Euler", .scheduler = "Karras",
    .lists = LISTS_LEGACY, .fails = TRUE, .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST,
    .field = "scheduler", .message = "has no sampler “Euler Karras”" },
  { .name = "legacy-by-option", .sampler = "DPM++ 2M", .scheduler = "exponential",
    .options = "{\"legacy_schedulers\": true}",
    .body = "{\"sampler_name\": \"DPM++ 2M Exponential\"}", .absent = "scheduler",
    .n_adjust = 1 },
  { .name = "legacy-automatic", .sampler = "DPM++ 2M", .scheduler = "Automatic",
    .lists = LISTS_LEGACY, .body = "{\"sampler_name\": \"DPM++ 2M\"}", .absent = "scheduler",
    .n_adjust = 0 },
  { .name = "legacy-combined-given", .sampler = "DPM++ 2M Karras", .lists = LISTS_LEGACY,
    .body = "{\"sampler_name\": \"DPM++ 2M Karras\"}", .absent = "scheduler", .n_adjust = 0 },
  { .name = "legacy-no-sampler", .scheduler = "Karras", .lists = LISTS_LEGACY,
    .absent = "scheduler sampler_name", .adjust = "scheduler “Karras” ignored", .n_adjust = 1 },
  { .name = "model-by-name", .model = "v1-5-pruned-emaonly", .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"v1-5-pruned-emaonly.safetensors [6ce0161689]\"}}",
    .adjust = "model “v1-5-pruned-emaonly” → “v1-5-pruned-emaonly.safetensors [6ce0161689]”",
    .n_adjust = 1 },
  { .name = "model-by-title", .model = "SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]",
    .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]\"}}", .n_adjust = 0 },
  { .name = "model-by-hash", .model = "6ce0161689", .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"v1-5-pruned-emaonly.safetensors [6ce0161689]\"}}", .n_adjust = 1 },
  { .name = "model-by-file-name", .model = "sd_xl_base_1.0.safetensors", .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]\"}}", .n_adjust = 1 },
  { .name = "model-case-insensitive", .model = "SD_XL_BASE_1.0", .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]\"}}", .n_adjust = 1 },
  { .name = "model-from-config", .config_model = "v1-5-pruned-emaonly.safetensors",
    .lists = LISTS_V110,
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": "
            "\"v1-5-pruned-emaonly.safetensors [6ce0161689]\"}}", .n_adjust = 1 },
  { .name = "model-missing", .model = "dreamshaper_8", .lists = LISTS_V110, .fails = TRUE,
    .code = EASEL_PROVIDER_ERROR_NOT_FOUND, .field = "model",
    .message = "Model “dreamshaper_8” is not on this server" },
  { .name = "model-unchecked", .model = "dreamshaper_8",
    .body = "{\"override_settings\": {\"sd_model_checkpoint\": \"dreamshaper_8\"}}",
    .n_adjust = 0 },
  { .name = "extras-pass-through",
    .extras = "{\"Clip skip\": \"2\", \"Denoising strength\": \"0.55\", \"Hires upscale\": \"2\","
              " \"Hires upscaler\": \"Latent\", \"enable_hr\": true, \"styles\": [\"cinematic\"],"
              " \"alwayson_scripts\": {\"ADetailer\": {\"args\": [true]}}}",
    .body = "{\"denoising_strength\": 0.55, \"hr_scale\": 2.0, \"hr_upscaler\": \"Latent\","
            " \"enable_hr\": true, \"styles\": [\"cinematic\"], \"alwayson_scripts\": "
            "{\"ADetailer\": {\"args\": [true]}}, \"override_settings\": "
            "{\"CLIP_stop_at_last_layers\": 2}}",
    .n_adjust = 0 },
  { .name = "extras-unknown-ignored",
    .extras = "{\"foo\": 1, \"Model hash\": \"6ce0161689\", \"width\": 5, \"batch_size\": 3}",
    .absent = "foo model_hash width",
    .body = "{\"batch_size\": 1}",
    .adjust = "extra setting “foo” ignored: not a txt2img field|"
              "extra setting “Model hash” ignored: not a txt2img field|"
              "extra setting “width” ignored: Easel sends its own width setting|"
              "extra setting “batch_size” ignored",
    .n_adjust = 4 },
  { .name = "extras-hires-implied", .extras = "{\"hr_scale\": 1.5}",
    .body = "{\"enable_hr\": true, \"hr_scale\": 1.5}", .adjust = "hires fix turned on",
    .n_adjust = 1 },
  { .name = "extras-hires-explicitly-off", .extras = "{\"hr_scale\": 1.5, \"enable_hr\": false}",
    .body = "{\"enable_hr\": false, \"hr_scale\": 1.5}", .n_adjust = 0 },
  { .name = "extras-bad-type", .extras = "{\"hr_second_pass_steps\": \"many\"}",
    .absent = "hr_second_pass_steps enable_hr",
    .adjust = "extra setting “hr_second_pass_steps” ignored: “many” is not a whole number",
    .n_adjust = 1 },
  { .name = "extras-override-merged", .model = "v1-5-pruned-emaonly.safetensors [6ce0161689]",
    .lists = LISTS_V110,
    .extras = "{\"override_settings\": {\"sd_vae\": \"vae-ft-mse.safetensors\","
              " \"sd_model_checkpoint\": \"other\"}, \"ENSD\": \"31337\"}",
    .body = "{\"override_settings\": {\"sd_vae\": \"vae-ft-mse.safetensors\","
            " \"sd_model_checkpoint\": \"v1-5-pruned-emaonly.safetensors [6ce0161689]\","
            " \"eta_noise_seed_delta\": 31337}}",
    .n_adjust = 0 },
  { .name = "forge-neo-hires", .extras = "{\"enable_hr\": \"True\"}",
    .options = "{\"forge_neo\": true}",
    .body = "{\"enable_hr\": true, \"hr_additional_modules\": [\"Use same choices\"]}",
    .n_adjust = 0 },
  { .name = "forge-neo-no-hires", .options = "{\"forge_neo\": true}",
    .absent = "hr_additional_modules enable_hr", .n_adjust = 0 },
  { .name = "option-previews", .options = "{\"preview_every_n_steps\": 3}",
    .body = "{\"override_settings\": {\"show_progress_every_n_steps\": 3}}", .n_adjust = 0 },
  { .name = "guidance-clamped", .has_guidance = TRUE, .guidance = 0.5,
    .body = "{\"cfg_scale\": 1.0}", .adjust = "guidance 0.5 → 1", .n_adjust = 1 },
  { .name = "steps-clamped", .steps = 200, .body = "{\"steps\": 150}",
    .adjust = "steps 200 → 150", .n_adjust = 1 },
  { .name = "steps-invalid", .steps = -3, .fails = TRUE,
    .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST, .message = "Steps must be between" },
};

static EaselA1111ServerLists *
make_lists (ListsKind kind)
{
  g_autoptr(EaselA1111ServerLists) lists = easel_a1111_server_lists_new ();
  g_autoptr(JsonNode) models = easel_json_parse (sd_models_json, -1, NULL);
  g_autoptr(JsonNode) samplers = NULL;
  g_autoptr(JsonNode) schedulers = NULL;
  g_autoptr(GError) error = NULL;

  if (kind == LISTS_NONE)
    return NULL;

  samplers = easel_json_parse (kind == LISTS_LEGACY ? legacy_samplers_json : samplers_json, -1,
                               NULL);
  g_assert_true (easel_a1111_server_lists_set_models (lists, models, &error));
  g_assert_true (easel_a1111_server_lists_set_samplers (lists, samplers, &error));
  g_assert_no_error (error);
  if (kind == LISTS_LEGACY)
    lists->legacy_schedulers = TRUE;
  else
    {
      schedulers = easel_json_parse (schedulers_json, -1, NULL);
      g_assert_true (easel_a1111_server_lists_set_schedulers (lists, schedulers, &error));
    }
  return g_steal_pointer (&lists);
}

static gboolean
adjustments_contain (GPtrArray  *adjustments,
                     const char *text)
{
  for (guint i = 0; i < adjustments->len; i++)
    if (strstr (g_ptr_array_index (adjustments, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
dump_adjustments (GPtrArray *adjustments)
{
  for (guint i = 0; i < adjustments->len; i++)
    g_test_message ("adjustment: %s", (const char *) g_ptr_array_index (adjustments, i));
}

static void
test_map_case (gconstpointer data)
{
  const MapCase *c = data;
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Studio GPU",
                                                                     EASEL_PROVIDER_KIND_A1111);
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselGenerateRequest) request = NULL;
  g_autoptr(EaselA1111ServerLists) lists = make_lists (c->lists);
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  setting->width = c->width;
  setting->height = c->height;
  setting->steps = c->steps;
  setting->has_guidance = c->has_guidance;
  setting->guidance_scale = c->guidance;
  setting->has_seed = c->has_seed;
  setting->seed = c->seed;
  easel_image_setting_set_string (&setting->sampler, c->sampler);
  easel_image_setting_set_string (&setting->scheduler, c->scheduler);
  easel_image_setting_set_string (&setting->model, c->model);
  if (c->extras != NULL)
    {
      g_assert_true (easel_image_setting_set_extra_json (setting, c->extras, &error));
      g_assert_no_error (error);
    }
  if (c->options != NULL)
    {
      g_autoptr(JsonNode) options = easel_json_parse (c->options, -1, &error);

      g_assert_no_error (error);
      json_object_unref (config->options);
      config->options = json_object_ref (json_node_get_object (options));
    }
  config->model = g_strdup (c->config_model);

  request = easel_generate_request_new ("a fox", setting);
  request->count = c->count > 0 ? c->count : 1;

  mapped = easel_a1111_map_request_with_lists (config, request, NULL, lists, &error);
  if (c->fails)
    {
      g_assert_null (mapped);
      g_assert_error (error, EASEL_PROVIDER_ERROR, c->code);
      if (c->field != NULL)
        g_assert_cmpstr (easel_provider_error_get_field (error), ==, c->field);
      if (c->message != NULL && strstr (error->message, c->message) == NULL)
        g_error ("“%s” not in “%s”", c->message, error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (mapped);
  dump_adjustments (mapped->adjustments);
  body = json_node_get_object (mapped->body);

  if (c->body != NULL)
    {
      g_autoptr(JsonNode) expected = easel_json_parse (c->body, -1, NULL);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      g_assert_nonnull (expected);
      json_object_iter_init (&iter, json_node_get_object (expected));
      while (json_object_iter_next (&iter, &member, &value))
        {
          JsonNode *actual = json_object_get_member (body, member);

          if (actual == NULL || !json_node_equal (actual, value))
            {
              g_autofree char *want = json_to_string (value, FALSE);
              g_autofree char *got = actual != NULL ? json_to_string (actual, FALSE) : NULL;

              g_error ("%s: member %s is %s, expected %s", c->name, member,
                       got != NULL ? got : "(missing)", want);
            }
        }
    }

  if (c->absent != NULL)
    {
      g_auto(GStrv) names = g_strsplit (c->absent, " ", -1);

      for (guint i = 0; names[i] != NULL; i++)
        if (json_object_has_member (body, names[i]))
          g_error ("%s: member %s should not be sent", c->name, names[i]);
    }

  if (c->adjust != NULL)
    {
      g_auto(GStrv) texts = g_strsplit (c->adjust, "|", -1);

      for (guint i = 0; texts[i] != NULL; i++)
        if (!adjustments_contain (mapped->adjustments, texts[i]))
          g_error ("%s: no adjustment says “%s”", c->name, texts[i]);
    }
  if (c->n_adjust >= 0)
    g_assert_cmpuint (mapped->adjustments->len, ==, (guint) c->n_adjust);

  /* Always sent, whatever the settings. */
  g_assert_true (json_object_get_boolean_member (body, "send_images"));
  g_assert_false (json_object_get_boolean_member (body, "save_images"));
  g_assert_cmpint (mapped->images, ==, request->count);
}

static void
test_effective (void)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselGenerateRequest) request = NULL;
  g_autoptr(EaselA1111ServerLists) lists = make_lists (LISTS_V110);
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;
  EaselImageSetting *effective;

  setting->width = 1001;
  setting->height = 1001;
  setting->has_seed = TRUE;
  setting->seed = 7;
  easel_image_setting_set_string (&setting->sampler, "dpmpp_2m karras");
  easel_image_setting_set_string (&setting->model, "v1-5-pruned-emaonly");
  g_assert_true (easel_image_setting_set_extra_json (setting, "{\"Clip skip\": 2}", NULL));

  request = easel_generate_request_new ("a lighthouse", setting);
  request->negative_prompt = g_strdup ("fog");
  request->count = 3;

  mapped = easel_a1111_map_request_with_lists (NULL, request, NULL, lists, &error);
  g_assert_no_error (error);
  effective = mapped->effective;
  g_assert_cmpstr (effective->prompt, ==, "a lighthouse");
  g_assert_cmpstr (effective->negative_prompt, ==, "fog");
  g_assert_cmpint (effective->width, ==, 1000);
  g_assert_cmpint (effective->height, ==, 1000);
  g_assert_true (effective->has_seed);
  g_assert_cmpint (effective->seed, ==, 7);
  g_assert_cmpstr (effective->sampler, ==, "DPM++ 2M");
  g_assert_cmpstr (effective->scheduler, ==, "Karras");
  g_assert_cmpstr (effective->model, ==, "v1-5-pruned-emaonly.safetensors [6ce0161689]");
  g_assert_cmpint (effective->count, ==, 3);
  g_assert_cmpint (json_object_get_int_member (effective->extra_settings,
                                               "CLIP_stop_at_last_layers"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mapped->body),
                                                  "negative_prompt"), ==, "fog");
}

static void
test_lists_parse (void)
{
  g_autoptr(EaselA1111ServerLists) lists = make_lists (LISTS_V110);
  g_autoptr(EaselA1111ServerLists) copy = NULL;
  g_autoptr(JsonNode) not_a_list = easel_json_parse ("{\"detail\": \"Not Found\"}", -1, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) samplers = NULL;
  g_auto(GStrv) schedulers = NULL;

  models = easel_a1111_server_lists_dup_models (lists);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[1], ==, "SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]");
  samplers = easel_a1111_server_lists_dup_samplers (lists);
  g_assert_cmpstr (samplers[0], ==, "DPM++ 2M");
  schedulers = easel_a1111_server_lists_dup_schedulers (lists);
  g_assert_cmpstr (schedulers[3], ==, "SGM Uniform");

  copy = easel_a1111_server_lists_copy (lists);
  g_assert_cmpuint (copy->models->len, ==, 2);
  g_assert_cmpstr (((EaselA1111Named *) g_ptr_array_index (copy->schedulers, 3))->aliases[0],
                   ==, "SGMUniform");

  g_assert_false (easel_a1111_server_lists_set_samplers (lists, not_a_list, &error));
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
  /* A failed update keeps what was known. */
  g_assert_cmpuint (lists->samplers->len, ==, 6);

  g_assert_null (easel_a1111_server_lists_dup_models (NULL));
}

static void
test_split_suffix (void)
{
  static const struct
  {
    const char *sampler;
    const char *label;
    const char *base;
  } cases[] = {
    { "DPM++ 2M Karras", "Karras", "DPM++ 2M" },
    { "DPM++ 2M SDE Exponential", "Exponential", "DPM++ 2M SDE" },
    { "Euler SGM Uniform", "SGM Uniform", "Euler" },
    { "dpmpp_2m karras", "Karras", "dpmpp_2m" },
    { "Euler a", NULL, NULL },
    { "DDIM", NULL, NULL },
    { "Karras", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = NULL;
      g_autofree char *label = easel_a1111_split_scheduler_suffix (NULL, cases[i].sampler, &base);

      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_cmpstr (base, ==, cases[i].base);
    }
}

static void
test_translations (void)
{
  g_assert_cmpstr (easel_a1111_sampler_from_comfyui ("dpmpp_2m_sde_gpu"), ==, "DPM++ 2M SDE");
  g_assert_cmpstr (easel_a1111_sampler_from_comfyui ("uni_pc"), ==, "UniPC");
  g_assert_null (easel_a1111_sampler_from_comfyui ("DPM++ 2M"));
  g_assert_cmpstr (easel_a1111_scheduler_known_label ("sgm_uniform"), ==, "SGM Uniform");
  g_assert_cmpstr (easel_a1111_scheduler_known_label ("KARRAS"), ==, "Karras");
  g_assert_null (easel_a1111_scheduler_known_label ("cosine"));
}

static void
test_normalize_key (void)
{
  g_autofree char *a = easel_a1111_normalize_key ("Clip skip");
  g_autofree char *b = easel_a1111_normalize_key (" Hires resize-1 ");
  g_autofree char *c = easel_a1111_normalize_key ("CLIP_stop_at_last_layers");

  g_assert_cmpstr (a, ==, "clip_skip");
  g_assert_cmpstr (b, ==, "hires_resize_1");
  g_assert_cmpstr (c, ==, "clip_stop_at_last_layers");
}

static void
test_without_lists_entry (void)
{
  g_autoptr(EaselGenerateRequest) request = easel_generate_request_new ("x", NULL);
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = easel_a1111_map_request (NULL, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (mapped->body), "seed"),
                   ==, -1);
  g_assert_null (mapped->effective->sampler);
  g_assert_false (mapped->effective->has_seed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (map_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/a1111-mapping/map/%s", map_cases[i].name);

      g_test_add_data_func (path, &map_cases[i], test_map_case);
    }
  g_test_add_func ("/easel/a1111-mapping/effective", test_effective);
  g_test_add_func ("/easel/a1111-mapping/lists-parse", test_lists_parse);
  g_test_add_func ("/easel/a1111-mapping/split-suffix", test_split_suffix);
  g_test_add_func ("/easel/a1111-mapping/translations", test_translations);
  g_test_add_func ("/easel/a1111-mapping/normalize-key", test_normalize_key);
  g_test_add_func ("/easel/a1111-mapping/without-lists", test_without_lists_entry);

  return g_test_run ();
}
