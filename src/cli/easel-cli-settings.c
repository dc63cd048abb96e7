/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "easel-cli-private.h"
#include "easel-csv.h"
#include "easel-json.h"
#include "easel-settings-parser.h"
#include "easel-store.h"

/* easel settings parse|list|import: the freeform settings parser and the image_settings table. */

static int
settings_parse (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  context = _easel_cli_option_context_new ("easel settings parse", _("[TEXT | -]"),
    _("Parse settings text (A1111 infotext, JSON, or loose text such as “768x512, 30 steps, "
      "cfg 7”) and print the structured fields as JSON. With “-” or no text, read standard "
      "input."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc > 2)
    return _easel_cli_usage_error (context, _("Give the text as one argument (quote it)"));

  text = _easel_cli_read_text_arg (argc == 2 ? argv[1] : "-", &error);
  if (text == NULL)
    return _easel_cli_fail (error);

  setting = easel_settings_parse (text, -1);
  node = easel_image_setting_to_json (setting, TRUE);
  _easel_cli_print_json (node);
  return EASEL_EXIT_OK;
}

static char *
describe_setting (const EaselImageSetting *s)
{
  GString *out = g_string_new (NULL);

  if (s->width > 0 && s->height > 0)
    g_string_append_printf (out, "%d×%d ", s->width, s->height);
  if (s->steps > 0)
    g_string_append_printf (out, _("%d steps "), s->steps);
  if (s->has_guidance)
    g_string_append_printf (out, _("cfg %g "), s->guidance_scale);
  if (s->sampler != NULL)
    g_string_append_printf (out, "%s ", s->sampler);
  if (s->scheduler != NULL)
    g_string_append_printf (out, "%s ", s->scheduler);
  if (s->has_seed)
    g_string_append_printf (out, _("seed %" G_GINT64_FORMAT " "), s->seed);
  if (s->model != NULL)
    g_string_append_printf (out, "%s ", s->model);
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static int
settings_list (int    argc,
               char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  context = _easel_cli_option_context_new ("easel settings list", NULL,
                                           _("List the stored image settings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc > 1)
    return _easel_cli_usage_error (context, _("Unexpected argument “%s”"), argv[1]);

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  rows = easel_store_list_settings (store, &error);
  if (rows == NULL)
    return _easel_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < rows->len; i++)
        {
          EaselSettingRow *row = g_ptr_array_index (rows, i);
          JsonNode *node = easel_image_setting_to_json (row->setting, FALSE);
          JsonObject *object = json_node_get_object (node);

          json_object_set_int_member (object, "id", row->id);
          json_object_set_string_member (object, "name", row->name);
          json_object_set_string_member (object, "provider", row->provider);
          json_object_set_string_member (object, "style", row->style);
          json_object_set_string_member (object, "format", row->format);
          json_object_set_string_member (object, "legacy_text", row->setting->source_text);
          json_array_add_element (array, node);
        }
      json_node_set_array (root, array);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }

  if (rows->len == 0)
    {
      printf ("%s\n", _("No settings stored yet. Import some with “easel settings import FILE”."));
      return EASEL_EXIT_OK;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      EaselSettingRow *row = g_ptr_array_index (rows, i);
      g_autofree char *summary = describe_setting (row->setting);

      printf ("%6" G_GINT64_FORMAT "  %-24s  %-10s  %s\n", row->id, row->name,
              row->provider != NULL ? row->provider : "-", summary);
    }
  return EASEL_EXIT_OK;
}

static const char * const import_columns[] = { "name", "provider", "style", "format", "settings" };

static EaselSettingRow *
row_from_fields (const char * const *values)
{
  EaselSettingRow *row = easel_setting_row_new (values[0]);

  row->provider = g_strdup (values[1] != NULL && *values[1] != '\0' ? values[1] : NULL);
  row->style = g_strdup (values[2] != NULL && *values[2] != '\0' ? values[2] : NULL);
  row->format = g_strdup (values[3] != NULL && *values[3] != '\0' ? values[3] : NULL);
  easel_image_setting_free (row->setting);
  row->setting = easel_settings_parse (values[4] != NULL ? values[4] : "", -1);
  g_free (row->setting->source_text);
  row->setting->source_text = g_strdup (values[4] != NULL ? values[4] : "");
  return row;
}

static GPtrArray *
rows_from_json (JsonNode  *root,
                GError   **error)
{
  g_autoptr(GPtrArray) rows =
    g_ptr_array_new_with_free_func ((GDestroyNotify) easel_setting_row_free);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("A JSON export must be an array of objects with name, provider, style, "
                     "format and settings"));
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *values[G_N_ELEMENTS (import_columns)] = { NULL };
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                       _("Item %u is not an object"), i + 1);
          return NULL;
        }
      object = json_node_get_object (element);
      for (guint c = 0; c < G_N_ELEMENTS (import_columns); c++)
        values[c] = easel_json_object_get_string (object, import_columns[c]);
      /* Some exports store settings as an object rather than text: keep it as JSON text. */
      if (values[4] == NULL && easel_json_object_get_object (object, "settings") != NULL)
        {
          g_autofree char *text =
            easel_json_object_to_string (easel_json_object_get_object (object, "settings"));
          g_ptr_array_add (rows, row_from_fields ((const char * const[]) {
            values[0], values[1], values[2], values[3], text }));
          continue;
        }
      g_ptr_array_add (rows, row_from_fields (values));
    }
  return g_steal_pointer (&rows);
}

static GPtrArray *
rows_from_csv (const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) records = easel_csv_parse (text, -1, error);
  g_autoptr(GPtrArray) rows = NULL;
  int index[G_N_ELEMENTS (import_columns)];
  GStrv header;

  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The CSV file is empty"));
      return NULL;
    }

  header = g_ptr_array_index (records, 0);
  for (guint c = 0; c < G_N_ELEMENTS (import_columns); c++)
    {
      index[c] = -1;
      for (guint h = 0; header[h] != NULL; h++)
        {
          g_autofree char *name = g_ascii_strdown (g_strstrip (header[h]), -1);
          if (g_strcmp0 (name, import_columns[c]) == 0)
            index[c] = (int) h;
        }
    }
  if (index[0] < 0 || index[4] < 0)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The CSV header must name the columns name, provider, style, format and "
                     "settings (name and settings at least)"));
      return NULL;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_setting_row_free);
  for (guint r = 1; r < records->len; r++)
    {
      GStrv record = g_ptr_array_index (records, r);
      guint n = g_strv_length (record);
      const char *values[G_N_ELEMENTS (import_columns)] = { NULL };

      for (guint c = 0; c < G_N_ELEMENTS (import_columns); c++)
        values[c] = index[c] >= 0 && (guint) index[c] < n ? record[index[c]] : NULL;
      g_ptr_array_add (rows, row_from_fields (values));
    }
  return g_steal_pointer (&rows);
}

static int
settings_import (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *start;

  context = _easel_cli_option_context_new ("easel settings import", _("FILE"),
    _("Import legacy settings from a JSON array or a CSV file with the columns name, provider, "
      "style, format and settings. Every row goes through the settings parser; all rows are "
      "imported in one transaction, or none."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Give one file to import"));

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return _easel_cli_fail (error);
  if (!g_utf8_validate (contents, length, NULL))
    return _easel_cli_fail_message (_("%s is not UTF-8 text"), argv[1]);

  start = contents;
  while (g_ascii_isspace (*start))
    start++;
  if (*start == '[' || *start == '{')
    {
      g_autoptr(JsonNode) root = easel_json_parse (contents, (gssize) length, &error);

      if (root == NULL)
        return _easel_cli_fail_message (_("%s is not valid JSON: %s"), argv[1], error->message);
      rows = rows_from_json (root, &error);
    }
  else
    rows = rows_from_csv (contents, &error);
  if (rows == NULL)
    return _easel_cli_fail (error);

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  if (!easel_store_import_settings (store, rows, &error))
    return _easel_cli_fail (error);

  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u setting\n", "Imported %u settings\n",
                       rows->len), rows->len);
  return EASEL_EXIT_OK;
}

static int
settings_run (int    argc,
              char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "parse") == 0)
    return settings_parse (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "list") == 0)
    return settings_list (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "import") == 0)
    return settings_import (argc - 1, argv + 1);

  if (g_strcmp0 (sub, "--help") == 0 || g_strcmp0 (sub, "-h") == 0)
    {
      printf ("%s\n", _("Usage: easel settings parse [TEXT | -] | list [--json] | import FILE"));
      return EASEL_EXIT_OK;
    }
  fprintf (stderr, "%s\n",
           _("Usage: easel settings parse [TEXT | -] | list [--json] | import FILE"));
  return EASEL_EXIT_USAGE;
}

const EaselCliCommand _easel_cli_settings_command = {
  "settings", N_("Parse, list and import image settings"), settings_run,
};
