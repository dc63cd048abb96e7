/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselPromptExample:
 * @id: row id, 0 when not stored yet
 * @name: unique in the library
 * @prompt: the prompt
 * @negative_prompt: (nullable): the negative prompt
 * @style: (nullable): a style name
 * @format: (nullable): a format name
 * @providers: (nullable): provider names to generate with
 * @setting: the structured settings (never %NULL)
 * @tags: (nullable): tags for search
 * @notes: (nullable): free notes
 * @created_at: unix seconds
 * @updated_at: unix seconds
 *
 * The reusable library item: prompt + style + format + providers + settings.
 */
struct _EaselPromptExample
{
  gint64             id;
  char              *name;
  char              *prompt;
  char              *negative_prompt;
  char              *style;
  char              *format;
  GStrv              providers;
  EaselImageSetting *setting;
  GStrv              tags;
  char              *notes;
  gint64             created_at;
  gint64             updated_at;
};

#define EASEL_TYPE_PROMPT_EXAMPLE (easel_prompt_example_get_type ())
GType               easel_prompt_example_get_type (void) G_GNUC_CONST;
EaselPromptExample *easel_prompt_example_new      (const char               *name,
                                                   const char               *prompt);
EaselPromptExample *easel_prompt_example_copy     (const EaselPromptExample *self);
void                easel_prompt_example_free     (EaselPromptExample       *self);
JsonNode           *easel_prompt_example_to_json  (const EaselPromptExample *self);
EaselPromptExample *easel_prompt_example_from_json (JsonNode                *node,
                                                    GError                 **error);
gboolean            easel_prompt_example_validate (const EaselPromptExample *self,
                                                   GError                  **error);
GStrv               easel_tags_parse              (const char               *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselPromptExample, easel_prompt_example_free)

G_END_DECLS
