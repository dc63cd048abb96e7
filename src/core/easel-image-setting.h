/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* The bounds every structured field must respect; a value outside them is "not set". */
#define EASEL_SETTING_MAX_DIMENSION 16384
#define EASEL_SETTING_MAX_STEPS     1000
#define EASEL_SETTING_MAX_GUIDANCE  100.0
#define EASEL_SETTING_MAX_COUNT     1000

#define EASEL_TYPE_IMAGE_SETTING (easel_image_setting_get_type ())

/**
 * EaselImageSetting:
 * @width: 1 … 16384, 0 when unset
 * @height: 1 … 16384, 0 when unset
 * @steps: 1 … 1000, 0 when unset
 * @has_guidance: whether @guidance_scale is set
 * @guidance_scale: 0 … 100
 * @has_seed: whether @seed is set (unset = random)
 * @seed: 0 … G_MAXINT64
 * @sampler: (nullable): sampler name as the user or the source text spelled it
 * @scheduler: (nullable): scheduler name
 * @model: (nullable): model or checkpoint name
 * @prompt: (nullable): the prompt, when the source text carried one
 * @negative_prompt: (nullable): the negative prompt
 * @count: images wanted, 0 when unset (means 1)
 * @extra_settings: a JSON object (never %NULL) with recognised key/value pairs that have no
 *   structured field, and provider-specific keys
 * @source_text: (nullable): the freeform text this setting was parsed from, verbatim
 *
 * The structured settings of one generation. A plain value type: copy it with
 * easel_image_setting_copy(), free it with easel_image_setting_free().
 */
struct _EaselImageSetting
{
  int         width;
  int         height;
  int         steps;
  gboolean    has_guidance;
  double      guidance_scale;
  gboolean    has_seed;
  gint64      seed;
  char       *sampler;
  char       *scheduler;
  char       *model;
  char       *prompt;
  char       *negative_prompt;
  int         count;
  JsonObject *extra_settings;
  char       *source_text;
};

GType              easel_image_setting_get_type      (void) G_GNUC_CONST;
EaselImageSetting *easel_image_setting_new           (void);
EaselImageSetting *easel_image_setting_copy          (const EaselImageSetting *self);
void               easel_image_setting_free          (EaselImageSetting       *self);
gboolean           easel_image_setting_equal         (const EaselImageSetting *a,
                                                      const EaselImageSetting *b);
void               easel_image_setting_overlay       (EaselImageSetting       *self,
                                                      const EaselImageSetting *over);
gboolean           easel_image_setting_is_empty      (const EaselImageSetting *self);
JsonNode          *easel_image_setting_to_json       (const EaselImageSetting *self,
                                                      gboolean                 with_prompts);
char              *easel_image_setting_to_json_string (const EaselImageSetting *self,
                                                      gboolean                 with_prompts);
EaselImageSetting *easel_image_setting_from_json     (JsonNode                *node,
                                                      GError                 **error);
char              *easel_image_setting_dup_extra_json (const EaselImageSetting *self);
gboolean           easel_image_setting_set_extra_json (EaselImageSetting      *self,
                                                      const char              *json,
                                                      GError                 **error);
gboolean           easel_image_setting_validate      (const EaselImageSetting *self,
                                                      GError                 **error);
void               easel_image_setting_set_string    (char                   **field,
                                                      const char              *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselImageSetting, easel_image_setting_free)

G_END_DECLS
