/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "easel-cli-test.h"

void
easel_cli_run_clear (EaselCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static char *
easel_binary (void)
{
  return g_build_filename (g_getenv ("EASEL_BUILD_DIR"), "src", "easel", NULL);
}

GSubprocess *
easel_cli_spawn (const char         *data_dir,
                 const char * const *env,
                 const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Plain progress lines and no terminal tricks, whatever runs the tests. */
  g_subprocess_launcher_setenv (launcher, "EASEL_PLAIN_PROGRESS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  for (guint i = 0; env != NULL && env[i] != NULL && env[i + 1] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, easel_binary ());
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (data_dir));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  EaselCliRun *run;
  gboolean     done;
} Waiting;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waiting *waiting = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &waiting->run->out,
                                        &waiting->run->err, &error);
  g_assert_no_error (error);
  waiting->done = TRUE;
}

static void
wait_with_input (GSubprocess *process,
                 const char  *stdin_text,
                 EaselCliRun *run)
{
  Waiting waiting = { run, FALSE };

  /* What an earlier run printed is replaced, not leaked. */
  easel_cli_run_clear (run);
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, communicate_cb, &waiting);
  while (!waiting.done)
    g_main_context_iteration (NULL, TRUE);
  while (!g_subprocess_get_if_exited (process) && !g_subprocess_get_if_signaled (process))
    g_main_context_iteration (NULL, TRUE);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : 128 + g_subprocess_get_term_sig (process);
}

void
easel_cli_wait (GSubprocess *process,
                EaselCliRun *run)
{
  wait_with_input (process, NULL, run);
}

void
easel_cli_exec (const char         *data_dir,
                const char * const *env,
                const char         *stdin_text,
                EaselCliRun        *run,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = easel_cli_spawn (data_dir, env, (const char * const *) args->pdata);
  wait_with_input (process, stdin_text, run);
}
