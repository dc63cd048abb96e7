/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "easel-fake-openai-private.h"

/* The server side of protocols/openai-images.md §1 and §3, written independently of the
 * client's capability table so that the fake catches a mapper that drifts from the protocol.
 */

static const FakeModel models[] = {
  { "dall-e-2",                          "2026-05-12", FAKE_FAMILY_DALL_E_2,    FALSE, 1698798177 },
  { "dall-e-3",                          "2026-05-12", FAKE_FAMILY_DALL_E_3,    FALSE, 1698785189 },
  { "gpt-image-1",                       "2026-10-23", FAKE_FAMILY_GPT_IMAGE,   FALSE, 1745517030 },
  { "gpt-image-1-mini",                  "2026-12-01", FAKE_FAMILY_GPT_IMAGE,   FALSE, 1759511238 },
  { "gpt-image-1.5",                     "2026-12-01", FAKE_FAMILY_GPT_IMAGE,   FALSE, 1765843200 },
  { "gpt-image-1.5-2025-12-16",          "2026-12-01", FAKE_FAMILY_GPT_IMAGE,   FALSE, 1765843200 },
  { "chatgpt-image-latest",              "2026-12-01", FAKE_FAMILY_GPT_IMAGE,   FALSE, 1765843200 },
  { "gpt-image-2",                       NULL,         FAKE_FAMILY_GPT_IMAGE_2, FALSE, 1776729600 },
  { "gpt-image-2-2026-04-21",            NULL,         FAKE_FAMILY_GPT_IMAGE_2, FALSE, 1776729600 },
  { "gpt-image-2.5-sunburst",            NULL,         FAKE_FAMILY_GPT_IMAGE_2, TRUE,  1788825600 },
  { "gpt-image-2.5-sunburst-2026-09-08", NULL,         FAKE_FAMILY_GPT_IMAGE_2, TRUE,  1788825600 },
  { "gpt-image-2.5-flare",               NULL,         FAKE_FAMILY_GPT_IMAGE_2, TRUE,  1788825600 },
  { "gpt-image-2.5-flare-2026-09-08",    NULL,         FAKE_FAMILY_GPT_IMAGE_2, TRUE,  1788825600 },
  { "gpt-image-2.6-sunburst",            NULL,         FAKE_FAMILY_GPT_IMAGE_2, FALSE, 1793577600 },
};

/* Chat and audio models: /models lists them too, and a client must filter them out. */
static const char * const other_models[] = {
  "gpt-4o", "gpt-5.1", "whisper-1", "text-embedding-3-small", "tts-1",
};

static const FakeModel compatible_model = {
  NULL, NULL, FAKE_FAMILY_GPT_IMAGE, FALSE, 0
};

char *
_easel_fake_openai_error_json (const char *message,
                               const char *type,
                               const char *param,
                               const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "param");
  if (param != NULL)
    json_builder_add_string_value (builder, param);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

const FakeModel *
_easel_fake_openai_find_model (const char *id,
                               gboolean    compatible)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (models); i++)
    if (strcmp (models[i].id, id) == 0)
      return &models[i];
  return compatible && id != NULL ? &compatible_model : NULL;
}

char *
_easel_fake_openai_models_json (EaselFakeOpenaiModels mode)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; mode == EASEL_FAKE_OPENAI_MODELS_OPENAI && i < G_N_ELEMENTS (models); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, models[i].id);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "model");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, models[i].created);
      json_builder_set_member_name (builder, "owned_by");
      json_builder_add_string_value (builder, "system");
      json_builder_set_member_name (builder, "shutdown_date");
      if (models[i].shutdown_date != NULL)
        json_builder_add_string_value (builder, models[i].shutdown_date);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < G_N_ELEMENTS (other_models); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, other_models[i]);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "model");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, 1715367049);
      json_builder_set_member_name (builder, "owned_by");
      json_builder_add_string_value (builder, "system");
      if (mode == EASEL_FAKE_OPENAI_MODELS_OPENAI)
        {
          json_builder_set_member_name (builder, "shutdown_date");
          json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
invalid (guint      *status,
         const char *param,
         const char *code,
         const char *format,
         ...) G_GNUC_PRINTF (4, 5);

static char *
invalid (guint      *status,
         const char *param,
         const char *code,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  *status = 400;
  return _easel_fake_openai_error_json (message, "invalid_request_error", param, code);
}

static char *
not_supported (const char * const *values,
               const char         *value,
               const char         *param,
               guint              *status)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = g_strv_length ((GStrv) values);

  if (value != NULL && g_strv_contains (values, value))
    return NULL;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s'%s'", i == 0 ? "" : (i + 1 == n ? ", and " : ", "),
                            values[i]);
  return invalid (status, param, "invalid_value",
                  "Invalid value: '%s'. Supported values are: %s.", value, list->str);
}

static gboolean
parse_size (const char *text,
            int        *w,
            int        *h)
{
  char *end = NULL;

  *w = (int) strtol (text, &end, 10);
  if (end == text || *end != 'x')
    return FALSE;
  text = end + 1;
  *h = (int) strtol (text, &end, 10);
  return end != text && *end == '\0' && *w > 0 && *h > 0;
}

static char *
check_size (const FakeModel *model,
            const char      *size,
            guint           *status)
{
  static const char * const dalle2[] = { "256x256", "512x512", "1024x1024", NULL };
  static const char * const dalle3[] = { "1024x1024", "1792x1024", "1024x1792", NULL };
  static const char * const gpt[] = { "1024x1024", "1024x1536", "1536x1024", "auto", NULL };
  int w, h;

  switch (model->family)
    {
    case FAKE_FAMILY_DALL_E_2:
      return not_supported (dalle2, size, "size", status);
    case FAKE_FAMILY_DALL_E_3:
      return not_supported (dalle3, size, "size", status);
    case FAKE_FAMILY_GPT_IMAGE:
      return not_supported (gpt, size, "size", status);
    case FAKE_FAMILY_GPT_IMAGE_2:
    default:
      if (g_strv_contains (gpt, size))
        return NULL;
      if (!parse_size (size, &w, &h) || w % 16 != 0 || h % 16 != 0 ||
          (double) w / h > 3.0 || (double) h / w > 3.0 ||
          (gint64) w * h > (gint64) 3840 * 2160 || MAX (w, h) > 3840)
        return invalid (status, "size", "invalid_value",
                        "Invalid size '%s'. Width and height must be multiples of 16, the "
                        "aspect ratio between 1:3 and 3:1, and the size at most 3840x2160 "
                        "pixels.", size);
      return NULL;
    }
}

static char *
check_quality (const FakeModel *model,
               const char      *quality,
               guint           *status)
{
  static const char * const dalle2[] = { "standard", NULL };
  static const char * const dalle3[] = { "standard", "hd", NULL };
  static const char * const gpt[] = { "low", "medium", "high", "auto", NULL };
  static const char * const gpt25[] = { "low", "medium", "high", "auto", "xhigh", "max", NULL };

  if (quality == NULL)
    return NULL;
  switch (model->family)
    {
    case FAKE_FAMILY_DALL_E_2:
      return not_supported (dalle2, quality, "quality", status);
    case FAKE_FAMILY_DALL_E_3:
      return not_supported (dalle3, quality, "quality", status);
    case FAKE_FAMILY_GPT_IMAGE:
    case FAKE_FAMILY_GPT_IMAGE_2:
    default:
      return not_supported (model->extended_quality ? gpt25 : gpt, quality, "quality", status);
    }
}

static const char *
get_string (JsonObject *body,
            const char *member)
{
  JsonNode *node = json_object_get_member (body, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * _easel_fake_openai_check_rules:
 * @compatible: accept unknown model ids (as a compatible server would) and ignore the fields a
 *   simple relay does not know
 *
 * Returns: (nullable): %NULL when @body follows the per-model rules, else the error body to send
 *   with *@status.
 */
char *
_easel_fake_openai_check_rules (JsonObject *body,
                                const char *today,
                                gboolean    compatible,
                                guint      *status)
{
  static const char * const gpt_only[] = {
    "output_format", "output_compression", "background", "moderation", "stream",
    "partial_images", NULL
  };
  const char *model_id = get_string (body, "model");
  const char *prompt = get_string (body, "prompt");
  const char *size = get_string (body, "size");
  const char *format = get_string (body, "output_format");
  const FakeModel *model;
  gboolean is_dalle;
  glong prompt_max;
  char *error;

  /* §1: with no model, the API picks dall-e-2, which is gone. */
  if (model_id == NULL)
    model_id = "dall-e-2";

  model = _easel_fake_openai_find_model (model_id, compatible);
  if (model == NULL || (model->shutdown_date != NULL && strcmp (model->shutdown_date, today) <= 0))
    {
      g_autofree char *message = NULL;

      if (model == NULL)
        message = g_strdup_printf ("The model `%s` does not exist or you do not have access "
                                   "to it.", model_id);
      else
        message = g_strdup_printf ("The model `%s` has been deprecated, learn more here: "
                                   "https://platform.openai.com/docs/deprecations", model_id);
      *status = 404;
      return _easel_fake_openai_error_json (message, "invalid_request_error", NULL,
                                            "model_not_found");
    }
  is_dalle = model->family == FAKE_FAMILY_DALL_E_2 || model->family == FAKE_FAMILY_DALL_E_3;

  prompt_max = model->family == FAKE_FAMILY_DALL_E_2 ? 1000
             : model->family == FAKE_FAMILY_DALL_E_3 ? 4000 : 32000;
  if (prompt != NULL && g_utf8_strlen (prompt, -1) > prompt_max)
    return invalid (status, "prompt", "string_above_max_length",
                    "Invalid 'prompt': string too long. Expected a string with maximum length "
                    "%ld, but got a string with length %ld instead.",
                    prompt_max, g_utf8_strlen (prompt, -1));

  if (model->family == FAKE_FAMILY_DALL_E_3 && json_object_has_member (body, "n") &&
      json_object_get_int_member (body, "n") != 1)
    return invalid (status, "n", "invalid_value",
                    "Invalid 'n': dall-e-3 only supports n=1. Send several requests instead.");

  if (size != NULL && (error = check_size (model, size, status)) != NULL)
    return error;
  if ((error = check_quality (model, get_string (body, "quality"), status)) != NULL)
    return error;

  if (model->family != FAKE_FAMILY_DALL_E_3 && json_object_has_member (body, "style"))
    return invalid (status, "style", "unknown_parameter",
                    "The 'style' parameter is only supported for dall-e-3.");

  if (!is_dalle && json_object_has_member (body, "response_format") && !compatible)
    return invalid (status, "response_format", "unknown_parameter",
                    "Unknown parameter: 'response_format'.");

  for (guint i = 0; is_dalle && gpt_only[i] != NULL; i++)
    if (json_object_has_member (body, gpt_only[i]))
      return invalid (status, gpt_only[i], "unknown_parameter",
                      "Unknown parameter: '%s'.", gpt_only[i]);

  if (g_strcmp0 (get_string (body, "background"), "transparent") == 0 &&
      g_strcmp0 (format, "jpeg") == 0)
    return invalid (status, "background", "invalid_value",
                    "Transparent background requires output_format png or webp.");

  if (json_object_has_member (body, "output_compression") &&
      g_strcmp0 (format, "jpeg") != 0 && g_strcmp0 (format, "webp") != 0)
    return invalid (status, "output_compression", "invalid_value",
                    "output_compression is only supported with output_format jpeg or webp.");

  return NULL;
}
