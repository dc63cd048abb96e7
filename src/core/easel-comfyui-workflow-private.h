/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-workflow-private.h: what the two halves of the workflow mapper share (finding
 * inputs in a graph, and writing settings into them).
 */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* The settings Easel can write into a graph. */
typedef enum
{
  TARGET_PROMPT,
  TARGET_NEGATIVE,
  TARGET_WIDTH,
  TARGET_HEIGHT,
  TARGET_COUNT,
  TARGET_SEED,
  TARGET_STEPS,
  TARGET_CFG,
  TARGET_SAMPLER,
  TARGET_SCHEDULER,
  TARGET_MODEL,
  N_TARGETS
} EaselComfyuiTarget;

/* @key is EaselImageSetting's JSON name; @aliases are accepted in an explicit mapping;
 * @missing says what a workflow lacks when nothing receives the setting.
 */
typedef struct
{
  const char *key;
  const char *aliases[4];
  const char *label;
  const char *missing;
} EaselComfyuiTargetInfo;

extern const EaselComfyuiTargetInfo _easel_comfyui_targets[N_TARGETS];

/* One input that receives a setting. */
typedef struct
{
  char *node_id;
  char *input;
} EaselComfyuiPair;

void        _easel_comfyui_pair_free        (EaselComfyuiPair *pair);
const char *_easel_comfyui_node_class       (JsonObject       *graph,
                                             const char       *node_id);
JsonObject *_easel_comfyui_node_inputs      (JsonObject       *graph,
                                             const char       *node_id);
void        _easel_comfyui_discover_targets (JsonObject       *graph,
                                             GPtrArray        *pairs[N_TARGETS]);
gboolean    _easel_comfyui_read_mapping     (const char       *text,
                                             JsonObject       *graph,
                                             GPtrArray        *pairs[N_TARGETS],
                                             gboolean          mapped[N_TARGETS],
                                             GError          **error);
JsonObject *_easel_comfyui_parse_workflow   (const char       *text,
                                             GError          **error);

G_END_DECLS
