/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <string.h>

#include "easel-fake-a1111-private.h"
#include "easel-fake-util.h"

/* Replays the behaviour of AUTOMATIC1111 v1.10's API (modules/api/api.py) as
 * protocols/a1111.md describes it, including what makes clients go wrong: the silent sampler
 * fallback, `info` as a string, grids and extension images around the results, a synchronous
 * txt2img that blocks while a second one waits for the queue lock, and a global interrupt.
 */

static void start_next (EaselFakeA1111 *self);

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->msg);
  g_clear_pointer (&gen->body, json_object_unref);
  g_free (gen->prompt);
  g_free (gen->negative);
  g_free (gen->sampler);
  g_free (gen->scheduler);
  g_free (gen->job_timestamp);
  g_free (gen);
}

static void
finish_running (EaselFakeA1111 *self)
{
  Generation *gen = g_steal_pointer (&self->running);

  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_pointer (&self->preview_base64, g_free);
  if (gen->interrupted)
    self->interrupted++;
  else
    self->completed++;
  /* An interrupted job still answers, typically with the partial images (§4). */
  _easel_fake_a1111_answer_generation (self, gen);
  self->open_txt2img--;
  generation_free (gen);
  start_next (self);
}

static gboolean
step_cb (gpointer user_data)
{
  EaselFakeA1111 *self = user_data;
  Generation *gen = self->running;

  gen->step++;
  if (self->previews)
    {
      g_free (self->preview_base64);
      self->preview_base64 = _easel_fake_a1111_make_png_base64 (32, 32, _easel_fake_a1111_color_for (gen->step), NULL);
    }
  if (gen->step >= gen->steps)
    {
      gen->batch++;
      if (gen->batch >= gen->n_iter)
        {
          self->step_source = 0;
          finish_running (self);
          return G_SOURCE_REMOVE;
        }
      gen->step = 0;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_next (EaselFakeA1111 *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->running != NULL || g_queue_is_empty (&self->waiting))
    return;

  self->running = g_queue_pop_head (&self->waiting);
  self->running->started = g_get_monotonic_time ();
  self->running->job_timestamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  self->step_source = g_timeout_add (MAX (self->step_delay_ms, 1), step_cb, self);
}

static void
handle_txt2img (EaselFakeA1111    *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = easel_fake_request_json (msg);
  JsonObject *body;
  Generation *gen;
  const char *sampler_name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      easel_fake_reply_json (msg, 422, "{\"detail\": [{\"loc\": [\"body\"], \"msg\": \"value is "
                             "not a valid dict\", \"type\": \"type_error.dict\"}]}");
      return;
    }
  g_ptr_array_add (self->bodies, json_node_ref (node));
  body = json_node_get_object (node);

  sampler_name = _easel_fake_a1111_member_string (body, "sampler_name");
  if (sampler_name == NULL)
    sampler_name = _easel_fake_a1111_member_string (body, "sampler_index");
  if (self->mode == EASEL_FAKE_A1111_MODE_LEGACY && sampler_name != NULL &&
      !_easel_fake_a1111_legacy_sampler_known (sampler_name))
    {
      /* Pre-1.9 validate_sampler_name. */
      _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_NOT_FOUND, "HTTPException", "Sampler not found",
                       "404: Sampler not found");
      return;
    }

  gen = g_new0 (Generation, 1);
  gen->fake = self;
  gen->msg = g_object_ref (msg);
  gen->body = json_object_ref (body);
  gen->prompt = g_strdup (_easel_fake_a1111_member_string (body, "prompt") ? _easel_fake_a1111_member_string (body, "prompt") : "");
  gen->negative = g_strdup (_easel_fake_a1111_member_string (body, "negative_prompt")
                              ? _easel_fake_a1111_member_string (body, "negative_prompt") : "");
  gen->width = (int) _easel_fake_a1111_member_int (body, "width", 512);
  gen->height = (int) _easel_fake_a1111_member_int (body, "height", 512);
  gen->steps = (int) CLAMP (_easel_fake_a1111_member_int (body, "steps", 50), 1, 1000);
  gen->cfg = _easel_fake_a1111_member_double (body, "cfg_scale", 7.0);
  gen->seed = _easel_fake_a1111_member_int (body, "seed", -1);
  if (gen->seed == -1)
    gen->seed = g_random_int_range (0, G_MAXINT32);
  gen->batch_size = (int) CLAMP (_easel_fake_a1111_member_int (body, "batch_size", 1), 1, 64);
  gen->n_iter = (int) CLAMP (_easel_fake_a1111_member_int (body, "n_iter", 1), 1, 64);
  gen->model = _easel_fake_a1111_resolve_model (body);
  _easel_fake_a1111_resolve_sampler (self, gen, sampler_name, _easel_fake_a1111_member_string (body, "scheduler"));

  self->open_txt2img++;
  self->max_concurrent = MAX (self->max_concurrent, self->open_txt2img);

  /* The request holds its connection until its images are done (queue_lock). */
  soup_server_message_pause (msg);
  g_queue_push_tail (&self->waiting, gen);
  start_next (self);
}

static void
handle_interrupt (EaselFakeA1111    *self,
                  SoupServerMessage *msg)
{
  self->interrupts++;
  if (self->running != NULL)
    {
      self->running->interrupted = TRUE;
      /* The sampler notices at its next step callback. */
      g_clear_handle_id (&self->step_source, g_source_remove);
      self->step_source = g_timeout_add (1, step_cb, self);
      self->running->step = self->running->steps;
      self->running->batch = self->running->n_iter - 1;
    }
  else
    self->idle_interrupts++;
  easel_fake_reply_json (msg, SOUP_STATUS_OK, "{}");
}

/* fastapi.security.HTTPBasic, answered through handle_exception (no WWW-Authenticate). */
static gboolean
check_auth (EaselFakeA1111    *self,
            SoupServerMessage *msg)
{
  const char *header;

  if (self->auth_header == NULL)
    return TRUE;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (g_strcmp0 (header, self->auth_header) == 0)
    return TRUE;

  self->unauthorized++;
  if (header == NULL || !g_str_has_prefix (header, "Basic "))
    _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException", "Not authenticated",
                     "401: Not authenticated");
  else
    _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException",
                     "Incorrect username or password", "401: Incorrect username or password");
  return FALSE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  EaselFakeA1111 *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean api = g_str_has_prefix (path, "/sdapi/v1/");
  gboolean post = strcmp (method, "POST") == 0;
  gpointer fault;

  self->requests++;
  g_hash_table_insert (self->request_counts, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (
                         g_hash_table_lookup (self->request_counts, path)) + 1));

  if (self->mode == EASEL_FAKE_A1111_MODE_NO_API)
    {
      static const char page[] = "<!DOCTYPE html><html><head><title>Stable Diffusion</title>"
                                 "</head><body>gradio</body></html>";

      if (strcmp (path, "/") == 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                            page, sizeof page - 1);
        }
      else
        _easel_fake_a1111_reply_not_found (msg);
      return;
    }

  if (self->mode == EASEL_FAKE_A1111_MODE_DRAW_THINGS &&
      !(post && strcmp (path, EASEL_FAKE_A1111_TXT2IMG) == 0))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Not Found", 9);
      return;
    }

  if (!api)
    {
      if (strcmp (path, "/") == 0)
        {
          static const char page[] = "<!DOCTYPE html><html><body>gradio</body></html>";

          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                            page, sizeof page - 1);
        }
      else
        _easel_fake_a1111_reply_not_found (msg);
      return;
    }

  /* A reverse proxy in front of the server checks its own header first. */
  if (self->required_name != NULL &&
      g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                               self->required_name),
                 self->required_value) != 0)
    {
      static const char page[] = "<html><body><h1>403 Forbidden</h1></body></html>";

      self->unauthorized++;
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page,
                                        sizeof page - 1);
      return;
    }

  if (!check_auth (self, msg))
    return;

  if (g_hash_table_lookup_extended (self->route_faults, path, NULL, &fault) &&
      GPOINTER_TO_INT (fault) != EASEL_FAKE_A1111_FAULT_NONE)
    {
      if (strcmp (path, EASEL_FAKE_A1111_TXT2IMG) == 0)
        {
          g_autoptr(JsonNode) body = easel_fake_request_json (msg);

          if (body != NULL)
            g_ptr_array_add (self->bodies, g_steal_pointer (&body));
          if (GPOINTER_TO_INT (fault) == EASEL_FAKE_A1111_FAULT_STALL)
            {
              self->open_txt2img++;
              self->max_concurrent = MAX (self->max_concurrent, self->open_txt2img);
            }
        }
      _easel_fake_a1111_reply_fault (self, msg, GPOINTER_TO_INT (fault));
      return;
    }

  if (strcmp (path, EASEL_FAKE_A1111_TXT2IMG) == 0)
    {
      if (post)
        handle_txt2img (self, msg);
      else
        easel_fake_reply_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                               "{\"detail\": \"Method Not Allowed\"}");
    }
  else if (strcmp (path, EASEL_FAKE_A1111_PROGRESS) == 0)
    _easel_fake_a1111_handle_progress (self, msg, query);
  else if (strcmp (path, EASEL_FAKE_A1111_INTERRUPT) == 0 && post)
    handle_interrupt (self, msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SD_MODELS) == 0)
    _easel_fake_a1111_reply_models (msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SAMPLERS) == 0)
    _easel_fake_a1111_reply_samplers (self, msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SCHEDULERS) == 0 &&
           self->mode != EASEL_FAKE_A1111_MODE_LEGACY)
    _easel_fake_a1111_reply_schedulers (msg);
  else
    _easel_fake_a1111_reply_not_found (msg);
}

/**
 * easel_fake_a1111_new:
 *
 * Starts the fake on 127.0.0.1 with a random port, in v1.10 mode, without auth, with 10 ms
 * per sampling step and live previews on.
 */
EaselFakeA1111 *
easel_fake_a1111_new (void)
{
  EaselFakeA1111 *self = g_new0 (EaselFakeA1111, 1);
  g_autoptr(GError) error = NULL;

  self->server = soup_server_new ("server-header", "uvicorn", NULL);
  self->step_delay_ms = 10;
  self->previews = TRUE;
  self->version = g_strdup ("v1.10.1");
  self->route_faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->waiting);

  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  self->url = easel_fake_listen_local (self->server, &error);
  if (self->url == NULL)
    g_error ("fake A1111: %s", error->message);
  return self;
}

static void
release_message (SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_message_unpause (msg);
}

void
easel_fake_a1111_free (EaselFakeA1111 *self)
{
  Generation *gen;

  if (self == NULL)
    return;

  g_clear_handle_id (&self->step_source, g_source_remove);
  if (self->running != NULL)
    {
      release_message (self->running->msg);
      generation_free (g_steal_pointer (&self->running));
    }
  while ((gen = g_queue_pop_head (&self->waiting)) != NULL)
    {
      release_message (gen->msg);
      generation_free (gen);
    }
  for (guint i = 0; i < self->stalled->len; i++)
    release_message (g_ptr_array_index (self->stalled, i));

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_ptr_array_unref (self->stalled);
  g_ptr_array_unref (self->bodies);
  g_hash_table_unref (self->route_faults);
  g_hash_table_unref (self->request_counts);
  g_free (self->preview_base64);
  g_free (self->auth_header);
  g_free (self->required_name);
  g_free (self->required_value);
  g_free (self->version);
  g_free (self->url);
  g_free (self);
}

const char *
easel_fake_a1111_get_url (EaselFakeA1111 *self)
{
  return self->url;
}

/* A URL nobody listens on: bind a port, note it, close it. */
char *
easel_fake_a1111_closed_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

void
easel_fake_a1111_set_mode (EaselFakeA1111     *self,
                           EaselFakeA1111Mode  mode)
{
  self->mode = mode;
}

/* @user_colon_password: (nullable): "user:password" as given to `--api-auth`; %NULL = none */
void
easel_fake_a1111_set_auth (EaselFakeA1111 *self,
                           const char     *user_colon_password)
{
  g_clear_pointer (&self->auth_header, g_free);
  if (user_colon_password != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) user_colon_password,
                                                  strlen (user_colon_password));
      self->auth_header = g_strconcat ("Basic ", encoded, NULL);
    }
}

/* A header a reverse proxy in front of the API demands (403 without it), like "X-Token: abc". */
void
easel_fake_a1111_set_required_header (EaselFakeA1111 *self,
                                      const char     *name,
                                      const char     *value)
{
  g_free (self->required_name);
  g_free (self->required_value);
  self->required_name = g_strdup (name);
  self->required_value = g_strdup (value);
}

void
easel_fake_a1111_set_step_delay (EaselFakeA1111 *self,
                                 guint           milliseconds)
{
  self->step_delay_ms = milliseconds;
}

/* The fault `POST /sdapi/v1/txt2img` answers with, until set back to NONE. */
void
easel_fake_a1111_set_fault (EaselFakeA1111      *self,
                            EaselFakeA1111Fault  fault)
{
  easel_fake_a1111_set_route_fault (self, EASEL_FAKE_A1111_TXT2IMG, fault);
}

/* The fault any route answers with (NOT_FOUND removes a route, STALL hangs it). */
void
easel_fake_a1111_set_route_fault (EaselFakeA1111      *self,
                                  const char          *path,
                                  EaselFakeA1111Fault  fault)
{
  g_hash_table_insert (self->route_faults, g_strdup (path), GINT_TO_POINTER (fault));
}

void
easel_fake_a1111_set_grid (EaselFakeA1111 *self,
                           gboolean        grid)
{
  self->grid = grid;
}

void
easel_fake_a1111_set_extra_image (EaselFakeA1111 *self,
                                  gboolean        extra)
{
  self->extra_image = extra;
}

void
easel_fake_a1111_set_previews (EaselFakeA1111 *self,
                               gboolean        previews)
{
  self->previews = previews;
}

/* Forge builds reported stuck at progress 0.01 without previews (forge#1814). */
void
easel_fake_a1111_set_progress_stuck (EaselFakeA1111 *self,
                                     gboolean        stuck)
{
  self->progress_stuck = stuck;
}

void
easel_fake_a1111_set_version (EaselFakeA1111 *self,
                              const char     *version)
{
  g_free (self->version);
  self->version = g_strdup (version);
}

/* @path: (nullable): a route, or %NULL for every request */
guint
easel_fake_a1111_get_request_count (EaselFakeA1111 *self,
                                    const char     *path)
{
  if (path == NULL)
    return self->requests;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, path));
}

/* Requests to /sdapi/v1 whose Authorization header was missing or wrong while auth is on. */
guint
easel_fake_a1111_get_unauthorized_count (EaselFakeA1111 *self)
{
  return self->unauthorized;
}

guint
easel_fake_a1111_get_interrupt_count (EaselFakeA1111 *self)
{
  return self->interrupts;
}

/* Interrupts that arrived while nothing was generating. */
guint
easel_fake_a1111_get_idle_interrupt_count (EaselFakeA1111 *self)
{
  return self->idle_interrupts;
}

/* The most txt2img requests open at once (running plus waiting for the lock plus stalled). */
guint
easel_fake_a1111_get_max_concurrent (EaselFakeA1111 *self)
{
  return self->max_concurrent;
}

guint
easel_fake_a1111_get_open_txt2img (EaselFakeA1111 *self)
{
  return self->open_txt2img;
}

guint
easel_fake_a1111_get_completed_count (EaselFakeA1111 *self)
{
  return self->completed;
}

guint
easel_fake_a1111_get_interrupted_count (EaselFakeA1111 *self)
{
  return self->interrupted;
}

gboolean
easel_fake_a1111_is_generating (EaselFakeA1111 *self)
{
  return self->running != NULL;
}

guint
easel_fake_a1111_get_current_step (EaselFakeA1111 *self)
{
  return self->running != NULL ? (guint) self->running->step : 0;
}

guint
easel_fake_a1111_get_body_count (EaselFakeA1111 *self)
{
  return self->bodies->len;
}

/* Returns: (transfer none): the @index-th txt2img body received */
JsonNode *
easel_fake_a1111_get_body (EaselFakeA1111 *self,
                           guint           index)
{
  g_return_val_if_fail (index < self->bodies->len, NULL);
  return g_ptr_array_index (self->bodies, index);
}
