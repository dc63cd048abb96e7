/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_CURATION_VIEW (easel_curation_view_get_type ())

G_DECLARE_FINAL_TYPE (EaselCurationView, easel_curation_view, EASEL, CURATION_VIEW, AdwBin)

GtkWidget  *easel_curation_view_new          (void);
void        easel_curation_view_set_examples (EaselCurationView   *self,
                                              GPtrArray           *examples);
void        easel_curation_view_set_section  (EaselCurationView   *self,
                                              EaselEngine         *engine,
                                              const EaselBlogPost *post,
                                              gint64               section_id,
                                              GCancellable        *cancellable);
gint64      easel_curation_view_get_section_id (EaselCurationView *self);
GtkFlowBox *easel_curation_view_get_candidates (EaselCurationView *self);
gboolean    easel_curation_view_compare      (EaselCurationView   *self,
                                              gint64               result_a,
                                              gint64               result_b);
gboolean    easel_curation_view_get_comparing (EaselCurationView  *self);

G_END_DECLS
