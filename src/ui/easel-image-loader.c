/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-image-loader"

#include "config.h"

#include "easel-image-loader.h"

/* At most this many decodes at once: the history scrolls past thousands of thumbnails, and the
 * store's own workers must not wait behind them.
 */
#define MAX_THREADS 2

/* Recently decoded textures are kept, so scrolling back is instant. A 256-pixel thumbnail is
 * 256 KiB at most: the cache stays under 64 MiB.
 */
#define MAX_CACHED 256

/**
 * EaselImageLoader:
 *
 * Decodes images and thumbnails for cards in a small pool of worker threads, newest request
 * first (what scrolled into view last is what the person looks at), and keeps the last few
 * hundred textures. The main thread only receives finished textures.
 */
struct _EaselImageLoader
{
  GObject      parent_instance;

  GThreadPool *pool;
  GHashTable  *cache;     /* key → GdkTexture */
  GQueue       lru;       /* keys, most recent at the head; owned by the cache */
  guint64      sequence;
  guint        pending;
};

G_DEFINE_FINAL_TYPE (EaselImageLoader, easel_image_loader, G_TYPE_OBJECT)

typedef struct
{
  char    *path;
  char    *fallback_path;
  int      max_size;
  int      cover_width;    /* > 0: scaled to cover this box and cropped to it */
  int      cover_height;
  char    *key;
  guint64  sequence;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->fallback_path);
  g_free (data->key);
  g_free (data);
}

static char *
cache_key (const char *path,
           int         max_size)
{
  return g_strdup_printf ("%d:%s", max_size, path);
}

static char *
cover_cache_key (const char *path,
                 int         width,
                 int         height)
{
  return g_strdup_printf ("%dx%d:%s", width, height, path);
}

/* Scales @pixbuf to cover @width × @height and crops the middle: exactly that size. */
static GdkPixbuf *
cover (GdkPixbuf *pixbuf,
       int        width,
       int        height)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  double scale = MAX ((double) width / w, (double) height / h);
  int sw = MAX (width, (int) (w * scale + 0.5));
  int sh = MAX (height, (int) (h * scale + 0.5));
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GdkPixbuf) middle = NULL;

  if (sw == w && sh == h)
    scaled = g_object_ref (pixbuf);
  else
    scaled = gdk_pixbuf_scale_simple (pixbuf, sw, sh, GDK_INTERP_BILINEAR);
  middle = gdk_pixbuf_new_subpixbuf (scaled, (sw - width) / 2, (sh - height) / 2, width, height);
  /* A copy: the sub-pixbuf would keep all of the scaled pixels alive. */
  return gdk_pixbuf_copy (middle);
}

static GdkPixbuf *
decode (const char  *path,
        LoadData    *load,
        GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  int max_size = load->max_size;
  int width, height;

  /* Scale down while decoding, never up. */
  if (max_size > 0 && gdk_pixbuf_get_file_info (path, &width, &height) != NULL &&
      MAX (width, height) <= max_size)
    max_size = 0;
  if (max_size > 0)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, max_size, max_size, TRUE, error);
  else
    pixbuf = gdk_pixbuf_new_from_file (path, error);
  if (pixbuf == NULL)
    return NULL;

  /* Honour the orientation tag a camera or editor wrote. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (load->cover_width > 0 && load->cover_height > 0)
    return cover (oriented, load->cover_width, load->cover_height);
  return g_steal_pointer (&oriented);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  g_autoptr(GTask) task = data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The thumbnail first (small, fast); a missing one falls back to the image itself. */
  pixbuf = decode (load->path, load, &error);
  if (pixbuf == NULL && load->fallback_path != NULL)
    {
      g_clear_error (&error);
      pixbuf = decode (load->fallback_path, load, &error);
    }

  if (pixbuf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static int
compare_tasks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  LoadData *x = g_task_get_task_data ((GTask *) a);
  LoadData *y = g_task_get_task_data ((GTask *) b);

  /* Newest first. */
  return x->sequence < y->sequence ? 1 : x->sequence > y->sequence ? -1 : 0;
}

EaselImageLoader *
easel_image_loader_get_default (void)
{
  static EaselImageLoader *loader;

  if (g_once_init_enter (&loader))
    g_once_init_leave (&loader, g_object_new (EASEL_TYPE_IMAGE_LOADER, NULL));
  return loader;
}

static void
cache_touch (EaselImageLoader *self,
             const char       *key)
{
  GList *link = g_queue_find_custom (&self->lru, key, (GCompareFunc) g_strcmp0);

  if (link != NULL && link != self->lru.head)
    {
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
    }
}

static void
cache_insert (EaselImageLoader *self,
              char             *key,
              GdkTexture       *texture)
{
  if (g_hash_table_contains (self->cache, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_insert (self->cache, key, g_object_ref (texture));
  g_queue_push_head (&self->lru, key);

  while (self->lru.length > MAX_CACHED)
    {
      char *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->cache, old);
    }
}

/**
 * easel_image_loader_lookup:
 *
 * Returns: (transfer full) (nullable): the texture of @path at @max_size, if it is cached
 */
static GdkTexture *
lookup_key (EaselImageLoader *self,
            const char       *key)
{
  GdkTexture *texture = g_hash_table_lookup (self->cache, key);

  if (texture == NULL)
    return NULL;
  cache_touch (self, key);
  return g_object_ref (texture);
}

GdkTexture *
easel_image_loader_lookup (EaselImageLoader *self,
                           const char       *path,
                           int               max_size)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (EASEL_IS_IMAGE_LOADER (self), NULL);

  if (path == NULL)
    return NULL;
  key = cache_key (path, max_size);
  return lookup_key (self, key);
}

static void
start (EaselImageLoader    *self,
       LoadData            *load,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GdkTexture) cached = NULL;

  g_task_set_source_tag (task, easel_image_loader_load_async);
  load->sequence = ++self->sequence;
  g_task_set_task_data (task, load, (GDestroyNotify) load_data_free);

  cached = lookup_key (self, load->key);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), g_object_unref);
      return;
    }

  self->pending++;
  g_thread_pool_push (self->pool, g_steal_pointer (&task), NULL);
}

/**
 * easel_image_loader_load_async:
 * @path: the file to decode (usually a thumbnail)
 * @fallback_path: (nullable): decoded instead when @path cannot be
 * @max_size: the largest side in pixels, or 0 for the image's own size
 *
 * Decodes @path in a worker thread, scaled down to @max_size with its aspect kept.
 */
void
easel_image_loader_load_async (EaselImageLoader    *self,
                               const char          *path,
                               const char          *fallback_path,
                               int                  max_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  LoadData *load;

  g_return_if_fail (EASEL_IS_IMAGE_LOADER (self));
  g_return_if_fail (path != NULL);

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->fallback_path = g_strdup (fallback_path);
  load->max_size = max_size;
  load->key = cache_key (path, max_size);
  start (self, load, cancellable, callback, user_data);
}

/**
 * easel_image_loader_load_cover_async:
 * @path: the file to decode (usually a thumbnail)
 * @fallback_path: (nullable): decoded instead when @path cannot be
 * @width: the box to cover, in pixels (the widget's size times its scale)
 * @height: the box's height
 *
 * Like easel_image_loader_load_async(), but the image is scaled to cover @width × @height and
 * cropped to it: a grid cell's texture is exactly its size, the fewest pixels to keep and to
 * paint. Finish with easel_image_loader_load_finish().
 */
void
easel_image_loader_load_cover_async (EaselImageLoader    *self,
                                     const char          *path,
                                     const char          *fallback_path,
                                     int                  width,
                                     int                  height,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  LoadData *load;

  g_return_if_fail (EASEL_IS_IMAGE_LOADER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (width > 0 && height > 0);

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->fallback_path = g_strdup (fallback_path);
  /* A thumbnail decodes whole; an image itself (no thumbnail yet) at a few times the box. */
  load->max_size = MAX (width, height) * 3;
  load->cover_width = width;
  load->cover_height = height;
  load->key = cover_cache_key (path, width, height);
  start (self, load, cancellable, callback, user_data);
}

/**
 * easel_image_loader_load_finish:
 *
 * Returns: (transfer full): the texture, or %NULL with @error set
 */
GdkTexture *
easel_image_loader_load_finish (EaselImageLoader  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  LoadData *load;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  load = g_task_get_task_data (G_TASK (result));
  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    {
      if (self->pending > 0 && !GDK_IS_TEXTURE (value))
        self->pending--;
      return NULL;
    }
  if (GDK_IS_TEXTURE (value))
    return value;   /* From the cache. */

  /* A pixbuf from a worker: wrapping it shares its pixels; no copy on the main thread. */
  self->pending--;
  {
    g_autoptr(GdkPixbuf) pixbuf = value;
    GdkTexture *texture = gdk_texture_new_for_pixbuf (pixbuf);

    cache_insert (self, g_strdup (load->key), texture);
    return texture;
  }
}

guint
easel_image_loader_get_n_cached (EaselImageLoader *self)
{
  g_return_val_if_fail (EASEL_IS_IMAGE_LOADER (self), 0);
  return g_hash_table_size (self->cache);
}

guint
easel_image_loader_get_n_pending (EaselImageLoader *self)
{
  g_return_val_if_fail (EASEL_IS_IMAGE_LOADER (self), 0);
  return self->pending;
}

static void
easel_image_loader_finalize (GObject *object)
{
  EaselImageLoader *self = EASEL_IMAGE_LOADER (object);

  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_queue_clear (&self->lru);
  g_hash_table_unref (self->cache);

  G_OBJECT_CLASS (easel_image_loader_parent_class)->finalize (object);
}

static void
easel_image_loader_class_init (EaselImageLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = easel_image_loader_finalize;
}

static void
easel_image_loader_init (EaselImageLoader *self)
{
  self->pool = g_thread_pool_new (worker, NULL, MAX_THREADS, FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, compare_tasks, NULL);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->lru);
}

/* One-shot loads, without the pool and the cache (the Posts page). */

typedef struct
{
  char *path;
  char *fallback_path;
  int   max_size;
  int   cover_width;   /* > 0: scale to cover this box, then crop it out of the middle */
  int   cover_height;
} PictureLoadData;

static void
picture_load_data_free (PictureLoadData *data)
{
  g_free (data->path);
  g_free (data->fallback_path);
  g_free (data);
}

static void
picture_load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PictureLoadData *data = task_data;
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
picture_load_start (const char          *path,
       const char          *fallback_path,
       int                  max_size,
       int                  cover_width,
       int                  cover_height,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PictureLoadData *data = g_new0 (PictureLoadData, 1);

  g_task_set_source_tag (task, _easel_image_load_async);
  data->path = g_strdup (path);
  data->fallback_path = g_strdup (fallback_path);
  data->max_size = max_size > 0 ? max_size : -1;
  data->cover_width = cover_width;
  data->cover_height = cover_height;
  g_task_set_task_data (task, data, (GDestroyNotify) picture_load_data_free);
  g_task_run_in_thread (task, picture_load_thread);
}

void
_easel_image_load_async (const char          *path,
                         int                  max_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (path != NULL);
  picture_load_start (path, NULL, max_size, 0, 0, cancellable, callback, user_data);
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
  picture_load_start (path, fallback_path, max_size, 0, 0, cancellable, picture_loaded_cb,
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
  picture_load_start (path, fallback_path, MAX (width, height) * 4, width, height, cancellable,
                      picture_loaded_cb, g_object_ref (picture));
}
