/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The blog workflow above the engine: import and re-import, generating for every section (and
 * selected ones, cancel, failures) against a scripted provider, picks, and exports checked file
 * by file, including refusal to overwrite, injected failures and a real crash midway.
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "easel-blog-private.h"
#include "easel-fake-util.h"
#include "easel-json.h"
#include "easel-test-blog.h"
#include "easel-test-util.h"

typedef struct
{
  EaselTestBlog *blog;
  char          *post_path;
  EaselPost     *post;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EaselImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  f->blog = easel_test_blog_new ("blog");
  f->post_path = easel_test_blog_write_post (f->blog, "spring.md", easel_test_blog_markdown);
  report = easel_blog_import (f->blog->engine, f->post_path, 0, NULL, &error);
  g_assert_no_error (error);
  f->post = easel_post_copy (report->post);
  _easel_blog_set_export_fault (-1, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->post, easel_post_free);
  g_clear_pointer (&f->post_path, g_free);
  g_clear_pointer (&f->blog, easel_test_blog_free);
}

static EaselBlogPost *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  EaselBlogPost *blog = easel_blog_load (f->blog->engine, f->post->slug, &error);

  g_assert_no_error (error);
  return blog;
}

static EaselBlogSection *
section_at (EaselBlogPost *blog,
            guint          position)
{
  g_assert_cmpuint (position, <=, blog->sections->len);
  return g_ptr_array_index (blog->sections, position - 1);
}

static EaselGenerateReport *
generate_all (Fixture *f,
              int      count)
{
  const char *providers[] = { "Local", NULL };
  g_autoptr(GError) error = NULL;
  EaselGenerateReport *report;

  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, providers, count, NULL,
                                     &error);
  g_assert_no_error (error);
  easel_test_blog_wait_idle (f->blog);
  return report;
}

/* ---- import ------------------------------------------------------------------------------ */

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  static const char *headings[] = {
    "Spring in the Garden", "Sowing seeds", "Watering", "Companion planting",
  };
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autofree char *canonical = g_canonicalize_filename (f->post_path, NULL);

  g_assert_cmpstr (blog->post->title, ==, "Spring in the Garden");
  g_assert_cmpstr (blog->post->slug, ==, "spring-in-the-garden");
  g_assert_cmpstr (blog->post->source_markdown, ==, easel_test_blog_markdown);
  g_assert_cmpstr (blog->post->source_path, ==, canonical);
  g_assert_cmpint (blog->post->heading_level, ==, 2);
  g_assert_cmpuint (blog->sections->len, ==, G_N_ELEMENTS (headings));
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      g_assert_cmpint (bs->section->position, ==, (int) i + 1);
      g_assert_cmpstr (bs->section->heading, ==, headings[i]);
      g_assert_true (bs->hero == (i == 0));
      g_assert_cmpstr (easel_blog_section_status (bs, NULL, NULL), ==, "new");
      g_assert_true (bs->alt_text_is_default);
    }
  g_assert_cmpstr (section_at (blog, 1)->section->body, ==,
                   "Spring is the busiest season in a small garden. Here is how I get ready.");
  /* The fenced "## …" stays in the Watering section. */
  g_assert_nonnull (strstr (section_at (blog, 3)->section->body, "## not a heading"));
  g_assert_cmpstr (section_at (blog, 3)->prompt, ==,
                   "Watering: Water in the morning, so leaves dry before night. Seedlings need "
                   "steady moisture.");
  g_assert_cmpint (section_at (blog, 3)->prompt_source, ==, EASEL_PROMPT_SOURCE_DEFAULT);
}

static void
test_import_level (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselImportReport) report = NULL;
  g_autoptr(EaselImportReport) again = NULL;
  g_autofree char *path = easel_test_blog_write_post (f->blog, "levels.md",
                                                      "# Levels\n## A\na\n### A1\nx\n## B\nb\n");

  report = easel_blog_import (f->blog->engine, path, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->created);
  g_assert_cmpint (report->post->heading_level, ==, 3);
  g_assert_cmpuint (report->sections->len, ==, 4);

  /* A re-import without a level keeps the post's. */
  again = easel_blog_import (f->blog->engine, path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (again->created);
  g_assert_cmpint (again->post->heading_level, ==, 3);
  g_assert_cmpuint (again->sections->len, ==, 4);
  g_assert_cmpuint (again->unchanged, ==, 4);
}

static void
test_import_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = g_build_filename (f->blog->dir, "binary.md", NULL);
  g_autofree char *missing = g_build_filename (f->blog->dir, "missing.md", NULL);
  EaselImportReport *report;

  g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0\0", 11, NULL);
  report = easel_blog_import (f->blog->engine, binary, 0, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NOT_TEXT);
  g_clear_error (&error);

  report = easel_blog_import (f->blog->engine, missing, 0, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_import_same_title_other_file (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselImportReport) report = NULL;
  g_autofree char *copy = easel_test_blog_write_post (f->blog, "copy.md", easel_test_blog_markdown);

  report = easel_blog_import (f->blog->engine, copy, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->created);
  g_assert_cmpstr (report->post->slug, ==, "spring-in-the-garden-2");
}

static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  G_GNUC_UNUSED g_autoptr(EaselGenerateReport) generated = generate_all (f, 1);
  g_autoptr(EaselBlogPost) before = load (f);
  g_autoptr(EaselBlogPost) after = NULL;
  g_autoptr(EaselImportReport) report = NULL;
  EaselBlogSection *watering = section_at (before, 3);
  gint64 watering_id = watering->section->id;
  gint64 picked = ((EaselResult *) g_ptr_array_index (watering->results, 0))->id;
  gint64 sowing_id = section_at (before, 2)->section->id;

  g_assert_true (easel_blog_pick (f->blog->engine, watering->section, picked, &error));
  g_assert_true (easel_blog_link_example (f->blog->engine, watering->section,
                                          "Garden watercolor", &error));
  watering->section->alt_text = g_strdup ("A can watering seedlings");
  g_assert_true (easel_blog_update_section (f->blog->engine, watering->section, &error));
  g_assert_no_error (error);

  /* The same file, edited in place. */
  g_file_set_contents (f->post_path, easel_test_blog_markdown_edited, -1, &error);
  report = easel_blog_import (f->blog->engine, f->post_path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->created);
  g_assert_cmpint (report->post->id, ==, f->post->id);
  g_assert_cmpuint (report->added->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->added, 0), ==, "Mulching");
  g_assert_cmpuint (report->changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->changed, 0), ==, "Watering");
  g_assert_cmpuint (report->removed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->removed, 0), ==, "Companion planting");
  g_assert_cmpuint (report->unchanged, ==, 2);

  after = load (f);
  g_assert_cmpuint (after->sections->len, ==, 4);
  g_assert_cmpstr (section_at (after, 4)->section->heading, ==, "Mulching");
  g_assert_cmpint (section_at (after, 2)->section->id, ==, sowing_id);
  g_assert_cmpuint (section_at (after, 2)->results->len, ==, 1);

  watering = section_at (after, 3);
  g_assert_cmpint (watering->section->id, ==, watering_id);
  g_assert_cmpstr (watering->section->body, ==,
                   "Water at dawn with a fine rose. Seedlings hate drying out.");
  g_assert_cmpint (watering->section->chosen_result_id, ==, picked);
  g_assert_nonnull (watering->chosen);
  g_assert_cmpint (watering->section->example_id, ==, f->blog->example_id);
  g_assert_cmpstr (watering->alt_text, ==, "A can watering seedlings");
  g_assert_cmpuint (watering->results->len, ==, 1);
  g_assert_cmpstr (easel_blog_section_status (watering, NULL, NULL), ==, "chosen");

  /* The new section starts empty. */
  g_assert_cmpuint (section_at (after, 4)->results->len, ==, 0);
  g_assert_cmpint (section_at (after, 4)->section->chosen_result_id, ==, 0);
}

/* ---- generating -------------------------------------------------------------------------- */

static void
test_generate_all (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EaselGenerateReport) report = generate_all (f, 2);
  g_autoptr(EaselBlogPost) blog = load (f);

  g_assert_cmpuint (report->sections->len, ==, 4);
  g_assert_cmpuint (report->done, ==, 8);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (f->blog->stats.successes, ==, 8);

  for (guint i = 0; i < report->sections->len; i++)
    {
      EaselBlogSectionRun *run = g_ptr_array_index (report->sections, i);
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);
      g_autoptr(EaselRun) stored = easel_store_get_run (f->blog->store, run->run_id, NULL);

      /* One run per section, tagged with the post; its jobs and results with the section. */
      g_assert_cmpint (run->section_id, ==, bs->section->id);
      g_assert_cmpint (run->position, ==, (int) i + 1);
      g_assert_cmpstr (run->heading, ==, bs->section->heading);
      g_assert_cmpint (stored->post_id, ==, f->post->id);
      g_assert_cmpstr (stored->prompt, ==, bs->prompt);
      g_assert_cmpuint (run->jobs->len, ==, 2);
      g_assert_cmpuint (run->results->len, ==, 2);
      for (guint j = 0; j < run->jobs->len; j++)
        {
          EaselJob *job = g_ptr_array_index (run->jobs, j);
          EaselResult *result = g_ptr_array_index (run->results, j);

          g_assert_cmpint (job->state, ==, EASEL_JOB_DONE);
          g_assert_cmpint (job->section_id, ==, bs->section->id);
          g_assert_cmpint (result->section_id, ==, bs->section->id);
          g_assert_cmpstr (result->prompt, ==, bs->prompt);
        }
      g_assert_cmpuint (bs->results->len, ==, 2);
      g_assert_cmpuint (bs->jobs->len, ==, 2);
      g_assert_cmpstr (easel_blog_section_status (bs, NULL, NULL), ==, "candidates");
    }
}

static void
test_generate_from_example (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  EaselBlogSectionRun *run;
  EaselResult *result;

  for (guint i = 0; i < blog->sections->len; i++)
    g_assert_true (easel_blog_link_example (f->blog->engine, section_at (blog, i + 1)->section,
                                            "Garden watercolor", &error));
  /* The section's own prompt, the example's style, size, count and provider. */
  section_at (blog, 2)->section->prompt_override = g_strdup ("seed trays on a sill");
  g_assert_true (easel_blog_update_section (f->blog->engine, section_at (blog, 2)->section,
                                            &error));

  /* No providers and no count given: the example's providers; the image_settings table keeps
   * no count, so one image per provider.
   */
  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->done, ==, 4);

  run = g_ptr_array_index (report->sections, 1);
  result = g_ptr_array_index (run->results, 0);
  g_assert_cmpstr (result->prompt, ==, "seed trays on a sill, watercolor, soft light");
  g_assert_cmpstr (result->negative_prompt, ==, "photo");
  g_assert_cmpint (result->width, ==, 96);
  g_assert_cmpint (result->height, ==, 64);
  g_assert_cmpstr (result->provider_name, ==, "Local");

  /* The example's prompt for the others. */
  run = g_ptr_array_index (report->sections, 0);
  result = g_ptr_array_index (run->results, 0);
  g_assert_cmpstr (result->prompt, ==, "a cottage garden, watercolor, soft light");
}

/* What the window does: each linked example's providers, and a fallback for the others. */
static void
test_generate_fallback (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (easel_blog_link_example (f->blog->engine, section_at (blog, 3)->section,
                                          "Garden watercolor", &error));
  f->blog->fallback_providers = g_strdupv ((GStrv) (const char *[]) { "Local", NULL });
  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->done, ==, 4);
  for (guint i = 0; i < report->sections->len; i++)
    {
      EaselBlogSectionRun *run = g_ptr_array_index (report->sections, i);
      EaselResult *result = g_ptr_array_index (run->results, 0);

      g_assert_cmpstr (result->provider_name, ==, "Local");
      /* The example's size and style for its section, the defaults for the others. */
      g_assert_cmpint (result->width, ==, i == 2 ? 96 : 64);
      g_assert_true (g_str_has_suffix (result->prompt, ", watercolor, soft light") == (i == 2));
    }
}

static void
test_generate_selected (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EaselBlogPost) blog = load (f);
  const char *providers[] = { "Local", NULL };
  gint64 ids[] = { section_at (blog, 3)->section->id };
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(EaselBlogPost) after = NULL;
  g_autoptr(GError) error = NULL;

  report = easel_test_blog_generate (f->blog, f->post->id, ids, 1, providers, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->sections->len, ==, 1);
  g_assert_cmpuint (report->done, ==, 3);
  easel_test_blog_wait_idle (f->blog);

  after = load (f);
  g_assert_cmpuint (section_at (after, 3)->results->len, ==, 3);
  g_assert_cmpuint (section_at (after, 2)->results->len, ==, 0);
}

static void
test_generate_refusals (Fixture       *f,
                        gconstpointer  data)
{
  const char *unknown[] = { "Nowhere", NULL };
  gint64 wrong[] = { 987654 };
  g_autoptr(GError) error = NULL;
  EaselGenerateReport *report;

  /* No provider and no example: nothing is sent at all. */
  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, NULL, 0, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_PROVIDER);
  g_clear_error (&error);

  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, unknown, 1, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  report = easel_test_blog_generate (f->blog, f->post->id, wrong, 1, NULL, 1, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION);
  g_clear_error (&error);

  g_assert_cmpuint (f->blog->stats.calls, ==, 0);
}

static gboolean
cancel_when_running (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  GCancellable *cancellable = ((gpointer *) data)[1];

  if (f->blog->stats.running >= 1)
    {
      g_cancellable_cancel (cancellable);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_generate_cancel (Fixture       *f,
                      gconstpointer  data)
{
  const char *providers[] = { "Local", NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(GError) error = NULL;
  gpointer pair[2] = { f, cancellable };
  EaselGenerateReport *report;

  /* The provider is made on first use: make it now to script it. */
  {
    g_autoptr(EaselProviderConfig) config = easel_store_find_provider (f->blog->store, "Local",
                                                                       NULL);
    f->blog->local = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, "x",
                                                                          &f->blog->stats));
  }
  easel_scripted_provider_set_default (f->blog->local, EASEL_SCRIPT_HANG, 0);
  g_timeout_add (5, cancel_when_running, pair);

  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, providers, 1, cancellable,
                                     &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  easel_test_blog_wait_idle (f->blog);

  /* Every job of every section, running or still waiting, ended cancelled. */
  blog = load (f);
  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      for (guint j = 0; j < bs->jobs->len; j++)
        g_assert_cmpint (((EaselJob *) g_ptr_array_index (bs->jobs, j))->state, ==,
                         EASEL_JOB_CANCELLED);
    }
  g_assert_cmpuint (easel_engine_get_active_jobs (f->blog->engine), ==, 0);
}

static void
test_generate_failures (Fixture       *f,
                        gconstpointer  data)
{
  const char *providers[] = { "Local", NULL };
  g_autoptr(EaselGenerateReport) report = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  {
    g_autoptr(EaselProviderConfig) config = easel_store_find_provider (f->blog->store, "Local",
                                                                       NULL);
    f->blog->local = EASEL_SCRIPTED_PROVIDER (easel_scripted_provider_new (config, "x",
                                                                          &f->blog->stats));
  }
  /* The second job refuses (no retry); the others succeed. */
  easel_scripted_provider_push (f->blog->local, EASEL_SCRIPT_SUCCEED, 0, -1);
  easel_scripted_provider_push (f->blog->local, EASEL_SCRIPT_FAIL,
                                EASEL_PROVIDER_ERROR_CONTENT_POLICY, -1);

  report = easel_test_blog_generate (f->blog, f->post->id, NULL, 0, providers, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->done, ==, 3);
  g_assert_cmpuint (report->failed, ==, 1);
  easel_test_blog_wait_idle (f->blog);

  /* The section whose only job failed says so; the others have candidates. */
  blog = load (f);
  for (guint i = 0; i < blog->sections->len; i++)
    {
      guint section_failed = 0;
      const char *status = easel_blog_section_status (g_ptr_array_index (blog->sections, i),
                                                      NULL, &section_failed);

      if (g_str_equal (status, "failed"))
        {
          g_assert_cmpuint (section_failed, ==, 1);
          failed++;
        }
      else
        g_assert_cmpstr (status, ==, "candidates");
    }
  g_assert_cmpuint (failed, ==, 1);
}

/* ---- picking ----------------------------------------------------------------------------- */

static void
test_pick (Fixture       *f,
           gconstpointer  data)
{
  G_GNUC_UNUSED g_autoptr(EaselGenerateReport) report = generate_all (f, 1);
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autoptr(EaselBlogPost) after = NULL;
  g_autoptr(GError) error = NULL;
  EaselBlogSection *seeds = section_at (blog, 2);
  EaselBlogSection *watering = section_at (blog, 3);
  gint64 seeds_result = ((EaselResult *) g_ptr_array_index (seeds->results, 0))->id;
  gint64 watering_result = ((EaselResult *) g_ptr_array_index (watering->results, 0))->id;

  g_assert_true (easel_blog_pick (f->blog->engine, seeds->section, seeds_result, &error));
  g_assert_no_error (error);

  /* Another section's image is refused; so is an image that does not exist. */
  g_assert_false (easel_blog_pick (f->blog->engine, seeds->section, watering_result, &error));
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_WRONG_SECTION);
  g_clear_error (&error);
  g_assert_false (easel_blog_pick (f->blog->engine, seeds->section, 999999, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = load (f);
  g_assert_cmpint (section_at (after, 2)->section->chosen_result_id, ==, seeds_result);
  g_assert_cmpint (section_at (after, 2)->chosen->id, ==, seeds_result);
  /* The default alt text: the heading and the prompt's subject. */
  g_assert_cmpstr (section_at (after, 2)->alt_text, ==,
                   "Sowing seeds: Sow tomatoes and peppers indoors");

  /* Unpicking. */
  g_assert_true (easel_blog_pick (f->blog->engine, section_at (after, 2)->section, 0, &error));
  g_clear_pointer (&after, easel_blog_post_free);
  after = load (f);
  g_assert_null (section_at (after, 2)->chosen);
}

static void
test_find_section (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (easel_blog_find_section (blog, "3", &error) == section_at (blog, 3));
  g_assert_true (easel_blog_find_section (blog, "Watering", &error) == section_at (blog, 3));
  g_assert_true (easel_blog_find_section (blog, "companion PLANTING", &error) ==
                 section_at (blog, 4));
  g_assert_no_error (error);
  g_assert_null (easel_blog_find_section (blog, "5", &error));
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION);
  g_clear_error (&error);
  g_assert_null (easel_blog_find_section (blog, "Pruning", &error));
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_NO_SECTION);
}

/* ---- export ------------------------------------------------------------------------------ */

/* Generates one image per section and picks it for every section but the last. */
static void
prepare_export (Fixture *f)
{
  G_GNUC_UNUSED g_autoptr(EaselGenerateReport) report = generate_all (f, 1);
  g_autoptr(EaselBlogPost) blog = load (f);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i + 1 < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);
      EaselResult *result = g_ptr_array_index (bs->results, 0);

      g_assert_true (easel_blog_pick (f->blog->engine, bs->section, result->id, &error));
    }
  section_at (blog, 3)->section->alt_text = g_strdup ("A watering can over [seedlings]");
  g_assert_true (easel_blog_update_section (f->blog->engine, section_at (blog, 3)->section,
                                            &error));
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
list_tree (const char *root,
           const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = *relative != '\0'
        ? g_build_filename (relative, g_ptr_array_index (names, i), NULL)
        : g_strdup (g_ptr_array_index (names, i));
      g_autofree char *child_path = g_build_filename (root, child, NULL);

      g_string_append_printf (out, "%s\n", child);
      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *sub = list_tree (root, child);
          g_string_append (out, sub);
        }
    }
  return g_string_free (out, FALSE);
}

static void
assert_image (const char *path,
              const char *format,
              int         width,
              int         height)
{
  int w = 0, h = 0;
  GdkPixbufFormat *info = gdk_pixbuf_get_file_info (path, &w, &h);
  g_autofree char *name = NULL;

  g_assert_nonnull (info);
  name = gdk_pixbuf_format_get_name (info);
  g_assert_cmpstr (name, ==, format);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
}

static const char expected_post_md[] =
  "---\n"
  "title: Spring in the Garden\n"
  "date: 2026-04-01\n"
  "---\n"
  "\n"
  "![Spring in the Garden: Spring is the busiest season in a small garden]"
  "(images/spring-in-the-garden-01-spring-in-the-garden.png)\n"
  "\n"
  "Spring is the busiest season in a small garden. Here is how I get ready.\n"
  "\n"
  "## Sowing seeds\n"
  "\n"
  "![Sowing seeds: Sow tomatoes and peppers indoors]"
  "(images/spring-in-the-garden-02-sowing-seeds.png)\n"
  "\n"
  "Sow tomatoes and peppers indoors, eight weeks before the last frost. Use a light seed "
  "compost.\n"
  "\n"
  "## Watering\n"
  "\n"
  "![A watering can over \\[seedlings\\]](images/spring-in-the-garden-03-watering.png)\n"
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

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 48, FALSE, FALSE };
  g_autofree char *out = g_build_filename (f->blog->dir, "export", "spring", NULL);
  g_autoptr(EaselExportReport) report = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *parent_tree = NULL;
  g_autofree char *parent = NULL;
  JsonObject *root;
  JsonArray *sections;

  prepare_export (f);
  blog = load (f);
  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->path, ==, out);
  g_assert_false (report->replaced);
  g_assert_cmpuint (report->missing->len, ==, 1);
  g_assert_cmpstr (((EaselSection *) g_ptr_array_index (report->missing, 0))->heading, ==,
                   "Companion planting");
  g_assert_cmpuint (report->files->len, ==, 5);

  /* File by file. */
  tree = list_tree (out, "");
  g_assert_cmpstr (tree, ==,
                   "images\n"
                   "images/spring-in-the-garden-01-spring-in-the-garden.png\n"
                   "images/spring-in-the-garden-02-sowing-seeds.png\n"
                   "images/spring-in-the-garden-03-watering.png\n"
                   "manifest.json\n"
                   "post.md\n");
  for (guint i = 1; i <= 3; i++)
    {
      EaselBlogSection *bs = section_at (blog, i);
      g_autofree char *name = easel_post_export_file_name ("spring-in-the-garden", (int) i,
                                                           bs->section->heading, "png");
      g_autofree char *path = g_build_filename (out, "images", name, NULL);

      /* The scripted provider made 64×64 images; 48 wide at most. */
      assert_image (path, "png", 48, 48);
    }

  {
    g_autofree char *path = g_build_filename (out, "post.md", NULL);
    g_assert_true (g_file_get_contents (path, &markdown, NULL, NULL));
  }
  g_assert_cmpstr (markdown, ==, expected_post_md);

  {
    g_autofree char *path = g_build_filename (out, "manifest.json", NULL);
    g_assert_true (g_file_get_contents (path, &manifest_text, NULL, NULL));
  }
  g_assert_true (g_str_has_suffix (manifest_text, "}\n"));
  manifest = easel_json_parse (manifest_text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (manifest);
  g_assert_cmpint (json_object_get_int_member (root, "manifest_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "post"),
                                                  "slug"), ==, "spring-in-the-garden");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "images"),
                                                  "format"), ==, "png");
  sections = json_object_get_array_member (root, "sections");
  g_assert_cmpuint (json_array_get_length (sections), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *s = json_array_get_object_element (sections, i);
      EaselBlogSection *bs = section_at (blog, i + 1);

      g_assert_cmpint (json_object_get_int_member (s, "position"), ==, (int) i + 1);
      g_assert_cmpstr (json_object_get_string_member (s, "heading"), ==, bs->section->heading);
      g_assert_true (json_object_get_boolean_member (s, "hero") == (i == 0));
      if (i < 3)
        {
          g_autofree char *name = easel_post_export_file_name ("spring-in-the-garden",
                                                               (int) i + 1,
                                                               bs->section->heading, "png");
          g_autofree char *image = g_strconcat ("images/", name, NULL);

          g_assert_cmpstr (json_object_get_string_member (s, "image"), ==, image);
          g_assert_cmpstr (json_object_get_string_member (s, "alt_text"), ==, bs->alt_text);
          g_assert_cmpstr (json_object_get_string_member (s, "prompt"), ==, bs->chosen->prompt);
          g_assert_cmpstr (json_object_get_string_member (s, "provider"), ==, "Local");
          g_assert_cmpstr (json_object_get_string_member (s, "model"), ==, "scripted");
          g_assert_cmpint (json_object_get_int_member (s, "seed"), ==, bs->chosen->seed);
          g_assert_cmpint (json_object_get_int_member (s, "result_id"), ==, bs->chosen->id);
          g_assert_cmpint (json_object_get_int_member (s, "width"), ==, 48);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (s, "settings")));
          g_assert_true (json_object_has_member (s, "cost_usd"));
          if (bs->chosen->has_cost)
            g_assert_cmpfloat (json_object_get_double_member (s, "cost_usd"), ==,
                               bs->chosen->cost_usd);
          else
            g_assert_true (json_object_get_null_member (s, "cost_usd"));
        }
      else
        {
          g_assert_true (json_object_get_null_member (s, "image"));
          g_assert_true (json_object_get_null_member (s, "result_id"));
          g_assert_cmpstr (json_object_get_string_member (s, "prompt"), ==, bs->prompt);
        }
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "missing")), ==,
                    1);

  /* Nothing but the export beside it. */
  parent = g_path_get_dirname (out);
  parent_tree = list_tree (parent, "");
  g_assert_cmpstr (parent_tree, ==,
                   "spring\n"
                   "spring/images\n"
                   "spring/images/spring-in-the-garden-01-spring-in-the-garden.png\n"
                   "spring/images/spring-in-the-garden-02-sowing-seeds.png\n"
                   "spring/images/spring-in-the-garden-03-watering.png\n"
                   "spring/manifest.json\n"
                   "spring/post.md\n");
}

static void
test_export_formats (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    EaselExportFormat format;
    const char       *extension;
    const char       *pixbuf;
  } cases[] = {
    { EASEL_EXPORT_FORMAT_JPEG, "jpg", "jpeg" },
    { EASEL_EXPORT_FORMAT_WEBP, "webp", "webp" },
    { EASEL_EXPORT_FORMAT_ORIGINAL, "png", "png" },
  };
  g_autoptr(EaselBlogPost) blog = NULL;

  prepare_export (f);
  blog = load (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EaselExportOptions options = { cases[i].format, 0, FALSE, FALSE };
      g_autofree char *dir_name = g_strdup_printf ("out-%s", cases[i].extension);
      g_autofree char *out = g_build_filename (f->blog->dir, dir_name, NULL);
      g_autofree char *name = g_strdup_printf ("spring-in-the-garden-03-watering.%s",
                                               cases[i].extension);
      g_autofree char *path = g_build_filename (out, "images", name, NULL);
      g_autoptr(EaselExportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].format == EASEL_EXPORT_FORMAT_WEBP &&
          !easel_blog_export_format_available (cases[i].format, NULL))
        {
          g_test_message ("no WebP loader here: webp-pixbuf-loader is not installed");
          continue;
        }
      report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
      g_assert_no_error (error);
      assert_image (path, cases[i].pixbuf, 64, 64);

      /* The original is the stored file, byte for byte (with its generation metadata). */
      if (cases[i].format == EASEL_EXPORT_FORMAT_ORIGINAL)
        {
          g_autofree char *stored = easel_engine_get_result_path (f->blog->engine,
                                                                  section_at (blog, 3)->chosen);
          g_autofree char *a = easel_test_file_sha256 (stored);
          g_autofree char *b = easel_test_file_sha256 (path);

          g_assert_cmpstr (a, ==, b);
        }
    }
}

static void
test_export_refuses_to_overwrite (Fixture       *f,
                                  gconstpointer  data)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 0, FALSE, FALSE };
  g_autofree char *out = g_build_filename (f->blog->dir, "out", NULL);
  g_autofree char *mine = g_build_filename (out, "mine.txt", NULL);
  g_autofree char *empty = g_build_filename (f->blog->dir, "empty", NULL);
  g_autoptr(EaselExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = NULL;
  g_autofree char *contents = NULL;

  prepare_export (f);
  g_mkdir (out, 0755);
  g_file_set_contents (mine, "keep me", -1, NULL);

  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS);
  g_clear_error (&error);
  tree = list_tree (out, "");
  g_assert_cmpstr (tree, ==, "mine.txt\n");
  g_assert_true (g_file_get_contents (mine, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  /* An empty folder is fine: a file chooser's "New Folder". */
  g_mkdir (empty, 0755);
  report = easel_blog_export (f->blog->engine, f->post->id, empty, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->replaced);
  g_clear_pointer (&report, easel_export_report_free);

  /* Forced: replaced whole, nothing of the old left, nothing left beside it. */
  options.force = TRUE;
  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->replaced);
  g_clear_pointer (&tree, g_free);
  tree = list_tree (out, "");
  g_assert_null (strstr (tree, "mine.txt"));
  g_assert_nonnull (strstr (tree, "manifest.json"));
  {
    g_autoptr(GDir) dir = g_dir_open (f->blog->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".out."));
  }

  /* A file where the folder would go, forced or not. */
  g_clear_pointer (&report, easel_export_report_free);
  {
    g_autofree char *file = g_build_filename (f->blog->dir, "a-file", NULL);

    g_file_set_contents (file, "x", -1, NULL);
    report = easel_blog_export (f->blog->engine, f->post->id, file, &options, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS);
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_export_strict (Fixture       *f,
                    gconstpointer  data)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 0, FALSE, TRUE };
  g_autofree char *out = g_build_filename (f->blog->dir, "strict", NULL);
  g_autoptr(GError) error = NULL;
  EaselExportReport *report;

  prepare_export (f);
  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_MISSING_IMAGES);
  g_assert_nonnull (strstr (error->message, "4 “Companion planting”"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static guint
count_hidden (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.')
      n++;
  return n;
}

static void
test_export_failure_leaves_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 0, FALSE, FALSE };
  g_autofree char *parent = g_build_filename (f->blog->dir, "exports", NULL);
  g_autofree char *out = g_build_filename (parent, "spring", NULL);
  g_autofree char *old = g_build_filename (out, "old.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tree = NULL;
  EaselExportReport *report;

  prepare_export (f);

  /* Midway: after two of the three images. */
  _easel_blog_set_export_fault (2, FALSE);
  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_hidden (parent), ==, 0);

  /* Replacing: the old folder stays as it was. */
  g_mkdir_with_parents (out, 0755);
  g_file_set_contents (old, "old export", -1, NULL);
  options.force = TRUE;
  _easel_blog_set_export_fault (4, FALSE);
  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_null (report);
  g_clear_error (&error);
  tree = list_tree (out, "");
  g_assert_cmpstr (tree, ==, "old.txt\n");
  g_assert_cmpuint (count_hidden (parent), ==, 0);
}

/* A real crash: the export runs in a child process that is killed after writing two files.
 * The target never appears; the half-written hidden folder is removed by the next export.
 */
static void
test_export_crash (Fixture       *f,
                   gconstpointer  data)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 0, FALSE, FALSE };
  g_autofree char *parent = g_build_filename (f->blog->dir, "crash", NULL);
  g_autofree char *out = g_build_filename (parent, "spring", NULL);
  g_autoptr(EaselExportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  prepare_export (f);
  g_mkdir_with_parents (parent, 0755);

  g_setenv ("EASEL_TEST_BLOG_DIR", f->blog->dir, TRUE);
  g_setenv ("EASEL_TEST_EXPORT_TO", out, TRUE);
  g_test_trap_subprocess ("/easel/blog/export/crash-child", 20 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_unsetenv ("EASEL_TEST_BLOG_DIR");
  g_unsetenv ("EASEL_TEST_EXPORT_TO");

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  /* The child did get midway: its temporary folder is there. */
  g_assert_cmpuint (count_hidden (parent), ==, 1);

  report = easel_blog_export (f->blog->engine, f->post->id, out, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_hidden (parent), ==, 0);
}

static void
test_export_crash_child (void)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_PNG, 0, FALSE, FALSE };
  const char *dir = g_getenv ("EASEL_TEST_BLOG_DIR");
  const char *out = g_getenv ("EASEL_TEST_EXPORT_TO");
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs as the child of /easel/blog/export/crash");
      return;
    }
  store = easel_store_open (dir, &error);
  g_assert_no_error (error);
  engine = easel_engine_new (store);
  post = easel_store_find_post (store, "spring-in-the-garden", &error);
  g_assert_no_error (error);

  _easel_blog_set_export_fault (2, TRUE);
  easel_blog_export (engine, post->id, out, &options, NULL, &error);
  g_assert_not_reached ();
}

/* Without gdk-pixbuf's WebP loader, a WebP export says what to install and writes nothing. The
 * child process sees a loaders cache without the WebP loader.
 */
static void
test_export_webp_missing (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *cache = NULL;
  g_autofree char *filtered_path = g_build_filename (f->blog->dir, "loaders.cache", NULL);
  g_autofree char *out = g_build_filename (f->blog->dir, "webp-out", NULL);
  g_autoptr(GString) filtered = g_string_new (NULL);
  g_auto(GStrv) blocks = NULL;

  prepare_export (f);
  g_assert_true (g_file_get_contents (EASEL_PIXBUF_CACHE, &cache, NULL, NULL));
  blocks = g_strsplit (cache, "\n\n", -1);
  for (guint i = 0; blocks[i] != NULL; i++)
    if (strstr (blocks[i], "webp") == NULL)
      g_string_append_printf (filtered, "%s\n\n", blocks[i]);
  g_assert_true (g_file_set_contents (filtered_path, filtered->str, -1, NULL));

  g_setenv ("GDK_PIXBUF_MODULE_FILE", filtered_path, TRUE);
  g_setenv ("EASEL_TEST_BLOG_DIR", f->blog->dir, TRUE);
  g_setenv ("EASEL_TEST_EXPORT_TO", out, TRUE);
  g_test_trap_subprocess ("/easel/blog/export/webp-missing-child", 20 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("GDK_PIXBUF_MODULE_FILE");
  g_unsetenv ("EASEL_TEST_BLOG_DIR");
  g_unsetenv ("EASEL_TEST_EXPORT_TO");
  g_test_trap_assert_passed ();
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_export_webp_missing_child (void)
{
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_WEBP, 0, FALSE, FALSE };
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselPost) post = NULL;
  g_autoptr(GError) error = NULL;
  EaselExportReport *report;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs as the child of /easel/blog/export/webp-missing");
      return;
    }
  store = easel_store_open (g_getenv ("EASEL_TEST_BLOG_DIR"), &error);
  g_assert_no_error (error);
  engine = easel_engine_new (store);
  post = easel_store_find_post (store, "spring-in-the-garden", &error);
  g_assert_no_error (error);

  g_assert_true (easel_blog_export_format_available (EASEL_EXPORT_FORMAT_PNG, NULL));
  g_assert_false (easel_blog_export_format_available (EASEL_EXPORT_FORMAT_WEBP, &error));
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "webp-pixbuf-loader"));
  g_clear_error (&error);

  report = easel_blog_export (engine, post->id, g_getenv ("EASEL_TEST_EXPORT_TO"), &options,
                              NULL, &error);
  g_assert_null (report);
  g_assert_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache = easel_test_temp_dir_new ("blog-cache");
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

#define ADD(path, func) \
  g_test_add ("/easel/blog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("import", test_import);
  ADD ("import/level", test_import_level);
  ADD ("import/errors", test_import_errors);
  ADD ("import/same-title-other-file", test_import_same_title_other_file);
  ADD ("import/reimport", test_reimport);
  ADD ("generate/all", test_generate_all);
  ADD ("generate/from-example", test_generate_from_example);
  ADD ("generate/selected", test_generate_selected);
  ADD ("generate/fallback-providers", test_generate_fallback);
  ADD ("generate/refusals", test_generate_refusals);
  ADD ("generate/cancel", test_generate_cancel);
  ADD ("generate/failures", test_generate_failures);
  ADD ("pick", test_pick);
  ADD ("find-section", test_find_section);
  ADD ("export", test_export);
  ADD ("export/formats", test_export_formats);
  ADD ("export/refuses-to-overwrite", test_export_refuses_to_overwrite);
  ADD ("export/strict", test_export_strict);
  ADD ("export/failure-leaves-nothing", test_export_failure_leaves_nothing);
  ADD ("export/crash", test_export_crash);
  ADD ("export/webp-missing", test_export_webp_missing);
#undef ADD
  g_test_add_func ("/easel/blog/export/crash-child", test_export_crash_child);
  g_test_add_func ("/easel/blog/export/webp-missing-child", test_export_webp_missing_child);

  status = g_test_run ();
  easel_test_rm_rf (cache);
  return status;
}
