/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-image-loader"

#include "config.h"

#include "easel-image-loader.h"

typedef struct
{
  char *path;
  char *fallback_path;
  int   max_size;
  int   cover_width;   /* > 0: scale to cover this box, then crop it out of the middle */
  int   cover_height;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->fallback_path);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = gdk_pixbuf_new_from_file_at_scale (data->path, data->max_size, data->max_size, TRUE,
                                              &error);
  if (pixbuf == NULL && data->fallback_path != NULL)
    {
      g_clear_error (&error);
      pixbuf = gdk_pixbuf_new_from_file_at_scale (data->fallback_path, data->max_size,
                                                  data->max_size, TRUE, &error);
    }
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->cover_width > 0 && data->cover_height > 0)
    {
      int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
      double scale = MAX ((double) data->cover_width / w, (double) data->cover_height / h);
      int sw = MAX (data->cover_width, (int) (w * scale + 0.5));
      int sh = MAX (data->cover_height, (int) (h * scale + 0.5));
      g_autoptr(GdkPixbuf) scaled = gdk_pixbuf_scale_simple (pixbuf, sw, sh, GDK_INTERP_BILINEAR);

      g_object_unref (pixbuf);
      pixbuf = gdk_pixbuf_new_subpixbuf (scaled, (sw - data->cover_width) / 2,
                                         (sh - data->cover_height) / 2, data->cover_width,
                                         data->cover_height);
    }
  g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
start (const char          *path,
       const char          *fallback_path,
       int                  max_size,
       int                  cover_width,
       int                  cover_height,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  g_task_set_source_tag (task, _easel_image_load_async);
  data->path = g_strdup (path);
  data->fallback_path = g_strdup (fallback_path);
  data->max_size = max_size > 0 ? max_size : -1;
  data->cover_width = cover_width;
  data->cover_height = cover_height;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

void
_easel_image_load_async (const char          *path,
                         int                  max_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (path != NULL);
  start (path, NULL, max_size, 0, 0, cancellable, callback, user_data);
}

GdkTexture *
_easel_image_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  pixbuf = g_task_propagate_pointer (G_TASK (result), error);
  if (pixbuf == NULL)
    return NULL;
  return gdk_texture_new_for_pixbuf (pixbuf);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = _easel_image_load_finish (result, &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("cannot show an image: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

/**
 * _easel_picture_load:
 * @fallback_path: (nullable): read this when @path cannot be (a thumbnail not made yet: the
 *   image itself)
 *
 * Shows the image in @picture once it is decoded. The picture stays alive until then.
 */
void
_easel_picture_load (GtkPicture   *picture,
                     const char   *path,
                     const char   *fallback_path,
                     int           max_size,
                     GCancellable *cancellable)
{
  g_return_if_fail (GTK_IS_PICTURE (picture));

  if (path == NULL)
    {
      gtk_picture_set_paintable (picture, NULL);
      return;
    }
  start (path, fallback_path, max_size, 0, 0, cancellable, picture_loaded_cb,
         g_object_ref (picture));
}

/**
 * _easel_picture_load_cover:
 *
 * Like _easel_picture_load(), but the image is scaled to cover @width × @height and cropped
 * to it, so a thumbnail has the same size whatever the image's shape.
 */
void
_easel_picture_load_cover (GtkPicture   *picture,
                           const char   *path,
                           const char   *fallback_path,
                           int           width,
                           int           height,
                           GCancellable *cancellable)
{
  g_return_if_fail (GTK_IS_PICTURE (picture));
  g_return_if_fail (width > 0 && height > 0);

  if (path == NULL)
    {
      gtk_picture_set_paintable (picture, NULL);
      return;
    }
  /* Exactly the box: a picture's natural size is its texture's, and the row must not grow. */
  start (path, fallback_path, MAX (width, height) * 4, width, height, cancellable,
         picture_loaded_cb, g_object_ref (picture));
}
