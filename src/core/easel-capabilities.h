/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

typedef struct
{
  int width;
  int height;
} EaselSize;

/**
 * EaselCapabilities:
 *
 * What one provider kind and model can do. The UI shows and enables fields from it; the request
 * mappers use the same table to fit settings. Sizes are either a fixed list (@sizes), a list of
 * aspect ratios (@aspect_ratios, the server picks the pixels), or a rule (multiple of
 * @size_multiple between @min_dimension and @max_dimension, at most @max_pixels, aspect within
 * @min_aspect … @max_aspect).
 */
struct _EaselCapabilities
{
  EaselProviderKind  kind;
  char              *model;
  char              *family;

  GArray            *sizes;
  GStrv              aspect_ratios;
  int                size_multiple;
  int                min_dimension;
  int                max_dimension;
  gint64             max_pixels;
  double             min_aspect;
  double             max_aspect;

  gboolean           steps;
  int                max_steps;
  gboolean           guidance;
  double             min_guidance;
  double             max_guidance;
  gboolean           seed;
  gint64             max_seed;
  gboolean           negative_prompt;
  gboolean           sampler;
  gboolean           scheduler;
  gboolean           model_choice;

  int                max_images_per_request;
  GStrv              qualities;
  GStrv              styles;
  gboolean           streams_progress;
  gboolean           streams_previews;
  int                max_prompt_length;
};

EaselCapabilities *easel_capabilities_lookup   (EaselProviderKind        kind,
                                                const char              *model);
EaselCapabilities *easel_capabilities_copy     (const EaselCapabilities *self);
void               easel_capabilities_free     (EaselCapabilities       *self);
gboolean           easel_capabilities_fit_size (const EaselCapabilities *self,
                                                int                      width,
                                                int                      height,
                                                int                     *out_width,
                                                int                     *out_height);
const char        *easel_capabilities_nearest_aspect (const EaselCapabilities *self,
                                                      int                      width,
                                                      int                      height);
gboolean           easel_capabilities_size_is_allowed (const EaselCapabilities *self,
                                                       int                      width,
                                                       int                      height);
char              *easel_capabilities_describe_sizes (const EaselCapabilities *self);
gboolean           easel_openai_model_is_image_model (const char *model_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselCapabilities, easel_capabilities_free)

G_END_DECLS
