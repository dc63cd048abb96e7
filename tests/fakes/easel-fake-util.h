/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Shared plumbing for the in-process fake servers: each fake is a SoupServer on 127.0.0.1 with
 * a random port, started by the test itself. No test reaches the internet.
 */
char   *easel_fake_listen_local      (SoupServer       *server,
                                      GError          **error);
GBytes *easel_fake_make_png          (int               width,
                                      int               height,
                                      guint32           rgba);
GBytes *easel_fake_make_jpeg         (int               width,
                                      int               height,
                                      guint32           rgba);
void    easel_fake_reply_json        (SoupServerMessage *msg,
                                      guint             status,
                                      const char       *json);
void    easel_fake_reply_empty       (SoupServerMessage *msg,
                                      guint             status);
JsonNode *easel_fake_request_json    (SoupServerMessage *msg);
char   *easel_fake_python_json       (JsonNode         *node);
void    easel_fake_wait_until        (gboolean        (*predicate) (gpointer data),
                                      gpointer          data,
                                      guint             timeout_ms);

G_END_DECLS
