/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure expression helpers of src/ui/easel-closures.c. No display needed. */
#include "config.h"

#include "easel-closures.h"
#include "easel-run.h"

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

static void
test_excerpt (void)
{
  g_autofree char *a = easel_closures_excerpt (NULL, "  a lighthouse\n\n on a   cliff ", 100);
  g_autofree char *b =
    easel_closures_excerpt (NULL, "a lighthouse on a cliff at dusk, oil painting", 24);
  g_autofree char *c = easel_closures_excerpt (NULL, NULL, 10);
  g_autofree char *d = easel_closures_excerpt (NULL, "éèêëēėę", 3);

  g_assert_cmpstr (a, ==, "a lighthouse on a cliff");
  g_assert_cmpstr (b, ==, "a lighthouse on a cliff…");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "éèê…");
}

static void
test_formats (void)
{
  g_autofree char *ms = easel_closures_format_duration (NULL, 850);
  g_autofree char *s = easel_closures_format_duration (NULL, 4230);
  g_autofree char *min = easel_closures_format_duration (NULL, 65000);
  g_autofree char *unknown = easel_closures_format_duration (NULL, -1);
  g_autofree char *cost = easel_closures_format_cost (NULL, 0.04);
  g_autofree char *tiny = easel_closures_format_cost (NULL, 0.001);
  g_autofree char *free_ = easel_closures_format_cost (NULL, 0);
  g_autofree char *no_cost = easel_closures_format_cost (NULL, -1);
  g_autofree char *dollars = easel_closures_format_cost (NULL, 1.2);
  g_autofree char *seed = easel_closures_format_seed (NULL, TRUE, 42);
  g_autofree char *no_seed = easel_closures_format_seed (NULL, FALSE, 42);
  g_autofree char *details = easel_closures_result_details (NULL, 1024, 768, 4230, 0.04);
  g_autofree char *bare = easel_closures_result_details (NULL, 0, 0, -1, -1);
  g_autofree char *model = easel_closures_model_or_default (NULL, NULL);
  g_autofree char *time_none = easel_closures_format_time (NULL, 0);
  g_autofree char *time_now =
    easel_closures_format_time (NULL, g_get_real_time () / G_USEC_PER_SEC);
  const char *strv[] = { "ComfyUI", "OpenAI", NULL };
  g_autofree char *joined = easel_closures_join (NULL, strv);
  g_autofree char *none = easel_closures_join (NULL, NULL);

  g_assert_cmpstr (ms, ==, "850 ms");
  g_assert_cmpstr (s, ==, "4.2 s");
  g_assert_cmpstr (min, ==, "1 min 05 s");
  g_assert_cmpstr (unknown, ==, "");
  g_assert_cmpstr (cost, ==, "$0.040");
  g_assert_cmpstr (tiny, ==, "<$0.01");
  g_assert_cmpstr (free_, ==, "Free");
  g_assert_cmpstr (no_cost, ==, "");
  g_assert_cmpstr (dollars, ==, "$1.20");
  g_assert_cmpstr (seed, ==, "Seed 42");
  g_assert_cmpstr (no_seed, ==, "");
  g_assert_cmpstr (details, ==, "1024 × 768 · 4.2 s · $0.040");
  g_assert_cmpstr (bare, ==, "");
  g_assert_cmpstr (model, ==, "Default model");
  g_assert_cmpstr (time_none, ==, "");
  g_assert_cmpuint (strlen (time_now), ==, 5);   /* "14:05" today */
  g_assert_cmpstr (joined, ==, "ComfyUI, OpenAI");
  g_assert_cmpstr (none, ==, "");
  g_assert_true (easel_closures_has_items (NULL, strv));
  g_assert_false (easel_closures_has_items (NULL, NULL));
  g_assert_true (easel_closures_has_text (NULL, "x"));
  g_assert_false (easel_closures_has_text (NULL, ""));
  g_assert_cmpfloat (easel_closures_fraction (NULL, -1), ==, 0);
  g_assert_cmpfloat (easel_closures_fraction (NULL, 0.5), ==, 0.5);
  g_assert_true (easel_closures_is_negative (NULL, -1));
  g_assert_true (easel_closures_boolean_and (NULL, TRUE, TRUE));
  g_assert_false (easel_closures_boolean_and (NULL, TRUE, FALSE));
  g_assert_true (easel_closures_is_nonzero (NULL, 3));
}

static void
test_job_states (void)
{
  g_autofree char *queued = easel_closures_job_status (NULL, EASEL_JOB_QUEUED, FALSE, NULL);
  g_autofree char *running = easel_closures_job_status (NULL, EASEL_JOB_RUNNING, FALSE,
                                                        "Step 12 of 30");
  g_autofree char *running_bare = easel_closures_job_status (NULL, EASEL_JOB_RUNNING, FALSE, "");
  g_autofree char *cancelling = easel_closures_job_status (NULL, EASEL_JOB_RUNNING, TRUE,
                                                           "Step 12 of 30");
  g_autofree char *page_progress = easel_closures_card_page (NULL, EASEL_JOB_RUNNING, FALSE);
  g_autofree char *page_done = easel_closures_card_page (NULL, EASEL_JOB_DONE, TRUE);
  g_autofree char *page_failed = easel_closures_card_page (NULL, EASEL_JOB_FAILED, FALSE);
  g_autofree char *page_retried = easel_closures_card_page (NULL, EASEL_JOB_QUEUED, FALSE);
  g_autofree char *title_failed = easel_closures_error_title (NULL, EASEL_JOB_FAILED);
  g_autofree char *title_cancelled = easel_closures_error_title (NULL, EASEL_JOB_CANCELLED);
  g_autofree char *detail = easel_closures_error_detail (NULL, EASEL_JOB_FAILED, "Refused");
  g_autofree char *detail_cancelled = easel_closures_error_detail (NULL, EASEL_JOB_CANCELLED,
                                                                   "Cancelled");
  g_autofree char *star_on = easel_closures_star_icon (NULL, 3, 3);
  g_autofree char *star_off = easel_closures_star_icon (NULL, 3, 4);
  g_autofree char *rated = easel_closures_rating_label (NULL, 4);
  g_autofree char *unrated = easel_closures_rating_label (NULL, 0);

  g_assert_cmpstr (queued, ==, "Waiting for the provider…");
  g_assert_cmpstr (running, ==, "Step 12 of 30");
  g_assert_cmpstr (running_bare, ==, "Generating…");
  g_assert_cmpstr (cancelling, ==, "Cancelling…");
  g_assert_cmpstr (page_progress, ==, "progress");
  g_assert_cmpstr (page_done, ==, "image");
  g_assert_cmpstr (page_failed, ==, "error");
  g_assert_cmpstr (page_retried, ==, "progress");
  g_assert_cmpstr (title_failed, ==, "Generation Failed");
  g_assert_cmpstr (title_cancelled, ==, "Cancelled");
  g_assert_cmpstr (detail, ==, "Refused");
  g_assert_cmpstr (detail_cancelled, ==, "");
  g_assert_true (easel_closures_job_can_cancel (NULL, EASEL_JOB_RUNNING, FALSE));
  g_assert_false (easel_closures_job_can_cancel (NULL, EASEL_JOB_RUNNING, TRUE));
  g_assert_false (easel_closures_job_can_cancel (NULL, EASEL_JOB_DONE, FALSE));
  g_assert_true (easel_closures_job_can_retry (NULL, EASEL_JOB_INTERRUPTED));
  g_assert_false (easel_closures_job_can_retry (NULL, EASEL_JOB_DONE));
  g_assert_cmpstr (star_on, ==, "starred-symbolic");
  g_assert_cmpstr (star_off, ==, "non-starred-symbolic");
  g_assert_cmpstr (rated, ==, "Rated 4 stars");
  g_assert_cmpstr (unrated, ==, "Not rated");
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
  g_test_add_func ("/easel/closures/excerpt", test_excerpt);
  g_test_add_func ("/easel/closures/formats", test_formats);
  g_test_add_func ("/easel/closures/job-states", test_job_states);

  return g_test_run ();
}
