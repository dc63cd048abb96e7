/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "easel-fake-a1111-private.h"
#include "easel-fake-util.h"

/* What the fake A1111 answers with: the lists of §5, `/progress` (§4), the txt2img result with
 * `info` as a JSON string and real PNGs carrying their infotext (§3.3), and the error bodies of
 * handle_exception and FastAPI (§6), each written with Python's JSON separators.
 */

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

static void
reply_python_json (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  g_autofree char *text = easel_fake_python_json (node);

  easel_fake_reply_json (msg, status, text);
}

/* modules/api/api.py handle_exception: every exception becomes this body. */
void
_easel_fake_a1111_reply_exception (SoupServerMessage *msg,
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

void
_easel_fake_a1111_reply_not_found (SoupServerMessage *msg)
{
  easel_fake_reply_json (msg, SOUP_STATUS_NOT_FOUND, "{\"detail\": \"Not Found\"}");
}

char *
_easel_fake_a1111_make_png_base64 (int         width,
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

const char *
_easel_fake_a1111_member_string (JsonObject *object,
                                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gint64
_easel_fake_a1111_member_int (JsonObject *object,
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

double
_easel_fake_a1111_member_double (JsonObject *object,
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
void
_easel_fake_a1111_resolve_sampler (EaselFakeA1111 *self,
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

gboolean
_easel_fake_a1111_legacy_sampler_known (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (samplers_legacy); i++)
    if (g_strcmp0 (samplers_legacy[i][0], name) == 0)
      return TRUE;
  return FALSE;
}

/* override_settings.sd_model_checkpoint: a title or model name, else the loaded one stays. */
const FakeModel *
_easel_fake_a1111_resolve_model (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "override_settings");
  const char *wanted;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return &fake_models[0];
  wanted = _easel_fake_a1111_member_string (json_node_get_object (node), "sd_model_checkpoint");
  for (guint i = 0; wanted != NULL && i < G_N_ELEMENTS (fake_models); i++)
    if (strcmp (wanted, fake_models[i].title) == 0 ||
        strcmp (wanted, fake_models[i].model_name) == 0)
      return &fake_models[i];
  return &fake_models[0];
}

guint32
_easel_fake_a1111_color_for (gint64 seed)
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

void
_easel_fake_a1111_answer_generation (EaselFakeA1111 *self,
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
      g_autofree char *png = _easel_fake_a1111_make_png_base64 (gen->width, gen->height, 0x808080ff, text);

      json_builder_add_string_value (builder, png);
      g_ptr_array_add (infotexts, g_steal_pointer (&text));
      first = 1;
    }
  for (int i = 0; i < count; i++)
    {
      g_autofree char *text = make_infotext (self, gen, gen->seed + i);
      g_autofree char *png = _easel_fake_a1111_make_png_base64 (gen->width, gen->height, _easel_fake_a1111_color_for (gen->seed + i),
                                              self->mode == EASEL_FAKE_A1111_MODE_DRAW_THINGS
                                                ? NULL : text);

      json_builder_add_string_value (builder, png);
      g_ptr_array_add (infotexts, g_steal_pointer (&text));
    }
  /* An extension's extra output (a ControlNet detect map) comes after the results. */
  if (self->extra_image)
    {
      g_autofree char *png = _easel_fake_a1111_make_png_base64 (64, 64, 0x000000ff, NULL);

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

void
_easel_fake_a1111_reply_fault (EaselFakeA1111      *self,
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
      _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_UNAUTHORIZED, "HTTPException",
                       "Incorrect username or password", "401: Incorrect username or password");
      break;

    case EASEL_FAKE_A1111_FAULT_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "7");
      easel_fake_reply_json (msg, 429, "{\"detail\": \"Too many requests, slow down\"}");
      break;

    case EASEL_FAKE_A1111_FAULT_OUT_OF_MEMORY:
      _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "OutOfMemoryError", "",
                       "CUDA out of memory. Tried to allocate 4.00 GiB (GPU 0; 7.79 GiB total "
                       "capacity; 3.20 GiB already allocated)");
      break;

    case EASEL_FAKE_A1111_FAULT_MODEL_ERROR:
      _easel_fake_a1111_reply_exception (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "RuntimeError", "",
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
      _easel_fake_a1111_reply_not_found (msg);
      break;

    case EASEL_FAKE_A1111_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }
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
void
_easel_fake_a1111_handle_progress (EaselFakeA1111    *self,
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

void
_easel_fake_a1111_reply_models (SoupServerMessage *msg)
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

void
_easel_fake_a1111_reply_samplers (EaselFakeA1111    *self,
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

void
_easel_fake_a1111_reply_schedulers (SoupServerMessage *msg)
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
