/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-a1111"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-a1111-private.h"
#include "easel-error.h"
#include "easel-json.h"

/* The client of one AUTOMATIC1111-compatible server (protocols/a1111.md Part I): the class,
 * its options and requests. The job machinery is in easel-a1111-generate.c, `check` in
 * easel-a1111-check.c, the answers' parsers in easel-a1111-response.c.
 */

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

double
_easel_a1111_option (EaselA1111Provider *self,
                     const char         *key,
                     double              fallback)
{
  return easel_provider_config_get_option_double (self->config, key, fallback);
}

gboolean
_easel_a1111_option_enabled (EaselA1111Provider *self,
                             const char         *key,
                             gboolean            fallback)
{
  JsonNode *node = json_object_get_member (self->config->options, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return _easel_a1111_option (self, key, fallback ? 1 : 0) != 0;
}

gsize
_easel_a1111_max_body (EaselA1111Provider *self)
{
  double value = _easel_a1111_option (self, "max_body_bytes", 0);

  return value > 0 ? (gsize) value : EASEL_HTTP_DEFAULT_MAX_BODY;
}

int
_easel_a1111_max_dimension (EaselA1111Provider *self)
{
  double value = _easel_a1111_option (self, "max_image_dimension", 0);

  return value > 0 ? (int) MIN (value, EASEL_IMAGE_MAX_DIMENSION) : EASEL_IMAGE_MAX_DIMENSION;
}

GError *
_easel_a1111_invalid_url_error (EaselA1111Provider *self)
{
  return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                      _("The address of %s, “%s”, is not an http:// or https:// URL. Write it "
                        "like http://127.0.0.1:7860 in Preferences."),
                      self->what, self->base_url);
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

static void
easel_a1111_provider_iface_init (EaselProviderInterface *iface)
{
  iface->generate_async = _easel_a1111_generate_async;
  iface->generate_finish = _easel_a1111_generate_finish;
  iface->check_async = _easel_a1111_check_async;
  iface->check_finish = _easel_a1111_check_finish;
}

static void
easel_a1111_provider_constructed (GObject *object)
{
  EaselA1111Provider *self = EASEL_A1111_PROVIDER (object);
  g_autoptr(GUri) uri = NULL;
  const char *name;
  double timeout;

  G_OBJECT_CLASS (easel_a1111_provider_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = easel_provider_config_new ("A1111", EASEL_PROVIDER_KIND_A1111);
  if (self->base_url == NULL)
    self->base_url = g_strdup (easel_provider_config_get_default_url (EASEL_PROVIDER_KIND_A1111));

  name = self->config->name != NULL && *self->config->name != '\0' ? self->config->name
                                                                    : "A1111 server";
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      /* A typo such as "localhost:7860" must not reach some other server: every request
       * fails and says why.
       */
      self->invalid_url = TRUE;
      self->what = g_strdup (name);
    }
  else if (g_uri_get_port (uri) > 0)
    self->what = g_strdup_printf ("%s at %s:%d", name, g_uri_get_host (uri),
                                  g_uri_get_port (uri));
  else
    self->what = g_strdup_printf ("%s at %s", name, g_uri_get_host (uri));

  timeout = _easel_a1111_option (self, "timeout_s", 30);
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
