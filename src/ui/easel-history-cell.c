/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-history-cell"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-closures.h"
#include "easel-history-cell.h"
#include "easel-image-loader.h"
#include "easel-result-actions.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-widget-util.h"

/* The picture area of a cell. Thumbnails are decoded to exactly that square (times the scale),
 * cropped: the fewest pixels to keep in memory and to paint.
 */
#define CELL_IMAGE_SIZE  180

/**
 * EaselHistoryCell:
 *
 * One result in the History grid: its thumbnail (cropped to a square), provider, model, the
 * start of its prompt, size and time, a favourite star and the same actions as a comparison
 * card (`card.*`: favorite, rating, copy, save-as, open, reuse, save-example, details).
 *
 * The grid recycles a few hundred of these while 100,000 results scroll by, so the cell is
 * built in code, without a template or expressions: it is made once, and each new item is one
 * pass of setters. The thumbnail decodes in #EaselImageLoader's workers; moving on to another
 * item lets go of the previous one's texture.
 */
struct _EaselHistoryCell
{
  AdwBin           parent_instance;

  GtkPicture      *picture;
  GtkLabel        *title_label;
  GtkLabel        *model_label;
  GtkLabel        *prompt_label;
  GtkLabel        *details_label;
  GtkWidget       *favorite_button;

  EaselResultItem *item;
  GCancellable    *load_cancellable;
  gulong           changed_id;
  gulong           image_id;
};

G_DEFINE_FINAL_TYPE (EaselHistoryCell, easel_history_cell, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_FAVORITE,
  PROP_RATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_history_cell_new (void)
{
  return g_object_new (EASEL_TYPE_HISTORY_CELL, NULL);
}

/**
 * easel_history_cell_get_item:
 *
 * Returns: (transfer none) (nullable): the cell's item
 */
EaselResultItem *
easel_history_cell_get_item (EaselHistoryCell *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_CELL (self), NULL);
  return self->item;
}

static void
sync_from_item (EaselHistoryCell *self)
{
  const EaselResult *result = self->item != NULL ? easel_result_item_get_result (self->item) : NULL;
  gboolean favorite = result != NULL && result->favorite;
  g_autofree char *model = easel_closures_model_or_default (NULL, result != NULL ? result->model
                                                                                 : NULL);
  g_autofree char *details = NULL;
  g_autofree char *icon = easel_closures_favorite_icon (NULL, favorite);
  g_autofree char *tooltip = easel_closures_favorite_tooltip (NULL, favorite);
  gboolean has = result != NULL;

  /* A placeholder (its page still being read) is an empty frame, not a zero result. */
  gtk_label_set_text (self->title_label, has ? result->provider_name : "");
  gtk_label_set_text (self->model_label, has ? model : "");
  gtk_label_set_text (self->prompt_label, has ? result->prompt : "");
  easel_widget_set_tooltip (GTK_WIDGET (self->prompt_label), has ? result->prompt : NULL);
  if (has)
    details = easel_closures_result_details (NULL, result->width, result->height,
                                             result->duration_ms,
                                             result->has_cost ? result->cost_usd : -1);
  gtk_label_set_text (self->details_label, details != NULL ? details : "");
  /* A narrow column ellipsizes the model and the details; hovering shows them whole. */
  easel_widget_set_tooltip (GTK_WIDGET (self->model_label), has ? model : NULL);
  easel_widget_set_tooltip (GTK_WIDGET (self->details_label), details);
  gtk_picture_set_alternative_text (self->picture, has ? result->prompt : NULL);
  gtk_button_set_icon_name (GTK_BUTTON (self->favorite_button), icon);
  easel_widget_set_tooltip (self->favorite_button, tooltip);
  gtk_widget_set_visible (self->favorite_button, has);

  for (guint i = 0; i < 7; i++)
    {
      static const char * const actions[] = { "card.favorite", "card.rating", "card.copy",
                                              "card.save-as", "card.open", "card.reuse",
                                              "card.save-example" };

      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], has);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.details", has);
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EaselResultItem) item = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = easel_image_loader_load_finish (EASEL_IMAGE_LOADER (object), result, &error);
  if (texture != NULL)
    easel_result_item_set_image (item, GDK_PAINTABLE (texture));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("cannot show a thumbnail: %s", error->message);
}

static void
maybe_load_image (EaselHistoryCell *self)
{
  const char *thumbnail_path;
  int scale;

  if (self->item == NULL || easel_result_item_get_image (self->item) != NULL ||
      easel_result_item_get_result (self->item) == NULL || self->load_cancellable != NULL)
    return;

  thumbnail_path = easel_result_item_get_thumbnail_path (self->item);
  if (thumbnail_path == NULL)
    return;
  self->load_cancellable = g_cancellable_new ();
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  easel_image_loader_load_cover_async (easel_image_loader_get_default (), thumbnail_path,
                                       easel_result_item_get_image_path (self->item),
                                       CELL_IMAGE_SIZE * scale, CELL_IMAGE_SIZE * scale,
                                       self->load_cancellable, image_loaded_cb,
                                       g_object_ref (self->item));
}

static void
on_item_changed_cb (EaselHistoryCell *self)
{
  sync_from_item (self);
  maybe_load_image (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVORITE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATING]);
}

static void
on_item_image_cb (EaselHistoryCell *self)
{
  gtk_picture_set_paintable (self->picture, easel_result_item_get_image (self->item));
}

void
easel_history_cell_set_item (EaselHistoryCell *self,
                             EaselResultItem  *item)
{
  g_return_if_fail (EASEL_IS_HISTORY_CELL (self));
  g_return_if_fail (item == NULL || EASEL_IS_RESULT_ITEM (item));

  if (self->item == item)
    return;

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->item);
      g_clear_signal_handler (&self->image_id, self->item);
      /* Moving on lets go of the pixels; the loader's cache keeps the recent ones. */
      easel_result_item_set_image (self->item, NULL);
    }

  g_set_object (&self->item, item);
  if (item != NULL)
    {
      self->changed_id = g_signal_connect_object (item, "changed",
                                                  G_CALLBACK (on_item_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
      self->image_id = g_signal_connect_object (item, "notify::image",
                                                G_CALLBACK (on_item_image_cb), self,
                                                G_CONNECT_SWAPPED);
    }

  gtk_picture_set_paintable (self->picture, item != NULL ? easel_result_item_get_image (item)
                                                         : NULL);
  sync_from_item (self);
  maybe_load_image (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* ---- actions and drag ----------------------------------------------------------------------- */

static void
cell_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EaselHistoryCell *self = EASEL_HISTORY_CELL (widget);

  if (self->item != NULL)
    easel_result_actions_activate (widget, self->item, action_name + strlen ("card."));
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource    *source,
                    double            x,
                    double            y,
                    EaselHistoryCell *self)
{
  g_autoptr(GFile) file = NULL;
  GdkContentProvider *providers[2];
  const char *path;

  if (self->item == NULL || easel_result_item_get_result (self->item) == NULL)
    return NULL;
  path = easel_result_item_get_image_path (self->item);
  if (path == NULL)
    return NULL;
  if (easel_result_item_get_image (self->item) != NULL)
    gtk_drag_source_set_icon (source, easel_result_item_get_image (self->item), 0, 0);

  file = g_file_new_for_path (path);
  providers[0] = gdk_content_provider_new_typed (EASEL_TYPE_RESULT_ITEM, self->item);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_FILE, file);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

static GMenuModel *
make_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) files = g_menu_new ();
  g_autoptr(GMenu) recipe = g_menu_new ();
  g_autoptr(GMenu) rate = g_menu_new ();
  g_autoptr(GMenu) rate_section = g_menu_new ();

  g_menu_append (files, _("_Copy Image"), "card.copy");
  g_menu_append (files, _("_Save As…"), "card.save-as");
  g_menu_append (files, _("_Open in Image Viewer"), "card.open");
  g_menu_append (recipe, _("_Reuse These Settings"), "card.reuse");
  g_menu_append (recipe, _("Save as _Example…"), "card.save-example");
  g_menu_append (recipe, _("Show All _Details"), "card.details");
  /* The same labels as the comparison cards' menu: "★★★", or "No Rating". */
  for (int stars = 5; stars >= 0; stars--)
    {
      g_autoptr(GMenuItem) item = NULL;
      GString *label = g_string_new (NULL);

      for (int i = 0; i < stars; i++)
        g_string_append (label, "★");
      if (stars == 0)
        g_string_append (label, _("_No Rating"));
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "card.rating", "i", stars);
      g_menu_append_item (rate_section, item);
      g_string_free (label, TRUE);
    }
  g_menu_append_section (rate, NULL, G_MENU_MODEL (rate_section));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (recipe));
  g_menu_append_submenu (menu, _("R_ate"), G_MENU_MODEL (rate));
  return G_MENU_MODEL (menu);
}

static GtkLabel *
small_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 8);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static GMenuModel *
get_menu (void)
{
  static GMenuModel *menu;

  if (menu == NULL)
    menu = make_menu ();
  return menu;
}

static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, get_menu ());
}

static void
build (EaselHistoryCell *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *sizer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkDragSource *drag;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_overflow (box, GTK_OVERFLOW_HIDDEN);

  /* The picture is an overlay on a box of a set size: a picture asks for its image's size. */
  gtk_widget_set_size_request (sizer, CELL_IMAGE_SIZE, CELL_IMAGE_SIZE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), sizer);
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->picture));
  gtk_widget_add_css_class (overlay, "image-area");

  self->title_label = small_label ("heading");
  self->model_label = small_label ("caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->model_label), "dim-label");
  gtk_widget_set_hexpand (names, TRUE);
  gtk_box_append (GTK_BOX (names), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (names), GTK_WIDGET (self->model_label));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  /* The menu's popover is built when first opened: a grid screen has two hundred cells. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu_button), create_menu_cb, NULL,
                                         NULL);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu_button, _("Image Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Image actions"), -1);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_add_css_class (menu_button, "circular");
  gtk_box_append (GTK_BOX (header), names);
  gtk_box_append (GTK_BOX (header), menu_button);

  self->prompt_label = small_label ("caption");
  gtk_label_set_wrap (self->prompt_label, TRUE);
  gtk_label_set_wrap_mode (self->prompt_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (self->prompt_label, 2);
  gtk_label_set_max_width_chars (self->prompt_label, 14);
  self->details_label = small_label ("caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "numeric");
  gtk_label_set_max_width_chars (self->details_label, 14);
  gtk_widget_set_hexpand (GTK_WIDGET (self->details_label), TRUE);

  self->favorite_button = gtk_toggle_button_new ();
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->favorite_button), "card.favorite");
  gtk_widget_set_valign (self->favorite_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->favorite_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Favorite"), -1);
  gtk_widget_add_css_class (self->favorite_button, "flat");
  gtk_widget_add_css_class (self->favorite_button, "circular");
  gtk_widget_add_css_class (self->favorite_button, "favorite");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->details_label));
  gtk_box_append (GTK_BOX (bottom), self->favorite_button);

  gtk_widget_set_margin_start (footer, 12);
  gtk_widget_set_margin_end (footer, 6);
  gtk_widget_set_margin_top (footer, 8);
  gtk_widget_set_margin_bottom (footer, 6);
  gtk_box_append (GTK_BOX (footer), header);
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->prompt_label));
  gtk_box_append (GTK_BOX (footer), bottom);

  gtk_box_append (GTK_BOX (box), overlay);
  gtk_box_append (GTK_BOX (box), footer);
  adw_bin_set_child (ADW_BIN (self), box);

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), self, 0);
  gtk_widget_add_controller (overlay, GTK_EVENT_CONTROLLER (drag));
}

static void
easel_history_cell_dispose (GObject *object)
{
  EaselHistoryCell *self = EASEL_HISTORY_CELL (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->item);
      g_clear_signal_handler (&self->image_id, self->item);
    }
  g_clear_object (&self->item);

  G_OBJECT_CLASS (easel_history_cell_parent_class)->dispose (object);
}

static void
easel_history_cell_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EaselHistoryCell *self = EASEL_HISTORY_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_FAVORITE:
      g_value_set_boolean (value,
                           self->item != NULL && easel_result_item_get_favorite (self->item));
      break;

    case PROP_RATING:
      g_value_set_int (value, self->item != NULL ? easel_result_item_get_rating (self->item) : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_history_cell_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EaselHistoryCell *self = EASEL_HISTORY_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      easel_history_cell_set_item (self, g_value_get_object (value));
      break;

    case PROP_FAVORITE:
      if (self->item != NULL && easel_result_item_get_result (self->item) != NULL &&
          easel_result_item_get_favorite (self->item) != g_value_get_boolean (value))
        easel_result_actions_set_favorite (GTK_WIDGET (self), self->item,
                                           g_value_get_boolean (value));
      break;

    case PROP_RATING:
      if (self->item != NULL && easel_result_item_get_result (self->item) != NULL &&
          easel_result_item_get_rating (self->item) != g_value_get_int (value))
        easel_result_actions_set_rating (GTK_WIDGET (self), self->item, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_history_cell_class_init (EaselHistoryCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = { "card.copy", "card.save-as", "card.open", "card.reuse",
                            "card.save-example", "card.details" };

  object_class->dispose = easel_history_cell_dispose;
  object_class->get_property = easel_history_cell_get_property;
  object_class->set_property = easel_history_cell_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, EASEL_TYPE_RESULT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAVORITE] =
    g_param_spec_boolean ("favorite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL, 0, 5, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "easel-history-cell");
  gtk_widget_class_install_property_action (widget_class, "card.favorite", "favorite");
  gtk_widget_class_install_property_action (widget_class, "card.rating", "rating");
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, cell_action);
}

static void
easel_history_cell_init (EaselHistoryCell *self)
{
  build (self);
  sync_from_item (self);
}
