/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "easel-engine-private.h"
#include "easel-json.h"
#include "easel-provider-factory.h"
#include "easel-secrets.h"
#include "easel-style.h"

/* The engine turns a run (one press of Generate) into jobs, writes them first, then dispatches
 * them to the providers' servers within their limits, retries what is transient, writes every
 * image before its row, and tells the window, the command line and the API what happens through
 * signals on the main context. It is the only thing above the store that writes.
 */

guint _easel_engine_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EaselEngine, easel_engine, G_TYPE_OBJECT)

EaselProviderEntry *
_easel_provider_entry_ref (EaselProviderEntry *entry)
{
  g_atomic_ref_count_inc (&entry->ref_count);
  return entry;
}

static void
server_free (EaselServer *server)
{
  g_free (server->url);
  g_clear_object (&server->client);
  g_free (server);
}

void
_easel_provider_entry_unref (EaselProviderEntry *entry)
{
  if (entry == NULL || !g_atomic_ref_count_dec (&entry->ref_count))
    return;
  easel_provider_config_free (entry->config);
  if (entry->api_key != NULL)
    secret_password_wipe (entry->api_key);
  g_free (entry->api_key);
  g_ptr_array_unref (entry->servers);
  g_free (entry->fingerprint);
  g_free (entry);
}

static void
easel_engine_dispose (GObject *object)
{
  EaselEngine *self = EASEL_ENGINE (object);

  easel_engine_cancel_all (self);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->providers, g_hash_table_unref);
  g_queue_clear (&self->queue);
  _easel_engine_release_owner_lock (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (easel_engine_parent_class)->dispose (object);
}

static void
easel_engine_finalize (GObject *object)
{
  EaselEngine *self = EASEL_ENGINE (object);

  g_free (self->owner_id);
  g_clear_pointer (&self->persisting, g_hash_table_unref);

  G_OBJECT_CLASS (easel_engine_parent_class)->finalize (object);
}

static void
easel_engine_class_init (EaselEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = easel_engine_dispose;
  object_class->finalize = easel_engine_finalize;

  /**
   * EaselEngine::job-changed:
   * @job: (transfer none): a copy of the job in its new state
   *
   * A job was queued, started, retried, finished, failed or cancelled, or a cancel was asked.
   */
  _easel_engine_signals[SIGNAL_JOB_CHANGED] =
    g_signal_new ("job-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, EASEL_TYPE_JOB | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * EaselEngine::job-progress:
   * @job_id: the job
   * @fraction: 0 … 1, or -1 when unknown
   * @text: (nullable): what is happening
   * @preview: (nullable): a decoded live preview (only with decode-previews)
   */
  _easel_engine_signals[SIGNAL_JOB_PROGRESS] =
    g_signal_new ("job-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_STRING,
                  GDK_TYPE_PIXBUF);

  /**
   * EaselEngine::result-added:
   * @result: (transfer none): the stored result; its file is on disk
   */
  _easel_engine_signals[SIGNAL_RESULT_ADDED] =
    g_signal_new ("result-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, EASEL_TYPE_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * EaselEngine::run-finished:
   * @run_id: every job of this run is done, failed or cancelled
   */
  _easel_engine_signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  _easel_engine_signals[SIGNAL_PROVIDERS_CHANGED] =
    g_signal_new ("providers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
easel_engine_init (EaselEngine *self)
{
  self->owner_id = g_uuid_string_random ();
  self->owner_lock_fd = -1;
  self->retry_base_ms = 1000;
  self->providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) _easel_provider_entry_unref);
  self->persisting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify) easel_job_free);
  self->jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) _easel_active_job_free);
  g_queue_init (&self->queue);
}

/**
 * easel_engine_new:
 *
 * The engine takes an owner lock in the data folder, so that another process starting up can
 * tell this one's running jobs from those of a crashed one.
 */
EaselEngine *
easel_engine_new (EaselStore *store)
{
  EaselEngine *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (EASEL_IS_STORE (store), NULL);

  self = g_object_new (EASEL_TYPE_ENGINE, NULL);
  self->store = g_object_ref (store);
  if (!_easel_engine_take_owner_lock (self, &error))
    g_debug ("no owner lock: %s", error->message);
  return self;
}

EaselStore *
easel_engine_get_store (EaselEngine *self)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), NULL);
  return self->store;
}

const char *
easel_engine_get_owner_id (EaselEngine *self)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), NULL);
  return self->owner_id;
}

void
easel_engine_set_provider_factory (EaselEngine          *self,
                                   EaselProviderFactory  factory,
                                   gpointer              user_data)
{
  g_return_if_fail (EASEL_IS_ENGINE (self));

  self->factory = factory;
  self->factory_data = user_data;
  g_hash_table_remove_all (self->providers);
}

/* The window wants previews as pictures; the command line does not need them decoded. */
void
easel_engine_set_decode_previews (EaselEngine *self,
                                  gboolean     decode)
{
  g_return_if_fail (EASEL_IS_ENGINE (self));
  self->decode_previews = decode;
}

/* Tests shorten the retry backoff; people keep the default of one second. */
void
easel_engine_set_retry_base_ms (EaselEngine *self,
                                guint        base_ms)
{
  g_return_if_fail (EASEL_IS_ENGINE (self));
  self->retry_base_ms = base_ms;
}

/* ---- providers and their secrets ------------------------------------------------------- */

/**
 * easel_engine_resolve_api_key:
 *
 * The key stored in libsecret for the provider; when none is stored, the environment:
 * `EASEL_API_KEY_<NAME>` and, for the openai kind, `OPENAI_API_KEY`. Nothing is ever written
 * anywhere else. Blocks on D-Bus: call from a worker thread.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when there is none (not an error:
 * local servers need none).
 */
char *
easel_engine_resolve_api_key (EaselEngine                *self,
                              const EaselProviderConfig  *config,
                              GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *env_name = NULL;
  const char *env;
  char *key;

  key = easel_secrets_lookup (config->id, EASEL_SECRET_API_KEY, NULL, &local_error);
  if (key != NULL)
    return key;

  env_name = easel_provider_config_env_key_name (config->name);
  env = g_getenv (env_name);
  if (env == NULL && config->kind == EASEL_PROVIDER_KIND_OPENAI)
    env = g_getenv ("OPENAI_API_KEY");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* No keyring and no key in the environment: say so where a key is certainly needed (the
   * hosted API). A compatible server may need none; if it does, its 401 says so.
   */
  if (local_error != NULL && config->kind == EASEL_PROVIDER_KIND_OPENAI &&
      (config->urls == NULL || config->urls[0] == NULL ||
       strstr (config->urls[0], "api.openai.com") != NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return NULL;
}

/* A secret header kept its name with an empty value in the store: fill the value in. */
static GStrv
resolve_headers (const EaselProviderConfig *config)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; config->headers != NULL && config->headers[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!easel_provider_config_parse_header (config->headers[i], &name, &value))
        continue;
      if (*value == '\0' && easel_provider_config_header_is_secret (name))
        {
          g_autofree char *what = easel_secrets_header_key (name);
          g_autofree char *secret = easel_secrets_lookup (config->id, what, NULL, NULL);
          g_autofree char *line = NULL;

          if (secret == NULL)
            {
              g_debug ("no stored value for a secret header of %s", config->name);
              continue;
            }
          line = g_strdup_printf ("%s: %s", name, secret);
          g_strv_builder_add (builder, line);
        }
      else
        g_strv_builder_add (builder, config->headers[i]);
    }
  return g_strv_builder_end (builder);
}

/* Runs in a worker thread: reads the secrets and builds the entry. */
EaselProviderEntry *
_easel_engine_make_entry (EaselEngine                *self,
                    const EaselProviderConfig  *config,
                    GError                    **error)
{
  return _easel_engine_make_entry_full (self, config, NULL, error);
}

/* @api_key: (nullable): a key typed but not stored yet ("Test connection" in an editor); it
 * replaces the keyring lookup.
 */
EaselProviderEntry *
_easel_engine_make_entry_full (EaselEngine                *self,
                               const EaselProviderConfig  *config,
                               const char                 *api_key,
                               GError                    **error)
{
  EaselProviderEntry *entry = g_new0 (EaselProviderEntry, 1);
  g_autoptr(JsonNode) json = easel_provider_config_to_json (config);
  g_autoptr(GError) local_error = NULL;

  g_atomic_ref_count_init (&entry->ref_count);
  entry->config = easel_provider_config_copy (config);
  g_strfreev (entry->config->headers);
  entry->config->headers = resolve_headers (config);
  if (api_key != NULL && *api_key != '\0')
    entry->api_key = g_strdup (api_key);
  else
    entry->api_key = easel_engine_resolve_api_key (self, config, &local_error);
  entry->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) server_free);
  entry->fingerprint = json_to_string (json, FALSE);

  if (entry->api_key == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      _easel_provider_entry_unref (entry);
      return NULL;
    }

  if (config->urls != NULL && config->urls[0] != NULL)
    for (guint i = 0; config->urls[i] != NULL; i++)
      {
        EaselServer *server = g_new0 (EaselServer, 1);
        server->url = g_strdup (config->urls[i]);
        g_ptr_array_add (entry->servers, server);
      }
  else
    {
      EaselServer *server = g_new0 (EaselServer, 1);
      server->url = g_strdup (easel_provider_config_get_default_url (config->kind));
      g_ptr_array_add (entry->servers, server);
    }
  return entry;
}

EaselProvider *
_easel_engine_get_client (EaselEngine        *self,
                          EaselProviderEntry *entry,
                          EaselServer        *server)
{
  if (server->client == NULL)
    {
      if (self->factory != NULL)
        server->client = self->factory (entry->config, server->url, entry->api_key,
                                        self->factory_data);
      else
        server->client = easel_provider_new_for_kind (entry->config, server->url,
                                                      entry->api_key);
    }
  return server->client;
}

/**
 * easel_engine_list_providers:
 *
 * Returns: (element-type EaselProviderConfig) (transfer container): the configured providers,
 * as stored (sensitive header values empty).
 */
GPtrArray *
easel_engine_list_providers (EaselEngine  *self,
                             GError      **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), NULL);
  return easel_store_list_providers (self->store, error);
}

/* The blocking part of saving: secrets first, then the row. Safe in a worker thread: it touches
 * no engine state.
 */
gboolean
_easel_engine_store_provider (EaselEngine                *self,
                              const EaselProviderConfig  *config,
                              const char                 *api_key,
                              GError                    **error)
{
  if (!easel_provider_config_validate (config, error))
    return FALSE;

  for (guint i = 0; config->headers != NULL && config->headers[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!easel_provider_config_parse_header (config->headers[i], &name, &value) ||
          !easel_provider_config_header_is_secret (name) || *value == '\0')
        continue;
      {
        g_autofree char *what = easel_secrets_header_key (name);

        if (!easel_secrets_store (config->id, config->name, what, value, NULL, error))
          return FALSE;
      }
    }

  if (api_key != NULL && *api_key != '\0' &&
      !easel_secrets_store (config->id, config->name, EASEL_SECRET_API_KEY, api_key, NULL,
                            error))
    return FALSE;

  return easel_store_save_provider (self->store, config, error);
}

/* The blocking part of removing: the row, then its secrets. Returns the removed provider's id. */
char *
_easel_engine_unstore_provider (EaselEngine  *self,
                                const char   *name,
                                GError      **error)
{
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autoptr(GError) secret_error = NULL;

  config = easel_store_find_provider (self->store, name, error);
  if (config == NULL)
    return NULL;
  if (!easel_store_remove_provider (self->store, config->id, error))
    return NULL;

  /* The row is gone; forget its secrets too (a missing keyring holds none anyway). */
  if (!easel_secrets_clear (config->id, NULL, NULL, &secret_error))
    g_debug ("could not clear the secrets of %s: %s", config->name, secret_error->message);

  return g_strdup (config->id);
}

/* Main thread: the live entry of a changed provider goes, and everyone hears of it. */
void
_easel_engine_provider_changed (EaselEngine *self,
                                const char  *id)
{
  g_hash_table_remove (self->providers, id);
  g_signal_emit (self, _easel_engine_signals[SIGNAL_PROVIDERS_CHANGED], 0);
}

/**
 * easel_engine_save_provider:
 * @api_key: (nullable): a new key to keep in libsecret, or %NULL to leave it as it is
 *
 * Saves the configuration (adding or updating it). Sensitive header values and the key go to
 * libsecret first: if there is no secret service, nothing is saved and the error says so.
 * Blocks on the store and the keyring, and emits #EaselEngine::providers-changed on the calling
 * thread: call it on the main thread of a headless tool. The window uses
 * easel_engine_save_provider_async().
 */
gboolean
easel_engine_save_provider (EaselEngine                *self,
                            const EaselProviderConfig  *config,
                            const char                 *api_key,
                            GError                    **error)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!_easel_engine_store_provider (self, config, api_key, error))
    return FALSE;

  _easel_engine_provider_changed (self, config->id);
  return TRUE;
}

gboolean
easel_engine_remove_provider (EaselEngine  *self,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (EASEL_IS_ENGINE (self), FALSE);

  id = _easel_engine_unstore_provider (self, name, error);
  if (id == NULL)
    return FALSE;

  _easel_engine_provider_changed (self, id);
  return TRUE;
}

/* ---- check ------------------------------------------------------------------------------ */

static void
check_entry_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  EaselEngine *self = source_object;
  const char *name = task_data;
  g_autoptr(EaselProviderConfig) config = NULL;
  EaselProviderEntry *entry;
  GError *error = NULL;

  config = easel_store_find_provider (self->store, name, &error);
  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  entry = _easel_engine_make_entry (self, config, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, entry, (GDestroyNotify) _easel_provider_entry_unref);
}

/**
 * easel_engine_check_provider_async:
 *
 * "Test connection": the provider's first server answers with its version, models, samplers
 * and schedulers, or the error a person can act on.
 */
void
easel_engine_check_provider_async (EaselEngine         *self,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) lookup = NULL;

  g_return_if_fail (EASEL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_check_provider_async);

  lookup = g_task_new (self, cancellable, _easel_engine_check_entry_cb, g_steal_pointer (&task));
  g_task_set_task_data (lookup, g_strdup (name), g_free);
  g_task_run_in_thread (lookup, check_entry_thread);
}

EaselServerInfo *
easel_engine_check_provider_finish (EaselEngine   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- submitting a run ------------------------------------------------------------------- */

typedef struct
{
  EaselRun  *run;
  GPtrArray *jobs;       /* EaselJob */
  GPtrArray *entries;    /* EaselProviderEntry, parallel to the run's providers */
  GPtrArray *settings;   /* EaselImageSetting per job */
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_clear_pointer (&data->run, easel_run_free);
  g_clear_pointer (&data->jobs, g_ptr_array_unref);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_clear_pointer (&data->settings, g_ptr_array_unref);
  g_free (data);
}

/* Random seeds stay below 2^53 so every tool (and JavaScript) reproduces them, and below the
 * provider's own limit (A1111: 2^32).
 */
static gint64
random_seed (const EaselCapabilities *caps)
{
  gint64 max = MIN (caps->max_seed > 0 ? caps->max_seed : G_MAXINT64,
                    (G_GINT64_CONSTANT (1) << 53) - 1);
  guint64 value = ((guint64) g_random_int () << 32) | g_random_int ();

  return (gint64) (value % (guint64) (max + 1));
}

static gboolean
resolve_run (EaselEngine  *self,
             SubmitData   *data,
             GError      **error)
{
  EaselRun *run = data->run;
  g_autoptr(EaselStyle) style = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;

  /* A prompt example is the base; what the run sets explicitly wins. */
  if (run->example_id > 0)
    {
      g_autoptr(EaselPromptExample) example = easel_store_get_example (self->store,
                                                                       run->example_id, error);
      g_autoptr(EaselImageSetting) setting = NULL;

      if (example == NULL)
        return FALSE;
      if (run->prompt == NULL || *run->prompt == '\0')
        easel_image_setting_set_string (&run->prompt, example->prompt);
      if (run->negative_prompt == NULL)
        run->negative_prompt = g_strdup (example->negative_prompt);
      if (run->style == NULL)
        run->style = g_strdup (example->style);
      if (run->format == NULL)
        run->format = g_strdup (example->format);
      if (run->providers == NULL || run->providers[0] == NULL)
        {
          g_strfreev (run->providers);
          run->providers = g_strdupv (example->providers);
        }
      setting = easel_image_setting_copy (example->setting);
      easel_image_setting_overlay (setting, run->setting);
      easel_image_setting_free (run->setting);
      run->setting = g_steal_pointer (&setting);
    }

  if (run->prompt == NULL || *g_strstrip (run->prompt) == '\0')
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Write a prompt first"));
      return FALSE;
    }
  if (run->providers == NULL || run->providers[0] == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Choose at least one provider"));
      return FALSE;
    }
  if (run->count < 1 || run->count > EASEL_SETTING_MAX_COUNT)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Count must be between 1 and %d"), EASEL_SETTING_MAX_COUNT);
      return FALSE;
    }
  if (!easel_image_setting_validate (run->setting, error))
    return FALSE;

  if (run->style != NULL)
    {
      style = easel_store_find_style (self->store, run->style, error);
      if (style == NULL)
        return FALSE;
    }
  if (run->format != NULL)
    {
      g_autoptr(EaselFormat) format = easel_store_find_format (self->store, run->format, error);

      if (format == NULL)
        return FALSE;
      /* A size typed in the editor wins over the format's. */
      if (run->setting->width == 0 && run->setting->height == 0)
        {
          run->setting->width = format->width;
          run->setting->height = format->height;
        }
    }

  prompt = easel_style_apply (style, run->prompt);
  negative = easel_style_apply_negative (style, run->negative_prompt);

  for (guint p = 0; run->providers[p] != NULL; p++)
    {
      g_autoptr(EaselProviderConfig) config = NULL;
      g_autoptr(EaselCapabilities) caps = NULL;
      EaselProviderEntry *entry;
      const char *model;

      config = easel_store_find_provider (self->store, run->providers[p], error);
      if (config == NULL)
        return FALSE;
      if (!config->enabled)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("The provider “%s” is turned off; turn it on in Preferences"),
                       config->name);
          return FALSE;
        }
      entry = _easel_engine_make_entry (self, config, error);
      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (data->entries, entry);

      model = run->setting->model != NULL ? run->setting->model : config->model;
      caps = easel_capabilities_lookup (config->kind, model);

      for (int i = 0; i < run->count; i++)
        {
          EaselJob *job = easel_job_new ();
          EaselImageSetting *setting = easel_image_setting_copy (run->setting);

          job->provider_id = g_strdup (config->id);
          job->provider_name = g_strdup (config->name);
          job->provider_kind = g_strdup (easel_provider_kind_to_string (config->kind));
          job->model = g_strdup (model);
          job->prompt = g_strdup (prompt);
          job->negative_prompt = g_strdup (negative);
          job->owner = g_strdup (self->owner_id);
          job->section_id = run->section_id;
          if (caps->seed)
            {
              job->has_seed = TRUE;
              /* Fixed seed: image i gets seed + i, so a batch is reproducible and varied. */
              job->seed = run->setting->has_seed
                ? (gint64) MIN ((guint64) run->setting->seed + (guint64) i, (guint64) G_MAXINT64)
                : random_seed (caps);
              setting->has_seed = TRUE;
              setting->seed = job->seed;
            }
          setting->count = 1;
          easel_image_setting_set_string (&setting->prompt, prompt);
          easel_image_setting_set_string (&setting->negative_prompt, negative);
          g_ptr_array_add (data->jobs, job);
          g_ptr_array_add (data->settings, setting);
        }
    }
  return TRUE;
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EaselEngine *self = source_object;
  SubmitData *data = task_data;
  GError *error = NULL;

  /* The run and every job are stored before anything is sent anywhere. */
  if (!resolve_run (self, data, &error) ||
      !easel_store_create_run (self->store, data->run, data->jobs, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static EaselProviderEntry *
adopt_entry (EaselEngine        *self,
             EaselProviderEntry *fresh)
{
  EaselProviderEntry *current = g_hash_table_lookup (self->providers, fresh->config->id);

  /* Keep the live entry (its clients, websockets, health) unless the config changed. */
  if (current != NULL && g_strcmp0 (current->fingerprint, fresh->fingerprint) == 0)
    return current;
  g_hash_table_replace (self->providers, g_strdup (fresh->config->id),
                        _easel_provider_entry_ref (fresh));
  return fresh;
}

static void
submit_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  EaselEngine *self = EASEL_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  SubmitData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  guint job_index = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint p = 0; p < data->entries->len; p++)
    {
      EaselProviderEntry *entry = adopt_entry (self, g_ptr_array_index (data->entries, p));

      for (int i = 0; i < data->run->count; i++, job_index++)
        {
          EaselActiveJob *active = g_new0 (EaselActiveJob, 1);

          active->job = easel_job_copy (g_ptr_array_index (data->jobs, job_index));
          active->setting = easel_image_setting_copy (g_ptr_array_index (data->settings,
                                                                         job_index));
          active->provider = _easel_provider_entry_ref (entry);
          active->run_created_at = data->run->created_at;
          _easel_engine_enqueue (self, active);
        }
    }

  g_task_return_int (task, data->run->id);
  _easel_engine_schedule (self);
}

/**
 * easel_engine_submit_async:
 * @run: what to generate: prompt (or example_id), style, format, settings, provider names,
 *   count; post_id/section_id for blog work
 *
 * Resolves and validates the run, stores it with all its jobs, then queues the jobs. Each job
 * then reports through #EaselEngine::job-changed.
 */
void
easel_engine_submit_async (EaselEngine         *self,
                           const EaselRun      *run,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) work = NULL;
  SubmitData *data;

  g_return_if_fail (EASEL_IS_ENGINE (self));
  g_return_if_fail (run != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_engine_submit_async);

  data = g_new0 (SubmitData, 1);
  data->run = easel_run_copy (run);
  data->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
  data->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) _easel_provider_entry_unref);
  data->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_image_setting_free);

  work = g_task_new (self, cancellable, submit_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (work, data, (GDestroyNotify) submit_data_free);
  g_task_run_in_thread (work, submit_thread);
}

/**
 * easel_engine_submit_finish:
 *
 * Returns: the new run's id, or 0 with an error.
 */
gint64
easel_engine_submit_finish (EaselEngine   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

/**
 * easel_engine_preview_adjustments:
 *
 * What @config's provider will change of @setting, in words, before anything is sent: the
 * editor shows it under the settings.
 *
 * Returns: (element-type utf8) (transfer container): the adjustments (possibly none).
 */
GPtrArray *
easel_engine_preview_adjustments (EaselEngine               *self,
                                  const EaselProviderConfig *config,
                                  const EaselImageSetting   *setting,
                                  GError                   **error)
{
  g_autoptr(EaselGenerateRequest) request = easel_generate_request_new ("preview", setting);
  g_autoptr(EaselCapabilities) caps = NULL;
  g_autoptr(EaselMappedRequest) mapped = NULL;

  g_return_val_if_fail (config != NULL && setting != NULL, NULL);

  request->model = g_strdup (setting->model != NULL ? setting->model : config->model);
  caps = easel_capabilities_lookup (config->kind, request->model);
  mapped = easel_provider_map_request (config, request, caps, error);
  if (mapped == NULL)
    return NULL;
  return g_ptr_array_ref (mapped->adjustments);
}

/* ---- results ----------------------------------------------------------------------------- */

char *
easel_engine_get_result_path (EaselEngine       *self,
                              const EaselResult *result)
{
  g_return_val_if_fail (EASEL_IS_ENGINE (self), NULL);
  return easel_store_get_result_path (self->store, result);
}

char *
easel_engine_get_thumbnail_path (EaselEngine       *self,
                                 const EaselResult *result)
{
  g_return_val_if_fail (result != NULL && result->file_hash != NULL, NULL);
  return _easel_thumbnail_path (result->file_hash);
}

/**
 * easel_engine_job_to_json:
 * @result: (nullable): the job's result, when it has one
 *
 * The shape shared by `easel generate --json` and the REST API: `{"id", "job", "provider",
 * "model", "status", "path", "width", "height", "seed", "duration_ms", "cost_usd",
 * "adjustments", "error": {"code", "message"}}`.
 */
JsonNode *
easel_engine_job_to_json (EaselEngine       *self,
                          const EaselJob    *job,
                          const EaselResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  if (result != NULL)
    json_builder_add_int_value (b, result->id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "job");
  json_builder_add_int_value (b, job->id);
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, job->provider_name);
  json_builder_set_member_name (b, "model");
  if (result != NULL && result->model != NULL)
    json_builder_add_string_value (b, result->model);
  else if (job->model != NULL)
    json_builder_add_string_value (b, job->model);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, easel_job_state_to_string (job->state));

  json_builder_set_member_name (b, "path");
  if (result != NULL)
    {
      g_autofree char *path = easel_store_get_result_path (self->store, result);
      json_builder_add_string_value (b, path);
    }
  else
    json_builder_add_null_value (b);

#define ADD_INT_OR_NULL(name, cond, value) \
  json_builder_set_member_name (b, name); \
  if (cond) json_builder_add_int_value (b, value); else json_builder_add_null_value (b);

  ADD_INT_OR_NULL ("width", result != NULL, result->width);
  ADD_INT_OR_NULL ("height", result != NULL, result->height);
  ADD_INT_OR_NULL ("seed", result != NULL ? result->has_seed : job->has_seed,
                   result != NULL ? result->seed : job->seed);
  ADD_INT_OR_NULL ("duration_ms", result != NULL, result->duration_ms);
#undef ADD_INT_OR_NULL

  json_builder_set_member_name (b, "cost_usd");
  if (result != NULL && result->has_cost)
    json_builder_add_double_value (b, result->cost_usd);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "adjustments");
  json_builder_begin_array (b);
  for (guint i = 0; result != NULL && result->adjustments != NULL && result->adjustments[i]; i++)
    json_builder_add_string_value (b, result->adjustments[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "error");
  if (job->error_code != NULL && job->state != EASEL_JOB_DONE)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, job->error_code);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, job->error_message != NULL ? job->error_message : "");
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
