/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-types.h"

static const char * const kind_names[] = { "comfyui", "a1111", "openai", "stability" };

const char *
easel_provider_kind_to_string (EaselProviderKind kind)
{
  if (kind < 0 || kind >= (int) G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

EaselProviderKind
easel_provider_kind_from_string (const char *str)
{
  if (str == NULL)
    return EASEL_PROVIDER_KIND_INVALID;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      return (EaselProviderKind) i;
  return EASEL_PROVIDER_KIND_INVALID;
}

/* Product names are not translated. */
const char *
easel_provider_kind_get_label (EaselProviderKind kind)
{
  switch (kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:   return "ComfyUI";
    case EASEL_PROVIDER_KIND_A1111:     return "A1111";
    case EASEL_PROVIDER_KIND_OPENAI:    return "OpenAI";
    case EASEL_PROVIDER_KIND_STABILITY: return "Stability AI";
    case EASEL_PROVIDER_KIND_INVALID:
    default:
      return "?";
    }
}
