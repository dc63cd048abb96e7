/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RESULT_CARD (easel_result_card_get_type ())

G_DECLARE_FINAL_TYPE (EaselResultCard, easel_result_card, EASEL, RESULT_CARD, AdwBin)

GtkWidget       *easel_result_card_new         (EaselResultItem *item);
EaselResultItem *easel_result_card_get_item    (EaselResultCard *self);
void             easel_result_card_set_item    (EaselResultCard *self,
                                                EaselResultItem *item);

G_END_DECLS
