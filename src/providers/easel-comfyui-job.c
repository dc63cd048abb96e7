/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-job.c: one generate call against ComfyUI while it runs (protocols/comfyui.md
 * §17): our own prompt_id, the check that a caller-chosen id is new, POST /prompt and the echo,
 * progress and previews from the shared websocket, and the HTTP re-check that finds a result
 * finished while the socket was away. How it ends is in easel-comfyui-job-end.c.
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
#include "easel-image-info.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* No job keeps more websocket images than this (§17 rule 13). */
#define MAX_OUTPUT_IMAGES 256
/* The bar stays below 100 % until the images are downloaded (§17 rule 4). */
#define RUNNING_CEILING   0.95

static void job_submit (EaselComfyuiJob *job);

static void
output_free (EaselComfyuiOutput *output)
{
  g_free (output->filename);
  g_free (output->subfolder);
  g_free (output->type);
  g_free (output);
}

static void
job_free (EaselComfyuiJob *job)
{
  g_assert (job->task == NULL);
  g_assert (job->timeout_id == 0 && job->cancel_wait_id == 0 && job->orphan_id == 0);

  g_clear_pointer (&job->request, easel_generate_request_free);
  g_clear_pointer (&job->mapped, easel_mapped_request_free);
  g_free (job->prompt_id);
  g_clear_pointer (&job->outcome_data, json_object_unref);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->internal);
  g_free (job->text);
  g_clear_pointer (&job->done_nodes, g_hash_table_unref);
  g_clear_pointer (&job->sampler_steps, g_hash_table_unref);
  g_free (job->current_node);
  g_clear_pointer (&job->ws_nodes, g_hash_table_unref);
  g_clear_pointer (&job->ws_images, g_ptr_array_unref);
  g_clear_pointer (&job->adjustments, g_ptr_array_unref);
  g_clear_pointer (&job->outputs, g_ptr_array_unref);
  g_clear_pointer (&job->images, g_ptr_array_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->provider);
  g_free (job);
}

EaselComfyuiJob *
_easel_comfyui_job_ref (EaselComfyuiJob *job)
{
  job->ref_count++;
  return job;
}

void
_easel_comfyui_job_unref (EaselComfyuiJob *job)
{
  if (--job->ref_count == 0)
    job_free (job);
}

/* Reads the graph once: node count, sampler steps, websocket savers. */
static void
inspect_graph (EaselComfyuiJob *job)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, job->graph);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *class_type = easel_json_object_get_string (object, "class_type");
      gint64 steps;

      job->node_count++;
      if (easel_comfyui_class_is_sampler (class_type) &&
          easel_json_object_get_int (easel_json_object_get_object (object, "inputs"), "steps",
                                     &steps) && steps > 0)
        job->total_steps += (guint) MIN (steps, 10000);
      if (g_strcmp0 (class_type, "SaveImageWebsocket") == 0)
        g_hash_table_add (job->ws_nodes, g_strdup (id));
    }
}

EaselComfyuiJob *
_easel_comfyui_job_new (EaselComfyuiProvider       *self,
                        const EaselGenerateRequest *request,
                        EaselMappedRequest         *mapped,
                        EaselProgressFunc           progress,
                        gpointer                    progress_data,
                        GDestroyNotify              progress_destroy,
                        GCancellable               *cancellable,
                        GTask                      *task)
{
  EaselComfyuiJob *job = g_new0 (EaselComfyuiJob, 1);

  job->ref_count = 1;
  job->provider = g_object_ref (self);
  job->task = g_object_ref (task);
  job->context = g_main_context_ref_thread_default ();
  job->request = easel_generate_request_copy (request);
  job->mapped = mapped;
  job->graph = json_node_get_object (mapped->body);
  job->prompt_id = g_strdup (request->remote_id);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->internal = g_cancellable_new ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->done_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->sampler_steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->ws_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->ws_images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  job->adjustments = g_ptr_array_new_with_free_func (g_free);
  job->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_free);
  job->images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
  inspect_graph (job);
  return job;
}

void
_easel_comfyui_job_note (EaselComfyuiJob *job,
          const char      *text)
{
  for (guint i = 0; i < job->adjustments->len; i++)
    if (g_str_equal (g_ptr_array_index (job->adjustments, i), text))
      return;
  g_ptr_array_add (job->adjustments, g_strdup (text));
}

/* ---- progress (§17 rule 9) --------------------------------------------------------------- */

static double
compute_fraction (EaselComfyuiJob *job)
{
  double nodes = (double) g_hash_table_size (job->done_nodes);
  double share = 1.0 / (job->node_count + 1);
  GHashTableIter iter;
  gpointer value;
  double steps = 0;

  if (job->total_steps == 0)
    return (nodes + job->node_fraction) * share;

  g_hash_table_iter_init (&iter, job->sampler_steps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    steps += GPOINTER_TO_UINT (value);
  return 0.2 * nodes * share + 0.8 * MIN (steps / job->total_steps, 1.0);
}

void
_easel_comfyui_job_emit (EaselComfyuiJob *job,
      GBytes          *preview,
      const char      *preview_mime)
{
  EaselProgress progress;

  if (job->progress == NULL || job->state == JOB_DONE)
    return;
  progress.fraction = job->fraction;
  progress.text = job->text;
  progress.preview = preview;
  progress.preview_mime = preview_mime;
  job->progress (&progress, job->progress_data);
}

void
_easel_comfyui_job_set_text (EaselComfyuiJob *job,
          const char      *text)
{
  g_free (job->text);
  job->text = g_strdup (text);
}

void
_easel_comfyui_job_update_progress (EaselComfyuiJob *job)
{
  double fraction = MIN (compute_fraction (job), RUNNING_CEILING);

  /* Never backwards. */
  job->fraction = MAX (job->fraction, fraction);
  _easel_comfyui_job_emit (job, NULL, NULL);
}

static const char *
node_class (EaselComfyuiJob *job,
            const char      *node_id)
{
  return easel_json_object_get_string (easel_json_object_get_object (job->graph, node_id),
                                       "class_type");
}

static void
describe_running_node (EaselComfyuiJob *job,
                       const char      *node_id)
{
  const char *class_type = node_class (job, node_id);
  g_autofree char *text = NULL;

  if (class_type == NULL)
    text = g_strdup (_("Running"));
  else if (strstr (class_type, "Loader") != NULL)
    text = g_strdup (_("Loading"));
  else if (easel_comfyui_class_is_sampler (class_type))
    text = g_strdup (_("Sampling"));
  else if (g_str_has_prefix (class_type, "VAEDecode"))
    text = g_strdup (_("Decoding"));
  else if (easel_comfyui_class_is_output (class_type))
    text = g_strdup (_("Saving"));
  else
    text = g_strdup_printf (_("Running %s"), class_type);
  _easel_comfyui_job_set_text (job, text);
}

static void
mark_done (EaselComfyuiJob *job,
           const char      *node_id)
{
  if (node_id != NULL && !g_hash_table_contains (job->done_nodes, node_id))
    g_hash_table_add (job->done_nodes, g_strdup (node_id));
}

/* ---- websocket events -------------------------------------------------------------------- */

static void
on_started (EaselComfyuiJob *job)
{
  job->started = TRUE;
  if (job->state == JOB_QUEUED)
    job->state = JOB_RUNNING;
}

void
_easel_comfyui_job_on_message (EaselComfyuiJob *job,
                               const char      *type,
                               JsonObject      *data)
{
  if (job->state == JOB_DONE)
    return;

  if (g_str_equal (type, "execution_start"))
    {
      on_started (job);
      _easel_comfyui_job_set_text (job, _("Starting"));
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "execution_cached"))
    {
      JsonArray *nodes = easel_json_object_get_array (data, "nodes");

      on_started (job);
      for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
        {
          JsonNode *element = json_array_get_element (nodes, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            {
              mark_done (job, json_node_get_string (element));
              job->cached_nodes++;
            }
        }
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "executing"))
    {
      JsonNode *node = json_object_get_member (data, "node");

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          /* The end of the prompt, whatever the outcome (§8.4). */
          if (job->state == JOB_SUBMITTING)
            job->terminal = TRUE;
          else
            _easel_comfyui_job_finish (job);
          return;
        }
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return;
      on_started (job);
      if (job->current_node != NULL && !g_str_equal (job->current_node, json_node_get_string (node)))
        mark_done (job, job->current_node);
      g_free (job->current_node);
      job->current_node = g_strdup (json_node_get_string (node));
      job->node_fraction = 0;
      if (job->state != JOB_CANCELLING)
        describe_running_node (job, job->current_node);
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "progress"))
    {
      gint64 value = 0, max = 0;
      const char *node = easel_json_object_get_string (data, "node");
      g_autofree char *text = NULL;

      on_started (job);
      if (!easel_json_object_get_int (data, "value", &value) ||
          !easel_json_object_get_int (data, "max", &max) || max <= 0)
        return;
      value = CLAMP (value, 0, max);
      if (node == NULL)
        node = job->current_node;
      if (node != NULL && easel_comfyui_class_is_sampler (node_class (job, node)))
        g_hash_table_replace (job->sampler_steps, g_strdup (node), GUINT_TO_POINTER (value));
      else
        job->node_fraction = (double) value / max;
      if (job->state != JOB_CANCELLING)
        {
          text = g_strdup_printf (_("Step %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT), value, max);
          _easel_comfyui_job_set_text (job, text);
        }
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "progress_state"))
    {
      JsonObject *nodes = easel_json_object_get_object (data, "nodes");
      JsonObjectIter iter;
      const char *id;
      JsonNode *state;

      if (nodes == NULL)
        return;
      json_object_iter_init_ordered (&iter, nodes);
      while (json_object_iter_next_ordered (&iter, &id, &state))
        if (JSON_NODE_HOLDS_OBJECT (state) &&
            g_strcmp0 (easel_json_object_get_string (json_node_get_object (state), "state"),
                       "finished") == 0)
          mark_done (job, id);
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "executed"))
    {
      mark_done (job, easel_json_object_get_string (data, "node"));
      _easel_comfyui_job_update_progress (job);
    }
  else if (g_str_equal (type, "execution_success"))
    job->outcome = OUTCOME_SUCCESS;
  else if (g_str_equal (type, "execution_error"))
    {
      /* ExecutionBlocked may still end in success: decide at the terminal message (§8.5). */
      if (g_strcmp0 (easel_json_object_get_string (data, "exception_type"), "ExecutionBlocked") == 0)
        return;
      job->outcome = OUTCOME_ERROR;
      g_clear_pointer (&job->outcome_data, json_object_unref);
      job->outcome_data = easel_json_object_deep_copy (data);
    }
  else if (g_str_equal (type, "execution_interrupted"))
    {
      job->outcome = OUTCOME_INTERRUPTED;
      g_clear_pointer (&job->outcome_data, json_object_unref);
      job->outcome_data = easel_json_object_deep_copy (data);
    }
}

/**
 * _easel_comfyui_job_on_frame:
 * @node_id: (nullable): the node that sent it (type 4 names it; type 1 is the running node)
 *
 * A preview goes to the progress callback; a SaveImageWebsocket image is also a result.
 */
void
_easel_comfyui_job_on_frame (EaselComfyuiJob         *job,
                             const EaselComfyuiFrame *frame,
                             const char              *node_id)
{
  if (job->state == JOB_DONE || frame->image == NULL)
    return;
  if (node_id != NULL && g_hash_table_contains (job->ws_nodes, node_id) &&
      job->ws_images->len < MAX_OUTPUT_IMAGES)
    g_ptr_array_add (job->ws_images, g_bytes_ref (frame->image));
  _easel_comfyui_job_emit (job, frame->image, frame->mime);
}

/* ---- submission -------------------------------------------------------------------------- */

static void
arm_timers (EaselComfyuiJob *job);

static gboolean
orphan_check_cb (gpointer data)
{
  EaselComfyuiJob *job = data;
  EaselComfyuiProvider *self = job->provider;

  job->orphan_id = 0;
  /* Every enqueue is followed by a status broadcast within milliseconds (§8.1). */
  if (self->last_status_at < job->posted_at && job->state != JOB_DONE)
    {
      g_debug ("no status frame since POST /prompt for %s: the socket looks orphaned",
               job->prompt_id);
      _easel_comfyui_orphan_suspected (self);
    }
  return G_SOURCE_REMOVE;
}

static void
arm_timers (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  if (self->orphan_check_s > 0 && job->orphan_id == 0)
    job->orphan_id = g_timeout_add ((guint) (self->orphan_check_s * 1000), orphan_check_cb, job);
  if (self->job_timeout_s > 0 && job->timeout_id == 0)
    job->timeout_id = g_timeout_add ((guint) (self->job_timeout_s * 1000), _easel_comfyui_job_timeout_cb, job);
}

static void
note_node_errors (EaselComfyuiJob *job,
                  JsonObject      *node_errors)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  if (node_errors == NULL || json_object_get_size (node_errors) == 0)
    return;
  /* 200 with node_errors: some outputs failed and were dropped (§3). */
  json_object_iter_init_ordered (&iter, node_errors);
  while (json_object_iter_next_ordered (&iter, &id, &entry))
    {
      g_autofree char *node = easel_comfyui_workflow_describe_node (job->graph, id);
      g_autofree char *note = g_strdup_printf (_("ComfyUI skipped %s: it failed validation"),
                                               node);
      _easel_comfyui_job_note (job, note);
    }
}

static void
submit_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *echo;

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (body == NULL)
    {
      _easel_comfyui_job_complete (job, NULL, job->cancel != CANCEL_NONE ? _easel_comfyui_job_cancel_error (job)
                                                          : g_steal_pointer (&error));
      return;
    }
  if (!easel_http_status_is_success (message))
    {
      _easel_comfyui_job_complete (job, NULL,
                    job->cancel != CANCEL_NONE ? _easel_comfyui_job_cancel_error (job)
                    : easel_comfyui_error_from_response (message, body, self->what,
                                                         "POST /prompt", self->config,
                                                         job->graph));
      return;
    }
  root = easel_http_parse_json (message, body, self->what, &error);
  echo = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
         easel_json_object_get_string (json_node_get_object (root), "prompt_id") : NULL;
  if (echo == NULL)
    {
      if (error == NULL)
        error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                             _("%s accepted the job but did not say its prompt_id."),
                             self->what);
      _easel_comfyui_job_complete (job, NULL, g_steal_pointer (&error));
      return;
    }

  /* The echo tells the version: 0.3.43 and older ignore our id and mint one (§3, §17 rule 2). */
  if (!g_str_equal (echo, job->prompt_id))
    {
      g_debug ("%s ignored prompt_id %s and used %s: legacy server", self->what,
               job->prompt_id, echo);
      if (!self->legacy_warned)
        g_debug ("%s is older than ComfyUI 0.3.45", self->what);
      self->legacy = TRUE;
      self->legacy_warned = TRUE;
      _easel_comfyui_job_note (job, _("this ComfyUI is older than 0.3.45: it ignored Easel's prompt id, so "
                       "Easel cancels a running job there only after checking the queue"));
      _easel_comfyui_rekey_job (self, job, echo);
    }
  note_node_errors (job, easel_json_object_get_object (json_node_get_object (root),
                                                      "node_errors"));

  job->state = job->started ? JOB_RUNNING : JOB_QUEUED;
  arm_timers (job);
  if (!job->started)
    {
      _easel_comfyui_job_set_text (job, _("Queued"));
      _easel_comfyui_job_emit (job, NULL, NULL);
    }

  if (job->cancel != CANCEL_NONE)
    _easel_comfyui_job_cancel_step (job);
  else if (job->terminal)
    _easel_comfyui_job_finish (job);
}

static void
job_submit (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SoupMessage) message = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_value (builder, json_node_ref (job->mapped->body));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "prompt_id");
  json_builder_add_string_value (builder, job->prompt_id);
  json_builder_set_member_name (builder, "extra_data");
  json_builder_begin_object (builder);
  /* Needed for previews on v0.28, harmless before (§10.4). */
  json_builder_set_member_name (builder, "preview_method");
  json_builder_add_string_value (builder, "auto");
  /* SaveImage writes each key as a PNG text chunk: a small provenance note. */
  json_builder_set_member_name (builder, "extra_pnginfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "easel");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "app");
  json_builder_add_string_value (builder, "Easel " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "prompt_id");
  json_builder_add_string_value (builder, job->prompt_id);
  if (job->request->job_id != NULL)
    {
      json_builder_set_member_name (builder, "job_id");
      json_builder_add_string_value (builder, job->request->job_id);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  job->state = JOB_SUBMITTING;
  job->posted_at = g_get_monotonic_time ();
  _easel_comfyui_job_set_text (job, _("Submitting"));
  _easel_comfyui_job_emit (job, NULL, NULL);

  message = _easel_comfyui_message_for_path (self, "POST", "/prompt");
  easel_http_set_json_body (message, body);
  _easel_comfyui_request_async (self, message, self->timeout_s, job->internal, submit_cb,
                                _easel_comfyui_job_ref (job));
}

/* ---- resuming a known id (§17 rule 2) ---------------------------------------------------- */

static gboolean
queue_has (JsonNode   *queue,
           const char *member,
           const char *id)
{
  g_auto(GStrv) ids = _easel_comfyui_queue_ids (queue, member);

  return _easel_comfyui_ids_contain (ids, id);
}

/**
 * _easel_comfyui_job_recheck:
 * @queue: (nullable): a GET /queue answer taken just before
 *
 * Reconciles the job over HTTP after a reconnect or on the watchdog: a result that finished
 * while the socket was away is collected from history (§17 rule 5).
 */
static void recheck_history_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);

typedef struct
{
  EaselComfyuiJob *job;
  JsonNode        *queue;
} Recheck;

void
_easel_comfyui_job_recheck (EaselComfyuiJob *job,
                            JsonNode        *queue)
{
  EaselComfyuiProvider *self = job->provider;
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) message = NULL;
  Recheck *recheck;

  if (job->state != JOB_QUEUED && job->state != JOB_RUNNING && job->state != JOB_CANCELLING)
    return;
  recheck = g_new0 (Recheck, 1);
  recheck->job = _easel_comfyui_job_ref (job);
  recheck->queue = queue != NULL ? json_node_ref (queue) : NULL;
  path = g_strdup_printf ("/history/%s", job->prompt_id);
  message = _easel_comfyui_message_for_path (self, "GET", path);
  _easel_comfyui_request_async (self, message, self->timeout_s, job->internal,
                                recheck_history_cb, recheck);
}

static void
recheck_history_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Recheck *recheck = user_data;
  g_autoptr(EaselComfyuiJob) job = recheck->job;
  g_autoptr(JsonNode) queue = recheck->queue;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry;

  g_free (recheck);
  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state != JOB_QUEUED && job->state != JOB_RUNNING && job->state != JOB_CANCELLING)
    return;
  if (body == NULL || !easel_http_status_is_success (message))
    return;
  root = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  entry = _easel_comfyui_history_entry (root, job->prompt_id);
  if (entry != NULL)
    {
      g_debug ("prompt %s finished while unobserved: collecting it from history",
               job->prompt_id);
      if (job->state == JOB_CANCELLING)
        {
          _easel_comfyui_job_finish (job);
          return;
        }
      job->state = JOB_FINISHING;
      g_clear_handle_id (&job->orphan_id, g_source_remove);
      _easel_comfyui_job_finish_from_history (job, entry);
      return;
    }
  if (queue == NULL)
    return;
  if (queue_has (queue, "queue_running", job->prompt_id))
    {
      job->missing_checks = 0;
      on_started (job);
    }
  else if (queue_has (queue, "queue_pending", job->prompt_id))
    job->missing_checks = 0;
  else if (++job->missing_checks >= 2)
    _easel_comfyui_job_complete (job, NULL,
                  g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                               _("%s no longer knows this job: it is neither queued nor in "
                                 "history (was the server restarted or its queue cleared?)."),
                               self->what));
}

static void
probe_queue_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) queue = NULL;

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (body != NULL && easel_http_status_is_success (message))
    queue = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

  if (queue != NULL && (queue_has (queue, "queue_running", job->prompt_id) ||
                        queue_has (queue, "queue_pending", job->prompt_id)))
    {
      /* Already on the server (a resumed job): watch it instead of posting it twice. */
      job->started = queue_has (queue, "queue_running", job->prompt_id);
      job->state = job->started ? JOB_RUNNING : JOB_QUEUED;
      job->posted_at = g_get_monotonic_time ();
      arm_timers (job);
      if (job->cancel != CANCEL_NONE)
        _easel_comfyui_job_cancel_step (job);
      else if (job->terminal)
        _easel_comfyui_job_finish (job);
      return;
    }
  if (job->cancel != CANCEL_NONE)
    {
      _easel_comfyui_job_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }
  job_submit (job);
}

static void
probe_history_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupMessage) queue = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry;

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (body == NULL)
    {
      _easel_comfyui_job_complete (job, NULL, job->cancel != CANCEL_NONE ? _easel_comfyui_job_cancel_error (job)
                                                          : g_steal_pointer (&error));
      return;
    }
  if (!easel_http_status_is_success (message))
    {
      _easel_comfyui_job_complete (job, NULL, easel_comfyui_error_from_response (message, body, self->what,
                                                                  "GET /history",
                                                                  self->config, job->graph));
      return;
    }
  root = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  entry = _easel_comfyui_history_entry (root, job->prompt_id);
  if (entry != NULL)
    {
      job->state = JOB_FINISHING;
      _easel_comfyui_job_finish_from_history (job, entry);
      return;
    }
  queue = _easel_comfyui_message_for_path (self, "GET", "/queue");
  _easel_comfyui_request_async (self, queue, self->timeout_s, job->internal, probe_queue_cb,
                                _easel_comfyui_job_ref (job));
}

static void
connected_cb (EaselComfyuiProvider *self,
              const GError         *error,
              gpointer              data)
{
  EaselComfyuiJob *job = data;
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) message = NULL;

  if (job->state != JOB_CONNECTING)
    return;
  if (error != NULL)
    {
      _easel_comfyui_job_complete (job, NULL, g_error_copy (error));
      return;
    }
  if (job->cancel != CANCEL_NONE)
    {
      _easel_comfyui_job_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }

  /* The server does not deduplicate: a caller-chosen id may already be there (§3). */
  job->state = JOB_SUBMITTING;
  path = g_strdup_printf ("/history/%s", job->prompt_id);
  message = _easel_comfyui_message_for_path (self, "GET", path);
  _easel_comfyui_request_async (self, message, self->timeout_s, job->internal, probe_history_cb,
                                _easel_comfyui_job_ref (job));
}

/**
 * _easel_comfyui_job_start:
 *
 * Registers the job under its prompt_id before anything is sent (messages may arrive before
 * the POST's answer), waits for the websocket, checks the id is new, then posts.
 */
void
_easel_comfyui_job_start (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  job->state = JOB_CONNECTING;
  g_hash_table_insert (self->jobs, g_strdup (job->prompt_id), _easel_comfyui_job_ref (job));
  _easel_comfyui_jobs_changed (self);

  if (job->cancellable != NULL)
    {
      job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (_easel_comfyui_job_cancelled_cb),
                                                 job, NULL);
      if (job->state == JOB_DONE)
        return;
    }
  _easel_comfyui_job_set_text (job, _("Connecting"));
  _easel_comfyui_job_emit (job, NULL, NULL);
  _easel_comfyui_when_connected (self, connected_cb, _easel_comfyui_job_ref (job),
                                 (GDestroyNotify) _easel_comfyui_job_unref);
}
