/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "easel-http.h"
#include "easel-json.h"
#include "easel-openai-private.h"

/* OpenAI's errors (protocols/openai-images.md §6) and rate-limit headers (§7) mapped to
 * Easel's error domain. The provider's own message is always kept; the code decides what the
 * engine does next (retry, wait, or show the refusal as it is).
 */

/**
 * easel_openai_parse_duration_ms:
 * @text: a Go duration as the `x-ratelimit-reset-*` headers write it: "1s", "6m0s", "12ms",
 *   "1m30.5s"
 *
 * Returns: the duration in milliseconds (rounded), or -1 when @text is not one.
 */
gint64
easel_openai_parse_duration_ms (const char *text)
{
  double total = 0;
  const char *p = text;

  if (text == NULL || *text == '\0')
    return -1;

  while (*p != '\0')
    {
      char *end = NULL;
      double value;
      double unit;

      if (!g_ascii_isdigit (*p))
        return -1;
      value = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (value))
        return -1;
      p = end;

      if (g_str_has_prefix (p, "ms"))
        unit = 1, p += 2;
      else if (g_str_has_prefix (p, "us") || g_str_has_prefix (p, "µs"))
        unit = 1e-3, p += g_str_has_prefix (p, "us") ? 2 : strlen ("µs");
      else if (g_str_has_prefix (p, "ns"))
        unit = 1e-6, p += 2;
      else if (*p == 's')
        unit = 1000, p += 1;
      else if (*p == 'm')
        unit = 60 * 1000, p += 1;
      else if (*p == 'h')
        unit = 3600 * 1000, p += 1;
      else
        return -1;
      total += value * unit;
    }
  if (total > (double) G_MAXINT64 / 2)
    return -1;
  return (gint64) llround (total);
}

static gint64
header_int (SoupMessageHeaders *headers,
            const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  char *end = NULL;
  gint64 number;

  if (value == NULL)
    return -1;
  number = g_ascii_strtoll (value, &end, 10);
  return end != value && *end == '\0' && number >= 0 ? number : -1;
}

void
_easel_openai_rate_limits_read (SoupMessageHeaders    *headers,
                                EaselOpenaiRateLimits *limits)
{
  limits->limit_requests = header_int (headers, "x-ratelimit-limit-requests");
  limits->remaining_requests = header_int (headers, "x-ratelimit-remaining-requests");
  limits->reset_requests_ms = easel_openai_parse_duration_ms (
    soup_message_headers_get_one (headers, "x-ratelimit-reset-requests"));
  limits->limit_tokens = header_int (headers, "x-ratelimit-limit-tokens");
  limits->remaining_tokens = header_int (headers, "x-ratelimit-remaining-tokens");
  limits->reset_tokens_ms = easel_openai_parse_duration_ms (
    soup_message_headers_get_one (headers, "x-ratelimit-reset-tokens"));
  limits->observed_at = g_get_monotonic_time ();
}

/* The categories a refusal names: `moderation_details.categories` when present, else the
 * message's "safety_violations=[a, b]" (§6: only as a fallback).
 */
static char *
moderation_categories (JsonObject *error,
                       const char *message)
{
  JsonObject *details = easel_json_object_get_object (error, "moderation_details");
  JsonArray *categories = easel_json_object_get_array (details, "categories");
  const char *start, *end;

  if (categories != NULL && json_array_get_length (categories) > 0)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (categories); i++)
        {
          JsonNode *node = json_array_get_element (categories, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "",
                                    json_node_get_string (node));
        }
      if (out->len > 0)
        return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (message != NULL && (start = strstr (message, "safety_violations=[")) != NULL &&
      (end = strchr (start, ']')) != NULL)
    {
      start += strlen ("safety_violations=[");
      if (end > start)
        return g_strndup (start, end - start);
    }
  return NULL;
}

static GError *
content_policy_error (JsonObject *error,
                      const char *message,
                      const char *what)
{
  JsonObject *details = easel_json_object_get_object (error, "moderation_details");
  const char *stage = easel_json_object_get_string (details, "moderation_stage");
  g_autofree char *categories = moderation_categories (error, message);
  g_autofree char *about = NULL;
  GError *result;

  if (categories != NULL && stage != NULL)
    about = g_strdup_printf (_(" (categories: %s; stage: %s)"), categories, stage);
  else if (categories != NULL)
    about = g_strdup_printf (_(" (categories: %s)"), categories);
  else
    about = g_strdup ("");

  result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONTENT_POLICY,
                        _("Refused by %s’s content policy%s: %s Rephrase the prompt; the same "
                          "prompt will be refused again."), what, about, message);
  easel_provider_error_set_no_retry (result);
  return result;
}

/**
 * _easel_openai_error_from_object:
 * @status: the HTTP status (200 for an error inside a stream)
 * @error: (nullable): the `error` object of an `ErrorResponse`
 * @raw: (nullable): the body, for the details
 *
 * Maps one OpenAI error to the domain, per §6.
 */
GError *
_easel_openai_error_from_object (guint               status,
                                 SoupMessageHeaders *headers,
                                 JsonObject         *error,
                                 const char         *raw,
                                 const char         *what,
                                 const char         *model)
{
  const char *message = easel_json_object_get_string (error, "message");
  const char *type = easel_json_object_get_string (error, "type");
  const char *code = easel_json_object_get_string (error, "code");
  const char *param = easel_json_object_get_string (error, "param");
  const char *should_retry = headers != NULL
                             ? soup_message_headers_get_one (headers, "x-should-retry") : NULL;
  g_autofree char *said = NULL;
  GError *result;

  if (param != NULL && *param == '\0')
    param = NULL;
  said = g_strdup (message != NULL && *message != '\0' ? message : (code != NULL ? code : type));
  if (said == NULL)
    said = g_strdup_printf ("HTTP %u", status);
  /* Messages are sentences; keep the provider's, and end it so ours can follow. */
  if (!g_str_has_suffix (said, ".") && !g_str_has_suffix (said, "!"))
    {
      char *dotted = g_strconcat (said, ".", NULL);
      g_free (said);
      said = dotted;
    }

  if (g_strcmp0 (code, "moderation_blocked") == 0 ||
      g_strcmp0 (code, "content_policy_violation") == 0 ||
      g_strcmp0 (type, "image_generation_user_error") == 0)
    result = content_policy_error (error, said, what);
  else if (g_strcmp0 (code, "insufficient_quota") == 0 ||
           g_strcmp0 (type, "insufficient_quota") == 0)
    {
      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                            _("%s quota exhausted (billing): %s Add credit or raise the "
                              "spending limit in the account’s billing settings, then try "
                              "again."), what, said);
      easel_provider_error_set_no_retry (result);
    }
  else if (status == 401)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                          _("%s refused the API key: %s Check the key in Preferences (or the "
                            "OPENAI_API_KEY variable)."), what, said);
  else if (status == 403)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                          _("%s refused access (forbidden): %s This key, organization or "
                            "project may not use %s here."), what, said,
                          model != NULL ? model : _("this model"));
  else if (g_strcmp0 (code, "model_not_found") == 0 || (status == 404 && model != NULL &&
                                                        message != NULL &&
                                                        strstr (message, model) != NULL))
    {
      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                            _("Model %s retired or not available to this key: %s Check the "
                              "connection to refresh the model list, then choose another "
                              "model."), model != NULL ? model : "?", said);
      easel_provider_error_set_field (result, "model");
    }
  else if (status == 404)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                          _("%s has no Images API at this address: %s Check the base URL (it "
                            "usually ends in /v1)."), what, said);
  else if (status == 429 || g_strcmp0 (code, "rate_limit_exceeded") == 0)
    {
      gint64 delay = headers != NULL ? easel_http_parse_retry_after (headers) : -1;

      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_RATE_LIMITED,
                            _("%s is rate limiting requests: %s Easel waits and retries."),
                            what, said);
      if (delay < 0 && headers != NULL)
        {
          /* No Retry-After: wait for the exhausted budget to reset. */
          EaselOpenaiRateLimits limits;

          _easel_openai_rate_limits_read (headers, &limits);
          if (limits.remaining_requests == 0)
            delay = limits.reset_requests_ms;
          if (limits.remaining_tokens == 0)
            delay = MAX (delay, limits.reset_tokens_ms);
        }
      easel_provider_error_set_retry_after (result, delay);
    }
  else if (status == 408)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                          _("%s timed out: %s Easel retries."), what, said);
  else if (status == 409)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                          _("%s reported a conflict: %s Easel retries."), what, said);
  else if (status >= 500 || status < 400)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                          _("%s failed: %s Easel retries a few times; if it keeps failing, "
                            "check status.openai.com."), what, said);
  else if (param != NULL)
    {
      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                            _("%s rejected “%s”: %s"), what, param, said);
      easel_provider_error_set_field (result, param);
    }
  else
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                          _("%s refused the request: %s"), what, said);

  if (g_strcmp0 (should_retry, "false") == 0)
    easel_provider_error_set_no_retry (result);
  if (raw != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (raw, MIN (strlen (raw), 2000));
      easel_provider_error_set_details (result, valid);
    }
  if (headers != NULL)
    easel_provider_error_set_request_id (result,
                                         soup_message_headers_get_one (headers, "x-request-id"));
  return result;
}

/* A body that is JSON but not an ErrorResponse (relays, FastAPI's {"detail": …}). */
static const char *
loose_message (JsonObject *object)
{
  const char *keys[] = { "detail", "message", "error", "msg" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = easel_json_object_get_string (object, keys[i]);

      if (value != NULL && *value != '\0')
        return value;
    }
  return NULL;
}

/**
 * _easel_openai_error_from_response:
 * @body: (nullable): the error body, already bounded
 *
 * Maps a non-2xx answer. A body that is not JSON (a proxy's HTML page) is a bad response
 * quoting the status and the first bytes (§6); 401/403 and 429 keep their meaning even then,
 * since the status alone says what to do.
 */
GError *
_easel_openai_error_from_response (SoupMessage *message,
                                   GBytes      *body,
                                   const char  *what,
                                   const char  *model)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *raw = NULL;
  JsonObject *object = NULL;
  JsonObject *error_object = NULL;
  GError *result;

  if (data != NULL && length > 0)
    root = easel_json_parse (data, (gssize) length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      error_object = easel_json_object_get_object (object, "error");
    }
  raw = data != NULL ? g_strndup (data, MIN (length, 4000)) : NULL;

  if (error_object != NULL)
    return _easel_openai_error_from_object (status, headers, error_object, raw, what, model);

  if (object != NULL || status == 401 || status == 403 || status == 429)
    result = easel_http_status_error (message, body, what,
                                      object != NULL ? loose_message (object) : NULL);
  else
    {
      g_autofree char *excerpt = easel_http_body_excerpt (body, 120);

      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                            _("%s sent an answer that is not the API’s (HTTP %u %s, “%s”). A "
                              "proxy or gateway may be in the way; check the base URL."),
                            what, status, soup_message_get_reason_phrase (message), excerpt);
      easel_provider_error_set_details (result, excerpt);
    }
  easel_provider_error_set_request_id (result,
                                       soup_message_headers_get_one (headers, "x-request-id"));
  return result;
}
