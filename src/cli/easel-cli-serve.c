/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "easel-api-server.h"
#include "easel-api-token.h"
#include "easel-cli-private.h"
#include "easel-engine.h"

/* easel serve: the local REST API until Ctrl+C. The first Ctrl+C stops cleanly (runs in
 * flight are cancelled, waiting clients get their answers); a second one stops at once.
 */

typedef struct
{
  EaselApiServer *server;
  GMainLoop      *loop;
  guint           signals;
} Serving;

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Serving *serving = user_data;

  easel_api_server_shutdown_finish (EASEL_API_SERVER (object), result, NULL);
  g_main_loop_quit (serving->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Serving *serving = user_data;
  guint jobs;

  serving->signals++;
  if (serving->signals > 1)
    {
      fprintf (stderr, "%s\n", _("Stopped without waiting; unfinished jobs will show as "
                                 "interrupted."));
      _exit (EASEL_EXIT_CANCELLED);
    }

  jobs = easel_engine_get_active_jobs (easel_api_server_get_engine (serving->server));
  if (jobs > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "Stopping: cancelling %u job… (press Ctrl+C again to stop at "
                                  "once)\n",
                                  "Stopping: cancelling %u jobs… (press Ctrl+C again to stop "
                                  "at once)\n", jobs), jobs);
  else
    fprintf (stderr, "%s\n", _("Stopping…"));
  easel_api_server_shutdown_async (serving->server, NULL, shutdown_cb, serving);
  return G_SOURCE_CONTINUE;
}

static int
serve_run (int    argc,
           char **argv)
{
  int port = EASEL_API_DEFAULT_PORT;
  g_autofree char *bind = NULL;
  g_autofree char *token_file = NULL;
  gboolean allow_remote = FALSE;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The TCP port (default 8765; 0 picks a free one)"), N_("N") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind,
      N_("The address to listen on (default 127.0.0.1)"), N_("ADDR") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("Read the bearer token from FILE, making it first if needed (default: api-token in "
         "the data folder)"), N_("FILE") },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &allow_remote,
      N_("Allow an address other machines can reach (the token then crosses the network in "
         "plain HTTP)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselApiServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  Serving serving = { 0 };
  gboolean created = FALSE;
  guint sigint, sigterm;

  context = _easel_cli_option_context_new ("easel serve", NULL,
    _("Serve the local REST API (/api/v1) for blog tools and scripts. Every request needs the "
      "bearer token; the first start makes one and prints it once. docs/api.md describes the "
      "endpoints.\n\nCtrl+C stops the server, cancelling the runs in flight."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc > 1)
    return _easel_cli_usage_error (context, _("Unexpected argument “%s”"), argv[1]);
  if (port < 0 || port > 65535)
    return _easel_cli_usage_error (context, _("--port must be between 0 and 65535"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);

  if (token_file == NULL)
    token_file = easel_api_token_default_path ();
  token = easel_api_token_load_or_create (token_file, &created, &error);
  if (token == NULL)
    return _easel_cli_fail (error);

  server = easel_api_server_new (engine, token);
  easel_api_server_set_allow_remote (server, allow_remote);
  if (!easel_api_server_listen (server, bind != NULL ? bind : "127.0.0.1", (guint) port, &error))
    {
      /* A token nobody saw would never be printed: the next start makes a new one. */
      if (created)
        g_unlink (token_file);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) && !allow_remote)
        {
          fprintf (stderr, "easel: %s\n", error->message);
          return EASEL_EXIT_USAGE;
        }
      return _easel_cli_fail (error);
    }

  if (created)
    fprintf (stderr, _("A new API token was made; it is shown this once:\n\n  %s\n\nIt is kept "
                       "in %s (readable only by you): read it from there later.\n\n"),
             token, token_file);
  if (allow_remote)
    fprintf (stderr, "%s\n", _("Warning: remote clients are allowed; the token crosses the "
                               "network in plain HTTP."));

  /* Ctrl+C is handled from the moment a client can know the address. */
  loop = g_main_loop_new (NULL, FALSE);
  serving.server = server;
  serving.loop = loop;
  sigint = g_unix_signal_add (SIGINT, on_signal, &serving);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &serving);

  url = easel_api_server_dup_url (server);
  printf (_("Serving the Easel API at %s (Ctrl+C stops)\n"), url);
  fflush (stdout);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* The last job states reach the store before the process ends. */
  easel_engine_flush (engine);
  fprintf (stderr, "%s\n", _("Stopped."));
  return EASEL_EXIT_OK;
}

const EaselCliCommand _easel_cli_serve_command = {
  "serve", N_("Serve the local REST API for blog tools"), serve_run,
};
