/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-a1111"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-a1111-mapping.h"
#include "easel-a1111-private.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* The client of one AUTOMATIC1111-compatible server (protocols/a1111.md Part I).
 *
 * txt2img is synchronous and the server serializes requests behind a global lock, while
 * /progress and /interrupt describe and stop "whatever runs". So this client sends one
 * generation at a time and queues the others itself (§2, §9 rule 1): then the job that runs on
 * the server is ours whenever our txt2img is in flight, progress polls describe it, and an
 * interrupt stops it and nobody else's. Another program using the same server at the same time
 * can still be mistaken for ours; the protocol offers no job id to tell them apart.
 *
 * A job goes QUEUED → PREPARING (the name lists are fetched when stale) → RUNNING (txt2img in
 * flight on a session without timeout, progress polled on a second, short-timeout session) →
 * FINISHING (the answer is decoded in a worker) → DONE. Cancelling or the watchdog interrupts a
 * RUNNING job on the server, then waits for its txt2img to return (at most "cancel_grace_s"),
 * discards what it returns and completes with CANCELLED or TIMEOUT.
 */

typedef enum
{
  JOB_QUEUED,
  JOB_PREPARING,
  JOB_RUNNING,
  JOB_FINISHING,
  JOB_DONE,
} JobState;

typedef struct
{
  EaselGenerateRequest *request;
  EaselProgressFunc     progress;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
  GMainContext         *context;
  GCancellable         *cancellable;        /* the caller's, or NULL */
  gulong                cancel_id;
  GCancellable         *http_cancellable;   /* aborts our requests */
  GCancellable         *poll_cancellable;   /* aborts a progress poll */
  JobState              state;
  gboolean              refetched;
  EaselMappedRequest   *mapped;
  GError               *stop_error;         /* cancelled or timed out: what to complete with */
  GSource              *watchdog;
  GSource              *grace;
  GSource              *poll;
  gboolean              poll_in_flight;
  gboolean              polling_disabled;
  guint                 preview_key;
  SoupMessage          *message;            /* the txt2img */
  SoupMessage          *poll_message;       /* the progress poll in flight */
} Job;

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_BASE_URL,
};

static void easel_a1111_provider_iface_init (EaselProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselA1111Provider, easel_a1111_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EASEL_TYPE_PROVIDER,
                                                      easel_a1111_provider_iface_init))

static void start_next   (EaselA1111Provider *self);
static void prepare_job  (GTask              *task);

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
job_free (Job *job)
{
  g_assert (job->watchdog == NULL && job->grace == NULL && job->poll == NULL);

  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  g_clear_pointer (&job->request, easel_generate_request_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->http_cancellable);
  g_clear_object (&job->poll_cancellable);
  g_clear_pointer (&job->mapped, easel_mapped_request_free);
  g_clear_error (&job->stop_error);
  g_clear_object (&job->message);
  g_clear_object (&job->poll_message);
  g_free (job);
}

static double
option (EaselA1111Provider *self,
        const char         *key,
        double              fallback)
{
  return easel_provider_config_get_option_double (self->config, key, fallback);
}

static gboolean
option_enabled (EaselA1111Provider *self,
                const char         *key,
                gboolean            fallback)
{
  JsonNode *node = json_object_get_member (self->config->options, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return option (self, key, fallback ? 1 : 0) != 0;
}

gsize
_easel_a1111_max_body (EaselA1111Provider *self)
{
  double value = option (self, "max_body_bytes", 0);

  return value > 0 ? (gsize) value : EASEL_HTTP_DEFAULT_MAX_BODY;
}

int
_easel_a1111_max_dimension (EaselA1111Provider *self)
{
  double value = option (self, "max_image_dimension", 0);

  return value > 0 ? (int) MIN (value, EASEL_IMAGE_MAX_DIMENSION) : EASEL_IMAGE_MAX_DIMENSION;
}

/**
 * _easel_a1111_message_new:
 * @query_name: (nullable): one query parameter, escaped
 *
 * A request with the configured extra headers and, preemptively, HTTP Basic credentials: the
 * server's 401 carries no challenge (§1), so libsoup's auth manager would never answer one.
 */
SoupMessage *
_easel_a1111_message_new (EaselA1111Provider *self,
                          const char         *method,
                          const char         *path,
                          const char         *query_name,
                          const char         *query_value)
{
  g_autoptr(GUri) uri = easel_http_build_uri (self->base_url, path, query_name, query_value,
                                              NULL);
  SoupMessage *message;

  /* The URL was validated at construction. */
  g_assert (uri != NULL);
  message = soup_message_new_from_uri (method, uri);
  easel_http_apply_headers (message, self->config->headers);
  easel_http_set_basic (message, self->api_key);
  return message;
}

/* Completion. */

static void
job_stop_timers (Job *job)
{
  destroy_source (&job->watchdog);
  destroy_source (&job->grace);
  destroy_source (&job->poll);
  g_cancellable_cancel (job->poll_cancellable);
}

/* Completes @task with @images (transfer full) or @error (transfer full), and lets the next
 * queued job go.
 */
static void
complete_job (GTask     *task,
              GPtrArray *images,
              GError    *error)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  g_assert (job->state != JOB_DONE);
  g_assert ((images == NULL) != (error == NULL));

  job->state = JOB_DONE;
  job_stop_timers (job);
  if (job->cancellable != NULL && job->cancel_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancel_id);
  job->cancel_id = 0;

  g_object_ref (task);
  if (self->current == task)
    {
      self->current = NULL;
      g_object_unref (task);
    }
  else if (g_queue_remove (&self->pending, task))
    g_object_unref (task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);

  start_next (self);
}

/* Cancel and watchdog. */

static void
interrupt_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EaselA1111Provider) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    g_debug ("Interrupt on %s failed: %s", self->what, error->message);
}

static gboolean
grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);

  /* The server did not return after the interrupt: stop waiting for it. */
  g_clear_pointer (&job->grace, g_source_unref);
  g_cancellable_cancel (job->http_cancellable);
  return G_SOURCE_REMOVE;
}

static GSource *
add_timeout (Job         *job,
             guint        milliseconds,
             GSourceFunc  callback,
             GTask       *task)
{
  GSource *source = g_timeout_source_new (milliseconds);

  g_source_set_callback (source, callback, g_object_ref (task), g_object_unref);
  g_source_attach (source, job->context);
  return source;
}

/* Stops @task with @error (transfer full): locally when it has not reached the server, with an
 * interrupt when its txt2img is running there (§4, §9 rule 5).
 */
static void
stop_job (GTask  *task,
          GError *error)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SoupMessage) interrupt = NULL;
  double grace;

  switch (job->state)
    {
    case JOB_QUEUED:
      complete_job (task, NULL, error);
      return;

    case JOB_PREPARING:
      g_clear_error (&job->stop_error);
      job->stop_error = error;
      g_cancellable_cancel (job->http_cancellable);
      return;

    case JOB_RUNNING:
      if (job->stop_error != NULL)
        {
          g_error_free (error);
          return;
        }
      job->stop_error = error;
      destroy_source (&job->watchdog);
      destroy_source (&job->poll);
      g_cancellable_cancel (job->poll_cancellable);

      interrupt = _easel_a1111_message_new (self, "POST", "/sdapi/v1/interrupt", NULL, NULL);
      easel_http_send_async (self->session, interrupt, 64 * 1024, self->what, NULL,
                             interrupt_cb, g_object_ref (self));

      grace = option (self, "cancel_grace_s", 10);
      job->grace = add_timeout (job, (guint) (MAX (grace, 0.05) * 1000), grace_cb, task);
      return;

    case JOB_FINISHING:
      /* The server is done; discard what is being decoded. */
      if (job->stop_error == NULL)
        job->stop_error = error;
      else
        g_error_free (error);
      return;

    case JOB_DONE:
    default:
      g_error_free (error);
      return;
    }
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);

  if (job->state == JOB_DONE)
    return G_SOURCE_REMOVE;

  stop_job (task, g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED,
                               job->state == JOB_RUNNING
                                 ? _("Cancelled; the server was told to stop")
                                 : _("Cancelled before it was sent")));
  return G_SOURCE_REMOVE;
}

/* Runs on whichever thread cancelled: hop to the job's main context, outside the signal
 * emission (g_cancellable_disconnect() from inside the handler would deadlock).
 */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  GTask *task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  double limit = option (self, "job_timeout_s", 0);

  g_clear_pointer (&job->watchdog, g_source_unref);
  stop_job (task, g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                               _("%s did not finish the generation within %g s; Easel "
                                 "interrupted it. Raise the job timeout (“job_timeout_s”) for "
                                 "large images or many steps."), self->what, limit));
  return G_SOURCE_REMOVE;
}

/* Progress. */

static void
progress_parsed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  EaselA1111ProgressReport *report;
  EaselProgress progress = { 0 };

  job->poll_in_flight = FALSE;
  report = g_task_propagate_pointer (G_TASK (result), NULL);
  if (report == NULL)
    return;

  if (job->state == JOB_RUNNING && job->stop_error == NULL && job->progress != NULL)
    {
      if (report->preview != NULL)
        job->preview_key = report->preview_key;
      progress.fraction = report->fraction;
      progress.text = report->text;
      progress.preview = report->preview;
      progress.preview_mime = report->preview_mime;
      job->progress (&progress, job->progress_data);
    }
  _easel_a1111_progress_report_free (report);
}

typedef struct
{
  GBytes *body;
  guint   preview_key;
  int     max_dimension;
} ProgressInput;

static void
progress_input_free (ProgressInput *input)
{
  g_bytes_unref (input->body);
  g_free (input);
}

static void
parse_progress_worker (GTask        *worker,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ProgressInput *input = task_data;
  EaselA1111ProgressReport *report;

  report = _easel_a1111_parse_progress (input->body, input->preview_key, input->max_dimension);
  g_task_return_pointer (worker, report, (GDestroyNotify) _easel_a1111_progress_report_free);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = g_steal_pointer (&job->poll_message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) worker = NULL;
  ProgressInput *input;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL || job->state != JOB_RUNNING || job->stop_error != NULL)
    {
      if (error != NULL)
        g_debug ("Progress poll on %s failed: %s", self->what, error->message);
      job->poll_in_flight = FALSE;
      return;
    }

  if (soup_message_get_status (message) == SOUP_STATUS_NOT_FOUND)
    {
      /* Draw Things and other partial servers have no progress route. */
      job->polling_disabled = TRUE;
      destroy_source (&job->poll);
    }
  if (!easel_http_status_is_success (message))
    {
      job->poll_in_flight = FALSE;
      return;
    }

  input = g_new0 (ProgressInput, 1);
  input->body = g_steal_pointer (&body);
  input->preview_key = job->preview_key;
  input->max_dimension = _easel_a1111_max_dimension (self);
  worker = g_task_new (NULL, NULL, progress_parsed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, parse_progress_worker);
  g_task_set_task_data (worker, input, (GDestroyNotify) progress_input_free);
  g_task_run_in_thread (worker, parse_progress_worker);
}

static gboolean
poll_tick_cb (gpointer user_data)
{
  GTask *task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  gboolean previews = option_enabled (self, "previews", TRUE);
  SoupMessage *message;

  if (job->state != JOB_RUNNING || job->stop_error != NULL || job->poll_in_flight ||
      job->polling_disabled)
    return G_SOURCE_CONTINUE;

  message = _easel_a1111_message_new (self, "GET", "/sdapi/v1/progress", "skip_current_image",
                                      previews ? "false" : "true");
  g_clear_object (&job->poll_message);
  job->poll_message = message;
  job->poll_in_flight = TRUE;
  easel_http_send_async (self->session, message, _easel_a1111_max_body (self), self->what,
                         job->poll_cancellable, poll_cb, g_object_ref (task));
  return G_SOURCE_CONTINUE;
}

/* The answer. */

static void
response_parsed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  EaselA1111ResponseOutput *output;
  GError *error = NULL;
  GPtrArray *images;

  output = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->stop_error != NULL)
    {
      g_clear_error (&error);
      _easel_a1111_response_output_free (output);
      complete_job (task, NULL, g_steal_pointer (&job->stop_error));
      return;
    }
  if (output == NULL)
    {
      complete_job (task, NULL, error);
      return;
    }

  if (output->version != NULL)
    {
      g_free (self->server_version);
      self->server_version = g_steal_pointer (&output->version);
    }
  images = g_steal_pointer (&output->images);
  _easel_a1111_response_output_free (output);
  complete_job (task, images, NULL);
}

static void
parse_response_worker (GTask        *worker,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  EaselA1111ResponseOutput *output = _easel_a1111_parse_response (task_data, &error);

  if (output == NULL)
    g_task_return_error (worker, error);
  else
    g_task_return_pointer (worker, output, (GDestroyNotify) _easel_a1111_response_output_free);
}

static EaselA1111ResponseInput *
response_input_new (EaselA1111Provider *self,
                    Job                *job,
                    GBytes             *body)
{
  EaselA1111ResponseInput *input = g_new0 (EaselA1111ResponseInput, 1);
  JsonObject *sent = json_node_get_object (job->mapped->body);
  const char *model = job->mapped->effective->model;
  const EaselA1111Model *known;

  input->body = g_bytes_ref (body);
  input->status = soup_message_get_status (job->message);
  input->what = g_strdup (self->what);
  input->max_dimension = _easel_a1111_max_dimension (self);
  input->effective = easel_image_setting_copy (job->mapped->effective);
  input->adjustments = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < job->mapped->adjustments->len; i++)
    g_ptr_array_add (input->adjustments, g_strdup (g_ptr_array_index (job->mapped->adjustments,
                                                                      i)));
  input->sent_sampler = g_strdup (easel_json_object_get_string (sent, "sampler_name"));
  input->sent_model_title = g_strdup (model);
  known = self->lists != NULL ? easel_a1111_resolve_model (self->lists->models, model) : NULL;
  if (known != NULL)
    input->sent_model_name = g_strdup (known->model_name);
  return input;
}

static void
txt2img_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  job->state = JOB_FINISHING;
  job_stop_timers (job);

  if (job->stop_error != NULL)
    {
      /* Cancelled or timed out: whatever the interrupted job returned is discarded. */
      g_clear_error (&error);
      complete_job (task, NULL, g_steal_pointer (&job->stop_error));
      return;
    }
  if (body == NULL)
    {
      complete_job (task, NULL, error);
      return;
    }
  if (!easel_http_status_is_success (job->message))
    {
      complete_job (task, NULL, _easel_a1111_error_from_response (self->what, job->message, body,
                                                                  "/sdapi/v1/txt2img"));
      return;
    }

  worker = g_task_new (NULL, NULL, response_parsed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, parse_response_worker);
  g_task_set_task_data (worker, response_input_new (self, job, body),
                        (GDestroyNotify) _easel_a1111_response_input_free);
  g_task_run_in_thread (worker, parse_response_worker);
}

static void
send_txt2img (GTask *task)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  double limit = option (self, "job_timeout_s", 0);
  double interval = option (self, "poll_interval_ms", 750);

  job->state = JOB_RUNNING;
  g_clear_object (&job->message);
  job->message = _easel_a1111_message_new (self, "POST", "/sdapi/v1/txt2img", NULL, NULL);
  easel_http_set_json_body (job->message, job->mapped->body);

  if (limit > 0)
    job->watchdog = add_timeout (job, (guint) (limit * 1000), watchdog_cb, task);
  if (job->progress != NULL)
    job->poll = add_timeout (job, (guint) CLAMP (interval, 10, 60000), poll_tick_cb, task);

  easel_http_send_async (self->generate_session, job->message, _easel_a1111_max_body (self),
                         self->what, job->http_cancellable, txt2img_cb, g_object_ref (task));
}

/* Preparation: names are validated against the server's lists (§3.2), fetched when stale. */

static gboolean
map_job (GTask   *task,
         GError **error)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(EaselCapabilities) caps = NULL;

  caps = easel_provider_get_capabilities (EASEL_PROVIDER (self), job->request->model);
  g_clear_pointer (&job->mapped, easel_mapped_request_free);
  job->mapped = easel_a1111_map_request_with_lists (self->config, job->request, caps,
                                                    self->lists, error);
  return job->mapped != NULL;
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  EaselA1111Probe *probe;
  GError *error = NULL;

  probe = _easel_a1111_probe_finish (self, result, &error);
  if (job->stop_error != NULL)
    {
      g_clear_error (&error);
      _easel_a1111_probe_free (probe);
      complete_job (task, NULL, g_steal_pointer (&job->stop_error));
      return;
    }
  if (probe == NULL)
    {
      complete_job (task, NULL, error);
      return;
    }
  _easel_a1111_store_probe (self, probe);
  _easel_a1111_probe_free (probe);

  if (!map_job (task, &error))
    {
      complete_job (task, NULL, error);
      return;
    }
  send_txt2img (task);
}

static void
prepare_job (GTask *task)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  gint64 age = g_get_monotonic_time () - self->lists_time;
  double ttl = option (self, "lists_ttl_s", 600);
  g_autoptr(GError) error = NULL;

  job->state = JOB_PREPARING;

  if (self->lists != NULL && age < (gint64) (ttl * G_USEC_PER_SEC))
    {
      if (map_job (task, &error))
        {
          send_txt2img (task);
          return;
        }
      /* A name the cached lists do not know may be new on the server: look again once. */
      if (easel_provider_error_get_field (error) == NULL || job->refetched)
        {
          complete_job (task, NULL, g_steal_pointer (&error));
          return;
        }
    }

  job->refetched = TRUE;
  _easel_a1111_probe_async (self, job->http_cancellable, probe_done_cb, g_object_ref (task));
}

static void
start_next (EaselA1111Provider *self)
{
  GTask *task;

  if (self->current != NULL || g_queue_is_empty (&self->pending))
    return;

  /* The queue's reference moves to current. */
  task = g_queue_pop_head (&self->pending);
  self->current = task;
  prepare_job (task);
}

static void
easel_a1111_provider_generate_async (EaselProvider              *provider,
                                     const EaselGenerateRequest *request,
                                     EaselProgressFunc           progress,
                                     gpointer                    progress_data,
                                     GDestroyNotify              progress_destroy,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (provider);
  GTask *task;
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_a1111_provider_generate_async);
  /* A cancelled job completes with EASEL_PROVIDER_ERROR_CANCELLED, not G_IO_ERROR. */
  g_task_set_check_cancellable (task, FALSE);

  job = g_new0 (Job, 1);
  job->request = easel_generate_request_copy (request);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->http_cancellable = g_cancellable_new ();
  job->poll_cancellable = g_cancellable_new ();
  job->state = JOB_QUEUED;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  g_queue_push_tail (&self->pending, task);
  if (cancellable != NULL)
    job->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                            g_object_ref (task), g_object_unref);
  start_next (self);
}

static GPtrArray *
easel_a1111_provider_generate_finish (EaselProvider  *provider,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
easel_a1111_provider_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = easel_a1111_provider_generate_async;
  iface->generate_finish = easel_a1111_provider_generate_finish;
  iface->check_async = _easel_a1111_check_async;
  iface->check_finish = _easel_a1111_check_finish;
}

static void
easel_a1111_provider_constructed (GObject *object)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);
  g_autoptr(GUri) uri = NULL;
  double timeout;

  G_OBJECT_CLASS (easel_a1111_provider_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = easel_provider_config_new ("A1111", EASEL_PROVIDER_KIND_A1111);
  if (self->base_url == NULL)
    self->base_url = g_strdup (easel_provider_config_get_default_url (EASEL_PROVIDER_KIND_A1111));

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_critical ("Invalid A1111 base URL");
      g_free (self->base_url);
      self->base_url = g_strdup ("http://127.0.0.1:7860");
      g_clear_pointer (&uri, g_uri_unref);
      uri = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
    }
  if (g_uri_get_port (uri) > 0)
    self->what = g_strdup_printf ("%s at %s:%d", self->config->name, g_uri_get_host (uri),
                                  g_uri_get_port (uri));
  else
    self->what = g_strdup_printf ("%s at %s", self->config->name, g_uri_get_host (uri));

  timeout = option (self, "timeout_s", 30);
  self->generate_session = easel_http_session_new (0);
  self->session = easel_http_session_new ((guint) CLAMP (timeout, 1, 3600));
}

static void
easel_a1111_provider_dispose (GObject *object)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);

  /* Every job holds a reference on the provider through its task, so none is left here. */
  g_assert (self->current == NULL && g_queue_is_empty (&self->pending));

  if (self->generate_session != NULL)
    soup_session_abort (self->generate_session);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->generate_session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (easel_a1111_provider_parent_class)->dispose (object);
}

static void
easel_a1111_provider_finalize (GObject *object)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);

  g_clear_pointer (&self->config, easel_provider_config_free);
  g_free (self->base_url);
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_free (self->api_key);
    }
  g_free (self->what);
  g_clear_pointer (&self->lists, easel_a1111_server_lists_free);
  g_free (self->server_version);

  G_OBJECT_CLASS (easel_a1111_provider_parent_class)->finalize (object);
}

static void
easel_a1111_provider_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);

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
easel_a1111_provider_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);

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
easel_a1111_provider_class_init (EaselA1111ProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = easel_a1111_provider_constructed;
  object_class->dispose = easel_a1111_provider_dispose;
  object_class->finalize = easel_a1111_provider_finalize;
  object_class->get_property = easel_a1111_provider_get_property;
  object_class->set_property = easel_a1111_provider_set_property;

  g_object_class_override_property (object_class, PROP_CONFIG, "config");
  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
}

static void
easel_a1111_provider_init (EaselA1111Provider *self)
{
  g_queue_init (&self->pending);
}

EaselProvider *
easel_a1111_provider_new (const EaselProviderConfig *config,
                          const char                *base_url,
                          const char                *api_key)
{
  EaselA1111Provider *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (EASEL_TYPE_A1111_PROVIDER,
                       "config", config,
                       "base-url", base_url,
                       NULL);
  self->api_key = api_key != NULL && *api_key != '\0' ? g_strdup (api_key) : NULL;
  return EASEL_PROVIDER (self);
}
