/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_WRAP_LAYOUT (easel_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (EaselWrapLayout, easel_wrap_layout, EASEL, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *easel_wrap_layout_new (int spacing);

G_END_DECLS
