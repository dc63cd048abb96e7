/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_LIBRARY_SIDEBAR (easel_library_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (EaselLibrarySidebar, easel_library_sidebar, EASEL, LIBRARY_SIDEBAR, AdwBin)

GtkWidget  *easel_library_sidebar_new             (void);
void        easel_library_sidebar_bind_model      (EaselLibrarySidebar        *self,
                                                   GListModel                 *model,
                                                   GtkListBoxCreateWidgetFunc  create_row_func,
                                                   gpointer                    user_data,
                                                   GDestroyNotify              user_data_free_func);
gboolean    easel_library_sidebar_get_can_search  (EaselLibrarySidebar        *self);
const char *easel_library_sidebar_get_search_text (EaselLibrarySidebar        *self);
void        easel_library_sidebar_focus_search    (EaselLibrarySidebar        *self);

G_END_DECLS
