/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RUN_ITEM (easel_run_item_get_type ())

G_DECLARE_FINAL_TYPE (EaselRunItem, easel_run_item, EASEL, RUN_ITEM, GObject)

EaselRunItem    *easel_run_item_new          (gint64           run_id,
                                              const char      *prompt,
                                              gint64           created_at);
gint64           easel_run_item_get_run_id   (EaselRunItem    *self);
const EaselRun  *easel_run_item_get_run      (EaselRunItem    *self);
void             easel_run_item_set_run      (EaselRunItem    *self,
                                              const EaselRun  *run);
GListModel      *easel_run_item_get_cards    (EaselRunItem    *self);
EaselResultItem *easel_run_item_find_card    (EaselRunItem    *self,
                                              gint64           job_id);
EaselResultItem *easel_run_item_add_job      (EaselRunItem    *self,
                                              const EaselJob  *job);
gboolean         easel_run_item_get_active   (EaselRunItem    *self);
void             easel_run_item_update_state (EaselRunItem    *self);

G_END_DECLS
