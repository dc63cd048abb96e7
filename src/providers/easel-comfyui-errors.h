/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "easel-types.h"

G_BEGIN_DECLS

GError *easel_comfyui_error_from_response    (SoupMessage               *message,
                                              GBytes                    *body,
                                              const char                *what,
                                              const char                *request_label,
                                              const EaselProviderConfig *config,
                                              JsonObject                *graph);
GError *easel_comfyui_error_from_execution   (JsonObject                *data,
                                              JsonObject                *graph,
                                              const char                *what);
GError *easel_comfyui_error_interrupted      (JsonObject                *data,
                                              JsonObject                *graph,
                                              const char                *what);
GError *easel_comfyui_error_from_handshake   (SoupMessage               *message,
                                              const GError              *error,
                                              const char                *what);
GStrv   easel_comfyui_combo_options          (JsonNode                  *spec);

G_END_DECLS
