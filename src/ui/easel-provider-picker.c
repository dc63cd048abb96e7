/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-provider-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-provider-item.h"
#include "easel-provider-picker.h"
#include "easel-widget-util.h"
#include "easel-wrap-layout.h"

/**
 * EaselProviderPicker:
 *
 * Which providers the next run uses: one, or several to compare.
 *
 * A drop-down button opens the list of configured providers (name, kind and model), each with
 * a check box; activating a row (click, Enter or Space) adds or removes it, and the list stays
 * open so several can be chosen in one go. Under the button, one chip per chosen provider
 * shows the choice at a glance, and removes it with its close button.
 *
 * GtkDropDown chooses exactly one item and closes on every activation, so the multiple choice
 * is a GtkMenuButton with the drop-down arrow and a GtkListView in its popover.
 *
 * The choice lives in the items' #EaselProviderItem:selected; the picker notifies
 * #EaselProviderPicker:n-selected and emits ::changed when it changes.
 */
struct _EaselProviderPicker
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkListView    *list_view;
  GtkWidget      *chips;
  GtkWidget      *hint;

  GListModel     *providers;
  GtkFilterListModel *chosen;
  GtkCustomFilter *filter;
  GtkNoSelection *selection;
  gulong          items_changed_id;
  guint           n_selected;
  GStrv           chosen_names;
};

G_DEFINE_FINAL_TYPE (EaselProviderPicker, easel_provider_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_N_SELECTED,
  PROP_SUMMARY,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
easel_provider_picker_new (void)
{
  return g_object_new (EASEL_TYPE_PROVIDER_PICKER, NULL);
}

GStrv easel_provider_picker_dup_selected_names (EaselProviderPicker *self);

static guint
n_providers (EaselProviderPicker *self)
{
  return self->providers != NULL ? g_list_model_get_n_items (self->providers) : 0;
}

static char *
dup_summary (EaselProviderPicker *self)
{
  guint n = n_providers (self);

  if (n == 0)
    return g_strdup (_("No providers"));
  if (self->n_selected == 0)
    return g_strdup (_("Choose…"));
  if (self->n_selected == 1)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, i);

          if (easel_provider_item_get_selected (item))
            return g_strdup (easel_provider_item_get_name (item));
        }
    }
  /* Translators: the provider button when several are chosen to compare */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u provider", "%u providers",
                                       self->n_selected), self->n_selected);
}

static void
update (EaselProviderPicker *self,
        gboolean             emit)
{
  guint n = n_providers (self);
  guint n_selected = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, i);

      if (easel_provider_item_get_selected (item))
        n_selected++;
    }

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), n > 0);
  gtk_widget_set_visible (self->hint, n_selected == 0);
  gtk_widget_set_visible (self->chips, n_selected > 0);

  if (n_selected != self->n_selected)
    {
      self->n_selected = n_selected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
    }

  summary = dup_summary (self);
  gtk_menu_button_set_label (self->button, summary);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);

  /* ::changed only when the chosen set really changed. */
  if (emit)
    {
      g_auto(GStrv) names = easel_provider_picker_dup_selected_names (self);

      if (self->chosen_names == NULL ||
          !g_strv_equal ((const char * const *) names, (const char * const *) self->chosen_names))
        {
          g_strfreev (self->chosen_names);
          self->chosen_names = g_steal_pointer (&names);
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
    }
}

static void
on_items_changed_cb (EaselProviderPicker *self,
                     guint                position,
                     guint                removed,
                     guint                added,
                     GListModel          *model)
{
  update (self, TRUE);
}

static gboolean
filter_selected (gpointer item,
                 gpointer user_data)
{
  return easel_provider_item_get_selected (item);
}

static void
on_chip_remove_clicked_cb (GtkButton         *button,
                           EaselProviderItem *item)
{
  EaselProviderPicker *self;

  self = EASEL_PROVIDER_PICKER (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                         EASEL_TYPE_PROVIDER_PICKER));
  easel_provider_item_set_selected (item, FALSE);
  if (self != NULL)
    update (self, TRUE);
}

static GtkWidget *
create_chip_cb (gpointer item,
                gpointer user_data)
{
  EaselProviderItem *provider = item;
  const char *name = easel_provider_item_get_name (provider);
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  easel_widget_set_tooltip (label, name);
  gtk_widget_add_css_class (chip, "provider-chip");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  easel_widget_set_tooltip (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_chip_remove_clicked_cb), provider,
                           0);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  return chip;
}

/* One chip per chosen provider, rebuilt when the choice changes (a handful at most). */
static void
on_chosen_changed_cb (EaselProviderPicker *self)
{
  GtkWidget *child;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chosen));

  while ((child = gtk_widget_get_first_child (self->chips)) != NULL)
    gtk_box_remove (GTK_BOX (self->chips), child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (G_LIST_MODEL (self->chosen), i);

      gtk_box_append (GTK_BOX (self->chips), create_chip_cb (item, NULL));
    }
}

static void
on_row_activated_cb (EaselProviderPicker *self,
                     guint                position,
                     GtkListView         *list_view)
{
  g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, position);

  if (item == NULL)
    return;
  easel_provider_item_set_selected (item, !easel_provider_item_get_selected (item));
  update (self, TRUE);
}

/**
 * easel_provider_picker_set_model:
 * @providers: (nullable): #EaselProviderItem, in the order to list them
 */
void
easel_provider_picker_set_model (EaselProviderPicker *self,
                                 GListModel          *providers)
{
  g_return_if_fail (EASEL_IS_PROVIDER_PICKER (self));
  g_return_if_fail (providers == NULL || G_IS_LIST_MODEL (providers));

  if (self->providers == providers)
    return;

  if (self->providers != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->providers);
  g_set_object (&self->providers, providers);
  if (providers != NULL)
    self->items_changed_id = g_signal_connect_object (providers, "items-changed",
                                                      G_CALLBACK (on_items_changed_cb), self,
                                                      G_CONNECT_SWAPPED);

  gtk_no_selection_set_model (self->selection, providers);
  gtk_filter_list_model_set_model (self->chosen, providers);
  update (self, TRUE);
}

/**
 * easel_provider_picker_get_model:
 *
 * Returns: (transfer none) (nullable): the providers listed
 */
GListModel *
easel_provider_picker_get_model (EaselProviderPicker *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_PICKER (self), NULL);
  return self->providers;
}

/**
 * easel_provider_picker_dup_selected:
 *
 * Returns: (transfer full) (element-type EaselProviderItem): the chosen providers, in list order
 */
GPtrArray *
easel_provider_picker_dup_selected (EaselProviderPicker *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (EASEL_IS_PROVIDER_PICKER (self), items);

  n = n_providers (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, i);

      if (easel_provider_item_get_selected (item))
        g_ptr_array_add (items, g_steal_pointer (&item));
    }
  return items;
}

/**
 * easel_provider_picker_dup_selected_names:
 *
 * Returns: (transfer full): the names of the chosen providers, in list order (maybe empty)
 */
GStrv
easel_provider_picker_dup_selected_names (EaselProviderPicker *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (EASEL_IS_PROVIDER_PICKER (self), NULL);

  items = easel_provider_picker_dup_selected (self);
  for (guint i = 0; i < items->len; i++)
    g_strv_builder_add (builder, easel_provider_item_get_name (g_ptr_array_index (items, i)));
  return g_strv_builder_end (builder);
}

/**
 * easel_provider_picker_select_names:
 * @names: (nullable): the providers to choose; others are unchosen. Unknown names are ignored.
 */
void
easel_provider_picker_select_names (EaselProviderPicker *self,
                                    const char * const  *names)
{
  guint n;

  g_return_if_fail (EASEL_IS_PROVIDER_PICKER (self));

  n = n_providers (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, i);
      const char *name = easel_provider_item_get_name (item);

      easel_provider_item_set_selected (item, names != NULL && g_strv_contains (names, name));
    }
  update (self, TRUE);
}

/**
 * easel_provider_picker_toggle:
 *
 * Adds the provider called @name to the choice, or removes it, as activating its row does.
 */
void
easel_provider_picker_toggle (EaselProviderPicker *self,
                              const char          *name)
{
  guint n;

  g_return_if_fail (EASEL_IS_PROVIDER_PICKER (self));

  n = n_providers (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselProviderItem) item = g_list_model_get_item (self->providers, i);

      if (g_strcmp0 (easel_provider_item_get_name (item), name) == 0)
        {
          on_row_activated_cb (self, i, self->list_view);
          return;
        }
    }
}

guint
easel_provider_picker_get_n_selected (EaselProviderPicker *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_PICKER (self), 0);
  return self->n_selected;
}

static void
easel_provider_picker_dispose (GObject *object)
{
  EaselProviderPicker *self = EASEL_PROVIDER_PICKER (object);

  if (self->providers != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->providers);
  g_clear_object (&self->providers);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_PROVIDER_PICKER);

  g_clear_object (&self->chosen);
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->chosen_names, g_strfreev);

  G_OBJECT_CLASS (easel_provider_picker_parent_class)->dispose (object);
}

static void
easel_provider_picker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EaselProviderPicker *self = EASEL_PROVIDER_PICKER (object);

  switch (prop_id)
    {
    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;

    case PROP_SUMMARY:
      g_value_take_string (value, dup_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_provider_picker_class_init (EaselProviderPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_provider_picker_dispose;
  object_class->get_property = easel_provider_picker_get_property;

  /**
   * EaselProviderPicker:n-selected:
   *
   * How many providers are chosen.
   */
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselProviderPicker:summary:
   *
   * The button's label: the one provider chosen, or how many.
   */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaselProviderPicker::changed:
   *
   * The choice changed, by the user or by easel_provider_picker_select_names().
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-provider-picker.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-provider-picker");
  gtk_widget_class_bind_template_child (widget_class, EaselProviderPicker, button);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderPicker, chips);
  gtk_widget_class_bind_template_child (widget_class, EaselProviderPicker, hint);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
easel_provider_picker_init (EaselProviderPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_no_selection_new (NULL);
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH
                                                             "/ui/easel-provider-picker-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->filter = gtk_custom_filter_new (filter_selected, NULL, NULL);
  self->chosen = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->chosen, "items-changed", G_CALLBACK (on_chosen_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_layout_manager (self->chips, easel_wrap_layout_new (6));

  self->chosen_names = g_new0 (char *, 1);
  update (self, FALSE);
}
