/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Behaviour of the main window's parts, each on its own: empty states, pickers, placeholders,
 * the settings editor's round trip. The window itself is in test-window.c.
 */
#include "config.h"

#include "easel-test-ui.h"

#include "easel-capabilities.h"
#include "easel-error.h"
#include "easel-example-item.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-prompt-example.h"
#include "easel-provider-config.h"
#include "easel-provider-item.h"
#include "easel-provider-picker.h"
#include "easel-result-card.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-results-view.h"
#include "easel-run-item.h"
#include "easel-run.h"
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

/* The text of a result card's label. */
static const char *
card_text (gpointer    card,
           const char *id)
{
  return gtk_label_get_text (template_child (card, EASEL_TYPE_RESULT_CARD, id));
}

static EaselSettingsEditor *
new_settings_editor (void)
{
  return g_object_ref_sink (EASEL_SETTINGS_EDITOR (easel_settings_editor_new ()));
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

static EaselExampleItem *
example_item (const char *name)
{
  g_autoptr(EaselPromptExample) example = easel_prompt_example_new (name, "a lighthouse");

  return easel_example_item_new (example);
}

static EaselProviderItem *
provider_item (const char        *name,
               EaselProviderKind  kind)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new (name, kind);

  return easel_provider_item_new (config);
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
  g_autoptr(GListStore) examples = g_list_store_new (EASEL_TYPE_EXAMPLE_ITEM);
  g_autoptr(EaselExampleItem) lighthouse = example_item ("Lighthouse at dusk");
  guint can_search_notifies = 0;

  g_signal_connect (sidebar, "notify::can-search", G_CALLBACK (count_notify_cb),
                    &can_search_notifies);

  /* Nothing saved: the empty state, and nothing to search. */
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_false (easel_library_sidebar_get_can_search (sidebar));
  g_assert_false (gtk_widget_get_sensitive (search_entry));

  easel_library_sidebar_set_model (sidebar, G_LIST_MODEL (examples));
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_cmpuint (can_search_notifies, ==, 0);

  g_list_store_append (examples, lighthouse);
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "list");
  g_assert_true (easel_library_sidebar_get_can_search (sidebar));
  g_assert_true (gtk_widget_get_sensitive (search_entry));
  g_assert_cmpuint (can_search_notifies, ==, 1);

  /* A search that filters everything out says so, and the entry stays usable to clear it. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "zebra");
  g_assert_cmpstr (easel_library_sidebar_get_search_text (sidebar), ==, "zebra");
  g_list_store_remove (examples, 0);
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "no-matches");
  g_assert_true (gtk_widget_get_sensitive (search_entry));

  gtk_editable_set_text (GTK_EDITABLE (search_entry), "");
  g_assert_cmpstr (visible_page (sidebar, EASEL_TYPE_LIBRARY_SIDEBAR, "stack"), ==, "empty");
  g_assert_false (easel_library_sidebar_get_can_search (sidebar));

  easel_library_sidebar_set_model (sidebar, NULL);
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
  g_autoptr(GListStore) runs = g_list_store_new (EASEL_TYPE_RUN_ITEM);
  g_autoptr(EaselRunItem) run = easel_run_item_new (7, "a lighthouse", 0);
  g_autoptr(EaselJob) job = easel_job_new ();
  guint empty_notifies = 0;

  g_signal_connect (view, "notify::empty", G_CALLBACK (count_notify_cb), &empty_notifies);

  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "empty");

  easel_results_view_set_runs (view, G_LIST_MODEL (runs));
  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpuint (empty_notifies, ==, 0);

  /* A run shows a group with a card per job, labelled by its provider. */
  job->id = 41;
  job->run_id = 7;
  job->provider_name = g_strdup ("ComfyUI");
  job->model = g_strdup ("sdxl");
  easel_run_item_add_job (run, job);
  g_list_store_append (runs, run);
  g_assert_false (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "grid");
  g_assert_cmpuint (empty_notifies, ==, 1);
  g_assert_true (EASEL_IS_RESULT_CARD (easel_results_view_find_card (view, 41)));
  g_assert_null (easel_results_view_find_card (view, 42));

  g_list_store_remove_all (runs);
  g_assert_true (easel_results_view_get_empty (view));
  g_assert_cmpstr (results_page (view), ==, "empty");
  g_assert_cmpuint (empty_notifies, ==, 2);

  easel_results_view_set_runs (view, NULL);
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
  EaselProviderPicker *picker = easel_prompt_area_get_provider_picker (area);
  GtkMenuButton *button = template_child (picker, EASEL_TYPE_PROVIDER_PICKER, "button");
  GtkWidget *chips = template_child (picker, EASEL_TYPE_PROVIDER_PICKER, "chips");
  GtkWidget *hint = template_child (picker, EASEL_TYPE_PROVIDER_PICKER, "hint");
  g_autoptr(GListStore) providers = g_list_store_new (EASEL_TYPE_PROVIDER_ITEM);
  g_autoptr(EaselProviderItem) comfy = provider_item ("Studio GPU", EASEL_PROVIDER_KIND_COMFYUI);
  g_autoptr(EaselProviderItem) openai = provider_item ("OpenAI", EASEL_PROVIDER_KIND_OPENAI);
  g_auto(GStrv) names = NULL;
  const char *both[] = { "OpenAI", "Studio GPU", NULL };
  guint notifies = 0;

  g_signal_connect (area, "notify::n-providers", G_CALLBACK (count_notify_cb), &notifies);

  /* No providers: said so, and nothing to open. */
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "No providers");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_cmpuint (easel_prompt_area_get_n_providers (area), ==, 0);

  easel_prompt_area_set_providers (area, G_LIST_MODEL (providers));
  g_list_store_append (providers, comfy);
  g_list_store_append (providers, openai);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Choose…");
  g_assert_true (gtk_widget_get_visible (hint));

  /* One, then a second to compare: a chip each, and the button says how many. */
  easel_provider_picker_toggle (picker, "Studio GPU");
  g_assert_cmpuint (easel_prompt_area_get_n_providers (area), ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Studio GPU");
  g_assert_true (gtk_widget_get_visible (chips));
  g_assert_false (gtk_widget_get_visible (hint));
  easel_provider_picker_toggle (picker, "OpenAI");
  g_assert_cmpuint (easel_prompt_area_get_n_providers (area), ==, 2);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "2 providers");
  g_assert_nonnull (gtk_widget_get_next_sibling (gtk_widget_get_first_child (chips)));
  g_assert_cmpuint (notifies, ==, 2);

  /* In list order, whatever order they were chosen in. */
  names = easel_prompt_area_dup_selected_providers (area);
  g_assert_cmpstrv (names, ((const char *[]) { "Studio GPU", "OpenAI", NULL }));

  /* Choosing the same set again changes nothing. */
  easel_provider_picker_select_names (picker, both);
  g_assert_cmpuint (notifies, ==, 2);

  g_list_store_remove_all (providers);
  g_assert_cmpuint (easel_prompt_area_get_n_providers (area), ==, 0);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "No providers");

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
  EaselSettingsEditor *editor = new_settings_editor ();
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
  EaselSettingsEditor *editor = new_settings_editor ();
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
  EaselSettingsEditor *editor = new_settings_editor ();
  GtkTextBuffer *extra = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "extra_buffer");
  GtkWidget *extra_view = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "extra_view");
  GtkLabel *extra_message = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "extra_message");
  GtkWidget *seed_entry = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "seed_entry");
  GtkToggleButton *random = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                            "random_seed_button");
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GError) error = NULL;
  guint valid_notifies = 0;

  g_signal_connect (editor, "notify::valid", G_CALLBACK (count_notify_cb), &valid_notifies);

  /* Extra settings must be a JSON object. */
  gtk_text_buffer_set_text (extra, "[1, 2]", -1);
  g_assert_false (easel_settings_editor_get_valid (editor));
  g_assert_true (gtk_widget_has_css_class (extra_view, "error"));
  /* Said where it is wrong, and why Generate is off. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (extra_message), "error"));
  g_assert_cmpstr (gtk_label_get_text (extra_message), !=,
                   "Provider-specific keys, as a JSON object");
  g_assert_nonnull (easel_settings_editor_get_validation_message (editor));
  g_assert_cmpuint (valid_notifies, ==, 1);
  setting = easel_settings_editor_dup_setting (editor, &error);
  g_assert_null (setting);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  gtk_text_buffer_set_text (extra, "{\"clip_skip\": 2}", -1);
  g_assert_true (easel_settings_editor_get_valid (editor));
  g_assert_false (gtk_widget_has_css_class (extra_view, "error"));
  g_assert_null (easel_settings_editor_get_validation_message (editor));
  g_assert_cmpuint (valid_notifies, ==, 2);

  /* A seed is a whole number; while "random" is on, the entry is not used at all. */
  gtk_editable_set_text (GTK_EDITABLE (seed_entry), "12ab");
  g_assert_true (easel_settings_editor_get_valid (editor));
  g_assert_false (gtk_widget_get_sensitive (seed_entry));
  gtk_toggle_button_set_active (random, FALSE);
  g_assert_true (gtk_widget_get_sensitive (seed_entry));
  g_assert_false (easel_settings_editor_get_valid (editor));
  g_assert_true (gtk_widget_has_css_class (seed_entry, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                                                "seed_row")),
                   ==, easel_settings_editor_get_validation_message (editor));
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
  EaselSettingsEditor *editor = new_settings_editor ();
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

static void
test_settings_editor_capabilities (void)
{
  EaselSettingsEditor *editor = new_settings_editor ();
  GtkWidget *steps_row = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "steps_row");
  GtkWidget *seed_row = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "seed_row");
  g_autoptr(GPtrArray) caps =
    g_ptr_array_new_with_free_func ((GDestroyNotify) easel_capabilities_free);
  const char *openai_only[] = { "OpenAI", NULL };
  const char *both[] = { "OpenAI", "Studio GPU", NULL };
  g_autoptr(EaselImageSetting) setting = NULL;

  /* OpenAI alone: no steps, no seed; greyed out, with the reason. */
  g_ptr_array_add (caps, easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI, "gpt-image-1"));
  easel_settings_editor_set_capabilities (editor, caps, openai_only);
  g_assert_false (gtk_widget_get_sensitive (steps_row));
  g_assert_false (gtk_widget_get_sensitive (seed_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (steps_row), ==, "Not supported by OpenAI");
  setting = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_cmpint (setting->steps, ==, 0);
  g_clear_pointer (&setting, easel_image_setting_free);

  /* With ComfyUI too, the field is back, and says who ignores it. */
  g_ptr_array_add (caps, easel_capabilities_lookup (EASEL_PROVIDER_KIND_COMFYUI, NULL));
  easel_settings_editor_set_capabilities (editor, caps, both);
  g_assert_true (gtk_widget_get_sensitive (steps_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (steps_row), ==, "Ignored by OpenAI");
  setting = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_cmpint (setting->steps, ==, 30);

  /* No providers: everything editable. */
  easel_settings_editor_set_capabilities (editor, NULL, NULL);
  g_assert_true (gtk_widget_get_sensitive (seed_row));
  g_assert_null (gtk_widget_get_tooltip_text (seed_row));

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_aspect (void)
{
  EaselSettingsEditor *editor = new_settings_editor ();
  GtkDropDown *aspect = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "aspect_dropdown");
  GtkWidget *swap = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "swap_button");
  g_autoptr(EaselImageSetting) setting = NULL;

  /* 1024×1024 is square. */
  g_assert_cmpuint (gtk_drop_down_get_selected (aspect), ==, 1);

  /* Wide 16:9 keeps the long side: 1024×576. */
  gtk_drop_down_set_selected (aspect, 4);
  setting = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_cmpint (setting->width, ==, 1024);
  g_assert_cmpint (setting->height, ==, 576);
  g_clear_pointer (&setting, easel_image_setting_free);

  /* Swap: tall 9:16, and the preset follows. */
  g_signal_emit_by_name (swap, "clicked");
  setting = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_cmpint (setting->width, ==, 576);
  g_assert_cmpint (setting->height, ==, 1024);
  g_assert_cmpuint (gtk_drop_down_get_selected (aspect), ==, 7);
  g_clear_pointer (&setting, easel_image_setting_free);

  /* Any other size is "Custom". */
  easel_settings_editor_set_size (editor, 1000, 333);
  g_assert_cmpuint (gtk_drop_down_get_selected (aspect), ==, 0);

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_reuse_seed (void)
{
  EaselSettingsEditor *editor = new_settings_editor ();
  GtkWidget *reuse = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "reuse_seed_button");
  g_autoptr(EaselImageSetting) setting = NULL;

  g_assert_false (gtk_widget_get_sensitive (reuse));
  easel_settings_editor_set_last_seed (editor, TRUE, 123456789);
  g_assert_true (gtk_widget_get_sensitive (reuse));
  g_signal_emit_by_name (reuse, "clicked");
  setting = easel_settings_editor_dup_setting (editor, NULL);
  g_assert_true (setting->has_seed);
  g_assert_cmpint (setting->seed, ==, 123456789);

  g_assert_finalize_object (editor);
}

static void
test_settings_editor_adjustments (void)
{
  EaselSettingsEditor *editor = new_settings_editor ();
  GtkWidget *group = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "adjustments_group");
  GtkListBox *list = template_child (editor, EASEL_TYPE_SETTINGS_EDITOR, "adjustments_list");
  const char *titles[] = { "OpenAI · gpt-image-1", "Studio GPU", NULL };
  const char *details[] = { "size 1344×768 → 1536×1024", "", NULL };
  const char *problems[] = { "0", "0", NULL };
  AdwActionRow *row;

  g_assert_false (gtk_widget_get_visible (group));
  easel_settings_editor_set_adjustments (editor, titles, details, problems);
  g_assert_true (gtk_widget_get_visible (group));
  row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "OpenAI · gpt-image-1");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "size 1344×768 → 1536×1024");
  row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Sent as set");

  easel_settings_editor_set_adjustments (editor, NULL, NULL, NULL);
  g_assert_false (gtk_widget_get_visible (group));

  g_assert_finalize_object (editor);
}

/* Result card */

static void
test_result_card_states (void)
{
  g_autoptr(EaselJob) job = easel_job_new ();
  g_autoptr(EaselResultItem) item = NULL;
  g_autoptr(EaselResult) result = easel_result_new ();
  EaselResultCard *card;
  GtkWidget *window;
  GtkStack *stack;

  job->id = 3;
  job->run_id = 1;
  job->provider_name = g_strdup ("Studio GPU");
  job->model = g_strdup ("sdxl_base");
  job->state = EASEL_JOB_QUEUED;
  item = easel_result_item_new_for_job (job);
  card = g_object_ref_sink (EASEL_RESULT_CARD (easel_result_card_new (item)));
  stack = template_child (card, EASEL_TYPE_RESULT_CARD, "stack");
  /* Actionable widgets follow their actions once the card is in a window, as cards always are. */
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (card));

  /* Labelled at once; progress until done. */
  g_assert_cmpstr (card_text (card, "title_label"),
                   ==, "Studio GPU");
  g_assert_cmpstr (card_text (card, "model_label"),
                   ==, "sdxl_base");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "progress");
  g_assert_true (gtk_widget_get_visible (template_child (card, EASEL_TYPE_RESULT_CARD,
                                                         "cancel_button")));

  job->state = EASEL_JOB_RUNNING;
  job->cancelling = TRUE;
  easel_result_item_update_job (item, job);
  g_assert_cmpstr (card_text (card, "status_label"),
                   ==, "Cancelling…");
  g_assert_false (gtk_widget_get_visible (template_child (card, EASEL_TYPE_RESULT_CARD,
                                                          "cancel_button")));

  /* A failure shows the provider's message, and Retry. */
  job->cancelling = FALSE;
  job->state = EASEL_JOB_FAILED;
  job->error_message = g_strdup ("The server has no checkpoint named sdxl_base");
  easel_result_item_update_job (item, job);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_cmpstr (card_text (card, "error_label"),
                   ==, "The server has no checkpoint named sdxl_base");
  g_assert_true (gtk_widget_is_sensitive (template_child (card, EASEL_TYPE_RESULT_CARD,
                                                          "retry_button")));

  /* Then the image, with its details. */
  result->id = 9;
  result->job_id = 3;
  result->provider_name = g_strdup ("Studio GPU");
  result->width = 1024;
  result->height = 768;
  result->duration_ms = 4200;
  result->has_seed = TRUE;
  result->seed = 42;
  easel_result_item_set_result (item, result);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "image");
  g_assert_cmpstr (card_text (card, "details_label"),
                   ==, "1024 × 768 · 4.2 s");
  g_assert_cmpstr (card_text (card, "seed_label"),
                   ==, "Seed 42");

  /* Without a window, the star and the rating change the item itself. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.rating", "i", 4));
  g_assert_cmpint (easel_result_item_get_rating (item), ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.favorite", NULL));
  g_assert_true (easel_result_item_get_favorite (item));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (card);
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
  g_test_add_func ("/easel/settings-editor/capabilities", test_settings_editor_capabilities);
  g_test_add_func ("/easel/settings-editor/aspect", test_settings_editor_aspect);
  g_test_add_func ("/easel/settings-editor/reuse-seed", test_settings_editor_reuse_seed);
  g_test_add_func ("/easel/settings-editor/adjustments", test_settings_editor_adjustments);
  g_test_add_func ("/easel/result-card/states", test_result_card_states);
  g_test_add_func ("/easel/settings-editor/unsupported-rows",
                   test_settings_editor_unsupported_rows);

  return g_test_run ();
}
