/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-generation.h"

G_BEGIN_DECLS

gboolean         easel_openai_date_is_valid   (const char  *date);
EaselServerInfo *easel_openai_models_parse    (JsonNode    *root,
                                               const char  *today,
                                               const char  *configured_model,
                                               GError     **error);

G_END_DECLS
