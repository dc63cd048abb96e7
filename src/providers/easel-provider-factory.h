/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-provider.h"

G_BEGIN_DECLS

EaselProvider      *easel_provider_new_for_kind (const EaselProviderConfig  *config,
                                                 const char                 *base_url,
                                                 const char                 *api_key);
EaselMappedRequest *easel_provider_map_request  (const EaselProviderConfig  *config,
                                                 const EaselGenerateRequest *request,
                                                 const EaselCapabilities    *caps,
                                                 GError                    **error);

G_END_DECLS
