/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-a1111"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-a1111-private.h"
#include "easel-error.h"
#include "easel-json.h"

/* Probing a server's introspection routes (protocols/a1111.md §5): `/sdapi/v1/sd-models`
 * (proves the API is on and the credentials work), `/samplers`, `/schedulers` (404 = before
 * v1.9). Partial implementations answer 404 to all of them (Draw Things) and are tolerated.
 * The same probe feeds `check` and the validation before each generation.
 */

typedef enum
{
  PROBE_MODELS,
  PROBE_SAMPLERS,
  PROBE_SCHEDULERS,
  PROBE_DONE,
} ProbeStep;

typedef struct
{
  EaselA1111Probe *probe;
  ProbeStep        step;
  SoupMessage     *message;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_pointer (&data->probe, _easel_a1111_probe_free);
  g_clear_object (&data->message);
  g_free (data);
}

void
_easel_a1111_probe_free (EaselA1111Probe *probe)
{
  if (probe == NULL)
    return;
  g_clear_pointer (&probe->lists, easel_a1111_server_lists_free);
  g_clear_pointer (&probe->warnings, g_ptr_array_unref);
  g_free (probe);
}

static const char *
step_route (ProbeStep step)
{
  switch (step)
    {
    case PROBE_MODELS:     return "/sdapi/v1/sd-models";
    case PROBE_SAMPLERS:   return "/sdapi/v1/samplers";
    case PROBE_SCHEDULERS: return "/sdapi/v1/schedulers";
    case PROBE_DONE:
    default:               return NULL;
    }
}

static void probe_next (GTask *task);

static void
probe_warn (EaselA1111Probe *probe,
            const char      *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
probe_warn (EaselA1111Probe *probe,
            const char      *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (probe->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  ProbeData *data = g_task_get_task_data (task);
  EaselA1111Probe *probe = data->probe;
  const char *route = step_route (data->step);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      /* Cannot connect, timed out, cancelled: the server is not usable at all. */
      g_task_return_error (task, easel_provider_error_from_transport (error, self->what));
      return;
    }

  status = soup_message_get_status (data->message);
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      switch (data->step)
        {
        case PROBE_MODELS:     probe->models_missing = TRUE; break;
        case PROBE_SAMPLERS:   probe->samplers_missing = TRUE; break;
        case PROBE_SCHEDULERS: probe->schedulers_missing = TRUE; break;
        case PROBE_DONE:
        default:               g_assert_not_reached ();
        }
    }
  else if (!easel_http_status_is_success (data->message))
    {
      /* Wrong credentials, or a broken model list, fail the probe; a broken sampler or
       * scheduler list only leaves that list unknown.
       */
      if (data->step == PROBE_MODELS || status == SOUP_STATUS_UNAUTHORIZED ||
          status == SOUP_STATUS_FORBIDDEN)
        {
          g_task_return_error (task, _easel_a1111_error_from_response (self->what, data->message,
                                                                       body, route));
          return;
        }
      error = _easel_a1111_error_from_response (self->what, data->message, body, route);
      probe_warn (probe, _("%s is unavailable: %s"), route, error->message);
    }
  else
    {
      node = easel_http_parse_json (data->message, body, self->what, &error);
      if (node != NULL)
        {
          if (data->step == PROBE_MODELS)
            easel_a1111_server_lists_set_models (probe->lists, node, &error);
          else if (data->step == PROBE_SAMPLERS)
            easel_a1111_server_lists_set_samplers (probe->lists, node, &error);
          else
            easel_a1111_server_lists_set_schedulers (probe->lists, node, &error);
        }
      if (error != NULL)
        {
          if (data->step == PROBE_MODELS)
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          probe_warn (probe, _("%s is unreadable: %s"), route, error->message);
        }
    }

  data->step++;
  /* Without a sampler list there is nothing to learn from /schedulers either. */
  if (data->step == PROBE_SCHEDULERS && probe->samplers_missing)
    data->step = PROBE_DONE;
  probe_next (g_steal_pointer (&task));
}

static void
probe_next (GTask *task)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  ProbeData *data = g_task_get_task_data (task);

  if (data->step == PROBE_DONE)
    {
      EaselA1111Probe *probe = g_steal_pointer (&data->probe);

      probe->lists->legacy_schedulers = probe->schedulers_missing && !probe->samplers_missing;
      g_task_return_pointer (task, probe, (GDestroyNotify) _easel_a1111_probe_free);
      g_object_unref (task);
      return;
    }

  g_clear_object (&data->message);
  data->message = _easel_a1111_message_new (self, "GET", step_route (data->step), NULL, NULL);
  easel_http_send_async (self->session, data->message, _easel_a1111_max_body (self), self->what,
                         g_task_get_cancellable (task), probe_cb, task);
}

void
_easel_a1111_probe_async (EaselA1111Provider  *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ProbeData *data = g_new0 (ProbeData, 1);

  g_task_set_source_tag (task, _easel_a1111_probe_async);
  g_task_set_check_cancellable (task, FALSE);
  data->probe = g_new0 (EaselA1111Probe, 1);
  data->probe->lists = easel_a1111_server_lists_new ();
  data->probe->warnings = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);
  probe_next (task);
}

EaselA1111Probe *
_easel_a1111_probe_finish (EaselA1111Provider  *self,
                           GAsyncResult        *result,
                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Remembers what a probe learnt, for the validation of the next generations. */
void
_easel_a1111_store_probe (EaselA1111Provider *self,
                          EaselA1111Probe    *probe)
{
  g_clear_pointer (&self->lists, easel_a1111_server_lists_free);
  self->lists = easel_a1111_server_lists_copy (probe->lists);
  self->lists_time = g_get_monotonic_time ();
}

/* check: probe, then tell a partial implementation from a server started without --api. */

typedef enum
{
  CHECK_PROBE,
  CHECK_TXT2IMG,
  CHECK_ROOT,
} CheckStep;

typedef struct
{
  EaselA1111Probe *probe;
  CheckStep        step;
  SoupMessage     *message;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_pointer (&data->probe, _easel_a1111_probe_free);
  g_clear_object (&data->message);
  g_free (data);
}

static void
check_return (GTask     *task,
              gboolean   partial)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  EaselA1111Probe *probe = data->probe;
  g_autoptr(EaselServerInfo) info = easel_server_info_new ();
  g_autoptr(GStrvBuilder) warnings = g_strv_builder_new ();
  EaselA1111ServerLists *lists = probe->lists;

  _easel_a1111_store_probe (self, probe);

  info->version = g_strdup (self->server_version);
  info->models = easel_a1111_server_lists_dup_models (lists);
  info->samplers = easel_a1111_server_lists_dup_samplers (lists);
  info->schedulers = easel_a1111_server_lists_dup_schedulers (lists);

  if (partial)
    g_strv_builder_add (warnings, _("Only txt2img answers here (a partial implementation such as "
                                    "Draw Things): the model, sampler and other choices are "
                                    "whatever the app has selected, and names cannot be "
                                    "checked. If this is AUTOMATIC1111 or Forge, start it with "
                                    "--api."));
  else if (probe->models_missing)
    g_strv_builder_add (warnings, _("The model list is unknown (/sdapi/v1/sd-models answered "
                                    "404): model names are sent unchecked."));
  if (lists->models != NULL && lists->models->len == 0)
    g_strv_builder_add (warnings, _("No checkpoints are installed on the server."));
  if (lists->legacy_schedulers)
    g_strv_builder_add (warnings, _("No /sdapi/v1/schedulers (a server before v1.9): the "
                                    "scheduler is sent as part of the sampler name, such as "
                                    "“DPM++ 2M Karras”."));
  for (guint i = 0; i < probe->warnings->len; i++)
    g_strv_builder_add (warnings, g_ptr_array_index (probe->warnings, i));
  info->warnings = g_strv_builder_end (warnings);
  if (info->warnings[0] == NULL)
    g_clear_pointer (&info->warnings, g_strfreev);

  if (partial)
    info->details = g_strdup (_("Partial A1111 API (txt2img only)"));
  else
    info->details = g_strdup_printf (_("%u models, %u samplers, %s"),
                                     lists->models != NULL ? lists->models->len : 0,
                                     lists->samplers != NULL ? lists->samplers->len : 0,
                                     lists->schedulers != NULL
                                       ? _("schedulers listed")
                                       : (lists->legacy_schedulers
                                            ? _("schedulers in sampler names (before v1.9)")
                                            : _("schedulers unknown")));

  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) easel_server_info_free);
}

static void check_send (GTask *task);

static void
check_route_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselA1111Provider *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, easel_provider_error_from_transport (error, self->what));
      return;
    }
  status = soup_message_get_status (data->message);

  if (data->step == CHECK_TXT2IMG)
    {
      /* The route exists when GET is refused with 405 (FastAPI) rather than a 404. */
      if (status != SOUP_STATUS_NOT_FOUND)
        {
          check_return (task, TRUE);
          return;
        }
      data->step = CHECK_ROOT;
      check_send (g_steal_pointer (&task));
      return;
    }

  /* CHECK_ROOT: the Gradio web UI answers "/" while /sdapi/v1 is missing: no --api. */
  if (easel_http_status_is_success (data->message))
    {
      const char *type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (data->message), NULL);

      if (type != NULL && g_str_has_prefix (type, "text/html"))
        {
          GError *not_enabled = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                                             _("%s answers its web page but not /sdapi/v1 "
                                               "(HTTP 404 “Not Found”): API not enabled. Start the "
                                               "server with --api (add --listen to reach it from "
                                               "another machine)."), self->what);

          g_task_return_error (task, not_enabled);
          return;
        }
    }
  check_return (task, TRUE);
}

static void
check_send (GTask *task)
{
  EaselA1111Provider *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);

  g_clear_object (&data->message);
  data->message = _easel_a1111_message_new (self, "GET",
                                            data->step == CHECK_TXT2IMG ? "/sdapi/v1/txt2img"
                                                                        : "/", NULL, NULL);
  easel_http_send_async (self->session, data->message, _easel_a1111_max_body (self), self->what,
                         g_task_get_cancellable (task), check_route_cb, task);
}

static void
check_probe_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->probe = _easel_a1111_probe_finish (EASEL_A1111_PROVIDER (object), result, &error);
  if (data->probe == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->probe->models_missing && data->probe->samplers_missing)
    {
      data->step = CHECK_TXT2IMG;
      check_send (g_steal_pointer (&task));
      return;
    }
  check_return (task, FALSE);
}

/**
 * _easel_a1111_check_async:
 *
 * `GET /sdapi/v1/sd-models`, `/samplers`, `/schedulers`. A 404 on all of them is either a
 * partial implementation (Draw Things: tolerated, with a warning) or a server started without
 * `--api` (its web UI answers "/": NOT_FOUND "API not enabled"). The version is the one the
 * server reported in its last generation (`info.version`); A1111 has no version route.
 */
void
_easel_a1111_check_async (EaselProvider       *provider,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _easel_a1111_check_async);
  /* Every failure, cancellation included, is an EASEL_PROVIDER_ERROR. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_new0 (CheckData, 1), (GDestroyNotify) check_data_free);
  if (self->invalid_url)
    {
      g_task_return_error (task, _easel_a1111_invalid_url_error (self));
      return;
    }
  _easel_a1111_probe_async (self, cancellable, check_probe_cb, g_steal_pointer (&task));
}

EaselServerInfo *
_easel_a1111_check_finish (EaselProvider  *provider,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
