/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-errors.c: ComfyUI's failures in words a person can act on (protocols/
 * comfyui.md §4, §8.5, §15). Validation errors name the node and input, and the Easel setting
 * behind it; missing models and custom nodes are NOT_FOUND; tracebacks go to the details.
 */
#define G_LOG_DOMAIN "easel-comfyui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-comfyui-errors.h"
#include "easel-comfyui-workflow.h"
#include "easel-error.h"
#include "easel-http.h"
#include "easel-json.h"
#include "easel-provider-config.h"

/* At most this many reasons are spelled out in one message. */
#define MAX_REASONS 4

/**
 * easel_comfyui_combo_options:
 * @spec: an input spec from /object_info or a 400's `input_config`
 *
 * Reads a combo's choices in both formats: legacy `[["a", "b"], {…}]` and V3 nodes'
 * `["COMBO", {"options": ["a", "b"], …}]` (§12.1).
 *
 * Returns: (transfer full) (nullable): the options, or %NULL when @spec is not a combo.
 */
GStrv
easel_comfyui_combo_options (JsonNode *spec)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  JsonArray *options = NULL;
  JsonNode *first;

  if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
    return NULL;
  array = json_node_get_array (spec);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);

  if (JSON_NODE_HOLDS_ARRAY (first))
    options = json_node_get_array (first);
  else if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (first), "COMBO") &&
           json_array_get_length (array) > 1 &&
           JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 1)))
    options = easel_json_object_get_array (json_array_get_object_element (array, 1), "options");
  if (options == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *element = json_array_get_element (options, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static char *
describe_node (JsonObject *graph,
               const char *node_id,
               const char *class_type)
{
  if (graph != NULL && easel_json_object_get_object (graph, node_id) != NULL)
    return easel_comfyui_workflow_describe_node (graph, node_id);
  if (class_type != NULL)
    return g_strdup_printf (_("%s (node %s)"), class_type, node_id);
  return g_strdup_printf (_("node %s"), node_id);
}

/* Loader inputs whose combo lists files: a value not in the list is a missing model. */
static const char *
model_kind (const char *input)
{
  static const struct { const char *input; const char *kind; } kinds[] = {
    { "ckpt_name", N_("checkpoint") }, { "vae_name", N_("VAE") }, { "lora_name", N_("LoRA") },
    { "unet_name", N_("diffusion model") }, { "clip_name", N_("text encoder") },
    { "clip_name1", N_("text encoder") }, { "clip_name2", N_("text encoder") },
    { "control_net_name", N_("ControlNet") }, { "model_name", N_("model") },
    { "upscale_model", N_("upscale model") }, { "style_model_name", N_("style model") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (input, kinds[i].input) == 0)
      return _(kinds[i].kind);
  return NULL;
}

static char *
join_options (GStrv options)
{
  if (options == NULL || options[0] == NULL)
    return g_strdup (_("none"));
  return g_strjoinv (", ", options);
}

/* "(list of length N)" from the details when the server left the list out (> 20 entries). */
static char *
installed_list (JsonObject *extra,
                const char *details)
{
  JsonNode *config = extra != NULL ? json_object_get_member (extra, "input_config") : NULL;
  g_auto(GStrv) options = easel_comfyui_combo_options (config);
  const char *length;

  if (options != NULL)
    return join_options (options);
  length = details != NULL ? strstr (details, "(list of length ") : NULL;
  if (length != NULL)
    return g_strdup (length);
  return g_strdup (_("unknown"));
}

typedef struct
{
  EaselProviderError  code;
  char               *field;
  char               *text;
} Reason;

static void
reason_clear (Reason *reason)
{
  g_free (reason->field);
  g_free (reason->text);
}

static char *
received_text (JsonObject *extra)
{
  JsonNode *value = extra != NULL ? json_object_get_member (extra, "received_value") : NULL;

  if (value == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return easel_json_to_string (value, FALSE);
}

/* One entry of node_errors[id].errors. */
static void
read_reason (const EaselProviderConfig *config,
             JsonObject                *graph,
             const char                *node_id,
             const char                *class_type,
             JsonObject                *reason,
             Reason                    *out)
{
  const char *type = easel_json_object_get_string (reason, "type");
  const char *message = easel_json_object_get_string (reason, "message");
  const char *details = easel_json_object_get_string (reason, "details");
  JsonObject *extra = easel_json_object_get_object (reason, "extra_info");
  const char *input = easel_json_object_get_string (extra, "input_name");
  g_autofree char *node = describe_node (graph, node_id, class_type);
  g_autofree char *setting = NULL;
  const char *kind;

  if (message == NULL)
    message = type != NULL ? type : "";
  if (input != NULL)
    setting = easel_comfyui_workflow_field_for_input (config, graph, node_id, input);
  out->field = g_strdup (setting != NULL ? setting : "workflow");
  out->code = EASEL_PROVIDER_ERROR_INVALID_REQUEST;

  if (g_strcmp0 (type, "value_not_in_list") == 0 && (kind = model_kind (input)) != NULL)
    {
      g_autofree char *value = received_text (extra);
      g_autofree char *installed = installed_list (extra, details);

      out->code = EASEL_PROVIDER_ERROR_NOT_FOUND;
      if (setting == NULL && g_strcmp0 (input, "ckpt_name") == 0)
        {
          g_free (out->field);
          out->field = g_strdup ("model");
        }
      out->text = g_strdup_printf (_("%s '%s' is not installed; installed: %s"), kind,
                                   value != NULL ? value : "", installed);
      return;
    }

  if (g_strcmp0 (type, "value_not_in_list") == 0)
    {
      g_autofree char *value = received_text (extra);
      g_autofree char *available = installed_list (extra, details);

      out->text = g_strdup_printf (_("%s input %s: '%s' is not one of the choices: %s"), node,
                                   input != NULL ? input : "?", value != NULL ? value : "",
                                   available);
      return;
    }

  if (g_strcmp0 (type, "exception_during_validation") == 0)
    {
      const char *exception = easel_json_object_get_string (extra, "exception_type");

      if (g_strcmp0 (exception, "KeyError") == 0)
        out->text = g_strdup_printf (_("%s links to node %s, which is not in the workflow"),
                                     node, details != NULL ? details : "?");
      else
        out->text = g_strdup_printf (_("%s could not be validated: %s (%s %s)"), node, message,
                                     exception != NULL ? exception : "", details ? details : "");
      return;
    }

  if (input != NULL)
    out->text = g_strdup_printf (_("%s input %s: %s"), node, input, message);
  else if (details != NULL && *details != '\0')
    out->text = g_strdup_printf (_("%s: %s (%s)"), node, message, details);
  else
    out->text = g_strdup_printf (_("%s: %s"), node, message);
}

static char *
tracebacks (JsonObject *node_errors)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  json_object_iter_init_ordered (&iter, node_errors);
  while (json_object_iter_next_ordered (&iter, &id, &entry))
    {
      JsonArray *errors = JSON_NODE_HOLDS_OBJECT (entry) ?
        easel_json_object_get_array (json_node_get_object (entry), "errors") : NULL;

      for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
        {
          JsonNode *reason = json_array_get_element (errors, i);
          JsonObject *extra = JSON_NODE_HOLDS_OBJECT (reason) ?
            easel_json_object_get_object (json_node_get_object (reason), "extra_info") : NULL;
          JsonArray *lines = easel_json_object_get_array (extra, "traceback");

          for (guint l = 0; lines != NULL && l < json_array_get_length (lines); l++)
            {
              JsonNode *line = json_array_get_element (lines, l);

              if (JSON_NODE_HOLDS_VALUE (line) && json_node_get_value_type (line) == G_TYPE_STRING)
                g_string_append (out, json_node_get_string (line));
            }
        }
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static GError *
validation_error (const char                *what,
                  JsonObject                *error,
                  JsonObject                *node_errors,
                  const EaselProviderConfig *config,
                  JsonObject                *graph)
{
  g_autoptr(GArray) reasons = g_array_new (FALSE, TRUE, sizeof (Reason));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *trace = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;
  const Reason *lead = NULL;
  GError *result;

  g_array_set_clear_func (reasons, (GDestroyNotify) reason_clear);

  json_object_iter_init_ordered (&iter, node_errors);
  while (json_object_iter_next_ordered (&iter, &id, &entry))
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
      JsonArray *errors = easel_json_object_get_array (object, "errors");
      const char *class_type = easel_json_object_get_string (object, "class_type");

      for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
        {
          Reason reason = { 0, };

          if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, i)))
            continue;
          read_reason (config, graph, id, class_type, json_array_get_object_element (errors, i),
                       &reason);
          g_array_append_val (reasons, reason);
        }
    }

  if (reasons->len == 0)
    {
      const char *message = easel_json_object_get_string (error, "message");
      const char *details = easel_json_object_get_string (error, "details");

      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                            _("%s refused the workflow: %s%s%s."), what,
                            message != NULL ? message : _("it failed validation"),
                            details != NULL && *details != '\0' ? ": " : "",
                            details != NULL ? details : "");
      easel_provider_error_set_field (result, "workflow");
      return result;
    }

  /* A missing model leads: it is the one the user can fix by picking another. */
  for (guint i = 0; i < reasons->len && lead == NULL; i++)
    if (g_array_index (reasons, Reason, i).code == EASEL_PROVIDER_ERROR_NOT_FOUND)
      lead = &g_array_index (reasons, Reason, i);
  if (lead == NULL)
    lead = &g_array_index (reasons, Reason, 0);

  g_string_append (text, lead->text);
  for (guint i = 0, shown = 1; i < reasons->len; i++)
    {
      const Reason *reason = &g_array_index (reasons, Reason, i);

      if (reason == lead)
        continue;
      if (shown++ >= MAX_REASONS)
        {
          g_string_append_printf (text, _("; and %u more"), reasons->len - MAX_REASONS);
          break;
        }
      g_string_append_printf (text, "; %s", reason->text);
    }

  if (lead->code == EASEL_PROVIDER_ERROR_NOT_FOUND)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                          _("%s: %s. Pick an installed model, or copy the file into ComfyUI's "
                            "models folder and refresh."), what, text->str);
  else
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                          _("%s refused the workflow: %s."), what, text->str);
  easel_provider_error_set_field (result, lead->field);
  trace = tracebacks (node_errors);
  if (trace != NULL)
    easel_provider_error_set_details (result, trace);
  return result;
}

/* "Cannot execute because node NoSuchNode does not exist." → "NoSuchNode". */
static char *
missing_class (JsonObject *error)
{
  const char *message = easel_json_object_get_string (error, "message");
  const char *class_type = easel_json_object_get_string (
    easel_json_object_get_object (error, "extra_info"), "class_type");
  const char *start;
  const char *end;

  if (class_type != NULL)
    return g_strdup (class_type);
  if (message == NULL || (start = strstr (message, "node ")) == NULL ||
      (end = strstr (start, " does not exist")) == NULL)
    return NULL;
  start += strlen ("node ");
  return g_strndup (start, end - start);
}

static GError *
bad_request_error (const char                *what,
                   JsonObject                *body,
                   const EaselProviderConfig *config,
                   JsonObject                *graph)
{
  JsonObject *error = easel_json_object_get_object (body, "error");
  JsonObject *node_errors = easel_json_object_get_object (body, "node_errors");
  const char *type = easel_json_object_get_string (error, "type");
  const char *message = easel_json_object_get_string (error, "message");
  const char *details = easel_json_object_get_string (error, "details");
  GError *result;

  if (g_strcmp0 (type, "prompt_outputs_failed_validation") == 0 && node_errors != NULL)
    return validation_error (what, error, node_errors, config, graph);

  if (g_strcmp0 (type, "invalid_prompt") == 0 || g_strcmp0 (type, "missing_node_type") == 0)
    {
      g_autofree char *class_type = missing_class (error);

      if (class_type != NULL)
        {
          result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                                _("%s is missing custom node %s (%s). Install it (ComfyUI-Manager "
                                  "finds it by name) or use a workflow without it."),
                                what, class_type, details != NULL ? details : "");
          easel_provider_error_set_field (result, "workflow");
          easel_provider_error_set_details (result, message);
          return result;
        }
    }

  if (g_strcmp0 (type, "prompt_no_outputs") == 0)
    {
      result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                            _("%s refused the workflow: %s. It needs an output node such as "
                              "Save Image."), what, message != NULL ? message : type);
      easel_provider_error_set_field (result, "workflow");
      return result;
    }

  result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                        _("%s refused the workflow: %s%s%s."), what,
                        message != NULL ? message : (type != NULL ? type : _("bad request")),
                        details != NULL && *details != '\0' ? " — " : "",
                        details != NULL ? details : "");
  easel_provider_error_set_field (result, "workflow");
  return result;
}

static gboolean
body_is_empty (SoupMessage *message,
               GBytes      *body)
{
  if (body != NULL)
    return g_bytes_get_size (body) == 0;
  return soup_message_headers_get_encoding (soup_message_get_response_headers (message)) ==
           SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_content_length (soup_message_get_response_headers (message))
           == 0;
}

/* ComfyUI's origin check answers 403 with an empty body (§15); a proxy's 403 has a page. */
static GError *
forbidden_error (SoupMessage *message,
                 GBytes      *body,
                 const char  *what,
                 const char  *request_label)
{
  GError *error;

  if (body_is_empty (message, body))
    {
      error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                           _("%s refused %s with HTTP 403 and no explanation. That is ComfyUI's "
                             "origin check: the request reached it with an Origin header that "
                             "does not match its Host. Easel sends no Origin, so a reverse proxy "
                             "adds it or rewrites Host: make the proxy keep the Host header and "
                             "drop Origin, or start ComfyUI with --enable-cors-header. If the "
                             "proxy itself wants credentials, check the headers in Preferences."),
                           what, request_label);
      easel_provider_error_set_details (error, "HTTP 403 Forbidden, empty body");
      return error;
    }
  return easel_http_status_error (message, body, what, NULL);
}

/**
 * easel_comfyui_error_from_response:
 * @request_label: what was asked, for messages ("POST /prompt")
 * @config: (nullable): the provider, to name the Easel setting behind an input
 * @graph: (nullable): the submitted graph, to name nodes by their titles
 *
 * Maps a failed HTTP answer of ComfyUI: a 400 of POST /prompt to field-level messages (§4),
 * the origin check's 403, and the generic statuses.
 */
GError *
easel_comfyui_error_from_response (SoupMessage               *message,
                                   GBytes                    *body,
                                   const char                *what,
                                   const char                *request_label,
                                   const EaselProviderConfig *config,
                                   JsonObject                *graph)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonNode) root = NULL;
  GError *error;

  if (status == SOUP_STATUS_FORBIDDEN)
    return forbidden_error (message, body, what, request_label);

  if (status == SOUP_STATUS_BAD_REQUEST && body != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (body, &length);

      root = easel_json_parse (data, (gssize) length, NULL);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          easel_json_object_get_object (json_node_get_object (root), "error") != NULL)
        {
          g_autofree char *excerpt = easel_http_body_excerpt (body, 2000);

          error = bad_request_error (what, json_node_get_object (root), config, graph);
          if (easel_provider_error_get_details (error) == NULL)
            easel_provider_error_set_details (error, excerpt);
          return error;
        }
    }
  return easel_http_status_error (message, body, what, NULL);
}

/* "<exception text>\n<tips>": keep the first line (§8.5). */
static char *
first_line (const char *text)
{
  const char *newline;

  if (text == NULL)
    return g_strdup ("");
  newline = strchr (text, '\n');
  return g_strstrip (newline != NULL ? g_strndup (text, newline - text) : g_strdup (text));
}

/**
 * easel_comfyui_error_from_execution:
 * @data: an `execution_error` message's data, or the one in history
 *
 * A runtime failure: SERVER with the node and the exception's first line; the traceback and
 * the tips only in the details.
 */
GError *
easel_comfyui_error_from_execution (JsonObject *data,
                                    JsonObject *graph,
                                    const char *what)
{
  const char *node_id = easel_json_object_get_string (data, "node_id");
  const char *node_type = easel_json_object_get_string (data, "node_type");
  const char *exception_type = easel_json_object_get_string (data, "exception_type");
  const char *exception_message = easel_json_object_get_string (data, "exception_message");
  g_autofree char *node = describe_node (graph, node_id != NULL ? node_id : "?", node_type);
  g_autofree char *line = first_line (exception_message);
  g_autoptr(GString) details = g_string_new (NULL);
  JsonArray *traceback = easel_json_object_get_array (data, "traceback");
  gboolean memory = exception_message != NULL &&
                    (strstr (exception_message, "out of memory") != NULL ||
                     g_strcmp0 (exception_type, "torch.OutOfMemoryError") == 0);
  GError *error;

  error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                       _("%s failed in %s: %s%s"), what, node,
                       *line != '\0' ? line : (exception_type != NULL ? exception_type : "?"),
                       memory ? _(". The GPU ran out of memory: try a smaller size or count.")
                              : _(". See ComfyUI's log for the cause."));

  if (exception_type != NULL)
    g_string_append_printf (details, "%s: ", exception_type);
  if (exception_message != NULL)
    g_string_append (details, exception_message);
  for (guint i = 0; traceback != NULL && i < json_array_get_length (traceback); i++)
    {
      JsonNode *element = json_array_get_element (traceback, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_string_append (details, json_node_get_string (element));
    }
  easel_provider_error_set_details (error, details->str);
  return error;
}

/* An interrupt Easel did not send: another client or the ComfyUI window stopped the job. */
GError *
easel_comfyui_error_interrupted (JsonObject *data,
                                 JsonObject *graph,
                                 const char *what)
{
  const char *node_id = easel_json_object_get_string (data, "node_id");
  const char *node_type = easel_json_object_get_string (data, "node_type");
  g_autofree char *node = node_id != NULL ? describe_node (graph, node_id, node_type) : NULL;
  GError *error;

  if (node != NULL)
    error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                         _("%s stopped the job at %s: it was interrupted by someone else (another "
                           "client or the ComfyUI window). Run it again."), what, node);
  else
    error = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_SERVER,
                         _("%s stopped the job: it was interrupted by someone else (another "
                           "client or the ComfyUI window). Run it again."), what);
  return error;
}

/**
 * easel_comfyui_error_from_handshake:
 * @message: the handshake message (its status when the server answered)
 * @error: what libsoup reported
 *
 * A websocket that will not open: 401/403 are authentication (the proxy wants the headers),
 * not "server down"; another status usually means a proxy that does not forward `Upgrade`.
 */
GError *
easel_comfyui_error_from_handshake (SoupMessage  *message,
                                    const GError *error,
                                    const char   *what)
{
  guint status = message != NULL ? soup_message_get_status (message) : 0;
  const char *reason = message != NULL ? soup_message_get_reason_phrase (message) : NULL;
  GError *result;

  if (!g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET) &&
      !g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_BAD_HANDSHAKE))
    return easel_provider_error_from_transport (error, what);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_PROXY_UNAUTHORIZED)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                          _("%s refused the websocket connection (HTTP %u %s): whatever is in "
                            "front of ComfyUI wants credentials. Check the headers in "
                            "Preferences; Easel sends them on the websocket handshake too."),
                          what, status, reason != NULL ? reason : "");
  else if (status == SOUP_STATUS_FORBIDDEN)
    return forbidden_error (message, NULL, what, _("the websocket connection"));
  else if (status != 0 && status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                          _("%s answered the websocket connection with HTTP %u %s instead of "
                            "switching protocols. If ComfyUI is behind a reverse proxy, the proxy "
                            "must forward the Upgrade and Connection headers for /ws."),
                          what, status, reason != NULL ? reason : "");
  else
    result = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                          _("%s did not complete the websocket handshake (%s). If ComfyUI is "
                            "behind a reverse proxy, the proxy must forward the Upgrade and "
                            "Connection headers for /ws."), what, error->message);
  easel_provider_error_set_details (result, error->message);
  return result;
}
