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

G_END_DECLS
