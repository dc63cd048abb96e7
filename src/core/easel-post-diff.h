/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-markdown.h"
#include "easel-post.h"

G_BEGIN_DECLS

/**
 * EaselSectionDiff:
 * @sections: (element-type EaselSection): the post's sections after the import, in order. A
 *   section that still exists keeps its id, and with it its results, linked example and
 *   setting, prompt, pick and alt text; a new one has id 0.
 * @added: (element-type utf8): headings of the new sections
 * @changed: (element-type utf8): headings of kept sections whose heading or text changed
 * @removed: (element-type utf8): headings of the sections that are gone
 * @unchanged: how many sections are exactly as they were
 *
 * What re-importing an edited post does to its sections.
 */
typedef struct
{
  GPtrArray *sections;
  GPtrArray *added;
  GPtrArray *changed;
  GPtrArray *removed;
  guint      unchanged;
} EaselSectionDiff;

GPtrArray        *easel_post_sections_from_markdown (const EaselMarkdownDocument *doc);
EaselSectionDiff *easel_section_diff                (GPtrArray                   *old_sections,
                                                     const char                  *old_title,
                                                     GPtrArray                   *new_sections,
                                                     const char                  *new_title);
void              easel_section_diff_free           (EaselSectionDiff            *diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSectionDiff, easel_section_diff_free)

G_END_DECLS
