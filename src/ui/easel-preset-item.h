/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PRESET_ITEM (easel_preset_item_get_type ())

G_DECLARE_FINAL_TYPE (EaselPresetItem, easel_preset_item, EASEL, PRESET_ITEM, GObject)

EaselPresetItem   *easel_preset_item_new_style  (const EaselStyle  *style);
EaselPresetItem   *easel_preset_item_new_format (const EaselFormat *format);
const EaselStyle  *easel_preset_item_get_style  (EaselPresetItem   *self);
const EaselFormat *easel_preset_item_get_format (EaselPresetItem   *self);
const char        *easel_preset_item_get_name   (EaselPresetItem   *self);

G_END_DECLS
