/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "easel-error.h"
#include "easel-secrets.h"

/* API keys and sensitive header values live in the user's secret service (GNOME Keyring,
 * KeePassXC…), keyed by the provider's id. They are never written to SQLite, GSettings, logs or
 * exports, and when there is no secret service Easel says so instead of falling back to a file.
 * These calls block on D-Bus: call them from a worker thread.
 */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.easelapp.Easel.Secret", SECRET_SCHEMA_NONE,
    {
      { "provider-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "what", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
set_secret_error (GError      **error,
                  const GError *cause)
{
  if (cause->domain == G_DBUS_ERROR || cause->domain == G_IO_ERROR ||
      cause->domain == SECRET_ERROR)
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_NO_SECRET_SERVICE,
                 _("The secret service is not available (%s). Easel keeps API keys only in "
                   "the keyring: start GNOME Keyring (or another secret service), or give the "
                   "key in the environment as EASEL_API_KEY_<NAME>."),
                 cause->message);
  else
    g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                 _("Cannot reach the keyring: %s"), cause->message);
}

/* The "what" of a header secret: "header:authorization". */
char *
easel_secrets_header_key (const char *header_name)
{
  g_autofree char *lower = g_ascii_strdown (header_name, -1);

  return g_strdup_printf ("header:%s", lower);
}

gboolean
easel_secrets_store (const char    *provider_id,
                     const char    *provider_name,
                     const char    *what,
                     const char    *secret,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (provider_id != NULL && what != NULL && secret != NULL, FALSE);

  label = g_strcmp0 (what, EASEL_SECRET_API_KEY) == 0
    ? g_strdup_printf (_("Easel API key for %s"), provider_name)
    : g_strdup_printf (_("Easel secret (%s) for %s"), what, provider_name);

  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                   cancellable, &local_error,
                                   "provider-id", provider_id,
                                   "what", what,
                                   NULL))
    {
      set_secret_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * easel_secrets_lookup:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL without an error when none is
 * stored. Free it with secret_password_free() or g_free().
 */
char *
easel_secrets_lookup (const char    *provider_id,
                      const char    *what,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;

  g_return_val_if_fail (provider_id != NULL && what != NULL, NULL);

  secret = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                        "provider-id", provider_id,
                                        "what", what,
                                        NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error);
      return NULL;
    }
  return secret;
}

/* @what may be %NULL to forget every secret of the provider (when it is removed). */
gboolean
easel_secrets_clear (const char    *provider_id,
                     const char    *what,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (provider_id != NULL, FALSE);

  if (what != NULL)
    secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                "provider-id", provider_id, "what", what, NULL);
  else
    secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                "provider-id", provider_id, NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
