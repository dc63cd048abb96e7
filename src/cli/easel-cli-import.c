/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "easel-cli-private.h"
#include "easel-image-import.h"
#include "easel-store.h"

/* easel import FILE…: images that carry how they were made become prompt examples. */

static char *
unique_name (EaselStore *store,
             const char *wanted)
{
  g_autofree char *name = g_strdup (wanted);

  for (int n = 2; ; n++)
    {
      g_autoptr(EaselPromptExample) existing = easel_store_find_example (store, name, NULL);

      if (existing == NULL)
        return g_steal_pointer (&name);
      g_free (name);
      name = g_strdup_printf ("%s (%d)", wanted, n);
    }
}

static int
import_run (int    argc,
            char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the new examples as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(JsonArray) imported = json_array_new ();
  guint failures = 0;

  context = _easel_cli_option_context_new ("easel import", _("FILE…"),
    _("Import images that carry generation metadata (Easel's own, A1111 “parameters”, a "
      "ComfyUI “prompt” graph, NovelAI, Fooocus) as prompt examples with structured "
      "settings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc < 2)
    return _easel_cli_usage_error (context, _("Give at least one image"));

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(EaselPromptExample) example = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *sidecar = NULL;
      g_autofree char *base = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *dot;
      gsize length = 0;

      if (!g_file_get_contents (argv[i], &contents, &length, &local_error))
        {
          fprintf (stderr, "easel: %s\n", local_error->message);
          failures++;
          continue;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      /* JPEG and WebP results of Easel keep their record beside them. */
      sidecar = g_strconcat (argv[i], ".json", NULL);
      g_file_get_contents (sidecar, &contents, NULL, NULL);

      base = g_path_get_basename (argv[i]);
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
      example = easel_image_import_example (bytes, contents, base, &local_error);
      if (example == NULL)
        {
          fprintf (stderr, "easel: %s: %s\n", argv[i], local_error->message);
          failures++;
          continue;
        }
      {
        g_autofree char *name = unique_name (store, example->name);
        g_free (example->name);
        example->name = g_steal_pointer (&name);
      }
      /* Style, format and providers name things of another library: keep them as notes. */
      g_clear_pointer (&example->style, g_free);
      g_clear_pointer (&example->format, g_free);
      example->id = easel_store_save_example (store, example, &local_error);
      if (example->id == 0)
        {
          fprintf (stderr, "easel: %s: %s\n", argv[i], local_error->message);
          failures++;
          continue;
        }
      if (as_json)
        json_array_add_element (imported, easel_prompt_example_to_json (example));
      else
        printf (_("Imported %s as “%s”\n"), argv[i], example->name);
    }

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (root, imported);
      _easel_cli_print_json (root);
    }
  return failures == 0 ? EASEL_EXIT_OK : EASEL_EXIT_FAILED;
}

const EaselCliCommand _easel_cli_import_command = {
  "import", N_("Import images with generation metadata as prompt examples"), import_run,
};
