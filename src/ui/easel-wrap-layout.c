/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-wrap-layout"

#include "config.h"

#include "easel-wrap-layout.h"

/**
 * EaselWrapLayout:
 *
 * Lays children out left to right at their natural width, starting a new line when the next one
 * does not fit — chips, badges. GtkFlowBox spreads a line's spare width over its children,
 * which pulls chips apart; libadwaita's wrap box is newer than 1.2.
 */
struct _EaselWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (EaselWrapLayout, easel_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

GtkLayoutManager *
easel_wrap_layout_new (int spacing)
{
  EaselWrapLayout *self = g_object_new (EASEL_TYPE_WRAP_LAYOUT, NULL);

  self->spacing = spacing;
  return GTK_LAYOUT_MANAGER (self);
}

static GtkSizeRequestMode
easel_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                    GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Walks the children as they would be placed in @width; returns the total height. */
static int
flow (EaselWrapLayout *self,
      GtkWidget       *widget,
      int              width,
      gboolean         allocate)
{
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min_w, nat_w, min_h, nat_h, w;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
      w = width >= 0 ? MIN (nat_w, MAX (width, min_w)) : nat_w;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &min_h, &nat_h, NULL, NULL);

      if (width >= 0 && x > 0 && x + w > width)
        {
          y += line_height + self->spacing;
          x = 0;
          line_height = 0;
        }
      if (allocate)
        gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, w, nat_h }, -1);
      x += w + self->spacing;
      line_height = MAX (line_height, nat_h);
    }
  return y + line_height;
}

static void
easel_wrap_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  EaselWrapLayout *self = EASEL_WRAP_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0, nat = 0, n = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (n++ > 0 ? self->spacing : 0);
        }
      *minimum = min;
      *natural = nat;
    }
  else
    {
      *minimum = *natural = flow (self, widget, for_size, FALSE);
    }
}

static void
easel_wrap_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  flow (EASEL_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static void
easel_wrap_layout_class_init (EaselWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = easel_wrap_layout_get_request_mode;
  manager_class->measure = easel_wrap_layout_measure;
  manager_class->allocate = easel_wrap_layout_allocate;
}

static void
easel_wrap_layout_init (EaselWrapLayout *self)
{
  self->spacing = 6;
}
