/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-window"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-application.h"
#include "easel-library-sidebar.h"
#include "easel-posts-page.h"
#include "easel-prompt-area.h"
#include "easel-results-view.h"
#include "easel-settings-editor.h"
#include "easel-window-private.h"

/**
 * EaselWindow:
 *
 * The main window: the prompt-example library in a sidebar, and a view stack whose "create"
 * page holds the prompt area, the settings editor and the results grid. "history" and "posts"
 * show what will appear there.
 *
 * Window actions (installed at class level, enabled by _easel_window_actions_update()):
 * - `win.generate` (Ctrl+Enter): start a run with the prompt, settings and provider
 * - `win.cancel` (Escape): cancel the running jobs
 * - `win.save-example` (Ctrl+S): save the prompt and settings to the library
 * - `win.search-library` (Ctrl+F): focus the library's search entry
 * - `win.focus-prompt` (Ctrl+L): focus the prompt
 * - `win.show-library`: show the sidebar when the window is too narrow for both
 * GtkApplication adds `win.show-help-overlay` (Ctrl+?).
 */
struct _EaselWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwLeaflet           *leaflet;
  AdwViewStack         *view_stack;
  EaselLibrarySidebar  *library_sidebar;
  EaselPromptArea      *prompt_area;
  EaselSettingsEditor  *settings_editor;
  EaselResultsView     *results_view;
  EaselPostsPage       *posts_page;
  GtkWidget            *generate_button;
  GtkWidget            *cancel_button;
};

G_DEFINE_FINAL_TYPE (EaselWindow, easel_window, ADW_TYPE_APPLICATION_WINDOW)

EaselWindow *
easel_window_new (EaselApplication *application)
{
  return g_object_new (EASEL_TYPE_WINDOW, "application", application, NULL);
}

/**
 * easel_window_get_library_sidebar:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the prompt-example library sidebar
 */
EaselLibrarySidebar *
easel_window_get_library_sidebar (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->library_sidebar;
}

/**
 * easel_window_get_prompt_area:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the prompt area
 */
EaselPromptArea *
easel_window_get_prompt_area (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->prompt_area;
}

/**
 * easel_window_get_settings_editor:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the settings editor
 */
EaselSettingsEditor *
easel_window_get_settings_editor (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->settings_editor;
}

/**
 * easel_window_get_results_view:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the results grid
 */
EaselResultsView *
easel_window_get_results_view (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->results_view;
}

/**
 * easel_window_get_posts_page:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the Posts page; whoever owns the engine gives it with
 *   easel_posts_page_set_engine()
 */
EaselPostsPage *
easel_window_get_posts_page (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->posts_page;
}

void
_easel_window_actions_update (EaselWindow *self)
{
  g_autofree char *prompt = NULL;
  gboolean has_prompt;
  gboolean has_provider;
  gboolean settings_valid;
  gboolean can_search;
  /* Running a generation needs the engine, and saving an example needs the store; neither
   * exists yet. Until later issues bring them, these stay FALSE so no control pretends to work.
   */
  const gboolean has_engine = FALSE;
  const gboolean has_store = FALSE;
  const gboolean has_running_jobs = FALSE;

  g_assert (EASEL_IS_WINDOW (self));

  prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  has_prompt = *g_strstrip (prompt) != '\0';
  has_provider = easel_prompt_area_get_selected_provider (self->prompt_area) != NULL;
  settings_valid = easel_settings_editor_get_valid (self->settings_editor);
  can_search = easel_library_sidebar_get_can_search (self->library_sidebar);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate",
                                 has_engine && has_prompt && has_provider && settings_valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 has_engine && has_running_jobs);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-example",
                                 has_store && has_prompt && settings_valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-library", can_search);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-prompt", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-library", TRUE);
}

static void
on_state_changed_cb (EaselWindow *self)
{
  _easel_window_actions_update (self);
}

static void
easel_window_generate_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  /* Disabled until the engine exists (see _easel_window_actions_update()). */
  g_debug ("%s is not available yet", action_name);
}

static void
easel_window_cancel_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  /* Disabled until the engine exists (see _easel_window_actions_update()). */
  g_debug ("%s is not available yet", action_name);
}

static void
easel_window_save_example_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  /* Disabled until the store exists (see _easel_window_actions_update()). */
  g_debug ("%s is not available yet", action_name);
}

static void
easel_window_search_library_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  easel_library_sidebar_focus_search (self->library_sidebar);
}

static void
easel_window_focus_prompt_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  adw_view_stack_set_visible_child_name (self->view_stack, "create");
  easel_prompt_area_focus_prompt (self->prompt_area);
}

static void
easel_window_show_library_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
easel_window_dispose (GObject *object)
{
  EaselWindow *self = EASEL_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_WINDOW);

  G_OBJECT_CLASS (easel_window_parent_class)->dispose (object);
}

static void
easel_window_class_init (EaselWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_window_dispose;

  g_type_ensure (EASEL_TYPE_LIBRARY_SIDEBAR);
  g_type_ensure (EASEL_TYPE_POSTS_PAGE);
  g_type_ensure (EASEL_TYPE_PROMPT_AREA);
  g_type_ensure (EASEL_TYPE_RESULTS_VIEW);
  g_type_ensure (EASEL_TYPE_SETTINGS_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/easel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, library_sidebar);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, prompt_area);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, settings_editor);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, posts_page);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_state_changed_cb);

  /* Shortcuts live in the template's GtkShortcutControllers. */
  gtk_widget_class_install_action (widget_class, "win.generate", NULL,
                                   easel_window_generate_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, easel_window_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.save-example", NULL,
                                   easel_window_save_example_action);
  gtk_widget_class_install_action (widget_class, "win.search-library", NULL,
                                   easel_window_search_library_action);
  gtk_widget_class_install_action (widget_class, "win.focus-prompt", NULL,
                                   easel_window_focus_prompt_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL,
                                   easel_window_show_library_action);
}

static void
easel_window_init (EaselWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* When the window is too narrow for both, the leaflet shows the prompt, not the library. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  _easel_window_actions_update (self);
}
