/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

GPtrArray *easel_csv_parse (const char  *text,
                            gssize       length,
                            GError     **error);

G_END_DECLS
