/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_WELCOME_PAGE (easel_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (EaselWelcomePage, easel_welcome_page, EASEL, WELCOME_PAGE, AdwBin)

void     easel_welcome_page_set_engine  (EaselWelcomePage *self,
                                         EaselEngine      *engine);
void     easel_welcome_page_detect      (EaselWelcomePage *self);
gboolean easel_welcome_page_get_probing (EaselWelcomePage *self);
guint    easel_welcome_page_get_n_found (EaselWelcomePage *self);
gboolean easel_welcome_page_add_found   (EaselWelcomePage *self,
                                         guint             index);

G_END_DECLS
