/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-post-view"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-post-view.h"
#include "easel-section-row.h"

/**
 * EaselPostView:
 *
 * One post: its sections (thumbnail of the chosen image, heading, prompt, example, status),
 * and how to generate for them (provider, images per section, the post's prompt template).
 * Its buttons activate the actions of #EaselPostsPage (`posts.back`, `posts.export`,
 * `posts.generate-all`, `posts.cancel`, `posts.reload-file`, `posts.delete`); activating a
 * section activates `posts.open-section` with its id, and applying the template
 * `posts.set-template` with the text.
 */
struct _EaselPostView
{
  AdwBin          parent_instance;

  AdwWindowTitle *title;
  GtkStack       *generate_stack;
  GtkListBox     *section_list;
  AdwComboRow    *provider_row;
  GtkStringList  *provider_model;
  GtkSpinButton  *count_spin;
  AdwEntryRow    *template_row;

  gint64          post_id;
  char           *template;
};

G_DEFINE_FINAL_TYPE (EaselPostView, easel_post_view, ADW_TYPE_BIN)

GtkWidget *
easel_post_view_new (void)
{
  return g_object_new (EASEL_TYPE_POST_VIEW, NULL);
}

static void
on_row_activated_cb (EaselPostView *self,
                     GtkListBoxRow *row)
{
  gint64 id = easel_section_row_get_section_id (EASEL_SECTION_ROW (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "posts.open-section", "x", id);
}

static void
on_template_apply_cb (EaselPostView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->template_row));

  gtk_widget_activate_action (GTK_WIDGET (self), "posts.set-template", "s", text);
}

static gboolean
same_sections (GtkListBox          *list,
               const EaselBlogPost *post)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      EaselBlogSection *bs;

      if (i >= post->sections->len)
        return FALSE;
      bs = g_ptr_array_index (post->sections, i);
      if (easel_section_row_get_section_id (EASEL_SECTION_ROW (child)) != bs->section->id)
        return FALSE;
    }
  return i == post->sections->len;
}

/**
 * easel_post_view_set_post:
 *
 * Shows @post. Rows are updated in place when the sections are the same ones, so a refresh
 * while generating neither flickers nor loses the keyboard focus.
 */
void
easel_post_view_set_post (EaselPostView       *self,
                          EaselEngine         *engine,
                          const EaselBlogPost *post,
                          GCancellable        *cancellable)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *sections = NULL;
  guint chosen = 0;
  guint i = 0;

  g_return_if_fail (EASEL_IS_POST_VIEW (self));
  g_return_if_fail (post != NULL);

  for (guint s = 0; s < post->sections->len; s++)
    chosen += ((EaselBlogSection *) g_ptr_array_index (post->sections, s))->chosen != NULL;
  sections = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u section", "%u sections",
                                           post->sections->len), post->sections->len);
  /* TRANSLATORS: the post view's subtitle: "4 sections · 3 images chosen" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u image chosen",
                                           "%s · %u images chosen", chosen), sections, chosen);
  adw_window_title_set_title (self->title, post->post->title);
  adw_window_title_set_subtitle (self->title, subtitle);

  if (!same_sections (self->section_list, post))
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->section_list))) != NULL)
        gtk_list_box_remove (self->section_list, child);
      for (guint s = 0; s < post->sections->len; s++)
        gtk_list_box_append (self->section_list, easel_section_row_new ());
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->section_list));
       child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    easel_section_row_update (EASEL_SECTION_ROW (child), engine,
                              g_ptr_array_index (post->sections, i), post->sections->len,
                              cancellable);

  /* Keep what is being typed; take the stored template when it changed underneath. */
  if (self->post_id != post->post->id ||
      g_strcmp0 (self->template, post->post->prompt_template) != 0)
    {
      g_free (self->template);
      self->template = g_strdup (post->post->prompt_template);
      gtk_editable_set_text (GTK_EDITABLE (self->template_row),
                             self->template != NULL ? self->template : "");
    }
  self->post_id = post->post->id;
}

/**
 * easel_post_view_set_providers:
 *
 * The providers to choose from for the sections that link no prompt example (or one without
 * providers). The choice is kept when the list changes, if it is still there.
 */
void
easel_post_view_set_providers (EaselPostView      *self,
                               const char * const *names)
{
  g_autofree char *selected = NULL;
  guint n, selected_index, position = 0;

  g_return_if_fail (EASEL_IS_POST_VIEW (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->provider_model));
  selected_index = adw_combo_row_get_selected (self->provider_row);
  if (selected_index < n)
    selected = g_strdup (gtk_string_list_get_string (self->provider_model, selected_index));

  gtk_string_list_splice (self->provider_model, 0, n, (const char * const *) names);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_strcmp0 (names[i], selected) == 0)
      position = i;
  adw_combo_row_set_selected (self->provider_row, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), names != NULL && names[0] != NULL);
}

/* Returns: (transfer full) (nullable): the chosen provider, or %NULL when there is none */
GStrv
easel_post_view_dup_providers (EaselPostView *self)
{
  guint selected;
  const char *names[2] = { NULL, NULL };

  g_return_val_if_fail (EASEL_IS_POST_VIEW (self), NULL);

  selected = adw_combo_row_get_selected (self->provider_row);
  if (selected >= g_list_model_get_n_items (G_LIST_MODEL (self->provider_model)))
    return NULL;
  names[0] = gtk_string_list_get_string (self->provider_model, selected);
  return g_strdupv ((GStrv) names);
}

int
easel_post_view_get_count (EaselPostView *self)
{
  g_return_val_if_fail (EASEL_IS_POST_VIEW (self), 1);
  return gtk_spin_button_get_value_as_int (self->count_spin);
}

void
easel_post_view_set_generating (EaselPostView *self,
                                gboolean       generating)
{
  g_return_if_fail (EASEL_IS_POST_VIEW (self));
  gtk_stack_set_visible_child_name (self->generate_stack, generating ? "cancel" : "generate");
}

GtkListBox *
easel_post_view_get_section_list (EaselPostView *self)
{
  g_return_val_if_fail (EASEL_IS_POST_VIEW (self), NULL);
  return self->section_list;
}

static void
easel_post_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_POST_VIEW);

  G_OBJECT_CLASS (easel_post_view_parent_class)->dispose (object);
}

static void
easel_post_view_finalize (GObject *object)
{
  EaselPostView *self = EASEL_POST_VIEW (object);

  g_free (self->template);

  G_OBJECT_CLASS (easel_post_view_parent_class)->finalize (object);
}

static void
easel_post_view_class_init (EaselPostViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_post_view_dispose;
  object_class->finalize = easel_post_view_finalize;

  g_type_ensure (EASEL_TYPE_SECTION_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-post-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, title);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, generate_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, section_list);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, provider_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, provider_model);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, count_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselPostView, template_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_template_apply_cb);
}

static void
easel_post_view_init (EaselPostView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  easel_post_view_set_providers (self, NULL);
}
