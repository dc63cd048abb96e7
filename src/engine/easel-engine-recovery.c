/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "easel-engine-private.h"

/* Crash recovery. Each engine holds an exclusive lock on locks/<owner>.lock in the data folder
 * for as long as it lives, and stamps its jobs with that owner. At start-up, jobs still queued
 * or running whose owner's lock can be taken belong to a process that died: they become
 * interrupted (and can be retried). Jobs of a live process (the window and `easel serve` at the
 * same time) are left alone.
 */

static char *
lock_path (EaselEngine *self,
           const char  *owner)
{
  g_autofree char *name = g_strdup_printf ("%s.lock", owner);

  return g_build_filename (easel_store_get_data_dir (self->store), "locks", name, NULL);
}

gboolean
_easel_engine_take_owner_lock (EaselEngine  *self,
                               GError      **error)
{
  g_autofree char *path = lock_path (self, self->owner_id);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  self->owner_lock_fd = fd;
  return TRUE;
}

void
_easel_engine_release_owner_lock (EaselEngine *self)
{
  g_autofree char *path = NULL;

  if (self->owner_lock_fd < 0 || self->store == NULL)
    return;
  path = lock_path (self, self->owner_id);
  g_unlink (path);
  close (self->owner_lock_fd);
  self->owner_lock_fd = -1;
}

/* Whether @owner is a live engine: its lock file exists and someone holds it. */
static gboolean
owner_is_alive (EaselEngine *self,
                const char  *owner)
{
  g_autofree char *path = NULL;
  gboolean alive;
  int fd;

  if (owner == NULL)
    return FALSE;
  if (g_strcmp0 (owner, self->owner_id) == 0)
    return TRUE;

  path = lock_path (self, owner);
  fd = open (path, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  alive = flock (fd, LOCK_EX | LOCK_NB) != 0;
  if (!alive)
    g_unlink (path);
  close (fd);
  return alive;
}

/**
 * easel_engine_recover:
 *
 * Marks the unfinished jobs of dead processes interrupted, and removes temporary image files
 * when no other Easel process is alive (a live one may be writing one right now). Blocks: call
 * easel_engine_recover_async() from the window.
 *
 * Returns: how many jobs were interrupted.
 */
guint
easel_engine_recover (EaselEngine  *self,
                      GError      **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean other_alive = FALSE;
  guint interrupted = 0;

  g_return_val_if_fail (EASEL_IS_ENGINE (self), 0);

  jobs = easel_store_list_unfinished_jobs (self->store, error);
  if (jobs == NULL)
    return 0;

  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);
      const char *owner = job->owner != NULL ? job->owner : "";
      gpointer verdict;
      gboolean alive;

      if (g_hash_table_lookup_extended (verdicts, owner, NULL, &verdict))
        alive = GPOINTER_TO_INT (verdict);
      else
        {
          alive = owner_is_alive (self, job->owner);
          g_hash_table_insert (verdicts, g_strdup (owner), GINT_TO_POINTER (alive));
        }
      if (alive)
        {
          if (g_strcmp0 (owner, self->owner_id) != 0)
            other_alive = TRUE;
          continue;
        }

      job->state = EASEL_JOB_INTERRUPTED;
      job->finished_at = g_get_real_time () / G_USEC_PER_SEC;
      g_free (job->error_code);
      job->error_code = g_strdup ("INTERRUPTED");
      g_free (job->error_message);
      job->error_message = g_strdup (_("Easel stopped before this image was finished. Retry "
                                       "it to generate it again."));
      if (!easel_store_update_job (self->store, job, error))
        return interrupted;
      interrupted++;
    }

  if (!other_alive)
    {
      g_autofree char *locks = g_build_filename (easel_store_get_data_dir (self->store), "locks",
                                                 NULL);
      g_autoptr(GDir) dir = g_dir_open (locks, 0, NULL);
      const char *name;

      /* Another live engine shows by its lock even when it has no job yet. */
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *owner = g_strndup (name, strlen (name) - MIN (strlen (name), 5));

          if (g_str_has_suffix (name, ".lock") && owner_is_alive (self, owner) &&
              g_strcmp0 (owner, self->owner_id) != 0)
            other_alive = TRUE;
        }
    }
  if (!other_alive)
    easel_store_remove_temp_files (self->store);

  return interrupted;
}

static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  guint count = easel_engine_recover (source_object, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

void
easel_engine_recover_async (EaselEngine         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, easel_engine_recover_async);
  g_task_run_in_thread (task, recover_thread);
}

guint
easel_engine_recover_finish (EaselEngine   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  return (guint) g_task_propagate_int (G_TASK (result), error);
}
