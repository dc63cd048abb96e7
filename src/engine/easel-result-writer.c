/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "easel-cost.h"
#include "easel-engine-private.h"
#include "easel-image-info.h"
#include "easel-infotext.h"
#include "easel-json.h"
#include "easel-paths.h"
#include "easel-png-text.h"
#include "easel-thumbnail.h"

/* Turning a provider's image into a stored result, in a worker thread: metadata in, bytes
 * hashed and written durably, the image decoded once (which proves it is whole) into its
 * thumbnail, and only then the row, in one transaction with the job's final state.
 */

#define THUMBNAIL_SIZE 320

void
_easel_result_write_free (EaselResultWrite *write)
{
  if (write == NULL)
    return;
  g_clear_object (&write->store);
  g_clear_pointer (&write->job, easel_job_free);
  g_clear_pointer (&write->config, easel_provider_config_free);
  g_clear_pointer (&write->setting, easel_image_setting_free);
  g_clear_pointer (&write->images, g_ptr_array_unref);
  g_free (write);
}

char *
_easel_thumbnail_path (const char *hash)
{
  g_autofree char *name = g_strdup_printf ("%s.png", hash);
  char prefix[3] = { hash[0], hash[1], 0 };

  return g_build_filename (easel_paths_get_cache_dir (), "thumbnails", prefix, name, NULL);
}

static JsonNode *
strv_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  json_node_take_array (node, array);
  return node;
}

/* Easel's own record of how an image was made: it wins over `parameters` on re-import. */
static char *
easel_chunk_json (EaselResultWrite          *write,
                  const EaselGeneratedImage *image,
                  const EaselImageSetting   *effective)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "easel");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, write->config->name);
  json_builder_set_member_name (b, "provider_kind");
  json_builder_add_string_value (b, easel_provider_kind_to_string (write->config->kind));
  json_builder_set_member_name (b, "model");
  if (image->model != NULL || write->job->model != NULL)
    json_builder_add_string_value (b, image->model != NULL ? image->model : write->job->model);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "prompt");
  json_builder_add_string_value (b, write->job->prompt);
  json_builder_set_member_name (b, "negative_prompt");
  if (write->job->negative_prompt != NULL)
    json_builder_add_string_value (b, write->job->negative_prompt);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, easel_image_setting_to_json (effective, FALSE));
  json_builder_set_member_name (b, "adjustments");
  json_builder_add_value (b, strv_node (image->adjustments));
  json_builder_set_member_name (b, "seed");
  if (effective->has_seed)
    json_builder_add_int_value (b, effective->seed);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "run_id");
  json_builder_add_int_value (b, write->job->run_id);
  json_builder_set_member_name (b, "job_id");
  json_builder_add_int_value (b, write->job->id);
  if (image->revised_prompt != NULL)
    {
      json_builder_set_member_name (b, "revised_prompt");
      json_builder_add_string_value (b, image->revised_prompt);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
save_thumbnail (GdkPixbuf   *pixbuf,
                const char  *hash,
                GError     **error)
{
  g_autofree char *path = _easel_thumbnail_path (hash);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) png = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return TRUE;   /* A cache that cannot be written is rebuilt later; not a failure. */
  png = easel_thumbnail_encode_png (pixbuf, error);
  if (png == NULL)
    return FALSE;
  /* Written whole under a temporary name and renamed, but never synced: a thumbnail can always
   * be made again, and one a crash damaged is passed over for the image itself.
   */
  g_file_set_contents_full (path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png),
                            G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                            0600, NULL);
  return TRUE;
}

static void
estimate_cost (EaselResultWrite          *write,
               const EaselGeneratedImage *image,
               EaselResult               *result)
{
  if (write->config->kind == EASEL_PROVIDER_KIND_OPENAI ||
      write->config->kind == EASEL_PROVIDER_KIND_STABILITY)
    {
      g_autofree char *size = g_strdup_printf ("%dx%d", image->width, image->height);
      const char *quality = easel_json_object_get_string (write->setting->extra_settings,
                                                          "quality");
      JsonObject *prices = easel_json_object_get_object (write->config->options, "prices");
      double usd = 0;

      result->has_cost = easel_cost_estimate (result->model, size, quality, image->usage_json,
                                              prices, &usd);
      result->cost_usd = usd;
    }
  else
    {
      /* A local server costs its time, which is recorded as the duration. */
      result->has_cost = TRUE;
      result->cost_usd = 0.0;
    }
}

static EaselResult *
write_one (EaselResultWrite     *write,
           EaselGeneratedImage  *image,
           gboolean              last,
           GError              **error)
{
  g_autoptr(EaselImageSetting) effective = NULL;
  g_autoptr(GBytes) final_bytes = NULL;
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autoptr(GError) decode_error = NULL;
  g_autofree char *easel_json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(EaselResult) result = easel_result_new ();
  EaselImageInfo info;
  const char *model;

  if (!easel_image_info_check (image->bytes, EASEL_IMAGE_MAX_DIMENSION, &info, error))
    return NULL;

  effective = image->effective != NULL ? easel_image_setting_copy (image->effective)
                                       : easel_image_setting_copy (write->setting);
  if (image->has_seed)
    {
      effective->has_seed = TRUE;
      effective->seed = image->seed;
    }
  model = image->model != NULL ? image->model : write->job->model;
  easel_image_setting_set_string (&effective->model, model);
  easel_image_setting_set_string (&effective->prompt, write->job->prompt);
  easel_image_setting_set_string (&effective->negative_prompt, write->job->negative_prompt);
  effective->width = info.width;
  effective->height = info.height;
  g_clear_pointer (&effective->source_text, g_free);

  /* Decoding proves the whole file is an image, and gives the thumbnail. */
  thumbnail = easel_thumbnail_from_bytes (image->bytes, THUMBNAIL_SIZE, &decode_error);
  if (thumbnail == NULL)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The image from %s does not decode (%s); nothing was saved"),
                   write->config->name, decode_error->message);
      return NULL;
    }

  easel_json = easel_chunk_json (write, image, effective);
  if (g_strcmp0 (info.mime_type, "image/png") == 0)
    {
      g_autofree char *parameters = easel_infotext_write (effective);
      const char *keys[] = { "parameters", "easel", NULL };
      const char *values[] = { parameters, easel_json, NULL };

      final_bytes = easel_png_text_insert (image->bytes, keys, values, error);
      if (final_bytes == NULL)
        return NULL;
    }
  else
    final_bytes = g_bytes_ref (image->bytes);

  path = easel_store_write_image (write->store, final_bytes, info.extension, &hash, error);
  if (path == NULL)
    return NULL;

  /* JPEG and WebP keep their exact bytes; their record goes beside them. */
  if (g_strcmp0 (info.mime_type, "image/png") != 0)
    {
      g_autofree char *sidecar = g_strconcat (path, ".json", NULL);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents_full (sidecar, easel_json, -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT |
                                     G_FILE_SET_CONTENTS_DURABLE, 0600, &local_error))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_IO,
                       _("Cannot save the image's metadata: %s"), local_error->message);
          return NULL;
        }
    }

  if (!save_thumbnail (thumbnail, hash, error))
    return NULL;

  result->job_id = write->job->id;
  result->run_id = write->job->run_id;
  result->section_id = write->job->section_id;
  result->provider_name = g_strdup (write->config->name);
  result->provider_kind = g_strdup (easel_provider_kind_to_string (write->config->kind));
  result->model = g_strdup (model);
  result->prompt = g_strdup (write->job->prompt);
  result->negative_prompt = g_strdup (write->job->negative_prompt);
  easel_image_setting_free (result->setting);
  result->setting = easel_image_setting_copy (effective);
  g_clear_pointer (&result->setting->prompt, g_free);
  if (image->adjustments != NULL && image->adjustments->len > 0)
    {
      g_ptr_array_add (image->adjustments, NULL);
      result->adjustments = g_strdupv ((GStrv) image->adjustments->pdata);
      g_ptr_array_remove_index (image->adjustments, image->adjustments->len - 1);
    }
  result->has_seed = effective->has_seed;
  result->seed = effective->seed;
  result->width = info.width;
  result->height = info.height;
  result->duration_ms = write->duration_ms;
  result->revised_prompt = g_strdup (image->revised_prompt);
  result->file_hash = g_strdup (hash);
  result->mime_type = g_strdup (info.mime_type);
  result->request_id = g_strdup (image->request_id);
  result->usage_json = g_strdup (image->usage_json);
  result->infotext = g_strdup (image->infotext);
  estimate_cost (write, image, result);

  /* The file is on disk (synced and renamed): now the row may name it. */
  if (easel_store_add_result (write->store, result, last ? write->job : NULL, error) == 0)
    return NULL;
  return g_steal_pointer (&result);
}

/**
 * _easel_result_write_run:
 *
 * Returns: (element-type EaselResult) (transfer container): the stored results.
 */
GPtrArray *
_easel_result_write_run (EaselResultWrite  *write,
                         GError           **error)
{
  g_autoptr(GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) easel_result_free);

  if (write->images->len == 0)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("%s finished without returning an image"), write->config->name);
      return NULL;
    }

  for (guint i = 0; i < write->images->len; i++)
    {
      EaselResult *result = write_one (write, g_ptr_array_index (write->images, i),
                                       i + 1 == write->images->len, error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}
