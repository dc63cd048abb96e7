/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-example-item"

#include "config.h"

#include "easel-example-item.h"
#include "easel-prompt-example.h"

/**
 * EaselExampleItem:
 *
 * A saved prompt example in the library sidebar: a read-only copy of the stored example, with
 * properties for its row (name, prompt, providers, tags).
 */
struct _EaselExampleItem
{
  GObject             parent_instance;

  EaselPromptExample *example;
};

G_DEFINE_FINAL_TYPE (EaselExampleItem, easel_example_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PROMPT,
  PROP_PROVIDERS,
  PROP_TAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselExampleItem *
easel_example_item_new (const EaselPromptExample *example)
{
  EaselExampleItem *self;

  g_return_val_if_fail (example != NULL, NULL);

  self = g_object_new (EASEL_TYPE_EXAMPLE_ITEM, NULL);
  self->example = easel_prompt_example_copy (example);
  return self;
}

const EaselPromptExample *
easel_example_item_get_example (EaselExampleItem *self)
{
  g_return_val_if_fail (EASEL_IS_EXAMPLE_ITEM (self), NULL);
  return self->example;
}

gint64
easel_example_item_get_id (EaselExampleItem *self)
{
  g_return_val_if_fail (EASEL_IS_EXAMPLE_ITEM (self), 0);
  return self->example->id;
}

const char *
easel_example_item_get_name (EaselExampleItem *self)
{
  g_return_val_if_fail (EASEL_IS_EXAMPLE_ITEM (self), NULL);
  return self->example->name;
}

static void
easel_example_item_finalize (GObject *object)
{
  EaselExampleItem *self = EASEL_EXAMPLE_ITEM (object);

  g_clear_pointer (&self->example, easel_prompt_example_free);

  G_OBJECT_CLASS (easel_example_item_parent_class)->finalize (object);
}

static void
easel_example_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EaselExampleItem *self = EASEL_EXAMPLE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->example->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->example->name);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->example->prompt);
      break;

    case PROP_PROVIDERS:
      g_value_set_boxed (value, self->example->providers);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->example->tags);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_example_item_class_init (EaselExampleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = easel_example_item_finalize;
  object_class->get_property = easel_example_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, NULL, ro);
  properties[PROP_PROVIDERS] = g_param_spec_boxed ("providers", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_example_item_init (EaselExampleItem *self)
{
}
