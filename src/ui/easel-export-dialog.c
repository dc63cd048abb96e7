/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-export-dialog.h"

/**
 * EaselExportDialog:
 *
 * Exports a post for the blog: where (a folder chosen through the portal, and the name of the
 * folder to create in it), which image format and maximum width. A folder that exists and is
 * not empty is replaced only after an AdwMessageDialog says so. Sections without a chosen
 * image are announced before exporting.
 *
 * #EaselExportDialog::exported is emitted with the export folder when it is written; the
 * dialog then closes.
 */
struct _EaselExportDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *export_button;
  GtkSpinner      *spinner;
  GtkWidget       *page;
  AdwActionRow    *folder_row;
  AdwEntryRow     *name_row;
  AdwComboRow     *format_row;
  AdwComboRow     *width_row;
  GtkWidget       *missing_group;
  AdwActionRow    *missing_row;

  EaselEngine     *engine;
  gint64           post_id;
  char            *folder;
  GCancellable    *cancellable;
  GtkFileChooserNative *chooser;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (EaselExportDialog, easel_export_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Parallel to the rows' string lists. */
static const EaselExportFormat formats[] = {
  EASEL_EXPORT_FORMAT_ORIGINAL, EASEL_EXPORT_FORMAT_JPEG, EASEL_EXPORT_FORMAT_WEBP,
  EASEL_EXPORT_FORMAT_PNG,
};
static const int widths[] = { 0, 2400, 1920, 1600, 1200, 800 };

static void
update (EaselExportDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  guint format = adw_combo_row_get_selected (self->format_row);
  g_autoptr(GError) error = NULL;
  gboolean name_ok;
  gboolean format_ok = TRUE;

  name_ok = *name != '\0' && strchr (name, '/') == NULL && g_strcmp0 (name, ".") != 0 &&
            g_strcmp0 (name, "..") != 0;
  if (name_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");

  if (format < G_N_ELEMENTS (formats))
    format_ok = easel_blog_export_format_available (formats[format], &error);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row),
                               format_ok ? NULL : error->message);

  gtk_widget_set_sensitive (self->export_button, !self->busy && self->folder != NULL &&
                                                 name_ok && format_ok);
  gtk_widget_set_sensitive (self->page, !self->busy);
}

static void
on_changed_cb (EaselExportDialog *self)
{
  update (self);
}

static void
show_error (EaselExportDialog *self,
            const GError      *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_busy (EaselExportDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update (self);
}

static void
on_folder_chosen_cb (EaselExportDialog    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        easel_export_dialog_set_folder (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (EaselExportDialog *self)
{
  if (self->chooser != NULL)
    return;
  /* Through the portal in a sandbox: the app never needs the whole home folder. */
  self->chooser = gtk_file_chooser_native_new (_("Export Into"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (self->folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_folder_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- exporting --------------------------------------------------------------------------- */

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EaselExportDialog) self = user_data;
  g_autoptr(EaselExportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = easel_blog_export_finish (EASEL_ENGINE (object), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, report->path, report->missing->len);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_export (EaselExportDialog *self,
              gboolean           force)
{
  g_autofree char *target = easel_export_dialog_dup_target (self);
  EaselExportOptions options;

  easel_export_dialog_get_options (self, &options);
  options.force = force;
  set_busy (self, TRUE);
  easel_blog_export_async (self->engine, self->post_id, target, &options, self->cancellable,
                           exported_cb, g_object_ref (self));
}

static void
on_replace_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        EaselExportDialog *self)
{
  if (g_strcmp0 (response, "replace") == 0)
    start_export (self, TRUE);
  else
    set_busy (self, FALSE);
}

static void
confirm_replace (EaselExportDialog *self)
{
  g_autofree char *target = easel_export_dialog_dup_target (self);
  g_autofree char *name = g_filename_display_basename (target);
  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *parent_name = g_filename_display_basename (parent);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace Folder?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” already exists in “%s” and is not empty. Exporting "
                                    "replaces everything in it."), name, parent_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
next_files_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EaselExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *files;

  files = g_file_enumerator_next_files_finish (G_FILE_ENUMERATOR (object), result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (files != NULL)
    confirm_replace (self);
  else
    start_export (self, FALSE);
  g_list_free_full (files, g_object_unref);
}

static void
enumerated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EaselExportDialog) self = user_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (enumerator == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Not there (or not a folder): the export says what is wrong, if anything. */
      start_export (self, FALSE);
      return;
    }
  g_file_enumerator_next_files_async (enumerator, 1, G_PRIORITY_DEFAULT, self->cancellable,
                                      next_files_cb, g_object_ref (self));
}

/**
 * easel_export_dialog_export:
 *
 * What the Export button does: asks before replacing a folder that is not empty, then
 * exports in a worker thread.
 */
void
easel_export_dialog_export (EaselExportDialog *self)
{
  g_autofree char *target = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (EASEL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (self->engine != NULL);

  if (self->busy)
    return;
  set_busy (self, TRUE);
  target = easel_export_dialog_dup_target (self);
  file = g_file_new_for_path (target);
  g_file_enumerate_children_async (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, G_PRIORITY_DEFAULT,
                                   self->cancellable, enumerated_cb, g_object_ref (self));
}

static void
on_export_clicked_cb (EaselExportDialog *self)
{
  easel_export_dialog_export (self);
}

/* ---- public ------------------------------------------------------------------------------ */

/* Outside a sandbox, next to the post's Markdown; in one, nowhere until the portal says. */
static char *
default_folder (const EaselBlogPost *post)
{
  const char *pictures;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return NULL;
  if (post->post->source_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (post->post->source_path);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  return g_strdup (pictures != NULL ? pictures : g_get_home_dir ());
}

/**
 * easel_export_dialog_new:
 * @post: the post to export (its sections say which images are missing)
 */
EaselExportDialog *
easel_export_dialog_new (GtkWindow           *parent,
                         EaselEngine         *engine,
                         const EaselBlogPost *post)
{
  EaselExportDialog *self;
  g_autofree char *folder = NULL;
  g_autofree char *missing = NULL;
  guint n_missing = 0;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (post != NULL, NULL);

  self = g_object_new (EASEL_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  self->post_id = post->post->id;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), post->post->slug);
  folder = default_folder (post);
  easel_export_dialog_set_folder (self, folder);

  for (guint i = 0; i < post->sections->len; i++)
    n_missing += ((EaselBlogSection *) g_ptr_array_index (post->sections, i))->chosen == NULL;
  missing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u section has no chosen image",
                                          "%u sections have no chosen image", n_missing),
                             n_missing);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->missing_row), missing);
  gtk_widget_set_visible (self->missing_group, n_missing > 0);
  update (self);
  return self;
}

void
easel_export_dialog_set_folder (EaselExportDialog *self,
                                const char        *folder)
{
  g_return_if_fail (EASEL_IS_EXPORT_DIALOG (self));

  g_free (self->folder);
  self->folder = g_strdup (folder);
  if (folder != NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);
      adw_action_row_set_subtitle (self->folder_row, display);
    }
  else
    adw_action_row_set_subtitle (self->folder_row, _("Choose a folder"));
  update (self);
}

const char *
easel_export_dialog_get_folder (EaselExportDialog *self)
{
  g_return_val_if_fail (EASEL_IS_EXPORT_DIALOG (self), NULL);
  return self->folder;
}

void
easel_export_dialog_set_name (EaselExportDialog *self,
                              const char        *name)
{
  g_return_if_fail (EASEL_IS_EXPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

/* Returns: (transfer full): the export folder: the chosen folder and the name */
char *
easel_export_dialog_dup_target (EaselExportDialog *self)
{
  g_return_val_if_fail (EASEL_IS_EXPORT_DIALOG (self), NULL);
  return g_build_filename (self->folder != NULL ? self->folder : ".",
                           gtk_editable_get_text (GTK_EDITABLE (self->name_row)), NULL);
}

void
easel_export_dialog_get_options (EaselExportDialog  *self,
                                 EaselExportOptions *options)
{
  guint format = adw_combo_row_get_selected (self->format_row);
  guint width = adw_combo_row_get_selected (self->width_row);

  g_return_if_fail (EASEL_IS_EXPORT_DIALOG (self));

  options->format = format < G_N_ELEMENTS (formats) ? formats[format]
                                                    : EASEL_EXPORT_FORMAT_ORIGINAL;
  options->max_width = width < G_N_ELEMENTS (widths) ? widths[width] : 0;
  options->force = FALSE;
  options->strict = FALSE;
}

/* Selects the format and the closest width at or below @options->max_width. */
void
easel_export_dialog_set_options (EaselExportDialog        *self,
                                 const EaselExportOptions *options)
{
  g_return_if_fail (EASEL_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == options->format)
      adw_combo_row_set_selected (self->format_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    if (widths[i] == options->max_width)
      adw_combo_row_set_selected (self->width_row, i);
}

static void
easel_export_dialog_dispose (GObject *object)
{
  EaselExportDialog *self = EASEL_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (easel_export_dialog_parent_class)->dispose (object);
}

static void
easel_export_dialog_finalize (GObject *object)
{
  EaselExportDialog *self = EASEL_EXPORT_DIALOG (object);

  g_free (self->folder);

  G_OBJECT_CLASS (easel_export_dialog_parent_class)->finalize (object);
}

static void
easel_export_dialog_class_init (EaselExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_export_dialog_dispose;
  object_class->finalize = easel_export_dialog_finalize;

  /**
   * EaselExportDialog::exported:
   * @path: the export folder
   * @missing: how many sections have no image in it
   */
  signals[SIGNAL_EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, missing_group);
  gtk_widget_class_bind_template_child (widget_class, EaselExportDialog, missing_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
}

static void
easel_export_dialog_init (EaselExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update (self);
}
