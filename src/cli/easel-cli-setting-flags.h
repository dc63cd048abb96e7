/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-cli-private.h"
#include "easel-image-setting.h"

G_BEGIN_DECLS

/* The structured-settings flags shared by `generate` and `examples add|update`. */
typedef struct
{
  int     width;
  int     height;
  int     steps;
  char   *guidance;
  char   *sampler;
  char   *scheduler;
  char   *seed;
  char   *model;
  char   *settings_text;
  char   *extra_json;
} EaselCliSettingFlags;

void          _easel_cli_setting_flags_add   (GOptionContext        *context,
                                              EaselCliSettingFlags  *flags);
gboolean      _easel_cli_setting_flags_apply (EaselCliSettingFlags  *flags,
                                              EaselImageSetting     *setting,
                                              GError               **error);
void          _easel_cli_setting_flags_clear (EaselCliSettingFlags  *flags);

G_END_DECLS
