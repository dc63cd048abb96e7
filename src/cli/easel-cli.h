/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean easel_cli_wants_command (int    argc,
                                  char **argv);
int      easel_cli_run           (int    argc,
                                  char **argv);

G_END_DECLS
