/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * EaselSseEvent:
 * @event: the event name ("message" when the stream gave none)
 * @data: the event's data lines joined with "\n"
 *
 * One dispatched server-sent event.
 */
typedef struct
{
  char   *event;
  GBytes *data;
} EaselSseEvent;

void easel_sse_event_free (EaselSseEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSseEvent, easel_sse_event_free)

typedef struct _EaselSseParser EaselSseParser;

EaselSseParser *easel_sse_parser_new      (gsize            max_event);
void            easel_sse_parser_free     (EaselSseParser  *self);
gboolean        easel_sse_parser_feed     (EaselSseParser  *self,
                                           const char      *data,
                                           gsize            length,
                                           GError         **error);
EaselSseEvent  *easel_sse_parser_pop      (EaselSseParser  *self);
gboolean        easel_sse_parser_is_done  (EaselSseParser  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSseParser, easel_sse_parser_free)

typedef struct _EaselSseReader EaselSseReader;

EaselSseReader *easel_sse_reader_new         (GInputStream        *stream,
                                              gsize                max_event,
                                              gsize                max_total,
                                              const char          *what);
void            easel_sse_reader_free        (EaselSseReader      *self);
void            easel_sse_reader_next_async  (EaselSseReader      *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
EaselSseEvent  *easel_sse_reader_next_finish (EaselSseReader      *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gsize           easel_sse_reader_get_received (EaselSseReader     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselSseReader, easel_sse_reader_free)

G_END_DECLS
