/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-window"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-application.h"
#include "easel-capabilities.h"
#include "easel-example-item.h"
#include "easel-engine.h"
#include "easel-generation.h"
#include "easel-history-page.h"
#include "easel-image-setting.h"
#include "easel-library-sidebar.h"
#include "easel-posts-page.h"
#include "easel-preset-item.h"
#include "easel-prompt-area.h"
#include "easel-provider-config.h"
#include "easel-provider-item.h"
#include "easel-provider-picker.h"
#include "easel-results-view.h"
#include "easel-settings-editor.h"
#include "easel-store-task.h"
#include "easel-store.h"
#include "easel-style.h"
#include "easel-welcome-page.h"
#include "easel-window-private.h"

/**
 * EaselWindow:
 *
 * The main window: the prompt-example library in a sidebar, and a view stack with three pages.
 * "Create" holds the prompt area (prompt, providers, style, format), the settings editor and the
 * comparison grid; with no provider configured it shows the welcome page instead. "History" is
 * every result ever made; "Posts" is the blog workflow.
 *
 * The window shows a spinner until its application has opened the store (off the main thread)
 * and hands it the engine (easel_window_set_engine()), or an error page when the store cannot
 * be opened. Nothing here blocks: store calls run in workers (easel_store_task_run()), images
 * decode in workers (#EaselImageLoader).
 *
 * Its actions are listed in easel-window-actions.c.
 */

G_DEFINE_FINAL_TYPE (EaselWindow, easel_window, ADW_TYPE_APPLICATION_WINDOW)

EaselWindow *
easel_window_new (EaselApplication *application)
{
  return g_object_new (EASEL_TYPE_WINDOW, "application", application, NULL);
}

/**
 * easel_window_get_library_sidebar:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the prompt-example library sidebar
 */
EaselLibrarySidebar *
easel_window_get_library_sidebar (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->library_sidebar;
}

/**
 * easel_window_get_prompt_area:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the prompt area
 */
EaselPromptArea *
easel_window_get_prompt_area (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->prompt_area;
}

/**
 * easel_window_get_settings_editor:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the settings editor
 */
EaselSettingsEditor *
easel_window_get_settings_editor (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->settings_editor;
}

/**
 * easel_window_get_results_view:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the comparison grid
 */
EaselResultsView *
easel_window_get_results_view (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->results_view;
}

/**
 * easel_window_get_history_page:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the history page
 */
EaselHistoryPage *
easel_window_get_history_page (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->history_page;
}

/**
 * easel_window_get_posts_page:
 * @self: a #EaselWindow
 *
 * Returns: (transfer none): the Posts page; easel_window_set_engine() gives it the engine
 */
EaselPostsPage *
easel_window_get_posts_page (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);

  return self->posts_page;
}

/**
 * easel_window_get_providers:
 *
 * Returns: (transfer none): the configured providers, #EaselProviderItem
 */
GListModel *
easel_window_get_providers (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->providers);
}

/**
 * easel_window_get_examples:
 *
 * Returns: (transfer none): the library's examples matching the search, #EaselExampleItem
 */
GListModel *
easel_window_get_examples (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->examples);
}

/**
 * easel_window_get_runs:
 *
 * Returns: (transfer none): the runs of the comparison grid, newest first, #EaselRunItem
 */
GListModel *
easel_window_get_runs (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->runs);
}

/**
 * easel_window_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine, once the store is open
 */
EaselEngine *
easel_window_get_engine (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), NULL);
  return self->engine;
}

/**
 * easel_window_get_ready:
 *
 * Returns: whether the window has its engine and has listed the providers
 */
gboolean
easel_window_get_ready (EaselWindow *self)
{
  g_return_val_if_fail (EASEL_IS_WINDOW (self), FALSE);
  return self->engine != NULL && self->providers_loaded;
}

void
easel_window_add_toast (EaselWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (EASEL_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_easel_window_toast (EaselWindow *self,
                     const char  *title)
{
  /* libadwaita 1.2 toasts take markup: a name with "&" must not break the title. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* An expected failure (a store write, a provider): a toast that says what and why. Cancelled
 * work stays silent.
 */
void
_easel_window_show_error (EaselWindow  *self,
                          const char   *what,
                          const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Translators: "Could not save the example: the disk is full" */
  message = g_strdup_printf (_("%s: %s"), what, error->message);
  _easel_window_toast (self, message);
}

/* ---- start-up ------------------------------------------------------------------------------ */

static gboolean
show_loading_cb (gpointer data)
{
  EaselWindow *self = data;

  /* Only a slow start shows the spinner; a fast one never flashes it. */
  self->loading_timeout = 0;
  gtk_spinner_start (self->loading_spinner);
  gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

/**
 * easel_window_set_error:
 * @title: (nullable): what failed ("Cannot Open the Library")
 * @message: what went wrong, and what to do
 *
 * Shows the error page instead of the window's content.
 */
void
easel_window_set_error (EaselWindow *self,
                        const char  *title,
                        const char  *message)
{
  g_return_if_fail (EASEL_IS_WINDOW (self));

  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  gtk_spinner_stop (self->loading_spinner);
  if (title != NULL)
    adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  _easel_window_actions_update (self);
}

static void
on_providers_changed_cb (EaselWindow *self)
{
  _easel_window_reload_providers (self);
}

/**
 * easel_window_set_engine:
 * @engine: the application's engine, whose store is open
 *
 * Connects the window: lists the providers, styles, formats and examples, and shows them.
 */
void
easel_window_set_engine (EaselWindow *self,
                         EaselEngine *engine)
{
  g_return_if_fail (EASEL_IS_WINDOW (self));
  g_return_if_fail (EASEL_IS_ENGINE (engine));
  g_return_if_fail (self->engine == NULL);

  self->engine = g_object_ref (engine);
  self->store = g_object_ref (easel_engine_get_store (engine));

  g_signal_connect_object (engine, "providers-changed", G_CALLBACK (on_providers_changed_cb),
                           self, G_CONNECT_SWAPPED);
  _easel_window_runs_connect (self);

  easel_history_page_set_engine (self->history_page, engine);
  easel_welcome_page_set_engine (self->welcome_page, engine);
  if (easel_posts_page_get_engine (self->posts_page) == NULL)
    easel_posts_page_set_engine (self->posts_page, engine);

  _easel_window_reload_providers (self);
  _easel_window_reload_presets (self);
  _easel_window_reload_examples (self);

  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  gtk_spinner_stop (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  _easel_window_actions_update (self);
}

/* ---- providers --------------------------------------------------------------------------- */

/**
 * _easel_window_find_provider:
 *
 * Returns: (transfer none) (nullable): the provider called @name
 */
EaselProviderItem *
_easel_window_find_provider (EaselWindow *self,
                             const char  *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (g_strcmp0 (easel_provider_item_get_name (item), name) == 0)
        return item;
    }
  return NULL;
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
add_unique (GPtrArray  *names,
            GStrv       more)
{
  for (guint i = 0; more != NULL && more[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (names, more[i], g_str_equal, NULL))
      g_ptr_array_add (names, more[i]);
}

/* The model, sampler and scheduler lists are what the chosen providers' servers offer. */
static void
update_name_lists (EaselWindow *self)
{
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new ();
  g_autoptr(GPtrArray) samplers = g_ptr_array_new ();
  g_autoptr(GPtrArray) schedulers = g_ptr_array_new ();
  g_autoptr(GPtrArray) caps =
    g_ptr_array_new_with_free_func ((GDestroyNotify) easel_capabilities_free);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) name_list = NULL;

  chosen = easel_provider_picker_dup_selected (
    easel_prompt_area_get_provider_picker (self->prompt_area));
  for (guint i = 0; i < chosen->len; i++)
    {
      EaselProviderItem *item = g_ptr_array_index (chosen, i);
      const EaselServerInfo *info = easel_provider_item_get_info (item);

      g_ptr_array_add (caps, easel_provider_item_dup_capabilities (item, NULL));
      g_strv_builder_add (names, easel_provider_item_get_name (item));
      if (info == NULL)
        continue;
      add_unique (models, info->models);
      add_unique (samplers, info->samplers);
      add_unique (schedulers, info->schedulers);
    }
  g_ptr_array_add (models, NULL);
  g_ptr_array_add (samplers, NULL);
  g_ptr_array_add (schedulers, NULL);
  name_list = g_strv_builder_end (names);

  easel_settings_editor_set_models (self->settings_editor, (const char * const *) models->pdata);
  easel_settings_editor_set_samplers (self->settings_editor,
                                      (const char * const *) samplers->pdata);
  easel_settings_editor_set_schedulers (self->settings_editor,
                                        (const char * const *) schedulers->pdata);
  easel_settings_editor_set_capabilities (self->settings_editor, caps,
                                          (const char * const *) name_list);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselProviderItem) item = user_data;
  g_autoptr(EaselServerInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  info = easel_engine_check_provider_finish (EASEL_ENGINE (object), result, &error);
  if (info == NULL)
    {
      /* Not an interruption: the lists stay "Provider default" and a run says what is wrong. */
      g_debug ("checking %s: %s", easel_provider_item_get_name (item), error->message);
      return;
    }
  easel_provider_item_set_info (item, info);

  window = g_object_get_data (G_OBJECT (item), "easel-window");
  if (EASEL_IS_WINDOW (window))
    update_name_lists (EASEL_WINDOW (window));
}

/* Ask the chosen providers' servers once what they offer (models, samplers, schedulers). */
static void
check_chosen_providers (EaselWindow *self)
{
  g_autoptr(GPtrArray) chosen = NULL;

  chosen = easel_provider_picker_dup_selected (
    easel_prompt_area_get_provider_picker (self->prompt_area));
  for (guint i = 0; i < chosen->len; i++)
    {
      EaselProviderItem *item = g_ptr_array_index (chosen, i);

      if (easel_provider_item_get_info (item) != NULL ||
          g_object_get_data (G_OBJECT (item), "easel-checking") != NULL)
        continue;
      g_object_set_data (G_OBJECT (item), "easel-checking", GINT_TO_POINTER (TRUE));
      /* A weak back pointer: the item outlives neither the window's list nor the check. */
      g_object_set_data (G_OBJECT (item), "easel-window", self);
      easel_engine_check_provider_async (self->engine, easel_provider_item_get_name (item),
                                         self->cancellable, checked_cb, g_object_ref (item));
    }
}

static void
on_providers_chosen_cb (EaselWindow *self)
{
  g_auto(GStrv) names = easel_prompt_area_dup_selected_providers (self->prompt_area);

  /* The choice is remembered, but not while the list is being filled. */
  if (!self->restoring_providers && self->providers_loaded)
    g_settings_set_strv (self->settings, "selected-providers", (const char * const *) names);

  if (self->engine != NULL)
    check_chosen_providers (self);
  update_name_lists (self);
  _easel_window_update_adjustments (self);
  _easel_window_actions_update (self);
}

static void
providers_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) chosen = NULL;

  configs = easel_store_task_finish (result, &error);
  if (configs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_window_show_error (self, _("Could not list the providers"), error);
      return;
    }

  /* Keep what is chosen now; on the first listing, what was chosen last time. */
  if (self->providers_loaded)
    chosen = easel_prompt_area_dup_selected_providers (self->prompt_area);
  else
    chosen = g_settings_get_strv (self->settings, "selected-providers");

  for (guint i = 0; i < configs->len; i++)
    {
      const EaselProviderConfig *config = g_ptr_array_index (configs, i);

      g_ptr_array_add (items, easel_provider_item_new (config));
    }

  self->restoring_providers = TRUE;
  g_list_store_splice (self->providers, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->providers)),
                       items->pdata, items->len);
  easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (self->prompt_area),
                                      (const char * const *) chosen);
  /* One provider and nothing chosen: choose it, there is nothing else to do with it. */
  if (items->len == 1 &&
      easel_provider_picker_get_n_selected (
        easel_prompt_area_get_provider_picker (self->prompt_area)) == 0)
    {
      const char *only[] = { easel_provider_item_get_name (g_ptr_array_index (items, 0)), NULL };

      easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (self->prompt_area),
                                          only);
    }
  self->restoring_providers = FALSE;
  self->providers_loaded = TRUE;

  gtk_stack_set_visible_child_name (self->create_stack, items->len > 0 ? "compose" : "welcome");
  _easel_window_actions_update (self);
  if (items->len == 0)
    easel_welcome_page_detect (self->welcome_page);

  on_providers_chosen_cb (self);
}

void
_easel_window_reload_providers (EaselWindow *self)
{
  if (self->store == NULL)
    return;
  easel_store_task_run (self->store, list_providers_func, NULL, NULL,
                        (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                        providers_listed_cb, g_object_ref (self));
}

/* ---- styles and formats ------------------------------------------------------------------- */

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

static void
fill_presets (GListStore *store,
              GPtrArray  *presets,
              gboolean    styles)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < presets->len; i++)
    g_ptr_array_add (items, styles ? easel_preset_item_new_style (g_ptr_array_index (presets, i))
                                   : easel_preset_item_new_format (g_ptr_array_index (presets, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata,
                       items->len);
}

static void
presets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Presets *presets;
  g_autofree char *style = NULL;
  g_autofree char *format = NULL;

  presets = easel_store_task_finish (result, &error);
  if (presets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_window_show_error (self, _("Could not list the styles and formats"), error);
      return;
    }

  /* Keep the choices across a reload (an edit in Preferences). */
  style = g_strdup (easel_prompt_area_get_style_name (self->prompt_area));
  format = g_strdup (easel_prompt_area_get_format_name (self->prompt_area));
  fill_presets (self->styles, presets->styles, TRUE);
  fill_presets (self->formats, presets->formats, FALSE);
  easel_prompt_area_set_style_name (self->prompt_area, style);
  easel_prompt_area_set_format_name (self->prompt_area, format);
  presets_free (presets);
}

void
_easel_window_reload_presets (EaselWindow *self)
{
  if (self->store == NULL)
    return;
  easel_store_task_run (self->store, list_presets_func, NULL, NULL,
                        (GDestroyNotify) presets_free, self->cancellable, presets_listed_cb,
                        g_object_ref (self));
}

static void
on_format_chosen_cb (EaselWindow *self)
{
  const char *name = easel_prompt_area_get_format_name (self->prompt_area);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->formats));

  /* A format sets the size; the size can still be changed by hand afterwards. */
  for (guint i = 0; name != NULL && i < n; i++)
    {
      g_autoptr(EaselPresetItem) item = g_list_model_get_item (G_LIST_MODEL (self->formats), i);
      const EaselFormat *format = easel_preset_item_get_format (item);

      if (g_strcmp0 (format->name, name) == 0)
        easel_settings_editor_set_size (self->settings_editor, format->width, format->height);
    }
  _easel_window_update_adjustments (self);
}

/* ---- loading a recipe into the editors --------------------------------------------------- */

/**
 * _easel_window_load_setting:
 * @prompt: (nullable): the prompt; %NULL keeps the current one
 * @providers: (nullable): providers to choose; %NULL keeps the choice
 * @setting: (nullable): the settings; %NULL keeps them
 *
 * Fills the prompt area and the settings editor (an example, a result's recipe, pasted
 * parameters) and shows the Create page.
 */
void
_easel_window_load_setting (EaselWindow             *self,
                            const char              *prompt,
                            const char              *negative_prompt,
                            const char              *style,
                            const char              *format,
                            const char * const      *providers,
                            const EaselImageSetting *setting)
{
  if (prompt != NULL)
    easel_prompt_area_set_prompt (self->prompt_area, prompt);
  if (prompt != NULL || negative_prompt != NULL)
    easel_prompt_area_set_negative_prompt (self->prompt_area, negative_prompt);
  if (prompt != NULL)
    {
      easel_prompt_area_set_style_name (self->prompt_area, style);
      easel_prompt_area_set_format_name (self->prompt_area, format);
    }
  if (providers != NULL && providers[0] != NULL)
    easel_provider_picker_select_names (easel_prompt_area_get_provider_picker (self->prompt_area),
                                        providers);
  if (setting != NULL)
    easel_settings_editor_set_setting (self->settings_editor, setting);

  adw_view_stack_set_visible_child_name (self->view_stack, "create");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* ---- what each provider will change --------------------------------------------------------- */

/* When the provider layer cannot map a request (a kind this build has no client for), the
 * capabilities table still tells the size it will use and the fields it ignores.
 */
static GPtrArray *
describe_from_capabilities (const EaselCapabilities *caps,
                            const EaselImageSetting *setting)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  int w = 0, h = 0;

  if (setting->width > 0 && setting->height > 0 &&
      easel_capabilities_fit_size (caps, setting->width, setting->height, &w, &h) &&
      (w != setting->width || h != setting->height))
    g_ptr_array_add (lines, g_strdup_printf (_("size %d×%d → %d×%d"), setting->width,
                                             setting->height, w, h));
  if (setting->steps > 0 && !caps->steps)
    g_ptr_array_add (lines, g_strdup (_("steps ignored")));
  if (setting->has_guidance && !caps->guidance)
    g_ptr_array_add (lines, g_strdup (_("guidance ignored")));
  if (setting->has_seed && !caps->seed)
    g_ptr_array_add (lines, g_strdup (_("seed ignored")));
  if (setting->sampler != NULL && !caps->sampler)
    g_ptr_array_add (lines, g_strdup (_("sampler ignored")));
  if (setting->count > caps->max_images_per_request && caps->max_images_per_request > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("%d requests of 1 image"), setting->count));
  return lines;
}

static gboolean
update_adjustments_cb (gpointer data)
{
  EaselWindow *self = data;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) details = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
  g_auto(GStrv) title_list = NULL;
  g_auto(GStrv) detail_list = NULL;
  g_auto(GStrv) problem_list = NULL;

  self->adjustments_idle = 0;

  setting = easel_settings_editor_dup_setting (self->settings_editor, NULL);
  chosen = easel_provider_picker_dup_selected (
    easel_prompt_area_get_provider_picker (self->prompt_area));
  /* Invalid settings have nothing to preview: the editor says what is wrong. */
  if (setting == NULL || self->engine == NULL)
    g_ptr_array_set_size (chosen, 0);

  for (guint i = 0; chosen != NULL && i < chosen->len; i++)
    {
      EaselProviderItem *item = g_ptr_array_index (chosen, i);
      const EaselProviderConfig *config = easel_provider_item_get_config (item);
      const char *model = setting->model != NULL ? setting->model : config->model;
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *title = NULL;
      g_autofree char *joined = NULL;
      gboolean problem = FALSE;

      lines = easel_engine_preview_adjustments (self->engine, config, setting, &error);
      if (lines == NULL && g_error_matches (error, EASEL_PROVIDER_ERROR,
                                            EASEL_PROVIDER_ERROR_INVALID_REQUEST))
        {
          /* The request itself is wrong for this provider: that is what to show. */
          lines = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (lines, g_strdup (error->message));
          problem = TRUE;
        }
      else if (lines == NULL)
        {
          g_autoptr(EaselCapabilities) caps = easel_provider_item_dup_capabilities (item, model);

          lines = describe_from_capabilities (caps, setting);
        }

      title = model != NULL && *model != '\0'
              ? g_strdup_printf ("%s · %s", config->name, model) : g_strdup (config->name);
      g_ptr_array_add (lines, NULL);
      joined = g_strjoinv ("; ", (char **) lines->pdata);
      g_strv_builder_add (titles, title);
      g_strv_builder_add (details, joined);
      g_strv_builder_add (problems, problem ? "1" : "0");
    }

  title_list = g_strv_builder_end (titles);
  detail_list = g_strv_builder_end (details);
  problem_list = g_strv_builder_end (problems);
  easel_settings_editor_set_adjustments (self->settings_editor,
                                         (const char * const *) title_list,
                                         (const char * const *) detail_list,
                                         (const char * const *) problem_list);
  return G_SOURCE_REMOVE;
}

void
_easel_window_update_adjustments (EaselWindow *self)
{
  if (self->adjustments_idle == 0)
    self->adjustments_idle = g_idle_add (update_adjustments_cb, self);
}

static void
on_settings_changed_cb (EaselWindow *self)
{
  _easel_window_update_adjustments (self);
}

/* ---- other template callbacks ------------------------------------------------------------- */

static void
on_state_changed_cb (EaselWindow *self)
{
  _easel_window_actions_update (self);
}

static void
on_page_changed_cb (EaselWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  easel_history_page_set_visible_page (self->history_page, g_strcmp0 (page, "history") == 0);
  _easel_window_actions_update (self);
}

static void
on_library_search_changed_cb (EaselWindow *self)
{
  _easel_window_reload_examples (self);
}

static void
on_example_activated_cb (EaselWindow      *self,
                         EaselExampleItem *item)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.load-example", "x",
                              easel_example_item_get_id (item));
}

static void
on_result_dropped_cb (EaselWindow     *self,
                      EaselResultItem *item)
{
  _easel_window_save_result_as_example (self, item);
}

static void
easel_window_dispose (GObject *object)
{
  EaselWindow *self = EASEL_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->loading_timeout, g_source_remove);
  g_clear_handle_id (&self->adjustments_idle, g_source_remove);
  if (self->runs != NULL)
    {
      guint pending_idle = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self->runs),
                                                                "easel-pending-idle"));

      if (pending_idle != 0)
        g_source_remove (pending_idle);
      g_object_set_data (G_OBJECT (self->runs), "easel-pending-idle", NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->providers);
  g_clear_object (&self->styles);
  g_clear_object (&self->formats);
  g_clear_object (&self->examples);
  g_clear_pointer (&self->runs_by_id, g_hash_table_unref);
  g_clear_pointer (&self->submitted, g_hash_table_unref);
  g_clear_object (&self->runs);
  g_clear_pointer (&self->deleted_example, easel_prompt_example_free);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (easel_window_parent_class)->dispose (object);
}

static void
easel_window_class_init (EaselWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_window_dispose;

  g_type_ensure (EASEL_TYPE_HISTORY_PAGE);
  g_type_ensure (EASEL_TYPE_LIBRARY_SIDEBAR);
  g_type_ensure (EASEL_TYPE_POSTS_PAGE);
  g_type_ensure (EASEL_TYPE_PROMPT_AREA);
  g_type_ensure (EASEL_TYPE_RESULTS_VIEW);
  g_type_ensure (EASEL_TYPE_SETTINGS_EDITOR);
  g_type_ensure (EASEL_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/easel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, create_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, library_sidebar);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, prompt_area);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, settings_editor);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, posts_page);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, generate_hint);
  gtk_widget_class_bind_template_child (widget_class, EaselWindow, generate_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_state_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_providers_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_format_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_library_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_example_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_dropped_cb);

  _easel_window_class_actions_init (klass);
}

static void
easel_window_init (EaselWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->providers = g_list_store_new (EASEL_TYPE_PROVIDER_ITEM);
  self->styles = g_list_store_new (EASEL_TYPE_PRESET_ITEM);
  self->formats = g_list_store_new (EASEL_TYPE_PRESET_ITEM);
  easel_prompt_area_set_providers (self->prompt_area, G_LIST_MODEL (self->providers));
  easel_prompt_area_set_styles (self->prompt_area, G_LIST_MODEL (self->styles));
  easel_prompt_area_set_formats (self->prompt_area, G_LIST_MODEL (self->formats));
  easel_history_page_set_providers (self->history_page, G_LIST_MODEL (self->providers));

  _easel_window_runs_init (self);
  _easel_window_library_init (self);

  /* When the window is too narrow for both, the leaflet shows the prompt, not the library. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* The editor starts from the defaults in Preferences. */
  {
    g_autoptr(EaselImageSetting) defaults = easel_image_setting_new ();

    defaults->width = g_settings_get_int (self->settings, "default-width");
    defaults->height = g_settings_get_int (self->settings, "default-height");
    defaults->count = g_settings_get_int (self->settings, "default-count");
    defaults->steps = g_settings_get_int (self->settings, "default-steps");
    defaults->has_guidance = TRUE;
    defaults->guidance_scale = g_settings_get_double (self->settings, "default-guidance");
    easel_settings_editor_set_setting (self->settings_editor, defaults);
  }

  self->loading_timeout = g_timeout_add (300, show_loading_cb, self);
  _easel_window_actions_update (self);
}
