/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-image-setting.h"
#include "easel-run.h"

G_DEFINE_BOXED_TYPE (EaselRun, easel_run, easel_run_copy, easel_run_free)
G_DEFINE_BOXED_TYPE (EaselJob, easel_job, easel_job_copy, easel_job_free)

static const char * const state_names[] = {
  "queued", "running", "done", "failed", "cancelled", "interrupted"
};

const char *
easel_job_state_to_string (EaselJobState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return "failed";
  return state_names[state];
}

EaselJobState
easel_job_state_from_string (const char *str)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (str, state_names[i]) == 0)
      return (EaselJobState) i;
  return EASEL_JOB_FAILED;
}

gboolean
easel_job_state_is_final (EaselJobState state)
{
  return state == EASEL_JOB_DONE || state == EASEL_JOB_FAILED ||
         state == EASEL_JOB_CANCELLED || state == EASEL_JOB_INTERRUPTED;
}

EaselRun *
easel_run_new (const char *prompt)
{
  EaselRun *self = g_new0 (EaselRun, 1);

  self->prompt = g_strdup (prompt != NULL ? prompt : "");
  self->setting = easel_image_setting_new ();
  self->count = 1;
  return self;
}

EaselRun *
easel_run_copy (const EaselRun *self)
{
  EaselRun *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselRun, 1);
  *copy = *self;
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->style = g_strdup (self->style);
  copy->format = g_strdup (self->format);
  copy->setting = self->setting != NULL ? easel_image_setting_copy (self->setting)
                                        : easel_image_setting_new ();
  copy->providers = g_strdupv (self->providers);
  return copy;
}

void
easel_run_free (EaselRun *self)
{
  if (self == NULL)
    return;
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->style);
  g_free (self->format);
  g_clear_pointer (&self->setting, easel_image_setting_free);
  g_strfreev (self->providers);
  g_free (self);
}

EaselJob *
easel_job_new (void)
{
  return g_new0 (EaselJob, 1);
}

EaselJob *
easel_job_copy (const EaselJob *self)
{
  EaselJob *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (EaselJob, 1);
  *copy = *self;
  copy->provider_id = g_strdup (self->provider_id);
  copy->provider_name = g_strdup (self->provider_name);
  copy->provider_kind = g_strdup (self->provider_kind);
  copy->model = g_strdup (self->model);
  copy->prompt = g_strdup (self->prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  copy->remote_id = g_strdup (self->remote_id);
  copy->server_url = g_strdup (self->server_url);
  copy->error_code = g_strdup (self->error_code);
  copy->error_message = g_strdup (self->error_message);
  copy->owner = g_strdup (self->owner);
  return copy;
}

void
easel_job_free (EaselJob *self)
{
  if (self == NULL)
    return;
  g_free (self->provider_id);
  g_free (self->provider_name);
  g_free (self->provider_kind);
  g_free (self->model);
  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->remote_id);
  g_free (self->server_url);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->owner);
  g_free (self);
}
