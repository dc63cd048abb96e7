/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <unistd.h>

#include "easel-cli-private.h"
#include "easel-json.h"
#include "easel-paths.h"
#include "easel-engine.h"
#include "easel-store.h"

/* @command is what `--help` shows as the program ("easel settings parse"). */
GOptionContext *
_easel_cli_option_context_new (const char *command,
                               const char *parameter_string,
                               const char *summary)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  g_set_prgname (command);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
    _("Global option: --data-dir DIR keeps the database and images in DIR."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

int
_easel_cli_usage_error (GOptionContext *context,
                        const char     *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "easel: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "\n%s", help);
    }
  return EASEL_EXIT_USAGE;
}

int
_easel_cli_fail (const GError *error)
{
  fprintf (stderr, "easel: %s\n", error->message);
  return EASEL_EXIT_FAILED;
}

int
_easel_cli_fail_message (const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "easel: %s\n", message);
  return EASEL_EXIT_FAILED;
}

EaselStore *
_easel_cli_open_store (GError **error)
{
  return easel_store_open (easel_paths_get_data_dir (), error);
}

/* "-" reads standard input to its end; anything else is the text itself. */
char *
_easel_cli_read_text_arg (const char  *arg,
                          GError     **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  if (g_strcmp0 (arg, "-") != 0)
    return g_strdup (arg);

  input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  output = g_memory_output_stream_new_resizable ();
  /* The target stays open until the terminating NUL is written: a closed memory stream takes
   * no more bytes, and empty input would otherwise leave no buffer at all.
   */
  if (g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0 ||
      !g_output_stream_write_all (output, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (output, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
}

void
_easel_cli_print_json (JsonNode *node)
{
  g_autofree char *text = easel_json_to_string (node, TRUE);

  printf ("%s\n", text);
}

/* The engine for commands that generate or talk to providers. Recovery runs first, so jobs a
 * crashed process left behind show as interrupted before anything new starts.
 */
EaselEngine *
_easel_cli_open_engine (GError **error)
{
  g_autoptr(EaselStore) store = _easel_cli_open_store (error);
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(GError) local_error = NULL;

  if (store == NULL)
    return NULL;
  engine = easel_engine_new (store);
  if (easel_engine_recover (engine, &local_error) > 0)
    g_debug ("interrupted jobs of a process that stopped");
  if (local_error != NULL)
    g_debug ("recovery: %s", local_error->message);
  return g_steal_pointer (&engine);
}

/* Repeated options (--provider A --provider B) and comma lists (--provider A,B) both work. */
GStrv
_easel_cli_split_list (char **values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_strstrip (parts[j]);
          if (*parts[j] != '\0')
            g_strv_builder_add (builder, parts[j]);
        }
    }
  return g_strv_builder_end (builder);
}
