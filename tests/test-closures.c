/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure expression helpers of src/ui/easel-closures.c. No display needed. */
#include "config.h"

#include "easel-closures.h"

/* An item with a "name" property, like the providers, styles and formats the pickers show. */
#define TEST_TYPE_NAMED (test_named_get_type ())
G_DECLARE_FINAL_TYPE (TestNamed, test_named, TEST, NAMED, GObject)

struct _TestNamed
{
  GObject  parent_instance;
  char    *name;
};

G_DEFINE_FINAL_TYPE (TestNamed, test_named, G_TYPE_OBJECT)

static void
test_named_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  g_value_set_string (value, TEST_NAMED (object)->name);
}

static void
test_named_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  g_free (TEST_NAMED (object)->name);
  TEST_NAMED (object)->name = g_value_dup_string (value);
}

static void
test_named_finalize (GObject *object)
{
  g_free (TEST_NAMED (object)->name);
  G_OBJECT_CLASS (test_named_parent_class)->finalize (object);
}

static void
test_named_class_init (TestNamedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_named_get_property;
  object_class->set_property = test_named_set_property;
  object_class->finalize = test_named_finalize;
  g_object_class_install_property (object_class, 1,
                                   g_param_spec_string ("name", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE |
                                                        G_PARAM_STATIC_STRINGS));
}

static void
test_named_init (TestNamed *self)
{
}

static void
test_string_is_empty (void)
{
  g_assert_true (easel_closures_string_is_empty (NULL, NULL));
  g_assert_true (easel_closures_string_is_empty (NULL, ""));
  g_assert_false (easel_closures_string_is_empty (NULL, " "));
  g_assert_false (easel_closures_string_is_empty (NULL, "a lighthouse"));
}

static void
test_invert (void)
{
  g_assert_false (easel_closures_invert (NULL, TRUE));
  g_assert_true (easel_closures_invert (NULL, FALSE));
}

static void
test_item_label (void)
{
  g_autoptr(GtkStringObject) string = gtk_string_object_new ("Watercolor");
  g_autoptr(GObject) named = g_object_new (TEST_TYPE_NAMED, "name", "Local ComfyUI", NULL);
  g_autoptr(GObject) unnamed = g_object_new (TEST_TYPE_NAMED, NULL);
  g_autoptr(GObject) other = g_object_new (G_TYPE_OBJECT, NULL);
  g_autofree char *a = easel_closures_item_label (G_OBJECT (string), NULL);
  g_autofree char *b = easel_closures_item_label (named, NULL);
  g_autofree char *c = easel_closures_item_label (unnamed, NULL);
  g_autofree char *d = easel_closures_item_label (other, NULL);
  g_autofree char *e = easel_closures_item_label (NULL, NULL);

  g_assert_cmpstr (a, ==, "Watercolor");
  g_assert_cmpstr (b, ==, "Local ComfyUI");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "");
  g_assert_cmpstr (e, ==, "");
}

/* GtkBuilder and gtk_cclosure_expression_new() call a closure with `this` first; a dropdown's
 * item expression built that way labels items.
 */
static void
test_item_label_expression (void)
{
  g_autoptr(GtkStringObject) string = gtk_string_object_new ("Blog hero 16:9");
  g_autoptr(GtkExpression) expression =
    gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                 G_CALLBACK (easel_closures_item_label), NULL, NULL);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (gtk_expression_evaluate (expression, string, &value));
  g_assert_cmpstr (g_value_get_string (&value), ==, "Blog hero 16:9");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/easel/closures/string-is-empty", test_string_is_empty);
  g_test_add_func ("/easel/closures/invert", test_invert);
  g_test_add_func ("/easel/closures/item-label", test_item_label);
  g_test_add_func ("/easel/closures/item-label-expression", test_item_label_expression);

  return g_test_run ();
}
