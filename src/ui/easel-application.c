/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-application"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-application.h"
#include "easel-paths.h"
#include "easel-window.h"

struct _EaselApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (EaselApplication, easel_application, ADW_TYPE_APPLICATION)

EaselApplication *
easel_application_new (void)
{
  return g_object_new (EASEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

static int
easel_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "&s", &data_dir))
    easel_paths_set_data_dir (data_dir);

  return -1;
}

static void
easel_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (easel_window_new (EASEL_APPLICATION (app)));

  gtk_window_present (window);
}

static void
easel_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Easel developers", NULL };
  EaselApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Easel"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Easel developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/easelapp/easel",
                         "issue-url", "https://github.com/easelapp/easel/issues",
                         "comments", _("Generate images with several providers at once, "
                                       "compare them side by side, and curate them for "
                                       "your blog."),
                         "developers", developers,
                         "copyright", "© 2026 The Easel developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
easel_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  /* Disabled in startup until the preferences window (providers, keys, defaults) exists. */
  g_debug ("app.preferences is not available yet");
}

static void
easel_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", easel_application_about_action },
  { "preferences", easel_application_preferences_action },
  { "quit", easel_application_quit_action },
};

static void
easel_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  GAction *preferences;

  G_APPLICATION_CLASS (easel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  /* Nothing pretends to work: the preferences window comes with the providers. */
  preferences = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), FALSE);
}

static void
easel_application_class_init (EaselApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = easel_application_activate;
  app_class->startup = easel_application_startup;
  app_class->handle_local_options = easel_application_handle_local_options;
}

static void
easel_application_init (EaselApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the database and images in DIR"), N_("DIR") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
