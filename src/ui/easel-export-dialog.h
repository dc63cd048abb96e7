/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_EXPORT_DIALOG (easel_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (EaselExportDialog, easel_export_dialog, EASEL, EXPORT_DIALOG, AdwWindow)

EaselExportDialog *easel_export_dialog_new        (GtkWindow           *parent,
                                                   EaselEngine         *engine,
                                                   const EaselBlogPost *post);
void               easel_export_dialog_set_folder (EaselExportDialog   *self,
                                                   const char          *folder);
const char        *easel_export_dialog_get_folder (EaselExportDialog   *self);
void               easel_export_dialog_set_name   (EaselExportDialog   *self,
                                                   const char          *name);
char              *easel_export_dialog_dup_target (EaselExportDialog   *self);
void               easel_export_dialog_get_options (EaselExportDialog  *self,
                                                    EaselExportOptions *options);
void               easel_export_dialog_set_options (EaselExportDialog  *self,
                                                    const EaselExportOptions *options);
void               easel_export_dialog_export     (EaselExportDialog   *self);

G_END_DECLS
