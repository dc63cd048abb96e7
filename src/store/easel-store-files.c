/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "easel-store-private.h"

/* Image files are content-addressed: images/<first two hex digits>/<sha256>.<ext>. A file is
 * written to a temporary name, synced, and renamed into place before the row that names it is
 * committed; a crash can leave a temporary file (removed at the next start), never a row without
 * its file or a half-written image under a final name.
 */

static gboolean
is_final_name (const char *name)
{
  static GRegex *final_re;

  if (g_once_init_enter (&final_re))
    g_once_init_leave (&final_re,
                       g_regex_new ("^[0-9a-f]{64}\\.(png|jpg|webp|gif)(\\.json)?$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_match (final_re, name, 0, NULL);
}

char *
easel_store_get_image_path (EaselStore *self,
                            const char *hash,
                            const char *extension)
{
  g_autofree char *name = NULL;
  char prefix[3] = { 0 };

  g_return_val_if_fail (EASEL_IS_STORE (self), NULL);
  g_return_val_if_fail (hash != NULL && strlen (hash) == 64, NULL);

  prefix[0] = hash[0];
  prefix[1] = hash[1];
  name = g_strdup_printf ("%s.%s", hash, extension != NULL ? extension : "png");
  return g_build_filename (self->image_dir, prefix, name, NULL);
}

char *
easel_store_get_result_path (EaselStore        *self,
                             const EaselResult *result)
{
  g_return_val_if_fail (result != NULL && result->file_hash != NULL, NULL);

  return easel_store_get_image_path (self, result->file_hash,
                                     easel_result_get_extension (result));
}

/**
 * easel_store_write_image:
 * @extension: "png", "jpg", "webp" or "gif"
 * @out_hash: (out) (optional): the SHA-256 of @bytes, in hex
 *
 * Writes @bytes durably under their content hash (a file with the same content is reused).
 * Blocks on the disk: call it from a worker thread.
 *
 * Returns: (transfer full): the file's path, or %NULL with an error.
 */
char *
easel_store_write_image (EaselStore  *self,
                         GBytes      *bytes,
                         const char  *extension,
                         char       **out_hash,
                         GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  gsize length = 0;
  const char *data;
  GStatBuf st;

  g_return_val_if_fail (EASEL_IS_STORE (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  path = easel_store_get_image_path (self, hash, extension);
  dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (g_stat (path, &st) == 0 && (gsize) st.st_size == length)
    {
      /* Same name, same size: the same bytes were stored before. */
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents_full (path, data, (gssize) length,
                                     G_FILE_SET_CONTENTS_CONSISTENT |
                                     G_FILE_SET_CONTENTS_DURABLE,
                                     0600, &local_error))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                       _("Cannot save the image: %s"), local_error->message);
          return NULL;
        }
      /* DURABLE has GLib sync the file before the rename and the folder after it. */
    }

  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return g_steal_pointer (&path);
}

/**
 * easel_store_remove_temp_files:
 *
 * Removes what a crash can leave in images/: temporary files that never got their final name.
 *
 * Returns: how many were removed.
 */
guint
easel_store_remove_temp_files (EaselStore *self)
{
  g_autoptr(GDir) top = NULL;
  const char *sub;
  guint removed = 0;

  g_return_val_if_fail (EASEL_IS_STORE (self), 0);

  top = g_dir_open (self->image_dir, 0, NULL);
  if (top == NULL)
    return 0;

  while ((sub = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (self->image_dir, sub, NULL);
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (sub_path, G_FILE_TEST_IS_DIR))
        {
          if (!is_final_name (sub) && g_unlink (sub_path) == 0)
            removed++;
          continue;
        }

      dir = g_dir_open (sub_path, 0, NULL);
      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;

          if (is_final_name (name))
            continue;
          path = g_build_filename (sub_path, name, NULL);
          if (g_unlink (path) == 0)
            {
              g_debug ("removed the leftover temporary file %s", path);
              removed++;
            }
        }
    }
  return removed;
}
