/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-generation.h"
#include "easel-image-setting.h"
#include "easel-json.h"

G_DEFINE_BOXED_TYPE (EaselGenerateRequest, easel_generate_request,
                     easel_generate_request_copy, easel_generate_request_free)
G_DEFINE_BOXED_TYPE (EaselGeneratedImage, easel_generated_image,
                     easel_generated_image_copy, easel_generated_image_free)
G_DEFINE_BOXED_TYPE (EaselServerInfo, easel_server_info,
                     easel_server_info_copy, easel_server_info_free)

EaselGenerateRequest *
easel_generate_request_new (const char              *prompt,
                            const EaselImageSetting *setting)
{
  EaselGenerateRequest *self = g_new0 (EaselGenerateRequest, 1);

  self->prompt = g_strdup (prompt != NULL ? prompt : "");
  self->setting = setting != NULL ? easel_image_setting_copy (setting)
                                  : easel_image_setting_new ();
  self->count = 1;
  return self;
}

EaselGenerateRequest *
easel_generate_request_copy (const EaselGenerateRequest *self)
{
  EaselGenerateRequest *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselGenerateRequest, 1);
  copy->job_id = g_strdup (self->job_id);
  copy->remote_id = g_strdup (self->remote_id);
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->setting = self->setting != NULL ? easel_image_setting_copy (self->setting) : NULL;
  copy->model = g_strdup (self->model);
  copy->count = self->count;
  return copy;
}

void
easel_generate_request_free (EaselGenerateRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->job_id);
  g_free (self->remote_id);
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_clear_pointer (&self->setting, easel_image_setting_free);
  g_free (self->model);
  g_free (self);
}

EaselGeneratedImage *
easel_generated_image_new (GBytes *bytes)
{
  EaselGeneratedImage *self = g_new0 (EaselGeneratedImage, 1);

  self->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  self->adjustments = g_ptr_array_new_with_free_func (g_free);
  return self;
}

EaselGeneratedImage *
easel_generated_image_copy (const EaselGeneratedImage *self)
{
  EaselGeneratedImage *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = easel_generated_image_new (self->bytes);
  copy->mime_type = g_strdup (self->mime_type);
  copy->width = self->width;
  copy->height = self->height;
  copy->has_seed = self->has_seed;
  copy->seed = self->seed;
  copy->model = g_strdup (self->model);
  copy->effective = self->effective != NULL ? easel_image_setting_copy (self->effective) : NULL;
  for (guint i = 0; self->adjustments != NULL && i < self->adjustments->len; i++)
    g_ptr_array_add (copy->adjustments, g_strdup (g_ptr_array_index (self->adjustments, i)));
  copy->revised_prompt = g_strdup (self->revised_prompt);
  copy->infotext = g_strdup (self->infotext);
  copy->usage_json = g_strdup (self->usage_json);
  copy->request_id = g_strdup (self->request_id);
  copy->remote_id = g_strdup (self->remote_id);
  return copy;
}

void
easel_generated_image_free (EaselGeneratedImage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->mime_type);
  g_free (self->model);
  g_clear_pointer (&self->effective, easel_image_setting_free);
  g_clear_pointer (&self->adjustments, g_ptr_array_unref);
  g_free (self->revised_prompt);
  g_free (self->infotext);
  g_free (self->usage_json);
  g_free (self->request_id);
  g_free (self->remote_id);
  g_free (self);
}

void
easel_generated_image_add_adjustment (EaselGeneratedImage *self,
                                      const char          *text)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_add (self->adjustments, g_strdup (text));
}

EaselServerInfo *
easel_server_info_new (void)
{
  return g_new0 (EaselServerInfo, 1);
}

EaselServerInfo *
easel_server_info_copy (const EaselServerInfo *self)
{
  EaselServerInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = easel_server_info_new ();
  copy->version = g_strdup (self->version);
  copy->models = g_strdupv (self->models);
  copy->samplers = g_strdupv (self->samplers);
  copy->schedulers = g_strdupv (self->schedulers);
  copy->warnings = g_strdupv (self->warnings);
  copy->details = g_strdup (self->details);
  return copy;
}

void
easel_server_info_free (EaselServerInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->version);
  g_strfreev (self->models);
  g_strfreev (self->samplers);
  g_strfreev (self->schedulers);
  g_strfreev (self->warnings);
  g_free (self->details);
  g_free (self);
}

static void
add_strv (JsonBuilder  *builder,
          const char   *name,
          char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

JsonNode *
easel_server_info_to_json (const EaselServerInfo *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  if (self->version != NULL)
    json_builder_add_string_value (builder, self->version);
  else
    json_builder_add_null_value (builder);
  add_strv (builder, "models", self->models);
  add_strv (builder, "samplers", self->samplers);
  add_strv (builder, "schedulers", self->schedulers);
  add_strv (builder, "warnings", self->warnings);
  json_builder_set_member_name (builder, "details");
  if (self->details != NULL)
    json_builder_add_string_value (builder, self->details);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

EaselMappedRequest *
easel_mapped_request_new (void)
{
  EaselMappedRequest *self = g_new0 (EaselMappedRequest, 1);

  self->adjustments = g_ptr_array_new_with_free_func (g_free);
  self->images = 1;
  return self;
}

void
easel_mapped_request_free (EaselMappedRequest *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->body, json_node_unref);
  g_clear_pointer (&self->effective, easel_image_setting_free);
  g_clear_pointer (&self->adjustments, g_ptr_array_unref);
  g_free (self);
}

void
easel_mapped_request_add_adjustment (EaselMappedRequest *self,
                                     const char         *format,
                                     ...)
{
  va_list args;

  g_return_if_fail (self != NULL);

  va_start (args, format);
  g_ptr_array_add (self->adjustments, g_strdup_vprintf (format, args));
  va_end (args);
}

/* g_uuid_string_random() gives a lowercase RFC 4122 version 4 UUID: exactly what ComfyUI
 * v0.28 requires of a client-chosen prompt_id.
 */
char *
easel_uuid_new (void)
{
  return g_uuid_string_random ();
}

gboolean
easel_uuid_is_canonical (const char *uuid)
{
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return FALSE;
  for (const char *p = uuid; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}
