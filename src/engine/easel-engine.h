/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "easel-provider.h"
#include "easel-store.h"

G_BEGIN_DECLS

#define EASEL_TYPE_ENGINE (easel_engine_get_type ())

G_DECLARE_FINAL_TYPE (EaselEngine, easel_engine, EASEL, ENGINE, GObject)

/**
 * EaselProviderFactory:
 *
 * Makes the client for one server of a provider. The engine's default makes the real clients;
 * tests give their own.
 */
typedef EaselProvider *(*EaselProviderFactory) (const EaselProviderConfig *config,
                                                const char                *base_url,
                                                const char                *api_key,
                                                gpointer                   user_data);

/* Retry policy: transient failures (CONNECT, RATE_LIMITED, SERVER, TIMEOUT) get at most this
 * many attempts in all, with exponential backoff and jitter, honouring Retry-After.
 */
#define EASEL_ENGINE_MAX_ATTEMPTS 3

EaselEngine   *easel_engine_new                 (EaselStore            *store);
EaselStore    *easel_engine_get_store           (EaselEngine           *self);
const char    *easel_engine_get_owner_id        (EaselEngine           *self);
void           easel_engine_set_provider_factory (EaselEngine          *self,
                                                  EaselProviderFactory  factory,
                                                  gpointer              user_data);
void           easel_engine_set_decode_previews (EaselEngine           *self,
                                                 gboolean               decode);
void           easel_engine_set_retry_base_ms   (EaselEngine           *self,
                                                 guint                  base_ms);

/* Start-up: crash recovery (jobs of dead processes become interrupted, temporary files go) */
void           easel_engine_recover_async       (EaselEngine           *self,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
guint          easel_engine_recover_finish      (EaselEngine           *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);
guint          easel_engine_recover             (EaselEngine           *self,
                                                 GError               **error);

/* Providers (no secret is stored outside libsecret) */
GPtrArray     *easel_engine_list_providers      (EaselEngine           *self,
                                                 GError               **error);
gboolean       easel_engine_save_provider       (EaselEngine           *self,
                                                 const EaselProviderConfig *config,
                                                 const char            *api_key,
                                                 GError               **error);
gboolean       easel_engine_remove_provider     (EaselEngine           *self,
                                                 const char            *name,
                                                 GError               **error);
void           easel_engine_check_provider_async (EaselEngine          *self,
                                                  const char           *name,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
EaselServerInfo *easel_engine_check_provider_finish (EaselEngine       *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);
char          *easel_engine_resolve_api_key     (EaselEngine           *self,
                                                 const EaselProviderConfig *config,
                                                 GError               **error);

/* The same, asynchronous: blocking work in a worker thread, state and signals on the main
 * context (the window uses these)
 */
void           easel_engine_save_provider_async  (EaselEngine               *self,
                                                  const EaselProviderConfig *config,
                                                  const char                *api_key,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
gboolean       easel_engine_save_provider_finish (EaselEngine               *self,
                                                  GAsyncResult              *result,
                                                  GError                   **error);
void           easel_engine_remove_provider_async (EaselEngine              *self,
                                                   const char               *name,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
gboolean       easel_engine_remove_provider_finish (EaselEngine             *self,
                                                    GAsyncResult            *result,
                                                    GError                 **error);
void           easel_engine_check_config_async   (EaselEngine               *self,
                                                  const EaselProviderConfig *config,
                                                  const char                *api_key,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
EaselServerInfo *easel_engine_check_config_finish (EaselEngine              *self,
                                                   GAsyncResult             *result,
                                                   GError                  **error);
void           easel_engine_retry_job_async      (EaselEngine               *self,
                                                  gint64                     job_id,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
gboolean       easel_engine_retry_job_finish     (EaselEngine               *self,
                                                  GAsyncResult              *result,
                                                  GError                   **error);

/* Runs */
void           easel_engine_submit_async        (EaselEngine           *self,
                                                 const EaselRun        *run,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gint64         easel_engine_submit_finish       (EaselEngine           *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);
gboolean       easel_engine_cancel_job          (EaselEngine           *self,
                                                 gint64                 job_id);
guint          easel_engine_cancel_run          (EaselEngine           *self,
                                                 gint64                 run_id);
guint          easel_engine_cancel_all          (EaselEngine           *self);
gboolean       easel_engine_retry_job           (EaselEngine           *self,
                                                 gint64                 job_id,
                                                 GError               **error);
gboolean       easel_engine_is_run_active       (EaselEngine           *self,
                                                 gint64                 run_id);
guint          easel_engine_get_active_jobs     (EaselEngine           *self);
void           easel_engine_flush               (EaselEngine           *self);
GPtrArray     *easel_engine_preview_adjustments (EaselEngine           *self,
                                                 const EaselProviderConfig *config,
                                                 const EaselImageSetting *setting,
                                                 GError               **error);

/* Results and their files */
char          *easel_engine_get_result_path     (EaselEngine           *self,
                                                 const EaselResult     *result);
char          *easel_engine_get_thumbnail_path  (EaselEngine           *self,
                                                 const EaselResult     *result);
JsonNode      *easel_engine_job_to_json         (EaselEngine           *self,
                                                 const EaselJob        *job,
                                                 const EaselResult     *result);

G_END_DECLS
