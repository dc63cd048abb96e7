/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-capabilities.h"
#include "easel-fake-openai.h"
#include "easel-fake-schema.h"
#include "easel-fake-util.h"
#include "easel-image-info.h"
#include "easel-image-setting.h"
#include "easel-openai-provider.h"

/* The OpenAI provider against the fake OpenAI server (tests/fakes/easel-fake-openai.c), in
 * process, on 127.0.0.1: JSON and streamed generation, URL answers, the model list with its
 * shutdown dates, the fault matrix, and the API key never reaching a log.
 */

#define TEST_KEY "sk-test-0123456789abcdef-SECRET"

/* ---- log capture ------------------------------------------------------------------------- */

static GString *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 || g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      {
        if (fields[i].length < 0)
          g_string_append (captured_logs, fields[i].value);
        else
          g_string_append_len (captured_logs, fields[i].value, fields[i].length);
        g_string_append_c (captured_logs, ' ');
      }
  g_string_append_c (captured_logs, '\n');

  /* Debug output on stdout would break TAP; only warnings and worse go on. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* ---- running the provider ---------------------------------------------------------------- */

typedef struct
{
  gboolean         done;
  GPtrArray       *images;
  EaselServerInfo *info;
  GError          *error;
  GPtrArray       *previews;
  GPtrArray       *texts;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->images, g_ptr_array_unref);
  g_clear_pointer (&run->info, easel_server_info_free);
  g_clear_error (&run->error);
  g_clear_pointer (&run->previews, g_ptr_array_unref);
  g_clear_pointer (&run->texts, g_ptr_array_unref);
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

static void
progress_cb (const EaselProgress *progress,
             gpointer             user_data)
{
  Run *run = user_data;

  g_ptr_array_add (run->texts, g_strdup (progress->text));
  if (progress->preview != NULL)
    g_ptr_array_add (run->previews, g_bytes_ref (progress->preview));
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->images = easel_provider_generate_finish (EASEL_PROVIDER (object), result, &run->error);
  run->done = TRUE;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;

  run->info = easel_provider_check_finish (EASEL_PROVIDER (object), result, &run->error);
  run->done = TRUE;
}

/* A provider for the fake, as OpenAI itself ("compatible": false) unless @options says. */
static EaselProvider *
make_provider (const char *base_url,
               const char *model,
               const char *options_json,
               const char *api_key)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Test OpenAI",
                                                                     EASEL_PROVIDER_KIND_OPENAI);
  g_autoptr(JsonNode) options = NULL;

  config->model = g_strdup (model);
  options = json_from_string (options_json != NULL ? options_json : "{}", NULL);
  g_assert_nonnull (options);
  json_object_unref (config->options);
  config->options = json_object_ref (json_node_get_object (options));
  if (!json_object_has_member (config->options, "compatible"))
    json_object_set_boolean_member (config->options, "compatible", FALSE);
  if (!json_object_has_member (config->options, "today"))
    json_object_set_string_member (config->options, "today", "2026-11-26");
  if (!json_object_has_member (config->options, "timeout_s"))
    json_object_set_int_member (config->options, "timeout_s", 10);
  return easel_openai_provider_new (config, base_url, api_key);
}

static void
generate (EaselProvider *provider,
          Run           *run,
          int            width,
          int            height,
          int            count,
          const char    *extra_json)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselGenerateRequest) request = NULL;

  setting->width = width;
  setting->height = height;
  if (extra_json != NULL)
    g_assert_true (easel_image_setting_set_extra_json (setting, extra_json, NULL));
  request = easel_generate_request_new ("a lighthouse at dusk, oil painting", setting);
  request->count = count;

  run_clear (run);
  run->done = FALSE;
  run->previews = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  run->texts = g_ptr_array_new_with_free_func (g_free);
  easel_provider_generate_async (provider, request, progress_cb, run, NULL, NULL, generate_cb,
                                 run);
  easel_fake_wait_until (run_done, run, 20000);
}

static void
check (EaselProvider *provider,
       Run           *run)
{
  run_clear (run);
  run->done = FALSE;
  easel_provider_check_async (provider, NULL, check_cb, run);
  easel_fake_wait_until (run_done, run, 20000);
}

static void
assert_image (EaselGeneratedImage *image,
              int                  width,
              int                  height)
{
  EaselImageInfo info;

  g_assert_nonnull (image->bytes);
  g_assert_true (easel_image_info_read (g_bytes_get_data (image->bytes, NULL),
                                        g_bytes_get_size (image->bytes), &info));
  g_assert_cmpint (info.width, ==, width);
  g_assert_cmpint (info.height, ==, height);
  g_assert_cmpint (image->width, ==, width);
  g_assert_cmpint (image->height, ==, height);
  g_assert_cmpstr (image->mime_type, ==, info.mime_type);
}

static gboolean
has_adjustment (GPtrArray  *adjustments,
                const char *text)
{
  for (guint i = 0; i < adjustments->len; i++)
    if (strstr (g_ptr_array_index (adjustments, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static EaselGeneratedImage *
first_image (Run *run)
{
  g_assert_cmpuint (run->images->len, >, 0);
  return g_ptr_array_index (run->images, 0);
}

static JsonObject *
last_body (EaselFakeOpenai *fake)
{
  GPtrArray *bodies = easel_fake_openai_get_bodies (fake);

  g_assert_cmpuint (bodies->len, >, 0);
  return json_node_get_object (g_ptr_array_index (bodies, bodies->len - 1));
}

/* ---- generation ---------------------------------------------------------------------------- */

static void
test_json_generation (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };
  EaselGeneratedImage *image;
  JsonObject *body;

  easel_fake_openai_set_api_key (fake, TEST_KEY);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2",
                            "{\"stream\": false}", TEST_KEY);
  generate (provider, &run, 1344, 768, 2, "{\"quality\": \"high\"}");

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      image = g_ptr_array_index (run.images, i);
      assert_image (image, 1344, 768);
      g_assert_cmpstr (image->model, ==, "gpt-image-2");
      g_assert_nonnull (image->usage_json);
      g_assert_nonnull (strstr (image->usage_json, "\"output_tokens\""));
      g_assert_cmpstr (image->request_id, ==, easel_fake_openai_get_last_request_id (fake));
      g_assert_true (has_adjustment (image->adjustments, "size 1344×768 kept"));
      g_assert_cmpint (image->effective->count, ==, 2);
    }

  g_assert_cmpuint (run.texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (run.texts, 0), ==, "Image 2 of 2 received");

  /* One request for both images, valid against the schema and the per-model rules. */
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 1);
  g_assert_cmpuint (easel_fake_openai_get_schema_errors (fake), ==, 0);
  body = last_body (fake);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "gpt-image-2");
  g_assert_cmpint (json_object_get_int_member (body, "n"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "size"), ==, "1344x768");
  g_assert_cmpstr (json_object_get_string_member (body, "quality"), ==, "high");
  g_assert_false (json_object_has_member (body, "response_format"));
  g_assert_false (json_object_has_member (body, "stream"));
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "Authorization"), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "Content-Type"), ==, "application/json");
  run_clear (&run);
}

static void
test_streaming (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };
  EaselGeneratedImage *image;
  EaselImageInfo info;
  JsonObject *body;

  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  generate (provider, &run, 1024, 1536, 1, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 1);
  image = g_ptr_array_index (run.images, 0);
  assert_image (image, 1024, 1536);
  g_assert_nonnull (image->usage_json);

  /* The default: two partial images as previews, never as results. */
  body = last_body (fake);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_cmpint (json_object_get_int_member (body, "partial_images"), ==, 2);
  g_assert_cmpuint (run.previews->len, ==, 2);
  for (guint i = 0; i < run.previews->len; i++)
    {
      GBytes *preview = g_ptr_array_index (run.previews, i);

      g_assert_true (easel_image_info_read (g_bytes_get_data (preview, NULL),
                                            g_bytes_get_size (preview), &info));
      g_assert_cmpint (info.width, ==, 1024);
      g_assert_false (g_bytes_equal (preview, image->bytes));
    }
  g_assert_cmpuint (easel_fake_openai_get_schema_errors (fake), ==, 0);
  run_clear (&run);
}

static void
test_streaming_fan_out (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  GPtrArray *bodies;
  Run run = { 0 };

  /* Fewer partials than asked: the final image may come first (§5). */
  easel_fake_openai_set_stream_partials (fake, 1);
  easel_fake_openai_set_latency (fake, 50);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2.5-sunburst",
                            "{\"partial_images\": 3}", TEST_KEY);
  generate (provider, &run, 1024, 1024, 3, "{\"quality\": \"xhigh\"}");

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 3);
  g_assert_cmpuint (run.previews->len, ==, 3);
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 3);
  g_assert_cmpuint (easel_fake_openai_get_max_concurrent (fake), ==, 3);
  bodies = easel_fake_openai_get_bodies (fake);
  for (guint i = 0; i < bodies->len; i++)
    {
      JsonObject *body = json_node_get_object (g_ptr_array_index (bodies, i));

      g_assert_cmpint (json_object_get_int_member (body, "n"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (body, "partial_images"), ==, 3);
    }
  g_assert_true (has_adjustment (first_image (&run)->adjustments, "1 image per streamed request"));
  run_clear (&run);
}

static void
test_stream_refused_then_json (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };

  /* A relay that refuses the field: sent again, once, without it. */
  easel_fake_openai_set_reject_streaming (fake, TRUE);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  generate (provider, &run, 1024, 1024, 1, NULL);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 1);
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 2);
  g_assert_false (json_object_has_member (last_body (fake), "stream"));
  g_assert_true (has_adjustment (first_image (&run)->adjustments, "does not stream"));
  run_clear (&run);
}

static void
test_compatible_json_urls (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };
  EaselGeneratedImage *image;

  /* A relay: any model id, JSON even to stream: true, URLs on another origin, no usage. */
  easel_fake_openai_set_compatible (fake, TRUE);
  easel_fake_openai_set_url_responses (fake, TRUE, TRUE);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2",
                            "{\"compatible\": true}", TEST_KEY);
  g_assert_true (easel_openai_provider_is_compatible (EASEL_OPENAI_PROVIDER (provider)));
  generate (provider, &run, 1024, 1024, 2, NULL);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 2);
  image = g_ptr_array_index (run.images, 0);
  assert_image (image, 1024, 1024);
  g_assert_null (image->usage_json);
  g_assert_true (json_object_get_boolean_member (last_body (fake), "stream"));
  g_assert_cmpuint (easel_fake_openai_get_file_requests (fake), ==, 2);
  /* The key never goes to another origin. */
  g_assert_null (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_FILES,
                                               "Authorization"));
  run_clear (&run);
}

static void
test_dalle_urls_same_origin (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };
  EaselGeneratedImage *image;
  JsonObject *body;

  /* Before DALL·E's shutdown, replaying an old row: one image per request, URL answers. */
  easel_fake_openai_set_today (fake, "2026-01-01");
  provider = make_provider (easel_fake_openai_get_url (fake), "dall-e-3",
                            "{\"organization\": \"org-123\", \"project\": \"proj_9\"}", TEST_KEY);
  generate (provider, &run, 1344, 768, 2,
            "{\"response_format\": \"url\", \"quality\": \"hd\", \"style\": \"natural\"}");

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 2);
  image = g_ptr_array_index (run.images, 0);
  assert_image (image, 1792, 1024);
  g_assert_nonnull (strstr (image->revised_prompt, "lighthouse"));
  g_assert_true (has_adjustment (image->adjustments, "size 1344×768 → 1792×1024, nearest "
                                                     "supported"));
  g_assert_true (has_adjustment (image->adjustments, "dall-e-3 makes one image per request"));
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 2);
  g_assert_cmpuint (easel_fake_openai_get_file_requests (fake), ==, 2);
  g_assert_cmpuint (easel_fake_openai_get_schema_errors (fake), ==, 0);
  body = last_body (fake);
  g_assert_cmpint (json_object_get_int_member (body, "n"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (body, "style"), ==, "natural");
  /* Same origin: the file request carries the key like the API request. */
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_FILES,
                                                 "Authorization"), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "OpenAI-Organization"), ==, "org-123");
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "OpenAI-Project"), ==, "proj_9");
  run_clear (&run);
}

static void
test_extra_headers (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Relay",
                                                                     EASEL_PROVIDER_KIND_OPENAI);
  g_autoptr(EaselProvider) provider = NULL;
  static char *headers[] = { (char *) "X-Relay-Token: abc", NULL };
  Run run = { 0 };

  config->model = g_strdup ("gpt-image-1.5");
  config->headers = g_strdupv (headers);
  json_object_set_boolean_member (config->options, "stream", FALSE);
  /* Keyless compatible server: no Authorization at all. */
  provider = easel_openai_provider_new (config, easel_fake_openai_get_url (fake), NULL);
  generate (provider, &run, 0, 0, 1, NULL);
  g_assert_no_error (run.error);
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "X-Relay-Token"), ==, "abc");
  g_assert_null (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                               "Authorization"));
  g_assert_cmpstr (json_object_get_string_member (last_body (fake), "size"), ==, "1024x1024");
  run_clear (&run);
}

static void
test_concurrency_and_cancel (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autoptr(EaselGenerateRequest) request = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;
  Run run = { 0 };

  easel_fake_openai_set_latency (fake, 5000);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2",
                            "{\"stream\": false}", TEST_KEY);
  request = easel_generate_request_new ("a cat", setting);
  request->count = 12;
  easel_provider_generate_async (provider, request, NULL, NULL, NULL, cancellable, generate_cb,
                                 &run);

  /* 12 images, 10 per request: two requests at once. */
  while (easel_fake_openai_get_in_flight (fake) < 2)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  easel_fake_wait_until (run_done, &run, 5000);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 2);
  g_assert_cmpuint (easel_fake_openai_get_max_concurrent (fake), ==, 2);
  run_clear (&run);
}

static void
test_fail_first_then_succeed (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };

  easel_fake_openai_fail_next (fake, EASEL_FAKE_OPENAI_FAULT_SERVER_ERROR, 2);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  for (int attempt = 0; attempt < 3; attempt++)
    {
      generate (provider, &run, 512, 512, 1, NULL);
      if (attempt < 2)
        {
          g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER);
          g_assert_true (easel_provider_error_is_retryable (run.error));
        }
      else
        g_assert_no_error (run.error);
    }
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 3);
  /* One kept-alive connection for the three, as the SDK would: a POST may reuse an idle
   * connection (libsoup still never resends one by itself).
   */
  g_assert_cmpuint (easel_fake_openai_get_connections (fake), ==, 1);
  run_clear (&run);
}

/* ---- check ------------------------------------------------------------------------------ */

static void
test_check_models (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  g_autofree char *warnings = NULL;
  Run run = { 0 };

  easel_fake_openai_set_api_key (fake, TEST_KEY);
  provider = make_provider (easel_fake_openai_get_url (fake), "dall-e-3", NULL, TEST_KEY);
  check (provider, &run);
  g_assert_no_error (run.error);

  /* Only image models, only current ones; retired DALL·E and gpt-image-1 hidden. */
  g_assert_true (g_strv_contains ((const char * const *) run.info->models, "gpt-image-2"));
  g_assert_true (g_strv_contains ((const char * const *) run.info->models,
                                  "gpt-image-2.5-sunburst"));
  g_assert_true (g_strv_contains ((const char * const *) run.info->models, "gpt-image-1.5"));
  g_assert_false (g_strv_contains ((const char * const *) run.info->models, "dall-e-3"));
  g_assert_false (g_strv_contains ((const char * const *) run.info->models, "gpt-image-1"));
  g_assert_false (g_strv_contains ((const char * const *) run.info->models, "gpt-4o"));
  g_assert_cmpuint (g_strv_length (run.info->models), ==, 11);

  warnings = g_strjoinv ("\n", run.info->warnings);
  g_assert_nonnull (strstr (warnings, "gpt-image-1.5 shuts down on 2026-12-01 (in 5 days)"));
  g_assert_nonnull (strstr (warnings, "model dall-e-3 was shut down on 2026-05-12"));
  g_assert_null (strstr (warnings, "gpt-image-2 "));
  g_assert_cmpstr (run.info->version, ==, "2020-10-01");
  g_assert_nonnull (strstr (run.info->details, "3 shut down, hidden"));
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_MODELS,
                                                 "Authorization"), ==, "Bearer " TEST_KEY);
  run_clear (&run);
}

static void
test_check_compatible (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  g_autoptr(EaselProvider) official = NULL;
  Run run = { 0 };

  easel_fake_openai_set_compatible (fake, TRUE);
  provider = make_provider (easel_fake_openai_get_url (fake), "flux-schnell",
                            "{\"compatible\": true}", NULL);
  check (provider, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.info->models[0], ==, "flux-schnell");
  g_assert_nonnull (strstr (run.info->warnings[0], "type a model id"));

  easel_fake_openai_set_models (fake, EASEL_FAKE_OPENAI_MODELS_NO_IMAGE_MODELS);
  check (provider, &run);
  g_assert_no_error (run.error);
  g_assert_nonnull (strstr (run.info->warnings[0], "lists no image models"));

  /* The same failure from OpenAI itself is an error. */
  easel_fake_openai_set_models (fake, EASEL_FAKE_OPENAI_MODELS_NOT_FOUND);
  official = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  check (official, &run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);

  /* A compatible server that refuses the key still fails the check. */
  easel_fake_openai_set_api_key (fake, "another-key");
  check (provider, &run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  run_clear (&run);
}

static void
test_no_key (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };

  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, NULL);
  check (provider, &run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (run.error->message, "EASEL_API_KEY_TEST_OPENAI"));
  g_assert_nonnull (strstr (run.error->message, "OPENAI_API_KEY"));
  generate (provider, &run, 0, 0, 1, NULL);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 0);
  g_assert_cmpuint (easel_fake_openai_get_models_requests (fake), ==, 0);
  run_clear (&run);
}

static void
test_construct (void)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("OpenAI",
                                                                     EASEL_PROVIDER_KIND_OPENAI);
  g_autoptr(EaselProvider) official = NULL;
  g_autoptr(EaselProvider) relay = NULL;
  g_autoptr(EaselCapabilities) caps = NULL;
  g_autoptr(JsonNode) overrides = json_from_string ("{\"sizes\": [\"512x512\"], "
                                                    "\"max_images_per_request\": 2}", NULL);
  EaselOpenaiRateLimits limits;

  config->model = g_strdup ("gpt-image-2");
  official = easel_openai_provider_new (config, NULL, "sk-x");
  g_assert_cmpstr (easel_provider_get_base_url (official), ==, "https://api.openai.com/v1");
  g_assert_cmpstr (easel_provider_get_config (official)->name, ==, "OpenAI");
  g_assert_false (easel_openai_provider_is_compatible (EASEL_OPENAI_PROVIDER (official)));
  g_assert_false (easel_openai_provider_get_rate_limits (EASEL_OPENAI_PROVIDER (official),
                                                         &limits));
  g_assert_cmpint (easel_openai_provider_get_rate_limit_reset_ms (EASEL_OPENAI_PROVIDER (official)),
                   ==, -1);
  g_assert_cmpint (easel_provider_get_queue_remaining (official), ==, -1);

  /* A relay's own sizes and counts, from its options. */
  json_object_set_member (config->options, "capabilities", json_node_ref (overrides));
  relay = easel_openai_provider_new (config, "http://relay.example:3000/v1/", NULL);
  g_assert_cmpstr (easel_provider_get_base_url (relay), ==, "http://relay.example:3000/v1");
  g_assert_true (easel_openai_provider_is_compatible (EASEL_OPENAI_PROVIDER (relay)));
  caps = easel_provider_get_capabilities (relay, "my-model");
  g_assert_cmpuint (caps->sizes->len, ==, 1);
  g_assert_cmpint (caps->max_images_per_request, ==, 2);
}

static void
test_invalid_setting_no_request (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };

  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  generate (provider, &run, 1024, 1024, 1, "{\"quality\": \"ultra\"}");
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, "quality");
  g_assert_cmpuint (easel_fake_openai_get_requests (fake), ==, 0);
  run_clear (&run);
}

/* ---- the fault matrix --------------------------------------------------------------------- */

typedef struct
{
  const char           *name;
  EaselFakeOpenaiFault  fault;
  const char           *model;
  const char           *options;
  const char           *extra;
  EaselProviderError    code;
  const char           *excerpt;
  gboolean              retryable;
  gboolean              has_request_id;
} FaultCase;

static const FaultCase fault_cases[] = {
  { "refused", EASEL_FAKE_OPENAI_FAULT_NONE, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_CONNECT, "Cannot connect to OpenAI", TRUE, FALSE },
  { "stall", EASEL_FAKE_OPENAI_FAULT_STALL, "gpt-image-2", "{\"timeout_s\": 1}", NULL,
    EASEL_PROVIDER_ERROR_TIMEOUT, "did not answer in time", TRUE, FALSE },
  { "401", EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_AUTH, "Incorrect API key provided", FALSE, TRUE },
  { "403", EASEL_FAKE_OPENAI_FAULT_FORBIDDEN, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_AUTH, "forbidden", FALSE, TRUE },
  { "429", EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_RATE_LIMITED, "Rate limit reached for gpt-image-2", TRUE, TRUE },
  { "429-insufficient-quota", EASEL_FAKE_OPENAI_FAULT_INSUFFICIENT_QUOTA, "gpt-image-2", NULL,
    NULL, EASEL_PROVIDER_ERROR_AUTH, "quota exhausted (billing): You exceeded your current quota",
    FALSE, TRUE },
  { "500", EASEL_FAKE_OPENAI_FAULT_SERVER_ERROR, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_SERVER, "The server had an error", TRUE, TRUE },
  { "502-html", EASEL_FAKE_OPENAI_FAULT_BAD_GATEWAY, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "HTTP 502 Bad Gateway", FALSE, TRUE },
  { "malformed-json", EASEL_FAKE_OPENAI_FAULT_MALFORMED_JSON, "gpt-image-2",
    "{\"stream\": false}", NULL, EASEL_PROVIDER_ERROR_BAD_RESPONSE, "not JSON", FALSE, TRUE },
  { "truncated-body", EASEL_FAKE_OPENAI_FAULT_TRUNCATED_BODY, "gpt-image-2",
    "{\"stream\": false}", NULL, EASEL_PROVIDER_ERROR_BAD_RESPONSE, "cut off", FALSE, TRUE },
  { "not-an-image", EASEL_FAKE_OPENAI_FAULT_NOT_AN_IMAGE, "gpt-image-2", "{\"stream\": false}",
    NULL, EASEL_PROVIDER_ERROR_BAD_RESPONSE, "not an image", FALSE, TRUE },
  { "oversized-body", EASEL_FAKE_OPENAI_FAULT_OVERSIZED_BODY, "gpt-image-2",
    "{\"stream\": false, \"max_body_bytes\": 1048576}", NULL, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
    "larger than the 1.0\u00a0MiB limit", FALSE, TRUE },
  { "moderation-blocked", EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_CONTENT_POLICY, "(categories: sexual; stage: input): Your request was "
    "rejected by the safety system", FALSE, TRUE },
  { "content-policy-violation", EASEL_FAKE_OPENAI_FAULT_CONTENT_POLICY, "gpt-image-2", NULL,
    NULL, EASEL_PROVIDER_ERROR_CONTENT_POLICY, "Your request was rejected as a result of our "
    "safety system", FALSE, TRUE },
  { "model-not-found", EASEL_FAKE_OPENAI_FAULT_MODEL_NOT_FOUND, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "Model gpt-image-2 retired or not available to this key",
    FALSE, TRUE },
  { "retired-model", EASEL_FAKE_OPENAI_FAULT_NONE, "dall-e-3", NULL, NULL,
    EASEL_PROVIDER_ERROR_NOT_FOUND, "The model `dall-e-3` has been deprecated", FALSE, TRUE },
  { "invalid-param", EASEL_FAKE_OPENAI_FAULT_NONE, "gpt-image-1.5",
    "{\"capabilities\": {\"sizes\": [\"1344x768\"]}}", NULL,
    EASEL_PROVIDER_ERROR_INVALID_REQUEST, "rejected “size”: Invalid value: '1344x768'", FALSE,
    TRUE },
  { "stream-cut", EASEL_FAKE_OPENAI_FAULT_STREAM_CUT, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_BAD_RESPONSE, "ended before the image was complete (2 of 2 previews",
    FALSE, TRUE },
  { "stream-stall", EASEL_FAKE_OPENAI_FAULT_STREAM_STALL, "gpt-image-2", "{\"timeout_s\": 1}",
    NULL, EASEL_PROVIDER_ERROR_TIMEOUT, "did not answer in time", FALSE, TRUE },
  { "stream-error-event", EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_CONTENT_POLICY, "(categories: violence; stage: output)", FALSE, TRUE },
  { "401-echoing-the-key", EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED_ECHO, "gpt-image-2", NULL, NULL,
    EASEL_PROVIDER_ERROR_AUTH, "Invalid token in header “Bearer ********”", FALSE, TRUE },
};

static void
test_fault (gconstpointer data)
{
  const FaultCase *fc = data;
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  g_autofree char *closed = NULL;
  const char *url = easel_fake_openai_get_url (fake);
  Run run = { 0 };

  if (g_str_equal (fc->name, "refused"))
    url = closed = easel_fake_openai_dup_closed_url ();
  easel_fake_openai_set_fault (fake, fc->fault);
  provider = make_provider (url, fc->model, fc->options, TEST_KEY);
  generate (provider, &run, 1344, 768, 1, fc->extra);

  g_assert_nonnull (run.error);
  g_test_message ("%s → %s: %s", fc->name,
                  easel_provider_error_code_to_string (run.error->code), run.error->message);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, (int) fc->code);
  if (strstr (run.error->message, fc->excerpt) == NULL)
    g_error ("“%s” not in “%s”", fc->excerpt, run.error->message);
  g_assert_cmpint (easel_provider_error_is_retryable (run.error), ==, fc->retryable);
  if (fc->has_request_id)
    g_assert_cmpstr (easel_provider_error_get_request_id (run.error), ==,
                     easel_fake_openai_get_last_request_id (fake));
  g_assert_null (strstr (run.error->message, TEST_KEY));
  if (easel_provider_error_get_details (run.error) != NULL)
    g_assert_null (strstr (easel_provider_error_get_details (run.error), TEST_KEY));
  g_assert_cmpuint (easel_fake_openai_get_schema_errors (fake), ==, 0);

  if (fc->fault == EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED)
    {
      EaselOpenaiProvider *openai = EASEL_OPENAI_PROVIDER (provider);
      EaselOpenaiRateLimits limits;

      g_assert_cmpint (easel_provider_error_get_retry_after (run.error), ==, 1000);
      g_assert_true (easel_openai_provider_get_rate_limits (openai, &limits));
      g_assert_cmpint (limits.remaining_requests, ==, 0);
      g_assert_cmpint (limits.reset_requests_ms, ==, 90500);
      g_assert_cmpint (limits.reset_tokens_ms, ==, 360000);
      g_assert_cmpint (easel_openai_provider_get_rate_limit_reset_ms (openai), >, 89000);
    }
  if (fc->code == EASEL_PROVIDER_ERROR_INVALID_REQUEST)
    g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, "size");
  if (fc->code == EASEL_PROVIDER_ERROR_NOT_FOUND)
    g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, "model");
  run_clear (&run);
}

/* ---- the key stays out of every log ----------------------------------------------------- */

static void
test_key_never_logged (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselProvider) provider = NULL;
  Run run = { 0 };

  g_string_truncate (captured_logs, 0);
  easel_fake_openai_set_api_key (fake, TEST_KEY);
  provider = make_provider (easel_fake_openai_get_url (fake), "gpt-image-2", NULL, TEST_KEY);
  check (provider, &run);
  g_assert_no_error (run.error);
  generate (provider, &run, 1024, 1024, 1, NULL);
  g_assert_no_error (run.error);
  easel_fake_openai_set_fault (fake, EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED);
  generate (provider, &run, 1024, 1024, 1, NULL);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  /* A server that quotes the key back: scrubbed from the error and from any log. */
  easel_fake_openai_set_fault (fake, EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED_ECHO);
  check (provider, &run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  g_assert_null (strstr (run.error->message, TEST_KEY));
  generate (provider, &run, 1024, 1024, 1, NULL);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH);
  g_assert_null (strstr (run.error->message, TEST_KEY));
  g_assert_null (strstr (easel_provider_error_get_details (run.error), TEST_KEY));

  /* The capture works (the provider's debug lines are there) and has no key in it. */
  g_assert_nonnull (strstr (captured_logs->str, "POST images/generations"));
  g_assert_nonnull (strstr (captured_logs->str, "GET models"));
  g_assert_null (strstr (captured_logs->str, TEST_KEY));
  g_assert_null (strstr (captured_logs->str, "Bearer"));
  g_assert_cmpstr (easel_fake_openai_get_header (fake, EASEL_FAKE_OPENAI_ROUTE_IMAGES,
                                                 "Authorization"), ==, "Bearer " TEST_KEY);
  run_clear (&run);
}

/* ---- the fake speaks the schema too ------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  GBytes   *answer;
  GError   *error;
} Fetch;

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &fetch->error);
  fetch->done = TRUE;
}

typedef struct
{
  const char *today;
  const char *body;
  guint       status;
  const char *param;     /* the 400's param, or the 404's code */
} FakeCase;

static const FakeCase fake_cases[] = {
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"size\": \"1536x864\", \"n\": 2}",
    200, NULL },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"stream\": true, "
          "\"partial_images\": 3}", 200, NULL },
  { NULL, "{\"model\": \"gpt-image-2.5-sunburst\", \"prompt\": \"x\", \"quality\": \"xhigh\"}",
    200, NULL },
  { "2026-01-01", "{\"model\": \"dall-e-3\", \"prompt\": \"x\", \"quality\": \"hd\"}", 200,
    NULL },
  { "2026-01-01", "{\"model\": \"dall-e-3\", \"prompt\": \"x\", \"n\": 2}", 400, "n" },
  { "2026-01-01", "{\"model\": \"dall-e-2\", \"prompt\": \"x\", \"output_format\": \"png\"}",
    400, "output_format" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"size\": \"1000x1000\"}", 400,
    "size" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"size\": \"3840x3840\"}", 400,
    "size" },
  { NULL, "{\"model\": \"gpt-image-1.5\", \"prompt\": \"x\", \"size\": \"1344x768\"}", 400,
    "size" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"response_format\": \"b64_json\"}",
    400, "response_format" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"quality\": \"hd\"}", 400,
    "quality" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"style\": \"vivid\"}", 400,
    "style" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"n\": 11}", 400, "n" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": 42}", 400, "prompt" },
  { NULL, "{\"model\": \"gpt-image-2\"}", 400, "prompt" },
  { NULL, "{\"model\": \"gpt-image-2\", \"prompt\": \"x\", \"output_format\": \"jpeg\", "
          "\"background\": \"transparent\"}", 400, "background" },
  { NULL, "{\"model\": \"dall-e-3\", \"prompt\": \"x\"}", 404, "model_not_found" },
  { NULL, "{\"model\": \"gpt-image-99\", \"prompt\": \"x\"}", 404, "model_not_found" },
  { NULL, "{\"prompt\": \"x\"}", 404, "model_not_found" },
};

/* The fake answers like the API: its rules, and answers that pass the schema themselves. */
static void
test_fake_rules (void)
{
  g_autoptr(EaselFakeOpenai) fake = easel_fake_openai_new ();
  g_autoptr(EaselFakeSchema) schema = easel_fake_schema_load_openai ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (easel_fake_openai_get_url (fake), "/images/generations",
                                      NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fake_cases); i++)
    {
      const FakeCase *fc = &fake_cases[i];
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new_static (fc->body, strlen (fc->body));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      Fetch fetch = { 0 };
      const char *type;

      easel_fake_openai_set_today (fake, fc->today != NULL ? fc->today : "2026-11-26");
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      /* The fake lives in this thread's main loop: never a synchronous request here. */
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &fetch);
      easel_fake_wait_until (fetch_done, &fetch, 10000);
      g_assert_no_error (fetch.error);
      if (soup_message_get_status (msg) != fc->status)
        g_error ("%s: HTTP %u, expected %u: %s", fc->body, soup_message_get_status (msg),
                 fc->status, (const char *) g_bytes_get_data (fetch.answer, NULL));
      g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "x-request-id"));
      type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                    NULL);
      if (g_strcmp0 (type, "text/event-stream") == 0)
        {
          g_auto(GStrv) events = g_strsplit (g_bytes_get_data (fetch.answer, NULL), "\n\n", -1);
          guint seen = 0;

          for (guint j = 0; events[j] != NULL; j++)
            {
              g_auto(GStrv) lines = g_strsplit (events[j], "\n", -1);
              g_autoptr(GString) joined = g_string_new (NULL);
              g_autoptr(JsonNode) event = NULL;

              for (guint k = 0; lines[k] != NULL; k++)
                if (g_str_has_prefix (lines[k], "data: "))
                  g_string_append_printf (joined, "%s%s", joined->len > 0 ? "\n" : "",
                                          lines[k] + 6);
              if (joined->len == 0)
                continue;
              event = json_from_string (joined->str, &error);
              g_assert_no_error (error);
              g_assert_true (easel_fake_schema_validate (schema, "ImageGenStreamEvent", event,
                                                         NULL, &error));
              seen++;
            }
          g_assert_cmpuint (seen, ==, 4);
        }
      else
        {
          JsonObject *inner;

          node = json_from_string (g_bytes_get_data (fetch.answer, NULL), &error);
          g_assert_no_error (error);
          if (!easel_fake_schema_validate (schema, fc->status == 200 ? "ImagesResponse"
                                                                     : "ErrorResponse",
                                           node, NULL, &error))
            g_error ("%s", error->message);
          if (fc->param != NULL)
            {
              inner = json_object_get_object_member (json_node_get_object (node), "error");
              g_assert_cmpstr (fc->status == 404 ? json_object_get_string_member (inner, "code")
                                                 : json_object_get_string_member (inner, "param"),
                               ==, fc->param);
            }
        }
      g_bytes_unref (fetch.answer);
    }
  /* Three bodies broke the schema itself (n 11, prompt 42, no prompt). */
  g_assert_cmpuint (easel_fake_openai_get_schema_errors (fake), ==, 3);
  g_assert_nonnull (strstr (easel_fake_openai_get_last_schema_error (fake), "prompt"));
}

int
main (int   argc,
      char *argv[])
{
  captured_logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/openai/provider/json-generation", test_json_generation);
  g_test_add_func ("/easel/openai/provider/streaming", test_streaming);
  g_test_add_func ("/easel/openai/provider/streaming-fan-out", test_streaming_fan_out);
  g_test_add_func ("/easel/openai/provider/stream-refused", test_stream_refused_then_json);
  g_test_add_func ("/easel/openai/provider/compatible-urls", test_compatible_json_urls);
  g_test_add_func ("/easel/openai/provider/dalle-urls", test_dalle_urls_same_origin);
  g_test_add_func ("/easel/openai/provider/extra-headers", test_extra_headers);
  g_test_add_func ("/easel/openai/provider/concurrency-cancel", test_concurrency_and_cancel);
  g_test_add_func ("/easel/openai/provider/fail-first-n", test_fail_first_then_succeed);
  g_test_add_func ("/easel/openai/provider/check-models", test_check_models);
  g_test_add_func ("/easel/openai/provider/check-compatible", test_check_compatible);
  g_test_add_func ("/easel/openai/provider/no-key", test_no_key);
  g_test_add_func ("/easel/openai/provider/construct", test_construct);
  g_test_add_func ("/easel/openai/provider/invalid-setting", test_invalid_setting_no_request);
  g_test_add_func ("/easel/openai/provider/key-never-logged", test_key_never_logged);
  g_test_add_func ("/easel/openai/fake/rules", test_fake_rules);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/openai/provider/fault/%s",
                                               fault_cases[i].name);
      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }

  return g_test_run ();
}
