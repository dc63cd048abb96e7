/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The comparison grid, driven through the real window against scripted providers: a run's
 * cards appear at once, labelled, with progress and previews, then images; an error shows the
 * provider's message and Retry works; cancel per card and for the whole run (Escape);
 * "Paste parameters"; the adjustments shown before generating; card actions. Screenshots: a run
 * in progress, a finished grid of three providers, an error card.
 */
#include "config.h"

#include "easel-test-window.h"

#include "easel-image-setting.h"
#include "easel-prompt-area.h"
#include "easel-provider-picker.h"
#include "easel-result-card.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-results-view.h"
#include "easel-run-item.h"
#include "easel-run.h"
#include "easel-settings-editor.h"
#include "easel-store.h"

static EaselWindow *window;
static EaselScriptedProvider *comfy;
static EaselScriptedProvider *forge;
static EaselScriptedProvider *openai;

static EaselPromptArea *
prompt_area (void)
{
  return easel_window_get_prompt_area (window);
}

static void
choose (const char * const *names)
{
  easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (prompt_area ()),
                                      names);
}

static EaselRunItem *
newest_run (void)
{
  GListModel *runs = easel_window_get_runs (window);
  g_autoptr(EaselRunItem) run = g_list_model_get_item (runs, 0);

  return run;   /* The window's list keeps it. */
}

static guint n_runs_before;

static gboolean
run_started (gpointer data)
{
  guint want = GPOINTER_TO_UINT (data);
  GListModel *runs = easel_window_get_runs (window);

  return g_list_model_get_n_items (runs) > n_runs_before &&
         g_list_model_get_n_items (easel_run_item_get_cards (newest_run ())) == want;
}

/* Generate, as Ctrl+Enter does, and wait for the run's cards. */
static EaselRunItem *
generate (guint n_cards)
{
  n_runs_before = g_list_model_get_n_items (easel_window_get_runs (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.generate", NULL));
  easel_test_wait (run_started, GUINT_TO_POINTER (n_cards), 5000, "the run's cards");
  return newest_run ();
}

static EaselResultItem *
card_item (EaselRunItem *run,
           guint         index)
{
  g_autoptr(EaselResultItem) item = g_list_model_get_item (easel_run_item_get_cards (run), index);

  return item;
}

static gboolean
run_done (gpointer data)
{
  EaselRunItem *run = data;
  GListModel *cards = easel_run_item_get_cards (run);

  if (easel_run_item_get_active (run))
    return FALSE;
  /* And every finished card shows its image. */
  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    {
      EaselResultItem *item = card_item (run, i);

      if (easel_result_item_get_result (item) != NULL && easel_result_item_get_image (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_running (gpointer data)
{
  EaselRunItem *run = data;
  GListModel *cards = easel_run_item_get_cards (run);

  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    {
      EaselResultItem *item = card_item (run, i);

      if (easel_result_item_get_state (item) != EASEL_JOB_RUNNING ||
          easel_result_item_get_fraction (item) < 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
previews_shown (gpointer data)
{
  EaselRunItem *run = data;
  GListModel *cards = easel_run_item_get_cards (run);

  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    if (easel_result_item_get_preview (card_item (run, i)) == NULL)
      return FALSE;
  return TRUE;
}

static GtkWidget *
card_widget (EaselResultItem *item)
{
  GtkWidget *card = easel_results_view_find_card (easel_window_get_results_view (window),
                                                  easel_result_item_get_job_id (item));

  g_assert_true (EASEL_IS_RESULT_CARD (card));
  return card;
}

static const char *
card_label (EaselResultItem *item,
            const char      *id)
{
  return gtk_label_get_text (easel_test_template_child (card_widget (item),
                                                        EASEL_TYPE_RESULT_CARD, id));
}

static void
test_compare_two_providers (void)
{
  const char *names[] = { "Studio GPU", "OpenAI", NULL };
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  EaselRunItem *run;
  EaselResultItem *first, *second;

  choose (names);
  easel_prompt_area_set_prompt (prompt_area (), "a lighthouse on a cliff at dusk");
  setting->width = 1024;
  setting->height = 768;
  setting->steps = 24;
  setting->count = 1;
  easel_settings_editor_set_setting (easel_window_get_settings_editor (window), setting);
  easel_scripted_provider_set_delay (comfy, 400);
  easel_scripted_provider_set_delay (openai, 400);

  /* Both cards at once, labelled by provider and model, in the order chosen. */
  run = generate (2);
  first = card_item (run, 0);
  second = card_item (run, 1);
  g_assert_cmpstr (card_label (first, "title_label"), ==, "Studio GPU");
  g_assert_cmpstr (card_label (first, "model_label"), ==, "sdxl_base");
  g_assert_cmpstr (card_label (second, "title_label"), ==, "OpenAI");
  g_assert_cmpstr (card_label (second, "model_label"), ==, "gpt-image-1");

  /* Then progress, with the provider's word for it, and previews. */
  easel_test_wait (all_running, run, 5000, "progress on both cards");
  easel_test_wait (previews_shown, run, 5000, "previews on both cards");
  g_assert_cmpstr (card_label (first, "status_label"), ==, "halfway");
  g_assert_true (gtk_widget_get_visible (easel_test_template_child (window, EASEL_TYPE_WINDOW,
                                                                    "cancel_button")));

  /* Then the images, with seed, size and time. */
  easel_test_wait (run_done, run, 10000, "both images");
  g_assert_nonnull (easel_result_item_get_result (first));
  g_assert_nonnull (easel_result_item_get_result (second));
  g_assert_true (g_str_has_prefix (card_label (first, "seed_label"), "Seed "));
  g_assert_nonnull (strstr (card_label (first, "details_label"), " × "));
  g_assert_false (gtk_widget_get_visible (easel_test_template_child (window, EASEL_TYPE_WINDOW,
                                                                     "cancel_button")));
}

static gboolean
has_result (gpointer data)
{
  return easel_result_item_get_result (data) != NULL;
}

static void
test_compare_error_and_retry (void)
{
  const char *names[] = { "Studio GPU", "OpenAI", NULL };
  EaselRunItem *run;
  EaselResultItem *failed;

  choose (names);
  easel_scripted_provider_set_delay (comfy, 10);
  easel_scripted_provider_set_delay (openai, 10);
  easel_scripted_provider_push (openai, EASEL_SCRIPT_FAIL, EASEL_PROVIDER_ERROR_CONTENT_POLICY, -1);
  easel_scripted_provider_set_message (openai, "OpenAI refused the prompt: your request was "
                                       "rejected by the safety system. Try other words.");
  easel_prompt_area_set_prompt (prompt_area (), "a lighthouse in a storm, huge waves");

  run = generate (2);
  easel_test_wait (run_done, run, 10000, "the run to end");
  failed = card_item (run, 1);
  g_assert_cmpint (easel_result_item_get_state (failed), ==, EASEL_JOB_FAILED);

  /* The provider's own message on its card, and Retry. */
  g_assert_cmpstr (card_label (failed, "error_label"), ==,
                   easel_result_item_get_error_message (failed));
  g_assert_nonnull (strstr (card_label (failed, "error_label"), "safety system"));
  g_assert_true (gtk_widget_is_sensitive (easel_test_template_child (card_widget (failed),
                                                                     EASEL_TYPE_RESULT_CARD,
                                                                     "retry_button")));
  easel_test_screenshots (GTK_WIDGET (window), "error-card");

  g_assert_true (gtk_widget_activate_action (card_widget (failed), "card.retry", NULL));
  easel_test_wait (has_result, failed, 10000, "the retried image");
  easel_test_wait (run_done, run, 10000, "the retried image to show");
  g_assert_nonnull (easel_result_item_get_result (failed));
  g_assert_cmpint (easel_result_item_get_state (failed), ==, EASEL_JOB_DONE);
}

static gboolean
cancelled (gpointer data)
{
  return easel_result_item_get_state (data) == EASEL_JOB_CANCELLED;
}

static void
test_compare_cancel (void)
{
  const char *names[] = { "Studio GPU", "Forge", "OpenAI", NULL };
  EaselRunItem *run;
  EaselResultItem *one;

  choose (names);
  easel_scripted_provider_set_default (comfy, EASEL_SCRIPT_HANG, 0);
  easel_scripted_provider_set_default (forge, EASEL_SCRIPT_HANG, 0);
  easel_scripted_provider_set_default (openai, EASEL_SCRIPT_HANG, 0);
  easel_prompt_area_set_prompt (prompt_area (), "a lighthouse under the northern lights");

  run = generate (3);
  easel_test_wait (all_running, run, 5000, "three running jobs");
  easel_test_wait (previews_shown, run, 5000, "previews on the three cards");
  easel_test_screenshots (GTK_WIDGET (window), "run-in-progress");

  /* One card: "Cancelling…" until the provider confirms, then cancelled. */
  one = card_item (run, 1);
  g_assert_true (gtk_widget_activate_action (card_widget (one), "card.cancel", NULL));
  g_assert_true (easel_result_item_get_cancelling (one));
  g_assert_cmpstr (card_label (one, "status_label"), ==, "Cancelling…");
  easel_test_wait (cancelled, one, 5000, "the card's cancel");
  g_assert_true (easel_run_item_get_active (run));

  /* Escape: the whole run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  easel_test_wait (run_done, run, 5000, "the run's cancel");
  g_assert_cmpint (easel_result_item_get_state (card_item (run, 0)), ==, EASEL_JOB_CANCELLED);
  g_assert_cmpint (easel_result_item_get_state (card_item (run, 2)), ==, EASEL_JOB_CANCELLED);
  g_assert_false (gtk_widget_get_visible (easel_test_template_child (window, EASEL_TYPE_WINDOW,
                                                                     "cancel_button")));

  easel_scripted_provider_set_default (comfy, EASEL_SCRIPT_SUCCEED, 0);
  easel_scripted_provider_set_default (forge, EASEL_SCRIPT_SUCCEED, 0);
  easel_scripted_provider_set_default (openai, EASEL_SCRIPT_SUCCEED, 0);
}

static void
test_compare_grid_of_three (void)
{
  const char *names[] = { "Studio GPU", "Forge", "OpenAI", NULL };
  EaselRunItem *run;

  choose (names);
  easel_prompt_area_set_prompt (prompt_area (), "A lighthouse on a cliff at dusk, warm light in "
                                "the windows, oil painting");
  run = generate (3);
  easel_test_wait (run_done, run, 10000, "three images");
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (easel_result_item_get_image (card_item (run, i)));
  easel_test_screenshots (GTK_WIDGET (window), "grid-three-providers");
}

static void
test_compare_paste_parameters (void)
{
  const char *infotext =
    "a watercolor fox in a snowy forest\n"
    "Negative prompt: blurry, text\n"
    "Steps: 28, Sampler: DPM++ 2M, CFG scale: 6.5, Seed: 1234567, Size: 768x512, "
    "Model: sdxl_base";
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;

  g_assert_true (easel_window_paste_parameters (window, infotext));
  prompt = easel_prompt_area_dup_prompt (prompt_area ());
  negative = easel_prompt_area_dup_negative_prompt (prompt_area ());
  g_assert_cmpstr (prompt, ==, "a watercolor fox in a snowy forest");
  g_assert_cmpstr (negative, ==, "blurry, text");

  setting = easel_settings_editor_dup_setting (easel_window_get_settings_editor (window), NULL);
  g_assert_cmpint (setting->width, ==, 768);
  g_assert_cmpint (setting->height, ==, 512);
  g_assert_cmpint (setting->steps, ==, 28);
  g_assert_cmpfloat (setting->guidance_scale, ==, 6.5);
  g_assert_true (setting->has_seed);
  g_assert_cmpint (setting->seed, ==, 1234567);
  g_assert_nonnull (setting->sampler);

  /* Text that holds no parameters changes nothing. */
  g_assert_false (easel_window_paste_parameters (window, "   "));
}

static void
test_compare_capabilities (void)
{
  const char *only_openai[] = { "OpenAI", NULL };
  const char *both[] = { "Studio GPU", "OpenAI", NULL };
  EaselSettingsEditor *editor = easel_window_get_settings_editor (window);
  GtkWidget *steps_row = easel_test_template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                                    "steps_row");
  GtkWidget *adjustments = easel_test_template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                                      "adjustments_group");
  GtkListBox *list = easel_test_template_child (editor, EASEL_TYPE_SETTINGS_EDITOR,
                                                "adjustments_list");

  choose (only_openai);
  g_assert_false (gtk_widget_get_sensitive (steps_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (steps_row), ==, "Not supported by OpenAI");
  choose (both);
  g_assert_true (gtk_widget_get_sensitive (steps_row));

  /* Before generating, a line per provider. */
  easel_test_drain ();
  g_assert_true (gtk_widget_get_visible (adjustments));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
}

static gboolean
example_saved (gpointer data)
{
  return g_list_model_get_n_items (easel_window_get_examples (window)) > GPOINTER_TO_UINT (data);
}

static gboolean
favorite_stored (gpointer data)
{
  EaselStore *store = easel_engine_get_store (easel_test.engine);
  g_autoptr(EaselResult) stored = easel_store_get_result (store, GPOINTER_TO_SIZE (data), NULL);

  return stored != NULL && stored->favorite && stored->rating == 4;
}

static void
test_compare_card_actions (void)
{
  EaselRunItem *run = newest_run ();
  EaselResultItem *item = card_item (run, 0);
  GtkWidget *card = card_widget (item);
  gint64 result_id = easel_result_item_get_result_id (item);
  guint n_examples = g_list_model_get_n_items (easel_window_get_examples (window));
  g_autofree char *prompt = NULL;

  g_assert_cmpint (result_id, >, 0);

  /* Favourite and rating: on the card at once, in the store soon after. */
  g_assert_true (gtk_widget_activate_action (card, "card.favorite", NULL));
  g_assert_true (gtk_widget_activate_action (card, "card.rating", "i", 4));
  g_assert_true (easel_result_item_get_favorite (item));
  g_assert_cmpint (easel_result_item_get_rating (item), ==, 4);
  easel_test_wait (favorite_stored, GSIZE_TO_POINTER (result_id), 5000, "the star to be stored");

  /* Reuse these settings: the prompt as typed, the provider, the seed. */
  easel_prompt_area_set_prompt (prompt_area (), "something else");
  g_assert_true (gtk_widget_activate_action (card, "card.reuse", NULL));
  prompt = easel_prompt_area_dup_prompt (prompt_area ());
  g_assert_cmpstr (prompt, ==, "A lighthouse on a cliff at dusk, warm light in the windows, "
                   "oil painting");

  /* Save as example: its recipe in the library. */
  g_assert_true (gtk_widget_activate_action (card, "card.save-example", NULL));
  easel_test_wait (example_saved, GUINT_TO_POINTER (n_examples), 5000, "the example");

  /* Everything the card knows, in its own window. */
  g_assert_true (gtk_widget_activate_action (card, "card.details", NULL));
  easel_test_drain ();
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (l->data), "EaselResultDetails") == 0)
      {
        easel_test_wait_frames (l->data, 2);
        gtk_window_destroy (l->data);
      }

  /* The file name offered by Save As is made of the prompt, the provider and the seed. */
  {
    const char *path = easel_result_item_get_image_path (item);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) art_comfy = NULL;
  g_autoptr(GBytes) art_forge = NULL;
  g_autoptr(GBytes) art_openai = NULL;
  g_autoptr(GBytes) preview = NULL;
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;
  easel_test_app_init ();

  comfy = easel_test_add_provider ("Studio GPU", EASEL_PROVIDER_KIND_COMFYUI, "sdxl_base");
  forge = easel_test_add_provider ("Forge", EASEL_PROVIDER_KIND_A1111, "juggernautXL");
  openai = easel_test_add_provider ("OpenAI", EASEL_PROVIDER_KIND_OPENAI, "gpt-image-1");
  art_comfy = easel_test_make_art (512, 384, 0x27408bff, 0xf08a5dff, 0.7);
  art_forge = easel_test_make_art (512, 384, 0x1b2a49ff, 0xd96c75ff, 0.3);
  art_openai = easel_test_make_art (512, 384, 0x3a6ea5ff, 0xffd6a5ff, 0.5);
  preview = easel_test_make_art (128, 96, 0x555566ff, 0x9a8f80ff, 0.5);
  easel_scripted_provider_set_image (comfy, art_comfy);
  easel_scripted_provider_set_image (forge, art_forge);
  easel_scripted_provider_set_image (openai, art_openai);
  easel_scripted_provider_set_preview (comfy, preview);
  easel_scripted_provider_set_preview (forge, preview);
  easel_scripted_provider_set_preview (openai, preview);

  window = easel_test_show_window ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add_func ("/easel/compare/two-providers", test_compare_two_providers);
  g_test_add_func ("/easel/compare/error-and-retry", test_compare_error_and_retry);
  g_test_add_func ("/easel/compare/cancel", test_compare_cancel);
  g_test_add_func ("/easel/compare/grid-of-three", test_compare_grid_of_three);
  g_test_add_func ("/easel/compare/card-actions", test_compare_card_actions);
  g_test_add_func ("/easel/compare/paste-parameters", test_compare_paste_parameters);
  g_test_add_func ("/easel/compare/capabilities", test_compare_capabilities);

  status = g_test_run ();

  easel_test_app_finish ();
  return status;
}
