/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-closures"

#include "config.h"

#include "easel-closures.h"

/**
 * easel_closures_string_is_empty:
 * @this_object: unused
 * @str: (nullable): a string
 *
 * Returns: whether @str is %NULL or "" (used to show placeholders)
 */
gboolean
easel_closures_string_is_empty (gpointer    this_object,
                                const char *str)
{
  return str == NULL || *str == '\0';
}

/**
 * easel_closures_invert:
 * @this_object: unused
 * @value: a boolean
 *
 * Returns: the opposite of @value
 */
gboolean
easel_closures_invert (gpointer this_object,
                       gboolean value)
{
  return !value;
}

/**
 * easel_closures_item_label:
 * @item: (nullable): an item of a list model shown in a GtkDropDown (the expression's `this`)
 * @user_data: unused
 *
 * The text a picker shows for @item: the string of a #GtkStringObject, otherwise the
 * item's "name" string property, otherwise "".
 *
 * Returns: (transfer full): a newly allocated string, never %NULL
 */
char *
easel_closures_item_label (GObject  *item,
                           gpointer  user_data)
{
  GParamSpec *pspec;
  char *name = NULL;

  if (item == NULL)
    return g_strdup ("");

  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "name");
  if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
    return g_strdup ("");

  g_object_get (item, "name", &name, NULL);
  return name != NULL ? name : g_strdup ("");
}
