/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-pairs.c: the rules every value must meet (a1111.md's typed fields: integers
 * read straight into int64, sizes, decimal guidance) and the step shared by every reader that
 * moves recognised key/value pairs into an EaselImageSetting.
 *
 * Migrating a legacy database parses every row, so this is a hot path: values are checked as
 * slices of the text, without copies, and a pair becomes a JsonNode only when it is kept in
 * extra_settings.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-settings-parser-private.h"

/* ---- Values ------------------------------------------------------------------------------- */

static void
strip_slice (const char **text,
             gsize       *length)
{
  gsize start, end;

  _easel_py_strip (*text, *length, &start, &end);
  *text += start;
  *length = end - start;
}

/* Whole decimal numbers only ("30", "+30"); read straight into an int64, never via a double.
 * The same answers as g_ascii_string_to_signed () on the stripped text: a value beyond int64
 * is out of range, not clamped.
 */
static gboolean
parse_int (const char *text,
           gsize       length,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gint64 value;
  gsize i = 0;

  strip_slice (&text, &length);
  if (length > 0 && (text[0] == '+' || text[0] == '-'))
    {
      negative = text[0] == '-';
      i = 1;
    }
  if (i == length)
    return FALSE;
  for (; i < length; i++)
    {
      guint digit = (guchar) text[i] - '0';

      if (digit > 9)
        return FALSE;
      if (magnitude > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
    }

  if (negative)
    {
      if (magnitude > (guint64) G_MAXINT64 + 1)
        return FALSE;
      value = magnitude == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) magnitude;
    }
  else
    {
      if (magnitude > G_MAXINT64)
        return FALSE;
      value = (gint64) magnitude;
    }
  if (value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

/* A plain decimal number ("7", "7.5", ".5", "1e1"): no hex, "inf" or "nan". */
static gboolean
is_decimal_number (const char *p,
                   const char *end)
{
  gboolean digits = FALSE;

  if (p < end && (*p == '+' || *p == '-'))
    p++;
  for (; p < end && g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (p < end && *p == '.')
    for (p++; p < end && g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  return p == end;
}

static gboolean
parse_double (const char *text,
              gsize       length,
              double      min,
              double      max,
              double     *out)
{
  char stack[64];
  g_autofree char *heap = NULL;
  char *copy = stack;
  double value;

  strip_slice (&text, &length);
  if (!is_decimal_number (text, text + length))
    return FALSE;

  /* g_ascii_strtod () reads up to a NUL: a copy, on the stack unless it is long. */
  if (length >= sizeof stack)
    copy = heap = g_malloc (length + 1);
  memcpy (copy, text, length);
  copy[length] = '\0';
  value = g_ascii_strtod (copy, NULL);
  if (!isfinite (value) || value < min || value > max)
    return FALSE;
  *out = value == 0.0 ? 0.0 : value;
  return TRUE;
}

/* One side of a size: 1 to 8 digits, in range. */
static gboolean
parse_dimension (const char *text,
                 gsize       length,
                 int        *out)
{
  int value = 0;

  if (length == 0 || length > 8)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  if (value < 1 || value > EASEL_SETTING_MAX_DIMENSION)
    return FALSE;
  *out = value;
  return TRUE;
}

/* "512x768", "512 X 768", "768×512", "640*640". */
gboolean
_easel_settings_parse_size (const char *text,
                            gsize       length,
                            int        *width,
                            int        *height)
{
  gsize start, end, a, b;
  const char *p;

  _easel_py_strip (text, length, &start, &end);
  p = text + start;
  length = end - start;

  for (a = 0; a < length && g_ascii_isdigit (p[a]); a++)
    ;
  b = a;
  while (b < length && p[b] == ' ')
    b++;
  if (b < length && (p[b] == 'x' || p[b] == 'X' || p[b] == '*'))
    b++;
  else if (b + 1 < length && (guchar) p[b] == 0xc3 && (guchar) p[b + 1] == 0x97)
    b += 2;
  else
    return FALSE;
  while (b < length && p[b] == ' ')
    b++;

  return parse_dimension (p, a, width) && parse_dimension (p + b, length - b, height);
}

/* ---- Pairs -------------------------------------------------------------------------------- */

void
_easel_pairs_init (EaselPairs *pairs)
{
  pairs->items = pairs->inline_items;
  pairs->len = 0;
  pairs->allocated = EASEL_PAIRS_INLINE;
  pairs->index = NULL;
  pairs->index_size = 0;
  pairs->owned = NULL;
}

static void
value_clear (EaselValue *value)
{
  if (value->kind == EASEL_VALUE_NODE)
    g_clear_pointer (&value->v.node, json_node_unref);
}

void
_easel_pairs_clear (EaselPairs *pairs)
{
  for (guint i = 0; i < pairs->len; i++)
    value_clear (&pairs->items[i].value);
  if (pairs->items != pairs->inline_items)
    g_free (pairs->items);
  g_free (pairs->index);
  g_clear_pointer (&pairs->owned, g_ptr_array_unref);
  _easel_pairs_init (pairs);
}

/* Keeps @string until the pairs are cleared, so pairs may point into it. */
const char *
_easel_pairs_own (EaselPairs *pairs,
                  char       *string)
{
  if (pairs->owned == NULL)
    pairs->owned = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (pairs->owned, string);
  return string;
}

/* Keys are compared as C strings were before: byte for byte. A text of many pairs (a megabyte
 * of "keyN: vN, ") must stay linear, so beyond a few pairs the keys get a hash index; below,
 * comparing them all is cheaper than hashing.
 */
static guint32
key_hash (const char *key,
          gsize       length)
{
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guchar) key[i]) * 16777619u;
  return hash;
}

static gboolean
pair_has_key (const EaselPair *pair,
              const char      *key,
              gsize            length)
{
  return pair->key_length == length && memcmp (pair->key, key, length) == 0;
}

static void
index_insert (EaselPairs *pairs,
              guint       position)
{
  const EaselPair *pair = &pairs->items[position];
  guint mask = pairs->index_size - 1;
  guint slot = key_hash (pair->key, pair->key_length) & mask;

  while (pairs->index[slot] != 0)
    slot = (slot + 1) & mask;
  pairs->index[slot] = position + 1;
}

/* Indexes the pair just appended: from EASEL_PAIRS_INLINE pairs on, with the table rebuilt
 * twice as large whenever it would be more than half full.
 */
static void
index_added (EaselPairs *pairs)
{
  if (pairs->len < EASEL_PAIRS_INLINE)
    return;
  if (pairs->index != NULL && pairs->len * 2 <= pairs->index_size)
    {
      index_insert (pairs, pairs->len - 1);
      return;
    }
  g_free (pairs->index);
  pairs->index_size = MAX (pairs->index_size * 2, 4 * EASEL_PAIRS_INLINE);
  pairs->index = g_new0 (guint32, pairs->index_size);
  for (guint i = 0; i < pairs->len; i++)
    index_insert (pairs, i);
}

static EaselPair *
find_pair (EaselPairs *pairs,
           const char *key,
           gsize       length)
{
  if (pairs->index == NULL)
    {
      for (guint i = 0; i < pairs->len; i++)
        if (pair_has_key (&pairs->items[i], key, length))
          return &pairs->items[i];
      return NULL;
    }

  for (guint slot = key_hash (key, length) & (pairs->index_size - 1);
       pairs->index[slot] != 0;
       slot = (slot + 1) & (pairs->index_size - 1))
    {
      EaselPair *pair = &pairs->items[pairs->index[slot] - 1];

      if (pair_has_key (pair, key, length))
        return pair;
    }
  return NULL;
}

static EaselPair *
append_pair (EaselPairs *pairs)
{
  if (pairs->len == pairs->allocated)
    {
      pairs->allocated *= 2;
      if (pairs->items != pairs->inline_items)
        pairs->items = g_renew (EaselPair, pairs->items, pairs->allocated);
      else
        {
          pairs->items = g_new (EaselPair, pairs->allocated);
          memcpy (pairs->items, pairs->inline_items, sizeof pairs->inline_items);
        }
    }
  return &pairs->items[pairs->len++];
}

/* Adds @key with @value, or replaces the value of the pair that has @key. A NODE value is
 * taken over. With @field EASEL_FIELD_NONE the field follows from the key's name.
 */
void
_easel_pairs_add (EaselPairs       *pairs,
                  const char       *key,
                  gsize             key_length,
                  const EaselValue *value,
                  EaselField        field,
                  int               rank)
{
  EaselPair *pair = find_pair (pairs, key, key_length);

  if (pair != NULL)
    value_clear (&pair->value);
  else
    {
      pair = append_pair (pairs);
      pair->key = key;
      pair->key_length = key_length;
      pair->used = FALSE;
      index_added (pairs);
    }
  pair->value = *value;
  pair->field = field;
  pair->rank = rank;
  if (field == EASEL_FIELD_NONE)
    pair->field = _easel_settings_field_for_key_len (key, key_length, &pair->rank);
}

void
_easel_pairs_add_text (EaselPairs *pairs,
                       const char *key,
                       gsize       key_length,
                       const char *value,
                       gsize       value_length)
{
  EaselValue text = { EASEL_VALUE_TEXT, FALSE, { .text = { value, value_length } } };

  _easel_pairs_add (pairs, key, key_length, &text, EASEL_FIELD_NONE, 0);
}

void
_easel_pairs_take_node (EaselPairs *pairs,
                        const char *key,
                        JsonNode   *value,
                        EaselField  field,
                        int         rank)
{
  EaselValue node = { EASEL_VALUE_NODE, FALSE, { .node = value } };

  _easel_pairs_add (pairs, key, strlen (key), &node, field, rank);
}

/* ---- Moving pairs into the setting -------------------------------------------------------- */

typedef struct
{
  gint64      number;
  double      real;
  int         width;
  int         height;
  const char *text;    /* a slice of the pair's value, not owned */
  gsize       length;
} Value;

/* A JsonNode value seen as the scalar it holds, so the rules below see one kind of value
 * whether a reader made a JsonNode or not. Objects, arrays and nulls stay as they are.
 */
static EaselValue
value_view (const EaselValue *value)
{
  EaselValue view = *value;
  JsonNode *node = value->v.node;
  GType type;

  if (value->kind != EASEL_VALUE_NODE || !JSON_NODE_HOLDS_VALUE (node))
    return view;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      /* As a C string: a JSON "\u0000" ends it, as it always did. */
      view.kind = EASEL_VALUE_TEXT;
      view.v.text.data = json_node_get_string (node);
      view.v.text.length = strlen (view.v.text.data);
    }
  else if (type == G_TYPE_INT64)
    {
      view.kind = EASEL_VALUE_INT;
      view.v.integer = json_node_get_int (node);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      view.kind = EASEL_VALUE_DOUBLE;
      view.v.real = json_node_get_double (node);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      view.kind = EASEL_VALUE_BOOLEAN;
      view.v.boolean = json_node_get_boolean (node);
    }
  return view;
}

static gboolean
value_to_int (const EaselValue *value,
              gint64            min,
              gint64            max,
              gint64           *out)
{
  switch (value->kind)
    {
    case EASEL_VALUE_TEXT:
      return parse_int (value->v.text.data, value->v.text.length, min, max, out);

    case EASEL_VALUE_INT:
      if (value->v.integer < min || value->v.integer > max)
        return FALSE;
      *out = value->v.integer;
      return TRUE;

    case EASEL_VALUE_DOUBLE:
      {
        double real = value->v.real;

        /* Only doubles that hold the integer exactly: a seed written as 1.2e17 has lost
         * digits.
         */
        if (!isfinite (real) || real != floor (real) || fabs (real) > 9007199254740992.0 ||
            real < (double) min || real > (double) max)
          return FALSE;
        *out = (gint64) real;
        return TRUE;
      }

    case EASEL_VALUE_BOOLEAN:
    case EASEL_VALUE_NULL:
    case EASEL_VALUE_NODE:
    default:
      return FALSE;
    }
}

static gboolean
value_to_double (const EaselValue *value,
                 double            min,
                 double            max,
                 double           *out)
{
  double real;

  switch (value->kind)
    {
    case EASEL_VALUE_TEXT:
      return parse_double (value->v.text.data, value->v.text.length, min, max, out);
    case EASEL_VALUE_INT:
      real = (double) value->v.integer;
      break;
    case EASEL_VALUE_DOUBLE:
      real = value->v.real;
      break;
    case EASEL_VALUE_BOOLEAN:
    case EASEL_VALUE_NULL:
    case EASEL_VALUE_NODE:
    default:
      return FALSE;
    }
  if (!isfinite (real) || real < min || real > max)
    return FALSE;
  *out = real == 0.0 ? 0.0 : real;
  return TRUE;
}

static gboolean
value_to_label (const EaselValue *value,
                EaselField        field,
                Value            *out)
{
  const char *text = NULL;
  gsize length = 0;

  if (value->kind == EASEL_VALUE_TEXT)
    {
      text = value->v.text.data;
      length = value->v.text.length;
    }
  else if (field == EASEL_FIELD_MODEL && value->kind == EASEL_VALUE_NODE &&
           JSON_NODE_HOLDS_OBJECT (value->v.node))
    {
      /* InvokeAI writes the model as {"model_name": …} (3.x) or {"name": …} (4.x). */
      JsonObject *object = json_node_get_object (value->v.node);

      text = easel_json_object_get_string (object, "model_name");
      if (text == NULL)
        text = easel_json_object_get_string (object, "name");
      if (text != NULL)
        length = strlen (text);
    }
  if (text == NULL)
    return FALSE;

  strip_slice (&text, &length);
  if (length == 0 ||
      (field == EASEL_FIELD_SCHEDULER && length == 9 &&
       g_ascii_strncasecmp (text, "Automatic", 9) == 0))
    return FALSE;
  out->text = text;
  out->length = length;
  return TRUE;
}

/* Checks @value against the rules of @field and fills @out; FALSE means "not a valid value". */
static gboolean
read_value (EaselField        field,
            const EaselValue *stored,
            Value            *out)
{
  EaselValue value = value_view (stored);

  switch (field)
    {
    case EASEL_FIELD_SIZE:
      if (value.kind != EASEL_VALUE_TEXT)
        return FALSE;
      return _easel_settings_parse_size (value.v.text.data, value.v.text.length,
                                         &out->width, &out->height);

    case EASEL_FIELD_WIDTH:
    case EASEL_FIELD_HEIGHT:
      return value_to_int (&value, 1, EASEL_SETTING_MAX_DIMENSION, &out->number);

    case EASEL_FIELD_STEPS:
      return value_to_int (&value, 1, EASEL_SETTING_MAX_STEPS, &out->number);

    case EASEL_FIELD_SEED:
      return value_to_int (&value, 0, G_MAXINT64, &out->number);

    case EASEL_FIELD_GUIDANCE:
      return value_to_double (&value, 0.0, EASEL_SETTING_MAX_GUIDANCE, &out->real);

    case EASEL_FIELD_SAMPLER:
    case EASEL_FIELD_SCHEDULER:
    case EASEL_FIELD_MODEL:
      return value_to_label (&value, field, out);

    case EASEL_FIELD_PROMPT:
    case EASEL_FIELD_NEGATIVE_PROMPT:
      /* Prompts are kept as written, surrounding whitespace included. */
      if (value.kind != EASEL_VALUE_TEXT)
        return FALSE;
      out->text = value.v.text.data;
      out->length = value.v.text.length;
      return TRUE;

    case EASEL_FIELD_NONE:
    default:
      return FALSE;
    }
}

static gboolean
pair_serves (const EaselPair *pair,
             EaselField       field)
{
  if (pair->field == field)
    return TRUE;
  return pair->field == EASEL_FIELD_SIZE &&
         (field == EASEL_FIELD_WIDTH || field == EASEL_FIELD_HEIGHT);
}

/* The best valid candidate for @field: lowest rank, then first in order ("Size" has rank 0,
 * so it beats "Width"). Returns the pair, with its value in @out, or NULL.
 */
static EaselPair *
pick_candidate (EaselPairs *pairs,
                EaselField  field,
                Value      *out)
{
  EaselPair *best = NULL;

  for (guint i = 0; i < pairs->len; i++)
    {
      EaselPair *pair = &pairs->items[i];
      Value value = { 0, };

      if (!pair_serves (pair, field) || (best != NULL && pair->rank >= best->rank))
        continue;
      if (!read_value (pair->field, &pair->value, &value))
        continue;
      *out = value;
      best = pair;
    }
  return best;
}

/* Sets a string field from a slice; empty means unset, as easel_image_setting_set_string ()
 * has it.
 */
static void
set_string (char       **field,
            const char  *text,
            gsize        length)
{
  g_free (*field);
  *field = length > 0 ? g_strndup (text, length) : NULL;
}

static void
apply_value (EaselImageSetting *setting,
             EaselField         field,
             const EaselPair   *pair,
             const Value       *value)
{
  switch (field)
    {
    case EASEL_FIELD_WIDTH:
      setting->width = pair->field == EASEL_FIELD_SIZE ? value->width : (int) value->number;
      break;
    case EASEL_FIELD_HEIGHT:
      setting->height = pair->field == EASEL_FIELD_SIZE ? value->height : (int) value->number;
      break;
    case EASEL_FIELD_STEPS:
      setting->steps = (int) value->number;
      break;
    case EASEL_FIELD_GUIDANCE:
      setting->has_guidance = TRUE;
      setting->guidance_scale = value->real;
      break;
    case EASEL_FIELD_SEED:
      setting->has_seed = TRUE;
      setting->seed = value->number;
      break;
    case EASEL_FIELD_SAMPLER:
      set_string (&setting->sampler, value->text, value->length);
      break;
    case EASEL_FIELD_SCHEDULER:
      set_string (&setting->scheduler, value->text, value->length);
      break;
    case EASEL_FIELD_MODEL:
      set_string (&setting->model, value->text, value->length);
      break;
    case EASEL_FIELD_PROMPT:
      set_string (&setting->prompt, value->text, value->length);
      break;
    case EASEL_FIELD_NEGATIVE_PROMPT:
      set_string (&setting->negative_prompt, value->text, value->length);
      break;
    case EASEL_FIELD_SIZE:
    case EASEL_FIELD_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* "DPM++ 2M Karras" → sampler "DPM++ 2M", scheduler "Karras", as A1111 1.9 does for infotexts
 * without a "Schedule type" (with one, whatever its value, the sampler name is kept whole).
 */
static void
split_sampler (EaselImageSetting *setting,
               gboolean           has_scheduler_key)
{
  g_autofree char *sampler = NULL;
  gsize suffix, start, end;

  if (setting->sampler == NULL || has_scheduler_key)
    return;
  suffix = _easel_settings_scheduler_suffix (setting->sampler);
  if (suffix == 0)
    return;

  /* Trimmed like every label, so that it reads back the same. */
  _easel_py_strip (setting->sampler, suffix - 1, &start, &end);
  sampler = g_strndup (setting->sampler + start, end - start);
  easel_image_setting_set_string (&setting->scheduler, setting->sampler + suffix);
  easel_image_setting_set_string (&setting->sampler, sampler);
}

/* A NUL-terminated copy of a slice, for json-glib: on the stack when it is short. Set heap to
 * NULL before the first use (the buffer itself needs no initialising).
 */
typedef struct
{
  char  stack[128];
  char *heap;
} CString;

static const char *
cstring_set (CString    *c,
             const char *text,
             gsize       length)
{
  char *out = c->stack;

  g_clear_pointer (&c->heap, g_free);
  if (length >= sizeof c->stack)
    out = c->heap = g_malloc (length + 1);
  memcpy (out, text, length);
  out[length] = '\0';
  return out;
}

/* The node extra_settings keeps for a pair: the same node, kind and seal as the readers made
 * when every value was a JsonNode.
 */
static JsonNode *
value_to_node (const EaselValue *value)
{
  JsonNode *node;
  CString text;

  switch (value->kind)
    {
    case EASEL_VALUE_TEXT:
      text.heap = NULL;
      node = json_node_init_string (json_node_alloc (),
                                    cstring_set (&text, value->v.text.data,
                                                 value->v.text.length));
      g_free (text.heap);
      break;
    case EASEL_VALUE_INT:
      node = json_node_init_int (json_node_alloc (), value->v.integer);
      break;
    case EASEL_VALUE_DOUBLE:
      node = json_node_init_double (json_node_alloc (), value->v.real);
      break;
    case EASEL_VALUE_BOOLEAN:
      node = json_node_init_boolean (json_node_alloc (), value->v.boolean);
      break;
    case EASEL_VALUE_NULL:
      node = json_node_init_null (json_node_alloc ());
      break;
    case EASEL_VALUE_NODE:
    default:
      return easel_json_deep_copy (value->v.node);
    }
  if (value->sealed)
    json_node_seal (node);
  return node;
}

void
_easel_settings_apply_pairs (EaselImageSetting *setting,
                             EaselPairs        *pairs,
                             gboolean           allow_prompts)
{
  static const EaselField fields[] = {
    EASEL_FIELD_WIDTH, EASEL_FIELD_HEIGHT, EASEL_FIELD_STEPS, EASEL_FIELD_GUIDANCE,
    EASEL_FIELD_SEED, EASEL_FIELD_SAMPLER, EASEL_FIELD_SCHEDULER, EASEL_FIELD_MODEL,
    EASEL_FIELD_PROMPT, EASEL_FIELD_NEGATIVE_PROMPT,
  };
  gboolean has_scheduler_key = FALSE;
  guint served = 0;
  CString key;

  for (guint i = 0; i < pairs->len; i++)
    {
      EaselPair *pair = &pairs->items[i];

      if (!allow_prompts &&
          (pair->field == EASEL_FIELD_PROMPT || pair->field == EASEL_FIELD_NEGATIVE_PROMPT))
        pair->field = EASEL_FIELD_NONE;
      has_scheduler_key |= pair->field == EASEL_FIELD_SCHEDULER;
      served |= 1u << pair->field;
    }

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      Value value = { 0, };
      EaselPair *pair;

      /* Most texts name only a few fields: skip the scan for the others. */
      if (!(served & (1u << fields[f])) &&
          !((fields[f] == EASEL_FIELD_WIDTH || fields[f] == EASEL_FIELD_HEIGHT) &&
            (served & (1u << EASEL_FIELD_SIZE))))
        continue;
      pair = pick_candidate (pairs, fields[f], &value);
      if (pair != NULL)
        {
          apply_value (setting, fields[f], pair, &value);
          pair->used = TRUE;
        }
    }
  split_sampler (setting, has_scheduler_key);

  /* Everything else, including a recognised key whose value broke the rules ("Seed: -1",
   * "Schedule type: Automatic"), stays with the setting under its own key. Keys are unique in
   * @pairs, so no member is replaced (json-glib replaces in linear time).
   */
  key.heap = NULL;
  for (guint i = 0; i < pairs->len; i++)
    {
      EaselPair *pair = &pairs->items[i];

      if (!pair->used)
        json_object_set_member (setting->extra_settings,
                                cstring_set (&key, pair->key, pair->key_length),
                                value_to_node (&pair->value));
    }
  g_free (key.heap);
}
