/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

void        easel_paths_set_data_dir  (const char *data_dir);
const char *easel_paths_get_data_dir  (void);
const char *easel_paths_get_cache_dir (void);
char       *easel_paths_get_db_path   (void);
char       *easel_paths_get_image_dir (void);
char       *easel_paths_get_thumbnail_dir (void);

G_END_DECLS
