/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-markdown.h"

/* Just enough Markdown for the blog workflow, with no I/O: split a post into sections at its
 * headings, turn a section into plain text for prompts and alt text, and put image references
 * under the headings of the original text. The source is never rewritten: every section keeps
 * its bytes verbatim, and the export inserts lines at recorded offsets.
 *
 * Headings are ATX (`## Heading`) or single-line setext (`Heading` underlined with `===` or
 * `---`). Lines inside fenced code blocks (``` or ~~~) and HTML comments are never headings.
 */

typedef struct
{
  gsize start;   /* first byte of the line */
  gsize end;     /* end of its text, before "\r\n" or "\n" */
  gsize next;    /* first byte of the next line (or the length at the end) */
} Line;

typedef struct
{
  guint  first;  /* line index of the heading */
  guint  last;   /* its last line: the underline of a setext heading */
  int    level;
  char  *text;   /* plain text */
} Heading;

static void
heading_clear (Heading *heading)
{
  g_clear_pointer (&heading->text, g_free);
}

static void
section_free (EaselMarkdownSection *section)
{
  g_free (section->heading);
  g_free (section->body);
  g_free (section);
}

void
easel_markdown_document_free (EaselMarkdownDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_ptr_array_unref (doc->sections);
  g_free (doc);
}

static GArray *
split_lines (const char *text,
             gsize       length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize pos = 0;

  while (pos < length)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);
      Line line;

      line.start = pos;
      line.next = nl != NULL ? (gsize) (nl - text) + 1 : length;
      line.end = nl != NULL ? (gsize) (nl - text) : length;
      if (line.end > line.start && text[line.end - 1] == '\r')
        line.end--;
      g_array_append_val (lines, line);
      pos = line.next;
    }
  return lines;
}

static gboolean
is_blank (const char *text,
          const Line *line)
{
  for (gsize i = line->start; i < line->end; i++)
    if (text[i] != ' ' && text[i] != '\t')
      return FALSE;
  return TRUE;
}

/* Up to three spaces of indentation; returns the offset of the first other byte, or -1 when
 * the line is indented further (an indented code block).
 */
static gssize
skip_indent (const char *text,
             const Line *line)
{
  gsize i = line->start;

  while (i < line->end && text[i] == ' ' && i - line->start < 4)
    i++;
  if (i - line->start >= 4)
    return -1;
  return (gssize) i;
}

/* The line, without its indentation and trailing white space, equals @marker. */
static gboolean
line_is (const char *text,
         const Line *line,
         const char *marker)
{
  gsize start = line->start;
  gsize end = line->end;
  gsize n = strlen (marker);

  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  return end - start == n && memcmp (text + start, marker, n) == 0;
}

/* ---- front matter ------------------------------------------------------------------------ */

/* A YAML or TOML scalar: "quoted" (with backslash escapes), 'quoted' ('' is a quote), or bare
 * (up to a YAML comment).
 */
static char *
parse_scalar (const char *value)
{
  GString *out = g_string_new (NULL);

  while (*value == ' ' || *value == '\t')
    value++;
  if (*value == '"')
    {
      for (const char *p = value + 1; *p != '\0' && *p != '"'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            {
              p++;
              g_string_append_c (out, *p == 'n' ? ' ' : *p == 't' ? ' ' : *p);
            }
          else
            g_string_append_c (out, *p);
        }
    }
  else if (*value == '\'')
    {
      for (const char *p = value + 1; *p != '\0'; p++)
        {
          if (*p == '\'' && p[1] == '\'')
            {
              g_string_append_c (out, '\'');
              p++;
            }
          else if (*p == '\'')
            break;
          else
            g_string_append_c (out, *p);
        }
    }
  else if (*value != '|' && *value != '>')
    {
      const char *comment = strstr (value, " #");

      g_string_append_len (out, value, comment != NULL ? comment - value : (gssize) strlen (value));
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  return g_string_free (out, out->len == 0);
}

/* Front matter is a block at the very top between `---` lines (YAML; `...` may close it) or
 * `+++` lines (TOML). Returns the index of the first line after it (0 when there is none) and
 * sets @title from its top-level `title`.
 */
static guint
parse_front_matter (const char  *text,
                    GArray      *lines,
                    char       **title)
{
  gboolean yaml;

  if (lines->len < 2)
    return 0;
  if (line_is (text, &g_array_index (lines, Line, 0), "---"))
    yaml = TRUE;
  else if (line_is (text, &g_array_index (lines, Line, 0), "+++"))
    yaml = FALSE;
  else
    return 0;

  for (guint i = 1; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);

      if ((yaml && (line_is (text, line, "---") || line_is (text, line, "..."))) ||
          (!yaml && line_is (text, line, "+++")))
        {
          for (guint j = 1; j < i && *title == NULL; j++)
            {
              const Line *l = &g_array_index (lines, Line, j);
              g_autofree char *content = g_strndup (text + l->start, l->end - l->start);
              const char *p = content;

              if (!g_str_has_prefix (p, "title"))
                continue;
              p += strlen ("title");
              while (*p == ' ' || *p == '\t')
                p++;
              if (*p != (yaml ? ':' : '='))
                continue;
              *title = parse_scalar (p + 1);
            }
          return i + 1;
        }
    }
  /* Never closed: not front matter at all (a thematic break at the top). */
  return 0;
}

/* ---- block structure -------------------------------------------------------------------- */

static gboolean
fence_opens (const char *text,
             const Line *line,
             char       *fence_char,
             gsize      *fence_len)
{
  gssize i = skip_indent (text, line);
  gsize n = 0;
  char c;

  if (i < 0 || (gsize) i >= line->end)
    return FALSE;
  c = text[i];
  if (c != '`' && c != '~')
    return FALSE;
  while ((gsize) i + n < line->end && text[i + n] == c)
    n++;
  if (n < 3)
    return FALSE;
  /* A backtick fence's info string may not contain a backtick (that is inline code). */
  if (c == '`' && memchr (text + i + n, '`', line->end - (i + n)) != NULL)
    return FALSE;
  *fence_char = c;
  *fence_len = n;
  return TRUE;
}

static gboolean
fence_closes (const char *text,
              const Line *line,
              char        fence_char,
              gsize       fence_len)
{
  gssize i = skip_indent (text, line);
  gsize n = 0;

  if (i < 0)
    return FALSE;
  while ((gsize) i + n < line->end && text[i + n] == fence_char)
    n++;
  if (n < fence_len)
    return FALSE;
  for (gsize j = i + n; j < line->end; j++)
    if (text[j] != ' ' && text[j] != '\t')
      return FALSE;
  return TRUE;
}

/* Tracks `<!--` … `-->` across the line; returns whether the line ends inside a comment. */
static gboolean
scan_comment (const char *text,
              const Line *line,
              gboolean    in_comment)
{
  for (gsize i = line->start; i < line->end; i++)
    {
      if (!in_comment && i + 4 <= line->end && memcmp (text + i, "<!--", 4) == 0)
        {
          in_comment = TRUE;
          i += 3;
        }
      else if (in_comment && i + 3 <= line->end && memcmp (text + i, "-->", 3) == 0)
        {
          in_comment = FALSE;
          i += 2;
        }
    }
  return in_comment;
}

/* `## Heading ##` → level 2 and "Heading". */
static int
atx_heading (const char  *text,
             const Line  *line,
             char       **out_text)
{
  gssize i = skip_indent (text, line);
  gsize start, end;
  int level = 0;

  if (i < 0)
    return 0;
  while ((gsize) i < line->end && text[i] == '#' && level < 7)
    {
      level++;
      i++;
    }
  if (level < 1 || level > 6)
    return 0;
  if ((gsize) i < line->end && text[i] != ' ' && text[i] != '\t')
    return 0;

  start = i;
  end = line->end;
  while (start < end && (text[start] == ' ' || text[start] == '\t'))
    start++;
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  /* An optional closing sequence of #s, preceded by a space (or making up the whole text). */
  {
    gsize e = end;

    while (e > start && text[e - 1] == '#')
      e--;
    if (e < end && (e == start || text[e - 1] == ' ' || text[e - 1] == '\t'))
      {
        end = e;
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
          end--;
      }
  }

  if (out_text != NULL)
    {
      g_autofree char *raw = g_strndup (text + start, end - start);
      *out_text = easel_markdown_inline_to_plain (raw);
    }
  return level;
}

/* `===` gives level 1, `---` level 2, or 0. */
static int
setext_underline (const char *text,
                  const Line *line)
{
  gssize i = skip_indent (text, line);
  gsize end = line->end;
  char c;

  if (i < 0 || (gsize) i >= end)
    return 0;
  c = text[i];
  if (c != '=' && c != '-')
    return 0;
  while (end > (gsize) i && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    end--;
  for (gsize j = i; j < end; j++)
    if (text[j] != c)
      return 0;
  return c == '=' ? 1 : 2;
}

static gboolean
is_list_item (const char *p,
              const char *end)
{
  if (p < end && (*p == '-' || *p == '*' || *p == '+'))
    return p + 1 == end || p[1] == ' ' || p[1] == '\t';
  if (p < end && g_ascii_isdigit (*p))
    {
      while (p < end && g_ascii_isdigit (*p))
        p++;
      return p < end && (*p == '.' || *p == ')') && (p + 1 == end || p[1] == ' ');
    }
  return FALSE;
}

/* A line that can be the text of a setext heading: plain paragraph text. */
static gboolean
is_paragraph_line (const char *text,
                   const Line *line)
{
  gssize i = skip_indent (text, line);
  char fc;
  gsize fl;

  if (i < 0 || is_blank (text, line))
    return FALSE;
  if (text[i] == '>' || text[i] == '<' || text[i] == '|')
    return FALSE;
  if (is_list_item (text + i, text + line->end))
    return FALSE;
  if (atx_heading (text, line, NULL) > 0 || fence_opens (text, line, &fc, &fl))
    return FALSE;
  if (setext_underline (text, line) > 0)
    return FALSE;
  return TRUE;
}

/* Every heading outside code blocks and comments, from line @first on. */
static GArray *
find_headings (const char *text,
               GArray     *lines,
               guint       first)
{
  GArray *headings = g_array_new (FALSE, TRUE, sizeof (Heading));
  gboolean in_fence = FALSE;
  gboolean in_comment = FALSE;
  char fence_char = 0;
  gsize fence_len = 0;
  /* Whether the previous line was a paragraph line that started a paragraph. */
  gboolean prev_paragraph_start = FALSE;
  gboolean prev_blank_or_block = TRUE;

  g_array_set_clear_func (headings, (GDestroyNotify) heading_clear);

  for (guint i = first; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      gboolean was_in_comment = in_comment;
      Heading heading = { i, i, 0, NULL };

      if (in_fence)
        {
          if (fence_closes (text, line, fence_char, fence_len))
            in_fence = FALSE;
          prev_paragraph_start = FALSE;
          prev_blank_or_block = TRUE;
          continue;
        }

      in_comment = scan_comment (text, line, in_comment);
      if (was_in_comment)
        {
          prev_paragraph_start = FALSE;
          prev_blank_or_block = TRUE;
          continue;
        }

      if (fence_opens (text, line, &fence_char, &fence_len))
        {
          in_fence = TRUE;
          prev_paragraph_start = FALSE;
          prev_blank_or_block = TRUE;
          continue;
        }

      heading.level = atx_heading (text, line, &heading.text);
      if (heading.level > 0)
        {
          g_array_append_val (headings, heading);
          prev_paragraph_start = FALSE;
          prev_blank_or_block = TRUE;
          continue;
        }

      if (prev_paragraph_start && (heading.level = setext_underline (text, line)) > 0)
        {
          const Line *prev = &g_array_index (lines, Line, i - 1);
          g_autofree char *raw = g_strndup (text + prev->start, prev->end - prev->start);

          heading.first = i - 1;
          heading.text = easel_markdown_inline_to_plain (g_strstrip (raw));
          g_array_append_val (headings, heading);
          prev_paragraph_start = FALSE;
          prev_blank_or_block = TRUE;
          continue;
        }

      /* A single-line paragraph may be underlined; a longer one is left alone (its `---` is a
       * thematic break here, which is what most writers mean by it).
       */
      prev_paragraph_start = prev_blank_or_block && is_paragraph_line (text, line);
      prev_blank_or_block = is_blank (text, line);
    }
  return headings;
}

/* The bytes from @start to @end without leading blank lines and trailing white space. */
static char *
trimmed_block (const char *text,
               gsize       start,
               gsize       end)
{
  gsize s = start;

  /* Drop whole blank lines at the top, keeping the indentation of the first real line. */
  for (gsize i = start; i < end; i++)
    {
      if (text[i] == '\n')
        s = i + 1;
      else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
        break;
      if (i + 1 == end)
        s = end;
    }
  while (end > s && g_ascii_isspace (text[end - 1]))
    end--;
  return g_strndup (text + s, end - s);
}

/**
 * easel_markdown_split:
 * @text: the post's Markdown
 * @level: split at headings of this level and above (2 = at every `##` and `#`)
 * @fallback_title: (nullable): the title when neither front matter nor a `#` heading has one
 *
 * The first section is the hero: its heading is the post title and its body the text before
 * the first split heading (without the title's own `#` line). With @level 2 or more it always
 * exists, so every post has a place for a hero image; with @level 1 only when there is text
 * before the first `#`.
 *
 * Returns: (transfer full): the document
 */
EaselMarkdownDocument *
easel_markdown_split (const char *text,
                      int         level,
                      const char *fallback_title)
{
  EaselMarkdownDocument *doc = g_new0 (EaselMarkdownDocument, 1);
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) headings = NULL;
  g_autoptr(GPtrArray) splits = g_ptr_array_new ();
  g_autofree char *fm_title = NULL;
  const Heading *title_heading = NULL;
  const Heading *hero_heading = NULL;
  gsize length;
  guint body_line;
  gsize body_start;

  if (text == NULL)
    text = "";
  length = strlen (text);
  level = CLAMP (level, 1, 6);

  doc->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  doc->newline = strstr (text, "\r\n") != NULL ? "\r\n" : "\n";

  lines = split_lines (text, length);
  body_line = parse_front_matter (text, lines, &fm_title);
  body_start = body_line < lines->len ? g_array_index (lines, Line, body_line).start : length;
  headings = find_headings (text, lines, body_line);

  for (guint i = 0; i < headings->len; i++)
    {
      const Heading *h = &g_array_index (headings, Heading, i);
      if (h->level == 1 && *h->text != '\0')
        {
          title_heading = h;
          break;
        }
    }

  if (fm_title != NULL)
    {
      doc->title = g_steal_pointer (&fm_title);
      doc->title_source = "front-matter";
    }
  else if (title_heading != NULL)
    {
      doc->title = g_strdup (title_heading->text);
      doc->title_source = "heading";
    }
  else
    {
      doc->title = g_strdup (fallback_title != NULL && *fallback_title != '\0'
                             ? fallback_title : "Untitled");
      doc->title_source = "fallback";
    }

  for (guint i = 0; i < headings->len; i++)
    {
      const Heading *h = &g_array_index (headings, Heading, i);

      if (h->level > level)
        continue;
      /* The title's `#` line heads the hero when it comes before every other split heading. */
      if (level >= 2 && h == title_heading && splits->len == 0)
        {
          hero_heading = h;
          continue;
        }
      g_ptr_array_add (splits, (gpointer) h);
    }

  /* The hero: everything between the front matter and the first split heading. */
  {
    gsize hero_end = splits->len > 0
      ? g_array_index (lines, Line, ((Heading *) splits->pdata[0])->first).start : length;
    g_autofree char *body = NULL;

    if (hero_heading != NULL)
      {
        const Line *first = &g_array_index (lines, Line, hero_heading->first);
        const Line *last = &g_array_index (lines, Line, hero_heading->last);
        g_autofree char *before = trimmed_block (text, body_start, first->start);
        g_autofree char *after = trimmed_block (text, last->next, hero_end);

        if (*before != '\0' && *after != '\0')
          body = g_strconcat (before, doc->newline, doc->newline, after, NULL);
        else
          body = g_strconcat (before, after, NULL);
      }
    else
      body = trimmed_block (text, body_start, hero_end);

    if (level >= 2 || *body != '\0')
      {
        EaselMarkdownSection *hero = g_new0 (EaselMarkdownSection, 1);

        hero->heading = g_strdup (doc->title);
        hero->hero = TRUE;
        hero->body = g_steal_pointer (&body);
        if (hero_heading != NULL)
          {
            hero->level = hero_heading->level;
            hero->insert_offset = g_array_index (lines, Line, hero_heading->last).next;
          }
        else
          {
            /* No heading of its own: the image goes first, before the first real line. */
            hero->insert_offset = hero_end;
            for (guint i = body_line; i < lines->len; i++)
              {
                const Line *line = &g_array_index (lines, Line, i);
                if (!is_blank (text, line) || line->start >= hero_end)
                  {
                    hero->insert_offset = MIN (line->start, hero_end);
                    break;
                  }
              }
          }
        g_ptr_array_add (doc->sections, hero);
      }
  }

  for (guint i = 0; i < splits->len; i++)
    {
      const Heading *h = splits->pdata[i];
      const Line *last = &g_array_index (lines, Line, h->last);
      gsize end = i + 1 < splits->len
        ? g_array_index (lines, Line, ((Heading *) splits->pdata[i + 1])->first).start : length;
      EaselMarkdownSection *section = g_new0 (EaselMarkdownSection, 1);

      section->heading = g_strdup (h->text);
      section->level = h->level;
      section->body = trimmed_block (text, last->next, end);
      section->insert_offset = last->next;
      g_ptr_array_add (doc->sections, section);
    }

  return doc;
}

/* ---- plain text ------------------------------------------------------------------------- */

static const struct
{
  const char *name;
  const char *text;
} entities[] = {
  { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
  { "&apos;", "'" }, { "&nbsp;", " " }, { "&mdash;", "—" }, { "&ndash;", "–" },
  { "&hellip;", "…" }, { "&rsquo;", "’" }, { "&lsquo;", "‘" }, { "&ldquo;", "“" },
  { "&rdquo;", "”" },
};

/* Finds the `]` matching the `[` at @open, allowing nested brackets and escapes. */
static const char *
matching_bracket (const char *open)
{
  int depth = 0;

  for (const char *p = open; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '[')
        depth++;
      else if (*p == ']' && --depth == 0)
        return p;
    }
  return NULL;
}

/* Skips a link destination `(url "title")` at @p; returns the byte after it, or NULL. */
static const char *
skip_destination (const char *p)
{
  int depth = 0;

  if (*p != '(')
    return NULL;
  for (; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p + 1;
    }
  return NULL;
}

static gboolean
is_word_char (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);

  return c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isalnum (c);
}

static void
append_inline (GString    *out,
               const char *text,
               const char *end)
{
  const char *p = text;

  while (p < end && *p != '\0')
    {
      if (*p == '\\' && p + 1 < end && g_ascii_ispunct (p[1]))
        {
          g_string_append_c (out, p[1]);
          p += 2;
        }
      else if (*p == '!' && p[1] == '[')
        {
          /* An image says nothing in prose: drop it. */
          const char *close = matching_bracket (p + 1);
          const char *after = close != NULL ? skip_destination (close + 1) : NULL;

          if (after == NULL && close != NULL && close[1] == '[')
            {
              const char *ref_end = strchr (close + 1, ']');
              after = ref_end != NULL ? ref_end + 1 : NULL;
            }
          if (after != NULL)
            p = after;
          else
            {
              g_string_append_c (out, '!');
              p++;
            }
        }
      else if (*p == '[')
        {
          const char *close = matching_bracket (p);

          if (close != NULL && p[1] == '^')
            {
              /* A footnote reference. */
              p = close + 1;
              continue;
            }
          if (close != NULL && close < end)
            {
              const char *after = skip_destination (close + 1);

              if (after == NULL && close[1] == '[')
                {
                  const char *ref_end = strchr (close + 1, ']');
                  after = ref_end != NULL ? ref_end + 1 : NULL;
                }
              append_inline (out, p + 1, close);
              p = after != NULL ? after : close + 1;
            }
          else
            {
              g_string_append_c (out, '[');
              p++;
            }
        }
      else if (*p == '<')
        {
          /* An HTML tag or an autolink: the tag goes, an autolink's address too. */
          const char *close = strchr (p, '>');

          if (close != NULL && close < end &&
              (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
            p = close + 1;
          else
            {
              g_string_append_c (out, '<');
              p++;
            }
        }
      else if (*p == '&')
        {
          gboolean found = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            if (g_str_has_prefix (p, entities[i].name))
              {
                g_string_append (out, entities[i].text);
                p += strlen (entities[i].name);
                found = TRUE;
                break;
              }
          if (!found)
            {
              g_string_append_c (out, '&');
              p++;
            }
        }
      else if (*p == '`' || *p == '*')
        p++;
      else if (*p == '~' && p[1] == '~')
        p += 2;
      else if (*p == '_' &&
               (p == text || !is_word_char (g_utf8_find_prev_char (text, p)) ||
                p + 1 >= end || !is_word_char (p + 1)))
        p++;
      else
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, MIN (next, end) - p);
          p = next;
        }
    }
}

static void
collapse_spaces (GString *out)
{
  gsize w = 0;
  gboolean space = TRUE;

  for (gsize r = 0; r < out->len; r++)
    {
      char c = out->str[r];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          if (!space)
            out->str[w++] = ' ';
          space = TRUE;
        }
      else
        {
          out->str[w++] = c;
          space = FALSE;
        }
    }
  if (w > 0 && out->str[w - 1] == ' ')
    w--;
  g_string_truncate (out, w);
}

/**
 * easel_markdown_inline_to_plain:
 * @text: one line (or a paragraph) of Markdown
 *
 * Links keep their text, images and footnote marks go, emphasis and code marks go, HTML tags
 * go, common entities are decoded, white space is collapsed.
 *
 * Returns: (transfer full): plain text
 */
char *
easel_markdown_inline_to_plain (const char *text)
{
  GString *out = g_string_new (NULL);

  if (text != NULL)
    append_inline (out, text, text + strlen (text));
  collapse_spaces (out);
  return g_string_free (out, FALSE);
}

/**
 * easel_markdown_to_plain:
 * @markdown: a block of Markdown (a section's body)
 *
 * The prose of @markdown: code blocks, comments, headings, tables, thematic breaks and link
 * definitions go; list and quote marks go; paragraphs and list items end in a full stop when
 * they have no final punctuation, so that sentences can be told apart.
 *
 * Returns: (transfer full): plain text on one line
 */
char *
easel_markdown_to_plain (const char *markdown)
{
  g_autoptr(GArray) lines = NULL;
  GString *out = g_string_new (NULL);
  GString *paragraph = g_string_new (NULL);
  gboolean in_fence = FALSE;
  gboolean in_comment = FALSE;
  char fence_char = 0;
  gsize fence_len = 0;

  if (markdown == NULL)
    markdown = "";
  lines = split_lines (markdown, strlen (markdown));

#define END_PARAGRAPH() G_STMT_START {                                           \
    g_autofree char *plain = easel_markdown_inline_to_plain (paragraph->str);    \
    if (*plain != '\0')                                                           \
      {                                                                           \
        char last = plain[strlen (plain) - 1];                                    \
        if (out->len > 0)                                                         \
          g_string_append_c (out, ' ');                                           \
        g_string_append (out, plain);                                             \
        if (strchr (".!?:;…", last) == NULL && !g_str_has_suffix (plain, "…"))   \
          g_string_append_c (out, '.');                                           \
      }                                                                           \
    g_string_truncate (paragraph, 0);                                             \
  } G_STMT_END

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      gboolean was_in_comment = in_comment;
      g_autofree char *content = NULL;
      const char *p;
      gssize indent;

      if (in_fence)
        {
          if (fence_closes (markdown, line, fence_char, fence_len))
            in_fence = FALSE;
          continue;
        }
      in_comment = scan_comment (markdown, line, in_comment);
      if (was_in_comment || in_comment)
        {
          /* Keep any text before a comment that opens mid-line: rare, and dropped here. */
          END_PARAGRAPH ();
          continue;
        }
      if (fence_opens (markdown, line, &fence_char, &fence_len))
        {
          END_PARAGRAPH ();
          in_fence = TRUE;
          continue;
        }
      if (is_blank (markdown, line) || atx_heading (markdown, line, NULL) > 0 ||
          setext_underline (markdown, line) > 0)
        {
          /* A setext underline makes the paragraph so far a heading: not prose. */
          if (setext_underline (markdown, line) > 0 && paragraph->len > 0 &&
              !strchr (paragraph->str, '\n'))
            g_string_truncate (paragraph, 0);
          END_PARAGRAPH ();
          continue;
        }

      indent = skip_indent (markdown, line);
      content = g_strndup (markdown + line->start, line->end - line->start);
      p = content + (indent >= 0 ? indent - (gssize) line->start : 0);
      while (*p == ' ' || *p == '\t')
        p++;

      /* Tables, link reference definitions and footnotes are not prose. */
      if (*p == '|' ||
          (*p == '[' && matching_bracket (p) != NULL && matching_bracket (p)[1] == ':'))
        {
          END_PARAGRAPH ();
          continue;
        }

      while (*p == '>')
        {
          p++;
          while (*p == ' ')
            p++;
        }
      if (is_list_item (p, p + strlen (p)))
        {
          END_PARAGRAPH ();
          while (*p != ' ' && *p != '\t' && *p != '\0')
            p++;
          while (*p == ' ' || *p == '\t')
            p++;
          if (g_str_has_prefix (p, "[ ] ") || g_str_has_prefix (p, "[x] ") ||
              g_str_has_prefix (p, "[X] "))
            p += 4;
        }
      if (paragraph->len > 0)
        g_string_append_c (paragraph, '\n');
      g_string_append (paragraph, p);
    }
  END_PARAGRAPH ();
#undef END_PARAGRAPH

  g_string_free (paragraph, TRUE);
  collapse_spaces (out);
  return g_string_free (out, FALSE);
}

/* Does a sentence end at @p (a . ! ? or …)? It does when white space and then something that
 * starts a sentence (a capital, a digit, a quote or a bracket) or the end follow it.
 */
static const char *
sentence_end (const char *p)
{
  const char *q = g_utf8_next_char (p);
  gunichar next;

  while (*q == '"' || *q == '\'' || *q == ')' || g_str_has_prefix (q, "”") ||
         g_str_has_prefix (q, "’") || g_str_has_prefix (q, "»"))
    q = g_utf8_next_char (q);
  if (*q == '\0')
    return q;
  if (*q != ' ')
    return NULL;
  next = g_utf8_get_char (q + 1);
  if (g_unichar_isupper (next) || g_unichar_isdigit (next) || g_unichar_istitle (next) ||
      next == '"' || next == '(' || next == 0x201C || next == 0x2018 || next == 0xAB ||
      next == 0xBF || next == 0xA1)
    return q;
  return NULL;
}

/**
 * easel_markdown_excerpt:
 * @markdown: a section's body
 * @max_chars: at most this many characters (an ellipsis ends a cut excerpt)
 *
 * The first sentences of the prose of @markdown: whole sentences until there are at least 80
 * characters or three sentences, cut at a word boundary when longer than @max_chars.
 *
 * Returns: (transfer full): the excerpt, possibly empty
 */
char *
easel_markdown_excerpt (const char *markdown,
                        guint       max_chars)
{
  g_autofree char *plain = easel_markdown_to_plain (markdown);
  const char *end = plain + strlen (plain);
  guint sentences = 0;
  GString *out;

  for (const char *p = plain; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *stop;

      if (*p != '.' && *p != '!' && *p != '?' && !g_str_has_prefix (p, "…"))
        continue;
      stop = sentence_end (p);
      if (stop == NULL)
        continue;
      sentences++;
      if (g_utf8_strlen (plain, stop - plain) >= 80 || sentences >= 3)
        {
          end = stop;
          break;
        }
    }

  out = g_string_new_len (plain, end - plain);
  if (max_chars > 0 && g_utf8_strlen (out->str, -1) > (glong) max_chars)
    {
      char *cut = g_utf8_offset_to_pointer (out->str, max_chars - 1);
      char *space;

      *cut = '\0';
      space = strrchr (out->str, ' ');
      if (space != NULL && space > out->str + out->len / 2)
        *space = '\0';
      g_string_truncate (out, strlen (out->str));
      while (out->len > 0 && strchr (" ,;:.-", out->str[out->len - 1]) != NULL)
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

/* ---- image references ------------------------------------------------------------------- */

/**
 * easel_markdown_image_reference:
 *
 * Returns: (transfer full): `![alt](path)` with the alt text escaped
 */
char *
easel_markdown_image_reference (const char *alt_text,
                                const char *path)
{
  GString *out = g_string_new ("![");

  for (const char *p = alt_text != NULL ? alt_text : ""; *p != '\0'; p++)
    {
      if (*p == '[' || *p == ']' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n' || *p == '\r' || *p == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, "](");
  if (strpbrk (path, " ()<>") != NULL)
    g_string_append_printf (out, "<%s>", path);
  else
    g_string_append (out, path);
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

/* Is the line starting at @p blank (or is there no line at all)? */
static gboolean
rest_of_line_blank (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '\0' || *p == '\n' || *p == '\r';
}

/**
 * easel_markdown_insert_images:
 * @source: the Markdown @doc was split from, unchanged
 * @doc: its sections
 * @references: one entry per section of @doc: the Markdown to insert (an image reference), or
 *   %NULL for none
 *
 * Puts each reference on its own line under its section's heading (for a hero without a
 * heading, before the post's first line after the front matter), as a paragraph of its own.
 * Everything else stays byte for byte.
 *
 * Returns: (transfer full): the new Markdown
 */
char *
easel_markdown_insert_images (const char                  *source,
                              const EaselMarkdownDocument *doc,
                              const char * const          *references)
{
  GString *out = g_string_new (NULL);
  const char *nl = doc->newline;
  gsize length = strlen (source);
  gsize copied = 0;

  for (guint i = 0; i < doc->sections->len; i++)
    {
      const EaselMarkdownSection *section = g_ptr_array_index (doc->sections, i);
      const char *reference = references[i];
      gsize at = MIN (section->insert_offset, length);

      if (reference == NULL)
        continue;
      g_assert (at >= copied);
      g_string_append_len (out, source + copied, at - copied);
      copied = at;

      if (section->level > 0)
        {
          /* After the heading line: a blank line, the image, and a blank line unless one
           * follows already.
           */
          if (at > 0 && source[at - 1] != '\n')
            g_string_append (out, nl);
          g_string_append (out, nl);
          g_string_append (out, reference);
          g_string_append (out, nl);
          if (!rest_of_line_blank (source + at))
            g_string_append (out, nl);
        }
      else
        {
          /* First in the text: the image, then a blank line before what was there. */
          if (at > 0 && source[at - 1] != '\n')
            g_string_append (out, nl);
          g_string_append (out, reference);
          g_string_append (out, nl);
          if (at < length && !rest_of_line_blank (source + at))
            g_string_append (out, nl);
        }
    }
  g_string_append_len (out, source + copied, length - copied);
  return g_string_free (out, FALSE);
}
