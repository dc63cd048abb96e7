/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-capabilities.h"
#include "easel-error.h"
#include "easel-generation.h"
#include "easel-provider-config.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PROVIDER (easel_provider_get_type ())

G_DECLARE_INTERFACE (EaselProvider, easel_provider, EASEL, PROVIDER, GObject)

/**
 * EaselProviderInterface:
 * @generate_async: submits @request to the server and completes with the images. Progress
 *   reports (fraction, step text, preview bytes) go to @progress on the caller's thread-default
 *   main context while it runs. Cancelling @cancellable cancels the job on the server too (queue
 *   delete or a targeted interrupt, never a global one) and completes with
 *   %EASEL_PROVIDER_ERROR_CANCELLED once the server confirmed or the attempt timed out.
 * @generate_finish: returns (element-type EaselGeneratedImage) (transfer full) the images, each
 *   checked to be an image within the size bounds, or a %EASEL_PROVIDER_ERROR.
 * @check_async: probes the server: reachable, version, models, samplers, schedulers.
 * @check_finish: returns the #EaselServerInfo, or an error saying what is wrong.
 * @get_capabilities: what @model can do on this server (defaults to the core table).
 * @get_queue_remaining: the server's own queue length when it reports one (ComfyUI), or -1.
 *
 * One client for one server. A provider with several URLs has one instance per URL; the engine
 * picks among them. Providers never touch the database or the UI.
 */
struct _EaselProviderInterface
{
  GTypeInterface parent_iface;

  void               (*generate_async)      (EaselProvider              *self,
                                             const EaselGenerateRequest *request,
                                             EaselProgressFunc           progress,
                                             gpointer                    progress_data,
                                             GDestroyNotify              progress_destroy,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
  GPtrArray         *(*generate_finish)     (EaselProvider              *self,
                                             GAsyncResult               *result,
                                             GError                    **error);
  void               (*check_async)         (EaselProvider              *self,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
  EaselServerInfo   *(*check_finish)        (EaselProvider              *self,
                                             GAsyncResult               *result,
                                             GError                    **error);
  EaselCapabilities *(*get_capabilities)    (EaselProvider              *self,
                                             const char                 *model);
  int                (*get_queue_remaining) (EaselProvider              *self);
};

void               easel_provider_generate_async      (EaselProvider              *self,
                                                       const EaselGenerateRequest *request,
                                                       EaselProgressFunc           progress,
                                                       gpointer                    progress_data,
                                                       GDestroyNotify              progress_destroy,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
GPtrArray         *easel_provider_generate_finish     (EaselProvider              *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);
void               easel_provider_check_async         (EaselProvider              *self,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
EaselServerInfo   *easel_provider_check_finish        (EaselProvider              *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);
EaselCapabilities *easel_provider_get_capabilities    (EaselProvider              *self,
                                                       const char                 *model);
int                easel_provider_get_queue_remaining (EaselProvider              *self);
const EaselProviderConfig *easel_provider_get_config  (EaselProvider              *self);
const char        *easel_provider_get_base_url        (EaselProvider              *self);

G_END_DECLS
