/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselProviderConfig:
 * @id: a UUID; the key of the provider's row and of its libsecret item
 * @name: unique, chosen by the user ("Studio GPU", "OpenAI")
 * @kind: the protocol
 * @urls: one or more base URLs; several servers share the provider's load
 * @model: (nullable): the default model or checkpoint
 * @headers: (nullable): extra HTTP headers as "Name: value", sent on every request and on the
 *   websocket handshake (reverse-proxy auth). Sensitive values are kept in libsecret by the
 *   engine, never in the database.
 * @concurrency: jobs in flight at once, 0 = the kind's default
 * @enabled: whether runs may use it
 * @workflow: (nullable): ComfyUI only: an API-format workflow; %NULL = Easel's txt2img graph
 * @workflow_mapping: (nullable): ComfyUI only: `{"width": ["5", "width"], …}`
 * @client_id: (nullable): ComfyUI only: the stable websocket clientId
 * @options: kind-specific options (timeouts, prices, quality), never %NULL
 *
 * A configured provider. It holds no secret: the API key lives in libsecret.
 */
struct _EaselProviderConfig
{
  char              *id;
  char              *name;
  EaselProviderKind  kind;
  GStrv              urls;
  char              *model;
  GStrv              headers;
  int                concurrency;
  gboolean           enabled;
  char              *workflow;
  char              *workflow_mapping;
  char              *client_id;
  JsonObject        *options;
};

#define EASEL_TYPE_PROVIDER_CONFIG (easel_provider_config_get_type ())
GType                easel_provider_config_get_type   (void) G_GNUC_CONST;
EaselProviderConfig *easel_provider_config_new        (const char                *name,
                                                       EaselProviderKind          kind);
EaselProviderConfig *easel_provider_config_copy       (const EaselProviderConfig *self);
void                 easel_provider_config_free       (EaselProviderConfig       *self);
int                  easel_provider_config_get_concurrency (const EaselProviderConfig *self);
const char          *easel_provider_config_get_default_url (EaselProviderKind         kind);
gboolean             easel_provider_config_validate   (const EaselProviderConfig *self,
                                                       GError                   **error);
char                *easel_provider_config_env_key_name (const char               *provider_name);
gboolean             easel_provider_config_parse_header (const char               *line,
                                                        char                    **name,
                                                        char                    **value);
gboolean             easel_provider_config_header_is_secret (const char           *name);
double               easel_provider_config_get_option_double (const EaselProviderConfig *self,
                                                             const char                *key,
                                                             double                     fallback);
const char          *easel_provider_config_get_option_string (const EaselProviderConfig *self,
                                                             const char                *key);
JsonNode            *easel_provider_config_to_json    (const EaselProviderConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselProviderConfig, easel_provider_config_free)

G_END_DECLS
