/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselMarkdownSection:
 * @heading: the heading as plain text (inline Markdown removed); the post title for the hero
 * @level: the heading's level (1 … 6), or 0 for a hero section without a heading of its own
 * @hero: whether this is the hero section (the post title and the text before the first split
 *   heading)
 * @body: the Markdown under the heading, verbatim, without leading and trailing blank lines
 * @insert_offset: the byte offset in the source where an image reference for this section
 *   goes: the end of its heading line (after the underline of a setext heading), or for a hero
 *   without a title heading, the start of the text after the front matter
 *
 * One section of a post, as found in its Markdown.
 */
typedef struct
{
  char     *heading;
  int       level;
  gboolean  hero;
  char     *body;
  gsize     insert_offset;
} EaselMarkdownSection;

/**
 * EaselMarkdownDocument:
 * @title: the post title: the front matter's `title`, else the first level-1 heading, else the
 *   fallback given to easel_markdown_split()
 * @title_source: "front-matter", "heading" or "fallback"
 * @sections: (element-type EaselMarkdownSection): the sections in order
 * @newline: "\n", or "\r\n" when the source uses it
 */
typedef struct
{
  char       *title;
  const char *title_source;
  GPtrArray  *sections;
  const char *newline;
} EaselMarkdownDocument;

EaselMarkdownDocument *easel_markdown_split          (const char                  *text,
                                                      int                          level,
                                                      const char                  *fallback_title);
void                   easel_markdown_document_free  (EaselMarkdownDocument       *doc);
char                  *easel_markdown_inline_to_plain (const char                 *text);
char                  *easel_markdown_to_plain       (const char                  *markdown);
char                  *easel_markdown_excerpt        (const char                  *markdown,
                                                      guint                        max_chars);
char                  *easel_markdown_image_reference (const char                 *alt_text,
                                                       const char                 *path);
char                  *easel_markdown_insert_images  (const char                  *source,
                                                      const EaselMarkdownDocument *doc,
                                                      const char * const          *references);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselMarkdownDocument, easel_markdown_document_free)

G_END_DECLS
