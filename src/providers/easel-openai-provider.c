/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-http.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-openai-mapping.h"
#include "easel-openai-models.h"
#include "easel-openai-private.h"

/* The OpenAI Images API and servers that speak it at another base URL
 * (protocols/openai-images.md). Options (config->options):
 *
 *   timeout_s          I/O timeout of image requests in seconds (default 600, the SDK's)
 *   max_body_bytes     largest image payload accepted (default 64 MiB; ×n per response)
 *   organization       sent as OpenAI-Organization
 *   project            sent as OpenAI-Project
 *   stream             false to never stream previews (default: stream where the model can)
 *   partial_images     previews per streamed image, 0–3 (default 2)
 *   quality            default quality where the model takes it
 *   compatible         true/false: an OpenAI-compatible server (default: any host but
 *                      api.openai.com) — key optional, a failing /models only warns
 *   capabilities       what a compatible server takes: {"sizes", "max_images_per_request",
 *                      "qualities", "styles", "streams", "max_prompt_length"}
 *   prices             price overrides for easel_cost_estimate()
 *   today              "YYYY-MM-DD", for reproducible model lists in tests
 *
 * The API key comes from the constructor (the engine reads it from libsecret or the
 * environment) and is never logged, stored elsewhere, or sent to another origin.
 */

#define CHECK_TIMEOUT_S  30
#define MODELS_MAX_BODY  (8 * 1024 * 1024)

struct _EaselOpenaiProvider
{
  GObject                parent_instance;

  EaselProviderConfig   *config;
  char                  *base_url;
  char                  *api_key;
  char                  *what;
  gboolean               compatible;
  gsize                  max_body;
  SoupSession           *session;
  SoupSession           *check_session;
  EaselOpenaiRateLimits  rate_limits;
};

enum
{
  PROP_0,
  PROP_CONFIG,
  PROP_BASE_URL,
};

static void easel_openai_provider_iface_init (EaselProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselOpenaiProvider, easel_openai_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EASEL_TYPE_PROVIDER,
                                                      easel_openai_provider_iface_init))

/* ---- internal API for the request and error files ---------------------------------------- */

SoupSession *
_easel_openai_provider_get_session (EaselOpenaiProvider *self)
{
  return self->session;
}

const char *
_easel_openai_provider_get_what (EaselOpenaiProvider *self)
{
  return self->what;
}

const char *
_easel_openai_provider_get_base_url (EaselOpenaiProvider *self)
{
  return self->base_url;
}

gsize
_easel_openai_provider_get_max_body (EaselOpenaiProvider *self)
{
  return self->max_body;
}

/* Bearer key, organization and project, and the configured extra headers: on every API
 * request, and on image downloads from the API's own origin only.
 */
void
_easel_openai_provider_set_auth (EaselOpenaiProvider *self,
                                 SoupMessage         *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *organization = easel_provider_config_get_option_string (self->config,
                                                                      "organization");
  const char *project = easel_provider_config_get_option_string (self->config, "project");

  easel_http_apply_headers (message, self->config->headers);
  easel_http_set_bearer (message, self->api_key);
  if (organization != NULL && *organization != '\0')
    soup_message_headers_replace (headers, "OpenAI-Organization", organization);
  if (project != NULL && *project != '\0')
    soup_message_headers_replace (headers, "OpenAI-Project", project);
}

SoupMessage *
_easel_openai_provider_new_message (EaselOpenaiProvider *self,
                                    const char          *method,
                                    const char          *path)
{
  SoupMessage *message = easel_http_message_new (method, self->base_url, path, NULL);

  if (message == NULL)
    return NULL;
  _easel_openai_provider_set_auth (self, message);
  /* A redirect must not carry the key to another host. IDEMPOTENT lets a POST reuse an idle
   * kept-alive connection (as the official SDK does) instead of a new TCP and TLS handshake per
   * image; libsoup still never resends a POST by itself (it restarts only idempotent methods),
   * so a connection that turns out closed is a CONNECT error the engine's retry policy sees.
   */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  return message;
}

gboolean
_easel_openai_provider_same_origin (EaselOpenaiProvider *self,
                                    GUri                *uri)
{
  g_autoptr(GUri) base = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme;

  if (base == NULL || uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (base), scheme) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (base), g_uri_get_host (uri)) == 0 &&
         g_uri_get_port (base) == g_uri_get_port (uri);
}

void
_easel_openai_provider_note_response (EaselOpenaiProvider *self,
                                      SoupMessage         *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  EaselOpenaiRateLimits limits;

  _easel_openai_rate_limits_read (headers, &limits);
  if (limits.limit_requests >= 0 || limits.remaining_requests >= 0 ||
      limits.limit_tokens >= 0 || limits.remaining_tokens >= 0)
    self->rate_limits = limits;
}

static char *
replace_all (const char *text,
             const char *needle)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, needle, "********", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A relay may quote the request's Authorization header in its error: the key must not reach a
 * card, a log or the history through it.
 */
GError *
_easel_openai_provider_scrub (EaselOpenaiProvider *self,
                              GError              *error)
{
  const char *details;

  if (error == NULL || self->api_key == NULL || strlen (self->api_key) < 4)
    return error;
  if (strstr (error->message, self->api_key) != NULL)
    {
      char *message = replace_all (error->message, self->api_key);

      g_free (error->message);
      error->message = message;
    }
  details = error->domain == EASEL_PROVIDER_ERROR ? easel_provider_error_get_details (error)
                                                  : NULL;
  if (details != NULL && strstr (details, self->api_key) != NULL)
    {
      g_autofree char *scrubbed = replace_all (details, self->api_key);

      easel_provider_error_set_details (error, scrubbed);
    }
  return error;
}

/* ---- public API -------------------------------------------------------------------------- */

/**
 * easel_openai_provider_new:
 * @config: the provider's configuration (copied)
 * @base_url: (nullable): the API's base URL, like "https://api.openai.com/v1"; the config's
 *   first URL, then OpenAI's, when %NULL
 * @api_key: (nullable): the key, sent as a bearer token; optional for compatible servers
 *
 * Returns: (transfer full): a provider for one server.
 */
EaselProvider *
easel_openai_provider_new (const EaselProviderConfig *config,
                           const char                *base_url,
                           const char                *api_key)
{
  EaselOpenaiProvider *self;

  g_return_val_if_fail (config != NULL, NULL);

  if (base_url == NULL && config->urls != NULL && config->urls[0] != NULL)
    base_url = config->urls[0];
  if (base_url == NULL)
    base_url = easel_provider_config_get_default_url (EASEL_PROVIDER_KIND_OPENAI);

  self = g_object_new (EASEL_TYPE_OPENAI_PROVIDER,
                       "config", config,
                       "base-url", base_url,
                       NULL);
  if (api_key != NULL && *api_key != '\0')
    self->api_key = g_strdup (api_key);
  return EASEL_PROVIDER (self);
}

/* Whether this is a server other than OpenAI's own (options "compatible" decides). */
gboolean
easel_openai_provider_is_compatible (EaselOpenaiProvider *self)
{
  g_return_val_if_fail (EASEL_IS_OPENAI_PROVIDER (self), FALSE);

  return self->compatible;
}

/**
 * easel_openai_provider_get_rate_limits:
 *
 * Returns: %FALSE when the server never sent rate-limit headers.
 */
gboolean
easel_openai_provider_get_rate_limits (EaselOpenaiProvider   *self,
                                       EaselOpenaiRateLimits *limits)
{
  g_return_val_if_fail (EASEL_IS_OPENAI_PROVIDER (self), FALSE);
  g_return_val_if_fail (limits != NULL, FALSE);

  *limits = self->rate_limits;
  return self->rate_limits.observed_at != 0;
}

/**
 * easel_openai_provider_get_rate_limit_reset_ms:
 *
 * How long the engine should wait before the next request: 0 while the last answer left
 * requests and tokens, the remaining time until the exhausted budget resets otherwise, -1 when
 * the server never said.
 */
gint64
easel_openai_provider_get_rate_limit_reset_ms (EaselOpenaiProvider *self)
{
  const EaselOpenaiRateLimits *limits;
  gint64 wait = 0;
  gint64 elapsed;

  g_return_val_if_fail (EASEL_IS_OPENAI_PROVIDER (self), -1);

  limits = &self->rate_limits;
  if (limits->observed_at == 0)
    return -1;
  if (limits->remaining_requests == 0 && limits->reset_requests_ms > 0)
    wait = limits->reset_requests_ms;
  if (limits->remaining_tokens == 0 && limits->reset_tokens_ms > 0)
    wait = MAX (wait, limits->reset_tokens_ms);
  elapsed = (g_get_monotonic_time () - limits->observed_at) / 1000;
  return MAX (wait - elapsed, 0);
}

/* ---- check ------------------------------------------------------------------------------- */

static GError *
no_key_error (EaselOpenaiProvider *self)
{
  g_autofree char *env = easel_provider_config_env_key_name (self->config->name);

  return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_AUTH,
                      _("No API key for %s. Add one in Preferences, or set %s or "
                        "OPENAI_API_KEY."), self->what, env);
}

static char *
today_string (EaselOpenaiProvider *self)
{
  const char *today = easel_provider_config_get_option_string (self->config, "today");
  g_autoptr(GDateTime) now = NULL;

  if (easel_openai_date_is_valid (today))
    return g_strdup (today);
  now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static void
add_warning (EaselServerInfo *info,
             const char      *warning)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (info->warnings != NULL)
    g_strv_builder_addv (builder, (const char **) info->warnings);
  g_strv_builder_add (builder, warning);
  g_strfreev (info->warnings);
  info->warnings = g_strv_builder_end (builder);
}

/* §9: a compatible server may list no image models, or have no /models at all; the user then
 * types a model id.
 */
static EaselServerInfo *
compatible_fallback (EaselOpenaiProvider *self,
                     EaselServerInfo     *info,
                     const char          *why)
{
  g_autofree char *warning = NULL;

  if (info == NULL)
    info = easel_server_info_new ();
  if (info->models == NULL || info->models[0] == NULL)
    {
      g_strfreev (info->models);
      info->models = g_new0 (char *, 2);
      if (self->config->model != NULL && *self->config->model != '\0')
        info->models[0] = g_strdup (self->config->model);
    }
  warning = g_strdup_printf (_("%s; type a model id (the server’s name for it, e.g. "
                               "gpt-image-2) in the provider’s Model field"), why);
  add_warning (info, warning);
  return info;
}

static void
models_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselOpenaiProvider *self = g_task_get_source_object (task);
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(EaselServerInfo) info = NULL;
  g_autofree char *today = today_string (self);
  g_autofree char *summary = NULL;
  guint status;

  body = easel_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, easel_provider_error_from_transport (error, self->what));
      return;
    }
  _easel_openai_provider_note_response (self, message);
  status = soup_message_get_status (message);

  if (!easel_http_status_is_success (message))
    {
      g_autoptr(GError) status_error = _easel_openai_error_from_response (message, body,
                                                                          self->what, NULL);

      _easel_openai_provider_scrub (self, status_error);
      if (!self->compatible || status == 401 || status == 403)
        {
          g_task_return_error (task, g_steal_pointer (&status_error));
          return;
        }
      g_debug ("GET models failed with HTTP %u", status);
      info = compatible_fallback (self, NULL, _("This server has no model list"));
    }
  else if ((root = easel_http_parse_json (message, body, self->what, &error)) == NULL ||
           (info = easel_openai_models_parse (root, today, self->config->model, &error)) == NULL)
    {
      if (!self->compatible)
        {
          g_task_return_error (task, _easel_openai_provider_scrub (self, g_steal_pointer (&error)));
          return;
        }
      info = compatible_fallback (self, NULL, _("This server’s model list is unreadable"));
    }
  else if (info->models[0] == NULL)
    {
      if (self->compatible)
        info = compatible_fallback (self, g_steal_pointer (&info),
                                    _("This server lists no image models"));
      else
        add_warning (info, _("This key can use no image model; check the project’s model "
                             "permissions"));
    }

  g_free (info->version);
  info->version = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (message), "openai-version"));
  summary = g_strdup_printf ("%s at %s%s%s", self->what, self->base_url,
                             info->details != NULL ? ": " : "",
                             info->details != NULL ? info->details : "");
  g_free (info->details);
  info->details = g_steal_pointer (&summary);
  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) easel_server_info_free);
}

static void
easel_openai_provider_check_async (EaselProvider       *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  SoupMessage *message;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_openai_provider_check_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->api_key == NULL && !self->compatible)
    {
      g_task_return_error (task, no_key_error (self));
      return;
    }

  message = _easel_openai_provider_new_message (self, "GET", "/models");
  if (message == NULL)
    {
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                               _("“%s” is not a web address; check the provider’s base URL"),
                               self->base_url);
      return;
    }
  g_task_set_task_data (task, message, g_object_unref);
  g_debug ("GET models from %s", self->base_url);
  easel_http_send_async (self->check_session, message, MODELS_MAX_BODY, self->what, cancellable,
                         models_cb, g_steal_pointer (&task));
}

static EaselServerInfo *
easel_openai_provider_check_finish (EaselProvider  *provider,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- generate ---------------------------------------------------------------------------- */

typedef struct
{
  EaselMappedRequest *mapped;
  GPtrArray          *results;       /* per sub-request: GPtrArray of images, or NULL */
  int                 requests;
  int                 started;
  int                 finished;
  int                 images_done;
  int                 count;
  int                 parallel;
  GError             *error;
  GCancellable       *cancellable;   /* ours: the first failure cancels the other requests */
  GCancellable       *outer;
  gulong              outer_id;
  EaselProgressFunc   progress;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;
} GenerateOp;

static void
results_free (gpointer images)
{
  if (images != NULL)
    g_ptr_array_unref (images);
}

static void
generate_op_free (GenerateOp *op)
{
  if (op->outer_id != 0)
    g_cancellable_disconnect (op->outer, op->outer_id);
  g_clear_object (&op->outer);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->mapped, easel_mapped_request_free);
  g_clear_pointer (&op->results, g_ptr_array_unref);
  g_clear_error (&op->error);
  if (op->progress_destroy != NULL)
    op->progress_destroy (op->progress_data);
  g_free (op);
}

static void
report (GenerateOp *op,
        double      fraction,
        const char *text,
        GBytes     *preview,
        const char *mime)
{
  EaselProgress progress = { fraction, text, preview, mime };

  if (op->progress != NULL)
    op->progress (&progress, op->progress_data);
}

typedef struct
{
  GTask *task;   /* borrowed: the sub-request holds a reference */
  int    index;
} SubRequest;

static void
preview_cb (GBytes     *image,
            const char *mime_type,
            int         index,
            int         total,
            gpointer    user_data)
{
  SubRequest *sub = user_data;
  GenerateOp *op = g_task_get_task_data (sub->task);
  g_autofree char *text = NULL;
  double fraction;

  total = MAX (total, index + 1);
  fraction = (op->finished + (double) (index + 1) / (total + 1)) / op->requests;
  if (op->requests > 1)
    text = g_strdup_printf (_("Preview %d of %d (image %d of %d)"), index + 1, total,
                            sub->index + 1, op->requests);
  else
    text = g_strdup_printf (_("Preview %d of %d"), index + 1, total);
  report (op, CLAMP (fraction, 0.0, 0.99), text, image, mime_type);
}

static void start_next (GTask *task);

static void
sub_request_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SubRequest *sub = user_data;
  g_autoptr(GTask) task = sub->task;
  GenerateOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *images;

  images = _easel_openai_request_finish (EASEL_OPENAI_PROVIDER (object), result, &error);
  op->finished++;
  if (images == NULL)
    {
      /* Keep the first real failure, not the cancellations it caused. */
      if (op->error == NULL)
        op->error = g_steal_pointer (&error);
      g_cancellable_cancel (op->cancellable);
    }
  else
    {
      g_autofree char *text = NULL;

      op->images_done += (int) images->len;
      g_ptr_array_index (op->results, sub->index) = images;
      text = g_strdup_printf (_("Image %d of %d received"), op->images_done, op->count);
      report (op, (double) op->finished / op->requests, text, NULL, NULL);
    }
  g_free (sub);

  if (op->finished == op->requests)
    {
      g_autoptr(GPtrArray) all = NULL;

      if (op->error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&op->error));
          return;
        }
      all = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_generated_image_free);
      for (guint i = 0; i < op->results->len; i++)
        {
          GPtrArray *part = g_ptr_array_index (op->results, i);

          while (part->len > 0)
            g_ptr_array_add (all, g_ptr_array_steal_index (part, 0));
        }
      g_task_return_pointer (task, g_steal_pointer (&all), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (op->error == NULL)
    start_next (task);
}

static void
start_next (GTask *task)
{
  EaselOpenaiProvider *self = g_task_get_source_object (task);
  GenerateOp *op = g_task_get_task_data (task);

  while (op->started < op->requests && op->started - op->finished < op->parallel)
    {
      SubRequest *sub = g_new0 (SubRequest, 1);
      g_autoptr(JsonNode) body = easel_json_deep_copy (op->mapped->body);
      int per = op->mapped->images;
      int n = MIN (per, op->count - op->started * per);

      json_object_set_int_member (json_node_get_object (body), "n", n);
      sub->task = g_object_ref (task);
      sub->index = op->started++;
      _easel_openai_request_async (self, body, op->mapped, preview_cb, sub, op->cancellable,
                                   sub_request_cb, sub);
    }
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
easel_openai_provider_generate_async (EaselProvider              *provider,
                                      const EaselGenerateRequest *request,
                                      EaselProgressFunc           progress,
                                      gpointer                    progress_data,
                                      GDestroyNotify              progress_destroy,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  g_autoptr(EaselCapabilities) caps = NULL;
  GError *error = NULL;
  GenerateOp *op;
  const char *model;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_openai_provider_generate_async);
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (GenerateOp, 1);
  op->progress = progress;
  op->progress_data = progress_data;
  op->progress_destroy = progress_destroy;
  g_task_set_task_data (task, op, (GDestroyNotify) generate_op_free);

  if (self->api_key == NULL && !self->compatible)
    {
      g_task_return_error (task, no_key_error (self));
      return;
    }

  model = request->model != NULL ? request->model
        : request->setting != NULL && request->setting->model != NULL ? request->setting->model
        : self->config->model;
  caps = easel_provider_get_capabilities (provider, model);
  op->mapped = easel_openai_map_request (self->config, request, caps, &error);
  if (op->mapped == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The same count the mapping used. */
  op->count = request->count > 0 ? request->count
            : request->setting != NULL ? MAX (request->setting->count, 1) : 1;
  op->requests = (op->count + op->mapped->images - 1) / op->mapped->images;
  op->parallel = MIN (op->requests, easel_provider_config_get_concurrency (self->config));
  op->results = g_ptr_array_new_full (op->requests, results_free);
  g_ptr_array_set_size (op->results, op->requests);
  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->outer = g_object_ref (cancellable);
      op->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                            op->cancellable, NULL);
    }

  /* No progress report from inside this call: the caller may not be ready for one yet. */
  start_next (task);
}

static GPtrArray *
easel_openai_provider_generate_finish (EaselProvider  *provider,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static EaselCapabilities *
easel_openai_provider_get_capabilities (EaselProvider *provider,
                                        const char    *model)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (provider);
  EaselCapabilities *caps;

  caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI,
                                    model != NULL ? model : self->config->model);
  easel_openai_capabilities_apply_overrides (caps,
    easel_json_object_get_object (self->config->options, "capabilities"));
  return caps;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
easel_openai_provider_constructed (GObject *object)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (object);
  g_autoptr(GUri) uri = NULL;
  gboolean compatible;
  JsonNode *node;
  double timeout;
  double max_body;

  G_OBJECT_CLASS (easel_openai_provider_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = easel_provider_config_new ("OpenAI", EASEL_PROVIDER_KIND_OPENAI);
  if (self->base_url == NULL)
    self->base_url = g_strdup (easel_provider_config_get_default_url (EASEL_PROVIDER_KIND_OPENAI));
  while (g_str_has_suffix (self->base_url, "/") && strlen (self->base_url) > 1)
    self->base_url[strlen (self->base_url) - 1] = '\0';

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  compatible = uri == NULL || g_strcmp0 (g_uri_get_host (uri), "api.openai.com") != 0;
  node = json_object_get_member (self->config->options, "compatible");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    compatible = json_node_get_boolean (node);
  self->compatible = compatible;

  if (!compatible)
    self->what = g_strdup ("OpenAI");
  else if (uri != NULL && g_uri_get_port (uri) > 0)
    self->what = g_strdup_printf (_("OpenAI-compatible server %s:%d"),
                                  g_uri_get_host (uri), g_uri_get_port (uri));
  else
    self->what = g_strdup_printf (_("OpenAI-compatible server %s"),
                                  uri != NULL ? g_uri_get_host (uri) : self->base_url);

  /* §2: generation takes minutes; libsoup's 60 s default would abort it. */
  timeout = easel_provider_config_get_option_double (self->config, "timeout_s", 600);
  timeout = CLAMP (timeout, 1, 3600);
  self->session = easel_http_session_new ((guint) timeout);
  self->check_session = easel_http_session_new ((guint) MIN (timeout, CHECK_TIMEOUT_S));

  max_body = easel_provider_config_get_option_double (self->config, "max_body_bytes",
                                                      EASEL_OPENAI_DEFAULT_MAX_BODY);
  self->max_body = (gsize) CLAMP (max_body, 1024, 1024.0 * 1024 * 1024);
}

static void
easel_openai_provider_finalize (GObject *object)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (object);

  if (self->api_key != NULL)
    {
      /* Leave no copy of the key in freed memory. */
      memset (self->api_key, 0, strlen (self->api_key));
      g_free (self->api_key);
    }
  g_clear_pointer (&self->config, easel_provider_config_free);
  g_free (self->base_url);
  g_free (self->what);
  g_clear_object (&self->session);
  g_clear_object (&self->check_session);

  G_OBJECT_CLASS (easel_openai_provider_parent_class)->finalize (object);
}

static void
easel_openai_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (object);

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
easel_openai_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EaselOpenaiProvider *self = EASEL_OPENAI_PROVIDER (object);

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
easel_openai_provider_class_init (EaselOpenaiProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = easel_openai_provider_constructed;
  object_class->finalize = easel_openai_provider_finalize;
  object_class->get_property = easel_openai_provider_get_property;
  object_class->set_property = easel_openai_provider_set_property;

  g_object_class_override_property (object_class, PROP_CONFIG, "config");
  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
}

static void
easel_openai_provider_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = easel_openai_provider_generate_async;
  iface->generate_finish = easel_openai_provider_generate_finish;
  iface->check_async = easel_openai_provider_check_async;
  iface->check_finish = easel_openai_provider_check_finish;
  iface->get_capabilities = easel_openai_provider_get_capabilities;
}

static void
easel_openai_provider_init (EaselOpenaiProvider *self)
{
  self->rate_limits.limit_requests = -1;
  self->rate_limits.remaining_requests = -1;
  self->rate_limits.reset_requests_ms = -1;
  self->rate_limits.limit_tokens = -1;
  self->rate_limits.remaining_tokens = -1;
  self->rate_limits.reset_tokens_ms = -1;
}
