/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PROVIDER_EDITOR (easel_provider_editor_get_type ())

G_DECLARE_FINAL_TYPE (EaselProviderEditor, easel_provider_editor, EASEL, PROVIDER_EDITOR, AdwBin)

GtkWidget  *easel_provider_editor_new             (EaselEngine               *engine,
                                                   const EaselProviderConfig *config,
                                                   const char * const        *taken_names);
void        easel_provider_editor_fill            (EaselProviderEditor       *self,
                                                   const char                *name,
                                                   EaselProviderKind          kind,
                                                   const char                *url,
                                                   const char                *api_key,
                                                   const char                *model);
void        easel_provider_editor_test            (EaselProviderEditor       *self);
gboolean    easel_provider_editor_save            (EaselProviderEditor       *self);
const char *easel_provider_editor_get_test_result (EaselProviderEditor       *self);
const char *easel_provider_editor_get_test_state  (EaselProviderEditor       *self);
const char *easel_provider_editor_get_message     (EaselProviderEditor       *self);

G_END_DECLS
