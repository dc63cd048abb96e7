/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "easel-api-private.h"

/* Blog posts through the blog module (src/engine/easel-blog.h), as the window's Posts view and
 * `easel post` use it: import, load, link, pick, generate (one engine run per section), and the
 * export manifest, here with image URLs instead of files.
 */

#include "easel-blog.h"
#include "easel-markdown.h"

static const char *
post_param (EaselApiRequest *request)
{
  return request->params[0];
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_id_or_null (JsonObject *object,
                const char *name,
                gint64      id)
{
  if (id > 0)
    json_object_set_int_member (object, name, id);
  else
    json_object_set_null_member (object, name);
}

static JsonNode *
section_to_json (EaselApiRequest  *request,
                 EaselStore       *store,
                 EaselBlogSection *bs)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *results = json_array_new ();

  json_node_take_object (node, object);
  json_object_set_int_member (object, "id", bs->section->id);
  json_object_set_int_member (object, "position", bs->section->position);
  json_object_set_string_member (object, "heading", bs->section->heading);
  json_object_set_boolean_member (object, "hero", bs->hero);
  json_object_set_string_member (object, "body", bs->section->body != NULL ? bs->section->body
                                                                          : "");
  json_object_set_string_member (object, "prompt", bs->prompt != NULL ? bs->prompt : "");
  json_object_set_string_member (object, "prompt_source",
                                 easel_prompt_source_to_string (bs->prompt_source));
  set_string_or_null (object, "prompt_override", bs->section->prompt_override);
  set_id_or_null (object, "example_id", bs->section->example_id);
  set_string_or_null (object, "example_name", bs->example != NULL ? bs->example->name : NULL);
  set_string_or_null (object, "setting_name", bs->setting_name);
  json_object_set_string_member (object, "alt_text", bs->alt_text != NULL ? bs->alt_text : "");
  json_object_set_boolean_member (object, "alt_text_is_default", bs->alt_text_is_default);
  json_object_set_string_member (object, "status", easel_blog_section_status (bs, NULL, NULL));
  set_id_or_null (object, "chosen_result_id", bs->chosen != NULL ? bs->chosen->id : 0);

  for (guint i = 0; i < bs->results->len; i++)
    {
      EaselResult *result = g_ptr_array_index (bs->results, i);
      const EaselJob *job = NULL;
      g_autoptr(EaselJob) made = NULL;

      for (guint j = 0; j < bs->jobs->len && job == NULL; j++)
        if (((EaselJob *) g_ptr_array_index (bs->jobs, j))->id == result->job_id)
          job = g_ptr_array_index (bs->jobs, j);
      if (job == NULL)
        job = made = _easel_api_job_for_result (store, result);
      json_array_add_element (results, _easel_api_result_to_json (request, store, job, result,
                                                                  FALSE));
    }
  json_object_set_array_member (object, "results", results);
  return node;
}

static JsonNode *
post_to_json (EaselApiRequest *request,
              EaselStore      *store,
              EaselBlogPost   *blog)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *sections = json_array_new ();

  json_node_take_object (node, object);
  json_object_set_int_member (object, "id", blog->post->id);
  json_object_set_string_member (object, "slug", blog->post->slug);
  json_object_set_string_member (object, "title", blog->post->title);
  json_object_set_int_member (object, "heading_level", blog->post->heading_level);
  set_string_or_null (object, "prompt_template", blog->post->prompt_template);
  set_string_or_null (object, "source_path", blog->post->source_path);
  json_object_set_int_member (object, "created_at", blog->post->created_at);
  json_object_set_int_member (object, "updated_at", blog->post->updated_at);
  for (guint i = 0; i < blog->sections->len; i++)
    json_array_add_element (sections,
                            section_to_json (request, store, g_ptr_array_index (blog->sections,
                                                                                i)));
  json_object_set_array_member (object, "sections", sections);
  return node;
}

/* Blog errors, as statuses: what the URL names is 404, what the body asks that cannot be is
 * 422, a state that forbids it is 409.
 */
static EaselApiReply *
reply_for_error (const GError *error,
                 gboolean      body_references)
{
  guint status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
  const char *code = EASEL_API_ERROR_INVALID;

  if (error->domain != EASEL_BLOG_ERROR)
    return _easel_api_reply_new_for_error (error, body_references);

  switch (error->code)
    {
    case EASEL_BLOG_ERROR_NOT_TEXT:
      status = SOUP_STATUS_BAD_REQUEST;
      code = EASEL_API_ERROR_BAD_REQUEST;
      break;
    case EASEL_BLOG_ERROR_NO_SECTION:
      if (!body_references)
        {
          status = SOUP_STATUS_NOT_FOUND;
          code = EASEL_API_ERROR_NOT_FOUND;
        }
      break;
    case EASEL_BLOG_ERROR_AMBIGUOUS:
    case EASEL_BLOG_ERROR_EXISTS:
    case EASEL_BLOG_ERROR_MISSING_IMAGES:
      status = SOUP_STATUS_CONFLICT;
      code = EASEL_API_ERROR_CONFLICT;
      break;
    case EASEL_BLOG_ERROR_IMAGE:
      status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      code = EASEL_API_ERROR_INTERNAL;
      break;
    default:
      break;
    }
  return _easel_api_reply_new_error (status, code, error->message);
}

static EaselApiReply *
reply_error (GError   *error,
             gboolean  body_references)
{
  EaselApiReply *reply = reply_for_error (error, body_references);

  g_error_free (error);
  return reply;
}

/* ---- GET /posts ------------------------------------------------------------------------- */

static EaselApiReply *
list_worker (EaselApiRequest  *request,
             EaselStore       *store,
             GError          **error)
{
  g_autoptr(GPtrArray) posts = easel_store_list_posts (store, error);
  JsonArray *array;
  JsonObject *object;
  JsonNode *root;

  if (posts == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < posts->len; i++)
    {
      EaselPost *post = g_ptr_array_index (posts, i);
      g_autoptr(GPtrArray) sections = easel_store_list_sections (store, post->id, error);
      JsonObject *summary = json_object_new ();
      guint chosen = 0;

      if (sections == NULL)
        {
          json_object_unref (summary);
          json_array_unref (array);
          return NULL;
        }
      for (guint s = 0; s < sections->len; s++)
        chosen += ((EaselSection *) g_ptr_array_index (sections, s))->chosen_result_id > 0;
      json_object_set_int_member (summary, "id", post->id);
      json_object_set_string_member (summary, "slug", post->slug);
      json_object_set_string_member (summary, "title", post->title);
      json_object_set_int_member (summary, "sections", sections->len);
      json_object_set_int_member (summary, "chosen", chosen);
      json_object_set_int_member (summary, "created_at", post->created_at);
      json_object_set_int_member (summary, "updated_at", post->updated_at);
      json_array_add_object_element (array, summary);
    }
  root = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (root, object);
  json_object_set_array_member (object, "posts", array);
  return _easel_api_reply_new (SOUP_STATUS_OK, root);
}

void
_easel_api_posts_list (EaselApiRequest *request)
{
  _easel_api_request_run_worker (request, list_worker);
}

/* ---- POST /posts ------------------------------------------------------------------------ */

typedef struct
{
  char *markdown;
  char *title;
  char *into;
  char *source_path;
  int   level;
} Import;

static void
import_free (Import *import)
{
  g_free (import->markdown);
  g_free (import->title);
  g_free (import->into);
  g_free (import->source_path);
  g_free (import);
}

static JsonNode *
strings_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  json_node_take_array (node, array);
  return node;
}

static EaselApiReply *
import_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  Import *import = request->data;
  EaselEngine *engine = _easel_api_request_get_engine (request);
  g_autoptr(EaselImportReport) report = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autofree char *id = NULL;
  GError *local_error = NULL;
  EaselApiReply *reply;
  JsonObject *summary;
  JsonNode *node;

  report = easel_blog_import_text (engine, import->markdown, import->source_path, import->title,
                                   import->level, import->into, &local_error);
  if (report == NULL)
    return reply_error (local_error, TRUE);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, report->post->id);
  blog = easel_blog_load (engine, id, error);
  if (blog == NULL)
    return NULL;

  node = post_to_json (request, store, blog);
  summary = json_object_new ();
  json_object_set_boolean_member (summary, "created", report->created);
  json_object_set_member (summary, "added", strings_node (report->added));
  json_object_set_member (summary, "changed", strings_node (report->changed));
  json_object_set_member (summary, "removed", strings_node (report->removed));
  json_object_set_int_member (summary, "unchanged", report->unchanged);
  json_object_set_object_member (json_node_get_object (node), "import", summary);

  reply = _easel_api_reply_new (report->created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, node);
  if (report->created)
    {
      g_autofree char *location = _easel_api_request_url (request,
                                                          EASEL_API_PREFIX "/posts/%s", id);
      _easel_api_reply_set_header (reply, "Location", location);
    }
  return reply;
}

static gboolean
read_level (const char  *text,
            int         *out,
            GError     **error)
{
  char *end = NULL;
  gint64 value;

  errno = 0;
  value = text != NULL ? g_ascii_strtoll (text, &end, 10) : 0;
  if (text == NULL || errno != 0 || end == text || *end != '\0' || value < 1 || value > 6)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“heading_level” must be a whole number from 1 to 6"));
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

/* A JSON body {"markdown", "title", "heading_level", "into", "source_path"}. */
static gboolean
read_json_import (EaselApiRequest  *request,
                  Import           *import,
                  gboolean         *replied,
                  GError          **error)
{
  static const char * const known[] = {
    "markdown", "title", "heading_level", "into", "source_path", NULL
  };
  g_autoptr(JsonNode) body = _easel_api_request_parse_json (request);
  JsonObject *object;
  JsonNode *member;

  if (body == NULL)
    {
      *replied = TRUE;
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The body must be a JSON object with “markdown”"));
      return FALSE;
    }
  object = json_node_get_object (body);
  if (!_easel_api_check_members (object, _("the post"), known, error))
    return FALSE;

  for (const char * const *name = known; *name != NULL; name++)
    {
      char **field = NULL;

      if (strcmp (*name, "heading_level") == 0)
        continue;
      member = json_object_get_member (object, *name);
      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“%s” must be a string"), *name);
          return FALSE;
        }
      if (strcmp (*name, "markdown") == 0)
        field = &import->markdown;
      else if (strcmp (*name, "title") == 0)
        field = &import->title;
      else if (strcmp (*name, "into") == 0)
        field = &import->into;
      else
        field = &import->source_path;
      *field = g_strdup (json_node_get_string (member));
    }
  if (import->markdown == NULL)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“markdown” is missing"));
      return FALSE;
    }

  member = json_object_get_member (object, "heading_level");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
      if (!read_level (text, &import->level, error))
        return FALSE;
    }
  return TRUE;
}

void
_easel_api_posts_create (EaselApiRequest *request)
{
  Import *import = g_new0 (Import, 1);
  g_autoptr(GError) error = NULL;
  gboolean replied = FALSE;

  _easel_api_request_set_data (request, import, (GDestroyNotify) import_free);

  if (g_strcmp0 (request->content_type, "application/json") == 0)
    {
      if (!read_json_import (request, import, &replied, &error))
        {
          if (!replied)
            _easel_api_request_reply_gerror (request, error, TRUE);
          return;
        }
    }
  else
    {
      /* The Markdown itself; the options are query parameters. */
      static const char * const known[] = { "heading_level", "title", "into", NULL };
      const char *level = _easel_api_request_get_query (request, "heading_level");
      GHashTableIter iter;
      const char *name;
      gsize length = 0;
      const char *data;

      g_hash_table_iter_init (&iter, request->query);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        if (!g_strv_contains (known, name))
          {
            g_autofree char *message = g_strdup_printf (_("Unknown query parameter “%s”"), name);

            _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                            EASEL_API_ERROR_BAD_REQUEST, message);
            return;
          }
      if (level != NULL && !read_level (level, &import->level, &error))
        {
          _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                          EASEL_API_ERROR_BAD_REQUEST, error->message);
          return;
        }
      data = request->body != NULL ? g_bytes_get_data (request->body, &length) : NULL;
      if (length == 0 || memchr (data, '\0', length) != NULL ||
          !g_utf8_validate (data, (gssize) length, NULL))
        {
          _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                          EASEL_API_ERROR_BAD_REQUEST,
                                          _("The body must be the post’s Markdown, in UTF-8 "
                                            "(or JSON with Content-Type: application/json)"));
          return;
        }
      import->markdown = g_strndup (data, length);
      import->title = g_strdup (_easel_api_request_get_query (request, "title"));
      import->into = g_strdup (_easel_api_request_get_query (request, "into"));
    }
  _easel_api_request_run_worker (request, import_worker);
}

/* ---- GET /posts/{post} ------------------------------------------------------------------ */

static EaselApiReply *
get_worker (EaselApiRequest  *request,
            EaselStore       *store,
            GError          **error)
{
  g_autoptr(EaselBlogPost) blog = easel_blog_load (_easel_api_request_get_engine (request),
                                                   post_param (request), error);

  if (blog == NULL)
    return NULL;
  return _easel_api_reply_new (SOUP_STATUS_OK, post_to_json (request, store, blog));
}

void
_easel_api_posts_get (EaselApiRequest *request)
{
  _easel_api_request_run_worker (request, get_worker);
}

/* ---- PUT /posts/{post}/sections/{position} ---------------------------------------------- */

static gboolean
read_optional_id (JsonObject  *object,
                  const char  *name,
                  gboolean    *present,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *member = json_object_get_member (object, name);

  *present = member != NULL;
  *out = 0;
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
      json_node_get_int (member) < 1)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be an id or null"), name);
      return FALSE;
    }
  *out = json_node_get_int (member);
  return TRUE;
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *name,
                      gboolean    *present,
                      char       **out,
                      GError     **error)
{
  JsonNode *member = json_object_get_member (object, name);

  *present = member != NULL;
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("“%s” must be a string or null"), name);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (member));
  return TRUE;
}

static EaselApiReply *
section_worker (EaselApiRequest  *request,
                EaselStore       *store,
                GError          **error)
{
  EaselEngine *engine = _easel_api_request_get_engine (request);
  JsonObject *changes = json_node_get_object (request->data);
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(EaselBlogPost) after = NULL;
  g_autofree char *alt_text = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *post_id = NULL;
  EaselBlogSection *bs = NULL;
  GError *local_error = NULL;
  gboolean has_example, has_chosen, has_alt, has_prompt;
  gint64 example_id, chosen_id, position = 0;

  if (!read_optional_id (changes, "example_id", &has_example, &example_id, &local_error) ||
      !read_optional_id (changes, "chosen_result_id", &has_chosen, &chosen_id, &local_error) ||
      !read_optional_string (changes, "alt_text", &has_alt, &alt_text, &local_error) ||
      !read_optional_string (changes, "prompt", &has_prompt, &prompt, &local_error))
    return reply_error (local_error, TRUE);

  blog = easel_blog_load (engine, post_param (request), error);
  if (blog == NULL)
    return NULL;
  if (!_easel_api_request_get_id (request, 1, &position))
    position = 0;
  for (guint i = 0; i < blog->sections->len && bs == NULL; i++)
    if (((EaselBlogSection *) g_ptr_array_index (blog->sections, i))->section->position == position)
      bs = g_ptr_array_index (blog->sections, i);
  if (bs == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” has no section %s"), blog->post->title,
                                                  request->params[1]);

      return _easel_api_reply_new_error (SOUP_STATUS_NOT_FOUND, EASEL_API_ERROR_NOT_FOUND,
                                         message);
    }

  /* Each change goes through the blog module, as the Posts view makes it. */
  if (has_example)
    {
      g_autofree char *example = example_id > 0
        ? g_strdup_printf ("%" G_GINT64_FORMAT, example_id) : NULL;

      if (!easel_blog_link_example (engine, bs->section, example, &local_error))
        return reply_error (local_error, TRUE);
    }
  if (has_chosen && !easel_blog_pick (engine, bs->section, chosen_id, &local_error))
    return reply_error (local_error, TRUE);
  if (has_alt || has_prompt)
    {
      if (has_alt)
        {
          g_free (bs->section->alt_text);
          bs->section->alt_text = alt_text != NULL && *alt_text != '\0'
            ? g_steal_pointer (&alt_text) : NULL;
        }
      if (has_prompt)
        {
          g_free (bs->section->prompt_override);
          bs->section->prompt_override = prompt != NULL && *prompt != '\0'
            ? g_steal_pointer (&prompt) : NULL;
        }
      if (!easel_blog_update_section (engine, bs->section, &local_error))
        return reply_error (local_error, TRUE);
    }

  post_id = g_strdup_printf ("%" G_GINT64_FORMAT, blog->post->id);
  after = easel_blog_load (engine, post_id, error);
  if (after == NULL)
    return NULL;
  for (guint i = 0; i < after->sections->len; i++)
    {
      EaselBlogSection *updated = g_ptr_array_index (after->sections, i);

      if (updated->section->id == bs->section->id)
        return _easel_api_reply_new (SOUP_STATUS_OK, section_to_json (request, store, updated));
    }
  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NOT_FOUND,
               _("The section is gone"));
  return NULL;
}

void
_easel_api_posts_section_update (EaselApiRequest *request)
{
  static const char * const known[] = {
    "example_id", "chosen_result_id", "alt_text", "prompt", NULL
  };
  g_autoptr(JsonNode) body = _easel_api_request_parse_json (request);
  g_autoptr(GError) error = NULL;

  if (body == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      _easel_api_request_reply_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                      EASEL_API_ERROR_INVALID,
                                      _("The body must be a JSON object"));
      return;
    }
  if (!_easel_api_check_members (json_node_get_object (body), _("the section"), known, &error))
    {
      _easel_api_request_reply_gerror (request, error, TRUE);
      return;
    }
  _easel_api_request_set_data (request, g_steal_pointer (&body),
                               (GDestroyNotify) json_node_unref);
  _easel_api_request_run_worker (request, section_worker);
}

/* ---- POST /posts/{post}/generate -------------------------------------------------------- */

typedef struct
{
  GArray     *positions;   /* int; empty = every section */
  GStrv       providers;
  int         count;
  gboolean    wait;

  gint64      post_id;
  GPtrArray  *runs;        /* EaselRun, planned */
  GArray     *run_ids;     /* gint64, parallel to runs */
  GPtrArray  *live_jobs;   /* GPtrArray of EaselJob per run, for the answer */
  GError     *error;
  guint       pending;
} PostGenerate;

static void
post_generate_free (PostGenerate *gen)
{
  g_clear_pointer (&gen->positions, g_array_unref);
  g_clear_pointer (&gen->providers, g_strfreev);
  g_clear_pointer (&gen->runs, g_ptr_array_unref);
  g_clear_pointer (&gen->run_ids, g_array_unref);
  g_clear_pointer (&gen->live_jobs, g_ptr_array_unref);
  g_clear_error (&gen->error);
  g_free (gen);
}

static gboolean
parse_post_generate (JsonNode      *body,
                     PostGenerate  *gen,
                     GError       **error)
{
  static const char * const known[] = { "sections", "providers", "count", "wait", NULL };
  JsonObject *object;
  JsonNode *member;

  if (body == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The body must be a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (body);
  if (!_easel_api_check_members (object, _("the request"), known, error))
    return FALSE;

  member = json_object_get_member (object, "sections");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          int position;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_INT64 ||
              json_node_get_int (element) < 1 || json_node_get_int (element) > G_MAXINT)
            {
              array = NULL;
              break;
            }
          position = (int) json_node_get_int (element);
          g_array_append_val (gen->positions, position);
        }
      if (array == NULL)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“sections” must be a list of section positions"));
          return FALSE;
        }
    }

  member = json_object_get_member (object, "providers");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING ||
              *json_node_get_string (element) == '\0')
            {
              array = NULL;
              break;
            }
          g_strv_builder_add (builder, json_node_get_string (element));
        }
      if (array == NULL)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“providers” must be a list of provider names"));
          return FALSE;
        }
      gen->providers = g_strv_builder_end (builder);
    }

  member = json_object_get_member (object, "count");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) < 1 || json_node_get_int (member) > EASEL_SETTING_MAX_COUNT)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“count” must be a whole number between 1 and %d"),
                       EASEL_SETTING_MAX_COUNT);
          return FALSE;
        }
      gen->count = (int) json_node_get_int (member);
    }

  member = json_object_get_member (object, "wait");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("“wait” must be true or false"));
          return FALSE;
        }
      gen->wait = json_node_get_boolean (member);
    }
  return TRUE;
}

/* In a worker: the post, its sections by position, and the runs the blog module plans. */
static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EaselApiRequest *request = task_data;
  PostGenerate *gen = request->data;
  EaselEngine *engine = _easel_api_request_get_engine (request);
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;

  blog = easel_blog_load (engine, post_param (request), &error);
  if (blog == NULL)
    {
      g_task_return_pointer (task, reply_error (error, FALSE),
                             (GDestroyNotify) _easel_api_reply_free);
      return;
    }
  gen->post_id = blog->post->id;

  for (guint i = 0; i < gen->positions->len; i++)
    {
      int position = g_array_index (gen->positions, int, i);
      gint64 id = 0;

      for (guint s = 0; s < blog->sections->len && id == 0; s++)
        {
          EaselBlogSection *bs = g_ptr_array_index (blog->sections, s);

          if (bs->section->position == position)
            id = bs->section->id;
        }
      if (id == 0)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” has no section %d"),
                                                      blog->post->title, position);

          g_task_return_pointer (task, _easel_api_reply_new_error (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                                                   EASEL_API_ERROR_INVALID,
                                                                   message),
                                 (GDestroyNotify) _easel_api_reply_free);
          return;
        }
      g_array_append_val (ids, id);
    }

  gen->runs = easel_blog_plan_runs (engine, gen->post_id, (const gint64 *) ids->data, ids->len,
                                    (const char * const *) gen->providers, NULL, gen->count,
                                    &error);
  if (gen->runs == NULL)
    {
      g_task_return_pointer (task, reply_error (error, TRUE),
                             (GDestroyNotify) _easel_api_reply_free);
      return;
    }
  g_task_return_pointer (task, NULL, NULL);
}

static EaselApiReply *
answer_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  PostGenerate *gen = request->data;
  JsonArray *runs = json_array_new ();
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (root, object);
  json_object_set_int_member (object, "post", gen->post_id);
  json_object_set_array_member (object, "runs", runs);
  for (guint i = 0; i < gen->run_ids->len; i++)
    {
      JsonNode *run = _easel_api_run_to_json (request, store,
                                              g_array_index (gen->run_ids, gint64, i),
                                              g_ptr_array_index (gen->live_jobs, i), FALSE,
                                              error);

      if (run == NULL)
        {
          json_node_unref (root);
          return NULL;
        }
      json_array_add_element (runs, run);
    }
  return _easel_api_reply_new (gen->wait ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED, root);
}

static void
answer (EaselApiRequest *request)
{
  PostGenerate *gen = request->data;
  EaselApiRuns *runs = _easel_api_server_get_runs (request->server);

  if (gen->error != NULL)
    {
      _easel_api_request_reply (request, reply_for_error (gen->error, TRUE));
      return;
    }
  gen->live_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < gen->run_ids->len; i++)
    g_ptr_array_add (gen->live_jobs,
                     _easel_api_runs_snapshot (runs, g_array_index (gen->run_ids, gint64, i)));
  _easel_api_request_run_worker (request, answer_worker);
}

static void
run_finished_cb (gint64   run_id,
                 gpointer user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;
  PostGenerate *gen = request->data;

  if (--gen->pending == 0)
    answer (request);
}

static void submit_next (EaselApiRequest *request);

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EaselApiRequest) request = user_data;
  PostGenerate *gen = request->data;
  GError *error = NULL;
  gint64 run_id;

  run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  if (run_id == 0)
    {
      /* Runs already sent go on; the answer says what failed. */
      gen->error = error;
      answer (request);
      return;
    }
  g_array_append_val (gen->run_ids, run_id);
  if (g_cancellable_is_cancelled (_easel_api_server_get_cancellable (request->server)))
    easel_engine_cancel_run (EASEL_ENGINE (object), run_id);
  submit_next (g_steal_pointer (&request));
}

/* One run after the other, in post order, as the blog module's own generation sends them. */
static void
submit_next (EaselApiRequest *request)
{
  PostGenerate *gen = request->data;
  EaselApiRuns *runs = _easel_api_server_get_runs (request->server);

  if (gen->run_ids->len < gen->runs->len)
    {
      easel_engine_submit_async (_easel_api_request_get_engine (request),
                                 g_ptr_array_index (gen->runs, gen->run_ids->len), NULL,
                                 submitted_cb, request);
      return;
    }

  if (!gen->wait)
    {
      answer (request);
      _easel_api_request_unref (request);
      return;
    }
  gen->pending = 1 + gen->run_ids->len;
  for (guint i = 0; i < gen->run_ids->len; i++)
    _easel_api_runs_when_finished (runs, g_array_index (gen->run_ids, gint64, i),
                                   run_finished_cb, _easel_api_request_ref (request));
  if (--gen->pending == 0)
    answer (request);
  _easel_api_request_unref (request);
}

static void
planned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EaselApiRequest *request = user_data;
  EaselApiReply *reply = g_task_propagate_pointer (G_TASK (result), NULL);

  if (reply != NULL)
    {
      _easel_api_request_reply (request, reply);
      _easel_api_request_unref (request);
      return;
    }
  submit_next (request);
}

void
_easel_api_posts_generate (EaselApiRequest *request)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  PostGenerate *gen = g_new0 (PostGenerate, 1);

  gen->positions = g_array_new (FALSE, FALSE, sizeof (int));
  gen->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  _easel_api_request_set_data (request, gen, (GDestroyNotify) post_generate_free);

  /* The body is optional: none generates every section with their examples' providers. */
  if (request->body != NULL)
    {
      body = _easel_api_request_parse_json (request);
      if (body == NULL)
        return;
    }
  if (!parse_post_generate (body, gen, &error))
    {
      _easel_api_request_reply_gerror (request, error, TRUE);
      return;
    }

  task = g_task_new (NULL, NULL, planned_cb, _easel_api_request_ref (request));
  g_task_set_source_tag (task, _easel_api_posts_generate);
  g_task_set_task_data (task, request, NULL);
  g_task_run_in_thread (task, plan_thread);
}

/* ---- GET /posts/{post}/export ----------------------------------------------------------- */

/* The Markdown document's sections matched to the stored ones: by position when they are as
 * many, else by heading in order (as the export folder's post.md does).
 */
static EaselBlogSection *
match_section (const EaselMarkdownDocument *doc,
               EaselBlogPost               *blog,
               guint                        index,
               guint                       *next)
{
  const EaselMarkdownSection *md = g_ptr_array_index (doc->sections, index);

  if (doc->sections->len == blog->sections->len)
    return g_ptr_array_index (blog->sections, index);
  for (guint s = *next; s < blog->sections->len; s++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, s);

      if (g_strcmp0 (bs->section->heading, md->heading) == 0)
        {
          *next = s + 1;
          return bs;
        }
    }
  return NULL;
}

static EaselApiReply *
export_worker (EaselApiRequest  *request,
               EaselStore       *store,
               GError          **error)
{
  g_autoptr(EaselBlogPost) blog = easel_blog_load (_easel_api_request_get_engine (request),
                                                   post_param (request), error);
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EaselMarkdownDocument) doc = NULL;
  g_autofree EaselManifestSection *entries = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *markdown = NULL;
  const char *strict = _easel_api_request_get_query (request, "strict");
  g_autoptr(GString) missing = g_string_new (NULL);
  JsonObject *manifest;
  JsonNode *root;
  guint next = 0;

  if (blog == NULL)
    return NULL;

  entries = g_new0 (EaselManifestSection, blog->sections->len + 1);
  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);
      char *url = NULL;

      if (bs->chosen != NULL)
        url = _easel_api_request_url (request, EASEL_API_PREFIX "/results/%" G_GINT64_FORMAT
                                      "/image", bs->chosen->id);
      else
        g_string_append_printf (missing, "%s%d (“%s”)", missing->len > 0 ? ", " : "",
                                bs->section->position, bs->section->heading);
      g_ptr_array_add (urls, url);
      entries[i] = (EaselManifestSection) {
        bs->section, bs->hero, bs->prompt, bs->alt_text, bs->chosen, url,
        bs->chosen != NULL ? bs->chosen->width : 0, bs->chosen != NULL ? bs->chosen->height : 0,
      };
    }

  if ((g_strcmp0 (strict, "true") == 0 || g_strcmp0 (strict, "1") == 0) && missing->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("These sections have no chosen image: %s"),
                                                  missing->str);

      return _easel_api_reply_new_error (SOUP_STATUS_CONFLICT, EASEL_API_ERROR_CONFLICT,
                                         message);
    }

  root = easel_post_manifest (blog->post, entries, blog->sections->len,
                              EASEL_EXPORT_FORMAT_ORIGINAL, 0, exported_at);
  manifest = json_node_get_object (root);
  json_object_set_null_member (json_object_get_object_member (manifest, "post"), "markdown");

  doc = easel_markdown_split (blog->post->source_markdown, blog->post->heading_level,
                              blog->post->title);
  for (guint i = 0; i < doc->sections->len; i++)
    {
      EaselBlogSection *bs = match_section (doc, blog, i, &next);
      const char *url = NULL;

      for (guint s = 0; bs != NULL && s < blog->sections->len; s++)
        if (g_ptr_array_index (blog->sections, s) == bs)
          url = g_ptr_array_index (urls, s);
      g_ptr_array_add (references,
                       url != NULL ? easel_markdown_image_reference (bs->alt_text, url) : NULL);
    }
  markdown = easel_markdown_insert_images (blog->post->source_markdown, doc,
                                           (const char * const *) references->pdata);
  json_object_set_string_member (manifest, "markdown", markdown);
  return _easel_api_reply_new (SOUP_STATUS_OK, root);
}

void
_easel_api_posts_export (EaselApiRequest *request)
{
  const char *strict = _easel_api_request_get_query (request, "strict");
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (g_strcmp0 (name, "strict") != 0)
      {
        g_autofree char *message = g_strdup_printf (_("Unknown query parameter “%s”"), name);

        _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                        EASEL_API_ERROR_BAD_REQUEST, message);
        return;
      }
  if (strict != NULL && g_strcmp0 (strict, "true") != 0 && g_strcmp0 (strict, "false") != 0 &&
      g_strcmp0 (strict, "1") != 0 && g_strcmp0 (strict, "0") != 0)
    {
      _easel_api_request_reply_error (request, SOUP_STATUS_BAD_REQUEST,
                                      EASEL_API_ERROR_BAD_REQUEST,
                                      _("The query parameter “strict” must be true or false"));
      return;
    }
  _easel_api_request_run_worker (request, export_worker);
}
