/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-store-task"

#include "config.h"

#include "easel-store.h"
#include "easel-store-task.h"

/* Store calls block (SQLite under a mutex, files on disk): the window never makes them on the
 * main loop. This runs one in a GTask worker and hands the answer back on the main context.
 */

typedef struct
{
  EaselStore     *store;
  EaselStoreFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} StoreCall;

static void
store_call_free (StoreCall *call)
{
  if (call->data_free != NULL && call->data != NULL)
    call->data_free (call->data);
  g_clear_object (&call->store);
  g_free (call);
}

static void
store_call_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StoreCall *call = task_data;
  gpointer result = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!call->func (call->store, call->data, &result, &error))
    {
      if (result != NULL && call->result_free != NULL)
        call->result_free (result);
      g_task_return_error (task, error);
      return;
    }

  /* A call with no answer still succeeds: a NULL result is not an error here. */
  g_task_return_pointer (task, result, call->result_free);
}

/**
 * easel_store_task_run:
 * @store: the store
 * @func: the blocking call
 * @data: (transfer full) (nullable): its input
 * @data_free: (nullable): frees @data
 * @result_free: (nullable): frees what @func gives back when nobody takes it
 * @cancellable: (nullable): cancels before the call starts, and silences the answer
 * @callback: called on the main context when the call is done
 * @user_data: data for @callback
 *
 * Runs @func in a worker thread. The answer comes back with easel_store_task_finish().
 */
void
easel_store_task_run (EaselStore          *store,
                      EaselStoreFunc       func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreCall *call;

  g_return_if_fail (EASEL_IS_STORE (store));
  g_return_if_fail (func != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_store_task_run);
  /* Cancelled callers stay silent: the check happens in the callback, not here. */
  g_task_set_return_on_cancel (task, FALSE);

  call = g_new0 (StoreCall, 1);
  call->store = g_object_ref (store);
  call->func = func;
  call->data = data;
  call->data_free = data_free;
  call->result_free = result_free;
  g_task_set_task_data (task, call, (GDestroyNotify) store_call_free);
  g_task_run_in_thread (task, store_call_thread);
}

/**
 * easel_store_task_finish:
 *
 * Returns: (transfer full) (nullable): what the call gave back; %NULL with @error set when it
 *   failed or was cancelled
 */
gpointer
easel_store_task_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == easel_store_task_run, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * easel_store_task_finish_boolean:
 *
 * For calls whose answer does not matter: frees it, and tells whether the call succeeded.
 *
 * Returns: %TRUE on success
 */
gboolean
easel_store_task_finish_boolean (GAsyncResult  *result,
                                 GError       **error)
{
  StoreCall *call;
  GError *local_error = NULL;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  call = g_task_get_task_data (G_TASK (result));
  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (value != NULL && call->result_free != NULL)
    call->result_free (value);
  return TRUE;
}
