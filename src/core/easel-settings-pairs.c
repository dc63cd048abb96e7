/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-pairs.c: the rules every value must meet (a1111.md's typed fields: integers
 * read straight into int64, sizes, decimal guidance) and the step shared by every reader that
 * moves recognised key/value pairs into an EaselImageSetting.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-settings-parser-private.h"

/* ---- Values ------------------------------------------------------------------------------- */

static char *
strip_dup (const char *text)
{
  gsize start, end;

  _easel_py_strip (text, strlen (text), &start, &end);
  return g_strndup (text + start, end - start);
}

/* Whole decimal numbers only ("30", "+30"); read straight into an int64, never via a double. */
static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  g_autofree char *clean = strip_dup (text);
  const char *digits = clean[0] == '+' || clean[0] == '-' ? clean + 1 : clean;
  gint64 value;

  if (*digits == '\0' || strspn (digits, "0123456789") != strlen (digits))
    return FALSE;
  if (!g_ascii_string_to_signed (clean, 10, min, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* A plain decimal number ("7", "7.5", ".5", "1e1"): no hex, "inf" or "nan". */
static gboolean
is_decimal_number (const char *p)
{
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

static gboolean
parse_double (const char *text,
              double      min,
              double      max,
              double     *out)
{
  g_autofree char *clean = strip_dup (text);
  double value;

  if (!is_decimal_number (clean))
    return FALSE;
  value = g_ascii_strtod (clean, NULL);
  if (!isfinite (value) || value < min || value > max)
    return FALSE;
  *out = value == 0.0 ? 0.0 : value;
  return TRUE;
}

static gboolean
parse_dimension (const char *text,
                 gsize       length,
                 int        *out)
{
  g_autofree char *copy = g_strndup (text, length);
  gint64 value;

  if (length == 0 || length > 8 || strspn (copy, "0123456789") != length)
    return FALSE;
  if (!parse_int (copy, 1, EASEL_SETTING_MAX_DIMENSION, &value))
    return FALSE;
  *out = (int) value;
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

typedef struct
{
  char       *key;
  JsonNode   *value;
  EaselField  field;
  int         rank;
  gboolean    used;
} Pair;

struct _EaselPairs
{
  GPtrArray  *items;
  GHashTable *index;
};

static void
pair_free (gpointer data)
{
  Pair *pair = data;

  g_free (pair->key);
  json_node_unref (pair->value);
  g_free (pair);
}

EaselPairs *
_easel_pairs_new (void)
{
  EaselPairs *pairs = g_new0 (EaselPairs, 1);

  pairs->items = g_ptr_array_new_with_free_func (pair_free);
  pairs->index = g_hash_table_new (g_str_hash, g_str_equal);
  return pairs;
}

void
_easel_pairs_free (EaselPairs *pairs)
{
  if (pairs == NULL)
    return;
  g_hash_table_unref (pairs->index);
  g_ptr_array_unref (pairs->items);
  g_free (pairs);
}

void
_easel_pairs_take_field (EaselPairs *pairs,
                         const char *key,
                         JsonNode   *value,
                         EaselField  field,
                         int         rank)
{
  Pair *pair = g_hash_table_lookup (pairs->index, key);

  if (pair != NULL)
    {
      json_node_unref (pair->value);
      pair->value = value;
    }
  else
    {
      pair = g_new0 (Pair, 1);
      pair->key = g_strdup (key);
      pair->value = value;
      g_ptr_array_add (pairs->items, pair);
      g_hash_table_insert (pairs->index, pair->key, pair);
    }
  pair->field = field;
  pair->rank = rank;
  if (field == EASEL_FIELD_NONE)
    pair->field = _easel_settings_field_for_key (key, &pair->rank);
}

void
_easel_pairs_take (EaselPairs *pairs,
                   const char *key,
                   JsonNode   *value)
{
  _easel_pairs_take_field (pairs, key, value, EASEL_FIELD_NONE, 0);
}

void
_easel_pairs_add_string (EaselPairs *pairs,
                         const char *key,
                         const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  _easel_pairs_take (pairs, key, node);
}

void
_easel_pairs_add_string_len (EaselPairs *pairs,
                             const char *key,
                             gsize       key_length,
                             const char *value,
                             gsize       value_length)
{
  g_autofree char *k = g_strndup (key, key_length);
  g_autofree char *v = g_strndup (value, value_length);

  _easel_pairs_add_string (pairs, k, v);
}

/* ---- Moving pairs into the setting -------------------------------------------------------- */

typedef struct
{
  gint64  number;
  double  real;
  int     width;
  int     height;
  char   *text;
} Value;

static gboolean
node_to_int (JsonNode *node,
             gint64    min,
             gint64    max,
             gint64   *out)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return parse_int (json_node_get_string (node), min, max, out);
  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      if (value < min || value > max)
        return FALSE;
      *out = value;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      /* Only doubles that hold the integer exactly: a seed written as 1.2e17 has lost digits. */
      if (!isfinite (value) || value != floor (value) || fabs (value) > 9007199254740992.0 ||
          value < (double) min || value > (double) max)
        return FALSE;
      *out = (gint64) value;
      return TRUE;
    }
  return FALSE;
}

static gboolean
node_to_double (JsonNode *node,
                double    min,
                double    max,
                double   *out)
{
  double value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return parse_double (json_node_get_string (node), min, max, out);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return FALSE;
  if (!easel_json_get_number (node, &value) || value < min || value > max)
    return FALSE;
  *out = value == 0.0 ? 0.0 : value;
  return TRUE;
}

static char *
node_to_label (JsonNode   *node,
               EaselField  field)
{
  const char *text = NULL;
  char *label;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  else if (field == EASEL_FIELD_MODEL && JSON_NODE_HOLDS_OBJECT (node))
    {
      /* InvokeAI writes the model as {"model_name": …} (3.x) or {"name": …} (4.x). */
      JsonObject *object = json_node_get_object (node);

      text = easel_json_object_get_string (object, "model_name");
      if (text == NULL)
        text = easel_json_object_get_string (object, "name");
    }
  if (text == NULL)
    return NULL;

  label = strip_dup (text);
  if (*label == '\0' ||
      (field == EASEL_FIELD_SCHEDULER && g_ascii_strcasecmp (label, "Automatic") == 0))
    g_clear_pointer (&label, g_free);
  return label;
}

/* Checks @node against the rules of @field and fills @out; FALSE means "not a valid value". */
static gboolean
read_value (EaselField  field,
            JsonNode   *node,
            Value      *out)
{
  switch (field)
    {
    case EASEL_FIELD_SIZE:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      return _easel_settings_parse_size (json_node_get_string (node),
                                         strlen (json_node_get_string (node)),
                                         &out->width, &out->height);

    case EASEL_FIELD_WIDTH:
    case EASEL_FIELD_HEIGHT:
      return node_to_int (node, 1, EASEL_SETTING_MAX_DIMENSION, &out->number);

    case EASEL_FIELD_STEPS:
      return node_to_int (node, 1, EASEL_SETTING_MAX_STEPS, &out->number);

    case EASEL_FIELD_SEED:
      return node_to_int (node, 0, G_MAXINT64, &out->number);

    case EASEL_FIELD_GUIDANCE:
      return node_to_double (node, 0.0, EASEL_SETTING_MAX_GUIDANCE, &out->real);

    case EASEL_FIELD_SAMPLER:
    case EASEL_FIELD_SCHEDULER:
    case EASEL_FIELD_MODEL:
      out->text = node_to_label (node, field);
      return out->text != NULL;

    case EASEL_FIELD_PROMPT:
    case EASEL_FIELD_NEGATIVE_PROMPT:
      /* Prompts are kept as written, surrounding whitespace included. */
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      out->text = g_strdup (json_node_get_string (node));
      return TRUE;

    case EASEL_FIELD_NONE:
    default:
      return FALSE;
    }
}

static gboolean
pair_serves (const Pair *pair,
             EaselField  field)
{
  if (pair->field == field)
    return TRUE;
  return pair->field == EASEL_FIELD_SIZE &&
         (field == EASEL_FIELD_WIDTH || field == EASEL_FIELD_HEIGHT);
}

/* The best valid candidate for @field: lowest rank, then first in order ("Size" has rank 0,
 * so it beats "Width"). Returns the pair, with its value in @out, or NULL.
 */
static Pair *
pick_candidate (EaselPairs *pairs,
                EaselField  field,
                Value      *out)
{
  Pair *best = NULL;

  for (guint i = 0; i < pairs->items->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs->items, i);
      Value value = { 0, };

      if (!pair_serves (pair, field) || (best != NULL && pair->rank >= best->rank))
        continue;
      if (!read_value (pair->field, pair->value, &value))
        continue;
      g_free (out->text);
      *out = value;
      best = pair;
    }
  return best;
}

static void
apply_value (EaselImageSetting *setting,
             EaselField         field,
             const Pair        *pair,
             Value             *value)
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
      easel_image_setting_set_string (&setting->sampler, value->text);
      break;
    case EASEL_FIELD_SCHEDULER:
      easel_image_setting_set_string (&setting->scheduler, value->text);
      break;
    case EASEL_FIELD_MODEL:
      easel_image_setting_set_string (&setting->model, value->text);
      break;
    case EASEL_FIELD_PROMPT:
      easel_image_setting_set_string (&setting->prompt, value->text);
      break;
    case EASEL_FIELD_NEGATIVE_PROMPT:
      easel_image_setting_set_string (&setting->negative_prompt, value->text);
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

  for (guint i = 0; i < pairs->items->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs->items, i);

      if (!allow_prompts &&
          (pair->field == EASEL_FIELD_PROMPT || pair->field == EASEL_FIELD_NEGATIVE_PROMPT))
        pair->field = EASEL_FIELD_NONE;
      has_scheduler_key |= pair->field == EASEL_FIELD_SCHEDULER;
    }

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      Value value = { 0, };
      Pair *pair = pick_candidate (pairs, fields[f], &value);

      if (pair != NULL)
        {
          apply_value (setting, fields[f], pair, &value);
          pair->used = TRUE;
        }
      g_free (value.text);
    }
  split_sampler (setting, has_scheduler_key);

  /* Everything else, including a recognised key whose value broke the rules ("Seed: -1",
   * "Schedule type: Automatic"), stays with the setting under its own key. Keys are unique in
   * @pairs, so no member is replaced (json-glib replaces in linear time).
   */
  for (guint i = 0; i < pairs->items->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs->items, i);

      if (!pair->used)
        json_object_set_member (setting->extra_settings, pair->key,
                                easel_json_deep_copy (pair->value));
    }
}
