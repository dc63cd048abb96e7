/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-prompt-example.h"

G_DEFINE_BOXED_TYPE (EaselPromptExample, easel_prompt_example,
                     easel_prompt_example_copy, easel_prompt_example_free)

EaselPromptExample *
easel_prompt_example_new (const char *name,
                          const char *prompt)
{
  EaselPromptExample *self = g_new0 (EaselPromptExample, 1);

  self->name = g_strdup (name);
  self->prompt = g_strdup (prompt != NULL ? prompt : "");
  self->setting = easel_image_setting_new ();
  return self;
}

EaselPromptExample *
easel_prompt_example_copy (const EaselPromptExample *self)
{
  EaselPromptExample *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselPromptExample, 1);
  copy->id = self->id;
  copy->name = g_strdup (self->name);
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->style = g_strdup (self->style);
  copy->format = g_strdup (self->format);
  copy->providers = g_strdupv (self->providers);
  copy->setting = self->setting != NULL ? easel_image_setting_copy (self->setting)
                                        : easel_image_setting_new ();
  copy->tags = g_strdupv (self->tags);
  copy->notes = g_strdup (self->notes);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  return copy;
}

void
easel_prompt_example_free (EaselPromptExample *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->style);
  g_free (self->format);
  g_strfreev (self->providers);
  g_clear_pointer (&self->setting, easel_image_setting_free);
  g_strfreev (self->tags);
  g_free (self->notes);
  g_free (self);
}

/* Tags are typed as "portrait, fox; blog" and kept trimmed, lower-case and unique. */
GStrv
easel_tags_parse (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return g_strv_builder_end (builder);

  parts = g_regex_split_simple ("[,;]", text, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (g_strstrip (parts[i]), -1);

      if (*lower == '\0' || g_ptr_array_find_with_equal_func (seen, lower, g_str_equal, NULL))
        continue;
      g_strv_builder_add (builder, lower);
      g_ptr_array_add (seen, g_steal_pointer (&lower));
    }
  return g_strv_builder_end (builder);
}

static void
add_strv_member (JsonBuilder  *builder,
                 const char   *name,
                 char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * easel_prompt_example_to_json:
 *
 * The public shape shared by the command line and the REST API: `{"id", "name", "prompt",
 * "negative_prompt", "style", "format", "providers": [names], "settings": {…}, "tags"}`.
 */
JsonNode *
easel_prompt_example_to_json (const EaselPromptExample *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  add_string_member (builder, "name", self->name);
  add_string_member (builder, "prompt", self->prompt);
  add_string_member (builder, "negative_prompt", self->negative_prompt);
  add_string_member (builder, "style", self->style);
  add_string_member (builder, "format", self->format);
  add_strv_member (builder, "providers", self->providers);
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, easel_image_setting_to_json (self->setting, FALSE));
  add_strv_member (builder, "tags", self->tags);
  add_string_member (builder, "notes", self->notes);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_string (JsonObject  *object,
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
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_strv (JsonObject  *object,
           const char  *name,
           GStrv       *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a list of strings"), name);
      return FALSE;
    }
  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“%s” must be a list of strings"), name);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * easel_prompt_example_from_json:
 *
 * Reads the shape written by easel_prompt_example_to_json(); `id` is ignored (the store
 * assigns it). Missing members stay empty, so this also reads partial updates.
 */
EaselPromptExample *
easel_prompt_example_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(EaselPromptExample) self = easel_prompt_example_new (NULL, NULL);
  JsonObject *object;
  JsonNode *settings;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A prompt example must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "name", &self->name, error) ||
      !read_string (object, "prompt", &self->prompt, error) ||
      !read_string (object, "negative_prompt", &self->negative_prompt, error) ||
      !read_string (object, "style", &self->style, error) ||
      !read_string (object, "format", &self->format, error) ||
      !read_string (object, "notes", &self->notes, error) ||
      !read_strv (object, "providers", &self->providers, error) ||
      !read_strv (object, "tags", &self->tags, error))
    return NULL;

  settings = json_object_get_member (object, "settings");
  if (settings != NULL && !JSON_NODE_HOLDS_NULL (settings))
    {
      EaselImageSetting *setting = easel_image_setting_from_json (settings, error);

      if (setting == NULL)
        return NULL;
      easel_image_setting_free (self->setting);
      self->setting = setting;
    }
  return g_steal_pointer (&self);
}

gboolean
easel_prompt_example_validate (const EaselPromptExample  *self,
                               GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->name == NULL || *self->name == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A prompt example needs a name"));
      return FALSE;
    }
  if (self->prompt == NULL || *self->prompt == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A prompt example needs a prompt"));
      return FALSE;
    }
  return easel_image_setting_validate (self->setting, error);
}
