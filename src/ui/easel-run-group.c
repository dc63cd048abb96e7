/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-run-group"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-result-card.h"
#include "easel-run-group.h"
#include "easel-run-item.h"
#include "easel-window-private.h"

/**
 * EaselRunGroup:
 *
 * One run in the comparison grid: a header with the prompt's first line, the time and the
 * providers (and Cancel Run while it runs), then its cards in a GtkFlowBox, one per job, from
 * the moment the run starts.
 */
struct _EaselRunGroup
{
  AdwBin        parent_instance;

  GtkFlowBox   *flow_box;

  EaselRunItem *run;
};

G_DEFINE_FINAL_TYPE (EaselRunGroup, easel_run_group, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_run_group_new (EaselRunItem *run)
{
  return g_object_new (EASEL_TYPE_RUN_GROUP, "run", run, NULL);
}

EaselRunItem *
easel_run_group_get_run (EaselRunGroup *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_GROUP (self), NULL);
  return self->run;
}

/**
 * easel_run_group_get_flow_box:
 *
 * Returns: (transfer none): the grid of this run's cards
 */
GtkFlowBox *
easel_run_group_get_flow_box (EaselRunGroup *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_GROUP (self), NULL);
  return self->flow_box;
}

static GtkWidget *
create_card_cb (gpointer item,
                gpointer user_data)
{
  return easel_result_card_new (item);
}

static void
set_run (EaselRunGroup *self,
         EaselRunItem  *run)
{
  if (!g_set_object (&self->run, run))
    return;

  gtk_flow_box_bind_model (self->flow_box, run != NULL ? easel_run_item_get_cards (run) : NULL,
                           create_card_cb, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaselRunGroup *self = EASEL_RUN_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->run != NULL && EASEL_IS_WINDOW (root))
    _easel_window_cancel_run (EASEL_WINDOW (root), easel_run_item_get_run_id (self->run));
}

static void
easel_run_group_dispose (GObject *object)
{
  EaselRunGroup *self = EASEL_RUN_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_RUN_GROUP);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (easel_run_group_parent_class)->dispose (object);
}

static void
easel_run_group_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EaselRunGroup *self = EASEL_RUN_GROUP (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_run_group_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EaselRunGroup *self = EASEL_RUN_GROUP (object);

  switch (prop_id)
    {
    case PROP_RUN:
      set_run (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_run_group_class_init (EaselRunGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_run_group_dispose;
  object_class->get_property = easel_run_group_get_property;
  object_class->set_property = easel_run_group_set_property;

  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, EASEL_TYPE_RUN_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EASEL_TYPE_RUN_ITEM);
  g_type_ensure (EASEL_TYPE_RESULT_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-run-group.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-run-group");
  gtk_widget_class_bind_template_child (widget_class, EaselRunGroup, flow_box);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_excerpt);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_format_time);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_join);

  gtk_widget_class_install_action (widget_class, "group.cancel", NULL, cancel_action);
}

static void
easel_run_group_init (EaselRunGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
