/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* The node ids of Easel's own txt2img graph (protocols/comfyui.md §13.1). */
#define EASEL_COMFYUI_NODE_SAMPLER    "3"
#define EASEL_COMFYUI_NODE_CHECKPOINT "4"
#define EASEL_COMFYUI_NODE_LATENT     "5"
#define EASEL_COMFYUI_NODE_POSITIVE   "6"
#define EASEL_COMFYUI_NODE_NEGATIVE   "7"
#define EASEL_COMFYUI_NODE_DECODE     "8"
#define EASEL_COMFYUI_NODE_SAVE       "9"

/* Defaults of the built-in graph for settings left unset. They are defaults, not adjustments. */
#define EASEL_COMFYUI_DEFAULT_SIZE      512
#define EASEL_COMFYUI_DEFAULT_STEPS     20
#define EASEL_COMFYUI_DEFAULT_CFG       7.0
#define EASEL_COMFYUI_DEFAULT_SAMPLER   "euler"
#define EASEL_COMFYUI_DEFAULT_SCHEDULER "normal"
#define EASEL_COMFYUI_FILENAME_PREFIX   "easel"

EaselMappedRequest *easel_comfyui_map_request            (const EaselProviderConfig  *config,
                                                          const EaselGenerateRequest *request,
                                                          const EaselCapabilities    *caps,
                                                          GError                    **error);

gboolean            easel_comfyui_class_is_output        (const char                 *class_type);
gboolean            easel_comfyui_class_is_sampler       (const char                 *class_type);
char               *easel_comfyui_workflow_field_for_input (const EaselProviderConfig *config,
                                                            JsonObject                *graph,
                                                            const char                *node_id,
                                                            const char                *input_name);
char               *easel_comfyui_workflow_describe_node (JsonObject                 *graph,
                                                          const char                 *node_id);
gint64              easel_comfyui_seed_for_prompt_id     (const char                 *prompt_id);

G_END_DECLS
