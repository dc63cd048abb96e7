/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-a1111"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "easel-a1111-private.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* Reading what an A1111-compatible server answers: error bodies (§6), the txt2img result with
 * its `info` string (§3.3) and progress reports (§4). The two parsers run in worker threads:
 * answers carry megabytes of base64.
 */

/* The words of an A1111 error body: handle_exception's {error, detail, body, errors}, or
 * FastAPI's 422 {detail: [{loc, msg, type}]}. @field is the last `loc` element of a 422.
 */
static char *
provider_words (JsonNode  *node,
                char     **error_name,
                char     **field)
{
  JsonObject *object;
  JsonNode *detail;
  const char *name;
  const char *errors;
  const char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  name = easel_json_object_get_string (object, "error");
  errors = easel_json_object_get_string (object, "errors");
  detail = json_object_get_member (object, "detail");

  if (detail != NULL && JSON_NODE_HOLDS_ARRAY (detail))
    {
      JsonArray *items = json_node_get_array (detail);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          JsonArray *loc;
          const char *msg;
          const char *last = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          msg = easel_json_object_get_string (json_node_get_object (item), "msg");
          loc = easel_json_object_get_array (json_node_get_object (item), "loc");
          for (guint j = 0; loc != NULL && j < json_array_get_length (loc); j++)
            {
              JsonNode *part = json_array_get_element (loc, j);

              if (JSON_NODE_HOLDS_VALUE (part) &&
                  json_node_get_value_type (part) == G_TYPE_STRING &&
                  strcmp (json_node_get_string (part), "body") != 0)
                last = json_node_get_string (part);
            }
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append_printf (out, "%s%s%s", last != NULL ? last : "",
                                  last != NULL ? ": " : "", msg != NULL ? msg : "invalid");
          if (field != NULL && *field == NULL && last != NULL)
            *field = g_strdup (last);
        }
      return g_string_free (out, out->len == 0);
    }

  if (detail != NULL && JSON_NODE_HOLDS_VALUE (detail) &&
      json_node_get_value_type (detail) == G_TYPE_STRING && *json_node_get_string (detail))
    text = json_node_get_string (detail);
  else if (errors != NULL && *errors != '\0')
    text = errors;

  if (error_name != NULL)
    *error_name = g_strdup (name);
  if (text == NULL)
    return name != NULL ? g_strdup (name) : NULL;
  if (name != NULL && *name != '\0' && strcmp (name, "HTTPException") != 0)
    return g_strdup_printf ("%s: %s", name, text);
  return g_strdup (text);
}

/* The A1111 field names of a 422, as Easel's settings call them. */
static const char *
easel_field_name (const char *field)
{
  static const char * const names[][2] = {
    { "cfg_scale", "guidance" },
    { "sampler_name", "sampler" },
    { "sampler_index", "sampler" },
    { "batch_size", "count" },
    { "n_iter", "count" },
    { "override_settings", "model" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (field, names[i][0]) == 0)
      return names[i][1];
  return field;
}

/**
 * _easel_a1111_error_from_response:
 * @route: the route that failed ("/sdapi/v1/txt2img")
 *
 * §6: 401 → AUTH with the server's words ("Not authenticated", "Incorrect username or
 * password"); FastAPI's 404 "Not Found" → the API is not enabled; a 404 "Sampler not found"
 * (before v1.9) → INVALID_REQUEST on the sampler; 400/422 → INVALID_REQUEST with the field;
 * 500 → SERVER with the exception name (an out-of-memory is not retried); 429 → RATE_LIMITED.
 */
GError *
_easel_a1111_error_from_response (const char  *what,
                                  SoupMessage *message,
                                  GBytes      *body,
                                  const char  *route)
{
  guint status = soup_message_get_status (message);
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  g_autoptr(JsonNode) node = easel_json_parse (data, (gssize) length, NULL);
  g_autofree char *name = NULL;
  g_autofree char *field = NULL;
  g_autofree char *words = provider_words (node, &name, &field);
  g_autofree char *excerpt = easel_http_body_excerpt (body, 500);
  GError *error;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      if (g_strcmp0 (words, "Not authenticated") == 0)
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                             _("%s requires a user name and password (it runs with --api-auth): "
                               "“%s”. Enter them as user:password in the provider's API key."),
                             what, words);
      else if (g_strcmp0 (words, "Incorrect username or password") == 0)
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                             _("%s refused the user name or password: “%s”. The API key must be "
                               "user:password exactly as given to --api-auth."), what, words);
      else
        error = easel_http_status_error (message, body, what, words);
    }
  else if (status == SOUP_STATUS_NOT_FOUND && g_strcmp0 (words, "Sampler not found") == 0)
    {
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                           _("%s refused the request: “%s”. Choose one of the server's "
                             "samplers (Test connection lists them)."), what, words);
      easel_provider_error_set_field (error, "sampler");
    }
  else if (status == SOUP_STATUS_NOT_FOUND &&
           (words == NULL || g_strcmp0 (words, "Not Found") == 0))
    {
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                           _("%s has no %s (HTTP 404 “Not Found”): API not enabled. Start the "
                             "server with --api (or use its API-only mode --nowebui), and check "
                             "the address."), what, route);
    }
  else if (status == SOUP_STATUS_BAD_REQUEST || status == 422)
    {
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                           _("%s refused the request: %s."), what,
                           words != NULL ? words : excerpt);
      if (field != NULL)
        easel_provider_error_set_field (error, easel_field_name (field));
    }
  else if (status >= 500 && words != NULL &&
           (strstr (words, "OutOfMemory") != NULL || strstr (words, "out of memory") != NULL))
    {
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                           _("%s ran out of GPU memory: “%s”. Lower the size, the image count "
                             "or the hires fix scale."), what, words);
      /* The same request would run out of memory again. */
      easel_provider_error_set_no_retry (error);
    }
  else if (status >= 500 && words != NULL)
    error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                         _("%s failed: “%s”. Check the server's console; Easel retries a few "
                           "times."), what, words);
  else
    return easel_http_status_error (message, body, what, words);

  easel_provider_error_set_details (error, excerpt);
  return error;
}

void
_easel_a1111_response_input_free (EaselA1111ResponseInput *input)
{
  if (input == NULL)
    return;
  g_clear_pointer (&input->body, g_bytes_unref);
  g_free (input->what);
  g_clear_pointer (&input->effective, easel_image_setting_free);
  g_clear_pointer (&input->adjustments, g_ptr_array_unref);
  g_free (input->sent_sampler);
  g_free (input->sent_model_title);
  g_free (input->sent_model_name);
  g_free (input);
}

void
_easel_a1111_response_output_free (EaselA1111ResponseOutput *output)
{
  if (output == NULL)
    return;
  g_clear_pointer (&output->images, g_ptr_array_unref);
  g_free (output->version);
  g_free (output);
}

/* `info` is a string holding JSON (json.dumps(Processed.js())); some forks send the object. */
static JsonObject *
parse_info (JsonObject *root,
            JsonNode  **holder)
{
  JsonNode *info = json_object_get_member (root, "info");

  if (info == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (info))
    return json_node_get_object (info);
  if (JSON_NODE_HOLDS_VALUE (info) && json_node_get_value_type (info) == G_TYPE_STRING)
    {
      *holder = easel_json_parse (json_node_get_string (info), -1, NULL);
      if (*holder != NULL && JSON_NODE_HOLDS_OBJECT (*holder))
        return json_node_get_object (*holder);
    }
  return NULL;
}

static const char *
array_string (JsonArray *array,
              guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/**
 * _easel_a1111_parse_response:
 *
 * The txt2img answer → images. Takes `len(info.all_seeds)` images from
 * `info.index_of_first_image` (skipping a grid before and extension images after); per image the
 * seed from `all_seeds[i]`, the infotext verbatim from `infotexts[first + i]`, and the sampler
 * the server actually used, flagged when it is not the one sent. Without `info` (Draw Things)
 * every image is a result.
 */
EaselA1111ResponseOutput *
_easel_a1111_parse_response (const EaselA1111ResponseInput  *input,
                             GError                        **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(JsonNode) info_holder = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  EaselA1111ResponseOutput *output;
  JsonObject *root;
  JsonObject *info = NULL;
  JsonArray *encoded;
  JsonArray *seeds = NULL;
  JsonArray *infotexts = NULL;
  const char *used_sampler = NULL;
  const char *used_model = NULL;
  gint64 first = 0;
  guint total;
  guint count;
  gboolean info_unreadable = FALSE;
  gsize length = 0;
  const char *data = g_bytes_get_data (input->body, &length);

  root_node = easel_json_parse (data, (gssize) length, &local_error);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_autofree char *excerpt = easel_http_body_excerpt (input->body, 120);

      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s sent an answer that is not JSON (HTTP %u, “%s”): %s"),
                   input->what, input->status, excerpt,
                   local_error != NULL ? local_error->message : _("not an object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  encoded = easel_json_object_get_array (root, "images");
  if (encoded == NULL)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s answered without an “images” list; is this an A1111-compatible "
                     "server?"), input->what);
      return NULL;
    }
  total = json_array_get_length (encoded);
  if (total == 0)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s finished but no image returned (Draw Things without an open project?). "
                     "Open a project in the app, or check the server's console."), input->what);
      return NULL;
    }

  if (json_object_has_member (root, "info") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (root, "info")))
    {
      info = parse_info (root, &info_holder);
      info_unreadable = info == NULL;
    }

  if (info != NULL)
    {
      if (!easel_json_object_get_int (info, "index_of_first_image", &first) || first < 0)
        first = 0;
      seeds = easel_json_object_get_array (info, "all_seeds");
      infotexts = easel_json_object_get_array (info, "infotexts");
      used_sampler = easel_json_object_get_string (info, "sampler_name");
      used_model = easel_json_object_get_string (info, "sd_model_name");
    }
  if ((guint) first >= total)
    first = 0;
  count = total - (guint) first;
  if (seeds != NULL && json_array_get_length (seeds) > 0)
    count = MIN (count, json_array_get_length (seeds));

  images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
  for (guint i = 0; i < count; i++)
    {
      guint index = (guint) first + i;
      const char *base64 = array_string (encoded, index);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) decode_error = NULL;
      EaselGeneratedImage *image;
      EaselImageInfo image_info = { 0 };
      gint64 seed;

      if (base64 == NULL)
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       _("%s sent image %u of %u that is not a base64 text"), input->what,
                       i + 1, count);
          return NULL;
        }
      bytes = easel_base64_decode_image (base64, input->max_dimension, &image_info,
                                         &decode_error);
      if (bytes == NULL)
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       _("%s: image %u of %u: %s"), input->what, i + 1, count,
                       decode_error->message);
          return NULL;
        }

      image = easel_generated_image_new (bytes);
      image->mime_type = g_strdup (image_info.mime_type);
      image->width = image_info.width;
      image->height = image_info.height;
      image->effective = easel_image_setting_copy (input->effective);
      for (guint j = 0; input->adjustments != NULL && j < input->adjustments->len; j++)
        easel_generated_image_add_adjustment (image, g_ptr_array_index (input->adjustments, j));

      if (seeds != NULL && i < json_array_get_length (seeds) &&
          easel_json_get_int (json_array_get_element (seeds, i), &seed))
        {
          image->has_seed = TRUE;
          image->seed = seed;
        }
      else if (info == NULL && input->effective->has_seed && count == 1)
        {
          /* Draw Things: no info, but a single image used the seed that was sent. */
          image->has_seed = TRUE;
          image->seed = input->effective->seed;
        }
      image->effective->has_seed = image->has_seed;
      image->effective->seed = image->has_seed ? image->seed : 0;

      image->infotext = g_strdup (array_string (infotexts, index));

      if (used_sampler != NULL)
        {
          if (input->sent_sampler != NULL && strcmp (input->sent_sampler, used_sampler) != 0)
            {
              g_autofree char *text = g_strdup_printf (_("sampler “%s” → “%s” (server "
                                                         "substituted)"),
                                                       input->sent_sampler, used_sampler);

              easel_generated_image_add_adjustment (image, text);
              /* The scheduler sent belonged to the sampler that was asked for. */
              easel_image_setting_set_string (&image->effective->sampler, used_sampler);
            }
          else if (input->sent_sampler == NULL)
            easel_image_setting_set_string (&image->effective->sampler, used_sampler);
        }

      if (used_model != NULL && input->sent_model_name != NULL &&
          strcmp (used_model, input->sent_model_name) != 0)
        {
          g_autofree char *text = g_strdup_printf (_("model “%s” → “%s” (server kept another "
                                                     "checkpoint)"),
                                                   input->sent_model_title, used_model);

          easel_generated_image_add_adjustment (image, text);
          image->model = g_strdup (used_model);
          easel_image_setting_set_string (&image->effective->model, used_model);
        }
      else if (input->sent_model_title != NULL)
        image->model = g_strdup (input->sent_model_title);
      else
        image->model = g_strdup (used_model);

      if (image->effective->width == 0 && info != NULL)
        {
          gint64 w = 0, h = 0;

          if (easel_json_object_get_int (info, "width", &w) &&
              easel_json_object_get_int (info, "height", &h) && w > 0 && h > 0)
            {
              image->effective->width = (int) MIN (w, G_MAXINT);
              image->effective->height = (int) MIN (h, G_MAXINT);
            }
        }
      if (info_unreadable)
        easel_generated_image_add_adjustment (image, _("the server's “info” was not readable: "
                                                       "seed and sampler used are unknown"));
      g_ptr_array_add (images, image);
    }

  output = g_new0 (EaselA1111ResponseOutput, 1);
  output->images = g_steal_pointer (&images);
  if (info != NULL)
    output->version = g_strdup (easel_json_object_get_string (info, "version"));
  return output;
}

void
_easel_a1111_progress_report_free (EaselA1111ProgressReport *report)
{
  if (report == NULL)
    return;
  g_free (report->text);
  g_clear_pointer (&report->preview, g_bytes_unref);
  g_free (report->preview_mime);
  g_free (report);
}

/**
 * _easel_a1111_parse_progress:
 * @last_preview_key: the key of the preview already delivered, so it is not decoded again
 *
 * `GET /sdapi/v1/progress` → fraction, "Step 12 of 30 (about 8 s left)" and the decoded
 * `current_image`. Best effort: anything unreadable yields %NULL or no preview.
 */
EaselA1111ProgressReport *
_easel_a1111_parse_progress (GBytes *body,
                             guint   last_preview_key,
                             int     max_dimension)
{
  g_autoptr(JsonNode) node = NULL;
  EaselA1111ProgressReport *report;
  JsonObject *object;
  JsonObject *state;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  const char *current_image;
  const char *textinfo;
  const char *job = NULL;
  double progress = -1;
  double eta = 0;
  gint64 step = 0, steps = 0, job_no = 0, job_count = 0;
  GString *text;

  node = easel_json_parse (data, (gssize) length, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  state = easel_json_object_get_object (object, "state");

  easel_json_object_get_number (object, "progress", &progress);
  easel_json_object_get_number (object, "eta_relative", &eta);
  if (state != NULL)
    {
      easel_json_object_get_int (state, "sampling_step", &step);
      easel_json_object_get_int (state, "sampling_steps", &steps);
      easel_json_object_get_int (state, "job_no", &job_no);
      easel_json_object_get_int (state, "job_count", &job_count);
      job = easel_json_object_get_string (state, "job");
    }
  textinfo = easel_json_object_get_string (object, "textinfo");

  report = g_new0 (EaselA1111ProgressReport, 1);
  report->fraction = progress >= 0 ? CLAMP (progress, 0.0, 1.0) : -1;
  report->preview_key = last_preview_key;

  text = g_string_new (NULL);
  if (steps > 0)
    {
      if (job_count > 1)
        g_string_append_printf (text, _("Batch %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", "),
                                MIN (job_no + 1, job_count), job_count);
      g_string_append_printf (text, job_count > 1 ? _("step %" G_GINT64_FORMAT " of %"
                                                      G_GINT64_FORMAT)
                                                  : _("Step %" G_GINT64_FORMAT " of %"
                                                      G_GINT64_FORMAT),
                              MIN (step, steps), steps);
      if (isfinite (eta) && eta >= 1)
        g_string_append_printf (text, _(" (about %d s left)"), (int) lround (eta));
    }
  else if ((job != NULL && *job != '\0') || job_count > 0)
    g_string_append (text, textinfo != NULL && *textinfo != '\0' ? textinfo : _("Preparing"));
  else
    {
      /* Idle, or our request still waits behind another client's job. */
      g_string_append (text, _("Waiting for the server"));
      report->fraction = -1;
    }
  report->text = g_string_free (text, FALSE);

  current_image = easel_json_object_get_string (object, "current_image");
  if (current_image != NULL && *current_image != '\0')
    {
      guint key = g_str_hash (current_image) ^ (guint) strlen (current_image);

      if (key != last_preview_key)
        {
          EaselImageInfo info = { 0 };
          g_autoptr(GError) error = NULL;

          report->preview = easel_base64_decode_image (current_image, max_dimension, &info,
                                                       &error);
          if (report->preview != NULL)
            {
              report->preview_mime = g_strdup (info.mime_type);
              report->preview_key = key;
            }
          else
            g_debug ("Ignoring a preview that does not decode: %s", error->message);
        }
    }
  return report;
}
