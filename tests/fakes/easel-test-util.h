/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scratch folders for tests: created under $TMPDIR and removed with everything in them. */
char  *easel_test_temp_dir_new (const char *name);
void   easel_test_rm_rf        (const char *path);
char  *easel_test_file_sha256  (const char *path);
char  *easel_test_data_path    (const char *name);

G_END_DECLS
