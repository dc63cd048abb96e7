/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-history-model"

#include "config.h"

#include <string.h>

#include "easel-engine.h"
#include "easel-history-model.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-store-task.h"
#include "easel-store.h"

/* Pages kept at once: a few screens around what is visible. Older pages are dropped (their
 * items live on while a cell still shows them), so scrolling through 100,000 results holds a
 * bounded number of rows.
 */
#define MAX_PAGES 24

/**
 * EaselHistoryModel:
 *
 * The history as a #GListModel of #EaselResultItem, newest first, for a recycling GtkGridView.
 * It never loads everything: the store counts the matching results (in a worker), and
 * get_item() hands out placeholders at once, filling them when their page of
 * %EASEL_HISTORY_PAGE_SIZE rows has been read (a LIMIT/OFFSET query in a worker). Only the
 * most recently used %MAX_PAGES pages are kept.
 */
struct _EaselHistoryModel
{
  GObject       parent_instance;

  EaselEngine  *engine;
  GCancellable *cancellable;

  char         *search;
  char         *provider;
  gboolean      favorites_only;

  guint         n_items;
  guint         serial;
  gboolean      counted;
  gboolean      counting;
  GHashTable   *pages;       /* page index → Page */
  guint64       clock;
  guint         pending;
};

typedef struct
{
  GPtrArray *items;          /* EaselResultItem, placeholders until loaded */
  gboolean   loaded;
  gboolean   loading;
  guint64    used;
} Page;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EaselHistoryModel, easel_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

EaselHistoryModel *
easel_history_model_new (EaselEngine *engine)
{
  EaselHistoryModel *self;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);

  self = g_object_new (EASEL_TYPE_HISTORY_MODEL, NULL);
  self->engine = g_object_ref (engine);
  return self;
}

typedef struct
{
  char     *search;
  char     *provider;
  gboolean  favorites_only;
  int       limit;
  int       offset;
} Query;

static void
query_free (Query *query)
{
  g_free (query->search);
  g_free (query->provider);
  g_free (query);
}

static Query *
make_query (EaselHistoryModel *self,
            int                limit,
            int                offset)
{
  Query *query = g_new0 (Query, 1);

  query->search = g_strdup (self->search);
  query->provider = g_strdup (self->provider);
  query->favorites_only = self->favorites_only;
  query->limit = limit;
  query->offset = offset;
  return query;
}

static void
to_store_query (const Query      *query,
                EaselResultQuery *out)
{
  memset (out, 0, sizeof *out);
  out->search = query->search;
  out->provider = query->provider;
  out->favorites_only = query->favorites_only;
  out->limit = query->limit;
  out->offset = query->offset;
}

/* ---- pages -------------------------------------------------------------------------------- */

static gboolean
load_page_func (EaselStore  *store,
                gpointer     data,
                gpointer    *out_result,
                GError     **error)
{
  EaselResultQuery query;

  to_store_query (data, &query);
  *out_result = easel_store_search_results (store, &query, error);
  return *out_result != NULL;
}

typedef struct
{
  EaselHistoryModel *model;
  guint              serial;
  guint              index;
} PageLoad;

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageLoad *load = user_data;
  g_autoptr(EaselHistoryModel) self = load->model;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint serial = load->serial;
  guint index = load->index;
  Page *page;

  g_free (load);
  self->pending--;
  results = easel_store_task_finish (result, &error);
  if (serial != self->serial)
    return;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    return;   /* Dropped while it loaded. */
  page->loading = FALSE;

  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("cannot read a page of the history: %s", error->message);
      return;
    }

  page->loaded = TRUE;
  for (guint i = 0; i < page->items->len && i < results->len; i++)
    {
      EaselResultItem *item = g_ptr_array_index (page->items, i);
      EaselResult *stored = g_ptr_array_index (results, i);
      g_autofree char *image_path = easel_engine_get_result_path (self->engine, stored);
      g_autofree char *thumbnail_path = easel_engine_get_thumbnail_path (self->engine, stored);

      easel_result_item_set_files (item, image_path, thumbnail_path);
      easel_result_item_set_result (item, stored);
    }

  if (self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
evict_pages (EaselHistoryModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (!page->loading && page->used < oldest)
            {
              oldest = page->used;
              oldest_key = key;
            }
        }
      if (oldest == G_MAXUINT64)
        return;
      g_hash_table_remove (self->pages, oldest_key);
    }
}

static Page *
ensure_page (EaselHistoryModel *self,
             guint              index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  EaselStore *store = easel_engine_get_store (self->engine);
  PageLoad *load;
  guint first = index * EASEL_HISTORY_PAGE_SIZE;
  guint size = MIN (EASEL_HISTORY_PAGE_SIZE, self->n_items - first);

  if (page != NULL)
    {
      page->used = ++self->clock;
      return page;
    }

  page = g_new0 (Page, 1);
  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < size; i++)
    g_ptr_array_add (page->items, easel_result_item_new_placeholder ());
  page->used = ++self->clock;
  page->loading = TRUE;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);

  load = g_new0 (PageLoad, 1);
  load->model = g_object_ref (self);
  load->serial = self->serial;
  load->index = index;
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  easel_store_task_run (store, load_page_func, make_query (self, size, first),
                        (GDestroyNotify) query_free, (GDestroyNotify) g_ptr_array_unref,
                        self->cancellable, page_loaded_cb, load);

  evict_pages (self);
  return page;
}

/* ---- GListModel --------------------------------------------------------------------------- */

static GType
easel_history_model_get_item_type (GListModel *model)
{
  return EASEL_TYPE_RESULT_ITEM;
}

static guint
easel_history_model_get_n_items (GListModel *model)
{
  return EASEL_HISTORY_MODEL (model)->n_items;
}

static gpointer
easel_history_model_get_item (GListModel *model,
                              guint       position)
{
  EaselHistoryModel *self = EASEL_HISTORY_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = ensure_page (self, position / EASEL_HISTORY_PAGE_SIZE);
  return g_object_ref (g_ptr_array_index (page->items, position % EASEL_HISTORY_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = easel_history_model_get_item_type;
  iface->get_n_items = easel_history_model_get_n_items;
  iface->get_item = easel_history_model_get_item;
}

/* ---- counting ------------------------------------------------------------------------------ */

static gboolean
count_func (EaselStore  *store,
            gpointer     data,
            gpointer    *out_result,
            GError     **error)
{
  EaselResultQuery query;
  gint64 count;

  to_store_query (data, &query);
  count = easel_store_count_results (store, &query, error);
  if (count < 0)
    return FALSE;
  *out_result = g_memdup2 (&count, sizeof count);
  return TRUE;
}

typedef struct
{
  EaselHistoryModel *model;
  guint              serial;
} Count;

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Count *count = user_data;
  g_autoptr(EaselHistoryModel) self = count->model;
  g_autofree gint64 *n = NULL;
  g_autoptr(GError) error = NULL;
  guint serial = count->serial;
  guint old;

  g_free (count);
  n = easel_store_task_finish (result, &error);
  if (serial != self->serial)
    return;
  self->counting = FALSE;
  if (n == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("cannot count the history: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  old = self->n_items;
  self->n_items = (guint) MIN (*n, G_MAXUINT);
  self->counted = TRUE;
  g_hash_table_remove_all (self->pages);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  if (old != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * easel_history_model_reload:
 *
 * Counts again and drops every page (new results, a changed query).
 */
void
easel_history_model_reload (EaselHistoryModel *self)
{
  Count *count;

  g_return_if_fail (EASEL_IS_HISTORY_MODEL (self));

  /* Answers to the old query are ignored from now on. */
  self->serial++;
  self->counting = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  count = g_new0 (Count, 1);
  count->model = g_object_ref (self);
  count->serial = self->serial;
  easel_store_task_run (easel_engine_get_store (self->engine), count_func,
                        make_query (self, 0, 0), (GDestroyNotify) query_free, g_free,
                        self->cancellable, counted_cb, count);
}

/**
 * easel_history_model_set_query:
 * @search: (nullable): words to find (full-text)
 * @provider: (nullable): only this provider's results
 * @favorites_only: only starred results
 */
void
easel_history_model_set_query (EaselHistoryModel *self,
                               const char        *search,
                               const char        *provider,
                               gboolean           favorites_only)
{
  g_return_if_fail (EASEL_IS_HISTORY_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (search, self->search) == 0 && g_strcmp0 (provider, self->provider) == 0 &&
      favorites_only == self->favorites_only && self->counted)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_free (self->provider);
  self->provider = g_strdup (provider);
  self->favorites_only = favorites_only;
  easel_history_model_reload (self);
}

/**
 * easel_history_model_get_loading:
 *
 * Returns: whether a count or a page is being read
 */
gboolean
easel_history_model_get_loading (EaselHistoryModel *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_MODEL (self), FALSE);
  return self->counting || self->pending > 0;
}

/**
 * easel_history_model_get_counted:
 *
 * Returns: whether the model knows how many results match (its first count is done)
 */
gboolean
easel_history_model_get_counted (EaselHistoryModel *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_MODEL (self), FALSE);
  return self->counted && !self->counting;
}

/**
 * easel_history_model_update_result:
 * @favorite: the new star, or -1 to leave it
 * @rating: the new rating, or -1 to leave it
 *
 * Shows a change made elsewhere (on a comparison card) on the history's card of the result.
 */
void
easel_history_model_update_result (EaselHistoryModel *self,
                                   gint64             result_id,
                                   int                favorite,
                                   int                rating)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (EASEL_IS_HISTORY_MODEL (self));

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Page *page = value;

      for (guint i = 0; i < page->items->len; i++)
        {
          EaselResultItem *item = g_ptr_array_index (page->items, i);

          if (easel_result_item_get_result_id (item) != result_id)
            continue;
          if (favorite >= 0)
            easel_result_item_set_favorite (item, favorite);
          if (rating >= 0)
            easel_result_item_set_rating (item, rating);
        }
    }
}

guint
easel_history_model_get_n_cached_pages (EaselHistoryModel *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}

guint
easel_history_model_get_n_pending (EaselHistoryModel *self)
{
  g_return_val_if_fail (EASEL_IS_HISTORY_MODEL (self), 0);
  return self->pending;
}

static void
easel_history_model_dispose (GObject *object)
{
  EaselHistoryModel *self = EASEL_HISTORY_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (easel_history_model_parent_class)->dispose (object);
}

static void
easel_history_model_finalize (GObject *object)
{
  EaselHistoryModel *self = EASEL_HISTORY_MODEL (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->pages);
  g_free (self->search);
  g_free (self->provider);

  G_OBJECT_CLASS (easel_history_model_parent_class)->finalize (object);
}

static void
easel_history_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EaselHistoryModel *self = EASEL_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, easel_history_model_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_history_model_class_init (EaselHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = easel_history_model_dispose;
  object_class->finalize = easel_history_model_finalize;
  object_class->get_property = easel_history_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_history_model_init (EaselHistoryModel *self)
{
  self->cancellable = g_cancellable_new ();
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
}
