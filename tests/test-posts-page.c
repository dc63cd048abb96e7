/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Posts page in the real window under Xvfb: the list, a post with its sections, the
 * curation view (pick, compare), Generate All, the export dialog with its overwrite
 * confirmation, import and delete; with screenshots of the page and the curation view in the
 * light and the dark style, written to BUILDDIR/tests/screenshots/.
 *
 * The engine generates with a painted in-process provider: small landscapes that differ by
 * prompt and seed, so the screenshots look like a blog post's candidates, not test patterns.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "easel-test-ui.h"

#include "easel-application.h"

#include "easel-blog.h"
#include "easel-candidate-card.h"
#include "easel-curation-view.h"
#include "easel-export-dialog.h"
#include "easel-fake-util.h"
#include "easel-image-info.h"
#include "easel-paths.h"
#include "easel-post-view.h"
#include "easel-posts-page.h"
#include "easel-provider.h"
#include "easel-section-row.h"
#include "easel-test-blog.h"
#include "easel-test-util.h"
#include "easel-test-window.h"
#include "easel-window.h"

/* ---- a provider that paints ------------------------------------------------------------- */

#define EASEL_TYPE_PAINTED_PROVIDER (easel_painted_provider_get_type ())
G_DECLARE_FINAL_TYPE (EaselPaintedProvider, easel_painted_provider, EASEL, PAINTED_PROVIDER,
                      GObject)

struct _EaselPaintedProvider
{
  GObject              parent_instance;
  EaselProviderConfig *config;
  char                *base_url;
};

enum { PROP_0, PROP_CONFIG, PROP_BASE_URL };

static void painted_iface_init (EaselProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselPaintedProvider, easel_painted_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EASEL_TYPE_PROVIDER, painted_iface_init))

static void
hsv (double  h,
     double  s,
     double  v,
     guchar *rgb)
{
  float r, g, b;

  gtk_hsv_to_rgb ((float) fmod (h, 1.0), (float) s, (float) v, &r, &g, &b);
  rgb[0] = (guchar) (r * 255);
  rgb[1] = (guchar) (g * 255);
  rgb[2] = (guchar) (b * 255);
}

/* A landscape: a sky, a sun, two ranges of hills; hue and shapes from the prompt and seed. */
static GBytes *
paint (const char *prompt,
       gint64      seed,
       int         width,
       int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint hash = g_str_hash (prompt) ^ (guint) (seed * 2654435761u);
  double hue = (hash % 360) / 360.0;
  double phase = (hash >> 9) % 628 / 100.0;
  double sun_x = 0.2 + ((hash >> 3) % 60) / 100.0;
  double sun_y = 0.18 + ((hash >> 7) % 20) / 100.0;
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double u = (double) x / width, v = (double) y / height;
        double far = 0.55 + 0.06 * sin (u * 7 + phase) + 0.03 * sin (u * 17 + phase * 2);
        double near = 0.72 + 0.08 * sin (u * 4 + phase * 1.7) + 0.02 * sin (u * 23);
        double dx = (u - sun_x) * width / height, dy = v - sun_y;
        guchar *p = pixels + (gsize) y * stride + (gsize) x * 3;

        if (v > near)
          hsv (hue + 0.33, 0.55, 0.35 + 0.2 * (1 - v), p);
        else if (v > far)
          hsv (hue + 0.28, 0.35, 0.55 + 0.15 * (near - v), p);
        else if (dx * dx + dy * dy < 0.006)
          hsv (0.12, 0.25, 1.0, p);
        else
          hsv (hue + 0.55, 0.35 + 0.3 * v, 0.95 - 0.25 * v, p);
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (buffer, size);
}

typedef struct
{
  EaselGenerateRequest *request;
} PaintCall;

static gboolean
painted_cb (gpointer user_data)
{
  GTask *task = user_data;
  EaselGenerateRequest *request = g_task_get_task_data (task);
  int width = request->setting->width > 0 ? request->setting->width : 384;
  int height = request->setting->height > 0 ? request->setting->height : 256;
  g_autoptr(GBytes) png = paint (request->prompt, request->setting->seed, width, height);
  GPtrArray *images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
  EaselGeneratedImage *image = easel_generated_image_new (png);

  image->mime_type = g_strdup ("image/png");
  image->width = width;
  image->height = height;
  image->has_seed = request->setting->has_seed;
  image->seed = request->setting->seed;
  image->model = g_strdup ("landscape-xl");
  g_ptr_array_add (images, image);
  g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
painted_generate_async (EaselProvider              *provider,
                        const EaselGenerateRequest *request,
                        EaselProgressFunc           progress,
                        gpointer                    progress_data,
                        GDestroyNotify              progress_destroy,
                        GCancellable               *cancellable,
                        GAsyncReadyCallback         callback,
                        gpointer                    user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  if (progress_destroy != NULL)
    progress_destroy (progress_data);
  g_task_set_task_data (task, easel_generate_request_copy (request),
                        (GDestroyNotify) easel_generate_request_free);
  g_timeout_add (20, painted_cb, task);
}

static GPtrArray *
painted_generate_finish (EaselProvider  *provider,
                         GAsyncResult   *result,
                         GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
painted_check_async (EaselProvider       *provider,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, easel_server_info_new (), (GDestroyNotify) easel_server_info_free);
}

static EaselServerInfo *
painted_check_finish (EaselProvider  *provider,
                      GAsyncResult   *result,
                      GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
painted_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = painted_generate_async;
  iface->generate_finish = painted_generate_finish;
  iface->check_async = painted_check_async;
  iface->check_finish = painted_check_finish;
}

static void
painted_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  EaselPaintedProvider *self = EASEL_PAINTED_PROVIDER (object);

  if (prop_id == PROP_CONFIG)
    g_value_set_boxed (value, self->config);
  else
    g_value_set_string (value, self->base_url);
}

static void
painted_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  EaselPaintedProvider *self = EASEL_PAINTED_PROVIDER (object);

  if (prop_id == PROP_CONFIG)
    self->config = g_value_dup_boxed (value);
  else
    self->base_url = g_value_dup_string (value);
}

static void
painted_finalize (GObject *object)
{
  EaselPaintedProvider *self = EASEL_PAINTED_PROVIDER (object);

  g_clear_pointer (&self->config, easel_provider_config_free);
  g_free (self->base_url);
  G_OBJECT_CLASS (easel_painted_provider_parent_class)->finalize (object);
}

static void
easel_painted_provider_class_init (EaselPaintedProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = painted_get_property;
  object_class->set_property = painted_set_property;
  object_class->finalize = painted_finalize;
  g_object_class_override_property (object_class, PROP_CONFIG, "config");
  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
}

static void
easel_painted_provider_init (EaselPaintedProvider *self)
{
}

static EaselProvider *
painted_factory (const EaselProviderConfig *config,
                 const char                *base_url,
                 const char                *api_key,
                 gpointer                   user_data)
{
  return g_object_new (EASEL_TYPE_PAINTED_PROVIDER, "config", config, "base-url", base_url,
                       NULL);
}

/* ---- helpers ----------------------------------------------------------------------------- */

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Predicate) (gpointer data);

static void
wait_until (Predicate predicate,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (10, wake_up_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the Posts page");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_up_id);
}

static gboolean
page_idle (gpointer data)
{
  return !easel_posts_page_get_busy (data);
}

/* Waits until the page has read everything, and the image workers have had their turn. */
static void
settle (EaselPostsPage *page)
{
  for (int i = 0; i < 3; i++)
    {
      wait_until (page_idle, page);
      g_usleep (30000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  wait_until (page_idle, page);
}

/* Lets transitions (a stack sliding to a view, 200 ms) finish. */
static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake_up_id = g_timeout_add (10, wake_up_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_up_id);
}

/* Light, then dark (the dark one really is darker), once transitions have finished; also
 * copied to docs/screenshots/ by tests/update-screenshots.
 */
static void
save_screenshots (GtkWidget  *window,
                  const char *name)
{
  wait_ms (400);
  easel_test_screenshots (window, name);
}

/* ---- fixture ----------------------------------------------------------------------------- */

/* The real application, so the window has its style sheet and icons. */
static EaselApplication *app;

typedef struct
{
  EaselTestBlog  *blog;
  gint64          post_id;
  GtkWidget      *window;
  EaselPostsPage *page;
} Fixture;

static void
generate_sync (Fixture *f,
               int      count)
{
  const char *providers[] = { "Local", NULL };
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = easel_test_blog_generate (f->blog, f->post_id, NULL, 0, providers, count, NULL,
                                     &error);
  g_assert_no_error (error);
  easel_test_blog_wait_idle (f->blog);
}

static EaselBlogPost *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->post_id);
  EaselBlogPost *post = easel_blog_load (f->blog->engine, id, &error);

  g_assert_no_error (error);
  return post;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EaselImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AdwViewStack *stack;

  f->blog = easel_test_blog_new ("posts-page");
  easel_engine_set_provider_factory (f->blog->engine, painted_factory, NULL);
  path = easel_test_blog_write_post (f->blog, "spring.md", easel_test_blog_markdown);
  report = easel_blog_import (f->blog->engine, path, 0, NULL, &error);
  g_assert_no_error (error);
  f->post_id = report->post->id;

  f->window = GTK_WIDGET (easel_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  f->page = easel_window_get_posts_page (EASEL_WINDOW (f->window));
  /* The window shows its pages once it has the engine, and gives it to the Posts page too;
   * these tests give the page its engine themselves, once the post is prepared.
   */
  easel_window_set_engine (EASEL_WINDOW (f->window), f->blog->engine);
  easel_posts_page_set_engine (f->page, NULL);
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (f->window, EASEL_TYPE_WINDOW,
                                                         "view_stack"));
  adw_view_stack_set_visible_child_name (stack, "posts");
  gtk_window_present (GTK_WINDOW (f->window));
  easel_test_wait_frames (f->window, 2);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  settle (f->page);
  g_object_ref (f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->window);
  g_clear_pointer (&f->blog, easel_test_blog_free);
}

static gboolean
view_is (gpointer data)
{
  gpointer *pair = data;
  return g_strcmp0 (easel_posts_page_get_view_name (pair[0]), pair[1]) == 0;
}

static void
wait_view (Fixture    *f,
           const char *name)
{
  gpointer pair[2] = { f->page, (gpointer) name };

  wait_until (view_is, pair);
  settle (f->page);
}

static EaselSectionRow *
section_row (Fixture *f,
             guint    position)
{
  GtkListBox *list = easel_post_view_get_section_list (
    EASEL_POST_VIEW (easel_posts_page_get_post_view (f->page)));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) position - 1);

  g_assert_nonnull (row);
  return EASEL_SECTION_ROW (row);
}

static GPtrArray *
cards (Fixture *f)
{
  GtkFlowBox *box = easel_curation_view_get_candidates (
    EASEL_CURATION_VIEW (easel_posts_page_get_curation_view (f->page)));
  GPtrArray *list = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (list, gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));
  return list;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_lifecycle (void)
{
  GType types[] = {
    EASEL_TYPE_POSTS_PAGE, EASEL_TYPE_POST_VIEW, EASEL_TYPE_CURATION_VIEW,
    EASEL_TYPE_SECTION_ROW, EASEL_TYPE_CANDIDATE_CARD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));
      g_assert_finalize_object (widget);
    }
}

static void
test_no_engine (void)
{
  GtkWidget *page = g_object_ref_sink (easel_posts_page_new ());

  /* Nothing pretends to work without the engine. */
  g_assert_cmpstr (easel_posts_page_get_view_name (EASEL_POSTS_PAGE (page)), ==, "empty");
  g_assert_false (gtk_widget_activate_action (page, "posts.import", NULL) &&
                  easel_posts_page_get_busy (EASEL_POSTS_PAGE (page)));
  g_assert_null (easel_posts_page_get_engine (EASEL_POSTS_PAGE (page)));
  g_assert_finalize_object (page);
}

/* The whole curation, with the screenshots for the documentation. */
static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EaselBlogPost) before = NULL;
  g_autoptr(EaselBlogPost) after = NULL;
  g_autoptr(GPtrArray) section_cards = NULL;
  g_autoptr(GError) error = NULL;
  EaselCurationView *curation;
  EaselBlogSection *hero;
  gint64 first, second;

  /* Candidates for every section, the hero and the first section picked, an example linked. */
  generate_sync (f, 3);
  before = load (f);
  for (guint i = 0; i < 2; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (before->sections, i);
      g_assert_true (easel_blog_pick (f->blog->engine, bs->section,
                                      ((EaselResult *) g_ptr_array_index (bs->results, 1))->id,
                                      &error));
    }
  g_assert_true (easel_blog_link_example (f->blog->engine,
                                          ((EaselBlogSection *) g_ptr_array_index (before->sections,
                                                                                   2))->section,
                                          "Garden watercolor", &error));
  g_assert_no_error (error);
  g_clear_pointer (&before, easel_blog_post_free);
  before = load (f);

  easel_posts_page_set_engine (f->page, f->blog->engine);
  wait_view (f, "list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (easel_posts_page_get_post_list (f->page), 0));
  save_screenshots (f->window, "posts-list");

  /* The post: four sections, two chosen. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.open-post", "x", f->post_id);
  wait_view (f, "post");
  g_assert_cmpint (easel_posts_page_get_post_id (f->page), ==, f->post_id);
  g_assert_cmpstr (easel_section_row_get_status (section_row (f, 1)), ==, "chosen");
  g_assert_cmpstr (easel_section_row_get_status (section_row (f, 2)), ==, "chosen");
  g_assert_cmpstr (easel_section_row_get_status (section_row (f, 3)), ==, "candidates");
  save_screenshots (f->window, "posts-page");

  /* The hero section to curate: its three candidates, the second one chosen. */
  hero = g_ptr_array_index (before->sections, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.open-section", "x",
                              hero->section->id);
  wait_view (f, "section");
  curation = EASEL_CURATION_VIEW (easel_posts_page_get_curation_view (f->page));
  g_assert_cmpint (easel_curation_view_get_section_id (curation), ==, hero->section->id);
  section_cards = cards (f);
  g_assert_cmpuint (section_cards->len, ==, 3);
  for (guint i = 0; i < section_cards->len; i++)
    {
      EaselCandidateCard *card = g_ptr_array_index (section_cards, i);
      g_assert_true (easel_candidate_card_get_chosen (card) ==
                     (easel_candidate_card_get_result_id (card) == hero->chosen->id));
    }
  save_screenshots (f->window, "curation");

  /* Compare two side by side, larger. */
  first = ((EaselResult *) g_ptr_array_index (hero->results, 0))->id;
  second = ((EaselResult *) g_ptr_array_index (hero->results, 2))->id;
  g_assert_true (easel_curation_view_compare (curation, first, second));
  g_assert_true (easel_curation_view_get_comparing (curation));
  settle (f->page);
  save_screenshots (f->window, "compare");

  /* Pick another one: the chosen mark moves, and the pick is stored. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.pick", "(xx)", hero->section->id,
                              first);
  settle (f->page);
  g_clear_pointer (&section_cards, g_ptr_array_unref);
  section_cards = cards (f);
  for (guint i = 0; i < section_cards->len; i++)
    {
      EaselCandidateCard *card = g_ptr_array_index (section_cards, i);
      g_assert_true (easel_candidate_card_get_chosen (card) ==
                     (easel_candidate_card_get_result_id (card) == first));
    }
  after = load (f);
  g_assert_cmpint (((EaselBlogSection *) g_ptr_array_index (after->sections, 0))->chosen->id, ==,
                   first);

  /* Alt text typed here is stored. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.set-alt", "(xs)", hero->section->id,
                              "A garden path in spring light");
  settle (f->page);
  g_clear_pointer (&after, easel_blog_post_free);
  after = load (f);
  g_assert_cmpstr (((EaselBlogSection *) g_ptr_array_index (after->sections, 0))->alt_text, ==,
                   "A garden path in spring light");

  /* Back to the post, and back to the list. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.back", NULL);
  wait_view (f, "post");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.back", NULL);
  wait_view (f, "list");
}

static gboolean
not_generating (gpointer data)
{
  return !easel_posts_page_get_generating (data);
}

static void
test_generate_all (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EaselBlogPost) post = NULL;

  easel_posts_page_set_engine (f->page, f->blog->engine);
  wait_view (f, "list");
  easel_posts_page_open_post (f->page, f->post_id);
  wait_view (f, "post");
  for (guint i = 1; i <= 4; i++)
    g_assert_cmpstr (easel_section_row_get_status (section_row (f, i)), ==, "new");

  /* The provider is preselected (no section has an example); two images per section. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.generate-all", NULL));
  g_assert_true (easel_posts_page_get_generating (f->page));
  wait_until (not_generating, f->page);
  settle (f->page);

  post = load (f);
  for (guint i = 0; i < post->sections->len; i++)
    g_assert_cmpuint (((EaselBlogSection *) g_ptr_array_index (post->sections, i))->results->len,
                      ==, 2);
  for (guint i = 1; i <= 4; i++)
    g_assert_cmpstr (easel_section_row_get_status (section_row (f, i)), ==, "candidates");
}

static EaselExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (EASEL_IS_EXPORT_DIALOG (window))
        return EASEL_EXPORT_DIALOG (window);
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
no_export_dialog (gpointer data)
{
  return find_export_dialog () == NULL;
}

static void
test_export_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(EaselBlogPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_build_filename (f->blog->dir, "site", NULL);
  g_autofree char *target = g_build_filename (parent, "spring-in-the-garden", NULL);
  g_autofree char *manifest = g_build_filename (target, "manifest.json", NULL);
  g_autofree char *stale = g_build_filename (target, "stale.txt", NULL);
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_JPEG, 1200, FALSE, FALSE };
  EaselExportDialog *dialog;

  generate_sync (f, 1);
  post = load (f);
  for (guint i = 0; i + 1 < post->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (post->sections, i);
      g_assert_true (easel_blog_pick (f->blog->engine, bs->section,
                                      ((EaselResult *) g_ptr_array_index (bs->results, 0))->id,
                                      &error));
    }
  g_mkdir_with_parents (parent, 0755);

  easel_posts_page_set_engine (f->page, f->blog->engine);
  wait_view (f, "list");
  easel_posts_page_open_post (f->page, f->post_id);
  wait_view (f, "post");

  /* The dialog: next to the Markdown by default, named after the post, one section missing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.export", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (easel_export_dialog_get_folder (dialog), ==, f->blog->dir);
  easel_export_dialog_set_folder (dialog, parent);
  easel_export_dialog_set_options (dialog, &options);
  save_screenshots (GTK_WIDGET (dialog), "export-dialog");

  easel_export_dialog_export (dialog);
  wait_until (no_export_dialog, NULL);
  settle (f->page);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));

  /* Again into the same folder, now not empty: asked first, replaced after "Replace". */
  g_file_set_contents (stale, "old", -1, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.export", NULL);
  dialog = find_export_dialog ();
  easel_export_dialog_set_folder (dialog, parent);
  easel_export_dialog_export (dialog);
  wait_until (has_message_dialog, NULL);
  save_screenshots (GTK_WIDGET (find_message_dialog ()), "export-replace");
  adw_message_dialog_response (find_message_dialog (), "replace");
  wait_until (no_export_dialog, NULL);
  settle (f->page);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
}

static void
test_import_and_delete (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = easel_test_blog_write_post (f->blog, "second.md",
                                                      "# A Second Post\n\nHello.\n\n## One\n\nx\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) posts = NULL;

  easel_posts_page_set_engine (f->page, f->blog->engine);
  wait_view (f, "list");

  easel_posts_page_import_file (f->page, file);
  wait_view (f, "post");
  g_assert_cmpint (easel_posts_page_get_post_id (f->page), !=, f->post_id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "posts.delete", NULL));
  wait_until (has_message_dialog, NULL);
  adw_message_dialog_response (find_message_dialog (), "delete");
  wait_view (f, "list");
  posts = easel_store_list_posts (f->blog->store, NULL);
  g_assert_cmpuint (posts->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;
  cache = easel_test_temp_dir_new ("posts-page-cache");
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  /* The application opens its own library at start-up: a scratch one, never the user's. */
  data_dir = easel_test_temp_dir_new ("posts-page-data");
  easel_paths_set_data_dir (data_dir);

  /* Non-unique: no session bus needed, and never a running Easel. */
  app = g_object_new (EASEL_TYPE_APPLICATION,
                      "application-id", APP_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", RESOURCE_PATH,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/easel/posts-page/lifecycle", test_lifecycle);
  g_test_add_func ("/easel/posts-page/no-engine", test_no_engine);
#define ADD(path, func) \
  g_test_add ("/easel/posts-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("workflow", test_workflow);
  ADD ("generate-all", test_generate_all);
  ADD ("export-dialog", test_export_dialog);
  ADD ("import-and-delete", test_import_and_delete);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  easel_test_rm_rf (cache);
  easel_test_rm_rf (data_dir);
  return status;
}
