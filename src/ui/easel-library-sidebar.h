/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_LIBRARY_SIDEBAR (easel_library_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (EaselLibrarySidebar, easel_library_sidebar, EASEL, LIBRARY_SIDEBAR, AdwBin)

GtkWidget  *easel_library_sidebar_new             (void);
void        easel_library_sidebar_set_model       (EaselLibrarySidebar        *self,
                                                   GListModel                 *model);
GtkDropTarget *easel_library_sidebar_get_drop_target (EaselLibrarySidebar     *self);
GtkListView *easel_library_sidebar_get_list_view  (EaselLibrarySidebar        *self);
gboolean    easel_library_sidebar_get_can_search  (EaselLibrarySidebar        *self);
const char *easel_library_sidebar_get_search_text (EaselLibrarySidebar        *self);
void        easel_library_sidebar_focus_search    (EaselLibrarySidebar        *self);

G_END_DECLS
