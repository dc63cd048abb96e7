/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "easel-capabilities.h"

/* One table, two readers: the settings editor and the request mappers. The OpenAI rows follow
 * protocols/openai-images.md §3; unknown OpenAI models get the conservative GPT-image rules.
 */

static void
set_sizes (EaselCapabilities *self,
           const EaselSize   *sizes,
           guint              n_sizes)
{
  self->sizes = g_array_sized_new (FALSE, FALSE, sizeof (EaselSize), n_sizes);
  g_array_append_vals (self->sizes, sizes, n_sizes);
}

static const EaselSize gpt_image_sizes[] = { { 1024, 1024 }, { 1536, 1024 }, { 1024, 1536 } };
static const EaselSize dalle3_sizes[] = { { 1024, 1024 }, { 1792, 1024 }, { 1024, 1792 } };
static const EaselSize dalle2_sizes[] = { { 256, 256 }, { 512, 512 }, { 1024, 1024 } };

static void
fill_openai (EaselCapabilities *self,
             const char        *model)
{
  static const char * const gpt_qualities[] = { "auto", "low", "medium", "high", NULL };
  static const char * const gpt25_qualities[] = {
    "auto", "low", "medium", "high", "xhigh", "max", NULL
  };
  static const char * const dalle3_qualities[] = { "standard", "hd", NULL };
  static const char * const dalle3_styles[] = { "vivid", "natural", NULL };
  static const char * const dalle2_qualities[] = { "standard", NULL };

  self->model_choice = TRUE;
  self->max_images_per_request = 10;
  self->max_prompt_length = 32000;

  if (model != NULL && g_str_has_prefix (model, "gpt-image-2"))
    {
      /* gpt-image-2 and its successors take any W×H in multiples of 16. */
      self->family = g_strdup ("gpt-image-2");
      self->size_multiple = 16;
      self->min_dimension = 256;
      self->max_dimension = 3840;
      self->max_pixels = 3840 * 2160;
      self->min_aspect = 1.0 / 3.0;
      self->max_aspect = 3.0;
      self->qualities = g_strdupv ((GStrv) (g_str_has_prefix (model, "gpt-image-2.5")
                                            ? gpt25_qualities : gpt_qualities));
      self->streams_previews = TRUE;
    }
  else if (g_strcmp0 (model, "dall-e-3") == 0)
    {
      self->family = g_strdup ("dall-e-3");
      set_sizes (self, dalle3_sizes, G_N_ELEMENTS (dalle3_sizes));
      self->max_images_per_request = 1;
      self->max_prompt_length = 4000;
      self->qualities = g_strdupv ((GStrv) dalle3_qualities);
      self->styles = g_strdupv ((GStrv) dalle3_styles);
    }
  else if (g_strcmp0 (model, "dall-e-2") == 0)
    {
      self->family = g_strdup ("dall-e-2");
      set_sizes (self, dalle2_sizes, G_N_ELEMENTS (dalle2_sizes));
      self->max_prompt_length = 1000;
      /* §3: "standard" is the only quality dall-e-2 takes. */
      self->qualities = g_strdupv ((GStrv) dalle2_qualities);
    }
  else
    {
      /* gpt-image-1*, chatgpt-image-latest and any id we do not know yet. */
      self->family = g_strdup ("gpt-image");
      set_sizes (self, gpt_image_sizes, G_N_ELEMENTS (gpt_image_sizes));
      self->qualities = g_strdupv ((GStrv) gpt_qualities);
      self->streams_previews = model != NULL && (g_str_has_prefix (model, "gpt-image") ||
                                                 g_str_has_prefix (model, "chatgpt-image"));
    }
}

static void
fill_stability (EaselCapabilities *self,
                const char        *model)
{
  static const char * const ratios[] = {
    "21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21", NULL
  };

  self->family = g_strdup ("stability");
  self->aspect_ratios = g_strdupv ((GStrv) ratios);
  self->seed = TRUE;
  self->max_seed = 4294967294;
  self->negative_prompt = TRUE;
  self->model_choice = TRUE;
  self->max_images_per_request = 1;
  self->max_prompt_length = 10000;
  /* Only the sd3 endpoint takes cfg_scale. */
  if (model != NULL && g_str_has_prefix (model, "sd3"))
    {
      self->guidance = TRUE;
      self->min_guidance = 1.0;
      self->max_guidance = 10.0;
    }
}

/**
 * easel_capabilities_lookup:
 * @model: (nullable): the model id, or %NULL for the kind's defaults
 *
 * Returns: (transfer full): the capabilities of @kind with @model.
 */
EaselCapabilities *
easel_capabilities_lookup (EaselProviderKind  kind,
                           const char        *model)
{
  EaselCapabilities *self = g_new0 (EaselCapabilities, 1);

  self->kind = kind;
  self->model = g_strdup (model);
  self->max_images_per_request = 1;

  switch (kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:
      /* KSampler and EmptyLatentImage limits (protocols/comfyui.md §13.1). */
      self->family = g_strdup ("comfyui");
      self->size_multiple = 8;
      self->min_dimension = 16;
      self->max_dimension = 16384;
      self->steps = TRUE;
      self->max_steps = 1000;
      self->guidance = TRUE;
      self->max_guidance = 100.0;
      self->seed = TRUE;
      self->max_seed = G_MAXINT64;
      self->negative_prompt = TRUE;
      self->sampler = TRUE;
      self->scheduler = TRUE;
      self->model_choice = TRUE;
      self->max_images_per_request = 64;
      self->streams_progress = TRUE;
      self->streams_previews = TRUE;
      break;

    case EASEL_PROVIDER_KIND_A1111:
      /* A1111 seeds stay below 2^32 to be reproducible there (protocols/a1111.md §9). */
      self->family = g_strdup ("a1111");
      self->size_multiple = 8;
      self->min_dimension = 64;
      self->max_dimension = 4096;
      self->steps = TRUE;
      self->max_steps = 150;
      self->guidance = TRUE;
      self->min_guidance = 1.0;
      self->max_guidance = 30.0;
      self->seed = TRUE;
      self->max_seed = G_GINT64_CONSTANT (4294967295);
      self->negative_prompt = TRUE;
      self->sampler = TRUE;
      self->scheduler = TRUE;
      self->model_choice = TRUE;
      self->max_images_per_request = 8;
      self->streams_progress = TRUE;
      self->streams_previews = TRUE;
      break;

    case EASEL_PROVIDER_KIND_OPENAI:
      fill_openai (self, model);
      break;

    case EASEL_PROVIDER_KIND_STABILITY:
      fill_stability (self, model);
      break;

    case EASEL_PROVIDER_KIND_INVALID:
    default:
      self->family = g_strdup ("unknown");
      break;
    }

  return self;
}

EaselCapabilities *
easel_capabilities_copy (const EaselCapabilities *self)
{
  EaselCapabilities *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselCapabilities, 1);
  *copy = *self;
  copy->model = g_strdup (self->model);
  copy->family = g_strdup (self->family);
  if (self->sizes != NULL)
    {
      copy->sizes = g_array_sized_new (FALSE, FALSE, sizeof (EaselSize), self->sizes->len);
      g_array_append_vals (copy->sizes, self->sizes->data, self->sizes->len);
    }
  copy->aspect_ratios = g_strdupv (self->aspect_ratios);
  copy->qualities = g_strdupv (self->qualities);
  copy->styles = g_strdupv (self->styles);
  return copy;
}

void
easel_capabilities_free (EaselCapabilities *self)
{
  if (self == NULL)
    return;
  g_free (self->model);
  g_free (self->family);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_strfreev (self->aspect_ratios);
  g_strfreev (self->qualities);
  g_strfreev (self->styles);
  g_free (self);
}

static gboolean
parse_ratio (const char *text,
             double     *ratio)
{
  unsigned w, h;

  if (sscanf (text, "%u:%u", &w, &h) != 2 || w == 0 || h == 0)
    return FALSE;
  *ratio = (double) w / (double) h;
  return TRUE;
}

/* The aspect ratio (from the capability's list) closest to W:H, compared on a log scale so that
 * 2:1 and 1:2 are equally far from 1:1.
 */
const char *
easel_capabilities_nearest_aspect (const EaselCapabilities *self,
                                   int                      width,
                                   int                      height)
{
  const char *best = NULL;
  double best_distance = INFINITY;
  double wanted;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->aspect_ratios == NULL || width <= 0 || height <= 0)
    return NULL;

  wanted = log ((double) width / (double) height);
  for (guint i = 0; self->aspect_ratios[i] != NULL; i++)
    {
      double ratio;
      double distance;

      if (!parse_ratio (self->aspect_ratios[i], &ratio))
        continue;
      distance = fabs (log (ratio) - wanted);
      if (distance < best_distance - 1e-12)
        {
          best = self->aspect_ratios[i];
          best_distance = distance;
        }
    }
  return best;
}

static int
round_to_multiple (double value,
                   int    multiple)
{
  int rounded;

  if (multiple <= 1)
    return (int) lround (value);
  rounded = (int) lround (value / multiple) * multiple;
  return MAX (rounded, multiple);
}

gboolean
easel_capabilities_size_is_allowed (const EaselCapabilities *self,
                                    int                      width,
                                    int                      height)
{
  int w, h;

  if (self->aspect_ratios != NULL)
    return TRUE;
  easel_capabilities_fit_size (self, width, height, &w, &h);
  return w == width && h == height;
}

/**
 * easel_capabilities_fit_size:
 *
 * Fits W×H to what the provider accepts: the nearest listed size (by aspect first, then by
 * area), or the rule (multiple, aspect, edges, pixel budget), keeping the aspect as well as the
 * rule allows. For aspect-ratio providers the size is left as asked (the server decides).
 *
 * Returns: %TRUE when the size had to change.
 */
gboolean
easel_capabilities_fit_size (const EaselCapabilities *self,
                             int                      width,
                             int                      height,
                             int                     *out_width,
                             int                     *out_height)
{
  double w = width;
  double h = height;
  int fw, fh;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (self->sizes != NULL && self->sizes->len > 0)
    {
      double wanted = log (w / h);
      double best_aspect = INFINITY;
      double best_area = INFINITY;
      const EaselSize *best = NULL;

      for (guint i = 0; i < self->sizes->len; i++)
        {
          const EaselSize *size = &g_array_index (self->sizes, EaselSize, i);
          double aspect = fabs (log ((double) size->width / size->height) - wanted);
          double area = fabs (log ((double) size->width * size->height / (w * h)));

          if (aspect < best_aspect - 1e-9 ||
              (fabs (aspect - best_aspect) <= 1e-9 && area < best_area))
            {
              best = size;
              best_aspect = aspect;
              best_area = area;
            }
        }
      fw = best->width;
      fh = best->height;
    }
  else if (self->aspect_ratios != NULL || self->size_multiple == 0)
    {
      fw = width;
      fh = height;
    }
  else
    {
      double aspect = w / h;

      if (self->max_aspect > 0 && aspect > self->max_aspect)
        w = h * self->max_aspect;
      else if (self->min_aspect > 0 && aspect < self->min_aspect)
        h = w / self->min_aspect;

      if (self->max_dimension > 0 && MAX (w, h) > self->max_dimension)
        {
          double scale = self->max_dimension / MAX (w, h);
          w *= scale;
          h *= scale;
        }
      if (self->max_pixels > 0 && w * h > (double) self->max_pixels)
        {
          double scale = sqrt ((double) self->max_pixels / (w * h));
          w *= scale;
          h *= scale;
        }
      if (self->min_dimension > 0 && MIN (w, h) < self->min_dimension)
        {
          double scale = self->min_dimension / MIN (w, h);
          w *= scale;
          h *= scale;
        }

      fw = round_to_multiple (w, self->size_multiple);
      fh = round_to_multiple (h, self->size_multiple);

      /* Rounding up may step over a bound; step back down by one multiple. */
      while (self->max_dimension > 0 && fw > self->max_dimension)
        fw -= self->size_multiple;
      while (self->max_dimension > 0 && fh > self->max_dimension)
        fh -= self->size_multiple;
      while (self->max_pixels > 0 && (gint64) fw * fh > self->max_pixels)
        {
          if (fw >= fh)
            fw -= self->size_multiple;
          else
            fh -= self->size_multiple;
        }
    }

  if (out_width != NULL)
    *out_width = fw;
  if (out_height != NULL)
    *out_height = fh;
  return fw != width || fh != height;
}

char *
easel_capabilities_describe_sizes (const EaselCapabilities *self)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->aspect_ratios != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", self->aspect_ratios);
      return g_strdup_printf (_("aspect ratios %s"), joined);
    }
  if (self->sizes != NULL)
    {
      str = g_string_new (NULL);
      for (guint i = 0; i < self->sizes->len; i++)
        {
          const EaselSize *size = &g_array_index (self->sizes, EaselSize, i);
          g_string_append_printf (str, "%s%d×%d", i > 0 ? ", " : "", size->width, size->height);
        }
      return g_string_free (str, FALSE);
    }
  if (self->size_multiple > 0)
    return g_strdup_printf (_("multiples of %d from %d to %d"),
                            self->size_multiple, self->min_dimension, self->max_dimension);
  return g_strdup (_("any size"));
}

/* Image model ids of the OpenAI API: the model picker shows these from GET /models. */
gboolean
easel_openai_model_is_image_model (const char *model_id)
{
  return model_id != NULL && (g_str_has_prefix (model_id, "dall-e-") ||
                              g_str_has_prefix (model_id, "gpt-image-") ||
                              g_str_has_prefix (model_id, "chatgpt-image-"));
}
