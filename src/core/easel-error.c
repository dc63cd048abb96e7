/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-error.h"

typedef struct
{
  gint64    retry_after_ms;
  char     *field;
  char     *request_id;
  char     *details;
  gboolean  no_retry;
} EaselProviderErrorPrivate;

static void
easel_provider_error_private_init (EaselProviderErrorPrivate *priv)
{
  priv->retry_after_ms = -1;
}

static void
easel_provider_error_private_copy (const EaselProviderErrorPrivate *src,
                                   EaselProviderErrorPrivate       *dest)
{
  dest->retry_after_ms = src->retry_after_ms;
  dest->field = g_strdup (src->field);
  dest->request_id = g_strdup (src->request_id);
  dest->details = g_strdup (src->details);
  dest->no_retry = src->no_retry;
}

static void
easel_provider_error_private_clear (EaselProviderErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->details, g_free);
}

/* GLib's extended errors let a GError carry the retry delay and the offending field, so they
 * survive every g_task_return_error() and g_propagate_error() on the way to the card.
 */
G_DEFINE_EXTENDED_ERROR (EaselProviderError, easel_provider_error)

G_DEFINE_QUARK (easel-store-error-quark, easel_store_error)

static EaselProviderErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != EASEL_PROVIDER_ERROR)
    return NULL;
  return easel_provider_error_get_private (error);
}

const char *
easel_provider_error_code_to_string (EaselProviderError code)
{
  switch (code)
    {
    case EASEL_PROVIDER_ERROR_CONNECT:         return "CONNECT";
    case EASEL_PROVIDER_ERROR_AUTH:            return "AUTH";
    case EASEL_PROVIDER_ERROR_RATE_LIMITED:    return "RATE_LIMITED";
    case EASEL_PROVIDER_ERROR_CONTENT_POLICY:  return "CONTENT_POLICY";
    case EASEL_PROVIDER_ERROR_INVALID_REQUEST: return "INVALID_REQUEST";
    case EASEL_PROVIDER_ERROR_NOT_FOUND:       return "NOT_FOUND";
    case EASEL_PROVIDER_ERROR_SERVER:          return "SERVER";
    case EASEL_PROVIDER_ERROR_BAD_RESPONSE:    return "BAD_RESPONSE";
    case EASEL_PROVIDER_ERROR_TIMEOUT:         return "TIMEOUT";
    case EASEL_PROVIDER_ERROR_CANCELLED:       return "CANCELLED";
    default:                                   return "UNKNOWN";
    }
}

/* Only transient failures are worth another attempt; a refusal or an invalid request would fail
 * the same way again and may cost money.
 */
gboolean
easel_provider_error_is_retryable (const GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  if (priv == NULL || priv->no_retry)
    return FALSE;

  switch ((EaselProviderError) error->code)
    {
    case EASEL_PROVIDER_ERROR_CONNECT:
    case EASEL_PROVIDER_ERROR_RATE_LIMITED:
    case EASEL_PROVIDER_ERROR_SERVER:
    case EASEL_PROVIDER_ERROR_TIMEOUT:
      return TRUE;
    case EASEL_PROVIDER_ERROR_AUTH:
    case EASEL_PROVIDER_ERROR_CONTENT_POLICY:
    case EASEL_PROVIDER_ERROR_INVALID_REQUEST:
    case EASEL_PROVIDER_ERROR_NOT_FOUND:
    case EASEL_PROVIDER_ERROR_BAD_RESPONSE:
    case EASEL_PROVIDER_ERROR_CANCELLED:
    default:
      return FALSE;
    }
}

void
easel_provider_error_set_retry_after (GError *error,
                                      gint64  retry_after_ms)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  priv->retry_after_ms = retry_after_ms;
}

gint64
easel_provider_error_get_retry_after (const GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after_ms : -1;
}

void
easel_provider_error_set_field (GError     *error,
                                const char *field)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->field);
  priv->field = g_strdup (field);
}

const char *
easel_provider_error_get_field (const GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->field : NULL;
}

void
easel_provider_error_set_request_id (GError     *error,
                                     const char *request_id)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->request_id);
  priv->request_id = g_strdup (request_id);
}

const char *
easel_provider_error_get_request_id (const GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

void
easel_provider_error_set_details (GError     *error,
                                  const char *details)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->details);
  priv->details = g_strdup (details);
}

const char *
easel_provider_error_get_details (const GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->details : NULL;
}

/* For errors of a retryable code that must not be retried anyway (a 429 for an exhausted quota,
 * a stream that already delivered bytes).
 */
void
easel_provider_error_set_no_retry (GError *error)
{
  EaselProviderErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  priv->no_retry = TRUE;
}

GError *
easel_provider_error_from_transport (const GError *error,
                                     const char   *what)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == EASEL_PROVIDER_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CANCELLED,
                        _("Cancelled"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_TIMEOUT,
                        _("%s did not answer in time (%s). Check that the server is not "
                          "overloaded, or raise the timeout."),
                        what, error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                        _("Secure connection to %s failed: %s. Check the server's "
                          "certificate."),
                        what, error->message);

  return g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_CONNECT,
                      _("Cannot connect to %s: %s. Check that the server is running and "
                        "that the address is right."),
                      what, error->message);
}
