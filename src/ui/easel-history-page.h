/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_HISTORY_PAGE (easel_history_page_get_type ())

G_DECLARE_FINAL_TYPE (EaselHistoryPage, easel_history_page, EASEL, HISTORY_PAGE, AdwBin)

void               easel_history_page_set_engine       (EaselHistoryPage  *self,
                                                        EaselEngine       *engine);
void               easel_history_page_set_providers    (EaselHistoryPage  *self,
                                                        GListModel        *providers);
void               easel_history_page_set_visible_page (EaselHistoryPage  *self,
                                                        gboolean           visible);
void               easel_history_page_result_added     (EaselHistoryPage  *self,
                                                        const EaselResult *result);
void               easel_history_page_update_result    (EaselHistoryPage  *self,
                                                        gint64             result_id,
                                                        int                favorite,
                                                        int                rating);
void               easel_history_page_set_search       (EaselHistoryPage  *self,
                                                        const char        *search);
void               easel_history_page_focus_search     (EaselHistoryPage  *self);
EaselHistoryModel *easel_history_page_get_model        (EaselHistoryPage  *self);
GtkGridView       *easel_history_page_get_grid_view    (EaselHistoryPage  *self);

G_END_DECLS
