/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-library-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-example-row.h"
#include "easel-library-sidebar.h"
#include "easel-result-item.h"

/**
 * EaselLibrarySidebar:
 *
 * The prompt-example library: a search entry above a list of saved examples (#EaselExampleRow:
 * name, prompt excerpt, provider badges, a menu).
 *
 * Its owner sets the examples (#EaselExampleItem, already matching
 * #EaselLibrarySidebar:search-text, which the owner searches with the store's full-text index)
 * with easel_library_sidebar_set_model(). The sidebar shows an empty state while nothing has been
 * saved, and a "no matches" state when a search finds nothing. Activating a row emits
 * ::activate; a result card dropped on the sidebar emits ::result-dropped.
 */
struct _EaselLibrarySidebar
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListView    *list_view;
  GtkSingleSelection *selection;
  GtkDropTarget  *drop_target;

  GListModel     *model;
  gulong          items_changed_id;
  gboolean        can_search;
};

G_DEFINE_FINAL_TYPE (EaselLibrarySidebar, easel_library_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_SEARCH,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACTIVATE,
  SIGNAL_RESULT_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
easel_library_sidebar_new (void)
{
  return g_object_new (EASEL_TYPE_LIBRARY_SIDEBAR, NULL);
}

static void
easel_library_sidebar_update (EaselLibrarySidebar *self)
{
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  gboolean can_search;

  if (n_items > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (searching)
    gtk_stack_set_visible_child_name (self->stack, "no-matches");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");

  /* Searching an empty library finds nothing; the entry stays usable while a search is active so
   * it can be cleared again.
   */
  can_search = n_items > 0 || searching;
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), can_search);

  if (can_search != self->can_search)
    {
      self->can_search = can_search;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEARCH]);
    }
}

static void
on_items_changed_cb (EaselLibrarySidebar *self,
                     guint                position,
                     guint                removed,
                     guint                added,
                     GListModel          *model)
{
  easel_library_sidebar_update (self);
}

static void
on_search_changed_cb (EaselLibrarySidebar *self,
                      GtkSearchEntry      *entry)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
  easel_library_sidebar_update (self);
}

/**
 * easel_library_sidebar_set_model:
 * @self: a #EaselLibrarySidebar
 * @model: (nullable): the examples to list (#EaselExampleItem), already matching the search
 *
 * Lists @model, and keeps the empty and no-matches states in step with it. Pass %NULL to unbind.
 */
void
easel_library_sidebar_set_model (EaselLibrarySidebar *self,
                                 GListModel          *model)
{
  g_return_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }

  gtk_single_selection_set_model (self->selection, model);

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->items_changed_id = g_signal_connect_object (model, "items-changed",
                                                        G_CALLBACK (on_items_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
    }

  easel_library_sidebar_update (self);
}

static void
on_activate_cb (EaselLibrarySidebar *self,
                guint                position,
                GtkListView         *list_view)
{
  g_autoptr(GObject) item = NULL;

  if (self->model == NULL)
    return;
  item = g_list_model_get_item (self->model, position);
  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, item);
}

static void
on_stop_search_cb (EaselLibrarySidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
on_drop_cb (GtkDropTarget       *target,
            const GValue        *value,
            double               x,
            double               y,
            EaselLibrarySidebar *self)
{
  GObject *item = g_value_get_object (value);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-highlight");
  if (item == NULL)
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_RESULT_DROPPED], 0, item);
  return TRUE;
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget       *target,
                  double               x,
                  double               y,
                  EaselLibrarySidebar *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
on_drop_leave_cb (GtkDropTarget       *target,
                  EaselLibrarySidebar *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-highlight");
}

/**
 * easel_library_sidebar_get_drop_target:
 * @self: a #EaselLibrarySidebar
 *
 * Returns: (transfer none): the drop target that takes result cards
 */
GtkDropTarget *
easel_library_sidebar_get_drop_target (EaselLibrarySidebar *self)
{
  g_return_val_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self), NULL);

  return self->drop_target;
}

/**
 * easel_library_sidebar_get_list_view:
 * @self: a #EaselLibrarySidebar
 *
 * Returns: (transfer none): the list of examples
 */
GtkListView *
easel_library_sidebar_get_list_view (EaselLibrarySidebar *self)
{
  g_return_val_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self), NULL);

  return self->list_view;
}

/**
 * easel_library_sidebar_get_can_search:
 * @self: a #EaselLibrarySidebar
 *
 * Returns: whether there is anything to search (the search entry is sensitive)
 */
gboolean
easel_library_sidebar_get_can_search (EaselLibrarySidebar *self)
{
  g_return_val_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self), FALSE);

  return self->can_search;
}

/**
 * easel_library_sidebar_get_search_text:
 * @self: a #EaselLibrarySidebar
 *
 * Returns: (transfer none): what the user typed in the search entry, never %NULL
 */
const char *
easel_library_sidebar_get_search_text (EaselLibrarySidebar *self)
{
  g_return_val_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/**
 * easel_library_sidebar_focus_search:
 * @self: a #EaselLibrarySidebar
 *
 * Moves the keyboard focus to the search entry, when there is anything to search.
 */
void
easel_library_sidebar_focus_search (EaselLibrarySidebar *self)
{
  g_return_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self));

  if (self->can_search)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
easel_library_sidebar_dispose (GObject *object)
{
  EaselLibrarySidebar *self = EASEL_LIBRARY_SIDEBAR (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_LIBRARY_SIDEBAR);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (easel_library_sidebar_parent_class)->dispose (object);
}

static void
easel_library_sidebar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EaselLibrarySidebar *self = EASEL_LIBRARY_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_CAN_SEARCH:
      g_value_set_boolean (value, easel_library_sidebar_get_can_search (self));
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, easel_library_sidebar_get_search_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_library_sidebar_class_init (EaselLibrarySidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_library_sidebar_dispose;
  object_class->get_property = easel_library_sidebar_get_property;

  /**
   * EaselLibrarySidebar:can-search:
   *
   * Whether there is anything to search: the library has examples, or a search is active.
   */
  properties[PROP_CAN_SEARCH] =
    g_param_spec_boolean ("can-search", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselLibrarySidebar:search-text:
   *
   * What the user typed in the search entry; the owner filters the bound model with it.
   */
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaselLibrarySidebar::activate:
   * @item: the #EaselExampleItem activated (double click, Enter)
   */
  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_OBJECT);

  /**
   * EaselLibrarySidebar::result-dropped:
   * @item: the #EaselResultItem of a card dropped on the sidebar
   */
  signals[SIGNAL_RESULT_DROPPED] =
    g_signal_new ("result-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  g_type_ensure (EASEL_TYPE_EXAMPLE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-library-sidebar.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-library-sidebar");
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
}

static void
easel_library_sidebar_init (EaselLibrarySidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH
                                                             "/ui/easel-example-list-item.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* Dropping a result card saves its recipe. */
  self->drop_target = gtk_drop_target_new (EASEL_TYPE_RESULT_ITEM, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop_cb), self, 0);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (on_drop_enter_cb), self, 0);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (on_drop_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  easel_library_sidebar_update (self);
}
