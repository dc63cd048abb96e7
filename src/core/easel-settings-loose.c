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

/* The tokens and keys of one segment, reused for every segment of a text. They live on the
 * stack; only a segment of many words moves them to the heap.
 */
typedef struct
{
  Token *tokens;
  guint  n_tokens;
  guint  tokens_allocated;
  Key   *keys;
  guint  n_keys;
  guint  keys_allocated;
  Token  token_stack[64];
  Key    key_stack[16];
} Scratch;

static void
scratch_init (Scratch *scratch)
{
  scratch->tokens = scratch->token_stack;
  scratch->n_tokens = 0;
  scratch->tokens_allocated = G_N_ELEMENTS (scratch->token_stack);
  scratch->keys = scratch->key_stack;
  scratch->n_keys = 0;
  scratch->keys_allocated = G_N_ELEMENTS (scratch->key_stack);
}

static void
scratch_clear (Scratch *scratch)
{
  if (scratch->tokens != scratch->token_stack)
    g_free (scratch->tokens);
  if (scratch->keys != scratch->key_stack)
    g_free (scratch->keys);
  scratch_init (scratch);
}

/* Makes @data, of @allocated items of @size bytes, twice as large; the first time it moves off
 * @stack.
 */
static gpointer
grow (gpointer  data,
      gpointer  stack,
      guint    *allocated,
      gsize     size)
{
  gpointer bigger = g_malloc_n (*allocated * 2, size);

  memcpy (bigger, data, *allocated * size);
  if (data != stack)
    g_free (data);
  *allocated *= 2;
  return bigger;
}

static void
add_token (Scratch     *scratch,
           const Token *token)
{
  if (scratch->n_tokens == scratch->tokens_allocated)
    scratch->tokens = grow (scratch->tokens, scratch->token_stack, &scratch->tokens_allocated,
                            sizeof (Token));
  scratch->tokens[scratch->n_tokens++] = *token;
}

static void
add_key (Scratch   *scratch,
         const Key *key)
{
  if (scratch->n_keys == scratch->keys_allocated)
    scratch->keys = grow (scratch->keys, scratch->key_stack, &scratch->keys_allocated,
                          sizeof (Key));
  scratch->keys[scratch->n_keys++] = *key;
}

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
  return _easel_settings_field_for_key_len (text + first->start, last->end - first->start, NULL);
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

/* Pairs are slices of the text, which outlives them. */
static void
add_span (EaselPairs  *pairs,
          const char  *text,
          const char  *key,
          gsize        start,
          gsize        end)
{
  _easel_pairs_add_text (pairs, key, strlen (key), text + start, end - start);
}

static void
add_token_pair (EaselPairs  *pairs,
                const char  *text,
                const Token *key,
                gsize        value_start,
                gsize        value_end)
{
  _easel_pairs_add_text (pairs, text + key->start, key->end - key->start,
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
                    Scratch     *scratch)
{
  const Token *tokens = scratch->tokens;
  guint n_tokens = scratch->n_tokens;
  const Key *keys;
  guint from = 0;

  scratch->n_keys = 0;
  for (guint i = 0; i < n_tokens; i++)
    {
      const Key *prev = scratch->n_keys > 0 ? &scratch->keys[scratch->n_keys - 1] : NULL;
      Key key;

      if (!tokens[i].sep || i < from)
        continue;
      if (find_key (text, tokens, from, i, prev == NULL,
                    prev != NULL && is_numeric_field (prev->field), &key))
        {
          add_key (scratch, &key);
          from = i + 2;
        }
    }
  keys = scratch->keys;

  read_free_tokens (pairs, text, tokens, 0, scratch->n_keys > 0 ? keys[0].first : n_tokens);

  for (guint k = 0; k < scratch->n_keys; k++)
    {
      const Key *key = &keys[k];
      guint start = key->sep + 1;
      guint end = k + 1 < scratch->n_keys ? keys[k + 1].first : n_tokens;

      if (start >= end)
        continue;
      if (is_numeric_field (key->field))
        {
          guint used = numeric_value_length (text, tokens, key->field, start, end);

          _easel_pairs_add_text (pairs, text + tokens[key->first].start,
                                 tokens[key->sep - 1].end - tokens[key->first].start,
                                 text + tokens[start].start,
                                 tokens[start + used - 1].end - tokens[start].start);
          read_free_tokens (pairs, text, tokens, start + used, end);
        }
      else
        _easel_pairs_add_text (pairs, text + tokens[key->first].start,
                               tokens[key->sep - 1].end - tokens[key->first].start,
                               text + tokens[start].start,
                               tokens[end - 1].end - tokens[start].start);
    }
}

static inline gboolean
is_space_at (const char *text,
             gsize       i,
             gsize      *next)
{
  const char *after;
  gboolean space;

  if ((guchar) text[i] < 0x80)
    {
      *next = i + 1;
      return _easel_py_ascii[(guchar) text[i]] & EASEL_PY_SPACE;
    }
  space = _easel_py_isspace (g_utf8_get_char (text + i));
  after = g_utf8_next_char (text + i);
  *next = after - text;
  return space;
}

/* Words, and ":" or "=" as tokens of their own; white space separates. Returns whether there
 * was a separator.
 */
static gboolean
tokenize (const char *text,
          gsize       start,
          gsize       end,
          Scratch    *scratch)
{
  gboolean has_sep = FALSE;
  gsize i = start;

  scratch->n_tokens = 0;
  while (i < end)
    {
      Token token = { i, i, FALSE };
      gsize next;

      if (is_space_at (text, i, &next))
        {
          i = next;
          continue;
        }
      if (text[i] == ':' || text[i] == '=')
        {
          token.sep = has_sep = TRUE;
          i++;
        }
      else
        while (i < end && text[i] != ':' && text[i] != '=' && !is_space_at (text, i, &next))
          i = next;
      token.end = i;
      add_token (scratch, &token);
    }
  return has_sep;
}

static void
read_segment (EaselPairs *pairs,
              const char *text,
              gsize       start,
              gsize       end,
              Scratch    *scratch)
{
  gboolean has_sep = tokenize (text, start, end, scratch);
  gsize a, b;

  if (has_sep)
    {
      read_keyed_segment (pairs, text, scratch);
      return;
    }
  _easel_py_strip (text + start, end - start, &a, &b);
  if (b > a && b - a < 64 && _easel_settings_is_sampler_name (text + start + a, b - a))
    add_span (pairs, text, "sampler", start + a, start + b);
  else
    read_free_tokens (pairs, text, scratch->tokens, 0, scratch->n_tokens);
}

#define SEGMENT_ENDS ",;|\n/"

/* The next byte after @i that may end a segment, or the end of @text. */
static gsize
next_end (const char *text,
          gsize       i)
{
  return i + 1 + strcspn (text + i + 1, SEGMENT_ENDS);
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
  g_auto(EaselPairs) pairs;
  Scratch scratch;
  gsize start = 0;
  gsize i;

  _easel_pairs_init (&pairs);
  scratch_init (&scratch);
  /* Only these bytes may end a segment: strcspn () skips the others in bulk. */
  for (i = strcspn (text, SEGMENT_ENDS); text[i] != '\0'; i = next_end (text, i))
    if (is_segment_end (text, i))
      {
        read_segment (&pairs, text, start, i, &scratch);
        start = i + 1;
      }
  read_segment (&pairs, text, start, i, &scratch);
  scratch_clear (&scratch);

  _easel_settings_apply_pairs (setting, &pairs, FALSE);
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
 * many flags were structured ones; 0 means this is not a dream line. The pairs' keys point into
 * @words.
 */
static guint
read_dream_flags (EaselPairs *pairs,
                  char      **words)
{
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
      _easel_pairs_take_node (pairs, flag, node, field, 0);
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
  g_auto(EaselPairs) pairs;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *first = text;
  const char *close;

  _easel_pairs_init (&pairs);

  /* A dream line starts with its quoted prompt: anything else is rejected before any copy. */
  while (g_ascii_isspace (*first))
    first++;
  if (*first != '"')
    return FALSE;

  line = g_strstrip (g_strdup (text));
  if (strchr (line, '\n') != NULL)
    return FALSE;
  close = strrchr (line, '"');
  if (close == line || !g_ascii_isspace (close[1]))
    return FALSE;
  words = g_strsplit_set (close + 1, " \t", -1);
  if (read_dream_flags (&pairs, words) == 0)
    return FALSE;

  set_dream_prompts (setting, line + 1, close - line - 1);
  _easel_settings_apply_pairs (setting, &pairs, FALSE);
  return TRUE;
}
