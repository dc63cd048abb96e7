/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-application"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-application.h"
#include "easel-engine.h"
#include "easel-error.h"
#include "easel-paths.h"
#include "easel-preferences-window.h"
#include "easel-store.h"
#include "easel-window.h"

/**
 * EaselApplication:
 *
 * Owns the store and the engine. At start-up the store is opened (and migrated) in a worker
 * thread while the window already shows; then the engine is made, recovers what a crashed run
 * left behind, and every window gets it. If the store cannot be opened (a database from a newer
 * Easel, a folder that cannot be written), the windows say so instead.
 *
 * Actions: `app.preferences` (Ctrl+comma), `app.add-provider`, `app.about`, `app.quit` (Ctrl+Q).
 */
struct _EaselApplication
{
  AdwApplication  parent_instance;

  EaselStore     *store;
  EaselEngine    *engine;
  GError         *error;
  GCancellable   *cancellable;
  gboolean        opening;
};

G_DEFINE_FINAL_TYPE (EaselApplication, easel_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselApplication *
easel_application_new (void)
{
  return g_object_new (EASEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/**
 * easel_application_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine, once the store is open
 */
EaselEngine *
easel_application_get_engine (EaselApplication *self)
{
  g_return_val_if_fail (EASEL_IS_APPLICATION (self), NULL);
  return self->engine;
}

/**
 * easel_application_get_error:
 *
 * Returns: (transfer none) (nullable): why the store could not be opened
 */
const GError *
easel_application_get_error (EaselApplication *self)
{
  g_return_val_if_fail (EASEL_IS_APPLICATION (self), NULL);
  return self->error;
}

static void
update_actions (EaselApplication *self)
{
  GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (self), "preferences");
  GAction *add_provider = g_action_map_lookup_action (G_ACTION_MAP (self), "add-provider");

  if (preferences != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), self->engine != NULL);
  if (add_provider != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (add_provider), self->engine != NULL);
}

static void
connect_window (EaselApplication *self,
                EaselWindow      *window)
{
  if (self->engine != NULL && easel_window_get_engine (window) == NULL)
    easel_window_set_engine (window, self->engine);
  else if (self->error != NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (self->error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NEWER_SCHEMA))
        message = g_strdup_printf (_("%s\n\nUpdate Easel, or start it with --data-dir to use "
                                     "another folder. Nothing was changed in %s."),
                                   self->error->message, easel_paths_get_data_dir ());
      else
        message = g_strdup_printf (_("%s\n\nThe library is kept in %s."), self->error->message,
                                   easel_paths_get_data_dir ());
      easel_window_set_error (window, NULL, message);
    }
}

static void
connect_windows (EaselApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (EASEL_IS_WINDOW (l->data))
      connect_window (self, l->data);
}

static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  G_GNUC_UNUSED g_autoptr(EaselApplication) self = user_data;  /* kept alive until here */
  g_autoptr(GError) error = NULL;
  guint interrupted;

  interrupted = easel_engine_recover_finish (EASEL_ENGINE (object), result, &error);
  if (error != NULL)
    g_message ("could not recover the jobs of a crashed Easel: %s", error->message);
  else if (interrupted > 0)
    g_debug ("%u jobs of a crashed Easel were interrupted; they can be retried", interrupted);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  EaselStore *store = easel_store_open (easel_paths_get_data_dir (), &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EaselApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->opening = FALSE;
  self->store = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->error = g_steal_pointer (&error);
      connect_windows (self);
      return;
    }

  self->engine = easel_engine_new (self->store);
  easel_engine_set_decode_previews (self->engine, TRUE);
  easel_engine_recover_async (self->engine, self->cancellable, recovered_cb, g_object_ref (self));

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  connect_windows (self);
}

/* The store opens (and may migrate) off the main thread: the window shows at once. */
static void
open_store (EaselApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->opening || self->store != NULL || self->error != NULL)
    return;
  self->opening = TRUE;
  task = g_task_new (NULL, self->cancellable, store_opened_cb, g_object_ref (self));
  g_task_set_source_tag (task, open_store);
  g_task_run_in_thread (task, store_thread);
}

static int
easel_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  const char *data_dir = NULL;

  /* A G_OPTION_ARG_FILENAME option arrives as a bytestring (“ay”), not a string. */
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    easel_paths_set_data_dir (data_dir);

  return -1;
}

static void
easel_application_activate (GApplication *app)
{
  EaselApplication *self = EASEL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (easel_window_new (self));
      connect_window (self, EASEL_WINDOW (window));
    }

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

/**
 * easel_application_show_preferences:
 *
 * Presents the preferences, transient for the active window.
 *
 * Returns: (transfer none) (nullable): the preferences window, or %NULL before the store is open
 */
EaselPreferencesWindow *
easel_application_show_preferences (EaselApplication *self)
{
  GtkWindow *parent;
  EaselPreferencesWindow *preferences;

  g_return_val_if_fail (EASEL_IS_APPLICATION (self), NULL);

  if (self->engine == NULL)
    return NULL;

  /* One preferences window at a time. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (EASEL_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return l->data;
      }

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = easel_preferences_window_new (self->engine, parent);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

static void
easel_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  easel_application_show_preferences (EASEL_APPLICATION (user_data));
}

static void
easel_application_add_provider_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  EaselPreferencesWindow *preferences = easel_application_show_preferences (user_data);

  if (preferences != NULL)
    easel_preferences_window_add_provider (preferences);
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
  { "add-provider", easel_application_add_provider_action },
  { "quit", easel_application_quit_action },
};

static void
easel_application_startup (GApplication *app)
{
  EaselApplication *self = EASEL_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (easel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);

  /* Preferences need the store: enabled once it is open. */
  update_actions (self);
  open_store (self);
}

static void
easel_application_shutdown (GApplication *app)
{
  EaselApplication *self = EASEL_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  G_APPLICATION_CLASS (easel_application_parent_class)->shutdown (app);
}

static void
easel_application_dispose (GObject *object)
{
  EaselApplication *self = EASEL_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (easel_application_parent_class)->dispose (object);
}

static void
easel_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselApplication *self = EASEL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_application_class_init (EaselApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = easel_application_dispose;
  object_class->get_property = easel_application_get_property;

  app_class->activate = easel_application_activate;
  app_class->startup = easel_application_startup;
  app_class->shutdown = easel_application_shutdown;
  app_class->handle_local_options = easel_application_handle_local_options;

  /**
   * EaselApplication:engine:
   *
   * The engine, once the store is open; notified then.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, EASEL_TYPE_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_application_init (EaselApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the database and images in DIR"), N_("DIR") },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
