/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-curation-view"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-candidate-card.h"
#include "easel-curation-view.h"
#include "easel-image-loader.h"
#include "easel-markdown.h"

/**
 * EaselCurationView:
 *
 * One section of a post, to curate: its text, its prompt, linked example and alt text (each
 * editable), and its candidates as cards, newest first. Pick one (it gets a check badge and an
 * accent outline), or mark two with their Compare toggles and press Compare to see them side
 * by side, larger. Previous and Next walk through the post's sections.
 *
 * Changes go out as actions of #EaselPostsPage: `posts.pick` (section id, result id),
 * `posts.set-prompt` and `posts.set-alt` (section id, text), `posts.link-example` (section
 * id, example id or 0), `posts.generate-section`, `posts.open-section`, `posts.back`.
 */
struct _EaselCurationView
{
  AdwBin                parent_instance;

  AdwWindowTitle       *title;
  GtkWidget            *previous_button;
  GtkWidget            *next_button;
  GtkToggleButton      *compare_button;
  GtkWidget            *generate_button;
  GtkStack             *view_stack;
  AdwPreferencesGroup  *section_group;
  AdwEntryRow          *prompt_row;
  AdwComboRow          *example_row;
  GtkStringList        *example_model;
  AdwEntryRow          *alt_row;
  AdwPreferencesGroup  *candidates_group;
  GtkStack             *candidates_stack;
  GtkFlowBox           *candidates;
  GtkPicture           *compare_picture_a;
  GtkPicture           *compare_picture_b;
  GtkLabel             *compare_label_a;
  GtkLabel             *compare_label_b;
  GtkWidget            *compare_pick_a;
  GtkWidget            *compare_pick_b;

  GCancellable         *cancellable;
  GPtrArray            *examples;      /* EaselPromptExample, parallel to example_model[1…] */
  GHashTable           *image_paths;   /* result id → path of the stored image */
  GQueue                compared;      /* EaselCandidateCard, at most two, oldest first */
  gint64                section_id;
  gint64                compare_ids[2];
  char                 *prompt;
  char                 *alt_text;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (EaselCurationView, easel_curation_view, ADW_TYPE_BIN)

/* Images compared side by side are decoded this large. */
#define COMPARE_IMAGE_SIZE 1600

GtkWidget *
easel_curation_view_new (void)
{
  return g_object_new (EASEL_TYPE_CURATION_VIEW, NULL);
}

static void
on_prompt_apply_cb (EaselCurationView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prompt_row));

  gtk_widget_activate_action (GTK_WIDGET (self), "posts.set-prompt", "(xs)", self->section_id,
                              text);
}

static void
on_alt_apply_cb (EaselCurationView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->alt_row));

  gtk_widget_activate_action (GTK_WIDGET (self), "posts.set-alt", "(xs)", self->section_id,
                              text);
}

static void
on_example_selected_cb (EaselCurationView *self)
{
  guint selected = adw_combo_row_get_selected (self->example_row);
  gint64 example_id = 0;

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected > 0 && self->examples != NULL && selected - 1 < self->examples->len)
    example_id = ((EaselPromptExample *) g_ptr_array_index (self->examples, selected - 1))->id;
  gtk_widget_activate_action (GTK_WIDGET (self), "posts.link-example", "(xx)", self->section_id,
                              example_id);
}

static void
on_card_pick_cb (EaselCurationView  *self,
                 EaselCandidateCard *card)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "posts.pick", "(xx)", self->section_id,
                              easel_candidate_card_get_result_id (card));
}

static void
on_compare_pick_cb (EaselCurationView *self,
                    GtkWidget         *button)
{
  gint64 id = self->compare_ids[button == self->compare_pick_a ? 0 : 1];

  if (id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "posts.pick", "(xx)", self->section_id, id);
}

static void
update_compare_button (EaselCurationView *self)
{
  gboolean two = g_queue_get_length (&self->compared) == 2;

  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), two);
  if (!two)
    gtk_toggle_button_set_active (self->compare_button, FALSE);
}

static void
on_card_compare_cb (EaselCurationView  *self,
                    GParamSpec         *pspec,
                    EaselCandidateCard *card)
{
  if (self->updating)
    return;
  g_queue_remove (&self->compared, card);
  if (easel_candidate_card_get_compare (card))
    {
      g_queue_push_tail (&self->compared, card);
      /* Two at a time: marking a third unmarks the first. */
      if (g_queue_get_length (&self->compared) > 2)
        easel_candidate_card_set_compare (g_queue_peek_head (&self->compared), FALSE);
    }
  update_compare_button (self);
}

static void
show_compared (EaselCurationView *self,
               guint              index,
               GtkPicture        *picture,
               GtkLabel          *label,
               GtkWidget         *pick)
{
  EaselCandidateCard *card = g_queue_peek_nth (&self->compared, index);
  gboolean chosen = easel_candidate_card_get_chosen (card);
  gint64 id = easel_candidate_card_get_result_id (card);
  const char *path = g_hash_table_lookup (self->image_paths, &id);
  g_autofree char *text = g_strdup_printf ("%s  #%" G_GINT64_FORMAT,
                                           easel_candidate_card_get_title (card), id);

  self->compare_ids[index] = id;
  gtk_label_set_label (label, text);
  gtk_button_set_label (GTK_BUTTON (pick), chosen ? C_("image", "Chosen") : C_("image", "_Pick"));
  gtk_widget_set_sensitive (pick, !chosen);
  /* The card's preview at once, the full image when it is decoded. */
  gtk_picture_set_paintable (picture, easel_candidate_card_get_paintable (card));
  if (path != NULL)
    _easel_picture_load (picture, path, NULL, COMPARE_IMAGE_SIZE, self->cancellable);
}

static void
on_compare_active_cb (EaselCurationView *self)
{
  gboolean active = gtk_toggle_button_get_active (self->compare_button);

  if (active && g_queue_get_length (&self->compared) == 2)
    {
      show_compared (self, 0, self->compare_picture_a, self->compare_label_a,
                     self->compare_pick_a);
      show_compared (self, 1, self->compare_picture_b, self->compare_label_b,
                     self->compare_pick_b);
      gtk_stack_set_visible_child_name (self->view_stack, "compare");
    }
  else
    gtk_stack_set_visible_child_name (self->view_stack, "candidates");
}

/**
 * easel_curation_view_set_examples:
 * @examples: (element-type EaselPromptExample): the library, for the example chooser
 */
void
easel_curation_view_set_examples (EaselCurationView *self,
                                  GPtrArray         *examples)
{
  g_return_if_fail (EASEL_IS_CURATION_VIEW (self));

  g_clear_pointer (&self->examples, g_ptr_array_unref);
  self->examples = examples != NULL ? g_ptr_array_ref (examples) : NULL;

  self->updating = TRUE;
  gtk_string_list_splice (self->example_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->example_model)), NULL);
  gtk_string_list_append (self->example_model, C_("example", "None"));
  for (guint i = 0; examples != NULL && i < examples->len; i++)
    gtk_string_list_append (self->example_model,
                            ((EaselPromptExample *) g_ptr_array_index (examples, i))->name);
  self->updating = FALSE;
}

static void
select_example (EaselCurationView *self,
                gint64             example_id)
{
  guint position = 0;

  for (guint i = 0; example_id > 0 && self->examples != NULL && i < self->examples->len; i++)
    if (((EaselPromptExample *) g_ptr_array_index (self->examples, i))->id == example_id)
      position = i + 1;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->example_row, position);
  self->updating = FALSE;
}

static void
clear_candidates (EaselCurationView *self)
{
  GtkWidget *child;

  g_queue_clear (&self->compared);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates))) != NULL)
    gtk_flow_box_remove (self->candidates, child);
  g_hash_table_remove_all (self->image_paths);
}

static EaselCandidateCard *
add_card (EaselCurationView *self)
{
  GtkWidget *card = easel_candidate_card_new ();

  g_signal_connect_object (card, "pick", G_CALLBACK (on_card_pick_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "notify::compare", G_CALLBACK (on_card_compare_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_flow_box_append (self->candidates, card);
  return EASEL_CANDIDATE_CARD (card);
}

static void
add_result_card (EaselCurationView  *self,
                 EaselEngine        *engine,
                 const EaselResult  *result,
                 gint64              chosen_id,
                 GHashTable         *compare)
{
  EaselCandidateCard *card = add_card (self);
  g_autofree char *thumbnail = easel_engine_get_thumbnail_path (engine, result);
  char *image = easel_engine_get_result_path (engine, result);
  gint64 *key = g_memdup2 (&result->id, sizeof result->id);

  g_hash_table_insert (self->image_paths, key, image);
  easel_candidate_card_set_result (card, result, thumbnail, image, self->cancellable);
  easel_candidate_card_set_chosen (card, result->id == chosen_id);
  if (g_hash_table_contains (compare, &result->id))
    {
      easel_candidate_card_set_compare (card, TRUE);
      g_queue_push_tail (&self->compared, card);
    }
}

/**
 * easel_curation_view_set_section:
 * @post: the post, as the engine's blog module reads it
 * @section_id: the section to show
 *
 * Shows the section. Called again with a fresher @post (after a pick, or while images
 * arrive), it keeps what is being typed and which images are marked for comparison.
 */
void
easel_curation_view_set_section (EaselCurationView   *self,
                                 EaselEngine         *engine,
                                 const EaselBlogPost *post,
                                 gint64               section_id,
                                 GCancellable        *cancellable)
{
  g_autoptr(GHashTable) compare = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *count = NULL;
  EaselBlogSection *bs = NULL;
  gboolean same = section_id == self->section_id;
  gint64 chosen_id;
  guint index = 0;
  guint candidates = 0;

  g_return_if_fail (EASEL_IS_CURATION_VIEW (self));
  g_return_if_fail (post != NULL);

  for (guint i = 0; i < post->sections->len && bs == NULL; i++)
    if (((EaselBlogSection *) g_ptr_array_index (post->sections, i))->section->id == section_id)
      {
        bs = g_ptr_array_index (post->sections, i);
        index = i;
      }
  g_return_if_fail (bs != NULL);

  g_set_object (&self->cancellable, cancellable);
  self->section_id = section_id;

  adw_window_title_set_title (self->title, bs->section->heading);
  /* TRANSLATORS: the curation view's subtitle: "Section 2 of 4 · Spring in the Garden" */
  subtitle = g_strdup_printf (_("Section %u of %u · %s"), index + 1, post->sections->len,
                              post->post->title);
  adw_window_title_set_subtitle (self->title, subtitle);

  gtk_widget_set_sensitive (self->previous_button, index > 0);
  gtk_widget_set_sensitive (self->next_button, index + 1 < post->sections->len);
  if (index > 0)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->previous_button), "x",
      ((EaselBlogSection *) g_ptr_array_index (post->sections, index - 1))->section->id);
  if (index + 1 < post->sections->len)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->next_button), "x",
      ((EaselBlogSection *) g_ptr_array_index (post->sections, index + 1))->section->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->generate_button), "x", section_id);

  excerpt = easel_markdown_excerpt (bs->section->body, 320);
  adw_preferences_group_set_title (self->section_group,
                                   bs->hero ? _("Hero Image") : _("Section Image"));
  adw_preferences_group_set_description (self->section_group, *excerpt != '\0' ? excerpt : NULL);

  /* Keep a half-typed prompt or alt text of the same section. */
  if (!same || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->prompt_row)),
                          self->prompt) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->prompt_row), bs->prompt);
  if (!same || g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->alt_row)),
                          self->alt_text) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->alt_row), bs->alt_text);
  g_free (self->prompt);
  self->prompt = g_strdup (bs->prompt);
  g_free (self->alt_text);
  self->alt_text = g_strdup (bs->alt_text);
  select_example (self, bs->section->example_id);

  /* The cards, newest first; the marks for comparison survive a refresh. */
  if (same)
    for (GList *l = self->compared.head; l != NULL; l = l->next)
      {
        gint64 id = easel_candidate_card_get_result_id (l->data);
        g_hash_table_add (compare, g_memdup2 (&id, sizeof id));
      }
  else
    gtk_toggle_button_set_active (self->compare_button, FALSE);

  self->updating = TRUE;
  clear_candidates (self);
  chosen_id = bs->chosen != NULL ? bs->chosen->id : 0;
  if (bs->chosen != NULL && easel_blog_section_find_result (bs, chosen_id) == NULL)
    {
      /* Picked from the history: first, since it is the one in use. */
      add_result_card (self, engine, bs->chosen, chosen_id, compare);
      candidates++;
    }
  for (guint j = bs->jobs->len; j > 0; j--)
    {
      EaselJob *job = g_ptr_array_index (bs->jobs, j - 1);
      EaselResult *result = easel_blog_section_find_result (bs, job->result_id);

      if (result != NULL)
        {
          add_result_card (self, engine, result, chosen_id, compare);
          candidates++;
        }
      else if (job->state != EASEL_JOB_DONE)
        easel_candidate_card_set_job (add_card (self), job);
    }
  self->updating = FALSE;

  update_compare_button (self);
  if (gtk_toggle_button_get_active (self->compare_button))
    on_compare_active_cb (self);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", candidates),
                           candidates);
  adw_preferences_group_set_description (self->candidates_group,
                                         bs->jobs->len > 0 ? count : NULL);
  gtk_stack_set_visible_child_name (self->candidates_stack,
                                    gtk_widget_get_first_child (GTK_WIDGET (self->candidates))
                                    != NULL ? "grid" : "empty");
}

gint64
easel_curation_view_get_section_id (EaselCurationView *self)
{
  g_return_val_if_fail (EASEL_IS_CURATION_VIEW (self), 0);
  return self->section_id;
}

GtkFlowBox *
easel_curation_view_get_candidates (EaselCurationView *self)
{
  g_return_val_if_fail (EASEL_IS_CURATION_VIEW (self), NULL);
  return self->candidates;
}

/**
 * easel_curation_view_compare:
 *
 * Marks the two results for comparison and shows them side by side, as the Compare toggles
 * and button do.
 *
 * Returns: %FALSE when either is not a candidate here
 */
gboolean
easel_curation_view_compare (EaselCurationView *self,
                             gint64             result_a,
                             gint64             result_b)
{
  EaselCandidateCard *a = NULL, *b = NULL;

  g_return_val_if_fail (EASEL_IS_CURATION_VIEW (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      EaselCandidateCard *card =
        EASEL_CANDIDATE_CARD (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));

      easel_candidate_card_set_compare (card, FALSE);
      if (easel_candidate_card_get_result_id (card) == result_a)
        a = card;
      else if (easel_candidate_card_get_result_id (card) == result_b)
        b = card;
    }
  if (a == NULL || b == NULL)
    return FALSE;
  easel_candidate_card_set_compare (a, TRUE);
  easel_candidate_card_set_compare (b, TRUE);
  gtk_toggle_button_set_active (self->compare_button, TRUE);
  return TRUE;
}

gboolean
easel_curation_view_get_comparing (EaselCurationView *self)
{
  g_return_val_if_fail (EASEL_IS_CURATION_VIEW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "compare") == 0;
}

static void
easel_curation_view_dispose (GObject *object)
{
  EaselCurationView *self = EASEL_CURATION_VIEW (object);

  g_queue_clear (&self->compared);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_CURATION_VIEW);

  G_OBJECT_CLASS (easel_curation_view_parent_class)->dispose (object);
}

static void
easel_curation_view_finalize (GObject *object)
{
  EaselCurationView *self = EASEL_CURATION_VIEW (object);

  g_hash_table_unref (self->image_paths);
  g_free (self->prompt);
  g_free (self->alt_text);

  G_OBJECT_CLASS (easel_curation_view_parent_class)->finalize (object);
}

static void
easel_curation_view_class_init (EaselCurationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_curation_view_dispose;
  object_class->finalize = easel_curation_view_finalize;

  g_type_ensure (EASEL_TYPE_CANDIDATE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-curation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, title);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, next_button);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_button);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, generate_button);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, section_group);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, prompt_row);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, example_row);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, example_model);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, alt_row);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, candidates_group);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, candidates_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, candidates);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_picture_a);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_picture_b);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_label_a);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_label_b);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_pick_a);
  gtk_widget_class_bind_template_child (widget_class, EaselCurationView, compare_pick_b);
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_alt_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_example_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_pick_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_active_cb);
}

static void
easel_curation_view_init (EaselCurationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->compared);
  self->image_paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  easel_curation_view_set_examples (self, NULL);
}
