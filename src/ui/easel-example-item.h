/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_EXAMPLE_ITEM (easel_example_item_get_type ())

G_DECLARE_FINAL_TYPE (EaselExampleItem, easel_example_item, EASEL, EXAMPLE_ITEM, GObject)

EaselExampleItem         *easel_example_item_new         (const EaselPromptExample *example);
const EaselPromptExample *easel_example_item_get_example (EaselExampleItem         *self);
gint64                    easel_example_item_get_id      (EaselExampleItem         *self);
const char               *easel_example_item_get_name    (EaselExampleItem         *self);

G_END_DECLS
