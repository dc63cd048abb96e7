/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

EaselImageSetting *easel_settings_parse (const char *text,
                                         gssize      length);

G_END_DECLS
