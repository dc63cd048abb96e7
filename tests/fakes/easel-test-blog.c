/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-test"

#include "config.h"

#include "easel-fake-util.h"
#include "easel-test-blog.h"
#include "easel-test-util.h"

const char easel_test_blog_markdown[] =
  "---\n"
  "title: Spring in the Garden\n"
  "date: 2026-04-01\n"
  "---\n"
  "\n"
  "Spring is the busiest season in a small garden. Here is how I get ready.\n"
  "\n"
  "## Sowing seeds\n"
  "\n"
  "Sow tomatoes and peppers indoors, eight weeks before the last frost. Use a light seed "
  "compost.\n"
  "\n"
  "## Watering\n"
  "\n"
  "Water in the morning, so leaves dry before night. Seedlings need steady moisture.\n"
  "\n"
  "```sh\n"
  "## not a heading: a comment in a script\n"
  "water --gently\n"
  "```\n"
  "\n"
  "## Companion planting\n"
  "\n"
  "Basil next to tomatoes keeps pests away.\n";

/* Watering rewritten, Companion planting gone, Mulching new. */
const char easel_test_blog_markdown_edited[] =
  "---\n"
  "title: Spring in the Garden\n"
  "date: 2026-04-02\n"
  "---\n"
  "\n"
  "Spring is the busiest season in a small garden. Here is how I get ready.\n"
  "\n"
  "## Sowing seeds\n"
  "\n"
  "Sow tomatoes and peppers indoors, eight weeks before the last frost. Use a light seed "
  "compost.\n"
  "\n"
  "## Watering\n"
  "\n"
  "Water at dawn with a fine rose. Seedlings hate drying out.\n"
  "\n"
  "## Mulching\n"
  "\n"
  "A layer of straw keeps the soil moist and the weeds down.\n";

static EaselProvider *
factory (const EaselProviderConfig *config,
         const char                *base_url,
         const char                *api_key,
         gpointer                   user_data)
{
  EaselTestBlog *blog = user_data;

  if (blog->local == NULL)
    blog->local = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, base_url,
                                                                        &blog->stats));
  return g_object_ref (EASEL_PROVIDER (blog->local));
}

EaselTestBlog *
easel_test_blog_new (const char *name)
{
  EaselTestBlog *blog = g_new0 (EaselTestBlog, 1);
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Local",
                                                                     EASEL_PROVIDER_KIND_A1111);
  g_autoptr(EaselStyle) style = easel_style_new ("Watercolor", "{prompt}, watercolor, soft light",
                                                 "photo");
  g_autoptr(EaselPromptExample) example = easel_prompt_example_new ("Garden watercolor",
                                                                    "a cottage garden");
  g_autoptr(GError) error = NULL;

  blog->dir = easel_test_temp_dir_new (name);
  blog->store = easel_store_open (blog->dir, &error);
  g_assert_no_error (error);
  blog->engine = easel_engine_new (blog->store);
  easel_engine_set_retry_base_ms (blog->engine, 10);
  easel_engine_set_provider_factory (blog->engine, factory, blog);

  config->urls = g_strdupv ((GStrv) (const char *[]) { "http://scripted.invalid", NULL });
  g_assert_true (easel_store_save_provider (blog->store, config, &error));
  g_assert_no_error (error);
  g_assert_cmpint (easel_store_save_style (blog->store, style, &error), >, 0);
  g_assert_no_error (error);

  example->style = g_strdup ("Watercolor");
  example->providers = g_strdupv ((GStrv) (const char *[]) { "Local", NULL });
  example->setting->width = 96;
  example->setting->height = 64;
  example->setting->count = 2;
  blog->example_id = easel_store_save_example (blog->store, example, &error);
  g_assert_no_error (error);
  g_assert_cmpint (blog->example_id, >, 0);
  return blog;
}

static gboolean
engine_idle (gpointer data)
{
  EaselTestBlog *blog = data;
  return easel_engine_get_active_jobs (blog->engine) == 0;
}

void
easel_test_blog_wait_idle (EaselTestBlog *blog)
{
  easel_fake_wait_until (engine_idle, blog, 10000);
  easel_engine_flush (blog->engine);
  /* The engine records job states in worker threads: let them land. */
  for (int i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

void
easel_test_blog_free (EaselTestBlog *blog)
{
  if (blog == NULL)
    return;
  easel_engine_cancel_all (blog->engine);
  easel_test_blog_wait_idle (blog);
  g_clear_object (&blog->engine);
  g_clear_object (&blog->local);
  g_clear_object (&blog->store);
  easel_test_rm_rf (blog->dir);
  g_free (blog->dir);
  g_strfreev (blog->fallback_providers);
  g_free (blog);
}

char *
easel_test_blog_write_post (EaselTestBlog *blog,
                            const char    *file_name,
                            const char    *markdown)
{
  g_autofree char *path = g_build_filename (blog->dir, file_name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, markdown, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  gboolean             done;
  EaselGenerateReport *report;
  GError              *error;
} Generated;

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Generated *g = user_data;

  g->report = easel_blog_generate_finish (EASEL_ENGINE (object), result, &g->error);
  g->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Generated *) data)->done;
}

/* Generates and waits for the report. */
EaselGenerateReport *
easel_test_blog_generate (EaselTestBlog       *blog,
                          gint64               post_id,
                          const gint64        *section_ids,
                          guint                n_section_ids,
                          const char * const  *providers,
                          int                  count,
                          GCancellable        *cancellable,
                          GError             **error)
{
  Generated g = { 0 };

  easel_blog_generate_async (blog->engine, post_id, section_ids, n_section_ids, providers,
                             (const char * const *) blog->fallback_providers, count,
                             cancellable, generated_cb, &g);
  easel_fake_wait_until (is_done, &g, 20000);
  g_assert_true (g.done);
  if (g.error != NULL)
    g_propagate_error (error, g.error);
  return g.report;
}
