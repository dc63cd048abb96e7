/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real main window inside a real EaselApplication, shown under Xvfb: its actions, its
 * shortcuts against the shortcuts window, its settings, and screenshots in the light and the
 * dark style, written to BUILDDIR/tests/screenshots/ as test artefacts. A window that renders
 * blank fails.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "easel-test-ui.h"

#include "easel-application.h"
#include "easel-prompt-area.h"
#include "easel-window.h"

/* Fewer distinct colours than this is a blank (or nearly blank) window: a plain background has
 * one, a background with a header bar a handful. The empty window, with its text and icons
 * anti-aliased, has hundreds.
 */
#define MIN_DISTINCT_COLOURS 64

static EaselApplication *app;

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
count_frame_cb (guint *painted)
{
  (*painted)++;
}

/* Iterates the main loop until @widget is mapped and has painted @n_frames more frames. */
static void
wait_for_frames (GtkWidget *widget,
                 guint      n_frames)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (50, wake_up_cb, NULL);
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler_id;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler_id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_frame_cb),
                                         &painted);

  while (painted < n_frames && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handler_disconnect (clock, handler_id);
  g_source_remove (wake_up_id);
  g_assert_cmpuint (painted, >=, n_frames);
}

static GtkWidget *
show_main_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (EASEL_IS_WINDOW (window));

  wait_for_frames (GTK_WIDGET (window), 3);
  return GTK_WIDGET (window);
}

static void
close_main_window (GtkWidget *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (window);
}

static GdkTexture *
render_window (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  guint  n_colours;
  double mean_luma;
} PixelStats;

static PixelStats
measure (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  double luma = 0;
  PixelStats stats;

  /* Downloaded as premultiplied ARGB in native 32-bit words. */
  gdk_texture_download (texture, (guchar *) pixels, stride);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 pixel = pixels[i];

      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      luma += 0.2126 * ((pixel >> 16) & 0xff) + 0.7152 * ((pixel >> 8) & 0xff)
              + 0.0722 * (pixel & 0xff);
    }

  stats.n_colours = g_hash_table_size (colours);
  stats.mean_luma = luma / ((double) width * height);
  return stats;
}

static PixelStats
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *build_dir = g_getenv ("EASEL_BUILD_DIR");
  g_autofree char *dir = g_build_filename (build_dir != NULL ? build_dir : ".", "tests",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = render_window (window);
  PixelStats stats;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  stats = measure (texture);
  g_test_message ("%s: %u distinct colours, mean luma %.1f", name, stats.n_colours,
                  stats.mean_luma);
  g_assert_cmpuint (stats.n_colours, >=, MIN_DISTINCT_COLOURS);
  return stats;
}

static void
test_window_screenshots (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window;
  PixelStats light, dark;

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = show_main_window ();
  light = save_screenshot (window, "main-window.png");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));
  wait_for_frames (window, 3);
  dark = save_screenshot (window, "main-window-dark.png");

  /* The dark style really is dark: not one style rendered twice. */
  g_assert_cmpfloat (dark.mean_luma + 50, <, light.mean_luma);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  close_main_window (window);
}

static gboolean
action_button_sensitive (GtkWidget  *window,
                         const char *id)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (window, EASEL_TYPE_WINDOW, id));

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
test_window_actions (void)
{
  GtkWidget *window = show_main_window ();
  EaselPromptArea *prompt_area = easel_window_get_prompt_area (EASEL_WINDOW (window));
  GtkWidget *prompt_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prompt_area),
                                                                      EASEL_TYPE_PROMPT_AREA,
                                                                      "prompt_view"));
  GtkWidget *cancel_button = GTK_WIDGET (gtk_widget_get_template_child (window, EASEL_TYPE_WINDOW,
                                                                        "cancel_button"));
  GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");

  /* Nothing to generate with and nothing running: Generate is off and Cancel is not shown. */
  g_assert_false (action_button_sensitive (window, "generate_button"));
  easel_prompt_area_set_prompt (prompt_area, "a lighthouse on a cliff at dusk");
  g_assert_false (action_button_sensitive (window, "generate_button"));
  g_assert_false (gtk_widget_get_visible (cancel_button));

  /* Preferences are announced in the menu but disabled until they exist. */
  g_assert_nonnull (preferences);
  g_assert_false (g_action_get_enabled (preferences));

  /* Focusing the prompt works today. */
  g_assert_true (gtk_widget_activate_action (window, "win.focus-prompt", NULL));
  g_assert_true (gtk_widget_is_focus (prompt_view));

  easel_prompt_area_set_prompt (prompt_area, NULL);
  close_main_window (window);
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
  GtkWidget *window = show_main_window ();
  GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autofree char *generate = find_window_shortcut (window, "<Control>Return");
  g_autofree char *cancel = find_window_shortcut (window, "Escape");
  guint n_listed = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_cmpstr (generate, ==, "win.generate");
  g_assert_cmpstr (cancel, ==, "win.cancel");

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *window_action = NULL;
      g_auto(GStrv) app_actions = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data, "accelerator", &accelerator, NULL);
      app_actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accelerator);
      window_action = find_window_shortcut (window, accelerator);
      if ((app_actions == NULL || app_actions[0] == NULL) && window_action == NULL)
        g_error ("The shortcuts window lists %s, but nothing is bound to it", accelerator);
      n_listed++;
    }
  g_assert_cmpuint (n_listed, >=, 5);

  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  close_main_window (window);
}

static void
test_window_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  EaselWindow *window;
  int width = 0;

  g_settings_set_int (settings, "window-width", 1000);
  window = easel_window_new (NULL);
  g_object_get (window, "default-width", &width, NULL);
  g_assert_cmpint (width, ==, 1000);

  /* And back: the window writes its size into the settings. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;

  /* Non-unique: the test needs no session bus and never talks to a running Easel. */
  app = g_object_new (EASEL_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", RESOURCE_PATH,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/easel/window/screenshots", test_window_screenshots);
  g_test_add_func ("/easel/window/actions", test_window_actions);
  g_test_add_func ("/easel/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/easel/window/settings", test_window_settings);

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
