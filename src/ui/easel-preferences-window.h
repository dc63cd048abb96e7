/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PREFERENCES_WINDOW (easel_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (EaselPreferencesWindow, easel_preferences_window, EASEL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

EaselPreferencesWindow *easel_preferences_window_new           (EaselEngine            *engine,
                                                                GtkWindow              *parent);
GtkWidget              *easel_preferences_window_add_provider  (EaselPreferencesWindow *self);
GtkWidget              *easel_preferences_window_edit_provider (EaselPreferencesWindow *self,
                                                                const char             *name);

G_END_DECLS
