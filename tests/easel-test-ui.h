/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up for the widget tests. */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Widget tests need a display: `build-aux/dev test` runs the suite under Xvfb, and so does
 * `xvfb-run -a -s '-screen 0 1280x800x24' meson test -C _build`. Without one (a Flatpak build,
 * a bare `meson test`) the test reports itself skipped instead of aborting in gtk_init().
 */
static inline gboolean
easel_test_ui_init (int    *argc,
                    char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display; run GUI tests under xvfb-run\n");
      return FALSE;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return TRUE;
}

G_END_DECLS
