/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "easel-types.h"

G_BEGIN_DECLS

typedef struct _EaselApplication EaselApplication;
typedef struct _EaselWindow      EaselWindow;

G_END_DECLS
