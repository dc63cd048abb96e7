/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RUN_GROUP (easel_run_group_get_type ())

G_DECLARE_FINAL_TYPE (EaselRunGroup, easel_run_group, EASEL, RUN_GROUP, AdwBin)

GtkWidget    *easel_run_group_new      (EaselRunItem  *run);
EaselRunItem *easel_run_group_get_run  (EaselRunGroup *self);
GtkFlowBox   *easel_run_group_get_flow_box (EaselRunGroup *self);

G_END_DECLS
