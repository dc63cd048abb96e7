/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-closures.h: pure helpers for GtkExpression closures in templates and in code.
 *
 * Each helper is pure: it never touches a widget and returns a new value, so templates can bind
 * with <closure function="…"> and tests can call it directly.
 *
 * GtkBuilder calls a closure with the expression's `this` object first, then the values of the
 * closure's own expressions, then the user data. Helpers that take values ignore `this`; helpers
 * that take no value (a GtkDropDown's item expression) work on `this` itself.
 */
#pragma once

#include "easel-ui-types.h"

G_BEGIN_DECLS

gboolean  easel_closures_string_is_empty (gpointer    this_object,
                                          const char *str);
gboolean  easel_closures_invert          (gpointer    this_object,
                                          gboolean    value);
char     *easel_closures_item_label      (GObject    *item,
                                          gpointer    user_data);
gboolean  easel_closures_boolean_and     (gpointer    this_object,
                                          gboolean    a,
                                          gboolean    b);
gboolean  easel_closures_is_nonzero      (gpointer    this_object,
                                          int         value);
gboolean  easel_closures_is_negative     (gpointer    this_object,
                                          double      value);
double    easel_closures_fraction        (gpointer    this_object,
                                          double      value);
char     *easel_closures_excerpt         (gpointer    this_object,
                                          const char *text,
                                          int         max_chars);
gboolean  easel_closures_has_items       (gpointer    this_object,
                                          const char * const *strv);
char     *easel_closures_join            (gpointer    this_object,
                                          const char * const *strv);
char     *easel_closures_format_duration (gpointer    this_object,
                                          gint64      duration_ms);
char     *easel_closures_format_cost     (gpointer    this_object,
                                          double      cost_usd);
char     *easel_closures_format_seed     (gpointer    this_object,
                                          gboolean    has_seed,
                                          gint64      seed);
char     *easel_closures_result_details  (gpointer    this_object,
                                          int         width,
                                          int         height,
                                          gint64      duration_ms,
                                          double      cost_usd);
char     *easel_closures_format_time     (gpointer    this_object,
                                          gint64      unix_seconds);
char     *easel_closures_model_or_default (gpointer   this_object,
                                           const char *model);
char     *easel_closures_card_page       (gpointer    this_object,
                                          int         state,
                                          gboolean    has_result);
char     *easel_closures_job_status      (gpointer    this_object,
                                          int         state,
                                          gboolean    cancelling,
                                          const char *progress_text);
gboolean  easel_closures_job_can_cancel  (gpointer    this_object,
                                          int         state,
                                          gboolean    cancelling);
gboolean  easel_closures_job_can_retry   (gpointer    this_object,
                                          int         state);
char     *easel_closures_error_title     (gpointer    this_object,
                                          int         state);
char     *easel_closures_error_detail    (gpointer    this_object,
                                          int         state,
                                          const char *message);
gboolean  easel_closures_has_text        (gpointer    this_object,
                                          const char *text);
char     *easel_closures_error_icon      (gpointer    this_object,
                                          int         state);
char     *easel_closures_favorite_icon   (gpointer    this_object,
                                          gboolean    favorite);
char     *easel_closures_favorite_tooltip (gpointer   this_object,
                                           gboolean   favorite);
char     *easel_closures_star_icon       (gpointer    this_object,
                                          int         rating,
                                          int         star);
char     *easel_closures_rating_label    (gpointer    this_object,
                                          int         rating);

G_END_DECLS
