/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_IMAGE_LOADER (easel_image_loader_get_type ())

G_DECLARE_FINAL_TYPE (EaselImageLoader, easel_image_loader, EASEL, IMAGE_LOADER, GObject)

EaselImageLoader *easel_image_loader_get_default  (void);
GdkTexture       *easel_image_loader_lookup       (EaselImageLoader    *self,
                                                   const char          *path,
                                                   int                  max_size);
void              easel_image_loader_load_async   (EaselImageLoader    *self,
                                                   const char          *path,
                                                   const char          *fallback_path,
                                                   int                  max_size,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void              easel_image_loader_load_cover_async (EaselImageLoader    *self,
                                                       const char          *path,
                                                       const char          *fallback_path,
                                                       int                  width,
                                                       int                  height,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GdkTexture       *easel_image_loader_load_finish  (EaselImageLoader    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
guint             easel_image_loader_get_n_cached (EaselImageLoader    *self);
guint             easel_image_loader_get_n_pending (EaselImageLoader   *self);

/* One-shot loads without the cache (the Posts page): decoded (and scaled to fit @max_size) in a
 * worker thread, wrapped in a texture on the main thread.
 */
void        _easel_image_load_async  (const char          *path,
                                      int                  max_size,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GdkTexture *_easel_image_load_finish (GAsyncResult        *result,
                                      GError             **error);
void        _easel_picture_load      (GtkPicture          *picture,
                                      const char          *path,
                                      const char          *fallback_path,
                                      int                  max_size,
                                      GCancellable        *cancellable);
void        _easel_picture_load_cover (GtkPicture         *picture,
                                       const char         *path,
                                       const char         *fallback_path,
                                       int                 width,
                                       int                 height,
                                       GCancellable       *cancellable);

G_END_DECLS
