/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-provider.h"

G_BEGIN_DECLS

#define EASEL_TYPE_A1111_PROVIDER (easel_a1111_provider_get_type ())

G_DECLARE_FINAL_TYPE (EaselA1111Provider, easel_a1111_provider, EASEL, A1111_PROVIDER, GObject)

/**
 * easel_a1111_provider_new:
 * @config: the provider (kind a1111); options read: "timeout_s" (short requests, default 30),
 *   "job_timeout_s" (per-job watchdog, 0 = none, the default), "poll_interval_ms" (progress
 *   polls, default 750), "previews" (default true), "cancel_grace_s" (how long a cancelled or
 *   timed-out job waits for the server to return after the interrupt, default 10),
 *   "lists_ttl_s" (how long model/sampler/scheduler lists are trusted, default 600),
 *   "max_body_bytes", "max_image_dimension", plus the mapping's "batch_limit",
 *   "legacy_schedulers", "preview_every_n_steps"
 * @base_url: the one server this instance talks to ("http://127.0.0.1:7860")
 * @api_key: (nullable): "user:password" for the server's `--api-auth`, sent as HTTP Basic on
 *   every request; %NULL or "" for none
 *
 * A client for one AUTOMATIC1111-compatible server (A1111, Forge, SD.Next, Draw Things). It
 * sends one generation at a time and queues the rest itself (protocols/a1111.md §2).
 *
 * Returns: (transfer full): the provider.
 */
EaselProvider *easel_a1111_provider_new (const EaselProviderConfig *config,
                                         const char                *base_url,
                                         const char                *api_key);

G_END_DECLS
