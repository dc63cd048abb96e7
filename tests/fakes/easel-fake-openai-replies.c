/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "easel-fake-openai-private.h"
#include "easel-fake-schema.h"
#include "easel-fake-util.h"

/* The fake OpenAI's answers: images of the requested size (encoded once per size, kept as
 * base64), `usage`, SSE streams, and every fault of the matrix.
 */

#define FINAL_COLOUR   0x3070c0ff
#define PARTIAL_COLOUR 0x909090ff

static void
cached_image_free (CachedImage *image)
{
  g_bytes_unref (image->bytes);
  g_free (image->base64);
  g_free (image);
}

static CachedImage *
get_image (EaselFakeOpenai *self,
           int              width,
           int              height,
           const char      *format,
           guint32          colour)
{
  gboolean jpeg = g_strcmp0 (format, "jpeg") == 0;
  g_autofree char *key = g_strdup_printf ("%dx%d/%s/%08x", width, height, jpeg ? "jpeg" : "png",
                                          colour);
  CachedImage *image = g_hash_table_lookup (self->images, key);
  gsize length;

  if (image != NULL)
    return image;

  image = g_new0 (CachedImage, 1);
  image->bytes = jpeg ? easel_fake_make_jpeg (width, height, colour)
                      : easel_fake_make_png (width, height, colour);
  length = g_bytes_get_size (image->bytes);
  image->base64 = g_base64_encode (g_bytes_get_data (image->bytes, NULL), length);
  g_hash_table_insert (self->images, g_steal_pointer (&key), image);
  return image;
}

static char *
json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message,
             const char        *type,
             const char        *param,
             const char        *code)
{
  g_autofree char *json = _easel_fake_openai_error_json (message, type, param, code);

  easel_fake_reply_json (msg, status, json);
}

static void
reply_take (SoupServerMessage *msg,
            guint              status,
            const char        *content_type,
            GString           *body)
{
  gsize length = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), length);
}

static void
reply_unauthorized (SoupServerMessage *msg)
{
  reply_error (msg, 401,
               "Incorrect API key provided: sk-fake****. You can find your API key at "
               "https://platform.openai.com/account/api-keys.",
               "invalid_request_error", NULL, "invalid_api_key");
}

static void
reply_bad_gateway (SoupServerMessage *msg)
{
  static const char html[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

  soup_server_message_set_status (msg, 502, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
}

/* Faults that are the same on every route. */
static gboolean
reply_common_fault (EaselFakeOpenai      *self,
                    SoupServerMessage    *msg,
                    EaselFakeOpenaiFault  fault)
{
  switch (fault)
    {
    case EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED:
      reply_unauthorized (msg);
      return TRUE;
    case EASEL_FAKE_OPENAI_FAULT_FORBIDDEN:
      reply_error (msg, 403,
                   "Your organization must be verified to use the model `gpt-image-2`. Please "
                   "go to: https://platform.openai.com/settings/organization/general and click "
                   "on Verify Organization.",
                   "invalid_request_error", NULL, NULL);
      return TRUE;
    case EASEL_FAKE_OPENAI_FAULT_SERVER_ERROR:
      reply_error (msg, 500,
                   "The server had an error while processing your request. Sorry about that!",
                   "server_error", NULL, NULL);
      return TRUE;
    case EASEL_FAKE_OPENAI_FAULT_BAD_GATEWAY:
      reply_bad_gateway (msg);
      return TRUE;
    case EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED_ECHO:
      {
        const char *auth = soup_message_headers_get_one (
          soup_server_message_get_request_headers (msg), "Authorization");
        g_autofree char *message = g_strdup_printf ("Invalid token in header “%s”",
                                                    auth != NULL ? auth : "");

        reply_error (msg, 401, message, "invalid_request_error", NULL, "invalid_api_key");
        return TRUE;
      }
    case EASEL_FAKE_OPENAI_FAULT_MALFORMED_JSON:
      easel_fake_reply_json (msg, 200,
                             "{\"created\": 1713833628, \"data\": [{\"b64_json\": \"iVBOR");
      return TRUE;
    case EASEL_FAKE_OPENAI_FAULT_NONE:
    case EASEL_FAKE_OPENAI_FAULT_STALL:
    case EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED:
    case EASEL_FAKE_OPENAI_FAULT_INSUFFICIENT_QUOTA:
    case EASEL_FAKE_OPENAI_FAULT_TRUNCATED_BODY:
    case EASEL_FAKE_OPENAI_FAULT_NOT_AN_IMAGE:
    case EASEL_FAKE_OPENAI_FAULT_OVERSIZED_BODY:
    case EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED:
    case EASEL_FAKE_OPENAI_FAULT_CONTENT_POLICY:
    case EASEL_FAKE_OPENAI_FAULT_MODEL_NOT_FOUND:
    case EASEL_FAKE_OPENAI_FAULT_STREAM_CUT:
    case EASEL_FAKE_OPENAI_FAULT_STREAM_STALL:
    case EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR:
    default:
      return FALSE;
    }
}

/* ---- successful answers ------------------------------------------------------------------ */

typedef struct
{
  const char      *model_id;
  const FakeModel *model;
  const char      *prompt;
  int              n;
  int              width;
  int              height;
  const char      *size;
  const char      *quality;
  const char      *format;
  const char      *background;
  gboolean         is_dalle;
  gboolean         urls;
  int              partials;
} Job;

static const char *
body_string (JsonObject *body,
             const char *member,
             const char *fallback)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

static gint64
body_int (JsonObject *body,
          const char *member,
          gint64      fallback)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static void
job_init (EaselFakeOpenai *self,
          Job             *job,
          JsonObject      *body)
{
  job->model_id = body_string (body, "model", "dall-e-2");
  job->model = _easel_fake_openai_find_model (job->model_id, self->compatible);
  job->is_dalle = job->model->family == FAKE_FAMILY_DALL_E_2 ||
                  job->model->family == FAKE_FAMILY_DALL_E_3;
  job->prompt = body_string (body, "prompt", "");
  job->n = (int) body_int (body, "n", 1);
  job->size = body_string (body, "size", job->is_dalle ? "1024x1024" : "auto");
  if (g_strcmp0 (job->size, "auto") == 0 ||
      sscanf (job->size, "%dx%d", &job->width, &job->height) != 2)
    {
      job->width = 1024;
      job->height = 1024;
    }
  job->quality = body_string (body, "quality", job->is_dalle ? "standard" : "auto");
  job->format = body_string (body, "output_format", "png");
  job->background = body_string (body, "background", "auto");
  if (g_strcmp0 (job->background, "auto") == 0)
    job->background = "opaque";
  /* DALL·E answers URLs unless asked for base64 (the spec's default); a compatible relay may
   * answer URLs for anything.
   */
  job->urls = self->urls ||
              (job->is_dalle && g_strcmp0 (body_string (body, "response_format", "url"),
                                           "b64_json") != 0);
  job->partials = self->stream_partials >= 0 ? self->stream_partials
                                             : (int) body_int (body, "partial_images", 0);
  job->partials = CLAMP (job->partials, 0, 3);
}

/* Token counts shaped like the API's: the prompt's text tokens in, image tokens out that grow
 * with quality and pixels.
 */
static char *
usage_json (const Job *job)
{
  gint64 text = MAX ((gint64) strlen (job->prompt) / 4, 1);
  gint64 per_image = g_str_equal (job->quality, "low") ? 272
                   : g_str_equal (job->quality, "high") ? 4160
                   : g_str_equal (job->quality, "xhigh") ? 6240
                   : g_str_equal (job->quality, "max") ? 8320 : 1056;
  gint64 out;

  per_image = per_image * job->width * job->height / (1024 * 1024);
  out = per_image * job->n;
  return g_strdup_printf ("{\"total_tokens\":%" G_GINT64_FORMAT ",\"input_tokens\":%"
                          G_GINT64_FORMAT ",\"output_tokens\":%" G_GINT64_FORMAT ","
                          "\"input_tokens_details\":{\"text_tokens\":%" G_GINT64_FORMAT
                          ",\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":%"
                          G_GINT64_FORMAT ",\"text_tokens\":0}}",
                          text + out, text, out, text, out);
}

static char *
store_file (EaselFakeOpenai *self,
            GBytes          *bytes)
{
  g_autofree char *id = g_strdup_printf ("img-%" G_GUINT64_FORMAT, ++self->next_id);

  g_hash_table_insert (self->files, g_strdup (id), g_bytes_ref (bytes));
  if (self->urls_other_origin)
    return g_strdup_printf ("http://localhost:%u/files/%s.png", self->port, id);
  return g_strdup_printf ("%s/files/%s.png", self->root_url, id);
}

static void
reply_images (EaselFakeOpenai   *self,
              SoupServerMessage *msg,
              const Job         *job)
{
  CachedImage *image = get_image (self, job->width, job->height, job->format, FINAL_COLOUR);
  GString *out = g_string_sized_new ((strlen (image->base64) + 64) * job->n + 512);

  g_string_append_printf (out, "{\"created\":%" G_GINT64_FORMAT ",\"data\":[",
                          g_get_real_time () / G_USEC_PER_SEC);
  for (int i = 0; i < job->n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (job->urls)
        {
          g_autofree char *url = store_file (self, image->bytes);
          g_autofree char *quoted = json_quote (url);

          g_string_append_printf (out, "{\"url\":%s", quoted);
        }
      else
        {
          g_string_append (out, "{\"b64_json\":\"");
          g_string_append (out, image->base64);
          g_string_append_c (out, '"');
        }
      if (job->model->family == FAKE_FAMILY_DALL_E_3)
        {
          g_autofree char *revised = g_strdup_printf ("A detailed illustration of %s, in soft "
                                                      "natural light", job->prompt);
          g_autofree char *quoted = json_quote (revised);

          g_string_append_printf (out, ",\"revised_prompt\":%s", quoted);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  if (!job->is_dalle && !self->compatible)
    {
      g_autofree char *usage = usage_json (job);

      g_string_append_printf (out, ",\"background\":\"%s\",\"output_format\":\"%s\","
                              "\"size\":\"%dx%d\",\"quality\":\"%s\",\"usage\":%s",
                              job->background, job->format, job->width, job->height,
                              g_str_equal (job->quality, "auto") ? "high" : job->quality,
                              usage);
    }
  g_string_append_c (out, '}');
  reply_take (msg, 200, "application/json", out);
}

static void
append_event (GString    *out,
              const char *type,
              const Job  *job,
              const char *base64,
              int         partial_index,
              gboolean    split_data)
{
  g_string_append_printf (out, "event: %s\ndata: {\"type\":\"%s\",", type, type);
  /* One completed event spreads its JSON over two data lines: SSE joins them with "\n". */
  if (split_data)
    g_string_append (out, "\ndata: ");
  g_string_append (out, "\"b64_json\":\"");
  g_string_append (out, base64);
  g_string_append_printf (out, "\",\"created_at\":%" G_GINT64_FORMAT ",\"size\":\"%dx%d\","
                          "\"quality\":\"%s\",\"background\":\"%s\",\"output_format\":\"%s\"",
                          g_get_real_time () / G_USEC_PER_SEC, job->width, job->height,
                          g_str_equal (job->quality, "auto") ? "high" : job->quality,
                          job->background, job->format);
  if (partial_index >= 0)
    g_string_append_printf (out, ",\"partial_image_index\":%d", partial_index);
  else
    {
      g_autofree char *usage = usage_json (job);
      g_string_append_printf (out, ",\"usage\":%s", usage);
    }
  g_string_append (out, "}\n\n");
}

static void
append_chunk (SoupMessageBody *body,
              GString         *chunk)
{
  gsize length = chunk->len;

  soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (chunk, FALSE), length);
}

/* §5: zero to three partial images, then `completed` with its usage; the faults cut, stall or
 * break the stream after the first bytes.
 */
static void
reply_stream (EaselFakeOpenai      *self,
              SoupServerMessage    *msg,
              const Job            *job,
              EaselFakeOpenaiFault  fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *response = soup_server_message_get_response_body (msg);
  CachedImage *final = get_image (self, job->width, job->height, job->format, FINAL_COLOUR);
  int partials = job->partials;
  GString *event;

  if (fault == EASEL_FAKE_OPENAI_FAULT_STREAM_STALL ||
      fault == EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR)
    partials = 1;

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);

  /* A comment and a blank line: nothing to dispatch. */
  append_chunk (response, g_string_new (": stream opened\n\n"));

  for (int k = 0; k < partials; k++)
    {
      CachedImage *image = get_image (self, job->width, job->height, job->format,
                                      PARTIAL_COLOUR + ((guint32) k << 8));

      event = g_string_new (NULL);
      append_event (event, "image_generation.partial_image", job, image->base64, k, FALSE);
      append_chunk (response, event);
    }

  switch (fault)
    {
    case EASEL_FAKE_OPENAI_FAULT_STREAM_STALL:
      return;

    case EASEL_FAKE_OPENAI_FAULT_STREAM_CUT:
      soup_message_body_complete (response);
      return;

    case EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR:
      {
        g_autofree char *message =
          g_strdup_printf ("Your request was rejected by the safety system. If you believe this "
                           "is an error, contact us at help.openai.com and include the request "
                           "ID %s. safety_violations=[violence].", self->last_request_id);
        g_autofree char *quoted = json_quote (message);

        event = g_string_new (NULL);
        g_string_append_printf (event, "event: error\ndata: {\"type\":\"error\",\"error\":{"
                                "\"message\":%s,\"type\":\"image_generation_user_error\","
                                "\"param\":null,\"code\":\"moderation_blocked\","
                                "\"moderation_details\":{\"moderation_stage\":\"output\","
                                "\"categories\":[\"violence\"]}}}\n\n", quoted);
        append_chunk (response, event);
        soup_message_body_complete (response);
        return;
      }

    case EASEL_FAKE_OPENAI_FAULT_NONE:
    default:
      event = g_string_new (NULL);
      append_event (event, "image_generation.completed", job, final->base64, -1, TRUE);
      append_chunk (response, event);
      soup_message_body_complete (response);
      return;
    }
}

/* Announces a body, sends part of it, and closes: what a dying proxy does. */
static void
reply_truncated (EaselFakeOpenai   *self,
                 SoupServerMessage *msg)
{
  CachedImage *image = get_image (self, 64, 64, "png", FINAL_COLOUR);
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *body = NULL;
  g_autofree char *head = NULL;
  gsize length;

  body = g_strdup_printf ("{\"created\":1713833628,\"data\":[{\"b64_json\":\"%s\"}]}",
                          image->base64);
  length = strlen (body);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nx-request-id: %s\r\n"
                          "Connection: close\r\n\r\n", length, self->last_request_id);

  _easel_fake_openai_count_end (self, msg);
  stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head),
                             NULL, NULL, NULL);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), body, length / 2,
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
reply_rate_limited (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Retry-After", "1");
  soup_message_headers_replace (headers, "x-ratelimit-limit-requests", "5");
  soup_message_headers_replace (headers, "x-ratelimit-remaining-requests", "0");
  soup_message_headers_replace (headers, "x-ratelimit-reset-requests", "1m30.5s");
  soup_message_headers_replace (headers, "x-ratelimit-limit-tokens", "100000");
  soup_message_headers_replace (headers, "x-ratelimit-remaining-tokens", "95000");
  soup_message_headers_replace (headers, "x-ratelimit-reset-tokens", "6m0s");
  reply_error (msg, 429,
               "Rate limit reached for gpt-image-2 in organization org-fake on images per "
               "minute (IPM): Limit 5, Used 5, Requested 1. Please try again in 12s. Visit "
               "https://platform.openai.com/account/rate-limits to learn more.",
               "requests", NULL, "rate_limit_exceeded");
}

static void
reply_moderation_blocked (EaselFakeOpenai   *self,
                          SoupServerMessage *msg)
{
  g_autofree char *message =
    g_strdup_printf ("Your request was rejected by the safety system. If you believe this is "
                     "an error, contact us at help.openai.com and include the request ID %s. "
                     "safety_violations=[sexual].", self->last_request_id);
  g_autofree char *quoted = json_quote (message);
  g_autofree char *json =
    g_strdup_printf ("{\"error\":{\"message\":%s,\"type\":\"image_generation_user_error\","
                     "\"param\":null,\"code\":\"moderation_blocked\",\"moderation_details\":"
                     "{\"moderation_stage\":\"input\",\"categories\":[\"sexual\"]}}}", quoted);

  easel_fake_reply_json (msg, 400, json);
}

static void
reply_not_an_image (SoupServerMessage *msg)
{
  static const char html[] = "<html><body>Sorry, no image today</body></html>";
  g_autofree char *b64 = g_base64_encode ((const guchar *) html, strlen (html));
  g_autofree char *json = g_strdup_printf ("{\"created\":1713833628,\"data\":[{\"b64_json\":"
                                           "\"%s\"}]}", b64);

  easel_fake_reply_json (msg, 200, json);
}

static void
reply_oversized (SoupServerMessage *msg)
{
  GString *out = g_string_new ("{\"created\":1713833628,\"data\":[{\"b64_json\":\"");

  for (guint i = 0; i < 3 * 1024 * 1024 / 4; i++)
    g_string_append (out, "AAAA");
  g_string_append (out, "\"}]}");
  reply_take (msg, 200, "application/json", out);
}

static void
respond (EaselFakeOpenai      *self,
         SoupServerMessage    *msg,
         JsonNode             *body,
         EaselFakeOpenaiFault  fault)
{
  g_autofree char *param = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rule_error = NULL;
  gboolean stream;
  guint status = 0;
  Job job = { 0 };

  if (reply_common_fault (self, msg, fault))
    return;

  switch (fault)
    {
    case EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED:
      reply_rate_limited (msg);
      return;
    case EASEL_FAKE_OPENAI_FAULT_INSUFFICIENT_QUOTA:
      reply_error (msg, 429,
                   "You exceeded your current quota, please check your plan and billing "
                   "details. For more information on this error, read the docs: "
                   "https://platform.openai.com/docs/guides/error-codes/api-errors.",
                   "insufficient_quota", NULL, "insufficient_quota");
      return;
    case EASEL_FAKE_OPENAI_FAULT_TRUNCATED_BODY:
      reply_truncated (self, msg);
      return;
    case EASEL_FAKE_OPENAI_FAULT_NOT_AN_IMAGE:
      reply_not_an_image (msg);
      return;
    case EASEL_FAKE_OPENAI_FAULT_OVERSIZED_BODY:
      reply_oversized (msg);
      return;
    case EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED:
      reply_moderation_blocked (self, msg);
      return;
    case EASEL_FAKE_OPENAI_FAULT_CONTENT_POLICY:
      reply_error (msg, 400,
                   "Your request was rejected as a result of our safety system. Your prompt may "
                   "contain text that is not allowed by our safety system.",
                   "invalid_request_error", NULL, "content_policy_violation");
      return;
    case EASEL_FAKE_OPENAI_FAULT_MODEL_NOT_FOUND:
      {
        const char *model = body != NULL && JSON_NODE_HOLDS_OBJECT (body)
                            ? body_string (json_node_get_object (body), "model", "dall-e-2")
                            : "dall-e-2";
        g_autofree char *message = g_strdup_printf ("The model `%s` does not exist or you do "
                                                    "not have access to it.", model);

        reply_error (msg, 404, message, "invalid_request_error", NULL, "model_not_found");
        return;
      }
    default:
      break;
    }

  if (!easel_fake_schema_validate (self->schema, "CreateImageRequest", body, &param, &error))
    {
      self->schema_errors++;
      g_free (self->last_schema_error);
      self->last_schema_error = g_strdup (error->message);
      reply_error (msg, 400, error->message, "invalid_request_error", param, "invalid_value");
      return;
    }

  /* A relay that knows nothing of streaming and says so. */
  if (self->reject_streaming && json_object_has_member (json_node_get_object (body), "stream"))
    {
      reply_error (msg, 400, "Unknown parameter: 'stream'.",
                   "invalid_request_error", "stream", "unknown_parameter");
      return;
    }

  rule_error = _easel_fake_openai_check_rules (json_node_get_object (body), self->today,
                                               self->compatible, &status);
  if (rule_error != NULL)
    {
      easel_fake_reply_json (msg, status, rule_error);
      return;
    }

  job_init (self, &job, json_node_get_object (body));
  stream = !self->compatible && !job.is_dalle &&
           json_object_get_boolean_member_with_default (json_node_get_object (body), "stream",
                                                        FALSE);
  if (stream)
    reply_stream (self, msg, &job, fault);
  else
    reply_images (self, msg, &job);
}

/* ---- for easel-fake-openai.c ------------------------------------------------------------- */

void
_easel_fake_openai_cached_image_free (CachedImage *image)
{
  cached_image_free (image);
}

void
_easel_fake_openai_respond (EaselFakeOpenai      *self,
                            SoupServerMessage    *msg,
                            JsonNode             *body,
                            EaselFakeOpenaiFault  fault)
{
  respond (self, msg, body, fault);
}

gboolean
_easel_fake_openai_reply_common_fault (EaselFakeOpenai      *self,
                                       SoupServerMessage    *msg,
                                       EaselFakeOpenaiFault  fault)
{
  return reply_common_fault (self, msg, fault);
}

void
_easel_fake_openai_reply_error (SoupServerMessage *msg,
                                guint              status,
                                const char        *message,
                                const char        *type,
                                const char        *param,
                                const char        *code)
{
  reply_error (msg, status, message, type, param, code);
}

void
_easel_fake_openai_reply_unauthorized (SoupServerMessage *msg)
{
  reply_unauthorized (msg);
}
