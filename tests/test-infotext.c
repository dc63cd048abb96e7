/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-test"

#include "config.h"

#include <string.h>

#include "easel-image-setting.h"
#include "easel-infotext.h"
#include "easel-settings-parser.h"

#define VERSION_PAIR "Version: easel " PACKAGE_VERSION

typedef struct
{
  const char *prompt;
  const char *negative;
  int         steps;
  double      guidance;  /* < 0: unset */
  gint64      seed;      /* < 0: unset */
  int         width;
  int         height;
  const char *sampler;
  const char *scheduler;
  const char *model;
} Fields;

static EaselImageSetting *
make_setting (const Fields *f)
{
  EaselImageSetting *s = easel_image_setting_new ();

  easel_image_setting_set_string (&s->prompt, f->prompt);
  easel_image_setting_set_string (&s->negative_prompt, f->negative);
  easel_image_setting_set_string (&s->sampler, f->sampler);
  easel_image_setting_set_string (&s->scheduler, f->scheduler);
  easel_image_setting_set_string (&s->model, f->model);
  s->steps = f->steps;
  s->has_guidance = f->guidance >= 0;
  s->guidance_scale = s->has_guidance ? f->guidance : 0;
  s->has_seed = f->seed >= 0;
  s->seed = s->has_seed ? f->seed : 0;
  s->width = f->width;
  s->height = f->height;
  return s;
}

/* Every structured field, compared exactly (guidance too: the writer's floats read back to
 * the same double).
 */
static void
assert_same_fields (const EaselImageSetting *a,
                    const EaselImageSetting *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  g_assert_cmpint (a->steps, ==, b->steps);
  g_assert_cmpint (a->has_guidance, ==, b->has_guidance);
  if (a->has_guidance)
    g_assert_true (a->guidance_scale == b->guidance_scale);
  g_assert_cmpint (a->has_seed, ==, b->has_seed);
  if (a->has_seed)
    g_assert_cmpint (a->seed, ==, b->seed);
  g_assert_cmpstr (a->sampler, ==, b->sampler);
  g_assert_cmpstr (a->scheduler, ==, b->scheduler);
  g_assert_cmpstr (a->model, ==, b->model);
  g_assert_cmpstr (a->prompt, ==, b->prompt);
  g_assert_cmpstr (a->negative_prompt, ==, b->negative_prompt);
}

static void
assert_round_trip (const EaselImageSetting *setting)
{
  g_autofree char *text = easel_infotext_write (setting);
  g_autoptr(EaselImageSetting) back = easel_settings_parse (text, -1);
  g_autofree char *again = easel_infotext_write (back);

  g_test_message ("%s", text);
  assert_same_fields (setting, back);
  /* Writing what was read gives the same text. */
  g_assert_cmpstr (again, ==, text);
}

/* ---- Exact output ------------------------------------------------------------------------- */

static void
test_write_full (void)
{
  static const Fields f = {
    "a fox in the snow, cinematic", "blurry", 30, 7.0, 123, 1024, 768, "DPM++ 2M", "Karras",
    "sdxl.safetensors"
  };
  g_autoptr(EaselImageSetting) s = make_setting (&f);
  g_autofree char *text = NULL;

  json_object_set_string_member (s->extra_settings, "Clip skip", "2");
  json_object_set_string_member (s->extra_settings, "Model hash", "c0d1994c73");
  json_object_set_double_member (s->extra_settings, "Denoising strength", 0.5);
  json_object_set_int_member (s->extra_settings, "Hires steps", 10);
  json_object_set_boolean_member (s->extra_settings, "Tiling", FALSE);
  text = easel_infotext_write (s);
  g_assert_cmpstr (text, ==,
                   "a fox in the snow, cinematic\n"
                   "Negative prompt: blurry\n"
                   "Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.0, "
                   "Seed: 123, Size: 1024x768, Model hash: c0d1994c73, Model: sdxl.safetensors, "
                   "Clip skip: 2, Denoising strength: 0.5, Hires steps: 10, Tiling: False, "
                   VERSION_PAIR);
}

static void
test_write_minimal (void)
{
  static const Fields empty = { NULL, NULL, 0, -1, -1, };
  static const Fields prompt_only = { "  a cat  \n", NULL, 0, -1, -1, };
  static const Fields negative_only = { NULL, "ugly", 20, -1, -1, };
  g_autoptr(EaselImageSetting) a = make_setting (&empty);
  g_autoptr(EaselImageSetting) b = make_setting (&prompt_only);
  g_autoptr(EaselImageSetting) c = make_setting (&negative_only);
  g_autofree char *ta = easel_infotext_write (a);
  g_autofree char *tb = easel_infotext_write (b);
  g_autofree char *tc = easel_infotext_write (c);

  /* Three pairs at least, or readers take the line for prompt text: A1111's defaults pad it. */
  g_assert_cmpstr (ta, ==, "Schedule type: Automatic, Clip skip: 1, " VERSION_PAIR);
  /* Like A1111, only the ends of the whole text are stripped. */
  g_assert_cmpstr (tb, ==, "a cat  \n\nSchedule type: Automatic, Clip skip: 1, " VERSION_PAIR);
  g_assert_cmpstr (tc, ==,
                   "Negative prompt: ugly\nSteps: 20, Schedule type: Automatic, " VERSION_PAIR);
}

static void
test_write_quoting (void)
{
  static const Fields f = { "p", NULL, 20, -1, -1, 0, 0, "x:y", NULL, "models/a, b.ckpt" };
  g_autoptr(EaselImageSetting) s = make_setting (&f);
  g_autoptr(JsonObject) nested = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (s->extra_settings, "Note", "line1\nline2");
  json_object_set_string_member (s->extra_settings, "Quoted", "\"q\" and \\");
  json_object_set_string_member (s->extra_settings, "Spaced", " s");
  json_object_set_string_member (s->extra_settings, "Empty", "");
  json_object_set_string_member (s->extra_settings, "Unicode", "café ☕ 日本");
  json_object_set_string_member (s->extra_settings, "Tab", "a\tb\x01");
  json_object_set_string_member (s->extra_settings, "Cr", "a\rb");
  json_object_set_string_member (s->extra_settings, "Hires resize", "1024x1024");
  /* Not representable: skipped. */
  json_object_set_null_member (s->extra_settings, "Nothing");
  json_object_set_object_member (s->extra_settings, "Object", g_steal_pointer (&nested));
  json_object_set_string_member (s->extra_settings, "x", "one-character key");
  json_object_set_string_member (s->extra_settings, "bad:key", "colon");
  json_object_set_string_member (s->extra_settings, "bad,key", "comma");
  json_object_set_string_member (s->extra_settings, " lead", "space");
  json_object_set_string_member (s->extra_settings, "Version", "v1.9.4");
  json_object_set_string_member (s->extra_settings, "steps", "99");
  json_object_set_int_member (s->extra_settings, "model_name", 7);

  text = easel_infotext_write (s);
  g_assert_cmpstr (text, ==,
                   "p\nSteps: 20, Sampler: \"x:y\", Model: \"models/a, b.ckpt\", "
                   "Note: \"line1\\nline2\", Quoted: \"\\\"q\\\" and \\\\\", Spaced: \" s\", "
                   "Empty: \"\", Unicode: café ☕ 日本, Tab: a\tb\x01, Cr: \"a\\rb\", "
                   "Hires resize: 1024x1024, " VERSION_PAIR);
}

static void
test_write_floats (void)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 7.0, "7.0" }, { 7.5, "7.5" }, { 0.1, "0.1" }, { 100.0, "100.0" }, { 0.0, "0.0" },
    { 1.0 / 3.0, "0.3333333333333333" }, { 6.9, "6.9" }, { 0.0001, "0.0001" },
    { 0.00001, "1e-05" }, { 2.5e-7, "2.5e-07" }, { 123456789.0, "123456789.0" },
    { 1e15, "1000000000000000.0" }, { 1e16, "1e+16" }, { 1.5e300, "1.5e+300" },
    { -2.25, "-2.25" }, { 0.8700000000000001, "0.8700000000000001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EaselImageSetting) s = easel_image_setting_new ();
      g_autofree char *text = NULL;
      g_autofree char *want = g_strdup_printf ("Ff: %s, ", cases[i].text);

      json_object_set_double_member (s->extra_settings, "Ff", cases[i].value);
      text = easel_infotext_write (s);
      g_test_message ("%s", text);
      g_assert_nonnull (strstr (text, want));
    }
}

static void
test_write_slots_from_extras (void)
{
  static const Fields f = { "p", NULL, 0, -1, -1, 512, 0, "Euler", NULL, NULL };
  static const Fields legacy = { "p", NULL, 0, -1, -1, 0, 0, "DPM++ 2M Karras", NULL, NULL };
  g_autoptr(EaselImageSetting) a = make_setting (&f);
  g_autoptr(EaselImageSetting) b = make_setting (&legacy);
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  /* Unset slots take the extra of the same name; a lone width gets its own key. */
  json_object_set_string_member (a->extra_settings, "Seed", "-1");
  json_object_set_string_member (a->extra_settings, "schedule type", "Automatic");
  ta = easel_infotext_write (a);
  g_assert_cmpstr (ta, ==,
                   "p\nSampler: Euler, Schedule type: Automatic, Seed: -1, Width: 512, "
                   VERSION_PAIR);

  /* A sampler name that ends like a scheduler is protected from the legacy split. */
  tb = easel_infotext_write (b);
  g_assert_cmpstr (tb, ==,
                   "p\nSampler: DPM++ 2M Karras, Schedule type: Automatic, " VERSION_PAIR);
}

/* ---- Round trips -------------------------------------------------------------------------- */

static const Fields round_trips[] = {
  { "a fox", "blurry", 30, 7.5, 42, 1024, 768, "DPM++ 2M", "Karras", "sdxl.safetensors" },
  { "line one\nline two\n\nline four", "neg one\nneg two", 20, 7, 1, 512, 512, "Euler a",
    NULL, NULL },
  { "a, b: c \"d\" 'e' {f} [g] (h:1.2) <lora:x:0.5> \\(esc\\)", "x: y, z", 25, 6, 7, 64, 64,
    NULL, NULL, NULL },
  { "prompt\nSteps: 5, Seed: 6, Size: 7x8", NULL, 30, 5, 9, 832, 1216, NULL, NULL, NULL },
  { "猫 🐱 cafe\xcc\x81 עברית العربية", "低品質 😡", 28, 4.5, 99, 1344, 768, "euler", "normal",
    "模型.safetensors" },
  { "max seed", NULL, 1000, 100, G_MAXINT64, 16384, 16384, NULL, NULL, NULL },
  { "min values", NULL, 1, 0, 0, 1, 1, NULL, NULL, NULL },
  { "third", NULL, 0, 1.0 / 3.0, -1, 0, 0, NULL, NULL, NULL },
  { "legacy", NULL, 20, -1, -1, 0, 0, "DPM++ 2M SDE Karras", NULL, NULL },
  { "slash and comma", NULL, 8, 3.5, 664708685477459, 0, 0, "linear/euler", NULL,
    "models/a, b:c.safetensors" },
  { NULL, "only a negative", 0, -1, -1, 0, 0, NULL, NULL, NULL },
  { NULL, NULL, 0, -1, -1, 0, 0, NULL, NULL, NULL },
  { "quotes", NULL, 0, -1, -1, 0, 0, "\"quoted\" sampler", "Align Your Steps",
    "\"model\"" },
  { "only width", NULL, 0, -1, -1, 640, 0, NULL, NULL, NULL },
  { "only height", NULL, 0, -1, -1, 0, 480, NULL, NULL, NULL },
  { "tabs\tand \\backslashes\\ and \"\"", NULL, 10, 12.25, 5, 0, 0, NULL, NULL, NULL },
  { "own scheduler", NULL, 10, -1, -1, 0, 0, "Euler Karras", "normal", NULL },
  { "Negative prompt", "Steps: 1, Seed: 2, Size: 3x4", 10, -1, 3, 0, 0, NULL, NULL, NULL },
  { "ends with a colon:", "and a comma,", 10, -1, 3, 0, 0, "a,b", "c:d", "e\nf" },
};

static void
test_round_trip (gconstpointer data)
{
  g_autoptr(EaselImageSetting) setting = make_setting (data);

  assert_round_trip (setting);
}

/* Extras that collide with structured keys never change the structured fields. */
static void
test_round_trip_colliding_extras (void)
{
  g_autoptr(EaselImageSetting) s = make_setting (&round_trips[0]);
  g_autoptr(EaselImageSetting) back = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (s->extra_settings, "Steps", "99");
  json_object_set_string_member (s->extra_settings, "seed", "5");
  json_object_set_string_member (s->extra_settings, "CFG scale", "abc");
  json_object_set_string_member (s->extra_settings, "Guidance", "2");
  json_object_set_string_member (s->extra_settings, "num_inference_steps", "3");
  json_object_set_string_member (s->extra_settings, "Width", "8");
  json_object_set_int_member (s->extra_settings, "noise_seed", 11);
  text = easel_infotext_write (s);
  back = easel_settings_parse (text, -1);
  assert_same_fields (s, back);
}

/* Found by the fuzzer: a JSON key of 49 U+001E characters then "steps" is not a setting for the
 * parser (too long), so the writer must not write it as the Steps slot either.
 */
static void
test_round_trip_long_padded_key (void)
{
  static const char b64[] =
    "eyIeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4ec3RlcHMiOiA1MCwgInNh"
    "bXBsZXIiOiAwLjQsICJub2lzZSI6IDAuMCwgInNjYWxlIjogMTAuMCwgInVjIjogImRuYW1lLCAsIGJsdXI1MCJ9";
  gsize length = 0;
  g_autofree guchar *input = g_base64_decode (b64, &length);
  g_autoptr(EaselImageSetting) first = easel_settings_parse ((const char *) input, (gssize) length);
  g_autofree char *text = easel_infotext_write (first);
  g_autoptr(EaselImageSetting) back = easel_settings_parse (text, -1);

  g_assert_cmpint (first->steps, ==, 0);
  assert_same_fields (first, back);
}

/* Every fixture text, parsed, written and parsed again, keeps its fields. */
static void
test_round_trip_fixtures (void)
{
  static const char * const files[][2] = {
    { "infotext-real.jsonl", "text" }, { "legacy-settings-public.jsonl", "settings" },
  };
  guint count = 0;

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("EASEL_TEST_DATA"), files[f][0],
                                                NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(EaselImageSetting) setting = NULL;

          if (lines[i][0] == '\0')
            continue;
          node = json_from_string (lines[i], NULL);
          setting = easel_settings_parse (
            json_object_get_string_member (json_node_get_object (node), files[f][1]), -1);
          assert_round_trip (setting);
          count++;
        }
    }
  g_assert_cmpuint (count, ==, 34 + 16);
}

/* ---- What A1111's format cannot hold (a1111.md §3 rule 8, §4 step 3) ---------------------- */

static void
test_limits (void)
{
  static const Fields fake_negative = {
    "first line\nNegative prompt: not really", "real", 20, 7, 5, 512, 512, NULL, NULL, NULL
  };
  static const Fields spaces = { "  indented\ntrailing  \n\n", NULL, 20, -1, -1, };
  g_autoptr(EaselImageSetting) a = make_setting (&fake_negative);
  g_autoptr(EaselImageSetting) b = make_setting (&spaces);
  g_autofree char *ta = easel_infotext_write (a);
  g_autofree char *tb = easel_infotext_write (b);
  g_autoptr(EaselImageSetting) ra = easel_settings_parse (ta, -1);
  g_autoptr(EaselImageSetting) rb = easel_settings_parse (tb, -1);

  /* The prompt is written as it is, and every reader then takes the fake line for the start of
   * the negative prompt; the parameters are unharmed.
   */
  g_assert_cmpstr (ta, ==,
                   "first line\nNegative prompt: not really\nNegative prompt: real\n"
                   "Steps: 20, CFG scale: 7.0, Seed: 5, Size: 512x512, " VERSION_PAIR);
  g_assert_cmpstr (ra->prompt, ==, "first line");
  g_assert_cmpstr (ra->negative_prompt, ==, "not really\nreal");
  g_assert_cmpint (ra->steps, ==, 20);
  g_assert_cmpint (ra->seed, ==, 5);
  g_assert_cmpint (ra->width, ==, 512);

  /* White space around prompt lines is not kept (the blank lines are). */
  g_assert_cmpstr (rb->prompt, ==, "indented\ntrailing\n\n");
  g_assert_cmpint (rb->steps, ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/infotext/write/full", test_write_full);
  g_test_add_func ("/easel/infotext/write/minimal", test_write_minimal);
  g_test_add_func ("/easel/infotext/write/quoting", test_write_quoting);
  g_test_add_func ("/easel/infotext/write/floats", test_write_floats);
  g_test_add_func ("/easel/infotext/write/slots-from-extras", test_write_slots_from_extras);
  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/infotext/round-trip/%u", i);

      g_test_add_data_func (path, &round_trips[i], test_round_trip);
    }
  g_test_add_func ("/easel/infotext/round-trip/long-padded-key", test_round_trip_long_padded_key);
  g_test_add_func ("/easel/infotext/round-trip/colliding-extras",
                   test_round_trip_colliding_extras);
  g_test_add_func ("/easel/infotext/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/easel/infotext/limits", test_limits);

  return g_test_run ();
}
