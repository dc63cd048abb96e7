/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PROVIDER_PICKER (easel_provider_picker_get_type ())

G_DECLARE_FINAL_TYPE (EaselProviderPicker, easel_provider_picker, EASEL, PROVIDER_PICKER, AdwBin)

GtkWidget *easel_provider_picker_new                (void);
void       easel_provider_picker_set_model          (EaselProviderPicker *self,
                                                     GListModel          *providers);
GListModel *easel_provider_picker_get_model         (EaselProviderPicker *self);
GStrv      easel_provider_picker_dup_selected_names (EaselProviderPicker *self);
GPtrArray *easel_provider_picker_dup_selected       (EaselProviderPicker *self);
void       easel_provider_picker_select_names       (EaselProviderPicker *self,
                                                     const char * const  *names);
void       easel_provider_picker_toggle             (EaselProviderPicker *self,
                                                     const char          *name);
guint      easel_provider_picker_get_n_selected     (EaselProviderPicker *self);

G_END_DECLS
