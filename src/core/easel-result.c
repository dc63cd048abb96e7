/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-image-setting.h"
#include "easel-result.h"

G_DEFINE_BOXED_TYPE (EaselResult, easel_result, easel_result_copy, easel_result_free)

EaselResult *
easel_result_new (void)
{
  EaselResult *self = g_new0 (EaselResult, 1);

  self->setting = easel_image_setting_new ();
  return self;
}

EaselResult *
easel_result_copy (const EaselResult *self)
{
  EaselResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselResult, 1);
  *copy = *self;
  copy->provider_name = g_strdup (self->provider_name);
  copy->provider_kind = g_strdup (self->provider_kind);
  copy->model = g_strdup (self->model);
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->setting = self->setting != NULL ? easel_image_setting_copy (self->setting)
                                        : easel_image_setting_new ();
  copy->adjustments = g_strdupv (self->adjustments);
  copy->revised_prompt = g_strdup (self->revised_prompt);
  copy->file_hash = g_strdup (self->file_hash);
  copy->mime_type = g_strdup (self->mime_type);
  copy->tags = g_strdupv (self->tags);
  copy->request_id = g_strdup (self->request_id);
  copy->usage_json = g_strdup (self->usage_json);
  copy->infotext = g_strdup (self->infotext);
  return copy;
}

void
easel_result_free (EaselResult *self)
{
  if (self == NULL)
    return;
  g_free (self->provider_name);
  g_free (self->provider_kind);
  g_free (self->model);
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_clear_pointer (&self->setting, easel_image_setting_free);
  g_strfreev (self->adjustments);
  g_free (self->revised_prompt);
  g_free (self->file_hash);
  g_free (self->mime_type);
  g_strfreev (self->tags);
  g_free (self->request_id);
  g_free (self->usage_json);
  g_free (self->infotext);
  g_free (self);
}

const char *
easel_result_get_extension (const EaselResult *self)
{
  g_return_val_if_fail (self != NULL, "png");

  if (g_strcmp0 (self->mime_type, "image/jpeg") == 0)
    return "jpg";
  if (g_strcmp0 (self->mime_type, "image/webp") == 0)
    return "webp";
  if (g_strcmp0 (self->mime_type, "image/gif") == 0)
    return "gif";
  return "png";
}

/* Images are named by the SHA-256 of their bytes: "<hash>.png". */
char *
easel_result_dup_file_name (const EaselResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->file_hash != NULL, NULL);

  return g_strdup_printf ("%s.%s", self->file_hash, easel_result_get_extension (self));
}
