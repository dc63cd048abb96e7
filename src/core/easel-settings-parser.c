/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-settings-parser.c: the entry point of the settings parser, and the key names and
 * Python string rules its readers share. easel-settings-pairs.c holds the value rules and the
 * step that moves recognised pairs into an EaselImageSetting; the readers live in
 * easel-settings-infotext.c (A1111 infotext), easel-settings-json.c (JSON documents) and
 * easel-settings-loose.c (human text, InvokeAI's "dream" line). docs/data-model.md describes
 * the accepted forms.
 */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <string.h>

#include "easel-image-setting.h"
#include "easel-settings-parser.h"
#include "easel-settings-parser-private.h"

/* The ASCII part of the two functions below, for the inline forms in the private header. */
const guint8 _easel_py_ascii[128] = {
  [0x09 ... 0x0d] = EASEL_PY_SPACE,
  [0x1c ... 0x1f] = EASEL_PY_SPACE,
  [' '] = EASEL_PY_SPACE,
  ['0' ... '9'] = EASEL_PY_WORD,
  ['A' ... 'Z'] = EASEL_PY_WORD,
  ['_'] = EASEL_PY_WORD,
  ['a' ... 'z'] = EASEL_PY_WORD,
};

/* Python's str.isspace(): what A1111's .strip() and the regex \s remove. */
gboolean
_easel_py_isspace (gunichar c)
{
  if (c < 0x80)
    return _easel_py_ascii[c] & EASEL_PY_SPACE;

  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
         c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Python's regex \w on str patterns: letters, every kind of number, and the underscore. */
gboolean
_easel_py_isword (gunichar c)
{
  GUnicodeType type;

  if (c < 0x80)
    return _easel_py_ascii[c] & EASEL_PY_WORD;

  if (g_unichar_isalpha (c))
    return TRUE;
  type = g_unichar_type (c);
  return type == G_UNICODE_DECIMAL_NUMBER || type == G_UNICODE_LETTER_NUMBER ||
         type == G_UNICODE_OTHER_NUMBER;
}

/* Python's str.strip() on valid UTF-8: the byte range that remains. */
void
_easel_py_strip (const char *text,
                 gsize       length,
                 gsize      *start,
                 gsize      *end)
{
  const char *p = text;
  const char *limit = text + length;
  const char *last = limit;

  while (p < limit)
    {
      const char *next;

      if (!_easel_py_isspace_fast (_easel_utf8_char (p, &next)))
        break;
      p = next;
    }
  while (last > p)
    {
      const char *prev;
      const char *next;

      /* An ASCII byte is a whole character; only a multi-byte one needs a search back. */
      if ((guchar) last[-1] < 0x80)
        prev = last - 1;
      else if ((prev = g_utf8_find_prev_char (p, last)) == NULL)
        prev = p;
      if (!_easel_py_isspace_fast (_easel_utf8_char (prev, &next)))
        break;
      last = prev;
    }
  *start = p - text;
  *end = last - text;
}

/* ---- Name tables -------------------------------------------------------------------------- */

/* The longest name in any table below, and the most names in one table. */
#define MAX_NAME_LENGTH 32
#define MAX_NAMES       64

/* A name table grouped by length, built once: a lookup compares only the few names that have
 * the length of the word, instead of running strcmp () down the whole table.
 */
typedef struct
{
  guint8  first[MAX_NAME_LENGTH + 2];  /* names of length n: order[first[n] … first[n + 1] - 1] */
  guint8  order[MAX_NAMES];
  guint32 initials;                    /* bit c - 'a' for every name starting with letter c */
} NameIndex;

/* ASCII, and not white space: a strip neither starts nor ends there. */
static inline gboolean
is_solid_ascii (char c)
{
  return (guchar) c < 0x80 && !(_easel_py_ascii[(guchar) c] & EASEL_PY_SPACE);
}

static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static void
name_index_build (NameIndex         *index,
                  const char * const *names,
                  guint               n_names)
{
  guint count[MAX_NAME_LENGTH + 2] = { 0, };
  guint8 fill[MAX_NAME_LENGTH + 2];

  g_assert (n_names <= MAX_NAMES);
  index->initials = 0;
  for (guint i = 0; i < n_names; i++)
    {
      g_assert (strlen (names[i]) <= MAX_NAME_LENGTH);
      g_assert (names[i][0] >= 'a' && names[i][0] <= 'z');
      count[strlen (names[i]) + 1]++;
      index->initials |= 1u << (names[i][0] - 'a');
    }
  index->first[0] = 0;
  for (guint n = 1; n < G_N_ELEMENTS (index->first); n++)
    index->first[n] = index->first[n - 1] + count[n];
  memcpy (fill, index->first, sizeof fill);
  /* In table order within one length, so that nothing depends on the grouping. */
  for (guint i = 0; i < n_names; i++)
    index->order[fill[strlen (names[i])]++] = i;
}

/* Whether a name of @length bytes starting with @initial (lower case) may be in the table: most
 * words are not names, and are turned away before any copy or comparison.
 */
static inline gboolean
name_index_may_have (const NameIndex *index,
                     char             initial,
                     gsize            length)
{
  return length <= MAX_NAME_LENGTH && index->first[length] != index->first[length + 1] &&
         initial >= 'a' && initial <= 'z' && (index->initials & (1u << (initial - 'a')));
}

/* The position of @name in @names, or -1. */
static int
name_index_find (const NameIndex    *index,
                 const char * const *names,
                 const char         *name,
                 gsize               length)
{
  if (length > MAX_NAME_LENGTH)
    return -1;
  for (guint i = index->first[length]; i < index->first[length + 1]; i++)
    {
      const char *candidate = names[index->order[i]];

      if (candidate[0] == name[0] && memcmp (candidate, name, length) == 0)
        return index->order[i];
    }
  return -1;
}

/* ---- Key names ---------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  EaselField  field;
  int         rank;
} KeyAlias;

/* Normalised names (lower case, "_" for spaces and dashes). The rank decides between several
 * names for one field: A1111's own name first, Flux's "Guidance" last, so "CFG scale" wins
 * over "Guidance" and "Size" over "Width".
 */
static const KeyAlias key_aliases[] = {
  { "size", EASEL_FIELD_SIZE, 0 },
  { "width", EASEL_FIELD_WIDTH, 1 },
  { "w", EASEL_FIELD_WIDTH, 2 },
  { "height", EASEL_FIELD_HEIGHT, 1 },
  { "h", EASEL_FIELD_HEIGHT, 2 },
  { "steps", EASEL_FIELD_STEPS, 0 },
  { "num_inference_steps", EASEL_FIELD_STEPS, 1 },
  { "sampling_steps", EASEL_FIELD_STEPS, 2 },
  { "step", EASEL_FIELD_STEPS, 3 },
  { "cfg_scale", EASEL_FIELD_GUIDANCE, 0 },
  { "cfg", EASEL_FIELD_GUIDANCE, 1 },
  { "guidance_scale", EASEL_FIELD_GUIDANCE, 2 },
  { "scale", EASEL_FIELD_GUIDANCE, 3 },
  { "guidance", EASEL_FIELD_GUIDANCE, 4 },
  { "seed", EASEL_FIELD_SEED, 0 },
  { "noise_seed", EASEL_FIELD_SEED, 1 },
  { "sampler", EASEL_FIELD_SAMPLER, 0 },
  { "sampler_name", EASEL_FIELD_SAMPLER, 1 },
  { "schedule_type", EASEL_FIELD_SCHEDULER, 0 },
  { "scheduler", EASEL_FIELD_SCHEDULER, 1 },
  { "model", EASEL_FIELD_MODEL, 0 },
  { "model_name", EASEL_FIELD_MODEL, 1 },
  { "ckpt_name", EASEL_FIELD_MODEL, 2 },
  { "checkpoint", EASEL_FIELD_MODEL, 3 },
  { "base_model", EASEL_FIELD_MODEL, 4 },
  { "prompt", EASEL_FIELD_PROMPT, 0 },
  { "positive_prompt", EASEL_FIELD_PROMPT, 1 },
  { "negative_prompt", EASEL_FIELD_NEGATIVE_PROMPT, 0 },
  { "negative", EASEL_FIELD_NEGATIVE_PROMPT, 1 },
  { "uc", EASEL_FIELD_NEGATIVE_PROMPT, 2 },
};

/* Sampler names as A1111 labels them and as ComfyUI names them (a "k_" or "sample_" prefix, as
 * NovelAI and old ComfyUI write, is accepted too). Used to recognise a bare "dpmpp_2m karras".
 */
static const char * const sampler_names[] = {
  "euler a", "euler", "lms", "heun", "dpm2", "dpm2 a", "dpm++ 2s a", "dpm++ 2m", "dpm++ sde",
  "dpm++ 2m sde", "dpm++ 2m sde heun", "dpm++ 3m sde", "dpm fast", "dpm adaptive", "ddim",
  "plms", "unipc", "lcm", "restart", "ddpm", "euler_cfg_pp", "euler_ancestral",
  "euler_ancestral_cfg_pp", "heunpp2", "dpm_2", "dpm_2_ancestral", "dpm_fast", "dpm_adaptive",
  "dpmpp_2s_ancestral", "dpmpp_2s_ancestral_cfg_pp", "dpmpp_sde", "dpmpp_sde_gpu", "dpmpp_2m",
  "dpmpp_2m_cfg_pp", "dpmpp_2m_sde", "dpmpp_2m_sde_gpu", "dpmpp_2m_sde_heun",
  "dpmpp_2m_sde_heun_gpu", "dpmpp_3m_sde", "dpmpp_3m_sde_gpu", "ipndm", "ipndm_v", "deis",
  "res_multistep", "res_multistep_cfg_pp", "res_multistep_ancestral", "gradient_estimation",
  "er_sde", "seeds_2", "seeds_3", "sa_solver", "sa_solver_pece", "uni_pc", "uni_pc_bh2",
};

static const char *alias_names[G_N_ELEMENTS (key_aliases)];
static NameIndex alias_index;
static NameIndex sampler_index;

static inline void
ensure_name_indexes (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (key_aliases); i++)
        alias_names[i] = key_aliases[i].name;
      name_index_build (&alias_index, alias_names, G_N_ELEMENTS (alias_names));
      name_index_build (&sampler_index, sampler_names, G_N_ELEMENTS (sampler_names));
      g_once_init_leave (&done, 1);
    }
}

/* Lower case, "_" for spaces and dashes: the form of the names in key_aliases. */
static void
normalize_into (char       *out,
                const char *key,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = ascii_lower (key[i]);

      out[i] = c == ' ' || c == '-' ? '_' : c;
    }
}

char *
_easel_settings_normalize_key (const char *key)
{
  gsize start, end;
  char *normal;

  _easel_py_strip (key, strlen (key), &start, &end);
  normal = g_malloc (end - start + 1);
  normalize_into (normal, key + start, end - start);
  normal[end - start] = '\0';
  return normal;
}

EaselField
_easel_settings_field_for_key_len (const char *key,
                                   gsize       length,
                                   int        *rank)
{
  char normal[MAX_NAME_LENGTH];
  gsize start, end;
  int found;

  /* No alias is anywhere near this long, whatever the spaces around it. */
  if (length > 32)
    return EASEL_FIELD_NONE;

  ensure_name_indexes ();
  /* Keys rarely have white space around them: strip only when an end might be some. */
  if (length > 0 && is_solid_ascii (key[0]) && is_solid_ascii (key[length - 1]))
    {
      start = 0;
      end = length;
    }
  else
    _easel_py_strip (key, length, &start, &end);
  if (end == start || !name_index_may_have (&alias_index, ascii_lower (key[start]), end - start))
    return EASEL_FIELD_NONE;
  normalize_into (normal, key + start, end - start);
  found = name_index_find (&alias_index, alias_names, normal, end - start);
  if (found < 0)
    return EASEL_FIELD_NONE;
  if (rank != NULL)
    *rank = key_aliases[found].rank;
  return key_aliases[found].field;
}

EaselField
_easel_settings_field_for_key (const char *key,
                               int        *rank)
{
  return _easel_settings_field_for_key_len (key, strlen (key), rank);
}

/* Scheduler labels that old A1111 versions and ComfyUI nodes append to the sampler name
 * ("DPM++ 2M Karras", "dpmpp_2m karras"). Longest first, so "SGM Uniform" beats "Uniform".
 */
#define LABEL(name) { name, sizeof name - 1 }
static const struct
{
  const char *name;
  gsize       length;
} scheduler_labels[] = {
  LABEL ("align_your_steps"), LABEL ("Align Your Steps"), LABEL ("linear_quadratic"),
  LABEL ("Polyexponential"), LABEL ("ddim_uniform"), LABEL ("SGM Uniform"),
  LABEL ("sgm_uniform"), LABEL ("Exponential"), LABEL ("KL Optimal"), LABEL ("kl_optimal"),
  LABEL ("Uniform"), LABEL ("Karras"), LABEL ("Simple"), LABEL ("Normal"), LABEL ("DDIM"),
  LABEL ("Beta"),
};
#undef LABEL

/* Returns the offset of the scheduler label that ends @label, or 0 when there is none. */
gsize
_easel_settings_scheduler_suffix (const char *label)
{
  gsize length = strlen (label);

  for (guint i = 0; i < G_N_ELEMENTS (scheduler_labels); i++)
    {
      gsize n = scheduler_labels[i].length;
      gsize at;

      if (length < n + 2)
        continue;
      at = length - n;
      if (label[at - 1] == ' ' &&
          g_ascii_strncasecmp (label + at, scheduler_labels[i].name, n) == 0)
        {
          gsize start, end;

          _easel_py_strip (label, at - 1, &start, &end);
          if (end > start)
            return at;
        }
    }
  return 0;
}

static gboolean
is_sampler_name_lower (char *name)
{
  const char *bare = name;
  gsize suffix;

  suffix = _easel_settings_scheduler_suffix (name);
  if (suffix > 0)
    name[suffix - 1] = '\0';
  g_strchomp (name);

  if (g_str_has_prefix (bare, "k_"))
    bare += 2;
  else if (g_str_has_prefix (bare, "sample_"))
    bare += 7;

  ensure_name_indexes ();
  return name_index_find (&sampler_index, sampler_names, bare, strlen (bare)) >= 0;
}

gboolean
_easel_settings_is_sampler_name (const char *text,
                                 gsize       length)
{
  char stack[128];
  g_autofree char *heap = NULL;
  char *name = stack;

  /* Every name, and both prefixes, start with a letter; the scheduler label and the spaces
   * that may be cut all come at the end.
   */
  if (length == 0 || !g_ascii_isalpha (text[0]))
    return FALSE;

  /* A lower-case copy to work on, on the stack unless the text is long. */
  if (length >= sizeof stack)
    name = heap = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    name[i] = ascii_lower (text[i]);
  name[length] = '\0';
  return is_sampler_name_lower (name);
}

/* ---- Entry point -------------------------------------------------------------------------- */

/* The text the readers see: without a leading byte-order mark (it is not part of any format),
 * with "\r\n" read as "\n". Returns NULL when @text is already that, which is the usual case,
 * so that nothing is copied.
 */
static char *
normalize_newlines (const char *text)
{
  const char *cr = strchr (text, '\r');
  GString *out;

  if (!g_str_has_prefix (text, "\xef\xbb\xbf") && (cr == NULL || strstr (cr, "\r\n") == NULL))
    return NULL;

  out = g_string_sized_new (strlen (text));
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    text += 3;
  for (const char *p = text; *p != '\0'; p++)
    if (!(p[0] == '\r' && p[1] == '\n'))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gboolean
starts_with_brace (const char *text)
{
  while (*text != '\0')
    {
      const char *next;

      if (!_easel_py_isspace_fast (_easel_utf8_char (text, &next)))
        break;
      text = next;
    }
  return *text == '{';
}

/**
 * easel_settings_parse:
 * @text: (nullable): a settings text: A1111 infotext, a JSON object, or loose human text
 * @length: the length of @text in bytes, or -1 when it is NUL-terminated
 *
 * Reads the structured settings out of @text. The parser is pure and total: it never fails,
 * never returns %NULL and never loses text. `source_text` keeps @text verbatim; when @text is not
 * valid UTF-8 (or holds NUL bytes), each invalid byte is replaced by U+FFFD there and in what is
 * parsed, and everything valid is kept as it was. A value that breaks a field's rules leaves the
 * field unset; its pair is kept in `extra_settings`. docs/data-model.md lists the forms.
 *
 * Returns: (transfer full): a new setting
 */
EaselImageSetting *
easel_settings_parse (const char *text,
                      gssize      length)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autofree char *normalized = NULL;
  const char *work;

  if (text == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (text);

  setting->source_text = g_utf8_make_valid (text != NULL ? text : "", length);
  normalized = normalize_newlines (setting->source_text);
  work = normalized != NULL ? normalized : setting->source_text;

  if (starts_with_brace (work) && _easel_settings_read_json (setting, work))
    return g_steal_pointer (&setting);
  if (_easel_settings_read_dream (setting, work))
    return g_steal_pointer (&setting);
  if (_easel_settings_read_infotext (setting, work))
    return g_steal_pointer (&setting);
  _easel_settings_read_loose (setting, work);
  return g_steal_pointer (&setting);
}
