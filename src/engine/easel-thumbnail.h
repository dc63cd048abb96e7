/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

GdkPixbuf *easel_thumbnail_from_bytes (GBytes  *bytes,
                                       int      size,
                                       GError **error);

GBytes    *easel_thumbnail_encode_png (GdkPixbuf *pixbuf,
                                       GError   **error);

G_END_DECLS
