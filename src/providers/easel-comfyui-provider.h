/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-provider.h"

G_BEGIN_DECLS

#define EASEL_TYPE_COMFYUI_PROVIDER (easel_comfyui_provider_get_type ())
G_DECLARE_FINAL_TYPE (EaselComfyuiProvider, easel_comfyui_provider, EASEL, COMFYUI_PROVIDER,
                      GObject)

EaselProvider *easel_comfyui_provider_new           (const EaselProviderConfig *config,
                                                     const char                *base_url,
                                                     const char                *api_key);
const char    *easel_comfyui_provider_get_client_id (EaselComfyuiProvider      *self);
gboolean       easel_comfyui_provider_is_legacy     (EaselComfyuiProvider      *self);
guint          easel_comfyui_provider_get_jobs_in_flight (EaselComfyuiProvider *self);

G_END_DECLS
