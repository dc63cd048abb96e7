/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_HISTORY_CELL (easel_history_cell_get_type ())

G_DECLARE_FINAL_TYPE (EaselHistoryCell, easel_history_cell, EASEL, HISTORY_CELL, AdwBin)

GtkWidget       *easel_history_cell_new      (void);
EaselResultItem *easel_history_cell_get_item (EaselHistoryCell *self);
void             easel_history_cell_set_item (EaselHistoryCell *self,
                                              EaselResultItem  *item);

G_END_DECLS
