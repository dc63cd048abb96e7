/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_SETTINGS_EDITOR (easel_settings_editor_get_type ())

G_DECLARE_FINAL_TYPE (EaselSettingsEditor, easel_settings_editor, EASEL, SETTINGS_EDITOR, AdwBin)

GtkWidget         *easel_settings_editor_new            (void);
void               easel_settings_editor_set_setting    (EaselSettingsEditor     *self,
                                                         const EaselImageSetting *setting);
EaselImageSetting *easel_settings_editor_dup_setting    (EaselSettingsEditor     *self,
                                                         GError                 **error);
gboolean           easel_settings_editor_get_valid      (EaselSettingsEditor     *self);
const char        *easel_settings_editor_get_validation_message (EaselSettingsEditor *self);
void               easel_settings_editor_set_size       (EaselSettingsEditor     *self,
                                                         int                      width,
                                                         int                      height);
void               easel_settings_editor_set_samplers   (EaselSettingsEditor     *self,
                                                         const char * const      *samplers);
void               easel_settings_editor_set_schedulers (EaselSettingsEditor     *self,
                                                         const char * const      *schedulers);
void               easel_settings_editor_set_models     (EaselSettingsEditor     *self,
                                                         const char * const      *models);
void               easel_settings_editor_set_last_seed  (EaselSettingsEditor     *self,
                                                         gboolean                 has_seed,
                                                         gint64                   seed);
void               easel_settings_editor_set_capabilities (EaselSettingsEditor   *self,
                                                           GPtrArray             *caps,
                                                           const char * const    *names);
void               easel_settings_editor_set_adjustments (EaselSettingsEditor    *self,
                                                          const char * const     *titles,
                                                          const char * const     *details,
                                                          const char * const     *problems);

G_END_DECLS
