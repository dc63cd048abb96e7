/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* Largest edge Easel accepts from any provider; 16384² RGBA is already 1 GiB decoded. */
#define EASEL_IMAGE_MAX_DIMENSION 16384

typedef struct
{
  const char *mime_type;   /* static string */
  const char *extension;   /* "png", "jpg", "webp", "gif" */
  int         width;
  int         height;
} EaselImageInfo;

gboolean easel_image_info_read  (const guint8    *data,
                                 gsize            length,
                                 EaselImageInfo  *info);
gboolean easel_image_info_check (GBytes          *bytes,
                                 int              max_dimension,
                                 EaselImageInfo  *info,
                                 GError         **error);

G_END_DECLS
