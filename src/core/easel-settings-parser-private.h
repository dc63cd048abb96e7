/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal API shared by the settings readers (infotext, JSON, loose text), the infotext writer
 * and the tests. Nothing here is for other layers: they call easel_settings_parse() and
 * easel_infotext_write().
 */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

typedef enum
{
  EASEL_FIELD_NONE = 0,
  EASEL_FIELD_SIZE,
  EASEL_FIELD_WIDTH,
  EASEL_FIELD_HEIGHT,
  EASEL_FIELD_STEPS,
  EASEL_FIELD_GUIDANCE,
  EASEL_FIELD_SEED,
  EASEL_FIELD_SAMPLER,
  EASEL_FIELD_SCHEDULER,
  EASEL_FIELD_MODEL,
  EASEL_FIELD_PROMPT,
  EASEL_FIELD_NEGATIVE_PROMPT,
} EaselField;

/* Python's str.isspace() and regex \w, which A1111's reader and writer use. */
gboolean    _easel_py_isspace             (gunichar     c);
gboolean    _easel_py_isword              (gunichar     c);
void        _easel_py_strip               (const char  *text,
                                           gsize        length,
                                           gsize       *start,
                                           gsize       *end);

/* Key names. */
char       *_easel_settings_normalize_key (const char  *key);
EaselField  _easel_settings_field_for_key (const char  *key,
                                           int         *rank);
gboolean    _easel_settings_is_sampler_name (const char *text,
                                             gsize       length);
gsize       _easel_settings_scheduler_suffix (const char *label);

/* "512x768", "768×512", "640*640", "1344 x 768": FALSE when not a valid size. */
gboolean    _easel_settings_parse_size    (const char  *text,
                                           gsize        length,
                                           int         *width,
                                           int         *height);

/* An ordered map of recognised key/value pairs. Adding a key that is already there replaces its
 * value in place, as a Python dict does, so A1111's "a later duplicate overwrites" holds. A pair
 * may carry a forced field, for formats that use a key differently (InvokeAI's "scheduler").
 */
typedef struct _EaselPairs EaselPairs;

EaselPairs *_easel_pairs_new              (void);
void        _easel_pairs_free             (EaselPairs  *pairs);
void        _easel_pairs_take             (EaselPairs  *pairs,
                                           const char  *key,
                                           JsonNode    *value);
void        _easel_pairs_take_field       (EaselPairs  *pairs,
                                           const char  *key,
                                           JsonNode    *value,
                                           EaselField   field,
                                           int          rank);
void        _easel_pairs_add_string       (EaselPairs  *pairs,
                                           const char  *key,
                                           const char  *value);
void        _easel_pairs_add_string_len   (EaselPairs  *pairs,
                                           const char  *key,
                                           gsize        key_length,
                                           const char  *value,
                                           gsize        value_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselPairs, _easel_pairs_free)

/* Moves the pairs into @setting: each structured field takes the best valid candidate (lowest
 * alias rank, then first in order); every other pair lands in extra_settings under its own key.
 * Prompts are only taken when @allow_prompts (JSON documents), never from a settings line.
 */
void        _easel_settings_apply_pairs   (EaselImageSetting *setting,
                                           EaselPairs        *pairs,
                                           gboolean           allow_prompts);

/* The readers. Each returns FALSE, changing nothing, when @text is not in its format. @text is
 * valid UTF-8 with "\r\n" already turned into "\n".
 */
gboolean    _easel_settings_read_json     (EaselImageSetting *setting,
                                           const char        *text);
gboolean    _easel_settings_read_dream    (EaselImageSetting *setting,
                                           const char        *text);
gboolean    _easel_settings_read_infotext (EaselImageSetting *setting,
                                           const char        *text);
void        _easel_settings_read_loose    (EaselImageSetting *setting,
                                           const char        *text);

/* The A1111 layer of the infotext reader (a1111.md Part II §4 steps 1–4 and 6), exposed so the
 * tests can compare it with A1111's own function. With @recover FALSE the pairs are exactly what
 * `re_param.findall` yields (after `unquote`, without empty values, before the `NxM` split);
 * with @recover TRUE the recovery passes (a)–(c) replace A1111's junk values.
 */
typedef struct
{
  char      *prompt;
  char      *negative_prompt;
  gboolean   has_params;
  gboolean   has_negative_line;
  GPtrArray *keys;
  GPtrArray *values;
} EaselInfotextParts;

EaselInfotextParts *_easel_infotext_split     (const char         *text,
                                               gboolean            recover);
void                _easel_infotext_parts_free (EaselInfotextParts *parts);
guint               _easel_infotext_count_params (const char      *line,
                                                  gsize            length);
gboolean            _easel_infotext_is_key    (const char         *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselInfotextParts, _easel_infotext_parts_free)

G_END_DECLS
