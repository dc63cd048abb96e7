/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "easel-api-private.h"

/* The history: GET /results (search and filters), /results/{id} and its image; and the
 * configured providers, so a script knows which names it may use.
 */

#define DEFAULT_LIMIT 50
#define MAX_LIMIT     500

/* A result always has a job; one whose job row is gone still gets the shared shape. */
EaselJob *
_easel_api_job_for_result (EaselStore        *store,
                           const EaselResult *result)
{
  EaselJob *job = result->job_id > 0 ? easel_store_get_job (store, result->job_id, NULL) : NULL;

  if (job != NULL)
    return job;
  job = easel_job_new ();
  job->id = result->job_id;
  job->run_id = result->run_id;
  job->provider_name = g_strdup (result->provider_name);
  job->provider_kind = g_strdup (result->provider_kind);
  job->model = g_strdup (result->model);
  job->state = EASEL_JOB_DONE;
  job->result_id = result->id;
  return job;
}

static JsonNode *
result_json (EaselApiRequest   *request,
             EaselStore        *store,
             const EaselResult *result)
{
  g_autoptr(EaselJob) job = _easel_api_job_for_result (store, result);

  return _easel_api_result_to_json (request, store, job, result, TRUE);
}

/* ---- GET /results ----------------------------------------------------------------------- */

typedef struct
{
  char    *search;
  char    *provider;
  gboolean favorites;
  gint64   run_id;
  int      limit;
  int      offset;
} ResultsQuery;

static void
results_query_free (ResultsQuery *query)
{
  g_free (query->search);
  g_free (query->provider);
  g_free (query);
}

static gboolean
parse_number (const char *text,
              gint64      min,
              gint64      max,
              gint64     *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static EaselApiReply *
results_list_worker (EaselApiRequest  *request,
                     EaselStore       *store,
                     GError          **error)
{
  ResultsQuery *query = request->data;
  EaselResultQuery q = {
    .search = query->search,
    .provider = query->provider,
    .favorites_only = query->favorites,
    .run_id = query->run_id,
    .limit = query->limit,
    .offset = query->offset,
  };
  g_autoptr(GPtrArray) results = NULL;
  JsonObject *object;
  JsonArray *array;
  JsonNode *root;
  gint64 total;

  results = easel_store_search_results (store, &q, error);
  if (results == NULL)
    return NULL;
  total = easel_store_count_results (store, &q, error);
  if (total < 0)
    return NULL;

  array = json_array_new ();
  for (guint i = 0; i < results->len; i++)
    json_array_add_element (array, result_json (request, store, g_ptr_array_index (results, i)));

  root = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (root, object);
  json_object_set_array_member (object, "results", array);
  json_object_set_int_member (object, "total", total);
  json_object_set_int_member (object, "limit", query->limit);
  json_object_set_int_member (object, "offset", query->offset);
  return _easel_api_reply_new (SOUP_STATUS_OK, root);
}

static void
bad_parameter (EaselApiRequest *request,
               const char      *name,
               const char      *expected)
{
  g_autofree char *message = g_strdup_printf (_("The query parameter “%s” must be %s"), name,
                                              expected);

  _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                  EASEL_API_ERROR_BAD_REQUEST, message);
}

void
_easel_api_results_list (EaselApiRequest *request)
{
  static const char * const known[] = {
    "search", "provider", "favorites", "run", "limit", "offset", NULL
  };
  ResultsQuery *query;
  GHashTableIter iter;
  const char *name, *value;
  gint64 number;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (known, name))
      {
        g_autofree char *message = g_strdup_printf (_("Unknown query parameter “%s”"), name);

        _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                        EASEL_API_ERROR_BAD_REQUEST, message);
        return;
      }

  query = g_new0 (ResultsQuery, 1);
  _easel_api_request_set_data (request, query, (GDestroyNotify) results_query_free);
  query->limit = DEFAULT_LIMIT;

  value = _easel_api_request_get_query (request, "search");
  if (value != NULL && *value != '\0')
    query->search = g_strdup (value);
  value = _easel_api_request_get_query (request, "provider");
  if (value != NULL && *value != '\0')
    query->provider = g_strdup (value);

  value = _easel_api_request_get_query (request, "favorites");
  if (value != NULL)
    {
      if (g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0)
        query->favorites = TRUE;
      else if (g_strcmp0 (value, "false") != 0 && g_strcmp0 (value, "0") != 0)
        {
          bad_parameter (request, "favorites", _("true or false"));
          return;
        }
    }

  value = _easel_api_request_get_query (request, "run");
  if (value != NULL)
    {
      if (!parse_number (value, 1, G_MAXINT64, &number))
        {
          bad_parameter (request, "run", _("a run id"));
          return;
        }
      query->run_id = number;
    }

  value = _easel_api_request_get_query (request, "limit");
  if (value != NULL)
    {
      if (!parse_number (value, 1, MAX_LIMIT, &number))
        {
          bad_parameter (request, "limit", _("a whole number from 1 to 500"));
          return;
        }
      query->limit = (int) number;
    }

  value = _easel_api_request_get_query (request, "offset");
  if (value != NULL)
    {
      if (!parse_number (value, 0, G_MAXINT32, &number))
        {
          bad_parameter (request, "offset", _("a whole number from 0"));
          return;
        }
      query->offset = (int) number;
    }

  _easel_api_request_run_worker (request, results_list_worker);
}

/* ---- GET /results/{result_id} and its image --------------------------------------------- */

static gboolean
get_result_id (EaselApiRequest *request,
               gint64          *result_id)
{
  if (_easel_api_request_get_id (request, 0, result_id))
    return TRUE;
  _easel_api_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND,
                                  _("There is no such result"));
  return FALSE;
}

static EaselApiReply *
result_get_worker (EaselApiRequest  *request,
                   EaselStore       *store,
                   GError          **error)
{
  g_autoptr(EaselResult) result = NULL;
  gint64 id;

  if (!_easel_api_request_get_id (request, 0, &id))
    g_assert_not_reached ();
  result = easel_store_get_result (store, id, error);
  if (result == NULL)
    return NULL;
  return _easel_api_reply_new (SOUP_STATUS_OK, result_json (request, store, result));
}

void
_easel_api_results_get (EaselApiRequest *request)
{
  gint64 id;

  if (get_result_id (request, &id))
    _easel_api_request_run_worker (request, result_get_worker);
}

/* Whether If-None-Match names @etag (or is "*"). */
static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

static EaselApiReply *
result_image_worker (EaselApiRequest  *request,
                     EaselStore       *store,
                     GError          **error)
{
  g_autoptr(EaselResult) result = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *name = NULL;
  g_autofree char *disposition = NULL;
  EaselApiReply *reply;
  gint64 id;

  if (!_easel_api_request_get_id (request, 0, &id))
    g_assert_not_reached ();
  result = easel_store_get_result (store, id, error);
  if (result == NULL)
    return NULL;

  /* Files are named by the SHA-256 of their bytes: the hash is a perfect entity tag. */
  etag = g_strdup_printf ("\"%s\"", result->file_hash);
  if (etag_matches (request->if_none_match, etag))
    {
      reply = _easel_api_reply_new (SOUP_STATUS_NOT_MODIFIED, NULL);
      _easel_api_reply_set_header (reply, "ETag", etag);
      return reply;
    }

  path = easel_store_get_result_path (store, result);
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The image file of result %" G_GINT64_FORMAT " is missing: %s"), id,
                         local_error->message);

      return _easel_api_reply_new_error (SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND,
                                         message);
    }

  name = easel_result_dup_file_name (result);
  disposition = g_strdup_printf ("inline; filename=\"%s\"", name);
  reply = _easel_api_reply_new (SOUP_STATUS_OK, NULL);
  reply->bytes = g_mapped_file_get_bytes (file);
  reply->content_type = g_strdup (result->mime_type != NULL ? result->mime_type : "image/png");
  _easel_api_reply_set_header (reply, "ETag", etag);
  _easel_api_reply_set_header (reply, "Cache-Control", "private, max-age=31536000, immutable");
  _easel_api_reply_set_header (reply, "Content-Disposition", disposition);
  return reply;
}

void
_easel_api_results_image (EaselApiRequest *request)
{
  gint64 id;

  if (get_result_id (request, &id))
    _easel_api_request_run_worker (request, result_image_worker);
}

/* ---- GET /providers --------------------------------------------------------------------- */

static EaselApiReply *
providers_worker (EaselApiRequest  *request,
                  EaselStore       *store,
                  GError          **error)
{
  g_autoptr(GPtrArray) providers = easel_store_list_providers (store, error);
  JsonObject *object;
  JsonArray *array;
  JsonNode *root;

  if (providers == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < providers->len; i++)
    json_array_add_element (array,
                            easel_provider_config_to_json (g_ptr_array_index (providers, i)));
  root = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (root, object);
  json_object_set_array_member (object, "providers", array);
  return _easel_api_reply_new (SOUP_STATUS_OK, root);
}

void
_easel_api_providers_list (EaselApiRequest *request)
{
  _easel_api_request_run_worker (request, providers_worker);
}
