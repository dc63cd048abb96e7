/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "easel-engine.h"
#include "easel-paths.h"
#include "easel-preferences-window.h"
#include "easel-provider-config.h"
#include "easel-provider-editor.h"
#include "easel-store-task.h"
#include "easel-store.h"
#include "easel-style.h"
#include "easel-window-private.h"

/**
 * EaselPreferencesWindow:
 *
 * Preferences in three pages. Providers: the configured ones, each opening an
 * #EaselProviderEditor subpage (edit, test connection, remove), and Add. Styles & Formats: the
 * pickers' presets, added, edited and removed in small dialogs. General: what a new setting
 * starts with (GSettings), and where the library is and how much room it takes (measured in a
 * worker thread).
 *
 * Actions: `prefs.add-provider`, `prefs.add-style`, `prefs.add-format`, `prefs.open-folder`.
 */
struct _EaselPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkListBox    *providers_list;
  GtkListBox    *styles_list;
  GtkListBox    *formats_list;
  GtkSpinButton *default_width;
  GtkSpinButton *default_height;
  GtkSpinButton *default_count;
  GtkSpinButton *default_steps;
  GtkSpinButton *default_guidance;
  AdwActionRow  *location_row;
  AdwActionRow  *images_row;
  AdwActionRow  *database_row;
  AdwActionRow  *cache_row;
  GtkSpinner    *usage_spinner;

  EaselEngine   *engine;
  GSettings     *settings;
  GCancellable  *cancellable;
  GPtrArray     *providers;     /* EaselProviderConfig, as listed */
  GtkWidget     *editor;
};

G_DEFINE_FINAL_TYPE (EaselPreferencesWindow, easel_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
toast (EaselPreferencesWindow *self,
       const char             *title)
{
  /* libadwaita 1.2 toasts take markup: a name with "&" must not break the title. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
presets_changed (EaselPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (EASEL_IS_WINDOW (parent))
    _easel_window_reload_presets (EASEL_WINDOW (parent));
}

/* ---- providers --------------------------------------------------------------------------- */

static void
on_editor_done_cb (EaselPreferencesWindow *self,
                   gboolean                changed)
{
  /* The list shows the change; no toast needed. */
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  g_clear_object (&self->editor);
}

static void
present_editor (EaselPreferencesWindow    *self,
                const EaselProviderConfig *config)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) taken = NULL;

  for (guint i = 0; self->providers != NULL && i < self->providers->len; i++)
    {
      EaselProviderConfig *other = g_ptr_array_index (self->providers, i);

      g_strv_builder_add (names, other->name);
    }
  taken = g_strv_builder_end (names);

  g_clear_object (&self->editor);
  self->editor = g_object_ref_sink (easel_provider_editor_new (self->engine, config,
                                                               (const char * const *) taken));
  g_signal_connect_object (self->editor, "done", G_CALLBACK (on_editor_done_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->editor);
}

/**
 * easel_preferences_window_add_provider:
 *
 * Shows the editor for a new provider.
 *
 * Returns: (transfer none): the editor
 */
GtkWidget *
easel_preferences_window_add_provider (EaselPreferencesWindow *self)
{
  g_return_val_if_fail (EASEL_IS_PREFERENCES_WINDOW (self), NULL);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "providers");
  present_editor (self, NULL);
  return self->editor;
}

/**
 * easel_preferences_window_edit_provider:
 *
 * Shows the editor for the provider called @name.
 *
 * Returns: (transfer none) (nullable): the editor, or %NULL when there is no such provider
 */
GtkWidget *
easel_preferences_window_edit_provider (EaselPreferencesWindow *self,
                                        const char             *name)
{
  g_return_val_if_fail (EASEL_IS_PREFERENCES_WINDOW (self), NULL);

  for (guint i = 0; self->providers != NULL && i < self->providers->len; i++)
    {
      EaselProviderConfig *config = g_ptr_array_index (self->providers, i);

      if (g_strcmp0 (config->name, name) == 0)
        {
          present_editor (self, config);
          return self->editor;
        }
    }
  return NULL;
}

static void
on_edit_provider_cb (GtkWidget              *row,
                     EaselPreferencesWindow *self)
{
  easel_preferences_window_edit_provider (self, g_object_get_data (G_OBJECT (row), "name"));
}

static void
fill_providers (EaselPreferencesWindow *self)
{
  clear_list (self->providers_list);

  if (self->providers == NULL || self->providers->len == 0)
    {
      gtk_list_box_append (self->providers_list,
                           placeholder_row (_("No providers yet. Add a ComfyUI or "
                                              "AUTOMATIC1111-compatible server, or the OpenAI "
                                              "Images API.")));
      return;
    }

  for (guint i = 0; i < self->providers->len; i++)
    {
      EaselProviderConfig *config = g_ptr_array_index (self->providers, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *url =
        config->urls != NULL ? g_strjoinv (", ", config->urls)
                             : g_strdup (easel_provider_config_get_default_url (config->kind));
      g_autofree char *subtitle = NULL;
      g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), config->name);
      GtkWidget *edit = icon_button ("go-next-symbolic", edit_label);

      if (config->model != NULL)
        subtitle = g_strdup_printf ("%s · %s · %s", easel_provider_kind_get_label (config->kind),
                                    url != NULL ? url : "", config->model);
      else
        subtitle = g_strdup_printf ("%s · %s", easel_provider_kind_get_label (config->kind),
                                    url != NULL ? url : "");
      if (!config->enabled)
        {
          g_autofree char *off = g_strdup_printf (_("%s · turned off"), subtitle);

          g_free (subtitle);
          subtitle = g_steal_pointer (&off);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), config->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
      g_object_set_data_full (G_OBJECT (edit), "name", g_strdup (config->name), g_free);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_provider_cb), self, 0);
      gtk_list_box_append (self->providers_list, row);
    }
}

static gboolean
list_providers_func (EaselStore  *store,
                     gpointer     data,
                     gpointer    *out_result,
                     GError     **error)
{
  *out_result = easel_store_list_providers (store, error);
  return *out_result != NULL;
}

static void
providers_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EaselPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *providers = easel_store_task_finish (result, &error);

  if (providers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->providers, g_ptr_array_unref);
  self->providers = providers;
  fill_providers (self);
}

static void
reload_providers (EaselPreferencesWindow *self)
{
  easel_store_task_run (easel_engine_get_store (self->engine), list_providers_func, NULL, NULL,
                        (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                        providers_listed_cb, g_object_ref (self));
}

static void
add_provider_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  easel_preferences_window_add_provider (EASEL_PREFERENCES_WINDOW (widget));
}

/* ---- styles and formats ----------------------------------------------------------------- */

typedef struct
{
  EaselStyle  *style;
  EaselFormat *format;
  gint64       remove_id;
} PresetChange;

static void
preset_change_free (PresetChange *change)
{
  g_clear_pointer (&change->style, easel_style_free);
  g_clear_pointer (&change->format, easel_format_free);
  g_free (change);
}

static gboolean
change_preset_func (EaselStore  *store,
                    gpointer     data,
                    gpointer    *out_result,
                    GError     **error)
{
  PresetChange *change = data;

  if (change->remove_id > 0)
    return change->style != NULL ? easel_store_remove_style (store, change->remove_id, error)
                                 : easel_store_remove_format (store, change->remove_id, error);
  if (change->style != NULL)
    return easel_store_save_style (store, change->style, error) > 0;
  return easel_store_save_format (store, change->format, error) > 0;
}

typedef struct
{
  GPtrArray *styles;
  GPtrArray *formats;
} Presets;

static void
presets_free (Presets *presets)
{
  g_clear_pointer (&presets->styles, g_ptr_array_unref);
  g_clear_pointer (&presets->formats, g_ptr_array_unref);
  g_free (presets);
}

static gboolean
list_presets_func (EaselStore  *store,
                   gpointer     data,
                   gpointer    *out_result,
                   GError     **error)
{
  Presets *presets = g_new0 (Presets, 1);

  *out_result = presets;
  presets->styles = easel_store_list_styles (store, error);
  if (presets->styles == NULL)
    return FALSE;
  presets->formats = easel_store_list_formats (store, error);
  return presets->formats != NULL;
}

static void reload_presets (EaselPreferencesWindow *self);
static void edit_style (EaselPreferencesWindow *self, const EaselStyle *style);
static void edit_format (EaselPreferencesWindow *self, const EaselFormat *format);

static void
preset_changed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!easel_store_task_finish_boolean (result, &error))
    toast (self, error->message);
  reload_presets (self);
  presets_changed (self);
}

static void
change_preset (EaselPreferencesWindow *self,
               PresetChange           *change)
{
  easel_store_task_run (easel_engine_get_store (self->engine), change_preset_func, change,
                        (GDestroyNotify) preset_change_free, NULL, NULL, preset_changed_cb,
                        g_object_ref (self));
}

static void
on_edit_preset_cb (GtkWidget              *button,
                   EaselPreferencesWindow *self)
{
  EaselStyle *style = g_object_get_data (G_OBJECT (button), "style");
  EaselFormat *format = g_object_get_data (G_OBJECT (button), "format");

  if (style != NULL)
    edit_style (self, style);
  else if (format != NULL)
    edit_format (self, format);
}

static void
on_remove_preset_cb (GtkWidget              *button,
                     EaselPreferencesWindow *self)
{
  EaselStyle *style = g_object_get_data (G_OBJECT (button), "style");
  EaselFormat *format = g_object_get_data (G_OBJECT (button), "format");
  PresetChange *change = g_new0 (PresetChange, 1);

  if (style != NULL)
    {
      change->style = easel_style_copy (style);
      change->remove_id = style->id;
    }
  else
    {
      change->format = easel_format_copy (format);
      change->remove_id = format->id;
    }
  change_preset (self, change);
}

static void
add_preset_row (EaselPreferencesWindow *self,
                GtkListBox             *list,
                const EaselStyle       *style,
                const EaselFormat      *format)
{
  GtkWidget *row = adw_action_row_new ();
  const char *title = style != NULL ? style->name : format->name;
  g_autofree char *size = format != NULL ? g_strdup_printf ("%d × %d", format->width,
                                                            format->height) : NULL;
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), title);
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), title);
  GtkWidget *edit = icon_button ("document-edit-symbolic", edit_label);
  GtkWidget *remove = icon_button ("user-trash-symbolic", remove_label);
  GtkWidget *buttons[] = { edit, remove };

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), style != NULL ? style->template : size);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      if (style != NULL)
        g_object_set_data_full (G_OBJECT (buttons[i]), "style", easel_style_copy (style),
                                (GDestroyNotify) easel_style_free);
      else
        g_object_set_data_full (G_OBJECT (buttons[i]), "format", easel_format_copy (format),
                                (GDestroyNotify) easel_format_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons[i]);
    }
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_preset_cb), self, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_preset_cb), self, 0);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  gtk_list_box_append (list, row);
}

static void
presets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Presets *presets = easel_store_task_finish (result, &error);

  if (presets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  clear_list (self->styles_list);
  clear_list (self->formats_list);
  for (guint i = 0; i < presets->styles->len; i++)
    add_preset_row (self, self->styles_list, g_ptr_array_index (presets->styles, i), NULL);
  for (guint i = 0; i < presets->formats->len; i++)
    add_preset_row (self, self->formats_list, NULL, g_ptr_array_index (presets->formats, i));
  if (presets->styles->len == 0)
    gtk_list_box_append (self->styles_list, placeholder_row (_("No styles yet")));
  if (presets->formats->len == 0)
    gtk_list_box_append (self->formats_list, placeholder_row (_("No formats yet")));
  presets_free (presets);
}

static void
reload_presets (EaselPreferencesWindow *self)
{
  easel_store_task_run (easel_engine_get_store (self->engine), list_presets_func, NULL, NULL,
                        (GDestroyNotify) presets_free, self->cancellable, presets_listed_cb,
                        g_object_ref (self));
}

static GtkWidget *
dialog_entry (GtkWidget  *list,
              const char *title,
              const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
preset_dialog (EaselPreferencesWindow *self,
               const char             *heading,
               GtkWidget             **out_list)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  GtkWidget *list = gtk_list_box_new ();

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  *out_list = list;
  return dialog;
}

static void
on_style_response_cb (AdwMessageDialog       *dialog,
                      const char             *response,
                      EaselPreferencesWindow *self)
{
  PresetChange *change;
  const char *name;
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "id");

  if (!g_str_equal (response, "save"))
    return;
  name = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "name"));
  if (*name == '\0')
    return;
  change = g_new0 (PresetChange, 1);
  change->style = easel_style_new (name,
                                   gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                             "template")),
                                   gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                             "negative")));
  change->style->id = *id;
  change_preset (self, change);
}

static void
edit_style (EaselPreferencesWindow *self,
            const EaselStyle       *style)
{
  GtkWidget *list;
  GtkWidget *dialog = preset_dialog (self, style != NULL ? _("Edit Style") : _("Add Style"),
                                     &list);
  gint64 id = style != NULL ? style->id : 0;

  g_object_set_data (G_OBJECT (dialog), "name",
                     dialog_entry (list, _("Name"), style != NULL ? style->name : NULL));
  g_object_set_data (G_OBJECT (dialog), "template",
                     dialog_entry (list, _("Template, with {prompt}"),
                                   style != NULL ? style->template : "{prompt}, "));
  g_object_set_data (G_OBJECT (dialog), "negative",
                     dialog_entry (list, _("Negative Prompt to Add"),
                                   style != NULL ? style->negative : NULL));
  g_object_set_data_full (G_OBJECT (dialog), "id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_style_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_format_response_cb (AdwMessageDialog       *dialog,
                       const char             *response,
                       EaselPreferencesWindow *self)
{
  PresetChange *change;
  const char *name;
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "id");
  guint64 width = 0, height = 0;

  if (!g_str_equal (response, "save"))
    return;
  name = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "name"));
  if (*name == '\0' ||
      !g_ascii_string_to_unsigned (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                             "width")),
                                   10, 1, 16384, &width, NULL) ||
      !g_ascii_string_to_unsigned (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                             "height")),
                                   10, 1, 16384, &height, NULL))
    {
      toast (self, _("A format needs a name and a size from 1 to 16384 pixels"));
      return;
    }
  change = g_new0 (PresetChange, 1);
  change->format = easel_format_new (name, (int) width, (int) height);
  change->format->id = *id;
  change_preset (self, change);
}

static void
edit_format (EaselPreferencesWindow *self,
             const EaselFormat      *format)
{
  GtkWidget *list;
  GtkWidget *dialog = preset_dialog (self, format != NULL ? _("Edit Format") : _("Add Format"),
                                     &list);
  g_autofree char *width = g_strdup_printf ("%d", format != NULL ? format->width : 1344);
  g_autofree char *height = g_strdup_printf ("%d", format != NULL ? format->height : 768);
  gint64 id = format != NULL ? format->id : 0;

  g_object_set_data (G_OBJECT (dialog), "name",
                     dialog_entry (list, _("Name"), format != NULL ? format->name : NULL));
  g_object_set_data (G_OBJECT (dialog), "width", dialog_entry (list, _("Width"), width));
  g_object_set_data (G_OBJECT (dialog), "height", dialog_entry (list, _("Height"), height));
  g_object_set_data_full (G_OBJECT (dialog), "id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_format_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_style_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  edit_style (EASEL_PREFERENCES_WINDOW (widget), NULL);
}

static void
add_format_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  edit_format (EASEL_PREFERENCES_WINDOW (widget), NULL);
}

/* ---- storage -------------------------------------------------------------------------------- */

typedef struct
{
  guint64 images;
  guint   n_images;
  guint64 database;
  guint64 cache;
} Usage;

static guint64
folder_size (const char *path,
             guint      *n_files,
             int         depth)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint64 total = 0;
  const char *name;

  if (dir == NULL || depth > 4)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf buf;

      if (g_lstat (child, &buf) != 0)
        continue;
      if (S_ISDIR (buf.st_mode))
        total += folder_size (child, n_files, depth + 1);
      else if (S_ISREG (buf.st_mode))
        {
          total += (guint64) buf.st_size;
          if (n_files != NULL)
            (*n_files)++;
        }
    }
  return total;
}

static void
usage_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autofree char *images = g_build_filename (data_dir, "images", NULL);
  g_autofree char *thumbnails = easel_paths_get_thumbnail_dir ();
  Usage *usage = g_new0 (Usage, 1);
  const char *suffixes[] = { "", "-wal", "-shm" };

  usage->images = folder_size (images, &usage->n_images, 0);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/easel.db%s", data_dir, suffixes[i]);
      GStatBuf buf;

      if (g_stat (path, &buf) == 0)
        usage->database += (guint64) buf.st_size;
    }
  usage->cache = folder_size (thumbnails, NULL, 0);
  g_task_return_pointer (task, usage, g_free);
}

static void
usage_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EaselPreferencesWindow) self = user_data;
  g_autofree Usage *usage = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *images = NULL;
  g_autofree char *images_text = NULL;
  g_autofree char *database = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *thumbnails = easel_paths_get_thumbnail_dir ();
  g_autofree char *cache_text = NULL;

  if (usage == NULL)
    return;
  gtk_spinner_stop (self->usage_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_spinner), FALSE);

  images = g_format_size (usage->images);
  /* Translators: "1.2 GB in 340 files" */
  images_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %u file",
                                              "%s in %u files", usage->n_images),
                                 images, usage->n_images);
  database = g_format_size (usage->database);
  cache = g_format_size (usage->cache);
  cache_text = g_strdup_printf ("%s · %s", cache, thumbnails);
  adw_action_row_set_subtitle (self->images_row, images_text);
  adw_action_row_set_subtitle (self->database_row, database);
  adw_action_row_set_subtitle (self->cache_row, cache_text);
}

static void
measure_usage (EaselPreferencesWindow *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, usage_cb, g_object_ref (self));
  const char *data_dir = easel_store_get_data_dir (easel_engine_get_store (self->engine));

  adw_action_row_set_subtitle (self->location_row, data_dir);
  gtk_spinner_start (self->usage_spinner);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, usage_thread);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EaselPreferencesWindow *self = EASEL_PREFERENCES_WINDOW (widget);
  EaselStore *store = easel_engine_get_store (self->engine);
  g_autoptr(GFile) folder = g_file_new_for_path (easel_store_get_data_dir (store));
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* ---- set-up ------------------------------------------------------------------------------ */

/**
 * easel_preferences_window_new:
 * @engine: the application's engine
 * @parent: (nullable): the main window, kept up to date when presets change
 */
EaselPreferencesWindow *
easel_preferences_window_new (EaselEngine *engine,
                              GtkWindow   *parent)
{
  EaselPreferencesWindow *self;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);

  self = g_object_new (EASEL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  g_signal_connect_object (engine, "providers-changed", G_CALLBACK (reload_providers), self,
                           G_CONNECT_SWAPPED);
  reload_providers (self);
  reload_presets (self);
  measure_usage (self);
  return self;
}

static void
easel_preferences_window_dispose (GObject *object)
{
  EaselPreferencesWindow *self = EASEL_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->editor);
  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (easel_preferences_window_parent_class)->dispose (object);
}

static void
easel_preferences_window_class_init (EaselPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, providers_list);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, styles_list);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, formats_list);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, default_width);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, default_height);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, default_count);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, default_steps);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, default_guidance);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, images_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPreferencesWindow, usage_spinner);

  gtk_widget_class_install_action (widget_class, "prefs.add-provider", NULL, add_provider_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-style", NULL, add_style_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-format", NULL, add_format_action);
  gtk_widget_class_install_action (widget_class, "prefs.open-folder", NULL, open_folder_action);
}

static void
easel_preferences_window_init (EaselPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (BASE_ID);
  g_settings_bind (self->settings, "default-width", self->default_width, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-height", self->default_height, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-count", self->default_count, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-steps", self->default_steps, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-guidance", self->default_guidance, "value",
                   G_SETTINGS_BIND_DEFAULT);
}
