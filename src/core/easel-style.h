/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselStyle:
 * @id: row id, 0 when not stored yet
 * @name: unique ("Watercolor")
 * @template: the prompt template; `{prompt}` stands for the user's prompt, and a template
 *   without it is appended after the prompt
 * @negative: (nullable): negative text added to the negative prompt
 */
struct _EaselStyle
{
  gint64  id;
  char   *name;
  char   *template;
  char   *negative;
};

/**
 * EaselFormat:
 * @id: row id, 0 when not stored yet
 * @name: unique ("Blog hero 16:9")
 * @width: pixels
 * @height: pixels
 */
struct _EaselFormat
{
  gint64  id;
  char   *name;
  int     width;
  int     height;
};

EaselStyle  *easel_style_new            (const char        *name,
                                         const char        *template,
                                         const char        *negative);
EaselStyle  *easel_style_copy           (const EaselStyle  *self);
void         easel_style_free           (EaselStyle        *self);
char        *easel_style_apply          (const EaselStyle  *self,
                                         const char        *prompt);
char        *easel_style_apply_negative (const EaselStyle  *self,
                                         const char        *negative);

EaselFormat *easel_format_new           (const char        *name,
                                         int                width,
                                         int                height);
EaselFormat *easel_format_copy          (const EaselFormat *self);
void         easel_format_free          (EaselFormat       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselStyle, easel_style_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselFormat, easel_format_free)

G_END_DECLS
