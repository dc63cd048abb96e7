/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-result-details"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-image-setting.h"
#include "easel-infotext.h"
#include "easel-result-details.h"
#include "easel-result-item.h"
#include "easel-result.h"

/**
 * EaselResultDetails:
 *
 * "Show all details" of a card: the image, the prompt actually sent (and the provider's rewrite
 * of it), the result (provider, model, seed, size, time, cost, adjustments, request id, file) and
 * every setting sent, each selectable. The header's button copies the parameters as A1111
 * infotext, so another tool can make the same image.
 */
struct _EaselResultDetails
{
  AdwWindow        parent_instance;

  GtkPicture      *picture;
  AdwPreferencesGroup *prompt_group;
  AdwPreferencesGroup *result_group;
  AdwPreferencesGroup *settings_group;

  EaselResultItem *item;
};

G_DEFINE_FINAL_TYPE (EaselResultDetails, easel_result_details, ADW_TYPE_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *title_label;
  GtkWidget *value_label;

  if (value == NULL || *value == '\0')
    return;

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  title_label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");

  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);

  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (group, row);
}

static void
add_int_row (AdwPreferencesGroup *group,
             const char          *title,
             gint64               value,
             gboolean             set)
{
  g_autofree char *text = set ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : NULL;

  add_row (group, title, text);
}

static void
fill (EaselResultDetails *self)
{
  const EaselResult *result = easel_result_item_get_result (self->item);
  const EaselImageSetting *setting = result->setting;
  g_autofree char *size = g_strdup_printf ("%d × %d", result->width, result->height);
  g_autofree char *duration = easel_closures_format_duration (NULL, result->duration_ms);
  g_autofree char *cost = easel_closures_format_cost (NULL, result->has_cost ? result->cost_usd
                                                                             : -1);
  g_autofree char *created = easel_closures_format_time (NULL, result->created_at);
  g_autofree char *adjustments = result->adjustments != NULL
                                 ? g_strjoinv ("\n", result->adjustments) : NULL;
  g_autofree char *tags = result->tags != NULL ? g_strjoinv (", ", result->tags) : NULL;
  g_autofree char *guidance = NULL;
  g_autofree char *extra = NULL;

  add_row (self->prompt_group, _("Prompt"), result->prompt);
  add_row (self->prompt_group, _("Negative Prompt"), result->negative_prompt);
  add_row (self->prompt_group, _("Revised by the Provider"), result->revised_prompt);

  add_row (self->result_group, _("Provider"), result->provider_name);
  add_row (self->result_group, _("Model"), result->model);
  add_int_row (self->result_group, _("Seed"), result->seed, result->has_seed);
  add_row (self->result_group, _("Size"), size);
  add_row (self->result_group, _("Time"), duration);
  add_row (self->result_group, _("Cost"), cost);
  add_row (self->result_group, _("Made"), created);
  add_row (self->result_group, _("Adjustments"), adjustments);
  add_row (self->result_group, _("Tags"), tags);
  add_row (self->result_group, _("Provider Request"), result->request_id);
  add_row (self->result_group, _("File"), easel_result_item_get_image_path (self->item));

  if (setting != NULL)
    {
      add_int_row (self->settings_group, _("Steps"), setting->steps, setting->steps > 0);
      if (setting->has_guidance)
        guidance = g_strdup_printf ("%g", setting->guidance_scale);
      add_row (self->settings_group, _("Guidance"), guidance);
      add_row (self->settings_group, _("Sampler"), setting->sampler);
      add_row (self->settings_group, _("Scheduler"), setting->scheduler);
      if (setting->extra_settings != NULL && json_object_get_size (setting->extra_settings) > 0)
        extra = easel_image_setting_dup_extra_json (setting);
      add_row (self->settings_group, _("Extra Settings"), extra);
    }
  add_row (self->settings_group, _("Provider’s Own Parameters"), result->infotext);
  add_row (self->settings_group, _("Usage"), result->usage_json);

  gtk_picture_set_paintable (self->picture, easel_result_item_get_image (self->item));
}

static void
copy_parameters_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EaselResultDetails *self = EASEL_RESULT_DETAILS (widget);
  const EaselResult *result = easel_result_item_get_result (self->item);
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autofree char *text = NULL;

  if (result->infotext != NULL)
    text = g_strdup (result->infotext);
  else
    {
      setting = easel_image_setting_copy (result->setting);
      easel_image_setting_set_string (&setting->prompt, result->prompt);
      easel_image_setting_set_string (&setting->negative_prompt, result->negative_prompt);
      easel_image_setting_set_string (&setting->model, result->model);
      setting->has_seed = result->has_seed;
      setting->seed = result->seed;
      setting->width = result->width;
      setting->height = result->height;
      text = easel_infotext_write (setting);
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/**
 * easel_result_details_new:
 * @item: a card's item, with a result
 *
 * Returns: (transfer floating): the details window, to present
 */
GtkWindow *
easel_result_details_new (EaselResultItem *item)
{
  EaselResultDetails *self;

  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (item), NULL);
  g_return_val_if_fail (easel_result_item_get_result (item) != NULL, NULL);

  self = g_object_new (EASEL_TYPE_RESULT_DETAILS, NULL);
  self->item = g_object_ref (item);
  fill (self);
  return GTK_WINDOW (self);
}

static void
easel_result_details_dispose (GObject *object)
{
  EaselResultDetails *self = EASEL_RESULT_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_RESULT_DETAILS);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (easel_result_details_parent_class)->dispose (object);
}

static void
easel_result_details_class_init (EaselResultDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_result_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-result-details.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselResultDetails, picture);
  gtk_widget_class_bind_template_child (widget_class, EaselResultDetails, prompt_group);
  gtk_widget_class_bind_template_child (widget_class, EaselResultDetails, result_group);
  gtk_widget_class_bind_template_child (widget_class, EaselResultDetails, settings_group);

  gtk_widget_class_install_action (widget_class, "details.copy-parameters", NULL,
                                   copy_parameters_action);
}

static void
easel_result_details_init (EaselResultDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
