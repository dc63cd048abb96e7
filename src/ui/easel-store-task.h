/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

/**
 * EaselStoreFunc:
 * @store: the store
 * @data: the call's input, owned by the task
 * @out_result: (out): what the call gives back, freed with the task's result free function
 * @error: return location for a #GError
 *
 * One blocking store (or disk) call, run in a worker thread. It never touches GTK.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*EaselStoreFunc) (EaselStore  *store,
                                    gpointer     data,
                                    gpointer    *out_result,
                                    GError     **error);

void     easel_store_task_run    (EaselStore          *store,
                                  EaselStoreFunc       func,
                                  gpointer             data,
                                  GDestroyNotify       data_free,
                                  GDestroyNotify       result_free,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gpointer easel_store_task_finish (GAsyncResult        *result,
                                  GError             **error);
gboolean easel_store_task_finish_boolean (GAsyncResult *result,
                                          GError      **error);

G_END_DECLS
