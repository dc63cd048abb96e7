/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-job-end.c: how a ComfyUI job ends (protocols/comfyui.md §5.4, §6, §7, §17
 * rules 4 and 6): the terminal message → history → /view downloads → history delete →
 * the images; the runtime error or interrupt in words; and the precise cancel (queue delete
 * for a pending prompt, a prompt-scoped interrupt for a running one, then wait and clean up).
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

/* No job returns more images than this (§17 rule 13). */
#define MAX_OUTPUT_IMAGES 256
/* The bar stays below 100 % until the images are downloaded (§17 rule 4). */
#define RUNNING_CEILING   0.95

/* ---- completion -------------------------------------------------------------------------- */

static void
clear_timers (EaselComfyuiJob *job)
{
  g_clear_handle_id (&job->timeout_id, g_source_remove);
  g_clear_handle_id (&job->cancel_wait_id, g_source_remove);
  g_clear_handle_id (&job->orphan_id, g_source_remove);
}

/* Hands the result to the caller exactly once: @images (transfer full) or @error (full). */
void
_easel_comfyui_job_complete (EaselComfyuiJob *job,
              GPtrArray       *images,
              GError          *error)
{
  EaselComfyuiProvider *self = job->provider;
  G_GNUC_UNUSED g_autoptr(EaselComfyuiJob) guard = _easel_comfyui_job_ref (job);
  g_autoptr(GTask) task = NULL;

  if (job->state == JOB_DONE)
    {
      g_clear_pointer (&images, g_ptr_array_unref);
      g_clear_error (&error);
      return;
    }
  job->state = JOB_DONE;
  clear_timers (job);
  g_cancellable_cancel (job->internal);
  if (job->cancellable != NULL && job->cancelled_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  job->cancelled_id = 0;

  /* Frames without a prompt id must not go to a job that is over (after a reconnect the
   * server may not have said so).
   */
  if (g_strcmp0 (self->running_prompt_id, job->prompt_id) == 0)
    g_clear_pointer (&self->running_prompt_id, g_free);
  if (job->prompt_id != NULL && g_hash_table_lookup (self->jobs, job->prompt_id) == job)
    g_hash_table_remove (self->jobs, job->prompt_id);
  _easel_comfyui_jobs_changed (self);

  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  job->progress = NULL;
  job->progress_destroy = NULL;

  task = g_steal_pointer (&job->task);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);
}

GError *
_easel_comfyui_job_cancel_error (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  if (job->cancel == CANCEL_TIMEOUT)
    return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                        _("%s did not finish the job within %.0f s (job_timeout_s); Easel "
                          "cancelled it on the server."), self->what, self->job_timeout_s);
  return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED, _("Cancelled"));
}

typedef struct
{
  EaselComfyuiJob *job;
  GPtrArray       *images;
  GError          *error;
} Pending;

static void
history_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _easel_comfyui_request_finish (EASEL_COMFYUI_PROVIDER (source), result, NULL, &error);
  if (body == NULL)
    g_debug ("POST /history delete failed: %s", error->message);
  _easel_comfyui_job_complete (pending->job, pending->images, pending->error);
  _easel_comfyui_job_unref (pending->job);
  g_free (pending);
}

/* History is a mailbox (§6.2): empty it for this prompt, then complete. The request does not
 * use the caller's cancellable, so it still goes out after a cancel.
 */
static void
cleanup_then_complete (EaselComfyuiJob *job,
                       GPtrArray       *images,
                       GError          *error)
{
  EaselComfyuiProvider *self = job->provider;
  g_autofree char *body = NULL;
  Pending *pending;

  if (job->state == JOB_DONE || job->completing)
    {
      g_clear_pointer (&images, g_ptr_array_unref);
      g_clear_error (&error);
      return;
    }
  job->completing = TRUE;
  clear_timers (job);
  pending = g_new0 (Pending, 1);
  pending->job = _easel_comfyui_job_ref (job);
  pending->images = images;
  pending->error = error;
  body = g_strdup_printf ("{\"delete\":[\"%s\"]}", job->prompt_id);
  _easel_comfyui_post_json (self, "/history", body, self->cancellable, history_deleted_cb,
                            pending);
}

void
_easel_comfyui_job_fail (EaselComfyuiJob *job,
                         GError          *error)
{
  _easel_comfyui_job_complete (job, NULL, error);
}

/* ---- cancel (§5.4) ----------------------------------------------------------------------- */

static gboolean
cancel_wait_expired_cb (gpointer data)
{
  EaselComfyuiJob *job = data;

  job->cancel_wait_id = 0;
  g_debug ("prompt %s: no terminal message after the cancel; giving up waiting", job->prompt_id);
  cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
  return G_SOURCE_REMOVE;
}

static void
wait_for_terminal (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  if (job->terminal)
    {
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }
  if (job->cancel_wait_id == 0)
    job->cancel_wait_id = g_timeout_add ((guint) (self->cancel_wait_s * 1000),
                                         cancel_wait_expired_cb, job);
}

static void
interrupt_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _easel_comfyui_request_finish (EASEL_COMFYUI_PROVIDER (source), result, NULL, &error);
  if (body == NULL)
    g_debug ("POST /interrupt failed: %s", error->message);
  if (job->state != JOB_DONE)
    wait_for_terminal (job);
}

/* Only ever the prompt-scoped form: a bare {} would stop someone else's job (§5.4). */
static void
send_interrupt (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;
  g_autofree char *body = g_strdup_printf ("{\"prompt_id\":\"%s\"}", job->prompt_id);

  _easel_comfyui_post_json (self, "/interrupt", body, self->cancellable, interrupt_cb,
                            _easel_comfyui_job_ref (job));
}

gboolean
_easel_comfyui_ids_contain (GStrv       ids,
       const char *id)
{
  return ids != NULL && g_strv_contains ((const char * const *) ids, id);
}

static void
cancel_queue_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_auto(GStrv) running = NULL;
  g_auto(GStrv) pending = NULL;
  g_autoptr(SoupMessage) message = NULL;

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (body != NULL && easel_http_status_is_success (message))
    queue = easel_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (queue == NULL)
    {
      /* The queue is unknown: an interrupt for an id that is not running does nothing. */
      if (!self->legacy)
        send_interrupt (job);
      else
        wait_for_terminal (job);
      return;
    }
  running = _easel_comfyui_queue_ids (queue, "queue_running");
  pending = _easel_comfyui_queue_ids (queue, "queue_pending");

  if (running != NULL && running[0] != NULL && g_str_equal (running[0], job->prompt_id))
    {
      job->started = TRUE;
      send_interrupt (job);
    }
  else if (_easel_comfyui_ids_contain (running, job->prompt_id) || _easel_comfyui_ids_contain (pending, job->prompt_id) || job->started)
    wait_for_terminal (job);
  else
    /* Neither queued nor running: the delete took it, or it ended meanwhile. */
    cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
}

static void
check_queue_for_cancel (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;
  g_autoptr(SoupMessage) message = _easel_comfyui_message_for_path (self, "GET", "/queue");

  _easel_comfyui_request_async (self, message, self->timeout_s, self->cancellable,
                                cancel_queue_cb, _easel_comfyui_job_ref (job));
}

static void
queue_delete_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = _easel_comfyui_request_finish (EASEL_COMFYUI_PROVIDER (source), result, NULL, &error);
  if (body == NULL)
    g_debug ("POST /queue delete failed: %s", error->message);
  if (job->state == JOB_DONE)
    return;
  /* It may have started between our decision and the delete. */
  check_queue_for_cancel (job);
}

void
_easel_comfyui_job_cancel_step (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  switch (job->state)
    {
    case JOB_CONNECTING:
      _easel_comfyui_job_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      break;

    case JOB_SUBMITTING:
      /* Whether the server took it is known only from the answer: submit_cb continues. */
      break;

    case JOB_QUEUED:
      {
        g_autofree char *body = g_strdup_printf ("{\"delete\":[\"%s\"]}", job->prompt_id);

        job->state = JOB_CANCELLING;
        _easel_comfyui_job_set_text (job, _("Cancelling"));
        _easel_comfyui_job_emit (job, NULL, NULL);
        _easel_comfyui_post_json (self, "/queue", body, self->cancellable, queue_delete_cb,
                                  _easel_comfyui_job_ref (job));
        break;
      }

    case JOB_RUNNING:
      job->state = JOB_CANCELLING;
      _easel_comfyui_job_set_text (job, _("Cancelling"));
      _easel_comfyui_job_emit (job, NULL, NULL);
      /* 0.3.43 interrupts globally whatever the body: confirm it is ours first (§5.4). */
      if (self->legacy)
        check_queue_for_cancel (job);
      else
        send_interrupt (job);
      break;

    case JOB_FINISHING:
      job->state = JOB_CANCELLING;
      g_cancellable_cancel (job->internal);
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      break;

    case JOB_CANCELLING:
    case JOB_DONE:
    default:
      break;
    }
}

static gboolean
cancel_idle_cb (gpointer data)
{
  EaselComfyuiJob *job = data;

  if (job->state != JOB_DONE && job->cancel == CANCEL_NONE)
    {
      job->cancel = CANCEL_USER;
      _easel_comfyui_job_cancel_step (job);
    }
  return G_SOURCE_REMOVE;
}

/* May run in any thread: hop to the job's context. Not as an idle: a busy exchange with the
 * server would starve it until the job is over.
 */
void
_easel_comfyui_job_cancelled_cb (GCancellable    *cancellable,
              EaselComfyuiJob *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, cancel_idle_cb, _easel_comfyui_job_ref (job),
                         (GDestroyNotify) _easel_comfyui_job_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

gboolean
_easel_comfyui_job_timeout_cb (gpointer data)
{
  EaselComfyuiJob *job = data;

  job->timeout_id = 0;
  if (job->state != JOB_DONE && job->cancel == CANCEL_NONE)
    {
      job->cancel = CANCEL_TIMEOUT;
      _easel_comfyui_job_cancel_step (job);
    }
  return G_SOURCE_REMOVE;
}

/* ---- downloads --------------------------------------------------------------------------- */

/* Server-given names only ever travel as escaped query values, and never ones that try to
 * leave ComfyUI's folders (§7.2, §17 rule 13).
 */
static gboolean
name_is_safe (const char *name,
              gboolean    may_be_empty,
              gboolean    may_have_slash)
{
  if (name == NULL)
    return FALSE;
  if (*name == '\0')
    return may_be_empty;
  if (name[0] == '/' || name[0] == '\\' || strstr (name, "..") != NULL)
    return FALSE;
  if (!may_have_slash && (strchr (name, '/') != NULL || strchr (name, '\\') != NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return FALSE;
  return g_utf8_validate (name, -1, NULL);
}

static EaselGeneratedImage *
make_image (EaselComfyuiJob      *job,
            GBytes               *bytes,
            const EaselImageInfo *info)
{
  EaselGeneratedImage *image = easel_generated_image_new (bytes);
  EaselImageSetting *effective = job->mapped->effective;

  image->mime_type = g_strdup (info->mime_type);
  image->width = info->width;
  image->height = info->height;
  if (effective != NULL)
    {
      image->effective = easel_image_setting_copy (effective);
      image->has_seed = effective->has_seed;
      image->seed = effective->seed;
      image->model = g_strdup (effective->model);
    }
  for (guint i = 0; i < job->mapped->adjustments->len; i++)
    easel_generated_image_add_adjustment (image, g_ptr_array_index (job->mapped->adjustments, i));
  for (guint i = 0; i < job->adjustments->len; i++)
    easel_generated_image_add_adjustment (image, g_ptr_array_index (job->adjustments, i));
  image->remote_id = g_strdup (job->prompt_id);
  return image;
}

static void
complete_with_images (EaselComfyuiJob *job)
{
  GPtrArray *images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);

  for (guint i = 0; i < job->images->len; i++)
    {
      EaselGeneratedImage *image = g_ptr_array_index (job->images, i);

      /* Notes learned while downloading apply to every image. */
      for (guint a = 0; a < job->adjustments->len; a++)
        {
          const char *note = g_ptr_array_index (job->adjustments, a);
          gboolean present = FALSE;

          for (guint b = 0; b < image->adjustments->len && !present; b++)
            present = g_str_equal (g_ptr_array_index (image->adjustments, b), note);
          if (!present)
            easel_generated_image_add_adjustment (image, note);
        }
    }
  g_ptr_array_extend_and_steal (images, g_steal_pointer (&job->images));
  job->images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
  job->fraction = 1.0;
  cleanup_then_complete (job, images, NULL);
}

static void download_next (EaselComfyuiJob *job);

static void
view_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  EaselComfyuiOutput *output;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  EaselImageInfo info = { NULL, };

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (job->cancel != CANCEL_NONE)
    {
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }
  output = g_ptr_array_index (job->outputs, job->download_index);
  if (body == NULL)
    {
      cleanup_then_complete (job, NULL, g_steal_pointer (&error));
      return;
    }
  if (soup_message_get_status (message) == SOUP_STATUS_NOT_FOUND)
    {
      GError *missing = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                                     _("%s no longer has the output file “%s” (deleted, or a "
                                       "temp folder wiped by a restart)."), self->what,
                                     output->filename);
      cleanup_then_complete (job, NULL, missing);
      return;
    }
  if (!easel_http_status_is_success (message))
    {
      cleanup_then_complete (job, NULL,
                             easel_comfyui_error_from_response (message, body, self->what,
                                                                "GET /view", self->config,
                                                                job->graph));
      return;
    }
  if (!easel_image_info_check (body, EASEL_IMAGE_MAX_DIMENSION, &info, &error))
    {
      g_prefix_error (&error, _("%s, file “%s”: "), self->what, output->filename);
      cleanup_then_complete (job, NULL, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *key = g_strdup_printf ("%s/%s/%s", output->type, output->subfolder,
                                            output->filename);

    /* A file already returned for another job: ComfyUI served a cached result (§11). */
    if (g_hash_table_contains (self->returned_files, key))
      job->reused_file = TRUE;
    else if (g_hash_table_size (self->returned_files) < 4096)
      g_hash_table_add (self->returned_files, g_steal_pointer (&key));
  }
  g_ptr_array_add (job->images, make_image (job, body, &info));
  job->download_index++;
  download_next (job);
}

static void
download_next (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;
  EaselComfyuiOutput *output;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *text = NULL;

  if (job->download_index >= job->outputs->len)
    {
      if (job->reused_file || (job->cached_nodes > 0 && job->cached_nodes >= job->node_count))
        _easel_comfyui_job_note (job, _("no new image: ComfyUI reused a cached result (the inputs did not "
                         "change)"));
      complete_with_images (job);
      return;
    }

  output = g_ptr_array_index (job->outputs, job->download_index);
  text = g_strdup_printf (_("Downloading image %u of %u"), job->download_index + 1,
                          job->outputs->len);
  _easel_comfyui_job_set_text (job, text);
  job->fraction = MAX (job->fraction, RUNNING_CEILING +
                       0.04 * job->download_index / MAX (job->outputs->len, 1));
  _easel_comfyui_job_emit (job, NULL, NULL);

  /* Only the triple the server gave, each value escaped; `subfolder=` may be empty (§7.2). */
  uri = easel_http_build_uri (self->base_url, "/view",
                              "filename", output->filename,
                              "subfolder", output->subfolder,
                              "type", output->type, NULL);
  message = _easel_comfyui_message_new (self, "GET", uri);
  _easel_comfyui_request_async (self, message, self->view_timeout_s, job->internal, view_cb,
                                _easel_comfyui_job_ref (job));
}

/* Output nodes in id order (numeric ids numerically), each node's images in order. */
static gint
compare_node_ids (gconstpointer a,
                  gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  gint64 nx, ny;
  char *end_x, *end_y;

  nx = g_ascii_strtoll (x, &end_x, 10);
  ny = g_ascii_strtoll (y, &end_y, 10);
  if (*end_x == '\0' && *end_y == '\0' && end_x != x && end_y != y)
    return nx < ny ? -1 : nx > ny;
  return strcmp (x, y);
}

static GError *
collect_outputs (EaselComfyuiJob *job,
                 JsonObject      *outputs)
{
  EaselComfyuiProvider *self = job->provider;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *refused = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (outputs != NULL)
    {
      json_object_iter_init_ordered (&iter, outputs);
      while (json_object_iter_next_ordered (&iter, &id, &node))
        g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_sort (ids, compare_node_ids);

  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *ui = easel_json_object_get_object (outputs, g_ptr_array_index (ids, i));
      JsonArray *images = easel_json_object_get_array (ui, "images");

      for (guint j = 0; images != NULL && j < json_array_get_length (images); j++)
        {
          JsonNode *element = json_array_get_element (images, j);
          JsonObject *image = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                               : NULL;
          const char *filename = easel_json_object_get_string (image, "filename");
          const char *subfolder = easel_json_object_get_string (image, "subfolder");
          const char *type = easel_json_object_get_string (image, "type");
          EaselComfyuiOutput *output;

          if (subfolder == NULL)
            subfolder = "";
          if (type == NULL)
            type = "output";
          if (!name_is_safe (filename, FALSE, FALSE) || !name_is_safe (subfolder, TRUE, TRUE) ||
              (!g_str_equal (type, "output") && !g_str_equal (type, "temp")))
            {
              g_autofree char *note = NULL;

              if (refused == NULL)
                refused = g_strdup (filename != NULL ? filename : "(none)");
              note = g_strdup_printf (_("an output named “%s” was not fetched: it is not a "
                                        "plain file name"), filename != NULL ? filename : "");
              _easel_comfyui_job_note (job, note);
              continue;
            }
          if (job->outputs->len >= MAX_OUTPUT_IMAGES)
            {
              _easel_comfyui_job_note (job, _("more images than Easel takes from one job: the rest were "
                               "left on the server"));
              break;
            }
          output = g_new0 (EaselComfyuiOutput, 1);
          output->filename = g_strdup (filename);
          output->subfolder = g_strdup (subfolder);
          output->type = g_strdup (type);
          g_ptr_array_add (job->outputs, output);
        }
    }

  if (job->outputs->len == 0 && refused != NULL)
    {
      GError *error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                   _("%s named its output file “%s”, which is not a plain file "
                                     "name; Easel does not fetch files outside ComfyUI's output "
                                     "folders."), self->what, refused);
      easel_provider_error_set_details (error, refused);
      return error;
    }
  return NULL;
}

/* SaveImageWebsocket results: the binary frames are the images (§9.3). */
static gboolean
complete_from_websocket_images (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;

  if (job->ws_images->len == 0)
    return FALSE;
  for (guint i = 0; i < job->ws_images->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (job->ws_images, i);
      EaselImageInfo info = { NULL, };
      g_autoptr(GError) error = NULL;

      if (!easel_image_info_check (bytes, EASEL_IMAGE_MAX_DIMENSION, &info, &error))
        {
          g_prefix_error (&error, "%s: ", self->what);
          cleanup_then_complete (job, NULL, g_steal_pointer (&error));
          return TRUE;
        }
      g_ptr_array_add (job->images, make_image (job, bytes, &info));
    }
  complete_with_images (job);
  return TRUE;
}

/* The outcome is the terminal event in history's messages (§6.1); the websocket's is a
 * fallback for a history written without status.
 */
static EaselComfyuiOutcome
history_outcome (JsonObject  *status,
                 JsonObject **data)
{
  JsonArray *messages = easel_json_object_get_array (status, "messages");
  const char *status_str = easel_json_object_get_string (status, "status_str");

  *data = NULL;
  for (guint i = messages != NULL ? json_array_get_length (messages) : 0; i > 0; i--)
    {
      JsonNode *element = json_array_get_element (messages, i - 1);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (element) ? json_node_get_array (element) : NULL;
      JsonNode *name;

      if (pair == NULL || json_array_get_length (pair) < 2)
        continue;
      name = json_array_get_element (pair, 0);
      if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
        continue;
      if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (pair, 1)))
        *data = json_array_get_object_element (pair, 1);
      if (g_str_equal (json_node_get_string (name), "execution_success"))
        return OUTCOME_SUCCESS;
      if (g_str_equal (json_node_get_string (name), "execution_interrupted"))
        return OUTCOME_INTERRUPTED;
      if (g_str_equal (json_node_get_string (name), "execution_error"))
        return OUTCOME_ERROR;
    }
  *data = NULL;
  if (g_strcmp0 (status_str, "success") == 0)
    return OUTCOME_SUCCESS;
  if (g_strcmp0 (status_str, "error") == 0)
    return OUTCOME_ERROR;
  return OUTCOME_NONE;
}

void
_easel_comfyui_job_finish_from_history (EaselComfyuiJob *job,
                     JsonObject      *entry)
{
  EaselComfyuiProvider *self = job->provider;
  JsonObject *status = easel_json_object_get_object (entry, "status");
  JsonObject *data = NULL;
  EaselComfyuiOutcome outcome = history_outcome (status, &data);
  GError *error;

  job->terminal = TRUE;
  if (outcome == OUTCOME_NONE)
    {
      outcome = job->outcome != OUTCOME_NONE ? job->outcome : OUTCOME_SUCCESS;
      data = job->outcome_data;
    }

  if (job->cancel != CANCEL_NONE)
    {
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }

  switch (outcome)
    {
    case OUTCOME_INTERRUPTED:
      cleanup_then_complete (job, NULL,
                             easel_comfyui_error_interrupted (data, job->graph, self->what));
      return;

    case OUTCOME_ERROR:
      if (data == NULL)
        data = job->outcome_data;
      cleanup_then_complete (job, NULL,
                             easel_comfyui_error_from_execution (data, job->graph, self->what));
      return;

    case OUTCOME_SUCCESS:
    case OUTCOME_NONE:
    default:
      break;
    }

  job->state = JOB_FINISHING;
  error = collect_outputs (job, easel_json_object_get_object (entry, "outputs"));
  if (error != NULL)
    {
      cleanup_then_complete (job, NULL, error);
      return;
    }
  if (job->outputs->len == 0)
    {
      if (complete_from_websocket_images (job))
        return;
      cleanup_then_complete (job, NULL,
                             g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                          _("%s finished the job without any image: the "
                                            "workflow's output nodes saved none."), self->what));
      return;
    }
  download_next (job);
}

JsonObject *
_easel_comfyui_history_entry (JsonNode   *root,
               const char *prompt_id)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return easel_json_object_get_object (json_node_get_object (root), prompt_id);
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselComfyuiJob) job = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry;

  body = _easel_comfyui_request_finish (self, result, &message, &error);
  if (job->state == JOB_DONE)
    return;
  if (job->cancel != CANCEL_NONE && job->state != JOB_CANCELLING)
    {
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }
  if (body == NULL)
    {
      _easel_comfyui_job_complete (job, NULL, g_steal_pointer (&error));
      return;
    }
  if (!easel_http_status_is_success (message))
    {
      _easel_comfyui_job_complete (job, NULL, easel_comfyui_error_from_response (message, body, self->what,
                                                                  "GET /history", self->config,
                                                                  job->graph));
      return;
    }
  root = easel_http_parse_json (message, body, self->what, &error);
  if (root == NULL)
    {
      _easel_comfyui_job_complete (job, NULL, g_steal_pointer (&error));
      return;
    }
  entry = _easel_comfyui_history_entry (root, job->prompt_id);
  if (entry == NULL)
    {
      /* executing{node: null} comes after history is written; only websocket images can be
       * missing from it (SaveImageWebsocket).
       */
      if (job->outcome == OUTCOME_SUCCESS && complete_from_websocket_images (job))
        return;
      _easel_comfyui_job_complete (job, NULL,
                    g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                 _("%s reported the job finished but has no history for it "
                                   "(was it restarted, or its history cleared?)."), self->what));
      return;
    }
  _easel_comfyui_job_finish_from_history (job, entry);
}

void
_easel_comfyui_job_finish (EaselComfyuiJob *job)
{
  EaselComfyuiProvider *self = job->provider;
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) message = NULL;

  job->terminal = TRUE;
  if (job->state == JOB_CANCELLING)
    {
      g_clear_handle_id (&job->cancel_wait_id, g_source_remove);
      cleanup_then_complete (job, NULL, _easel_comfyui_job_cancel_error (job));
      return;
    }
  if (job->state == JOB_FINISHING || job->state == JOB_DONE || job->state == JOB_SUBMITTING)
    return;

  job->state = JOB_FINISHING;
  g_clear_handle_id (&job->orphan_id, g_source_remove);
  _easel_comfyui_job_set_text (job, _("Reading the result"));
  _easel_comfyui_job_update_progress (job);
  path = g_strdup_printf ("/history/%s", job->prompt_id);
  message = _easel_comfyui_message_for_path (self, "GET", path);
  _easel_comfyui_request_async (self, message, self->timeout_s, job->internal, history_cb,
                                _easel_comfyui_job_ref (job));
}
