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

/* The character at @p, and in *next where the next one starts. Settings text is nearly all
 * ASCII, which needs no decoding; the readers scan every character, so this is inline.
 */
static inline gunichar
_easel_utf8_char (const char  *p,
                  const char **next)
{
  if ((guchar) *p < 0x80)
    {
      *next = p + 1;
      return (guchar) *p;
    }
  *next = g_utf8_next_char (p);
  return g_utf8_get_char (p);
}

/* _easel_py_isspace () and _easel_py_isword (), with the ASCII answers inline from a table. */
#define EASEL_PY_SPACE 1
#define EASEL_PY_WORD  2
extern const guint8 _easel_py_ascii[128];

static inline gboolean
_easel_py_isspace_fast (gunichar c)
{
  if (c < 0x80)
    return _easel_py_ascii[c] & EASEL_PY_SPACE;
  return _easel_py_isspace (c);
}

static inline gboolean
_easel_py_isword_fast (gunichar c)
{
  if (c < 0x80)
    return _easel_py_ascii[c] & EASEL_PY_WORD;
  return _easel_py_isword (c);
}

/* Key names. The _len forms take a slice that need not end with a NUL. */
char       *_easel_settings_normalize_key (const char  *key);
EaselField  _easel_settings_field_for_key (const char  *key,
                                           int         *rank);
EaselField  _easel_settings_field_for_key_len (const char *key,
                                               gsize       length,
                                               int        *rank);
gboolean    _easel_settings_is_sampler_name (const char *text,
                                             gsize       length);
gsize       _easel_settings_scheduler_suffix (const char *label);

/* "512x768", "768×512", "640*640", "1344 x 768": FALSE when not a valid size. */
gboolean    _easel_settings_parse_size    (const char  *text,
                                           gsize        length,
                                           int         *width,
                                           int         *height);

/* A value as a reader found it. Text readers make slices of the text (EASEL_VALUE_TEXT); the
 * flat JSON reader makes scalars without building JsonNodes; everything else (nested JSON, a
 * ComfyUI graph, a dream line) holds a JsonNode. A value becomes a JsonNode only if it ends
 * up in extra_settings, so recognised pairs cost no allocation at all.
 */
typedef enum
{
  EASEL_VALUE_TEXT,
  EASEL_VALUE_INT,
  EASEL_VALUE_DOUBLE,
  EASEL_VALUE_BOOLEAN,
  EASEL_VALUE_NULL,
  EASEL_VALUE_NODE,
} EaselValueKind;

typedef struct
{
  EaselValueKind kind;
  /* Read from a JSON document: json-glib's parser seals its nodes, so the node made for
   * extra_settings is sealed too, exactly as a copy of the parser's node would be.
   */
  gboolean       sealed;
  union
  {
    struct
    {
      const char *data;   /* not NUL-terminated; lives as long as the pairs */
      gsize       length;
    } text;
    gint64       integer;
    double       real;
    gboolean     boolean;
    JsonNode    *node;    /* owned by the pair */
  } v;
} EaselValue;

/* An ordered map of recognised key/value pairs. Adding a key that is already there replaces its
 * value in place, as a Python dict does, so A1111's "a later duplicate overwrites" holds. A pair
 * may carry a forced field, for formats that use a key differently (InvokeAI's "scheduler").
 *
 * Keys and text values are slices (pointer and length) into memory that outlives the pairs:
 * the text being parsed, a JSON document, a static string, or a string handed to
 * _easel_pairs_own (). The map lives on the caller's stack, with room for the pairs of a usual
 * text; only longer texts allocate. Declare it g_auto(EaselPairs) and call _easel_pairs_init ()
 * before anything can return.
 */
#define EASEL_PAIRS_INLINE 16

typedef struct
{
  const char *key;
  gsize       key_length;
  EaselValue  value;
  EaselField  field;
  int         rank;
  gboolean    used;
} EaselPair;

typedef struct
{
  EaselPair  *items;
  guint       len;
  guint       allocated;
  guint32    *index;       /* open addressing over items, from EASEL_PAIRS_INLINE pairs on */
  guint       index_size;
  GPtrArray  *owned;       /* strings freed with the pairs */
  EaselPair   inline_items[EASEL_PAIRS_INLINE];
} EaselPairs;

void        _easel_pairs_init             (EaselPairs  *pairs);
void        _easel_pairs_clear            (EaselPairs  *pairs);
void        _easel_pairs_add              (EaselPairs       *pairs,
                                           const char       *key,
                                           gsize             key_length,
                                           const EaselValue *value,
                                           EaselField        field,
                                           int               rank);
void        _easel_pairs_add_text         (EaselPairs  *pairs,
                                           const char  *key,
                                           gsize        key_length,
                                           const char  *value,
                                           gsize        value_length);
void        _easel_pairs_take_node        (EaselPairs  *pairs,
                                           const char  *key,
                                           JsonNode    *value,
                                           EaselField   field,
                                           int          rank);
const char *_easel_pairs_own              (EaselPairs  *pairs,
                                           char        *string);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EaselPairs, _easel_pairs_clear)

/* Moves the pairs into @setting: each structured field takes the best valid candidate (lowest
 * alias rank, then first in order); every other pair lands in extra_settings under its own key.
 * Prompts are only taken when @allow_prompts (JSON documents), never from a settings line.
 */
void        _easel_settings_apply_pairs   (EaselImageSetting *setting,
                                           EaselPairs        *pairs,
                                           gboolean           allow_prompts);

/* The fast path of the JSON reader, for the usual document: one flat object of strings,
 * numbers, booleans and nulls. Fills @members in document order (each value sealed, as
 * json-glib's are) and returns TRUE only when json-glib would read @text into exactly those
 * members; it returns FALSE whenever it is not sure (nesting, comments, \u escapes, duplicate
 * keys, more than EASEL_FLAT_JSON_MAX_MEMBERS members, …) and the JSON reader then does the
 * full parse. Decoded strings are handed to @owner.
 */
#define EASEL_FLAT_JSON_MAX_MEMBERS 32

typedef struct
{
  const char *key;
  gsize       key_length;
  EaselValue  value;
} EaselJsonMember;

gboolean    _easel_settings_parse_flat_json (const char      *text,
                                             EaselPairs      *owner,
                                             EaselJsonMember *members,
                                             guint           *n_members);

/* @text as the JSON reader hands it to json-glib: NULL when it nests deeper than json-glib can
 * take, and integers of 19 digits or more quoted (json-glib would wrap them around).
 */
char       *_easel_settings_prepare_json  (const char      *text);

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
