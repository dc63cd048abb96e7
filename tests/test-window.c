/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real main window inside a real EaselApplication, on a scratch data folder, shown under
 * Xvfb: the first run (no providers, a local server found and added with one click), the idle
 * window, its actions, its shortcuts against the shortcuts window, its settings. Screenshots in
 * the light and the dark style go to BUILDDIR/tests/screenshots/.
 */
#include "config.h"

#include "easel-test-window.h"

#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-provider-picker.h"
#include "easel-settings-editor.h"
#include "easel-welcome-page.h"
#include "easel-window.h"

static gboolean
welcome_found (gpointer data)
{
  return !easel_welcome_page_get_probing (data) && easel_welcome_page_get_n_found (data) > 0;
}

static gboolean
compose_shown (gpointer data)
{
  GtkStack *stack = easel_test_template_child (data, EASEL_TYPE_WINDOW, "create_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "compose") == 0;
}

/* No provider: the welcome page says what Easel needs, finds the ComfyUI on this computer (the
 * A1111 address does not answer) and adds it with one click.
 */
static void
test_window_first_run (void)
{
  EaselWindow *window;
  GtkStack *create_stack;
  EaselWelcomePage *welcome;
  EaselPromptArea *prompt_area;

  easel_test_add_client ("http://127.0.0.1:18188", EASEL_PROVIDER_KIND_COMFYUI);
  g_setenv ("EASEL_DETECT_URLS", "comfyui=http://127.0.0.1:18188,a1111=http://127.0.0.1:17860",
            TRUE);

  window = easel_test_show_window ();
  create_stack = easel_test_template_child (window, EASEL_TYPE_WINDOW, "create_stack");
  welcome = easel_test_template_child (window, EASEL_TYPE_WINDOW, "welcome_page");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (create_stack), ==, "welcome");

  easel_test_wait (welcome_found, welcome, 5000, "the local ComfyUI to be found");
  g_assert_cmpuint (easel_welcome_page_get_n_found (welcome), ==, 1);
  easel_test_screenshots (GTK_WIDGET (window), "first-run");

  /* One click: the provider is saved, chosen, and the prompt is there. */
  g_assert_true (easel_welcome_page_add_found (welcome, 0));
  easel_test_wait (compose_shown, window, 5000, "the prompt after adding the provider");
  prompt_area = easel_window_get_prompt_area (window);
  g_assert_cmpuint (easel_prompt_area_get_n_providers (prompt_area), ==, 1);
  g_unsetenv ("EASEL_DETECT_URLS");
}

static gboolean
n_providers_is (gpointer data)
{
  GtkApplication *app = GTK_APPLICATION (easel_test.app);
  EaselWindow *window = EASEL_WINDOW (gtk_application_get_active_window (app));

  return g_list_model_get_n_items (easel_window_get_providers (window)) == GPOINTER_TO_UINT (data);
}

static void
test_window_screenshots (void)
{
  EaselWindow *window = easel_test_show_window ();
  EaselPromptArea *prompt_area = easel_window_get_prompt_area (window);
  EaselProviderPicker *picker = easel_prompt_area_get_provider_picker (prompt_area);

  easel_test_add_provider ("OpenAI", EASEL_PROVIDER_KIND_OPENAI, "gpt-image-1");
  easel_test_wait (n_providers_is, GUINT_TO_POINTER (2), 5000, "the new provider");
  easel_provider_picker_toggle (picker, "OpenAI");
  easel_prompt_area_set_prompt (prompt_area,
                                "A lighthouse on a cliff at dusk, warm light in the windows, "
                                "oil painting");
  easel_test_screenshots (GTK_WIDGET (window), "main-window");
}

static gboolean
action_button_sensitive (EaselWindow *window,
                         const char  *id)
{
  return gtk_widget_get_sensitive (easel_test_template_child (window, EASEL_TYPE_WINDOW, id));
}

static void
test_window_actions (void)
{
  EaselWindow *window = easel_test_show_window ();
  EaselPromptArea *prompt_area = easel_window_get_prompt_area (window);
  EaselProviderPicker *picker = easel_prompt_area_get_provider_picker (prompt_area);
  GtkWidget *prompt_view = easel_test_template_child (prompt_area, EASEL_TYPE_PROMPT_AREA,
                                                      "prompt_view");
  GtkWidget *cancel_button = easel_test_template_child (window, EASEL_TYPE_WINDOW,
                                                        "cancel_button");
  GtkLabel *hint = easel_test_template_child (window, EASEL_TYPE_WINDOW, "generate_hint_label");
  GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (easel_test.app),
                                                     "preferences");
  const char *none[] = { NULL };

  /* Nothing to generate: Generate is off and says why; nothing runs, so Cancel is hidden. */
  easel_prompt_area_set_prompt (prompt_area, NULL);
  easel_provider_picker_select_names (picker, none);
  g_assert_false (action_button_sensitive (window, "generate_button"));
  g_assert_cmpstr (gtk_label_get_text (hint), ==, "Choose a provider to generate with");
  easel_provider_picker_toggle (picker, "OpenAI");
  g_assert_cmpstr (gtk_label_get_text (hint), ==, "Write a prompt to generate");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (easel_test_template_child (window,
                                                                           EASEL_TYPE_WINDOW,
                                                                           "generate_button")),
                   ==, "Write a prompt to generate");
  easel_prompt_area_set_prompt (prompt_area, "a lighthouse on a cliff at dusk");
  g_assert_true (action_button_sensitive (window, "generate_button"));
  g_assert_false (gtk_widget_get_visible (cancel_button));

  /* The store is open: Preferences work. */
  g_assert_nonnull (preferences);
  g_assert_true (g_action_get_enabled (preferences));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-prompt", NULL));
  g_assert_true (gtk_widget_is_focus (prompt_view));

  easel_prompt_area_set_prompt (prompt_area, NULL);
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 GtkShortcutTrigger *wanted)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            wanted);

  return gtk_shortcut_trigger_equal (trigger, wanted);
}

/* The action a window shortcut controller runs for @accelerator, or NULL. */
static char *
find_window_shortcut (GtkWidget  *window,
                      const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (action) &&
              trigger_matches (gtk_shortcut_get_trigger (shortcut), wanted))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  return NULL;
}

/* Every shortcut the shortcuts window lists is bound, either as an application accelerator or
 * in the window's shortcut controllers; and the core ones run the actions they say.
 */
static void
test_window_shortcuts (void)
{
  EaselWindow *window = easel_test_show_window ();
  GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  const struct {
    const char *accelerator;
    const char *action;
  } core[] = {
    { "<Control>Return", "win.generate" },
    { "Escape", "win.cancel" },
    { "<Control>f", "win.search-library" },
    { "<Control>s", "win.save-example" },
    { "<Control>l", "win.focus-prompt" },
    { "<Control><Shift>v", "win.paste-parameters" },
  };
  guint n_listed = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  for (guint i = 0; i < G_N_ELEMENTS (core); i++)
    {
      g_autofree char *action = find_window_shortcut (GTK_WIDGET (window), core[i].accelerator);

      g_assert_cmpstr (action, ==, core[i].action);
    }

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *window_action = NULL;
      g_auto(GStrv) app_actions = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data, "accelerator", &accelerator, NULL);
      app_actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (easel_test.app),
                                                           accelerator);
      window_action = find_window_shortcut (GTK_WIDGET (window), accelerator);
      if ((app_actions == NULL || app_actions[0] == NULL) && window_action == NULL &&
          g_strcmp0 (accelerator, "<Control>question") != 0)
        g_error ("The shortcuts window lists %s, but nothing is bound to it", accelerator);
      n_listed++;
    }
  g_assert_cmpuint (n_listed, >=, 8);

  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

/* The window's size, and the providers chosen, are remembered. */
static void
test_window_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  EaselWindow *window = easel_test_show_window ();
  EaselProviderPicker *picker =
    easel_prompt_area_get_provider_picker (easel_window_get_prompt_area (window));
  const char *chosen[] = { "ComfyUI", "OpenAI", NULL };
  g_auto(GStrv) remembered = NULL;

  easel_provider_picker_select_names (picker, chosen);
  remembered = g_settings_get_strv (settings, "selected-providers");
  g_assert_cmpstrv (remembered, chosen);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;
  easel_test_app_init ();

  /* In this order: the first run adds the first provider. */
  g_test_add_func ("/easel/window/first-run", test_window_first_run);
  g_test_add_func ("/easel/window/screenshots", test_window_screenshots);
  g_test_add_func ("/easel/window/actions", test_window_actions);
  g_test_add_func ("/easel/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/easel/window/settings", test_window_settings);

  status = g_test_run ();

  easel_test_app_finish ();
  return status;
}
