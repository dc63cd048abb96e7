/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RESULTS_VIEW (easel_results_view_get_type ())

G_DECLARE_FINAL_TYPE (EaselResultsView, easel_results_view, EASEL, RESULTS_VIEW, AdwBin)

GtkWidget *easel_results_view_new        (void);
void       easel_results_view_bind_model (EaselResultsView           *self,
                                          GListModel                 *model,
                                          GtkFlowBoxCreateWidgetFunc  create_card_func,
                                          gpointer                    user_data,
                                          GDestroyNotify              user_data_free_func);
gboolean   easel_results_view_get_empty  (EaselResultsView           *self);

G_END_DECLS
