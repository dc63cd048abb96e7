/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-provider"

#include "config.h"

#include "easel-provider.h"

G_DEFINE_INTERFACE (EaselProvider, easel_provider, G_TYPE_OBJECT)

static EaselCapabilities *
easel_provider_real_get_capabilities (EaselProvider *self,
                                      const char    *model)
{
  const EaselProviderConfig *config = easel_provider_get_config (self);

  return easel_capabilities_lookup (config->kind, model != NULL ? model : config->model);
}

static int
easel_provider_real_get_queue_remaining (EaselProvider *self)
{
  return -1;
}

static void
easel_provider_default_init (EaselProviderInterface *iface)
{
  iface->get_capabilities = easel_provider_real_get_capabilities;
  iface->get_queue_remaining = easel_provider_real_get_queue_remaining;

  /**
   * EaselProvider:config:
   *
   * The provider's configuration (a copy; no secret in it).
   */
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("config", NULL, NULL, EASEL_TYPE_PROVIDER_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * EaselProvider:base-url:
   *
   * The one server this instance talks to.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
}

void
easel_provider_generate_async (EaselProvider              *self,
                               const EaselGenerateRequest *request,
                               EaselProgressFunc           progress,
                               gpointer                    progress_data,
                               GDestroyNotify              progress_destroy,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_return_if_fail (EASEL_IS_PROVIDER (self));
  g_return_if_fail (request != NULL);

  EASEL_PROVIDER_GET_IFACE (self)->generate_async (self, request, progress, progress_data,
                                                   progress_destroy, cancellable, callback,
                                                   user_data);
}

GPtrArray *
easel_provider_generate_finish (EaselProvider  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER (self), NULL);

  return EASEL_PROVIDER_GET_IFACE (self)->generate_finish (self, result, error);
}

void
easel_provider_check_async (EaselProvider       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (EASEL_IS_PROVIDER (self));

  EASEL_PROVIDER_GET_IFACE (self)->check_async (self, cancellable, callback, user_data);
}

EaselServerInfo *
easel_provider_check_finish (EaselProvider  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER (self), NULL);

  return EASEL_PROVIDER_GET_IFACE (self)->check_finish (self, result, error);
}

/**
 * easel_provider_get_capabilities:
 * @model: (nullable): a model id, or %NULL for the provider's default model
 *
 * Returns: (transfer full): what @model can do here.
 */
EaselCapabilities *
easel_provider_get_capabilities (EaselProvider *self,
                                 const char    *model)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER (self), NULL);

  return EASEL_PROVIDER_GET_IFACE (self)->get_capabilities (self, model);
}

int
easel_provider_get_queue_remaining (EaselProvider *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER (self), -1);

  return EASEL_PROVIDER_GET_IFACE (self)->get_queue_remaining (self);
}

/* The config and URL are construct-only, so the object keeps them alive: the qdata cache lets
 * callers borrow them without every implementation writing the same getter.
 */
const EaselProviderConfig *
easel_provider_get_config (EaselProvider *self)
{
  EaselProviderConfig *config;

  g_return_val_if_fail (EASEL_IS_PROVIDER (self), NULL);

  config = g_object_get_data (G_OBJECT (self), "easel-provider-config");
  if (config == NULL)
    {
      g_object_get (self, "config", &config, NULL);
      g_object_set_data_full (G_OBJECT (self), "easel-provider-config", config,
                              (GDestroyNotify) easel_provider_config_free);
    }
  return config;
}

const char *
easel_provider_get_base_url (EaselProvider *self)
{
  char *url;

  g_return_val_if_fail (EASEL_IS_PROVIDER (self), NULL);

  url = g_object_get_data (G_OBJECT (self), "easel-provider-base-url");
  if (url == NULL)
    {
      g_object_get (self, "base-url", &url, NULL);
      g_object_set_data_full (G_OBJECT (self), "easel-provider-base-url", url, g_free);
    }
  return url;
}
