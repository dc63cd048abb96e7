/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-check.c: what a ComfyUI server is and offers (protocols/comfyui.md §12, §17
 * rule 7): /system_stats, then the websocket handshake, then the KSampler and
 * CheckpointLoaderSimple definitions, with combos read in both formats.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-comfyui-errors.h"
#include "easel-comfyui-private.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-http.h"
#include "easel-json.h"

typedef struct
{
  EaselServerInfo *info;
  GPtrArray       *warnings;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_pointer (&data->info, easel_server_info_free);
  g_ptr_array_unref (data->warnings);
  g_free (data);
}

/* The body of a successful JSON answer, or the error to return. */
static JsonNode *
read_json (EaselComfyuiProvider  *self,
           GAsyncResult          *result,
           const char            *label,
           GError               **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) message = NULL;

  body = _easel_comfyui_request_finish (self, result, &message, error);
  if (body == NULL)
    return NULL;
  if (!easel_http_status_is_success (message))
    {
      g_propagate_error (error, easel_comfyui_error_from_response (message, body, self->what,
                                                                   label, self->config, NULL));
      return NULL;
    }
  return easel_http_parse_json (message, body, self->what, error);
}

static JsonNode *
input_spec (JsonNode   *root,
            const char *class_type,
            const char *input)
{
  JsonObject *def = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
    easel_json_object_get_object (json_node_get_object (root), class_type) : NULL;
  JsonObject *inputs = easel_json_object_get_object (def, "input");
  static const char * const sections[] = { "required", "optional" };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonObject *section = easel_json_object_get_object (inputs, sections[i]);
      JsonNode *spec = section != NULL ? json_object_get_member (section, input) : NULL;

      if (spec != NULL)
        return spec;
    }
  return NULL;
}

/* `["INT", {"min": 0, "max": …}]`. json-glib reads 2^64 − 1 as −1: a max below the min means
 * unbounded (§16).
 */
static gboolean
read_max (JsonNode *spec,
          double   *max,
          gboolean *unbounded)
{
  JsonArray *array;
  JsonObject *options;
  double low = 0;

  *unbounded = FALSE;
  if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
    return FALSE;
  array = json_node_get_array (spec);
  if (json_array_get_length (array) < 2 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 1)))
    return FALSE;
  options = json_array_get_object_element (array, 1);
  if (!easel_json_object_get_number (options, "max", max))
    return FALSE;
  if (easel_json_object_get_number (options, "min", &low) && *max < low)
    *unbounded = TRUE;
  return TRUE;
}

static void
checkpoints_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_json (self, result, "GET /object_info/CheckpointLoaderSimple",
                                        &error);
  g_auto(GStrv) checkpoints = NULL;
  EaselServerInfo *info;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  checkpoints = easel_comfyui_combo_options (input_spec (root, "CheckpointLoaderSimple",
                                                         "ckpt_name"));
  if (checkpoints == NULL)
    g_ptr_array_add (data->warnings,
                     g_strdup (_("this ComfyUI has no CheckpointLoaderSimple node, so Easel's "
                                 "built-in workflow cannot run; use a custom workflow")));
  else if (checkpoints[0] == NULL)
    g_ptr_array_add (data->warnings,
                     g_strdup (_("no checkpoints installed: copy a model into ComfyUI's "
                                 "models/checkpoints folder")));
  data->info->models = g_steal_pointer (&checkpoints);

  info = g_steal_pointer (&data->info);
  if (data->warnings->len > 0)
    {
      g_ptr_array_add (data->warnings, NULL);
      info->warnings = g_strdupv ((char **) data->warnings->pdata);
    }
  g_task_return_pointer (task, info, (GDestroyNotify) easel_server_info_free);
}

static void
ksampler_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_json (self, result, "GET /object_info/KSampler", &error);
  g_autoptr(SoupMessage) message = NULL;
  double max;
  gboolean unbounded;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->info->samplers = easel_comfyui_combo_options (input_spec (root, "KSampler",
                                                                  "sampler_name"));
  data->info->schedulers = easel_comfyui_combo_options (input_spec (root, "KSampler",
                                                                    "scheduler"));
  if (data->info->samplers == NULL)
    g_ptr_array_add (data->warnings, g_strdup (_("this ComfyUI has no KSampler node")));

  if (read_max (input_spec (root, "KSampler", "steps"), &max, &unbounded))
    self->max_steps = unbounded ? G_MAXINT64 : (gint64) max;
  if (read_max (input_spec (root, "KSampler", "seed"), &max, &unbounded))
    self->max_seed = unbounded || max >= 9.2e18 ? G_MAXINT64 : (gint64) max;
  if (read_max (input_spec (root, "KSampler", "cfg"), &max, &unbounded))
    self->max_cfg = unbounded ? G_MAXDOUBLE : max;

  message = _easel_comfyui_message_for_path (self, "GET", "/object_info/CheckpointLoaderSimple");
  _easel_comfyui_request_async (self, message, self->object_info_timeout_s,
                                g_task_get_cancellable (task), checkpoints_cb,
                                g_object_ref (task));
}

static void
socket_ready_cb (EaselComfyuiProvider *self,
                 const GError         *error,
                 gpointer              user_data)
{
  GTask *task = user_data;
  g_autoptr(SoupMessage) message = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  message = _easel_comfyui_message_for_path (self, "GET", "/object_info/KSampler");
  _easel_comfyui_request_async (self, message, self->object_info_timeout_s,
                                g_task_get_cancellable (task), ksampler_cb,
                                g_object_ref (task));
}

static char *
describe_system (JsonObject *stats)
{
  JsonObject *system = easel_json_object_get_object (stats, "system");
  JsonArray *devices = easel_json_object_get_array (stats, "devices");
  JsonObject *device = devices != NULL && json_array_get_length (devices) > 0 &&
                       JSON_NODE_HOLDS_OBJECT (json_array_get_element (devices, 0)) ?
                       json_array_get_object_element (devices, 0) : NULL;
  const char *name = easel_json_object_get_string (device, "name");
  const char *type = easel_json_object_get_string (device, "type");
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 total = 0, free_bytes = 0;

  if (name != NULL)
    g_string_append (out, name);
  if (g_strcmp0 (type, "cpu") == 0)
    {
      if (easel_json_object_get_int (system, "ram_total", &total) &&
          easel_json_object_get_int (system, "ram_free", &free_bytes))
        {
          g_autofree char *t = g_format_size_full ((guint64) total, G_FORMAT_SIZE_IEC_UNITS);
          g_autofree char *f = g_format_size_full ((guint64) free_bytes, G_FORMAT_SIZE_IEC_UNITS);

          g_string_append_printf (out, _(", %s of %s RAM free"), f, t);
        }
    }
  else if (easel_json_object_get_int (device, "vram_total", &total) &&
           easel_json_object_get_int (device, "vram_free", &free_bytes))
    {
      g_autofree char *t = g_format_size_full ((guint64) total, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *f = g_format_size_full ((guint64) free_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_string_append_printf (out, _(", %s of %s VRAM free"), f, t);
    }
  if (devices != NULL && json_array_get_length (devices) > 1)
    g_string_append_printf (out, _(" (+%u more devices)"), json_array_get_length (devices) - 1);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
system_stats_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (source);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_json (self, result, "GET /system_stats", &error);
  JsonObject *stats;
  const char *version;

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      easel_json_object_get_object (json_node_get_object (root), "system") == NULL)
    {
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                               _("%s answered /system_stats without a “system” object: is this "
                                 "address a ComfyUI server?"), self->what);
      return;
    }
  stats = json_node_get_object (root);
  version = easel_json_object_get_string (easel_json_object_get_object (stats, "system"),
                                          "comfyui_version");
  data->info->version = g_strdup (version != NULL ? version : "unknown");
  data->info->details = describe_system (stats);

  /* Jobs need the websocket: a proxy that blocks it fails here, not mid-job. */
  _easel_comfyui_when_connected (self, socket_ready_cb, g_steal_pointer (&task),
                                 g_object_unref);
}

void
_easel_comfyui_check_async (EaselProvider       *provider,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  EaselComfyuiProvider *self = EASEL_COMFYUI_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) message = NULL;
  CheckData *data = g_new0 (CheckData, 1);

  g_task_set_source_tag (task, _easel_comfyui_check_async);
  /* Errors stay in Easel's domain, CANCELLED included. */
  g_task_set_check_cancellable (task, FALSE);
  data->info = easel_server_info_new ();
  data->warnings = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  message = _easel_comfyui_message_for_path (self, "GET", "/system_stats");
  _easel_comfyui_request_async (self, message, self->timeout_s, cancellable, system_stats_cb,
                                g_steal_pointer (&task));
}

EaselServerInfo *
_easel_comfyui_check_finish (EaselProvider  *provider,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
