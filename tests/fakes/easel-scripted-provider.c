/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-scripted"

#include "config.h"

#include "easel-fake-util.h"
#include "easel-image-info.h"
#include "easel-image-setting.h"
#include "easel-scripted-provider.h"

typedef struct
{
  EaselScriptAction  action;
  EaselProviderError code;
  gint64             retry_after_ms;
} Step;

struct _EaselScriptedProvider
{
  GObject              parent_instance;
  EaselProviderConfig *config;
  char                *base_url;
  EaselScriptStats    *stats;
  guint                delay_ms;
  GQueue               script;
  Step                 fallback;
  GBytes              *preview;
  GBytes              *image;
  char                *message;
};

enum { PROP_0, PROP_CONFIG, PROP_BASE_URL };

static void provider_iface_init (EaselProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselScriptedProvider, easel_scripted_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EASEL_TYPE_PROVIDER, provider_iface_init))

typedef struct
{
  EaselScriptedProvider *self;
  EaselGenerateRequest  *request;
  Step                   step;
  guint                  timeout;
  gulong                 cancel_id;
  gboolean               counted;
} Call;

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->timeout, g_source_remove);
  g_clear_pointer (&call->request, easel_generate_request_free);
  g_object_unref (call->self);
  g_free (call);
}

static void
finish_running (EaselScriptedProvider *self)
{
  if (self->stats != NULL)
    self->stats->running--;
}

static gboolean
complete_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  EaselScriptedProvider *self = call->self;

  call->timeout = 0;
  if (call->cancel_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), call->cancel_id);
      call->cancel_id = 0;
    }
  finish_running (self);

  if (call->step.action == EASEL_SCRIPT_FAIL)
    {
      GError *error = self->message != NULL
                      ? g_error_new_literal (EASEL_PROVIDER_ERROR, call->step.code, self->message)
                      : g_error_new (EASEL_PROVIDER_ERROR, call->step.code,
                                     "scripted failure %d", call->step.code);
      if (call->step.retry_after_ms >= 0)
        easel_provider_error_set_retry_after (error, call->step.retry_after_ms);
      g_task_return_error (task, error);
    }
  else
    {
      int w = call->request->setting->width > 0 ? call->request->setting->width : 64;
      int h = call->request->setting->height > 0 ? call->request->setting->height : 64;
      g_autoptr(GBytes) png = self->image != NULL
                              ? g_bytes_ref (self->image)
                              : easel_fake_make_png (w, h, 0x3366ccff + (guint32) self->stats->calls);
      GPtrArray *images = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
      EaselGeneratedImage *image = easel_generated_image_new (png);

      image->mime_type = g_strdup ("image/png");
      image->width = w;
      image->height = h;
      if (self->image != NULL)
        {
          EaselImageInfo info;
          gsize length;
          const guint8 *data = g_bytes_get_data (self->image, &length);

          if (easel_image_info_read (data, length, &info))
            {
              image->width = info.width;
              image->height = info.height;
            }
        }
      image->has_seed = call->request->setting->has_seed;
      image->seed = call->request->setting->seed;
      image->model = g_strdup (call->request->model != NULL ? call->request->model : "scripted");
      easel_generated_image_add_adjustment (image, "scripted adjustment");
      g_ptr_array_add (images, image);
      if (self->stats != NULL)
        self->stats->successes++;
      g_task_return_pointer (task, images, (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  finish_running (call->self);
  if (call->self->stats != NULL)
    call->self->stats->cancels++;
  g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED,
                           "Cancelled");
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  /* Like a real server: the cancel is confirmed a moment later, from the main loop. */
  if (call->timeout != 0)
    {
      g_source_remove (call->timeout);
      call->timeout = 0;
    }
  g_idle_add (cancelled_idle_cb, task);
}

static void
scripted_generate_async (EaselProvider              *provider,
                         const EaselGenerateRequest *request,
                         EaselProgressFunc           progress,
                         gpointer                    progress_data,
                         GDestroyNotify              progress_destroy,
                         GCancellable               *cancellable,
                         GAsyncReadyCallback         callback,
                         gpointer                    user_data)
{
  EaselScriptedProvider *self = EASEL_SCRIPTED_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);
  Step *step = g_queue_pop_head (&self->script);
  EaselProgress report = { 0.5, "halfway", self->preview, self->preview != NULL ? "image/png" : NULL };

  call->self = g_object_ref (self);
  call->request = easel_generate_request_copy (request);
  call->step = step != NULL ? *step : self->fallback;
  g_free (step);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (self->stats != NULL)
    {
      self->stats->calls++;
      self->stats->running++;
      self->stats->max_running = MAX (self->stats->max_running, self->stats->running);
    }

  if (progress != NULL)
    progress (&report, progress_data);
  if (progress_destroy != NULL)
    progress_destroy (progress_data);

  if (cancellable != NULL)
    call->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
  if (call->step.action != EASEL_SCRIPT_HANG)
    call->timeout = g_timeout_add (self->delay_ms, complete_cb, task);
}

static GPtrArray *
scripted_generate_finish (EaselProvider  *provider,
                          GAsyncResult   *result,
                          GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
scripted_check_async (EaselProvider       *provider,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  EaselServerInfo *info = easel_server_info_new ();

  info->version = g_strdup ("scripted 1.0");
  g_task_return_pointer (task, info, (GDestroyNotify) easel_server_info_free);
}

static EaselServerInfo *
scripted_check_finish (EaselProvider  *provider,
                       GAsyncResult   *result,
                       GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
provider_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = scripted_generate_async;
  iface->generate_finish = scripted_generate_finish;
  iface->check_async = scripted_check_async;
  iface->check_finish = scripted_check_finish;
}

static void
easel_scripted_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  EaselScriptedProvider *self = EASEL_SCRIPTED_PROVIDER (object);

  if (prop_id == PROP_CONFIG)
    g_value_set_boxed (value, self->config);
  else if (prop_id == PROP_BASE_URL)
    g_value_set_string (value, self->base_url);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
easel_scripted_provider_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  EaselScriptedProvider *self = EASEL_SCRIPTED_PROVIDER (object);

  if (prop_id == PROP_CONFIG)
    self->config = g_value_dup_boxed (value);
  else if (prop_id == PROP_BASE_URL)
    self->base_url = g_value_dup_string (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
easel_scripted_provider_finalize (GObject *object)
{
  EaselScriptedProvider *self = EASEL_SCRIPTED_PROVIDER (object);

  g_clear_pointer (&self->config, easel_provider_config_free);
  g_free (self->base_url);
  g_queue_clear_full (&self->script, g_free);
  g_clear_pointer (&self->preview, g_bytes_unref);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_free (self->message);
  G_OBJECT_CLASS (easel_scripted_provider_parent_class)->finalize (object);
}

static void
easel_scripted_provider_class_init (EaselScriptedProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = easel_scripted_provider_get_property;
  object_class->set_property = easel_scripted_provider_set_property;
  object_class->finalize = easel_scripted_provider_finalize;
  g_object_class_override_property (object_class, PROP_CONFIG, "config");
  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
}

static void
easel_scripted_provider_init (EaselScriptedProvider *self)
{
  g_queue_init (&self->script);
  self->delay_ms = 5;
  self->fallback.action = EASEL_SCRIPT_SUCCEED;
  self->fallback.retry_after_ms = -1;
}

EaselProvider *
easel_scripted_provider_new (const EaselProviderConfig *config,
                             const char                *base_url,
                             EaselScriptStats          *stats)
{
  EaselScriptedProvider *self = g_object_new (EASEL_TYPE_SCRIPTED_PROVIDER,
                                              "config", config, "base-url", base_url, NULL);
  self->stats = stats;
  return EASEL_PROVIDER (self);
}

void
easel_scripted_provider_set_delay (EaselScriptedProvider *self,
                                   guint                  delay_ms)
{
  self->delay_ms = delay_ms;
}

void
easel_scripted_provider_push (EaselScriptedProvider *self,
                              EaselScriptAction      action,
                              EaselProviderError     code,
                              gint64                 retry_after_ms)
{
  Step *step = g_new0 (Step, 1);

  step->action = action;
  step->code = code;
  step->retry_after_ms = retry_after_ms;
  g_queue_push_tail (&self->script, step);
}

void
easel_scripted_provider_set_default (EaselScriptedProvider *self,
                                     EaselScriptAction      action,
                                     EaselProviderError     code)
{
  self->fallback.action = action;
  self->fallback.code = code;
}

/* Progress reports carry @png as a live preview (the window shows it on the card). */
void
easel_scripted_provider_set_preview (EaselScriptedProvider *self,
                                     GBytes                *png)
{
  g_clear_pointer (&self->preview, g_bytes_unref);
  self->preview = png != NULL ? g_bytes_ref (png) : NULL;
}

/* Successes return @png (its own size) instead of a plain square of the asked size. */
void
easel_scripted_provider_set_image (EaselScriptedProvider *self,
                                   GBytes                *png)
{
  g_clear_pointer (&self->image, g_bytes_unref);
  self->image = png != NULL ? g_bytes_ref (png) : NULL;
}

/* Failures carry @message (a provider's own words) instead of "scripted failure N". */
void
easel_scripted_provider_set_message (EaselScriptedProvider *self,
                                     const char            *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}
