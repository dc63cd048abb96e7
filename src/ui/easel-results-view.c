/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-results-view"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-results-view.h"

/**
 * EaselResultsView:
 *
 * The comparison grid: one card per result in a GtkFlowBox, or an empty state that tells a new
 * user how to make the first images.
 *
 * The owner binds the results of the current run and a card factory with
 * easel_results_view_bind_model(); the empty state shows whenever the model has no items.
 */
struct _EaselResultsView
{
  AdwBin      parent_instance;

  /* The template's root, the AdwBin's child: AdwBin owns it, so it is not a bound template
   * child (gtk_widget_dispose_template() would unparent it a second time).
   */
  GtkStack   *stack;
  GtkFlowBox *flow_box;

  GListModel *model;
  gulong      items_changed_id;
  gboolean    empty;
};

G_DEFINE_FINAL_TYPE (EaselResultsView, easel_results_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_results_view_new (void)
{
  return g_object_new (EASEL_TYPE_RESULTS_VIEW, NULL);
}

static void
easel_results_view_update (EaselResultsView *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "grid");

  if (empty != self->empty)
    {
      self->empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
}

static void
on_items_changed_cb (EaselResultsView *self,
                     guint             position,
                     guint             removed,
                     guint             added,
                     GListModel       *model)
{
  easel_results_view_update (self);
}

/**
 * easel_results_view_bind_model:
 * @self: a #EaselResultsView
 * @model: (nullable): the results to show
 * @create_card_func: (nullable): makes the card for one result; required when @model is set
 * @user_data: (closure): data for @create_card_func
 * @user_data_free_func: (nullable): frees @user_data
 *
 * Shows one card per item of @model, as gtk_flow_box_bind_model() does, and the empty state
 * while @model has no items. Pass %NULL to unbind.
 */
void
easel_results_view_bind_model (EaselResultsView           *self,
                               GListModel                 *model,
                               GtkFlowBoxCreateWidgetFunc  create_card_func,
                               gpointer                    user_data,
                               GDestroyNotify              user_data_free_func)
{
  g_return_if_fail (EASEL_IS_RESULTS_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));
  g_return_if_fail (model == NULL || create_card_func != NULL);

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }

  gtk_flow_box_bind_model (self->flow_box, model, create_card_func, user_data,
                           user_data_free_func);

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->items_changed_id = g_signal_connect_object (model, "items-changed",
                                                        G_CALLBACK (on_items_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
    }

  easel_results_view_update (self);
}

/**
 * easel_results_view_get_empty:
 * @self: a #EaselResultsView
 *
 * Returns: whether there is no result to show (the empty state is visible)
 */
gboolean
easel_results_view_get_empty (EaselResultsView *self)
{
  g_return_val_if_fail (EASEL_IS_RESULTS_VIEW (self), TRUE);

  return self->empty;
}

static void
easel_results_view_dispose (GObject *object)
{
  EaselResultsView *self = EASEL_RESULTS_VIEW (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_RESULTS_VIEW);

  G_OBJECT_CLASS (easel_results_view_parent_class)->dispose (object);
}

static void
easel_results_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EaselResultsView *self = EASEL_RESULTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, easel_results_view_get_empty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_results_view_class_init (EaselResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_results_view_dispose;
  object_class->get_property = easel_results_view_get_property;

  /**
   * EaselResultsView:empty:
   *
   * Whether there is no result to show.
   */
  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-results-view.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-results-view");
  gtk_widget_class_bind_template_child (widget_class, EaselResultsView, flow_box);
}

static void
easel_results_view_init (EaselResultsView *self)
{
  self->empty = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  easel_results_view_update (self);
}
