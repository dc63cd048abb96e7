/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "easel-openai-provider.h"

G_BEGIN_DECLS

/* The default bound on one image's payload (base64 JSON or one streamed event); a response for
 * n images may be n times this.
 */
#define EASEL_OPENAI_DEFAULT_MAX_BODY (64 * 1024 * 1024)

/* easel-openai-provider.c: what a request needs from its provider. */
SoupSession  *_easel_openai_provider_get_session       (EaselOpenaiProvider  *self);
SoupMessage  *_easel_openai_provider_new_message       (EaselOpenaiProvider  *self,
                                                        const char           *method,
                                                        const char           *path);
void          _easel_openai_provider_set_auth          (EaselOpenaiProvider  *self,
                                                        SoupMessage          *message);
gboolean      _easel_openai_provider_same_origin       (EaselOpenaiProvider  *self,
                                                        GUri                 *uri);
const char   *_easel_openai_provider_get_what          (EaselOpenaiProvider  *self);
const char   *_easel_openai_provider_get_base_url      (EaselOpenaiProvider  *self);
gsize         _easel_openai_provider_get_max_body      (EaselOpenaiProvider  *self);
void          _easel_openai_provider_note_response     (EaselOpenaiProvider  *self,
                                                        SoupMessage          *message);
GError       *_easel_openai_provider_scrub             (EaselOpenaiProvider  *self,
                                                        GError               *error);

/* easel-openai-errors.c */
GError       *_easel_openai_error_from_response        (SoupMessage          *message,
                                                        GBytes               *body,
                                                        const char           *what,
                                                        const char           *model);
GError       *_easel_openai_error_from_object          (guint                 status,
                                                        SoupMessageHeaders   *headers,
                                                        JsonObject           *error,
                                                        const char           *raw,
                                                        const char           *what,
                                                        const char           *model);
void          _easel_openai_rate_limits_read           (SoupMessageHeaders   *headers,
                                                        EaselOpenaiRateLimits *limits);

/* easel-openai-request.c: one `POST /images/generations`, streamed or not, with its images
 * decoded off the main thread and URL answers downloaded.
 */
typedef void (*EaselOpenaiPreviewFunc) (GBytes     *image,
                                        const char *mime_type,
                                        int         index,
                                        int         total,
                                        gpointer    user_data);

void          _easel_openai_request_async              (EaselOpenaiProvider       *self,
                                                        JsonNode                  *body,
                                                        const EaselMappedRequest  *mapped,
                                                        EaselOpenaiPreviewFunc     preview,
                                                        gpointer                   preview_data,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
GPtrArray    *_easel_openai_request_finish             (EaselOpenaiProvider       *self,
                                                        GAsyncResult              *result,
                                                        GError                   **error);

G_END_DECLS
