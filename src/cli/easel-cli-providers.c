/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "easel-cli-private.h"
#include "easel-engine.h"
#include "easel-json.h"

/* easel providers add|list|check|remove */

static char *
read_key_from_stdin (GError **error)
{
  g_autoptr(GInputStream) base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) input = g_data_input_stream_new (base);
  g_autofree char *line = NULL;

  if (isatty (STDIN_FILENO))
    fprintf (stderr, "%s", _("API key: "));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("No API key on standard input"));
      return NULL;
    }
  return g_strstrip (g_steal_pointer (&line));
}

static int
providers_add (int    argc,
               char **argv)
{
  g_autofree char *kind_name = NULL;
  g_autofree char *model = NULL;
  g_autofree char *workflow_file = NULL;
  g_autofree char *mapping = NULL;
  g_auto(GStrv) urls = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) options = NULL;
  int concurrency = 0;
  gboolean key_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name, N_("comfyui, a1111 or openai"), N_("KIND") },
    { "url", 'u', 0, G_OPTION_ARG_STRING_ARRAY, &urls,
      N_("Server address; repeat for several servers sharing the work"), N_("URL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("Default model or checkpoint"), N_("M") },
    { "workflow", 0, 0, G_OPTION_ARG_FILENAME, &workflow_file,
      N_("ComfyUI: an API-format workflow file (“Save (API)”)"), N_("FILE") },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &mapping,
      N_("ComfyUI: where settings go in the workflow, e.g. '{\"width\": [\"5\", \"width\"]}'"),
      N_("JSON") },
    { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &headers,
      N_("An HTTP header for every request, 'Name: value' (reverse-proxy auth)"), N_("HEADER") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Jobs in flight per server (default: comfyui 2, a1111 1, openai 4)"), N_("N") },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options,
      N_("A provider option, KEY=VALUE (timeout_s=60, stream=false, …; see docs/)"),
      N_("KEY=VALUE") },
    { "api-key-stdin", 0, 0, G_OPTION_ARG_NONE, &key_stdin,
      N_("Read the API key (a1111: user:password) from standard input into the keyring"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselProviderConfig) config = NULL;
  g_autofree char *key = NULL;
  EaselProviderKind kind;

  context = _easel_cli_option_context_new ("easel providers add", _("NAME"),
    _("Add a provider. The API key goes to the keyring (libsecret), never to a file; header "
      "values that look like credentials go there too."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Give the provider a name"));
  kind = easel_provider_kind_from_string (kind_name);
  if (kind != EASEL_PROVIDER_KIND_COMFYUI && kind != EASEL_PROVIDER_KIND_A1111 &&
      kind != EASEL_PROVIDER_KIND_OPENAI)
    return _easel_cli_usage_error (context, _("--kind must be comfyui, a1111 or openai"));
  if (workflow_file != NULL && kind != EASEL_PROVIDER_KIND_COMFYUI)
    return _easel_cli_usage_error (context, _("--workflow is for ComfyUI providers"));

  config = easel_provider_config_new (argv[1], kind);
  config->urls = g_steal_pointer (&urls);
  config->model = g_steal_pointer (&model);
  config->headers = g_steal_pointer (&headers);
  config->concurrency = concurrency;
  if (workflow_file != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (!g_file_get_contents (workflow_file, &text, NULL, &error))
        return _easel_cli_fail (error);
      node = easel_json_parse (text, -1, &error);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return _easel_cli_fail_message (_("%s is not an API-format workflow (a JSON object of "
                                          "nodes): %s"), workflow_file,
                                        error != NULL ? error->message : _("not an object"));
      config->workflow = g_steal_pointer (&text);
    }
  if (mapping != NULL)
    {
      g_autoptr(JsonNode) node = easel_json_parse (mapping, -1, &error);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return _easel_cli_usage_error (context, _("--mapping must be a JSON object"));
      config->workflow_mapping = g_steal_pointer (&mapping);
    }
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      const char *equals = strchr (options[i], '=');
      g_autofree char *option = NULL;
      g_autoptr(JsonNode) value = NULL;

      if (equals == NULL || equals == options[i])
        return _easel_cli_usage_error (context, _("--option takes KEY=VALUE, not “%s”"),
                                       options[i]);
      option = g_strndup (options[i], equals - options[i]);
      /* Numbers, true/false and JSON stay typed; anything else is a string. */
      value = easel_json_parse (equals + 1, -1, NULL);
      if (value == NULL)
        {
          value = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (value, equals + 1);
        }
      json_object_set_member (config->options, option, g_steal_pointer (&value));
    }
  if (!easel_provider_config_validate (config, &error))
    return _easel_cli_usage_error (context, "%s", error->message);

  if (key_stdin && (key = read_key_from_stdin (&error)) == NULL)
    return _easel_cli_fail (error);

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  if (easel_store_find_provider (easel_engine_get_store (engine), config->name, NULL) != NULL)
    return _easel_cli_fail_message (_("A provider named “%s” already exists"), config->name);
  if (!easel_engine_save_provider (engine, config, key, &error))
    return _easel_cli_fail (error);

  printf (_("Added %s (%s)\n"), config->name, easel_provider_kind_to_string (config->kind));
  return EASEL_EXIT_OK;
}

static const char *
key_status (EaselEngine               *engine,
            const EaselProviderConfig *config)
{
  g_autofree char *key = easel_engine_resolve_api_key (engine, config, NULL);

  return key != NULL ? _("key: set") : _("key: none");
}

static int
providers_list (int    argc,
                char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(GPtrArray) providers = NULL;

  context = _easel_cli_option_context_new ("easel providers list", NULL,
                                           _("List the configured providers."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  providers = easel_engine_list_providers (engine, &error);
  if (providers == NULL)
    return _easel_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < providers->len; i++)
        json_array_add_element (array, easel_provider_config_to_json (g_ptr_array_index (providers, i)));
      json_node_take_array (root, array);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }

  if (providers->len == 0)
    {
      printf ("%s\n", _("No providers yet. Add one, e.g.:\n"
                        "  easel providers add studio --kind comfyui --url http://127.0.0.1:8188"));
      return EASEL_EXIT_OK;
    }
  for (guint i = 0; i < providers->len; i++)
    {
      EaselProviderConfig *config = g_ptr_array_index (providers, i);
      g_autofree char *urls = config->urls != NULL ? g_strjoinv (", ", config->urls)
        : g_strdup (easel_provider_config_get_default_url (config->kind));

      printf ("%-16s %-8s %s  model: %s  concurrency: %d  %s%s\n", config->name,
              easel_provider_kind_to_string (config->kind), urls,
              config->model != NULL ? config->model : "-",
              easel_provider_config_get_concurrency (config), key_status (engine, config),
              config->enabled ? "" : _("  (off)"));
    }
  return EASEL_EXIT_OK;
}

typedef struct
{
  gboolean         done;
  EaselServerInfo *info;
  GError          *error;
} CheckResult;

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CheckResult *check = user_data;

  check->info = easel_engine_check_provider_finish (EASEL_ENGINE (object), result, &check->error);
  check->done = TRUE;
}

static void
print_list (const char   *label,
            char * const *items)
{
  guint n = items != NULL ? g_strv_length ((GStrv) items) : 0;
  g_autofree char *joined = NULL;

  if (n == 0)
    {
      printf ("%-11s %s\n", label, _("none"));
      return;
    }
  joined = g_strjoinv (", ", (GStrv) items);
  printf ("%-11s %s\n", label, joined);
}

static int
providers_check (int    argc,
                 char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselServerInfo) info = NULL;
  CheckResult check = { 0 };

  context = _easel_cli_option_context_new ("easel providers check", _("NAME"),
    _("Connect to the provider's first server and show its version, models, samplers and "
      "schedulers, or what is wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one provider"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  easel_engine_check_provider_async (engine, argv[1], NULL, check_cb, &check);
  while (!check.done)
    g_main_context_iteration (NULL, TRUE);
  if (check.info == NULL)
    {
      g_autoptr(GError) check_error = check.error;

      if (as_json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "error");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, check_error->domain == EASEL_PROVIDER_ERROR
                                         ? easel_provider_error_code_to_string (check_error->code)
                                         : "STORE");
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, check_error->message);
          json_builder_end_object (b);
          json_builder_end_object (b);
          root = json_builder_get_root (b);
          _easel_cli_print_json (root);
          return EASEL_EXIT_FAILED;
        }
      return _easel_cli_fail (check_error);
    }
  info = check.info;

  if (as_json)
    {
      g_autoptr(JsonNode) root = easel_server_info_to_json (info);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }
  printf ("%-11s %s\n", _("Version:"), info->version != NULL ? info->version : _("unknown"));
  if (info->details != NULL)
    printf ("%-11s %s\n", _("Server:"), info->details);
  print_list (_("Models:"), info->models);
  print_list (_("Samplers:"), info->samplers);
  print_list (_("Schedulers:"), info->schedulers);
  for (guint i = 0; info->warnings != NULL && info->warnings[i] != NULL; i++)
    printf ("%-11s %s\n", _("Warning:"), info->warnings[i]);
  return EASEL_EXIT_OK;
}

static int
providers_remove (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;

  context = _easel_cli_option_context_new ("easel providers remove", _("NAME"),
    _("Remove a provider and forget its keys. Its results stay in the history."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one provider"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  if (!easel_engine_remove_provider (engine, argv[1], &error))
    return _easel_cli_fail (error);
  printf (_("Removed %s\n"), argv[1]);
  return EASEL_EXIT_OK;
}

static const char providers_usage[] =
  N_("Usage: easel providers add NAME --kind KIND [--url URL]… | list [--json] | check NAME | "
     "remove NAME");

static int
providers_run (int    argc,
               char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "add") == 0)
    return providers_add (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "list") == 0)
    return providers_list (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "check") == 0)
    return providers_check (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "remove") == 0)
    return providers_remove (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "--help") == 0 || g_strcmp0 (sub, "-h") == 0)
    {
      printf ("%s\n", _(providers_usage));
      return EASEL_EXIT_OK;
    }
  fprintf (stderr, "%s\n", _(providers_usage));
  return EASEL_EXIT_USAGE;
}

const EaselCliCommand _easel_cli_providers_command = {
  "providers", N_("Add, list, check and remove providers"), providers_run,
};
