/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-image-setting.h"
#include "easel-post-export.h"

/* The pure half of exporting a post: file names, sizes and the manifest. The engine's blog
 * module does the files.
 */

static const char * const format_names[] = { "original", "jpeg", "webp", "png" };

const char *
easel_export_format_to_string (EaselExportFormat format)
{
  g_return_val_if_fail (format <= EASEL_EXPORT_FORMAT_PNG, NULL);
  return format_names[format];
}

/* "jpeg" (or "jpg"), "webp", "png", "original". */
gboolean
easel_export_format_from_string (const char        *text,
                                 EaselExportFormat *out_format)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *out_format = (EaselExportFormat) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "jpg") == 0)
    {
      *out_format = EASEL_EXPORT_FORMAT_JPEG;
      return TRUE;
    }
  return FALSE;
}

/* The file extension of the format, or %NULL for the original (the result's own). */
const char *
easel_export_format_extension (EaselExportFormat format)
{
  switch (format)
    {
    case EASEL_EXPORT_FORMAT_JPEG:
      return "jpg";
    case EASEL_EXPORT_FORMAT_WEBP:
      return "webp";
    case EASEL_EXPORT_FORMAT_PNG:
      return "png";
    case EASEL_EXPORT_FORMAT_ORIGINAL:
    default:
      return NULL;
    }
}

/* The gdk-pixbuf saver name, or %NULL for the original. */
const char *
easel_export_format_pixbuf_type (EaselExportFormat format)
{
  switch (format)
    {
    case EASEL_EXPORT_FORMAT_JPEG:
      return "jpeg";
    case EASEL_EXPORT_FORMAT_WEBP:
      return "webp";
    case EASEL_EXPORT_FORMAT_PNG:
      return "png";
    case EASEL_EXPORT_FORMAT_ORIGINAL:
    default:
      return NULL;
    }
}

/**
 * easel_post_export_file_name:
 * @position: the section's position, from 1
 *
 * `<post-slug>-<nn>-<section-slug>.<ext>`: "spring-garden-02-watering.webp". The number keeps
 * the files in the post's order in any file manager.
 *
 * Returns: (transfer full): the file name
 */
char *
easel_post_export_file_name (const char *post_slug,
                             int         position,
                             const char *heading,
                             const char *extension)
{
  g_autofree char *slug = easel_slugify (heading);

  return g_strdup_printf ("%s-%02d-%s.%s", post_slug, position, slug, extension);
}

/* Scales down to @max_width (0: no limit), keeping the aspect ratio; never up. */
void
easel_post_export_fit (int  width,
                       int  height,
                       int  max_width,
                       int *out_width,
                       int *out_height)
{
  if (max_width <= 0 || width <= max_width || width <= 0)
    {
      *out_width = width;
      *out_height = height;
      return;
    }
  *out_width = max_width;
  *out_height = MAX (1, (int) (((gint64) height * max_width * 2 + width) / (2 * (gint64) width)));
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int_or_null (JsonBuilder *b,
                 const char  *name,
                 gboolean     set,
                 gint64       value)
{
  json_builder_set_member_name (b, name);
  if (set)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

/**
 * easel_post_manifest:
 * @sections: (array length=n_sections): every section of the post, in order
 * @max_width: the width limit asked for, or 0
 * @exported_at: (nullable): an ISO 8601 time
 *
 * The `manifest.json` of an export: the post, then its sections in order, each with its image
 * file, alt text, prompt, provider, model, settings, seed, cost and result id (null when the
 * section has no chosen image), then the headings of the sections without an image.
 *
 * Returns: (transfer full): the manifest
 */
JsonNode *
easel_post_manifest (const EaselPost            *post,
                     const EaselManifestSection *sections,
                     guint                       n_sections,
                     EaselExportFormat           format,
                     int                         max_width,
                     const char                 *exported_at)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "manifest_version");
  json_builder_add_int_value (b, EASEL_MANIFEST_VERSION);
  json_builder_set_member_name (b, "generator");
  json_builder_add_string_value (b, "Easel " PACKAGE_VERSION);
  add_string_or_null (b, "exported_at", exported_at);

  json_builder_set_member_name (b, "post");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, post->id);
  json_builder_set_member_name (b, "slug");
  json_builder_add_string_value (b, post->slug);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, post->title);
  json_builder_set_member_name (b, "markdown");
  json_builder_add_string_value (b, "post.md");
  json_builder_end_object (b);

  json_builder_set_member_name (b, "images");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, easel_export_format_to_string (format));
  add_int_or_null (b, "max_width", max_width > 0, max_width);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_sections; i++)
    {
      const EaselManifestSection *s = &sections[i];
      const EaselResult *r = s->image != NULL ? s->result : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, s->section->position);
      json_builder_set_member_name (b, "heading");
      json_builder_add_string_value (b, s->section->heading);
      json_builder_set_member_name (b, "hero");
      json_builder_add_boolean_value (b, s->hero);
      add_string_or_null (b, "image", s->image);
      add_int_or_null (b, "width", r != NULL, s->width);
      add_int_or_null (b, "height", r != NULL, s->height);
      add_string_or_null (b, "alt_text", r != NULL ? s->alt_text : NULL);
      add_string_or_null (b, "prompt", r != NULL ? r->prompt : s->prompt);
      add_string_or_null (b, "negative_prompt", r != NULL ? r->negative_prompt : NULL);
      add_string_or_null (b, "revised_prompt", r != NULL ? r->revised_prompt : NULL);
      add_string_or_null (b, "provider", r != NULL ? r->provider_name : NULL);
      add_string_or_null (b, "provider_kind", r != NULL ? r->provider_kind : NULL);
      add_string_or_null (b, "model", r != NULL ? r->model : NULL);
      json_builder_set_member_name (b, "settings");
      if (r != NULL && r->setting != NULL)
        json_builder_add_value (b, easel_image_setting_to_json (r->setting, FALSE));
      else
        json_builder_add_null_value (b);
      add_int_or_null (b, "seed", r != NULL && r->has_seed, r != NULL ? r->seed : 0);
      json_builder_set_member_name (b, "cost_usd");
      if (r != NULL && r->has_cost)
        json_builder_add_double_value (b, r->cost_usd);
      else
        json_builder_add_null_value (b);
      add_int_or_null (b, "result_id", r != NULL, r != NULL ? r->id : 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_sections; i++)
    if (sections[i].image == NULL)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "position");
        json_builder_add_int_value (b, sections[i].section->position);
        json_builder_set_member_name (b, "heading");
        json_builder_add_string_value (b, sections[i].section->heading);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
