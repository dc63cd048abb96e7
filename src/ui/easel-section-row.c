/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-section-row"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-image-loader.h"
#include "easel-section-row.h"

/**
 * EaselSectionRow:
 *
 * One section in a post's list: the chosen image's thumbnail (or a placeholder), the heading,
 * the prompt, the linked example, a status tag (no images yet, N candidates, chosen,
 * generating, failed) and a button that generates for this section alone
 * (`posts.generate-section` with the section's id). Activating the row opens the section.
 */
struct _EaselSectionRow
{
  GtkListBoxRow  parent_instance;

  GtkStack      *thumbnail_stack;
  GtkPicture    *thumbnail;
  GtkLabel      *heading_label;
  GtkLabel      *prompt_label;
  GtkLabel      *example_label;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkWidget     *generate_button;

  gint64         section_id;
  gint64         chosen_id;
  const char    *status;
};

G_DEFINE_FINAL_TYPE (EaselSectionRow, easel_section_row, GTK_TYPE_LIST_BOX_ROW)

/* The thumbnail box, in the template too: 3:2, the shape of most blog images. */
#define THUMBNAIL_WIDTH  96
#define THUMBNAIL_HEIGHT 64

GtkWidget *
easel_section_row_new (void)
{
  return g_object_new (EASEL_TYPE_SECTION_ROW, NULL);
}

static void
set_status_class (EaselSectionRow *self,
                  const char      *status)
{
  static const char * const classes[] = { "new", "candidates", "chosen", "generating", "failed" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status);
}

/**
 * easel_section_row_update:
 * @section: the section, as the engine's blog module reads it
 * @total: how many sections the post has (for the accessible description)
 *
 * Shows @section. The thumbnail is decoded in a worker thread, and only when the pick changed.
 */
void
easel_section_row_update (EaselSectionRow        *self,
                          EaselEngine            *engine,
                          const EaselBlogSection *section,
                          guint                   total,
                          GCancellable           *cancellable)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *status_text = NULL;
  g_autofree char *description = NULL;
  guint active = 0, failed = 0;
  const char *status;

  g_return_if_fail (EASEL_IS_SECTION_ROW (self));
  g_return_if_fail (section != NULL);

  self->section_id = section->section->id;
  gtk_label_set_label (self->heading_label, section->section->heading);
  gtk_label_set_label (self->prompt_label, section->prompt);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->generate_button), "x",
                                    section->section->id);

  if (section->hero)
    g_string_append (meta, _("Hero image"));
  if (section->example != NULL)
    g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", section->example->name);
  gtk_label_set_label (self->example_label, meta->str);
  gtk_widget_set_visible (GTK_WIDGET (self->example_label), meta->len > 0);

  status = easel_blog_section_status (section, &active, &failed);
  self->status = status;
  if (g_str_equal (status, "generating"))
    status_text = g_strdup (_("Generating"));
  else if (g_str_equal (status, "chosen"))
    status_text = g_strdup (C_("section", "Chosen"));
  else if (g_str_equal (status, "candidates"))
    status_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u candidate",
                                                "%u candidates", section->results->len),
                                   section->results->len);
  else if (g_str_equal (status, "failed"))
    status_text = g_strdup (_("Failed"));
  else
    status_text = g_strdup (_("No images yet"));
  gtk_label_set_label (self->status_label, status_text);
  set_status_class (self, status);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), active > 0);
  gtk_spinner_set_spinning (self->spinner, active > 0);

  if (section->chosen == NULL)
    {
      self->chosen_id = 0;
      gtk_stack_set_visible_child_name (self->thumbnail_stack, "placeholder");
      gtk_picture_set_paintable (self->thumbnail, NULL);
    }
  else if (section->chosen->id != self->chosen_id)
    {
      g_autofree char *thumbnail = easel_engine_get_thumbnail_path (engine, section->chosen);
      g_autofree char *image = easel_engine_get_result_path (engine, section->chosen);

      self->chosen_id = section->chosen->id;
      gtk_stack_set_visible_child_name (self->thumbnail_stack, "image");
      _easel_picture_load_cover (self->thumbnail, thumbnail, image, THUMBNAIL_WIDTH,
                                 THUMBNAIL_HEIGHT, cancellable);
    }

  /* TRANSLATORS: a section row for screen readers: "Section 2 of 4, Watering, Chosen" */
  description = g_strdup_printf (_("Section %d of %u, %s, %s"), section->section->position, total,
                                 section->section->heading, status_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
}

gint64
easel_section_row_get_section_id (EaselSectionRow *self)
{
  g_return_val_if_fail (EASEL_IS_SECTION_ROW (self), 0);
  return self->section_id;
}

/* "new", "candidates", "chosen", "generating" or "failed" (see easel_blog_section_status()). */
const char *
easel_section_row_get_status (EaselSectionRow *self)
{
  g_return_val_if_fail (EASEL_IS_SECTION_ROW (self), NULL);
  return self->status;
}

static void
easel_section_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_SECTION_ROW);

  G_OBJECT_CLASS (easel_section_row_parent_class)->dispose (object);
}

static void
easel_section_row_class_init (EaselSectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_section_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-section-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, example_label);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, EaselSectionRow, generate_button);
}

static void
easel_section_row_init (EaselSectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status = "new";
}
