/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-provider.h"

G_BEGIN_DECLS

#define EASEL_TYPE_OPENAI_PROVIDER (easel_openai_provider_get_type ())

G_DECLARE_FINAL_TYPE (EaselOpenaiProvider, easel_openai_provider, EASEL, OPENAI_PROVIDER, GObject)

/**
 * EaselOpenaiRateLimits:
 * @limit_requests: `x-ratelimit-limit-requests`, or -1
 * @remaining_requests: `x-ratelimit-remaining-requests`, or -1
 * @reset_requests_ms: `x-ratelimit-reset-requests` (a Go duration) in ms, or -1
 * @limit_tokens: `x-ratelimit-limit-tokens`, or -1
 * @remaining_tokens: `x-ratelimit-remaining-tokens`, or -1
 * @reset_tokens_ms: `x-ratelimit-reset-tokens` in ms, or -1
 * @observed_at: g_get_monotonic_time() when the headers arrived, 0 if never
 *
 * The last rate-limit headers the server sent (protocols/openai-images.md §7), for the engine
 * to pace its requests.
 */
typedef struct
{
  gint64 limit_requests;
  gint64 remaining_requests;
  gint64 reset_requests_ms;
  gint64 limit_tokens;
  gint64 remaining_tokens;
  gint64 reset_tokens_ms;
  gint64 observed_at;
} EaselOpenaiRateLimits;

EaselProvider *easel_openai_provider_new                    (const EaselProviderConfig *config,
                                                             const char                *base_url,
                                                             const char                *api_key);
gboolean       easel_openai_provider_is_compatible          (EaselOpenaiProvider       *self);
gboolean       easel_openai_provider_get_rate_limits        (EaselOpenaiProvider       *self,
                                                             EaselOpenaiRateLimits     *limits);
gint64         easel_openai_provider_get_rate_limit_reset_ms (EaselOpenaiProvider      *self);

gint64         easel_openai_parse_duration_ms               (const char                *text);

G_END_DECLS
