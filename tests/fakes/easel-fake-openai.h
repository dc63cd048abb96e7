/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * EaselFakeOpenaiFault:
 * @EASEL_FAKE_OPENAI_FAULT_NONE: answer normally
 * @EASEL_FAKE_OPENAI_FAULT_STALL: accept the request and never answer
 * @EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED: 401 `invalid_api_key`
 * @EASEL_FAKE_OPENAI_FAULT_FORBIDDEN: 403 (organization not verified for the model)
 * @EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED: 429 `rate_limit_exceeded`, `Retry-After: 1` and
 *   `x-ratelimit-*` headers (`x-ratelimit-reset-requests: 1m30.5s`)
 * @EASEL_FAKE_OPENAI_FAULT_INSUFFICIENT_QUOTA: 429 `insufficient_quota`, no Retry-After
 * @EASEL_FAKE_OPENAI_FAULT_SERVER_ERROR: 500 `server_error`
 * @EASEL_FAKE_OPENAI_FAULT_BAD_GATEWAY: 502 with an HTML body (a proxy, not the API)
 * @EASEL_FAKE_OPENAI_FAULT_MALFORMED_JSON: 200 with a JSON body cut in the middle
 * @EASEL_FAKE_OPENAI_FAULT_TRUNCATED_BODY: 200 announcing a Content-Length, then closing early
 * @EASEL_FAKE_OPENAI_FAULT_NOT_AN_IMAGE: 200 whose `b64_json` decodes to HTML
 * @EASEL_FAKE_OPENAI_FAULT_OVERSIZED_BODY: 200 with a 3 MiB body
 * @EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED: 400 `moderation_blocked` with
 *   `moderation_details` (GPT image models)
 * @EASEL_FAKE_OPENAI_FAULT_CONTENT_POLICY: 400 `content_policy_violation` (DALL·E)
 * @EASEL_FAKE_OPENAI_FAULT_MODEL_NOT_FOUND: 404 `model_not_found` whatever the model
 * @EASEL_FAKE_OPENAI_FAULT_STREAM_CUT: a streamed answer that ends after its partial images,
 *   without `completed`
 * @EASEL_FAKE_OPENAI_FAULT_STREAM_STALL: a streamed answer that stops after one partial image
 *   and keeps the connection open
 * @EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR: a streamed answer with one partial image, then an
 *   `event: error` (`moderation_blocked` at the output stage)
 * @EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED_ECHO: 401 whose message and body quote the request's
 *   whole Authorization header, as a careless relay might
 *
 * Faults apply to `POST /v1/images/generations`; STALL, UNAUTHORIZED, UNAUTHORIZED_ECHO,
 * FORBIDDEN, SERVER_ERROR, BAD_GATEWAY and MALFORMED_JSON (set with set_fault) also apply to
 * `GET /v1/models`.
 */
typedef enum
{
  EASEL_FAKE_OPENAI_FAULT_NONE,
  EASEL_FAKE_OPENAI_FAULT_STALL,
  EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED,
  EASEL_FAKE_OPENAI_FAULT_FORBIDDEN,
  EASEL_FAKE_OPENAI_FAULT_RATE_LIMITED,
  EASEL_FAKE_OPENAI_FAULT_INSUFFICIENT_QUOTA,
  EASEL_FAKE_OPENAI_FAULT_SERVER_ERROR,
  EASEL_FAKE_OPENAI_FAULT_BAD_GATEWAY,
  EASEL_FAKE_OPENAI_FAULT_MALFORMED_JSON,
  EASEL_FAKE_OPENAI_FAULT_TRUNCATED_BODY,
  EASEL_FAKE_OPENAI_FAULT_NOT_AN_IMAGE,
  EASEL_FAKE_OPENAI_FAULT_OVERSIZED_BODY,
  EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED,
  EASEL_FAKE_OPENAI_FAULT_CONTENT_POLICY,
  EASEL_FAKE_OPENAI_FAULT_MODEL_NOT_FOUND,
  EASEL_FAKE_OPENAI_FAULT_STREAM_CUT,
  EASEL_FAKE_OPENAI_FAULT_STREAM_STALL,
  EASEL_FAKE_OPENAI_FAULT_STREAM_ERROR,
  EASEL_FAKE_OPENAI_FAULT_UNAUTHORIZED_ECHO,
} EaselFakeOpenaiFault;

/**
 * EaselFakeOpenaiModels:
 * @EASEL_FAKE_OPENAI_MODELS_OPENAI: OpenAI's list with shutdown dates (retired DALL·E models
 *   included, gpt-image-1.5 shutting down 2026-12-01, gpt-image-2* current)
 * @EASEL_FAKE_OPENAI_MODELS_NO_IMAGE_MODELS: a list with chat models only (a compatible server)
 * @EASEL_FAKE_OPENAI_MODELS_NOT_FOUND: `GET /models` answers 404 (a compatible server)
 */
typedef enum
{
  EASEL_FAKE_OPENAI_MODELS_OPENAI,
  EASEL_FAKE_OPENAI_MODELS_NO_IMAGE_MODELS,
  EASEL_FAKE_OPENAI_MODELS_NOT_FOUND,
} EaselFakeOpenaiModels;

/**
 * EaselFakeOpenaiRoute:
 *
 * Which of the fake's endpoints a header query is about.
 */
typedef enum
{
  EASEL_FAKE_OPENAI_ROUTE_IMAGES,
  EASEL_FAKE_OPENAI_ROUTE_MODELS,
  EASEL_FAKE_OPENAI_ROUTE_FILES,
} EaselFakeOpenaiRoute;

typedef struct _EaselFakeOpenai EaselFakeOpenai;

EaselFakeOpenai *easel_fake_openai_new                 (void);
void             easel_fake_openai_free                (EaselFakeOpenai       *self);
const char      *easel_fake_openai_get_url             (EaselFakeOpenai       *self);
char            *easel_fake_openai_dup_closed_url      (void);

/* Behaviour. */
void             easel_fake_openai_set_fault           (EaselFakeOpenai       *self,
                                                        EaselFakeOpenaiFault   fault);
void             easel_fake_openai_fail_next           (EaselFakeOpenai       *self,
                                                        EaselFakeOpenaiFault   fault,
                                                        guint                  count);
void             easel_fake_openai_set_latency         (EaselFakeOpenai       *self,
                                                        guint                  latency_ms);
void             easel_fake_openai_set_api_key         (EaselFakeOpenai       *self,
                                                        const char            *api_key);
void             easel_fake_openai_set_today           (EaselFakeOpenai       *self,
                                                        const char            *today);
void             easel_fake_openai_set_models          (EaselFakeOpenai       *self,
                                                        EaselFakeOpenaiModels  models);
void             easel_fake_openai_set_stream_partials (EaselFakeOpenai       *self,
                                                        int                    partials);
void             easel_fake_openai_set_url_responses   (EaselFakeOpenai       *self,
                                                        gboolean               urls,
                                                        gboolean               other_origin);
void             easel_fake_openai_set_compatible      (EaselFakeOpenai       *self,
                                                        gboolean               compatible);
void             easel_fake_openai_set_reject_streaming (EaselFakeOpenai      *self,
                                                        gboolean               reject);

/* What it saw. */
guint            easel_fake_openai_get_requests        (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_in_flight       (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_max_concurrent  (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_models_requests (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_file_requests   (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_connections     (EaselFakeOpenai       *self);
GPtrArray       *easel_fake_openai_get_bodies          (EaselFakeOpenai       *self);
guint            easel_fake_openai_get_schema_errors   (EaselFakeOpenai       *self);
const char      *easel_fake_openai_get_last_schema_error (EaselFakeOpenai     *self);
const char      *easel_fake_openai_get_last_request_id (EaselFakeOpenai       *self);
const char      *easel_fake_openai_get_header          (EaselFakeOpenai       *self,
                                                        EaselFakeOpenaiRoute   route,
                                                        const char            *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselFakeOpenai, easel_fake_openai_free)

G_END_DECLS
