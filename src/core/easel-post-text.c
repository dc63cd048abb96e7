/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-markdown.h"
#include "easel-post-text.h"

/* A section's prompt and its image's default alt text, from its heading and text. */

const char *
easel_prompt_source_to_string (EaselPromptSource source)
{
  switch (source)
    {
    case EASEL_PROMPT_SOURCE_OVERRIDE:
      return "section";
    case EASEL_PROMPT_SOURCE_TEMPLATE:
      return "post-template";
    case EASEL_PROMPT_SOURCE_EXAMPLE:
      return "example";
    case EASEL_PROMPT_SOURCE_DEFAULT:
    default:
      return "default";
    }
}

/* Collapses white space, and drops the punctuation an empty placeholder leaves behind at the
 * ends ("Watering: " with no excerpt is "Watering").
 */
static char *
tidy (GString *out)
{
  char *text;
  GString *clean = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = out->str; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = clean->len > 0;
      else
        {
          if (space)
            g_string_append_c (clean, ' ');
          space = FALSE;
          g_string_append_c (clean, *p);
        }
    }
  while (clean->len > 0 && strchr (":,;-", clean->str[clean->len - 1]) != NULL)
    {
      g_string_truncate (clean, clean->len - 1);
      while (clean->len > 0 && clean->str[clean->len - 1] == ' ')
        g_string_truncate (clean, clean->len - 1);
    }
  while (clean->len > 0 && strchr (":,;.- ", clean->str[0]) != NULL)
    g_string_erase (clean, 0, 1);
  text = g_string_free (clean, FALSE);
  g_string_free (out, TRUE);
  return text;
}

/**
 * easel_post_render_template:
 * @template: text with `{title}`, `{heading}` and `{excerpt}` (an unknown `{name}` stays as it
 *   is)
 * @body: (nullable): the section's Markdown, for `{excerpt}`
 *
 * Returns: (transfer full): the prompt
 */
char *
easel_post_render_template (const char *template,
                            const char *title,
                            const char *heading,
                            const char *body)
{
  g_autofree char *excerpt = NULL;
  GString *out = g_string_new (NULL);

  for (const char *p = template != NULL ? template : ""; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "{title}"))
        {
          g_string_append (out, title != NULL ? title : "");
          p += strlen ("{title}") - 1;
        }
      else if (g_str_has_prefix (p, "{heading}"))
        {
          g_string_append (out, heading != NULL ? heading : "");
          p += strlen ("{heading}") - 1;
        }
      else if (g_str_has_prefix (p, "{excerpt}"))
        {
          if (excerpt == NULL)
            excerpt = easel_markdown_excerpt (body, EASEL_POST_EXCERPT_MAX);
          g_string_append (out, excerpt);
          p += strlen ("{excerpt}") - 1;
        }
      else
        g_string_append_c (out, *p);
    }
  return tidy (out);
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

/**
 * easel_section_resolve_prompt:
 * @example: (nullable): the section's linked example
 * @out_source: (out) (optional): where the prompt came from
 *
 * The prompt the section generates with, before the style: the one typed for the section;
 * else the post's template; else the linked example's prompt; else
 * %EASEL_POST_DEFAULT_TEMPLATE. Templates and example prompts may use `{title}`, `{heading}`
 * and `{excerpt}`. The example's style, negative prompt, providers and settings apply in every
 * case (the engine adds them).
 *
 * Returns: (transfer full): the prompt
 */
char *
easel_section_resolve_prompt (const EaselPost          *post,
                              const EaselSection       *section,
                              const EaselPromptExample *example,
                              EaselPromptSource        *out_source)
{
  const char *template;
  EaselPromptSource source;

  g_return_val_if_fail (post != NULL && section != NULL, NULL);

  if (has_text (section->prompt_override))
    {
      if (out_source != NULL)
        *out_source = EASEL_PROMPT_SOURCE_OVERRIDE;
      return g_strstrip (g_strdup (section->prompt_override));
    }

  if (has_text (post->prompt_template))
    {
      template = post->prompt_template;
      source = EASEL_PROMPT_SOURCE_TEMPLATE;
    }
  else if (example != NULL && has_text (example->prompt))
    {
      template = example->prompt;
      source = EASEL_PROMPT_SOURCE_EXAMPLE;
    }
  else
    {
      template = EASEL_POST_DEFAULT_TEMPLATE;
      source = EASEL_PROMPT_SOURCE_DEFAULT;
    }
  if (out_source != NULL)
    *out_source = source;
  return easel_post_render_template (template, post->title, section->heading, section->body);
}

static gboolean
same_words (const char *a,
            const char *b)
{
  g_autofree char *sa = easel_slugify (a);
  g_autofree char *sb = easel_slugify (b);

  return b != NULL && g_strcmp0 (sa, sb) == 0;
}

/**
 * easel_prompt_subject:
 *
 * What the image shows, as far as a prompt says: its first clause (up to a comma, full stop,
 * semicolon, colon or line break) that is not just the post title or the heading. Style words
 * usually follow the subject, so they are left out.
 *
 * Returns: (transfer full) (nullable): the subject, or %NULL when there is none
 */
char *
easel_prompt_subject (const char *prompt,
                      const char *title,
                      const char *heading)
{
  g_auto(GStrv) clauses = NULL;

  if (prompt == NULL)
    return NULL;
  clauses = g_regex_split_simple ("[,.;:\\n]\\s*|\\s+[—–-]\\s+", prompt, 0, 0);
  for (guint i = 0; clauses[i] != NULL; i++)
    {
      char *clause = g_strstrip (clauses[i]);

      if (*clause == '\0' || same_words (clause, title) || same_words (clause, heading))
        continue;
      if (!g_regex_match_simple ("[[:alpha:]]", clause, 0, 0))
        continue;
      return g_strdup (clause);
    }
  return NULL;
}

/**
 * easel_section_default_alt_text:
 * @prompt: (nullable): the section's prompt
 *
 * "Heading: subject", or the heading alone when the prompt says nothing more; at most about
 * 150 characters, as screen readers prefer.
 *
 * Returns: (transfer full): the alt text
 */
char *
easel_section_default_alt_text (const char *title,
                                const char *heading,
                                const char *prompt)
{
  g_autofree char *subject = easel_prompt_subject (prompt, title, heading);
  g_autofree char *text = NULL;
  const char *name = heading != NULL && *heading != '\0' ? heading : title;

  if (subject == NULL)
    text = g_strdup (name != NULL ? name : "");
  else if (name == NULL || *name == '\0')
    text = g_strdup (subject);
  else
    text = g_strdup_printf ("%s: %s", name, subject);

  if (g_utf8_strlen (text, -1) > 150)
    {
      char *cut = g_utf8_offset_to_pointer (text, 149);
      char *space;

      *cut = '\0';
      space = strrchr (text, ' ');
      if (space != NULL && space > text + 75)
        *space = '\0';
      return g_strconcat (text, "…", NULL);
    }
  return g_steal_pointer (&text);
}
