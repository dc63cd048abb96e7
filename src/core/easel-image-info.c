/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-image-info.h"

/* Reads the type and size of an encoded image from its header alone, so a response that is not
 * an image, or one that would decode to gigabytes, is refused before anything decodes it. The
 * full decode (which proves the rest of the file) happens later, in a worker thread.
 */

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
}

static gboolean
read_png (const guint8   *d,
          gsize           n,
          EaselImageInfo *info)
{
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (n < 24 || memcmp (d, magic, 8) != 0 || memcmp (d + 12, "IHDR", 4) != 0)
    return FALSE;
  info->mime_type = "image/png";
  info->extension = "png";
  info->width = (int) MIN (be32 (d + 16), (guint32) G_MAXINT);
  info->height = (int) MIN (be32 (d + 20), (guint32) G_MAXINT);
  return TRUE;
}

static gboolean
read_jpeg (const guint8   *d,
           gsize           n,
           EaselImageInfo *info)
{
  gsize i = 2;

  if (n < 4 || d[0] != 0xff || d[1] != 0xd8)
    return FALSE;

  /* Walk the segments to the first start-of-frame marker. */
  while (i + 4 <= n)
    {
      guint8 marker;
      guint16 length;

      if (d[i] != 0xff)
        return FALSE;
      marker = d[i + 1];
      if (marker == 0xff)
        {
          i++;
          continue;
        }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          i += 2;
          continue;
        }
      length = be16 (d + i + 2);
      if (length < 2)
        return FALSE;
      if ((marker >= 0xc0 && marker <= 0xcf) && marker != 0xc4 && marker != 0xc8 &&
          marker != 0xcc)
        {
          if (i + 9 > n)
            return FALSE;
          info->mime_type = "image/jpeg";
          info->extension = "jpg";
          info->height = be16 (d + i + 5);
          info->width = be16 (d + i + 7);
          return TRUE;
        }
      i += 2 + (gsize) length;
    }
  return FALSE;
}

static gboolean
read_webp (const guint8   *d,
           gsize           n,
           EaselImageInfo *info)
{
  if (n < 30 || memcmp (d, "RIFF", 4) != 0 || memcmp (d + 8, "WEBP", 4) != 0)
    return FALSE;

  info->mime_type = "image/webp";
  info->extension = "webp";
  if (memcmp (d + 12, "VP8X", 4) == 0)
    {
      info->width = (int) le24 (d + 24) + 1;
      info->height = (int) le24 (d + 27) + 1;
      return TRUE;
    }
  if (memcmp (d + 12, "VP8L", 4) == 0 && d[20] == 0x2f)
    {
      guint32 bits = (guint32) d[21] | ((guint32) d[22] << 8) | ((guint32) d[23] << 16) |
                     ((guint32) d[24] << 24);
      info->width = (int) (bits & 0x3fff) + 1;
      info->height = (int) ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }
  if (memcmp (d + 12, "VP8 ", 4) == 0 && d[23] == 0x9d && d[24] == 0x01 && d[25] == 0x2a)
    {
      info->width = (d[26] | (d[27] << 8)) & 0x3fff;
      info->height = (d[28] | (d[29] << 8)) & 0x3fff;
      return TRUE;
    }
  return FALSE;
}

static gboolean
read_gif (const guint8   *d,
          gsize           n,
          EaselImageInfo *info)
{
  if (n < 10 || (memcmp (d, "GIF87a", 6) != 0 && memcmp (d, "GIF89a", 6) != 0))
    return FALSE;
  info->mime_type = "image/gif";
  info->extension = "gif";
  info->width = d[6] | (d[7] << 8);
  info->height = d[8] | (d[9] << 8);
  return TRUE;
}

/**
 * easel_image_info_read:
 *
 * Returns: %TRUE when @data starts like a PNG, JPEG, WebP or GIF image with a readable size.
 */
gboolean
easel_image_info_read (const guint8   *data,
                       gsize           length,
                       EaselImageInfo *info)
{
  EaselImageInfo local = { 0 };

  g_return_val_if_fail (info != NULL, FALSE);

  if (data == NULL)
    return FALSE;
  if (!read_png (data, length, &local) && !read_jpeg (data, length, &local) &&
      !read_webp (data, length, &local) && !read_gif (data, length, &local))
    return FALSE;
  if (local.width <= 0 || local.height <= 0)
    return FALSE;
  *info = local;
  return TRUE;
}

/**
 * easel_image_info_check:
 *
 * Like easel_image_info_read(), with the error a provider reports: bytes that are not an image,
 * or an image larger than @max_dimension on a side, are a bad response.
 */
gboolean
easel_image_info_check (GBytes          *bytes,
                        int              max_dimension,
                        EaselImageInfo  *info,
                        GError         **error)
{
  gsize length = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  if (!easel_image_info_read (data, length, info))
    {
      g_autofree char *head = NULL;

      if (data != NULL && length > 0)
        {
          g_autofree char *valid = g_utf8_make_valid ((const char *) data, MIN (length, 40));
          head = g_strescape (valid, NULL);
        }
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The server sent something that is not an image (%" G_GSIZE_FORMAT
                     " bytes starting “%s”)"), length, head != NULL ? head : "");
      return FALSE;
    }
  if (info->width > max_dimension || info->height > max_dimension)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The server sent an image of %d×%d pixels, larger than the %d-pixel limit"),
                   info->width, info->height, max_dimension);
      return FALSE;
    }
  return TRUE;
}
