/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-example-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-closures.h"
#include "easel-example-item.h"
#include "easel-example-row.h"
#include "easel-prompt-example.h"

/**
 * EaselExampleRow:
 *
 * A saved example in the library: its name, the start of its prompt, a badge per provider,
 * and a menu. The menu's actions (`example.load`, `example.rename`, `example.duplicate`,
 * `example.delete`) call the window's (`win.load-example` and so on) with the example's id.
 */
struct _EaselExampleRow
{
  AdwBin            parent_instance;

  GtkWidget        *badges;
  GtkWidget        *menu_button;
  GMenuModel       *row_menu;

  EaselExampleItem *item;
};

G_DEFINE_FINAL_TYPE (EaselExampleRow, easel_example_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselExampleItem *
easel_example_row_get_item (EaselExampleRow *self)
{
  g_return_val_if_fail (EASEL_IS_EXAMPLE_ROW (self), NULL);
  return self->item;
}

static void
update_badges (EaselExampleRow *self)
{
  const EaselPromptExample *example;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->badges)) != NULL)
    gtk_box_remove (GTK_BOX (self->badges), child);

  example = self->item != NULL ? easel_example_item_get_example (self->item) : NULL;
  gtk_widget_set_visible (self->badges, example != NULL && example->providers != NULL &&
                                        example->providers[0] != NULL);
  if (example == NULL || example->providers == NULL)
    return;

  for (guint i = 0; example->providers[i] != NULL && i < 3; i++)
    {
      GtkWidget *badge = gtk_label_new (example->providers[i]);

      gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (badge), 12);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "caption");
      gtk_box_append (GTK_BOX (self->badges), badge);
    }
  if (g_strv_length (example->providers) > 3)
    {
      g_autofree char *more = g_strdup_printf ("+%u", g_strv_length (example->providers) - 3);
      GtkWidget *badge = gtk_label_new (more);

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "caption");
      gtk_box_append (GTK_BOX (self->badges), badge);
    }
}

void
easel_example_row_set_item (EaselExampleRow  *self,
                            EaselExampleItem *item)
{
  g_return_if_fail (EASEL_IS_EXAMPLE_ROW (self));

  if (!g_set_object (&self->item, item))
    return;
  update_badges (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  EaselExampleRow *self = EASEL_EXAMPLE_ROW (widget);
  g_autofree char *window_action = NULL;

  if (self->item == NULL)
    return;
  /* "example.rename" → "win.rename-example" */
  window_action = g_strdup_printf ("win.%s-example", action_name + strlen ("example."));
  gtk_widget_activate_action (widget, window_action, "x", easel_example_item_get_id (self->item));
}

static void
easel_example_row_dispose (GObject *object)
{
  EaselExampleRow *self = EASEL_EXAMPLE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_EXAMPLE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (easel_example_row_parent_class)->dispose (object);
}

static void
easel_example_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselExampleRow *self = EASEL_EXAMPLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_example_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EaselExampleRow *self = EASEL_EXAMPLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      easel_example_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_example_row_class_init (EaselExampleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_example_row_dispose;
  object_class->get_property = easel_example_row_get_property;
  object_class->set_property = easel_example_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, EASEL_TYPE_EXAMPLE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EASEL_TYPE_EXAMPLE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-example-row.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-example-row");
  gtk_widget_class_bind_template_child (widget_class, EaselExampleRow, badges);
  gtk_widget_class_bind_template_child (widget_class, EaselExampleRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EaselExampleRow, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_excerpt);

  gtk_widget_class_install_action (widget_class, "example.load", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "example.rename", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "example.duplicate", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "example.delete", NULL, row_action);
}

/* The menu's popover is built when first opened, not with every row. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  EaselExampleRow *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->row_menu);
}

static void
easel_example_row_init (EaselExampleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_menu_cb,
                                         self, NULL);
  update_badges (self);
}
