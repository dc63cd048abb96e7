/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-style.h"

EaselStyle *
easel_style_new (const char *name,
                 const char *template,
                 const char *negative)
{
  EaselStyle *self = g_new0 (EaselStyle, 1);

  self->name = g_strdup (name);
  self->template = g_strdup (template != NULL ? template : "{prompt}");
  self->negative = g_strdup (negative);
  return self;
}

EaselStyle *
easel_style_copy (const EaselStyle *self)
{
  EaselStyle *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = easel_style_new (self->name, self->template, self->negative);
  copy->id = self->id;
  return copy;
}

void
easel_style_free (EaselStyle *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->template);
  g_free (self->negative);
  g_free (self);
}

/* "{prompt}, watercolor, soft light" with "a fox" gives "a fox, watercolor, soft light". A
 * template without the placeholder is a suffix, so "watercolor" also works.
 */
char *
easel_style_apply (const EaselStyle *self,
                   const char       *prompt)
{
  g_autoptr(GString) out = NULL;
  const char *p;
  const char *hit;

  if (prompt == NULL)
    prompt = "";
  if (self == NULL || self->template == NULL || *self->template == '\0')
    return g_strdup (prompt);

  if (strstr (self->template, "{prompt}") == NULL)
    {
      if (*prompt == '\0')
        return g_strdup (self->template);
      return g_strdup_printf ("%s, %s", prompt, self->template);
    }

  out = g_string_new (NULL);
  p = self->template;
  while ((hit = strstr (p, "{prompt}")) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, prompt);
      p = hit + strlen ("{prompt}");
    }
  g_string_append (out, p);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
easel_style_apply_negative (const EaselStyle *self,
                            const char       *negative)
{
  gboolean has_negative = negative != NULL && *negative != '\0';
  gboolean has_style = self != NULL && self->negative != NULL && *self->negative != '\0';

  if (has_negative && has_style)
    return g_strdup_printf ("%s, %s", negative, self->negative);
  if (has_style)
    return g_strdup (self->negative);
  return g_strdup (has_negative ? negative : NULL);
}

EaselFormat *
easel_format_new (const char *name,
                  int         width,
                  int         height)
{
  EaselFormat *self = g_new0 (EaselFormat, 1);

  self->name = g_strdup (name);
  self->width = width;
  self->height = height;
  return self;
}

EaselFormat *
easel_format_copy (const EaselFormat *self)
{
  EaselFormat *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = easel_format_new (self->name, self->width, self->height);
  copy->id = self->id;
  return copy;
}

void
easel_format_free (EaselFormat *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}
