/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "easel-cli-private.h"
#include "easel-cli-setting-flags.h"
#include "easel-cli-watch.h"
#include "easel-engine.h"

/* easel generate: one run, fanned out across the providers, watched to the end. */

static int
generate_run (int    argc,
              char **argv)
{
  g_autofree char *prompt = NULL;
  g_autofree char *example = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *style = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) provider_args = NULL;
  int count = 1;
  gboolean as_json = FALSE;
  EaselCliSettingFlags flags = { 0 };
  const GOptionEntry entries[] = {
    { "prompt", 'p', 0, G_OPTION_ARG_STRING, &prompt, N_("What to generate"), N_("TEXT") },
    { "example", 'e', 0, G_OPTION_ARG_STRING, &example,
      N_("Use a prompt example (its prompt, style, format, providers and settings)"), N_("NAME") },
    { "provider", 0, 0, G_OPTION_ARG_STRING_ARRAY, &provider_args,
      N_("A provider to generate with; repeat to compare several"), N_("NAME") },
    { "negative", 'n', 0, G_OPTION_ARG_STRING, &negative, N_("Negative prompt"), N_("TEXT") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style, N_("A style from the library"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("A format from the library"), N_("NAME") },
    { "count", 'c', 0, G_OPTION_ARG_INT, &count, N_("Images per provider (default 1)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the results as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselCliWatch) watch = NULL;
  g_autoptr(EaselRun) run = NULL;
  g_auto(GStrv) providers = NULL;

  context = _easel_cli_option_context_new ("easel generate", NULL,
    _("Generate images with one or several providers and store them in the history. Progress "
      "goes to standard error; one line per image (or JSON) to standard output. Ctrl+C cancels "
      "the run cleanly.\n\nExit status: 0 when every image was made, 1 when any failed, 2 on a "
      "usage error, 130 when cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  _easel_cli_setting_flags_add (context, &flags);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, "%s", error->message);
    }

  if ((prompt == NULL) == (example == NULL))
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, _("Give either --prompt or --example"));
    }
  if (argc > 1)
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, _("Unexpected argument “%s”; quote the prompt"),
                                     argv[1]);
    }
  if (count < 1 || count > EASEL_SETTING_MAX_COUNT)
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, _("--count must be between 1 and %d"),
                                     EASEL_SETTING_MAX_COUNT);
    }
  providers = _easel_cli_split_list (provider_args);
  if (example == NULL && g_strv_length (providers) == 0)
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, _("Choose at least one --provider (see “easel "
                                                "providers list”)"));
    }

  run = easel_run_new (prompt);
  if (!_easel_cli_setting_flags_apply (&flags, run->setting, &error))
    {
      _easel_cli_setting_flags_clear (&flags);
      return _easel_cli_usage_error (context, "%s", error->message);
    }
  _easel_cli_setting_flags_clear (&flags);
  run->negative_prompt = g_strdup (negative);
  run->style = g_strdup (style);
  run->format = g_strdup (format);
  run->count = count;
  if (g_strv_length (providers) > 0)
    run->providers = g_steal_pointer (&providers);

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);

  if (example != NULL)
    {
      g_autoptr(EaselPromptExample) found =
        easel_store_find_example (easel_engine_get_store (engine), example, &error);

      if (found == NULL)
        return _easel_cli_fail (error);
      run->example_id = found->id;
    }

  watch = _easel_cli_watch_new (engine);
  if (_easel_cli_watch_submit (watch, run, &error) == 0)
    return _easel_cli_fail (error);
  _easel_cli_watch_wait (watch);
  return _easel_cli_watch_report (watch, as_json);
}

const EaselCliCommand _easel_cli_generate_command = {
  "generate", N_("Generate images with one or several providers"), generate_run,
};
