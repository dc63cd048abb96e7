/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-window.h"

G_BEGIN_DECLS

/* The window's state, shared by its files: easel-window.c (set-up, engine, models),
 * easel-window-actions.c (actions, Generate, Cancel, paste), easel-window-runs.c (the comparison
 * grid and card actions), easel-window-library.c (the prompt-example library).
 */
struct _EaselWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  EaselEngine          *engine;
  EaselStore           *store;
  GCancellable         *cancellable;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkRevealer          *loading_revealer;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  AdwViewStack         *view_stack;
  GtkStack             *create_stack;
  EaselWelcomePage     *welcome_page;
  EaselLibrarySidebar  *library_sidebar;
  EaselPromptArea      *prompt_area;
  EaselSettingsEditor  *settings_editor;
  EaselResultsView     *results_view;
  EaselHistoryPage     *history_page;
  EaselPostsPage       *posts_page;
  GtkWidget            *generate_button;
  GtkWidget            *cancel_button;
  GtkWidget            *generate_hint;
  GtkLabel             *generate_hint_label;

  /* Models */
  GListStore           *providers;        /* EaselProviderItem */
  GListStore           *styles;           /* EaselPresetItem */
  GListStore           *formats;          /* EaselPresetItem */
  GListStore           *examples;         /* EaselExampleItem */
  GListStore           *runs;             /* EaselRunItem, newest first */
  GHashTable           *runs_by_id;       /* run id → EaselRunItem (borrowed from runs) */
  GHashTable           *submitted;        /* run id → EaselRun as submitted */

  gboolean              providers_loaded;
  gboolean              restoring_providers;
  guint                 submitting;
  guint                 loading_timeout;
  guint                 adjustments_idle;
  guint                 example_search_serial;
  gboolean              has_last_seed;
  gint64                last_seed;
  EaselPromptExample   *deleted_example;
  AdwToast             *undo_toast;
};

void  _easel_window_actions_update        (EaselWindow     *self);
void  _easel_window_class_actions_init    (EaselWindowClass *klass);
void  _easel_window_toast                 (EaselWindow     *self,
                                           const char      *title);
void  _easel_window_show_error            (EaselWindow     *self,
                                           const char      *what,
                                           const GError    *error);
void  _easel_window_update_adjustments    (EaselWindow     *self);
void  _easel_window_load_setting          (EaselWindow     *self,
                                           const char      *prompt,
                                           const char      *negative_prompt,
                                           const char      *style,
                                           const char      *format,
                                           const char * const *providers,
                                           const EaselImageSetting *setting);
EaselProviderItem *_easel_window_find_provider (EaselWindow *self,
                                                const char  *name);
void  _easel_window_reload_providers      (EaselWindow     *self);
void  _easel_window_reload_presets        (EaselWindow     *self);

/* easel-window-runs.c */
void  _easel_window_runs_init             (EaselWindow     *self);
void  _easel_window_runs_connect          (EaselWindow     *self);
void  _easel_window_generate              (EaselWindow     *self);
guint _easel_window_cancel_all            (EaselWindow     *self);
void  _easel_window_cancel_run            (EaselWindow     *self,
                                           gint64           run_id);
gboolean _easel_window_has_active_runs    (EaselWindow     *self);
void  _easel_window_cancel_job            (EaselWindow     *self,
                                           EaselResultItem *item);
void  _easel_window_retry_job             (EaselWindow     *self,
                                           EaselResultItem *item);
void  _easel_window_set_result_favorite   (EaselWindow     *self,
                                           EaselResultItem *item,
                                           gboolean         favorite);
void  _easel_window_set_result_rating     (EaselWindow     *self,
                                           EaselResultItem *item,
                                           int              rating);
void  _easel_window_reuse_result          (EaselWindow     *self,
                                           EaselResultItem *item);
void  _easel_window_show_result_details   (EaselWindow     *self,
                                           EaselResultItem *item);

/* easel-window-library.c */
void  _easel_window_library_init          (EaselWindow     *self);
void  _easel_window_reload_examples       (EaselWindow     *self);
void  _easel_window_save_example_dialog   (EaselWindow     *self);
void  _easel_window_save_result_as_example (EaselWindow    *self,
                                            EaselResultItem *item);
void  _easel_window_load_example          (EaselWindow     *self,
                                           gint64           id);
void  _easel_window_rename_example        (EaselWindow     *self,
                                           gint64           id);
void  _easel_window_duplicate_example     (EaselWindow     *self,
                                           gint64           id);
void  _easel_window_delete_example        (EaselWindow     *self,
                                           gint64           id);

G_END_DECLS
