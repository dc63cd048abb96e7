/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "easel-a1111-mapping.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-json.h"

/* Structured settings → the body of `POST /sdapi/v1/txt2img` (protocols/a1111.md §3.1), with
 * every change written down in words. Pure: the server's name lists come in as an argument.
 */

typedef enum
{
  VALUE_INT,
  VALUE_DOUBLE,
  VALUE_BOOL,
  VALUE_STRING,
  VALUE_STRING_LIST,
  VALUE_OBJECT,
  VALUE_ANY,
  VALUE_PRESENT,      /* any value turns the flag on ("Face restoration: CodeFormer") */
} ValueType;

typedef struct
{
  const char *key;        /* normalized: lowercase, spaces and dashes as underscores */
  const char *field;      /* the txt2img field, or the option name in override_settings */
  gboolean    override;   /* goes into override_settings */
  ValueType   type;
  gboolean    hires;      /* a hires-fix setting: turns enable_hr on unless it is given */
} ExtraField;

/* txt2img fields, under their API names and under the infotext labels the settings parser keeps
 * in extra_settings ("Clip skip", "Hires upscale", "Denoising strength", …).
 */
static const ExtraField extra_fields[] = {
  { "enable_hr", "enable_hr", FALSE, VALUE_BOOL, FALSE },
  { "hr_scale", "hr_scale", FALSE, VALUE_DOUBLE, TRUE },
  { "hires_upscale", "hr_scale", FALSE, VALUE_DOUBLE, TRUE },
  { "hr_upscaler", "hr_upscaler", FALSE, VALUE_STRING, TRUE },
  { "hires_upscaler", "hr_upscaler", FALSE, VALUE_STRING, TRUE },
  { "hr_second_pass_steps", "hr_second_pass_steps", FALSE, VALUE_INT, TRUE },
  { "hires_steps", "hr_second_pass_steps", FALSE, VALUE_INT, TRUE },
  { "hr_resize_x", "hr_resize_x", FALSE, VALUE_INT, TRUE },
  { "hr_resize_y", "hr_resize_y", FALSE, VALUE_INT, TRUE },
  { "hires_resize_1", "hr_resize_x", FALSE, VALUE_INT, TRUE },
  { "hires_resize_2", "hr_resize_y", FALSE, VALUE_INT, TRUE },
  { "hr_checkpoint_name", "hr_checkpoint_name", FALSE, VALUE_STRING, TRUE },
  { "hires_checkpoint", "hr_checkpoint_name", FALSE, VALUE_STRING, TRUE },
  { "hr_sampler_name", "hr_sampler_name", FALSE, VALUE_STRING, TRUE },
  { "hires_sampler", "hr_sampler_name", FALSE, VALUE_STRING, TRUE },
  { "hr_scheduler", "hr_scheduler", FALSE, VALUE_STRING, TRUE },
  { "hires_schedule_type", "hr_scheduler", FALSE, VALUE_STRING, TRUE },
  { "hr_prompt", "hr_prompt", FALSE, VALUE_STRING, TRUE },
  { "hires_prompt", "hr_prompt", FALSE, VALUE_STRING, TRUE },
  { "hr_negative_prompt", "hr_negative_prompt", FALSE, VALUE_STRING, TRUE },
  { "hires_negative_prompt", "hr_negative_prompt", FALSE, VALUE_STRING, TRUE },
  { "hr_cfg", "hr_cfg", FALSE, VALUE_DOUBLE, TRUE },
  { "hires_cfg_scale", "hr_cfg", FALSE, VALUE_DOUBLE, TRUE },
  { "hr_distilled_cfg", "hr_distilled_cfg", FALSE, VALUE_DOUBLE, TRUE },
  { "hr_additional_modules", "hr_additional_modules", FALSE, VALUE_STRING_LIST, TRUE },
  { "denoising_strength", "denoising_strength", FALSE, VALUE_DOUBLE, FALSE },
  { "firstphase_width", "firstphase_width", FALSE, VALUE_INT, FALSE },
  { "firstphase_height", "firstphase_height", FALSE, VALUE_INT, FALSE },
  { "distilled_cfg_scale", "distilled_cfg_scale", FALSE, VALUE_DOUBLE, FALSE },
  { "subseed", "subseed", FALSE, VALUE_INT, FALSE },
  { "variation_seed", "subseed", FALSE, VALUE_INT, FALSE },
  { "subseed_strength", "subseed_strength", FALSE, VALUE_DOUBLE, FALSE },
  { "variation_seed_strength", "subseed_strength", FALSE, VALUE_DOUBLE, FALSE },
  { "seed_resize_from_w", "seed_resize_from_w", FALSE, VALUE_INT, FALSE },
  { "seed_resize_from_h", "seed_resize_from_h", FALSE, VALUE_INT, FALSE },
  { "seed_resize_from_1", "seed_resize_from_w", FALSE, VALUE_INT, FALSE },
  { "seed_resize_from_2", "seed_resize_from_h", FALSE, VALUE_INT, FALSE },
  { "seed_enable_extras", "seed_enable_extras", FALSE, VALUE_BOOL, FALSE },
  { "eta", "eta", FALSE, VALUE_DOUBLE, FALSE },
  { "s_min_uncond", "s_min_uncond", FALSE, VALUE_DOUBLE, FALSE },
  { "s_churn", "s_churn", FALSE, VALUE_DOUBLE, FALSE },
  { "s_tmax", "s_tmax", FALSE, VALUE_DOUBLE, FALSE },
  { "s_tmin", "s_tmin", FALSE, VALUE_DOUBLE, FALSE },
  { "s_noise", "s_noise", FALSE, VALUE_DOUBLE, FALSE },
  { "restore_faces", "restore_faces", FALSE, VALUE_BOOL, FALSE },
  { "face_restoration", "restore_faces", FALSE, VALUE_PRESENT, FALSE },
  { "tiling", "tiling", FALSE, VALUE_BOOL, FALSE },
  { "disable_extra_networks", "disable_extra_networks", FALSE, VALUE_BOOL, FALSE },
  { "comments", "comments", FALSE, VALUE_ANY, FALSE },
  { "styles", "styles", FALSE, VALUE_STRING_LIST, FALSE },
  { "refiner_checkpoint", "refiner_checkpoint", FALSE, VALUE_STRING, FALSE },
  { "refiner", "refiner_checkpoint", FALSE, VALUE_STRING, FALSE },
  { "refiner_switch_at", "refiner_switch_at", FALSE, VALUE_DOUBLE, FALSE },
  { "override_settings_restore_afterwards", "override_settings_restore_afterwards", FALSE,
    VALUE_BOOL, FALSE },
  { "script_name", "script_name", FALSE, VALUE_STRING, FALSE },
  { "script_args", "script_args", FALSE, VALUE_ANY, FALSE },
  { "alwayson_scripts", "alwayson_scripts", FALSE, VALUE_OBJECT, FALSE },
  /* Server options, applied for this request only (override_settings). */
  { "clip_skip", "CLIP_stop_at_last_layers", TRUE, VALUE_INT, FALSE },
  { "clip_stop_at_last_layers", "CLIP_stop_at_last_layers", TRUE, VALUE_INT, FALSE },
  { "ensd", "eta_noise_seed_delta", TRUE, VALUE_INT, FALSE },
  { "eta_noise_seed_delta", "eta_noise_seed_delta", TRUE, VALUE_INT, FALSE },
  { "vae", "sd_vae", TRUE, VALUE_STRING, FALSE },
  { "sd_vae", "sd_vae", TRUE, VALUE_STRING, FALSE },
  { "token_merging_ratio", "token_merging_ratio", TRUE, VALUE_DOUBLE, FALSE },
  { "rng", "randn_source", TRUE, VALUE_STRING, FALSE },
  { "randn_source", "randn_source", TRUE, VALUE_STRING, FALSE },
};

/* Keys that name a structured setting: Easel's own field decides, the extra is not sent. */
static const char * const structured_keys[] = {
  "prompt", "negative_prompt", "width", "height", "size", "size_1", "size_2", "steps",
  "cfg_scale", "cfg", "guidance", "guidance_scale", "seed", "sampler", "sampler_name",
  "sampler_index", "scheduler", "schedule_type", "batch_size", "n_iter", "count", "model",
  "sd_model_checkpoint", "send_images", "save_images", "infotext", "force_task_id",
};

/**
 * easel_a1111_normalize_key:
 *
 * "Clip skip", "clip-skip" and "clip_skip" are one key: lowercase, spaces and dashes as
 * underscores, surrounding space trimmed.
 */
char *
easel_a1111_normalize_key (const char *key)
{
  char *normalized = g_strstrip (g_ascii_strdown (key, -1));

  for (char *p = normalized; *p != '\0'; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  return normalized;
}

static gboolean
option_bool (const EaselProviderConfig *config,
             const char                *key)
{
  JsonNode *node;

  if (config == NULL || config->options == NULL ||
      (node = json_object_get_member (config->options, key)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0 ||
           g_strcmp0 (json_node_get_string (node), "1") == 0;
  return easel_provider_config_get_option_double (config, key, 0) != 0;
}

static char *
value_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* Values from the infotext parser are strings ("2", "0.7", "True"); coerce them to the type the
 * field takes. Returns %NULL when the value does not fit.
 */
static JsonNode *
coerce (JsonNode  *node,
        ValueType  type)
{
  JsonNode *out = NULL;
  const char *text = NULL;
  double number;
  gint64 integer;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);

  switch (type)
    {
    case VALUE_INT:
      if (easel_json_get_int (node, &integer))
        return json_node_init_int (json_node_alloc (), integer);
      if (text != NULL)
        {
          char *end = NULL;
          g_autofree char *trimmed = g_strstrip (g_strdup (text));

          integer = g_ascii_strtoll (trimmed, &end, 10);
          if (*trimmed != '\0' && end != NULL && *end == '\0')
            out = json_node_init_int (json_node_alloc (), integer);
        }
      return out;

    case VALUE_DOUBLE:
      if (easel_json_get_number (node, &number))
        return json_node_init_double (json_node_alloc (), number);
      if (text != NULL)
        {
          char *end = NULL;
          g_autofree char *trimmed = g_strstrip (g_strdup (text));

          number = g_ascii_strtod (trimmed, &end);
          if (*trimmed != '\0' && end != NULL && *end == '\0' && isfinite (number))
            out = json_node_init_double (json_node_alloc (), number);
        }
      return out;

    case VALUE_BOOL:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
      if (easel_json_get_int (node, &integer) && (integer == 0 || integer == 1))
        return json_node_init_boolean (json_node_alloc (), integer == 1);
      if (text != NULL)
        {
          if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
            return json_node_init_boolean (json_node_alloc (), TRUE);
          if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
            return json_node_init_boolean (json_node_alloc (), FALSE);
        }
      return NULL;

    case VALUE_STRING:
      if (text != NULL)
        return json_node_init_string (json_node_alloc (), text);
      if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_autofree char *printed = json_to_string (node, FALSE);
          return json_node_init_string (json_node_alloc (), printed);
        }
      return NULL;

    case VALUE_STRING_LIST:
      if (text != NULL)
        {
          JsonArray *array = json_array_new ();

          json_array_add_string_element (array, text);
          return json_node_init_array (json_node_alloc (), array);
        }
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (!JSON_NODE_HOLDS_VALUE (element) ||
                  json_node_get_value_type (element) != G_TYPE_STRING)
                return NULL;
            }
          return easel_json_deep_copy (node);
        }
      return NULL;

    case VALUE_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node) ? easel_json_deep_copy (node) : NULL;

    case VALUE_PRESENT:
      return json_node_init_boolean (json_node_alloc (), !JSON_NODE_HOLDS_NULL (node));

    case VALUE_ANY:
    default:
      return easel_json_deep_copy (node);
    }
}

static const char *
value_type_name (ValueType type)
{
  switch (type)
    {
    case VALUE_INT:         return _("a whole number");
    case VALUE_DOUBLE:      return _("a number");
    case VALUE_BOOL:        return _("true or false");
    case VALUE_STRING:      return _("a text");
    case VALUE_STRING_LIST: return _("a list of texts");
    case VALUE_OBJECT:      return _("an object");
    case VALUE_ANY:
    case VALUE_PRESENT:
    default:                return _("a value");
    }
}

typedef struct
{
  const EaselProviderConfig   *config;
  const EaselGenerateRequest  *request;
  const EaselImageSetting     *setting;
  const EaselCapabilities     *caps;
  const EaselA1111ServerLists *lists;
  EaselMappedRequest          *mapped;
  JsonObject                  *body;
  JsonObject                  *override;
  JsonObject                  *extras_out;   /* effective->extra_settings */
} Mapping;

static const ExtraField *
find_extra_field (const char *normalized)
{
  for (guint i = 0; i < G_N_ELEMENTS (extra_fields); i++)
    if (strcmp (extra_fields[i].key, normalized) == 0)
      return &extra_fields[i];
  return NULL;
}

static gboolean
is_structured_key (const char *normalized)
{
  for (guint i = 0; i < G_N_ELEMENTS (structured_keys); i++)
    if (strcmp (structured_keys[i], normalized) == 0)
      return TRUE;
  return FALSE;
}

/* The scheduler may arrive as an infotext label in extra_settings ("Schedule type: Karras"). */
static const char *
extra_schedule_type (const EaselImageSetting *setting)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, setting->extra_settings);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *normalized = easel_a1111_normalize_key (key);

      if (strcmp (normalized, "schedule_type") == 0 && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        return json_node_get_string (value);
    }
  return NULL;
}

static void
map_extras (Mapping *m)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  gboolean hires_given = FALSE;

  json_object_iter_init (&iter, m->setting->extra_settings);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *normalized = easel_a1111_normalize_key (key);
      const ExtraField *field;
      JsonNode *coerced;

      if (strcmp (normalized, "override_settings") == 0)
        {
          JsonObjectIter inner;
          const char *option;
          JsonNode *option_value;

          if (!JSON_NODE_HOLDS_OBJECT (value))
            {
              easel_mapped_request_add_adjustment (m->mapped,
                _("extra setting “%s” ignored: it must be an object of server options"), key);
              continue;
            }
          json_object_iter_init (&inner, json_node_get_object (value));
          while (json_object_iter_next (&inner, &option, &option_value))
            json_object_set_member (m->override, option, easel_json_deep_copy (option_value));
          continue;
        }

      if (is_structured_key (normalized))
        {
          if (strcmp (normalized, "schedule_type") != 0 || m->setting->scheduler != NULL)
            easel_mapped_request_add_adjustment (m->mapped,
              _("extra setting “%s” ignored: Easel sends its own %s setting"), key, normalized);
          continue;
        }

      field = find_extra_field (normalized);
      if (field == NULL)
        {
          easel_mapped_request_add_adjustment (m->mapped,
            _("extra setting “%s” ignored: not a txt2img field"), key);
          continue;
        }

      coerced = coerce (value, field->type);
      if (coerced == NULL)
        {
          g_autofree char *text = value_text (value);

          easel_mapped_request_add_adjustment (m->mapped,
            _("extra setting “%s” ignored: “%s” is not %s"), key, text,
            value_type_name (field->type));
          continue;
        }

      json_object_set_member (m->extras_out, field->field, easel_json_deep_copy (coerced));
      if (field->override)
        json_object_set_member (m->override, field->field, coerced);
      else
        json_object_set_member (m->body, field->field, coerced);
      hires_given |= field->hires;
    }

  if (hires_given && !json_object_has_member (m->body, "enable_hr"))
    {
      json_object_set_boolean_member (m->body, "enable_hr", TRUE);
      json_object_set_boolean_member (m->extras_out, "enable_hr", TRUE);
      easel_mapped_request_add_adjustment (m->mapped,
        _("hires fix turned on: hires settings were given without enable_hr"));
    }

  /* Forge Neo crashes on a hires pass without hr_additional_modules (§7). */
  if (option_bool (m->config, "forge_neo") && json_object_has_member (m->body, "enable_hr") &&
      json_object_get_boolean_member (m->body, "enable_hr") &&
      !json_object_has_member (m->body, "hr_additional_modules"))
    {
      JsonArray *modules = json_array_new ();

      json_array_add_string_element (modules, "Use same choices");
      json_object_set_array_member (m->body, "hr_additional_modules", modules);
    }
}

static gboolean
map_sampler (Mapping  *m,
             GError  **error)
{
  EaselImageSetting *effective = m->mapped->effective;
  GPtrArray *samplers = m->lists != NULL ? m->lists->samplers : NULL;
  GPtrArray *schedulers = m->lists != NULL ? m->lists->schedulers : NULL;
  gboolean legacy = (m->lists != NULL && m->lists->legacy_schedulers) ||
                    option_bool (m->config, "legacy_schedulers");
  const char *asked = m->setting->sampler;
  const char *asked_scheduler = m->setting->scheduler;
  g_autofree char *sampler = NULL;
  g_autofree char *suffix_scheduler = NULL;
  g_autofree char *sent = NULL;
  const char *scheduler_label = NULL;
  g_autofree char *scheduler_owned = NULL;

  if (asked_scheduler == NULL)
    asked_scheduler = extra_schedule_type (m->setting);

  if (asked != NULL)
    {
      const EaselA1111Named *found = easel_a1111_resolve_sampler (samplers, asked);
      const char *translated;

      if (found != NULL)
        sampler = g_strdup (found->name);
      else if (!legacy)
        {
          g_autofree char *base = NULL;

          /* "DPM++ 2M Karras" on a v1.9+ server: split it the way the server would. */
          suffix_scheduler = easel_a1111_split_scheduler_suffix (schedulers, asked, &base);
          if (suffix_scheduler != NULL)
            {
              found = easel_a1111_resolve_sampler (samplers, base);
              if (found != NULL)
                sampler = g_strdup (found->name);
              else if (samplers == NULL)
                {
                  translated = easel_a1111_sampler_from_comfyui (base);
                  sampler = g_strdup (translated != NULL ? translated : base);
                }
              else
                g_clear_pointer (&suffix_scheduler, g_free);
            }
        }

      if (sampler == NULL && samplers != NULL)
        {
          g_autofree char *valid = easel_a1111_describe_names (samplers, FALSE, 40);
          GError *local = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                                       _("Sampler “%s” is not on this server, which would "
                                         "silently use its default sampler instead. Valid "
                                         "samplers: %s"), asked, valid);

          easel_provider_error_set_field (local, "sampler");
          g_propagate_error (error, local);
          return FALSE;
        }
      if (sampler == NULL)
        {
          translated = easel_a1111_sampler_from_comfyui (asked);
          sampler = g_strdup (translated != NULL ? translated : asked);
        }

      if (suffix_scheduler != NULL)
        {
          if (asked_scheduler == NULL)
            easel_mapped_request_add_adjustment (m->mapped,
              _("sampler “%s” → sampler “%s” with scheduler “%s”"), asked, sampler,
              suffix_scheduler);
          else
            easel_mapped_request_add_adjustment (m->mapped,
              _("sampler “%s” → “%s”: the scheduler setting “%s” wins over the name's suffix"),
              asked, sampler, asked_scheduler);
        }
      else if (strcmp (sampler, asked) != 0)
        easel_mapped_request_add_adjustment (m->mapped,
          samplers != NULL ? _("sampler “%s” → “%s” (this server's name)")
                           : _("sampler “%s” → “%s” (A1111's name)"), asked, sampler);
    }

  if (asked_scheduler == NULL)
    asked_scheduler = suffix_scheduler;

  if (asked_scheduler != NULL && legacy)
    {
      const char *label = easel_a1111_scheduler_known_label (asked_scheduler);

      if (label == NULL)
        label = asked_scheduler;
      g_autofree char *carried = easel_a1111_split_scheduler_suffix (NULL, sampler, NULL);

      if (g_ascii_strcasecmp (label, "Automatic") == 0)
        ; /* the sampler's own default: nothing to append */
      else if (carried != NULL)
        easel_mapped_request_add_adjustment (m->mapped,
          _("scheduler “%s” ignored: the sampler name “%s” already carries one"),
          asked_scheduler, sampler);
      else if (sampler == NULL)
        easel_mapped_request_add_adjustment (m->mapped,
          _("scheduler “%s” ignored: this server (before v1.9) takes the scheduler as part of "
            "the sampler name, and no sampler is set"), asked_scheduler);
      else
        {
          g_autofree char *combined = g_strdup_printf ("%s %s", sampler, label);
          const EaselA1111Named *found = easel_a1111_resolve_sampler (samplers, combined);

          if (samplers != NULL && found == NULL)
            {
              g_autofree char *valid = easel_a1111_describe_names (samplers, FALSE, 40);
              GError *local = g_error_new (EASEL_PROVIDER_ERROR,
                                           EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                                           _("This server (before v1.9) has no sampler “%s”: "
                                             "it takes the scheduler as part of the sampler "
                                             "name. Valid samplers: %s"), combined, valid);

              easel_provider_error_set_field (local, "scheduler");
              g_propagate_error (error, local);
              return FALSE;
            }
          sent = g_strdup (found != NULL ? found->name : combined);
          scheduler_label = label;
          easel_mapped_request_add_adjustment (m->mapped,
            _("scheduler “%s” sent as part of the sampler name “%s” (server before v1.9)"),
            asked_scheduler, sent);
        }
    }
  else if (asked_scheduler != NULL)
    {
      const EaselA1111Named *found = easel_a1111_resolve_scheduler (schedulers, asked_scheduler);

      if (schedulers != NULL && found == NULL)
        {
          g_autofree char *valid = easel_a1111_describe_names (schedulers, TRUE, 40);
          GError *local = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                                       _("Scheduler “%s” is not on this server, which would "
                                         "silently use “Automatic” instead. Valid schedulers: "
                                         "%s"), asked_scheduler, valid);

          easel_provider_error_set_field (local, "scheduler");
          g_propagate_error (error, local);
          return FALSE;
        }
      if (found != NULL)
        scheduler_label = found->label;
      else
        {
          scheduler_label = easel_a1111_scheduler_known_label (asked_scheduler);
          if (scheduler_label == NULL)
            scheduler_label = asked_scheduler;
        }
      if (g_ascii_strcasecmp (scheduler_label, asked_scheduler) != 0 &&
          asked_scheduler != suffix_scheduler)
        easel_mapped_request_add_adjustment (m->mapped,
          _("scheduler “%s” → “%s” (this server's name)"), asked_scheduler, scheduler_label);
      scheduler_owned = g_strdup (scheduler_label);
      scheduler_label = scheduler_owned;
      json_object_set_string_member (m->body, "scheduler", scheduler_label);
    }

  if (sampler != NULL)
    json_object_set_string_member (m->body, "sampler_name", sent != NULL ? sent : sampler);
  easel_image_setting_set_string (&effective->sampler, sampler);
  easel_image_setting_set_string (&effective->scheduler, scheduler_label);
  return TRUE;
}

static gboolean
map_model (Mapping  *m,
           GError  **error)
{
  const char *asked = m->request->model;
  const EaselA1111Model *found;
  GPtrArray *models = m->lists != NULL ? m->lists->models : NULL;

  if (asked == NULL || *asked == '\0')
    asked = m->setting->model;
  if (asked == NULL || *asked == '\0')
    asked = m->config != NULL ? m->config->model : NULL;
  if (asked == NULL || *asked == '\0')
    return TRUE;

  found = easel_a1111_resolve_model (models, asked);
  if (found == NULL && models != NULL)
    {
      GString *titles = g_string_new (NULL);
      GError *local;

      for (guint i = 0; i < models->len && i < 20; i++)
        g_string_append_printf (titles, "%s%s", i > 0 ? ", " : "",
                                ((EaselA1111Model *) g_ptr_array_index (models, i))->title);
      if (models->len == 0)
        g_string_append (titles, _("none"));
      local = g_error_new (EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_NOT_FOUND,
                           _("Model “%s” is not on this server, which would silently keep its "
                             "current checkpoint. Installed: %s"), asked, titles->str);
      easel_provider_error_set_field (local, "model");
      g_string_free (titles, TRUE);
      g_propagate_error (error, local);
      return FALSE;
    }

  if (found != NULL)
    {
      if (strcmp (found->title, asked) != 0)
        easel_mapped_request_add_adjustment (m->mapped, _("model “%s” → “%s”"), asked,
                                             found->title);
      json_object_set_string_member (m->override, "sd_model_checkpoint", found->title);
      easel_image_setting_set_string (&m->mapped->effective->model, found->title);
    }
  else
    {
      json_object_set_string_member (m->override, "sd_model_checkpoint", asked);
      easel_image_setting_set_string (&m->mapped->effective->model, asked);
    }
  return TRUE;
}

static void
map_size (Mapping *m)
{
  EaselImageSetting *effective = m->mapped->effective;
  int width = m->setting->width;
  int height = m->setting->height;
  int fitted_width, fitted_height;

  if (width <= 0 && height <= 0)
    return;
  /* A1111's default for a missing edge. */
  if (width <= 0)
    width = 512;
  if (height <= 0)
    height = 512;

  if (easel_capabilities_fit_size (m->caps, width, height, &fitted_width, &fitted_height))
    easel_mapped_request_add_adjustment (m->mapped,
      _("size %d×%d → %d×%d (multiples of %d from %d to %d)"), width, height,
      fitted_width, fitted_height, m->caps->size_multiple, m->caps->min_dimension,
      m->caps->max_dimension);
  json_object_set_int_member (m->body, "width", fitted_width);
  json_object_set_int_member (m->body, "height", fitted_height);
  effective->width = fitted_width;
  effective->height = fitted_height;
}

static void
map_steps_guidance (Mapping *m)
{
  EaselImageSetting *effective = m->mapped->effective;

  if (m->setting->steps > 0)
    {
      int steps = m->setting->steps;

      if (m->caps->max_steps > 0 && steps > m->caps->max_steps)
        {
          easel_mapped_request_add_adjustment (m->mapped,
            _("steps %d → %d, the most this provider allows"), steps, m->caps->max_steps);
          steps = m->caps->max_steps;
        }
      json_object_set_int_member (m->body, "steps", steps);
      effective->steps = steps;
    }

  if (m->setting->has_guidance)
    {
      double guidance = m->setting->guidance_scale;
      double clamped = guidance;

      if (m->caps->max_guidance > 0)
        clamped = CLAMP (guidance, m->caps->min_guidance, m->caps->max_guidance);
      if (clamped != guidance)
        easel_mapped_request_add_adjustment (m->mapped,
          _("guidance %g → %g (CFG scale from %g to %g)"), guidance, clamped,
          m->caps->min_guidance, m->caps->max_guidance);
      json_object_set_double_member (m->body, "cfg_scale", clamped);
      effective->has_guidance = TRUE;
      effective->guidance_scale = clamped;
    }
}

/* A1111 seeds are below 2^32 (§9 rule 4). A larger seed, typically carried over from ComfyUI
 * (15–16 digits), cannot be reproduced on A1111 anyway; refusing it would fail a comparison
 * run for nothing, so it is reduced modulo 2^32 and the change is reported. The seed the server
 * actually used is read back from `info.all_seeds`.
 */
static void
map_seed (Mapping *m)
{
  EaselImageSetting *effective = m->mapped->effective;
  gint64 seed;

  if (!m->setting->has_seed)
    {
      json_object_set_int_member (m->body, "seed", -1);
      return;
    }

  seed = m->setting->seed;
  if (seed > EASEL_A1111_MAX_SEED)
    {
      gint64 reduced = seed % (EASEL_A1111_MAX_SEED + 1);

      easel_mapped_request_add_adjustment (m->mapped,
        _("seed %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " (A1111 seeds are below 2^32; "
          "reduced modulo 2^32)"), seed, reduced);
      seed = reduced;
    }
  json_object_set_int_member (m->body, "seed", seed);
  effective->has_seed = TRUE;
  effective->seed = seed;
}

/* The server makes batch_size images at once, n_iter times. Above the batch limit Easel picks
 * the largest batch that divides the count, so exactly the count asked for is made.
 */
static void
map_count (Mapping *m)
{
  int count = m->request->count > 0 ? m->request->count
                                    : (m->setting->count > 0 ? m->setting->count : 1);
  int limit = (int) easel_provider_config_get_option_double (m->config, "batch_limit", 0);
  int batch = count;
  int batches = 1;

  if (limit <= 0)
    limit = m->caps->max_images_per_request > 0 ? m->caps->max_images_per_request
                                                : EASEL_A1111_BATCH_LIMIT;
  if (count > limit)
    {
      for (batch = limit; batch > 1 && count % batch != 0; batch--)
        ;
      batches = count / batch;
      easel_mapped_request_add_adjustment (m->mapped,
        _("count %d → %d batches of %d (server batch limit %d)"), count, batches, batch, limit);
    }
  json_object_set_int_member (m->body, "batch_size", batch);
  json_object_set_int_member (m->body, "n_iter", batches);
  m->mapped->images = count;
  m->mapped->effective->count = count;
}

/**
 * easel_a1111_map_request_with_lists:
 * @config: (nullable): the provider (options: "batch_limit", "legacy_schedulers",
 *   "preview_every_n_steps", "forge_neo"; the default model)
 * @caps: (nullable): the capabilities to fit to; the A1111 row of the table when %NULL
 * @lists: (nullable): the server's models, samplers and schedulers, when known. Names are
 *   validated against them, because the server silently replaces what it does not know.
 *
 * Maps @request to a txt2img body. Fails with INVALID_REQUEST (field "sampler" or "scheduler")
 * for a name the server does not have, NOT_FOUND (field "model") for a missing checkpoint.
 *
 * Returns: (transfer full): the mapped request.
 */
EaselMappedRequest *
easel_a1111_map_request_with_lists (const EaselProviderConfig    *config,
                                    const EaselGenerateRequest   *request,
                                    const EaselCapabilities      *caps,
                                    const EaselA1111ServerLists  *lists,
                                    GError                      **error)
{
  g_autoptr(EaselMappedRequest) mapped = easel_mapped_request_new ();
  g_autoptr(EaselCapabilities) own_caps = NULL;
  g_autoptr(EaselImageSetting) empty = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) override = json_object_new ();
  g_autoptr(GError) invalid = NULL;
  const char *prompt;
  const char *negative;
  int preview_steps;
  Mapping m = { 0 };

  g_return_val_if_fail (request != NULL, NULL);

  if (caps == NULL)
    caps = own_caps = easel_capabilities_lookup (EASEL_PROVIDER_KIND_A1111, request->model);

  m.config = config;
  m.request = request;
  m.setting = request->setting;
  if (m.setting == NULL)
    m.setting = empty = easel_image_setting_new ();
  m.caps = caps;
  m.lists = lists;
  m.mapped = mapped;
  m.body = body;
  m.override = override;

  if (!easel_image_setting_validate (m.setting, &invalid))
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_INVALID_REQUEST,
                   "%s", invalid->message);
      return NULL;
    }

  mapped->effective = easel_image_setting_new ();
  m.extras_out = mapped->effective->extra_settings;

  prompt = request->prompt != NULL ? request->prompt : m.setting->prompt;
  negative = request->negative_prompt != NULL ? request->negative_prompt
                                              : m.setting->negative_prompt;
  json_object_set_string_member (body, "prompt", prompt != NULL ? prompt : "");
  json_object_set_string_member (body, "negative_prompt", negative != NULL ? negative : "");
  easel_image_setting_set_string (&mapped->effective->prompt, prompt);
  easel_image_setting_set_string (&mapped->effective->negative_prompt, negative);

  map_seed (&m);
  if (!map_sampler (&m, error))
    return NULL;
  map_count (&m);
  map_steps_guidance (&m);
  map_size (&m);
  map_extras (&m);
  if (!map_model (&m, error))
    return NULL;

  /* Live previews every N steps, for this request only (stable-diffusion-webui#3722). */
  preview_steps = (int) easel_provider_config_get_option_double (config,
                                                                 "preview_every_n_steps", 0);
  if (preview_steps > 0)
    json_object_set_int_member (override, "show_progress_every_n_steps", preview_steps);

  if (json_object_get_size (override) > 0)
    json_object_set_object_member (body, "override_settings", json_object_ref (override));
  json_object_set_boolean_member (body, "send_images", TRUE);
  json_object_set_boolean_member (body, "save_images", FALSE);

  mapped->body = json_node_init_object (json_node_alloc (), body);
  return g_steal_pointer (&mapped);
}

/**
 * easel_a1111_map_request:
 *
 * easel_a1111_map_request_with_lists() without the server's lists: names are translated where
 * Easel knows A1111's spelling but not validated.
 */
EaselMappedRequest *
easel_a1111_map_request (const EaselProviderConfig   *config,
                         const EaselGenerateRequest  *request,
                         const EaselCapabilities     *caps,
                         GError                     **error)
{
  return easel_a1111_map_request_with_lists (config, request, caps, NULL, error);
}
