/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <png.h>
#include <setjmp.h>
#include <string.h>

#include "easel-thumbnail.h"

/* Thumbnails, in worker threads. A PNG (what most providers send) is decoded row by row with
 * libpng and shrunk on the fly with an alpha-weighted box filter: the full-size image is never
 * held in memory, which keeps a run of many large results small and fast, and reading every
 * row still proves the whole file decodes. Anything else (JPEG, WebP, interlaced PNG) goes
 * through gdk-pixbuf, whose JPEG loader scales while decoding.
 */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
  char         *error;
} PngSource;

static void
read_cb (png_structp png,
         png_bytep   out,
         png_size_t  length)
{
  PngSource *source = png_get_io_ptr (png);

  if (length > source->length - source->offset)
    png_error (png, "the file ends early");
  memcpy (out, source->data + source->offset, length);
  source->offset += length;
}

static void
error_cb (png_structp     png,
          png_const_charp message)
{
  PngSource *source = png_get_error_ptr (png);

  g_free (source->error);
  source->error = g_strdup (message);
  png_longjmp (png, 1);
}

static void
warning_cb (png_structp     png,
            png_const_charp message)
{
  /* Benign (an unknown chunk, an odd gamma): the image still decodes. */
}

typedef struct
{
  png_structp  png;
  png_infop    info;
  guint8      *row;
  guint32     *sums;    /* per source column and channel: Σ over the rows of one output row */
  guint        width;
  guint       *column;  /* output x → first source x (out_width + 1 entries) */
  GdkPixbuf   *out;
} Decoder;

static void
decoder_clear (Decoder *d)
{
  if (d->png != NULL)
    png_destroy_read_struct (&d->png, &d->info, NULL);
  g_clear_pointer (&d->row, g_free);
  g_clear_pointer (&d->sums, g_free);
  g_clear_pointer (&d->column, g_free);
}

/* Turns the column sums of the source rows collected for output row @out_y into pixels:
 * each output column averages a contiguous run of source columns (d->column holds where each
 * run starts). Channels are averaged as they are, not premultiplied: thumbnails of generated
 * images are opaque almost always, and the difference at a transparent edge is invisible at
 * this size.
 */
static void
flush_row (Decoder *d,
           int      out_y,
           int      out_width,
           guint    rows)
{
  guchar *dest = gdk_pixbuf_get_pixels (d->out) + (gsize) out_y * gdk_pixbuf_get_rowstride (d->out);
  guint last_area = 0;
  guint64 recip = 0;

  for (int ox = 0; ox < out_width; ox++)
    {
      const guint32 *s = d->sums + 4 * (gsize) d->column[ox];
      guint run = d->column[ox + 1] - d->column[ox];
      guint area = MAX (run * rows, 1);
      guint32 r = 0, g = 0, b = 0, a = 0;

      /* Divide by multiplying with a 2^24 fixed-point reciprocal; runs take one or two
       * lengths, so the division itself (slow) is done again only when the length changes.
       */
      if (area != last_area)
        {
          recip = (G_GUINT64_CONSTANT (1) << 24) / area;
          last_area = area;
        }

      for (guint i = 0; i < run; i++, s += 4)
        {
          r += s[0];
          g += s[1];
          b += s[2];
          a += s[3];
        }
      dest[4 * ox + 0] = (guchar) MIN ((r * recip + (1 << 23)) >> 24, 255);
      dest[4 * ox + 1] = (guchar) MIN ((g * recip + (1 << 23)) >> 24, 255);
      dest[4 * ox + 2] = (guchar) MIN ((b * recip + (1 << 23)) >> 24, 255);
      dest[4 * ox + 3] = (guchar) MIN ((a * recip + (1 << 23)) >> 24, 255);
    }
  memset (d->sums, 0, sizeof (guint32) * 4 * d->width);
}

/* Adds a source row to the column sums. This is the hot loop of a thumbnail (every byte of
 * every row), so it goes in blocks of 16 of a fixed length: GCC's -O2 vectorises those (its
 * cheap cost model leaves a loop of unknown length scalar, four times slower), clang either way.
 */
static void
accumulate_row (guint32 *restrict      sums,
                const guint8 *restrict row,
                gsize                  n)
{
  gsize i = 0;

  for (; i + 16 <= n; i += 16)
    for (guint j = 0; j < 16; j++)
      sums[i + j] += row[i + j];
  for (; i < n; i++)
    sums[i] += row[i];
}

/* Everything after the setjmp lives in this frame, so a longjmp out of libpng cannot leave a
 * half-updated local behind. Returns FALSE when the PNG should go through gdk-pixbuf instead.
 */
static gboolean
decode (Decoder *d,
        int      size)
{
  png_uint_32 width, height;
  int bit_depth, color_type, interlace;
  int out_width, out_height, out_y = 0;
  guint rows = 0;

  /* The zlib checksum is redundant with PNG's own CRCs for finding damage. */
#ifdef PNG_IGNORE_ADLER32
  png_set_option (d->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_read_info (d->png, d->info);
  png_get_IHDR (d->png, d->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
  if (interlace != PNG_INTERLACE_NONE || width == 0 || height == 0 ||
      width > 65535 || height > 65535)
    return FALSE;

  /* Whatever it is, read it as 8-bit RGBA. */
  png_set_expand (d->png);
  png_set_strip_16 (d->png);
  png_set_gray_to_rgb (d->png);
  png_set_add_alpha (d->png, 0xff, PNG_FILLER_AFTER);
  png_read_update_info (d->png, d->info);
  if (png_get_rowbytes (d->png, d->info) != (gsize) width * 4)
    return FALSE;

  if (width >= height)
    {
      out_width = MIN ((int) width, size);
      out_height = MAX (1, (int) ((guint64) height * out_width / width));
    }
  else
    {
      out_height = MIN ((int) height, size);
      out_width = MAX (1, (int) ((guint64) width * out_height / height));
    }

  d->out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, out_width, out_height);
  d->row = g_malloc ((gsize) width * 4);
  d->width = width;
  d->sums = g_new0 (guint32, 4 * (gsize) width);
  d->column = g_new (guint, out_width + 1);
  for (int x = 0; x <= out_width; x++)
    d->column[x] = (guint) (((guint64) x * width + out_width - 1) / out_width);

  for (png_uint_32 y = 0; y < height; y++)
    {
      int target = (int) ((guint64) y * out_height / height);

      if (target != out_y)
        {
          flush_row (d, out_y, out_width, rows);
          out_y = target;
          rows = 0;
        }
      png_read_row (d->png, d->row, NULL);
      accumulate_row (d->sums, d->row, 4 * (gsize) width);
      rows++;
    }
  flush_row (d, out_y, out_width, rows);
  png_read_end (d->png, NULL);
  return TRUE;
}

/* Returns NULL without an error when the PNG should go through gdk-pixbuf instead. */
static GdkPixbuf *
png_thumbnail (GBytes  *bytes,
               int      size,
               GError **error)
{
  PngSource source = { 0 };
  Decoder d = { 0 };
  gboolean decoded;

  source.data = g_bytes_get_data (bytes, &source.length);
  if (source.length < 8 || png_sig_cmp (source.data, 0, 8) != 0)
    return NULL;

  d.png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &source, error_cb, warning_cb);
  if (d.png == NULL)
    return NULL;
  d.info = png_create_info_struct (d.png);
  if (d.info == NULL)
    {
      decoder_clear (&d);
      return NULL;
    }
  png_set_read_fn (d.png, &source, read_cb);

  if (setjmp (png_jmpbuf (d.png)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                   source.error != NULL ? source.error : "damaged PNG");
      g_free (source.error);
      g_clear_object (&d.out);
      decoder_clear (&d);
      return NULL;
    }

  decoded = decode (&d, size);
  decoder_clear (&d);
  if (!decoded)
    g_clear_object (&d.out);
  return d.out;
}

typedef struct
{
  GByteArray *out;
} PngSink;

static void
write_cb (png_structp png,
          png_bytep   data,
          png_size_t  length)
{
  PngSink *sink = png_get_io_ptr (png);

  g_byte_array_append (sink->out, data, (guint) length);
}

static void
flush_cb (png_structp png)
{
}

/**
 * easel_thumbnail_encode_png:
 *
 * Encodes an 8-bit RGB(A) pixbuf as PNG with the "sub" filter and fast compression: a
 * thumbnail is made once per result and read many times, so it is worth neither libpng's
 * adaptive filter search nor strong deflate (which together cost more than decoding the image).
 *
 * Returns: (transfer full): the PNG bytes, or %NULL with an error.
 */
GBytes *
easel_thumbnail_encode_png (GdkPixbuf  *pixbuf,
                            GError    **error)
{
  PngSink sink = { g_byte_array_new () };
  png_structp png;
  png_infop info;
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_byte_array_unref (sink.out);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot make the thumbnail"));
      return NULL;
    }

  png_set_write_fn (png, &sink, write_cb, flush_cb);
  png_set_IHDR (png, info, width, height, 8,
                alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_compression_level (png, 1);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    png_write_row (png, pixels + (gsize) y * stride);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (sink.out);
}

/**
 * easel_thumbnail_from_bytes:
 * @size: the longest side of the thumbnail
 *
 * Decodes @bytes completely (so a damaged file is found) into a thumbnail of at most
 * @size × @size, keeping the aspect. Call it from a worker thread.
 *
 * Returns: (transfer full): the thumbnail, or %NULL with an error when the image does not decode.
 */
GdkPixbuf *
easel_thumbnail_from_bytes (GBytes  *bytes,
                            int      size,
                            GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  GError *local_error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = png_thumbnail (bytes, size, &local_error);
  if (pixbuf != NULL)
    return pixbuf;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return gdk_pixbuf_new_from_stream_at_scale (stream, size, size, TRUE, NULL, error);
}
