/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-cost.h"
#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* What an image cost, approximately, in USD (protocols/openai-images.md §8). Prices change, so
 * they are data: the table below (each row with its date and source) and the provider's options
 * "prices", which win over it. Token prices are USD per million tokens; a request that reports
 * `usage` is priced from its tokens, one without (DALL·E, most compatible servers) per image.
 * A model with no price row has an unknown cost: never a guess.
 */

typedef struct
{
  const char *model;
  const char *size;        /* NULL: any size */
  const char *quality;     /* NULL: any quality */
  double      per_image;   /* < 0: none */
  const char *as_of;
  const char *source;
} ImagePrice;

typedef struct
{
  const char *model;
  double      text_input;  /* USD per 1M tokens */
  double      image_input;
  double      output;
  const char *as_of;
  const char *source;
} TokenPrice;

static const ImagePrice image_prices[] = {
  { "dall-e-3", "1024x1024", "standard", 0.040, "2023-12-25", "openai.com/pricing" },
  { "dall-e-3", "1024x1024", "hd",       0.080, "2023-12-25", "openai.com/pricing" },
  { "dall-e-3", "1024x1792", "standard", 0.080, "2023-12-25", "openai.com/pricing" },
  { "dall-e-3", "1792x1024", "standard", 0.080, "2023-12-25", "openai.com/pricing" },
  { "dall-e-3", "1024x1792", "hd",       0.120, "2023-12-25", "openai.com/pricing" },
  { "dall-e-3", "1792x1024", "hd",       0.120, "2023-12-25", "openai.com/pricing" },
  { "dall-e-2", "256x256",   NULL,       0.016, "2023-12-25", "openai.com/pricing" },
  { "dall-e-2", "512x512",   NULL,       0.018, "2023-12-25", "openai.com/pricing" },
  { "dall-e-2", "1024x1024", NULL,       0.020, "2023-12-25", "openai.com/pricing" },
  { "gpt-image-1", "1024x1024", "low",    0.011, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1024x1536", "low",    0.016, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1536x1024", "low",    0.016, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1024x1024", "medium", 0.042, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1024x1536", "medium", 0.063, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1536x1024", "medium", 0.063, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1024x1024", "high",   0.167, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1024x1536", "high",   0.250, "undated", "gpt-image-1 model page" },
  { "gpt-image-1", "1536x1024", "high",   0.250, "undated", "gpt-image-1 model page" },
};

static const TokenPrice token_prices[] = {
  { "gpt-image-1",            5.00, 10.00, 40.00, "undated", "gpt-image-1 model page" },
  /* Third-party listing (openrouter); OpenAI's own page had no figure when this was written. */
  { "gpt-image-2.5-sunburst", 8.00,  8.00, 30.00, "undated", "openrouter.ai listing" },
};

typedef struct
{
  gboolean has_tokens;
  double   text_input;
  double   image_input;
  double   output;
  gboolean has_image;
  double   per_image;
} Price;

/* "gpt-image-2.5-sunburst-2026-09-08" → "gpt-image-2.5-sunburst": dated snapshots share the
 * price of their alias unless a row says otherwise.
 */
static char *
undated_model (const char *model)
{
  gsize len = strlen (model);
  const char *tail;

  if (len <= 11)
    return NULL;
  tail = model + len - 11;
  if (tail[0] != '-' || tail[5] != '-' || tail[8] != '-')
    return NULL;
  for (guint i = 1; i < 11; i++)
    if (i != 5 && i != 8 && !g_ascii_isdigit (tail[i]))
      return NULL;
  return g_strndup (model, len - 11);
}

static gboolean
lookup_builtin (const char *model,
                const char *size,
                const char *quality,
                Price      *price)
{
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (token_prices); i++)
    if (strcmp (token_prices[i].model, model) == 0)
      {
        price->has_tokens = TRUE;
        price->text_input = token_prices[i].text_input;
        price->image_input = token_prices[i].image_input;
        price->output = token_prices[i].output;
        found = TRUE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (image_prices); i++)
    {
      const ImagePrice *row = &image_prices[i];

      if (strcmp (row->model, model) != 0)
        continue;
      found = TRUE;
      if ((row->size == NULL || g_strcmp0 (row->size, size) == 0) &&
          (row->quality == NULL || g_strcmp0 (row->quality, quality) == 0))
        {
          price->has_image = TRUE;
          price->per_image = row->per_image;
        }
    }
  return found;
}

static gboolean
read_price (JsonObject *object,
            const char *member,
            double     *out)
{
  return easel_json_object_get_number (object, member, out) && *out >= 0;
}

/* One override row: {"text_input_per_m", "image_input_per_m", "output_per_m", "per_image"}
 * where "per_image" is a number or an object keyed by "WxH/quality", "WxH" or "quality".
 */
static gboolean
lookup_override (JsonObject *overrides,
                 const char *key,
                 const char *size,
                 const char *quality,
                 Price      *price)
{
  JsonObject *row = easel_json_object_get_object (overrides, key);
  JsonNode *per_image;
  double text_input, output;

  if (row == NULL)
    return FALSE;

  if (read_price (row, "output_per_m", &output) &&
      read_price (row, "text_input_per_m", &text_input))
    {
      price->has_tokens = TRUE;
      price->text_input = text_input;
      price->output = output;
      if (!read_price (row, "image_input_per_m", &price->image_input))
        price->image_input = text_input;
    }

  per_image = json_object_get_member (row, "per_image");
  if (per_image != NULL && easel_json_get_number (per_image, &price->per_image) &&
      price->per_image >= 0)
    price->has_image = TRUE;
  else if (per_image != NULL && JSON_NODE_HOLDS_OBJECT (per_image))
    {
      JsonObject *table = json_node_get_object (per_image);
      g_autofree char *both = g_strdup_printf ("%s/%s", size != NULL ? size : "",
                                               quality != NULL ? quality : "");
      const char *keys[] = { both, size, quality };

      for (guint i = 0; i < G_N_ELEMENTS (keys) && !price->has_image; i++)
        if (keys[i] != NULL && read_price (table, keys[i], &price->per_image))
          price->has_image = TRUE;
    }
  return TRUE;
}

static gboolean
find_price (const char *model,
            const char *size,
            const char *quality,
            JsonObject *overrides,
            Price      *price)
{
  g_autofree char *undated = undated_model (model);

  memset (price, 0, sizeof *price);
  if (overrides != NULL &&
      (lookup_override (overrides, model, size, quality, price) ||
       (undated != NULL && lookup_override (overrides, undated, size, quality, price)) ||
       lookup_override (overrides, "*", size, quality, price)))
    return TRUE;
  return lookup_builtin (model, size, quality, price) ||
         (undated != NULL && lookup_builtin (undated, size, quality, price));
}

static gboolean
usage_tokens (const char *usage_json,
              double     *text_in,
              double     *image_in,
              double     *out)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *usage, *details;
  gint64 input, output, text, image;

  if (usage_json == NULL || *usage_json == '\0')
    return FALSE;
  root = easel_json_parse (usage_json, -1, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  usage = json_node_get_object (root);
  if (!easel_json_object_get_int (usage, "output_tokens", &output) || output < 0)
    return FALSE;
  if (!easel_json_object_get_int (usage, "input_tokens", &input) || input < 0)
    input = 0;

  details = easel_json_object_get_object (usage, "input_tokens_details");
  if (details != NULL &&
      easel_json_object_get_int (details, "text_tokens", &text) && text >= 0 &&
      easel_json_object_get_int (details, "image_tokens", &image) && image >= 0)
    {
      *text_in = (double) text;
      *image_in = (double) image;
    }
  else
    {
      /* No breakdown: a text-to-image request's input is its prompt. */
      *text_in = (double) input;
      *image_in = 0;
    }
  *out = (double) output;
  return TRUE;
}

/**
 * easel_cost_estimate:
 * @model: the model id the image was made with
 * @size: (nullable): "WxH" as sent
 * @quality: (nullable): the quality as sent
 * @usage_json: (nullable): the response's raw `usage` object
 * @price_overrides: (nullable): the provider's options "prices", keyed by model id (or its
 *   undated alias, or "*"), each `{"text_input_per_m", "image_input_per_m", "output_per_m",
 *   "per_image"}`
 * @usd: (out): the estimate
 *
 * With @usage_json and a token price, the cost of the request @usage_json describes (all its
 * images); otherwise the per-image price of one image of @size and @quality.
 *
 * Returns: %FALSE when the cost is unknown (no price for the model, size or quality).
 */
gboolean
easel_cost_estimate (const char *model,
                     const char *size,
                     const char *quality,
                     const char *usage_json,
                     JsonObject *price_overrides,
                     double     *usd)
{
  Price price;
  double text_in, image_in, out;

  g_return_val_if_fail (usd != NULL, FALSE);

  *usd = 0;
  if (model == NULL || !find_price (model, size, quality, price_overrides, &price))
    return FALSE;

  if (price.has_tokens && usage_tokens (usage_json, &text_in, &image_in, &out))
    {
      *usd = (text_in * price.text_input + image_in * price.image_input +
              out * price.output) / 1e6;
      return TRUE;
    }
  if (price.has_image)
    {
      *usd = price.per_image;
      return TRUE;
    }
  return FALSE;
}

/**
 * easel_cost_estimate_image:
 *
 * The cost of one generated image: its model, the size and quality actually sent, and its
 * request's `usage`. A request for n images reports one `usage` for all of them (each image
 * carries it), so a token-based cost is shared by the n images of that request
 * (@image->effective->count).
 */
gboolean
easel_cost_estimate_image (const EaselGeneratedImage *image,
                           JsonObject                *price_overrides,
                           double                    *usd)
{
  g_autofree char *size = NULL;
  const char *quality = NULL;
  double text_in, image_in, out;
  Price price;
  int images = 1;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (usd != NULL, FALSE);

  if (image->effective != NULL)
    {
      if (image->effective->width > 0 && image->effective->height > 0)
        size = g_strdup_printf ("%dx%d", image->effective->width, image->effective->height);
      quality = easel_json_object_get_string (image->effective->extra_settings, "quality");
      images = MAX (image->effective->count, 1);
    }
  if (size == NULL && image->width > 0 && image->height > 0)
    size = g_strdup_printf ("%dx%d", image->width, image->height);

  if (!easel_cost_estimate (image->model, size, quality, image->usage_json, price_overrides,
                            usd))
    return FALSE;

  /* Divide only what was priced from the shared usage. */
  if (images > 1 && find_price (image->model, size, quality, price_overrides, &price) &&
      price.has_tokens && usage_tokens (image->usage_json, &text_in, &image_in, &out))
    *usd /= images;
  return TRUE;
}

/* "≈ $0.04", "≈ $0.167", "≈ $1.50": approximate, and said so. */
char *
easel_cost_format (double usd)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (usd) || usd < 0)
    return g_strdup ("?");
  if (usd >= 1.0 || usd == 0.0)
    g_ascii_formatd (buffer, sizeof buffer, "%.2f", usd);
  else
    {
      gsize len;

      g_ascii_formatd (buffer, sizeof buffer, "%.3f", usd);
      len = strlen (buffer);
      /* Keep two decimals at least: 0.040 → 0.04. */
      while (len > 4 && buffer[len - 1] == '0')
        buffer[--len] = '\0';
      if (strcmp (buffer, "0.000") == 0 || strcmp (buffer, "0.00") == 0)
        return g_strdup ("< $0.001");
    }
  return g_strdup_printf ("≈ $%s", buffer);
}
