/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_POSTS_PAGE (easel_posts_page_get_type ())

G_DECLARE_FINAL_TYPE (EaselPostsPage, easel_posts_page, EASEL, POSTS_PAGE, AdwBin)

GtkWidget   *easel_posts_page_new              (void);
EaselEngine *easel_posts_page_get_engine       (EaselPostsPage *self);
void         easel_posts_page_set_engine       (EaselPostsPage *self,
                                                EaselEngine    *engine);
void         easel_posts_page_import_file      (EaselPostsPage *self,
                                                GFile          *file);
void         easel_posts_page_open_post        (EaselPostsPage *self,
                                                gint64          post_id);
void         easel_posts_page_open_section     (EaselPostsPage *self,
                                                gint64          section_id);
const char  *easel_posts_page_get_view_name    (EaselPostsPage *self);
gint64       easel_posts_page_get_post_id      (EaselPostsPage *self);
gboolean     easel_posts_page_get_busy         (EaselPostsPage *self);
gboolean     easel_posts_page_get_generating   (EaselPostsPage *self);
GtkWidget   *easel_posts_page_get_post_view    (EaselPostsPage *self);
GtkWidget   *easel_posts_page_get_curation_view (EaselPostsPage *self);
GtkListBox  *easel_posts_page_get_post_list    (EaselPostsPage *self);

G_END_DECLS
