/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-cost.h"
#include "easel-generation.h"
#include "easel-image-setting.h"

/* Costs from protocols/openai-images.md §8: token-based from `usage` when there is a token
 * price, per image otherwise, the provider's "prices" option over the built-in table, and
 * "unknown" rather than a guess.
 */

#define USAGE_1024_HIGH \
  "{\"total_tokens\":4210,\"input_tokens\":50,\"output_tokens\":4160," \
  "\"input_tokens_details\":{\"text_tokens\":40,\"image_tokens\":10}," \
  "\"output_tokens_details\":{\"image_tokens\":4160,\"text_tokens\":0}}"

typedef struct
{
  const char *name;
  const char *model;
  const char *size;
  const char *quality;
  const char *usage;
  const char *overrides;
  gboolean    known;
  double      usd;
} CostCase;

static const CostCase cases[] = {
  /* DALL·E: per image. */
  { "dalle3-standard", "dall-e-3", "1024x1024", "standard", NULL, NULL, TRUE, 0.040 },
  { "dalle3-hd", "dall-e-3", "1024x1024", "hd", NULL, NULL, TRUE, 0.080 },
  { "dalle3-wide-standard", "dall-e-3", "1792x1024", "standard", NULL, NULL, TRUE, 0.080 },
  { "dalle3-tall-hd", "dall-e-3", "1024x1792", "hd", NULL, NULL, TRUE, 0.120 },
  { "dalle3-no-quality", "dall-e-3", "1024x1024", NULL, NULL, NULL, FALSE, 0 },
  { "dalle2-256", "dall-e-2", "256x256", NULL, NULL, NULL, TRUE, 0.016 },
  { "dalle2-512", "dall-e-2", "512x512", "standard", NULL, NULL, TRUE, 0.018 },
  { "dalle2-1024", "dall-e-2", "1024x1024", NULL, NULL, NULL, TRUE, 0.020 },
  { "dalle2-other-size", "dall-e-2", "768x768", NULL, NULL, NULL, FALSE, 0 },

  /* gpt-image-1: tokens when usage is there ($5 text in, $10 image in, $40 out per M). */
  { "gpt1-tokens", "gpt-image-1", "1024x1024", "high", USAGE_1024_HIGH, NULL, TRUE,
    (40 * 5.0 + 10 * 10.0 + 4160 * 40.0) / 1e6 },
  { "gpt1-per-image-low", "gpt-image-1", "1024x1024", "low", NULL, NULL, TRUE, 0.011 },
  { "gpt1-per-image-medium-wide", "gpt-image-1", "1536x1024", "medium", NULL, NULL, TRUE, 0.063 },
  { "gpt1-per-image-high-tall", "gpt-image-1", "1024x1536", "high", NULL, NULL, TRUE, 0.25 },
  { "gpt1-auto-quality-no-usage", "gpt-image-1", "1024x1024", "auto", NULL, NULL, FALSE, 0 },
  { "gpt1-usage-without-details", "gpt-image-1", "1024x1024", NULL,
    "{\"input_tokens\":100,\"output_tokens\":1000,\"total_tokens\":1100}", NULL, TRUE,
    (100 * 5.0 + 1000 * 40.0) / 1e6 },

  /* gpt-image-2.5-sunburst (third-party listing): $8 in, $30 out per M. */
  { "sunburst-tokens", "gpt-image-2.5-sunburst", "2048x1152", "high", USAGE_1024_HIGH, NULL,
    TRUE, (50 * 8.0 + 4160 * 30.0) / 1e6 },
  { "sunburst-dated", "gpt-image-2.5-sunburst-2026-09-08", "1024x1024", "high", USAGE_1024_HIGH,
    NULL, TRUE, (50 * 8.0 + 4160 * 30.0) / 1e6 },
  { "sunburst-no-usage", "gpt-image-2.5-sunburst", "1024x1024", "high", NULL, NULL, FALSE, 0 },

  /* No price row: unknown, never a guess. */
  { "gpt2-unknown", "gpt-image-2", "1024x1024", "high", USAGE_1024_HIGH, NULL, FALSE, 0 },
  { "relay-unknown", "flux-dev", "1024x1024", NULL, NULL, NULL, FALSE, 0 },
  { "bad-usage", "gpt-image-2.5-sunburst", "1024x1024", NULL, "{\"input_tokens\": \"x\"}", NULL,
    FALSE, 0 },
  { "usage-not-json", "gpt-image-1", "1024x1024", "auto", "not json", NULL, FALSE, 0 },

  /* The provider's "prices" option wins. */
  { "override-gpt2-tokens", "gpt-image-2", "1024x1024", "high", USAGE_1024_HIGH,
    "{\"gpt-image-2\": {\"text_input_per_m\": 5, \"image_input_per_m\": 8, \"output_per_m\": 30}}",
    TRUE, (40 * 5.0 + 10 * 8.0 + 4160 * 30.0) / 1e6 },
  { "override-dated-alias", "gpt-image-2-2026-04-21", "1024x1024", "high", USAGE_1024_HIGH,
    "{\"gpt-image-2\": {\"text_input_per_m\": 5, \"output_per_m\": 30}}",
    TRUE, (50 * 5.0 + 4160 * 30.0) / 1e6 },
  { "override-beats-builtin", "dall-e-3", "1024x1024", "standard", NULL,
    "{\"dall-e-3\": {\"per_image\": 0.05}}", TRUE, 0.05 },
  { "override-per-image-table", "dall-e-3", "1792x1024", "hd", NULL,
    "{\"dall-e-3\": {\"per_image\": {\"1792x1024/hd\": 0.2, \"1792x1024\": 0.1}}}", TRUE, 0.2 },
  { "override-per-image-by-size", "dall-e-3", "1792x1024", "standard", NULL,
    "{\"dall-e-3\": {\"per_image\": {\"1792x1024/hd\": 0.2, \"1792x1024\": 0.1}}}", TRUE, 0.1 },
  { "override-wildcard-free", "flux-dev", "1024x1024", NULL, NULL,
    "{\"*\": {\"per_image\": 0}}", TRUE, 0 },
  { "override-negative-ignored", "flux-dev", "1024x1024", NULL, NULL,
    "{\"*\": {\"per_image\": -1}}", FALSE, 0 },
};

static void
test_cost_case (gconstpointer data)
{
  const CostCase *cc = data;
  g_autoptr(JsonNode) overrides = NULL;
  double usd = -1;
  gboolean known;

  if (cc->overrides != NULL)
    overrides = json_from_string (cc->overrides, NULL);
  known = easel_cost_estimate (cc->model, cc->size, cc->quality, cc->usage,
                               overrides != NULL ? json_node_get_object (overrides) : NULL, &usd);
  g_assert_cmpint (known, ==, cc->known);
  if (known)
    g_assert_cmpfloat_with_epsilon (usd, cc->usd, 1e-9);
}

static void
test_cost_image (void)
{
  g_autoptr(EaselGeneratedImage) image = easel_generated_image_new (NULL);
  double usd = 0;

  image->model = g_strdup ("gpt-image-1");
  image->usage_json = g_strdup (USAGE_1024_HIGH);
  image->effective = easel_image_setting_new ();
  image->effective->width = 1024;
  image->effective->height = 1024;
  image->effective->count = 2;
  json_object_set_string_member (image->effective->extra_settings, "quality", "high");

  /* One usage for the two images of the request: each costs half. */
  g_assert_true (easel_cost_estimate_image (image, NULL, &usd));
  g_assert_cmpfloat_with_epsilon (usd, (40 * 5.0 + 10 * 10.0 + 4160 * 40.0) / 1e6 / 2, 1e-9);

  /* Without usage, per image: not divided. */
  g_clear_pointer (&image->usage_json, g_free);
  g_assert_true (easel_cost_estimate_image (image, NULL, &usd));
  g_assert_cmpfloat_with_epsilon (usd, 0.167, 1e-9);

  g_free (image->model);
  image->model = g_strdup ("gpt-image-2");
  g_assert_false (easel_cost_estimate_image (image, NULL, &usd));
}

static void
test_cost_format (void)
{
  static const struct { double usd; const char *text; } formats[] = {
    { 0.04, "≈ $0.04" }, { 0.042, "≈ $0.042" }, { 0.1672, "≈ $0.167" }, { 0.25, "≈ $0.25" },
    { 1.5, "≈ $1.50" }, { 0, "≈ $0.00" }, { 0.0004, "< $0.001" }, { -1, "?" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = easel_cost_format (formats[i].usd);
      g_assert_cmpstr (text, ==, formats[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/cost/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_cost_case);
    }
  g_test_add_func ("/easel/cost/image", test_cost_image);
  g_test_add_func ("/easel/cost/format", test_cost_format);
  return g_test_run ();
}
