/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "easel-image-info.h"
#include "easel-types.h"

G_BEGIN_DECLS

/* The default cap on any response body (protocols: "bound every response"). */
#define EASEL_HTTP_DEFAULT_MAX_BODY (64 * 1024 * 1024)

SoupSession *easel_http_session_new        (guint                timeout_seconds);
GUri        *easel_http_build_uri          (const char          *base_url,
                                            const char          *path,
                                            ...) G_GNUC_NULL_TERMINATED;
SoupMessage *easel_http_message_new        (const char          *method,
                                            const char          *base_url,
                                            const char          *path,
                                            char * const        *headers);
void         easel_http_apply_headers      (SoupMessage         *message,
                                            char * const        *headers);
void         easel_http_set_bearer         (SoupMessage         *message,
                                            const char          *token);
void         easel_http_set_basic          (SoupMessage         *message,
                                            const char          *user_colon_password);
void         easel_http_set_json_body      (SoupMessage         *message,
                                            JsonNode            *body);

void         easel_http_send_async         (SoupSession         *session,
                                            SoupMessage         *message,
                                            gsize                max_body,
                                            const char          *what,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes      *easel_http_send_finish        (SoupSession         *session,
                                            GAsyncResult        *result,
                                            GError             **error);
void         easel_http_read_body_async    (SoupMessage         *message,
                                            GInputStream        *stream,
                                            gsize                max_body,
                                            const char          *what,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes      *easel_http_read_body_finish   (SoupMessage         *message,
                                            GAsyncResult        *result,
                                            GError             **error);

gboolean     easel_http_status_is_success  (SoupMessage         *message);
GError      *easel_http_status_error       (SoupMessage         *message,
                                            GBytes              *body,
                                            const char          *what,
                                            const char          *provider_message);
gint64       easel_http_parse_retry_after  (SoupMessageHeaders  *headers);
char        *easel_http_body_excerpt       (GBytes              *body,
                                            gsize                max_chars);
JsonNode    *easel_http_parse_json         (SoupMessage         *message,
                                            GBytes              *body,
                                            const char          *what,
                                            GError             **error);

GBytes      *easel_base64_decode_image     (const char          *base64,
                                            int                  max_dimension,
                                            EaselImageInfo      *info,
                                            GError             **error);

G_END_DECLS
