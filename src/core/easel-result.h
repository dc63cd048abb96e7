/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselResult:
 * @id: row id, 0 until stored
 * @job_id: the job that made it
 * @run_id: the run it belongs to
 * @provider_name: the provider's name at the time
 * @provider_kind: its kind
 * @model: (nullable): the model actually used
 * @prompt: the prompt actually sent
 * @negative_prompt: (nullable): the negative prompt actually sent
 * @setting: the effective settings sent (after adjustment)
 * @adjustments: (nullable): what was changed to fit the provider, in words
 * @has_seed: whether the seed is known
 * @seed: the seed used
 * @width: pixels
 * @height: pixels
 * @duration_ms: from submission to the stored image
 * @has_cost: whether @cost_usd is known
 * @cost_usd: approximate cost in USD
 * @revised_prompt: (nullable): the provider's rewrite of the prompt
 * @file_hash: SHA-256 of the image bytes (the file name)
 * @mime_type: the image type
 * @favorite: starred
 * @rating: 0 (unrated) or 1 … 5
 * @tags: (nullable): tags
 * @created_at: unix seconds
 * @request_id: (nullable): the provider's request id
 * @usage_json: (nullable): the provider's raw usage (OpenAI)
 * @infotext: (nullable): the server's own settings text (A1111)
 * @section_id: the post section it was made for, or 0
 *
 * One image that exists on disk.
 */
struct _EaselResult
{
  gint64             id;
  gint64             job_id;
  gint64             run_id;
  char              *provider_name;
  char              *provider_kind;
  char              *model;
  char              *prompt;
  char              *negative_prompt;
  EaselImageSetting *setting;
  GStrv              adjustments;
  gboolean           has_seed;
  gint64             seed;
  int                width;
  int                height;
  gint64             duration_ms;
  gboolean           has_cost;
  double             cost_usd;
  char              *revised_prompt;
  char              *file_hash;
  char              *mime_type;
  gboolean           favorite;
  int                rating;
  GStrv              tags;
  gint64             created_at;
  char              *request_id;
  char              *usage_json;
  char              *infotext;
  gint64             section_id;
};

#define EASEL_TYPE_RESULT (easel_result_get_type ())
GType        easel_result_get_type      (void) G_GNUC_CONST;
EaselResult *easel_result_new           (void);
EaselResult *easel_result_copy          (const EaselResult *self);
void         easel_result_free          (EaselResult       *self);
const char  *easel_result_get_extension (const EaselResult *self);
char        *easel_result_dup_file_name (const EaselResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselResult, easel_result_free)

G_END_DECLS
