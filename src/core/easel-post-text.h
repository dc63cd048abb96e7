/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-post.h"
#include "easel-prompt-example.h"

G_BEGIN_DECLS

/* The prompt a section gets when nothing more specific says otherwise. Prompts go to models,
 * not to people, so the template is not translated.
 */
#define EASEL_POST_DEFAULT_TEMPLATE "{heading}: {excerpt}"

/* The longest {excerpt}, in characters. */
#define EASEL_POST_EXCERPT_MAX 240

/**
 * EaselPromptSource:
 * @EASEL_PROMPT_SOURCE_OVERRIDE: typed for the section
 * @EASEL_PROMPT_SOURCE_TEMPLATE: the post's template
 * @EASEL_PROMPT_SOURCE_EXAMPLE: the linked example's prompt
 * @EASEL_PROMPT_SOURCE_DEFAULT: %EASEL_POST_DEFAULT_TEMPLATE
 */
typedef enum
{
  EASEL_PROMPT_SOURCE_OVERRIDE,
  EASEL_PROMPT_SOURCE_TEMPLATE,
  EASEL_PROMPT_SOURCE_EXAMPLE,
  EASEL_PROMPT_SOURCE_DEFAULT,
} EaselPromptSource;

const char *easel_prompt_source_to_string  (EaselPromptSource          source);
char       *easel_post_render_template     (const char                *template,
                                            const char                *title,
                                            const char                *heading,
                                            const char                *body);
char       *easel_section_resolve_prompt   (const EaselPost           *post,
                                            const EaselSection        *section,
                                            const EaselPromptExample  *example,
                                            EaselPromptSource         *out_source);
char       *easel_prompt_subject           (const char                *prompt,
                                            const char                *title,
                                            const char                *heading);
char       *easel_section_default_alt_text (const char                *title,
                                            const char                *heading,
                                            const char                *prompt);

G_END_DECLS
