/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* What a secret of a provider is: its API key, or the value of one of its sensitive headers. */
#define EASEL_SECRET_API_KEY "api-key"

gboolean  easel_secrets_store   (const char    *provider_id,
                                 const char    *provider_name,
                                 const char    *what,
                                 const char    *secret,
                                 GCancellable  *cancellable,
                                 GError       **error);
char     *easel_secrets_lookup  (const char    *provider_id,
                                 const char    *what,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean  easel_secrets_clear   (const char    *provider_id,
                                 const char    *what,
                                 GCancellable  *cancellable,
                                 GError       **error);
char     *easel_secrets_header_key (const char *header_name);

G_END_DECLS
