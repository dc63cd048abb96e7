/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PROMPT_AREA (easel_prompt_area_get_type ())

G_DECLARE_FINAL_TYPE (EaselPromptArea, easel_prompt_area, EASEL, PROMPT_AREA, AdwBin)

GtkWidget *easel_prompt_area_new                   (void);
char      *easel_prompt_area_dup_prompt            (EaselPromptArea *self);
void       easel_prompt_area_set_prompt            (EaselPromptArea *self,
                                                    const char      *prompt);
char      *easel_prompt_area_dup_negative_prompt   (EaselPromptArea *self);
void       easel_prompt_area_set_negative_prompt   (EaselPromptArea *self,
                                                    const char      *negative_prompt);
void       easel_prompt_area_focus_prompt          (EaselPromptArea *self);
void       easel_prompt_area_set_providers         (EaselPromptArea *self,
                                                    GListModel      *providers);
EaselProviderPicker *easel_prompt_area_get_provider_picker (EaselPromptArea *self);
GStrv      easel_prompt_area_dup_selected_providers (EaselPromptArea *self);
guint      easel_prompt_area_get_n_providers       (EaselPromptArea *self);
void       easel_prompt_area_set_styles            (EaselPromptArea *self,
                                                    GListModel      *styles);
gpointer   easel_prompt_area_get_selected_style    (EaselPromptArea *self);
void       easel_prompt_area_set_formats           (EaselPromptArea *self,
                                                    GListModel      *formats);
gpointer   easel_prompt_area_get_selected_format   (EaselPromptArea *self);
const char *easel_prompt_area_get_style_name       (EaselPromptArea *self);
void       easel_prompt_area_set_style_name        (EaselPromptArea *self,
                                                    const char      *name);
const char *easel_prompt_area_get_format_name      (EaselPromptArea *self);
void       easel_prompt_area_set_format_name       (EaselPromptArea *self,
                                                    const char      *name);

G_END_DECLS
