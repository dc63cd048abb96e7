/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EaselApplication's own command line, parsed by GApplication as when a person starts Easel:
 * `easel --data-dir DIR` opens the window on DIR. No display needed: the run stops right after
 * the options are handled, before GTK starts.
 */
#include "config.h"

#include "easel-application.h"
#include "easel-paths.h"

static int
stop_after_options_cb (GApplication *app,
                       GVariantDict *options,
                       gpointer      user_data)
{
  /* Any value >= 0 ends the run here, with that exit status. */
  return 0;
}

static int
run_with (const char * const *args)
{
  g_autoptr(EaselApplication) app = g_object_new (EASEL_TYPE_APPLICATION,
                                                  "application-id", APP_ID,
                                                  "flags", G_APPLICATION_NON_UNIQUE,
                                                  NULL);
  g_auto(GStrv) argv = g_strdupv ((char **) args);

  g_signal_connect_after (app, "handle-local-options", G_CALLBACK (stop_after_options_cb), NULL);
  return g_application_run (G_APPLICATION (app), (int) g_strv_length (argv), argv);
}

static void
test_data_dir_option (void)
{
  easel_paths_set_data_dir ("/nowhere/before");

  /* G_OPTION_ARG_FILENAME reaches handle-local-options as a bytestring, not a string. */
  g_assert_cmpint (run_with ((const char * const[]) { "easel", "--data-dir", "/tmp/easel-a",
                                                      NULL }), ==, 0);
  g_assert_cmpstr (easel_paths_get_data_dir (), ==, "/tmp/easel-a");

  g_assert_cmpint (run_with ((const char * const[]) { "easel", "--data-dir=/tmp/easel-b",
                                                      NULL }), ==, 0);
  g_assert_cmpstr (easel_paths_get_data_dir (), ==, "/tmp/easel-b");

  /* Without the option, the folder stays as it was. */
  g_assert_cmpint (run_with ((const char * const[]) { "easel", NULL }), ==, 0);
  g_assert_cmpstr (easel_paths_get_data_dir (), ==, "/tmp/easel-b");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/easel/application/data-dir-option", test_data_dir_option);
  return g_test_run ();
}
