/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store"

#include "config.h"

#include "easel-paths.h"

/* Where Easel keeps its data: `--data-dir DIR` wins, then $EASEL_DATA_DIR, then
 * $XDG_DATA_HOME/easel. Set once at start-up, before any thread reads it.
 */
static char *data_dir;
static char *cache_dir;

void
easel_paths_set_data_dir (const char *dir)
{
  g_free (data_dir);
  data_dir = NULL;
  if (dir != NULL && *dir != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (dir);

      data_dir = g_file_get_path (file);
    }
}

const char *
easel_paths_get_data_dir (void)
{
  if (data_dir == NULL)
    {
      const char *env = g_getenv ("EASEL_DATA_DIR");

      if (env != NULL && *env != '\0')
        easel_paths_set_data_dir (env);
      else
        data_dir = g_build_filename (g_get_user_data_dir (), "easel", NULL);
    }
  return data_dir;
}

/* Thumbnails are named by the content hash of their image, so several data folders can share
 * one cache without clashing.
 */
const char *
easel_paths_get_cache_dir (void)
{
  if (cache_dir == NULL)
    cache_dir = g_build_filename (g_get_user_cache_dir (), "easel", NULL);
  return cache_dir;
}

char *
easel_paths_get_db_path (void)
{
  return g_build_filename (easel_paths_get_data_dir (), "easel.db", NULL);
}

char *
easel_paths_get_image_dir (void)
{
  return g_build_filename (easel_paths_get_data_dir (), "images", NULL);
}

char *
easel_paths_get_thumbnail_dir (void)
{
  return g_build_filename (easel_paths_get_cache_dir (), "thumbnails", NULL);
}
