/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

GBytes     *easel_png_text_insert (GBytes      *png,
                                   const char  *const *keys,
                                   const char  *const *values,
                                   GError     **error);
GHashTable *easel_png_text_read   (GBytes      *png,
                                   GError     **error);

G_END_DECLS
