/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-provider-item"

#include "config.h"

#include "easel-capabilities.h"
#include "easel-generation.h"
#include "easel-provider-config.h"
#include "easel-provider-item.h"

/**
 * EaselProviderItem:
 *
 * A configured provider in the window's list models: its configuration (no secret), whether it
 * is chosen for the next run, and what its server said when checked (models, samplers).
 */
struct _EaselProviderItem
{
  GObject              parent_instance;

  EaselProviderConfig *config;
  EaselServerInfo     *info;
  gboolean             selected;
};

G_DEFINE_FINAL_TYPE (EaselProviderItem, easel_provider_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND_LABEL,
  PROP_MODEL,
  PROP_DESCRIPTION,
  PROP_SELECTED,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselProviderItem *
easel_provider_item_new (const EaselProviderConfig *config)
{
  EaselProviderItem *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (EASEL_TYPE_PROVIDER_ITEM, NULL);
  self->config = easel_provider_config_copy (config);
  return self;
}

const EaselProviderConfig *
easel_provider_item_get_config (EaselProviderItem *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), NULL);
  return self->config;
}

/**
 * easel_provider_item_set_config:
 *
 * Replaces the configuration (after an edit), notifying what changed.
 */
void
easel_provider_item_set_config (EaselProviderItem         *self,
                                const EaselProviderConfig *config)
{
  EaselProviderConfig *old;

  g_return_if_fail (EASEL_IS_PROVIDER_ITEM (self));
  g_return_if_fail (config != NULL);

  old = self->config;
  self->config = easel_provider_config_copy (config);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->name, config->name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (old->kind != config->kind)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_LABEL]);
  if (g_strcmp0 (old->model, config->model) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (old->enabled != config->enabled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  g_object_thaw_notify (G_OBJECT (self));

  easel_provider_config_free (old);
}

const char *
easel_provider_item_get_name (EaselProviderItem *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), NULL);
  return self->config->name;
}

/**
 * easel_provider_item_get_model:
 *
 * Returns: (nullable): the provider's default model, or %NULL
 */
const char *
easel_provider_item_get_model (EaselProviderItem *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), NULL);
  return self->config->model;
}

gboolean
easel_provider_item_get_selected (EaselProviderItem *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), FALSE);
  return self->selected;
}

void
easel_provider_item_set_selected (EaselProviderItem *self,
                                  gboolean           selected)
{
  g_return_if_fail (EASEL_IS_PROVIDER_ITEM (self));

  selected = !!selected;
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * easel_provider_item_get_info:
 *
 * Returns: (nullable): what the server said when last checked
 */
const EaselServerInfo *
easel_provider_item_get_info (EaselProviderItem *self)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), NULL);
  return self->info;
}

void
easel_provider_item_set_info (EaselProviderItem     *self,
                              const EaselServerInfo *info)
{
  g_return_if_fail (EASEL_IS_PROVIDER_ITEM (self));

  g_clear_pointer (&self->info, easel_server_info_free);
  if (info != NULL)
    self->info = easel_server_info_copy (info);
}

/**
 * easel_provider_item_dup_capabilities:
 * @model: (nullable): the model the run asks for; %NULL for the provider's default
 *
 * Returns: (transfer full): what this provider can do with @model
 */
EaselCapabilities *
easel_provider_item_dup_capabilities (EaselProviderItem *self,
                                      const char        *model)
{
  g_return_val_if_fail (EASEL_IS_PROVIDER_ITEM (self), NULL);

  return easel_capabilities_lookup (self->config->kind,
                                    model != NULL ? model : self->config->model);
}

static char *
dup_description (EaselProviderItem *self)
{
  const char *kind = easel_provider_kind_get_label (self->config->kind);

  if (self->config->model != NULL && *self->config->model != '\0')
    return g_strdup_printf ("%s · %s", kind, self->config->model);
  return g_strdup (kind);
}

static void
easel_provider_item_finalize (GObject *object)
{
  EaselProviderItem *self = EASEL_PROVIDER_ITEM (object);

  g_clear_pointer (&self->config, easel_provider_config_free);
  g_clear_pointer (&self->info, easel_server_info_free);

  G_OBJECT_CLASS (easel_provider_item_parent_class)->finalize (object);
}

static void
easel_provider_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EaselProviderItem *self = EASEL_PROVIDER_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->config->name);
      break;

    case PROP_KIND_LABEL:
      g_value_set_string (value, easel_provider_kind_get_label (self->config->kind));
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->config->model);
      break;

    case PROP_DESCRIPTION:
      g_value_take_string (value, dup_description (self));
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->config->enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_provider_item_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EaselProviderItem *self = EASEL_PROVIDER_ITEM (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      easel_provider_item_set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_provider_item_class_init (EaselProviderItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = easel_provider_item_finalize;
  object_class->get_property = easel_provider_item_get_property;
  object_class->set_property = easel_provider_item_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND_LABEL] =
    g_param_spec_string ("kind-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * EaselProviderItem:description:
   *
   * The kind and the default model, as a picker row's subtitle ("ComfyUI · sdxl_base").
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_provider_item_init (EaselProviderItem *self)
{
}
