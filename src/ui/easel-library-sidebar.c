/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-library-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-library-sidebar.h"

/**
 * EaselLibrarySidebar:
 *
 * The prompt-example library: a search entry above a list of saved examples.
 *
 * The sidebar does not know what an example is. Its owner binds a list model (already filtered
 * by #EaselLibrarySidebar:search-text) and a row factory with
 * easel_library_sidebar_bind_model(). The sidebar shows an empty state while nothing has been
 * saved, and a "no matches" state when a search filters every example out.
 */
struct _EaselLibrarySidebar
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list_box;

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
 * easel_library_sidebar_bind_model:
 * @self: a #EaselLibrarySidebar
 * @model: (nullable): the examples to list, already filtered by the search text
 * @create_row_func: (nullable): makes the row for one item; required when @model is set
 * @user_data: (closure): data for @create_row_func
 * @user_data_free_func: (nullable): frees @user_data
 *
 * Lists @model in the sidebar, as gtk_list_box_bind_model() does, and keeps the empty and
 * no-matches states in step with it. Pass %NULL to unbind.
 */
void
easel_library_sidebar_bind_model (EaselLibrarySidebar        *self,
                                  GListModel                 *model,
                                  GtkListBoxCreateWidgetFunc  create_row_func,
                                  gpointer                    user_data,
                                  GDestroyNotify              user_data_free_func)
{
  g_return_if_fail (EASEL_IS_LIBRARY_SIDEBAR (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));
  g_return_if_fail (model == NULL || create_row_func != NULL);

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }

  gtk_list_box_bind_model (self->list_box, model, create_row_func, user_data,
                           user_data_free_func);

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->items_changed_id = g_signal_connect_object (model, "items-changed",
                                                        G_CALLBACK (on_items_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
    }

  easel_library_sidebar_update (self);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-library-sidebar.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-library-sidebar");
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, EaselLibrarySidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
}

static void
easel_library_sidebar_init (EaselLibrarySidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  easel_library_sidebar_update (self);
}
