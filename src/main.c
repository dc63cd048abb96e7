/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "easel-application.h"
#include "easel-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EaselApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `easel COMMAND` runs headless: GTK is never initialised, so no display is needed. */
  if (easel_cli_wants_command (argc, argv))
    return easel_cli_run (argc, argv);

  app = easel_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
