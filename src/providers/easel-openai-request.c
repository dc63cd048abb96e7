/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-http.h"
#include "easel-worker.h"
#include "easel-image-info.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-openai-private.h"
#include "easel-openai-stream.h"

/* One `POST /images/generations` (protocols/openai-images.md §2–§5). The main loop only moves
 * bytes: a JSON answer (megabytes of base64) is parsed and decoded in a worker thread, and so is
 * each streamed event. URL answers are downloaded at once (they expire after an hour), with the
 * API key only when the URL is on the API's own origin.
 */

/* Error bodies are small; a proxy's page is not worth more than this. */
#define ERROR_BODY_MAX (1024 * 1024)

typedef struct
{
  GBytes         *bytes;
  EaselImageInfo  info;
  char           *url;
  char           *revised_prompt;
} Item;

typedef struct
{
  EaselOpenaiProvider    *provider;
  JsonNode               *body;
  EaselImageSetting      *effective;
  GPtrArray              *adjustments;
  char                   *model;
  int                     n;
  gboolean                streaming;
  gboolean                fell_back;
  int                     partials;

  SoupMessage            *message;
  GInputStream           *stream;
  EaselSseReader         *reader;
  char                   *request_id;
  int                     previews;

  GPtrArray              *items;
  char                   *usage_json;
  guint                   next_url;
  SoupMessage            *download;

  EaselOpenaiPreviewFunc  preview;
  gpointer                preview_data;
} RequestData;

static void
item_free (Item *item)
{
  g_clear_pointer (&item->bytes, g_bytes_unref);
  g_free (item->url);
  g_free (item->revised_prompt);
  g_free (item);
}

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->provider);
  g_clear_pointer (&data->body, json_node_unref);
  g_clear_pointer (&data->effective, easel_image_setting_free);
  g_clear_pointer (&data->adjustments, g_ptr_array_unref);
  g_free (data->model);
  g_clear_object (&data->message);
  g_clear_pointer (&data->reader, easel_sse_reader_free);
  g_clear_object (&data->stream);
  g_free (data->request_id);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data->usage_json);
  g_clear_object (&data->download);
  g_free (data);
}

static const char *
what_of (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  return _easel_openai_provider_get_what (data->provider);
}

static void
return_error (GTask    *task,
              GError   *error,
              gboolean  no_retry)
{
  RequestData *data = g_task_get_task_data (task);

  /* A GTask whose cancellable fired propagates GIO's own "cancelled": map it like the rest. */
  if (error->domain != EASEL_PROVIDER_ERROR)
    {
      GError *mapped = easel_provider_error_from_transport (error, what_of (task));

      g_error_free (error);
      error = mapped;
    }
  _easel_openai_provider_scrub (data->provider, error);
  if (error->domain == EASEL_PROVIDER_ERROR)
    {
      if (no_retry)
        easel_provider_error_set_no_retry (error);
      if (easel_provider_error_get_request_id (error) == NULL && data->request_id != NULL)
        easel_provider_error_set_request_id (error, data->request_id);
    }
  g_task_return_error (task, error);
}

/* ---- decoding, in a worker thread -------------------------------------------------------- */

typedef struct
{
  GBytes     *body;
  char       *what;
} DecodeInput;

typedef struct
{
  GPtrArray  *items;
  char       *usage_json;
  JsonObject *error;
  char       *error_raw;
} Decoded;

static void
decode_input_free (DecodeInput *input)
{
  g_bytes_unref (input->body);
  g_free (input->what);
  g_free (input);
}

static void
decoded_free (Decoded *decoded)
{
  g_clear_pointer (&decoded->items, g_ptr_array_unref);
  g_free (decoded->usage_json);
  g_clear_pointer (&decoded->error, json_object_unref);
  g_free (decoded->error_raw);
  g_free (decoded);
}

static char *
member_to_string (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return easel_json_to_string (node, FALSE);
}

static GError *
not_json_error (GBytes     *body,
                const char *what,
                GError     *parse_error)
{
  g_autofree char *excerpt = easel_http_body_excerpt (body, 120);
  GError *error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("%s sent an answer that is not JSON (“%s”): %s"),
                               what, excerpt, parse_error->message);

  easel_provider_error_set_details (error, excerpt);
  return error;
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DecodeInput *input = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Decoded *decoded;
  JsonObject *object;
  JsonArray *array;
  gsize length = 0;
  const char *text = g_bytes_get_data (input->body, &length);

  easel_worker_lower_priority ();
  root = easel_json_parse (text, (gssize) length, &error);
  if (root == NULL)
    {
      g_task_return_error (task, not_json_error (input->body, input->what, error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("%s answered with JSON that is not an image response"),
                               input->what);
      return;
    }
  object = json_node_get_object (root);
  decoded = g_new0 (Decoded, 1);

  /* Some relays answer 200 with an error body. */
  if (easel_json_object_get_object (object, "error") != NULL &&
      easel_json_object_get_array (object, "data") == NULL)
    {
      decoded->error = json_object_ref (easel_json_object_get_object (object, "error"));
      decoded->error_raw = g_strndup (text, MIN (length, 4000));
      g_task_return_pointer (task, decoded, (GDestroyNotify) decoded_free);
      return;
    }

  array = easel_json_object_get_array (object, "data");
  if (array == NULL || json_array_get_length (array) == 0)
    {
      decoded_free (decoded);
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("%s answered without any image"), input->what);
      return;
    }

  decoded->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *b64 = easel_json_object_get_string (entry, "b64_json");
      const char *url = easel_json_object_get_string (entry, "url");
      Item *item;

      if (g_task_return_error_if_cancelled (task))
        {
          decoded_free (decoded);
          return;
        }
      if (b64 == NULL && (url == NULL || *url == '\0'))
        {
          decoded_free (decoded);
          g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                   _("%s answered with an image entry that has neither "
                                     "b64_json nor url"), input->what);
          return;
        }

      item = g_new0 (Item, 1);
      item->revised_prompt = g_strdup (easel_json_object_get_string (entry, "revised_prompt"));
      g_ptr_array_add (decoded->items, item);
      if (b64 != NULL)
        {
          item->bytes = easel_base64_decode_image (b64, EASEL_IMAGE_MAX_DIMENSION, &item->info,
                                                   &error);
          if (item->bytes == NULL)
            {
              decoded_free (decoded);
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }
      else
        item->url = g_strdup (url);
    }
  decoded->usage_json = member_to_string (object, "usage");
  g_task_return_pointer (task, decoded, (GDestroyNotify) decoded_free);
}

/* ---- building the results ----------------------------------------------------------------- */

static void
return_images (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (
    (GDestroyNotify) easel_generated_image_free);

  for (guint i = 0; i < data->items->len; i++)
    {
      Item *item = g_ptr_array_index (data->items, i);
      EaselGeneratedImage *image = easel_generated_image_new (item->bytes);

      image->mime_type = g_strdup (item->info.mime_type);
      image->width = item->info.width;
      image->height = item->info.height;
      image->model = g_strdup (data->model);
      image->effective = easel_image_setting_copy (data->effective);
      for (guint j = 0; j < data->adjustments->len; j++)
        easel_generated_image_add_adjustment (image, g_ptr_array_index (data->adjustments, j));
      if (data->effective->width > 0 &&
          (image->width != data->effective->width || image->height != data->effective->height))
        {
          g_autofree char *text =
            g_strdup_printf (_("the server returned %d×%d instead of the %d×%d asked for"),
                             image->width, image->height, data->effective->width,
                             data->effective->height);
          easel_generated_image_add_adjustment (image, text);
        }
      image->revised_prompt = g_strdup (item->revised_prompt);
      image->usage_json = g_strdup (data->usage_json);
      image->request_id = g_strdup (data->request_id);
      g_ptr_array_add (images, image);
    }
  g_task_return_pointer (task, g_steal_pointer (&images), (GDestroyNotify) g_ptr_array_unref);
}

/* ---- URL answers ------------------------------------------------------------------------- */

static void download_next (GTask *task);

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  Item *item = g_ptr_array_index (data->items, data->next_url);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  guint status;

  bytes = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      return_error (task, error, FALSE);
      return;
    }
  status = soup_message_get_status (data->download);
  if (status < 200 || status >= 300)
    {
      g_autofree char *excerpt = easel_http_body_excerpt (bytes, 120);

      error = g_error_new (EASEL_PROVIDER_ERROR,
                           status >= 500 ? EASEL_PROVIDER_ERROR_SERVER
                                         : EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                           _("Downloading the generated image from %s failed: HTTP %u %s (“%s”). "
                             "Image links expire after an hour."),
                           g_uri_get_host (soup_message_get_uri (data->download)), status,
                           soup_message_get_reason_phrase (data->download), excerpt);
      return_error (task, error, FALSE);
      return;
    }
  if (!easel_image_info_check (bytes, EASEL_IMAGE_MAX_DIMENSION, &item->info, &error))
    {
      return_error (task, error, FALSE);
      return;
    }
  item->bytes = g_steal_pointer (&bytes);
  data->next_url++;
  download_next (g_steal_pointer (&task));
}

static void
download_next (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupSession *session = _easel_openai_provider_get_session (data->provider);
  Item *item = NULL;

  while (data->next_url < data->items->len)
    {
      item = g_ptr_array_index (data->items, data->next_url);
      if (item->bytes == NULL)
        break;
      data->next_url++;
      item = NULL;
    }
  if (item == NULL)
    {
      return_images (task);
      g_object_unref (task);
      return;
    }

  /* Relays sometimes answer a path; resolve it against the API's address. */
  base = g_uri_parse (_easel_openai_provider_get_base_url (data->provider), G_URI_FLAGS_ENCODED,
                      NULL);
  uri = base != NULL ? g_uri_parse_relative (base, item->url, G_URI_FLAGS_ENCODED, NULL) : NULL;
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      return_error (task, g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                       _("%s answered with an image link that is not a web "
                                         "address"), what_of (task)), FALSE);
      g_object_unref (task);
      return;
    }

  g_clear_object (&data->download);
  data->download = soup_message_new_from_uri ("GET", uri);
  if (_easel_openai_provider_same_origin (data->provider, uri))
    {
      /* The key may go to the API's own origin, and never follow a redirect elsewhere. */
      _easel_openai_provider_set_auth (data->provider, data->download);
      soup_message_add_flags (data->download, SOUP_MESSAGE_NO_REDIRECT);
    }
  g_debug ("downloading image %u of %u from %s", data->next_url + 1, data->items->len,
           g_uri_get_host (uri));
  easel_http_send_async (session, data->download,
                         _easel_openai_provider_get_max_body (data->provider), what_of (task),
                         g_task_get_cancellable (task), download_cb, task);
}

static void
decode_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  GError *error = NULL;
  Decoded *decoded;

  decoded = g_task_propagate_pointer (G_TASK (result), &error);
  if (decoded == NULL)
    {
      return_error (task, error, FALSE);
      return;
    }
  if (decoded->error != NULL)
    {
      error = _easel_openai_error_from_object (soup_message_get_status (data->message),
                                               soup_message_get_response_headers (data->message),
                                               decoded->error, decoded->error_raw,
                                               what_of (task), data->model);
      decoded_free (decoded);
      return_error (task, error, FALSE);
      return;
    }
  g_clear_pointer (&data->items, g_ptr_array_unref);
  data->items = g_steal_pointer (&decoded->items);
  g_free (data->usage_json);
  data->usage_json = g_steal_pointer (&decoded->usage_json);
  decoded_free (decoded);
  download_next (g_steal_pointer (&task));
}

static void
json_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GTask) worker = NULL;
  DecodeInput *input;
  GError *error = NULL;
  GBytes *bytes;

  bytes = easel_http_read_body_finish (SOUP_MESSAGE (object), result, &error);
  if (bytes == NULL)
    {
      return_error (task, error, FALSE);
      return;
    }

  input = g_new0 (DecodeInput, 1);
  input->body = bytes;
  input->what = g_strdup (what_of (task));
  worker = g_task_new (NULL, cancellable, decode_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, decode_thread);
  g_task_set_task_data (worker, input, (GDestroyNotify) decode_input_free);
  g_task_run_in_thread (worker, decode_thread);
}

/* ---- streamed answers -------------------------------------------------------------------- */

typedef struct
{
  char       *type;
  GBytes     *bytes;
  EaselImageInfo info;
  int         partial_index;
  char       *usage_json;
  JsonObject *error;
  char       *error_raw;
} EventResult;

static void
event_result_free (EventResult *result)
{
  g_free (result->type);
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_free (result->usage_json);
  g_clear_pointer (&result->error, json_object_unref);
  g_free (result->error_raw);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EventResult, event_result_free)

static void
event_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EaselSseEvent *event = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EventResult) result = NULL;
  JsonObject *object;
  const char *b64;
  gint64 index = -1;
  gsize length = 0;
  const char *text = g_bytes_get_data (event->data, &length);

  easel_worker_lower_priority ();
  root = easel_json_parse (text, (gssize) length, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *excerpt = easel_http_body_excerpt (event->data, 120);

      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("A streamed event is not a JSON object (“%s”)"), excerpt);
      return;
    }
  object = json_node_get_object (root);

  result = g_new0 (EventResult, 1);
  result->partial_index = -1;
  result->type = g_strdup (easel_json_object_get_string (object, "type"));
  if (result->type == NULL)
    result->type = g_strdup (event->event);

  /* §5: an `error` event, or any data with an `error` key, is an API error. */
  if (g_strcmp0 (event->event, "error") == 0 || json_object_has_member (object, "error"))
    {
      JsonObject *inner = easel_json_object_get_object (object, "error");

      result->error = json_object_ref (inner != NULL ? inner : object);
      result->error_raw = g_strndup (text, MIN (length, 4000));
      g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) event_result_free);
      return;
    }

  b64 = easel_json_object_get_string (object, "b64_json");
  if (g_str_has_suffix (result->type, ".partial_image") ||
      g_str_has_suffix (result->type, ".completed"))
    {
      result->bytes = easel_base64_decode_image (b64, EASEL_IMAGE_MAX_DIMENSION, &result->info,
                                                 &error);
      if (result->bytes == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (easel_json_object_get_int (object, "partial_image_index", &index))
        result->partial_index = (int) CLAMP (index, 0, 16);
      result->usage_json = member_to_string (object, "usage");
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) event_result_free);
}

static void next_event (GTask *task);

static GError *
stream_ended_error (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                      _("The stream from %s ended before the image was complete (%d of %d "
                        "previews arrived). A stream that started is not retried; generate "
                        "again."), what_of (task), data->previews, data->partials);
}

static void
event_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(EventResult) event = NULL;
  GError *error = NULL;

  event = g_task_propagate_pointer (G_TASK (result), &error);
  if (event == NULL)
    {
      return_error (task, error, TRUE);
      return;
    }
  if (event->error != NULL)
    {
      error = _easel_openai_error_from_object (200,
                                               soup_message_get_response_headers (data->message),
                                               event->error, event->error_raw, what_of (task),
                                               data->model);
      return_error (task, error, TRUE);
      return;
    }

  if (g_str_has_suffix (event->type, ".partial_image"))
    {
      int index = event->partial_index >= 0 ? event->partial_index : data->previews;

      data->previews++;
      if (data->preview != NULL)
        data->preview (event->bytes, event->info.mime_type, index, data->partials,
                       data->preview_data);
    }
  else if (g_str_has_suffix (event->type, ".completed"))
    {
      Item *item = g_new0 (Item, 1);

      item->bytes = g_steal_pointer (&event->bytes);
      item->info = event->info;
      g_ptr_array_add (data->items, item);
      if (event->usage_json != NULL)
        {
          g_free (data->usage_json);
          data->usage_json = g_steal_pointer (&event->usage_json);
        }
      if ((int) data->items->len >= data->n)
        {
          return_images (task);
          return;
        }
    }
  else
    g_debug ("ignoring stream event %s", event->type);

  next_event (g_steal_pointer (&task));
}

static void
event_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GTask) worker = NULL;
  EaselSseEvent *event;
  GError *error = NULL;

  event = easel_sse_reader_next_finish (data->reader, result, &error);
  if (error != NULL)
    {
      return_error (task, error, TRUE);
      return;
    }
  if (event == NULL)
    {
      return_error (task, stream_ended_error (task), TRUE);
      return;
    }

  worker = g_task_new (NULL, cancellable, event_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, event_thread);
  g_task_set_task_data (worker, event, (GDestroyNotify) easel_sse_event_free);
  g_task_run_in_thread (worker, event_thread);
}

static void
next_event (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);

  easel_sse_reader_next_async (data->reader, g_task_get_cancellable (task), event_cb, task);
}

/* ---- sending ----------------------------------------------------------------------------- */

static void send_request (GTask *task);

/* §9: a compatible server that refuses the streaming fields gets the request again without
 * them, once.
 */
static gboolean
fall_back_from_stream (GTask  *task,
                       GError *error)
{
  RequestData *data = g_task_get_task_data (task);
  const char *field = easel_provider_error_get_field (error);
  JsonObject *body = json_node_get_object (data->body);

  if (!data->streaming || data->fell_back ||
      !g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST) ||
      (g_strcmp0 (field, "stream") != 0 && g_strcmp0 (field, "partial_images") != 0))
    return FALSE;

  json_object_remove_member (body, "stream");
  json_object_remove_member (body, "partial_images");
  json_object_remove_member (data->effective->extra_settings, "stream");
  json_object_remove_member (data->effective->extra_settings, "partial_images");
  g_ptr_array_add (data->adjustments,
                   g_strdup (_("stream ignored: this server does not stream; sent without "
                               "previews")));
  data->streaming = FALSE;
  data->fell_back = TRUE;
  return TRUE;
}

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = easel_http_read_body_finish (SOUP_MESSAGE (object), result, &error);
  if (bytes == NULL)
    {
      return_error (task, error, FALSE);
      return;
    }
  error = _easel_openai_error_from_response (data->message, bytes, what_of (task), data->model);
  if (fall_back_from_stream (task, error))
    {
      g_debug ("the server refused streaming; sending again without it");
      g_error_free (error);
      send_request (g_steal_pointer (&task));
      return;
    }
  return_error (task, error, FALSE);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *what = what_of (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  gsize max_body = _easel_openai_provider_get_max_body (data->provider);

  g_clear_object (&data->stream);
  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      return_error (task, easel_provider_error_from_transport (error, what), FALSE);
      return;
    }

  headers = soup_message_get_response_headers (data->message);
  _easel_openai_provider_note_response (data->provider, data->message);
  g_free (data->request_id);
  data->request_id = g_strdup (soup_message_headers_get_one (headers, "x-request-id"));
  g_debug ("HTTP %u for %s (request id %s)", soup_message_get_status (data->message),
           data->model, data->request_id != NULL ? data->request_id : "none");

  if (!easel_http_status_is_success (data->message))
    {
      easel_http_read_body_async (data->message, data->stream, ERROR_BODY_MAX, what,
                                  cancellable, error_body_cb, g_steal_pointer (&task));
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "text/event-stream") == 0)
    {
      /* §5: previews, then one `completed` per image; no retry once this has started. */
      data->reader = easel_sse_reader_new (data->stream, max_body,
                                           max_body * (gsize) (data->partials + 1) * data->n,
                                           what);
      next_event (g_steal_pointer (&task));
      return;
    }

  /* A JSON answer, also when streaming was asked for and the server ignored it. */
  easel_http_read_body_async (data->message, data->stream, max_body * (gsize) data->n,
                              what, cancellable, json_body_cb, g_steal_pointer (&task));
}

static void
send_request (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  SoupSession *session = _easel_openai_provider_get_session (data->provider);

  g_clear_object (&data->message);
  data->message = _easel_openai_provider_new_message (data->provider, "POST",
                                                      "/images/generations");
  if (data->message == NULL)
    {
      return_error (task, g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                                       _("“%s” is not a web address; check the provider’s "
                                         "base URL"),
                                       _easel_openai_provider_get_base_url (data->provider)),
                    FALSE);
      g_object_unref (task);
      return;
    }
  easel_http_set_json_body (data->message, data->body);
  g_debug ("POST images/generations: model %s, n %d%s", data->model, data->n,
           data->streaming ? ", streamed" : "");
  soup_session_send_async (session, data->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, task);
}

/**
 * _easel_openai_request_async:
 * @body: the request body; `n` images; streamed when it has `"stream": true`
 * @mapped: the mapping it came from (effective settings and adjustments for the results)
 * @preview: (nullable): called on this thread with each partial image
 */
void
_easel_openai_request_async (EaselOpenaiProvider      *self,
                             JsonNode                 *body,
                             const EaselMappedRequest *mapped,
                             EaselOpenaiPreviewFunc    preview,
                             gpointer                  preview_data,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;
  JsonObject *object = json_node_get_object (body);
  gint64 partials = 0;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _easel_openai_request_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (RequestData, 1);
  data->provider = g_object_ref (self);
  data->body = easel_json_deep_copy (body);
  data->effective = easel_image_setting_copy (mapped->effective);
  data->adjustments = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < mapped->adjustments->len; i++)
    g_ptr_array_add (data->adjustments, g_strdup (g_ptr_array_index (mapped->adjustments, i)));
  data->model = g_strdup (easel_json_object_get_string (object, "model"));
  data->n = (int) json_object_get_int_member_with_default (object, "n", 1);
  data->effective->count = data->n;
  data->streaming = json_object_get_boolean_member_with_default (object, "stream", FALSE);
  if (easel_json_object_get_int (object, "partial_images", &partials))
    data->partials = (int) CLAMP (partials, 0, 3);
  data->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  data->preview = preview;
  data->preview_data = preview_data;
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  send_request (g_steal_pointer (&task));
}

/* Returns: (transfer full) (element-type EaselGeneratedImage): the images, in order. */
GPtrArray *
_easel_openai_request_finish (EaselOpenaiProvider  *self,
                              GAsyncResult         *result,
                              GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
