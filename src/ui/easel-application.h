/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_APPLICATION (easel_application_get_type ())

G_DECLARE_FINAL_TYPE (EaselApplication, easel_application, EASEL, APPLICATION, AdwApplication)

EaselApplication       *easel_application_new              (void);
EaselEngine            *easel_application_get_engine       (EaselApplication *self);
const GError           *easel_application_get_error        (EaselApplication *self);
EaselPreferencesWindow *easel_application_show_preferences (EaselApplication *self);

G_END_DECLS
