/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselPost:
 * @id: row id, 0 until stored
 * @slug: unique, URL-safe ("spring-in-the-garden")
 * @title: the post's title
 * @source_markdown: the Markdown it was imported from, verbatim
 * @source_path: (nullable): where it was imported from
 * @prompt_template: (nullable): the post-level template with {title}, {heading}, {excerpt}
 * @heading_level: the heading level sections are split at (2 = `##`)
 * @created_at: unix seconds
 * @updated_at: unix seconds
 */
struct _EaselPost
{
  gint64  id;
  char   *slug;
  char   *title;
  char   *source_markdown;
  char   *source_path;
  char   *prompt_template;
  int     heading_level;
  gint64  created_at;
  gint64  updated_at;
};

/**
 * EaselSection:
 * @id: row id, 0 until stored
 * @post_id: its post
 * @position: 1-based order in the post
 * @heading: the heading text (the post title for the first, hero section)
 * @body: the Markdown under the heading
 * @example_id: the linked prompt example, or 0
 * @setting_id: the linked settings row, or 0
 * @prompt_override: (nullable): a prompt typed for this section
 * @chosen_result_id: the picked result, or 0
 * @alt_text: (nullable): the image's alt text
 */
struct _EaselSection
{
  gint64  id;
  gint64  post_id;
  int     position;
  char   *heading;
  char   *body;
  gint64  example_id;
  gint64  setting_id;
  char   *prompt_override;
  gint64  chosen_result_id;
  char   *alt_text;
};

EaselPost    *easel_post_new       (const char         *slug,
                                    const char         *title);
EaselPost    *easel_post_copy      (const EaselPost    *self);
void          easel_post_free      (EaselPost          *self);
EaselSection *easel_section_new    (int                 position,
                                    const char         *heading);
EaselSection *easel_section_copy   (const EaselSection *self);
void          easel_section_free   (EaselSection       *self);
char         *easel_slugify        (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselPost, easel_post_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSection, easel_section_free)

G_END_DECLS
