/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-worker"

#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "easel-worker.h"

/**
 * easel_worker_lower_priority:
 *
 * Called by worker threads before heavy image work: they run at a lower priority than the main
 * thread, so on a machine with few cores the scheduler lets the main loop in at once, whatever
 * number of images are being decoded. Once per thread.
 */
void
easel_worker_lower_priority (void)
{
  static GPrivate lowered;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  /* On Linux, PRIO_PROCESS with a thread id sets that thread's nice value. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("could not lower a worker thread's priority");
}

