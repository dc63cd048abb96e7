/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-engine.h"

G_BEGIN_DECLS

/* The port `easel serve` listens on when none is given. */
#define EASEL_API_DEFAULT_PORT 8765

/* The largest request body accepted; a larger one is answered 413. */
#define EASEL_API_DEFAULT_MAX_BODY (1024 * 1024)

#define EASEL_TYPE_API_SERVER (easel_api_server_get_type ())

G_DECLARE_FINAL_TYPE (EaselApiServer, easel_api_server, EASEL, API_SERVER, GObject)

EaselApiServer *easel_api_server_new               (EaselEngine          *engine,
                                                    const char           *token);
EaselEngine    *easel_api_server_get_engine        (EaselApiServer       *self);
void            easel_api_server_set_max_body_size (EaselApiServer       *self,
                                                    gsize                 max_bytes);
void            easel_api_server_set_allow_remote  (EaselApiServer       *self,
                                                    gboolean              allow_remote);
gboolean        easel_api_server_listen            (EaselApiServer       *self,
                                                    const char           *address,
                                                    guint                 port,
                                                    GError              **error);
guint           easel_api_server_get_port          (EaselApiServer       *self);
char           *easel_api_server_dup_url           (EaselApiServer       *self);
guint           easel_api_server_get_active_requests (EaselApiServer     *self);
void            easel_api_server_shutdown_async    (EaselApiServer       *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        easel_api_server_shutdown_finish   (EaselApiServer       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

GBytes         *easel_api_get_openapi_document     (void);

G_END_DECLS
