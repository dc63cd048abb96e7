/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_HISTORY_MODEL (easel_history_model_get_type ())

G_DECLARE_FINAL_TYPE (EaselHistoryModel, easel_history_model, EASEL, HISTORY_MODEL, GObject)

#define EASEL_HISTORY_PAGE_SIZE 120

EaselHistoryModel *easel_history_model_new           (EaselEngine       *engine);
void               easel_history_model_set_query     (EaselHistoryModel *self,
                                                      const char        *search,
                                                      const char        *provider,
                                                      gboolean           favorites_only);
void               easel_history_model_reload        (EaselHistoryModel *self);
gboolean           easel_history_model_get_loading   (EaselHistoryModel *self);
gboolean           easel_history_model_get_counted   (EaselHistoryModel *self);
void               easel_history_model_update_result (EaselHistoryModel *self,
                                                      gint64             result_id,
                                                      int                favorite,
                                                      int                rating);
guint              easel_history_model_get_n_cached_pages (EaselHistoryModel *self);
guint              easel_history_model_get_n_pending (EaselHistoryModel *self);

G_END_DECLS
