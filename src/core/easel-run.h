/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselJobState:
 *
 * queued → running → done | failed | cancelled. A job found running (or still queued) when a
 * crashed process is noticed becomes interrupted, and can be retried.
 */
typedef enum
{
  EASEL_JOB_QUEUED,
  EASEL_JOB_RUNNING,
  EASEL_JOB_DONE,
  EASEL_JOB_FAILED,
  EASEL_JOB_CANCELLED,
  EASEL_JOB_INTERRUPTED,
} EaselJobState;

const char    *easel_job_state_to_string   (EaselJobState  state);
EaselJobState  easel_job_state_from_string (const char    *str);
gboolean       easel_job_state_is_final    (EaselJobState  state);

/**
 * EaselRun:
 * @id: row id, 0 until stored
 * @created_at: unix seconds
 * @prompt: the prompt as typed (before the style)
 * @negative_prompt: (nullable): the negative prompt as typed
 * @style: (nullable): style name
 * @format: (nullable): format name
 * @example_id: the prompt example it came from, or 0
 * @setting: the run's settings (never %NULL)
 * @providers: provider names, in the order chosen
 * @count: images per provider
 * @post_id: the blog post it generates for, or 0
 * @section_id: the post section, or 0
 *
 * One press of Generate. It fans out into jobs: one per provider × image.
 */
struct _EaselRun
{
  gint64             id;
  gint64             created_at;
  char              *prompt;
  char              *negative_prompt;
  char              *style;
  char              *format;
  gint64             example_id;
  EaselImageSetting *setting;
  GStrv              providers;
  int                count;
  gint64             post_id;
  gint64             section_id;
};

/**
 * EaselJob:
 * @id: row id, 0 until stored
 * @run_id: its run
 * @provider_id: (nullable): the provider's id (NULL if the provider was removed since)
 * @provider_name: the provider's name when the job was made (history survives removal)
 * @provider_kind: the provider's kind
 * @model: (nullable): the model asked for
 * @has_seed: whether @seed is fixed
 * @seed: the seed the engine chose
 * @prompt: the resolved prompt (style applied)
 * @negative_prompt: (nullable): the resolved negative prompt
 * @state: where it is
 * @remote_id: (nullable): the id it has on the server (stored before it is submitted)
 * @server_url: (nullable): which server of the provider runs it
 * @attempts: how many times it was sent
 * @error_code: (nullable): an #EaselProviderError name when it failed
 * @error_message: (nullable): the message shown on its card
 * @owner: (nullable): the engine instance running it (crash detection)
 * @result_id: its result, 0 when none
 * @section_id: the post section it generates for, or 0
 * @cancelling: a cancel was asked and the provider has not confirmed it yet (not stored)
 */
struct _EaselJob
{
  gint64         id;
  gint64         run_id;
  char          *provider_id;
  char          *provider_name;
  char          *provider_kind;
  char          *model;
  gboolean       has_seed;
  gint64         seed;
  char          *prompt;
  char          *negative_prompt;
  EaselJobState  state;
  char          *remote_id;
  char          *server_url;
  int            attempts;
  char          *error_code;
  char          *error_message;
  char          *owner;
  gint64         created_at;
  gint64         started_at;
  gint64         finished_at;
  gint64         result_id;
  gint64         section_id;
  gboolean       cancelling;
};

#define EASEL_TYPE_RUN (easel_run_get_type ())
#define EASEL_TYPE_JOB (easel_job_get_type ())
GType     easel_run_get_type (void) G_GNUC_CONST;
GType     easel_job_get_type (void) G_GNUC_CONST;
EaselRun *easel_run_new   (const char     *prompt);
EaselRun *easel_run_copy  (const EaselRun *self);
void      easel_run_free  (EaselRun       *self);
EaselJob *easel_job_new   (void);
EaselJob *easel_job_copy  (const EaselJob *self);
void      easel_job_free  (EaselJob       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselRun, easel_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselJob, easel_job_free)

G_END_DECLS
