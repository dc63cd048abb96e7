/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every template widget class builds from its resource without a running application, and is
 * finalized when the last reference goes (STYLE.md §13 and Console's lifecycle tests). A class
 * name the template misspells, or one newer than libadwaita 1.2 or GTK 4.8, is a critical here,
 * and criticals are fatal in tests.
 */
#include "config.h"

#include "easel-test-ui.h"

#include "easel-application.h"
#include "easel-candidate-card.h"
#include "easel-curation-view.h"
#include "easel-example-row.h"
#include "easel-export-dialog.h"
#include "easel-history-cell.h"
#include "easel-history-page.h"
#include "easel-library-sidebar.h"
#include "easel-post-view.h"
#include "easel-posts-page.h"
#include "easel-preferences-window.h"
#include "easel-prompt-area.h"
#include "easel-provider-editor.h"
#include "easel-provider-picker.h"
#include "easel-result-card.h"
#include "easel-result-details.h"
#include "easel-results-view.h"
#include "easel-run-group.h"
#include "easel-section-row.h"
#include "easel-settings-editor.h"
#include "easel-welcome-page.h"
#include "easel-window.h"

static void
test_template_instantiate (gconstpointer data)
{
  GtkWidget *widget = g_object_ref_sink (g_object_new (GPOINTER_TO_SIZE (data), NULL));

  if (GTK_IS_WINDOW (widget))
    gtk_window_destroy (GTK_WINDOW (widget));
  g_assert_finalize_object (widget);
}

static void
test_library_sidebar_lifecycle (void)
{
  GtkWidget *sidebar = easel_library_sidebar_new ();

  g_assert_true (EASEL_IS_LIBRARY_SIDEBAR (sidebar));
  g_object_ref_sink (sidebar);
  g_assert_finalize_object (sidebar);
}

static void
test_prompt_area_lifecycle (void)
{
  GtkWidget *area = easel_prompt_area_new ();

  g_assert_true (EASEL_IS_PROMPT_AREA (area));
  g_object_ref_sink (area);
  g_assert_finalize_object (area);
}

static void
test_settings_editor_lifecycle (void)
{
  GtkWidget *editor = easel_settings_editor_new ();

  g_assert_true (EASEL_IS_SETTINGS_EDITOR (editor));
  g_object_ref_sink (editor);
  g_assert_finalize_object (editor);
}

static void
test_results_view_lifecycle (void)
{
  GtkWidget *view = easel_results_view_new ();

  g_assert_true (EASEL_IS_RESULTS_VIEW (view));
  g_object_ref_sink (view);
  g_assert_finalize_object (view);
}

static void
test_window_lifecycle (void)
{
  EaselWindow *window = easel_window_new (NULL);

  g_assert_true (EASEL_IS_WINDOW (window));
  g_assert_true (EASEL_IS_LIBRARY_SIDEBAR (easel_window_get_library_sidebar (window)));
  g_assert_true (EASEL_IS_PROMPT_AREA (easel_window_get_prompt_area (window)));
  g_assert_true (EASEL_IS_SETTINGS_EDITOR (easel_window_get_settings_editor (window)));
  g_assert_true (EASEL_IS_RESULTS_VIEW (easel_window_get_results_view (window)));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The list factories' item templates build (their classes are registered by their views). */
static void
test_list_item_templates (void)
{
  const char *resources[] = {
    RESOURCE_PATH "/ui/easel-provider-picker-row.ui",
    RESOURCE_PATH "/ui/easel-example-list-item.ui",
    RESOURCE_PATH "/ui/easel-history-item.ui",
  };

  g_type_ensure (EASEL_TYPE_PROVIDER_PICKER);
  g_type_ensure (EASEL_TYPE_LIBRARY_SIDEBAR);
  g_type_ensure (EASEL_TYPE_HISTORY_PAGE);
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GtkListItemFactory) factory =
        gtk_builder_list_item_factory_new_from_resource (NULL, resources[i]);
      GtkWidget *list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (NULL)),
                                           g_object_ref (factory));

      g_assert_nonnull (factory);
      g_object_ref_sink (list);
      g_assert_finalize_object (list);
    }
}

static void
test_help_overlay_builds (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  const struct {
    const char *path;
    GType (*get_type) (void);
  } templates[] = {
    { "/easel/templates/EaselCandidateCard", easel_candidate_card_get_type },
    { "/easel/templates/EaselCurationView", easel_curation_view_get_type },
    { "/easel/templates/EaselExportDialog", easel_export_dialog_get_type },
    { "/easel/templates/EaselLibrarySidebar", easel_library_sidebar_get_type },
    { "/easel/templates/EaselPostView", easel_post_view_get_type },
    { "/easel/templates/EaselPostsPage", easel_posts_page_get_type },
    { "/easel/templates/EaselPromptArea", easel_prompt_area_get_type },
    { "/easel/templates/EaselResultsView", easel_results_view_get_type },
    { "/easel/templates/EaselSectionRow", easel_section_row_get_type },
    { "/easel/templates/EaselSettingsEditor", easel_settings_editor_get_type },
    { "/easel/templates/EaselWindow", easel_window_get_type },
    { "/easel/templates/EaselProviderPicker", easel_provider_picker_get_type },
    { "/easel/templates/EaselResultCard", easel_result_card_get_type },
    { "/easel/templates/EaselRunGroup", easel_run_group_get_type },
    { "/easel/templates/EaselExampleRow", easel_example_row_get_type },
    { "/easel/templates/EaselHistoryPage", easel_history_page_get_type },
    { "/easel/templates/EaselHistoryCell", easel_history_cell_get_type },
    { "/easel/templates/EaselWelcomePage", easel_welcome_page_get_type },
    { "/easel/templates/EaselProviderEditor", easel_provider_editor_get_type },
    { "/easel/templates/EaselResultDetails", easel_result_details_get_type },
    { "/easel/templates/EaselPreferencesWindow", easel_preferences_window_get_type },
  };

  if (!easel_test_ui_init (&argc, &argv))
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    g_test_add_data_func (templates[i].path, GSIZE_TO_POINTER (templates[i].get_type ()),
                          test_template_instantiate);

  g_test_add_func ("/easel/templates/help-overlay", test_help_overlay_builds);
  g_test_add_func ("/easel/templates/list-items", test_list_item_templates);
  g_test_add_func ("/easel/library-sidebar/lifecycle", test_library_sidebar_lifecycle);
  g_test_add_func ("/easel/prompt-area/lifecycle", test_prompt_area_lifecycle);
  g_test_add_func ("/easel/settings-editor/lifecycle", test_settings_editor_lifecycle);
  g_test_add_func ("/easel/results-view/lifecycle", test_results_view_lifecycle);
  g_test_add_func ("/easel/window/lifecycle", test_window_lifecycle);

  return g_test_run ();
}
