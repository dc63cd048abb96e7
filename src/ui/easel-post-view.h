/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_POST_VIEW (easel_post_view_get_type ())

G_DECLARE_FINAL_TYPE (EaselPostView, easel_post_view, EASEL, POST_VIEW, AdwBin)

GtkWidget *easel_post_view_new            (void);
void       easel_post_view_set_post       (EaselPostView       *self,
                                           EaselEngine         *engine,
                                           const EaselBlogPost *post,
                                           GCancellable        *cancellable);
void       easel_post_view_set_providers  (EaselPostView       *self,
                                           const char * const  *names);
GStrv      easel_post_view_dup_providers  (EaselPostView       *self);
int        easel_post_view_get_count      (EaselPostView       *self);
void       easel_post_view_set_generating (EaselPostView       *self,
                                           gboolean             generating);
GtkListBox *easel_post_view_get_section_list (EaselPostView    *self);

G_END_DECLS
