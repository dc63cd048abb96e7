/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "easel-capabilities.h"
#include "easel-error.h"
#include "easel-json.h"
#include "easel-openai-models.h"

/* The model picker of an OpenAI provider is filled from `GET /models` and never from a list in
 * the code: models retire (protocols/openai-images.md §1). This reads the list: image models
 * only, hidden once their `shutdown_date` has come, listed with a warning while one is
 * announced. Pure: "today" is a parameter.
 */

/* "YYYY-MM-DD" and a real calendar date. */
gboolean
easel_openai_date_is_valid (const char *date)
{
  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  return g_date_valid_dmy ((GDateDay) atoi (date + 8), (GDateMonth) atoi (date + 5),
                           (GDateYear) atoi (date));
}

static int
days_between (const char *from,
              const char *to)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, (GDateDay) atoi (from + 8), (GDateMonth) atoi (from + 5),
                  (GDateYear) atoi (from));
  g_date_set_dmy (&b, (GDateDay) atoi (to + 8), (GDateMonth) atoi (to + 5),
                  (GDateYear) atoi (to));
  return g_date_days_between (&a, &b);
}

typedef struct
{
  const char *id;
  const char *shutdown_date;
} Model;

static int
compare_models (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (((const Model *) a)->id, ((const Model *) b)->id);
}

/**
 * easel_openai_models_parse:
 * @root: the body of `GET /models`: `{"object": "list", "data": [{"id", "shutdown_date"}, …]}`
 * @today: "YYYY-MM-DD"; a model whose shutdown date is today or earlier is hidden
 * @configured_model: (nullable): the provider's model, warned about when it is gone
 *
 * Returns: (transfer full): the current image models (sorted) with warnings for those with a
 *   shutdown date, or %NULL with a bad-response error when @root is not a model list.
 */
EaselServerInfo *
easel_openai_models_parse (JsonNode    *root,
                           const char  *today,
                           const char  *configured_model,
                           GError     **error)
{
  g_autoptr(EaselServerInfo) info = easel_server_info_new ();
  g_autoptr(GStrvBuilder) models = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) warnings = g_strv_builder_new ();
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Model));
  JsonArray *data;
  guint hidden = 0;
  const Model *configured = NULL;

  g_return_val_if_fail (easel_openai_date_is_valid (today), NULL);

  data = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
         ? easel_json_object_get_array (json_node_get_object (root), "data") : NULL;
  if (data == NULL)
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The model list has no “data” array"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      Model model;

      model.id = easel_json_object_get_string (object, "id");
      model.shutdown_date = easel_json_object_get_string (object, "shutdown_date");
      if (!easel_openai_model_is_image_model (model.id))
        continue;
      if (!easel_openai_date_is_valid (model.shutdown_date))
        model.shutdown_date = NULL;
      g_array_append_val (listed, model);
    }
  g_array_sort (listed, compare_models);

  for (guint i = 0; i < listed->len; i++)
    {
      const Model *model = &g_array_index (listed, Model, i);

      if (g_strcmp0 (model->id, configured_model) == 0)
        configured = model;
      if (i > 0 && g_strcmp0 (model->id, g_array_index (listed, Model, i - 1).id) == 0)
        continue;

      if (model->shutdown_date != NULL && strcmp (model->shutdown_date, today) <= 0)
        {
          hidden++;
          continue;
        }
      g_strv_builder_add (models, model->id);
      if (model->shutdown_date != NULL)
        {
          int days = days_between (today, model->shutdown_date);
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s shuts down on %s (in %d day); choose another "
                                          "model before then",
                                          "%s shuts down on %s (in %d days); choose another "
                                          "model before then", days),
                             model->id, model->shutdown_date, days);
          g_strv_builder_add (warnings, text);
        }
    }

  if (configured_model != NULL && *configured_model != '\0')
    {
      g_autofree char *text = NULL;

      if (configured != NULL && configured->shutdown_date != NULL &&
          strcmp (configured->shutdown_date, today) <= 0)
        text = g_strdup_printf (_("The provider’s model %s was shut down on %s; choose a "
                                  "current model"), configured_model,
                                configured->shutdown_date);
      else if (configured == NULL && listed->len > 0)
        text = g_strdup_printf (_("The provider’s model %s is not in this server’s model "
                                  "list: it may be retired or not available to this key"),
                                configured_model);
      if (text != NULL)
        g_strv_builder_add (warnings, text);
    }

  info->models = g_strv_builder_end (models);
  info->warnings = g_strv_builder_end (warnings);
  info->details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u image model (%u shut down, hidden)",
                                                "%u image models (%u shut down, hidden)",
                                                g_strv_length (info->models)),
                                   g_strv_length (info->models), hidden);
  return g_steal_pointer (&info);
}
