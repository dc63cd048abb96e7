/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-api-private.h"

/* Posts: waiting for the blog module (src/engine/easel-blog.h). */

static void
not_yet (EaselApiRequest *request)
{
  _easel_api_request_reply_error (request, SOUP_STATUS_NOT_IMPLEMENTED, "not_implemented",
                                  _("Posts are not available yet"));
}

void _easel_api_posts_list (EaselApiRequest *request) { not_yet (request); }
void _easel_api_posts_create (EaselApiRequest *request) { not_yet (request); }
void _easel_api_posts_get (EaselApiRequest *request) { not_yet (request); }
void _easel_api_posts_generate (EaselApiRequest *request) { not_yet (request); }
void _easel_api_posts_section_update (EaselApiRequest *request) { not_yet (request); }
void _easel_api_posts_export (EaselApiRequest *request) { not_yet (request); }
