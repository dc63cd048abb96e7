/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-blog.h"

G_BEGIN_DECLS

EaselBlogPost *_easel_blog_load_by_id       (EaselEngine  *engine,
                                             gint64        post_id,
                                             GError      **error);

void           _easel_blog_settle_jobs      (GPtrArray    *jobs);

/* For the tests: make the next exports fail after writing @after_files files (-1: never),
 * by returning an error, or with @crash, by killing the process on the spot.
 */
void           _easel_blog_set_export_fault (int           after_files,
                                             gboolean      crash);

G_END_DECLS
