/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

char *easel_infotext_write (const EaselImageSetting *setting);

G_END_DECLS
