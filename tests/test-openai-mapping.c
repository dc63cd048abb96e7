/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-capabilities.h"
#include "easel-error.h"
#include "easel-fake-openai-private.h"
#include "easel-fake-schema.h"
#include "easel-image-setting.h"
#include "easel-openai-mapping.h"
#include "easel-openai-models.h"

/* Settings → `POST /images/generations` bodies, one case per model family and rule of
 * protocols/openai-images.md §3. Every body the mapper accepts is also checked against the
 * official schema and against the fake server's own, independently written, per-model rules.
 */

typedef struct
{
  const char *name;
  const char *model;
  int         width;
  int         height;
  int         count;
  const char *extra;        /* extra_settings JSON */
  const char *options;      /* provider options JSON */
  /* other structured settings */
  const char *negative;
  int         steps;
  gboolean    guidance;
  gboolean    seed;
  const char *sampler;
  const char *scheduler;
  int         prompt_length; /* > 0: a prompt of this many characters */
  /* expectations */
  const char *error_field;   /* an INVALID_REQUEST naming this field */
  const char *size;
  int         n;
  const char *present;       /* ";"-separated key=value (or key) that must be in the body */
  const char *absent;        /* ";"-separated keys that must not be */
  const char *adjustments;   /* "|"-separated texts, each in some adjustment */
} MapCase;

static const MapCase cases[] = {
  /* gpt-image-2*: any W×H in multiples of 16, aspect 1:3–3:1, ≤ 3840×2160 pixels. */
  { "gpt2-size-kept", "gpt-image-2", 1344, 768, 1, "{\"stream\": false}", .size = "1344x768",
    .n = 1, .present = "model=gpt-image-2", .absent = "response_format;style;stream",
    .adjustments = "size 1344×768 kept" },
  { "gpt2-size-multiple-16", "gpt-image-2", 1000, 700, 1, NULL, .size = "1008x704",
    .adjustments = "size 1000×700 → 1008×704, nearest allowed (multiples of 16, aspect 1:3–3:1, "
                   "at most 3840×2160 pixels)" },
  { "gpt2-size-pixel-budget", "gpt-image-2", 4000, 4000, 1, NULL, .size = "2880x2880",
    .adjustments = "size 4000×4000 → 2880×2880" },
  { "gpt2-size-aspect", "gpt-image-2", 4000, 1000, 1, NULL, .size = "3008x1008",
    .adjustments = "size 4000×1000 → 3008×1008" },
  { "gpt2-size-unset", "gpt-image-2", 0, 0, 1, NULL, .size = "1024x1024" },
  { "gpt2-size-one-side", "gpt-image-2", 768, 0, 1, NULL, .size = "768x768",
    .adjustments = "size 768×768 kept" },
  { "gpt2-size-auto", "gpt-image-2", 1344, 768, 1, "{\"size\": \"auto\"}", .size = "auto" },
  { "gpt2-size-text", "gpt-image-2", 0, 0, 1, "{\"size\": \"1536x864\"}", .size = "1536x864" },
  { "gpt2-size-bad-text", "gpt-image-2", 0, 0, 1, "{\"size\": \"huge\"}",
    .error_field = "size" },
  { "gpt25-size-kept", "gpt-image-2.5-sunburst", 2560, 1440, 1, NULL, .size = "2560x1440" },
  { "gpt2-dated", "gpt-image-2-2026-04-21", 1920, 1080, 1, NULL, .size = "1920x1088" },

  /* Other GPT image models: the three listed sizes. */
  { "gpt15-size-snapped", "gpt-image-1.5", 1344, 768, 1, NULL, .size = "1536x1024",
    .adjustments = "size 1344×768 → 1536×1024, nearest supported" },
  { "gpt15-size-portrait", "gpt-image-1.5", 768, 1344, 1, NULL, .size = "1024x1536" },
  { "gpt15-size-small", "gpt-image-1.5", 512, 512, 1, NULL, .size = "1024x1024" },
  { "gpt1-mini", "gpt-image-1-mini", 1024, 1024, 1, NULL, .size = "1024x1024",
    .adjustments = "size 1024×1024 kept" },
  { "chatgpt-image-latest", "chatgpt-image-latest", 1536, 1024, 1, NULL, .size = "1536x1024",
    .present = "stream=true;partial_images=2" },
  { "unknown-model-conservative", "gpt-image-9-preview", 1344, 768, 2, NULL,
    .size = "1536x1024", .n = 1, .present = "stream=true" },
  { "non-openai-model-id", "flux-dev", 1344, 768, 2, NULL, .size = "1536x1024", .n = 2,
    .absent = "stream;partial_images" },

  /* DALL·E 3 (retired; replaying old rows). */
  { "dalle3-size", "dall-e-3", 1344, 768, 1, NULL, .size = "1792x1024", .n = 1,
    .present = "response_format=b64_json", .absent = "stream;output_format",
    .adjustments = "size 1344×768 → 1792×1024, nearest supported" },
  { "dalle3-count-fan-out", "dall-e-3", 1024, 1024, 3, NULL, .n = 1,
    .adjustments = "count 3 → 1 image per request: dall-e-3 makes one image per request; Easel "
                   "sends 3 requests" },
  { "dalle3-quality-style", "dall-e-3", 1024, 1792, 1,
    "{\"quality\": \"hd\", \"style\": \"natural\", \"response_format\": \"url\"}",
    .present = "quality=hd;style=natural;response_format=url" },
  { "dalle3-bad-style", "dall-e-3", 1024, 1024, 1, "{\"style\": \"bold\"}",
    .error_field = "style" },
  { "dalle3-bad-quality", "dall-e-3", 1024, 1024, 1, "{\"quality\": \"high\"}",
    .error_field = "quality" },
  { "dalle3-no-auto-size", "dall-e-3", 0, 0, 1, "{\"size\": \"auto\"}",
    .error_field = "size" },
  { "dalle3-prompt-too-long", "dall-e-3", 1024, 1024, 1, NULL, .prompt_length = 4001,
    .error_field = "prompt" },
  { "dalle3-prompt-at-limit", "dall-e-3", 1024, 1024, 1, NULL, .prompt_length = 4000,
    .n = 1 },
  { "dalle3-gpt-fields-ignored", "dall-e-3", 1024, 1024, 1,
    "{\"output_format\": \"png\", \"background\": \"opaque\", \"stream\": true}",
    .absent = "output_format;background;stream",
    .adjustments = "output_format ignored: dall-e-3 has no output_format|background ignored|"
                   "stream ignored: dall-e-3 does not stream" },

  /* DALL·E 2. */
  { "dalle2-size", "dall-e-2", 300, 300, 1, NULL, .size = "256x256" },
  { "dalle2-count", "dall-e-2", 512, 512, 12, NULL, .n = 10,
    .adjustments = "count 12 → 10 images per request, the most dall-e-2 takes; Easel sends 2 "
                   "requests" },
  { "dalle2-quality", "dall-e-2", 512, 512, 1, "{\"quality\": \"hd\"}",
    .error_field = "quality" },
  { "dalle2-prompt-too-long", "dall-e-2", 512, 512, 1, NULL, .prompt_length = 1001,
    .error_field = "prompt" },

  /* Counts and streaming on GPT models. */
  { "gpt2-stream-default", "gpt-image-2", 1024, 1024, 2, NULL, .n = 1,
    .present = "stream=true;partial_images=2",
    .adjustments = "count 2 → 1 image per streamed request (for previews); Easel sends 2 "
                   "requests" },
  { "gpt2-no-stream-count", "gpt-image-2", 1024, 1024, 4, NULL, "{\"stream\": false}",
    .n = 4, .absent = "stream;partial_images" },
  { "gpt2-count-over-max", "gpt-image-2", 1024, 1024, 25, "{\"stream\": false}", .n = 10,
    .adjustments = "count 25 → 10 images per request, the most gpt-image-2 takes; Easel sends "
                   "3 requests" },
  { "gpt2-partials-option", "gpt-image-2", 1024, 1024, 1, NULL, "{\"partial_images\": 3}",
    .present = "partial_images=3" },
  { "gpt2-partials-zero", "gpt-image-2", 1024, 1024, 1, "{\"partial_images\": 0}",
    .present = "stream=true;partial_images=0" },
  { "gpt2-partials-invalid", "gpt-image-2", 1024, 1024, 1, "{\"partial_images\": 5}",
    .error_field = "partial_images" },
  { "gpt2-stream-not-bool", "gpt-image-2", 1024, 1024, 1, "{\"stream\": \"yes\"}",
    .error_field = "stream" },
  { "gpt2-partials-without-stream", "gpt-image-2", 1024, 1024, 1,
    "{\"stream\": false, \"partial_images\": 2}", .absent = "partial_images;stream",
    .adjustments = "partial_images ignored: only with stream" },

  /* Quality and style. */
  { "gpt2-quality", "gpt-image-2", 1024, 1024, 1, "{\"quality\": \"low\"}",
    .present = "quality=low" },
  { "gpt2-quality-xhigh-refused", "gpt-image-2", 1024, 1024, 1, "{\"quality\": \"xhigh\"}",
    .error_field = "quality" },
  { "gpt25-quality-xhigh", "gpt-image-2.5-flare", 1024, 1024, 1, "{\"quality\": \"max\"}",
    .present = "quality=max" },
  { "gpt2-quality-not-text", "gpt-image-2", 1024, 1024, 1, "{\"quality\": 3}",
    .error_field = "quality" },
  { "gpt2-style-ignored", "gpt-image-2", 1024, 1024, 1, "{\"style\": \"vivid\"}",
    .absent = "style", .adjustments = "style ignored: gpt-image-2 has no style" },
  { "option-quality-default", "gpt-image-2", 1024, 1024, 1, NULL, "{\"quality\": \"high\"}",
    .present = "quality=high" },
  { "option-quality-not-for-model", "gpt-image-2", 1024, 1024, 1, NULL,
    "{\"quality\": \"hd\"}", .absent = "quality",
    .adjustments = "quality hd (provider default) not sent: gpt-image-2 does not take it" },
  { "extra-quality-beats-option", "gpt-image-2", 1024, 1024, 1, "{\"quality\": \"low\"}",
    "{\"quality\": \"high\"}", .present = "quality=low" },

  /* GPT-only fields. */
  { "gpt2-jpeg-compression", "gpt-image-2", 1024, 1024, 1,
    "{\"output_format\": \"jpeg\", \"output_compression\": 80, \"background\": \"opaque\", "
    "\"moderation\": \"low\", \"user\": \"user-1234\"}",
    .present = "output_format=jpeg;output_compression=80;background=opaque;moderation=low;"
               "user=user-1234" },
  { "gpt2-compression-needs-jpeg", "gpt-image-2", 1024, 1024, 1,
    "{\"output_compression\": 80}", .absent = "output_compression",
    .adjustments = "output_compression ignored: only with output_format jpeg or webp" },
  { "gpt2-compression-range", "gpt-image-2", 1024, 1024, 1,
    "{\"output_format\": \"webp\", \"output_compression\": 150}",
    .error_field = "output_compression" },
  { "gpt2-transparent-jpeg", "gpt-image-2", 1024, 1024, 1,
    "{\"output_format\": \"jpeg\", \"background\": \"transparent\"}",
    .error_field = "background" },
  { "gpt2-transparent-png", "gpt-image-2", 1024, 1024, 1,
    "{\"output_format\": \"png\", \"background\": \"transparent\"}",
    .present = "background=transparent;output_format=png" },
  { "gpt2-bad-format", "gpt-image-2", 1024, 1024, 1, "{\"output_format\": \"bmp\"}",
    .error_field = "output_format" },
  { "gpt2-bad-moderation", "gpt-image-2", 1024, 1024, 1, "{\"moderation\": \"none\"}",
    .error_field = "moderation" },
  { "gpt2-bad-user", "gpt-image-2", 1024, 1024, 1, "{\"user\": 5}", .error_field = "user" },
  { "gpt2-response-format-ignored", "gpt-image-2", 1024, 1024, 1,
    "{\"response_format\": \"url\"}", .absent = "response_format",
    .adjustments = "response_format ignored: gpt-image-2 always answers with base64 images" },
  { "gpt2-sdk-passthrough", "gpt-image-2", 1024, 1024, 1, "{\"complexity\": \"high\"}",
    .present = "complexity=high" },
  { "dalle3-sdk-passthrough-ignored", "dall-e-3", 1024, 1024, 1, "{\"complexity\": \"high\"}",
    .absent = "complexity", .adjustments = "complexity ignored: dall-e-3 has no complexity" },

  /* What no OpenAI model has. */
  { "ignored-structured", "gpt-image-2", 1024, 1024, 1, NULL, .steps = 30, .guidance = TRUE,
    .seed = TRUE, .sampler = "euler", .scheduler = "karras",
    .adjustments = "steps ignored: gpt-image-2 has no steps|guidance ignored: gpt-image-2 has "
                   "no guidance scale|seed ignored: gpt-image-2 has no seed|sampler ignored: "
                   "gpt-image-2 has no sampler choice|scheduler ignored: gpt-image-2 has no "
                   "scheduler choice" },
  { "negative-ignored", "gpt-image-2", 1024, 1024, 1, NULL, .negative = "blurry",
    .adjustments = "negative prompt ignored: gpt-image-2 has no negative prompt" },
  { "negative-appended", "gpt-image-2", 1024, 1024, 1, "{\"append_negative\": true}",
    .negative = "blurry", .present = "prompt=a lighthouse at dusk\n\nAvoid: blurry",
    .adjustments = "negative prompt appended" },
  { "unknown-extra", "gpt-image-2", 1024, 1024, 1, "{\"clip_skip\": 2}",
    .absent = "clip_skip", .adjustments = "clip_skip ignored: not an OpenAI Images setting" },

  /* Errors that name their field. */
  { "no-model", NULL, 1024, 1024, 1, NULL, .error_field = "model" },
  { "empty-prompt", "gpt-image-2", 1024, 1024, 1, NULL, .prompt_length = -1,
    .error_field = "prompt" },
  { "gpt-prompt-too-long", "gpt-image-2", 1024, 1024, 1, NULL, .prompt_length = 32001,
    .error_field = "prompt" },
};

static char *
make_prompt (int length)
{
  if (length < 0)
    return g_strdup ("   ");
  if (length == 0)
    return g_strdup ("a lighthouse at dusk");
  return g_strnfill (length, 'a');
}

static void
assert_present (JsonObject *body,
                const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, ";", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *key = eq != NULL ? g_strndup (items[i], eq - items[i])
                                        : g_strdup (items[i]);
      JsonNode *node = json_object_get_member (body, key);
      g_autofree char *text = NULL;

      if (node == NULL)
        g_error ("body has no “%s”", key);
      if (eq == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else
        text = json_to_string (node, FALSE);
      g_assert_cmpstr (text, ==, eq + 1);
    }
}

static void
assert_adjustments (GPtrArray  *adjustments,
                    const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, "|", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < adjustments->len && !found; j++)
        found = strstr (g_ptr_array_index (adjustments, j), items[i]) != NULL;
      if (!found)
        {
          g_autoptr(GString) all = g_string_new (NULL);

          for (guint j = 0; j < adjustments->len; j++)
            g_string_append_printf (all, "\n  %s", (char *) g_ptr_array_index (adjustments, j));
          g_error ("no adjustment says “%s”; there are:%s", items[i], all->str);
        }
    }
}

static EaselFakeSchema *schema;

static void
test_map_case (gconstpointer data)
{
  const MapCase *mc = data;
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("OpenAI",
                                                                     EASEL_PROVIDER_KIND_OPENAI);
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselGenerateRequest) request = NULL;
  g_autoptr(EaselCapabilities) caps = NULL;
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = make_prompt (mc->prompt_length);
  g_autofree char *rule_error = NULL;
  JsonObject *body;
  guint status = 0;

  setting->width = mc->width;
  setting->height = mc->height;
  setting->steps = mc->steps;
  setting->has_guidance = mc->guidance;
  setting->guidance_scale = 7;
  setting->has_seed = mc->seed;
  setting->seed = 42;
  easel_image_setting_set_string (&setting->sampler, mc->sampler);
  easel_image_setting_set_string (&setting->scheduler, mc->scheduler);
  if (mc->extra != NULL)
    g_assert_true (easel_image_setting_set_extra_json (setting, mc->extra, NULL));
  if (mc->options != NULL)
    {
      g_autoptr(JsonNode) options = json_from_string (mc->options, NULL);

      json_object_unref (config->options);
      config->options = json_object_ref (json_node_get_object (options));
    }

  request = easel_generate_request_new (prompt, setting);
  request->model = g_strdup (mc->model);
  request->count = mc->count;
  request->negative_prompt = g_strdup (mc->negative);
  if (mc->model != NULL)
    caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI, mc->model);

  mapped = easel_openai_map_request (config, request, caps, &error);
  if (mc->error_field != NULL)
    {
      g_assert_null (mapped);
      g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST);
      g_assert_cmpstr (easel_provider_error_get_field (error), ==, mc->error_field);
      if (strstr (error->message, mc->error_field) == NULL)
        g_error ("the message does not name %s: %s", mc->error_field, error->message);
      return;
    }

  g_assert_no_error (error);
  body = json_node_get_object (mapped->body);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, mc->model);
  g_assert_true (json_object_has_member (body, "prompt"));
  if (mc->size != NULL)
    g_assert_cmpstr (json_object_get_string_member (body, "size"), ==, mc->size);
  if (mc->n > 0)
    {
      g_assert_cmpint (json_object_get_int_member (body, "n"), ==, mc->n);
      g_assert_cmpint (mapped->images, ==, mc->n);
      g_assert_cmpint (mapped->effective->count, ==, mc->n);
    }
  if (mc->present != NULL)
    assert_present (body, mc->present);
  if (mc->absent != NULL)
    {
      g_auto(GStrv) keys = g_strsplit (mc->absent, ";", -1);

      for (guint i = 0; keys[i] != NULL; i++)
        if (json_object_has_member (body, keys[i]))
          g_error ("body has “%s”", keys[i]);
    }
  if (mc->adjustments != NULL)
    assert_adjustments (mapped->adjustments, mc->adjustments);
  else if (mc->width == 0 && mc->height == 0 && mc->extra == NULL)
    g_assert_cmpuint (mapped->adjustments->len, ==, 0);

  /* Valid for the schema and for the server's own rules (DALL·E: before its shutdown). */
  if (!easel_fake_schema_validate (schema, "CreateImageRequest", mapped->body, NULL, &error))
    g_error ("%s", error->message);
  rule_error = _easel_fake_openai_check_rules (body, "2026-01-01",
                                               g_str_has_prefix (mc->model, "flux") ||
                                               g_str_has_prefix (mc->model, "gpt-image-9"),
                                               &status);
  if (rule_error != NULL)
    g_error ("the fake refuses it (%u): %s", status, rule_error);
}

/* Every model id the fake lists maps to a body that both the schema and the server take. */
static void
test_every_model_size (void)
{
  static const char * const models[] = {
    "gpt-image-2", "gpt-image-2.5-sunburst", "gpt-image-1.5", "gpt-image-1-mini",
    "chatgpt-image-latest", "gpt-image-1", "dall-e-3", "dall-e-2",
  };
  static const int sizes[][2] = {
    { 512, 512 }, { 1024, 1024 }, { 1344, 768 }, { 768, 1344 }, { 1920, 1080 }, { 100, 1000 },
    { 4096, 4096 }, { 3840, 2160 }, { 2048, 512 }, { 17, 33 },
  };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
        g_autoptr(EaselGenerateRequest) request = NULL;
        g_autoptr(EaselMappedRequest) mapped = NULL;
        g_autoptr(EaselCapabilities) caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                       models[m]);
        g_autoptr(GError) error = NULL;
        g_autofree char *rule_error = NULL;
        int w, h;
        guint status;

        setting->width = sizes[s][0];
        setting->height = sizes[s][1];
        request = easel_generate_request_new ("a fox", setting);
        request->model = g_strdup (models[m]);
        request->count = 3;
        mapped = easel_openai_map_request (NULL, request, caps, &error);
        g_assert_no_error (error);

        g_assert_true (easel_openai_parse_size (
          json_object_get_string_member (json_node_get_object (mapped->body), "size"), &w, &h));
        g_assert_true (easel_capabilities_size_is_allowed (caps, w, h));
        g_assert_cmpint (w, ==, mapped->effective->width);
        g_assert_cmpint (h, ==, mapped->effective->height);
        g_assert_true (easel_fake_schema_validate (schema, "CreateImageRequest", mapped->body,
                                                   NULL, &error));
        rule_error = _easel_fake_openai_check_rules (json_node_get_object (mapped->body),
                                                     "2026-01-01", FALSE, &status);
        if (rule_error != NULL)
          g_error ("%s %d×%d: %s", models[m], sizes[s][0], sizes[s][1], rule_error);
      }
}

static void
test_parse_size (void)
{
  static const struct { const char *text; gboolean ok; int w, h; } parse_cases[] = {
    { "1024x1024", TRUE, 1024, 1024 }, { "1536X864", TRUE, 1536, 864 },
    { "1344×768", TRUE, 1344, 768 }, { "auto", FALSE }, { "1024x", FALSE }, { "x1024", FALSE },
    { "0x10", FALSE }, { "1024x1024 ", FALSE }, { "-5x10", FALSE }, { "99999x10", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      int w = 0, h = 0;

      g_assert_cmpint (easel_openai_parse_size (parse_cases[i].text, &w, &h), ==,
                       parse_cases[i].ok);
      if (parse_cases[i].ok)
        {
          g_assert_cmpint (w, ==, parse_cases[i].w);
          g_assert_cmpint (h, ==, parse_cases[i].h);
        }
    }
}

static void
test_capability_overrides (void)
{
  g_autoptr(EaselCapabilities) caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                 "my-relay-model");
  g_autoptr(JsonNode) node = json_from_string ("{\"sizes\": [\"512x512\", \"768x768\", \"bad\"],"
                                               " \"max_images_per_request\": 4,"
                                               " \"qualities\": [\"standard\"],"
                                               " \"styles\": [], \"streams\": false}", NULL);
  int w, h;

  easel_openai_capabilities_apply_overrides (caps, json_node_get_object (node));
  g_assert_cmpuint (caps->sizes->len, ==, 2);
  g_assert_cmpint (caps->max_images_per_request, ==, 4);
  g_assert_cmpstr (caps->qualities[0], ==, "standard");
  g_assert_null (caps->qualities[1]);
  g_assert_null (caps->styles);
  g_assert_false (caps->streams_previews);
  easel_capabilities_fit_size (caps, 1024, 1024, &w, &h);
  g_assert_cmpint (w, ==, 768);
}

static void
test_capability_rows (void)
{
  g_autoptr(EaselCapabilities) dalle2 = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                   "dall-e-2");
  g_autoptr(EaselCapabilities) dalle3 = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                   "dall-e-3");
  g_autoptr(EaselCapabilities) gpt2 = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                 "gpt-image-2");
  g_autoptr(EaselCapabilities) unknown = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                                                    "something-new");

  g_assert_cmpint (easel_openai_family_of (dalle2), ==, EASEL_OPENAI_FAMILY_DALL_E_2);
  g_assert_cmpint (easel_openai_family_of (dalle3), ==, EASEL_OPENAI_FAMILY_DALL_E_3);
  g_assert_cmpint (easel_openai_family_of (gpt2), ==, EASEL_OPENAI_FAMILY_GPT_IMAGE);
  g_assert_cmpint (easel_openai_family_of (unknown), ==, EASEL_OPENAI_FAMILY_GPT_IMAGE);
  g_assert_true (g_strv_equal ((const char * const *) dalle2->qualities,
                               (const char * const *) (const char *[]) { "standard", NULL }));
  g_assert_cmpint (dalle3->max_images_per_request, ==, 1);
  g_assert_cmpint (dalle3->max_prompt_length, ==, 4000);
  g_assert_cmpint (dalle2->max_prompt_length, ==, 1000);
  g_assert_cmpint (gpt2->max_prompt_length, ==, 32000);
  g_assert_false (gpt2->steps || gpt2->guidance || gpt2->seed || gpt2->negative_prompt ||
                  gpt2->sampler || gpt2->scheduler);
  g_assert_nonnull (unknown->sizes);
  g_assert_false (unknown->streams_previews);
}

/* ---- the model list (core, pure) --------------------------------------------------------- */

static void
test_models_parse (void)
{
  g_autofree char *json = _easel_fake_openai_models_json (EASEL_FAKE_OPENAI_MODELS_OPENAI);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(EaselServerInfo) later = NULL;
  g_autoptr(EaselServerInfo) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warnings = NULL;

  info = easel_openai_models_parse (root, "2026-11-26", "gpt-image-1", &error);
  g_assert_no_error (error);
  g_assert_false (g_strv_contains ((const char * const *) info->models, "gpt-image-1"));
  g_assert_false (g_strv_contains ((const char * const *) info->models, "whisper-1"));
  g_assert_true (g_strv_contains ((const char * const *) info->models, "gpt-image-1-mini"));
  warnings = g_strjoinv ("\n", info->warnings);
  g_assert_nonnull (strstr (warnings, "gpt-image-1-mini shuts down on 2026-12-01 (in 5 days)"));
  g_assert_nonnull (strstr (warnings, "gpt-image-1 was shut down on 2026-10-23"));

  /* On the shutdown day the model is gone. */
  later = easel_openai_models_parse (root, "2026-12-01", NULL, &error);
  g_assert_false (g_strv_contains ((const char * const *) later->models, "gpt-image-1.5"));
  g_assert_null (later->warnings[0]);

  /* Before DALL·E's shutdown it is listed, with a warning. */
  before = easel_openai_models_parse (root, "2026-05-11", NULL, &error);
  g_assert_true (g_strv_contains ((const char * const *) before->models, "dall-e-3"));
  g_free (warnings);
  warnings = g_strjoinv ("\n", before->warnings);
  g_assert_nonnull (strstr (warnings, "dall-e-3 shuts down on 2026-05-12 (in 1 day)"));
}

static void
test_models_parse_odd (void)
{
  static const char * const bad[] = { "[]", "{\"object\": \"list\"}", "{\"data\": {}}" };
  g_autoptr(JsonNode) odd = json_from_string (
    "{\"data\": [{\"id\": \"gpt-image-2\", \"shutdown_date\": \"soon\"}, {\"id\": 5},"
    " \"x\", {\"id\": \"dall-e-3\"}, {\"id\": \"gpt-image-2\"}]}", NULL);
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = json_from_string (bad[i], NULL);
      g_autoptr(GError) local = NULL;

      g_assert_null (easel_openai_models_parse (root, "2026-11-26", NULL, &local));
      g_assert_error (local, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
    }

  /* An unreadable date is no date; duplicates are listed once; no date = current. */
  info = easel_openai_models_parse (odd, "2026-11-26", "gpt-image-7", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (info->models), ==, 2);
  g_assert_nonnull (strstr (info->warnings[0], "gpt-image-7 is not in this server’s model list"));
  g_assert_true (easel_openai_date_is_valid ("2026-02-28"));
  g_assert_false (easel_openai_date_is_valid ("2026-02-30"));
  g_assert_false (easel_openai_date_is_valid ("2026-2-03"));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  schema = easel_fake_schema_load_openai ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/openai/mapping/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_map_case);
    }
  g_test_add_func ("/easel/openai/mapping/every-model-size", test_every_model_size);
  g_test_add_func ("/easel/openai/mapping/parse-size", test_parse_size);
  g_test_add_func ("/easel/openai/capabilities/overrides", test_capability_overrides);
  g_test_add_func ("/easel/openai/capabilities/rows", test_capability_rows);
  g_test_add_func ("/easel/openai/models/parse", test_models_parse);
  g_test_add_func ("/easel/openai/models/parse-odd", test_models_parse_odd);

  result = g_test_run ();
  easel_fake_schema_free (schema);
  return result;
}
