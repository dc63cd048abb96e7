/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-results-view"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-result-card.h"
#include "easel-result-item.h"
#include "easel-results-view.h"
#include "easel-run-group.h"

/**
 * EaselResultsView:
 *
 * The comparison grid: the runs of this session, newest first, each an #EaselRunGroup with a
 * header and one card per job in a GtkFlowBox; or an empty state that tells a new user how to
 * make the first images.
 *
 * The owner sets the runs (#EaselRunItem) with easel_results_view_set_runs(); the empty state
 * shows whenever there is none.
 */
struct _EaselResultsView
{
  AdwBin      parent_instance;

  /* The template's root, the AdwBin's child: AdwBin owns it, so it is not a bound template
   * child (gtk_widget_dispose_template() would unparent it a second time).
   */
  GtkStack   *stack;
  GtkListBox *list_box;
  GtkScrolledWindow *scrolled_window;

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

static GtkWidget *
create_group_cb (gpointer item,
                 gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), easel_run_group_new (item));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
on_runs_changed_cb (EaselResultsView *self,
                    guint             position,
                    guint             removed,
                    guint             added,
                    GListModel       *model)
{
  GtkAdjustment *adjustment;

  /* A new run comes first: bring it into view. */
  if (position == 0 && added > 0)
    {
      adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
  easel_results_view_update (self);
}

/**
 * easel_results_view_set_runs:
 * @self: a #EaselResultsView
 * @runs: (nullable): the runs to show, #EaselRunItem, newest first
 *
 * Shows one group per run, and the empty state while there is none. Pass %NULL to unbind.
 */
void
easel_results_view_set_runs (EaselResultsView *self,
                             GListModel       *runs)
{
  g_return_if_fail (EASEL_IS_RESULTS_VIEW (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }

  gtk_list_box_bind_model (self->list_box, runs, runs != NULL ? create_group_cb : NULL, NULL,
                           NULL);

  if (runs != NULL)
    {
      self->model = g_object_ref (runs);
      self->items_changed_id = g_signal_connect_object (runs, "items-changed",
                                                        G_CALLBACK (on_runs_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
    }

  easel_results_view_update (self);
}

/**
 * easel_results_view_find_card:
 * @self: a #EaselResultsView
 * @job_id: a job
 *
 * Returns: (transfer none) (nullable): the card showing @job_id
 */
GtkWidget *
easel_results_view_find_card (EaselResultsView *self,
                              gint64            job_id)
{
  g_return_val_if_fail (EASEL_IS_RESULTS_VIEW (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *group = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkFlowBox *flow_box;

      if (!EASEL_IS_RUN_GROUP (group))
        continue;
      flow_box = easel_run_group_get_flow_box (EASEL_RUN_GROUP (group));
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (flow_box)); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

          if (EASEL_IS_RESULT_CARD (card) &&
              easel_result_item_get_job_id (easel_result_card_get_item (EASEL_RESULT_CARD (card)))
              == job_id)
            return card;
        }
    }
  return NULL;
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
  gtk_widget_class_bind_template_child (widget_class, EaselResultsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, EaselResultsView, scrolled_window);

  g_type_ensure (EASEL_TYPE_RUN_GROUP);
}

static void
easel_results_view_init (EaselResultsView *self)
{
  self->empty = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  easel_results_view_update (self);
}
