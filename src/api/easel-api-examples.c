/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-api-private.h"

/* The prompt-example library: list, create, read, update, delete. Examples travel in the shape
 * of easel_prompt_example_to_json(), which the command line prints too.
 */

/* What a client may send: the shape it reads, so a GET's answer can be PUT back as it is. */
static const char * const example_members[] = {
  "id", "name", "prompt", "negative_prompt", "style", "format", "providers", "settings", "tags",
  "notes", "created_at", "updated_at", NULL
};

static gboolean
get_example_id (EaselApiRequest *request,
                gint64          *id)
{
  if (_easel_api_request_get_id (request, 0, id))
    return TRUE;
  _easel_api_request_reply_error (request, SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND,
                                  _("There is no such prompt example"));
  return FALSE;
}

static gint64
example_id_of (EaselApiRequest *request)
{
  gint64 id = 0;

  if (!_easel_api_request_get_id (request, 0, &id))
    g_assert_not_reached ();
  return id;
}

/* Reads the body and answers 400 or 422 itself when it is not a usable example object. */
static JsonNode *
parse_example_body (EaselApiRequest *request)
{
  g_autoptr(JsonNode) body = _easel_api_request_parse_json (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      _easel_api_request_reply_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                      EASEL_API_ERROR_INVALID,
                                      _("A prompt example must be a JSON object"));
      return NULL;
    }
  if (!_easel_api_check_members (json_node_get_object (body), _("the prompt example"),
                                 example_members, &error))
    {
      _easel_api_request_reply_gerror (request, error, TRUE);
      return NULL;
    }
  return g_steal_pointer (&body);
}

static JsonNode *
example_list_json (GPtrArray *examples)
{
  JsonArray *array = json_array_new ();
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < examples->len; i++)
    json_array_add_element (array, easel_prompt_example_to_json (g_ptr_array_index (examples, i)));
  json_object_set_array_member (object, "prompt_examples", array);
  json_node_take_object (root, object);
  return root;
}

/* Saves @example (new when its id is 0) and answers with it as stored. A style, format or
 * provider it names that does not exist is the body's fault: 422.
 */
static EaselApiReply *
save_and_answer (EaselApiRequest    *request,
                 EaselStore         *store,
                 EaselPromptExample *example,
                 guint               status,
                 GError            **error)
{
  g_autoptr(EaselPromptExample) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  EaselApiReply *reply;
  gint64 id;

  if (!easel_prompt_example_validate (example, &local_error))
    return _easel_api_reply_new_for_error (local_error, TRUE);
  id = easel_store_save_example (store, example, &local_error);
  if (id == 0)
    return _easel_api_reply_new_for_error (local_error, TRUE);
  stored = easel_store_get_example (store, id, error);
  if (stored == NULL)
    return NULL;

  reply = _easel_api_reply_new (status, easel_prompt_example_to_json (stored));
  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location =
        _easel_api_request_url (request, EASEL_API_PREFIX "/prompt-examples/%" G_GINT64_FORMAT,
                                id);
      _easel_api_reply_set_header (reply, "Location", location);
    }
  return reply;
}

/* ---- GET /prompt-examples --------------------------------------------------------------- */

static EaselApiReply *
list_worker (EaselApiRequest  *request,
             EaselStore       *store,
             GError          **error)
{
  const char *search = _easel_api_request_get_query (request, "search");
  g_autoptr(GPtrArray) examples = NULL;

  examples = easel_store_list_examples (store, search != NULL && *search != '\0' ? search : NULL,
                                        error);
  if (examples == NULL)
    return NULL;
  return _easel_api_reply_new (SOUP_STATUS_OK, example_list_json (examples));
}

void
_easel_api_examples_list (EaselApiRequest *request)
{
  _easel_api_request_run_worker (request, list_worker);
}

/* ---- POST /prompt-examples -------------------------------------------------------------- */

static EaselApiReply *
create_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  g_autoptr(EaselPromptExample) example = NULL;
  g_autoptr(GError) local_error = NULL;

  example = easel_prompt_example_from_json (request->data, &local_error);
  if (example == NULL)
    return _easel_api_reply_new_for_error (local_error, TRUE);
  example->id = 0;
  return save_and_answer (request, store, example, SOUP_STATUS_CREATED, error);
}

void
_easel_api_examples_create (EaselApiRequest *request)
{
  JsonNode *body = parse_example_body (request);

  if (body == NULL)
    return;
  _easel_api_request_set_data (request, body, (GDestroyNotify) json_node_unref);
  _easel_api_request_run_worker (request, create_worker);
}

/* ---- GET /prompt-examples/{example_id} -------------------------------------------------- */

static EaselApiReply *
get_worker (EaselApiRequest  *request,
            EaselStore       *store,
            GError          **error)
{
  g_autoptr(EaselPromptExample) example = easel_store_get_example (store,
                                                                   example_id_of (request),
                                                                   error);

  if (example == NULL)
    return NULL;
  return _easel_api_reply_new (SOUP_STATUS_OK, easel_prompt_example_to_json (example));
}

void
_easel_api_examples_get (EaselApiRequest *request)
{
  gint64 id;

  if (get_example_id (request, &id))
    _easel_api_request_run_worker (request, get_worker);
}

/* ---- PUT /prompt-examples/{example_id} -------------------------------------------------- */

/* The members given replace the stored ones; members left out keep their values ("settings"
 * is one member: given, it replaces all the settings).
 */
static EaselApiReply *
update_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  JsonObject *changes = json_node_get_object (request->data);
  g_autoptr(EaselPromptExample) current = NULL;
  g_autoptr(EaselPromptExample) updated = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObjectIter iter;
  JsonObject *object;
  const char *name;
  JsonNode *member;
  gint64 id = example_id_of (request);

  current = easel_store_get_example (store, id, error);
  if (current == NULL)
    return NULL;

  if (json_object_has_member (changes, "id") &&
      (!JSON_NODE_HOLDS_VALUE (json_object_get_member (changes, "id")) ||
       json_node_get_value_type (json_object_get_member (changes, "id")) != G_TYPE_INT64 ||
       json_object_get_int_member (changes, "id") != id))
    return _easel_api_reply_new_error (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                       EASEL_API_ERROR_INVALID,
                                       _("“id” in the body differs from the id in the URL"));

  merged = easel_prompt_example_to_json (current);
  object = json_node_get_object (merged);
  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (object, name, json_node_copy (member));

  updated = easel_prompt_example_from_json (merged, &local_error);
  if (updated == NULL)
    return _easel_api_reply_new_for_error (local_error, TRUE);
  updated->id = id;
  return save_and_answer (request, store, updated, SOUP_STATUS_OK, error);
}

void
_easel_api_examples_update (EaselApiRequest *request)
{
  JsonNode *body;
  gint64 id;

  if (!get_example_id (request, &id))
    return;
  body = parse_example_body (request);
  if (body == NULL)
    return;
  _easel_api_request_set_data (request, body, (GDestroyNotify) json_node_unref);
  _easel_api_request_run_worker (request, update_worker);
}

/* ---- DELETE /prompt-examples/{example_id} ----------------------------------------------- */

static EaselApiReply *
delete_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  g_autoptr(EaselPromptExample) example = NULL;
  gint64 id = example_id_of (request);

  /* The store deletes nothing quietly for a missing id; say 404 rather than 204. */
  example = easel_store_get_example (store, id, error);
  if (example == NULL || !easel_store_delete_example (store, id, error))
    return NULL;
  return _easel_api_reply_new (SOUP_STATUS_NO_CONTENT, NULL);
}

void
_easel_api_examples_delete (EaselApiRequest *request)
{
  gint64 id;

  if (get_example_id (request, &id))
    _easel_api_request_run_worker (request, delete_worker);
}
