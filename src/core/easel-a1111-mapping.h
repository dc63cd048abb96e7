/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-a1111-lists.h"
#include "easel-capabilities.h"
#include "easel-generation.h"
#include "easel-provider-config.h"

G_BEGIN_DECLS

/* A1111's own random seeds are below 2^32 (protocols/a1111.md §9 rule 4). */
#define EASEL_A1111_MAX_SEED     G_GINT64_CONSTANT (4294967295)
/* Images per batch before Easel switches to several batches (`n_iter`). */
#define EASEL_A1111_BATCH_LIMIT  8

EaselMappedRequest *easel_a1111_map_request            (const EaselProviderConfig   *config,
                                                        const EaselGenerateRequest  *request,
                                                        const EaselCapabilities     *caps,
                                                        GError                     **error);
EaselMappedRequest *easel_a1111_map_request_with_lists (const EaselProviderConfig   *config,
                                                        const EaselGenerateRequest  *request,
                                                        const EaselCapabilities     *caps,
                                                        const EaselA1111ServerLists *lists,
                                                        GError                     **error);
char               *easel_a1111_normalize_key          (const char                  *key);

G_END_DECLS
