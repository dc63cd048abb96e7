/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-posts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-posts-page-private.h"

/**
 * EaselPostsPage:
 *
 * The blog workflow in the window: the list of posts (or an empty state that offers an
 * import), a post with its sections (#EaselPostView), and one section to curate
 * (#EaselCurationView), in a stack with back buttons.
 *
 * The page owns the work: every store call runs in a worker thread through the engine's blog
 * module, generating goes through the engine, and the views only activate the page's actions:
 *
 * - `posts.import`: choose a Markdown file (GtkFileChooserNative) and import it
 * - `posts.open-post` (x), `posts.open-section` (x), `posts.back`
 * - `posts.generate-all`, `posts.generate-section` (x), `posts.cancel`
 * - `posts.pick` ((xx) section, result; 0 unpicks), `posts.link-example` ((xx))
 * - `posts.set-prompt` ((xs)), `posts.set-alt` ((xs)), `posts.set-template` (s)
 * - `posts.export`, `posts.reload-file`, `posts.delete`
 *
 * While images arrive (the engine's job-changed, result-added and run-finished for the shown
 * post's sections), the post is read again, at most a few times a second.
 *
 * Construct it, then give it the engine with easel_posts_page_set_engine(); without one it
 * shows its empty state with nothing enabled.
 */

G_DEFINE_FINAL_TYPE (EaselPostsPage, easel_posts_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Coalesces the engine's bursts of signals into one read of the post. */
#define RELOAD_DELAY_MS 200

GtkWidget *
easel_posts_page_new (void)
{
  return g_object_new (EASEL_TYPE_POSTS_PAGE, NULL);
}

void
_easel_posts_page_update_actions (EaselPostsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean engine = self->engine != NULL;
  gboolean current = engine && self->current != NULL;
  gboolean generating = self->generate_cancellable != NULL;

  gtk_widget_action_set_enabled (widget, "posts.import", engine);
  gtk_widget_action_set_enabled (widget, "posts.open-post", engine);
  gtk_widget_action_set_enabled (widget, "posts.open-section", current);
  gtk_widget_action_set_enabled (widget, "posts.back", TRUE);
  gtk_widget_action_set_enabled (widget, "posts.generate-all", current && !generating);
  gtk_widget_action_set_enabled (widget, "posts.generate-section", current && !generating);
  gtk_widget_action_set_enabled (widget, "posts.cancel", generating);
  gtk_widget_action_set_enabled (widget, "posts.export", current);
  gtk_widget_action_set_enabled (widget, "posts.reload-file",
                                 current && self->current->post->source_path != NULL);
  gtk_widget_action_set_enabled (widget, "posts.delete", current);
  gtk_widget_action_set_enabled (widget, "posts.pick", current);
  gtk_widget_action_set_enabled (widget, "posts.link-example", current);
  gtk_widget_action_set_enabled (widget, "posts.set-prompt", current);
  gtk_widget_action_set_enabled (widget, "posts.set-alt", current);
  gtk_widget_action_set_enabled (widget, "posts.set-template", current);
  easel_post_view_set_generating (self->post_view, generating);
}

/* An answer can arrive after the page was disposed (its template children are gone). */
gboolean
_easel_posts_page_gone (EaselPostsPage *self)
{
  return self->stack == NULL;
}

void
_easel_posts_page_busy_inc (EaselPostsPage *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_easel_posts_page_busy_dec (EaselPostsPage *self)
{
  g_assert (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_easel_posts_page_toast (EaselPostsPage *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_easel_posts_page_toast_error (EaselPostsPage *self,
             const GError   *error)
{
  AdwToast *t = adw_toast_new (error->message);

  /* Errors stay until dismissed: a person must be able to read them. */
  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

EaselBlogSection *
_easel_posts_page_current_section (EaselPostsPage *self,
                 gint64          section_id)
{
  for (guint i = 0; self->current != NULL && i < self->current->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (self->current->sections, i);

      if (bs->section->id == section_id)
        return bs;
    }
  return NULL;
}

/* ---- the list of posts -------------------------------------------------------------------- */

static GtkWidget *
make_post_row (EaselBlogPost *blog)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *sections = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *file = NULL;
  guint chosen = 0;

  for (guint i = 0; i < blog->sections->len; i++)
    chosen += ((EaselSection *) g_ptr_array_index (blog->sections, i))->chosen_result_id > 0;
  sections = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u section", "%u sections",
                                           blog->sections->len), blog->sections->len);
  if (blog->post->source_path != NULL)
    file = g_filename_display_basename (blog->post->source_path);
  /* TRANSLATORS: a post in the list: "4 sections · 3 images chosen · spring.md" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u image chosen%s%s",
                                           "%s · %u images chosen%s%s", chosen),
                              sections, chosen, file != NULL ? " · " : "",
                              file != NULL ? file : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), blog->post->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "post-id", GSIZE_TO_POINTER ((gsize) blog->post->id));
  return row;
}

static void
on_post_activated_cb (EaselPostsPage *self,
                      GtkListBoxRow  *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "post-id"));

  easel_posts_page_open_post (self, id);
}

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  const char *shown;

  _easel_posts_page_busy_dec (self);
  posts = easel_blog_list_finish (EASEL_ENGINE (object), result, &error);
  if (_easel_posts_page_gone (self))
    return;
  if (posts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_posts_page_toast_error (self, error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->post_list))) != NULL)
    gtk_list_box_remove (self->post_list, child);
  for (guint i = 0; i < posts->len; i++)
    gtk_list_box_append (self->post_list, make_post_row (g_ptr_array_index (posts, i)));

  /* Only switch between the list and the empty state: not away from a post being read. */
  shown = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (shown, "empty") == 0 || g_strcmp0 (shown, "list") == 0)
    gtk_stack_set_visible_child_name (self->stack, posts->len > 0 ? "list" : "empty");
}

void
_easel_posts_page_load_list (EaselPostsPage *self)
{
  if (self->engine == NULL)
    return;
  _easel_posts_page_busy_inc (self);
  easel_blog_list_async (self->engine, self->cancellable, list_loaded_cb, g_object_ref (self));
}

/* ---- the current post -------------------------------------------------------------------- */

static void
show_current (EaselPostsPage *self)
{
  if (self->current == NULL)
    return;
  easel_post_view_set_post (self->post_view, self->engine, self->current, self->cancellable);
  if (self->section_id > 0 && _easel_posts_page_current_section (self, self->section_id) != NULL)
    easel_curation_view_set_section (self->curation_view, self->engine, self->current,
                                     self->section_id, self->cancellable);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "section") == 0)
    {
      /* The section went away (a re-import removed it). */
      self->section_id = 0;
      gtk_stack_set_visible_child_name (self->stack, "post");
    }
}

static void
post_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  EaselBlogPost *blog;

  _easel_posts_page_busy_dec (self);
  blog = easel_blog_load_finish (EASEL_ENGINE (object), result, &error);
  if (blog != NULL && _easel_posts_page_gone (self))
    g_clear_pointer (&blog, easel_blog_post_free);
  if (_easel_posts_page_gone (self))
    return;
  if (blog == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _easel_posts_page_toast_error (self, error);
      if (g_error_matches (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND))
        {
          self->post_id = 0;
          gtk_stack_set_visible_child_name (self->stack, "list");
          _easel_posts_page_load_list (self);
        }
      return;
    }
  if (blog->post->id != self->post_id)
    {
      easel_blog_post_free (blog);
      return;
    }

  g_clear_pointer (&self->current, easel_blog_post_free);
  self->current = blog;
  show_current (self);
  _easel_posts_page_update_actions (self);
  /* Only an open shows the post: a refresh leaves the person where they are. */
  if (self->show_when_loaded)
    {
      self->show_when_loaded = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "post");
    }
}

void
_easel_posts_page_load_current (EaselPostsPage *self)
{
  if (self->engine == NULL || self->post_id == 0)
    return;
  /* Only the latest read counts. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  _easel_posts_page_busy_inc (self);
  easel_blog_load_async (self->engine, self->post_id, self->load_cancellable, post_loaded_cb,
                         g_object_ref (self));
}

static gboolean
reload_cb (gpointer user_data)
{
  EaselPostsPage *self = user_data;

  self->reload_source = 0;
  _easel_posts_page_load_current (self);
  return G_SOURCE_REMOVE;
}

void
_easel_posts_page_schedule_reload (EaselPostsPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
on_job_changed (EaselEngine    *engine,
                EaselJob       *job,
                EaselPostsPage *self)
{
  if (job->section_id > 0 && _easel_posts_page_current_section (self, job->section_id) != NULL)
    _easel_posts_page_schedule_reload (self);
}

static void
on_result_added (EaselEngine    *engine,
                 EaselResult    *result,
                 EaselPostsPage *self)
{
  if (result->section_id > 0 &&
      _easel_posts_page_current_section (self, result->section_id) != NULL)
    _easel_posts_page_schedule_reload (self);
}

static void
on_run_finished (EaselEngine    *engine,
                 gint64          run_id,
                 EaselPostsPage *self)
{
  if (self->current != NULL)
    _easel_posts_page_schedule_reload (self);
}

/* ---- library: examples and providers ----------------------------------------------------- */

static void
library_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EaselEngine *engine = source_object;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  GPtrArray *pair = g_ptr_array_new ();
  GError *error = NULL;

  examples = easel_store_list_examples (easel_engine_get_store (engine), NULL, &error);
  if (examples == NULL)
    {
      g_ptr_array_unref (pair);
      g_task_return_error (task, error);
      return;
    }
  providers = easel_engine_list_providers (engine, &error);
  if (providers == NULL)
    {
      g_ptr_array_unref (pair);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < providers->len; i++)
    {
      EaselProviderConfig *config = g_ptr_array_index (providers, i);

      if (config->enabled)
        g_strv_builder_add (names, config->name);
    }
  g_ptr_array_add (pair, g_steal_pointer (&examples));
  g_ptr_array_add (pair, g_strv_builder_end (names));
  g_task_return_pointer (task, pair, NULL);
}

static void
library_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EaselPostsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pair = NULL;
  g_auto(GStrv) names = NULL;

  _easel_posts_page_busy_dec (self);
  pair = g_task_propagate_pointer (G_TASK (result), &error);
  if (pair != NULL && _easel_posts_page_gone (self))
    {
      g_ptr_array_unref (g_ptr_array_index (pair, 0));
      g_strfreev (g_ptr_array_index (pair, 1));
      return;
    }
  if (pair == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _easel_posts_page_toast_error (self, error);
      return;
    }
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  self->examples = g_ptr_array_index (pair, 0);
  names = g_ptr_array_index (pair, 1);
  easel_curation_view_set_examples (self->curation_view, self->examples);
  easel_post_view_set_providers (self->post_view, (const char * const *) names);
  if (self->current != NULL)
    show_current (self);
}

static void
load_library (EaselPostsPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->engine == NULL)
    return;
  _easel_posts_page_busy_inc (self);
  task = g_task_new (self->engine, self->cancellable, library_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_library);
  g_task_run_in_thread (task, library_thread);
}

static void
on_providers_changed (EaselEngine    *engine,
                      EaselPostsPage *self)
{
  load_library (self);
}

/* ---- navigation -------------------------------------------------------------------------- */

/**
 * easel_posts_page_open_post:
 *
 * Reads the post in a worker thread and shows it.
 */
void
easel_posts_page_open_post (EaselPostsPage *self,
                            gint64          post_id)
{
  g_return_if_fail (EASEL_IS_POSTS_PAGE (self));

  if (post_id != self->post_id)
    {
      g_clear_pointer (&self->current, easel_blog_post_free);
      _easel_posts_page_update_actions (self);
    }
  self->post_id = post_id;
  self->section_id = 0;
  if (self->current != NULL)
    gtk_stack_set_visible_child_name (self->stack, "post");
  else
    self->show_when_loaded = TRUE;
  _easel_posts_page_load_current (self);
}

/* Shows a section of the current post. */
void
easel_posts_page_open_section (EaselPostsPage *self,
                               gint64          section_id)
{
  g_return_if_fail (EASEL_IS_POSTS_PAGE (self));

  if (_easel_posts_page_current_section (self, section_id) == NULL)
    return;
  self->section_id = section_id;
  easel_curation_view_set_section (self->curation_view, self->engine, self->current, section_id,
                                   self->cancellable);
  gtk_stack_set_visible_child_name (self->stack, "section");
}

static void
open_post_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  easel_posts_page_open_post (EASEL_POSTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
open_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  easel_posts_page_open_section (EASEL_POSTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (widget);
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (shown, "section") == 0)
    {
      self->section_id = 0;
      gtk_stack_set_visible_child_name (self->stack, "post");
    }
  else if (g_strcmp0 (shown, "post") == 0)
    {
      self->show_when_loaded = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "list");
      _easel_posts_page_load_list (self);
    }
}

/* ---- the engine -------------------------------------------------------------------------- */

EaselEngine *
easel_posts_page_get_engine (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), NULL);
  return self->engine;
}

static void
disconnect_engine (EaselPostsPage *self)
{
  if (self->engine == NULL)
    return;
  g_clear_signal_handler (&self->job_changed_id, self->engine);
  g_clear_signal_handler (&self->result_added_id, self->engine);
  g_clear_signal_handler (&self->run_finished_id, self->engine);
  g_clear_signal_handler (&self->providers_changed_id, self->engine);
}

/**
 * easel_posts_page_set_engine:
 * @engine: (nullable): the engine the window uses
 *
 * Lists the posts and the library, and follows the engine's progress signals.
 */
void
easel_posts_page_set_engine (EaselPostsPage *self,
                             EaselEngine    *engine)
{
  g_return_if_fail (EASEL_IS_POSTS_PAGE (self));
  g_return_if_fail (engine == NULL || EASEL_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  disconnect_engine (self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      self->job_changed_id = g_signal_connect (engine, "job-changed",
                                               G_CALLBACK (on_job_changed), self);
      self->result_added_id = g_signal_connect (engine, "result-added",
                                                G_CALLBACK (on_result_added), self);
      self->run_finished_id = g_signal_connect (engine, "run-finished",
                                                G_CALLBACK (on_run_finished), self);
      self->providers_changed_id = g_signal_connect (engine, "providers-changed",
                                                     G_CALLBACK (on_providers_changed), self);
      _easel_posts_page_load_list (self);
      load_library (self);
    }
  _easel_posts_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/* "empty", "list", "post" or "section" */
const char *
easel_posts_page_get_view_name (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gint64
easel_posts_page_get_post_id (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), 0);
  return self->current != NULL ? self->current->post->id : 0;
}

/* Whether a read, a change or a generation is under way. */
gboolean
easel_posts_page_get_busy (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), FALSE);
  return self->busy > 0 || self->reload_source != 0;
}

gboolean
easel_posts_page_get_generating (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), FALSE);
  return self->generate_cancellable != NULL;
}

GtkWidget *
easel_posts_page_get_post_view (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), NULL);
  return GTK_WIDGET (self->post_view);
}

GtkWidget *
easel_posts_page_get_curation_view (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), NULL);
  return GTK_WIDGET (self->curation_view);
}

GtkListBox *
easel_posts_page_get_post_list (EaselPostsPage *self)
{
  g_return_val_if_fail (EASEL_IS_POSTS_PAGE (self), NULL);
  return self->post_list;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
easel_posts_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_posts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      easel_posts_page_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_posts_page_dispose (GObject *object)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (object);

  /* Going away cancels the page's reads and its generation (the engine stops the runs). */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->generate_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  disconnect_engine (self);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->current, easel_blog_post_free);
  g_clear_pointer (&self->examples, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_POSTS_PAGE);

  G_OBJECT_CLASS (easel_posts_page_parent_class)->dispose (object);
}

static void
easel_posts_page_finalize (GObject *object)
{
  EaselPostsPage *self = EASEL_POSTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->generate_cancellable);

  G_OBJECT_CLASS (easel_posts_page_parent_class)->finalize (object);
}

static void
easel_posts_page_class_init (EaselPostsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_posts_page_dispose;
  object_class->finalize = easel_posts_page_finalize;
  object_class->get_property = easel_posts_page_get_property;
  object_class->set_property = easel_posts_page_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, EASEL_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EASEL_TYPE_POST_VIEW);
  g_type_ensure (EASEL_TYPE_CURATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-posts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EaselPostsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EaselPostsPage, post_list);
  gtk_widget_class_bind_template_child (widget_class, EaselPostsPage, post_view);
  gtk_widget_class_bind_template_child (widget_class, EaselPostsPage, curation_view);
  gtk_widget_class_bind_template_callback (widget_class, on_post_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "easel-posts-page");

  gtk_widget_class_install_action (widget_class, "posts.open-post", "x", open_post_action);
  gtk_widget_class_install_action (widget_class, "posts.open-section", "x",
                                   open_section_action);
  gtk_widget_class_install_action (widget_class, "posts.back", NULL, back_action);
  _easel_posts_page_class_actions_init (widget_class);
}

static void
easel_posts_page_init (EaselPostsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The template's root is the AdwBin's child, which AdwBin owns: not a bound child. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));
  self->cancellable = g_cancellable_new ();
  _easel_posts_page_update_actions (self);
}
