/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-window.h"

G_BEGIN_DECLS

void _easel_window_actions_update (EaselWindow *self);

G_END_DECLS
