/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "easel-cli-private.h"
#include "easel-cli-setting-flags.h"
#include "easel-store.h"

/* easel examples list|show|add|update|remove: the prompt-example library. */

typedef struct
{
  char                 *prompt;
  char                 *negative;
  char                 *style;
  char                 *format;
  char                **providers;
  char                 *tags;
  char                 *notes;
  char                 *rename;
  gboolean              clear_style;
  gboolean              clear_format;
  EaselCliSettingFlags  settings;
} ExampleFlags;

static void
example_flags_clear (ExampleFlags *flags)
{
  g_free (flags->prompt);
  g_free (flags->negative);
  g_free (flags->style);
  g_free (flags->format);
  g_strfreev (flags->providers);
  g_free (flags->tags);
  g_free (flags->notes);
  g_free (flags->rename);
  _easel_cli_setting_flags_clear (&flags->settings);
}

static GOptionContext *
example_context (const char   *command,
                 const char   *summary,
                 ExampleFlags *flags,
                 gboolean      update)
{
  const GOptionEntry entries[] = {
    { "prompt", 'p', 0, G_OPTION_ARG_STRING, &flags->prompt, N_("The prompt"), N_("TEXT") },
    { "negative", 'n', 0, G_OPTION_ARG_STRING, &flags->negative, N_("Negative prompt"), N_("TEXT") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &flags->style, N_("A style from the library"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &flags->format, N_("A format from the library"), N_("NAME") },
    { "provider", 0, 0, G_OPTION_ARG_STRING_ARRAY, &flags->providers,
      N_("A provider to generate with; repeat for several"), N_("NAME") },
    { "tags", 0, 0, G_OPTION_ARG_STRING, &flags->tags, N_("Tags, separated by commas"), N_("TAGS") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &flags->notes, N_("Free notes"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry update_entries[] = {
    { "rename", 0, 0, G_OPTION_ARG_STRING, &flags->rename, N_("A new name"), N_("NAME") },
    { "no-style", 0, 0, G_OPTION_ARG_NONE, &flags->clear_style, N_("Remove the style"), NULL },
    { "no-format", 0, 0, G_OPTION_ARG_NONE, &flags->clear_format, N_("Remove the format"), NULL },
    { NULL }
  };
  GOptionContext *context = _easel_cli_option_context_new (command, _("NAME"), summary);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (update)
    g_option_context_add_main_entries (context, update_entries, GETTEXT_PACKAGE);
  _easel_cli_setting_flags_add (context, &flags->settings);
  return context;
}

static gboolean
apply_flags (ExampleFlags        *flags,
             EaselPromptExample  *example,
             GError             **error)
{
  if (flags->prompt != NULL)
    easel_image_setting_set_string (&example->prompt, flags->prompt);
  if (flags->negative != NULL)
    easel_image_setting_set_string (&example->negative_prompt, flags->negative);
  if (flags->style != NULL || flags->clear_style)
    easel_image_setting_set_string (&example->style, flags->clear_style ? NULL : flags->style);
  if (flags->format != NULL || flags->clear_format)
    easel_image_setting_set_string (&example->format, flags->clear_format ? NULL : flags->format);
  if (flags->providers != NULL)
    {
      g_strfreev (example->providers);
      example->providers = _easel_cli_split_list (flags->providers);
    }
  if (flags->tags != NULL)
    {
      g_strfreev (example->tags);
      example->tags = easel_tags_parse (flags->tags);
    }
  if (flags->notes != NULL)
    easel_image_setting_set_string (&example->notes, flags->notes);
  if (flags->rename != NULL)
    easel_image_setting_set_string (&example->name, flags->rename);
  return _easel_cli_setting_flags_apply (&flags->settings, example->setting, error);
}

static void
print_example (const EaselPromptExample *example)
{
  g_autofree char *settings = easel_image_setting_to_json_string (example->setting, FALSE);

  printf ("%-10s %s\n", _("Name:"), example->name);
  printf ("%-10s %s\n", _("Prompt:"), example->prompt);
  if (example->negative_prompt != NULL)
    printf ("%-10s %s\n", _("Negative:"), example->negative_prompt);
  if (example->style != NULL)
    printf ("%-10s %s\n", _("Style:"), example->style);
  if (example->format != NULL)
    printf ("%-10s %s\n", _("Format:"), example->format);
  if (example->providers != NULL && example->providers[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", example->providers);
      printf ("%-10s %s\n", _("Providers:"), joined);
    }
  if (example->tags != NULL && example->tags[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", example->tags);
      printf ("%-10s %s\n", _("Tags:"), joined);
    }
  printf ("%-10s %s\n", _("Settings:"), settings);
  if (example->notes != NULL)
    printf ("%-10s %s\n", _("Notes:"), example->notes);
}

static int
examples_add_or_update (int      argc,
                        char   **argv,
                        gboolean update)
{
  ExampleFlags flags = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselPromptExample) example = NULL;
  int status = EASEL_EXIT_OK;

  context = example_context (update ? "easel examples update" : "easel examples add",
                             update ? _("Change a prompt example; unset options keep their value.")
                                    : _("Add a prompt example to the library."),
                             &flags, update);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      example_flags_clear (&flags);
      return _easel_cli_usage_error (context, "%s", error->message);
    }
  if (argc != 2)
    status = _easel_cli_usage_error (context, _("Give the example's name"));
  else if (!update && flags.prompt == NULL)
    status = _easel_cli_usage_error (context, _("A new example needs --prompt"));
  if (status != EASEL_EXIT_OK)
    {
      example_flags_clear (&flags);
      return status;
    }

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    status = _easel_cli_fail (error);
  else if (update && (example = easel_store_find_example (store, argv[1], &error)) == NULL)
    status = _easel_cli_fail (error);
  else
    {
      if (!update)
        example = easel_prompt_example_new (argv[1], NULL);
      if (!apply_flags (&flags, example, &error))
        status = _easel_cli_usage_error (context, "%s", error->message);
      else if (easel_store_save_example (store, example, &error) == 0)
        status = _easel_cli_fail (error);
      else
        printf (update ? _("Updated %s\n") : _("Added %s\n"), example->name);
    }
  example_flags_clear (&flags);
  return status;
}

static int
examples_list (int    argc,
               char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *search = NULL;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Words to find"), N_("WORDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) examples = NULL;

  context = _easel_cli_option_context_new ("easel examples list", NULL,
                                           _("List the prompt examples, by name."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  examples = easel_store_list_examples (store, search, &error);
  if (examples == NULL)
    return _easel_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < examples->len; i++)
        json_array_add_element (array, easel_prompt_example_to_json (g_ptr_array_index (examples, i)));
      json_node_take_array (root, array);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }
  if (examples->len == 0)
    printf ("%s\n", search != NULL ? _("No prompt example matches.")
                                   : _("No prompt examples yet. Add one with “easel examples add "
                                       "NAME --prompt TEXT”."));
  for (guint i = 0; i < examples->len; i++)
    {
      EaselPromptExample *example = g_ptr_array_index (examples, i);
      g_autofree char *excerpt = g_utf8_substring (example->prompt, 0,
                                                   MIN (g_utf8_strlen (example->prompt, -1), 60));

      printf ("%4" G_GINT64_FORMAT "  %-24s  %s%s\n", example->id, example->name, excerpt,
              g_utf8_strlen (example->prompt, -1) > 60 ? "…" : "");
    }
  return EASEL_EXIT_OK;
}

static int
examples_show_or_remove (int      argc,
                         char   **argv,
                         gboolean remove)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselPromptExample) example = NULL;

  context = _easel_cli_option_context_new (remove ? "easel examples remove" : "easel examples show",
                                           _("NAME"),
                                           remove ? _("Remove a prompt example.")
                                                  : _("Show a prompt example."));
  if (!remove)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one example"));

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  example = easel_store_find_example (store, argv[1], &error);
  if (example == NULL)
    return _easel_cli_fail (error);

  if (remove)
    {
      if (!easel_store_delete_example (store, example->id, &error))
        return _easel_cli_fail (error);
      printf (_("Removed %s\n"), example->name);
    }
  else if (as_json)
    {
      g_autoptr(JsonNode) root = easel_prompt_example_to_json (example);
      _easel_cli_print_json (root);
    }
  else
    print_example (example);
  return EASEL_EXIT_OK;
}

static const char examples_usage[] =
  N_("Usage: easel examples list [--search WORDS] [--json] | show NAME [--json] | "
     "add NAME --prompt TEXT [OPTIONS] | update NAME [OPTIONS] | remove NAME");

static int
examples_run (int    argc,
              char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "list") == 0)
    return examples_list (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "show") == 0)
    return examples_show_or_remove (argc - 1, argv + 1, FALSE);
  if (g_strcmp0 (sub, "add") == 0)
    return examples_add_or_update (argc - 1, argv + 1, FALSE);
  if (g_strcmp0 (sub, "update") == 0)
    return examples_add_or_update (argc - 1, argv + 1, TRUE);
  if (g_strcmp0 (sub, "remove") == 0)
    return examples_show_or_remove (argc - 1, argv + 1, TRUE);
  if (g_strcmp0 (sub, "--help") == 0 || g_strcmp0 (sub, "-h") == 0)
    {
      printf ("%s\n", _(examples_usage));
      return EASEL_EXIT_OK;
    }
  fprintf (stderr, "%s\n", _(examples_usage));
  return EASEL_EXIT_USAGE;
}

const EaselCliCommand _easel_cli_examples_command = {
  "examples", N_("Manage the prompt-example library"), examples_run,
};
