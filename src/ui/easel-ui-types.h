/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-ui-types.h: forward declarations of the UI's types; adds GTK and libadwaita to what
 * easel-types.h gives libeasel.
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "easel-types.h"

G_BEGIN_DECLS

typedef struct _EaselApplication    EaselApplication;
typedef struct _EaselLibrarySidebar EaselLibrarySidebar;
typedef struct _EaselPostsPage      EaselPostsPage;
typedef struct _EaselPromptArea     EaselPromptArea;
typedef struct _EaselResultsView    EaselResultsView;
typedef struct _EaselSettingsEditor EaselSettingsEditor;
typedef struct _EaselWindow         EaselWindow;
typedef struct _EaselProviderPicker EaselProviderPicker;
typedef struct _EaselProviderItem   EaselProviderItem;
typedef struct _EaselResultItem     EaselResultItem;
typedef struct _EaselRunItem        EaselRunItem;
typedef struct _EaselExampleItem    EaselExampleItem;
typedef struct _EaselPresetItem     EaselPresetItem;
typedef struct _EaselResultCard     EaselResultCard;
typedef struct _EaselRunGroup       EaselRunGroup;
typedef struct _EaselHistoryPage    EaselHistoryPage;
typedef struct _EaselHistoryCell    EaselHistoryCell;
typedef struct _EaselHistoryModel   EaselHistoryModel;
typedef struct _EaselPreferencesWindow EaselPreferencesWindow;
typedef struct _EaselWelcomePage    EaselWelcomePage;

G_END_DECLS
