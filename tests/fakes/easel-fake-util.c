/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "easel-fake-util.h"

/**
 * easel_fake_listen_local:
 *
 * Listens on 127.0.0.1 with a port the kernel picks.
 *
 * Returns: the base URL, like "http://127.0.0.1:40123".
 */
char *
easel_fake_listen_local (SoupServer  *server,
                         GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  char *url;
  GUri *uri;

  if (!soup_server_listen (server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  uri = uris->data;
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

static GdkPixbuf *
make_pixbuf (int     width,
             int     height,
             guint32 rgba)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, rgba);
  /* A diagonal stripe so images are not one flat colour (screenshots, blank checks). */
  for (int y = 0; y < height; y++)
    {
      guchar *row = gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf);
      int x = (int) ((gint64) y * width / MAX (height, 1));

      for (int dx = 0; dx < MAX (width / 16, 1) && x + dx < width; dx++)
        {
          guchar *p = row + (gsize) (x + dx) * 4;
          p[0] = 255 - p[0];
          p[1] = 255 - p[1];
          p[2] = 255 - p[2];
        }
    }
  return pixbuf;
}

/* A real PNG of the requested size: fakes answer with images a client can decode. */
GBytes *
easel_fake_make_png (int     width,
                     int     height,
                     guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, rgba);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                  "compression", "1", NULL))
    g_error ("cannot make a PNG: %s", error->message);
  return g_bytes_new_take (buffer, size);
}

GBytes *
easel_fake_make_jpeg (int     width,
                      int     height,
                      guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, rgba);
  g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_composite_color_simple (pixbuf, width, height,
                                                                   GDK_INTERP_NEAREST, 255, 8,
                                                                   0xffffffff, 0xffffffff);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  if (!gdk_pixbuf_save_to_buffer (opaque, &buffer, &size, "jpeg", &error, "quality", "85", NULL))
    g_error ("cannot make a JPEG: %s", error->message);
  return g_bytes_new_take (buffer, size);
}

void
easel_fake_reply_json (SoupServerMessage *msg,
                       guint              status,
                       const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

/* ComfyUI's bodiless answers: Content-Length 0 and aiohttp's default type. */
void
easel_fake_reply_empty (SoupServerMessage *msg,
                        guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, "", 0);
}

/**
 * easel_fake_request_json:
 *
 * Returns: (transfer full) (nullable): the request body parsed, or %NULL if it is not JSON.
 */
JsonNode *
easel_fake_request_json (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* json.dumps(ensure_ascii=True): non-ASCII as \uXXXX (surrogate pairs above the BMP). */
static void
python_string_append (GString    *out,
                      const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || (c > 0x7e && c <= 0xffff))
            g_string_append_printf (out, "\\u%04x", c);
          else if (c > 0xffff)
            g_string_append_printf (out, "\\u%04x\\u%04x",
                                    0xd800 + ((c - 0x10000) >> 10),
                                    0xdc00 + ((c - 0x10000) & 0x3ff));
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Python's repr(float): the shortest text that reads back to the same double, always with a
 * dot or an exponent ("8.0", "0.1", "3e-05").
 */
static void
python_double_append (GString *out,
                      double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
python_json_append (GString  *out,
                    JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *key;
        JsonNode *value;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &key, &value))
          {
            if (!first)
              g_string_append (out, ", ");
            first = FALSE;
            python_string_append (out, key);
            g_string_append (out, ": ");
            python_json_append (out, value);
          }
        g_string_append_c (out, '}');
        break;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            python_json_append (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          python_string_append (out, json_node_get_string (node));
          break;
        }
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          python_double_append (out, json_node_get_double (node));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case JSON_NODE_NULL:
    default:
      {
        g_autofree char *text = json_to_string (node, FALSE);
        g_string_append (out, text);
        break;
      }
    }
}

/* ComfyUI answers with Python's json.dumps separators (", " and ": "); fakes that replay the
 * recorded transcripts write the same bytes.
 */
char *
easel_fake_python_json (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  python_json_append (out, node);
  return g_string_free (out, FALSE);
}

/* Iterates the default main context until @predicate holds, failing the test after
 * @timeout_ms. Tests wait on conditions, never on fixed sleeps.
 */
void
easel_fake_wait_until (gboolean (*predicate) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
