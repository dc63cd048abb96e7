/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* The date the built-in price table was last checked against its sources. */
#define EASEL_COST_PRICES_AS_OF "2026-11-26"

gboolean  easel_cost_estimate       (const char                *model,
                                     const char                *size,
                                     const char                *quality,
                                     const char                *usage_json,
                                     JsonObject                *price_overrides,
                                     double                    *usd);
gboolean  easel_cost_estimate_image (const EaselGeneratedImage *image,
                                     JsonObject                *price_overrides,
                                     double                    *usd);
char     *easel_cost_format         (double                     usd);

G_END_DECLS
