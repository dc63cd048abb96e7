/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_PROVIDER_ITEM (easel_provider_item_get_type ())

G_DECLARE_FINAL_TYPE (EaselProviderItem, easel_provider_item, EASEL, PROVIDER_ITEM, GObject)

EaselProviderItem         *easel_provider_item_new        (const EaselProviderConfig *config);
const EaselProviderConfig *easel_provider_item_get_config (EaselProviderItem         *self);
void                       easel_provider_item_set_config (EaselProviderItem         *self,
                                                           const EaselProviderConfig *config);
const char                *easel_provider_item_get_name   (EaselProviderItem         *self);
const char                *easel_provider_item_get_model  (EaselProviderItem         *self);
gboolean                   easel_provider_item_get_selected (EaselProviderItem       *self);
void                       easel_provider_item_set_selected (EaselProviderItem       *self,
                                                             gboolean                 selected);
const EaselServerInfo     *easel_provider_item_get_info   (EaselProviderItem         *self);
void                       easel_provider_item_set_info   (EaselProviderItem         *self,
                                                           const EaselServerInfo     *info);
EaselCapabilities         *easel_provider_item_dup_capabilities (EaselProviderItem   *self,
                                                                 const char          *model);

G_END_DECLS
