/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-loose.c: settings as people type them, and InvokeAI 2's "dream" line.
 *
 * Loose text is cut into segments at `,` `;` `|`, newlines and a `/` next to a space
 * ("guidance_scale: 8.0 / num_inference_steps: 45"). In a segment:
 *   - `key: value` or `key=value`; several may share a segment ("width=1024 height=1024"). A
 *     known key (the shared names, "CFG scale", "W", …) ends the value before it; a numeric key
 *     takes one value token ("1344 x 768" for a size), a text key the rest of the value;
 *   - a size: `512x768`, `768×512`, `640*640`, `1344 x 768`;
 *   - a number and a key either way round: `30 steps`, `7 cfg`, `steps 30`, `cfg 7.5`,
 *     `seed 123`;
 *   - a segment that is only a sampler name, maybe with a scheduler: `dpmpp_2m karras`.
 * Anything else ("moody, cinematic lighting") sets nothing and stays in source_text.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-image-setting.h"
#include "easel-settings-parser-private.h"

typedef struct
{
  gsize    start;
  gsize    end;
  gboolean sep;
} Token;

typedef struct
{
  guint      first;
  guint      sep;
  EaselField field;
} Key;

static gboolean
is_numeric_field (EaselField field)
{
  return field == EASEL_FIELD_SIZE || field == EASEL_FIELD_WIDTH ||
         field == EASEL_FIELD_HEIGHT || field == EASEL_FIELD_STEPS ||
         field == EASEL_FIELD_GUIDANCE || field == EASEL_FIELD_SEED;
}

static EaselField
token_field (const char  *text,
             const Token *first,
             const Token *last)
{
  g_autofree char *key = g_strndup (text + first->start, last->end - first->start);

  return _easel_settings_field_for_key (key, NULL);
}

static gboolean
token_is (const char  *text,
          const Token *token,
          const char  *word)
{
  gsize n = strlen (word);

  return !token->sep && token->end - token->start == n &&
         g_ascii_strncasecmp (text + token->start, word, n) == 0;
}

static gboolean
looks_numeric (const char  *text,
               const Token *token)
{
  const char *p = text + token->start;

  if (token->sep)
    return FALSE;
  if (*p == '+' || *p == '-' || *p == '.')
    p++;
  return p < text + token->end && g_ascii_isdigit (*p);
}

static gboolean
is_times (const char  *text,
          const Token *token)
{
  return token_is (text, token, "x") || token_is (text, token, "*") ||
         token_is (text, token, "\xc3\x97");
}

static void
add_span (EaselPairs  *pairs,
          const char  *text,
          const char  *key,
          gsize        start,
          gsize        end)
{
  _easel_pairs_add_string_len (pairs, key, strlen (key), text + start, end - start);
}

static void
add_token_pair (EaselPairs  *pairs,
                const char  *text,
                const Token *key,
                gsize        value_start,
                gsize        value_end)
{
  _easel_pairs_add_string_len (pairs, text + key->start, key->end - key->start,
                               text + value_start, value_end - value_start);
}

/* Words that are not part of a `key: value`: sizes and numbers next to a key word. */
static void
read_free_tokens (EaselPairs  *pairs,
                  const char  *text,
                  const Token *tokens,
                  guint        from,
                  guint        to)
{
  for (guint i = from; i < to;)
    {
      const Token *t = &tokens[i];
      int w, h;
      EaselField next = i + 1 < to && !tokens[i + 1].sep ?
                        token_field (text, &tokens[i + 1], &tokens[i + 1]) : EASEL_FIELD_NONE;
      EaselField self = t->sep ? EASEL_FIELD_NONE : token_field (text, t, t);

      if (!t->sep && _easel_settings_parse_size (text + t->start, t->end - t->start, &w, &h))
        {
          add_span (pairs, text, "size", t->start, t->end);
          i += 1;
        }
      else if (i + 2 < to && looks_numeric (text, t) && is_times (text, &tokens[i + 1]) &&
               looks_numeric (text, &tokens[i + 2]))
        {
          add_span (pairs, text, "size", t->start, tokens[i + 2].end);
          i += 3;
        }
      else if (looks_numeric (text, t) &&
               (next == EASEL_FIELD_STEPS || next == EASEL_FIELD_GUIDANCE))
        {
          add_token_pair (pairs, text, &tokens[i + 1], t->start, t->end);
          i += 2;
        }
      else if (is_numeric_field (self) && self != EASEL_FIELD_SIZE && t->end - t->start > 1 &&
               i + 1 < to && looks_numeric (text, &tokens[i + 1]))
        {
          add_token_pair (pairs, text, t, tokens[i + 1].start, tokens[i + 1].end);
          i += 2;
        }
      else
        i += 1;
    }
}

/* The key that ends at the separator @sep: a known name made of the last one to three words,
 * else, for the first key of a segment, all the words before it, else (after a numeric value)
 * the last word. Returns FALSE when the separator belongs to the value before it
 * ("model: C:\models\x").
 */
static gboolean
find_key (const char  *text,
          const Token *tokens,
          guint        from,
          guint        sep,
          gboolean     first_key,
          gboolean     after_number,
          Key         *key)
{
  /* Only the words since the last separator can be the key (walking back stops there, so a
   * segment of many separators stays linear).
   */
  for (guint i = sep; i > from; i--)
    if (tokens[i - 1].sep)
      {
        from = i;
        break;
      }
  if (from >= sep)
    return FALSE;

  for (guint n = MIN (3, sep - from); n > 0; n--)
    {
      EaselField field = token_field (text, &tokens[sep - n], &tokens[sep - 1]);

      if (field != EASEL_FIELD_NONE)
        {
          key->first = sep - n;
          key->field = field;
          key->sep = sep;
          return TRUE;
        }
    }
  if (!first_key && !after_number)
    return FALSE;

  key->first = first_key ? from : sep - 1;
  key->field = EASEL_FIELD_NONE;
  key->sep = sep;
  return TRUE;
}

/* How many tokens a numeric value takes: three for a size written "1344 x 768", else one. */
static guint
numeric_value_length (const char  *text,
                      const Token *tokens,
                      EaselField   field,
                      guint        start,
                      guint        end)
{
  if (field == EASEL_FIELD_SIZE && end - start >= 3 && is_times (text, &tokens[start + 1]))
    return 3;
  return 1;
}

static void
read_keyed_segment (EaselPairs  *pairs,
                    const char  *text,
                    const Token *tokens,
                    guint        n_tokens)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (Key));
  guint from = 0;

  for (guint i = 0; i < n_tokens; i++)
    {
      const Key *prev = keys->len > 0 ? &g_array_index (keys, Key, keys->len - 1) : NULL;
      Key key;

      if (!tokens[i].sep || i < from)
        continue;
      if (find_key (text, tokens, from, i, prev == NULL,
                    prev != NULL && is_numeric_field (prev->field), &key))
        {
          g_array_append_val (keys, key);
          from = i + 2;
        }
    }

  read_free_tokens (pairs, text, tokens, 0,
                    keys->len > 0 ? g_array_index (keys, Key, 0).first : n_tokens);

  for (guint k = 0; k < keys->len; k++)
    {
      const Key *key = &g_array_index (keys, Key, k);
      guint start = key->sep + 1;
      guint end = k + 1 < keys->len ? g_array_index (keys, Key, k + 1).first : n_tokens;

      if (start >= end)
        continue;
      if (is_numeric_field (key->field))
        {
          guint used = numeric_value_length (text, tokens, key->field, start, end);

          _easel_pairs_add_string_len (pairs, text + tokens[key->first].start,
                                       tokens[key->sep - 1].end - tokens[key->first].start,
                                       text + tokens[start].start,
                                       tokens[start + used - 1].end - tokens[start].start);
          read_free_tokens (pairs, text, tokens, start + used, end);
        }
      else
        _easel_pairs_add_string_len (pairs, text + tokens[key->first].start,
                                     tokens[key->sep - 1].end - tokens[key->first].start,
                                     text + tokens[start].start,
                                     tokens[end - 1].end - tokens[start].start);
    }
}

static void
tokenize (const char *text,
          gsize       start,
          gsize       end,
          GArray     *tokens)
{
  gsize i = start;

  while (i < end)
    {
      Token token = { i, i, FALSE };

      if (_easel_py_isspace (g_utf8_get_char (text + i)))
        {
          i = g_utf8_next_char (text + i) - text;
          continue;
        }
      if (text[i] == ':' || text[i] == '=')
        {
          token.sep = TRUE;
          i++;
        }
      else
        while (i < end && text[i] != ':' && text[i] != '=' &&
               !_easel_py_isspace (g_utf8_get_char (text + i)))
          i = g_utf8_next_char (text + i) - text;
      token.end = i;
      g_array_append_val (tokens, token);
    }
}

static void
read_segment (EaselPairs *pairs,
              const char *text,
              gsize       start,
              gsize       end,
              GArray     *tokens)
{
  gboolean has_sep = FALSE;
  gsize a, b;

  g_array_set_size (tokens, 0);
  tokenize (text, start, end, tokens);
  for (guint i = 0; i < tokens->len; i++)
    has_sep |= g_array_index (tokens, Token, i).sep;

  _easel_py_strip (text + start, end - start, &a, &b);
  if (!has_sep && b > a && b - a < 64 && _easel_settings_is_sampler_name (text + start + a, b - a))
    add_span (pairs, text, "sampler", start + a, start + b);
  else if (has_sep)
    read_keyed_segment (pairs, text, (const Token *) tokens->data, tokens->len);
  else
    read_free_tokens (pairs, text, (const Token *) tokens->data, 0, tokens->len);
}

static gboolean
is_segment_end (const char *text,
                gsize       i)
{
  char c = text[i];

  if (c == ',' || c == ';' || c == '|' || c == '\n')
    return TRUE;
  /* A slash between spaces separates; one inside a word ("linear/euler", a path) does not. */
  return c == '/' && ((i > 0 && g_ascii_isspace (text[i - 1])) || g_ascii_isspace (text[i + 1]));
}

void
_easel_settings_read_loose (EaselImageSetting *setting,
                            const char        *text)
{
  g_autoptr(EaselPairs) pairs = _easel_pairs_new ();
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  gsize start = 0;
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    if (is_segment_end (text, i))
      {
        read_segment (pairs, text, start, i, tokens);
        start = i + 1;
      }
  read_segment (pairs, text, start, i, tokens);

  _easel_settings_apply_pairs (setting, pairs, FALSE);
}

/* ---- InvokeAI 2 "dream" lines ------------------------------------------------------------- */

/* "prompt [negative]" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms -G 0.9 */
static const struct
{
  const char *flag;
  const char *long_flag;
  EaselField  field;
} dream_flags[] = {
  { "-s", "--steps", EASEL_FIELD_STEPS },
  { "-S", "--seed", EASEL_FIELD_SEED },
  { "-W", "--width", EASEL_FIELD_WIDTH },
  { "-H", "--height", EASEL_FIELD_HEIGHT },
  { "-C", "--cfg_scale", EASEL_FIELD_GUIDANCE },
  { "-A", "--sampler", EASEL_FIELD_SAMPLER },
};

static gboolean
is_flag (const char *word)
{
  if (word[0] != '-')
    return FALSE;
  return g_ascii_isalpha (word[1]) || (word[1] == '-' && g_ascii_isalpha (word[2]));
}

static EaselField
dream_field (const char *flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (dream_flags); i++)
    if (strcmp (flag, dream_flags[i].flag) == 0 || strcmp (flag, dream_flags[i].long_flag) == 0)
      return dream_flags[i].field;
  return EASEL_FIELD_NONE;
}

/* The flags after the quoted prompt: each flag with the words up to the next flag. Returns how
 * many flags were structured ones; 0 means this is not a dream line.
 */
static guint
read_dream_flags (EaselPairs *pairs,
                  const char *flags)
{
  g_auto(GStrv) words = g_strsplit_set (flags, " \t", -1);
  guint known = 0;
  guint i = 0;

  while (words[i] != NULL && words[i][0] == '\0')
    i++;
  while (words[i] != NULL)
    {
      const char *flag = words[i++];
      g_autoptr(GString) value = g_string_new (NULL);
      EaselField field = dream_field (flag);
      JsonNode *node;

      if (!is_flag (flag))
        return 0;
      for (; words[i] != NULL && !is_flag (words[i]); i++)
        if (words[i][0] != '\0')
          g_string_append_printf (value, "%s%s", value->len > 0 ? " " : "", words[i]);

      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value->str);
      _easel_pairs_take_field (pairs, flag, node, field, 0);
      known += field != EASEL_FIELD_NONE;
    }
  return known;
}

/* InvokeAI puts the negative prompt in a trailing [bracketed] part of the prompt. */
static void
set_dream_prompts (EaselImageSetting *setting,
                   const char        *quoted,
                   gsize              length)
{
  g_autofree char *prompt = g_strndup (quoted, length);
  char *open = NULL;

  g_strstrip (prompt);
  if (g_str_has_suffix (prompt, "]"))
    {
      int depth = 0;

      for (char *p = prompt + strlen (prompt) - 1; p >= prompt && open == NULL; p--)
        if (*p == ']')
          depth++;
        else if (*p == '[' && --depth == 0)
          open = p;
    }
  if (open != NULL)
    {
      g_autofree char *negative = g_strndup (open + 1, strlen (open + 1) - 1);

      *open = '\0';
      easel_image_setting_set_string (&setting->negative_prompt, g_strstrip (negative));
    }
  easel_image_setting_set_string (&setting->prompt, g_strstrip (prompt));
}

gboolean
_easel_settings_read_dream (EaselImageSetting *setting,
                            const char        *text)
{
  g_autoptr(EaselPairs) pairs = _easel_pairs_new ();
  g_autofree char *line = NULL;
  const char *close;

  line = g_strstrip (g_strdup (text));
  if (line[0] != '"' || strchr (line, '\n') != NULL)
    return FALSE;
  close = strrchr (line, '"');
  if (close == line || !g_ascii_isspace (close[1]))
    return FALSE;
  if (read_dream_flags (pairs, close + 1) == 0)
    return FALSE;

  set_dream_prompts (setting, line + 1, close - line - 1);
  _easel_settings_apply_pairs (setting, pairs, FALSE);
  return TRUE;
}
