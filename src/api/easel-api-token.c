/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-api"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "easel-api-token.h"
#include "easel-paths.h"

#define TOKEN_BYTES      32
#define TOKEN_MIN_LENGTH 16

/* Fills @buffer from the kernel's random source; GLib's g_random is not meant for secrets. */
static gboolean
random_bytes (guint8  *buffer,
              gsize    length,
              GError **error)
{
  gsize filled = 0;

  while (filled < length)
    {
      ssize_t n = getrandom (buffer + filled, length - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot get random bytes for the API token: %s"), g_strerror (saved));
          return FALSE;
        }
      filled += (gsize) n;
    }
  return TRUE;
}

/**
 * easel_api_token_generate:
 *
 * Returns: (transfer full): 32 random bytes as base64url without padding (43 characters)
 */
char *
easel_api_token_generate (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  g_autofree char *base64 = NULL;
  GString *token;

  if (!random_bytes (bytes, sizeof bytes, error))
    return NULL;
  base64 = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);

  token = g_string_sized_new (strlen (base64));
  for (const char *c = base64; *c != '\0'; c++)
    {
      if (*c == '+')
        g_string_append_c (token, '-');
      else if (*c == '/')
        g_string_append_c (token, '_');
      else if (*c != '=')
        g_string_append_c (token, *c);
    }
  memset (base64, 0, strlen (base64));
  return g_string_free (token, FALSE);
}

/* The token lives beside the database: `$XDG_DATA_HOME/easel/api-token`, or in --data-dir. */
char *
easel_api_token_default_path (void)
{
  return g_build_filename (easel_paths_get_data_dir (), EASEL_API_TOKEN_FILE_NAME, NULL);
}

static char *
read_token (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Other users can read the token file %s; make it private with "
                     "“chmod 600 %s”"), path, path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, (gssize) length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file %s does not hold a token"), path);
      return NULL;
    }
  g_strstrip (contents);
  if (strlen (contents) < TOKEN_MIN_LENGTH || strpbrk (contents, " \t\r\n") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token in %s must be one word of at least %d characters"), path,
                   TOKEN_MIN_LENGTH);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static gboolean
write_token (const char  *path,
             const char  *token,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *line = g_strconcat (token, "\n", NULL);
  gsize length = strlen (line);
  gsize written = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* O_EXCL: two servers starting at once must not overwrite each other's token. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the token file %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  while (written < length)
    {
      ssize_t n = write (fd, line + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot write the token file %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      written += (gsize) n;
    }
  memset (line, 0, length);
  if (fsync (fd) < 0 || close (fd) < 0)
    {
      int saved = errno;

      g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write the token file %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * easel_api_token_load_or_create:
 * @path: the token file
 * @out_created: (out) (optional): set to %TRUE when the file was made now
 *
 * Reads the token from @path; when there is no such file, makes a new token and writes it
 * there with mode 0600. A file that other users can read is refused.
 *
 * Returns: (transfer full): the token, or %NULL with @error set
 */
char *
easel_api_token_load_or_create (const char  *path,
                                gboolean    *out_created,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (out_created != NULL)
    *out_created = FALSE;

  token = read_token (path, &local_error);
  if (token != NULL)
    return g_steal_pointer (&token);
  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  token = easel_api_token_generate (error);
  if (token == NULL)
    return NULL;
  if (!write_token (path, token, &local_error))
    {
      /* Another server made it between our read and our write: use theirs. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return read_token (path, error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (out_created != NULL)
    *out_created = TRUE;
  return g_steal_pointer (&token);
}

/**
 * easel_api_token_equal:
 *
 * Compares in time that depends only on the lengths, never on where the first difference is,
 * so a client cannot find the token one character at a time by timing the answers.
 */
gboolean
easel_api_token_equal (const char *expected,
                       const char *given)
{
  gsize expected_length, given_length;
  guint8 difference;

  if (expected == NULL || given == NULL)
    return FALSE;

  expected_length = strlen (expected);
  given_length = strlen (given);
  difference = expected_length != given_length;
  for (gsize i = 0; i < given_length; i++)
    difference |= (guint8) given[i] ^ (guint8) expected[i % MAX (expected_length, 1)];
  return expected_length > 0 && difference == 0;
}

/**
 * easel_api_token_check_header:
 * @authorization: (nullable): the request's Authorization header
 *
 * Returns: whether it is `Bearer <token>` with the right token (the scheme is
 * case-insensitive, as RFC 9110 says).
 */
gboolean
easel_api_token_check_header (const char *expected,
                              const char *authorization)
{
  g_autofree char *given = NULL;
  const char *rest;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return FALSE;
  rest = authorization + 7;
  while (*rest == ' ')
    rest++;
  given = g_strdup (rest);
  g_strchomp (given);
  return easel_api_token_equal (expected, given);
}
