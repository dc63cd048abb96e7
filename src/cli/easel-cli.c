/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "easel-cli.h"
#include "easel-cli-private.h"
#include "easel-paths.h"

/* NULL-terminated, in the order `easel --help` lists them. */
static const EaselCliCommand *commands[] = {
  &_easel_cli_generate_command,
  &_easel_cli_providers_command,
  &_easel_cli_examples_command,
  &_easel_cli_history_command,
  &_easel_cli_jobs_command,
  &_easel_cli_retry_command,
  &_easel_cli_import_command,
  &_easel_cli_post_command,
  &_easel_cli_settings_command,
  &_easel_cli_serve_command,
  NULL
};

static const EaselCliCommand *
find_command (const char *name)
{
  for (guint i = 0; commands[i] != NULL; i++)
    if (g_strcmp0 (commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

/* `--data-dir DIR` (or `--data-dir=DIR`) may stand anywhere on the line; it is taken out here so
 * each command's own option parser never sees it. Returns the index of the value consumed, or -1.
 */
static gboolean
take_data_dir (GPtrArray  *args,
               GError    **error)
{
  for (guint i = 1; i < args->len; i++)
    {
      const char *arg = g_ptr_array_index (args, i);

      if (g_strcmp0 (arg, "--") == 0)
        break;
      if (g_strcmp0 (arg, "--data-dir") == 0)
        {
          if (i + 1 >= args->len)
            {
              g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   _("--data-dir needs a folder"));
              return FALSE;
            }
          easel_paths_set_data_dir (g_ptr_array_index (args, i + 1));
          g_ptr_array_remove_range (args, i, 2);
          i--;
        }
      else if (g_str_has_prefix (arg, "--data-dir="))
        {
          easel_paths_set_data_dir (arg + strlen ("--data-dir="));
          g_ptr_array_remove_index (args, i);
          i--;
        }
    }
  return TRUE;
}

/**
 * easel_cli_wants_command:
 *
 * Returns: %TRUE when the arguments name a command (or ask for help): the command line then runs
 * without a display. Bare `easel` (with at most `--data-dir`) opens the window.
 */
gboolean
easel_cli_wants_command (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--data-dir") == 0)
        {
          i++;
          continue;
        }
      if (g_str_has_prefix (argv[i], "--data-dir="))
        continue;
      if (g_strcmp0 (argv[i], "--help") == 0 || g_strcmp0 (argv[i], "-h") == 0 ||
          g_strcmp0 (argv[i], "--version") == 0)
        return TRUE;
      if (argv[i][0] != '-')
        return TRUE;
    }
  return FALSE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n  easel [--data-dir DIR] [COMMAND [ARGS…]]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n", _("Without a command, Easel opens its window. With one, it runs "
                            "without a display."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; commands[i] != NULL; i++)
    fprintf (out, "  %-12s %s\n", commands[i]->name, _(commands[i]->summary));
  fprintf (out, "\n%s\n", _("Global options:"));
  fprintf (out, "  %-22s %s\n", "--data-dir DIR",
           _("Keep the database and images in DIR (also $EASEL_DATA_DIR)"));
  fprintf (out, "  %-22s %s\n", "--version", _("Print the version"));
  fprintf (out, "\n%s\n", _("Run “easel COMMAND --help” for a command’s options."));
}

int
easel_cli_run (int    argc,
               char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const EaselCliCommand *command;
  const char *name;

  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);

  if (!take_data_dir (args, &error))
    {
      fprintf (stderr, "easel: %s\n", error->message);
      return EASEL_EXIT_USAGE;
    }

  if (args->len < 2)
    {
      print_help (stderr);
      return EASEL_EXIT_USAGE;
    }

  name = g_ptr_array_index (args, 1);
  if (g_strcmp0 (name, "--help") == 0 || g_strcmp0 (name, "-h") == 0 ||
      g_strcmp0 (name, "help") == 0)
    {
      print_help (stdout);
      return EASEL_EXIT_OK;
    }
  if (g_strcmp0 (name, "--version") == 0)
    {
      printf ("easel %s\n", PACKAGE_VERSION);
      return EASEL_EXIT_OK;
    }

  command = find_command (name);
  if (command == NULL)
    {
      fprintf (stderr, _("easel: unknown command “%s”\n\n"), name);
      print_help (stderr);
      return EASEL_EXIT_USAGE;
    }

  g_ptr_array_add (args, NULL);
  return command->run ((int) args->len - 2, (char **) args->pdata + 1);
}
