/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_WINDOW (easel_window_get_type ())

G_DECLARE_FINAL_TYPE (EaselWindow, easel_window, EASEL, WINDOW, AdwApplicationWindow)

EaselWindow         *easel_window_new                  (EaselApplication *application);
void                 easel_window_set_engine           (EaselWindow      *self,
                                                        EaselEngine      *engine);
EaselEngine         *easel_window_get_engine           (EaselWindow      *self);
void                 easel_window_set_error            (EaselWindow      *self,
                                                        const char       *title,
                                                        const char       *message);
gboolean             easel_window_get_ready            (EaselWindow      *self);
EaselLibrarySidebar *easel_window_get_library_sidebar  (EaselWindow      *self);
EaselPromptArea     *easel_window_get_prompt_area      (EaselWindow      *self);
EaselSettingsEditor *easel_window_get_settings_editor  (EaselWindow      *self);
EaselResultsView    *easel_window_get_results_view     (EaselWindow      *self);
EaselHistoryPage    *easel_window_get_history_page     (EaselWindow      *self);
EaselPostsPage      *easel_window_get_posts_page       (EaselWindow      *self);
GListModel          *easel_window_get_providers        (EaselWindow      *self);
GListModel          *easel_window_get_examples         (EaselWindow      *self);
GListModel          *easel_window_get_runs             (EaselWindow      *self);
void                 easel_window_add_toast            (EaselWindow      *self,
                                                        AdwToast         *toast);
gboolean             easel_window_paste_parameters     (EaselWindow      *self,
                                                        const char       *text);
gboolean             easel_window_save_example         (EaselWindow      *self,
                                                        const char       *name,
                                                        const char       *tags);
void                 easel_window_rename_example       (EaselWindow      *self,
                                                        gint64            id,
                                                        const char       *name);
gboolean             easel_window_undo_delete_example  (EaselWindow      *self);

G_END_DECLS
