/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-api-private.h"
#include "easel-json.h"

/* One request from the moment its route is known until its answer is handed to libsoup. The
 * message is paused while a handler works, so the main loop keeps serving other clients;
 * blocking work (the store) runs in GTask worker threads that see only the copied fields.
 */

/* ---- replies ---------------------------------------------------------------------------- */

EaselApiReply *
_easel_api_reply_new (guint     status,
                      JsonNode *json)
{
  EaselApiReply *reply = g_new0 (EaselApiReply, 1);

  reply->status = status;
  reply->json = json;
  return reply;
}

EaselApiReply *
_easel_api_reply_new_error (guint       status,
                            const char *code,
                            const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return _easel_api_reply_new (status, json_builder_get_root (b));
}

/**
 * _easel_api_reply_new_for_error:
 * @body_references: the failing name or id came from the request body (a provider, an
 *   example), not from the URL: a missing one is then 422, not 404
 *
 * The status and code an error deserves: a missing thing is 404, a duplicate name 409, a
 * value that fails validation 422, anything else 500.
 */
EaselApiReply *
_easel_api_reply_new_for_error (const GError *error,
                                gboolean      body_references)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  const char *code = EASEL_API_ERROR_INTERNAL;

  if (error->domain == EASEL_STORE_ERROR)
    {
      switch (error->code)
        {
        case EASEL_STORE_ERROR_NOT_FOUND:
          status = body_references ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_NOT_FOUND;
          code = body_references ? EASEL_API_ERROR_INVALID : EASEL_API_ERROR_NOT_FOUND;
          break;
        case EASEL_STORE_ERROR_CONSTRAINT:
          status = SOUP_STATUS_CONFLICT;
          code = EASEL_API_ERROR_CONFLICT;
          break;
        case EASEL_STORE_ERROR_INVALID:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          code = EASEL_API_ERROR_INVALID;
          break;
        default:
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      status = SOUP_STATUS_SERVICE_UNAVAILABLE;
      code = EASEL_API_ERROR_UNAVAILABLE;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      status = SOUP_STATUS_NOT_FOUND;
      code = EASEL_API_ERROR_NOT_FOUND;
    }

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    g_debug ("internal error: %s (%s %d)", error->message, g_quark_to_string (error->domain),
             error->code);
  return _easel_api_reply_new_error (status, code, error->message);
}

void
_easel_api_reply_set_header (EaselApiReply *reply,
                             const char    *name,
                             const char    *value)
{
  if (reply->headers == NULL)
    reply->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (reply->headers, g_strdup (name), g_strdup (value));
}

void
_easel_api_reply_free (EaselApiReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->bytes, g_bytes_unref);
  g_clear_pointer (&reply->headers, g_hash_table_unref);
  g_free (reply->content_type);
  g_free (reply);
}

/* ---- the request ------------------------------------------------------------------------ */

/* The request ends when its answer is written, or its client is gone: only then may a
 * stopping server close the connections.
 */
static void
request_finish (EaselApiRequest *request)
{
  if (request->finished)
    return;
  request->finished = TRUE;
  _easel_api_server_request_done (request->server, request);
}

static void
on_disconnected (SoupServerMessage *msg,
                 EaselApiRequest   *request)
{
  request->disconnected = TRUE;
  if (request->replied)
    request_finish (request);
}

static void
on_finished (SoupServerMessage *msg,
             EaselApiRequest   *request)
{
  request_finish (request);
}

/* "http://127.0.0.1:8765": where the client reached us, for the URLs in answers. */
static char *
base_url_of (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = g_uri_get_host (uri);

  if (host == NULL || *host == '\0')
    host = "127.0.0.1";
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, host, g_uri_get_port (uri),
                     "", NULL, NULL);
}

/**
 * _easel_api_request_new:
 * @params: (array zero-terminated=1) (transfer full): the path's parameters, in order
 * @query: (nullable) (transfer none): the decoded query
 */
EaselApiRequest *
_easel_api_request_new (EaselApiServer       *server,
                        SoupServerMessage    *msg,
                        const EaselApiRoute  *route,
                        char                **params,
                        GHashTable           *query)
{
  EaselApiRequest *request = g_new0 (EaselApiRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GHashTableIter iter;
  gpointer key, value;

  request->ref_count = 1;
  request->server = g_object_ref (server);
  request->msg = g_object_ref (msg);
  request->route = route;
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
  for (guint i = 0; params != NULL && params[i] != NULL && i < EASEL_API_MAX_PARAMS; i++)
    request->params[i] = g_steal_pointer (&params[i]);
  g_free (params);

  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (request->query, g_strdup (key), g_strdup (value));
    }

  request->body = body != NULL && body->length > 0 ? soup_message_body_flatten (body) : NULL;
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->if_none_match = g_strdup (soup_message_headers_get_one (headers, "If-None-Match"));
  request->base_url = base_url_of (msg);
  request->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (on_disconnected), request);
  return request;
}

EaselApiRequest *
_easel_api_request_ref (EaselApiRequest *request)
{
  g_assert (request->ref_count > 0);
  request->ref_count++;
  return request;
}

/* Requests are referenced and released on the main thread only; workers borrow the
 * reference their task holds.
 */
void
_easel_api_request_unref (EaselApiRequest *request)
{
  if (request == NULL)
    return;
  g_assert (request->ref_count > 0);
  if (--request->ref_count > 0)
    return;

  g_clear_signal_handler (&request->disconnected_id, request->msg);
  g_clear_signal_handler (&request->finished_id, request->msg);
  if (request->data_free != NULL)
    request->data_free (request->data);
  g_object_unref (request->msg);
  g_object_unref (request->server);
  g_free (request->method);
  g_free (request->path);
  for (guint i = 0; i < EASEL_API_MAX_PARAMS; i++)
    g_free (request->params[i]);
  g_hash_table_unref (request->query);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_free (request->if_none_match);
  g_free (request->base_url);
  g_free (request);
}

void
_easel_api_request_set_data (EaselApiRequest *request,
                             gpointer         data,
                             GDestroyNotify   data_free)
{
  if (request->data_free != NULL)
    request->data_free (request->data);
  request->data = data;
  request->data_free = data_free;
}

EaselEngine *
_easel_api_request_get_engine (EaselApiRequest *request)
{
  return easel_api_server_get_engine (request->server);
}

static void
set_body (SoupServerMessage *msg,
          EaselApiReply     *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (reply->status == SOUP_STATUS_NO_CONTENT || reply->status == SOUP_STATUS_NOT_MODIFIED)
    return;

  if (reply->json != NULL)
    {
      g_autofree char *text = easel_json_to_string (reply->json, TRUE);
      gsize length = strlen (text);

      /* A final newline keeps shells tidy after `curl`. */
      text = g_realloc (text, length + 2);
      text[length] = '\n';
      text[length + 1] = '\0';
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&text), length + 1);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
    }
  else if (reply->bytes != NULL)
    {
      soup_message_headers_set_content_type (headers, reply->content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                      reply->bytes);
    }
}

/**
 * _easel_api_request_reply:
 * @reply: (transfer full): the answer
 *
 * Sends the answer (unless the client went away meanwhile) and ends the request. Main
 * thread only; a request is answered once.
 */
void
_easel_api_request_reply (EaselApiRequest *request,
                          EaselApiReply   *reply)
{
  G_GNUC_UNUSED g_autoptr(EaselApiReply) owned = reply;  /* freed on every return */
  SoupMessageHeaders *headers;
  GHashTableIter iter;
  gpointer name, value;

  g_return_if_fail (!request->replied);
  request->replied = TRUE;

  if (!request->disconnected)
    {
      headers = soup_server_message_get_response_headers (request->msg);
      soup_server_message_set_status (request->msg, reply->status, NULL);
      soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
      if (reply->headers != NULL)
        {
          g_hash_table_iter_init (&iter, reply->headers);
          while (g_hash_table_iter_next (&iter, &name, &value))
            soup_message_headers_replace (headers, name, value);
        }
      set_body (request->msg, reply);
      request->finished_id = g_signal_connect (request->msg, "finished",
                                               G_CALLBACK (on_finished), request);
      soup_server_message_unpause (request->msg);
    }
  else
    request_finish (request);
}

void
_easel_api_request_reply_json (EaselApiRequest *request,
                               guint            status,
                               JsonNode        *json)
{
  _easel_api_request_reply (request, _easel_api_reply_new (status, json));
}

void
_easel_api_request_reply_error (EaselApiRequest *request,
                                guint            status,
                                const char      *code,
                                const char      *message)
{
  _easel_api_request_reply (request, _easel_api_reply_new_error (status, code, message));
}

void
_easel_api_request_reply_gerror (EaselApiRequest *request,
                                 const GError    *error,
                                 gboolean         body_references)
{
  _easel_api_request_reply (request, _easel_api_reply_new_for_error (error, body_references));
}

/* ---- workers ---------------------------------------------------------------------------- */

typedef struct
{
  EaselApiRequest *request;
  EaselApiWorker   worker;
} WorkerData;

static void
worker_data_free (WorkerData *data)
{
  _easel_api_request_unref (data->request);
  g_free (data);
}

static void
worker_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WorkerData *data = task_data;
  EaselStore *store = easel_engine_get_store (_easel_api_request_get_engine (data->request));
  g_autoptr(GError) error = NULL;
  EaselApiReply *reply;

  reply = data->worker (data->request, store, &error);
  if (reply == NULL)
    reply = _easel_api_reply_new_for_error (error, FALSE);
  g_task_return_pointer (task, reply, (GDestroyNotify) _easel_api_reply_free);
}

static void
worker_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WorkerData *data = g_task_get_task_data (G_TASK (result));
  EaselApiReply *reply = g_task_propagate_pointer (G_TASK (result), NULL);

  _easel_api_request_reply (data->request, reply);
}

/**
 * _easel_api_request_run_worker:
 *
 * Runs @worker in a thread and sends what it returns.
 */
void
_easel_api_request_run_worker (EaselApiRequest *request,
                               EaselApiWorker   worker)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, worker_done_cb, NULL);
  WorkerData *data = g_new0 (WorkerData, 1);

  data->request = _easel_api_request_ref (request);
  data->worker = worker;
  g_task_set_source_tag (task, _easel_api_request_run_worker);
  g_task_set_task_data (task, data, (GDestroyNotify) worker_data_free);
  g_task_run_in_thread (task, worker_thread);
}

/* ---- reading the request ---------------------------------------------------------------- */

/**
 * _easel_api_request_parse_json:
 *
 * Returns: (transfer full) (nullable): the body as JSON; %NULL when there is none or it does
 * not parse, after answering 400 with the parser's reason.
 */
JsonNode *
_easel_api_request_parse_json (EaselApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonNode *node;
  gsize length = 0;
  const char *data;

  if (request->body == NULL)
    {
      _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                      EASEL_API_ERROR_MALFORMED_JSON,
                                      _("This request needs a JSON body"));
      return NULL;
    }
  data = g_bytes_get_data (request->body, &length);
  node = easel_json_parse (data, (gssize) length, &error);
  if (node != NULL)
    return node;

  message = g_strdup_printf (_("The body is not valid JSON: %s"), error->message);
  _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                  EASEL_API_ERROR_MALFORMED_JSON, message);
  return NULL;
}

/* Ids in paths are positive decimal integers, nothing else ("+1", "01x" and "1e3" are not). */
gboolean
_easel_api_request_get_id (EaselApiRequest *request,
                           guint            index,
                           gint64          *out_id)
{
  const char *text = index < EASEL_API_MAX_PARAMS ? request->params[index] : NULL;
  guint64 value = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 18)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c))
        return FALSE;
      value = value * 10 + (guint64) (*c - '0');
    }
  if (value == 0)
    return FALSE;
  *out_id = (gint64) value;
  return TRUE;
}

const char *
_easel_api_request_get_query (EaselApiRequest *request,
                              const char      *name)
{
  return g_hash_table_lookup (request->query, name);
}

/* An absolute URL on this server: `_easel_api_request_url (r, "/api/v1/runs/%d", 4)`. */
char *
_easel_api_request_url (EaselApiRequest *request,
                        const char      *format,
                        ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (request->base_url, path, NULL);
}

/* ---- shared JSON ------------------------------------------------------------------------ */

/**
 * _easel_api_check_members:
 * @where: how the error names the object ("the body", "settings")
 *
 * Strict bodies: a member that is not known is an error, so a typo does not vanish silently.
 */
gboolean
_easel_api_check_members (JsonObject          *object,
                          const char          *where,
                          const char * const  *known,
                          GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    if (!g_strv_contains (known, name))
      {
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                     _("Unknown member “%s” in %s"), name, where);
        return FALSE;
      }
  return TRUE;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/**
 * _easel_api_result_to_json:
 * @job: the job (of the result, or one that made none)
 * @result: (nullable): its image
 * @details: add what the history knows of the image (prompt, settings, favourite…)
 *
 * The object of `easel generate --json` (easel_engine_job_to_json()), plus "run" and
 * "image_url". Safe in a worker: it reads only the store.
 */
JsonNode *
_easel_api_result_to_json (EaselApiRequest   *request,
                           EaselStore        *store,
                           const EaselJob    *job,
                           const EaselResult *result,
                           gboolean           details)
{
  JsonNode *node = easel_engine_job_to_json (_easel_api_request_get_engine (request), job,
                                             result);
  JsonObject *object = json_node_get_object (node);

  json_object_set_int_member (object, "run", result != NULL ? result->run_id : job->run_id);
  if (result != NULL)
    {
      g_autofree char *url = _easel_api_request_url (request, EASEL_API_PREFIX
                                                     "/results/%" G_GINT64_FORMAT "/image",
                                                     result->id);
      json_object_set_string_member (object, "image_url", url);
    }
  else
    json_object_set_null_member (object, "image_url");

  if (!details || result == NULL)
    return node;

  json_object_set_string_member (object, "prompt", result->prompt);
  set_string_or_null (object, "negative_prompt", result->negative_prompt);
  set_string_or_null (object, "revised_prompt", result->revised_prompt);
  json_object_set_member (object, "settings",
                          easel_image_setting_to_json (result->setting, FALSE));
  json_object_set_boolean_member (object, "favorite", result->favorite);
  json_object_set_int_member (object, "rating", result->rating);
  {
    JsonArray *tags = json_array_new ();

    for (guint i = 0; result->tags != NULL && result->tags[i] != NULL; i++)
      json_array_add_string_element (tags, result->tags[i]);
    json_object_set_array_member (object, "tags", tags);
  }
  json_object_set_int_member (object, "created_at", result->created_at);
  set_string_or_null (object, "mime_type", result->mime_type);
  set_string_or_null (object, "sha256", result->file_hash);
  if (result->section_id > 0)
    json_object_set_int_member (object, "section_id", result->section_id);
  else
    json_object_set_null_member (object, "section_id");
  return node;
}
