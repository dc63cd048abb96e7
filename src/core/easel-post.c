/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-post.h"

EaselPost *
easel_post_new (const char *slug,
                const char *title)
{
  EaselPost *self = g_new0 (EaselPost, 1);

  self->slug = g_strdup (slug);
  self->title = g_strdup (title);
  self->source_markdown = g_strdup ("");
  self->heading_level = 2;
  return self;
}

EaselPost *
easel_post_copy (const EaselPost *self)
{
  EaselPost *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselPost, 1);
  *copy = *self;
  copy->slug = g_strdup (self->slug);
  copy->title = g_strdup (self->title);
  copy->source_markdown = g_strdup (self->source_markdown);
  copy->source_path = g_strdup (self->source_path);
  copy->prompt_template = g_strdup (self->prompt_template);
  return copy;
}

void
easel_post_free (EaselPost *self)
{
  if (self == NULL)
    return;
  g_free (self->slug);
  g_free (self->title);
  g_free (self->source_markdown);
  g_free (self->source_path);
  g_free (self->prompt_template);
  g_free (self);
}

EaselSection *
easel_section_new (int         position,
                   const char *heading)
{
  EaselSection *self = g_new0 (EaselSection, 1);

  self->position = position;
  self->heading = g_strdup (heading != NULL ? heading : "");
  self->body = g_strdup ("");
  return self;
}

EaselSection *
easel_section_copy (const EaselSection *self)
{
  EaselSection *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselSection, 1);
  *copy = *self;
  copy->heading = g_strdup (self->heading);
  copy->body = g_strdup (self->body);
  copy->prompt_override = g_strdup (self->prompt_override);
  copy->alt_text = g_strdup (self->alt_text);
  return copy;
}

void
easel_section_free (EaselSection *self)
{
  if (self == NULL)
    return;
  g_free (self->heading);
  g_free (self->body);
  g_free (self->prompt_override);
  g_free (self->alt_text);
  g_free (self);
}

/* "Spring in the Garden — Part 1!" → "spring-in-the-garden-part-1". Accents are folded to
 * ASCII where possible, so slugs work as file names and URL paths everywhere.
 */
char *
easel_slugify (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;
  gboolean dash = FALSE;

  if (text == NULL)
    return g_strdup ("untitled");

  folded = g_str_to_ascii (text, "C");
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          g_string_append_c (out, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
      if (out->len >= 80)
        break;
    }
  if (out->len == 0)
    g_string_append (out, "untitled");
  return g_string_free (out, FALSE);
}
