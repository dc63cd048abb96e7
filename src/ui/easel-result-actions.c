/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-result-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-result-actions.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-window-private.h"

/* What a card's actions do. Those that need the engine or the store (favourite, rating,
 * cancel, retry, reuse, save as example, details) go to the window the card is in; those that
 * only need the image file (copy, save as, open) happen here, with the file work off the main
 * thread.
 */

static EaselWindow *
find_window (GtkWidget *source)
{
  GtkRoot *root = gtk_widget_get_root (source);

  if (EASEL_IS_WINDOW (root))
    return EASEL_WINDOW (root);

  /* The details window is transient for the main one. */
  if (GTK_IS_WINDOW (root))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (root));

      if (EASEL_IS_WINDOW (parent))
        return EASEL_WINDOW (parent);
    }
  return NULL;
}

static void
toast (GtkWidget  *source,
       const char *title)
{
  EaselWindow *window = find_window (source);

  if (window != NULL)
    _easel_window_toast (window, title);
}

/**
 * easel_result_actions_dup_file_name:
 *
 * A file name a person recognises: the prompt's first words, then the provider, then the seed
 * ("lighthouse-on-a-cliff-comfyui-1234.png").
 *
 * Returns: (transfer full): a file name without a folder
 */
char *
easel_result_actions_dup_file_name (EaselResultItem *item)
{
  const EaselResult *result = easel_result_item_get_result (item);
  g_autofree char *excerpt = NULL;
  GString *name = g_string_new (NULL);
  const char *extension = "png";

  if (result != NULL)
    {
      excerpt = easel_closures_excerpt (NULL, result->prompt, 40);
      extension = easel_result_get_extension (result);
    }

  for (const char *p = excerpt; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, g_unichar_tolower (c));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "image");

  if (result != NULL && result->provider_name != NULL)
    {
      g_autofree char *provider = g_ascii_strdown (result->provider_name, -1);

      g_strdelimit (provider, " /\\:", '-');
      g_string_append_printf (name, "-%s", provider);
    }
  if (result != NULL && result->has_seed)
    g_string_append_printf (name, "-%" G_GINT64_FORMAT, result->seed);
  g_string_append_printf (name, ".%s", extension);

  return g_string_free (name, FALSE);
}

/* ---- save as ------------------------------------------------------------------------------ */

static void
copy_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * easel_result_actions_save_to_async:
 *
 * Copies the item's image to @destination (asynchronous GIO: no blocking).
 */
void
easel_result_actions_save_to_async (EaselResultItem     *item,
                                    GFile               *destination,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (item, cancellable, callback, user_data);
  g_autoptr(GFile) source = NULL;
  const char *path = easel_result_item_get_image_path (item);

  g_task_set_source_tag (task, easel_result_actions_save_to_async);
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("This image has no file yet"));
      return;
    }

  source = g_file_new_for_path (path);
  g_file_copy_async (source, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     cancellable, NULL, NULL, copy_file_cb, g_steal_pointer (&task));
}

gboolean
easel_result_actions_save_to_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GtkWidget *source;
  GFile     *file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->source);
  g_clear_object (&data->file);
  g_free (data);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *message = NULL;

  if (easel_result_actions_save_to_finish (result, &error))
    /* Translators: %s is a file name */
    message = g_strdup_printf (_("Saved as “%s”"), name);
  else
    /* Translators: %s says why */
    message = g_strdup_printf (_("Could not save the image: %s"), error->message);
  toast (data->source, message);
  save_data_free (data);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     EaselResultItem *item)
{
  GtkWidget *source = g_object_get_data (G_OBJECT (dialog), "source");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      SaveData *data = g_new0 (SaveData, 1);

      data->source = g_object_ref (source);
      data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      easel_result_actions_save_to_async (item, data->file, NULL, saved_cb, data);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as (GtkWidget       *source,
         EaselResultItem *item)
{
  GtkRoot *root = gtk_widget_get_root (source);
  g_autofree char *name = easel_result_actions_dup_file_name (item);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  /* The portal's file chooser in a sandbox; no access to the home folder is needed. */
  dialog = gtk_file_chooser_native_new (_("Save Image"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                              : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response_cb), item, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- copy --------------------------------------------------------------------------------- */

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_filename (path, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
decoded_for_copy_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GdkClipboard *clipboard = g_task_get_task_data (task);
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  gdk_clipboard_set_texture (clipboard, texture);
  g_task_return_boolean (task, TRUE);
}

/**
 * easel_result_actions_copy_async:
 *
 * Decodes the full image in a worker thread, then puts it on @clipboard.
 */
void
easel_result_actions_copy_async (EaselResultItem     *item,
                                 GdkClipboard        *clipboard,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (item, cancellable, callback, user_data);
  g_autoptr(GTask) decode = NULL;
  const char *path = easel_result_item_get_image_path (item);

  g_task_set_source_tag (task, easel_result_actions_copy_async);
  g_task_set_task_data (task, g_object_ref (clipboard), g_object_unref);
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("This image has no file yet"));
      return;
    }

  decode = g_task_new (NULL, cancellable, decoded_for_copy_cb, g_steal_pointer (&task));
  g_task_set_task_data (decode, g_strdup (path), g_free);
  g_task_run_in_thread (decode, decode_thread);
}

gboolean
easel_result_actions_copy_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) source = user_data;
  g_autoptr(GError) error = NULL;

  if (easel_result_actions_copy_finish (result, &error))
    toast (source, _("Image copied"));
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not copy the image: %s"),
                                                  error->message);
      toast (source, message);
    }
}

/* ---- open --------------------------------------------------------------------------------- */

static void
open_in_viewer (GtkWidget       *source,
                EaselResultItem *item)
{
  GtkRoot *root = gtk_widget_get_root (source);
  g_autoptr(GFile) file = g_file_new_for_path (easel_result_item_get_image_path (item));
  g_autofree char *uri = g_file_get_uri (file);

  /* The portal opens it in the sandbox; the image viewer outside it. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/**
 * easel_result_actions_activate:
 * @source: the card (or the details window) the action came from
 * @action: "copy", "save-as", "open", "reuse", "save-example", "details", "cancel" or "retry"
 */
void
easel_result_actions_activate (GtkWidget       *source,
                               EaselResultItem *item,
                               const char      *action)
{
  EaselWindow *window = find_window (source);

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (EASEL_IS_RESULT_ITEM (item));

  if (g_str_equal (action, "copy"))
    easel_result_actions_copy_async (item, gtk_widget_get_clipboard (source), NULL, copied_cb,
                                     g_object_ref (source));
  else if (g_str_equal (action, "save-as"))
    save_as (source, item);
  else if (g_str_equal (action, "open"))
    open_in_viewer (source, item);
  else if (window == NULL)
    g_debug ("card.%s needs a window", action);
  else if (g_str_equal (action, "reuse"))
    _easel_window_reuse_result (window, item);
  else if (g_str_equal (action, "save-example"))
    _easel_window_save_result_as_example (window, item);
  else if (g_str_equal (action, "details"))
    _easel_window_show_result_details (window, item);
  else if (g_str_equal (action, "cancel"))
    _easel_window_cancel_job (window, item);
  else if (g_str_equal (action, "retry"))
    _easel_window_retry_job (window, item);
  else
    g_critical ("unknown card action %s", action);
}

/**
 * easel_result_actions_set_favorite:
 *
 * Stars or unstars the item's result; the window writes it to the store and updates every card
 * of the same result.
 */
void
easel_result_actions_set_favorite (GtkWidget       *source,
                                   EaselResultItem *item,
                                   gboolean         favorite)
{
  EaselWindow *window = find_window (source);

  if (window != NULL)
    _easel_window_set_result_favorite (window, item, favorite);
  else
    easel_result_item_set_favorite (item, favorite);
}

void
easel_result_actions_set_rating (GtkWidget       *source,
                                 EaselResultItem *item,
                                 int              rating)
{
  EaselWindow *window = find_window (source);

  if (window != NULL)
    _easel_window_set_result_rating (window, item, rating);
  else
    easel_result_item_set_rating (item, rating);
}
