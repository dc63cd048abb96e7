/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RESULTS_VIEW (easel_results_view_get_type ())

G_DECLARE_FINAL_TYPE (EaselResultsView, easel_results_view, EASEL, RESULTS_VIEW, AdwBin)

GtkWidget *easel_results_view_new        (void);
void       easel_results_view_set_runs   (EaselResultsView           *self,
                                          GListModel                 *runs);
GtkWidget *easel_results_view_find_card  (EaselResultsView           *self,
                                          gint64                      job_id);
gboolean   easel_results_view_get_empty  (EaselResultsView           *self);

G_END_DECLS
