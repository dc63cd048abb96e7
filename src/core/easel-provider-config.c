/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-generation.h"
#include "easel-json.h"
#include "easel-provider-config.h"

G_DEFINE_BOXED_TYPE (EaselProviderConfig, easel_provider_config,
                     easel_provider_config_copy, easel_provider_config_free)

EaselProviderConfig *
easel_provider_config_new (const char        *name,
                           EaselProviderKind  kind)
{
  EaselProviderConfig *self = g_new0 (EaselProviderConfig, 1);

  self->id = easel_uuid_new ();
  self->name = g_strdup (name);
  self->kind = kind;
  self->enabled = TRUE;
  self->options = json_object_new ();
  if (kind == EASEL_PROVIDER_KIND_COMFYUI)
    self->client_id = easel_uuid_new ();
  return self;
}

EaselProviderConfig *
easel_provider_config_copy (const EaselProviderConfig *self)
{
  EaselProviderConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselProviderConfig, 1);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->urls = g_strdupv (self->urls);
  copy->model = g_strdup (self->model);
  copy->headers = g_strdupv (self->headers);
  copy->concurrency = self->concurrency;
  copy->enabled = self->enabled;
  copy->workflow = g_strdup (self->workflow);
  copy->workflow_mapping = g_strdup (self->workflow_mapping);
  copy->client_id = g_strdup (self->client_id);
  copy->options = easel_json_object_deep_copy (self->options);
  return copy;
}

void
easel_provider_config_free (EaselProviderConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_strfreev (self->urls);
  g_free (self->model);
  g_strfreev (self->headers);
  g_free (self->workflow);
  g_free (self->workflow_mapping);
  g_free (self->client_id);
  g_clear_pointer (&self->options, json_object_unref);
  g_free (self);
}

/* A ComfyUI server runs one prompt at a time, so one running plus one queued there is enough;
 * an A1111 server serialises requests itself; hosted APIs take a few in parallel.
 */
int
easel_provider_config_get_concurrency (const EaselProviderConfig *self)
{
  g_return_val_if_fail (self != NULL, 1);

  if (self->concurrency > 0)
    return self->concurrency;

  switch (self->kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:   return 2;
    case EASEL_PROVIDER_KIND_A1111:     return 1;
    case EASEL_PROVIDER_KIND_OPENAI:    return 4;
    case EASEL_PROVIDER_KIND_STABILITY: return 2;
    case EASEL_PROVIDER_KIND_INVALID:
    default:                            return 1;
    }
}

const char *
easel_provider_config_get_default_url (EaselProviderKind kind)
{
  switch (kind)
    {
    case EASEL_PROVIDER_KIND_COMFYUI:   return "http://127.0.0.1:8188";
    case EASEL_PROVIDER_KIND_A1111:     return "http://127.0.0.1:7860";
    case EASEL_PROVIDER_KIND_OPENAI:    return "https://api.openai.com/v1";
    case EASEL_PROVIDER_KIND_STABILITY: return "https://api.stability.ai";
    case EASEL_PROVIDER_KIND_INVALID:
    default:                            return NULL;
    }
}

gboolean
easel_provider_config_parse_header (const char  *line,
                                    char       **name,
                                    char       **value)
{
  const char *colon;
  g_autofree char *n = NULL;

  if (line == NULL || (colon = strchr (line, ':')) == NULL)
    return FALSE;

  n = g_strstrip (g_strndup (line, colon - line));
  if (*n == '\0')
    return FALSE;
  for (const char *p = n; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;

  if (name != NULL)
    *name = g_steal_pointer (&n);
  if (value != NULL)
    *value = g_strstrip (g_strdup (colon + 1));
  return TRUE;
}

/* Header values that are credentials go to libsecret, never to the database or a log. */
gboolean
easel_provider_config_header_is_secret (const char *name)
{
  static const char * const words[] = {
    "authorization", "cookie", "token", "secret", "key", "auth", "password", NULL
  };
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
name_is_blank (const char *name)
{
  if (name == NULL)
    return TRUE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
easel_provider_config_validate (const EaselProviderConfig  *self,
                                GError                    **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (name_is_blank (self->name))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A provider needs a name"));
      return FALSE;
    }
  if (easel_provider_kind_to_string (self->kind) == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Unknown provider kind; use comfyui, a1111, openai or stability"));
      return FALSE;
    }
  for (guint i = 0; self->urls != NULL && self->urls[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (self->urls[i], G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
          (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“%s” is not a web address; write it like http://127.0.0.1:8188"),
                       self->urls[i]);
          return FALSE;
        }
    }
  for (guint i = 0; self->headers != NULL && self->headers[i] != NULL; i++)
    if (!easel_provider_config_parse_header (self->headers[i], NULL, NULL))
      {
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                     _("“%s” is not an HTTP header; write it like “Name: value”"),
                     self->headers[i]);
        return FALSE;
      }
  if (self->concurrency < 0 || self->concurrency > 64)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Concurrency must be between 1 and 64"));
      return FALSE;
    }
  return TRUE;
}

/* EASEL_API_KEY_<NAME>: the provider name upper-cased, every other character an underscore. */
char *
easel_provider_config_env_key_name (const char *provider_name)
{
  GString *str = g_string_new ("EASEL_API_KEY_");

  for (const char *p = provider_name; p != NULL && *p != '\0'; p++)
    g_string_append_c (str, g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_');
  return g_string_free (str, FALSE);
}

double
easel_provider_config_get_option_double (const EaselProviderConfig *self,
                                         const char                *key,
                                         double                     fallback)
{
  double value;

  if (self == NULL || !easel_json_object_get_number (self->options, key, &value))
    return fallback;
  return value;
}

const char *
easel_provider_config_get_option_string (const EaselProviderConfig *self,
                                         const char                *key)
{
  if (self == NULL)
    return NULL;
  return easel_json_object_get_string (self->options, key);
}

/* The public description of a provider: what `providers list --json` and the API print. No
 * secret is in it (sensitive header values are masked).
 */
JsonNode *
easel_provider_config_to_json (const EaselProviderConfig *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, easel_provider_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "urls");
  json_builder_begin_array (builder);
  for (guint i = 0; self->urls != NULL && self->urls[i] != NULL; i++)
    json_builder_add_string_value (builder, self->urls[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "model");
  if (self->model != NULL)
    json_builder_add_string_value (builder, self->model);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; self->headers != NULL && self->headers[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!easel_provider_config_parse_header (self->headers[i], &name, &value))
        continue;
      if (easel_provider_config_header_is_secret (name))
        {
          g_autofree char *masked = g_strdup_printf ("%s: ********", name);
          json_builder_add_string_value (builder, masked);
        }
      else
        json_builder_add_string_value (builder, self->headers[i]);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "concurrency");
  json_builder_add_int_value (builder, easel_provider_config_get_concurrency (self));
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, self->enabled);
  json_builder_set_member_name (builder, "custom_workflow");
  json_builder_add_boolean_value (builder, self->workflow != NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
