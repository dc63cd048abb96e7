/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prompt-example library in the real window: save (Ctrl+S's dialog, and directly), load,
 * rename, duplicate, delete with Undo, full-text search, and a result card dropped on the
 * sidebar saved as an example.
 */
#include "config.h"

#include "easel-test-window.h"

#include "easel-example-item.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-prompt-example.h"
#include "easel-provider-picker.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-run-item.h"
#include "easel-settings-editor.h"

static EaselWindow *window;

static guint
n_examples (void)
{
  return g_list_model_get_n_items (easel_window_get_examples (window));
}

static gboolean
n_examples_is (gpointer data)
{
  return n_examples () == GPOINTER_TO_UINT (data);
}

static EaselExampleItem *
find_example (const char *name)
{
  for (guint i = 0; i < n_examples (); i++)
    {
      g_autoptr(EaselExampleItem) item =
        g_list_model_get_item (easel_window_get_examples (window), i);

      if (g_strcmp0 (easel_example_item_get_name (item), name) == 0)
        return item;
    }
  return NULL;
}

static gboolean
has_example (gpointer data)
{
  return find_example (data) != NULL;
}

static void
test_library_save_load (void)
{
  EaselPromptArea *area = easel_window_get_prompt_area (window);
  EaselSettingsEditor *editor = easel_window_get_settings_editor (window);
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselImageSetting) loaded = NULL;
  const char *providers[] = { "Studio GPU", NULL };
  const char *none[] = { NULL };
  const EaselPromptExample *example;
  g_autofree char *prompt = NULL;
  g_auto(GStrv) chosen = NULL;

  g_assert_cmpuint (n_examples (), ==, 0);
  easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (area), providers);
  easel_prompt_area_set_prompt (area, "a lighthouse on a cliff at dusk");
  setting->width = 1344;
  setting->height = 768;
  setting->steps = 24;
  easel_settings_editor_set_setting (editor, setting);

  g_assert_true (easel_window_save_example (window, "Lighthouse", "coast, dusk"));
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (1), 5000, "the saved example");
  example = easel_example_item_get_example (find_example ("Lighthouse"));
  g_assert_cmpstr (example->prompt, ==, "a lighthouse on a cliff at dusk");
  g_assert_cmpstrv (example->providers, providers);
  g_assert_cmpstrv (example->tags, ((const char *[]) { "coast", "dusk", NULL }));
  g_assert_cmpint (example->setting->width, ==, 1344);

  /* Load it back over something else. */
  easel_prompt_area_set_prompt (area, "something else");
  easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (area), none);
  easel_settings_editor_set_setting (editor, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "x",
                                             example->id));
  prompt = easel_prompt_area_dup_prompt (area);
  g_assert_cmpstr (prompt, ==, "a lighthouse on a cliff at dusk");
  chosen = easel_prompt_area_dup_selected_providers (area);
  g_assert_cmpstrv (chosen, providers);
  loaded = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_cmpint (loaded->width, ==, 1344);
  g_assert_cmpint (loaded->steps, ==, 24);
}

static void
test_library_rename_duplicate_delete (void)
{
  gint64 id = easel_example_item_get_id (find_example ("Lighthouse"));

  easel_window_rename_example (window, id, "Lighthouse at dusk");
  easel_test_wait (has_example, (gpointer) "Lighthouse at dusk", 5000, "the new name");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duplicate-example", "x",
                                             id));
  easel_test_wait (has_example, (gpointer) "Lighthouse at dusk (copy)", 5000, "the copy");
  g_assert_cmpuint (n_examples (), ==, 2);

  /* Deleted at once; Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-example", "x", id));
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (1), 5000, "the deletion");
  g_assert_null (find_example ("Lighthouse at dusk"));
  g_assert_true (easel_window_undo_delete_example (window));
  easel_test_wait (has_example, (gpointer) "Lighthouse at dusk", 5000, "the undo");
  g_assert_cmpuint (n_examples (), ==, 2);
  g_assert_false (easel_window_undo_delete_example (window));
}

static void
test_library_search (void)
{
  EaselLibrarySidebar *sidebar = easel_window_get_library_sidebar (window);
  GtkEditable *entry = easel_test_template_child (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR,
                                                  "search_entry");
  EaselPromptArea *area = easel_window_get_prompt_area (window);

  easel_prompt_area_set_prompt (area, "a red fox in fresh snow, watercolor");
  g_assert_true (easel_window_save_example (window, "Fox", "winter"));
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (3), 5000, "the fox");

  /* Ctrl+F goes to the search entry; the store's full-text index finds the words. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search-library", NULL));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (entry)));
  gtk_editable_set_text (entry, "fox");
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (1), 5000, "the search");
  g_assert_nonnull (find_example ("Fox"));
  gtk_editable_set_text (entry, "winter");
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (1), 5000, "a tag's search");
  gtk_editable_set_text (entry, "dusk");
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (2), 5000, "the lighthouses");
  gtk_editable_set_text (entry, "");
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (3), 5000, "the whole library");

  easel_test_screenshots (GTK_WIDGET (window), "library");
}

static gboolean
run_done (gpointer data)
{
  GListModel *runs = easel_window_get_runs (window);
  g_autoptr(EaselRunItem) run = NULL;

  if (g_list_model_get_n_items (runs) == 0)
    return FALSE;
  run = g_list_model_get_item (runs, 0);
  return !easel_run_item_get_active (run) &&
         g_list_model_get_n_items (easel_run_item_get_cards (run)) > 0;
}

/* A result card dropped on the library becomes an example of its recipe. */
static void
test_library_drop_result (void)
{
  EaselLibrarySidebar *sidebar = easel_window_get_library_sidebar (window);
  EaselPromptArea *area = easel_window_get_prompt_area (window);
  GtkDropTarget *target = easel_library_sidebar_get_drop_target (sidebar);
  g_autoptr(EaselRunItem) run = NULL;
  g_autoptr(EaselResultItem) item = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  const EaselPromptExample *example;
  EaselExampleItem *saved = NULL;

  easel_prompt_area_set_prompt (area, "an owl in a library, candle light");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.generate", NULL));
  easel_test_wait (run_done, NULL, 10000, "the owl");
  run = g_list_model_get_item (easel_window_get_runs (window), 0);
  item = g_list_model_get_item (easel_run_item_get_cards (run), 0);
  g_assert_nonnull (easel_result_item_get_result (item));

  g_assert_true (g_type_is_a (EASEL_TYPE_RESULT_ITEM,
                              gtk_drop_target_get_gtypes (target, NULL)[0]));
  g_value_init (&value, EASEL_TYPE_RESULT_ITEM);
  g_value_set_object (&value, item);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (4), 5000, "the dropped recipe");

  for (guint i = 0; i < n_examples (); i++)
    {
      g_autoptr(EaselExampleItem) candidate =
        g_list_model_get_item (easel_window_get_examples (window), i);

      if (g_str_has_prefix (easel_example_item_get_name (candidate), "an owl"))
        saved = candidate;
    }
  g_assert_nonnull (saved);
  example = easel_example_item_get_example (saved);
  g_assert_cmpstr (example->prompt, ==, "an owl in a library, candle light");
  g_assert_cmpstrv (example->providers, ((const char *[]) { "Studio GPU", NULL }));
  g_assert_true (example->setting->has_seed);
}

/* Ctrl+S asks for a name (the prompt's first words are offered) and tags. */
static void
test_library_save_dialog (void)
{
  GtkWidget *dialog = NULL;
  EaselPromptArea *area = easel_window_get_prompt_area (window);
  guint before = n_examples ();

  easel_prompt_area_set_prompt (area, "a castle above the clouds");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-example", NULL));
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      dialog = l->data;
  g_assert_nonnull (dialog);
  easel_test_wait_frames (dialog, 2);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  easel_test_wait (n_examples_is, GUINT_TO_POINTER (before + 1), 5000, "the example");
  g_assert_nonnull (find_example ("a castle above the clouds"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) art = NULL;
  EaselScriptedProvider *comfy;
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;
  easel_test_app_init ();

  comfy = easel_test_add_provider ("Studio GPU", EASEL_PROVIDER_KIND_COMFYUI, "sdxl_base");
  art = easel_test_make_art (256, 256, 0x203050ff, 0xc08050ff, 0.6);
  easel_scripted_provider_set_image (comfy, art);
  window = easel_test_show_window ();

  g_test_add_func ("/easel/library/save-load", test_library_save_load);
  g_test_add_func ("/easel/library/rename-duplicate-delete", test_library_rename_duplicate_delete);
  g_test_add_func ("/easel/library/search", test_library_search);
  g_test_add_func ("/easel/library/drop-result", test_library_drop_result);
  g_test_add_func ("/easel/library/save-dialog", test_library_save_dialog);

  status = g_test_run ();

  easel_test_app_finish ();
  return status;
}
