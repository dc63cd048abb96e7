/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-error.h"
#include "easel-openai-provider.h"
#include "easel-openai-stream.h"

/* The server-sent-events parser (protocols/openai-images.md §5, the HTML spec's rules) and the
 * Go durations of the rate-limit headers (§7). Pure: no server.
 */

typedef struct
{
  const char *name;
  const char *stream;
  const char *expected;   /* "event=data" per dispatched event, joined with "|" */
  gboolean    done;
} SseCase;

static const SseCase sse_cases[] = {
  { "one-event", "event: image_generation.completed\ndata: {\"a\":1}\n\n",
    "image_generation.completed={\"a\":1}", FALSE },
  { "joined-data", "event: e\ndata: {\"a\":\ndata: 1}\n\n", "e={\"a\":\n1}", FALSE },
  { "default-name", "data: x\n\n", "message=x", FALSE },
  { "comments", ": keep-alive\n\n: another\nevent: e\n: inside\ndata: y\n\n", "e=y", FALSE },
  { "blank-without-data", "event: lost\n\nevent: e\ndata: z\n\n", "e=z", FALSE },
  { "one-space-removed", "data:no-space\n\ndata:  two\n\n", "message=no-space|message= two",
    FALSE },
  { "bare-data-field", "data\ndata\n\n", "message=\n", FALSE },
  { "unknown-fields", "id: 7\nretry: 100\nfoo: bar\ndata: ok\n\n", "message=ok", FALSE },
  { "crlf", "event: e\r\ndata: a\r\n\r\n", "e=a", FALSE },
  { "cr", "event: e\rdata: a\r\rdata: b\r\r", "e=a|message=b", FALSE },
  { "bom", "\xEF\xBB\xBF" "data: a\n\n", "message=a", FALSE },
  { "done", "data: a\n\ndata: [DONE]\n\ndata: after\n\n", "message=a", TRUE },
  { "cut-at-end", "data: a\n\ndata: never dispatched\n", "message=a", FALSE },
  { "two-events", "event: image_generation.partial_image\ndata: 1\n\n"
                  "event: image_generation.completed\ndata: 2\n\n",
    "image_generation.partial_image=1|image_generation.completed=2", FALSE },
};

static char *
collect (EaselSseParser *parser)
{
  GString *out = g_string_new (NULL);
  EaselSseEvent *event;

  while ((event = easel_sse_parser_pop (parser)) != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append_printf (out, "%s=", event->event);
      g_string_append_len (out, g_bytes_get_data (event->data, NULL),
                           g_bytes_get_size (event->data));
      easel_sse_event_free (event);
    }
  return g_string_free (out, FALSE);
}

static void
test_sse_case (gconstpointer data)
{
  const SseCase *sc = data;
  gsize length = strlen (sc->stream);

  /* The same stream cut at every position must parse the same. */
  for (gsize cut = 0; cut <= length; cut++)
    {
      g_autoptr(EaselSseParser) parser = easel_sse_parser_new (1024);
      g_autoptr(GError) error = NULL;
      g_autofree char *events = NULL;

      g_assert_true (easel_sse_parser_feed (parser, sc->stream, cut, &error));
      g_assert_true (easel_sse_parser_feed (parser, sc->stream + cut, length - cut, &error));
      g_assert_no_error (error);
      events = collect (parser);
      g_assert_cmpstr (events, ==, sc->expected);
      g_assert_cmpint (easel_sse_parser_is_done (parser), ==, sc->done);
    }
}

static void
test_sse_byte_by_byte (void)
{
  const char *stream = "event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r: c\n\ndata: 3\n\n";
  g_autoptr(EaselSseParser) parser = easel_sse_parser_new (1024);
  g_autofree char *events = NULL;

  for (gsize i = 0; i < strlen (stream); i++)
    g_assert_true (easel_sse_parser_feed (parser, stream + i, 1, NULL));
  events = collect (parser);
  g_assert_cmpstr (events, ==, "a=1|b=2|message=3");
}

static void
test_sse_caps (void)
{
  g_autoptr(EaselSseParser) lines = easel_sse_parser_new (64);
  g_autoptr(EaselSseParser) events = easel_sse_parser_new (64);
  g_autofree char *long_line = g_strnfill (200, 'A');
  g_autoptr(GError) error = NULL;

  /* A line that never ends. */
  g_assert_true (easel_sse_parser_feed (lines, "data: ", 6, &error));
  g_assert_false (easel_sse_parser_feed (lines, long_line, 200, &error));
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Short lines that add up to an event over the cap. */
  for (guint i = 0; i < 20 && error == NULL; i++)
    easel_sse_parser_feed (events, "data: 0123456789\n", 17, &error);
  g_assert_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE);
}

static void
test_sse_big_event (void)
{
  g_autoptr(EaselSseParser) parser = easel_sse_parser_new (8 * 1024 * 1024);
  g_autoptr(GString) stream = g_string_new ("event: image_generation.completed\ndata: {\"b64_json\":\"");
  g_autoptr(EaselSseEvent) event = NULL;
  gsize offset = 0;

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append (stream, "AAAA");
  g_string_append (stream, "\"}\n\n");

  /* 64 KiB reads, as the reader does. */
  while (offset < stream->len)
    {
      gsize chunk = MIN (64 * 1024, stream->len - offset);

      g_assert_true (easel_sse_parser_feed (parser, stream->str + offset, chunk, NULL));
      offset += chunk;
    }
  event = easel_sse_parser_pop (parser);
  g_assert_nonnull (event);
  g_assert_cmpuint (g_bytes_get_size (event->data), ==, 4 * 1024 * 1024 + 15);
}

static void
test_durations (void)
{
  static const struct { const char *text; gint64 ms; } cases[] = {
    { "1s", 1000 }, { "6m0s", 360000 }, { "12ms", 12 }, { "1m30.5s", 90500 }, { "0s", 0 },
    { "1h", 3600000 }, { "1h2m3s", 3723000 }, { "0.5ms", 1 }, { "250us", 0 },
    { "20ms5s", 5020 }, { "", -1 }, { "abc", -1 }, { "1x", -1 }, { "s", -1 }, { "-1s", -1 },
    { "1", -1 }, { "1.s", 1000 }, { "1 s", -1 }, { NULL, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 ms = easel_openai_parse_duration_ms (cases[i].text);

      if (ms != cases[i].ms)
        g_error ("“%s” → %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 cases[i].text, ms, cases[i].ms);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/openai/sse/%s", sse_cases[i].name);
      g_test_add_data_func (path, &sse_cases[i], test_sse_case);
    }
  g_test_add_func ("/easel/openai/sse/byte-by-byte", test_sse_byte_by_byte);
  g_test_add_func ("/easel/openai/sse/caps", test_sse_caps);
  g_test_add_func ("/easel/openai/sse/big-event", test_sse_big_event);
  g_test_add_func ("/easel/openai/duration", test_durations);
  return g_test_run ();
}
