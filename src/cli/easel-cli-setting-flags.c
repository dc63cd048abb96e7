/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-cli-setting-flags.h"
#include "easel-settings-parser.h"

/* Added to the main group, so `--help` lists them with the command's own options. */
void
_easel_cli_setting_flags_add (GOptionContext       *context,
                              EaselCliSettingFlags *flags)
{
  const GOptionEntry entries[] = {
    { "width", 'W', 0, G_OPTION_ARG_INT, &flags->width, N_("Image width in pixels"), N_("W") },
    { "height", 'H', 0, G_OPTION_ARG_INT, &flags->height, N_("Image height in pixels"), N_("H") },
    { "steps", 0, 0, G_OPTION_ARG_INT, &flags->steps, N_("Sampling steps"), N_("N") },
    { "guidance", 0, 0, G_OPTION_ARG_STRING, &flags->guidance, N_("Guidance (CFG) scale"), N_("G") },
    { "sampler", 0, 0, G_OPTION_ARG_STRING, &flags->sampler, N_("Sampler name"), N_("S") },
    { "scheduler", 0, 0, G_OPTION_ARG_STRING, &flags->scheduler, N_("Scheduler name"), N_("S") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &flags->seed, N_("Seed (-1 or “random” for random)"), N_("N") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &flags->model, N_("Model or checkpoint"), N_("M") },
    { "settings", 0, 0, G_OPTION_ARG_STRING, &flags->settings_text,
      N_("Settings as free text or A1111 parameters, e.g. “768x512, 30 steps, cfg 7”"), N_("TEXT") },
    { "extra", 0, 0, G_OPTION_ARG_STRING, &flags->extra_json,
      N_("Provider-specific settings as a JSON object"), N_("JSON") },
    { NULL }
  };
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Applies the flags over @setting: free text first (--settings), then every explicit flag.
 * Out-of-range values are a usage error that names the flag.
 */
gboolean
_easel_cli_setting_flags_apply (EaselCliSettingFlags  *flags,
                                EaselImageSetting     *setting,
                                GError               **error)
{
  if (flags->settings_text != NULL)
    {
      g_autoptr(EaselImageSetting) parsed = easel_settings_parse (flags->settings_text, -1);

      g_clear_pointer (&parsed->prompt, g_free);
      easel_image_setting_overlay (setting, parsed);
    }

#define CHECK_RANGE(value, max, name) \
  if ((value) != 0 && ((value) < 1 || (value) > (max))) \
    { \
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, \
                   _("--%s must be between 1 and %d"), name, max); \
      return FALSE; \
    }
  CHECK_RANGE (flags->width, EASEL_SETTING_MAX_DIMENSION, "width");
  CHECK_RANGE (flags->height, EASEL_SETTING_MAX_DIMENSION, "height");
  CHECK_RANGE (flags->steps, EASEL_SETTING_MAX_STEPS, "steps");
#undef CHECK_RANGE

  if (flags->width > 0)
    setting->width = flags->width;
  if (flags->height > 0)
    setting->height = flags->height;
  if (flags->steps > 0)
    setting->steps = flags->steps;

  if (flags->guidance != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (flags->guidance, &end);

      if (end == flags->guidance || *end != '\0' || !(value >= 0 && value <= 100))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--guidance must be a number between 0 and 100"));
          return FALSE;
        }
      setting->has_guidance = TRUE;
      setting->guidance_scale = value;
    }

  if (flags->seed != NULL)
    {
      if (g_ascii_strcasecmp (flags->seed, "random") == 0 || g_strcmp0 (flags->seed, "-1") == 0)
        setting->has_seed = FALSE;
      else
        {
          guint64 value;

          if (!g_ascii_string_to_unsigned (flags->seed, 10, 0, G_MAXINT64, &value, NULL))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--seed must be a whole number from 0 to %" G_GINT64_FORMAT
                             ", or “random”"), G_MAXINT64);
              return FALSE;
            }
          setting->has_seed = TRUE;
          setting->seed = (gint64) value;
        }
    }

  if (flags->sampler != NULL)
    easel_image_setting_set_string (&setting->sampler, flags->sampler);
  if (flags->scheduler != NULL)
    easel_image_setting_set_string (&setting->scheduler, flags->scheduler);
  if (flags->model != NULL)
    easel_image_setting_set_string (&setting->model, flags->model);

  if (flags->extra_json != NULL)
    {
      g_autoptr(EaselImageSetting) extra = easel_image_setting_new ();

      if (!easel_image_setting_set_extra_json (extra, flags->extra_json, error))
        return FALSE;
      easel_image_setting_overlay (setting, extra);
    }
  return TRUE;
}

void
_easel_cli_setting_flags_clear (EaselCliSettingFlags *flags)
{
  g_clear_pointer (&flags->guidance, g_free);
  g_clear_pointer (&flags->sampler, g_free);
  g_clear_pointer (&flags->scheduler, g_free);
  g_clear_pointer (&flags->seed, g_free);
  g_clear_pointer (&flags->model, g_free);
  g_clear_pointer (&flags->settings_text, g_free);
  g_clear_pointer (&flags->extra_json, g_free);
}
