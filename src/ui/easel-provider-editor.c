/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-provider-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-engine.h"
#include "easel-generation.h"
#include "easel-provider-config.h"
#include "easel-provider-editor.h"
#include "easel-widget-util.h"

/* The kinds offered, in the order of the Kind row. */
static const EaselProviderKind kinds[] = {
  EASEL_PROVIDER_KIND_COMFYUI,
  EASEL_PROVIDER_KIND_A1111,
  EASEL_PROVIDER_KIND_OPENAI,
  EASEL_PROVIDER_KIND_STABILITY,
};

/**
 * EaselProviderEditor:
 *
 * Adds or edits one provider, as a subpage of the preferences: name, kind, whether runs use
 * it; then the fields the kind needs (server address or addresses, API key, default model, jobs
 * at once, an extra header). "Test connection" asks the server, with what is typed and before
 * anything is saved, for its version and models, or shows the error. Saving goes through the
 * engine, which keeps the key (and a secret header's value) in the keyring.
 *
 * Emits ::done when saved, removed or left.
 */
struct _EaselProviderEditor
{
  AdwBin                parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *message_label;
  AdwEntryRow          *name_row;
  AdwComboRow          *kind_row;
  GtkStringList        *kind_list;
  GtkSwitch            *enabled_switch;
  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *key_row;
  AdwEntryRow          *model_row;
  GtkMenuButton        *models_button;
  GtkSpinButton        *concurrency_spin;
  AdwEntryRow          *headers_row;
  GtkLabel             *key_hint;
  AdwActionRow         *test_row;
  GtkStack             *test_icon_stack;
  GtkSpinner           *test_spinner;
  GtkWidget            *remove_group;

  EaselEngine          *engine;
  EaselProviderConfig  *original;
  GStrv                 taken_names;
  GCancellable         *cancellable;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (EaselProviderEditor, easel_provider_editor, ADW_TYPE_BIN)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static EaselProviderKind
selected_kind (EaselProviderEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (kinds) ? kinds[selected] : EASEL_PROVIDER_KIND_COMFYUI;
}

static char *
dup_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
needs_key (EaselProviderKind kind)
{
  return kind == EASEL_PROVIDER_KIND_OPENAI || kind == EASEL_PROVIDER_KIND_STABILITY;
}

/* The configuration as typed; NULL with @message set when it cannot be saved. */
static EaselProviderConfig *
dup_config (EaselProviderEditor  *self,
            char                **message)
{
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_text (self->name_row);
  g_autofree char *urls = dup_text (self->url_row);
  g_autofree char *model = dup_text (self->model_row);
  g_autofree char *header = dup_text (self->headers_row);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (*name == '\0')
    {
      *message = g_strdup (_("Give the provider a name"));
      return NULL;
    }
  if (self->taken_names != NULL &&
      g_strv_contains ((const char * const *) self->taken_names, name) &&
      (self->original == NULL || g_strcmp0 (self->original->name, name) != 0))
    {
      /* Translators: %s is a provider's name */
      *message = g_strdup_printf (_("There is already a provider named “%s”"), name);
      return NULL;
    }

  if (self->original != NULL)
    {
      config = easel_provider_config_copy (self->original);
      g_free (config->name);
      config->name = g_strdup (name);
      config->kind = selected_kind (self);
    }
  else
    config = easel_provider_config_new (name, selected_kind (self));

  /* Several servers, separated by commas or spaces, share the provider's work. */
  parts = g_strsplit_set (urls, ", \n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        if (!g_uri_is_valid (parts[i], G_URI_FLAGS_NONE, NULL))
          {
            /* Translators: %s is what was typed as a server address */
            *message = g_strdup_printf (_("“%s” is not a server address (http://host:port)"),
                                        parts[i]);
            return NULL;
          }
        g_strv_builder_add (builder, parts[i]);
      }
  g_strfreev (config->urls);
  config->urls = g_strv_builder_end (builder);
  if (config->urls[0] == NULL)
    g_clear_pointer (&config->urls, g_strfreev);

  g_free (config->model);
  config->model = *model != '\0' ? g_strdup (model) : NULL;
  config->concurrency = gtk_spin_button_get_value_as_int (self->concurrency_spin);
  config->enabled = gtk_switch_get_active (self->enabled_switch);

  g_strfreev (config->headers);
  config->headers = NULL;
  if (*header != '\0')
    {
      g_autofree char *header_name = NULL;
      g_autofree char *header_value = NULL;

      if (!easel_provider_config_parse_header (header, &header_name, &header_value))
        {
          *message = g_strdup (_("An extra header is written “Name: value”"));
          return NULL;
        }
      config->headers = g_new0 (char *, 2);
      config->headers[0] = g_strdup (header);
    }

  if (!easel_provider_config_validate (config, &error))
    {
      *message = g_strdup (error->message);
      return NULL;
    }
  return g_steal_pointer (&config);
}

static void
update (EaselProviderEditor *self)
{
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autofree char *message = NULL;
  EaselProviderKind kind = selected_kind (self);
  const char *default_url = easel_provider_config_get_default_url (kind);

  config = dup_config (self, &message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", config != NULL && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", config != NULL);
  easel_widget_set_tooltip (GTK_WIDGET (self->test_row), message);

  /* Say what is wrong only once something has been typed. */
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label),
                          message != NULL &&
                          *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0');

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                 needs_key (kind) ? _("API Key") : _("API Key (optional)"));
  gtk_label_set_text (self->key_hint,
                      self->original != NULL
                      ? _("Leave the key empty to keep the one in your keyring.")
                      : needs_key (kind)
                      ? _("The key is kept in your keyring.")
                      : _("Local servers usually need no key; a proxy in front of one may."));
  if (default_url != NULL)
    {
      g_autofree char *hint = g_strdup_printf (_("Server Address (default %s)"), default_url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), hint);
    }
}

static void
on_field_changed_cb (EaselProviderEditor *self)
{
  update (self);
}

static void
on_kind_changed_cb (EaselProviderEditor *self)
{
  update (self);
}

/* ---- test ------------------------------------------------------------------------------ */

static void
on_model_chosen_cb (GtkButton           *button,
                    EaselProviderEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), gtk_button_get_label (button));
  gtk_menu_button_popdown (self->models_button);
}

static void
offer_models (EaselProviderEditor *self,
              GStrv                models)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (models[i]);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_model_chosen_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_menu_button_set_popover (self->models_button, popover);
  gtk_widget_set_visible (GTK_WIDGET (self->models_button), models != NULL && models[0] != NULL);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EaselProviderEditor) self = user_data;
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = easel_engine_check_config_finish (EASEL_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", TRUE);
  if (info == NULL)
    {
      gtk_stack_set_visible_child_name (self->test_icon_stack, "failed");
      adw_action_row_set_subtitle (self->test_row, error->message);
      return;
    }

  {
    g_autoptr(GString) text = g_string_new (NULL);
    guint n_models = info->models != NULL ? g_strv_length (info->models) : 0;

    if (info->version != NULL)
      /* Translators: %s is the server's version */
      g_string_append_printf (text, _("Connected: version %s"), info->version);
    else
      g_string_append (text, _("Connected"));
    if (n_models > 0)
      {
        g_autofree char *first = NULL;
        char *saved = NULL;

        /* The first few models by name; the button next to Default Model lists them all. */
        if (n_models > 4)
          {
            saved = info->models[4];
            info->models[4] = NULL;
          }
        first = g_strjoinv (", ", info->models);
        if (saved != NULL)
          info->models[4] = saved;
        g_string_append_c (text, '\n');
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u model: %s",
                                                   "%u models: %s", n_models), n_models, first);
        if (n_models > 4)
          g_string_append (text, "…");
      }
    for (guint i = 0; info->warnings != NULL && info->warnings[i] != NULL; i++)
      g_string_append_printf (text, "\n%s", info->warnings[i]);

    gtk_stack_set_visible_child_name (self->test_icon_stack, "ok");
    adw_action_row_set_subtitle (self->test_row, text->str);
    offer_models (self, info->models);
  }
}

/**
 * easel_provider_editor_test:
 *
 * "Test connection": checks what is typed, without saving it.
 */
void
easel_provider_editor_test (EaselProviderEditor *self)
{
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (EASEL_IS_PROVIDER_EDITOR (self));

  config = dup_config (self, &message);
  if (config == NULL || self->engine == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  key = dup_text (self->key_row);
  gtk_stack_set_visible_child_name (self->test_icon_stack, "testing");
  gtk_spinner_start (self->test_spinner);
  adw_action_row_set_subtitle (self->test_row, _("Asking the server…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test", FALSE);
  easel_engine_check_config_async (self->engine, config, *key != '\0' ? key : NULL,
                                   self->cancellable, tested_cb, g_object_ref (self));
}

/* ---- save, remove, back ------------------------------------------------------------------ */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EaselProviderEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!easel_engine_save_provider_finish (EASEL_ENGINE (object), result, &error))
    {
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      update (self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0, TRUE);
}

/**
 * easel_provider_editor_save:
 *
 * Saves what is typed (the key to the keyring when one was typed).
 *
 * Returns: %FALSE when what is typed cannot be saved (the editor says why)
 */
gboolean
easel_provider_editor_save (EaselProviderEditor *self)
{
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (EASEL_IS_PROVIDER_EDITOR (self), FALSE);

  config = dup_config (self, &message);
  if (config == NULL || self->engine == NULL)
    {
      gtk_label_set_text (self->message_label, message != NULL ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
      return FALSE;
    }

  /* A renamed provider keeps its id, its keyring items and its history. */
  key = dup_text (self->key_row);
  self->saving = TRUE;
  update (self);
  easel_engine_save_provider_async (self->engine, config, *key != '\0' ? key : NULL, NULL,
                                    saved_cb, g_object_ref (self));
  return TRUE;
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselProviderEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!easel_engine_remove_provider_finish (EASEL_ENGINE (object), result, &error))
    {
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0, TRUE);
}

static void
on_remove_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       EaselProviderEditor *self)
{
  if (!g_str_equal (response, "remove") || self->original == NULL || self->engine == NULL)
    return;
  easel_engine_remove_provider_async (self->engine, self->original->id, NULL, removed_cb,
                                      g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselProviderEditor *self = EASEL_PROVIDER_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->original == NULL)
    return;

  /* Translators: %s is a provider's name */
  heading = g_strdup_printf (_("Remove “%s”?"), self->original->name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Its key leaves the keyring. The images it made stay in "
                                     "the history."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  easel_provider_editor_save (EASEL_PROVIDER_EDITOR (widget));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  easel_provider_editor_test (EASEL_PROVIDER_EDITOR (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_DONE], 0, FALSE);
}

/* ---- set-up -------------------------------------------------------------------------------- */

/**
 * easel_provider_editor_new:
 * @engine: the engine that saves, tests and removes
 * @config: (nullable): the provider to edit; %NULL adds one
 * @taken_names: (nullable): names other providers have
 */
GtkWidget *
easel_provider_editor_new (EaselEngine               *engine,
                           const EaselProviderConfig *config,
                           const char * const        *taken_names)
{
  EaselProviderEditor *self = g_object_new (EASEL_TYPE_PROVIDER_EDITOR, NULL);

  self->engine = engine != NULL ? g_object_ref (engine) : NULL;
  self->taken_names = g_strdupv ((GStrv) taken_names);

  if (config != NULL)
    {
      g_autofree char *urls = config->urls != NULL ? g_strjoinv (", ", config->urls) : NULL;

      self->original = easel_provider_config_copy (config);
      adw_window_title_set_title (self->window_title, _("Edit Provider"));
      adw_window_title_set_subtitle (self->window_title, config->name);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), config->name);
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (kinds[i] == config->kind)
          adw_combo_row_set_selected (self->kind_row, i);
      gtk_switch_set_active (self->enabled_switch, config->enabled);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), urls != NULL ? urls : "");
      gtk_editable_set_text (GTK_EDITABLE (self->model_row),
                             config->model != NULL ? config->model : "");
      gtk_spin_button_set_value (self->concurrency_spin, config->concurrency);
      if (config->headers != NULL && config->headers[0] != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->headers_row), config->headers[0]);
      gtk_widget_set_visible (self->remove_group, TRUE);
    }

  update (self);
  return GTK_WIDGET (self);
}

/**
 * easel_provider_editor_fill:
 *
 * Types into the editor (tests, and the first-run page's "Add" with a found server).
 */
void
easel_provider_editor_fill (EaselProviderEditor *self,
                            const char          *name,
                            EaselProviderKind    kind,
                            const char          *url,
                            const char          *api_key,
                            const char          *model)
{
  g_return_if_fail (EASEL_IS_PROVIDER_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), api_key != NULL ? api_key : "");
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model != NULL ? model : "");
  update (self);
}

/**
 * easel_provider_editor_get_test_result:
 *
 * Returns: (transfer none): what "Test connection" said last
 */
const char *
easel_provider_editor_get_test_result (EaselProviderEditor *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_EDITOR (self), NULL);
  return adw_action_row_get_subtitle (self->test_row);
}

/**
 * easel_provider_editor_get_message:
 *
 * Returns: (transfer none): why what is typed cannot be saved, or why saving failed; "" when
 *   nothing is wrong
 */
const char *
easel_provider_editor_get_message (EaselProviderEditor *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_EDITOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : "";
}

/**
 * easel_provider_editor_get_test_state:
 *
 * Returns: "idle", "testing", "ok" or "failed"
 */
const char *
easel_provider_editor_get_test_state (EaselProviderEditor *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_EDITOR (self), NULL);
  return gtk_stack_get_visible_child_name (self->test_icon_stack);
}

static void
easel_provider_editor_dispose (GObject *object)
{
  EaselProviderEditor *self = EASEL_PROVIDER_EDITOR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_PROVIDER_EDITOR);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->original, easel_provider_config_free);
  g_clear_pointer (&self->taken_names, g_strfreev);

  G_OBJECT_CLASS (easel_provider_editor_parent_class)->dispose (object);
}

static void
easel_provider_editor_class_init (EaselProviderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_provider_editor_dispose;

  /**
   * EaselProviderEditor::done:
   * @changed: whether a provider was saved or removed
   */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-provider-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-provider-editor");
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, kind_list);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, key_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, model_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, models_button);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, headers_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, key_hint);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, test_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderEditor, remove_group);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
}

static void
easel_provider_editor_init (EaselProviderEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (self->kind_list, easel_provider_kind_get_label (kinds[i]));
  update (self);
}
