/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include "easel-api-private.h"
#include "easel-api-resources.h"

/* Every route the server answers. docs/api-openapi.json describes each one; test-api checks
 * that the two lists are the same.
 */
const EaselApiRoute _easel_api_routes[] = {
  { "GET",    EASEL_API_PREFIX "/openapi.json",                  _easel_api_openapi_get },
  { "POST",   EASEL_API_PREFIX "/images/generate",               _easel_api_images_generate },
  { "POST",   EASEL_API_PREFIX "/images/batch",                  _easel_api_images_batch },
  { "GET",    EASEL_API_PREFIX "/runs/{run_id}",                 _easel_api_runs_get },
  { "POST",   EASEL_API_PREFIX "/runs/{run_id}/cancel",          _easel_api_runs_cancel },
  { "GET",    EASEL_API_PREFIX "/results",                       _easel_api_results_list },
  { "GET",    EASEL_API_PREFIX "/results/{result_id}",           _easel_api_results_get },
  { "GET",    EASEL_API_PREFIX "/results/{result_id}/image",     _easel_api_results_image },
  { "GET",    EASEL_API_PREFIX "/providers",                     _easel_api_providers_list },
  { "GET",    EASEL_API_PREFIX "/prompt-examples",               _easel_api_examples_list },
  { "POST",   EASEL_API_PREFIX "/prompt-examples",               _easel_api_examples_create },
  { "GET",    EASEL_API_PREFIX "/prompt-examples/{example_id}",  _easel_api_examples_get },
  { "PUT",    EASEL_API_PREFIX "/prompt-examples/{example_id}",  _easel_api_examples_update },
  { "DELETE", EASEL_API_PREFIX "/prompt-examples/{example_id}",  _easel_api_examples_delete },
  { "GET",    EASEL_API_PREFIX "/posts",                         _easel_api_posts_list },
  { "POST",   EASEL_API_PREFIX "/posts",                         _easel_api_posts_create },
  { "GET",    EASEL_API_PREFIX "/posts/{post}",                  _easel_api_posts_get },
  { "POST",   EASEL_API_PREFIX "/posts/{post}/generate",         _easel_api_posts_generate },
  { "PUT",    EASEL_API_PREFIX "/posts/{post}/sections/{position}",
    _easel_api_posts_section_update },
  { "GET",    EASEL_API_PREFIX "/posts/{post}/export",           _easel_api_posts_export },
  { NULL, NULL, NULL }
};

/**
 * easel_api_get_openapi_document:
 *
 * Returns: (transfer full): docs/api-openapi.json, as compiled into the program
 */
GBytes *
easel_api_get_openapi_document (void)
{
  GBytes *bytes = g_resource_lookup_data (easel_api_get_resource (),
                                          "/io/github/easelapp/Easel/api/openapi.json",
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

/* Served verbatim, so what a client reads is exactly the file in docs/. */
void
_easel_api_openapi_get (EaselApiRequest *request)
{
  EaselApiReply *reply = _easel_api_reply_new (SOUP_STATUS_OK, NULL);

  reply->bytes = easel_api_get_openapi_document ();
  reply->content_type = g_strdup ("application/json");
  _easel_api_reply_set_header (reply, "Cache-Control", "no-cache");
  _easel_api_request_reply (request, reply);
}
