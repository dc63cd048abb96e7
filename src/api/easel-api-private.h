/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "easel-api-server.h"

G_BEGIN_DECLS

#define EASEL_API_PREFIX "/api/v1"

/* Error codes of the `{"error": {"code", "message"}}` bodies; docs/api.md lists them. */
#define EASEL_API_ERROR_BAD_REQUEST     "bad_request"
#define EASEL_API_ERROR_MALFORMED_JSON  "malformed_json"
#define EASEL_API_ERROR_UNAUTHORIZED    "unauthorized"
#define EASEL_API_ERROR_NOT_FOUND       "not_found"
#define EASEL_API_ERROR_NOT_ALLOWED     "method_not_allowed"
#define EASEL_API_ERROR_CONFLICT        "conflict"
#define EASEL_API_ERROR_TOO_LARGE       "payload_too_large"
#define EASEL_API_ERROR_INVALID         "invalid_request"
#define EASEL_API_ERROR_UNAVAILABLE     "shutting_down"
#define EASEL_API_ERROR_INTERNAL        "internal_error"

typedef struct _EaselApiRequest EaselApiRequest;
typedef struct _EaselApiReply   EaselApiReply;

/**
 * EaselApiReply:
 * @status: the HTTP status
 * @json: (nullable): a JSON body
 * @bytes: (nullable): a body of another type, with @content_type
 * @content_type: (nullable): the type of @bytes
 * @headers: (nullable): extra response headers, name → value
 *
 * What a handler answers; built in a worker thread or on the main thread, sent on the main
 * thread.
 */
struct _EaselApiReply
{
  guint       status;
  JsonNode   *json;
  GBytes     *bytes;
  char       *content_type;
  GHashTable *headers;
};

EaselApiReply *_easel_api_reply_new        (guint              status,
                                            JsonNode          *json);
EaselApiReply *_easel_api_reply_new_error  (guint              status,
                                            const char        *code,
                                            const char        *message);
EaselApiReply *_easel_api_reply_new_for_error (const GError   *error,
                                               gboolean        body_references);
void           _easel_api_reply_set_header (EaselApiReply     *reply,
                                            const char        *name,
                                            const char        *value);
void           _easel_api_reply_free       (EaselApiReply     *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselApiReply, _easel_api_reply_free)

typedef void (*EaselApiHandler) (EaselApiRequest *request);

/**
 * EaselApiRoute:
 * @method: "GET", "POST", "PUT" or "DELETE" (GET routes answer HEAD too)
 * @pattern: the path, with `{name}` for a segment that is a parameter
 * @handler: what answers it (on the main thread; blocking work goes to a worker)
 */
typedef struct
{
  const char      *method;
  const char      *pattern;
  EaselApiHandler  handler;
} EaselApiRoute;

/* The routes the server answers, NULL-terminated; the OpenAPI test reads it. */
extern const EaselApiRoute _easel_api_routes[];

#define EASEL_API_MAX_PARAMS 3

/**
 * EaselApiRequest:
 *
 * One request being answered. Everything a worker needs is copied out of the message on the
 * main thread first: workers read these fields and the store, never the message.
 */
struct _EaselApiRequest
{
  guint               ref_count;
  EaselApiServer     *server;
  SoupServerMessage  *msg;
  const EaselApiRoute *route;
  char               *method;
  char               *path;
  char               *params[EASEL_API_MAX_PARAMS];
  GHashTable         *query;
  GBytes             *body;
  char               *content_type;
  char               *if_none_match;
  char               *base_url;
  gboolean            replied;
  gboolean            disconnected;
  gboolean            finished;
  gulong              disconnected_id;
  gulong              finished_id;
  gpointer            data;
  GDestroyNotify      data_free;
};

/* A worker runs in a thread: it reads the request and the store and returns the reply, or
 * %NULL with an error that _easel_api_reply_new_for_error() turns into one.
 */
typedef EaselApiReply *(*EaselApiWorker) (EaselApiRequest  *request,
                                          EaselStore       *store,
                                          GError          **error);

EaselApiRequest *_easel_api_request_new          (EaselApiServer      *server,
                                                  SoupServerMessage   *msg,
                                                  const EaselApiRoute *route,
                                                  char               **params,
                                                  GHashTable          *query);
EaselApiRequest *_easel_api_request_ref          (EaselApiRequest *request);
void             _easel_api_request_unref        (EaselApiRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselApiRequest, _easel_api_request_unref)

void             _easel_api_request_reply        (EaselApiRequest *request,
                                                  EaselApiReply   *reply);
void             _easel_api_request_reply_json   (EaselApiRequest *request,
                                                  guint            status,
                                                  JsonNode        *json);
void             _easel_api_request_reply_error  (EaselApiRequest *request,
                                                  guint            status,
                                                  const char      *code,
                                                  const char      *message);
void             _easel_api_request_reply_gerror (EaselApiRequest *request,
                                                  const GError    *error,
                                                  gboolean         body_references);
void             _easel_api_request_run_worker   (EaselApiRequest *request,
                                                  EaselApiWorker   worker);
void             _easel_api_request_set_data     (EaselApiRequest *request,
                                                  gpointer         data,
                                                  GDestroyNotify   data_free);
JsonNode        *_easel_api_request_parse_json   (EaselApiRequest *request);
gboolean         _easel_api_request_get_id       (EaselApiRequest *request,
                                                  guint            index,
                                                  gint64          *out_id);
const char      *_easel_api_request_get_query    (EaselApiRequest *request,
                                                  const char      *name);
char            *_easel_api_request_url          (EaselApiRequest *request,
                                                  const char      *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
EaselEngine     *_easel_api_request_get_engine   (EaselApiRequest *request);

/* easel-api-server.c: things the handlers need from the server. */
GCancellable    *_easel_api_server_get_cancellable (EaselApiServer *self);
void             _easel_api_server_request_done  (EaselApiServer  *self,
                                                  EaselApiRequest *request);

/* easel-api-runs.c: what the server knows about runs as they go. */
typedef struct _EaselApiRuns EaselApiRuns;
typedef void (*EaselApiRunFinished) (gint64   run_id,
                                     gpointer user_data);

EaselApiRuns    *_easel_api_runs_new             (EaselEngine     *engine);
void             _easel_api_runs_free            (EaselApiRuns    *runs);
void             _easel_api_runs_when_finished   (EaselApiRuns    *runs,
                                                  gint64           run_id,
                                                  EaselApiRunFinished callback,
                                                  gpointer         user_data);
GPtrArray       *_easel_api_runs_snapshot        (EaselApiRuns    *runs,
                                                  gint64           run_id);
JsonNode        *_easel_api_run_to_json          (EaselApiRequest *request,
                                                  EaselStore      *store,
                                                  gint64           run_id,
                                                  GPtrArray       *live_jobs,
                                                  gboolean         with_details,
                                                  GError         **error);
void             _easel_api_runs_reply_status    (EaselApiRequest *request,
                                                  gint64           run_id,
                                                  guint            status);
EaselApiRuns    *_easel_api_server_get_runs      (EaselApiServer  *self);

/* Shared JSON pieces. */
JsonNode        *_easel_api_result_to_json       (EaselApiRequest *request,
                                                  EaselStore      *store,
                                                  const EaselJob  *job,
                                                  const EaselResult *result,
                                                  gboolean         details);
EaselJob        *_easel_api_job_for_result       (EaselStore      *store,
                                                  const EaselResult *result);
gboolean         _easel_api_check_members        (JsonObject      *object,
                                                  const char      *where,
                                                  const char * const *known,
                                                  GError         **error);

/* The route handlers, one file per concern. */
void _easel_api_openapi_get        (EaselApiRequest *request);
void _easel_api_images_generate    (EaselApiRequest *request);
void _easel_api_images_batch       (EaselApiRequest *request);
void _easel_api_runs_get           (EaselApiRequest *request);
void _easel_api_runs_cancel        (EaselApiRequest *request);
void _easel_api_results_list       (EaselApiRequest *request);
void _easel_api_results_get        (EaselApiRequest *request);
void _easel_api_results_image      (EaselApiRequest *request);
void _easel_api_providers_list     (EaselApiRequest *request);
void _easel_api_examples_list      (EaselApiRequest *request);
void _easel_api_examples_create    (EaselApiRequest *request);
void _easel_api_examples_get       (EaselApiRequest *request);
void _easel_api_examples_update    (EaselApiRequest *request);
void _easel_api_examples_delete    (EaselApiRequest *request);
void _easel_api_posts_list         (EaselApiRequest *request);
void _easel_api_posts_create       (EaselApiRequest *request);
void _easel_api_posts_get          (EaselApiRequest *request);
void _easel_api_posts_generate     (EaselApiRequest *request);
void _easel_api_posts_section_update (EaselApiRequest *request);
void _easel_api_posts_export       (EaselApiRequest *request);

G_END_DECLS
