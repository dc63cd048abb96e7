/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-prompt-example.h"

G_BEGIN_DECLS

EaselPromptExample *easel_image_import_example   (GBytes      *image,
                                                  const char  *sidecar_json,
                                                  const char  *fallback_name,
                                                  GError     **error);
char               *easel_exif_read_user_comment (const guint8 *data,
                                                  gsize         length);
gboolean            easel_comfyui_graph_to_example (JsonObject         *graph,
                                                    EaselPromptExample *example);

G_END_DECLS
