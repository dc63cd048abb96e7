/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-candidate-card"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-candidate-card.h"
#include "easel-image-loader.h"
#include "easel-result.h"
#include "easel-run.h"

/**
 * EaselCandidateCard:
 *
 * One candidate image of a post section in the curation view: the image, provider and model,
 * seed, size and time, a Pick button and a Compare toggle. The chosen card carries a check
 * badge and an accent outline. A job that failed shows its error instead of an image.
 *
 * Signals: #EaselCandidateCard::pick when Pick is pressed; notify::compare when the Compare
 * toggle changes.
 */
struct _EaselCandidateCard
{
  AdwBin           parent_instance;

  GtkStack        *image_stack;
  GtkPicture      *picture;
  GtkLabel        *failed_label;
  GtkImage        *chosen_badge;
  GtkLabel        *title_label;
  GtkLabel        *details_label;
  GtkWidget       *actions_box;
  GtkButton       *pick_button;
  GtkToggleButton *compare_button;

  gint64           result_id;
  gboolean         chosen;
};

G_DEFINE_FINAL_TYPE (EaselCandidateCard, easel_candidate_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CHOSEN,
  PROP_COMPARE,
  N_PROPS
};

enum {
  SIGNAL_PICK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Size of the decoded preview: the card is at most about 320 px wide, twice that on HiDPI. */
#define CARD_IMAGE_SIZE 640

/* The width a card asks for. A picture asks for its image's width, which would leave room for
 * one or two cards per line; the grid gives cards more than this when it has it.
 */
#define CARD_NATURAL_WIDTH 260

GtkWidget *
easel_candidate_card_new (void)
{
  return g_object_new (EASEL_TYPE_CANDIDATE_CARD, NULL);
}

static void
on_pick_clicked_cb (EaselCandidateCard *self)
{
  g_signal_emit (self, signals[SIGNAL_PICK], 0);
}

static void
on_compare_toggled_cb (EaselCandidateCard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

/**
 * easel_candidate_card_set_result:
 * @thumbnail_path: (nullable): the cached thumbnail
 * @image_path: the stored image (read when the thumbnail is missing)
 *
 * Shows a result. The picture is decoded in a worker thread.
 */
void
easel_candidate_card_set_result (EaselCandidateCard *self,
                                 const EaselResult  *result,
                                 const char         *thumbnail_path,
                                 const char         *image_path,
                                 GCancellable       *cancellable)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (EASEL_IS_CANDIDATE_CARD (self));
  g_return_if_fail (result != NULL);

  self->result_id = result->id;
  title = result->model != NULL
    ? g_strdup_printf ("%s · %s", result->provider_name, result->model)
    : g_strdup (result->provider_name);
  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);

  /* TRANSLATORS: a result's id, shown on its card ("#17") */
  g_string_append_printf (details, _("#%" G_GINT64_FORMAT), result->id);
  if (result->width > 0 && result->height > 0)
    g_string_append_printf (details, " · %d×%d", result->width, result->height);
  if (result->has_seed)
    g_string_append_printf (details, _(" · seed %" G_GINT64_FORMAT), result->seed);
  if (result->duration_ms > 0)
    g_string_append_printf (details, _(" · %.1f s"), result->duration_ms / 1000.0);
  gtk_label_set_label (self->details_label, details->str);

  gtk_stack_set_visible_child_name (self->image_stack, "image");
  gtk_widget_set_visible (self->actions_box, TRUE);
  accessible = g_strdup_printf (_("Image %" G_GINT64_FORMAT " by %s"), result->id, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  _easel_picture_load (self->picture, thumbnail_path != NULL ? thumbnail_path : image_path,
                       image_path, CARD_IMAGE_SIZE, cancellable);
}

/* A job that made no image: its provider and why. */
void
easel_candidate_card_set_job (EaselCandidateCard *self,
                              const EaselJob     *job)
{
  g_autofree char *title = NULL;

  g_return_if_fail (EASEL_IS_CANDIDATE_CARD (self));
  g_return_if_fail (job != NULL);

  self->result_id = 0;
  title = job->model != NULL ? g_strdup_printf ("%s · %s", job->provider_name, job->model)
                             : g_strdup (job->provider_name);
  gtk_label_set_label (self->title_label, title);
  gtk_stack_set_visible_child_name (self->image_stack, "failed");
  switch (job->state)
    {
    case EASEL_JOB_QUEUED:
      gtk_label_set_label (self->details_label, _("Waiting"));
      gtk_label_set_label (self->failed_label, _("Waiting for the provider"));
      break;
    case EASEL_JOB_RUNNING:
      gtk_label_set_label (self->details_label, _("Generating"));
      gtk_label_set_label (self->failed_label, _("Generating…"));
      break;
    case EASEL_JOB_CANCELLED:
      gtk_label_set_label (self->details_label, _("Cancelled"));
      gtk_label_set_label (self->failed_label, _("Cancelled"));
      break;
    case EASEL_JOB_INTERRUPTED:
      gtk_label_set_label (self->details_label, _("Interrupted"));
      gtk_label_set_label (self->failed_label, _("Easel stopped before this image was made"));
      break;
    case EASEL_JOB_FAILED:
    case EASEL_JOB_DONE:
    default:
      gtk_label_set_label (self->details_label, _("Failed"));
      gtk_label_set_label (self->failed_label, job->error_message != NULL
                                               ? job->error_message : _("Failed"));
      break;
    }
  gtk_widget_set_visible (self->actions_box, FALSE);
}

gint64
easel_candidate_card_get_result_id (EaselCandidateCard *self)
{
  g_return_val_if_fail (EASEL_IS_CANDIDATE_CARD (self), 0);
  return self->result_id;
}

const char *
easel_candidate_card_get_title (EaselCandidateCard *self)
{
  g_return_val_if_fail (EASEL_IS_CANDIDATE_CARD (self), NULL);
  return gtk_label_get_label (self->title_label);
}

/* Returns: (transfer none) (nullable): the decoded image, once it is there */
GdkPaintable *
easel_candidate_card_get_paintable (EaselCandidateCard *self)
{
  g_return_val_if_fail (EASEL_IS_CANDIDATE_CARD (self), NULL);
  return gtk_picture_get_paintable (self->picture);
}

gboolean
easel_candidate_card_get_chosen (EaselCandidateCard *self)
{
  g_return_val_if_fail (EASEL_IS_CANDIDATE_CARD (self), FALSE);
  return self->chosen;
}

void
easel_candidate_card_set_chosen (EaselCandidateCard *self,
                                 gboolean            chosen)
{
  g_return_if_fail (EASEL_IS_CANDIDATE_CARD (self));

  chosen = !!chosen;
  if (self->chosen == chosen)
    return;
  self->chosen = chosen;
  gtk_widget_set_visible (GTK_WIDGET (self->chosen_badge), chosen);
  gtk_button_set_label (self->pick_button, chosen ? C_("image", "Chosen") : C_("image", "_Pick"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_button), !chosen);
  if (chosen)
    gtk_widget_add_css_class (GTK_WIDGET (self), "chosen");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "chosen");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

gboolean
easel_candidate_card_get_compare (EaselCandidateCard *self)
{
  g_return_val_if_fail (EASEL_IS_CANDIDATE_CARD (self), FALSE);
  return gtk_toggle_button_get_active (self->compare_button);
}

void
easel_candidate_card_set_compare (EaselCandidateCard *self,
                                  gboolean            compare)
{
  g_return_if_fail (EASEL_IS_CANDIDATE_CARD (self));
  /* The toggle notifies only on a change, and the handler forwards it. */
  gtk_toggle_button_set_active (self->compare_button, compare);
}

static void
easel_candidate_card_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EaselCandidateCard *self = EASEL_CANDIDATE_CARD (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_boolean (value, self->chosen);
      break;
    case PROP_COMPARE:
      g_value_set_boolean (value, easel_candidate_card_get_compare (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_candidate_card_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EaselCandidateCard *self = EASEL_CANDIDATE_CARD (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      easel_candidate_card_set_chosen (self, g_value_get_boolean (value));
      break;
    case PROP_COMPARE:
      easel_candidate_card_set_compare (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Cards ask for CARD_NATURAL_WIDTH, and for no more height than they need: the image area is
 * as tall as its height-request whatever the image's size. AdwBin measures through a layout
 * manager, so the card has its own.
 */
static void
card_layout_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MIN (*natural, CARD_NATURAL_WIDTH));
  else
    *natural = *minimum;
}

static void
card_layout_allocate (GtkWidget *widget,
                      int        width,
                      int        height,
                      int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
easel_candidate_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_CANDIDATE_CARD);

  G_OBJECT_CLASS (easel_candidate_card_parent_class)->dispose (object);
}

static void
easel_candidate_card_class_init (EaselCandidateCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_candidate_card_dispose;
  object_class->get_property = easel_candidate_card_get_property;
  object_class->set_property = easel_candidate_card_set_property;

  properties[PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE] =
    g_param_spec_boolean ("compare", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaselCandidateCard::pick:
   *
   * The person wants this image for the section.
   */
  signals[SIGNAL_PICK] = g_signal_new ("pick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-candidate-card.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, image_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, picture);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, failed_label);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, chosen_badge);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, actions_box);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, pick_button);
  gtk_widget_class_bind_template_child (widget_class, EaselCandidateCard, compare_button);
  gtk_widget_class_bind_template_callback (widget_class, on_pick_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_toggled_cb);
  gtk_widget_class_set_css_name (widget_class, "easel-candidate-card");
}

static void
easel_candidate_card_init (EaselCandidateCard *self)
{
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (NULL, card_layout_measure,
                                                        card_layout_allocate));
  gtk_widget_init_template (GTK_WIDGET (self));
}
