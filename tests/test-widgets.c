/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behaviour of the main window's parts, each on its own: empty states, pickers, placeholders,
 * the settings editor's round trip. The window itself is in test-window.c.
 */
#include "config.h"

#include "easel-test-ui.h"

#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-results-view.h"
#include "easel-settings-editor.h"

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, id);

  g_assert_nonnull (child);
  return child;
}

static const char *
visible_page (gpointer    widget,
              GType       type,
              const char *stack_id)
{
  return gtk_stack_get_visible_child_name (template_child (widget, type, stack_id));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static GtkWidget *
create_label_cb (gpointer item,
                 gpointer user_data)
{
  return gtk_label_new (gtk_string_object_get_string (item));
}

static char *
dropdown_label (GtkDropDown *dropdown,
                guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (gtk_drop_down_get_model (dropdown), position);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (item);
  g_assert_true (gtk_expression_evaluate (gtk_drop_down_get_expression (dropdown), item, &value));
  return g_value_dup_string (&value);
}

/* Library sidebar */

static void
test_library_sidebar_states (void)
{
  EaselLibrarySidebar *sidebar = g_object_ref_sink (EASEL_LIBRARY_SIDEBAR (easel_library_sidebar_new ()));
  GtkWidget *search_entry = template_child (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "search_entry");
  g_autoptr(GtkStringList) examples = gtk_string_list_new (NULL);
  guint can_search_notifies = 0;

  g_signal_connect (sidebar, "notify::can-search", G_CALLBACK (count_notify_cb),
                    &can_search_notifies);

  /* Nothing saved: the empty state, and nothing to search. */
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_false (easel_library_sidebar_get_can_search (sidebar));
  g_assert_false (gtk_widget_get_sensitive (search_entry));

  easel_library_sidebar_bind_model (sidebar, G_LIST_MODEL (examples), create_label_cb, NULL, NULL);
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_cmpuint (can_search_notifies, ==, 0);

  gtk_string_list_append (examples, "Lighthouse at dusk");
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "list");
  g_assert_true (easel_library_sidebar_get_can_search (sidebar));
  g_assert_true (gtk_widget_get_sensitive (search_entry));
  g_assert_cmpuint (can_search_notifies, ==, 1);

  /* A search that filters everything out says so, and the entry stays usable to clear it. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "zebra");
  g_assert_cmpstr (easel_library_sidebar_get_search_text (sidebar), ==, "zebra");
  gtk_string_list_remove (examples, 0);
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "no-matches");
  g_assert_true (gtk_widget_get_sensitive (search_entry));

  gtk_editable_set_text (GTK_EDITABLE (search_entry), "");
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_false (easel_library_sidebar_get_can_search (sidebar));

  easel_library_sidebar_bind_model (sidebar, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");

  g_assert_finalize_object (sidebar);
}

/* Results view */

static const char *
results_page (EaselResultsView *view)
{
  /* The stack is the view's AdwBin child. */
  return gtk_stack_get_visible_child_name (GTK_STACK (adw_bin_get_child (ADW_BIN (view))));
}

static void
test_results_view_states (void)
{
  EaselResultsView *view = g_object_ref_sink (EASEL_RESULTS_VIEW (easel_results_view_new ()));
  GtkFlowBox *flow_box = template_child (view, EASEL_TYPE_RESULTS_VIEW, "flow_box");
  g_autoptr(GtkStringList) results = gtk_string_list_new (NULL);
  guint empty_notifies = 0;

  g_signal_connect (view, "notify::empty", G_CALLBACK (count_notify_cb), &empty_notifies);

  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "empty");

  easel_results_view_bind_model (view, G_LIST_MODEL (results), create_label_cb, NULL, NULL);
  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpuint (empty_notifies, ==, 0);

  gtk_string_list_append (results, "ComfyUI · seed 42");
  gtk_string_list_append (results, "OpenAI · gpt-image-1");
  g_assert_false (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "grid");
  g_assert_nonnull (gtk_flow_box_get_child_at_index (flow_box, 1));
  g_assert_cmpuint (empty_notifies, ==, 1);

  gtk_string_list_splice (results, 0, 2, NULL);
  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "empty");
  g_assert_cmpuint (empty_notifies, ==, 2);

  g_assert_finalize_object (view);
}

/* Prompt area */

static void
test_prompt_area_prompts (void)
{
  EaselPromptArea *area = g_object_ref_sink (EASEL_PROMPT_AREA (easel_prompt_area_new ()));
  GtkWidget *placeholder = template_child (area, EASEL_TYPE_PROMPT_AREA, "prompt_placeholder");
  GtkWidget *negative_placeholder = template_child (area, EASEL_TYPE_PROMPT_AREA,
                                                    "negative_placeholder");
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;
  guint prompt_notifies = 0;

  g_signal_connect (area, "notify::prompt", G_CALLBACK (count_notify_cb), &prompt_notifies);

  prompt = easel_prompt_area_dup_prompt (area);
  g_assert_cmpstr (prompt, ==, "");
  g_clear_pointer (&prompt, g_free);
  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_true (gtk_widget_get_visible (negative_placeholder));

  easel_prompt_area_set_prompt (area, "a lighthouse on a cliff at dusk");
  prompt = easel_prompt_area_dup_prompt (area);
  g_assert_cmpstr (prompt, ==, "a lighthouse on a cliff at dusk");
  g_assert_false (gtk_widget_get_visible (placeholder));
  g_assert_cmpuint (prompt_notifies, ==, 1);

  /* The same text again changes nothing and notifies nobody. */
  easel_prompt_area_set_prompt (area, "a lighthouse on a cliff at dusk");
  g_assert_cmpuint (prompt_notifies, ==, 1);

  g_object_set (area, "negative-prompt", "blur, text", NULL);
  negative = easel_prompt_area_dup_negative_prompt (area);
  g_assert_cmpstr (negative, ==, "blur, text");
  g_assert_false (gtk_widget_get_visible (negative_placeholder));

  easel_prompt_area_set_prompt (area, NULL);
  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_cmpuint (prompt_notifies, ==, 2);

  g_assert_finalize_object (area);
}

static void
test_prompt_area_providers (void)
{
  EaselPromptArea *area = g_object_ref_sink (EASEL_PROMPT_AREA (easel_prompt_area_new ()));
  GtkDropDown *dropdown = template_child (area, EASEL_TYPE_PROMPT_AREA, "provider_dropdown");
  g_autoptr(GtkStringList) providers = gtk_string_list_new (NULL);
  g_autofree char *label = NULL;
  guint selected_notifies = 0;

  g_signal_connect (area, "notify::selected-provider", G_CALLBACK (count_notify_cb),
                    &selected_notifies);

  /* No providers: said so, not an empty dropdown. */
  g_assert_cmpstr (visible_page (area, EASEL_TYPE_PROMPT_AREA, "provider_stack"), ==, "none");
  g_assert_null (easel_prompt_area_get_selected_provider (area));

  easel_prompt_area_set_providers (area, G_LIST_MODEL (providers));
  g_assert_cmpstr (visible_page (area, EASEL_TYPE_PROMPT_AREA, "provider_stack"), ==, "none");

  gtk_string_list_append (providers, "Local ComfyUI");
  g_assert_cmpstr (visible_page (area, EASEL_TYPE_PROMPT_AREA, "provider_stack"), ==, "list");
  g_assert_true (GTK_IS_STRING_OBJECT (easel_prompt_area_get_selected_provider (area)));
  g_assert_cmpuint (selected_notifies, >=, 1);
  label = dropdown_label (dropdown, 0);
  g_assert_cmpstr (label, ==, "Local ComfyUI");

  gtk_string_list_remove (providers, 0);
  g_assert_cmpstr (visible_page (area, EASEL_TYPE_PROMPT_AREA, "provider_stack"), ==, "none");
  g_assert_null (easel_prompt_area_get_selected_provider (area));

  easel_prompt_area_set_providers (area, NULL);
  g_assert_finalize_object (area);
}

static void
test_prompt_area_styles_and_formats (void)
{
  EaselPromptArea *area = g_object_ref_sink (EASEL_PROMPT_AREA (easel_prompt_area_new ()));
  GtkDropDown *style = template_child (area, EASEL_TYPE_PROMPT_AREA, "style_dropdown");
  GtkDropDown *format = template_child (area, EASEL_TYPE_PROMPT_AREA, "format_dropdown");
  g_autoptr(GtkStringList) styles = gtk_string_list_new ((const char *[]) { "Watercolor", NULL });
  g_autofree char *none = NULL;
  g_autofree char *watercolor = NULL;
  g_autoptr(GObject) first_style = NULL;

  /* Only "None", shown as such and insensitive until there is something to pick. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (style)), ==, 1);
  none = dropdown_label (style, 0);
  g_assert_cmpstr (none, ==, "None");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (style)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (format)));
  g_assert_null (easel_prompt_area_get_selected_style (area));
  g_assert_null (easel_prompt_area_get_selected_format (area));

  easel_prompt_area_set_styles (area, G_LIST_MODEL (styles));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (style)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (format)));
  watercolor = dropdown_label (style, 1);
  g_assert_cmpstr (watercolor, ==, "Watercolor");
  g_assert_null (easel_prompt_area_get_selected_style (area));

  gtk_drop_down_set_selected (style, 1);
  first_style = g_list_model_get_item (G_LIST_MODEL (styles), 0);
  g_assert_true (easel_prompt_area_get_selected_style (area) == first_style);

  easel_prompt_area_set_styles (area, NULL);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (style)));
  g_assert_null (easel_prompt_area_get_selected_style (area));

  g_assert_finalize_object (area);
}

/* Settings editor */

static void
test_settings_editor_defaults (void)
{
  EaselSettingsEditor *editor = g_object_ref_sink (EASEL_SETTINGS_EDITOR (easel_settings_editor_new ()));
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (easel_settings_editor_get_valid (editor));
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (setting->width, ==, 1024);
  g_assert_cmpint (setting->height, ==, 1024);
  g_assert_cmpint (setting->count, ==, 1);
  g_assert_cmpint (setting->steps, ==, 30);
  g_assert_true (setting->has_guidance);
  g_assert_cmpfloat (setting->guidance_scale, ==, 7.0);
  g_assert_false (setting->has_seed);
  g_assert_null (setting->sampler);
  g_assert_null (setting->scheduler);
  g_assert_cmpuint (json_object_get_size (setting->extra_settings), ==, 0);

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_round_trip (void)
{
  EaselSettingsEditor *editor = g_object_ref_sink (EASEL_SETTINGS_EDITOR (easel_settings_editor_new ()));
  const char *samplers[] = { "euler", "dpmpp_2m", NULL };
  g_autoptr(EaselImageSetting) in = easel_image_setting_new ();
  g_autoptr(EaselImageSetting) out = NULL;
  g_autoptr(GError) error = NULL;

  easel_settings_editor_set_samplers (editor, samplers);

  in->width = 1344;
  in->height = 768;
  in->count = 4;
  in->steps = 28;
  in->has_guidance = TRUE;
  in->guidance_scale = 4.5;
  in->has_seed = TRUE;
  /* Beyond a double's exact integers: the seed must not go through a GtkAdjustment. */
  in->seed = G_GINT64_CONSTANT (9007199254740993);
  easel_image_setting_set_string (&in->sampler, "dpmpp_2m");
  /* Not offered by any provider yet: kept, not dropped. */
  easel_image_setting_set_string (&in->scheduler, "karras");
  json_object_set_int_member (in->extra_settings, "clip_skip", 2);

  easel_settings_editor_set_setting (editor, in);
  g_assert_true (easel_settings_editor_get_valid (editor));
  out = easel_settings_editor_dup_setting (editor, &error);
  g_assert_no_error (error);
  g_assert_true (easel_image_setting_equal (in, out));

  /* Loading nothing goes back to the defaults. */
  easel_settings_editor_set_setting (editor, NULL);
  g_clear_pointer (&out, easel_image_setting_free);
  out = easel_settings_editor_dup_setting (editor, &error);
  g_assert_no_error (error);
  g_assert_false (out->has_seed);
  g_assert_null (out->sampler);
  g_assert_cmpint (out->width, ==, 1024);

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_invalid (void)
{
  EaselSettingsEditor *editor = g_object_ref_sink (EASEL_SETTINGS_EDITOR (easel_settings_editor_new ()));
  GtkWidget *extra_row = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "extra_row");
  GtkWidget *seed_entry = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "seed_entry");
  GtkToggleButton *random = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                            "random_seed_button");
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GError) error = NULL;
  guint valid_notifies = 0;

  g_signal_connect (editor, "notify::valid", G_CALLBACK (count_notify_cb), &valid_notifies);

  /* Extra settings must be a JSON object. */
  gtk_editable_set_text (GTK_EDITABLE (extra_row), "[1, 2]");
  g_assert_false (easel_settings_editor_get_valid (editor));
  g_assert_true (gtk_widget_has_css_class (extra_row, "error"));
  g_assert_cmpuint (valid_notifies, ==, 1);
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_null (setting);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (extra_row), "{\"clip_skip\": 2}");
  g_assert_true (easel_settings_editor_get_valid (editor));
  g_assert_false (gtk_widget_has_css_class (extra_row, "error"));
  g_assert_cmpuint (valid_notifies, ==, 2);

  /* A seed is a whole number; while "random" is on, the entry is not used at all. */
  gtk_editable_set_text (GTK_EDITABLE (seed_entry), "12ab");
  g_assert_true (easel_settings_editor_get_valid (editor));
  g_assert_false (gtk_widget_get_sensitive (seed_entry));
  gtk_toggle_button_set_active (random, FALSE);
  g_assert_true (gtk_widget_get_sensitive (seed_entry));
  g_assert_false (easel_settings_editor_get_valid (editor));
  g_assert_true (gtk_widget_has_css_class (seed_entry, "error"));
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_null (setting);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  gtk_editable_set_text (GTK_EDITABLE (seed_entry), "42");
  g_assert_true (easel_settings_editor_get_valid (editor));
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_no_error (error);
  g_assert_true (setting->has_seed);
  g_assert_cmpint (setting->seed, ==, 42);

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_unsupported_rows (void)
{
  EaselSettingsEditor *editor = g_object_ref_sink (EASEL_SETTINGS_EDITOR (easel_settings_editor_new ()));
  GtkWidget *steps_row = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "steps_row");
  GtkWidget *guidance_row = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "guidance_row");
  GtkWidget *sampler = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "sampler_dropdown");
  const char *samplers[] = { "euler", NULL };
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing offers samplers yet: only "Provider default", insensitive. */
  g_assert_false (gtk_widget_get_sensitive (sampler));
  easel_settings_editor_set_samplers (editor, samplers);
  g_assert_true (gtk_widget_get_sensitive (sampler));
  easel_settings_editor_set_samplers (editor, NULL);
  g_assert_false (gtk_widget_get_sensitive (sampler));

  /* A field the providers do not support (its row hidden or insensitive) stays unset. */
  gtk_widget_set_sensitive (steps_row, FALSE);
  gtk_widget_set_visible (guidance_row, FALSE);
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (setting->steps, ==, 0);
  g_assert_false (setting->has_guidance);
  g_assert_cmpint (setting->width, ==, 1024);

  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  if (!easel_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/easel/library-sidebar/states", test_library_sidebar_states);
  g_test_add_func ("/easel/results-view/states", test_results_view_states);
  g_test_add_func ("/easel/prompt-area/prompts", test_prompt_area_prompts);
  g_test_add_func ("/easel/prompt-area/providers", test_prompt_area_providers);
  g_test_add_func ("/easel/prompt-area/styles-and-formats", test_prompt_area_styles_and_formats);
  g_test_add_func ("/easel/settings-editor/defaults", test_settings_editor_defaults);
  g_test_add_func ("/easel/settings-editor/round-trip", test_settings_editor_round_trip);
  g_test_add_func ("/easel/settings-editor/invalid", test_settings_editor_invalid);
  g_test_add_func ("/easel/settings-editor/unsupported-rows",
                   test_settings_editor_unsupported_rows);

  return g_test_run ();
}
