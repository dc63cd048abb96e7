/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-json-flat.c: the fast path of the JSON reader.
 *
 * Most JSON settings (NovelAI's Comment, Fooocus' parameters, diffusers-style dumps, every
 * legacy row written by a script) are one flat object of strings and numbers. Building a
 * json-glib tree for them costs more than the rest of the parse, so this reader takes a strict
 * subset of JSON by hand and returns its members as plain values. What it accepts, json-glib
 * 1.6 reads to exactly the same members (its scanner and parser, json-scanner.c and
 * json-parser.c, were read for this); whatever it is not sure of, it leaves to json-glib by
 * returning FALSE. The subset:
 *
 *   - white space is " \t\n\r" (json-glib's skip characters; comments go to json-glib);
 *   - one object, and nothing but white space after it;
 *   - keys are non-empty strings, each key once (json-glib keeps the first position and the
 *     last value of a repeated key, which the model-hash renaming would then see differently);
 *   - strings hold no control characters, and no escapes but \" \\ \/ \b \f \n \r \t
 *     (json-glib also takes \u, octal escapes and unknown ones, in its own ways);
 *   - values are strings, true, false, null, or numbers written as strict JSON:
 *     -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — json-glib reads "012" as octal and takes
 *     ".5", "1." and "- 5", which all go to it instead;
 *   - at most EASEL_FLAT_JSON_MAX_MEMBERS members.
 *
 * Integers of 19 digits or more become strings of their digits, as
 * _easel_settings_prepare_json () makes them before json-glib sees them. Other integers are
 * read exactly (18 digits fit an int64), and decimals with g_ascii_strtod () on the same
 * characters json-glib hands to g_strtod (), which agree on every strict JSON number.
 * tests/test-settings-parser.c holds this reader to json-glib's results.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-settings-parser-private.h"

typedef struct
{
  const char *p;
  EaselPairs *owner;
  char       *decoded;       /* strings with escapes, one after the other */
  gsize       decoded_used;
} Reader;

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* After a value: white space, "," or "}" must follow, as after any json-glib token. */
static gboolean
ends_value (const char *p)
{
  return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == '}';
}

/* A string at r->p (on its opening quote). Escaped strings are decoded into r->decoded. */
static gboolean
read_string (Reader      *r,
             const char **text,
             gsize       *length)
{
  const char *start = r->p + 1;
  const char *p = start;
  char *out;

  while (*p != '"' && *p != '\\')
    {
      if ((guchar) *p < 0x20)
        return FALSE;
      p++;
    }
  if (*p == '"')
    {
      *text = start;
      *length = p - start;
      r->p = p + 1;
      return TRUE;
    }

  /* Escapes only shrink a string, so the rest of the text bounds every decoded string. */
  if (r->decoded == NULL)
    r->decoded = (char *) _easel_pairs_own (r->owner, g_malloc (strlen (r->p) + 1));
  out = r->decoded + r->decoded_used;
  memcpy (out, start, p - start);
  *length = p - start;
  while (*p != '"')
    {
      char c = *p++;

      if ((guchar) c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          switch (*p++)
            {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default: return FALSE;
            }
        }
      out[(*length)++] = c;
    }
  *text = out;
  r->decoded_used += *length;
  r->p = p + 1;
  return TRUE;
}

static gboolean
read_number (Reader     *r,
             EaselValue *value)
{
  const char *start = r->p;
  const char *digits = *start == '-' ? start + 1 : start;
  const char *p = digits;
  gsize run = strspn (start, "+-0123456789.eE");
  gsize n_digits = strspn (digits, "0123456789");
  gboolean real = FALSE;

  /* _easel_settings_prepare_json () quotes long integers: json-glib would wrap them around
   * silently.
   */
  if (n_digits >= 19 && n_digits + (digits - start) == run)
    {
      value->kind = EASEL_VALUE_TEXT;
      value->v.text.data = start;
      value->v.text.length = run;
      r->p = start + run;
      return ends_value (r->p);
    }

  if (!g_ascii_isdigit (*p) || (*p == '0' && g_ascii_isdigit (p[1])))
    return FALSE;
  p += n_digits;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (*++p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      real = TRUE;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      real = TRUE;
    }
  if (!ends_value (p))
    return FALSE;

  if (real)
    {
      char copy[64];

      if ((gsize) (p - digits) >= sizeof copy)
        return FALSE;
      memcpy (copy, digits, p - digits);
      copy[p - digits] = '\0';
      value->kind = EASEL_VALUE_DOUBLE;
      value->v.real = g_ascii_strtod (copy, NULL);
      /* json-glib reads the number without its sign, then negates it. */
      if (digits != start)
        value->v.real = value->v.real * -1.0;
    }
  else
    {
      gint64 integer = 0;

      for (const char *d = digits; d < p; d++)
        integer = integer * 10 + (*d - '0');
      value->kind = EASEL_VALUE_INT;
      value->v.integer = digits != start ? -integer : integer;
    }
  r->p = p;
  return TRUE;
}

static gboolean
read_word (Reader     *r,
           const char *word,
           gsize       length)
{
  if (strncmp (r->p, word, length) != 0 || !ends_value (r->p + length))
    return FALSE;
  r->p += length;
  return TRUE;
}

static gboolean
read_value (Reader     *r,
            EaselValue *value)
{
  value->sealed = TRUE;
  switch (*r->p)
    {
    case '"':
      value->kind = EASEL_VALUE_TEXT;
      return read_string (r, &value->v.text.data, &value->v.text.length);
    case 't':
      value->kind = EASEL_VALUE_BOOLEAN;
      value->v.boolean = TRUE;
      return read_word (r, "true", 4);
    case 'f':
      value->kind = EASEL_VALUE_BOOLEAN;
      value->v.boolean = FALSE;
      return read_word (r, "false", 5);
    case 'n':
      value->kind = EASEL_VALUE_NULL;
      return read_word (r, "null", 4);
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return read_number (r, value);
      return FALSE;
    }
}

static gboolean
is_new_key (const EaselJsonMember *members,
            guint                  n_members,
            const char            *key,
            gsize                  length)
{
  for (guint i = 0; i < n_members; i++)
    if (members[i].key_length == length && memcmp (members[i].key, key, length) == 0)
      return FALSE;
  return TRUE;
}

gboolean
_easel_settings_parse_flat_json (const char      *text,
                                 EaselPairs      *owner,
                                 EaselJsonMember *members,
                                 guint           *n_members)
{
  Reader r = { skip_space (text), owner, NULL, 0 };
  guint n = 0;

  if (*r.p != '{')
    return FALSE;
  r.p = skip_space (r.p + 1);
  if (*r.p != '}')
    for (;;)
      {
        EaselJsonMember *member = &members[n];

        if (n == EASEL_FLAT_JSON_MAX_MEMBERS || *r.p != '"' ||
            !read_string (&r, &member->key, &member->key_length) ||
            member->key_length == 0 || !is_new_key (members, n, member->key, member->key_length))
          return FALSE;
        r.p = skip_space (r.p);
        if (*r.p != ':')
          return FALSE;
        r.p = skip_space (r.p + 1);
        if (!read_value (&r, &member->value))
          return FALSE;
        n++;
        r.p = skip_space (r.p);
        if (*r.p == '}')
          break;
        if (*r.p != ',')
          return FALSE;
        r.p = skip_space (r.p + 1);
      }
  if (*skip_space (r.p + 1) != '\0')
    return FALSE;
  *n_members = n;
  return TRUE;
}
