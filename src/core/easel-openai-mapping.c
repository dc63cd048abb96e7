/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-openai-mapping.h"

/* Structured settings → the JSON body of `POST /images/generations` (protocols/openai-images.md
 * §3). Pure: no I/O. Every field is sent only to the models that take it, every value the user
 * gave is either sent, adjusted with the change said in words, or listed as ignored; a value
 * that cannot be sent is an invalid request naming the field.
 */

/* extra_settings keys this mapper understands; anything else is listed as ignored. */
static const char * const known_extra_keys[] = {
  "quality", "style", "output_format", "output_compression", "background", "moderation",
  "partial_images", "stream", "user", "append_negative", "response_format", "size",
  "complexity", "frame_count", "frame_duration_ms", "svg", NULL
};

/* Newer SDK-only fields (§3, last paragraph) that go to GPT image models verbatim. */
static const char * const passthrough_keys[] = {
  "complexity", "frame_count", "frame_duration_ms", "svg", NULL
};

static const char * const output_formats[] = { "png", "jpeg", "webp", NULL };
static const char * const backgrounds[] = { "transparent", "opaque", "auto", NULL };
static const char * const moderations[] = { "low", "auto", NULL };
static const char * const response_formats[] = { "b64_json", "url", NULL };

typedef struct
{
  const EaselProviderConfig *config;
  const EaselCapabilities   *caps;
  EaselOpenaiFamily          family;
  const char                *model;
  JsonObject                *extra;
  JsonObject                *options;
  JsonObject                *body;
  EaselMappedRequest        *mapped;
} MapState;

EaselOpenaiFamily
easel_openai_family_of (const EaselCapabilities *caps)
{
  if (caps != NULL && g_strcmp0 (caps->family, "dall-e-3") == 0)
    return EASEL_OPENAI_FAMILY_DALL_E_3;
  if (caps != NULL && g_strcmp0 (caps->family, "dall-e-2") == 0)
    return EASEL_OPENAI_FAMILY_DALL_E_2;
  return EASEL_OPENAI_FAMILY_GPT_IMAGE;
}

/**
 * easel_openai_parse_size:
 *
 * Parses "WIDTHxHEIGHT" (the API's spelling; "×" is accepted too).
 */
gboolean
easel_openai_parse_size (const char *text,
                         int        *width,
                         int        *height)
{
  guint64 w, h;
  const char *sep;
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  w = g_ascii_strtoull (text, &end, 10);
  if (end == text || !g_ascii_isdigit (*text))
    return FALSE;
  sep = end;
  if (*sep == 'x' || *sep == 'X')
    sep++;
  else if (g_str_has_prefix (sep, "×"))
    sep += strlen ("×");
  else
    return FALSE;
  if (!g_ascii_isdigit (*sep))
    return FALSE;
  h = g_ascii_strtoull (sep, &end, 10);
  if (*end != '\0' || w == 0 || h == 0 ||
      w > EASEL_SETTING_MAX_DIMENSION || h > EASEL_SETTING_MAX_DIMENSION)
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *value)
{
  return strv != NULL && value != NULL && g_strv_contains (strv, value);
}

static char *
join_strv (const char * const *strv)
{
  return g_strjoinv (", ", (GStrv) strv);
}

static GError *
field_error (const char *field,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static GError *
field_error (const char *field,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  GError *error;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new_literal (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                               message);
  easel_provider_error_set_field (error, field);
  return error;
}

static gboolean
get_bool (JsonObject *object,
          const char *key,
          gboolean   *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static void
set_effective_string (MapState   *st,
                      const char *key,
                      const char *value)
{
  json_object_set_string_member (st->body, key, value);
  json_object_set_string_member (st->mapped->effective->extra_settings, key, value);
}

/* One enum field: the explicit value from extra_settings must be valid (or it is an invalid
 * request naming the field); a provider-wide default from the options that this model does not
 * take is only noted, since the user did not ask for it on this generation.
 */
static gboolean
map_enum (MapState            *st,
          const char          *key,
          const char * const  *allowed,
          const char         **out_value,
          GError             **error)
{
  JsonNode *node = json_object_get_member (st->extra, key);
  const char *option = easel_json_object_get_string (st->options, key);

  if (out_value != NULL)
    *out_value = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *value = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        value = json_node_get_string (node);

      if (allowed == NULL)
        {
          easel_mapped_request_add_adjustment (st->mapped, _("%s ignored: %s has no %s"),
                                               key, st->model, key);
          return TRUE;
        }
      if (!strv_contains (allowed, value))
        {
          g_autofree char *list = join_strv (allowed);
          g_autofree char *shown = value != NULL ? g_strdup (value)
                                                 : easel_json_to_string (node, FALSE);

          g_propagate_error (error,
                             field_error (key, _("“%s” is not a valid %s for %s; use one of: %s"),
                                          shown, key, st->model, list));
          return FALSE;
        }
      set_effective_string (st, key, value);
      if (out_value != NULL)
        *out_value = value;
      return TRUE;
    }

  if (option != NULL)
    {
      if (strv_contains (allowed, option))
        {
          set_effective_string (st, key, option);
          if (out_value != NULL)
            *out_value = option;
        }
      else if (allowed != NULL)
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("%s %s (provider default) not sent: %s does not "
                                               "take it"), key, option, st->model);
    }
  return TRUE;
}

static char *
describe_rule (const EaselCapabilities *caps)
{
  g_autofree char *pixels = NULL;

  if (caps->max_pixels == (gint64) 3840 * 2160)
    pixels = g_strdup ("3840×2160");
  else
    pixels = g_strdup_printf ("%" G_GINT64_FORMAT, caps->max_pixels);

  return g_strdup_printf (_("multiples of %d, aspect 1:%g–%g:1, at most %s pixels"),
                          caps->size_multiple,
                          caps->min_aspect > 0 ? round (1.0 / caps->min_aspect) : 1.0,
                          caps->max_aspect > 0 ? caps->max_aspect : 1.0,
                          pixels);
}

static gboolean
map_size (MapState                *st,
          const EaselImageSetting *setting,
          GError                 **error)
{
  JsonNode *node = json_object_get_member (st->extra, "size");
  gboolean user_set = FALSE;
  int width = 0, height = 0;
  int fit_w, fit_h;
  g_autofree char *size = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = json_node_get_string (node);

      if (g_strcmp0 (text, "auto") == 0)
        {
          if (st->family != EASEL_OPENAI_FAMILY_GPT_IMAGE)
            {
              g_autofree char *sizes = easel_capabilities_describe_sizes (st->caps);

              g_propagate_error (error,
                                 field_error ("size", _("%s has no automatic size; use one of: "
                                                        "%s"), st->model, sizes));
              return FALSE;
            }
          set_effective_string (st, "size", "auto");
          return TRUE;
        }
      if (!easel_openai_parse_size (text, &width, &height))
        {
          g_propagate_error (error,
                             field_error ("size", _("The size must be written WIDTHxHEIGHT (like "
                                                    "1024x1024) or auto")));
          return FALSE;
        }
      user_set = TRUE;
    }
  else if (setting->width > 0 || setting->height > 0)
    {
      width = setting->width > 0 ? setting->width : setting->height;
      height = setting->height > 0 ? setting->height : setting->width;
      user_set = TRUE;
    }
  else
    {
      /* Valid for every OpenAI image model, and what DALL·E would pick anyway. */
      width = 1024;
      height = 1024;
    }

  if (easel_capabilities_fit_size (st->caps, width, height, &fit_w, &fit_h))
    {
      if (st->caps->sizes != NULL)
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("size %d×%d → %d×%d, nearest supported"),
                                             width, height, fit_w, fit_h);
      else
        {
          g_autofree char *rule = describe_rule (st->caps);

          easel_mapped_request_add_adjustment (st->mapped,
                                               _("size %d×%d → %d×%d, nearest allowed (%s)"),
                                               width, height, fit_w, fit_h, rule);
        }
    }
  else if (user_set)
    easel_mapped_request_add_adjustment (st->mapped, _("size %d×%d kept"), width, height);

  size = g_strdup_printf ("%dx%d", fit_w, fit_h);
  json_object_set_string_member (st->body, "size", size);
  st->mapped->effective->width = fit_w;
  st->mapped->effective->height = fit_h;
  return TRUE;
}

static gboolean
map_prompt (MapState                   *st,
            const EaselGenerateRequest *request,
            const EaselImageSetting    *setting,
            GError                    **error)
{
  const char *prompt = request->prompt != NULL && *request->prompt != '\0' ? request->prompt
                                                                           : setting->prompt;
  const char *negative = request->negative_prompt != NULL ? request->negative_prompt
                                                          : setting->negative_prompt;
  gboolean append = FALSE;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;
  glong length;

  stripped = g_strstrip (g_strdup (prompt != NULL ? prompt : ""));
  if (*stripped == '\0')
    {
      g_propagate_error (error,
                         field_error ("prompt", _("The prompt is empty: describe the image "
                                                  "for %s"), st->model));
      return FALSE;
    }

  get_bool (st->extra, "append_negative", &append);
  if (negative != NULL && *negative != '\0')
    {
      if (append)
        {
          text = g_strdup_printf ("%s\n\nAvoid: %s", prompt, negative);
          easel_mapped_request_add_adjustment (st->mapped,
                                               _("negative prompt appended to the prompt as "
                                                 "“Avoid: …”: %s has no negative prompt"),
                                               st->model);
        }
      else
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("negative prompt ignored: %s has no negative "
                                               "prompt (set append_negative to add it to the "
                                               "prompt)"), st->model);
    }
  if (text == NULL)
    text = g_strdup (prompt);

  length = g_utf8_strlen (text, -1);
  if (st->caps->max_prompt_length > 0 && length > st->caps->max_prompt_length)
    {
      g_propagate_error (error,
                         field_error ("prompt", _("The prompt is %ld characters long; %s takes "
                                                  "at most %d"),
                                      length, st->model, st->caps->max_prompt_length));
      return FALSE;
    }

  json_object_set_string_member (st->body, "prompt", text);
  easel_image_setting_set_string (&st->mapped->effective->prompt, text);
  return TRUE;
}

static gboolean
map_stream (MapState  *st,
            gboolean  *streaming,
            GError   **error)
{
  gboolean can_stream = st->family == EASEL_OPENAI_FAMILY_GPT_IMAGE &&
                        st->caps->streams_previews;
  gboolean want = TRUE;
  gboolean explicit_stream = get_bool (st->extra, "stream", &want);
  JsonNode *node = json_object_get_member (st->extra, "partial_images");
  gint64 partials = EASEL_OPENAI_DEFAULT_PARTIAL_IMAGES;
  gboolean explicit_partials = FALSE;

  *streaming = FALSE;

  if (!explicit_stream && json_object_has_member (st->extra, "stream") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (st->extra, "stream")))
    {
      g_propagate_error (error, field_error ("stream", _("stream must be true or false")));
      return FALSE;
    }
  if (!explicit_stream)
    get_bool (st->options, "stream", &want);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!easel_json_get_int (node, &partials) || partials < 0 || partials > 3)
        {
          g_propagate_error (error, field_error ("partial_images",
                                                 _("partial_images must be a whole number "
                                                   "from 0 to 3")));
          return FALSE;
        }
      explicit_partials = TRUE;
    }
  else if (easel_json_object_get_int (st->options, "partial_images", &partials))
    partials = CLAMP (partials, 0, 3);

  if (want && can_stream)
    {
      *streaming = TRUE;
      json_object_set_boolean_member (st->body, "stream", TRUE);
      json_object_set_int_member (st->body, "partial_images", partials);
      json_object_set_boolean_member (st->mapped->effective->extra_settings, "stream", TRUE);
      json_object_set_int_member (st->mapped->effective->extra_settings, "partial_images",
                                  partials);
      return TRUE;
    }

  if (explicit_stream && want)
    easel_mapped_request_add_adjustment (st->mapped, _("stream ignored: %s does not stream "
                                                       "previews"), st->model);
  else if (explicit_partials)
    easel_mapped_request_add_adjustment (st->mapped, _("partial_images ignored: only with "
                                                       "stream"));
  return TRUE;
}

static void
map_count (MapState   *st,
           int         count,
           gboolean    streaming)
{
  int max_n = MAX (st->caps->max_images_per_request, 1);
  int per_request = MIN (count, max_n);
  int requests;

  /* §5: with n > 1 the streamed events cannot be told apart reliably; one image per streamed
   * request, fanned out, keeps every preview with its card.
   */
  if (streaming)
    per_request = 1;
  requests = (count + per_request - 1) / per_request;

  if (per_request < count)
    {
      if (streaming)
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("count %d → 1 image per streamed request (for "
                                               "previews); Easel sends %d requests"),
                                             count, requests);
      else if (max_n == 1)
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("count %d → 1 image per request: %s makes one "
                                               "image per request; Easel sends %d requests"),
                                             count, st->model, requests);
      else
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("count %d → %d images per request, the most %s "
                                               "takes; Easel sends %d requests"),
                                             count, per_request, st->model, requests);
    }

  json_object_set_int_member (st->body, "n", per_request);
  st->mapped->images = per_request;
  st->mapped->effective->count = per_request;
}

static gboolean
map_gpt_fields (MapState  *st,
                GError   **error)
{
  const char *format = NULL;
  const char *background = NULL;
  JsonNode *node;

  if (!map_enum (st, "output_format", output_formats, &format, error) ||
      !map_enum (st, "background", backgrounds, &background, error) ||
      !map_enum (st, "moderation", moderations, NULL, error))
    return FALSE;

  if (g_strcmp0 (background, "transparent") == 0 && g_strcmp0 (format, "jpeg") == 0)
    {
      g_propagate_error (error,
                         field_error ("background", _("A transparent background needs "
                                                      "output_format png or webp, not jpeg")));
      return FALSE;
    }

  node = json_object_get_member (st->extra, "output_compression");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      gint64 compression;

      if (!easel_json_get_int (node, &compression) || compression < 0 || compression > 100)
        {
          g_propagate_error (error,
                             field_error ("output_compression",
                                          _("output_compression must be a whole number from "
                                            "0 to 100")));
          return FALSE;
        }
      if (g_strcmp0 (format, "jpeg") == 0 || g_strcmp0 (format, "webp") == 0)
        {
          json_object_set_int_member (st->body, "output_compression", compression);
          json_object_set_int_member (st->mapped->effective->extra_settings,
                                      "output_compression", compression);
        }
      else
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("output_compression ignored: only with "
                                               "output_format jpeg or webp"));
    }

  for (guint i = 0; passthrough_keys[i] != NULL; i++)
    {
      node = json_object_get_member (st->extra, passthrough_keys[i]);
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          json_object_set_member (st->body, passthrough_keys[i], easel_json_deep_copy (node));
          json_object_set_member (st->mapped->effective->extra_settings, passthrough_keys[i],
                                  easel_json_deep_copy (node));
        }
    }
  return TRUE;
}

static void
note_gpt_only_fields (MapState *st)
{
  static const char * const gpt_only[] = {
    "output_format", "output_compression", "background", "moderation", NULL
  };

  for (guint i = 0; gpt_only[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (st->extra, gpt_only[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        easel_mapped_request_add_adjustment (st->mapped, _("%s ignored: %s has no %s"),
                                             gpt_only[i], st->model, gpt_only[i]);
    }
  for (guint i = 0; passthrough_keys[i] != NULL; i++)
    if (json_object_has_member (st->extra, passthrough_keys[i]))
      easel_mapped_request_add_adjustment (st->mapped, _("%s ignored: %s has no %s"),
                                           passthrough_keys[i], st->model, passthrough_keys[i]);
}

static gboolean
map_response_format (MapState  *st,
                     GError   **error)
{
  JsonNode *node = json_object_get_member (st->extra, "response_format");

  if (st->family == EASEL_OPENAI_FAMILY_GPT_IMAGE)
    {
      /* §3: GPT image models refuse it and always answer base64. */
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        easel_mapped_request_add_adjustment (st->mapped,
                                             _("response_format ignored: %s always answers "
                                               "with base64 images"), st->model);
      return TRUE;
    }

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return map_enum (st, "response_format", response_formats, NULL, error);

  /* The API's default is a URL valid for an hour; base64 saves a second request. */
  set_effective_string (st, "response_format", "b64_json");
  return TRUE;
}

static gboolean
map_user (MapState  *st,
          GError   **error)
{
  JsonNode *node = json_object_get_member (st->extra, "user");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_propagate_error (error, field_error ("user", _("user must be a non-empty text")));
      return FALSE;
    }
  set_effective_string (st, "user", json_node_get_string (node));
  return TRUE;
}

static void
note_ignored (MapState                *st,
              const EaselImageSetting *setting)
{
  const EaselCapabilities *caps = st->caps;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (setting->steps > 0 && !caps->steps)
    easel_mapped_request_add_adjustment (st->mapped, _("steps ignored: %s has no steps"),
                                         st->model);
  if (setting->has_guidance && !caps->guidance)
    easel_mapped_request_add_adjustment (st->mapped, _("guidance ignored: %s has no guidance "
                                                       "scale"), st->model);
  if (setting->sampler != NULL && !caps->sampler)
    easel_mapped_request_add_adjustment (st->mapped, _("sampler ignored: %s has no sampler "
                                                       "choice"), st->model);
  if (setting->scheduler != NULL && !caps->scheduler)
    easel_mapped_request_add_adjustment (st->mapped, _("scheduler ignored: %s has no "
                                                       "scheduler choice"), st->model);
  if (setting->has_seed && !caps->seed)
    easel_mapped_request_add_adjustment (st->mapped, _("seed ignored: %s has no seed (results "
                                                       "are not reproducible)"), st->model);

  json_object_iter_init (&iter, st->extra);
  while (json_object_iter_next (&iter, &key, &value))
    if (!g_strv_contains (known_extra_keys, key))
      easel_mapped_request_add_adjustment (st->mapped, _("%s ignored: not an OpenAI Images "
                                                         "setting"), key);
}

static const char *
pick_model (const EaselProviderConfig  *config,
            const EaselGenerateRequest *request,
            const EaselImageSetting    *setting)
{
  if (request->model != NULL && *request->model != '\0')
    return request->model;
  if (setting->model != NULL && *setting->model != '\0')
    return setting->model;
  if (config != NULL && config->model != NULL && *config->model != '\0')
    return config->model;
  return NULL;
}

/**
 * easel_openai_map_request:
 * @config: (nullable): the provider; its options give defaults ("quality", "stream",
 *   "partial_images") and its model is the fallback
 * @request: what to generate; @request->count images in all
 * @caps: (nullable): the capabilities of the chosen model (looked up when %NULL)
 *
 * Maps one generation to the JSON body of `POST /images/generations`. `model` is always sent
 * (the API's default is a retired model). The body asks for @mapped->images images; when that
 * is fewer than @request->count the provider sends several requests (an adjustment says so).
 * A streamed body has `"stream": true`.
 *
 * Returns: (transfer full): the mapped request, or %NULL with an
 *   %EASEL_PROVIDER_ERROR_INVALID_REQUEST error whose field names the offending setting.
 */
EaselMappedRequest *
easel_openai_map_request (const EaselProviderConfig  *config,
                          const EaselGenerateRequest *request,
                          const EaselCapabilities    *caps,
                          GError                    **error)
{
  g_autoptr(EaselMappedRequest) mapped = NULL;
  g_autoptr(EaselCapabilities) own_caps = NULL;
  g_autoptr(EaselImageSetting) empty = NULL;
  g_autoptr(JsonObject) empty_extra = json_object_new ();
  const EaselImageSetting *setting;
  MapState st = { 0 };
  gboolean streaming = FALSE;
  int count;

  g_return_val_if_fail (request != NULL, NULL);

  setting = request->setting;
  if (setting == NULL)
    setting = empty = easel_image_setting_new ();

  st.model = pick_model (config, request, setting);
  if (st.model == NULL)
    {
      g_propagate_error (error, field_error ("model", _("Choose a model: OpenAI needs one "
                                                        "(“Check connection” lists them)")));
      return NULL;
    }
  if (caps == NULL)
    caps = own_caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_OPENAI, st.model);

  mapped = easel_mapped_request_new ();
  mapped->effective = easel_image_setting_new ();
  easel_image_setting_set_string (&mapped->effective->model, st.model);
  mapped->body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (mapped->body, json_object_new ());

  st.config = config;
  st.caps = caps;
  st.family = easel_openai_family_of (caps);
  st.extra = setting->extra_settings != NULL ? setting->extra_settings : empty_extra;
  st.options = config != NULL ? config->options : NULL;
  st.body = json_node_get_object (mapped->body);
  st.mapped = mapped;

  json_object_set_string_member (st.body, "model", st.model);
  if (!map_prompt (&st, request, setting, error) ||
      !map_size (&st, setting, error))
    return NULL;

  count = request->count > 0 ? request->count : MAX (setting->count, 1);
  if (!map_stream (&st, &streaming, error))
    return NULL;
  map_count (&st, count, streaming);

  if (!map_enum (&st, "quality", (const char * const *) caps->qualities, NULL, error) ||
      !map_enum (&st, "style", (const char * const *) caps->styles, NULL, error) ||
      !map_response_format (&st, error) ||
      !map_user (&st, error))
    return NULL;

  if (st.family == EASEL_OPENAI_FAMILY_GPT_IMAGE)
    {
      if (!map_gpt_fields (&st, error))
        return NULL;
    }
  else
    note_gpt_only_fields (&st);

  note_ignored (&st, setting);
  return g_steal_pointer (&mapped);
}

static GArray *
sizes_from_json (JsonArray *array)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (EaselSize));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      EaselSize size;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          easel_openai_parse_size (json_node_get_string (node), &size.width, &size.height))
        g_array_append_val (sizes, size);
    }
  if (sizes->len == 0)
    g_clear_pointer (&sizes, g_array_unref);
  return sizes;
}

static GStrv
strv_from_json (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/**
 * easel_openai_capabilities_apply_overrides:
 * @overrides: (nullable): the provider's options "capabilities" object
 *
 * An OpenAI-compatible server may take other sizes, counts or qualities than OpenAI's model of
 * the same name (§9): the user describes them in the provider's options, e.g.
 * `{"sizes": ["512x512", "1024x1024"], "max_images_per_request": 4, "qualities": ["standard"],
 * "styles": [], "streams": false, "max_prompt_length": 4000}`.
 */
void
easel_openai_capabilities_apply_overrides (EaselCapabilities *caps,
                                           JsonObject        *overrides)
{
  JsonArray *array;
  gint64 number;
  gboolean flag;

  g_return_if_fail (caps != NULL);

  if (overrides == NULL)
    return;

  if ((array = easel_json_object_get_array (overrides, "sizes")) != NULL)
    {
      GArray *sizes = sizes_from_json (array);

      if (sizes != NULL)
        {
          g_clear_pointer (&caps->sizes, g_array_unref);
          caps->sizes = sizes;
          caps->size_multiple = 0;
        }
    }
  if (easel_json_object_get_int (overrides, "max_images_per_request", &number) &&
      number >= 1 && number <= 10)
    caps->max_images_per_request = (int) number;
  if (easel_json_object_get_int (overrides, "max_prompt_length", &number) && number >= 1)
    caps->max_prompt_length = (int) MIN (number, G_MAXINT);
  if ((array = easel_json_object_get_array (overrides, "qualities")) != NULL)
    {
      g_strfreev (caps->qualities);
      caps->qualities = strv_from_json (array);
      if (caps->qualities[0] == NULL)
        g_clear_pointer (&caps->qualities, g_strfreev);
    }
  if ((array = easel_json_object_get_array (overrides, "styles")) != NULL)
    {
      g_strfreev (caps->styles);
      caps->styles = strv_from_json (array);
      if (caps->styles[0] == NULL)
        g_clear_pointer (&caps->styles, g_strfreev);
    }
  if (get_bool (overrides, "streams", &flag))
    caps->streams_previews = flag;
}
