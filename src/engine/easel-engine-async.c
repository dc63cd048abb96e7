/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-engine-private.h"

/* Asynchronous forms of the engine calls that block on the store or the keyring, for the
 * window: the blocking part runs in a worker thread and touches no engine state; the engine's
 * tables change and its signals fire on the main context, when the worker is done.
 */

typedef struct
{
  EaselProviderConfig *config;
  char                *api_key;
  char                *name;
  char                *id;
} ProviderOp;

static void
provider_op_free (ProviderOp *op)
{
  g_clear_pointer (&op->config, easel_provider_config_free);
  if (op->api_key != NULL)
    memset (op->api_key, 0, strlen (op->api_key));
  g_free (op->api_key);
  g_free (op->name);
  g_free (op->id);
  g_free (op);
}

static void
save_provider_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  GError *error = NULL;

  if (!_easel_engine_store_provider (source_object, op->config, op->api_key, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * easel_engine_save_provider_async:
 * @api_key: (nullable): a new key to keep in libsecret, or %NULL to leave it as it is
 *
 * easel_engine_save_provider() with the keyring and the store in a worker thread;
 * #EaselEngine::providers-changed fires on the main context before @callback runs.
 */
void
easel_engine_save_provider_async (EaselEngine               *self,
                                  const EaselProviderConfig *config,
                                  const char                *api_key,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ProviderOp *op;

  g_return_if_fail (EASEL_IS_ENGINE (self));
  g_return_if_fail (config != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_save_provider_async);
  op = g_new0 (ProviderOp, 1);
  op->config = easel_provider_config_copy (config);
  op->api_key = g_strdup (api_key);
  g_task_set_task_data (task, op, (GDestroyNotify) provider_op_free);
  g_task_run_in_thread (task, save_provider_thread);
}

gboolean
easel_engine_save_provider_finish (EaselEngine   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  ProviderOp *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  op = g_task_get_task_data (G_TASK (result));
  if (op->config != NULL)
    {
      _easel_engine_provider_changed (self, op->config->id);
      g_clear_pointer (&op->config, easel_provider_config_free);
    }
  return TRUE;
}

static void
remove_provider_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  GError *error = NULL;

  op->id = _easel_engine_unstore_provider (source_object, op->name, &error);
  if (op->id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * easel_engine_remove_provider_async:
 * @name: the provider's name or id
 *
 * easel_engine_remove_provider() with the store and the keyring in a worker thread.
 */
void
easel_engine_remove_provider_async (EaselEngine         *self,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProviderOp *op;

  g_return_if_fail (EASEL_IS_ENGINE (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_remove_provider_async);
  op = g_new0 (ProviderOp, 1);
  op->name = g_strdup (name);
  g_task_set_task_data (task, op, (GDestroyNotify) provider_op_free);
  g_task_run_in_thread (task, remove_provider_thread);
}

gboolean
easel_engine_remove_provider_finish (EaselEngine   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  ProviderOp *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  op = g_task_get_task_data (G_TASK (result));
  if (op->id != NULL)
    {
      _easel_engine_provider_changed (self, op->id);
      g_clear_pointer (&op->id, g_free);
    }
  return TRUE;
}

/* ---- checking a configuration that is not saved yet ------------------------------------- */

static void
check_config_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  EaselProviderEntry *entry;
  GError *error = NULL;

  entry = _easel_engine_make_entry_full (source_object, op->config, op->api_key, &error);
  if (entry == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) _easel_provider_entry_unref);
}

static void
check_config_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  EaselServerInfo *info;

  info = easel_provider_check_finish (EASEL_PROVIDER (object), result, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) easel_server_info_free);
}

/* The second half of a check, saved provider or not: @result is a task that made the provider
 * entry in a worker thread; a client of its own (dropped with the entry, so nothing of it stays
 * in the engine, and a check works before the provider is ever used) asks the first server.
 */
void
_easel_engine_check_entry_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  EaselEngine *self = EASEL_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  EaselProviderEntry *entry;
  EaselProvider *client;
  GCancellable *cancellable;
  GError *error = NULL;

  entry = g_task_propagate_pointer (G_TASK (result), &error);
  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, entry, (GDestroyNotify) _easel_provider_entry_unref);
  client = _easel_engine_get_client (self, entry, g_ptr_array_index (entry->servers, 0));
  if (client == NULL)
    {
      g_task_return_new_error (task, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                               _("This version of Easel cannot talk to %s providers yet"),
                               easel_provider_kind_get_label (entry->config->kind));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  easel_provider_check_async (client, cancellable, check_config_done_cb, g_steal_pointer (&task));
}

/**
 * easel_engine_check_config_async:
 * @config: a provider configuration, saved or not
 * @api_key: (nullable): a key typed in an editor; %NULL or "" uses the stored one
 *
 * "Test connection" before saving, and the first-run probe of local servers: the first server
 * of @config answers with its version, models, samplers and schedulers, or the error a person
 * can act on. Nothing is stored.
 */
void
easel_engine_check_config_async (EaselEngine               *self,
                                 const EaselProviderConfig *config,
                                 const char                *api_key,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) lookup = NULL;
  ProviderOp *op;

  g_return_if_fail (EASEL_IS_ENGINE (self));
  g_return_if_fail (config != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_check_config_async);

  op = g_new0 (ProviderOp, 1);
  op->config = easel_provider_config_copy (config);
  op->api_key = g_strdup (api_key);
  lookup = g_task_new (self, cancellable, _easel_engine_check_entry_cb, g_steal_pointer (&task));
  g_task_set_task_data (lookup, op, (GDestroyNotify) provider_op_free);
  g_task_run_in_thread (lookup, check_config_thread);
}

EaselServerInfo *
easel_engine_check_config_finish (EaselEngine   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- retry -------------------------------------------------------------------------------- */

typedef struct
{
  gint64              job_id;
  EaselJob           *job;
  EaselRun           *run;
  EaselProviderEntry *entry;
} RetryData;

static void
retry_data_free (RetryData *data)
{
  g_clear_pointer (&data->job, easel_job_free);
  g_clear_pointer (&data->run, easel_run_free);
  g_clear_pointer (&data->entry, _easel_provider_entry_unref);
  g_free (data);
}

static void
retry_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EaselEngine *self = source_object;
  RetryData *data = task_data;
  g_autoptr(EaselProviderConfig) config = NULL;
  GError *error = NULL;

  data->job = easel_store_get_job (self->store, data->job_id, &error);
  if (data->job == NULL)
    goto fail;
  if (data->job->state == EASEL_JOB_DONE)
    {
      g_set_error (&error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("This job already has its image"));
      goto fail;
    }
  data->run = easel_store_get_run (self->store, data->job->run_id, &error);
  if (data->run == NULL)
    goto fail;
  config = easel_store_find_provider (self->store,
                                      data->job->provider_id != NULL ? data->job->provider_id
                                                                     : data->job->provider_name,
                                      &error);
  if (config == NULL)
    goto fail;
  data->entry = _easel_engine_make_entry (self, config, &error);
  if (data->entry == NULL)
    goto fail;

  g_task_return_boolean (task, TRUE);
  return;

fail:
  g_task_return_error (task, error);
}

/**
 * easel_engine_retry_job_async:
 *
 * easel_engine_retry_job() with the store and the keyring read in a worker thread; the job is
 * queued again on the main context, and reports through #EaselEngine::job-changed.
 */
void
easel_engine_retry_job_async (EaselEngine         *self,
                              gint64               job_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RetryData *data;

  g_return_if_fail (EASEL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_retry_job_async);

  if (g_hash_table_contains (self->jobs, &job_id))
    {
      g_task_return_new_error (task, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                               _("This job is still running"));
      return;
    }

  data = g_new0 (RetryData, 1);
  data->job_id = job_id;
  g_task_set_task_data (task, data, (GDestroyNotify) retry_data_free);
  g_task_run_in_thread (task, retry_thread);
}

gboolean
easel_engine_retry_job_finish (EaselEngine   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  RetryData *data;
  EaselProviderEntry *entry;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (data->job == NULL)
    return TRUE;   /* Finished twice: the job was queued the first time. */

  /* Pressed twice while the worker ran: the first press queued it. */
  if (g_hash_table_contains (self->jobs, &data->job_id))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("This job is still running"));
      return FALSE;
    }

  /* Keep the live entry (its clients and their connections) unless the config changed. */
  entry = g_hash_table_lookup (self->providers, data->entry->config->id);
  if (entry == NULL || g_strcmp0 (entry->fingerprint, data->entry->fingerprint) != 0)
    {
      g_hash_table_replace (self->providers, g_strdup (data->entry->config->id),
                            _easel_provider_entry_ref (data->entry));
      entry = data->entry;
    }

  _easel_engine_enqueue_retry (self, g_steal_pointer (&data->job), data->run, entry);
  return TRUE;
}
