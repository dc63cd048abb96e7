/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-engine.h"
#include "easel-generation.h"
#include "easel-provider-config.h"
#include "easel-welcome-page.h"

/* A local server answers at once, or not at all. */
#define PROBE_TIMEOUT_S 5

/**
 * EaselWelcomePage:
 *
 * The first run: what Easel needs (an image provider), and a way to add one. A ComfyUI server on
 * 127.0.0.1:8188 and an AUTOMATIC1111-compatible server on 127.0.0.1:7860 are probed (through
 * the engine's check, the same one "Test connection" uses) and, when they answer, offered with
 * one click.
 *
 * `EASEL_DETECT_URLS` (`comfyui=URL,a1111=URL`) replaces the addresses probed, for tests.
 */
struct _EaselWelcomePage
{
  AdwBin           parent_instance;

  GtkWidget       *probing_box;
  GtkSpinner      *spinner;
  GtkWidget       *found_group;
  GtkListBox      *found_list;

  EaselEngine     *engine;
  GCancellable    *cancellable;
  GPtrArray       *found;     /* EaselProviderConfig */
  guint            probing;
  guint            timeout;
};

G_DEFINE_FINAL_TYPE (EaselWelcomePage, easel_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROBING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
easel_welcome_page_set_engine (EaselWelcomePage *self,
                               EaselEngine      *engine)
{
  g_return_if_fail (EASEL_IS_WELCOME_PAGE (self));
  g_set_object (&self->engine, engine);
}

gboolean
easel_welcome_page_get_probing (EaselWelcomePage *self)
{
  g_return_val_if_fail (EASEL_IS_WELCOME_PAGE (self), FALSE);
  return self->probing > 0;
}

guint
easel_welcome_page_get_n_found (EaselWelcomePage *self)
{
  g_return_val_if_fail (EASEL_IS_WELCOME_PAGE (self), 0);
  return self->found->len;
}

static void
set_probing (EaselWelcomePage *self,
             guint             probing)
{
  self->probing = probing;
  gtk_widget_set_visible (self->probing_box, probing > 0);
  if (probing > 0)
    gtk_spinner_start (self->spinner);
  else
    {
      gtk_spinner_stop (self->spinner);
      g_clear_handle_id (&self->timeout, g_source_remove);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBING]);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;

  if (!easel_engine_save_provider_finish (EASEL_ENGINE (object), result, &error))
    {
      gtk_widget_set_sensitive (button, TRUE);
      gtk_widget_set_tooltip_text (button, error->message);
      g_debug ("could not add a detected provider: %s", error->message);
    }
  /* On success the engine says providers-changed, and the window shows the prompt. */
}

/**
 * easel_welcome_page_add_found:
 * @index: which server found
 *
 * What a found server's Add button does: saves it as a provider.
 *
 * Returns: whether there is such a server
 */
gboolean
easel_welcome_page_add_found (EaselWelcomePage *self,
                              guint             index)
{
  GtkListBoxRow *row;
  GtkWidget *button;

  g_return_val_if_fail (EASEL_IS_WELCOME_PAGE (self), FALSE);

  if (index >= self->found->len || self->engine == NULL)
    return FALSE;

  row = gtk_list_box_get_row_at_index (self->found_list, index);
  button = g_object_get_data (G_OBJECT (row), "button");
  gtk_widget_set_sensitive (button, FALSE);
  easel_engine_save_provider_async (self->engine, g_ptr_array_index (self->found, index), NULL,
                                    NULL, saved_cb, g_object_ref (button));
  return TRUE;
}

static void
on_add_clicked_cb (GtkButton        *button,
                   EaselWelcomePage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  easel_welcome_page_add_found (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static void
add_found_row (EaselWelcomePage          *self,
               const EaselProviderConfig *config,
               const EaselServerInfo     *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add"));
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  guint n_models = info->models != NULL ? g_strv_length (info->models) : 0;

  if (info->version != NULL)
    /* Translators: a server found: its address, version and number of models */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · version %s · %u model",
                                             "%s · version %s · %u models", n_models),
                                config->urls[0], info->version, n_models);
  else
    subtitle = g_strdup (config->urls[0]);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 easel_provider_kind_get_label (config->kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  /* Translators: %s is a kind of server, "ComfyUI" */
  label = g_strdup_printf (_("Add %s"), easel_provider_kind_get_label (config->kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_add_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "button", button);

  g_ptr_array_add (self->found, easel_provider_config_copy (config));
  gtk_list_box_append (self->found_list, row);
  gtk_widget_set_visible (self->found_group, TRUE);
}

typedef struct
{
  EaselWelcomePage    *page;
  EaselProviderConfig *config;
} Probe;

static void
probed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(EaselWelcomePage) self = probe->page;
  g_autoptr(EaselProviderConfig) config = probe->config;
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_free (probe);
  info = easel_engine_check_config_finish (EASEL_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info != NULL)
    add_found_row (self, config, info);
  else
    g_debug ("no %s at %s: %s", easel_provider_kind_get_label (config->kind), config->urls[0],
             error->message);
  if (self->probing > 0)
    set_probing (self, self->probing - 1);
}

static gboolean
probe_timeout_cb (gpointer data)
{
  EaselWelcomePage *self = data;

  self->timeout = 0;
  g_cancellable_cancel (self->cancellable);
  set_probing (self, 0);
  return G_SOURCE_REMOVE;
}

static void
probe (EaselWelcomePage  *self,
       EaselProviderKind  kind,
       const char        *url)
{
  Probe *data = g_new0 (Probe, 1);
  const char *urls[] = { url, NULL };

  data->page = g_object_ref (self);
  data->config = easel_provider_config_new (easel_provider_kind_get_label (kind), kind);
  g_strfreev (data->config->urls);
  data->config->urls = g_strdupv ((GStrv) urls);
  easel_engine_check_config_async (self->engine, data->config, NULL, self->cancellable,
                                   probed_cb, data);
}

/**
 * easel_welcome_page_detect:
 *
 * Probes this computer for a ComfyUI and an AUTOMATIC1111-compatible server, and lists those
 * that answer.
 */
void
easel_welcome_page_detect (EaselWelcomePage *self)
{
  const char *override = g_getenv ("EASEL_DETECT_URLS");
  g_auto(GStrv) pairs = NULL;
  guint n = 0;
  GtkWidget *child;

  g_return_if_fail (EASEL_IS_WELCOME_PAGE (self));

  if (self->engine == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->found, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->found_list))) != NULL)
    gtk_list_box_remove (self->found_list, child);
  gtk_widget_set_visible (self->found_group, FALSE);

  if (override != NULL)
    {
      pairs = g_strsplit (override, ",", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);

          if (pair[0] == NULL || pair[1] == NULL)
            continue;
          probe (self, easel_provider_kind_from_string (pair[0]), pair[1]);
          n++;
        }
    }
  else
    {
      probe (self, EASEL_PROVIDER_KIND_COMFYUI, "http://127.0.0.1:8188");
      probe (self, EASEL_PROVIDER_KIND_A1111, "http://127.0.0.1:7860");
      n = 2;
    }

  set_probing (self, n);
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (n > 0)
    self->timeout = g_timeout_add_seconds (PROBE_TIMEOUT_S, probe_timeout_cb, self);
}

static void
easel_welcome_page_dispose (GObject *object)
{
  EaselWelcomePage *self = EASEL_WELCOME_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_WELCOME_PAGE);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->found, g_ptr_array_unref);

  G_OBJECT_CLASS (easel_welcome_page_parent_class)->dispose (object);
}

static void
easel_welcome_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EaselWelcomePage *self = EASEL_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROBING:
      g_value_set_boolean (value, self->probing > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_welcome_page_class_init (EaselWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_welcome_page_dispose;
  object_class->get_property = easel_welcome_page_get_property;

  properties[PROP_PROBING] =
    g_param_spec_boolean ("probing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-welcome-page.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-welcome-page");
  gtk_widget_class_bind_template_child (widget_class, EaselWelcomePage, probing_box);
  gtk_widget_class_bind_template_child (widget_class, EaselWelcomePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselWelcomePage, found_group);
  gtk_widget_class_bind_template_child (widget_class, EaselWelcomePage, found_list);
}

static void
easel_welcome_page_init (EaselWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->found = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_provider_config_free);
  gtk_widget_set_visible (self->probing_box, FALSE);
}
