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
#include "easel-worker.h"

/* Generation on one AUTOMATIC1111-compatible server (protocols/a1111.md Part I).
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

static void start_next (EaselA1111Provider *self);

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

      grace = _easel_a1111_option (self, "cancel_grace_s", 10);
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
  double limit = _easel_a1111_option (self, "job_timeout_s", 0);

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

  easel_worker_lower_priority ();
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
  gboolean previews = _easel_a1111_option_enabled (self, "previews", TRUE);
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
  EaselA1111ResponseOutput *output;

  easel_worker_lower_priority ();
  output = _easel_a1111_parse_response (task_data, &error);
  if (output == NULL)
    g_task_return_error (worker, error);
  else
    g_task_return_pointer (worker, output, (GDestroyNotify) _easel_a1111_response_output_free);
}

/* Without the model list, the short name the server will report is derived the way A1111
 * derives it (CheckpointInfo.model_name): no " [hash]", folders joined by "_", no extension.
 */
static char *
model_name_from_title (const char *title)
{
  g_autofree char *name = g_strdup (title);
  char *bracket = strrchr (name, '[');
  char *dot;

  if (bracket != NULL && bracket > name && bracket[-1] == ' ' && g_str_has_suffix (name, "]"))
    bracket[-1] = '\0';
  g_strdelimit (name, "/\\", '_');
  dot = strrchr (name, '.');
  if (dot != NULL && dot > name)
    *dot = '\0';
  return g_steal_pointer (&name);
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
  else if (model != NULL)
    input->sent_model_name = model_name_from_title (model);
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
      complete_job (task, NULL, easel_provider_error_from_transport (error, self->what));
      g_error_free (error);
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
  double limit = _easel_a1111_option (self, "job_timeout_s", 0);
  double interval = _easel_a1111_option (self, "poll_interval_ms", 750);

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
  if (probe == NULL &&
      (g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH) ||
       g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT) ||
       g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT) ||
       g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_RATE_LIMITED) ||
       g_error_matches (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED)))
    {
      /* txt2img would fail the same way. */
      complete_job (task, NULL, error);
      return;
    }
  if (probe == NULL)
    {
      /* A broken model list does not stop a generation: the names go unchecked. */
      g_debug ("Generating without name lists on %s: %s", self->what, error->message);
      g_clear_error (&error);
      g_clear_pointer (&self->lists, easel_a1111_server_lists_free);
      self->lists = easel_a1111_server_lists_new ();
      self->lists_time = g_get_monotonic_time ();
    }
  else
    {
      _easel_a1111_store_probe (self, probe);
      _easel_a1111_probe_free (probe);
    }

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
  double ttl = _easel_a1111_option (self, "lists_ttl_s", 600);
  g_autoptr(GError) error = NULL;

  job->state = JOB_PREPARING;

  if (self->invalid_url)
    {
      complete_job (task, NULL, _easel_a1111_invalid_url_error (self));
      return;
    }

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

void
_easel_a1111_generate_async (EaselProvider              *provider,
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
  g_task_set_source_tag (task, _easel_a1111_generate_async);
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

GPtrArray *
_easel_a1111_generate_finish (EaselProvider  *provider,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

