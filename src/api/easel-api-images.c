/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-api-private.h"

/* POST /images/generate and /images/batch: a body becomes an EaselRun, which goes to
 * easel_engine_submit_async() exactly as the window's Generate button sends it.
 */

/* At most this many generate bodies in one batch. */
#define MAX_BATCH 100

static const char * const generate_members[] = {
  "prompt", "example_id", "negative_prompt", "style", "format", "providers", "settings",
  "count", "wait", NULL
};

static gboolean
read_string (JsonObject  *object,
             const char  *name,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a string"), name);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *name,
          gint64       min,
          gint64       max,
          gint64      *out,
          gboolean    *present,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a whole number between %" G_GINT64_FORMAT " and %"
                     G_GINT64_FORMAT), name, min, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  *present = TRUE;
  return TRUE;
}

static gboolean
read_providers (JsonObject  *object,
                GStrv       *out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, "providers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto wrong;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          *json_node_get_string (element) == '\0')
        goto wrong;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;

wrong:
  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
               _("“providers” must be a list of provider names"));
  return FALSE;
}

/**
 * parse_generate:
 * @out_wait: (out): whether the client waits for the images
 *
 * Reads one generate body strictly: unknown members and wrong types are errors that name the
 * member. What needs the store (providers, the example, style and format names) is checked by
 * the engine when the run is submitted.
 */
static EaselRun *
parse_generate (JsonNode  *node,
                gboolean  *out_wait,
                GError   **error)
{
  g_autoptr(EaselRun) run = easel_run_new (NULL);
  g_autofree char *prompt = NULL;
  JsonObject *object;
  JsonNode *member;
  gint64 value;
  gboolean present, count_given;

  *out_wait = FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A generate request must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!_easel_api_check_members (object, _("the request"), generate_members, error))
    return NULL;

  if (!read_string (object, "prompt", &prompt, error) ||
      !read_string (object, "negative_prompt", &run->negative_prompt, error) ||
      !read_string (object, "style", &run->style, error) ||
      !read_string (object, "format", &run->format, error) ||
      !read_providers (object, &run->providers, error))
    return NULL;
  easel_image_setting_set_string (&run->prompt, prompt != NULL ? prompt : "");

  if (!read_int (object, "example_id", 1, G_MAXINT64, &value, &present, error))
    return NULL;
  if (present)
    run->example_id = value;
  if (prompt == NULL && run->example_id == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Give a “prompt” or an “example_id”"));
      return NULL;
    }

  member = json_object_get_member (object, "settings");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(GError) local_error = NULL;
      EaselImageSetting *setting = easel_image_setting_from_json (member, &local_error);

      if (setting == NULL)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID, "settings: %s",
                       local_error->message);
          return NULL;
        }
      easel_image_setting_free (run->setting);
      run->setting = setting;
      if (setting->prompt != NULL)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("settings: the prompt goes in the request’s own “prompt”"));
          return NULL;
        }
      /* The negative prompt may come either way; the request's own wins. */
      if (run->negative_prompt == NULL && setting->negative_prompt != NULL)
        run->negative_prompt = g_strdup (setting->negative_prompt);
      if (setting->count > 0)
        run->count = setting->count;
      setting->count = 0;
    }

  if (!read_int (object, "count", 1, EASEL_SETTING_MAX_COUNT, &value, &count_given, error))
    return NULL;
  if (count_given)
    run->count = (int) value;

  member = json_object_get_member (object, "wait");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“wait” must be true or false"));
          return NULL;
        }
      *out_wait = json_node_get_boolean (member);
    }
  return g_steal_pointer (&run);
}

/* ---- POST /images/generate -------------------------------------------------------------- */

typedef struct
{
  EaselRun *run;
  gboolean  wait;
} Generate;

static void
generate_free (Generate *data)
{
  g_clear_pointer (&data->run, easel_run_free);
  g_free (data);
}

static void
generate_finished_cb (gint64   run_id,
                      gpointer user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;

  _easel_api_runs_reply_status (request, run_id, SOUP_STATUS_OK);
}

/* The server stops: a run that was just stored is cancelled with the others. */
static void
cancel_if_stopping (EaselApiRequest *request,
                    gint64           run_id)
{
  if (g_cancellable_is_cancelled (_easel_api_server_get_cancellable (request->server)))
    easel_engine_cancel_run (_easel_api_request_get_engine (request), run_id);
}

static void
generate_submitted_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;
  Generate *data = request->data;
  g_autoptr(GError) error = NULL;
  gint64 run_id;

  run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  if (run_id == 0)
    {
      /* A provider, example, style or format named in the body that does not exist: 422. */
      _easel_api_request_reply_gerror (request, error, TRUE);
      return;
    }
  cancel_if_stopping (request, run_id);

  if (data->wait)
    _easel_api_runs_when_finished (_easel_api_server_get_runs (request->server), run_id,
                                   generate_finished_cb, _easel_api_request_ref (request));
  else
    _easel_api_runs_reply_status (request, run_id, SOUP_STATUS_ACCEPTED);
}

void
_easel_api_images_generate (EaselApiRequest *request)
{
  g_autoptr(JsonNode) body = _easel_api_request_parse_json (request);
  g_autoptr(GError) error = NULL;
  Generate *data;
  EaselRun *run;
  gboolean wait;

  if (body == NULL)
    return;
  run = parse_generate (body, &wait, &error);
  if (run == NULL)
    {
      _easel_api_request_reply_gerror (request, error, TRUE);
      return;
    }

  data = g_new0 (Generate, 1);
  data->run = run;
  data->wait = wait;
  _easel_api_request_set_data (request, data, (GDestroyNotify) generate_free);
  easel_engine_submit_async (_easel_api_request_get_engine (request), run, NULL,
                             generate_submitted_cb, _easel_api_request_ref (request));
}

/* ---- POST /images/batch ----------------------------------------------------------------- */

typedef struct
{
  EaselRun      *run;
  gboolean       wait;
  gint64         run_id;
  EaselApiReply *error;
  GPtrArray     *live_jobs;
} BatchItem;

typedef struct
{
  GPtrArray *items;      /* BatchItem */
  guint      pending;
  gboolean   any_wait;
} Batch;

static void
batch_item_free (BatchItem *item)
{
  g_clear_pointer (&item->run, easel_run_free);
  g_clear_pointer (&item->error, _easel_api_reply_free);
  g_clear_pointer (&item->live_jobs, g_ptr_array_unref);
  g_free (item);
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->items);
  g_free (batch);
}

static EaselApiReply *
batch_worker (EaselApiRequest  *request,
              EaselStore       *store,
              GError          **error)
{
  Batch *batch = request->data;
  JsonArray *array = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (root, array);
  for (guint i = 0; i < batch->items->len; i++)
    {
      BatchItem *item = g_ptr_array_index (batch->items, i);
      g_autoptr(GError) local_error = NULL;
      JsonNode *node = NULL;

      if (item->error == NULL)
        {
          node = _easel_api_run_to_json (request, store, item->run_id, item->live_jobs, FALSE,
                                         &local_error);
          if (node == NULL)
            item->error = _easel_api_reply_new_for_error (local_error, FALSE);
        }
      if (node == NULL)
        node = json_node_ref (item->error->json);
      json_array_add_element (array, node);
    }
  return _easel_api_reply_new (batch->any_wait ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED, root);
}

static void
batch_answer (EaselApiRequest *request)
{
  Batch *batch = request->data;
  EaselApiRuns *runs = _easel_api_server_get_runs (request->server);

  for (guint i = 0; i < batch->items->len; i++)
    {
      BatchItem *item = g_ptr_array_index (batch->items, i);

      if (item->run_id > 0)
        item->live_jobs = _easel_api_runs_snapshot (runs, item->run_id);
    }
  _easel_api_request_run_worker (request, batch_worker);
}

static void
batch_finished_cb (gint64   run_id,
                   gpointer user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;
  Batch *batch = request->data;

  if (--batch->pending == 0)
    batch_answer (request);
}

typedef struct
{
  EaselApiRequest *request;
  BatchItem       *item;
} Submission;

static void
batch_submitted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Submission *submission = user_data;
  g_autoptr(EaselApiRequest) request = submission->request;
  BatchItem *item = submission->item;
  Batch *batch = request->data;
  EaselApiRuns *runs = _easel_api_server_get_runs (request->server);
  g_autoptr(GError) error = NULL;
  gint64 run_id;

  g_free (submission);
  run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  if (run_id == 0)
    item->error = _easel_api_reply_new_for_error (error, TRUE);
  else
    {
      item->run_id = run_id;
      cancel_if_stopping (request, run_id);
    }

  if (--batch->pending > 0)
    return;

  /* Every item is stored (or failed): now wait for the runs that asked to be waited for. The
   * extra count keeps a run that is already finished from answering before the loop ends.
   */
  batch->pending = 1;
  for (guint i = 0; i < batch->items->len; i++)
    {
      BatchItem *waiting = g_ptr_array_index (batch->items, i);

      if (waiting->wait && waiting->run_id > 0)
        {
          batch->pending++;
          _easel_api_runs_when_finished (runs, waiting->run_id, batch_finished_cb,
                                         _easel_api_request_ref (request));
        }
    }
  if (--batch->pending == 0)
    batch_answer (request);
}

void
_easel_api_images_batch (EaselApiRequest *request)
{
  g_autoptr(JsonNode) body = _easel_api_request_parse_json (request);
  EaselEngine *engine;
  Batch *batch;
  JsonArray *array;

  if (body == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (body) ||
      json_array_get_length (json_node_get_array (body)) == 0 ||
      json_array_get_length (json_node_get_array (body)) > MAX_BATCH)
    {
      g_autofree char *message =
        g_strdup_printf (_("A batch is a JSON array of 1 to %d generate requests"), MAX_BATCH);

      _easel_api_request_reply_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                      EASEL_API_ERROR_INVALID, message);
      return;
    }
  array = json_node_get_array (body);

  /* Every body is checked before any is sent: a typo in the tenth sends nothing. */
  batch = g_new0 (Batch, 1);
  batch->items = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_item_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      BatchItem *item = g_new0 (BatchItem, 1);

      g_ptr_array_add (batch->items, item);
      item->run = parse_generate (json_array_get_element (array, i), &item->wait, &error);
      if (item->run == NULL)
        {
          g_autofree char *message = g_strdup_printf ("[%u]: %s", i, error->message);

          batch_free (batch);
          _easel_api_request_reply_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                          EASEL_API_ERROR_INVALID, message);
          return;
        }
      batch->any_wait |= item->wait;
    }

  _easel_api_request_set_data (request, batch, (GDestroyNotify) batch_free);
  engine = _easel_api_request_get_engine (request);
  batch->pending = batch->items->len;
  for (guint i = 0; i < batch->items->len; i++)
    {
      Submission *submission = g_new0 (Submission, 1);

      submission->request = _easel_api_request_ref (request);
      submission->item = g_ptr_array_index (batch->items, i);
      easel_engine_submit_async (engine, submission->item->run, NULL, batch_submitted_cb,
                                 submission);
    }
}
