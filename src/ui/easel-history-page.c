/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-history-model.h"
#include "easel-history-page.h"
#include "easel-provider-item.h"
#include "easel-result-actions.h"
#include "easel-history-cell.h"
#include "easel-result-item.h"
#include "easel-result.h"

/* New results arrive in bursts (a run of twelve): count once when the burst is over. */
#define RELOAD_DELAY_MS 500

/**
 * EaselHistoryPage:
 *
 * Every result ever made, newest first, in a recycling GtkGridView over #EaselHistoryModel:
 * the store is counted and read a page at a time in workers, and each cell
 * (#EaselHistoryCell) decodes its thumbnail lazily in a worker. A search entry (full-text),
 * a provider filter and a favourites toggle narrow it down. Cards have the same actions as in
 * the comparison grid; activating one (double click, Enter) shows its details.
 */
struct _EaselHistoryPage
{
  AdwBin             parent_instance;

  GtkSearchEntry    *search_entry;
  GtkDropDown       *provider_dropdown;
  GtkToggleButton   *favorites_button;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkGridView       *grid_view;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *count_label;

  EaselHistoryModel *model;
  GtkNoSelection    *selection;
  GListStore        *provider_parts;
  gboolean           visible;
  gboolean           dirty;
  guint              reload_timeout;
};

G_DEFINE_FINAL_TYPE (EaselHistoryPage, easel_history_page, ADW_TYPE_BIN)

static void
update_state (EaselHistoryPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean filtered = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
                      gtk_drop_down_get_selected (self->provider_dropdown) > 0 ||
                      gtk_toggle_button_get_active (self->favorites_button);
  g_autofree char *count = NULL;

  if (self->model == NULL || !easel_history_model_get_counted (self->model))
    {
      /* Until the first count: a spinner, but only in place of nothing. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "grid") != 0)
        {
          gtk_stack_set_visible_child_name (self->stack, "loading");
          gtk_spinner_start (self->spinner);
        }
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "grid");
  else
    gtk_stack_set_visible_child_name (self->stack, filtered ? "no-matches" : "empty");

  /* Translators: how many images the history shows */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
}

static const char *
selected_provider (EaselHistoryPage *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->provider_dropdown);

  if (gtk_drop_down_get_selected (self->provider_dropdown) == 0 || !EASEL_IS_PROVIDER_ITEM (item))
    return NULL;
  return easel_provider_item_get_name (item);
}

static void
apply_query (EaselHistoryPage *self)
{
  if (self->model == NULL)
    return;
  easel_history_model_set_query (self->model,
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                 selected_provider (self),
                                 gtk_toggle_button_get_active (self->favorites_button));
}

static void
on_query_changed_cb (EaselHistoryPage *self)
{
  apply_query (self);
  update_state (self);
}

static void
on_stop_search_cb (EaselHistoryPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_model_notify_cb (EaselHistoryPage *self)
{
  update_state (self);
}

static void
on_activate_cb (EaselHistoryPage *self,
                guint             position,
                GtkGridView      *grid_view)
{
  g_autoptr(EaselResultItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL && easel_result_item_get_result (item) != NULL)
    easel_result_actions_activate (GTK_WIDGET (self), item, "details");
}

/**
 * easel_history_page_set_engine:
 *
 * Connects the page to the engine's store; the history is read when the page is first shown.
 */
void
easel_history_page_set_engine (EaselHistoryPage *self,
                               EaselEngine      *engine)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));
  g_return_if_fail (self->model == NULL);

  self->model = easel_history_model_new (engine);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (on_model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->model));

  self->dirty = TRUE;
  if (self->visible)
    easel_history_page_set_visible_page (self, TRUE);
}

/**
 * easel_history_page_set_providers:
 * @providers: (nullable): #EaselProviderItem, for the provider filter
 */
void
easel_history_page_set_providers (EaselHistoryPage *self,
                                  GListModel       *providers)
{
  guint n;

  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->provider_parts));
  g_list_store_splice (self->provider_parts, 1, n - 1, (gpointer *) &providers,
                       providers != NULL ? 1 : 0);
}

/**
 * easel_history_page_set_visible_page:
 *
 * The window tells the page when it is shown: the history is read (or read again, after new
 * results) only then.
 */
void
easel_history_page_set_visible_page (EaselHistoryPage *self,
                                     gboolean          visible)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));

  self->visible = visible;
  if (visible && self->dirty && self->model != NULL)
    {
      self->dirty = FALSE;
      if (easel_history_model_get_counted (self->model))
        easel_history_model_reload (self->model);
      else
        apply_query (self);
      update_state (self);
      if (easel_history_model_get_counted (self->model) ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "grid") != 0)
        update_state (self);
    }
}

static gboolean
reload_cb (gpointer data)
{
  EaselHistoryPage *self = data;

  self->reload_timeout = 0;
  self->dirty = TRUE;
  if (self->visible)
    easel_history_page_set_visible_page (self, TRUE);
  return G_SOURCE_REMOVE;
}

/**
 * easel_history_page_result_added:
 *
 * A new result exists: the page counts again when the burst is over (or when next shown).
 */
void
easel_history_page_result_added (EaselHistoryPage  *self,
                                 const EaselResult *result)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));

  if (self->reload_timeout == 0)
    self->reload_timeout = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

/**
 * easel_history_page_update_result:
 * @favorite: the new star, or -1
 * @rating: the new rating, or -1
 */
void
easel_history_page_update_result (EaselHistoryPage *self,
                                  gint64            result_id,
                                  int               favorite,
                                  int               rating)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));

  if (self->model != NULL)
    easel_history_model_update_result (self->model, result_id, favorite, rating);
}

void
easel_history_page_set_search (EaselHistoryPage *self,
                               const char       *search)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search != NULL ? search : "");
  /* Now, not after the entry's typing delay. */
  on_query_changed_cb (self);
}

void
easel_history_page_focus_search (EaselHistoryPage *self)
{
  g_return_if_fail (EASEL_IS_HISTORY_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * easel_history_page_get_model:
 *
 * Returns: (transfer none) (nullable): the history model, once there is an engine
 */
EaselHistoryModel *
easel_history_page_get_model (EaselHistoryPage *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_PAGE (self), NULL);
  return self->model;
}

/**
 * easel_history_page_get_grid_view:
 *
 * Returns: (transfer none): the grid
 */
GtkGridView *
easel_history_page_get_grid_view (EaselHistoryPage *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_PAGE (self), NULL);
  return self->grid_view;
}

static void
easel_history_page_dispose (GObject *object)
{
  EaselHistoryPage *self = EASEL_HISTORY_PAGE (object);

  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_HISTORY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->provider_parts);

  G_OBJECT_CLASS (easel_history_page_parent_class)->dispose (object);
}

static void
easel_history_page_class_init (EaselHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_history_page_dispose;

  g_type_ensure (EASEL_TYPE_HISTORY_CELL);
  g_type_ensure (EASEL_TYPE_RESULT_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-history-page.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-history-page");
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, favorites_button);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, grid_view);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EaselHistoryPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_item_label);
}

static void
easel_history_page_init (EaselHistoryPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) all = gtk_string_list_new (NULL);
  g_autoptr(GtkFlattenListModel) choices = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_no_selection_new (NULL);
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH
                                                             "/ui/easel-history-item.ui");
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));

  /* "All providers", then the configured ones. */
  self->provider_parts = g_list_store_new (G_TYPE_LIST_MODEL);
  gtk_string_list_append (all, _("All Providers"));
  g_list_store_append (self->provider_parts, all);
  choices = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->provider_parts)));
  gtk_drop_down_set_model (self->provider_dropdown, G_LIST_MODEL (choices));

  update_state (self);
}
