/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "easel-thumbnail.h"

/* The streaming PNG thumbnailer against gdk-pixbuf's own decoder and scaler. */

static GdkPixbuf *
gradient (int      width,
          int      height,
          gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int channels = alpha ? 4 : 3;

  for (int y = 0; y < height; y++)
    {
      guchar *row = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);

      for (int x = 0; x < width; x++)
        {
          row[channels * x + 0] = (guchar) (255 * x / MAX (width - 1, 1));
          row[channels * x + 1] = (guchar) (255 * y / MAX (height - 1, 1));
          row[channels * x + 2] = 128;
          if (alpha)
            row[channels * x + 3] = 255;
        }
    }
  return pixbuf;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static void
assert_close (GdkPixbuf *ours,
              GdkPixbuf *reference,
              int        tolerance)
{
  int width = gdk_pixbuf_get_width (ours);
  int height = gdk_pixbuf_get_height (ours);
  int n_ref = gdk_pixbuf_get_n_channels (reference);

  g_assert_cmpint (width, ==, gdk_pixbuf_get_width (reference));
  g_assert_cmpint (height, ==, gdk_pixbuf_get_height (reference));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *a = gdk_pixbuf_read_pixels (ours) + (gsize) y * gdk_pixbuf_get_rowstride (ours) + 4 * x;
        const guchar *b = gdk_pixbuf_read_pixels (reference) +
                          (gsize) y * gdk_pixbuf_get_rowstride (reference) + n_ref * x;

        for (int c = 0; c < 3; c++)
          g_assert_cmpint (ABS (a[c] - b[c]), <=, tolerance);
      }
}

static void
test_matches_gdk_pixbuf (void)
{
  const struct { int w, h; gboolean alpha; } cases[] = {
    { 1024, 1024, TRUE }, { 1344, 768, FALSE }, { 640, 1920, TRUE }, { 200, 100, FALSE },
    { 3, 1000, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkPixbuf) source = gradient (cases[i].w, cases[i].h, cases[i].alpha);
      g_autoptr(GBytes) png = encode (source, "png");
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) thumb = easel_thumbnail_from_bytes (png, 320, &error);
      g_autoptr(GdkPixbuf) reference = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (MAX (gdk_pixbuf_get_width (thumb), gdk_pixbuf_get_height (thumb)), ==,
                       MIN (320, MAX (cases[i].w, cases[i].h)));
      reference = gdk_pixbuf_scale_simple (source, gdk_pixbuf_get_width (thumb),
                                           gdk_pixbuf_get_height (thumb), GDK_INTERP_BILINEAR);
      /* A box filter and a bilinear one differ a little on a gradient. */
      assert_close (thumb, reference, 6);
    }
}

static void
test_round_trip_encode (void)
{
  g_autoptr(GdkPixbuf) source = gradient (100, 60, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = easel_thumbnail_encode_png (source, &error);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) back = NULL;

  g_assert_no_error (error);
  stream = g_memory_input_stream_new_from_bytes (png);
  back = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (gdk_pixbuf_read_pixels (back), gdk_pixbuf_get_byte_length (back),
                   gdk_pixbuf_read_pixels (source), gdk_pixbuf_get_byte_length (source));
}

static void
test_other_formats_and_damage (void)
{
  g_autoptr(GdkPixbuf) source = gradient (800, 600, FALSE);
  g_autoptr(GBytes) jpeg = encode (source, "jpeg");
  g_autoptr(GBytes) png = encode (source, "png");
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autoptr(GBytes) junk = g_bytes_new_static ("not an image at all", 19);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;

  thumb = easel_thumbnail_from_bytes (jpeg, 320, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 240);

  /* A PNG cut in the middle does not decode: the result writer refuses it. */
  g_assert_null (easel_thumbnail_from_bytes (cut, 320, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (easel_thumbnail_from_bytes (junk, 320, &error));
  g_assert_nonnull (error);
}

static void
test_gray_palette_sixteen_bit (void)
{
  /* A tiny gray PNG (1×1, 8-bit gray 0x80), as other tools write them. */
  static const guint8 gray[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a,
    0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68,
    0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (gray, sizeof gray);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) thumb = easel_thumbnail_from_bytes (bytes, 320, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 1);
  g_assert_cmpint (gdk_pixbuf_read_pixels (thumb)[0], ==, 0x80);
  g_assert_cmpint (gdk_pixbuf_read_pixels (thumb)[3], ==, 0xff);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/thumbnail/matches-gdk-pixbuf", test_matches_gdk_pixbuf);
  g_test_add_func ("/easel/thumbnail/encode-round-trip", test_round_trip_encode);
  g_test_add_func ("/easel/thumbnail/other-formats-and-damage", test_other_formats_and_damage);
  g_test_add_func ("/easel/thumbnail/gray", test_gray_palette_sixteen_bit);

  return g_test_run ();
}
