/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-openai-stream.h"

/* Server-sent events as the HTML spec defines them and the OpenAI SDK reads them
 * (protocols/openai-images.md §5): lines end in LF, CRLF or CR; a blank line dispatches the
 * event; `data:` lines of one event are joined with "\n"; lines starting with ":" are comments;
 * unknown fields are ignored; `data: [DONE]` ends the stream.
 *
 * GDataInputStream's line reader grows its buffer without bound, and one `data:` line of a
 * streamed image is megabytes of base64; this parser takes the bytes as they come and caps the
 * size of one event and of the whole stream instead.
 */

struct _EaselSseParser
{
  GByteArray *line;
  gboolean    pending_cr;
  gboolean    first_line;
  char       *event;
  GByteArray *data;
  gboolean    has_data;
  GQueue      events;
  gboolean    done;
  gsize       max_event;
};

void
easel_sse_event_free (EaselSseEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->event);
  g_clear_pointer (&event->data, g_bytes_unref);
  g_free (event);
}

EaselSseParser *
easel_sse_parser_new (gsize max_event)
{
  EaselSseParser *self = g_new0 (EaselSseParser, 1);

  self->line = g_byte_array_new ();
  self->data = g_byte_array_new ();
  self->first_line = TRUE;
  self->max_event = max_event > 0 ? max_event : G_MAXSIZE;
  g_queue_init (&self->events);
  return self;
}

void
easel_sse_parser_free (EaselSseParser *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->line);
  g_byte_array_unref (self->data);
  g_free (self->event);
  g_queue_clear_full (&self->events, (GDestroyNotify) easel_sse_event_free);
  g_free (self);
}

static void
dispatch (EaselSseParser *self)
{
  EaselSseEvent *event;

  if (!self->has_data)
    {
      g_clear_pointer (&self->event, g_free);
      return;
    }

  /* The data buffer ends with the "\n" of its last line. */
  g_byte_array_set_size (self->data, self->data->len - 1);
  if (self->data->len >= 6 && memcmp (self->data->data, "[DONE]", 6) == 0)
    self->done = TRUE;
  else
    {
      event = g_new0 (EaselSseEvent, 1);
      event->event = self->event != NULL ? g_steal_pointer (&self->event) : g_strdup ("message");
      event->data = g_byte_array_free_to_bytes (g_steal_pointer (&self->data));
      self->data = g_byte_array_new ();
      g_queue_push_tail (&self->events, event);
    }
  g_clear_pointer (&self->event, g_free);
  g_byte_array_set_size (self->data, 0);
  self->has_data = FALSE;
}

static gboolean
process_line (EaselSseParser  *self,
              const char      *line,
              gsize            length,
              GError         **error)
{
  const char *colon;
  const char *value;
  gsize name_length, value_length;

  /* A byte-order mark may open the stream. */
  if (self->first_line && length >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
    {
      line += 3;
      length -= 3;
    }
  self->first_line = FALSE;

  if (length == 0)
    {
      dispatch (self);
      return TRUE;
    }
  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', length);
  if (colon != NULL)
    {
      name_length = colon - line;
      value = colon + 1;
      value_length = length - name_length - 1;
      if (value_length > 0 && *value == ' ')
        {
          value++;
          value_length--;
        }
    }
  else
    {
      name_length = length;
      value = line + length;
      value_length = 0;
    }

  if (name_length == 4 && memcmp (line, "data", 4) == 0)
    {
      if (self->data->len + value_length + 1 > self->max_event)
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       _("A streamed event is larger than the %" G_GSIZE_FORMAT " MiB limit"),
                       self->max_event / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (self->data, (const guint8 *) value, value_length);
      g_byte_array_append (self->data, (const guint8 *) "\n", 1);
      self->has_data = TRUE;
    }
  else if (name_length == 5 && memcmp (line, "event", 5) == 0)
    {
      g_free (self->event);
      self->event = g_strndup (value, value_length);
    }
  /* "id", "retry" and unknown fields mean nothing here. */
  return TRUE;
}

/**
 * easel_sse_parser_feed:
 *
 * Feeds the next bytes of the stream; complete events queue up for easel_sse_parser_pop().
 * Lines after `data: [DONE]` are ignored.
 *
 * Returns: %FALSE with a bad-response error when an event exceeds the cap.
 */
gboolean
easel_sse_parser_feed (EaselSseParser  *self,
                       const char      *data,
                       gsize            length,
                       GError         **error)
{
  gsize start = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  while (start < length && !self->done)
    {
      const char *lf, *cr;
      gsize i;
      char c;

      if (self->pending_cr)
        {
          self->pending_cr = FALSE;
          if (data[start] == '\n')
            {
              start++;
              continue;
            }
        }

      /* memchr, not a byte loop: one data line is megabytes of base64. */
      lf = memchr (data + start, '\n', length - start);
      cr = memchr (data + start, '\r', (lf != NULL ? (gsize) (lf - data) : length) - start);
      if (lf == NULL && cr == NULL)
        break;
      i = (gsize) ((cr != NULL ? cr : lf) - data);
      c = data[i];

      if (self->line->len > 0)
        {
          g_byte_array_append (self->line, (const guint8 *) data + start, i - start);
          if (!process_line (self, (const char *) self->line->data, self->line->len, error))
            return FALSE;
          g_byte_array_set_size (self->line, 0);
        }
      else if (!process_line (self, data + start, i - start, error))
        return FALSE;

      self->pending_cr = c == '\r';
      start = i + 1;
    }

  if (!self->done && start < length)
    {
      if (self->line->len + (length - start) > self->max_event + 16)
        {
          g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                       _("A streamed line is larger than the %" G_GSIZE_FORMAT " MiB limit"),
                       self->max_event / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (self->line, (const guint8 *) data + start, length - start);
    }
  return TRUE;
}

/* Returns: (transfer full) (nullable): the next complete event. */
EaselSseEvent *
easel_sse_parser_pop (EaselSseParser *self)
{
  return g_queue_pop_head (&self->events);
}

gboolean
easel_sse_parser_is_done (EaselSseParser *self)
{
  return self->done;
}

/* ---- reading a response stream ---------------------------------------------------------- */

struct _EaselSseReader
{
  GInputStream   *stream;
  EaselSseParser *parser;
  gsize           received;
  gsize           max_total;
  char           *what;
  gboolean        eof;
};

EaselSseReader *
easel_sse_reader_new (GInputStream *stream,
                      gsize         max_event,
                      gsize         max_total,
                      const char   *what)
{
  EaselSseReader *self = g_new0 (EaselSseReader, 1);

  self->stream = g_object_ref (stream);
  self->parser = easel_sse_parser_new (max_event);
  self->max_total = max_total > 0 ? max_total : G_MAXSIZE;
  self->what = g_strdup (what);
  return self;
}

void
easel_sse_reader_free (EaselSseReader *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->stream);
  easel_sse_parser_free (self->parser);
  g_free (self->what);
  g_free (self);
}

gsize
easel_sse_reader_get_received (EaselSseReader *self)
{
  return self->received;
}

static void read_more (GTask *task);

static gboolean
return_next (GTask *task)
{
  EaselSseReader *self = g_task_get_task_data (task);
  EaselSseEvent *event = easel_sse_parser_pop (self->parser);

  if (event != NULL)
    {
      g_task_return_pointer (task, event, (GDestroyNotify) easel_sse_event_free);
      return TRUE;
    }
  if (self->eof || easel_sse_parser_is_done (self->parser))
    {
      /* End of stream: NULL without an error. An event cut off by the end is dropped, as the
       * spec says; the caller decides whether the stream was complete.
       */
      g_task_return_pointer (task, NULL, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EaselSseReader *self = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_error (task, easel_provider_error_from_transport (error, self->what));
      else
        g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                 _("The stream from %s broke off after %" G_GSIZE_FORMAT
                                   " bytes (%s)"), self->what, self->received, error->message);
      return;
    }

  length = g_bytes_get_size (chunk);
  if (length == 0)
    self->eof = TRUE;
  else
    {
      self->received += length;
      if (self->received > self->max_total)
        {
          g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                                   _("The stream from %s is larger than the %" G_GSIZE_FORMAT
                                     " MiB limit"), self->what, self->max_total / (1024 * 1024));
          return;
        }
      if (!easel_sse_parser_feed (self->parser, g_bytes_get_data (chunk, NULL), length, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (!return_next (task))
    read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  EaselSseReader *self = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (self->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

/**
 * easel_sse_reader_next_async:
 *
 * Reads until the next event is complete. Finishes with %NULL and no error at the end of the
 * stream (or after `[DONE]`).
 */
void
easel_sse_reader_next_async (EaselSseReader      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, easel_sse_reader_next_async);
  g_task_set_task_data (task, self, NULL);
  if (!return_next (task))
    read_more (g_steal_pointer (&task));
}

EaselSseEvent *
easel_sse_reader_next_finish (EaselSseReader  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
