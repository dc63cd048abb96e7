/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-settings-parser.h"
#include "easel-settings-parser-private.h"

/* ---- Fixture files ------------------------------------------------------------------------ */

/* Each line of tests/data/<name> as a JSON object, read at run time. */
static GPtrArray *
load_jsonl (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("EASEL_TEST_DATA"), name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (entries, json_object_ref (json_node_get_object (node)));
    }
  return entries;
}

static void
assert_string_field (const char *name,
                     const char *actual,
                     JsonNode   *expected)
{
  const char *want = JSON_NODE_HOLDS_NULL (expected) ? NULL : json_node_get_string (expected);

  /* Easel keeps no empty strings: an empty prompt is an unset one. */
  if (want != NULL && want[0] == '\0')
    want = NULL;
  if (g_strcmp0 (actual, want) != 0)
    g_error ("%s: got “%s”, expected “%s”", name, actual, want);
}

/* The fixtures record the sampler as A1111's reader returns it. Easel splits a legacy combined
 * label ("DPM++ 2M SDE Karras", "dpmpp_2m Karras") into sampler and scheduler, so such an entry
 * must come out split, exactly.
 */
static void
assert_sampler (const EaselImageSetting *setting,
                JsonNode                *expected)
{
  const char *want = JSON_NODE_HOLDS_NULL (expected) ? NULL : json_node_get_string (expected);
  gsize suffix = want != NULL ? _easel_settings_scheduler_suffix (want) : 0;

  if (suffix == 0)
    {
      assert_string_field ("sampler", setting->sampler, expected);
      return;
    }
  g_assert_cmpstr (setting->scheduler, ==, want + suffix);
  g_assert_cmpint (strlen (setting->sampler), ==, suffix - 1);
  g_assert_true (strncmp (setting->sampler, want, suffix - 1) == 0);
}

static void
assert_int_field (const char *name,
                  gint64      actual,
                  gboolean    set,
                  JsonNode   *expected)
{
  if (JSON_NODE_HOLDS_NULL (expected))
    {
      if (set)
        g_error ("%s: got %" G_GINT64_FORMAT ", expected unset", name, actual);
      return;
    }
  if (!set || actual != json_node_get_int (expected))
    g_error ("%s: got %" G_GINT64_FORMAT " (%s), expected %" G_GINT64_FORMAT, name, actual,
             set ? "set" : "unset", json_node_get_int (expected));
}

/* Checks every expected field of a fixture entry. */
static void
assert_expected (const EaselImageSetting *setting,
                 JsonObject              *expected,
                 const char              *format)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, expected);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (strcmp (name, "prompt") == 0 && g_strcmp0 (format, "novelai-json") == 0)
        /* NovelAI keeps the prompt in another chunk (Description): it is not in this text. */
        g_assert_null (setting->prompt);
      else if (strcmp (name, "prompt") == 0)
        assert_string_field (name, setting->prompt, value);
      else if (strcmp (name, "negative_prompt") == 0)
        assert_string_field (name, setting->negative_prompt, value);
      else if (strcmp (name, "sampler") == 0)
        assert_sampler (setting, value);
      else if (strcmp (name, "scheduler") == 0)
        assert_string_field (name, setting->scheduler, value);
      else if (strcmp (name, "model") == 0)
        assert_string_field (name, setting->model, value);
      else if (strcmp (name, "model_hash") == 0)
        assert_string_field (name, easel_json_object_get_string (setting->extra_settings,
                                                                 "Model hash"), value);
      else if (strcmp (name, "width") == 0)
        assert_int_field (name, setting->width, setting->width > 0, value);
      else if (strcmp (name, "height") == 0)
        assert_int_field (name, setting->height, setting->height > 0, value);
      else if (strcmp (name, "steps") == 0)
        assert_int_field (name, setting->steps, setting->steps > 0, value);
      else if (strcmp (name, "seed") == 0)
        assert_int_field (name, setting->seed, setting->has_seed, value);
      else if (strcmp (name, "cfg_scale") == 0 || strcmp (name, "guidance_scale") == 0)
        {
          double want;

          if (JSON_NODE_HOLDS_NULL (value))
            g_assert_false (setting->has_guidance);
          else
            {
              g_assert_true (easel_json_get_number (value, &want));
              g_assert_true (setting->has_guidance);
              g_assert_cmpfloat_with_epsilon (setting->guidance_scale, want, 1e-9);
            }
        }
      else
        g_error ("the test does not know the expected field “%s”", name);
    }
}

/* Every entry must match all its expected fields exactly: A1111, SD.Next and ComfyUI-written
 * infotexts as the brief demands, and the JSON and dream formats too, since the parser reads
 * them fully (only NovelAI's prompt is elsewhere, and must then stay unset).
 */
static void
test_infotext_fixture (gconstpointer data)
{
  JsonObject *entry = (JsonObject *) data;
  const char *text = json_object_get_string_member (entry, "text");
  const char *format = json_object_get_string_member (entry, "format");
  g_autoptr(EaselImageSetting) setting = easel_settings_parse (text, -1);

  g_test_message ("format %s", format);
  g_assert_cmpstr (setting->source_text, ==, text);
  assert_expected (setting, json_object_get_object_member (entry, "expected"), format);
}

static void
test_legacy_fixture (gconstpointer data)
{
  JsonObject *entry = (JsonObject *) data;
  const char *text = json_object_get_string_member (entry, "settings");
  g_autoptr(EaselImageSetting) setting = easel_settings_parse (text, -1);

  g_assert_cmpstr (setting->source_text, ==, text);
  assert_expected (setting, json_object_get_object_member (entry, "expected"), NULL);
}

/* ---- The A1111 oracle --------------------------------------------------------------------- */

/* re_imagesize = ^(\d+)x(\d+)$ with Python's Unicode \d and its "$" (also before a final
 * newline). Returns the offsets of the "x" and of the end of the second number.
 */
static gboolean
match_imagesize (const char *value,
                 gsize      *x,
                 gsize      *end)
{
  const char *p = value;
  guint digits = 0;

  for (; *p != '\0' && g_unichar_isdigit (g_utf8_get_char (p)); p = g_utf8_next_char (p))
    digits++;
  if (digits == 0 || *p != 'x')
    return FALSE;
  *x = p - value;
  digits = 0;
  for (p++; *p != '\0' && g_unichar_isdigit (g_utf8_get_char (p)); p = g_utf8_next_char (p))
    digits++;
  *end = p - value;
  return digits > 0 && (*p == '\0' || strcmp (p, "\n") == 0);
}

/* A1111's res dict (without Prompt and Negative prompt) from the reader's raw pairs. */
static JsonObject *
a1111_dict (EaselInfotextParts *parts)
{
  JsonObject *dict = json_object_new ();

  for (guint i = 0; i < parts->keys->len; i++)
    {
      const char *key = g_ptr_array_index (parts->keys, i);
      const char *value = g_ptr_array_index (parts->values, i);
      gsize x, end;

      if (match_imagesize (value, &x, &end))
        {
          g_autofree char *k1 = g_strconcat (key, "-1", NULL);
          g_autofree char *k2 = g_strconcat (key, "-2", NULL);
          g_autofree char *v1 = g_strndup (value, x);
          g_autofree char *v2 = g_strndup (value + x + 1, end - x - 1);

          json_object_set_string_member (dict, k1, v1);
          json_object_set_string_member (dict, k2, v2);
        }
      else
        json_object_set_string_member (dict, key, value);
    }
  return dict;
}

static void
test_a1111_oracle (gconstpointer data)
{
  JsonObject *entry = (JsonObject *) data;
  const char *text = json_object_get_string_member (entry, "text");
  JsonArray *params = json_object_get_array_member (entry, "params");
  g_autoptr(EaselInfotextParts) parts = _easel_infotext_split (text, FALSE);
  g_autoptr(JsonObject) dict = a1111_dict (parts);
  g_autoptr(GList) members = json_object_get_members (dict);
  GList *l = members;

  g_assert_cmpstr (parts->prompt, ==, json_object_get_string_member (entry, "prompt"));
  g_assert_cmpstr (parts->negative_prompt, ==,
                   json_object_get_string_member (entry, "negative_prompt"));
  g_assert_cmpuint (json_object_get_size (dict), ==, json_array_get_length (params));
  for (guint i = 0; i < json_array_get_length (params); i++, l = l->next)
    {
      JsonArray *pair = json_array_get_array_element (params, i);

      g_assert_cmpstr (l->data, ==, json_array_get_string_element (pair, 0));
      g_assert_cmpstr (json_object_get_string_member (dict, l->data), ==,
                       json_array_get_string_element (pair, 1));
    }
}

/* ---- Recovery passes ---------------------------------------------------------------------- */

static EaselImageSetting *
parse (const char *text)
{
  return easel_settings_parse (text, -1);
}

static const char *
extra (const EaselImageSetting *setting,
       const char              *key)
{
  return easel_json_object_get_string (setting->extra_settings, key);
}

static void
test_recovery (void)
{
  g_autoptr(EaselImageSetting) a = NULL;
  g_autoptr(EaselImageSetting) b = NULL;
  g_autoptr(EaselImageSetting) c = NULL;
  g_autoptr(EaselImageSetting) d = NULL;

  /* (b) bare balanced JSON: A1111 would cut it at the first comma and read "lora" as a key. */
  a = parse ("p\nSteps: 8, Hashes: {\"model\": \"47d8dbdc6d\", \"lora:FLUX.1\": \"77f\"}, "
             "Seed: 5, Size: 64x64");
  g_assert_cmpstr (extra (a, "Hashes"), ==,
                   "{\"model\": \"47d8dbdc6d\", \"lora:FLUX.1\": \"77f\"}");
  g_assert_false (json_object_has_member (a->extra_settings, "lora"));
  g_assert_true (a->has_seed && a->seed == 5 && a->width == 64);

  /* (b) balanced JSON inside quotes that were not escaped. */
  b = parse ("Steps: 8, FreeU Stages: \"[{\"backbone_factor\": 1.2, \"skip_factor\": 0.9}]\", "
             "FreeU Schedule: \"0.0, 1.0, 0.0\", Seed: 7");
  g_assert_cmpstr (extra (b, "FreeU Stages"), ==,
                   "[{\"backbone_factor\": 1.2, \"skip_factor\": 0.9}]");
  g_assert_cmpstr (extra (b, "FreeU Schedule"), ==, "0.0, 1.0, 0.0");
  g_assert_true (b->has_seed && b->seed == 7);

  /* (a) a JSON string with escapes, and spaces before the comma. */
  c = parse ("Steps: 8, ADetailer prompt: \"a \\\"b\\\", c\\nd\"  , Seed: 7, CFG scale: 5");
  g_assert_cmpstr (extra (c, "ADetailer prompt"), ==, "a \"b\", c\nd");
  g_assert_cmpint (c->steps, ==, 8);

  /* (c) an unclosed quote or brace runs to the next ", Key:". */
  d = parse ("Steps: 8, Note: \"never closed, still note, Seed: 7, Extra: {\"a\": [1, 2, "
             "Size: 512x768");
  g_assert_cmpstr (extra (d, "Note"), ==, "\"never closed, still note");
  g_assert_cmpstr (extra (d, "Extra"), ==, "{\"a\": [1, 2");
  g_assert_true (d->has_seed && d->seed == 7);
  g_assert_cmpint (d->width, ==, 512);
  g_assert_cmpint (d->height, ==, 768);
}

/* ---- Key and value rules ------------------------------------------------------------------ */

static void
test_a1111_fields (void)
{
  g_autoptr(EaselImageSetting) a = NULL;
  g_autoptr(EaselImageSetting) b = NULL;
  g_autoptr(EaselImageSetting) c = NULL;
  g_autoptr(EaselImageSetting) d = NULL;
  g_autoptr(EaselImageSetting) e = NULL;

  /* "Automatic" is no scheduler; the pair stays in the extras. The seed is read as int64. */
  a = parse ("cat\nSteps: 20, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, "
             "Seed: 9223372036854775807, Size: 64x64, Model hash: 15012c538f, Clip skip: 2");
  g_assert_null (a->scheduler);
  g_assert_cmpstr (extra (a, "Schedule type"), ==, "Automatic");
  g_assert_cmpstr (extra (a, "Model hash"), ==, "15012c538f");
  g_assert_cmpstr (extra (a, "Clip skip"), ==, "2");
  g_assert_true (a->has_seed);
  g_assert_cmpint (a->seed, ==, G_MAXINT64);
  g_assert_cmpstr (a->prompt, ==, "cat");

  /* A legacy combined sampler name is split, but not when a Schedule type says otherwise. */
  b = parse ("Steps: 20, Sampler: DPM++ 2M SDE Karras, Seed: -1, Size: 512x512");
  g_assert_cmpstr (b->sampler, ==, "DPM++ 2M SDE");
  g_assert_cmpstr (b->scheduler, ==, "Karras");
  g_assert_false (b->has_seed);
  g_assert_cmpstr (extra (b, "Seed"), ==, "-1");
  c = parse ("Steps: 20, Sampler: DPM++ 2M Karras, Schedule type: Exponential, Seed: 1");
  g_assert_cmpstr (c->sampler, ==, "DPM++ 2M Karras");
  g_assert_cmpstr (c->scheduler, ==, "Exponential");
  /* Found by the fuzzer: the part before the label is trimmed like any label. */
  g_clear_pointer (&c, easel_image_setting_free);
  c = parse ("Steps: 20, Sampler: DPM++ 2M\x1d\xe3\x80\x80 Karras, Seed: 1");
  g_assert_cmpstr (c->sampler, ==, "DPM++ 2M");
  d = parse ("Steps: 20, Sampler: DPM++ 2M Karras, Schedule type: Automatic, Seed: 1");
  g_assert_cmpstr (d->sampler, ==, "DPM++ 2M Karras");
  g_assert_null (d->scheduler);

  /* Flux's Guidance counts only without a CFG scale. */
  e = parse ("Steps: 8, Guidance: 3.5, CFG scale: 1.0, Sampler: dpmpp_2m sgm_uniform");
  g_assert_cmpfloat (e->guidance_scale, ==, 1.0);
  g_assert_cmpstr (extra (e, "Guidance"), ==, "3.5");
  g_assert_cmpstr (e->sampler, ==, "dpmpp_2m");
  g_assert_cmpstr (e->scheduler, ==, "sgm_uniform");
}

static void
test_out_of_range (void)
{
  static const char * const texts[] = {
    "Steps: 0, Seed: 9223372036854775808, Size: 0x512, CFG scale: 100.5",
    "Steps: 1001, Seed: 18446744073709551616, Size: 16385x16385, CFG scale: -1",
    "Steps: 20.5, Seed: 1e3, Size: axb, CFG scale: nan",
    "Steps: 0x10, Seed: +-1, Size: 512x, CFG scale: inf",
    "99999999999999999999999 steps, cfg 1e400, seed 99999999999999999999, 0x0",
    "steps=-5, cfg=abc, width=99999, height=0, seed=random",
    "{\"steps\": 1e9, \"seed\": 9223372036854775808, \"width\": 512.5, \"cfg\": \"high\"}",
    "{\"seed\": 18446744073709551615, \"height\": true, \"guidance\": null}",
    "{\"seed\": -18446744073709551615, \"steps\": 123456789012345678901234567890}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(EaselImageSetting) setting = parse (texts[i]);

      g_test_message ("%s", texts[i]);
      g_assert_cmpint (setting->width, ==, 0);
      g_assert_cmpint (setting->height, ==, 0);
      g_assert_cmpint (setting->steps, ==, 0);
      g_assert_false (setting->has_seed);
      g_assert_false (setting->has_guidance);
      /* Nothing is lost: the broken pairs are kept. */
      g_assert_cmpuint (json_object_get_size (setting->extra_settings), >, 0);
    }
}

static void
test_json_forms (void)
{
  g_autoptr(EaselImageSetting) a = NULL;
  g_autoptr(EaselImageSetting) b = NULL;
  g_autoptr(EaselImageSetting) c = NULL;

  a = parse ("{\"w\": 832, \"h\": 1216, \"num_inference_steps\": 28.0, \"guidance\": 3.5, "
             "\"sampler_name\": \"euler\", \"scheduler\": \"simple\", \"seed\": "
             "\"9223372036854775807\", \"ckpt_name\": \"flux.safetensors\", \"negative\": \"x\","
             " \"loras\": [{\"name\": \"a\"}], \"model_hash\": \"abc\"}");
  g_assert_cmpint (a->width, ==, 832);
  g_assert_cmpint (a->height, ==, 1216);
  g_assert_cmpint (a->steps, ==, 28);
  g_assert_cmpfloat (a->guidance_scale, ==, 3.5);
  g_assert_cmpstr (a->sampler, ==, "euler");
  g_assert_cmpstr (a->scheduler, ==, "simple");
  g_assert_cmpint (a->seed, ==, G_MAXINT64);
  g_assert_cmpstr (a->model, ==, "flux.safetensors");
  g_assert_cmpstr (a->negative_prompt, ==, "x");
  g_assert_cmpstr (extra (a, "Model hash"), ==, "abc");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (a->extra_settings, "loras")));

  /* Not an object, or not JSON at all: read as text. */
  b = parse ("{\"width\": 512, broken");
  g_assert_cmpint (b->width, ==, 0);
  c = parse ("  {\"cfg_scale\": 7, \"cfg\": 3}");
  g_assert_cmpfloat (c->guidance_scale, ==, 7.0);
  g_assert_cmpint (json_object_get_int_member (c->extra_settings, "cfg"), ==, 3);
}

/* The loose forms the brief lists, one by one. */
static void
test_loose_forms (void)
{
  static const struct
  {
    const char *text;
    int         width, height, steps;
    double      guidance;
    gint64      seed;
    const char *sampler, *scheduler, *model;
  } cases[] = {
    { "512x768", 512, 768, 0, -1, -1, NULL, NULL, NULL },
    { "768×512", 768, 512, 0, -1, -1, NULL, NULL, NULL },
    { "640*640", 640, 640, 0, -1, -1, NULL, NULL, NULL },
    { "1344 x 768", 1344, 768, 0, -1, -1, NULL, NULL, NULL },
    { "30 steps", 0, 0, 30, -1, -1, NULL, NULL, NULL },
    { "steps 30", 0, 0, 30, -1, -1, NULL, NULL, NULL },
    { "cfg 7.5", 0, 0, 0, 7.5, -1, NULL, NULL, NULL },
    { "CFG 4.5", 0, 0, 0, 4.5, -1, NULL, NULL, NULL },
    { "guidance=5", 0, 0, 0, 5, -1, NULL, NULL, NULL },
    { "W: 832, H: 1216", 832, 1216, 0, -1, -1, NULL, NULL, NULL },
    { "width=1024 height=1024", 1024, 1024, 0, -1, -1, NULL, NULL, NULL },
    { "size: 1024x1024", 1024, 1024, 0, -1, -1, NULL, NULL, NULL },
    { "size: 1024 x 1024, steps: 20", 1024, 1024, 20, -1, -1, NULL, NULL, NULL },
    { "sampler: Euler", 0, 0, 0, -1, -1, "Euler", NULL, NULL },
    { "sampler: Euler a; scheduler: normal", 0, 0, 0, -1, -1, "Euler a", "normal", NULL },
    { "model: x.safetensors", 0, 0, 0, -1, -1, NULL, NULL, "x.safetensors" },
    { "model: C:\\models\\x.ckpt", 0, 0, 0, -1, -1, NULL, NULL, "C:\\models\\x.ckpt" },
    { "seed 123", 0, 0, 0, -1, 123, NULL, NULL, NULL },
    { "30 steps at 7 cfg", 0, 0, 30, 7, -1, NULL, NULL, NULL },
    { "dpmpp_2m karras", 0, 0, 0, -1, -1, "dpmpp_2m", "karras", NULL },
    { "DPM++ 2M Karras | 20 steps", 0, 0, 20, -1, -1, "DPM++ 2M", "Karras", NULL },
    { "guidance_scale: 8.0 / num_inference_steps: 45 / height: 896 / width: 1152",
      1152, 896, 45, 8, -1, NULL, NULL, NULL },
    { "sampler: linear/euler, steps 4", 0, 0, 4, -1, -1, "linear/euler", NULL, NULL },
    { "512x512\n25 steps\ncfg 6\nseed 42", 512, 512, 25, 6, 42, NULL, NULL, NULL },
    { "sampler: euler steps: 20", 0, 0, 20, -1, -1, "euler", NULL, NULL },
    { "CFG scale: 6.5 Steps: 12", 0, 0, 12, 6.5, -1, NULL, NULL, NULL },
    { "moody, cinematic lighting", 0, 0, 0, -1, -1, NULL, NULL, NULL },
    { "a castle, 4k, 8k, 1girl, 2 cats", 0, 0, 0, -1, -1, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EaselImageSetting) s = parse (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (s->width, ==, cases[i].width);
      g_assert_cmpint (s->height, ==, cases[i].height);
      g_assert_cmpint (s->steps, ==, cases[i].steps);
      g_assert_cmpint (s->has_guidance, ==, cases[i].guidance >= 0);
      if (s->has_guidance)
        g_assert_cmpfloat (s->guidance_scale, ==, cases[i].guidance);
      g_assert_cmpint (s->has_seed, ==, cases[i].seed >= 0);
      if (s->has_seed)
        g_assert_cmpint (s->seed, ==, cases[i].seed);
      g_assert_cmpstr (s->sampler, ==, cases[i].sampler);
      g_assert_cmpstr (s->scheduler, ==, cases[i].scheduler);
      g_assert_cmpstr (s->model, ==, cases[i].model);
      g_assert_null (s->prompt);
    }
}

static void
test_loose_extras (void)
{
  g_autoptr(EaselImageSetting) s = parse ("512x512, Clip skip: 2, denoise=0.5, hello");

  g_assert_cmpstr (extra (s, "Clip skip"), ==, "2");
  g_assert_cmpstr (extra (s, "denoise"), ==, "0.5");
  g_assert_cmpuint (json_object_get_size (s->extra_settings), ==, 2);
}

/* ---- Edge cases --------------------------------------------------------------------------- */

static void
assert_nothing_set (const EaselImageSetting *s)
{
  g_assert_true (easel_image_setting_is_empty (s));
  g_assert_null (s->prompt);
}

static void
test_empty (void)
{
  static const char * const blank[] = { "", " ", "\n\n\t ", "\r\n", "\xe3\x80\x80" };
  g_autoptr(EaselImageSetting) null_text = easel_settings_parse (NULL, -1);
  g_autoptr(EaselImageSetting) zero = easel_settings_parse ("Steps: 5", 0);

  assert_nothing_set (null_text);
  g_assert_cmpstr (null_text->source_text, ==, "");
  assert_nothing_set (zero);
  g_assert_cmpstr (zero->source_text, ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (blank); i++)
    {
      g_autoptr(EaselImageSetting) s = parse (blank[i]);

      assert_nothing_set (s);
      g_assert_cmpstr (s->source_text, ==, blank[i]);
    }
}

static void
test_unicode (void)
{
  g_autoptr(EaselImageSetting) a = NULL;
  g_autoptr(EaselImageSetting) b = NULL;
  g_autoptr(EaselImageSetting) c = NULL;
  const char *text = "猫が座っている 🐱, cafe\xcc\x81\n"
                     "Negative prompt: 低品質, 😡\n"
                     "Steps: 20, Sampler: Euler, Seed: 5, Size: 512x512, 模型: 值, Model: 模型😀";

  a = parse (text);
  g_assert_cmpstr (a->prompt, ==, "猫が座っている 🐱, cafe\xcc\x81");
  g_assert_cmpstr (a->negative_prompt, ==, "低品質, 😡");
  g_assert_cmpstr (a->model, ==, "模型😀");
  g_assert_cmpstr (extra (a, "模型"), ==, "值");
  g_assert_cmpstr (a->source_text, ==, text);

  b = parse ("🐱🐱, 512x512, 二十 steps, ５１２x５１２, cfg ７");
  g_assert_cmpint (b->width, ==, 512);
  g_assert_false (b->has_guidance);

  c = parse ("e\xcc\x81\xcc\x81\xcc\x81 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
  assert_nothing_set (c);
}

static void
test_invalid_utf8 (void)
{
  static const char with_nul[] = "Steps: 20\0, Seed: 5, Size: 64x64";
  g_autoptr(EaselImageSetting) a = easel_settings_parse (with_nul, sizeof with_nul - 1);
  g_autoptr(EaselImageSetting) b = parse ("caf\xe9 \xff\xfe, Steps: 7, Seed: 1, Size: 8x8");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);
  const char *alphabet = "{}[]\":,x0123456789 \n\\-eE.aA";

  /* Each invalid byte becomes U+FFFD; everything valid is kept as it was. */
  g_assert_cmpstr (a->source_text, ==, "Steps: 20\xef\xbf\xbd, Seed: 5, Size: 64x64");
  g_assert_cmpint (a->steps, ==, 0);
  g_assert_cmpint (a->width, ==, 64);
  g_assert_cmpstr (b->source_text, ==,
                   "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd, Steps: 7, Seed: 1, Size: 8x8");
  g_assert_cmpint (b->steps, ==, 7);

  for (guint round = 0; round < 2000; round++)
    {
      guint length = g_rand_int_range (rand, 0, 600);
      g_autofree guchar *junk = g_malloc (length + 1);
      g_autoptr(EaselImageSetting) s = NULL;

      /* Even rounds: any byte. Odd rounds: the characters the readers look for. */
      for (guint i = 0; i < length; i++)
        if (round % 2 == 0)
          junk[i] = g_rand_int_range (rand, 0, 256);
        else
          junk[i] = alphabet[g_rand_int_range (rand, 0, strlen (alphabet))];
      s = easel_settings_parse ((const char *) junk, length);
      g_assert_nonnull (s);
      g_assert_true (g_utf8_validate (s->source_text, -1, NULL));
      g_assert_true (easel_image_setting_validate (s, NULL));
    }
}

static void
test_unbalanced (void)
{
  static const char * const texts[] = {
    "Steps: 20, Aa: \"unclosed, Seed: 5, Size: 512x512",
    "Steps: 20, Hashes: {\"a\": \"b\", Seed: 5, Size: 512x512",
    "Steps: 20, Aa: [[[{{{, Seed: 5, Size: 512x512",
    "Steps: 20, Aa: \"[{\"x\": 1}, Seed: 5, Size: 512x512",
    "Steps: 20, Aa: \"}}]]\", Seed: 5, Size: 512x512",
    "Steps: 20, Aa: \"\\\", Seed: 5, Size: 512x512",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(EaselImageSetting) s = parse (texts[i]);

      g_test_message ("%s", texts[i]);
      g_assert_cmpint (s->steps, ==, 20);
      g_assert_true (s->has_seed && s->seed == 5);
      g_assert_cmpint (s->width, ==, 512);
    }
}

static void
test_negative_only (void)
{
  g_autoptr(EaselImageSetting) a = parse ("Negative prompt:");
  g_autoptr(EaselImageSetting) b = parse ("Negative prompt: blurry, lowres");
  g_autoptr(EaselImageSetting) c = parse ("Negative prompt: blurry\nsteps 20, cfg 7");

  assert_nothing_set (a);
  g_assert_null (a->negative_prompt);
  g_assert_cmpstr (b->negative_prompt, ==, "blurry, lowres");
  g_assert_null (b->prompt);
  g_assert_cmpint (b->width, ==, 0);
  /* A1111 semantics: with fewer than three pairs the last line is negative prompt text. */
  g_assert_cmpstr (c->negative_prompt, ==, "blurry\nsteps 20, cfg 7");
  g_assert_cmpint (c->steps, ==, 0);
}

static void
test_crlf (void)
{
  const char *crlf = "a cat\r\nsecond line\r\nNegative prompt: dog\r\n"
                     "Steps: 20, Sampler: Euler, Seed: 3, Size: 64x32\r\n";
  g_autoptr(EaselImageSetting) a = parse (crlf);
  g_autoptr(EaselImageSetting) b = parse ("512x768,\r\n30 steps;\r\ncfg 7.5");

  g_assert_cmpstr (a->source_text, ==, crlf);
  g_assert_cmpstr (a->prompt, ==, "a cat\nsecond line");
  g_assert_cmpstr (a->negative_prompt, ==, "dog");
  g_assert_cmpint (a->height, ==, 32);
  g_assert_cmpstr (a->sampler, ==, "Euler");
  g_assert_cmpint (b->height, ==, 768);
  g_assert_cmpint (b->steps, ==, 30);
  g_assert_cmpfloat (b->guidance_scale, ==, 7.5);
}

static void
test_comfy_graph_cycle (void)
{
  /* Links that loop back must not hang the tracer. */
  g_autoptr(EaselImageSetting) s =
    parse ("{\"1\": {\"class_type\": \"KSampler\", \"inputs\": {\"steps\": 9, "
           "\"sampler_name\": \"euler\", \"positive\": [\"2\", 0], \"model\": [\"2\", 0]}},"
           " \"2\": {\"class_type\": \"Loop\", \"inputs\": {\"conditioning\": [\"2\", 0], "
           "\"conditioning_1\": [\"1\", 0], \"text\": [\"2\", 0], \"model\": [\"2\", 0]}}}");

  g_assert_cmpint (s->steps, ==, 9);
  g_assert_null (s->prompt);
  g_assert_null (s->model);
}

/* ---- The flat-JSON fast path -------------------------------------------------------------- */

/* Whether the fast path takes @text; when it does, json-glib (after the same preparation) must
 * read it to the same members: keys, order, kinds, values (doubles bit for bit) and seals. The
 * random documents come from a fixed seed, so a failure replays under a debugger.
 */
static gboolean
fast_path_agrees (const char *text)
{
  g_auto(EaselPairs) owner;
  EaselJsonMember members[EASEL_FLAT_JSON_MAX_MEMBERS];
  g_autofree char *prepared = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  guint n = 0;
  guint i = 0;

  _easel_pairs_init (&owner);
  if (!_easel_settings_parse_flat_json (text, &owner, members, &n))
    return FALSE;

  prepared = _easel_settings_prepare_json (text);
  g_assert_nonnull (prepared);
  root = easel_json_parse (prepared, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, n);

  json_object_iter_init_ordered (&iter, json_node_get_object (root));
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      const EaselValue *value = &members[i].value;

      g_assert_cmpuint (strlen (key), ==, members[i].key_length);
      g_assert_true (memcmp (key, members[i].key, members[i].key_length) == 0);
      g_assert_true (!json_node_is_immutable (node) == !value->sealed);
      switch (value->kind)
        {
        case EASEL_VALUE_TEXT:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          g_assert_cmpuint (strlen (json_node_get_string (node)), ==, value->v.text.length);
          g_assert_true (memcmp (json_node_get_string (node), value->v.text.data,
                                 value->v.text.length) == 0);
          break;
        case EASEL_VALUE_INT:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (node), ==, value->v.integer);
          break;
        case EASEL_VALUE_DOUBLE:
          {
            double real = json_node_get_double (node);

            g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
            g_assert_true (memcmp (&real, &value->v.real, sizeof real) == 0);
          }
          break;
        case EASEL_VALUE_BOOLEAN:
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
          g_assert_cmpint (json_node_get_boolean (node), ==, value->v.boolean);
          break;
        case EASEL_VALUE_NULL:
          g_assert_true (JSON_NODE_HOLDS_NULL (node));
          break;
        case EASEL_VALUE_NODE:
        default:
          g_assert_not_reached ();
        }
      i++;
    }
  return TRUE;
}

static void
append_random_value (GString *out,
                     GRand   *rand)
{
  static const char * const words[] = {
    "true", "false", "null", "0", "-0", "7", "-12", "6.5", "-0.0", "1e5", "1E-3", "2.5e+2",
    "1e400", "5e-324", "123456789012345678", "1234567890123456789", "-9223372036854775808",
    "18446744073709551615", "0.30000000000000004", "\"\"", "\"dpmpp_2m\"", "\"a \\\"b\\\"\"",
    "\"\\\\ \\/ \\b \\f \\n \\r \\t\"", "\"caf\xc3\xa9 \xf0\x9f\x90\xb1\"", "\"\\u00e9\"", "012",
    ".5", "1.", "- 5", "+1", "0x1f", "True", "'x'", "{}", "[1]", "1e5e5", "\"\x01\"", "\"\\q\"",
  };

  g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
}

static void
test_json_fast_path (void)
{
  /* Taken by the fast path, and read as json-glib reads them. */
  static const char * const taken[] = {
    "{}", " \t\r\n{ }\n", "{\"width\": 768, \"height\": 512, \"cfg_scale\": 6.5}",
    "{\"seed\": 18446744073709551615, \"n\": -9223372036854775809}",
    "{\"a\": -0, \"b\": -0.0, \"c\": 0e0, \"d\": 1E+2, \"e\": 1e400, \"f\": 5e-324}",
    "{\"a\": \"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\", \"b\": true, \"c\": false, \"d\": null}",
  };
  /* Left to json-glib, which reads some of them in its own ways. */
  static const char * const left[] = {
    "", "[1]", "{\"a\": 012}", "{\"a\": .5}", "{\"a\": 1.}", "{\"a\": - 5}", "{\"a\": +1}",
    "{\"a\": \"\\u0041\"}", "{\"a\": \"\\101\"}", "{\"a\": \"\\q\"}", "{\"a\": 1, \"a\": 2}",
    "{\"a\": {\"b\": 1}}", "{\"a\": [1]}", "{\"a\": 1} // note", "{\"a\": 1} {\"b\": 2}",
    "{\"a\": 1,}", "{'a': 1}", "{\"\": 1}", "{\"a\": True}", "{\"a\": 1 /* c */}",
    "{\"a\": \"tab\there\"}", "\xef\xbb\xbf{\"a\": 1}", "{\"a\": 1}\xe3\x80\x80",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250301);
  guint agreed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    g_assert_true (fast_path_agrees (taken[i]));
  for (guint i = 0; i < G_N_ELEMENTS (left); i++)
    g_assert_false (fast_path_agrees (left[i]));

  /* Random flat objects: whatever the fast path takes, json-glib must read the same. */
  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new ("{");
      int n = g_rand_int_range (rand, 0, 12);

      for (int i = 0; i < n; i++)
        {
          g_string_append_printf (text, "%s\"k%d\":%s", i > 0 ? ", " : "",
                                  g_rand_int_range (rand, 0, 40), g_rand_boolean (rand) ? " " : "");
          append_random_value (text, rand);
        }
      g_string_append (text, "}");
      agreed += fast_path_agrees (text->str);
    }
  /* Most of them are simple enough for the fast path. */
  g_assert_cmpuint (agreed, >, 2000);
}

/* Past 16 pairs the pairs get a hash index: a repeated key still replaces its value in place. */
static void
test_many_pairs (void)
{
  g_autoptr(GString) text = g_string_new ("Steps: 20, Seed: 5");
  g_autoptr(EaselImageSetting) s = NULL;
  g_autoptr(GList) members = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, ", Key %u: v%u", i, i);
  g_string_append (text, ", Key 7: again, Steps: 30, Key 99: last");
  s = parse (text->str);

  g_assert_cmpint (s->steps, ==, 30);
  g_assert_true (s->has_seed && s->seed == 5);
  g_assert_cmpuint (json_object_get_size (s->extra_settings), ==, 100);
  g_assert_cmpstr (extra (s, "Key 7"), ==, "again");
  g_assert_cmpstr (extra (s, "Key 99"), ==, "last");
  members = json_object_get_members (s->extra_settings);
  g_assert_cmpstr (g_list_nth_data (members, 7), ==, "Key 7");
}

/* ---- Size and time ------------------------------------------------------------------------ */

static char *
repeat (const char *unit,
        gsize       size)
{
  GString *out = g_string_sized_new (size + strlen (unit));

  while (out->len < size)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

static char *
unique_pairs (gsize size)
{
  GString *out = g_string_sized_new (size + 32);

  for (guint i = 0; out->len < size; i++)
    g_string_append_printf (out, "key%u: v%u, ", i, i);
  return g_string_free (out, FALSE);
}

static void
test_megabyte (gconstpointer data)
{
  const char *unit = data;
  const gsize size = 1024 * 1024;
  g_autofree char *text = strcmp (unit, "unique") == 0 ? unique_pairs (size) : repeat (unit, size);
  g_autoptr(EaselImageSetting) setting = NULL;
  double elapsed;

  g_test_timer_start ();
  setting = easel_settings_parse (text, -1);
  elapsed = g_test_timer_elapsed ();

  g_test_message ("1 MB of “%s”: %.3f s", unit, elapsed);
  g_assert_cmpstr (setting->source_text, ==, text);
  /* A linear parser takes milliseconds; a quadratic one would take minutes. The bound leaves
   * room for sanitizers and a busy machine.
   */
  g_assert_cmpfloat (elapsed, <, 5.0);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const megabytes[][2] = {
    { "commas", "," }, { "a-b-pairs", "a: b, " }, { "ab-cd-pairs", "ab: cd, " },
    { "digits", "1234567890" }, { "unique-keys", "unique" }, { "braces", "Hashes: {" },
    { "quotes", "Aa: \"" }, { "brackets-json", "{\"a\": [" }, { "newlines", "\n" },
    { "negative-lines", "Negative prompt: x\n" }, { "sizes", "512x512 " },
    { "key-runs", "aaaaaaaaaa bbbbbbbbb-ccccc/ddd " }, { "backslashes", "Aa: \"\\" },
    { "open-braces", "Hashes: {\"a\": 1, " }, { "open-quoted-brackets", "Aa: \"[{\"b\": 2, " },
    { "open-quotes", "Aa: \"x, " }, { "closed-braces", "Hashes: {\"a\": 1, \"b\": 2}, " },
  };
  g_autoptr(GPtrArray) infotext = NULL;
  g_autoptr(GPtrArray) legacy = NULL;
  g_autoptr(GPtrArray) oracle = NULL;

  g_test_init (&argc, &argv, NULL);

  infotext = load_jsonl ("infotext-real.jsonl");
  legacy = load_jsonl ("legacy-settings-public.jsonl");
  oracle = load_jsonl ("a1111-oracle.jsonl");

  for (guint i = 0; i < infotext->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/settings-parser/infotext/%u", i);

      g_test_add_data_func (path, g_ptr_array_index (infotext, i), test_infotext_fixture);
    }
  for (guint i = 0; i < legacy->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/settings-parser/legacy/%u", i);

      g_test_add_data_func (path, g_ptr_array_index (legacy, i), test_legacy_fixture);
    }
  for (guint i = 0; i < oracle->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/settings-parser/a1111-oracle/%u", i);

      g_test_add_data_func (path, g_ptr_array_index (oracle, i), test_a1111_oracle);
    }
  for (guint i = 0; i < G_N_ELEMENTS (megabytes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/settings-parser/megabyte/%s",
                                               megabytes[i][0]);

      g_test_add_data_func (path, megabytes[i][1], test_megabyte);
    }

  g_test_add_func ("/easel/settings-parser/recovery", test_recovery);
  g_test_add_func ("/easel/settings-parser/a1111-fields", test_a1111_fields);
  g_test_add_func ("/easel/settings-parser/out-of-range", test_out_of_range);
  g_test_add_func ("/easel/settings-parser/json-forms", test_json_forms);
  g_test_add_func ("/easel/settings-parser/loose-forms", test_loose_forms);
  g_test_add_func ("/easel/settings-parser/loose-extras", test_loose_extras);
  g_test_add_func ("/easel/settings-parser/empty", test_empty);
  g_test_add_func ("/easel/settings-parser/unicode", test_unicode);
  g_test_add_func ("/easel/settings-parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/easel/settings-parser/unbalanced", test_unbalanced);
  g_test_add_func ("/easel/settings-parser/negative-only", test_negative_only);
  g_test_add_func ("/easel/settings-parser/crlf", test_crlf);
  g_test_add_func ("/easel/settings-parser/comfy-graph-cycle", test_comfy_graph_cycle);
  g_test_add_func ("/easel/settings-parser/json-fast-path", test_json_fast_path);
  g_test_add_func ("/easel/settings-parser/many-pairs", test_many_pairs);

  return g_test_run ();
}
