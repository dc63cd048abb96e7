/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"
#include "easel-scripted-provider.h"

G_BEGIN_DECLS

/* A data folder with an engine whose provider "Local" (A1111 kind) is a scripted, in-process
 * provider, a "Watercolor" style and a "Garden watercolor" example (96×64, two images, Local):
 * what the blog tests (engine, command line, window) build on.
 */
typedef struct
{
  char                  *dir;
  EaselStore            *store;
  EaselEngine           *engine;
  EaselScriptedProvider *local;
  EaselScriptStats       stats;
  gint64                 example_id;
  GStrv                  fallback_providers;   /* passed to easel_blog_generate_async () */
} EaselTestBlog;

extern const char easel_test_blog_markdown[];
extern const char easel_test_blog_markdown_edited[];

EaselTestBlog       *easel_test_blog_new        (const char      *name);
void                 easel_test_blog_free       (EaselTestBlog   *blog);
char                *easel_test_blog_write_post (EaselTestBlog   *blog,
                                                 const char      *file_name,
                                                 const char      *markdown);
EaselGenerateReport *easel_test_blog_generate   (EaselTestBlog   *blog,
                                                 gint64           post_id,
                                                 const gint64    *section_ids,
                                                 guint            n_section_ids,
                                                 const char * const *providers,
                                                 int              count,
                                                 GCancellable    *cancellable,
                                                 GError         **error);
void                 easel_test_blog_wait_idle  (EaselTestBlog   *blog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselTestBlog, easel_test_blog_free)

G_END_DECLS
