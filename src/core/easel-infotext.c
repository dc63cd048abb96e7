/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-infotext.c: the A1111 infotext writer (a1111.md Part II §3), the text Easel stores in a
 * PNG's "parameters" chunk so that A1111, SD.Next, Civitai and Easel itself can read how an
 * image was made.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "easel-image-setting.h"
#include "easel-infotext.h"
#include "easel-settings-parser-private.h"

typedef struct
{
  GString    *line;
  guint       count;
  GHashTable *written;  /* normalised keys already on the line */
  JsonObject *extras;
} Params;

/* json.dumps (…, ensure_ascii=False) */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/* A1111's quote() writes a value as a JSON string when it holds ",", "\n" or ":". Easel also
 * quotes the values A1111's own reader would change: an empty one (skipped), one that starts
 * with a quote (decoded), one that starts or ends with white space (the reader skips the
 * first, the final strip() removes the second) and one holding "\r" (a line break once "\r\n"
 * is normalised). A1111 reads every one of them back unchanged.
 */
static gboolean
needs_quotes (const char *value)
{
  gsize length = strlen (value);
  gsize start, end;

  if (strpbrk (value, ",\n:\r") != NULL || value[0] == '"' || length == 0)
    return TRUE;
  _easel_py_strip (value, length, &start, &end);
  return start != 0 || end != length;
}

static void
add_param (Params     *params,
           const char *key,
           const char *value)
{
  if (params->count++ > 0)
    g_string_append (params->line, ", ");
  g_string_append_printf (params->line, "%s: ", key);
  if (needs_quotes (value))
    append_json_string (params->line, value);
  else
    g_string_append (params->line, value);
  g_hash_table_add (params->written, _easel_settings_normalize_key (key));
}

static gboolean
was_written (Params     *params,
             const char *key)
{
  g_autofree char *normal = _easel_settings_normalize_key (key);

  return g_hash_table_contains (params->written, normal);
}

/* Python's repr() of a float: the shortest digits that read back the same, "7.0", "0.5",
 * "1e-05", "1e+16".
 */
static void
append_python_float (GString *out,
                     double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[24];
  gsize n = 0;
  int exponent, point;
  const char *e;

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[16];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  for (const char *p = buf; *p != 'e' && *p != '\0'; p++)
    if (g_ascii_isdigit (*p) && n < sizeof digits - 1)
      digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  e = strchr (buf, 'e');
  exponent = e != NULL ? atoi (e + 1) : 0;
  point = exponent + 1;

  if (signbit (value))
    g_string_append_c (out, '-');
  if (point <= -4 || point > 16)
    {
      g_string_append_c (out, digits[0]);
      if (n > 1)
        g_string_append_printf (out, ".%s", digits + 1);
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
    }
  else if (point <= 0)
    g_string_append_printf (out, "0.%.*s%s", -point, "0000", digits);
  else if ((gsize) point >= n)
    g_string_append_printf (out, "%s%.*s.0", digits, (int) (point - n),
                            "0000000000000000");
  else
    g_string_append_printf (out, "%.*s.%s", point, digits, digits + point);
}

/* An extra setting as infotext text, or NULL when it has no flat form (null, object, array).
 * A number under a sampler, scheduler or model key has none either: as text it would become
 * that field's value when read back ({"sampler": 5} was not a sampler).
 */
static char *
extra_to_text (const char *key,
               JsonNode   *node)
{
  EaselField field;
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  field = _easel_settings_field_for_key (key, NULL);
  if (type != G_TYPE_STRING && (field == EASEL_FIELD_SAMPLER ||
                                field == EASEL_FIELD_SCHEDULER || field == EASEL_FIELD_MODEL))
    return NULL;
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "True" : "False");
  if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    {
      GString *out = g_string_new (NULL);

      append_python_float (out, json_node_get_double (node));
      return g_string_free (out, FALSE);
    }
  return NULL;
}

/* The extra setting named like @slot (compared as normalised keys), as text, or NULL. Keys the
 * parser would not take for a setting (longer than its 32-byte limit, whatever the spaces
 * around them) never fill a slot either, so what is written reads back the same.
 */
static char *
extra_for_slot (Params     *params,
                const char *slot)
{
  g_autofree char *normal = _easel_settings_normalize_key (slot);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, params->extras);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      g_autofree char *key_normal = NULL;
      char *text;

      if (strlen (key) > 32)
        continue;
      key_normal = _easel_settings_normalize_key (key);
      if (strcmp (key_normal, normal) == 0 && (text = extra_to_text (key, value)) != NULL)
        return text;
    }
  return NULL;
}

/* A slot with no structured value takes the extra setting of the same name, so "Model hash",
 * "Schedule type: Automatic" or "Seed: -1" read from an infotext are written back where A1111
 * puts them.
 */
static void
add_slot (Params     *params,
          const char *slot,
          const char *value)
{
  g_autofree char *extra = NULL;

  if (value == NULL)
    value = extra = extra_for_slot (params, slot);
  if (value != NULL)
    add_param (params, slot, value);
}

static char *
python_float (double value)
{
  GString *out = g_string_new (NULL);

  append_python_float (out, value);
  return g_string_free (out, FALSE);
}

static void
add_structured (Params                  *params,
                const EaselImageSetting *setting,
                gboolean                 pad)
{
  g_autofree char *steps = NULL;
  g_autofree char *guidance = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *size = NULL;
  g_autofree char *scheduler = g_strdup (setting->scheduler);

  if (setting->steps > 0)
    steps = g_strdup_printf ("%d", setting->steps);
  if (setting->has_guidance && isfinite (setting->guidance_scale))
    guidance = python_float (setting->guidance_scale);
  if (setting->has_seed)
    seed = g_strdup_printf ("%" G_GINT64_FORMAT, setting->seed);
  if (setting->width > 0 && setting->height > 0)
    size = g_strdup_printf ("%dx%d", setting->width, setting->height);

  /* Without a "Schedule type", readers split "DPM++ 2M Karras" into sampler and scheduler
   * (a1111.md §3 rule 7); "Automatic" keeps such a sampler name whole.
   */
  if (scheduler == NULL)
    scheduler = extra_for_slot (params, "Schedule type");
  if (scheduler == NULL && (pad || (setting->sampler != NULL &&
                                     _easel_settings_scheduler_suffix (setting->sampler) > 0)))
    scheduler = g_strdup ("Automatic");

  add_slot (params, "Steps", steps);
  add_slot (params, "Sampler", setting->sampler);
  add_slot (params, "Schedule type", scheduler);
  add_slot (params, "CFG scale", guidance);
  add_slot (params, "Seed", seed);
  add_slot (params, "Size", size);
  /* Size needs both dimensions; a lone one gets its own key, which Easel reads back. */
  if (size == NULL && setting->width > 0)
    {
      g_autofree char *width = g_strdup_printf ("%d", setting->width);

      add_param (params, "Width", width);
    }
  if (size == NULL && setting->height > 0)
    {
      g_autofree char *height = g_strdup_printf ("%d", setting->height);

      add_param (params, "Height", height);
    }
  add_slot (params, "Model hash", NULL);
  add_slot (params, "Model", setting->model);
  if (pad && params->count < 2 && !was_written (params, "Clip skip"))
    add_param (params, "Clip skip", "1");
}

/* The other extra settings, in their order. Skipped: keys already written (the slots above),
 * "Version" (Easel writes its own), keys A1111's reader cannot match (one character, a colon,
 * a comma…), and values with no flat form (null, objects, arrays).
 */
static void
add_extras (Params *params)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, params->extras);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      g_autofree char *normal = _easel_settings_normalize_key (key);
      g_autofree char *text = NULL;

      if (g_hash_table_contains (params->written, normal) || strcmp (normal, "version") == 0 ||
          !_easel_infotext_is_key (key) || (text = extra_to_text (key, value)) == NULL)
        continue;
      add_param (params, key, text);
    }
}

/**
 * easel_infotext_write:
 * @setting: the settings of one image
 *
 * Writes @setting as A1111 infotext: the prompt, a `Negative prompt:` line when there is one,
 * and the parameters line `Steps, Sampler, Schedule type, CFG scale, Seed, Size, Model hash,
 * Model`, the other extra settings and `Version: easel <version>`. easel_settings_parse() reads
 * every structured field back, except where A1111's format cannot hold it: white space around
 * prompt lines, and a prompt line that starts with "Negative prompt:" (docs/data-model.md).
 *
 * Returns: (transfer full): the text
 */
char *
easel_infotext_write (const EaselImageSetting *setting)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) no_extras = json_object_new ();
  Params params = { NULL, 0, written, no_extras };
  gsize start, end;

  g_return_val_if_fail (setting != NULL, NULL);

  params.line = g_string_new (NULL);
  if (setting->extra_settings != NULL)
    params.extras = setting->extra_settings;

  add_structured (&params, setting, FALSE);
  add_extras (&params);
  if (params.count < 2)
    {
      /* A last line with fewer than three pairs is read as prompt text (a1111.md §4 step 2).
       * Pad it, in the places A1111 would use, with A1111's own defaults ("Schedule type:
       * Automatic", "Clip skip: 1"), which every reader treats as if they were absent.
       */
      g_string_truncate (params.line, 0);
      g_hash_table_remove_all (params.written);
      params.count = 0;
      add_structured (&params, setting, TRUE);
      add_extras (&params);
    }
  add_param (&params, "Version", "easel " PACKAGE_VERSION);

  g_string_append (text, setting->prompt != NULL ? setting->prompt : "");
  if (setting->negative_prompt != NULL && setting->negative_prompt[0] != '\0')
    g_string_append_printf (text, "\nNegative prompt: %s", setting->negative_prompt);
  g_string_append_printf (text, "\n%s", params.line->str);
  g_string_free (params.line, TRUE);

  _easel_py_strip (text->str, text->len, &start, &end);
  return g_strndup (text->str + start, end - start);
}
