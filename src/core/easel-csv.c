/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-csv.h"
#include "easel-error.h"

/**
 * easel_csv_parse:
 *
 * Reads RFC 4180 CSV: fields separated by commas, quoted with double quotes when they hold
 * commas, quotes (doubled) or line breaks; CRLF or LF line ends; a UTF-8 byte-order mark is
 * skipped. Settings exports put multi-line infotext in quoted fields, so this is not a split on
 * commas.
 *
 * Returns: (element-type GStrv) (transfer full): one string array per record, or %NULL when a
 * quote is left open.
 */
GPtrArray *
easel_csv_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p;
  const char *end;
  gboolean quoted = FALSE;
  gboolean field_started = FALSE;
  guint line = 1;

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);
  p = text;
  end = text + length;
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

#define END_FIELD() G_STMT_START { \
    g_ptr_array_add (fields, g_strdup (field->str)); \
    g_string_truncate (field, 0); \
    field_started = FALSE; \
  } G_STMT_END
#define END_RECORD() G_STMT_START { \
    END_FIELD (); \
    g_ptr_array_add (fields, NULL); \
    g_ptr_array_add (records, g_ptr_array_steal (fields, NULL)); \
    g_ptr_array_set_free_func (fields, g_free); \
  } G_STMT_END

  while (p < end)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          p++;
          continue;
        }

      if (c == '"' && !field_started)
        {
          quoted = TRUE;
          field_started = TRUE;
        }
      else if (c == ',')
        END_FIELD ();
      else if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n'))
        {
          /* A blank line is no record. */
          if (fields->len > 0 || field->len > 0 || field_started)
            END_RECORD ();
          if (c == '\r')
            p++;
          line++;
        }
      else
        {
          g_string_append_c (field, c);
          field_started = TRUE;
        }
      p++;
    }

  if (quoted)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The CSV text has a quote that is never closed (line %u)"), line);
      return NULL;
    }
  if (field_started || field->len > 0 || fields->len > 0)
    END_RECORD ();

#undef END_FIELD
#undef END_RECORD

  return g_steal_pointer (&records);
}
