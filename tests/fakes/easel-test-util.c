/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-test"

#include "config.h"

#include <glib/gstdio.h>

#include "easel-test-util.h"

char *
easel_test_temp_dir_new (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("easel-%s-XXXXXX", name != NULL ? name : "test");
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
easel_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      easel_test_rm_rf (child);
    }
  g_rmdir (path);
}

char *
easel_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Test fixtures live in tests/data; EASEL_TEST_DATA points there (tests/meson.build). */
char *
easel_test_data_path (const char *name)
{
  const char *dir = g_getenv ("EASEL_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}
