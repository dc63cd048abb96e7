/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "easel-a1111-provider.h"
#include "easel-error.h"
#include "easel-fake-a1111.h"
#include "easel-fake-util.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* The A1111 client against the in-process fake: generation with progress and previews, the
 * seeds, infotexts and sampler read back, slicing around grids and extension images, Basic auth
 * on every request, one generation at a time, interrupt on cancel only while running, check()
 * on full, legacy, partial and API-less servers, and the fault matrix.
 */

#define WAIT_MS 10000

typedef struct
{
  gboolean   done;
  GPtrArray *images;
  GError    *error;
  guint      reports;
  guint      previews;
  gboolean   step_text;
  double     max_fraction;
  char      *preview_mime;
  char      *last_text;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->images, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->preview_mime, g_free);
  g_clear_pointer (&run->last_text, g_free);
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->images = easel_provider_generate_finish (EASEL_PROVIDER (object), result, &run->error);
  g_assert_true ((run->images == NULL) != (run->error == NULL));
  run->done = TRUE;
}

static void
progress_cb (const EaselProgress *progress,
             gpointer             user_data)
{
  Run *run = user_data;

  g_assert_false (run->done);
  run->reports++;
  g_assert_true (progress->fraction == -1 ||
                 (progress->fraction >= 0 && progress->fraction <= 1));
  run->max_fraction = MAX (run->max_fraction, progress->fraction);
  if (progress->text != NULL)
    {
      g_free (run->last_text);
      run->last_text = g_strdup (progress->text);
      if (g_str_has_prefix (progress->text, "Step ") && strstr (progress->text, " of ") != NULL)
        run->step_text = TRUE;
    }
  if (progress->preview != NULL)
    {
      run->previews++;
      g_free (run->preview_mime);
      run->preview_mime = g_strdup (progress->preview_mime);
    }
}

static EaselProvider *
provider_new_with_headers (const char         *url,
                           const char         *api_key,
                           const char         *options,
                           const char * const *headers)
{
  g_autoptr(EaselProviderConfig) config = easel_provider_config_new ("Studio GPU",
                                                                     EASEL_PROVIDER_KIND_A1111);

  config->headers = g_strdupv ((GStrv) headers);

  json_object_set_int_member (config->options, "poll_interval_ms", 20);
  json_object_set_int_member (config->options, "timeout_s", 2);
  json_object_set_int_member (config->options, "cancel_grace_s", 2);
  if (options != NULL)
    {
      g_autoptr(JsonNode) node = easel_json_parse (options, -1, NULL);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      g_assert_nonnull (node);
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &value))
        json_object_set_member (config->options, key, json_node_copy (value));
    }
  return easel_a1111_provider_new (config, url, api_key);
}

static EaselProvider *
provider_new (const char *url,
              const char *api_key,
              const char *options)
{
  return provider_new_with_headers (url, api_key, options, NULL);
}

/* Drops the provider and waits until every request it started has finished. */
static void
provider_release (EaselProvider *provider)
{
  gpointer weak = provider;

  g_object_add_weak_pointer (G_OBJECT (provider), &weak);
  g_object_unref (provider);
  easel_fake_wait_until (pointer_is_null, &weak, WAIT_MS);
}

static EaselGenerateRequest *
request_new (int         size,
             int         steps,
             int         count,
             gint64      seed,
             const char *sampler,
             const char *scheduler)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  EaselGenerateRequest *request;

  setting->width = size;
  setting->height = size;
  setting->steps = steps;
  setting->has_guidance = TRUE;
  setting->guidance_scale = 6.5;
  setting->has_seed = seed >= 0;
  setting->seed = seed >= 0 ? seed : 0;
  easel_image_setting_set_string (&setting->sampler, sampler);
  easel_image_setting_set_string (&setting->scheduler, scheduler);
  request = easel_generate_request_new ("a red fox in the snow", setting);
  request->negative_prompt = g_strdup ("blurry");
  request->count = count;
  return request;
}

static void
run_start (EaselProvider        *provider,
           EaselGenerateRequest *request,
           GCancellable         *cancellable,
           Run                  *run)
{
  easel_provider_generate_async (provider, request, progress_cb, run, NULL, cancellable,
                                 generate_cb, run);
}

static void
run_wait (Run *run)
{
  easel_fake_wait_until (run_done, run, WAIT_MS);
}

static gboolean
has_adjustment (EaselGeneratedImage *image,
                const char          *text)
{
  for (guint i = 0; i < image->adjustments->len; i++)
    if (strstr (g_ptr_array_index (image->adjustments, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static guint32
first_pixel (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;
  const guchar *p;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  p = gdk_pixbuf_read_pixels (pixbuf);
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | 0xff;
}

static void
test_generate (void)
{
  static const char * const proxy_headers[] = { "X-Proxy-Token: t0k3n", NULL };
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider;
  g_autoptr(EaselGenerateRequest) request = request_new (64, 10, 2, 1234, "Euler a", "karras");
  JsonObject *body;
  Run run = { 0 };

  easel_fake_a1111_set_auth (fake, "alice:s3cret");
  easel_fake_a1111_set_required_header (fake, "X-Proxy-Token", "t0k3n");
  easel_fake_a1111_set_step_delay (fake, 30);
  provider = provider_new_with_headers (easel_fake_a1111_get_url (fake), "alice:s3cret", NULL,
                                        proxy_headers);

  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      EaselGeneratedImage *image = g_ptr_array_index (run.images, i);
      g_autofree char *seed_text = g_strdup_printf ("Seed: %u,", 1234 + i);

      g_assert_cmpstr (image->mime_type, ==, "image/png");
      g_assert_cmpint (image->width, ==, 64);
      g_assert_cmpint (image->height, ==, 64);
      g_assert_true (image->has_seed);
      g_assert_cmpint (image->seed, ==, 1234 + i);
      g_assert_nonnull (image->infotext);
      g_assert_true (g_str_has_prefix (image->infotext,
                                       "a red fox in the snow\nNegative prompt: blurry\n"
                                       "Steps: 10, Sampler: Euler a, Schedule type: Karras, "
                                       "CFG scale: 6.5, "));
      g_assert_nonnull (strstr (image->infotext, seed_text));
      g_assert_cmpstr (image->effective->sampler, ==, "Euler a");
      g_assert_cmpstr (image->effective->scheduler, ==, "Karras");
      g_assert_true (image->effective->has_seed);
      g_assert_cmpint (image->effective->seed, ==, 1234 + i);
      g_assert_cmpint (image->effective->steps, ==, 10);
      g_assert_false (has_adjustment (image, "server substituted"));
      g_assert_cmpstr (image->model, ==, "v1-5-pruned-emaonly");
    }

  /* Progress was polled while txt2img ran, with a step count and a decoded preview. */
  g_assert_cmpuint (run.reports, >, 0);
  g_assert_true (run.step_text);
  g_assert_cmpuint (run.previews, >, 0);
  g_assert_cmpstr (run.preview_mime, ==, "image/png");
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_PROGRESS), >, 0);

  /* Basic auth and the proxy's header went out on every request, progress polls included. */
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, NULL), >, 4);
  g_assert_cmpuint (easel_fake_a1111_get_unauthorized_count (fake), ==, 0);
  g_assert_cmpuint (easel_fake_a1111_get_max_concurrent (fake), ==, 1);

  body = json_node_get_object (easel_fake_a1111_get_body (fake, 0));
  g_assert_true (json_object_get_boolean_member (body, "send_images"));
  g_assert_false (json_object_get_boolean_member (body, "save_images"));
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 1234);
  g_assert_cmpint (json_object_get_int_member (body, "batch_size"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "sampler_name"), ==, "Euler a");
  g_assert_cmpstr (json_object_get_string_member (body, "scheduler"), ==, "Karras");

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_random_seed (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 3, 3, -1, NULL, NULL);
  EaselGeneratedImage *first;
  Run run = { 0 };

  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (
                     easel_fake_a1111_get_body (fake, 0)), "seed"), ==, -1);
  first = g_ptr_array_index (run.images, 0);
  g_assert_true (first->has_seed);
  for (guint i = 0; i < run.images->len; i++)
    {
      EaselGeneratedImage *image = g_ptr_array_index (run.images, i);

      g_assert_cmpint (image->seed, ==, first->seed + i);
      /* No sampler asked: the one the server used is recorded, without a complaint. */
      g_assert_cmpstr (image->effective->sampler, ==, "Euler");
      g_assert_cmpuint (image->adjustments->len, ==, 0);
    }

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_sampler_substituted (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 3, 1, 5, "Turbo Euler", NULL);
  EaselGeneratedImage *image;
  Run run = { 0 };

  /* Without a sampler list Easel cannot check the name; the server replaces it silently. */
  easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SAMPLERS,
                                    EASEL_FAKE_A1111_FAULT_NOT_FOUND);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  image = g_ptr_array_index (run.images, 0);
  g_assert_true (has_adjustment (image, "sampler “Turbo Euler” → “DPM++ 2M” (server "
                                        "substituted)"));
  g_assert_cmpstr (image->effective->sampler, ==, "DPM++ 2M");
  g_assert_nonnull (strstr (image->infotext, "Sampler: DPM++ 2M,"));

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_sampler_validated (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 3, 1, 5, "Turbo Euler", NULL);
  g_autoptr(EaselGenerateRequest) model_request = request_new (64, 3, 1, 5, NULL, NULL);
  Run run = { 0 };

  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST);
  g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, "sampler");
  g_assert_nonnull (strstr (run.error->message, "Valid samplers: DPM++ 2M, DPM++ SDE, Euler a"));
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_TXT2IMG), ==, 0);
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_SAMPLERS), ==, 1);
  run_clear (&run);

  model_request->model = g_strdup ("dreamshaper_8");
  memset (&run, 0, sizeof run);
  run_start (provider, model_request, NULL, &run);
  run_wait (&run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND);
  g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, "model");
  g_assert_nonnull (strstr (run.error->message, "v1-5-pruned-emaonly.safetensors [6ce0161689]"));
  /* A name the cached lists lack may be new on the server: they are fetched once more. */
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_SD_MODELS), ==, 2);
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_TXT2IMG), ==, 0);
  run_clear (&run);

  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_model_resolved (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 2, 1, 5, NULL, NULL);
  EaselGeneratedImage *image;
  JsonObject *override;
  Run run = { 0 };

  request->model = g_strdup ("sd_xl_base_1.0");
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  override = json_object_get_object_member (json_node_get_object (
               easel_fake_a1111_get_body (fake, 0)), "override_settings");
  g_assert_cmpstr (json_object_get_string_member (override, "sd_model_checkpoint"), ==,
                   "SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]");
  image = g_ptr_array_index (run.images, 0);
  g_assert_cmpstr (image->model, ==, "SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]");
  g_assert_true (has_adjustment (image, "model “sd_xl_base_1.0” → "));
  g_assert_false (has_adjustment (image, "server kept another checkpoint"));

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_grid_and_extra_sliced (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (96, 2, 3, 500, NULL, NULL);
  Run run = { 0 };

  easel_fake_a1111_set_grid (fake, TRUE);
  easel_fake_a1111_set_extra_image (fake, TRUE);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      EaselGeneratedImage *image = g_ptr_array_index (run.images, i);
      g_autofree char *seed_text = g_strdup_printf ("Seed: %u,", 500 + i);

      /* Not the grey grid, not the 64×64 extension image. */
      g_assert_cmpint (image->width, ==, 96);
      g_assert_cmphex (first_pixel (image->bytes), !=, 0x808080ff);
      g_assert_cmpint (image->seed, ==, 500 + i);
      g_assert_nonnull (strstr (image->infotext, seed_text));
    }

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_one_at_a_time (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) first = request_new (64, 5, 1, 1, NULL, NULL);
  g_autoptr(EaselGenerateRequest) second = request_new (64, 5, 1, 2, NULL, NULL);
  Run run_a = { 0 };
  Run run_b = { 0 };

  run_start (provider, first, NULL, &run_a);
  run_start (provider, second, NULL, &run_b);
  run_wait (&run_a);
  run_wait (&run_b);
  g_assert_no_error (run_a.error);
  g_assert_no_error (run_b.error);
  g_assert_cmpint (((EaselGeneratedImage *) g_ptr_array_index (run_b.images, 0))->seed, ==, 2);
  g_assert_cmpuint (easel_fake_a1111_get_completed_count (fake), ==, 2);
  /* The second request waited in Easel's queue, not on the server's lock. */
  g_assert_cmpuint (easel_fake_a1111_get_max_concurrent (fake), ==, 1);

  run_clear (&run_a);
  run_clear (&run_b);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static gboolean
fake_is_stepping (gpointer data)
{
  return easel_fake_a1111_get_current_step (data) >= 2;
}

static void
test_cancel_running (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 200, 1, 9, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };

  easel_fake_a1111_set_step_delay (fake, 20);
  run_start (provider, request, cancellable, &run);
  easel_fake_wait_until (fake_is_stepping, fake, WAIT_MS);
  g_cancellable_cancel (cancellable);
  run_wait (&run);

  /* The server was interrupted while it ran our job; what it returned was discarded. */
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_null (run.images);
  g_assert_cmpuint (easel_fake_a1111_get_interrupt_count (fake), ==, 1);
  g_assert_cmpuint (easel_fake_a1111_get_idle_interrupt_count (fake), ==, 0);
  g_assert_cmpuint (easel_fake_a1111_get_interrupted_count (fake), ==, 1);
  g_assert_false (easel_fake_a1111_is_generating (fake));

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_cancel_queued (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) first = request_new (64, 10, 1, 1, NULL, NULL);
  g_autoptr(EaselGenerateRequest) second = request_new (64, 10, 1, 2, NULL, NULL);
  g_autoptr(EaselGenerateRequest) third = request_new (64, 10, 1, 3, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Run run_a = { 0 };
  Run run_b = { 0 };
  Run run_c = { 0 };

  easel_fake_a1111_set_step_delay (fake, 20);
  run_start (provider, first, NULL, &run_a);
  run_start (provider, second, cancellable, &run_b);
  easel_fake_wait_until (fake_is_stepping, fake, WAIT_MS);
  g_cancellable_cancel (cancellable);
  run_wait (&run_b);
  g_assert_error (run_b.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_nonnull (strstr (run_b.error->message, "before it was sent"));
  g_assert_false (run_a.done);

  /* A job cancelled before it was even started never reaches the server. */
  g_cancellable_cancel (cancelled);
  run_start (provider, third, cancelled, &run_c);
  run_wait (&run_c);
  g_assert_error (run_c.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);

  run_wait (&run_a);
  g_assert_no_error (run_a.error);
  g_assert_cmpuint (easel_fake_a1111_get_interrupt_count (fake), ==, 0);
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_TXT2IMG), ==, 1);

  run_clear (&run_a);
  run_clear (&run_b);
  run_clear (&run_c);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_cancel_preparing (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 3, 1, 1, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };

  /* Cancelled while the name lists are being fetched: nothing is sent, nothing interrupted. */
  easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SD_MODELS,
                                    EASEL_FAKE_A1111_FAULT_STALL);
  run_start (provider, request, cancellable, &run);
  g_cancellable_cancel (cancellable);
  run_wait (&run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_TXT2IMG), ==, 0);
  g_assert_cmpuint (easel_fake_a1111_get_interrupt_count (fake), ==, 0);

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_broken_model_list (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 2, 1, 1, NULL, NULL);
  EaselGeneratedImage *image;
  Run run = { 0 };

  /* A model list that fails does not stop a generation; the names just go unchecked. */
  easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SD_MODELS,
                                    EASEL_FAKE_A1111_FAULT_MODEL_ERROR);
  request->model = g_strdup ("anything.safetensors");
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  image = g_ptr_array_index (run.images, 0);
  /* Unchecked, the server silently kept its checkpoint: the result says so. */
  g_assert_true (has_adjustment (image, "model “anything.safetensors” → “v1-5-pruned-emaonly” "
                                        "(server kept another checkpoint)"));
  g_assert_cmpstr (image->model, ==, "v1-5-pruned-emaonly");

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_invalid_url (void)
{
  EaselProvider *provider = provider_new ("localhost:7860", NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 2, 1, 1, NULL, NULL);
  Run run = { 0 };

  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT);
  g_assert_nonnull (strstr (run.error->message, "“localhost:7860”, is not an http://"));

  run_clear (&run);
  provider_release (provider);
}

static void
test_progress_stuck (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 8, 1, 1, NULL, NULL);
  Run run = { 0 };

  /* Forge stuck at 0.01 without previews: best effort, the job still completes. */
  easel_fake_a1111_set_progress_stuck (fake, TRUE);
  easel_fake_a1111_set_step_delay (fake, 30);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.reports, >, 0);
  g_assert_cmpfloat (run.max_fraction, <=, 0.011);
  g_assert_cmpuint (run.previews, ==, 0);

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_previews_off (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL,
                                          "{\"previews\": false, \"preview_every_n_steps\": 2}");
  g_autoptr(EaselGenerateRequest) request = request_new (64, 8, 1, 1, NULL, NULL);
  JsonObject *override;
  Run run = { 0 };

  easel_fake_a1111_set_step_delay (fake, 30);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.reports, >, 0);
  g_assert_cmpuint (run.previews, ==, 0);
  override = json_object_get_object_member (json_node_get_object (
               easel_fake_a1111_get_body (fake, 0)), "override_settings");
  g_assert_cmpint (json_object_get_int_member (override, "show_progress_every_n_steps"), ==, 2);

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_draw_things_generate (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 6, 1, 77, "Whatever Sampler",
                                                         NULL);
  EaselGeneratedImage *image;
  Run run = { 0 };

  easel_fake_a1111_set_mode (fake, EASEL_FAKE_A1111_MODE_DRAW_THINGS);
  easel_fake_a1111_set_step_delay (fake, 30);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.images->len, ==, 1);
  image = g_ptr_array_index (run.images, 0);
  g_assert_null (image->infotext);
  g_assert_true (image->has_seed);
  g_assert_cmpint (image->seed, ==, 77);
  g_assert_cmpint (image->width, ==, 64);
  /* No progress route: one 404, then no more polls. */
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_PROGRESS), <=, 1);

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_legacy_scheduler (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 2, 1, 3, "DPM++ 2M", "Karras");
  JsonObject *body;
  Run run = { 0 };

  easel_fake_a1111_set_mode (fake, EASEL_FAKE_A1111_MODE_LEGACY);
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  body = json_node_get_object (easel_fake_a1111_get_body (fake, 0));
  g_assert_cmpstr (json_object_get_string_member (body, "sampler_name"), ==, "DPM++ 2M Karras");
  g_assert_false (json_object_has_member (body, "scheduler"));
  g_assert_false (has_adjustment (g_ptr_array_index (run.images, 0), "server substituted"));

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

/* check() */

typedef struct
{
  gboolean         done;
  EaselServerInfo *info;
  GError          *error;
} Check;

static gboolean
check_done (gpointer data)
{
  return ((Check *) data)->done;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Check *check = user_data;

  check->info = easel_provider_check_finish (EASEL_PROVIDER (object), result, &check->error);
  check->done = TRUE;
}

static void
run_check (EaselProvider *provider,
           Check         *check)
{
  memset (check, 0, sizeof *check);
  easel_provider_check_async (provider, NULL, check_cb, check);
  easel_fake_wait_until (check_done, check, WAIT_MS);
}

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->info, easel_server_info_free);
  g_clear_error (&check->error);
}

static gboolean
warnings_mention (EaselServerInfo *info,
                  const char      *text)
{
  for (guint i = 0; info->warnings != NULL && info->warnings[i] != NULL; i++)
    if (strstr (info->warnings[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_check_full (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), "alice:s3cret", NULL);
  g_autoptr(EaselGenerateRequest) request = request_new (64, 2, 1, 1, NULL, NULL);
  Check check;
  Run run = { 0 };

  easel_fake_a1111_set_auth (fake, "alice:s3cret");
  run_check (provider, &check);
  g_assert_no_error (check.error);
  g_assert_cmpuint (g_strv_length (check.info->models), ==, 2);
  g_assert_cmpstr (check.info->models[0], ==, "v1-5-pruned-emaonly.safetensors [6ce0161689]");
  g_assert_cmpuint (g_strv_length (check.info->samplers), ==, 5);
  g_assert_cmpstr (check.info->samplers[0], ==, "DPM++ 2M");
  g_assert_cmpstr (check.info->schedulers[2], ==, "Karras");
  g_assert_null (check.info->warnings);
  g_assert_null (check.info->version);
  g_assert_cmpstr (check.info->details, ==, "2 models, 5 samplers, schedulers listed");
  check_clear (&check);

  /* The version becomes known from a generation's info, and the lists stay cached. */
  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (easel_fake_a1111_get_request_count (fake, EASEL_FAKE_A1111_SD_MODELS), ==, 1);
  run_check (provider, &check);
  g_assert_cmpstr (check.info->version, ==, "v1.10.1");
  g_assert_cmpuint (easel_fake_a1111_get_unauthorized_count (fake), ==, 0);

  check_clear (&check);
  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_check_legacy (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  Check check;

  easel_fake_a1111_set_mode (fake, EASEL_FAKE_A1111_MODE_LEGACY);
  run_check (provider, &check);
  g_assert_no_error (check.error);
  g_assert_null (check.info->schedulers);
  g_assert_true (g_strv_contains ((const char * const *) check.info->samplers,
                                  "DPM++ 2M Karras"));
  g_assert_true (warnings_mention (check.info, "before v1.9"));
  g_assert_nonnull (strstr (check.info->details, "schedulers in sampler names"));

  check_clear (&check);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_check_no_models (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  Check check;

  easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SD_MODELS,
                                    EASEL_FAKE_A1111_FAULT_NOT_FOUND);
  run_check (provider, &check);
  g_assert_no_error (check.error);
  g_assert_null (check.info->models);
  g_assert_nonnull (check.info->samplers);
  g_assert_true (warnings_mention (check.info, "model list is unknown"));

  check_clear (&check);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_check_draw_things (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  Check check;

  easel_fake_a1111_set_mode (fake, EASEL_FAKE_A1111_MODE_DRAW_THINGS);
  run_check (provider, &check);
  g_assert_no_error (check.error);
  g_assert_null (check.info->models);
  g_assert_null (check.info->samplers);
  g_assert_null (check.info->schedulers);
  g_assert_true (warnings_mention (check.info, "Draw Things"));

  check_clear (&check);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_check_cancelled (void)
{
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  EaselProvider *provider = provider_new (easel_fake_a1111_get_url (fake), NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Check check = { 0 };

  easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SD_MODELS,
                                    EASEL_FAKE_A1111_FAULT_STALL);
  easel_provider_check_async (provider, cancellable, check_cb, &check);
  g_cancellable_cancel (cancellable);
  easel_fake_wait_until (check_done, &check, WAIT_MS);
  g_assert_error (check.error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED);

  check_clear (&check);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

static void
test_check_errors (void)
{
  static const struct
  {
    const char         *name;
    EaselFakeA1111Mode  mode;
    const char         *server_auth;
    const char         *api_key;
    EaselFakeA1111Fault models_fault;
    gboolean            closed;
    EaselProviderError  code;
    const char         *text;
  } cases[] = {
    { "no-api", EASEL_FAKE_A1111_MODE_NO_API, NULL, NULL, 0, FALSE,
      EASEL_PROVIDER_ERROR_NOT_FOUND, "API not enabled. Start the server with --api" },
    { "no-credentials", EASEL_FAKE_A1111_MODE_A1111, "alice:s3cret", NULL, 0, FALSE,
      EASEL_PROVIDER_ERROR_AUTH, "“Not authenticated”" },
    { "wrong-credentials", EASEL_FAKE_A1111_MODE_A1111, "alice:s3cret", "alice:guess", 0, FALSE,
      EASEL_PROVIDER_ERROR_AUTH, "“Incorrect username or password”" },
    { "refused", EASEL_FAKE_A1111_MODE_A1111, NULL, NULL, 0, TRUE,
      EASEL_PROVIDER_ERROR_CONNECT, "Cannot connect" },
    { "stall", EASEL_FAKE_A1111_MODE_A1111, NULL, NULL, EASEL_FAKE_A1111_FAULT_STALL, FALSE,
      EASEL_PROVIDER_ERROR_TIMEOUT, "did not answer in time" },
    { "server-error", EASEL_FAKE_A1111_MODE_A1111, NULL, NULL,
      EASEL_FAKE_A1111_FAULT_MODEL_ERROR, FALSE, EASEL_PROVIDER_ERROR_SERVER, "RuntimeError" },
    { "not-json", EASEL_FAKE_A1111_MODE_A1111, NULL, NULL,
      EASEL_FAKE_A1111_FAULT_MALFORMED_JSON, FALSE, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
      "not JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EaselFakeA1111 *fake = easel_fake_a1111_new ();
      g_autofree char *closed = easel_fake_a1111_closed_url ();
      EaselProvider *provider;
      Check check;

      easel_fake_a1111_set_mode (fake, cases[i].mode);
      easel_fake_a1111_set_auth (fake, cases[i].server_auth);
      if (cases[i].models_fault != EASEL_FAKE_A1111_FAULT_NONE)
        easel_fake_a1111_set_route_fault (fake, EASEL_FAKE_A1111_SD_MODELS,
                                          cases[i].models_fault);
      provider = provider_new (cases[i].closed ? closed : easel_fake_a1111_get_url (fake),
                               cases[i].api_key, "{\"timeout_s\": 1}");
      run_check (provider, &check);
      g_test_message ("check %s → %s: %s", cases[i].name,
                      check.error != NULL
                        ? easel_provider_error_code_to_string (check.error->code) : "ok",
                      check.error != NULL ? check.error->message : "");
      g_assert_error (check.error, EASEL_PROVIDER_ERROR, (int) cases[i].code);
      if (strstr (check.error->message, cases[i].text) == NULL)
        g_error ("%s: “%s” not in “%s”", cases[i].name, cases[i].text, check.error->message);

      check_clear (&check);
      provider_release (provider);
      easel_fake_a1111_free (fake);
    }
}

/* The fault matrix of generate(): every fault, the exact code, the provider's own words. */

typedef struct
{
  const char         *name;
  EaselFakeA1111Mode  mode;
  EaselFakeA1111Fault fault;
  const char         *fault_route;   /* NULL = txt2img */
  const char         *server_auth;
  const char         *api_key;
  const char         *sampler;
  const char         *options;
  gboolean            closed;
  EaselProviderError  code;
  const char         *text;
  const char         *field;
  gint64              retry_after;
  gboolean            retryable;
} FaultCase;

static const FaultCase fault_cases[] = {
  { "refused", .closed = TRUE, .code = EASEL_PROVIDER_ERROR_CONNECT,
    .text = "Cannot connect to Studio GPU at 127.0.0.1", .retryable = TRUE },
  /* The per-job watchdog: a txt2img that never returns is interrupted, then abandoned. */
  { "stall-txt2img", .fault = EASEL_FAKE_A1111_FAULT_STALL,
    .options = "{\"job_timeout_s\": 0.3, \"cancel_grace_s\": 0.1}",
    .code = EASEL_PROVIDER_ERROR_TIMEOUT, .text = "did not finish the generation within 0.3 s",
    .retryable = TRUE },
  { "401-no-credentials", .server_auth = "alice:s3cret", .code = EASEL_PROVIDER_ERROR_AUTH,
    .text = "requires a user name and password (it runs with --api-auth): “Not authenticated”" },
  { "401-wrong-credentials", .server_auth = "alice:s3cret", .api_key = "alice:wrong",
    .code = EASEL_PROVIDER_ERROR_AUTH, .text = "“Incorrect username or password”" },
  { "401-txt2img", .fault = EASEL_FAKE_A1111_FAULT_UNAUTHORIZED,
    .code = EASEL_PROVIDER_ERROR_AUTH, .text = "“Incorrect username or password”" },
  { "429", .fault = EASEL_FAKE_A1111_FAULT_RATE_LIMITED,
    .code = EASEL_PROVIDER_ERROR_RATE_LIMITED, .text = "Too many requests, slow down",
    .retry_after = 7000, .retryable = TRUE },
  { "500-out-of-memory", .fault = EASEL_FAKE_A1111_FAULT_OUT_OF_MEMORY,
    .code = EASEL_PROVIDER_ERROR_SERVER,
    .text = "ran out of GPU memory: “OutOfMemoryError: CUDA out of memory. Tried to allocate" },
  { "500-model-error", .fault = EASEL_FAKE_A1111_FAULT_MODEL_ERROR,
    .code = EASEL_PROVIDER_ERROR_SERVER,
    .text = "“RuntimeError: Error(s) in loading state_dict", .retryable = TRUE },
  { "malformed-json", .fault = EASEL_FAKE_A1111_FAULT_MALFORMED_JSON,
    .code = EASEL_PROVIDER_ERROR_BAD_RESPONSE, .text = "sent an answer that is not JSON" },
  { "truncated", .fault = EASEL_FAKE_A1111_FAULT_TRUNCATED,
    .code = EASEL_PROVIDER_ERROR_BAD_RESPONSE, .text = "was cut off" },
  { "not-an-image", .fault = EASEL_FAKE_A1111_FAULT_NOT_AN_IMAGE,
    .code = EASEL_PROVIDER_ERROR_BAD_RESPONSE, .text = "image 1 of 1: The server sent something "
                                                       "that is not an image" },
  { "oversized", .fault = EASEL_FAKE_A1111_FAULT_OVERSIZED,
    .options = "{\"max_body_bytes\": 2097152}", .code = EASEL_PROVIDER_ERROR_BAD_RESPONSE,
    .text = "is larger than the 2.0\u00a0MiB limit" },
  { "422-validation", .fault = EASEL_FAKE_A1111_FAULT_VALIDATION,
    .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST,
    .text = "refused the request: steps: value is not a valid integer", .field = "steps" },
  { "empty-images", .fault = EASEL_FAKE_A1111_FAULT_EMPTY_IMAGES,
    .code = EASEL_PROVIDER_ERROR_BAD_RESPONSE,
    .text = "no image returned (Draw Things without an open project?)" },
  { "no-api", .mode = EASEL_FAKE_A1111_MODE_NO_API, .code = EASEL_PROVIDER_ERROR_NOT_FOUND,
    .text = "has no /sdapi/v1/txt2img (HTTP 404 “Not Found”): API not enabled. Start the "
            "server with --api" },
  { "legacy-sampler-not-found", .mode = EASEL_FAKE_A1111_MODE_LEGACY,
    .fault = EASEL_FAKE_A1111_FAULT_NOT_FOUND, .fault_route = EASEL_FAKE_A1111_SAMPLERS,
    .sampler = "Bogus", .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST,
    .text = "“Sampler not found”", .field = "sampler" },
  { "unknown-sampler", .sampler = "Bogus", .code = EASEL_PROVIDER_ERROR_INVALID_REQUEST,
    .text = "Sampler “Bogus” is not on this server", .field = "sampler" },
};

static void
test_fault (gconstpointer data)
{
  const FaultCase *c = data;
  EaselFakeA1111 *fake = easel_fake_a1111_new ();
  g_autofree char *closed = easel_fake_a1111_closed_url ();
  g_autoptr(EaselGenerateRequest) request = request_new (64, 3, 1, 42, c->sampler, NULL);
  EaselProvider *provider;
  Run run = { 0 };

  easel_fake_a1111_set_mode (fake, c->mode);
  easel_fake_a1111_set_auth (fake, c->server_auth);
  if (c->fault != EASEL_FAKE_A1111_FAULT_NONE)
    easel_fake_a1111_set_route_fault (fake, c->fault_route != NULL ? c->fault_route
                                                                   : EASEL_FAKE_A1111_TXT2IMG,
                                      c->fault);
  provider = provider_new (c->closed ? closed : easel_fake_a1111_get_url (fake), c->api_key,
                           c->options);

  run_start (provider, request, NULL, &run);
  run_wait (&run);
  g_assert_nonnull (run.error);
  g_test_message ("| %s | %s | %s |", c->name,
                  easel_provider_error_code_to_string (run.error->code), run.error->message);
  g_assert_error (run.error, EASEL_PROVIDER_ERROR, (int) c->code);
  if (strstr (run.error->message, c->text) == NULL)
    g_error ("%s: “%s” not in “%s”", c->name, c->text, run.error->message);
  /* A server's failure names the server, so a person knows which one to fix. */
  if (c->code != EASEL_PROVIDER_ERROR_INVALID_REQUEST || c->mode == EASEL_FAKE_A1111_MODE_LEGACY)
    g_assert_nonnull (strstr (run.error->message, "Studio GPU at 127.0.0.1:"));
  if (c->field != NULL)
    g_assert_cmpstr (easel_provider_error_get_field (run.error), ==, c->field);
  if (c->retry_after > 0)
    g_assert_cmpint (easel_provider_error_get_retry_after (run.error), ==, c->retry_after);
  g_assert_cmpint (easel_provider_error_is_retryable (run.error), ==, c->retryable);
  g_assert_cmpuint (easel_fake_a1111_get_max_concurrent (fake), <=, 1);
  /* Only the watchdog of a hung txt2img interrupts; no other failure does. */
  g_assert_cmpuint (easel_fake_a1111_get_interrupt_count (fake), ==,
                    c->code == EASEL_PROVIDER_ERROR_TIMEOUT && c->fault_route == NULL ? 1 : 0);

  run_clear (&run);
  provider_release (provider);
  easel_fake_a1111_free (fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/a1111-provider/generate", test_generate);
  g_test_add_func ("/easel/a1111-provider/random-seed", test_random_seed);
  g_test_add_func ("/easel/a1111-provider/sampler-substituted", test_sampler_substituted);
  g_test_add_func ("/easel/a1111-provider/sampler-validated", test_sampler_validated);
  g_test_add_func ("/easel/a1111-provider/model-resolved", test_model_resolved);
  g_test_add_func ("/easel/a1111-provider/grid-and-extra-sliced", test_grid_and_extra_sliced);
  g_test_add_func ("/easel/a1111-provider/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/easel/a1111-provider/cancel-running", test_cancel_running);
  g_test_add_func ("/easel/a1111-provider/cancel-queued", test_cancel_queued);
  g_test_add_func ("/easel/a1111-provider/cancel-preparing", test_cancel_preparing);
  g_test_add_func ("/easel/a1111-provider/broken-model-list", test_broken_model_list);
  g_test_add_func ("/easel/a1111-provider/invalid-url", test_invalid_url);
  g_test_add_func ("/easel/a1111-provider/progress-stuck", test_progress_stuck);
  g_test_add_func ("/easel/a1111-provider/previews-off", test_previews_off);
  g_test_add_func ("/easel/a1111-provider/draw-things", test_draw_things_generate);
  g_test_add_func ("/easel/a1111-provider/legacy-scheduler", test_legacy_scheduler);
  g_test_add_func ("/easel/a1111-provider/check/full", test_check_full);
  g_test_add_func ("/easel/a1111-provider/check/legacy", test_check_legacy);
  g_test_add_func ("/easel/a1111-provider/check/no-models", test_check_no_models);
  g_test_add_func ("/easel/a1111-provider/check/draw-things", test_check_draw_things);
  g_test_add_func ("/easel/a1111-provider/check/cancelled", test_check_cancelled);
  g_test_add_func ("/easel/a1111-provider/check/errors", test_check_errors);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/a1111-provider/fault/%s",
                                               fault_cases[i].name);

      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }

  return g_test_run ();
}
