/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselProviderError:
 *
 * Every provider failure maps to one of these codes. The message keeps the provider's own words
 * and says what to do; details (the field, the retry delay, the request id) travel in the
 * extended error data and are read with the accessors below.
 */
typedef enum
{
  EASEL_PROVIDER_ERROR_CONNECT,
  EASEL_PROVIDER_ERROR_AUTH,
  EASEL_PROVIDER_ERROR_RATE_LIMITED,
  EASEL_PROVIDER_ERROR_CONTENT_POLICY,
  EASEL_PROVIDER_ERROR_INVALID_REQUEST,
  EASEL_PROVIDER_ERROR_NOT_FOUND,
  EASEL_PROVIDER_ERROR_SERVER,
  EASEL_PROVIDER_ERROR_BAD_RESPONSE,
  EASEL_PROVIDER_ERROR_TIMEOUT,
  EASEL_PROVIDER_ERROR_CANCELLED,
} EaselProviderError;

#define EASEL_PROVIDER_ERROR (easel_provider_error_quark ())
GQuark      easel_provider_error_quark          (void);

const char *easel_provider_error_code_to_string (EaselProviderError code);
gboolean    easel_provider_error_is_retryable   (const GError *error);

/* Extended data, readable on any GError of the EASEL_PROVIDER_ERROR domain. */
void        easel_provider_error_set_retry_after (GError     *error,
                                                  gint64      retry_after_ms);
gint64      easel_provider_error_get_retry_after (const GError *error);
void        easel_provider_error_set_field      (GError       *error,
                                                 const char   *field);
const char *easel_provider_error_get_field      (const GError *error);
void        easel_provider_error_set_request_id (GError       *error,
                                                 const char   *request_id);
const char *easel_provider_error_get_request_id (const GError *error);
void        easel_provider_error_set_details    (GError       *error,
                                                 const char   *details);
const char *easel_provider_error_get_details    (const GError *error);
void        easel_provider_error_set_no_retry   (GError       *error);

/* Maps a GIO/libsoup transport error (refused, timed out, cancelled, TLS) to the domain. */
GError     *easel_provider_error_from_transport (const GError *error,
                                                 const char   *what);

/**
 * EaselStoreError:
 *
 * Failures of the SQLite store and the image files.
 */
typedef enum
{
  EASEL_STORE_ERROR_OPEN,
  EASEL_STORE_ERROR_NEWER_SCHEMA,
  EASEL_STORE_ERROR_MIGRATION,
  EASEL_STORE_ERROR_SQL,
  EASEL_STORE_ERROR_NOT_FOUND,
  EASEL_STORE_ERROR_CONSTRAINT,
  EASEL_STORE_ERROR_INVALID,
  EASEL_STORE_ERROR_IO,
  EASEL_STORE_ERROR_NO_SECRET_SERVICE,
} EaselStoreError;

#define EASEL_STORE_ERROR (easel_store_error_quark ())
GQuark      easel_store_error_quark             (void);

G_END_DECLS
