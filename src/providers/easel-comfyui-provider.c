/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-provider.c: the EaselProvider for one ComfyUI server (protocols/comfyui.md
 * §17): one stable clientId and one websocket shared by all jobs, messages routed by
 * prompt_id, bounded REST calls with their own timeouts, and the HTTP watchdog that re-checks
 * in-flight prompts. The job lifecycle is in easel-comfyui-job.c, check in
 * easel-comfyui-check.c.
 *
 * The API key, when one is stored, goes out as `Authorization: Bearer` on every request and on
 * the websocket handshake (ComfyUI-Login, hosted images behind a token); a configured
 * Authorization header wins.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-comfyui-errors.h"
#include "easel-comfyui-private.h"
#include "easel-comfyui-workflow.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-http.h"
#include "easel-json.h"

/* Messages for prompt ids not known yet (a legacy server's own ids) are kept this long. */
#define MAX_UNCLAIMED 512

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_BASE_URL,
  N_PROPS
};

typedef struct
{
  EaselComfyuiSocketReady func;
  gpointer                data;
  GDestroyNotify          destroy;
} SocketWaiter;

typedef struct
{
  char       *prompt_id;
  char       *type;
  JsonObject *data;
} Unclaimed;

static void easel_comfyui_provider_iface_init (EaselProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselComfyuiProvider, easel_comfyui_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EASEL_TYPE_PROVIDER,
                                                      easel_comfyui_provider_iface_init))

static void
socket_waiter_free (SocketWaiter *waiter)
{
  if (waiter->destroy != NULL)
    waiter->destroy (waiter->data);
  g_free (waiter);
}

static void
unclaimed_free (Unclaimed *unclaimed)
{
  g_free (unclaimed->prompt_id);
  g_free (unclaimed->type);
  json_object_unref (unclaimed->data);
  g_free (unclaimed);
}

/* ---- REST -------------------------------------------------------------------------------- */

SoupMessage *
_easel_comfyui_message_new (EaselComfyuiProvider *self,
                            const char           *method,
                            GUri                 *uri)
{
  SoupMessage *message = soup_message_new_from_uri (method, uri);

  easel_http_apply_headers (message, self->config->headers);
  if (self->api_key != NULL &&
      soup_message_headers_get_one (soup_message_get_request_headers (message),
                                    "Authorization") == NULL)
    easel_http_set_bearer (message, self->api_key);
  return message;
}

SoupMessage *
_easel_comfyui_message_for_path (EaselComfyuiProvider *self,
                                 const char           *method,
                                 const char           *path)
{
  g_autoptr(GUri) uri = easel_http_build_uri (self->base_url, path, NULL);

  g_return_val_if_fail (uri != NULL, NULL);
  return _easel_comfyui_message_new (self, method, uri);
}

typedef struct
{
  SoupMessage  *message;
  GCancellable *child;
  GCancellable *parent;
  gulong        parent_id;
  guint         timer_id;
  gboolean      timed_out;
  double        timeout_s;
  char         *label;
} RequestData;

static void
request_data_free (RequestData *data)
{
  if (data->parent != NULL && data->parent_id != 0)
    g_cancellable_disconnect (data->parent, data->parent_id);
  g_clear_object (&data->parent);
  g_clear_handle_id (&data->timer_id, g_source_remove);
  g_clear_object (&data->child);
  g_clear_object (&data->message);
  g_free (data->label);
  g_free (data);
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  RequestData *data = user_data;

  data->timer_id = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->child);
  return G_SOURCE_REMOVE;
}

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselComfyuiProvider *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = easel_http_send_finish (SOUP_SESSION (source), result, &error);
  g_clear_handle_id (&data->timer_id, g_source_remove);
  if (body != NULL)
    {
      g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (data->timed_out)
    {
      GError *timeout = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                                     _("%s did not answer %s within %g s. Check that the server "
                                       "is not overloaded, or raise the timeout (timeout_s)."),
                                     self->what, data->label, data->timeout_s);
      g_task_return_error (task, timeout);
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * _easel_comfyui_request_async:
 * @timeout_s: the whole exchange must finish within this; 0 = no limit
 * @cancellable: (nullable): cancels the request; the timeout uses its own
 *
 * Sends @message with the provider's body bound and maps transport failures. Any HTTP status
 * completes: check it after _easel_comfyui_request_finish().
 */
void
_easel_comfyui_request_async (EaselComfyuiProvider *self,
                              SoupMessage          *message,
                              double                timeout_s,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  RequestData *data = g_new0 (RequestData, 1);
  GUri *uri = soup_message_get_uri (message);

  g_task_set_source_tag (task, _easel_comfyui_request_async);
  data->message = g_object_ref (message);
  data->child = g_cancellable_new ();
  data->timeout_s = timeout_s;
  data->label = g_strdup_printf ("%s %s", soup_message_get_method (message),
                                 g_uri_get_path (uri));
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  if (cancellable != NULL)
    {
      data->parent = g_object_ref (cancellable);
      data->parent_id = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                                               data->child, NULL);
    }
  if (timeout_s > 0)
    data->timer_id = g_timeout_add ((guint) MAX (timeout_s * 1000, 1), request_timeout_cb, data);

  easel_http_send_async (self->session, message, self->max_body, self->what, data->child,
                         request_cb, g_steal_pointer (&task));
}

/**
 * _easel_comfyui_request_finish:
 * @message: (out) (optional) (transfer full): the message, for its status and headers
 *
 * Returns: (transfer full): the body, or %NULL with an %EASEL_PROVIDER_ERROR.
 */
GBytes *
_easel_comfyui_request_finish (EaselComfyuiProvider  *self,
                               GAsyncResult          *result,
                               SoupMessage          **message,
                               GError               **error)
{
  RequestData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (message != NULL)
    *message = g_object_ref (data->message);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_easel_comfyui_post_json (EaselComfyuiProvider *self,
                          const char           *path,
                          const char           *json,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(SoupMessage) message = _easel_comfyui_message_for_path (self, "POST", path);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  _easel_comfyui_request_async (self, message, self->timeout_s, cancellable, callback,
                                user_data);
}

/* The prompt ids of `queue_running` or `queue_pending` (index 1 of each 5-tuple, §5.1). */
GStrv
_easel_comfyui_queue_ids (JsonNode   *queue,
                          const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *items;

  if (queue == NULL || !JSON_NODE_HOLDS_OBJECT (queue))
    return NULL;
  items = easel_json_object_get_array (json_node_get_object (queue), member);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonArray *tuple = JSON_NODE_HOLDS_ARRAY (item) ? json_node_get_array (item) : NULL;
      JsonNode *id = tuple != NULL && json_array_get_length (tuple) > 1 ?
                     json_array_get_element (tuple, 1) : NULL;

      if (id != NULL && JSON_NODE_HOLDS_VALUE (id) &&
          json_node_get_value_type (id) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (id));
    }
  return g_strv_builder_end (builder);
}

/* ---- jobs, watchdog, re-check ------------------------------------------------------------ */

static void
recheck_queue_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (
    (GDestroyNotify) _easel_comfyui_job_unref);
  GHashTableIter iter;
  gpointer value;

  self->rechecking = FALSE;
  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (body == NULL)
    {
      g_debug ("re-check: GET /queue failed: %s", error->message);
      if (g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED))
        return;
    }
  else if (easel_http_status_is_success (message))
    queue = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (jobs, _easel_comfyui_job_ref (value));
  for (guint i = 0; i < jobs->len; i++)
    _easel_comfyui_job_recheck (g_ptr_array_index (jobs, i), queue);
}

/* Queue first, then each history: a prompt that ends between the two reads is found in
 * history, never lost between them.
 */
static void
recheck_all (EaselComfyuiProvider *self)
{
  g_autoptr(SoupMessage) message = NULL;

  if (self->rechecking || g_hash_table_size (self->jobs) == 0)
    return;
  self->rechecking = TRUE;
  message = _easel_comfyui_message_for_path (self, "GET", "/queue");
  _easel_comfyui_request_async (self, message, self->timeout_s, self->cancellable,
                                recheck_queue_cb, NULL);
}

static gboolean
watchdog_cb (gpointer data)
{
  EaselComfyuiProvider *self = data;

  recheck_all (self);
  return G_SOURCE_CONTINUE;
}

/* Keeps the socket and the watchdog alive exactly while jobs are in flight. */
void
_easel_comfyui_jobs_changed (EaselComfyuiProvider *self)
{
  gboolean busy = g_hash_table_size (self->jobs) > 0;

  if (self->socket != NULL)
    easel_comfyui_socket_set_keep_connected (self->socket, busy);
  if (busy && self->watchdog_id == 0 && self->watchdog_s > 0)
    self->watchdog_id = g_timeout_add ((guint) (self->watchdog_s * 1000), watchdog_cb, self);
  else if (!busy)
    g_clear_handle_id (&self->watchdog_id, g_source_remove);
}

static void
route_message (EaselComfyuiProvider *self,
               const char           *type,
               JsonObject           *data);

/* A legacy server named the job: move it to that id and replay what arrived meanwhile. */
void
_easel_comfyui_rekey_job (EaselComfyuiProvider *self,
                          EaselComfyuiJob      *job,
                          const char           *new_id)
{
  g_autoptr(GPtrArray) replay = g_ptr_array_new_with_free_func ((GDestroyNotify) unclaimed_free);
  GList *link;

  if (g_hash_table_lookup (self->jobs, job->prompt_id) == job)
    g_hash_table_remove (self->jobs, job->prompt_id);
  g_free (job->prompt_id);
  job->prompt_id = g_strdup (new_id);
  g_hash_table_insert (self->jobs, g_strdup (new_id), _easel_comfyui_job_ref (job));

  link = self->unclaimed->head;
  while (link != NULL)
    {
      GList *next = link->next;
      Unclaimed *unclaimed = link->data;

      if (g_str_equal (unclaimed->prompt_id, new_id))
        {
          g_queue_delete_link (self->unclaimed, link);
          g_ptr_array_add (replay, unclaimed);
        }
      link = next;
    }
  if (g_strcmp0 (self->running_prompt_id, new_id) == 0 || replay->len > 0)
    for (guint i = 0; i < replay->len; i++)
      {
        Unclaimed *unclaimed = g_ptr_array_index (replay, i);
        route_message (self, unclaimed->type, unclaimed->data);
      }
}

void
_easel_comfyui_orphan_suspected (EaselComfyuiProvider *self)
{
  easel_comfyui_socket_reconnect (self->socket);
}

/* ---- the websocket ----------------------------------------------------------------------- */

static gboolean
any_job_submitting (EaselComfyuiProvider *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((EaselComfyuiJob *) value)->state == JOB_SUBMITTING)
      return TRUE;
  return FALSE;
}

static void
keep_unclaimed (EaselComfyuiProvider *self,
                const char           *prompt_id,
                const char           *type,
                JsonObject           *data)
{
  Unclaimed *unclaimed;

  if (!any_job_submitting (self))
    {
      g_queue_clear_full (self->unclaimed, (GDestroyNotify) unclaimed_free);
      return;
    }
  unclaimed = g_new0 (Unclaimed, 1);
  unclaimed->prompt_id = g_strdup (prompt_id);
  unclaimed->type = g_strdup (type);
  unclaimed->data = json_object_ref (data);
  g_queue_push_tail (self->unclaimed, unclaimed);
  while (g_queue_get_length (self->unclaimed) > MAX_UNCLAIMED)
    unclaimed_free (g_queue_pop_head (self->unclaimed));
}

/* Every message carries its prompt_id except the reconnect `executing` and some progress:
 * those belong to the prompt running for this clientId (§8.1, §8.3).
 */
static void
route_message (EaselComfyuiProvider *self,
               const char           *type,
               JsonObject           *data)
{
  const char *prompt_id = easel_json_object_get_string (data, "prompt_id");
  EaselComfyuiJob *job;

  if (g_str_equal (type, "status"))
    {
      JsonObject *exec_info = easel_json_object_get_object (
        easel_json_object_get_object (data, "status"), "exec_info");
      gint64 remaining;

      self->last_status_at = g_get_monotonic_time ();
      if (easel_json_object_get_int (exec_info, "queue_remaining", &remaining))
        self->queue_remaining = (int) CLAMP (remaining, 0, G_MAXINT);
      return;
    }
  if (g_str_equal (type, "feature_flags"))
    {
      self->preview_metadata = TRUE;
      return;
    }

  if (prompt_id == NULL)
    prompt_id = self->running_prompt_id;
  if (prompt_id == NULL)
    return;
  if (g_str_equal (type, "execution_start"))
    {
      g_free (self->running_prompt_id);
      self->running_prompt_id = g_strdup (prompt_id);
    }

  job = g_hash_table_lookup (self->jobs, prompt_id);
  if (job != NULL)
    {
      G_GNUC_UNUSED g_autoptr(EaselComfyuiJob) guard = _easel_comfyui_job_ref (job);

      _easel_comfyui_job_on_message (job, type, data);
    }
  else
    keep_unclaimed (self, prompt_id, type, data);

  if (g_str_equal (type, "executing") && g_strcmp0 (self->running_prompt_id, prompt_id) == 0)
    {
      JsonNode *node = json_object_get_member (data, "node");

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        g_clear_pointer (&self->running_prompt_id, g_free);
    }
}

static void
on_socket_message (const char *type,
                   JsonObject *data,
                   gpointer    user_data)
{
  route_message (user_data, type, data);
}

static void
on_socket_frame (const EaselComfyuiFrame *frame,
                 gpointer                 user_data)
{
  EaselComfyuiProvider *self = user_data;
  const char *prompt_id = frame->prompt_id;
  const char *node_id = frame->node_id;
  EaselComfyuiJob *job;

  if (frame->event != 1 && frame->event != 4)
    return;
  /* Type 1 names no prompt: it is the running one's (§10.1). */
  if (prompt_id == NULL)
    prompt_id = self->running_prompt_id;
  job = prompt_id != NULL ? g_hash_table_lookup (self->jobs, prompt_id) : NULL;
  if (job == NULL)
    return;
  if (node_id == NULL)
    node_id = job->current_node;
  {
    G_GNUC_UNUSED g_autoptr(EaselComfyuiJob) guard = _easel_comfyui_job_ref (job);
    _easel_comfyui_job_on_frame (job, frame, node_id);
  }
}

static void
flush_waiters (EaselComfyuiProvider *self,
               const GError         *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) socket_waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    {
      SocketWaiter *waiter = g_ptr_array_index (waiters, i);

      waiter->func (self, error, waiter->data);
    }
}

static void
on_socket_opened (gpointer user_data)
{
  EaselComfyuiProvider *self = user_data;
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  /* Messages sent while away are gone: reconcile every job over HTTP (§17 rule 5). */
  if (easel_comfyui_socket_get_connections (self->socket) > 1)
    recheck_all (self);
  flush_waiters (self, NULL);
}

static void
on_socket_failed (const GError *error,
                  gpointer      user_data)
{
  EaselComfyuiProvider *self = user_data;
  G_GNUC_UNUSED g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  flush_waiters (self, error);
}

static void
on_socket_dropped (gpointer user_data)
{
  EaselComfyuiProvider *self = user_data;

  g_debug ("websocket to %s dropped; %u jobs in flight", self->what,
           g_hash_table_size (self->jobs));
}

/**
 * _easel_comfyui_when_connected:
 *
 * Calls @func once the websocket is open (at once if it is), or with the error of the attempt
 * that failed.
 */
void
_easel_comfyui_when_connected (EaselComfyuiProvider    *self,
                               EaselComfyuiSocketReady  func,
                               gpointer                 data,
                               GDestroyNotify           destroy)
{
  SocketWaiter *waiter;

  if (easel_comfyui_socket_is_open (self->socket))
    {
      func (self, NULL, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  waiter = g_new0 (SocketWaiter, 1);
  waiter->func = func;
  waiter->data = data;
  waiter->destroy = destroy;
  g_ptr_array_add (self->waiters, waiter);
  easel_comfyui_socket_connect (self->socket);
}

/* ---- EaselProvider ----------------------------------------------------------------------- */

static void
easel_comfyui_provider_generate_async (EaselProvider              *provider,
                                       const EaselGenerateRequest *request,
                                       EaselProgressFunc           progress,
                                       gpointer                    progress_data,
                                       GDestroyNotify              progress_destroy,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(EaselGenerateRequest) copy = easel_generate_request_copy (request);
  g_autoptr(EaselCapabilities) caps = NULL;
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(EaselComfyuiJob) job = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, easel_comfyui_provider_generate_async);
  /* The job completes itself with CANCELLED after cleaning up on the server. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      if (progress_destroy != NULL)
        progress_destroy (progress_data);
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED,
                               _("Cancelled"));
      return;
    }

  /* Our own prompt_id: the engine's stored one, else a new lowercase UUID v4 (§17 rule 2). */
  if (copy->remote_id == NULL)
    copy->remote_id = easel_uuid_new ();
  else if (!easel_uuid_is_canonical (copy->remote_id))
    {
      g_autofree char *lower = g_ascii_strdown (copy->remote_id, -1);

      if (!easel_uuid_is_canonical (lower))
        {
          if (progress_destroy != NULL)
            progress_destroy (progress_data);
          error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                               _("The job's remote id “%s” is not a UUID."), copy->remote_id);
          easel_provider_error_set_field (error, "remote_id");
          g_task_return_error (task, error);
          return;
        }
      g_free (copy->remote_id);
      copy->remote_id = g_steal_pointer (&lower);
    }
  if (g_hash_table_contains (self->jobs, copy->remote_id))
    {
      if (progress_destroy != NULL)
        progress_destroy (progress_data);
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                           _("A job with prompt id %s is already running on %s."),
                           copy->remote_id, self->what);
      easel_provider_error_set_field (error, "remote_id");
      g_task_return_error (task, error);
      return;
    }

  caps = easel_provider_get_capabilities (provider, copy->model);
  mapped = easel_comfyui_map_request (self->config, copy, caps, &error);
  if (mapped == NULL)
    {
      if (progress_destroy != NULL)
        progress_destroy (progress_data);
      g_task_return_error (task, error);
      return;
    }

  job = _easel_comfyui_job_new (self, copy, g_steal_pointer (&mapped), progress, progress_data,
                                progress_destroy, cancellable, task);
  _easel_comfyui_job_start (job);
}

static GPtrArray *
easel_comfyui_provider_generate_finish (EaselProvider  *provider,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static EaselCapabilities *
easel_comfyui_provider_get_capabilities (EaselProvider *provider,
                                         const char    *model)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (provider);
  EaselCapabilities *caps;

  caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_COMFYUI,
                                    model != NULL ? model : self->config->model);
  /* What /object_info/KSampler said, when check ran. */
  if (self->max_steps > 0 && self->max_steps < caps->max_steps)
    caps->max_steps = (int) self->max_steps;
  if (self->max_seed > 0 && self->max_seed < caps->max_seed)
    caps->max_seed = self->max_seed;
  if (self->max_cfg > 0 && self->max_cfg < caps->max_guidance)
    caps->max_guidance = self->max_cfg;
  return caps;
}

static int
easel_comfyui_provider_get_queue_remaining (EaselProvider *provider)
{
  return EASEL_COMFYUI_PROVIDER (provider)->queue_remaining;
}

static void
easel_comfyui_provider_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = easel_comfyui_provider_generate_async;
  iface->generate_finish = easel_comfyui_provider_generate_finish;
  iface->check_async = _easel_comfyui_check_async;
  iface->check_finish = _easel_comfyui_check_finish;
  iface->get_capabilities = easel_comfyui_provider_get_capabilities;
  iface->get_queue_remaining = easel_comfyui_provider_get_queue_remaining;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static double
option (EaselComfyuiProvider *self,
        const char           *key,
        double                fallback)
{
  double value = easel_provider_config_get_option_double (self->config, key, fallback);

  return value >= 0 ? value : fallback;
}

/* "ComfyUI at 127.0.0.1:8188" (and the proxy prefix, when there is one). */
static char *
describe_server (const char *base_url)
{
  g_autoptr(GUri) uri = base_url != NULL ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *path;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup_printf (_("ComfyUI at %s"), base_url != NULL ? base_url : "?");
  path = g_uri_get_path (uri);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf (_("ComfyUI at %s:%d%s"), g_uri_get_host (uri), g_uri_get_port (uri),
                            path != NULL && !g_str_equal (path, "/") ? path : "");
  return g_strdup_printf (_("ComfyUI at %s%s"), g_uri_get_host (uri),
                          path != NULL && !g_str_equal (path, "/") ? path : "");
}

static void
easel_comfyui_provider_constructed (GObject *object)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (object);
  static const EaselComfyuiSocketCallbacks callbacks = {
    on_socket_opened, on_socket_failed, on_socket_dropped, on_socket_message, on_socket_frame,
  };
  double max_body;

  G_OBJECT_CLASS (easel_comfyui_provider_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = easel_provider_config_new ("ComfyUI", EASEL_PROVIDER_KIND_COMFYUI);
  if (self->base_url == NULL)
    self->base_url = g_strdup (self->config->urls != NULL && self->config->urls[0] != NULL ?
                               self->config->urls[0] :
                               easel_provider_config_get_default_url (EASEL_PROVIDER_KIND_COMFYUI));

  /* One stable clientId per server (§17 rule 3): the configured one, else one for this
   * instance.
   */
  self->client_id = self->config->client_id != NULL && *self->config->client_id != '\0' ?
                    g_strdup (self->config->client_id) : easel_uuid_new ();
  self->what = describe_server (self->base_url);

  self->timeout_s = option (self, "timeout_s", 30);
  self->object_info_timeout_s = option (self, "object_info_timeout_s", MAX (self->timeout_s, 120));
  self->view_timeout_s = option (self, "view_timeout_s", MAX (self->timeout_s, 300));
  self->job_timeout_s = option (self, "job_timeout_s", 0);
  self->cancel_wait_s = option (self, "cancel_wait_s", 10);
  self->watchdog_s = option (self, "watchdog_s", 15);
  self->orphan_check_s = option (self, "orphan_check_s", 2);
  max_body = option (self, "max_body", EASEL_HTTP_DEFAULT_MAX_BODY);
  self->max_body = max_body >= 1 ? (gsize) max_body : EASEL_HTTP_DEFAULT_MAX_BODY;

  /* Our own timers bound each request; the session's would cut large downloads. */
  self->session = easel_http_session_new (0);
  self->socket = easel_comfyui_socket_new (self->base_url, self->client_id,
                                           self->config->headers, NULL, self->what,
                                           &callbacks, self);
  easel_comfyui_socket_set_timing (self->socket, self->timeout_s,
                                   option (self, "reconnect_initial_s", 0.5),
                                   option (self, "reconnect_max_s", 30));
}

static void
easel_comfyui_provider_dispose (GObject *object)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->socket != NULL)
    g_object_run_dispose (G_OBJECT (self->socket));
  g_clear_object (&self->socket);
  if (self->waiters != NULL)
    g_ptr_array_set_size (self->waiters, 0);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (easel_comfyui_provider_parent_class)->dispose (object);
}

static void
easel_comfyui_provider_finalize (GObject *object)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (object);

  g_clear_pointer (&self->config, easel_provider_config_free);
  g_free (self->base_url);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->client_id);
  g_free (self->what);
  g_free (self->running_prompt_id);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_queue_free_full (self->unclaimed, (GDestroyNotify) unclaimed_free);
  g_clear_pointer (&self->returned_files, g_hash_table_unref);

  G_OBJECT_CLASS (easel_comfyui_provider_parent_class)->finalize (object);
}

static void
easel_comfyui_provider_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_comfyui_provider_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_clear_pointer (&self->config, easel_provider_config_free);
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_comfyui_provider_class_init (EaselComfyuiProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = easel_comfyui_provider_constructed;
  object_class->dispose = easel_comfyui_provider_dispose;
  object_class->finalize = easel_comfyui_provider_finalize;
  object_class->get_property = easel_comfyui_provider_get_property;
  object_class->set_property = easel_comfyui_provider_set_property;

  g_object_class_override_property (object_class, PROP_CONFIG, "config");
  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
}

static void
easel_comfyui_provider_init (EaselComfyuiProvider *self)
{
  self->cancellable = g_cancellable_new ();
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) _easel_comfyui_job_unref);
  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) socket_waiter_free);
  self->unclaimed = g_queue_new ();
  self->returned_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queue_remaining = -1;
}

/**
 * easel_comfyui_provider_new:
 * @config: the provider (headers, workflow, clientId, options); copied
 * @base_url: (nullable): the one server of this instance; %NULL = the config's first URL
 * @api_key: (nullable): a token sent as `Authorization: Bearer` on every request and on the
 *   websocket handshake, unless the configured headers carry an Authorization header
 *
 * Options read from @config->options: `timeout_s` (REST calls, default 30),
 * `object_info_timeout_s` (120), `view_timeout_s` (300), `job_timeout_s` (0 = none),
 * `cancel_wait_s` (10), `watchdog_s` (15), `orphan_check_s` (2), `reconnect_initial_s` (0.5),
 * `reconnect_max_s` (30), `max_body` (bytes, 64 MiB).
 */
EaselProvider *
easel_comfyui_provider_new (const EaselProviderConfig *config,
                            const char                *base_url,
                            const char                *api_key)
{
  EaselComfyuiProvider *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (EASEL_TYPE_COMFYUI_PROVIDER,
                       "config", config,
                       "base-url", base_url,
                       NULL);
  if (api_key != NULL && *api_key != '\0')
    {
      self->api_key = g_strdup (api_key);
      easel_comfyui_socket_set_bearer (self->socket, api_key);
    }
  return EASEL_PROVIDER (self);
}

/* The websocket clientId and the POST's client_id (stable for this instance). */
const char *
easel_comfyui_provider_get_client_id (EaselComfyuiProvider *self)
{
  g_return_val_if_fail (EASEL_IS_COMFYUI_PROVIDER (self), NULL);

  return self->client_id;
}

/* Whether the server ignored Easel's prompt_id (ComfyUI older than 0.3.45). */
gboolean
easel_comfyui_provider_is_legacy (EaselComfyuiProvider *self)
{
  g_return_val_if_fail (EASEL_IS_COMFYUI_PROVIDER (self), FALSE);

  return self->legacy;
}

guint
easel_comfyui_provider_get_jobs_in_flight (EaselComfyuiProvider *self)
{
  g_return_val_if_fail (EASEL_IS_COMFYUI_PROVIDER (self), 0);

  return g_hash_table_size (self->jobs);
}
