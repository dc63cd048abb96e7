/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "easel-error.h"
#include "easel-fake-util.h"
#include "easel-png-text.h"

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static void
test_round_trip (void)
{
  g_autoptr(GBytes) png = easel_fake_make_png (40, 30, 0x2266aaff);
  const char *keys[] = { "parameters", "easel", "Comment", NULL };
  const char *values[] = {
    "a café at dawn\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 40x30",
    "{\"prompt\": \"富士山の夜明け 🌅\"}",
    "plain ascii",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tagged = easel_png_text_insert (png, keys, values, &error);
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GdkPixbuf) before = decode (png);
  g_autoptr(GdkPixbuf) after = NULL;

  g_assert_no_error (error);
  texts = easel_png_text_read (tagged, &error);
  g_assert_no_error (error);
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (g_hash_table_lookup (texts, keys[i]), ==, values[i]);

  /* The image itself is the same pixels, and gdk-pixbuf reads our chunks too. */
  after = decode (tagged);
  g_assert_cmpint (gdk_pixbuf_get_width (after), ==, 40);
  g_assert_cmpmem (gdk_pixbuf_read_pixels (before),
                   gdk_pixbuf_get_byte_length (before),
                   gdk_pixbuf_read_pixels (after),
                   gdk_pixbuf_get_byte_length (after));
  g_assert_cmpstr (gdk_pixbuf_get_option (after, "tEXt::parameters"), ==, values[0]);
  g_assert_cmpstr (gdk_pixbuf_get_option (after, "tEXt::easel"), ==, values[1]);

  /* Latin-1 values go to tEXt, others to iTXt. */
  g_assert_nonnull (memmem (g_bytes_get_data (tagged, NULL), g_bytes_get_size (tagged),
                            "tEXtparameters", 14));
  g_assert_nonnull (memmem (g_bytes_get_data (tagged, NULL), g_bytes_get_size (tagged),
                            "iTXteasel", 9));
}

static void
test_reads_gdk_pixbuf_output (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) texts = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                            "tEXt::parameters", "Steps: 20 — über",
                                            "tEXt::prompt", "{\"1\": {}}", NULL));
  bytes = g_bytes_new_take (buffer, size);
  texts = easel_png_text_read (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (texts, "parameters"), ==, "Steps: 20 — über");
  g_assert_cmpstr (g_hash_table_lookup (texts, "prompt"), ==, "{\"1\": {}}");
}

static void
test_refuses_junk (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("GIF89a....", 10);
  g_autoptr(GBytes) png = easel_fake_make_png (4, 4, 0);
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "bad\001key", NULL };
  const char *values[] = { "x", NULL };
  const char *ok_keys[] = { "k", NULL };

  g_assert_null (easel_png_text_insert (junk, ok_keys, values, &error));
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_null (easel_png_text_insert (png, keys, values, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (easel_png_text_read (junk, &error));
  g_clear_error (&error);

  /* A truncated PNG reads what is there without running off the end. */
  {
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (png, 0, 40);
    g_autoptr(GHashTable) texts = easel_png_text_read (cut, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (texts), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/png-text/round-trip", test_round_trip);
  g_test_add_func ("/easel/png-text/reads-gdk-pixbuf", test_reads_gdk_pixbuf_output);
  g_test_add_func ("/easel/png-text/refuses-junk", test_refuses_junk);

  return g_test_run ();
}
