/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

void  easel_result_actions_activate      (GtkWidget           *source,
                                          EaselResultItem     *item,
                                          const char          *action);
void  easel_result_actions_set_favorite  (GtkWidget           *source,
                                          EaselResultItem     *item,
                                          gboolean             favorite);
void  easel_result_actions_set_rating    (GtkWidget           *source,
                                          EaselResultItem     *item,
                                          int                  rating);
char *easel_result_actions_dup_file_name (EaselResultItem     *item);
void  easel_result_actions_save_to_async (EaselResultItem     *item,
                                          GFile               *destination,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean easel_result_actions_save_to_finish (GAsyncResult    *result,
                                              GError         **error);
void  easel_result_actions_copy_async    (EaselResultItem     *item,
                                          GdkClipboard        *clipboard,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean easel_result_actions_copy_finish (GAsyncResult       *result,
                                           GError            **error);

G_END_DECLS
