/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

#define EASEL_TYPE_RESULT_ITEM (easel_result_item_get_type ())

G_DECLARE_FINAL_TYPE (EaselResultItem, easel_result_item, EASEL, RESULT_ITEM, GObject)

EaselResultItem   *easel_result_item_new_for_job    (const EaselJob    *job);
EaselResultItem   *easel_result_item_new_for_result (const EaselResult *result);
EaselResultItem   *easel_result_item_new_placeholder (void);
const EaselJob    *easel_result_item_get_job        (EaselResultItem   *self);
const EaselResult *easel_result_item_get_result     (EaselResultItem   *self);
gint64             easel_result_item_get_job_id     (EaselResultItem   *self);
gint64             easel_result_item_get_result_id  (EaselResultItem   *self);
gint64             easel_result_item_get_run_id     (EaselResultItem   *self);
int                easel_result_item_get_state      (EaselResultItem   *self);
void               easel_result_item_update_job     (EaselResultItem   *self,
                                                     const EaselJob    *job);
void               easel_result_item_set_progress   (EaselResultItem   *self,
                                                     double             fraction,
                                                     const char        *text,
                                                     GdkPaintable      *preview);
void               easel_result_item_set_result     (EaselResultItem   *self,
                                                     const EaselResult *result);
GdkPaintable      *easel_result_item_get_image      (EaselResultItem   *self);
void               easel_result_item_set_image      (EaselResultItem   *self,
                                                     GdkPaintable      *image);
GdkPaintable      *easel_result_item_get_preview    (EaselResultItem   *self);
gboolean           easel_result_item_get_favorite   (EaselResultItem   *self);
void               easel_result_item_set_favorite   (EaselResultItem   *self,
                                                     gboolean           favorite);
int                easel_result_item_get_rating     (EaselResultItem   *self);
void               easel_result_item_set_rating     (EaselResultItem   *self,
                                                     int                rating);
const char        *easel_result_item_get_provider_name (EaselResultItem *self);
const char        *easel_result_item_get_error_message (EaselResultItem *self);
gboolean           easel_result_item_get_cancelling (EaselResultItem   *self);
double             easel_result_item_get_fraction   (EaselResultItem   *self);
const char        *easel_result_item_get_progress_text (EaselResultItem *self);
void               easel_result_item_set_files      (EaselResultItem   *self,
                                                     const char        *image_path,
                                                     const char        *thumbnail_path);
const char        *easel_result_item_get_image_path (EaselResultItem   *self);
const char        *easel_result_item_get_thumbnail_path (EaselResultItem *self);

G_END_DECLS
