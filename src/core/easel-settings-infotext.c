/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-infotext.c: the A1111 infotext reader (a1111.md Part II §4).
 *
 * Steps 1–4 and 6 of A1111's parse_generation_parameters are reproduced exactly, including its
 * regex
 *
 *   re_param = \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
 *
 * with Python's Unicode \w and \s. The regex is matched by hand rather than with GRegex: run by
 * findall() it restarts at every position, and on a long run of word characters without a colon
 * (a megabyte of digits) each start rescans the run, which is quadratic. Every start inside such
 * a run fails in the same way, so the scanner below skips the whole run and stays linear.
 *
 * Where A1111's regex produces junk, the recovery passes of §4 replace the value: (a) a JSON
 * string followed by spaces before the comma, (b) a brace- or bracket-balanced value, bare
 * (`Hashes: {"model": "…", "vae": "…"}`) or wrapped in quotes that were not escaped
 * (`FreeU Stages: "[{"backbone_factor": 1.2, …}]"`), (c) otherwise a value that opened a quote or
 * a brace runs to the next `, Key:`. Plain values keep A1111's meaning (up to the next comma).
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-image-setting.h"
#include "easel-settings-parser-private.h"

#define NEGATIVE_PREFIX "Negative prompt:"

typedef struct
{
  const char *line;
  gsize       length;
  gboolean    recover;
  gsize       budget;  /* bytes the balanced scans may still read, to stay linear */
} Scanner;

typedef struct
{
  gsize key_start;
  gsize key_end;
  gsize value_start;
  gsize value_end;
  gsize end;
} Match;

/* The scanner looks at every character of the parameters line, nearly all ASCII: those need no
 * decoding.
 */
static inline gsize
next_char (const Scanner *s,
           gsize          pos)
{
  if ((guchar) s->line[pos] < 0x80)
    return pos + 1;
  return g_utf8_next_char (s->line + pos) - s->line;
}

static inline gunichar
char_at (const Scanner *s,
         gsize          pos)
{
  if ((guchar) s->line[pos] < 0x80)
    return (guchar) s->line[pos];
  return g_utf8_get_char (s->line + pos);
}

static inline gboolean
is_key_char (gunichar c)
{
  return c == ' ' || c == '-' || c == '/' || _easel_py_isword_fast (c);
}

static gsize
skip_space (const Scanner *s,
            gsize          pos)
{
  while (pos < s->length && _easel_py_isspace_fast (char_at (s, pos)))
    pos = next_char (s, pos);
  return pos;
}

static gsize
find_comma (const Scanner *s,
            gsize          pos)
{
  const char *comma = memchr (s->line + pos, ',', s->length - pos);

  return comma != NULL ? (gsize) (comma - s->line) : s->length;
}

/* `\s*(\w[\w \-/]+):` at @pos. On failure *resume is the next start worth trying: every start
 * inside the same run of key characters fails the same way.
 */
static gboolean
match_key (const Scanner *s,
           gsize          pos,
           Match         *m,
           gsize         *resume)
{
  gsize k = skip_space (s, pos);
  gsize j;
  guint count = 1;

  if (k >= s->length)
    {
      *resume = s->length;
      return FALSE;
    }
  j = next_char (s, k);
  if (!_easel_py_isword_fast (char_at (s, k)))
    {
      *resume = j;
      return FALSE;
    }
  while (j < s->length && is_key_char (char_at (s, j)))
    {
      j = next_char (s, j);
      count++;
    }
  if (count < 2 || j >= s->length || s->line[j] != ':')
    {
      *resume = j;
      return FALSE;
    }
  m->key_start = k;
  m->key_end = j;
  return TRUE;
}

/* `"(?:\\.|[^\\"])+"` at @pos: the offset of the closing quote. */
static gboolean
match_quoted (const Scanner *s,
              gsize          pos,
              gsize         *close)
{
  gsize i = pos + 1;

  while (i < s->length && s->line[i] != '"')
    {
      if (s->line[i] == '\\')
        {
          if (i + 1 >= s->length)
            return FALSE;
          i++;
        }
      i = next_char (s, i);
    }
  if (i >= s->length || i == pos + 1)
    return FALSE;
  *close = i;
  return TRUE;
}

/* A balanced {…} or […] at @pos, JSON strings inside skipped: the offset of the closer. */
static gboolean
match_balanced (Scanner *s,
                gsize    pos,
                gsize   *close)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = pos; i < s->length; i++)
    {
      char c = s->line[i];

      if (s->budget == 0)
        return FALSE;
      s->budget--;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        {
          *close = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Sets the value and the end of the match (after the comma, if any). @after is where the
 * `(?:,|$)` part must match, possibly after spaces in recovery mode.
 */
static gboolean
end_value (const Scanner *s,
           Match         *m,
           gsize          value_start,
           gsize          value_end,
           gsize          after)
{
  if (s->recover)
    after = skip_space (s, after);
  if (after < s->length && s->line[after] != ',')
    return FALSE;

  m->value_start = value_start;
  m->value_end = value_end;
  m->end = after < s->length ? after + 1 : s->length;
  return TRUE;
}

/* Whether a key and its colon start at @pos (after optional spaces). */
static gboolean
key_follows (const Scanner *s,
             gsize          pos)
{
  Match m;
  gsize resume;

  return match_key (s, pos, &m, &resume);
}

/* Recovery (c): the value runs to the next ", Key:" or to the end of the line. */
static void
end_value_at_next_key (const Scanner *s,
                       Match         *m,
                       gsize          value_start)
{
  gsize comma = find_comma (s, value_start);

  while (comma < s->length && !key_follows (s, comma + 1))
    comma = find_comma (s, comma + 1);
  end_value (s, m, value_start, comma, comma);
}

static void
match_value_recovering (Scanner *s,
                        Match   *m,
                        gsize    vs)
{
  gsize close;
  char c = s->line[vs];

  if (c == '"')
    {
      if (match_quoted (s, vs, &close) && end_value (s, m, vs, close + 1, close + 1))
        return;
      if (vs + 1 < s->length && (s->line[vs + 1] == '[' || s->line[vs + 1] == '{') &&
          match_balanced (s, vs + 1, &close) && close + 1 < s->length &&
          s->line[close + 1] == '"' && end_value (s, m, vs + 1, close + 1, close + 2))
        return;
    }
  else if ((c == '[' || c == '{') && match_balanced (s, vs, &close) &&
           end_value (s, m, vs, close + 1, close + 1))
    return;

  end_value_at_next_key (s, m, vs);
}

/* One re_param match at @pos, or FALSE with *resume set. */
static gboolean
match_param (Scanner *s,
             gsize    pos,
             Match   *m,
             gsize   *resume)
{
  gsize vs, close, comma;

  if (!match_key (s, pos, m, resume))
    return FALSE;

  vs = skip_space (s, m->key_end + 1);
  if (vs < s->length && s->recover &&
      (s->line[vs] == '"' || s->line[vs] == '[' || s->line[vs] == '{'))
    match_value_recovering (s, m, vs);
  else if (!(vs < s->length && s->line[vs] == '"' && match_quoted (s, vs, &close) &&
             end_value (s, m, vs, close + 1, close + 1)))
    {
      comma = find_comma (s, vs);
      end_value (s, m, vs, comma, comma);
    }
  return TRUE;
}

static void
scanner_init (Scanner    *s,
              const char *line,
              gsize       length,
              gboolean    recover)
{
  s->line = line;
  s->length = length;
  s->recover = recover;
  s->budget = 4 * length + 4096;
}

/* len(re_param.findall(line)) */
guint
_easel_infotext_count_params (const char *line,
                              gsize       length)
{
  Scanner s;
  Match m;
  gsize pos = 0;
  guint count = 0;

  scanner_init (&s, line, length, FALSE);
  while (pos < length)
    {
      gsize resume;

      if (match_param (&s, pos, &m, &resume))
        {
          count++;
          pos = m.end;
        }
      else
        pos = resume;
    }
  return count;
}

/* Whether @key can be written as an infotext key and read back the same. */
gboolean
_easel_infotext_is_key (const char *key)
{
  guint count = 0;

  if (key == NULL || !g_utf8_validate (key, -1, NULL) || !_easel_py_isword (g_utf8_get_char (key)))
    return FALSE;
  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p), count++)
    if (!is_key_char (g_utf8_get_char (p)))
      return FALSE;
  return count >= 2;
}

/* ---- JSON strings (A1111's unquote = json.loads) ------------------------------------------ */

static gboolean
read_hex4 (const char *p,
           gunichar   *out)
{
  gunichar value = 0;

  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      value = value * 16 + g_ascii_xdigit_value (p[i]);
    }
  *out = value;
  return TRUE;
}

/* A \uXXXX escape at @p (after the backslash-u), joining a surrogate pair. Returns the bytes
 * read. A lone surrogate or U+0000 (which Python keeps, but a C string cannot) becomes U+FFFD.
 */
static gsize
read_unicode_escape (const char *p,
                     const char *end,
                     gunichar   *out)
{
  gunichar high, low;

  if (end - p < 4 || !read_hex4 (p, &high))
    return 0;
  *out = high;
  if (high >= 0xd800 && high <= 0xdbff && end - p >= 10 && p[4] == '\\' && p[5] == 'u' &&
      read_hex4 (p + 6, &low) && low >= 0xdc00 && low <= 0xdfff)
    {
      *out = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
      return 10;
    }
  if ((high >= 0xd800 && high <= 0xdfff) || high == 0)
    *out = 0xfffd;
  return 4;
}

/* json.loads on a whole quoted string, as Python's strict decoder: NULL when it fails. The
 * result holds no NUL (U+0000 becomes U+FFFD), so its length is its strlen ().
 */
static char *
json_unquote (const char *text,
              gsize       length)
{
  g_autoptr(GString) out = g_string_sized_new (length);
  const char *p = text + 1;
  const char *end = text + length - 1;

  if (length < 2 || text[0] != '"' || text[length - 1] != '"')
    return NULL;

  while (p < end)
    {
      guchar c = *p;

      if (c < 0x20 || c == '"')
        return NULL;
      if (c != '\\')
        {
          g_string_append_c (out, c);
          p++;
          continue;
        }
      if (p + 1 >= end)
        return NULL;
      switch (p[1])
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar u;
            gsize used = read_unicode_escape (p + 2, end, &u);

            if (used == 0)
              return NULL;
            g_string_append_unichar (out, u);
            p += used;
          }
          break;
        default:
          return NULL;
        }
      p += 2;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A1111's unquote(): a value that starts and ends with a quote is decoded when it can be.
 * Returns the decoded text, or NULL when the value is kept as written.
 */
static char *
unquote (const char *text,
         gsize       length)
{
  if (length > 0 && text[0] == '"' && text[length - 1] == '"')
    return json_unquote (text, length);
  return NULL;
}

/* ---- Lines, prompt and negative prompt ---------------------------------------------------- */

/* The prompt or the negative prompt, built line by line. A1111 joins the lines with "\n",
 * adding it only after text (an empty first line adds nothing). Most infotexts have one
 * prompt line and one negative line: those stay slices of the text, and only a second line
 * needs a buffer.
 */
typedef struct
{
  const char *text;
  gsize       length;
  GString    *joined;
} Lines;

static void
lines_add (Lines      *lines,
           const char *line,
           gsize       length)
{
  if (lines->joined != NULL)
    {
      g_string_append_c (lines->joined, '\n');
      g_string_append_len (lines->joined, line, length);
    }
  else if (lines->length == 0)
    {
      lines->text = line;
      lines->length = length;
    }
  else
    {
      lines->joined = g_string_sized_new (lines->length + length + 64);
      g_string_append_len (lines->joined, lines->text, lines->length);
      g_string_append_c (lines->joined, '\n');
      g_string_append_len (lines->joined, line, length);
    }
}

/* The joined text, "" when there was none. */
static char *
lines_free_to_string (Lines *lines)
{
  if (lines->joined != NULL)
    return g_string_free (g_steal_pointer (&lines->joined), FALSE);
  return g_strndup (lines->text != NULL ? lines->text : "", lines->length);
}

/* The joined text, or NULL when it is empty (Easel keeps no empty prompt). */
static char *
lines_free_to_prompt (Lines *lines)
{
  if (lines->joined == NULL && lines->length == 0)
    return NULL;
  return lines_free_to_string (lines);
}

typedef struct
{
  Lines    prompt;
  Lines    negative;
  gboolean has_negative_line;
} Prompts;

/* One prompt line (step 3): stripped; "Negative prompt:" switches to the negative for good. */
static void
read_prompt_line (Prompts    *prompts,
                  const char *line,
                  gsize       length)
{
  const gsize prefix_length = strlen (NEGATIVE_PREFIX);
  gsize a, b;

  _easel_py_strip (line, length, &a, &b);
  if (b - a >= prefix_length && memcmp (line + a, NEGATIVE_PREFIX, prefix_length) == 0)
    {
      gsize c, d;

      prompts->has_negative_line = TRUE;
      a += prefix_length;
      _easel_py_strip (line + a, b - a, &c, &d);
      b = a + d;
      a += c;
    }

  lines_add (prompts->has_negative_line ? &prompts->negative : &prompts->prompt,
             line + a, b - a);
}

/* Steps 1 and 2: *lines, lastline = text.strip().split("\n"); a last line with fewer than three
 * pairs is one more prompt line.
 */
typedef struct
{
  gsize    start;       /* the stripped text */
  gsize    end;
  gsize    last;        /* where its last line starts */
  gboolean has_params;
} Layout;

/* Whether @line holds at least @n colons. Every re_param match ends its key with a colon of its
 * own, so a line with fewer than three colons has fewer than three pairs: most loose text is
 * turned away here without running the matcher.
 */
static gboolean
has_colons (const char *line,
            gsize       length,
            guint       n)
{
  const char *end = line + length;

  while (n > 0 && (line = memchr (line, ':', end - line)) != NULL)
    {
      line++;
      n--;
    }
  return n == 0;
}

static void
find_layout (const char *text,
             Layout     *layout)
{
  gsize last;

  _easel_py_strip (text, strlen (text), &layout->start, &layout->end);
  for (last = layout->end; last > layout->start && text[last - 1] != '\n'; last--)
    ;
  layout->last = last;
  layout->has_params = has_colons (text + last, layout->end - last, 3) &&
                       _easel_infotext_count_params (text + last, layout->end - last) >= 3;
}

/* Step 3, over every line before the parameters (none when the text is only parameters). */
static void
read_prompt_lines (const char   *text,
                   const Layout *layout,
                   Prompts      *prompts)
{
  gsize pos = layout->start;
  gsize limit = layout->has_params ? layout->last - 1 : layout->end;

  if (layout->has_params && layout->last <= layout->start)
    return;
  for (;;)
    {
      const char *nl = memchr (text + pos, '\n', limit - pos);
      gsize line_end = nl != NULL ? (gsize) (nl - text) : limit;

      read_prompt_line (prompts, text + pos, line_end - pos);
      if (nl == NULL)
        break;
      pos = line_end + 1;
    }
}

/* Each pair of the parameters line, in order, with a non-empty value as written (quotes
 * included): step 4, and the recovery passes when @recover.
 */
typedef void (*ParamFunc) (const char *key,
                           gsize       key_length,
                           const char *value,
                           gsize       value_length,
                           gpointer    user_data);

static void
scan_params (const char *line,
             gsize       length,
             gboolean    recover,
             ParamFunc   func,
             gpointer    user_data)
{
  Scanner s;
  Match m;
  gsize pos = 0;

  scanner_init (&s, line, length, recover);
  while (pos < length)
    {
      gsize resume;

      if (!match_param (&s, pos, &m, &resume))
        {
          pos = resume;
          continue;
        }
      pos = m.end;
      /* An empty value makes A1111's loop raise, and the pair is skipped. */
      if (m.value_end == m.value_start)
        continue;
      func (line + m.key_start, m.key_end - m.key_start,
            line + m.value_start, m.value_end - m.value_start, user_data);
    }
}

/* ---- The A1111 layer, for the tests ------------------------------------------------------- */

static void
add_part (const char *key,
          gsize       key_length,
          const char *value,
          gsize       value_length,
          gpointer    user_data)
{
  EaselInfotextParts *parts = user_data;
  char *decoded = unquote (value, value_length);

  g_ptr_array_add (parts->keys, g_strndup (key, key_length));
  g_ptr_array_add (parts->values, decoded != NULL ? decoded : g_strndup (value, value_length));
}

void
_easel_infotext_parts_free (EaselInfotextParts *parts)
{
  if (parts == NULL)
    return;
  g_free (parts->prompt);
  g_free (parts->negative_prompt);
  g_ptr_array_unref (parts->keys);
  g_ptr_array_unref (parts->values);
  g_free (parts);
}

EaselInfotextParts *
_easel_infotext_split (const char *text,
                       gboolean    recover)
{
  EaselInfotextParts *parts = g_new0 (EaselInfotextParts, 1);
  Prompts prompts = { { NULL, }, };
  Layout layout;

  parts->keys = g_ptr_array_new_with_free_func (g_free);
  parts->values = g_ptr_array_new_with_free_func (g_free);

  find_layout (text, &layout);
  parts->has_params = layout.has_params;
  if (layout.has_params)
    scan_params (text + layout.last, layout.end - layout.last, recover, add_part, parts);
  read_prompt_lines (text, &layout, &prompts);

  parts->has_negative_line = prompts.has_negative_line;
  parts->prompt = lines_free_to_string (&prompts.prompt);
  parts->negative_prompt = lines_free_to_string (&prompts.negative);
  return parts;
}

/* ---- The reader --------------------------------------------------------------------------- */

static void
add_pair (const char *key,
          gsize       key_length,
          const char *value,
          gsize       value_length,
          gpointer    user_data)
{
  EaselPairs *pairs = user_data;
  char *decoded = unquote (value, value_length);

  if (decoded != NULL)
    {
      value = _easel_pairs_own (pairs, decoded);
      value_length = strlen (decoded);
    }
  _easel_pairs_add_text (pairs, key, key_length, value, value_length);
}

gboolean
_easel_settings_read_infotext (EaselImageSetting *setting,
                               const char        *text)
{
  g_auto(EaselPairs) pairs;
  Prompts prompts = { { NULL, }, };
  Layout layout;

  _easel_pairs_init (&pairs);
  find_layout (text, &layout);

  /* Without a parameters line, only a "Negative prompt:" line makes an infotext: most loose
   * text has none, and is rejected without reading its lines.
   */
  if (!layout.has_params && strstr (text, NEGATIVE_PREFIX) == NULL)
    return FALSE;

  read_prompt_lines (text, &layout, &prompts);
  if (!layout.has_params && !prompts.has_negative_line)
    {
      /* Without a negative line, only the prompt can have needed a buffer. */
      if (prompts.prompt.joined != NULL)
        g_string_free (prompts.prompt.joined, TRUE);
      return FALSE;
    }

  setting->prompt = lines_free_to_prompt (&prompts.prompt);
  setting->negative_prompt = lines_free_to_prompt (&prompts.negative);

  if (layout.has_params)
    {
      scan_params (text + layout.last, layout.end - layout.last, TRUE, add_pair, &pairs);
      _easel_settings_apply_pairs (setting, &pairs, FALSE);
    }
  return TRUE;
}
