/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-posts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-export-dialog.h"
#include "easel-posts-page-private.h"

/* What the Posts page's actions do: import, generate, the changes a curation makes, export and
 * delete. Every store call runs in a worker thread through the engine's blog module.
 */

/* ---- import ------------------------------------------------------------------------------ */

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(EaselImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  _easel_posts_page_busy_dec (self);
  report = easel_blog_import_finish (EASEL_ENGINE (object), result, &error);
  if (_easel_posts_page_gone (self))
    return;
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_posts_page_toast_error (self, error);
      return;
    }

  if (report->created)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”: %u section",
                                            "Imported “%s”: %u sections",
                                            report->sections->len),
                               report->post->title, report->sections->len);
  else if (report->added->len + report->changed->len + report->removed->len == 0)
    message = g_strdup_printf (_("“%s” has not changed"), report->post->title);
  else
    /* TRANSLATORS: after re-importing an edited post */
    message = g_strdup_printf (_("Updated “%s”: %u added, %u changed, %u removed"),
                               report->post->title, report->added->len, report->changed->len,
                               report->removed->len);
  _easel_posts_page_toast (self, message);

  _easel_posts_page_load_list (self);
  easel_posts_page_open_post (self, report->post->id);
}

/**
 * easel_posts_page_import_file:
 *
 * Imports (or re-imports) a Markdown file in a worker thread, then shows the post.
 */
void
easel_posts_page_import_file (EaselPostsPage *self,
                              GFile          *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EASEL_IS_POSTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->engine != NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _easel_posts_page_toast (self, _("Only local files can be imported"));
      return;
    }
  _easel_posts_page_busy_inc (self);
  easel_blog_import_async (self->engine, path, 0, self->cancellable, imported_cb,
                           g_object_ref (self));
}

static void
on_import_response_cb (EaselPostsPage       *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        easel_posts_page_import_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) markdown = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import a Markdown Post"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (markdown, _("Markdown"));
  gtk_file_filter_add_mime_type (markdown, "text/markdown");
  gtk_file_filter_add_mime_type (markdown, "text/x-markdown");
  gtk_file_filter_add_suffix (markdown, "md");
  gtk_file_filter_add_suffix (markdown, "markdown");
  gtk_file_filter_add_suffix (markdown, "mdx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), markdown);
  gtk_file_filter_set_name (all, _("All Text Files"));
  gtk_file_filter_add_mime_type (all, "text/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reload_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  g_autoptr(GFile) file = NULL;

  if (self->current == NULL || self->current->post->source_path == NULL)
    return;
  file = g_file_new_for_path (self->current->post->source_path);
  easel_posts_page_import_file (self, file);
}

/* ---- generating -------------------------------------------------------------------------- */

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  report = easel_blog_generate_finish (EASEL_ENGINE (object), result, &error);
  g_clear_object (&self->generate_cancellable);
  _easel_posts_page_busy_dec (self);
  if (_easel_posts_page_gone (self))
    return;
  _easel_posts_page_update_actions (self);

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled here: say so. The page going away also cancels, silently. */
          if (!g_cancellable_is_cancelled (self->cancellable))
            _easel_posts_page_toast (self, _("Generating cancelled"));
        }
      else
        _easel_posts_page_toast_error (self, error);
    }
  else
    {
      if (report->failed == 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image ready to pick",
                                                "%u images ready to pick", report->done),
                                   report->done);
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image made, %u failed",
                                                "%u images made, %u failed", report->done),
                                   report->done, report->failed);
      _easel_posts_page_toast (self, message);
    }
  _easel_posts_page_schedule_reload (self);
}

static void
generate (EaselPostsPage *self,
          const gint64   *section_ids,
          guint           n_section_ids)
{
  g_auto(GStrv) providers = NULL;

  if (self->current == NULL || self->generate_cancellable != NULL)
    return;
  providers = easel_post_view_dup_providers (self->post_view);
  self->generate_cancellable = g_cancellable_new ();
  _easel_posts_page_update_actions (self);
  _easel_posts_page_busy_inc (self);
  /* A section's linked example chooses its providers; the view's provider is for the rest. */
  easel_blog_generate_async (self->engine, self->current->post->id, section_ids, n_section_ids,
                             NULL, (const char * const *) providers,
                             easel_post_view_get_count (self->post_view),
                             self->generate_cancellable, generated_cb, g_object_ref (self));
}

static void
generate_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  generate (EASEL_POSTS_PAGE (widget), NULL, 0);
}

static void
generate_section_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gint64 id = g_variant_get_int64 (parameter);

  generate (EASEL_POSTS_PAGE (widget), &id, 1);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);

  if (self->generate_cancellable != NULL)
    g_cancellable_cancel (self->generate_cancellable);
}

/* ---- changes to sections and the post ---------------------------------------------------- */

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  _easel_posts_page_busy_dec (self);
  if (g_task_get_source_tag (G_TASK (result)) == easel_blog_pick_async)
    ok = easel_blog_pick_finish (EASEL_ENGINE (object), result, &error);
  else if (g_task_get_source_tag (G_TASK (result)) == easel_blog_save_post_async)
    ok = easel_blog_save_post_finish (EASEL_ENGINE (object), result, &error);
  else
    ok = easel_blog_update_section_finish (EASEL_ENGINE (object), result, &error);
  if (_easel_posts_page_gone (self))
    return;
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _easel_posts_page_toast_error (self, error);
  _easel_posts_page_load_current (self);
}

static void
update_section (EaselPostsPage     *self,
                const EaselSection *section)
{
  _easel_posts_page_busy_inc (self);
  easel_blog_update_section_async (self->engine, section, self->cancellable, changed_cb,
                                   g_object_ref (self));
}

static void
pick_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  EaselBlogSection *bs;
  gint64 section_id, result_id;

  g_variant_get (parameter, "(xx)", &section_id, &result_id);
  bs = _easel_posts_page_current_section (self, section_id);
  if (bs == NULL)
    return;
  _easel_posts_page_busy_inc (self);
  easel_blog_pick_async (self->engine, bs->section, result_id, self->cancellable, changed_cb,
                         g_object_ref (self));
}

static void
link_example_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  g_autoptr(EaselSection) copy = NULL;
  EaselBlogSection *bs;
  gint64 section_id, example_id;

  g_variant_get (parameter, "(xx)", &section_id, &example_id);
  bs = _easel_posts_page_current_section (self, section_id);
  if (bs == NULL || bs->section->example_id == example_id)
    return;
  copy = easel_section_copy (bs->section);
  copy->example_id = example_id;
  update_section (self, copy);
}

static char *
clean_text (const char *text)
{
  char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static void
set_prompt_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  g_autoptr(EaselSection) copy = NULL;
  EaselBlogSection *bs;
  const char *text;
  gint64 section_id;

  g_variant_get (parameter, "(x&s)", &section_id, &text);
  bs = _easel_posts_page_current_section (self, section_id);
  if (bs == NULL)
    return;
  copy = easel_section_copy (bs->section);
  g_free (copy->prompt_override);
  copy->prompt_override = clean_text (text);
  /* Applying the prompt it already had changes nothing: it stays a template's. */
  if (g_strcmp0 (copy->prompt_override, bs->prompt) == 0 && bs->section->prompt_override == NULL)
    return;
  update_section (self, copy);
}

static void
set_alt_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  g_autoptr(EaselSection) copy = NULL;
  EaselBlogSection *bs;
  const char *text;
  gint64 section_id;

  g_variant_get (parameter, "(x&s)", &section_id, &text);
  bs = _easel_posts_page_current_section (self, section_id);
  if (bs == NULL)
    return;
  copy = easel_section_copy (bs->section);
  g_free (copy->alt_text);
  copy->alt_text = clean_text (text);
  if (g_strcmp0 (copy->alt_text, bs->alt_text) == 0 && bs->alt_text_is_default)
    return;
  update_section (self, copy);
}

static void
set_template_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  g_autoptr(EaselPost) copy = NULL;

  if (self->current == NULL)
    return;
  copy = easel_post_copy (self->current->post);
  g_free (copy->prompt_template);
  copy->prompt_template = clean_text (g_variant_get_string (parameter, NULL));
  _easel_posts_page_busy_inc (self);
  easel_blog_save_post_async (self->engine, copy, self->cancellable, changed_cb,
                              g_object_ref (self));
}

/* ---- export, delete ---------------------------------------------------------------------- */

static void
open_folder_cb (AdwToast *toast_button,
                gpointer  user_data)
{
  const char *path = user_data;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkWidget *widget = g_object_get_data (G_OBJECT (toast_button), "page");

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME);
}

static void
on_exported_cb (EaselPostsPage *self,
                const char     *path,
                guint           missing)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *title = NULL;
  AdwToast *t;

  if (missing == 0)
    title = g_strdup_printf (_("Exported “%s”"), name);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Exported “%s”, without %u section’s image",
                                          "Exported “%s”, without %u sections’ images", missing),
                             name, missing);
  t = adw_toast_new (title);
  adw_toast_set_button_label (t, _("Open Folder"));
  g_object_set_data (G_OBJECT (t), "page", self);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (open_folder_cb), g_strdup (path),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  EaselExportDialog *dialog;

  if (self->current == NULL)
    return;
  dialog = easel_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->engine, self->current);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  _easel_posts_page_busy_dec (self);
  if (!easel_blog_delete_post_finish (EASEL_ENGINE (object), result, &error) ||
      _easel_posts_page_gone (self))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_posts_page_toast_error (self, error);
      return;
    }
  self->post_id = 0;
  self->section_id = 0;
  g_clear_pointer (&self->current, easel_blog_post_free);
  _easel_posts_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  _easel_posts_page_load_list (self);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       EaselPostsPage   *self)
{
  if (g_strcmp0 (response, "delete") != 0 || self->current == NULL)
    return;
  _easel_posts_page_busy_inc (self);
  easel_blog_delete_post_async (self->engine, self->current->post->id, self->cancellable,
                                deleted_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->current == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                     self->current->post->title);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its sections, links and picks are deleted. Its images stay in "
                                 "the history, and the Markdown file is not touched."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- installing ------------------------------------------------------------------------- */

void
_easel_posts_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "posts.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "posts.generate-all", NULL,
                                   generate_all_action);
  gtk_widget_class_install_action (widget_class, "posts.generate-section", "x",
                                   generate_section_action);
  gtk_widget_class_install_action (widget_class, "posts.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "posts.pick", "(xx)", pick_action);
  gtk_widget_class_install_action (widget_class, "posts.link-example", "(xx)",
                                   link_example_action);
  gtk_widget_class_install_action (widget_class, "posts.set-prompt", "(xs)", set_prompt_action);
  gtk_widget_class_install_action (widget_class, "posts.set-alt", "(xs)", set_alt_action);
  gtk_widget_class_install_action (widget_class, "posts.set-template", "s",
                                   set_template_action);
  gtk_widget_class_install_action (widget_class, "posts.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "posts.reload-file", NULL, reload_file_action);
  gtk_widget_class_install_action (widget_class, "posts.delete", NULL, delete_action);
}
