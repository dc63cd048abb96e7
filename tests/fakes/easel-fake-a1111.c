/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "easel-fake-a1111.h"
#include "easel-fake-util.h"

/* Replays the behaviour of AUTOMATIC1111 v1.10's API (modules/api/api.py) as
 * protocols/a1111.md describes it, including what makes clients go wrong: the silent sampler
 * fallback, `info` as a string, grids and extension images around the results, a synchronous
 * txt2img that blocks while a second one waits for the queue lock, and a global interrupt.
 */

typedef struct
{
  const char *title;
  const char *model_name;
  const char *hash;
} FakeModel;

static const FakeModel fake_models[] = {
  { "v1-5-pruned-emaonly.safetensors [6ce0161689]", "v1-5-pruned-emaonly", "6ce0161689" },
  { "SDXL/sd_xl_base_1.0.safetensors [31e35c80fc]", "SDXL_sd_xl_base_1.0", "31e35c80fc" },
};

/* v1.10's first samplers (the first one is the silent default) and schedulers. */
static const char * const samplers_v110[][2] = {
  { "DPM++ 2M", "k_dpmpp_2m" },
  { "DPM++ SDE", "k_dpmpp_sde" },
  { "Euler a", "k_euler_a" },
  { "Euler", "k_euler" },
  { "UniPC", "unipc" },
};

static const char * const samplers_legacy[][2] = {
  { "Euler a", "k_euler_a" },
  { "Euler", "k_euler" },
  { "DPM++ 2M", "k_dpmpp_2m" },
  { "DPM++ 2M Karras", "k_dpmpp_2m_ka" },
  { "DPM++ SDE Karras", "k_dpmpp_sde_ka" },
};

static const char * const schedulers_v110[][2] = {
  { "automatic", "Automatic" },
  { "uniform", "Uniform" },
  { "karras", "Karras" },
  { "exponential", "Exponential" },
  { "sgm_uniform", "SGM Uniform" },
};

typedef struct
{
  EaselFakeA1111    *fake;
  SoupServerMessage *msg;
  JsonObject        *body;
  char              *prompt;
  char              *negative;
  char              *sampler;
  char              *scheduler;
  const FakeModel   *model;
  int                width;
  int                height;
  int                steps;
  double             cfg;
  gint64             seed;
  int                batch_size;
  int                n_iter;
  int                step;
  int                batch;
  gboolean           interrupted;
  gint64             started;
  char              *job_timestamp;
} Generation;

struct _EaselFakeA1111
{
  SoupServer          *server;
  char                *url;
  EaselFakeA1111Mode   mode;
  char                *auth_header;
  char                *required_name;
  char                *required_value;
  guint                step_delay_ms;
  GHashTable          *route_faults;    /* path → fault */
  gboolean             grid;
  gboolean             extra_image;
  gboolean             previews;
  gboolean             progress_stuck;
  char                *version;

  GQueue               waiting;         /* Generation*, queued behind the lock */
  Generation          *running;
  guint                step_source;
  char                *preview_base64;
  GPtrArray           *stalled;         /* SoupServerMessage*, never answered */

  GHashTable          *request_counts;  /* path → count */
  guint                requests;
  guint                unauthorized;
  guint                interrupts;
  guint                idle_interrupts;
  guint                open_txt2img;
  guint                max_concurrent;
  guint                completed;
  guint                interrupted;
  GPtrArray           *bodies;          /* JsonNode* */
};

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
reply_python_json (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  g_autofree char *text = easel_fake_python_json (node);

  easel_fake_reply_json (msg, status, text);
}

/* modules/api/api.py handle_exception: every exception becomes this body. */
static void
reply_exception (SoupServerMessage *msg,
                 guint              status,
                 const char        *error,
                 const char        *detail,
                 const char        *errors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "errors");
  json_builder_add_string_value (builder, errors);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  reply_python_json (msg, status, node);
}

static void
reply_not_found (SoupServerMessage *msg)
{
  easel_fake_reply_json (msg, SOUP_STATUS_NOT_FOUND, "{\"detail\": \"Not Found\"}");
}

static char *
make_png_base64 (int         width,
                 int         height,
                 guint32     rgba,
                 const char *parameters)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  gboolean saved;

  gdk_pixbuf_fill (pixbuf, rgba);
  if (parameters != NULL)
    saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                       "tEXt::parameters", parameters, "compression", "1", NULL);
  else
    saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                       "compression", "1", NULL);
  if (!saved)
    g_error ("cannot make a PNG: %s", error->message);
  return g_base64_encode ((const guchar *) buffer, size);
}

/* Python's str() of a float: 7.0, 7.5. */
static char *
python_float (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (strpbrk (buffer, ".eE") == NULL)
    return g_strconcat (buffer, ".0", NULL);
  return g_strdup (buffer);
}

/* modules/processing.py create_infotext, v1.10 key order. */
static char *
make_infotext (EaselFakeA1111 *self,
               Generation     *gen,
               gint64          seed)
{
  GString *out = g_string_new (gen->prompt);
  g_autofree char *cfg = python_float (gen->cfg);

  if (gen->negative != NULL && *gen->negative != '\0')
    g_string_append_printf (out, "\nNegative prompt: %s", gen->negative);
  g_string_append_printf (out, "\nSteps: %d, Sampler: %s, ", gen->steps, gen->sampler);
  if (self->mode != EASEL_FAKE_A1111_MODE_LEGACY)
    g_string_append_printf (out, "Schedule type: %s, ", gen->scheduler);
  g_string_append_printf (out, "CFG scale: %s, Seed: %" G_GINT64_FORMAT ", Size: %dx%d, "
                          "Model hash: %s, Model: %s, Version: %s",
                          cfg, seed, gen->width, gen->height, gen->model->hash,
                          gen->model->model_name, self->version);
  return g_string_free (out, FALSE);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gint64
member_int (JsonObject *object,
            const char *member,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

static double
member_double (JsonObject *object,
               const char *member,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return fallback;
}

/* sd_samplers.get_sampler_and_scheduler, v1.9+: strip a trailing scheduler (first match in
 * list order), then look the name up; unknown → the first sampler, silently.
 */
static void
resolve_sampler (EaselFakeA1111 *self,
                 Generation     *gen,
                 const char     *sampler_name,
                 const char     *scheduler_name)
{
  g_autofree char *name = g_strdup (sampler_name != NULL ? sampler_name : "Euler");
  const char *scheduler = "Automatic";

  if (self->mode == EASEL_FAKE_A1111_MODE_LEGACY)
    {
      gen->sampler = g_steal_pointer (&name);
      gen->scheduler = g_strdup (scheduler);
      return;
    }

  for (guint i = 0; scheduler_name != NULL && i < G_N_ELEMENTS (schedulers_v110); i++)
    if (g_strcmp0 (scheduler_name, schedulers_v110[i][0]) == 0 ||
        g_strcmp0 (scheduler_name, schedulers_v110[i][1]) == 0)
      scheduler = schedulers_v110[i][1];

  for (guint i = 0; i < G_N_ELEMENTS (schedulers_v110); i++)
    for (guint j = 0; j < 2; j++)
      {
        g_autofree char *suffix = g_strconcat (" ", schedulers_v110[i][j], NULL);

        if (g_str_has_suffix (name, suffix))
          {
            name[strlen (name) - strlen (suffix)] = '\0';
            scheduler = schedulers_v110[i][1];
            goto stripped;
          }
      }
stripped:
  gen->sampler = g_strdup (samplers_v110[0][0]);
  for (guint i = 0; i < G_N_ELEMENTS (samplers_v110); i++)
    if (strcmp (samplers_v110[i][0], name) == 0)
      {
        g_free (gen->sampler);
        gen->sampler = g_strdup (name);
      }
  gen->scheduler = g_strdup (scheduler);
}

static gboolean
legacy_sampler_known (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (samplers_legacy); i++)
    if (g_strcmp0 (samplers_legacy[i][0], name) == 0)
      return TRUE;
  return FALSE;
}

/* override_settings.sd_model_checkpoint: a title or model name, else the loaded one stays. */
static const FakeModel *
resolve_model (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "override_settings");
  const char *wanted;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return &fake_models[0];
  wanted = member_string (json_node_get_object (node), "sd_model_checkpoint");
  for (guint i = 0; wanted != NULL && i < G_N_ELEMENTS (fake_models); i++)
    if (strcmp (wanted, fake_models[i].title) == 0 ||
        strcmp (wanted, fake_models[i].model_name) == 0)
      return &fake_models[i];
  return &fake_models[0];
}

static guint32
color_for (gint64 seed)
{
  return ((guint32) (seed * 2654435761u) & 0xffffff00u) | 0xff;
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  const char  *value,
                  int          count)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (int i = 0; i < count; i++)
    json_builder_add_string_value (builder, value);
  json_builder_end_array (builder);
}

/* Processed.js(): the `info` object, serialized with Python's separators into a string. */
static char *
make_info (EaselFakeA1111 *self,
           Generation     *gen,
           int             count,
           GPtrArray      *infotexts,
           int             first)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, gen->prompt);
  add_string_array (builder, "all_prompts", gen->prompt, count);
  json_builder_set_member_name (builder, "negative_prompt");
  json_builder_add_string_value (builder, gen->negative);
  add_string_array (builder, "all_negative_prompts", gen->negative, count);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, gen->seed);
  json_builder_set_member_name (builder, "all_seeds");
  json_builder_begin_array (builder);
  for (int i = 0; i < count; i++)
    json_builder_add_int_value (builder, gen->seed + i);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "subseed");
  json_builder_add_int_value (builder, 1234567);
  json_builder_set_member_name (builder, "all_subseeds");
  json_builder_begin_array (builder);
  for (int i = 0; i < count; i++)
    json_builder_add_int_value (builder, 1234567 + i);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "subseed_strength");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, gen->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, gen->height);
  json_builder_set_member_name (builder, "sampler_name");
  json_builder_add_string_value (builder, gen->sampler);
  json_builder_set_member_name (builder, "cfg_scale");
  json_builder_add_double_value (builder, gen->cfg);
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, gen->steps);
  json_builder_set_member_name (builder, "batch_size");
  json_builder_add_int_value (builder, gen->batch_size);
  json_builder_set_member_name (builder, "restore_faces");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "face_restoration_model");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sd_model_name");
  json_builder_add_string_value (builder, gen->model->model_name);
  json_builder_set_member_name (builder, "sd_model_hash");
  json_builder_add_string_value (builder, gen->model->hash);
  json_builder_set_member_name (builder, "sd_vae_name");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sd_vae_hash");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "seed_resize_from_w");
  json_builder_add_int_value (builder, -1);
  json_builder_set_member_name (builder, "seed_resize_from_h");
  json_builder_add_int_value (builder, -1);
  json_builder_set_member_name (builder, "denoising_strength");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "extra_generation_params");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "index_of_first_image");
  json_builder_add_int_value (builder, first);
  json_builder_set_member_name (builder, "infotexts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < infotexts->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (infotexts, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "styles");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "job_timestamp");
  json_builder_add_string_value (builder, gen->job_timestamp);
  json_builder_set_member_name (builder, "clip_skip");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "is_using_inpainting_conditioning");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->version);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  return easel_fake_python_json (node);
}

static void
answer_generation (EaselFakeA1111 *self,
                   Generation     *gen)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) infotexts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  int count = gen->batch_size * gen->n_iter;
  int first = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);

  /* A grid comes first when grids are returned; its infotext is the first image's. */
  if (self->grid)
    {
      g_autofree char *text = make_infotext (self, gen, gen->seed);
      g_autofree char *png = make_png_base64 (gen->width, gen->height, 0x808080ff, text);

      json_builder_add_string_value (builder, png);
      g_ptr_array_add (infotexts, g_steal_pointer (&text));
      first = 1;
    }
  for (int i = 0; i < count; i++)
    {
      g_autofree char *text = make_infotext (self, gen, gen->seed + i);
      g_autofree char *png = make_png_base64 (gen->width, gen->height, color_for (gen->seed + i),
                                              self->mode == EASEL_FAKE_A1111_MODE_DRAW_THINGS
                                                ? NULL : text);

      json_builder_add_string_value (builder, png);
      g_ptr_array_add (infotexts, g_steal_pointer (&text));
    }
  /* An extension's extra output (a ControlNet detect map) comes after the results. */
  if (self->extra_image)
    {
      g_autofree char *png = make_png_base64 (64, 64, 0x000000ff, NULL);

      json_builder_add_string_value (builder, png);
    }
  json_builder_end_array (builder);

  if (self->mode != EASEL_FAKE_A1111_MODE_DRAW_THINGS)
    {
      g_autofree char *info = make_info (self, gen, count, infotexts, first);

      json_builder_set_member_name (builder, "parameters");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), gen->body));
      json_builder_set_member_name (builder, "info");
      json_builder_add_string_value (builder, info);
    }
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  reply_python_json (gen->msg, SOUP_STATUS_OK, node);
  soup_server_message_unpause (gen->msg);
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
  answer_generation (self, gen);
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
      self->preview_base64 = make_png_base64 (32, 32, color_for (gen->step), NULL);
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
reply_fault (EaselFakeA1111      *self,
             SoupServerMessage   *msg,
             EaselFakeA1111Fault  fault)
{
  switch (fault)
    {
    case EASEL_FAKE_A1111_FAULT_STALL:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->stalled, g_object_ref (msg));
      break;

    case EASEL_FAKE_A1111_FAULT_UNAUTHORIZED:
      reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException",
                       "Incorrect username or password", "401: Incorrect username or password");
      break;

    case EASEL_FAKE_A1111_FAULT_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "7");
      easel_fake_reply_json (msg, 429, "{\"detail\": \"Too many requests, slow down\"}");
      break;

    case EASEL_FAKE_A1111_FAULT_OUT_OF_MEMORY:
      reply_exception (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "OutOfMemoryError", "",
                       "CUDA out of memory. Tried to allocate 4.00 GiB (GPU 0; 7.79 GiB total "
                       "capacity; 3.20 GiB already allocated)");
      break;

    case EASEL_FAKE_A1111_FAULT_MODEL_ERROR:
      reply_exception (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "RuntimeError", "",
                       "Error(s) in loading state_dict for LatentDiffusion: size mismatch");
      break;

    case EASEL_FAKE_A1111_FAULT_MALFORMED_JSON:
      easel_fake_reply_json (msg, SOUP_STATUS_OK, "{\"images\": [\"iVBORw0KGgo\", <html>");
      break;

    case EASEL_FAKE_A1111_FAULT_TRUNCATED:
      {
        /* Take the socket over: announce 65536 bytes, send a few, close. */
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 65536\r\nConnection: close\r\n\r\n"
                                   "{\"images\": [\"iVBORw0KGgoAAAANSUhEUgAA";
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        g_output_stream_write_all (g_io_stream_get_output_stream (stream), head,
                                   sizeof head - 1, NULL, NULL, NULL);
        g_io_stream_close (stream, NULL, NULL);
        break;
      }

    case EASEL_FAKE_A1111_FAULT_NOT_AN_IMAGE:
      {
        static const char html[] = "<html><body>Internal error</body></html>";
        g_autofree char *b64 = g_base64_encode ((const guchar *) html, sizeof html - 1);
        g_autofree char *body = g_strdup_printf (
          "{\"images\": [\"%s\"], \"parameters\": {}, \"info\": \"{\\\"all_seeds\\\": [1], "
          "\\\"index_of_first_image\\\": 0, \\\"infotexts\\\": [\\\"x\\\"]}\"}", b64);

        easel_fake_reply_json (msg, SOUP_STATUS_OK, body);
        break;
      }

    case EASEL_FAKE_A1111_FAULT_OVERSIZED:
      {
        gsize size = 3 * 1024 * 1024;
        GString *body = g_string_sized_new (size + 64);

        g_string_append (body, "{\"images\": [\"");
        while (body->len < size)
          g_string_append (body, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        g_string_append (body, "\"]}");
        easel_fake_reply_json (msg, SOUP_STATUS_OK, body->str);
        g_string_free (body, TRUE);
        break;
      }

    case EASEL_FAKE_A1111_FAULT_VALIDATION:
      easel_fake_reply_json (msg, 422,
                             "{\"detail\": [{\"loc\": [\"body\", \"steps\"], \"msg\": \"value is "
                             "not a valid integer\", \"type\": \"type_error.integer\"}]}");
      break;

    case EASEL_FAKE_A1111_FAULT_EMPTY_IMAGES:
      easel_fake_reply_json (msg, SOUP_STATUS_OK, "{\"images\": []}");
      break;

    case EASEL_FAKE_A1111_FAULT_NOT_FOUND:
      reply_not_found (msg);
      break;

    case EASEL_FAKE_A1111_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }
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

  sampler_name = member_string (body, "sampler_name");
  if (sampler_name == NULL)
    sampler_name = member_string (body, "sampler_index");
  if (self->mode == EASEL_FAKE_A1111_MODE_LEGACY && sampler_name != NULL &&
      !legacy_sampler_known (sampler_name))
    {
      /* Pre-1.9 validate_sampler_name. */
      reply_exception (msg, SOUP_STATUS_NOT_FOUND, "HTTPException", "Sampler not found",
                       "404: Sampler not found");
      return;
    }

  gen = g_new0 (Generation, 1);
  gen->fake = self;
  gen->msg = g_object_ref (msg);
  gen->body = json_object_ref (body);
  gen->prompt = g_strdup (member_string (body, "prompt") ? member_string (body, "prompt") : "");
  gen->negative = g_strdup (member_string (body, "negative_prompt")
                              ? member_string (body, "negative_prompt") : "");
  gen->width = (int) member_int (body, "width", 512);
  gen->height = (int) member_int (body, "height", 512);
  gen->steps = (int) CLAMP (member_int (body, "steps", 50), 1, 1000);
  gen->cfg = member_double (body, "cfg_scale", 7.0);
  gen->seed = member_int (body, "seed", -1);
  if (gen->seed == -1)
    gen->seed = g_random_int_range (0, G_MAXINT32);
  gen->batch_size = (int) CLAMP (member_int (body, "batch_size", 1), 1, 64);
  gen->n_iter = (int) CLAMP (member_int (body, "n_iter", 1), 1, 64);
  gen->model = resolve_model (body);
  resolve_sampler (self, gen, sampler_name, member_string (body, "scheduler"));

  self->open_txt2img++;
  self->max_concurrent = MAX (self->max_concurrent, self->open_txt2img);

  /* The request holds its connection until its images are done (queue_lock). */
  soup_server_message_pause (msg);
  g_queue_push_tail (&self->waiting, gen);
  start_next (self);
}

static void
add_state (JsonBuilder    *builder,
           EaselFakeA1111 *self)
{
  Generation *gen = self->running;

  json_builder_set_member_name (builder, "state");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "interrupted");
  json_builder_add_boolean_value (builder, gen != NULL && gen->interrupted);
  json_builder_set_member_name (builder, "stopping_generation");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "job");
  json_builder_add_string_value (builder, gen != NULL ? "scripts_txt2img" : "");
  json_builder_set_member_name (builder, "job_count");
  json_builder_add_int_value (builder, gen != NULL ? gen->n_iter : 0);
  json_builder_set_member_name (builder, "job_timestamp");
  json_builder_add_string_value (builder, gen != NULL ? gen->job_timestamp : "0");
  json_builder_set_member_name (builder, "job_no");
  json_builder_add_int_value (builder, gen != NULL ? gen->batch : 0);
  json_builder_set_member_name (builder, "sampling_step");
  json_builder_add_int_value (builder, gen != NULL ? gen->step : 0);
  json_builder_set_member_name (builder, "sampling_steps");
  json_builder_add_int_value (builder, gen != NULL ? gen->steps : 0);
  json_builder_end_object (builder);
}

/* modules/api/api.py progressapi. */
static void
handle_progress (EaselFakeA1111    *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  Generation *gen = self->running;
  const char *skip = query != NULL ? g_hash_table_lookup (query, "skip_current_image") : NULL;
  gboolean want_image = skip == NULL || g_ascii_strcasecmp (skip, "false") == 0;
  double progress = 0;
  double eta = 0;

  if (gen != NULL)
    {
      double elapsed = (g_get_monotonic_time () - gen->started) / 1e6;

      progress = 0.01 + (double) gen->batch / gen->n_iter +
                 (1.0 / gen->n_iter) * ((double) gen->step / gen->steps);
      progress = MIN (progress, 1.0);
      if (self->progress_stuck)
        progress = 0.01;
      eta = elapsed / progress - elapsed;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "progress");
  json_builder_add_double_value (builder, progress);
  json_builder_set_member_name (builder, "eta_relative");
  json_builder_add_double_value (builder, eta);
  add_state (builder, self);
  json_builder_set_member_name (builder, "current_image");
  if (gen != NULL && want_image && self->preview_base64 != NULL && !self->progress_stuck)
    json_builder_add_string_value (builder, self->preview_base64);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "textinfo");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  reply_python_json (msg, SOUP_STATUS_OK, node);
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

static void
reply_models (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fake_models); i++)
    {
      g_autofree char *file = g_strdup_printf ("/srv/sd/models/Stable-diffusion/%.*s",
                                               (int) (strchr (fake_models[i].title, ' ') -
                                                      fake_models[i].title),
                                               fake_models[i].title);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, fake_models[i].title);
      json_builder_set_member_name (builder, "model_name");
      json_builder_add_string_value (builder, fake_models[i].model_name);
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, fake_models[i].hash);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "filename");
      json_builder_add_string_value (builder, file);
      json_builder_set_member_name (builder, "config");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  reply_python_json (msg, SOUP_STATUS_OK, node);
}

static void
reply_samplers (EaselFakeA1111    *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  gboolean legacy = self->mode == EASEL_FAKE_A1111_MODE_LEGACY;
  guint n = legacy ? G_N_ELEMENTS (samplers_legacy) : G_N_ELEMENTS (samplers_v110);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, legacy ? samplers_legacy[i][0]
                                                     : samplers_v110[i][0]);
      json_builder_set_member_name (builder, "aliases");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, legacy ? samplers_legacy[i][1]
                                                     : samplers_v110[i][1]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "options");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  reply_python_json (msg, SOUP_STATUS_OK, node);
}

static void
reply_schedulers (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (schedulers_v110); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, schedulers_v110[i][0]);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, schedulers_v110[i][1]);
      json_builder_set_member_name (builder, "aliases");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "default_rho");
      json_builder_add_double_value (builder, i == 2 ? 7.0 : -1.0);
      json_builder_set_member_name (builder, "need_inner_model");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  reply_python_json (msg, SOUP_STATUS_OK, node);
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
    reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException", "Not authenticated",
                     "401: Not authenticated");
  else
    reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException",
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
        reply_not_found (msg);
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
        reply_not_found (msg);
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
      reply_fault (self, msg, GPOINTER_TO_INT (fault));
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
    handle_progress (self, msg, query);
  else if (strcmp (path, EASEL_FAKE_A1111_INTERRUPT) == 0 && post)
    handle_interrupt (self, msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SD_MODELS) == 0)
    reply_models (msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SAMPLERS) == 0)
    reply_samplers (self, msg);
  else if (strcmp (path, EASEL_FAKE_A1111_SCHEDULERS) == 0 &&
           self->mode != EASEL_FAKE_A1111_MODE_LEGACY)
    reply_schedulers (msg);
  else
    reply_not_found (msg);
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
