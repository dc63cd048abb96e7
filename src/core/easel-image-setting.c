/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"

G_DEFINE_BOXED_TYPE (EaselImageSetting, easel_image_setting,
                     easel_image_setting_copy, easel_image_setting_free)

EaselImageSetting *
easel_image_setting_new (void)
{
  EaselImageSetting *self = g_new0 (EaselImageSetting, 1);

  self->extra_settings = json_object_new ();
  return self;
}


EaselImageSetting *
easel_image_setting_copy (const EaselImageSetting *self)
{
  EaselImageSetting *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselImageSetting, 1);
  *copy = *self;
  copy->sampler = g_strdup (self->sampler);
  copy->scheduler = g_strdup (self->scheduler);
  copy->model = g_strdup (self->model);
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->source_text = g_strdup (self->source_text);
  copy->extra_settings = self->extra_settings != NULL
                         ? easel_json_object_deep_copy (self->extra_settings)
                                                      : json_object_new ();
  return copy;
}

void
easel_image_setting_free (EaselImageSetting *self)
{
  if (self == NULL)
    return;

  g_free (self->sampler);
  g_free (self->scheduler);
  g_free (self->model);
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->source_text);
  g_clear_pointer (&self->extra_settings, json_object_unref);
  g_free (self);
}

void
easel_image_setting_set_string (char       **field,
                                const char  *value)
{
  char *old = *field;

  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
  g_free (old);
}

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b)
{
  g_autoptr(JsonNode) na = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) nb = json_node_new (JSON_NODE_OBJECT);

  if (a == NULL || b == NULL)
    return a == b || (a == NULL ? json_object_get_size (b) == 0 : json_object_get_size (a) == 0);

  json_node_set_object (na, a);
  json_node_set_object (nb, b);
  return json_node_equal (na, nb);
}

/* Compares the structured fields and the extra settings; the source text is not a setting. */
gboolean
easel_image_setting_equal (const EaselImageSetting *a,
                           const EaselImageSetting *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->width == b->width &&
         a->height == b->height &&
         a->steps == b->steps &&
         a->has_guidance == b->has_guidance &&
         (!a->has_guidance || fabs (a->guidance_scale - b->guidance_scale) < 1e-9) &&
         a->has_seed == b->has_seed &&
         (!a->has_seed || a->seed == b->seed) &&
         g_strcmp0 (a->sampler, b->sampler) == 0 &&
         g_strcmp0 (a->scheduler, b->scheduler) == 0 &&
         g_strcmp0 (a->model, b->model) == 0 &&
         g_strcmp0 (a->prompt, b->prompt) == 0 &&
         g_strcmp0 (a->negative_prompt, b->negative_prompt) == 0 &&
         a->count == b->count &&
         objects_equal (a->extra_settings, b->extra_settings);
}

gboolean
easel_image_setting_is_empty (const EaselImageSetting *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->width == 0 && self->height == 0 && self->steps == 0 && !self->has_guidance &&
         !self->has_seed && self->sampler == NULL && self->scheduler == NULL &&
         self->model == NULL && self->negative_prompt == NULL && self->count == 0 &&
         (self->extra_settings == NULL || json_object_get_size (self->extra_settings) == 0);
}

/* Copies every field that @over sets onto @self: how command-line flags or a form refine the
 * settings of a prompt example. Extra settings are merged key by key.
 */
void
easel_image_setting_overlay (EaselImageSetting       *self,
                             const EaselImageSetting *over)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (over != NULL);

  if (over->width > 0)
    self->width = over->width;
  if (over->height > 0)
    self->height = over->height;
  if (over->steps > 0)
    self->steps = over->steps;
  if (over->has_guidance)
    {
      self->has_guidance = TRUE;
      self->guidance_scale = over->guidance_scale;
    }
  if (over->has_seed)
    {
      self->has_seed = TRUE;
      self->seed = over->seed;
    }
  if (over->sampler != NULL)
    easel_image_setting_set_string (&self->sampler, over->sampler);
  if (over->scheduler != NULL)
    easel_image_setting_set_string (&self->scheduler, over->scheduler);
  if (over->model != NULL)
    easel_image_setting_set_string (&self->model, over->model);
  if (over->prompt != NULL)
    easel_image_setting_set_string (&self->prompt, over->prompt);
  if (over->negative_prompt != NULL)
    easel_image_setting_set_string (&self->negative_prompt, over->negative_prompt);
  if (over->count > 0)
    self->count = over->count;
  if (over->extra_settings != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, over->extra_settings);
      while (json_object_iter_next (&iter, &key, &value))
        json_object_set_member (self->extra_settings, key, json_node_copy (value));
    }
}

/**
 * easel_image_setting_to_json:
 * @with_prompts: also write `prompt` and `negative_prompt`
 *
 * Returns: (transfer full): an object with every structured field (null when unset) and
 * `extra_settings`. This is the form `easel settings parse` prints and the API accepts.
 */
JsonNode *
easel_image_setting_to_json (const EaselImageSetting *self,
                             gboolean                 with_prompts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *extra = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (self != NULL, NULL);

#define ADD_INT(name, value, set) \
  json_builder_set_member_name (builder, name); \
  if (set) json_builder_add_int_value (builder, value); else json_builder_add_null_value (builder);
#define ADD_STR(name, value) \
  json_builder_set_member_name (builder, name); \
  if (value) json_builder_add_string_value (builder, value); \
  else json_builder_add_null_value (builder);

  json_builder_begin_object (builder);
  ADD_INT ("width", self->width, self->width > 0);
  ADD_INT ("height", self->height, self->height > 0);
  ADD_INT ("steps", self->steps, self->steps > 0);
  json_builder_set_member_name (builder, "guidance_scale");
  if (self->has_guidance)
    json_builder_add_double_value (builder, self->guidance_scale);
  else
    json_builder_add_null_value (builder);
  ADD_STR ("sampler", self->sampler);
  ADD_STR ("scheduler", self->scheduler);
  ADD_INT ("seed", self->seed, self->has_seed);
  ADD_STR ("model", self->model);
  if (self->count > 0)
    {
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, self->count);
    }
  if (with_prompts)
    {
      ADD_STR ("prompt", self->prompt);
    }
  ADD_STR ("negative_prompt", self->negative_prompt);
  json_builder_set_member_name (builder, "extra_settings");
  json_node_take_object (extra, easel_json_object_deep_copy (self->extra_settings));
  json_builder_add_value (builder, g_steal_pointer (&extra));
  json_builder_end_object (builder);

#undef ADD_INT
#undef ADD_STR

  return json_builder_get_root (builder);
}

char *
easel_image_setting_to_json_string (const EaselImageSetting *self,
                                    gboolean                 with_prompts)
{
  g_autoptr(JsonNode) node = easel_image_setting_to_json (self, with_prompts);

  return json_to_string (node, FALSE);
}

char *
easel_image_setting_dup_extra_json (const EaselImageSetting *self)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (self != NULL, NULL);

  if (self->extra_settings == NULL)
    return g_strdup ("{}");
  json_node_set_object (node, self->extra_settings);
  return json_to_string (node, FALSE);
}

gboolean
easel_image_setting_set_extra_json (EaselImageSetting  *self,
                                    const char         *json,
                                    GError            **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (json == NULL || *json == '\0')
    {
      g_clear_pointer (&self->extra_settings, json_object_unref);
      self->extra_settings = json_object_new ();
      return TRUE;
    }

  node = json_from_string (json, &local_error);
  if (node == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Extra settings are not valid JSON: %s"), local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Extra settings must be a JSON object, like {\"clip_skip\": 2}"));
      return FALSE;
    }

  g_clear_pointer (&self->extra_settings, json_object_unref);
  self->extra_settings = json_object_ref (json_node_get_object (node));
  return TRUE;
}

static gboolean
read_int_member (JsonObject  *object,
                 const char  *name,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 gboolean    *present,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a number"), name);
      return FALSE;
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d != floor (d) || d < (double) min || d > (double) max)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“%s” must be a whole number between %" G_GINT64_FORMAT
                         " and %" G_GINT64_FORMAT), name, min, max);
          return FALSE;
        }
      value = (gint64) d;
    }
  else
    value = json_node_get_int (node);

  if (value < min || value > max)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                   name, min, max);
      return FALSE;
    }

  *out = value;
  *present = TRUE;
  return TRUE;
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *name,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a string"), name);
      return FALSE;
    }
  easel_image_setting_set_string (out, json_node_get_string (node));
  return TRUE;
}

/**
 * easel_image_setting_from_json:
 *
 * Reads the structured form written by easel_image_setting_to_json(). Unlike the freeform
 * parser this is strict: a wrong type or an out-of-range value is an error naming the field.
 * `seed` may be -1 (random). Unknown members are an error, so typos do not vanish silently.
 */
EaselImageSetting *
easel_image_setting_from_json (JsonNode  *node,
                               GError   **error)
{
  static const char * const known[] = {
    "width", "height", "steps", "guidance_scale", "sampler", "scheduler", "seed", "model",
    "count", "prompt", "negative_prompt", "extra_settings", NULL
  };
  g_autoptr(EaselImageSetting) self = easel_image_setting_new ();
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;
  gint64 value;
  gboolean present;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Settings must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    if (!g_strv_contains (known, key))
      {
        g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                     _("Unknown setting “%s”; provider-specific keys go in extra_settings"),
                     key);
        return NULL;
      }

  if (!read_int_member (object, "width", 1, EASEL_SETTING_MAX_DIMENSION, &value, &present, error))
    return NULL;
  if (present)
    self->width = (int) value;
  if (!read_int_member (object, "height", 1, EASEL_SETTING_MAX_DIMENSION, &value, &present, error))
    return NULL;
  if (present)
    self->height = (int) value;
  if (!read_int_member (object, "steps", 1, EASEL_SETTING_MAX_STEPS, &value, &present, error))
    return NULL;
  if (present)
    self->steps = (int) value;
  if (!read_int_member (object, "count", 1, EASEL_SETTING_MAX_COUNT, &value, &present, error))
    return NULL;
  if (present)
    self->count = (int) value;
  if (!read_int_member (object, "seed", -1, G_MAXINT64, &value, &present, error))
    return NULL;
  if (present && value >= 0)
    {
      self->has_seed = TRUE;
      self->seed = value;
    }

  member = json_object_get_member (object, "guidance_scale");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      double g;

      if (!JSON_NODE_HOLDS_VALUE (member) ||
          (json_node_get_value_type (member) != G_TYPE_INT64 &&
           json_node_get_value_type (member) != G_TYPE_DOUBLE))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“guidance_scale” must be a number"));
          return NULL;
        }
      g = json_node_get_double (member);
      if (!(g >= 0.0 && g <= EASEL_SETTING_MAX_GUIDANCE))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“guidance_scale” must be between 0 and 100"));
          return NULL;
        }
      self->has_guidance = TRUE;
      self->guidance_scale = g;
    }

  if (!read_string_member (object, "sampler", &self->sampler, error) ||
      !read_string_member (object, "scheduler", &self->scheduler, error) ||
      !read_string_member (object, "model", &self->model, error) ||
      !read_string_member (object, "prompt", &self->prompt, error) ||
      !read_string_member (object, "negative_prompt", &self->negative_prompt, error))
    return NULL;

  member = json_object_get_member (object, "extra_settings");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“extra_settings” must be a JSON object"));
          return NULL;
        }
      g_clear_pointer (&self->extra_settings, json_object_unref);
      self->extra_settings = easel_json_object_deep_copy (json_node_get_object (member));
    }

  return g_steal_pointer (&self);
}

/* Checks the bounds of a setting built by hand (a form, command-line flags). */
gboolean
easel_image_setting_validate (const EaselImageSetting  *self,
                              GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->width < 0 || self->width > EASEL_SETTING_MAX_DIMENSION)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Width must be between 1 and %d"), EASEL_SETTING_MAX_DIMENSION);
      return FALSE;
    }
  if (self->height < 0 || self->height > EASEL_SETTING_MAX_DIMENSION)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Height must be between 1 and %d"), EASEL_SETTING_MAX_DIMENSION);
      return FALSE;
    }
  if (self->steps < 0 || self->steps > EASEL_SETTING_MAX_STEPS)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Steps must be between 1 and %d"), EASEL_SETTING_MAX_STEPS);
      return FALSE;
    }
  if (self->has_guidance &&
      !(self->guidance_scale >= 0.0 && self->guidance_scale <= EASEL_SETTING_MAX_GUIDANCE))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Guidance must be between 0 and 100"));
      return FALSE;
    }
  if (self->has_seed && self->seed < 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Seed must be a non-negative number, or unset for a random seed"));
      return FALSE;
    }
  if (self->count < 0 || self->count > EASEL_SETTING_MAX_COUNT)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Count must be between 1 and %d"), EASEL_SETTING_MAX_COUNT);
      return FALSE;
    }
  return TRUE;
}
