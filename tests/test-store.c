/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "easel-fake-util.h"
#include "easel-store-private.h"
#include "easel-test-util.h"

typedef struct
{
  char       *dir;
  EaselStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = easel_test_temp_dir_new ("store");
  f->store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  easel_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
raw_db_contains (Fixture    *f,
                 const char *needle)
{
  g_autofree char *path = g_build_filename (f->dir, "easel.db", NULL);
  g_autofree char *wal = g_build_filename (f->dir, "easel.db-wal", NULL);
  const char *files[] = { path, wal };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (files[i], &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_providers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Studio GPU",
                                                                     EASEL_PROVIDER_KIND_COMFYUI);
  g_autoptr(EaselProviderConfig) dup = easel_provider_config_new ("studio gpu",
                                                                  EASEL_PROVIDER_KIND_A1111);
  g_autoptr(EaselProviderConfig) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *urls[] = { "http://127.0.0.1:8188", "http://gpu2:8188/comfy", NULL };
  const char *headers[] = { "Authorization: Bearer sup3r-s3cret-t0ken", "X-Team: blog", NULL };

  config->urls = g_strdupv ((GStrv) urls);
  config->headers = g_strdupv ((GStrv) headers);
  config->model = g_strdup ("sdxl.safetensors");
  json_object_set_int_member (config->options, "timeout_s", 30);
  g_assert_true (easel_store_save_provider (f->store, config, &error));
  g_assert_no_error (error);

  /* Names are unique (any case), found by name, by id, and case-insensitively. */
  found = easel_store_find_provider (f->store, "studio gpu", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, config->id);
  g_assert_cmpstrv (found->urls, urls);
  g_assert_cmpstr (found->client_id, ==, config->client_id);
  g_assert_cmpint (json_object_get_int_member (found->options, "timeout_s"), ==, 30);
  g_clear_pointer (&found, easel_provider_config_free);
  found = easel_store_find_provider (f->store, config->id, &error);
  g_assert_no_error (error);

  /* The secret header value never reaches the database file. */
  g_assert_cmpstr (found->headers[0], ==, "Authorization:");
  g_assert_cmpstr (found->headers[1], ==, "X-Team: blog");
  g_assert_false (raw_db_contains (f, "sup3r-s3cret-t0ken"));

  g_assert_true (easel_store_save_provider (f->store, dup, &error));
  g_assert_no_error (error);
  list = easel_store_list_providers (f->store, &error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Update in place. */
  g_free (config->model);
  config->model = g_strdup ("flux.safetensors");
  g_assert_true (easel_store_save_provider (f->store, config, &error));
  g_clear_pointer (&found, easel_provider_config_free);
  found = easel_store_find_provider (f->store, "Studio GPU", &error);
  g_assert_cmpstr (found->model, ==, "flux.safetensors");

  /* A second provider with the very same name is refused with a clear message. */
  {
    g_autoptr(EaselProviderConfig) clash = easel_provider_config_new ("Studio GPU",
                                                                      EASEL_PROVIDER_KIND_OPENAI);
    g_assert_false (easel_store_save_provider (f->store, clash, &error));
    g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "already exists"));
    g_clear_error (&error);
  }

  /* A broken URL is refused before it reaches SQL. */
  {
    g_autoptr(EaselProviderConfig) bad = easel_provider_config_new ("bad", EASEL_PROVIDER_KIND_A1111);
    const char *bad_urls[] = { "not a url", NULL };

    bad->urls = g_strdupv ((GStrv) bad_urls);
    g_assert_false (easel_store_save_provider (f->store, bad, &error));
    g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_true (easel_store_remove_provider (f->store, config->id, &error));
  g_assert_false (easel_store_remove_provider (f->store, config->id, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (easel_store_find_provider (f->store, config->id, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
}

static void
test_styles_formats_examples (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(EaselStyle) style = easel_style_new ("Watercolor", "{prompt}, watercolor", "photo");
  g_autoptr(EaselFormat) format = easel_format_new ("Blog hero 16:9", 1344, 768);
  g_autoptr(EaselFormat) bad_format = easel_format_new ("Too big", 20000, 10);
  g_autoptr(EaselPromptExample) example = easel_prompt_example_new ("Fox", "a red fox in snow");
  g_autoptr(EaselPromptExample) got = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *providers[] = { "Studio GPU", "OpenAI", NULL };
  gint64 id;

  style->id = easel_store_save_style (f->store, style, &error);
  g_assert_no_error (error);
  format->id = easel_store_save_format (f->store, format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (easel_store_save_format (f->store, bad_format, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  example->style = g_strdup ("watercolor");
  example->format = g_strdup ("Blog hero 16:9");
  example->providers = g_strdupv ((GStrv) providers);
  example->tags = easel_tags_parse ("Animals, winter; animals");
  example->setting->steps = 30;
  example->setting->has_seed = TRUE;
  example->setting->seed = 42;
  json_object_set_int_member (example->setting->extra_settings, "clip_skip", 2);
  id = easel_store_save_example (f->store, example, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  got = easel_store_get_example (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "Fox");
  g_assert_cmpstr (got->style, ==, "Watercolor");
  g_assert_cmpstr (got->format, ==, "Blog hero 16:9");
  g_assert_cmpstrv (got->providers, providers);
  g_assert_cmpuint (g_strv_length (got->tags), ==, 2);
  g_assert_cmpint (got->setting->steps, ==, 30);
  g_assert_cmpint (got->setting->seed, ==, 42);
  g_assert_cmpint (json_object_get_int_member (got->setting->extra_settings, "clip_skip"), ==, 2);

  /* Full-text search over name, prompt and tags, by word prefix. */
  found = easel_store_list_examples (f->store, "sno", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = easel_store_list_examples (f->store, "winter", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = easel_store_list_examples (f->store, "\"unbalanced AND OR (", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Rename and update; the old name no longer matches. */
  got->id = id;
  g_free (got->name);
  got->name = g_strdup ("Arctic fox");
  got->setting->steps = 40;
  g_assert_cmpint (easel_store_save_example (f->store, got, &error), ==, id);
  g_clear_pointer (&got, easel_prompt_example_free);
  got = easel_store_find_example (f->store, "arctic FOX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->setting->steps, ==, 40);
  found = easel_store_list_examples (f->store, "arctic", &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A duplicate name is refused; a missing style is refused by name. */
  g_free (example->name);
  example->name = g_strdup ("Arctic fox");
  g_assert_cmpint (easel_store_save_example (f->store, example, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_free (example->name);
  example->name = g_strdup ("Other");
  g_free (example->style);
  example->style = g_strdup ("Oil paint");
  g_assert_cmpint (easel_store_save_example (f->store, example, &error), ==, 0);
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Foreign keys: removing the style unlinks it from the example. */
  g_assert_true (easel_store_remove_style (f->store, style->id, &error));
  g_clear_pointer (&got, easel_prompt_example_free);
  got = easel_store_get_example (f->store, id, &error);
  g_assert_null (got->style);
  g_assert_cmpstr (got->format, ==, "Blog hero 16:9");

  g_assert_true (easel_store_delete_example (f->store, id, &error));
  g_assert_null (easel_store_get_example (f->store, id, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = easel_store_list_examples (f->store, "arctic", &error);
  g_assert_cmpuint (found->len, ==, 0);
}

static EaselResult *
make_result (Fixture    *f,
             EaselRun   *run,
             EaselJob   *job,
             const char *prompt,
             guint32     color)
{
  g_autoptr(GBytes) png = easel_fake_make_png (32, 16, color);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  EaselResult *result = easel_result_new ();

  path = easel_store_write_image (f->store, png, "png", &result->file_hash, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  result->run_id = run->id;
  result->job_id = job->id;
  result->provider_name = g_strdup (job->provider_name);
  result->provider_kind = g_strdup ("comfyui");
  result->model = g_strdup ("sdxl");
  result->prompt = g_strdup (prompt);
  result->mime_type = g_strdup ("image/png");
  result->width = 32;
  result->height = 16;
  result->has_seed = TRUE;
  result->seed = G_MAXINT64;
  result->has_cost = TRUE;
  result->cost_usd = 0.04;
  return result;
}

static void
test_runs_jobs_results (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EaselRun) run = easel_run_new ("a fox");
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(EaselResult) result = NULL;
  g_autoptr(EaselResult) other = NULL;
  g_autoptr(EaselResult) got = NULL;
  g_autoptr(GError) error = NULL;
  EaselResultQuery query = { 0 };
  const char *names[] = { "Studio GPU", "OpenAI", NULL };

  run->providers = g_strdupv ((GStrv) names);
  for (guint i = 0; i < 2; i++)
    {
      EaselJob *job = easel_job_new ();
      job->provider_name = g_strdup (names[i]);
      job->provider_kind = g_strdup ("comfyui");
      job->prompt = g_strdup ("a fox, watercolor");
      job->has_seed = TRUE;
      job->seed = 1000 + i;
      g_ptr_array_add (jobs, job);
    }
  g_assert_true (easel_store_create_run (f->store, run, jobs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run->id, >, 0);

  listed = easel_store_list_unfinished_jobs (f->store, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* The first job finishes: result row and job state commit together. */
  {
    EaselJob *job = g_ptr_array_index (jobs, 0);

    result = make_result (f, run, job, "a fox, watercolor", 0xff0000ff);
    job->state = EASEL_JOB_DONE;
    g_assert_cmpint (easel_store_add_result (f->store, result, job, &error), >, 0);
    g_assert_no_error (error);
  }
  {
    EaselJob *job = g_ptr_array_index (jobs, 1);

    job->state = EASEL_JOB_FAILED;
    job->error_code = g_strdup ("CONTENT_POLICY");
    job->error_message = g_strdup ("refused");
    g_assert_true (easel_store_update_job (f->store, job, &error));
    other = make_result (f, run, job, "an owl at night", 0x00ff00ff);
    g_free (other->provider_name);
    other->provider_name = g_strdup ("OpenAI");
    g_assert_cmpint (easel_store_add_result (f->store, other, NULL, &error), >, 0);
  }

  listed = easel_store_list_jobs (f->store, run->id, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpint (((EaselJob *) g_ptr_array_index (listed, 0))->state, ==, EASEL_JOB_DONE);
  g_assert_cmpint (((EaselJob *) g_ptr_array_index (listed, 0))->result_id, ==, result->id);
  g_assert_cmpstr (((EaselJob *) g_ptr_array_index (listed, 1))->error_code, ==,
                   "CONTENT_POLICY");
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = easel_store_list_unfinished_jobs (f->store, &error);
  g_assert_cmpuint (listed->len, ==, 0);

  got = easel_store_get_result (f->store, result->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->seed, ==, G_MAXINT64);
  g_assert_cmpfloat (got->cost_usd, ==, 0.04);
  g_assert_cmpstr (got->file_hash, ==, result->file_hash);

  /* Search by word, by provider, favourites; newest first. */
  query.search = "fox";
  found = easel_store_search_results (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  query.search = "openai";
  found = easel_store_search_results (f->store, &query, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  query.search = NULL;
  query.provider = "Studio GPU";
  g_assert_cmpint (easel_store_count_results (f->store, &query, &error), ==, 1);
  query.provider = NULL;
  found = easel_store_search_results (f->store, &query, &error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (((EaselResult *) g_ptr_array_index (found, 0))->id, ==, other->id);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_true (easel_store_set_result_favorite (f->store, result->id, TRUE, &error));
  query.favorites_only = TRUE;
  g_assert_cmpint (easel_store_count_results (f->store, &query, &error), ==, 1);
  g_assert_true (easel_store_set_result_rating (f->store, result->id, 5, &error));
  g_assert_false (easel_store_set_result_rating (f->store, result->id, 6, &error));
  g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Tags are searchable once set. */
  {
    const char *tags[] = { "keeper", NULL };
    g_assert_true (easel_store_set_result_tags (f->store, other->id, (char **) tags, &error));
    query.favorites_only = FALSE;
    query.search = "keeper";
    g_assert_cmpint (easel_store_count_results (f->store, &query, &error), ==, 1);
  }

  /* Foreign keys are enforced: a result cannot name a job that does not exist. */
  {
    g_autoptr(EaselResult) orphan = make_result (f, run, g_ptr_array_index (jobs, 0), "x",
                                                 0x0000ffff);
    orphan->job_id = 987654;
    g_assert_cmpint (easel_store_add_result (f->store, orphan, NULL, &error), ==, 0);
    g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
  }

  g_assert_true (easel_store_delete_result (f->store, other->id, &error));
  g_assert_null (easel_store_get_result (f->store, other->id, &error));
  g_clear_error (&error);
}

static void
test_posts_sections (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EaselPost) post = easel_post_new ("spring-garden", "Spring in the Garden");
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_section_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(EaselPost) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kept_id;

  g_free (post->source_markdown);
  post->source_markdown = g_strdup ("# Spring\n\nIntro\n\n## Tulips\n\nRed.\n");
  post->id = easel_store_save_post (f->store, post, &error);
  g_assert_no_error (error);
  found = easel_store_find_post (f->store, "spring-garden", &error);
  g_assert_cmpint (found->id, ==, post->id);
  g_clear_pointer (&found, easel_post_free);
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, post->id);
    found = easel_store_find_post (f->store, id, &error);
    g_assert_cmpstr (found->slug, ==, "spring-garden");
  }

  g_ptr_array_add (sections, easel_section_new (1, "Spring in the Garden"));
  g_ptr_array_add (sections, easel_section_new (2, "Tulips"));
  g_ptr_array_add (sections, easel_section_new (3, "Roses"));
  g_assert_true (easel_store_replace_sections (f->store, post->id, sections, &error));
  g_assert_no_error (error);
  kept_id = ((EaselSection *) g_ptr_array_index (sections, 2))->id;

  /* Re-import: Roses moves up, Tulips goes, a new section appears; Roses keeps its row. */
  g_ptr_array_remove_index (sections, 1);
  g_ptr_array_add (sections, easel_section_new (0, "Daisies"));
  ((EaselSection *) g_ptr_array_index (sections, 1))->alt_text = g_strdup ("roses");
  g_assert_true (easel_store_replace_sections (f->store, post->id, sections, &error));
  g_assert_no_error (error);
  listed = easel_store_list_sections (f->store, post->id, &error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpstr (((EaselSection *) g_ptr_array_index (listed, 1))->heading, ==, "Roses");
  g_assert_cmpint (((EaselSection *) g_ptr_array_index (listed, 1))->id, ==, kept_id);
  g_assert_cmpint (((EaselSection *) g_ptr_array_index (listed, 1))->position, ==, 2);
  g_assert_cmpstr (((EaselSection *) g_ptr_array_index (listed, 2))->heading, ==, "Daisies");

  /* A section cannot pick a result that does not exist. */
  {
    EaselSection *roses = g_ptr_array_index (listed, 1);
    roses->chosen_result_id = 424242;
    g_assert_false (easel_store_update_section (f->store, roses, &error));
    g_assert_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
  }

  /* Deleting the post deletes its sections. */
  g_assert_true (easel_store_delete_post (f->store, post->id, &error));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = easel_store_list_sections (f->store, post->id, &error);
  g_assert_cmpuint (listed->len, ==, 0);
}

static void
test_image_files (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = easel_fake_make_png (8, 8, 0x336699ff);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *again_hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  g_autofree char *dir = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  path = easel_store_write_image (f->store, png, "png", &hash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, ==, expected);
  g_assert_true (g_str_has_suffix (path, "png"));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  again = easel_store_write_image (f->store, png, "png", &again_hash, &error);
  g_assert_cmpstr (again, ==, path);

  /* What a crash leaves behind is removed; the real files stay. */
  dir = g_path_get_dirname (path);
  temp = g_strdup_printf ("%s.Xa7Qz1", path);
  g_assert_true (g_file_set_contents (temp, "half", 4, NULL));
  g_assert_cmpuint (easel_store_remove_temp_files (f->store), ==, 1);
  g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_settings_import_atomic (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_setting_row_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (rows, easel_setting_row_new ("one"));
  g_ptr_array_add (rows, easel_setting_row_new (""));
  g_assert_false (easel_store_import_settings (f->store, rows, &error));
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  g_clear_error (&error);
  listed = easel_store_list_settings (f->store, &error);
  g_assert_cmpuint (listed->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/easel/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("providers", test_providers);
  ADD ("library", test_styles_formats_examples);
  ADD ("history", test_runs_jobs_results);
  ADD ("posts", test_posts_sections);
  ADD ("files", test_image_files);
  ADD ("settings-import", test_settings_import_atomic);
#undef ADD

  return g_test_run ();
}
