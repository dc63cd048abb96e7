/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-a1111-mapping.h"
#include "easel-a1111-provider.h"
#include "easel-comfyui-provider.h"
#include "easel-comfyui-workflow.h"
#include "easel-openai-mapping.h"
#include "easel-openai-provider.h"
#include "easel-provider-factory.h"

/* The one place that knows every provider kind: adding a kind means a client, a mapping and a
 * line in each switch below (docs/providers.md, "Adding a provider kind").
 */

/**
 * easel_provider_new_for_kind:
 * @api_key: (nullable): the key from libsecret or the environment
 *
 * Returns: (transfer full) (nullable): the client for one server, or %NULL for a kind this
 * build cannot talk to.
 */
EaselProvider *
easel_provider_new_for_kind (const EaselProviderConfig *config,
                             const char                *base_url,
                             const char                *api_key)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:
      return easel_comfyui_provider_new (config, base_url, api_key);
    case EASEL_PROVIDER_KIND_A1111:
      return easel_a1111_provider_new (config, base_url, api_key);
    case EASEL_PROVIDER_KIND_OPENAI:
      return easel_openai_provider_new (config, base_url, api_key);
    case EASEL_PROVIDER_KIND_STABILITY:
    case EASEL_PROVIDER_KIND_INVALID:
    default:
      return NULL;
    }
}

/**
 * easel_provider_map_request:
 *
 * The pure mapping of @request to @config's kind: the body and the adjustments in words.
 */
EaselMappedRequest *
easel_provider_map_request (const EaselProviderConfig   *config,
                            const EaselGenerateRequest  *request,
                            const EaselCapabilities     *caps,
                            GError                     **error)
{
  g_return_val_if_fail (config != NULL && request != NULL && caps != NULL, NULL);

  switch (config->kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:
      return easel_comfyui_map_request (config, request, caps, error);
    case EASEL_PROVIDER_KIND_A1111:
      return easel_a1111_map_request (config, request, caps, error);
    case EASEL_PROVIDER_KIND_OPENAI:
      return easel_openai_map_request (config, request, caps, error);
    case EASEL_PROVIDER_KIND_STABILITY:
    case EASEL_PROVIDER_KIND_INVALID:
    default:
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                   _("This version of Easel cannot generate with %s providers yet"),
                   easel_provider_kind_get_label (config->kind));
      return NULL;
    }
}
