/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

/* Loads an image file for display: decoded (and scaled to fit @max_size) in a worker thread,
 * wrapped in a texture on the main thread.
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
