/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-result-card"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-closures.h"
#include "easel-image-loader.h"
#include "easel-result-actions.h"
#include "easel-result-card.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-run.h"
#include "easel-widget-util.h"

/* The image area of a comparison card. Images are decoded a little larger (a card may be
 * wider), times the screen's scale: sharp on a HiDPI screen, yet never full-size pixels, which
 * software rendering would scale down again on every frame.
 */
#define CARD_IMAGE_SIZE     180
#define CARD_DECODE_SIZE    256

/**
 * EaselResultCard:
 *
 * One image of a run, or of the history: labelled with its provider and model; live progress
 * and preview while the job runs ("Cancelling…" until the provider confirms a cancel); then
 * the image with its size, time, cost, seed and adjustments; or the provider's message with
 * Retry when it failed.
 *
 * Its actions (`card.*`, installed at class level): `favorite` and `rating` (property actions),
 * `copy`, `save-as`, `open`, `reuse`, `save-example`, `details`, `cancel`, `retry`. The image
 * can be dragged out as a file, or onto the library to save its recipe as an example.
 *
 * The image is decoded off the main thread when the card's item gets its result. (History
 * cells are #EaselHistoryCell: lighter, for a recycling grid.)
 */
struct _EaselResultCard
{
  AdwBin           parent_instance;

  GtkStack        *stack;
  GtkWidget       *image_sizer;
  GtkPicture      *picture;
  GtkWidget       *footer;
  GtkWidget       *stars;
  GtkWidget       *adjustments_label;
  GtkWidget       *seed_label;
  GtkWidget       *more_box;
  GtkWidget       *title_label;
  GtkWidget       *model_label;
  GtkWidget       *status_label;
  GtkWidget       *error_label;
  GtkWidget       *retry_button;
  GtkWidget       *cancel_button;
  GtkWidget       *details_label;
  GtkWidget       *favorite_button;
  GtkWidget       *menu_button;
  GMenuModel      *card_menu;
  GtkPicture      *preview_picture;
  GtkSpinner      *spinner;
  GtkProgressBar  *progress_bar;
  GtkImage        *error_icon;
  GtkWidget       *error_title;
  GtkWidget       *details_box;

  EaselResultItem *item;
  GCancellable    *load_cancellable;
  GtkDragSource   *drag_source;
  gulong           notify_id;
  gulong           image_id;
  gulong           preview_id;
  gboolean         had_result;
};

G_DEFINE_FINAL_TYPE (EaselResultCard, easel_result_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_FAVORITE,
  PROP_RATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_result_card_new (EaselResultItem *item)
{
  return g_object_new (EASEL_TYPE_RESULT_CARD, "item", item, NULL);
}

/**
 * easel_result_card_get_item:
 *
 * Returns: (transfer none) (nullable): the card's item
 */
EaselResultItem *
easel_result_card_get_item (EaselResultCard *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_CARD (self), NULL);
  return self->item;
}

static void
update_actions (EaselResultCard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_result = self->item != NULL && easel_result_item_get_result (self->item) != NULL;
  gboolean has_file = has_result && easel_result_item_get_image_path (self->item) != NULL;
  int state = self->item != NULL ? easel_result_item_get_state (self->item) : EASEL_JOB_QUEUED;
  gboolean cancelling = self->item != NULL && easel_result_item_get_cancelling (self->item);
  gboolean has_job = self->item != NULL && easel_result_item_get_job_id (self->item) > 0;

  gtk_widget_action_set_enabled (widget, "card.favorite", has_result);
  gtk_widget_action_set_enabled (widget, "card.rating", has_result);
  gtk_widget_action_set_enabled (widget, "card.copy", has_file);
  gtk_widget_action_set_enabled (widget, "card.save-as", has_file);
  gtk_widget_action_set_enabled (widget, "card.open", has_file);
  gtk_widget_action_set_enabled (widget, "card.reuse", has_result);
  gtk_widget_action_set_enabled (widget, "card.save-example", has_result);
  gtk_widget_action_set_enabled (widget, "card.details", has_result);
  gtk_widget_action_set_enabled (widget, "card.cancel",
                                 has_job && easel_closures_job_can_cancel (NULL, state,
                                                                           cancelling));
  gtk_widget_action_set_enabled (widget, "card.retry",
                                 has_job && !has_result &&
                                 easel_closures_job_can_retry (NULL, state));
}

static void
update_stars (EaselResultCard *self)
{
  int rating = self->item != NULL ? easel_result_item_get_rating (self->item) : 0;
  int star = 1;
  g_autofree char *label = easel_closures_rating_label (NULL, rating);

  for (GtkWidget *child = gtk_widget_get_first_child (self->stars); child != NULL;
       child = gtk_widget_get_next_sibling (child), star++)
    {
      g_autofree char *icon = easel_closures_star_icon (NULL, rating, star);

      gtk_button_set_icon_name (GTK_BUTTON (child), icon);
      if (star <= rating)
        gtk_widget_add_css_class (child, "rated");
      else
        gtk_widget_remove_css_class (child, "rated");
    }
  easel_widget_set_tooltip (self->stars, label);
}

static void
update_picture (EaselResultCard *self)
{
  GdkPaintable *paintable = NULL;

  if (self->item != NULL)
    {
      paintable = easel_result_item_get_image (self->item);
      /* While the finished image decodes, the last preview stands in. */
      if (paintable == NULL)
        paintable = easel_result_item_get_preview (self->item);
    }
  gtk_picture_set_paintable (self->picture, paintable);
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
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("cannot show an image: %s", error->message);
      return;
    }
  easel_result_item_set_image (item, GDK_PAINTABLE (texture));
}

/* Decodes the item's image when it has one and nothing shows it yet. */
static void
maybe_load_image (EaselResultCard *self)
{
  const char *image_path;
  const char *thumbnail_path;
  const char *first;
  const char *second;

  if (self->item == NULL || easel_result_item_get_image (self->item) != NULL ||
      easel_result_item_get_result (self->item) == NULL || self->load_cancellable != NULL)
    return;

  image_path = easel_result_item_get_image_path (self->item);
  thumbnail_path = easel_result_item_get_thumbnail_path (self->item);
  /* A comparison card deserves the image itself; the thumbnail if the image is gone. */
  first = image_path;
  second = thumbnail_path;
  if (first == NULL)
    {
      first = second;
      second = NULL;
    }
  if (first == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  easel_image_loader_load_async (easel_image_loader_get_default (), first, second,
                                 CARD_DECODE_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                 self->load_cancellable, image_loaded_cb,
                                 g_object_ref (self->item));
}

static void
set_label (GtkWidget  *label,
           const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

/* Everything the card shows, from its item. This is code rather than template expressions:
 * history cells are recycled by the hundred while scrolling, and one pass over the item costs
 * far less than thirty expression watches re-evaluating (and being set up and torn down).
 */
static void
sync_from_item (EaselResultCard *self)
{
  EaselResultItem *item = self->item;
  const EaselResult *result = item != NULL ? easel_result_item_get_result (item) : NULL;
  const EaselJob *job = item != NULL ? easel_result_item_get_job (item) : NULL;
  int state = item != NULL ? easel_result_item_get_state (item) : EASEL_JOB_DONE;
  gboolean cancelling = item != NULL && easel_result_item_get_cancelling (item);
  double fraction = item != NULL ? easel_result_item_get_fraction (item) : -1;
  const char *model = result != NULL && result->model != NULL ? result->model
                      : job != NULL ? job->model : NULL;
  g_autofree char *page = easel_closures_card_page (NULL, state, result != NULL);
  g_autofree char *status = NULL;
  g_autofree char *error_icon = easel_closures_error_icon (NULL, state);
  g_autofree char *error_title = easel_closures_error_title (NULL, state);
  g_autofree char *error_detail = NULL;
  g_autofree char *model_text = easel_closures_model_or_default (NULL, model);
  g_autofree char *details = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *adjustments = NULL;
  gboolean favorite = item != NULL && easel_result_item_get_favorite (item);
  g_autofree char *favorite_icon = easel_closures_favorite_icon (NULL, favorite);
  g_autofree char *favorite_tooltip = easel_closures_favorite_tooltip (NULL, favorite);

  gtk_stack_set_visible_child_name (self->stack, page);

  if (g_str_equal (page, "progress"))
    {
      status = easel_closures_job_status (NULL, state, cancelling,
                                          item != NULL ? easel_result_item_get_progress_text (item)
                                                       : NULL);
      set_label (self->status_label, status);
      gtk_spinner_set_spinning (self->spinner, fraction < 0);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), fraction < 0);
      gtk_progress_bar_set_fraction (self->progress_bar, easel_closures_fraction (NULL, fraction));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), fraction >= 0);
      gtk_picture_set_paintable (self->preview_picture,
                                 item != NULL ? easel_result_item_get_preview (item) : NULL);
    }
  else
    gtk_spinner_set_spinning (self->spinner, FALSE);

  if (g_str_equal (page, "error"))
    {
      const char *message = item != NULL ? easel_result_item_get_error_message (item) : NULL;

      error_detail = easel_closures_error_detail (NULL, state, message);
      gtk_image_set_from_icon_name (self->error_icon, error_icon);
      set_label (self->error_title, error_title);
      set_label (self->error_label, error_detail);
      gtk_widget_set_visible (self->error_label, *error_detail != '\0');
    }
  else
    gtk_widget_set_visible (self->error_label, FALSE);

  set_label (self->title_label, item != NULL ? easel_result_item_get_provider_name (item) : NULL);
  easel_widget_set_tooltip (self->title_label,
                            item != NULL ? easel_result_item_get_provider_name (item) : NULL);
  set_label (self->model_label, model_text);
  easel_widget_set_tooltip (self->model_label, model);
  gtk_widget_set_visible (self->cancel_button,
                          job != NULL && easel_closures_job_can_cancel (NULL, state, cancelling));

  gtk_widget_set_visible (self->details_box, result != NULL);
  if (result != NULL)
    {
      details = easel_closures_result_details (NULL, result->width, result->height,
                                               result->duration_ms,
                                               result->has_cost ? result->cost_usd : -1);
      seed = easel_closures_format_seed (NULL, result->has_seed, result->seed);
      adjustments = easel_closures_join (NULL, (const char * const *) result->adjustments);
      set_label (self->details_label, details);
      set_label (self->seed_label, seed);
      gtk_widget_set_visible (self->seed_label, result->has_seed);
      set_label (self->adjustments_label, adjustments);
      gtk_widget_set_visible (self->adjustments_label, *adjustments != '\0');
      gtk_picture_set_alternative_text (self->picture, result->prompt);
    }

  gtk_button_set_icon_name (GTK_BUTTON (self->favorite_button), favorite_icon);
  easel_widget_set_tooltip (self->favorite_button, favorite_tooltip);
}

static void
on_item_changed_cb (EaselResultCard *self,
                    EaselResultItem *item)
{
  gboolean had_result = self->had_result;

  self->had_result = easel_result_item_get_result (item) != NULL;
  sync_from_item (self);
  update_stars (self);
  update_actions (self);
  if (self->had_result && !had_result)
    {
      g_clear_object (&self->load_cancellable);
      maybe_load_image (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVORITE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATING]);
}

static void
on_item_picture_cb (EaselResultCard *self)
{
  update_picture (self);
  /* The preview shows on the progress page too. */
  if (self->item != NULL)
    gtk_picture_set_paintable (self->preview_picture, easel_result_item_get_preview (self->item));
}

/**
 * easel_result_card_set_item:
 * @item: (nullable): what the card shows
 */
void
easel_result_card_set_item (EaselResultCard *self,
                            EaselResultItem *item)
{
  g_return_if_fail (EASEL_IS_RESULT_CARD (self));
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
      g_clear_signal_handler (&self->notify_id, self->item);
      g_clear_signal_handler (&self->image_id, self->item);
      g_clear_signal_handler (&self->preview_id, self->item);
    }

  g_set_object (&self->item, item);

  self->had_result = item != NULL && easel_result_item_get_result (item) != NULL;
  if (item != NULL)
    {
      self->notify_id = g_signal_connect_object (item, "changed", G_CALLBACK (on_item_changed_cb),
                                                 self, G_CONNECT_SWAPPED);
      self->image_id = g_signal_connect_object (item, "notify::image",
                                                G_CALLBACK (on_item_picture_cb), self,
                                                G_CONNECT_SWAPPED);
      self->preview_id = g_signal_connect_object (item, "notify::preview",
                                                  G_CALLBACK (on_item_picture_cb), self,
                                                  G_CONNECT_SWAPPED);
    }

  sync_from_item (self);
  update_picture (self);
  update_stars (self);
  update_actions (self);
  maybe_load_image (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVORITE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATING]);
}

/* ---- drag and drop -------------------------------------------------------------------------- */

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource   *source,
                    double           x,
                    double           y,
                    EaselResultCard *self)
{
  g_autoptr(GFile) file = NULL;
  GdkPaintable *icon;
  const char *path;
  GdkContentProvider *providers[2];

  if (self->item == NULL || easel_result_item_get_result (self->item) == NULL)
    return NULL;
  path = easel_result_item_get_image_path (self->item);
  if (path == NULL)
    return NULL;

  icon = easel_result_item_get_image (self->item);
  if (icon != NULL)
    gtk_drag_source_set_icon (source, icon, 0, 0);

  /* Outside Easel, a file (a file manager, an editor, a browser upload); onto the library,
   * the result itself, whose recipe becomes an example.
   */
  file = g_file_new_for_path (path);
  providers[0] = gdk_content_provider_new_typed (EASEL_TYPE_RESULT_ITEM, self->item);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_FILE, file);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

/* ---- actions ---------------------------------------------------------------------------- */

static void
card_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EaselResultCard *self = EASEL_RESULT_CARD (widget);

  if (self->item == NULL)
    return;
  easel_result_actions_activate (widget, self->item, action_name + strlen ("card."));
}

static void
easel_result_card_set_favorite (EaselResultCard *self,
                                gboolean         favorite)
{
  if (self->item == NULL || easel_result_item_get_result (self->item) == NULL ||
      easel_result_item_get_favorite (self->item) == favorite)
    return;
  easel_result_actions_set_favorite (GTK_WIDGET (self), self->item, favorite);
}

static void
easel_result_card_set_rating (EaselResultCard *self,
                              int              rating)
{
  if (self->item == NULL || easel_result_item_get_result (self->item) == NULL ||
      easel_result_item_get_rating (self->item) == rating)
    return;
  easel_result_actions_set_rating (GTK_WIDGET (self), self->item, rating);
}

static void
easel_result_card_dispose (GObject *object)
{
  EaselResultCard *self = EASEL_RESULT_CARD (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->item);
      g_clear_signal_handler (&self->image_id, self->item);
      g_clear_signal_handler (&self->preview_id, self->item);
    }
  g_clear_object (&self->item);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_RESULT_CARD);

  G_OBJECT_CLASS (easel_result_card_parent_class)->dispose (object);
}

static void
easel_result_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselResultCard *self = EASEL_RESULT_CARD (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_FAVORITE:
      g_value_set_boolean (value, self->item != NULL &&
                                  easel_result_item_get_favorite (self->item));
      break;

    case PROP_RATING:
      g_value_set_int (value, self->item != NULL ? easel_result_item_get_rating (self->item) : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_result_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EaselResultCard *self = EASEL_RESULT_CARD (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      easel_result_card_set_item (self, g_value_get_object (value));
      break;

    case PROP_FAVORITE:
      easel_result_card_set_favorite (self, g_value_get_boolean (value));
      break;

    case PROP_RATING:
      easel_result_card_set_rating (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_result_card_class_init (EaselResultCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = { "card.copy", "card.save-as", "card.open", "card.reuse",
                            "card.save-example", "card.details", "card.cancel", "card.retry" };

  object_class->dispose = easel_result_card_dispose;
  object_class->get_property = easel_result_card_get_property;
  object_class->set_property = easel_result_card_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, EASEL_TYPE_RESULT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * EaselResultCard:favorite:
   *
   * The item's star, for the `card.favorite` property action: setting it writes the store.
   */
  properties[PROP_FAVORITE] =
    g_param_spec_boolean ("favorite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * EaselResultCard:rating:
   *
   * The item's rating, 0 … 5, for the `card.rating` property action.
   */
  properties[PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL, 0, 5, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EASEL_TYPE_RESULT_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-result-card.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-result-card");
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, stack);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, image_sizer);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, picture);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, footer);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, stars);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, adjustments_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, seed_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, more_box);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, model_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, retry_button);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, favorite_button);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, card_menu);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, error_icon);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, error_title);
  gtk_widget_class_bind_template_child (widget_class, EaselResultCard, details_box);

  gtk_widget_class_install_property_action (widget_class, "card.favorite", "favorite");
  gtk_widget_class_install_property_action (widget_class, "card.rating", "rating");
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, card_action);
}

static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  EaselResultCard *self = user_data;

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->card_menu);
}

static void
easel_result_card_init (EaselResultCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_size_request (self->image_sizer, CARD_IMAGE_SIZE, CARD_IMAGE_SIZE);
  /* The menu's popover is built when first opened, not with every card. */
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_menu_cb,
                                         self, NULL);

  for (int star = 1; star <= 5; star++)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("non-starred-symbolic");
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rate %d star",
                                                             "Rate %d stars", star), star);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "card.rating");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", star);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "star");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_box_append (GTK_BOX (self->stars), button);
    }

  self->drag_source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (self->drag_source, GDK_ACTION_COPY);
  g_signal_connect_object (self->drag_source, "prepare", G_CALLBACK (on_drag_prepare_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (self->drag_source));

  sync_from_item (self);
  update_stars (self);
  update_actions (self);
}
