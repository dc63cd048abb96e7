/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselA1111Model:
 * @title: what `override_settings.sd_model_checkpoint` expects ("name.safetensors [abcdef1234]")
 * @model_name: the short name the server reports back in `info.sd_model_name`
 * @hash: (nullable): the short hash (10 hex digits, the infotext's "Model hash")
 * @sha256: (nullable): the full hash
 * @filename: (nullable): the server's path; shown, never used as a local path
 *
 * One entry of `GET /sdapi/v1/sd-models` (protocols/a1111.md §5).
 */
typedef struct
{
  char *title;
  char *model_name;
  char *hash;
  char *sha256;
  char *filename;
} EaselA1111Model;

/**
 * EaselA1111Named:
 * @name: the name the server matches ("DPM++ 2M"; scheduler "karras")
 * @label: what the server shows and what Easel sends (samplers: the name; schedulers: "Karras")
 * @aliases: (nullable): other spellings the server lists ("k_dpmpp_2m")
 *
 * One sampler of `GET /sdapi/v1/samplers` or scheduler of `GET /sdapi/v1/schedulers`.
 */
typedef struct
{
  char  *name;
  char  *label;
  GStrv  aliases;
} EaselA1111Named;

/**
 * EaselA1111ServerLists:
 * @models: (nullable) (element-type EaselA1111Model): %NULL when the server has no list
 *   (Draw Things) or it was not fetched
 * @samplers: (nullable) (element-type EaselA1111Named): likewise
 * @schedulers: (nullable) (element-type EaselA1111Named): likewise
 * @legacy_schedulers: the server has no `/schedulers` route (before v1.9): the scheduler travels
 *   as a suffix of the sampler name ("DPM++ 2M Karras")
 *
 * What Easel knows of one server's names, used to validate a request before sending it: A1111
 * silently replaces an unknown sampler, scheduler or checkpoint by its default (§3.2).
 */
typedef struct
{
  GPtrArray *models;
  GPtrArray *samplers;
  GPtrArray *schedulers;
  gboolean   legacy_schedulers;
} EaselA1111ServerLists;

EaselA1111ServerLists *easel_a1111_server_lists_new            (void);
EaselA1111ServerLists *easel_a1111_server_lists_copy           (const EaselA1111ServerLists *self);
void                   easel_a1111_server_lists_free           (EaselA1111ServerLists       *self);
gboolean               easel_a1111_server_lists_set_models     (EaselA1111ServerLists       *self,
                                                                JsonNode                    *sd_models,
                                                                GError                     **error);
gboolean               easel_a1111_server_lists_set_samplers   (EaselA1111ServerLists       *self,
                                                                JsonNode                    *samplers,
                                                                GError                     **error);
gboolean               easel_a1111_server_lists_set_schedulers (EaselA1111ServerLists       *self,
                                                                JsonNode                    *schedulers,
                                                                GError                     **error);
GStrv                  easel_a1111_server_lists_dup_models     (const EaselA1111ServerLists *self);
GStrv                  easel_a1111_server_lists_dup_samplers   (const EaselA1111ServerLists *self);
GStrv                  easel_a1111_server_lists_dup_schedulers (const EaselA1111ServerLists *self);

const EaselA1111Model *easel_a1111_resolve_model     (GPtrArray  *models,
                                                      const char *name);
const EaselA1111Named *easel_a1111_resolve_sampler   (GPtrArray  *samplers,
                                                      const char *name);
const EaselA1111Named *easel_a1111_resolve_scheduler (GPtrArray  *schedulers,
                                                      const char *name);
char                  *easel_a1111_describe_names    (GPtrArray  *names,
                                                      gboolean    labels,
                                                      guint       max_items);

const char            *easel_a1111_sampler_from_comfyui  (const char *name);
const char            *easel_a1111_scheduler_known_label (const char *name);
char                  *easel_a1111_split_scheduler_suffix (GPtrArray  *schedulers,
                                                           const char *sampler,
                                                           char      **base);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselA1111ServerLists, easel_a1111_server_lists_free)

G_END_DECLS
