/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "easel-error.h"
#include "easel-image-setting.h"

static void
test_copy_equal (void)
{
  g_autoptr(EaselImageSetting) a = easel_image_setting_new ();
  g_autoptr(EaselImageSetting) b = NULL;

  a->width = 1344;
  a->height = 768;
  a->steps = 30;
  a->has_guidance = TRUE;
  a->guidance_scale = 7.5;
  a->has_seed = TRUE;
  a->seed = G_GINT64_CONSTANT (9007199254740993);
  easel_image_setting_set_string (&a->sampler, "dpmpp_2m");
  easel_image_setting_set_string (&a->scheduler, "karras");
  json_object_set_int_member (a->extra_settings, "clip_skip", 2);

  b = easel_image_setting_copy (a);
  g_assert_true (easel_image_setting_equal (a, b));
  g_assert_true (a->extra_settings != b->extra_settings);

  b->seed++;
  g_assert_false (easel_image_setting_equal (a, b));
  b->seed--;
  json_object_set_int_member (b->extra_settings, "clip_skip", 1);
  g_assert_false (easel_image_setting_equal (a, b));
}

static void
test_json_round_trip (void)
{
  g_autoptr(EaselImageSetting) a = easel_image_setting_new ();
  g_autoptr(EaselImageSetting) b = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  a->width = 512;
  a->has_seed = TRUE;
  a->seed = G_MAXINT64;
  easel_image_setting_set_string (&a->negative_prompt, "blurry");
  easel_image_setting_set_string (&a->prompt, "a fox");

  node = easel_image_setting_to_json (a, TRUE);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"height\":null"));
  g_assert_nonnull (strstr (text, "\"seed\":9223372036854775807"));

  b = easel_image_setting_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (easel_image_setting_equal (a, b));
}

static void
test_from_json_strict (void)
{
  static const char * const bad[] = {
    "{\"width\": 0}",
    "{\"width\": 16385}",
    "{\"width\": 12.5}",
    "{\"width\": \"512\"}",
    "{\"steps\": 1001}",
    "{\"guidance_scale\": -1}",
    "{\"guidance_scale\": 101}",
    "{\"seed\": -2}",
    "{\"sampler\": 3}",
    "{\"extra_settings\": []}",
    "{\"withd\": 512}",
    "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(EaselImageSetting) setting = easel_image_setting_from_json (node, &error);

      g_assert_null (setting);
      g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
    }
}

static void
test_seed_minus_one_is_random (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"seed\": -1, \"width\": 640.0}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselImageSetting) setting = easel_image_setting_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_false (setting->has_seed);
  g_assert_cmpint (setting->width, ==, 640);
}

static void
test_overlay (void)
{
  g_autoptr(EaselImageSetting) base = easel_image_setting_new ();
  g_autoptr(EaselImageSetting) over = easel_image_setting_new ();

  base->width = 512;
  base->height = 512;
  easel_image_setting_set_string (&base->sampler, "euler");
  json_object_set_int_member (base->extra_settings, "a", 1);
  over->height = 768;
  over->has_guidance = TRUE;
  over->guidance_scale = 0.0;
  json_object_set_int_member (over->extra_settings, "b", 2);

  easel_image_setting_overlay (base, over);
  g_assert_cmpint (base->width, ==, 512);
  g_assert_cmpint (base->height, ==, 768);
  g_assert_true (base->has_guidance);
  g_assert_cmpfloat (base->guidance_scale, ==, 0.0);
  g_assert_cmpstr (base->sampler, ==, "euler");
  g_assert_cmpint (json_object_get_size (base->extra_settings), ==, 2);
}

static void
test_extra_json (void)
{
  g_autoptr(EaselImageSetting) s = easel_image_setting_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_false (easel_image_setting_set_extra_json (s, "[1]", &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (easel_image_setting_set_extra_json (s, "{", &error));
  g_clear_error (&error);
  g_assert_true (easel_image_setting_set_extra_json (s, "{\"clip_skip\": 2}", &error));
  g_assert_no_error (error);
  json = easel_image_setting_dup_extra_json (s);
  g_assert_cmpstr (json, ==, "{\"clip_skip\":2}");
  g_assert_true (easel_image_setting_set_extra_json (s, NULL, &error));
  g_assert_true (easel_image_setting_is_empty (s));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/image-setting/copy-equal", test_copy_equal);
  g_test_add_func ("/easel/image-setting/json-round-trip", test_json_round_trip);
  g_test_add_func ("/easel/image-setting/from-json-strict", test_from_json_strict);
  g_test_add_func ("/easel/image-setting/seed-minus-one", test_seed_minus_one_is_random);
  g_test_add_func ("/easel/image-setting/overlay", test_overlay);
  g_test_add_func ("/easel/image-setting/extra-json", test_extra_json);

  return g_test_run ();
}
