/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The bearer token of the local REST API: 32 random bytes, base64url without padding, kept in
 * a file only its owner can read.
 */

#define EASEL_API_TOKEN_FILE_NAME "api-token"

char     *easel_api_token_generate       (GError      **error);
char     *easel_api_token_default_path   (void);
char     *easel_api_token_load_or_create (const char   *path,
                                          gboolean     *out_created,
                                          GError      **error);
gboolean  easel_api_token_equal          (const char   *expected,
                                          const char   *given);
gboolean  easel_api_token_check_header   (const char   *expected,
                                          const char   *authorization);

G_END_DECLS
