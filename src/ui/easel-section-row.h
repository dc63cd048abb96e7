/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_SECTION_ROW (easel_section_row_get_type ())

G_DECLARE_FINAL_TYPE (EaselSectionRow, easel_section_row, EASEL, SECTION_ROW, GtkListBoxRow)

GtkWidget  *easel_section_row_new            (void);
void        easel_section_row_update         (EaselSectionRow        *self,
                                              EaselEngine            *engine,
                                              const EaselBlogSection *section,
                                              guint                   total,
                                              GCancellable           *cancellable);
gint64      easel_section_row_get_section_id (EaselSectionRow        *self);
const char *easel_section_row_get_status     (EaselSectionRow        *self);

G_END_DECLS
