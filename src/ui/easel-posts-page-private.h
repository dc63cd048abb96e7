/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-curation-view.h"
#include "easel-post-view.h"
#include "easel-posts-page.h"

G_BEGIN_DECLS

/* Shared by easel-posts-page.c (reading and navigation) and easel-posts-page-actions.c (what
 * the page's actions do).
 */
struct _EaselPostsPage
{
  AdwBin             parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkListBox        *post_list;
  EaselPostView     *post_view;
  EaselCurationView *curation_view;

  EaselEngine       *engine;
  GCancellable      *cancellable;        /* the page's lifetime */
  GCancellable      *load_cancellable;   /* the current post's latest read */
  GCancellable      *generate_cancellable;
  GtkFileChooserNative *chooser;

  EaselBlogPost     *current;
  gint64             post_id;
  gint64             section_id;
  gboolean           show_when_loaded;
  guint              busy;
  guint              reload_source;
  GPtrArray         *examples;

  gulong             job_changed_id;
  gulong             result_added_id;
  gulong             run_finished_id;
  gulong             providers_changed_id;
};

void              _easel_posts_page_class_actions_init (GtkWidgetClass *widget_class);
void              _easel_posts_page_update_actions     (EaselPostsPage *self);
gboolean          _easel_posts_page_gone               (EaselPostsPage *self);
void              _easel_posts_page_busy_inc           (EaselPostsPage *self);
void              _easel_posts_page_busy_dec           (EaselPostsPage *self);
void              _easel_posts_page_toast              (EaselPostsPage *self,
                                                        const char     *text);
void              _easel_posts_page_toast_error        (EaselPostsPage *self,
                                                        const GError   *error);
EaselBlogSection *_easel_posts_page_current_section    (EaselPostsPage *self,
                                                        gint64          section_id);
void              _easel_posts_page_load_current       (EaselPostsPage *self);
void              _easel_posts_page_load_list          (EaselPostsPage *self);
void              _easel_posts_page_schedule_reload    (EaselPostsPage *self);

G_END_DECLS
