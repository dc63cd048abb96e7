/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-capabilities.h"
#include "easel-generation.h"
#include "easel-provider-config.h"

G_BEGIN_DECLS

/* How many previews a streamed request asks for when neither the provider's options nor the
 * settings say (protocols/openai-images.md §5: partial_images 0 … 3).
 */
#define EASEL_OPENAI_DEFAULT_PARTIAL_IMAGES 2

/**
 * EaselOpenaiFamily:
 *
 * Which request rules of protocols/openai-images.md §3 a model follows. Derived from the
 * capability table's family, so an unknown model id gets the conservative GPT-image rules.
 */
typedef enum
{
  EASEL_OPENAI_FAMILY_GPT_IMAGE,
  EASEL_OPENAI_FAMILY_DALL_E_2,
  EASEL_OPENAI_FAMILY_DALL_E_3,
} EaselOpenaiFamily;

EaselOpenaiFamily   easel_openai_family_of        (const EaselCapabilities    *caps);

EaselMappedRequest *easel_openai_map_request      (const EaselProviderConfig  *config,
                                                   const EaselGenerateRequest *request,
                                                   const EaselCapabilities    *caps,
                                                   GError                    **error);

gboolean            easel_openai_parse_size       (const char                 *text,
                                                   int                        *width,
                                                   int                        *height);

void                easel_openai_capabilities_apply_overrides (EaselCapabilities *caps,
                                                               JsonObject        *overrides);

G_END_DECLS
