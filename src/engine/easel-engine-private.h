/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-engine.h"

G_BEGIN_DECLS

/* One server of a provider: its client, what Easel has in flight there, and its health. */
typedef struct
{
  char          *url;
  EaselProvider *client;
  guint          in_flight;
  guint          failures;
  gint64         unhealthy_until;
} EaselServer;

/* A provider as the engine uses it: the config with its secrets filled in (memory only). */
typedef struct
{
  gatomicrefcount       ref_count;
  EaselProviderConfig  *config;
  char                 *api_key;
  GPtrArray            *servers;
  char                 *fingerprint;
} EaselProviderEntry;

/* A job this engine runs: from queued until it is done, failed or cancelled. */
typedef struct
{
  EaselJob            *job;
  EaselImageSetting   *setting;
  EaselProviderEntry  *provider;
  EaselServer         *server;
  GCancellable        *cancellable;
  guint                retry_source;
  gint64               started_us;
  gint64               last_preview_us;
  gboolean             preview_decoding;
  gboolean             dispatching;
  gint64               run_created_at;
} EaselActiveJob;

struct _EaselEngine
{
  GObject               parent_instance;

  EaselStore           *store;
  char                 *owner_id;
  int                   owner_lock_fd;

  EaselProviderFactory  factory;
  gpointer              factory_data;
  gboolean              decode_previews;
  guint                 retry_base_ms;

  GHashTable           *providers;   /* provider id → EaselProviderEntry */
  GHashTable           *jobs;        /* job id → EaselActiveJob */
  GQueue                queue;       /* EaselActiveJob waiting, in order */
  guint                 pending_writes;
  GHashTable           *persisting;  /* job id → the next state to write (EaselJob), or NULL:
                                        one write per job at a time, in order */
};

enum {
  SIGNAL_JOB_CHANGED,
  SIGNAL_JOB_PROGRESS,
  SIGNAL_RESULT_ADDED,
  SIGNAL_RUN_FINISHED,
  SIGNAL_PROVIDERS_CHANGED,
  N_SIGNALS
};

extern guint _easel_engine_signals[N_SIGNALS];

EaselProviderEntry *_easel_provider_entry_ref   (EaselProviderEntry *entry);
void                _easel_provider_entry_unref (EaselProviderEntry *entry);
EaselProviderEntry *_easel_engine_make_entry    (EaselEngine        *self,
                                                 const EaselProviderConfig *config,
                                                 GError            **error);
EaselProviderEntry *_easel_engine_make_entry_full (EaselEngine      *self,
                                                   const EaselProviderConfig *config,
                                                   const char       *api_key,
                                                   GError          **error);
gboolean            _easel_engine_store_provider (EaselEngine       *self,
                                                  const EaselProviderConfig *config,
                                                  const char        *api_key,
                                                  GError           **error);
char               *_easel_engine_unstore_provider (EaselEngine     *self,
                                                    const char      *name,
                                                    GError         **error);
void                _easel_engine_provider_changed (EaselEngine     *self,
                                                    const char      *id);
EaselProvider      *_easel_engine_get_client    (EaselEngine        *self,
                                                 EaselProviderEntry *entry,
                                                 EaselServer        *server);

/* easel-engine-async.c */
void      _easel_engine_check_entry_cb   (GObject        *object,
                                          GAsyncResult   *result,
                                          gpointer        user_data);

/* easel-engine-scheduler.c */
void      _easel_engine_enqueue          (EaselEngine    *self,
                                          EaselActiveJob *active);
void      _easel_engine_schedule         (EaselEngine    *self);
void      _easel_active_job_free         (EaselActiveJob *active);
void      _easel_engine_persist_job      (EaselEngine    *self,
                                          EaselActiveJob *active);
void      _easel_engine_enqueue_retry    (EaselEngine        *self,
                                          EaselJob           *job,
                                          const EaselRun     *run,
                                          EaselProviderEntry *entry);

/* easel-engine-recovery.c */
gboolean  _easel_engine_take_owner_lock  (EaselEngine    *self,
                                          GError        **error);
void      _easel_engine_release_owner_lock (EaselEngine  *self);

/* easel-result-writer.c */
typedef struct
{
  EaselStore          *store;
  EaselJob            *job;
  EaselProviderConfig *config;
  EaselImageSetting   *setting;
  GPtrArray           *images;      /* EaselGeneratedImage */
  gint64               duration_ms;
} EaselResultWrite;

void       _easel_result_write_free   (EaselResultWrite *write);
GPtrArray *_easel_result_write_run    (EaselResultWrite *write,
                                       GError          **error);
char      *_easel_thumbnail_path      (const char       *hash);

G_END_DECLS
