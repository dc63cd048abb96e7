/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_EXAMPLE_ROW (easel_example_row_get_type ())

G_DECLARE_FINAL_TYPE (EaselExampleRow, easel_example_row, EASEL, EXAMPLE_ROW, AdwBin)

EaselExampleItem *easel_example_row_get_item (EaselExampleRow  *self);
void              easel_example_row_set_item (EaselExampleRow  *self,
                                              EaselExampleItem *item);

G_END_DECLS
