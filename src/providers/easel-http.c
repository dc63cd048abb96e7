/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-http"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-http.h"
#include "easel-json.h"

/**
 * easel_http_session_new:
 * @timeout_seconds: I/O timeout; 0 for requests whose answer may take minutes (generation),
 *   which rely on a watchdog and the cancellable instead
 *
 * libsoup's defaults are wrong for Easel in two ways: a 60-second timeout that aborts slow
 * generations, and two connections per host, which starves progress polls.
 */
SoupSession *
easel_http_session_new (guint timeout_seconds)
{
  g_autofree char *user_agent = g_strdup_printf ("Easel/%s ", PACKAGE_VERSION);

  return g_object_new (SOUP_TYPE_SESSION,
                       "timeout", timeout_seconds,
                       "idle-timeout", 60,
                       "max-conns-per-host", 8,
                       "max-conns", 32,
                       "user-agent", user_agent,
                       NULL);
}

/**
 * easel_http_build_uri:
 * @base_url: the server's base URL; may carry a path prefix (a reverse proxy)
 * @path: the route, starting with "/"
 * @...: pairs of query parameter name and value, %NULL-terminated; values are escaped
 */
GUri *
easel_http_build_uri (const char *base_url,
                      const char *path,
                      ...)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *full_path = NULL;
  const char *base_path;
  const char *name;
  va_list args;

  base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL)
    return NULL;

  base_path = g_uri_get_path (base);
  if (g_str_has_suffix (base_path, "/"))
    full_path = g_strconcat (base_path, path[0] == '/' ? path + 1 : path, NULL);
  else
    full_path = g_strconcat (base_path, path, NULL);

  /* Keep a query token the user put in the base URL (ComfyUI-Login's ?token=). */
  if (g_uri_get_query (base) != NULL)
    g_string_append (query, g_uri_get_query (base));

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = g_uri_escape_string (value != NULL ? value : "", NULL, FALSE);

      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", name, escaped);
    }
  va_end (args);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      g_uri_get_userinfo (base),
                      g_uri_get_host (base),
                      g_uri_get_port (base),
                      full_path,
                      query->len > 0 ? query->str : NULL,
                      NULL);
}

void
easel_http_apply_headers (SoupMessage  *message,
                          char * const *headers)
{
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (message);

  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL)
        continue;
      name = g_strstrip (g_strndup (headers[i], colon - headers[i]));
      value = g_strstrip (g_strdup (colon + 1));
      if (*name != '\0')
        soup_message_headers_replace (request_headers, name, value);
    }
}

/**
 * easel_http_message_new:
 * @headers: (nullable): extra "Name: value" headers (reverse-proxy auth), applied to every
 *   request
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the URL is not valid.
 */
SoupMessage *
easel_http_message_new (const char   *method,
                        const char   *base_url,
                        const char   *path,
                        char * const *headers)
{
  g_autoptr(GUri) uri = easel_http_build_uri (base_url, path, NULL);
  SoupMessage *message;

  if (uri == NULL)
    return NULL;
  message = soup_message_new_from_uri (method, uri);
  easel_http_apply_headers (message, headers);
  return message;
}

/* Credentials go out preemptively: servers behind FastAPI's HTTPBasic answer 401 without a
 * WWW-Authenticate challenge, so libsoup's auth manager would never retry.
 */
void
easel_http_set_bearer (SoupMessage *message,
                       const char  *token)
{
  g_autofree char *value = NULL;

  if (token == NULL || *token == '\0')
    return;
  value = g_strdup_printf ("Bearer %s", token);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
}

void
easel_http_set_basic (SoupMessage *message,
                      const char  *user_colon_password)
{
  g_autofree char *encoded = NULL;
  g_autofree char *value = NULL;

  if (user_colon_password == NULL || *user_colon_password == '\0')
    return;
  encoded = g_base64_encode ((const guchar *) user_colon_password, strlen (user_colon_password));
  value = g_strdup_printf ("Basic %s", encoded);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
}

void
easel_http_set_json_body (SoupMessage *message,
                          JsonNode    *body)
{
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize length = 0;

  data = json_to_string (body, FALSE);
  length = strlen (data);
  bytes = g_bytes_new_take (data, length);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
}

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  gsize         max_body;
  char         *what;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data->what);
  g_free (data);
}

static void read_next_chunk (GTask *task);

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_error (task, easel_provider_error_from_transport (error, data->what));
      else
        g_task_return_new_error (task, EASEL_PROVIDER_ERROR,
                                 EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                 _("The answer from %s was cut off after %u bytes (%s)"),
                                 data->what, data->buffer->len, error->message);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      goffset expected = soup_message_headers_get_content_length (
        soup_message_get_response_headers (data->message));

      if (soup_message_headers_get_encoding (soup_message_get_response_headers (data->message))
            == SOUP_ENCODING_CONTENT_LENGTH && expected != (goffset) data->buffer->len)
        {
          g_task_return_new_error (task, EASEL_PROVIDER_ERROR,
                                   EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                   _("The answer from %s was cut off: %u of %" G_GOFFSET_FORMAT
                                     " bytes arrived"),
                                   data->what, data->buffer->len, expected);
          return;
        }
      g_task_return_pointer (task,
                             g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->buffer->len + g_bytes_get_size (chunk) > data->max_body)
    {
      g_autofree char *limit = g_format_size_full (data->max_body, G_FORMAT_SIZE_IEC_UNITS);

      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("The answer from %s is larger than the %s limit"),
                               data->what, limit);
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, 256 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_chunk_cb, task);
}

/* Refuses early a body announced over the cap, then reads it chunk by chunk. */
static void
begin_reading (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  goffset length;

  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (data->message));
  if (length > 0 && (gsize) length > data->max_body)
    {
      g_autofree char *limit = g_format_size_full (data->max_body, G_FORMAT_SIZE_IEC_UNITS);

      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("The answer from %s is larger than the %s limit"),
                               data->what, limit);
      g_object_unref (task);
      return;
    }

  data->buffer = g_byte_array_sized_new (length > 0 ? (guint) length : 16 * 1024);
  read_next_chunk (task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, easel_provider_error_from_transport (error, data->what));
      return;
    }

  begin_reading (g_steal_pointer (&task));
}

/**
 * easel_http_send_async:
 * @max_body: the largest body accepted; a bigger one fails with a bad response
 * @what: how to name the server in messages ("ComfyUI at 127.0.0.1:8188")
 *
 * Sends @message and reads the whole body, bounded. Transport failures become
 * %EASEL_PROVIDER_ERROR codes (CONNECT, TIMEOUT, CANCELLED); a body cut short is a bad
 * response. Any HTTP status completes successfully: check it with
 * easel_http_status_is_success().
 */
void
easel_http_send_async (SoupSession         *session,
                       SoupMessage         *message,
                       gsize                max_body,
                       const char          *what,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_http_send_async);
  /* Return the mapped EASEL_PROVIDER_ERROR_CANCELLED, not GTask's own G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->max_body = max_body > 0 ? max_body : EASEL_HTTP_DEFAULT_MAX_BODY;
  data->what = g_strdup (what);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, send_cb,
                           g_steal_pointer (&task));
}

/**
 * easel_http_send_finish:
 *
 * Returns: (transfer full): the response body (possibly empty), or %NULL with an error.
 */
GBytes *
easel_http_send_finish (SoupSession   *session,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
easel_http_status_is_success (SoupMessage *message)
{
  guint status = soup_message_get_status (message);

  return status >= 200 && status < 300;
}

/**
 * easel_http_body_excerpt:
 *
 * The first characters of a body for an error message, made valid UTF-8 and single-line.
 */
char *
easel_http_body_excerpt (GBytes *body,
                         gsize   max_chars)
{
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  g_autofree char *valid = NULL;
  GString *out;

  if (data == NULL || length == 0)
    return g_strdup ("");

  valid = g_utf8_make_valid (data, MIN (length, max_chars * 4));
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && g_utf8_strlen (out->str, -1) < (glong) max_chars;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  if (length > out->len)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/**
 * easel_http_parse_retry_after:
 *
 * Reads `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date).
 *
 * Returns: the delay in milliseconds, or -1 when the server gave none.
 */
gint64
easel_http_parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value;

  value = soup_message_headers_get_one (headers, "retry-after-ms");
  if (value != NULL)
    {
      char *end = NULL;
      double ms = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0' && ms >= 0)
        return (gint64) ms;
    }

  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (value, &end);
      g_autoptr(GDateTime) date = NULL;

      if (end != value && *end == '\0' && seconds >= 0)
        return (gint64) (seconds * 1000);

      date = soup_date_time_new_from_http_string (value);
      if (date != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          GTimeSpan span = g_date_time_difference (date, now);

          return MAX (span / 1000, 0);
        }
    }
  return -1;
}

/**
 * easel_http_status_error:
 * @provider_message: (nullable): the provider's own words, when its error body was understood
 *
 * The generic mapping of an HTTP failure status to the provider error domain. Providers refine
 * it where their protocol says more (content policy, missing model, field errors).
 */
GError *
easel_http_status_error (SoupMessage *message,
                         GBytes      *body,
                         const char  *what,
                         const char  *provider_message)
{
  guint status = soup_message_get_status (message);
  const char *reason = soup_message_get_reason_phrase (message);
  g_autofree char *excerpt = NULL;
  g_autofree char *said = NULL;
  GError *error;

  if (provider_message != NULL && *provider_message != '\0')
    said = g_strdup (provider_message);
  else
    {
      excerpt = easel_http_body_excerpt (body, 200);
      said = *excerpt != '\0' ? g_strdup_printf ("HTTP %u %s: %s", status, reason, excerpt)
                              : g_strdup_printf ("HTTP %u %s", status, reason);
    }

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_PROXY_UNAUTHORIZED:
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                           _("%s refused the credentials: %s. Check the API key or the "
                             "authentication headers in Preferences."), what, said);
      break;

    case SOUP_STATUS_NOT_FOUND:
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                           _("%s does not have this: %s. Check the address and the model."),
                           what, said);
      break;

    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                           _("%s timed out: %s. Try again."), what, said);
      break;

    case 429: /* Too Many Requests; libsoup 3.2 has no constant for it */
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_RATE_LIMITED,
                           _("%s is rate limiting requests: %s. Easel waits and retries."),
                           what, said);
      easel_provider_error_set_retry_after (error,
        easel_http_parse_retry_after (soup_message_get_response_headers (message)));
      break;

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                           _("%s refused a request this large: %s."), what, said);
      break;

    default:
      if (status >= 500)
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                             _("%s failed: %s. Check the server's log; Easel retries a few "
                               "times."), what, said);
      else if (status >= 400)
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                             _("%s refused the request: %s."), what, said);
      else
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                             _("%s answered unexpectedly: %s."), what, said);
      break;
    }

  if (excerpt == NULL)
    excerpt = easel_http_body_excerpt (body, 500);
  easel_provider_error_set_details (error, excerpt);
  return error;
}

/**
 * easel_http_parse_json:
 *
 * Parses a response body that must be JSON. Anything else is a bad response quoting the status
 * and the first bytes (proxies and gateways answer HTML).
 */
JsonNode *
easel_http_parse_json (SoupMessage  *message,
                       GBytes       *body,
                       const char   *what,
                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  JsonNode *node;

  node = easel_json_parse (data, (gssize) length, &local_error);
  if (node == NULL)
    {
      g_autofree char *excerpt = easel_http_body_excerpt (body, 120);

      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s sent an answer that is not JSON (HTTP %u, “%s”): %s"),
                   what, soup_message_get_status (message), excerpt, local_error->message);
      return NULL;
    }
  return node;
}

/**
 * easel_base64_decode_image:
 *
 * Decodes a base64 image (a `data:` prefix is accepted) and checks that the bytes are an image
 * within @max_dimension. Call it from a worker thread: responses hold megabytes.
 */
GBytes *
easel_base64_decode_image (const char      *base64,
                           int              max_dimension,
                           EaselImageInfo  *info,
                           GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *comma;
  guchar *data;
  gsize length = 0;
  gint state = 0;
  guint save = 0;
  gsize in_length;

  if (base64 == NULL || *base64 == '\0')
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The server sent an empty image"));
      return NULL;
    }
  if (g_str_has_prefix (base64, "data:") && (comma = strchr (base64, ',')) != NULL)
    base64 = comma + 1;

  /* g_base64_decode_step skips characters outside the alphabet, so validate first: garbage
   * must not decode into a plausible-looking prefix.
   */
  in_length = strlen (base64);
  for (gsize i = 0; i < in_length; i++)
    {
      char c = base64[i];
      if (!g_ascii_isalnum (c) && c != '+' && c != '/' && c != '=' && c != '\n' && c != '\r')
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       _("The server sent an image that is not valid base64"));
          return NULL;
        }
    }

  data = g_malloc ((in_length / 4) * 3 + 3);
  length = g_base64_decode_step (base64, in_length, data, &state, &save);
  bytes = g_bytes_new_take (data, length);

  if (!easel_image_info_check (bytes, max_dimension, info, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/**
 * easel_http_read_body_async:
 * @stream: the body stream soup_session_send_async() gave for @message
 *
 * Reads a response body that is already open, with the same bounds and errors as
 * easel_http_send_async(): for callers that look at the status or the content type before
 * deciding how to read (a stream of events, or one JSON document).
 */
void
easel_http_read_body_async (SoupMessage         *message,
                            GInputStream        *stream,
                            gsize                max_body,
                            const char          *what,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  task = g_task_new (message, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_http_read_body_async);

  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->stream = g_object_ref (stream);
  data->max_body = max_body > 0 ? max_body : EASEL_HTTP_DEFAULT_MAX_BODY;
  data->what = g_strdup (what);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  begin_reading (g_steal_pointer (&task));
}

/**
 * easel_http_read_body_finish:
 *
 * Returns: (transfer full): the body, or %NULL with an error.
 */
GBytes *
easel_http_read_body_finish (SoupMessage   *message,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, message), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
