/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-preset-item"

#include "config.h"

#include "easel-preset-item.h"
#include "easel-style.h"

/**
 * EaselPresetItem:
 *
 * A style or a format, as the prompt area's pickers and the preferences list them: a name and
 * a one-line description (the template, or the size).
 */
struct _EaselPresetItem
{
  GObject      parent_instance;

  EaselStyle  *style;
  EaselFormat *format;
};

G_DEFINE_FINAL_TYPE (EaselPresetItem, easel_preset_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselPresetItem *
easel_preset_item_new_style (const EaselStyle *style)
{
  EaselPresetItem *self = g_object_new (EASEL_TYPE_PRESET_ITEM, NULL);

  self->style = easel_style_copy (style);
  return self;
}

EaselPresetItem *
easel_preset_item_new_format (const EaselFormat *format)
{
  EaselPresetItem *self = g_object_new (EASEL_TYPE_PRESET_ITEM, NULL);

  self->format = easel_format_copy (format);
  return self;
}

/**
 * easel_preset_item_get_style:
 *
 * Returns: (nullable): the style, when the item is one
 */
const EaselStyle *
easel_preset_item_get_style (EaselPresetItem *self)
{
  g_return_val_if_fail (EASEL_IS_PRESET_ITEM (self), NULL);
  return self->style;
}

/**
 * easel_preset_item_get_format:
 *
 * Returns: (nullable): the format, when the item is one
 */
const EaselFormat *
easel_preset_item_get_format (EaselPresetItem *self)
{
  g_return_val_if_fail (EASEL_IS_PRESET_ITEM (self), NULL);
  return self->format;
}

const char *
easel_preset_item_get_name (EaselPresetItem *self)
{
  g_return_val_if_fail (EASEL_IS_PRESET_ITEM (self), NULL);
  return self->style != NULL ? self->style->name : self->format->name;
}

static void
easel_preset_item_finalize (GObject *object)
{
  EaselPresetItem *self = EASEL_PRESET_ITEM (object);

  g_clear_pointer (&self->style, easel_style_free);
  g_clear_pointer (&self->format, easel_format_free);

  G_OBJECT_CLASS (easel_preset_item_parent_class)->finalize (object);
}

static void
easel_preset_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselPresetItem *self = EASEL_PRESET_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, easel_preset_item_get_name (self));
      break;

    case PROP_DESCRIPTION:
      if (self->style != NULL)
        g_value_set_string (value, self->style->template);
      else
        g_value_take_string (value, g_strdup_printf ("%d × %d", self->format->width,
                                                     self->format->height));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_preset_item_class_init (EaselPresetItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = easel_preset_item_finalize;
  object_class->get_property = easel_preset_item_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_preset_item_init (EaselPresetItem *self)
{
}
