/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the settings parser and the infotext writer: any bytes must parse
 * without a crash, a leak, undefined behaviour or a GLib warning, and what the writer makes of
 * the result must read back with the same structured fields (width, height, steps and seed, and
 * guidance, sampler, scheduler and model too). tests/fuzz/README.md says how to run it.
 */
#define G_LOG_DOMAIN "easel-fuzz"

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "easel-image-setting.h"
#include "easel-infotext.h"
#include "easel-settings-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* G_DEBUG=fatal-criticals would kill the process with a signal libFuzzer does not record as a
 * crash; abort () does, and the input is saved.
 */
static void
abort_on_warning (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "?", message);
      abort ();
    }
}

static GLogWriterOutput
abort_on_structured_warning (GLogLevelFlags   level,
                             const GLogField *fields,
                             gsize            n_fields,
                             gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static void
check_same (const char *what,
            gint64      before,
            gint64      after,
            const char *text)
{
  if (before == after)
    return;
  fprintf (stderr, "%s changed from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
           " through the infotext:\n%s\n", what, before, after, text);
  abort ();
}

static void
check_same_string (const char *what,
                   const char *before,
                   const char *after,
                   const char *text)
{
  if (g_strcmp0 (before, after) == 0)
    return;
  fprintf (stderr, "%s changed from “%s” to “%s” through the infotext:\n%s\n", what,
           before, after, text);
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized = FALSE;
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(EaselImageSetting) back = NULL;
  g_autofree char *text = NULL;

  if (!initialized)
    {
      g_log_set_default_handler (abort_on_warning, NULL);
      g_log_set_writer_func (abort_on_structured_warning, NULL, NULL);
      initialized = TRUE;
    }

  setting = easel_settings_parse ((const char *) data, (gssize) size);
  if (setting == NULL || setting->source_text == NULL ||
      !g_utf8_validate (setting->source_text, -1, NULL) ||
      !easel_image_setting_validate (setting, NULL))
    abort ();

  text = easel_infotext_write (setting);
  back = easel_settings_parse (text, -1);
  check_same ("width", setting->width, back->width, text);
  check_same ("height", setting->height, back->height, text);
  check_same ("steps", setting->steps, back->steps, text);
  check_same ("has_seed", setting->has_seed, back->has_seed, text);
  check_same ("seed", setting->seed, back->seed, text);
  /* Beyond the numbers: every structured field but the prompts, whose limits are A1111's. */
  check_same ("has_guidance", setting->has_guidance, back->has_guidance, text);
  if (setting->has_guidance && setting->guidance_scale != back->guidance_scale)
    check_same ("guidance", 0, 1, text);
  check_same_string ("sampler", setting->sampler, back->sampler, text);
  check_same_string ("scheduler", setting->scheduler, back->scheduler, text);
  check_same_string ("model", setting->model, back->model, text);
  return 0;
}
