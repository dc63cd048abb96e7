/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_WINDOW (easel_window_get_type ())

G_DECLARE_FINAL_TYPE (EaselWindow, easel_window, EASEL, WINDOW, AdwApplicationWindow)

EaselWindow         *easel_window_new                  (EaselApplication *application);
EaselLibrarySidebar *easel_window_get_library_sidebar  (EaselWindow      *self);
EaselPromptArea     *easel_window_get_prompt_area      (EaselWindow      *self);
EaselSettingsEditor *easel_window_get_settings_editor  (EaselWindow      *self);
EaselResultsView    *easel_window_get_results_view     (EaselWindow      *self);
EaselPostsPage      *easel_window_get_posts_page       (EaselWindow      *self);

G_END_DECLS
