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

/* Python's str.isspace(): what A1111's .strip() and the regex \s remove. */
gboolean
_easel_py_isspace (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);

  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
         c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Python's regex \w on str patterns: letters, every kind of number, and the underscore. */
gboolean
_easel_py_isword (gunichar c)
{
  GUnicodeType type;

  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';

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

  while (p < limit && _easel_py_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  while (last > p)
    {
      const char *prev = g_utf8_find_prev_char (p, last);

      if (prev == NULL)
        prev = p;
      if (!_easel_py_isspace (g_utf8_get_char (prev)))
        break;
      last = prev;
    }
  *start = p - text;
  *end = last - text;
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

char *
_easel_settings_normalize_key (const char *key)
{
  gsize start, end;
  char *normal;

  _easel_py_strip (key, strlen (key), &start, &end);
  normal = g_ascii_strdown (key + start, end - start);
  for (char *p = normal; *p != '\0'; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  return normal;
}

EaselField
_easel_settings_field_for_key (const char *key,
                               int        *rank)
{
  g_autofree char *normal = NULL;

  if (strlen (key) > 32)
    return EASEL_FIELD_NONE;

  normal = _easel_settings_normalize_key (key);
  for (guint i = 0; i < G_N_ELEMENTS (key_aliases); i++)
    if (strcmp (normal, key_aliases[i].name) == 0)
      {
        if (rank != NULL)
          *rank = key_aliases[i].rank;
        return key_aliases[i].field;
      }
  return EASEL_FIELD_NONE;
}

/* Scheduler labels that old A1111 versions and ComfyUI nodes append to the sampler name
 * ("DPM++ 2M Karras", "dpmpp_2m karras"). Longest first, so "SGM Uniform" beats "Uniform".
 */
static const char * const scheduler_labels[] = {
  "align_your_steps", "Align Your Steps", "linear_quadratic", "Polyexponential",
  "ddim_uniform", "SGM Uniform", "sgm_uniform", "Exponential", "KL Optimal", "kl_optimal",
  "Uniform", "Karras", "Simple", "Normal", "DDIM", "Beta",
};

/* Returns the offset of the scheduler label that ends @label, or 0 when there is none. */
gsize
_easel_settings_scheduler_suffix (const char *label)
{
  gsize length = strlen (label);

  for (guint i = 0; i < G_N_ELEMENTS (scheduler_labels); i++)
    {
      gsize n = strlen (scheduler_labels[i]);
      gsize at;

      if (length < n + 2)
        continue;
      at = length - n;
      if (label[at - 1] == ' ' && g_ascii_strcasecmp (label + at, scheduler_labels[i]) == 0)
        {
          gsize start, end;

          _easel_py_strip (label, at - 1, &start, &end);
          if (end > start)
            return at;
        }
    }
  return 0;
}

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

gboolean
_easel_settings_is_sampler_name (const char *text,
                                 gsize       length)
{
  g_autofree char *name = g_ascii_strdown (text, length);
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

  for (guint i = 0; i < G_N_ELEMENTS (sampler_names); i++)
    if (strcmp (bare, sampler_names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- Entry point -------------------------------------------------------------------------- */

static char *
normalize_newlines (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  /* A leading byte-order mark is not part of any format. */
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
  while (*text != '\0' && _easel_py_isspace (g_utf8_get_char (text)))
    text = g_utf8_next_char (text);
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
  g_autofree char *work = NULL;

  if (text == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (text);

  setting->source_text = g_utf8_make_valid (text != NULL ? text : "", length);
  work = normalize_newlines (setting->source_text);

  if (starts_with_brace (work) && _easel_settings_read_json (setting, work))
    return g_steal_pointer (&setting);
  if (_easel_settings_read_dream (setting, work))
    return g_steal_pointer (&setting);
  if (_easel_settings_read_infotext (setting, work))
    return g_steal_pointer (&setting);
  _easel_settings_read_loose (setting, work);
  return g_steal_pointer (&setting);
}
