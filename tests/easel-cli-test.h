/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the built `easel` binary as a person would, while this process's main loop keeps
 * serving the in-process fakes it talks to.
 */
typedef struct
{
  int    status;
  char  *out;
  char  *err;
} EaselCliRun;

void         easel_cli_run_clear   (EaselCliRun        *run);
GSubprocess *easel_cli_spawn       (const char         *data_dir,
                                    const char * const *env,
                                    const char * const *args);
void         easel_cli_wait        (GSubprocess        *process,
                                    EaselCliRun        *run);
void         easel_cli_exec        (const char         *data_dir,
                                    const char * const *env,
                                    const char         *stdin_text,
                                    EaselCliRun        *run,
                                    ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
