/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-history-page.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-prompt-area.h"
#include "easel-settings-editor.h"
#include "easel-settings-parser.h"
#include "easel-widget-util.h"
#include "easel-window-private.h"

/* The window's actions, installed at class level and enabled from one place,
 * _easel_window_actions_update():
 *
 * - `win.generate` (Ctrl+Enter): start a run with the prompt, settings and providers
 * - `win.cancel` (Escape): cancel the window's running runs
 * - `win.save-example` (Ctrl+S): save the prompt and settings to the library
 * - `win.search-library` (Ctrl+F): focus the library's search entry
 * - `win.focus-prompt` (Ctrl+L): focus the prompt
 * - `win.paste-parameters` (Ctrl+Shift+V): fill the editors from parameters in the clipboard
 * - `win.show-library`: show the sidebar when the window is too narrow for both
 * - `win.show-page` ("create", "history", "posts"; Alt+1 … 3)
 * - `win.load-example`, `win.rename-example`, `win.duplicate-example`, `win.delete-example`
 *   (an example's id)
 * GtkApplication adds `win.show-help-overlay` (Ctrl+?).
 */

/* Pasted text is parameters, not a novel: anything longer is not what the parser is for. */
#define MAX_PASTE_BYTES (256 * 1024)

/* Why Generate is off, in the order a person would fix things; %NULL when it is on. */
static const char *
generate_blocker (EaselWindow *self)
{
  g_autofree char *prompt = NULL;

  if (self->engine == NULL || !self->providers_loaded)
    return _("Easel is opening your library");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->providers)) == 0)
    return _("Add a provider to generate images");
  if (easel_prompt_area_get_n_providers (self->prompt_area) == 0)
    return _("Choose a provider to generate with");

  prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  if (*g_strstrip (prompt) == '\0')
    return _("Write a prompt to generate");
  if (!easel_settings_editor_get_valid (self->settings_editor))
    return easel_settings_editor_get_validation_message (self->settings_editor);
  return NULL;
}

void
_easel_window_actions_update (EaselWindow *self)
{
  g_autofree char *prompt = NULL;
  const char *blocker;
  gboolean has_prompt;
  gboolean settings_valid;
  gboolean can_search;
  gboolean active;
  gboolean on_history;
  gboolean ready;

  g_assert (EASEL_IS_WINDOW (self));

  ready = self->engine != NULL;
  prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  has_prompt = *g_strstrip (prompt) != '\0';
  settings_valid = easel_settings_editor_get_valid (self->settings_editor);
  can_search = easel_library_sidebar_get_can_search (self->library_sidebar);
  active = _easel_window_has_active_runs (self);
  blocker = generate_blocker (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate", blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-example",
                                 ready && has_prompt && settings_valid);
  on_history = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                         "history") == 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-library",
                                 can_search || (ready && on_history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-prompt", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.paste-parameters", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-library", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-example", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-example", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-example", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-example", ready);

  /* Generate says why it is off, next to the settings and in its tooltip. */
  gtk_widget_set_visible (self->generate_hint, blocker != NULL && ready && self->providers_loaded);
  gtk_label_set_text (self->generate_hint_label, blocker != NULL ? blocker : "");
  easel_widget_set_tooltip (self->generate_button,
                            blocker != NULL ? blocker : _("Generate Images (Ctrl+Enter)"));

  /* Cancel shows while something runs; Generate where there is a prompt to generate from. */
  gtk_widget_set_visible (self->cancel_button, active);
  gtk_widget_set_visible (self->generate_button,
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                     "create") == 0 &&
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->create_stack),
                                     "welcome") != 0);
}

static void
easel_window_generate_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  _easel_window_generate (EASEL_WINDOW (widget));
}

static void
easel_window_cancel_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  /* Each card says "Cancelling…" until its provider confirms. */
  _easel_window_cancel_all (EASEL_WINDOW (widget));
}

static void
easel_window_save_example_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  _easel_window_save_example_dialog (EASEL_WINDOW (widget));
}

static void
easel_window_search_library_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  /* On the History page, Ctrl+F searches the history. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "history") == 0)
    {
      easel_history_page_focus_search (self->history_page);
      return;
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  easel_library_sidebar_focus_search (self->library_sidebar);
}

static void
easel_window_focus_prompt_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  adw_view_stack_set_visible_child_name (self->view_stack, "create");
  easel_prompt_area_focus_prompt (self->prompt_area);
}

static void
easel_window_show_library_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
easel_window_show_page_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);
  const char *page = g_variant_get_string (parameter, NULL);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  if (adw_view_stack_get_child_by_name (self->view_stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, page);
}

/* ---- paste parameters ------------------------------------------------------------------- */

/**
 * _easel_window_paste_text:
 *
 * Fills the prompt and the settings from parameters (A1111 infotext, JSON, or loose text such as
 * "768x512, 30 steps, cfg 7.5") and says what it found.
 *
 * Returns: whether anything was recognised
 */
static gboolean
paste_text (EaselWindow *self,
            const char  *text)
{
  g_autoptr(EaselImageSetting) parsed = NULL;
  g_autoptr(EaselImageSetting) current = NULL;

  if (text == NULL || *text == '\0')
    {
      _easel_window_toast (self, _("The clipboard holds no text"));
      return FALSE;
    }

  parsed = easel_settings_parse (text, -1);
  if (parsed == NULL || easel_image_setting_is_empty (parsed))
    {
      _easel_window_toast (self, _("No parameters found in the clipboard"));
      return FALSE;
    }

  /* What the text sets wins; the rest of the editor stays as it was. */
  current = easel_settings_editor_dup_setting (self->settings_editor, NULL);
  if (current == NULL)
    current = easel_image_setting_new ();
  easel_image_setting_overlay (current, parsed);
  g_clear_pointer (&current->prompt, g_free);
  g_clear_pointer (&current->negative_prompt, g_free);

  _easel_window_load_setting (self, parsed->prompt,
                              parsed->prompt != NULL ? parsed->negative_prompt : NULL,
                              easel_prompt_area_get_style_name (self->prompt_area),
                              easel_prompt_area_get_format_name (self->prompt_area), NULL,
                              current);
  if (parsed->prompt == NULL && parsed->negative_prompt != NULL)
    easel_prompt_area_set_negative_prompt (self->prompt_area, parsed->negative_prompt);

  _easel_window_toast (self, _("Parameters pasted"));
  return TRUE;
}

/**
 * easel_window_paste_parameters:
 * @text: parameters as text
 *
 * What `win.paste-parameters` does with the clipboard's text (tests call it directly).
 *
 * Returns: whether anything was recognised
 */
gboolean
easel_window_paste_parameters (EaselWindow *self,
                               const char  *text)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), FALSE);
  return paste_text (self, text);
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (text == NULL && error != NULL)
    {
      _easel_window_show_error (self, _("Could not read the clipboard"), error);
      return;
    }
  if (text != NULL && strlen (text) > MAX_PASTE_BYTES)
    {
      _easel_window_toast (self, _("The clipboard holds too much text to be parameters"));
      return;
    }
  paste_text (self, text);
}

static void
easel_window_paste_parameters_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, self->cancellable, clipboard_text_cb,
                                 g_object_ref (self));
}

/* ---- the library's row actions ------------------------------------------------------------ */

static void
example_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EaselWindow *self = EASEL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (g_str_equal (action_name, "win.load-example"))
    _easel_window_load_example (self, id);
  else if (g_str_equal (action_name, "win.rename-example"))
    _easel_window_rename_example (self, id);
  else if (g_str_equal (action_name, "win.duplicate-example"))
    _easel_window_duplicate_example (self, id);
  else if (g_str_equal (action_name, "win.delete-example"))
    _easel_window_delete_example (self, id);
}

void
_easel_window_class_actions_init (EaselWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Shortcuts live in the template's GtkShortcutControllers. */
  gtk_widget_class_install_action (widget_class, "win.generate", NULL,
                                   easel_window_generate_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, easel_window_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.save-example", NULL,
                                   easel_window_save_example_action);
  gtk_widget_class_install_action (widget_class, "win.search-library", NULL,
                                   easel_window_search_library_action);
  gtk_widget_class_install_action (widget_class, "win.focus-prompt", NULL,
                                   easel_window_focus_prompt_action);
  gtk_widget_class_install_action (widget_class, "win.paste-parameters", NULL,
                                   easel_window_paste_parameters_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL,
                                   easel_window_show_library_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s",
                                   easel_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.load-example", "x", example_action);
  gtk_widget_class_install_action (widget_class, "win.rename-example", "x", example_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-example", "x", example_action);
  gtk_widget_class_install_action (widget_class, "win.delete-example", "x", example_action);
}
