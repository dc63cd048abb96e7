/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-window"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-example-item.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-prompt-example.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-run.h"
#include "easel-settings-editor.h"
#include "easel-store-task.h"
#include "easel-store.h"
#include "easel-window-private.h"

/* The prompt-example library: the sidebar lists what the store's full-text search finds for
 * the search entry's words; saving, loading, renaming, duplicating and deleting (with Undo)
 * all go through store calls in workers. A result card dropped on the sidebar becomes an
 * example with the prompt as typed, the provider and the settings that made the image.
 */

#define MAX_NAME_TRIES 50

void
_easel_window_library_init (EaselWindow *self)
{
  self->examples = g_list_store_new (EASEL_TYPE_EXAMPLE_ITEM);
  easel_library_sidebar_set_model (self->library_sidebar, G_LIST_MODEL (self->examples));
}

/* ---- listing ------------------------------------------------------------------------------ */

typedef struct
{
  EaselWindow *window;
  guint        serial;
} Listing;

static gboolean
list_examples_func (EaselStore  *store,
                    gpointer     data,
                    gpointer    *out_result,
                    GError     **error)
{
  const char *search = data;

  *out_result = easel_store_list_examples (store, search != NULL && *search != '\0' ? search : NULL,
                                           error);
  return *out_result != NULL;
}

static void
examples_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Listing *listing = user_data;
  g_autoptr(EaselWindow) self = listing->window;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint serial = listing->serial;

  g_free (listing);
  examples = easel_store_task_finish (result, &error);

  /* A newer search has started since: its answer is the one to show. */
  if (serial != self->example_search_serial)
    return;
  if (examples == NULL)
    {
      _easel_window_show_error (self, _("Could not search the library"), error);
      return;
    }

  for (guint i = 0; i < examples->len; i++)
    g_ptr_array_add (items, easel_example_item_new (g_ptr_array_index (examples, i)));
  g_list_store_splice (self->examples, 0, g_list_model_get_n_items (G_LIST_MODEL (self->examples)),
                       items->pdata, items->len);
}

void
_easel_window_reload_examples (EaselWindow *self)
{
  Listing *listing;

  if (self->store == NULL)
    return;

  listing = g_new0 (Listing, 1);
  listing->window = g_object_ref (self);
  listing->serial = ++self->example_search_serial;
  easel_store_task_run (self->store, list_examples_func,
                        g_strdup (easel_library_sidebar_get_search_text (self->library_sidebar)),
                        g_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                        examples_listed_cb, listing);
}

/* ---- saving --------------------------------------------------------------------------------- */

/* Saves @example; a new one whose name is taken becomes "name 2", "name 3"… */
static gboolean
save_example_func (EaselStore  *store,
                   gpointer     data,
                   gpointer    *out_result,
                   GError     **error)
{
  EaselPromptExample *example = data;
  g_autofree char *base = g_strdup (example->name);

  for (int attempt = 1; attempt <= MAX_NAME_TRIES; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 id = easel_store_save_example (store, example, &local_error);

      if (id > 0)
        {
          example->id = id;
          *out_result = easel_prompt_example_copy (example);
          return TRUE;
        }
      if (example->id != 0 ||
          !g_error_matches (local_error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_free (example->name);
      example->name = g_strdup_printf ("%s %d", base, attempt + 1);
    }

  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT,
               _("A prompt example named “%s” already exists"), base);
  return FALSE;
}

static void
example_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(EaselPromptExample) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  saved = easel_store_task_finish (result, &error);
  if (saved == NULL)
    {
      _easel_window_show_error (self, _("Could not save the example"), error);
      return;
    }

  /* Translators: %s is an example's name */
  message = g_strdup_printf (_("Saved “%s” to the library"), saved->name);
  _easel_window_toast (self, message);
  _easel_window_reload_examples (self);
}

static void
save_example (EaselWindow        *self,
              EaselPromptExample *example)
{
  easel_store_task_run (self->store, save_example_func, example,
                        (GDestroyNotify) easel_prompt_example_free,
                        (GDestroyNotify) easel_prompt_example_free, NULL, example_saved_cb,
                        g_object_ref (self));
}

/**
 * easel_window_save_example:
 * @name: the example's name
 * @tags: (nullable): tags, separated by commas
 *
 * Saves the current prompt, style, format, providers and settings to the library (what Ctrl+S's
 * dialog does when its Save is pressed). A name already taken gets a number.
 *
 * Returns: %FALSE when the settings are not valid
 */
gboolean
easel_window_save_example (EaselWindow *self,
                           const char  *name,
                           const char  *tags)
{
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;
  EaselPromptExample *example;

  g_return_val_if_fail (EASEL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->store == NULL)
    return FALSE;
  setting = easel_settings_editor_dup_setting (self->settings_editor, NULL);
  if (setting == NULL)
    return FALSE;

  prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  negative = easel_prompt_area_dup_negative_prompt (self->prompt_area);
  example = easel_prompt_example_new (name, g_strstrip (prompt));
  example->negative_prompt = *g_strstrip (negative) != '\0' ? g_strdup (negative) : NULL;
  example->style = g_strdup (easel_prompt_area_get_style_name (self->prompt_area));
  example->format = g_strdup (easel_prompt_area_get_format_name (self->prompt_area));
  example->providers = easel_prompt_area_dup_selected_providers (self->prompt_area);
  example->tags = tags != NULL ? easel_tags_parse (tags) : NULL;
  easel_image_setting_free (example->setting);
  example->setting = g_steal_pointer (&setting);

  save_example (self, example);
  return TRUE;
}

static GtkWidget *
entry_row (const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

static void
on_save_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     EaselWindow      *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *tags = g_object_get_data (G_OBJECT (dialog), "tags");
  g_autofree char *text = NULL;

  if (!g_str_equal (response, "save"))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  if (*text != '\0')
    easel_window_save_example (self, text, gtk_editable_get_text (tags));
}

/* A dialog's main response needs a name. */
static void
on_name_changed_cb (GtkEditable      *name,
                    AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (name)));

  adw_message_dialog_set_response_enabled (dialog,
                                           g_object_get_data (G_OBJECT (dialog), "response"),
                                           *text != '\0');
}

/* Ctrl+S: name the example (the prompt's first words are offered) and tag it. */
void
_easel_window_save_example_dialog (EaselWindow *self)
{
  g_autofree char *prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  g_autofree char *suggestion = easel_closures_excerpt (NULL, prompt, 40);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *name;
  GtkWidget *tags;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Example"),
                                   _("The prompt, style, format, providers and settings are "
                                     "saved to the library."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  name = entry_row (_("Name"), suggestion);
  tags = entry_row (_("Tags, separated by commas"), NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  gtk_list_box_append (GTK_LIST_BOX (list), tags);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "tags", tags);
  g_object_set_data (G_OBJECT (dialog), "response", (gpointer) "save");
  g_signal_connect (name, "changed", G_CALLBACK (on_name_changed_cb), dialog);
  on_name_changed_cb (GTK_EDITABLE (name), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

/* ---- one example: load, rename, duplicate, delete ------------------------------------------ */

static EaselExampleItem *
find_example (EaselWindow *self,
              gint64       id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->examples));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselExampleItem) item = g_list_model_get_item (G_LIST_MODEL (self->examples), i);

      if (easel_example_item_get_id (item) == id)
        return item;
    }
  return NULL;
}

void
_easel_window_load_example (EaselWindow *self,
                            gint64       id)
{
  EaselExampleItem *item = find_example (self, id);
  const EaselPromptExample *example;
  g_autofree char *message = NULL;

  if (item == NULL)
    return;

  example = easel_example_item_get_example (item);
  _easel_window_load_setting (self, example->prompt, example->negative_prompt, example->style,
                              example->format, (const char * const *) example->providers,
                              example->setting);
  /* Translators: %s is an example's name */
  message = g_strdup_printf (_("Loaded “%s”"), example->name);
  _easel_window_toast (self, message);
}

typedef struct
{
  gint64  id;
  char   *name;
} Rename;

static void
rename_free (Rename *rename)
{
  g_free (rename->name);
  g_free (rename);
}

static gboolean
rename_func (EaselStore  *store,
             gpointer     data,
             gpointer    *out_result,
             GError     **error)
{
  Rename *rename = data;
  g_autoptr(EaselPromptExample) example = easel_store_get_example (store, rename->id, error);

  if (example == NULL)
    return FALSE;
  g_free (example->name);
  example->name = g_strdup (rename->name);
  return easel_store_save_example (store, example, error) > 0;
}

static void
example_changed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!easel_store_task_finish_boolean (result, &error))
    _easel_window_show_error (self, _("Could not change the example"), error);
  _easel_window_reload_examples (self);
}

/**
 * easel_window_rename_example:
 *
 * Renames the example @id (what the rename dialog does).
 */
void
easel_window_rename_example (EaselWindow *self,
                             gint64       id,
                             const char  *name)
{
  Rename *rename;

  g_return_if_fail (EASEL_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  rename = g_new0 (Rename, 1);
  rename->id = id;
  rename->name = g_strdup (name);
  easel_store_task_run (self->store, rename_func, rename, (GDestroyNotify) rename_free, NULL,
                        NULL, example_changed_cb, g_object_ref (self));
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EaselWindow      *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "id");
  g_autofree char *text = NULL;

  if (!g_str_equal (response, "rename"))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  if (*text != '\0')
    easel_window_rename_example (self, id, text);
}

void
_easel_window_rename_example (EaselWindow *self,
                              gint64       id)
{
  EaselExampleItem *item = find_example (self, id);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *name;

  if (item == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Example"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  name = entry_row (_("Name"), easel_example_item_get_name (item));
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "response", (gpointer) "rename");
  g_object_set_data_full (G_OBJECT (dialog), "id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (name, "changed", G_CALLBACK (on_name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

void
_easel_window_duplicate_example (EaselWindow *self,
                                 gint64       id)
{
  EaselExampleItem *item = find_example (self, id);
  EaselPromptExample *copy;

  if (item == NULL || self->store == NULL)
    return;

  copy = easel_prompt_example_copy (easel_example_item_get_example (item));
  copy->id = 0;
  g_free (copy->name);
  /* Translators: the name of a duplicated example; %s is the original's name */
  copy->name = g_strdup_printf (_("%s (copy)"), easel_example_item_get_name (item));
  save_example (self, copy);
}

/* ---- delete, with Undo ------------------------------------------------------------------ */

static gboolean
delete_func (EaselStore  *store,
             gpointer     data,
             gpointer    *out_result,
             GError     **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(EaselPromptExample) example = easel_store_get_example (store, id, error);

  if (example == NULL || !easel_store_delete_example (store, id, error))
    return FALSE;
  *out_result = g_steal_pointer (&example);
  return TRUE;
}

static void
on_undo_delete_cb (AdwToast    *toast,
                   EaselWindow *self)
{
  EaselPromptExample *example = self->deleted_example;

  if (example == NULL)
    return;
  self->deleted_example = NULL;
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  g_clear_weak_pointer (&self->undo_toast);
  /* Back as it was, under a new id: nothing else refers to a deleted example. */
  example->id = 0;
  save_example (self, example);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  EaselPromptExample *example;
  AdwToast *toast;

  example = easel_store_task_finish (result, &error);
  _easel_window_reload_examples (self);
  if (example == NULL)
    {
      _easel_window_show_error (self, _("Could not delete the example"), error);
      return;
    }

  g_clear_pointer (&self->deleted_example, easel_prompt_example_free);
  self->deleted_example = example;

  /* Translators: %s is an example's name */
  title = g_strdup_printf (_("Deleted “%s”"), example->name);
  /* libadwaita 1.2 toasts take markup: a name with "&" must not break the title. */
  {
    g_autofree char *escaped = g_markup_escape_text (title, -1);

    toast = adw_toast_new (escaped);
  }
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), self, 0);
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_easel_window_delete_example (EaselWindow *self,
                              gint64       id)
{
  if (self->store == NULL)
    return;

  /* Deleted at once (nothing is lost if Easel quits now); Undo saves the copy again. */
  easel_store_task_run (self->store, delete_func, g_memdup2 (&id, sizeof id), g_free,
                        (GDestroyNotify) easel_prompt_example_free, NULL, deleted_cb,
                        g_object_ref (self));
}

/**
 * easel_window_undo_delete_example:
 *
 * What the delete toast's Undo does (tests call it).
 *
 * Returns: whether there was something to undo
 */
gboolean
easel_window_undo_delete_example (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), FALSE);

  if (self->deleted_example == NULL)
    return FALSE;
  on_undo_delete_cb (NULL, self);
  return TRUE;
}

/* ---- a result's recipe --------------------------------------------------------------------- */

static gboolean
result_example_func (EaselStore  *store,
                     gpointer     data,
                     gpointer    *out_result,
                     GError     **error)
{
  EaselResult *result = data;
  g_autoptr(EaselRun) run = easel_store_get_run (store, result->run_id, NULL);
  g_autoptr(EaselPromptExample) example = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *name = NULL;
  const char *prompt = run != NULL ? run->prompt : result->prompt;

  excerpt = easel_closures_excerpt (NULL, prompt, 32);
  /* Translators: an example saved from an image: "a lighthouse at dusk (ComfyUI)" */
  name = g_strdup_printf (_("%s (%s)"), excerpt, result->provider_name);
  example = easel_prompt_example_new (name, prompt);
  if (run != NULL)
    {
      example->negative_prompt = g_strdup (run->negative_prompt);
      example->style = g_strdup (run->style);
      example->format = g_strdup (run->format);
    }
  else
    example->negative_prompt = g_strdup (result->negative_prompt);
  example->providers = g_new0 (char *, 2);
  example->providers[0] = g_strdup (result->provider_name);

  /* The settings that made this image, with its seed, so it can be made again. */
  easel_image_setting_free (example->setting);
  example->setting = easel_image_setting_copy (result->setting);
  g_clear_pointer (&example->setting->prompt, g_free);
  g_clear_pointer (&example->setting->negative_prompt, g_free);
  example->setting->has_seed = result->has_seed;
  example->setting->seed = result->seed;
  example->setting->count = 1;

  return save_example_func (store, example, out_result, error);
}

void
_easel_window_save_result_as_example (EaselWindow     *self,
                                      EaselResultItem *item)
{
  const EaselResult *result = easel_result_item_get_result (item);

  if (result == NULL || self->store == NULL)
    return;
  easel_store_task_run (self->store, result_example_func, easel_result_copy (result),
                        (GDestroyNotify) easel_result_free,
                        (GDestroyNotify) easel_prompt_example_free, NULL, example_saved_cb,
                        g_object_ref (self));
}
