/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The History page over 1,000 stored results: counted and read a page at a time, thumbnails
 * decoded lazily, search (full-text), provider and favourites filters, card actions, and a
 * bounded number of pages kept while scrolling to the end. Screenshot: history.
 */
#include "config.h"

#include <string.h>

#include "easel-test-window.h"

#include "easel-history-model.h"
#include "easel-history-page.h"
#include "easel-image-loader.h"
#include "easel-history-cell.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-store-private.h"
#include "easel-store.h"

#define N_RESULTS 1000
#define N_PAGES   ((N_RESULTS + EASEL_HISTORY_PAGE_SIZE - 1) / EASEL_HISTORY_PAGE_SIZE)

static EaselWindow *window;

static const char * const subjects[] = {
  "fox", "castle", "owl", "lighthouse", "city", "forest", "robot", "garden", "dragon", "cat",
};
static const char * const providers[] = { "Studio GPU", "OpenAI", "Forge" };

/* 1,000 results over 12 distinct paintings, each with its thumbnail, in one transaction. */
static void
seed_history (void)
{
  EaselStore *store = easel_engine_get_store (easel_test.engine);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GBytes) art = easel_test_make_art (384, 384, 0x20304000 + i * 0x0a0c1000 + 0xff,
                                                   0xe0906000 + i * 0x00081000 + 0xff,
                                                   0.2 + 0.05 * i);
      g_autoptr(GBytes) thumb = easel_test_make_art (256, 256, 0x20304000 + i * 0x0a0c1000 + 0xff,
                                                     0xe0906000 + i * 0x00081000 + 0xff,
                                                     0.2 + 0.05 * i);
      g_autoptr(EaselResult) probe = easel_result_new ();
      g_autofree char *path = NULL;
      g_autofree char *thumb_path = NULL;
      g_autofree char *thumb_dir = NULL;
      char *hash = NULL;

      path = easel_store_write_image (store, art, "png", &hash, &error);
      g_assert_no_error (error);
      probe->file_hash = g_strdup (hash);
      thumb_path = easel_engine_get_thumbnail_path (easel_test.engine, probe);
      thumb_dir = g_path_get_dirname (thumb_path);
      g_assert_cmpint (g_mkdir_with_parents (thumb_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (thumb_path, g_bytes_get_data (thumb, NULL),
                                          (gssize) g_bytes_get_size (thumb), NULL));
      g_ptr_array_add (hashes, hash);
    }

  g_assert_true (_easel_store_begin (store, &error));
  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autoptr(EaselResult) result = easel_result_new ();

      result->provider_name = g_strdup (providers[i % G_N_ELEMENTS (providers)]);
      result->provider_kind = g_strdup (i % 3 == 1 ? "openai" : "comfyui");
      result->model = g_strdup (i % 3 == 1 ? "gpt-image-1" : "sdxl_base");
      result->prompt = g_strdup_printf ("a %s at dusk, watercolor, number %u",
                                        subjects[i % G_N_ELEMENTS (subjects)], i);
      result->file_hash = g_strdup (g_ptr_array_index (hashes, i % hashes->len));
      result->mime_type = g_strdup ("image/png");
      result->width = 1024;
      result->height = 1024;
      result->duration_ms = 2000 + i;
      result->has_seed = TRUE;
      result->seed = 1000 + i;
      result->favorite = i % 10 == 0;
      if (easel_store_add_result (store, result, NULL, &error) == 0)
        g_error ("%s", error->message);
    }
  g_assert_true (_easel_store_commit (store, &error));
}

static EaselHistoryPage *
history_page (void)
{
  return easel_window_get_history_page (window);
}

static gboolean
counted_is (gpointer data)
{
  EaselHistoryModel *model = easel_history_page_get_model (history_page ());

  return model != NULL && easel_history_model_get_counted (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (data);
}

/* Every cell on screen has its result and its thumbnail. */
static gboolean
cells_loaded (gpointer data)
{
  GtkWidget *grid = GTK_WIDGET (easel_history_page_get_grid_view (history_page ()));
  guint n = 0;

  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *card = gtk_widget_get_first_child (cell);
      EaselResultItem *item;

      if (!EASEL_IS_HISTORY_CELL (card) || !gtk_widget_get_mapped (card))
        continue;
      item = easel_history_cell_get_item (EASEL_HISTORY_CELL (card));
      if (item == NULL || easel_result_item_get_result (item) == NULL ||
          easel_result_item_get_image (item) == NULL)
        return FALSE;
      n++;
    }
  return n > 0;
}

static void
test_history_browse (void)
{
  GtkStack *stack;
  guint pages_read;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "history"));
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS), 10000, "the history to be counted");
  stack = easel_test_template_child (history_page (), EASEL_TYPE_HISTORY_PAGE, "stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "grid");
  g_assert_cmpstr (gtk_label_get_text (easel_test_template_child (history_page (),
                                                                  EASEL_TYPE_HISTORY_PAGE,
                                                                  "count_label")),
                   ==, "1000 images");

  /* Only what is on screen (and a little around it) was read: a few pages, never everything. */
  easel_test_wait_frames (GTK_WIDGET (window), 2);
  easel_test_wait (cells_loaded, NULL, 10000, "the visible thumbnails");
  pages_read =
    easel_history_model_get_n_cached_pages (easel_history_page_get_model (history_page ()));
  g_test_message ("pages read for the first screen: %u of %u", pages_read, N_PAGES);
  g_assert_cmpuint (pages_read, <, N_PAGES);
  easel_test_screenshots (GTK_WIDGET (window), "history");
}

static void
test_history_search_and_filters (void)
{
  GtkToggleButton *favorites = easel_test_template_child (history_page (), EASEL_TYPE_HISTORY_PAGE,
                                                          "favorites_button");
  GtkDropDown *provider = easel_test_template_child (history_page (), EASEL_TYPE_HISTORY_PAGE,
                                                    "provider_dropdown");
  GtkStack *stack;

  /* Full-text search: one subject in ten. */
  easel_history_page_set_search (history_page (), "owl");
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS / 10), 5000, "the search");
  easel_history_page_set_search (history_page (), "number 999");
  easel_test_wait (counted_is, GUINT_TO_POINTER (1), 5000, "a single match");
  easel_history_page_set_search (history_page (), "zzz");
  easel_test_wait (counted_is, GUINT_TO_POINTER (0), 5000, "no match");
  stack = easel_test_template_child (history_page (), EASEL_TYPE_HISTORY_PAGE, "stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-matches");
  easel_history_page_set_search (history_page (), NULL);
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS), 5000, "everything again");

  /* Favourites: one in ten. */
  gtk_toggle_button_set_active (favorites, TRUE);
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS / 10), 5000, "the favourites");
  gtk_toggle_button_set_active (favorites, FALSE);
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS), 5000, "everything again");

  /* One provider: a third (the window lists configured ones; "OpenAI" is). */
  for (guint i = 1; i < g_list_model_get_n_items (gtk_drop_down_get_model (provider)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (gtk_drop_down_get_model (provider), i);
      g_autofree char *name = NULL;

      g_object_get (item, "name", &name, NULL);
      if (g_strcmp0 (name, "OpenAI") == 0)
        gtk_drop_down_set_selected (provider, i);
    }
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS / 3), 5000, "one provider's");
  gtk_drop_down_set_selected (provider, 0);
  easel_test_wait (counted_is, GUINT_TO_POINTER (N_RESULTS), 5000, "everything again");
}

static gboolean
stored_favorite (gpointer data)
{
  EaselStore *store = easel_engine_get_store (easel_test.engine);
  g_autoptr(EaselResult) result = easel_store_get_result (store, GPOINTER_TO_SIZE (data), NULL);

  return result != NULL && result->favorite;
}

/* The first label under @widget whose text contains @needle. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_history_card_actions (void)
{
  GtkWidget *grid = GTK_WIDGET (easel_history_page_get_grid_view (history_page ()));
  GtkWidget *card = NULL;
  EaselResultItem *item;

  easel_test_wait (cells_loaded, NULL, 10000, "the visible thumbnails");
  for (GtkWidget *cell = gtk_widget_get_first_child (grid); cell != NULL && card == NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);
      EaselResultItem *candidate;

      if (!EASEL_IS_HISTORY_CELL (child))
        continue;
      candidate = easel_history_cell_get_item (EASEL_HISTORY_CELL (child));
      if (candidate != NULL && !easel_result_item_get_favorite (candidate))
        card = child;
    }
  g_assert_nonnull (card);
  item = easel_history_cell_get_item (EASEL_HISTORY_CELL (card));

  /* The size, time and cost line may be ellipsized in a narrow column: its tooltip says it all. */
  {
    GtkLabel *details = find_label (card, " × ");

    g_assert_nonnull (details);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (details)), ==,
                     gtk_label_get_text (details));
  }

  g_assert_true (gtk_widget_activate_action (card, "card.favorite", NULL));
  g_assert_true (easel_result_item_get_favorite (item));
  easel_test_wait (stored_favorite, GSIZE_TO_POINTER (easel_result_item_get_result_id (item)),
                   5000, "the star to be stored");
}

static gboolean
last_loaded (gpointer data)
{
  EaselHistoryModel *model = easel_history_page_get_model (history_page ());

  return easel_history_model_get_n_pending (model) == 0 && cells_loaded (NULL);
}

/* Scrolling to the end reads the pages on the way, but keeps only a bounded number. */
static void
test_history_scroll (void)
{
  GtkScrolledWindow *scrolled = easel_test_template_child (history_page (),
                                                           EASEL_TYPE_HISTORY_PAGE,
                                                           "scrolled_window");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  EaselHistoryModel *model = easel_history_page_get_model (history_page ());

  for (double value = 0; value < gtk_adjustment_get_upper (adjustment);
       value += gtk_adjustment_get_page_size (adjustment))
    {
      gtk_adjustment_set_value (adjustment, value);
      easel_test_wait_frames (GTK_WIDGET (window), 1);
    }
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  easel_test_wait_frames (GTK_WIDGET (window), 2);
  easel_test_wait (last_loaded, NULL, 10000, "the last page");
  g_assert_cmpuint (easel_history_model_get_n_cached_pages (model), <=, 24);
  g_assert_cmpuint (easel_image_loader_get_n_cached (easel_image_loader_get_default ()), <=, 256);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!easel_test_ui_init (&argc, &argv))
    return 0;
  easel_test_app_init ();

  easel_test_add_provider ("Studio GPU", EASEL_PROVIDER_KIND_COMFYUI, "sdxl_base");
  easel_test_add_provider ("OpenAI", EASEL_PROVIDER_KIND_OPENAI, "gpt-image-1");
  seed_history ();
  window = easel_test_show_window ();

  g_test_add_func ("/easel/history/browse", test_history_browse);
  g_test_add_func ("/easel/history/search-and-filters", test_history_search_and_filters);
  g_test_add_func ("/easel/history/card-actions", test_history_card_actions);
  g_test_add_func ("/easel/history/scroll", test_history_scroll);

  status = g_test_run ();

  easel_test_app_finish ();
  return status;
}
