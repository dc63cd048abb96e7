/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-png-text.h"

/* PNG text chunks, read and written without decoding or re-encoding the image: Easel adds its
 * metadata to the exact bytes a provider sent. Writer rules follow PIL (what A1111 does): tEXt
 * (Latin-1) when the value is representable, iTXt (UTF-8, uncompressed) when it is not. The
 * reader handles tEXt, iTXt and zTXt, and takes a tEXt value that is valid UTF-8 with high bytes
 * as UTF-8 (sloppy writers put UTF-8 in tEXt).
 */

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  static guint32 table[256];
  static gsize table_ready;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }

  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = 0xffffffffu;

  append_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, length);
  crc = crc32_update (crc, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, length);
  append_be32 (out, crc ^ 0xffffffffu);
}

static gboolean
valid_keyword (const char *key)
{
  gsize length = key != NULL ? strlen (key) : 0;

  if (length < 1 || length > 79)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((guint8) key[i] < 32 || (guint8) key[i] > 126)
      return FALSE;
  return TRUE;
}

static void
append_text_chunk (GByteArray *out,
                   const char *key,
                   const char *value)
{
  g_autofree char *latin1 = NULL;
  gsize latin1_length = 0;
  GByteArray *data = g_byte_array_new ();

  latin1 = g_convert (value, -1, "ISO-8859-1", "UTF-8", NULL, &latin1_length, NULL);
  g_byte_array_append (data, (const guint8 *) key, strlen (key) + 1);
  if (latin1 != NULL)
    {
      g_byte_array_append (data, (const guint8 *) latin1, latin1_length);
      append_chunk (out, "tEXt", data->data, data->len);
    }
  else
    {
      /* compression flag, compression method, empty language tag, empty translated keyword */
      static const guint8 itxt_head[4] = { 0, 0, 0, 0 };

      g_byte_array_append (data, itxt_head, 4);
      g_byte_array_append (data, (const guint8 *) value, strlen (value));
      append_chunk (out, "iTXt", data->data, data->len);
    }
  g_byte_array_unref (data);
}

/**
 * easel_png_text_insert:
 * @keys: (array zero-terminated=1): chunk keywords, 1–79 printable Latin-1 characters
 * @values: (array zero-terminated=1): UTF-8 values, one per key
 *
 * Returns: (transfer full): @png with the text chunks inserted right after IHDR, or %NULL if
 * @png is not a well-formed PNG.
 */
GBytes *
easel_png_text_insert (GBytes             *png,
                       const char * const *keys,
                       const char * const *values,
                       GError            **error)
{
  g_autoptr(GByteArray) out = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (png, &length);
  guint32 ihdr_length;
  gsize after_ihdr;

  if (length < 8 + 25 || memcmp (data, png_signature, 8) != 0 ||
      memcmp (data + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("This is not a PNG image"));
      return NULL;
    }
  ihdr_length = ((guint32) data[8] << 24) | (data[9] << 16) | (data[10] << 8) | data[11];
  after_ihdr = 8 + 12 + (gsize) ihdr_length;
  if (ihdr_length != 13 || after_ihdr > length)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The PNG image has a damaged header"));
      return NULL;
    }

  out = g_byte_array_sized_new (length + 4096);
  g_byte_array_append (out, data, after_ihdr);
  for (guint i = 0; keys[i] != NULL && values[i] != NULL; i++)
    {
      if (!valid_keyword (keys[i]) || !g_utf8_validate (values[i], -1, NULL))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“%s” cannot be written as PNG text"), keys[i]);
          return NULL;
        }
      append_text_chunk (out, keys[i], values[i]);
    }
  g_byte_array_append (out, data + after_ihdr, length - after_ihdr);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static char *
inflate_text (const guint8 *data,
              gsize         length)
{
  g_autoptr(GZlibDecompressor) decompressor =
    g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (base, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gssize copied;

  /* Bounded: metadata is text, a "zip bomb" chunk must not eat the memory. */
  copied = g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
  if (copied < 0 || copied > 16 * 1024 * 1024)
    return NULL;
  g_output_stream_write (out, "", 1, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
latin1_or_utf8 (const guint8 *data,
                gsize         length)
{
  gboolean high = FALSE;

  for (gsize i = 0; i < length; i++)
    if (data[i] >= 0x80)
      high = TRUE;
  if (high && g_utf8_validate ((const char *) data, (gssize) length, NULL))
    return g_strndup ((const char *) data, length);
  return g_convert ((const char *) data, (gssize) length, "UTF-8", "ISO-8859-1", NULL, NULL,
                    NULL);
}

/**
 * easel_png_text_read:
 *
 * Returns: (transfer full) (element-type utf8 utf8): keyword → UTF-8 value of every text chunk
 * (the first of duplicates wins), or %NULL if @png is not a PNG.
 */
GHashTable *
easel_png_text_read (GBytes  *png,
                     GError **error)
{
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (png, &length);
  gsize pos = 8;

  if (length < 8 || memcmp (data, png_signature, 8) != 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("This is not a PNG image"));
      return NULL;
    }

  while (pos + 12 <= length)
    {
      guint32 chunk_length = ((guint32) data[pos] << 24) | (data[pos + 1] << 16) |
                             (data[pos + 2] << 8) | data[pos + 3];
      const char *type = (const char *) data + pos + 4;
      const guint8 *body = data + pos + 8;
      const guint8 *nul;
      g_autofree char *key = NULL;
      char *value = NULL;

      if (chunk_length > length - pos - 12)
        break;
      if (memcmp (type, "IEND", 4) == 0)
        break;

      nul = memchr (body, 0, chunk_length);
      if (nul != NULL && nul > body)
        {
          gsize key_length = nul - body;
          const guint8 *rest = nul + 1;
          gsize rest_length = chunk_length - key_length - 1;

          key = g_convert ((const char *) body, (gssize) key_length, "UTF-8", "ISO-8859-1",
                           NULL, NULL, NULL);
          if (memcmp (type, "tEXt", 4) == 0)
            value = latin1_or_utf8 (rest, rest_length);
          else if (memcmp (type, "zTXt", 4) == 0 && rest_length >= 1 && rest[0] == 0)
            value = inflate_text (rest + 1, rest_length - 1);
          else if (memcmp (type, "iTXt", 4) == 0 && rest_length >= 2)
            {
              gboolean compressed = rest[0] == 1;
              const guint8 *p = rest + 2;
              const guint8 *end = rest + rest_length;
              const guint8 *lang_end = memchr (p, 0, end - p);
              const guint8 *trans_end = lang_end != NULL ? memchr (lang_end + 1, 0,
                                                                   end - lang_end - 1) : NULL;

              if (trans_end != NULL)
                {
                  const guint8 *text = trans_end + 1;

                  if (compressed)
                    value = inflate_text (text, end - text);
                  else if (g_utf8_validate ((const char *) text, end - text, NULL))
                    value = g_strndup ((const char *) text, end - text);
                }
            }
        }

      if (key != NULL && value != NULL && !g_hash_table_contains (texts, key))
        g_hash_table_insert (texts, g_steal_pointer (&key), value);
      else
        g_free (value);

      pos += 12 + (gsize) chunk_length;
    }

  return g_steal_pointer (&texts);
}
