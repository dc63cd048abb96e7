/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-error.h"
#include "easel-image-import.h"
#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-png-text.h"
#include "easel-settings-parser.h"

/* Reading how an image was made, from the metadata tools leave in it (protocols/a1111.md,
 * Part II §6), in this order: Easel's own record, A1111 `parameters` (infotext, or Fooocus's
 * JSON), NovelAI, InvokeAI, a ComfyUI `prompt` graph, SwarmUI, EXIF UserComment. Pure: the
 * caller reads the file.
 */

static void
take_prompts (EaselPromptExample *example)
{
  EaselImageSetting *s = example->setting;

  if (s->prompt != NULL)
    {
      easel_image_setting_set_string (&example->prompt, s->prompt);
      g_clear_pointer (&s->prompt, g_free);
    }
  if (s->negative_prompt != NULL)
    easel_image_setting_set_string (&example->negative_prompt, s->negative_prompt);
}

static gboolean
from_easel_json (const char         *json,
                 EaselPromptExample *example)
{
  g_autoptr(JsonNode) node = easel_json_parse (json, -1, NULL);
  JsonObject *object;
  JsonNode *settings;
  const char *provider;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "easel") || easel_json_object_get_string (object, "prompt") == NULL)
    return FALSE;

  settings = json_object_get_member (object, "settings");
  if (settings != NULL)
    {
      EaselImageSetting *setting = easel_image_setting_from_json (settings, NULL);

      if (setting == NULL)
        return FALSE;
      easel_image_setting_free (example->setting);
      example->setting = setting;
    }
  easel_image_setting_set_string (&example->prompt, easel_json_object_get_string (object, "prompt"));
  easel_image_setting_set_string (&example->negative_prompt,
                                  easel_json_object_get_string (object, "negative_prompt"));
  easel_image_setting_set_string (&example->setting->negative_prompt, example->negative_prompt);
  if (easel_json_object_get_string (object, "model") != NULL && example->setting->model == NULL)
    easel_image_setting_set_string (&example->setting->model,
                                    easel_json_object_get_string (object, "model"));
  provider = easel_json_object_get_string (object, "provider");
  if (provider != NULL)
    {
      const char *one[] = { provider, NULL };

      g_strfreev (example->providers);
      example->providers = g_strdupv ((GStrv) one);
    }
  return TRUE;
}

static gboolean
from_text (const char         *text,
           EaselPromptExample *example)
{
  EaselImageSetting *parsed = easel_settings_parse (text, -1);

  easel_image_setting_free (example->setting);
  example->setting = parsed;
  take_prompts (example);
  return example->prompt != NULL && *example->prompt != '\0';
}

/* NovelAI: the prompt in Description, settings JSON in Comment (scale = CFG, uc = negative). */
static gboolean
from_novelai (GHashTable         *texts,
              EaselPromptExample *example)
{
  const char *description = g_hash_table_lookup (texts, "Description");
  const char *comment = g_hash_table_lookup (texts, "Comment");

  if (description == NULL || comment == NULL)
    return FALSE;
  from_text (comment, example);
  easel_image_setting_set_string (&example->prompt, description);
  return TRUE;
}

static const char *
node_input_string (JsonObject *graph,
                   JsonObject *node,
                   const char *input,
                   int         depth);

/* Follows a link [node_id, output] to the node it names. */
static JsonObject *
follow_link (JsonObject *graph,
             JsonNode   *value)
{
  JsonArray *link;
  const char *id;

  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    return NULL;
  link = json_node_get_array (value);
  if (json_array_get_length (link) != 2)
    return NULL;
  id = json_node_get_string (json_array_get_element (link, 0));
  if (id == NULL)
    return NULL;
  return easel_json_object_get_object (graph, id);
}

static const char *
node_input_string (JsonObject *graph,
                   JsonObject *node,
                   const char *input,
                   int         depth)
{
  JsonObject *inputs = easel_json_object_get_object (node, "inputs");
  JsonNode *value = inputs != NULL ? json_object_get_member (inputs, input) : NULL;
  JsonObject *linked;

  if (value == NULL || depth > 8)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return json_node_get_string (value);
  /* A text fed from another node (a primitive, a concatenation): look for its text. */
  linked = follow_link (graph, value);
  if (linked != NULL)
    {
      const char *names[] = { "text", "string", "value", "text_g", NULL };

      for (guint i = 0; names[i] != NULL; i++)
        {
          const char *found = node_input_string (graph, linked, names[i], depth + 1);
          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

static JsonObject *
find_sampler (JsonObject *graph)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init (&iter, graph);
  while (json_object_iter_next (&iter, &id, &node))
    {
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      type = easel_json_object_get_string (json_node_get_object (node), "class_type");
      if (g_strcmp0 (type, "KSampler") == 0 || g_strcmp0 (type, "KSamplerAdvanced") == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

/* The checkpoint behind a model input, through LoRA loaders and the like. */
static const char *
find_checkpoint (JsonObject *graph,
                 JsonObject *node,
                 int         depth)
{
  JsonObject *inputs = easel_json_object_get_object (node, "inputs");
  const char *name;
  JsonObject *upstream;

  if (inputs == NULL || depth > 8)
    return NULL;
  if ((name = easel_json_object_get_string (inputs, "ckpt_name")) != NULL ||
      (name = easel_json_object_get_string (inputs, "unet_name")) != NULL)
    return name;
  upstream = follow_link (graph, json_object_get_member (inputs, "model"));
  return upstream != NULL ? find_checkpoint (graph, upstream, depth + 1) : NULL;
}

/**
 * easel_comfyui_graph_to_example:
 *
 * Best effort over an API-format graph: the KSampler's numbers, the texts of the encoders on
 * its positive and negative links, the latent's size, the checkpoint.
 */
gboolean
easel_comfyui_graph_to_example (JsonObject         *graph,
                                EaselPromptExample *example)
{
  JsonObject *sampler = find_sampler (graph);
  JsonObject *inputs;
  JsonObject *node;
  EaselImageSetting *s = example->setting;
  const char *text;
  gint64 value;
  double number;

  if (sampler == NULL || (inputs = easel_json_object_get_object (sampler, "inputs")) == NULL)
    return FALSE;

  if (easel_json_object_get_int (inputs, "seed", &value) && value >= 0)
    {
      s->has_seed = TRUE;
      s->seed = value;
    }
  else if (easel_json_object_get_int (inputs, "noise_seed", &value) && value >= 0)
    {
      s->has_seed = TRUE;
      s->seed = value;
    }
  if (easel_json_object_get_int (inputs, "steps", &value) && value >= 1 &&
      value <= EASEL_SETTING_MAX_STEPS)
    s->steps = (int) value;
  if (easel_json_object_get_number (inputs, "cfg", &number) && number >= 0 &&
      number <= EASEL_SETTING_MAX_GUIDANCE)
    {
      s->has_guidance = TRUE;
      s->guidance_scale = number;
    }
  easel_image_setting_set_string (&s->sampler, easel_json_object_get_string (inputs, "sampler_name"));
  easel_image_setting_set_string (&s->scheduler, easel_json_object_get_string (inputs, "scheduler"));

  node = follow_link (graph, json_object_get_member (inputs, "positive"));
  if (node != NULL && (text = node_input_string (graph, node, "text", 0)) != NULL)
    easel_image_setting_set_string (&example->prompt, text);
  node = follow_link (graph, json_object_get_member (inputs, "negative"));
  if (node != NULL && (text = node_input_string (graph, node, "text", 0)) != NULL)
    {
      easel_image_setting_set_string (&example->negative_prompt, text);
      easel_image_setting_set_string (&s->negative_prompt, text);
    }

  node = follow_link (graph, json_object_get_member (inputs, "latent_image"));
  if (node != NULL)
    {
      JsonObject *latent = easel_json_object_get_object (node, "inputs");

      if (easel_json_object_get_int (latent, "width", &value) && value >= 1 &&
          value <= EASEL_SETTING_MAX_DIMENSION)
        s->width = (int) value;
      if (easel_json_object_get_int (latent, "height", &value) && value >= 1 &&
          value <= EASEL_SETTING_MAX_DIMENSION)
        s->height = (int) value;
    }

  node = follow_link (graph, json_object_get_member (inputs, "model"));
  if (node != NULL)
    easel_image_setting_set_string (&s->model, find_checkpoint (graph, node, 0));

  return example->prompt != NULL && *example->prompt != '\0';
}

static gboolean
from_comfyui (const char         *json,
              EaselPromptExample *example)
{
  g_autoptr(JsonNode) node = easel_json_parse (json, -1, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  return easel_comfyui_graph_to_example (json_node_get_object (node), example);
}

/* ---- EXIF UserComment (JPEG APP1, WebP EXIF chunk) --------------------------------------- */

static guint32
tiff_u32 (const guint8 *p,
          gboolean      big)
{
  return big ? ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]
             : ((guint32) p[3] << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
}

static guint16
tiff_u16 (const guint8 *p,
          gboolean      big)
{
  return big ? (guint16) ((p[0] << 8) | p[1]) : (guint16) ((p[1] << 8) | p[0]);
}

/* Finds @tag in the IFD at @offset; returns its value offset and count. */
static gboolean
ifd_find (const guint8 *tiff,
          gsize         length,
          gboolean      big,
          guint32       offset,
          guint16       tag,
          guint32      *value,
          guint32      *count)
{
  guint16 entries;

  if (offset + 2 > length)
    return FALSE;
  entries = tiff_u16 (tiff + offset, big);
  for (guint i = 0; i < entries; i++)
    {
      const guint8 *entry = tiff + offset + 2 + 12 * i;

      if ((gsize) (entry - tiff) + 12 > length)
        return FALSE;
      if (tiff_u16 (entry, big) == tag)
        {
          *count = tiff_u32 (entry + 4, big);
          *value = *count <= 4 ? (guint32) (entry + 8 - tiff) : tiff_u32 (entry + 8, big);
          return TRUE;
        }
    }
  return FALSE;
}

static char *
decode_user_comment (const guint8 *data,
                     gsize         length,
                     gboolean      big)
{
  const guint8 *text = data + 8;
  gsize text_length = length - 8;

  if (length < 8)
    return NULL;
  if (memcmp (data, "UNICODE\0", 8) == 0)
    {
      const char *order = big ? "UTF-16BE" : "UTF-16LE";
      char *utf8;

      if (text_length >= 2 && text[0] == 0xfe && text[1] == 0xff)
        order = "UTF-16BE", text += 2, text_length -= 2;
      else if (text_length >= 2 && text[0] == 0xff && text[1] == 0xfe)
        order = "UTF-16LE", text += 2, text_length -= 2;
      utf8 = g_convert ((const char *) text, text_length & ~(gsize) 1, "UTF-8", order, NULL, NULL,
                        NULL);
      /* Implausible (mostly non-Latin where ASCII was expected): try the other order. */
      if (utf8 == NULL || (text_length >= 2 && text[0] != 0 && text[1] == 0 && big))
        {
          g_free (utf8);
          utf8 = g_convert ((const char *) text, text_length & ~(gsize) 1, "UTF-8",
                            g_str_equal (order, "UTF-16BE") ? "UTF-16LE" : "UTF-16BE",
                            NULL, NULL, NULL);
        }
      return utf8;
    }
  if (memcmp (data, "ASCII\0\0\0", 8) == 0 || memcmp (data, "\0\0\0\0\0\0\0\0", 8) == 0)
    return g_utf8_make_valid ((const char *) text, (gssize) strnlen ((const char *) text,
                                                                      text_length));
  return NULL;
}

static char *
read_tiff_comment (const guint8 *tiff,
                   gsize         length)
{
  gboolean big;
  guint32 ifd0, exif_ifd, count, value;

  if (length < 8)
    return NULL;
  if (memcmp (tiff, "MM\0*", 4) == 0)
    big = TRUE;
  else if (memcmp (tiff, "II*\0", 4) == 0)
    big = FALSE;
  else
    return NULL;
  ifd0 = tiff_u32 (tiff + 4, big);
  if (!ifd_find (tiff, length, big, ifd0, 0x8769, &exif_ifd, &count))
    return NULL;
  exif_ifd = tiff_u32 (tiff + exif_ifd, big);
  if (!ifd_find (tiff, length, big, exif_ifd, 0x9286, &value, &count))
    return NULL;
  if ((gsize) value + count > length)
    return NULL;
  return decode_user_comment (tiff + value, count, big);
}

/**
 * easel_exif_read_user_comment:
 *
 * Returns: (transfer full) (nullable): the EXIF UserComment of a JPEG or WebP, as UTF-8.
 */
char *
easel_exif_read_user_comment (const guint8 *data,
                              gsize         length)
{
  if (length > 4 && data[0] == 0xff && data[1] == 0xd8)
    {
      gsize i = 2;

      while (i + 4 <= length && data[i] == 0xff)
        {
          guint8 marker = data[i + 1];
          gsize segment = ((gsize) data[i + 2] << 8) | data[i + 3];

          if (marker == 0xda || segment < 2 || i + 2 + segment > length)
            break;
          if (marker == 0xe1 && segment > 8 && memcmp (data + i + 4, "Exif\0\0", 6) == 0)
            return read_tiff_comment (data + i + 10, segment - 8);
          i += 2 + segment;
        }
      return NULL;
    }
  if (length > 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      gsize i = 12;

      while (i + 8 <= length)
        {
          guint32 size = data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) |
                         ((guint32) data[i + 7] << 24);

          if (size > length - i - 8)
            break;
          if (memcmp (data + i, "EXIF", 4) == 0)
            {
              const guint8 *exif = data + i + 8;
              if (size > 6 && memcmp (exif, "Exif\0\0", 6) == 0)
                return read_tiff_comment (exif + 6, size - 6);
              return read_tiff_comment (exif, size);
            }
          i += 8 + size + (size & 1);
        }
    }
  return NULL;
}

/**
 * easel_image_import_example:
 * @sidecar_json: (nullable): an Easel sidecar record (JPEG/WebP results) when there is one
 * @fallback_name: the example's name (the file's base name)
 *
 * Returns: (transfer full): a prompt example with structured settings, or %NULL with an error
 * saying the image carries no generation metadata.
 */
EaselPromptExample *
easel_image_import_example (GBytes      *image,
                            const char  *sidecar_json,
                            const char  *fallback_name,
                            GError     **error)
{
  g_autoptr(EaselPromptExample) example = easel_prompt_example_new (fallback_name, NULL);
  g_autoptr(GHashTable) texts = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (image, &length);
  const char *value;

  g_clear_pointer (&example->prompt, g_free);

  if (sidecar_json != NULL && from_easel_json (sidecar_json, example))
    return g_steal_pointer (&example);

  texts = easel_png_text_read (image, NULL);
  if (texts != NULL)
    {
      if ((value = g_hash_table_lookup (texts, "easel")) != NULL && from_easel_json (value, example))
        return g_steal_pointer (&example);
      if ((value = g_hash_table_lookup (texts, "parameters")) != NULL && from_text (value, example))
        {
          json_object_set_string_member (example->setting->extra_settings, "imported_from",
                                         g_hash_table_contains (texts, "fooocus_scheme")
                                         ? "fooocus" : "a1111");
          return g_steal_pointer (&example);
        }
      if (from_novelai (texts, example))
        return g_steal_pointer (&example);
      if ((value = g_hash_table_lookup (texts, "sd-metadata")) != NULL && from_text (value, example))
        return g_steal_pointer (&example);
      if ((value = g_hash_table_lookup (texts, "Dream")) != NULL && from_text (value, example))
        return g_steal_pointer (&example);
      if ((value = g_hash_table_lookup (texts, "prompt")) != NULL && from_comfyui (value, example))
        return g_steal_pointer (&example);
      if ((value = g_hash_table_lookup (texts, "sui_image_params")) != NULL &&
          from_text (value, example))
        return g_steal_pointer (&example);
    }
  else
    {
      g_autofree char *comment = easel_exif_read_user_comment (data, length);

      if (comment != NULL && from_text (comment, example))
        return g_steal_pointer (&example);
    }

  g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
               _("This image carries no generation settings Easel can read (no A1111 "
                 "parameters, ComfyUI prompt or Easel record)"));
  return NULL;
}
