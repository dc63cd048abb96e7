/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-run-item"

#include "config.h"

#include "easel-result-item.h"
#include "easel-run-item.h"
#include "easel-run.h"

/**
 * EaselRunItem:
 *
 * One press of Generate in the comparison grid: the run as it was asked (prompt, providers,
 * time) and its cards, one per job, in the order the jobs were made (providers in the order
 * chosen, then image by image).
 */
struct _EaselRunItem
{
  GObject     parent_instance;

  gint64      run_id;
  char       *prompt;
  gint64      created_at;
  GStrv       providers;
  EaselRun   *run;
  GListStore *cards;
  gboolean    active;
};

G_DEFINE_FINAL_TYPE (EaselRunItem, easel_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUN_ID,
  PROP_PROMPT,
  PROP_CREATED_AT,
  PROP_PROVIDERS,
  PROP_CARDS,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

EaselRunItem *
easel_run_item_new (gint64      run_id,
                    const char *prompt,
                    gint64      created_at)
{
  EaselRunItem *self = g_object_new (EASEL_TYPE_RUN_ITEM, NULL);

  self->run_id = run_id;
  self->prompt = g_strdup (prompt);
  self->created_at = created_at > 0 ? created_at : g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

gint64
easel_run_item_get_run_id (EaselRunItem *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), 0);
  return self->run_id;
}

/**
 * easel_run_item_get_run:
 *
 * Returns: (nullable): the run as it was submitted, once known
 */
const EaselRun *
easel_run_item_get_run (EaselRunItem *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), NULL);
  return self->run;
}

/**
 * easel_run_item_set_run:
 *
 * The run as the window submitted it: its header then shows the prompt as typed (not with the
 * style applied) and the providers in the order chosen.
 */
void
easel_run_item_set_run (EaselRunItem   *self,
                        const EaselRun *run)
{
  g_return_if_fail (EASEL_IS_RUN_ITEM (self));
  g_return_if_fail (run != NULL);

  g_clear_pointer (&self->run, easel_run_free);
  self->run = easel_run_copy (run);

  if (g_strcmp0 (self->prompt, run->prompt) != 0)
    {
      g_free (self->prompt);
      self->prompt = g_strdup (run->prompt);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
    }
  if (run->providers != NULL &&
      (self->providers == NULL || !g_strv_equal ((const char * const *) self->providers,
                                                 (const char * const *) run->providers)))
    {
      g_strfreev (self->providers);
      self->providers = g_strdupv (run->providers);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDERS]);
    }
}

/**
 * easel_run_item_get_cards:
 *
 * Returns: (transfer none): the run's cards, #EaselResultItem
 */
GListModel *
easel_run_item_get_cards (EaselRunItem *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), NULL);
  return G_LIST_MODEL (self->cards);
}

/**
 * easel_run_item_find_card:
 *
 * Returns: (transfer none) (nullable): the card of @job_id
 */
EaselResultItem *
easel_run_item_find_card (EaselRunItem *self,
                          gint64        job_id)
{
  guint n;

  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cards));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselResultItem) card = g_list_model_get_item (G_LIST_MODEL (self->cards), i);

      if (easel_result_item_get_job_id (card) == job_id)
        return card;
    }
  return NULL;
}

static int
compare_cards (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gint64 x = easel_result_item_get_job_id ((EaselResultItem *) a);
  gint64 y = easel_result_item_get_job_id ((EaselResultItem *) b);

  return x < y ? -1 : x > y;
}

static void
add_provider_name (EaselRunItem *self,
                   const char   *name)
{
  guint n = self->providers != NULL ? g_strv_length (self->providers) : 0;

  if (name == NULL || (self->providers != NULL &&
                       g_strv_contains ((const char * const *) self->providers, name)))
    return;
  self->providers = g_renew (char *, self->providers, n + 2);
  self->providers[n] = g_strdup (name);
  self->providers[n + 1] = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDERS]);
}

/**
 * easel_run_item_add_job:
 *
 * Adds a card for @job, or updates the card it has.
 *
 * Returns: (transfer none): the job's card
 */
EaselResultItem *
easel_run_item_add_job (EaselRunItem   *self,
                        const EaselJob *job)
{
  EaselResultItem *card;

  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), NULL);
  g_return_val_if_fail (job != NULL, NULL);

  card = easel_run_item_find_card (self, job->id);
  if (card != NULL)
    {
      easel_result_item_update_job (card, job);
    }
  else
    {
      g_autoptr(EaselResultItem) fresh = easel_result_item_new_for_job (job);

      /* Jobs are made in order (providers as chosen, then image by image): keep that order
       * however their first news arrives.
       */
      g_list_store_insert_sorted (self->cards, fresh, compare_cards, NULL);
      card = fresh;
      if (self->run == NULL)
        add_provider_name (self, job->provider_name);
    }
  easel_run_item_update_state (self);
  return card;
}

gboolean
easel_run_item_get_active (EaselRunItem *self)
{
  g_return_val_if_fail (EASEL_IS_RUN_ITEM (self), FALSE);
  return self->active;
}

/**
 * easel_run_item_update_state:
 *
 * Recomputes #EaselRunItem:active from the cards: a run is active while a job of it is queued
 * or running.
 */
void
easel_run_item_update_state (EaselRunItem *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cards));
  gboolean active = FALSE;

  for (guint i = 0; i < n && !active; i++)
    {
      g_autoptr(EaselResultItem) card = g_list_model_get_item (G_LIST_MODEL (self->cards), i);
      int state = easel_result_item_get_state (card);

      active = state == EASEL_JOB_QUEUED || state == EASEL_JOB_RUNNING;
    }

  if (active != self->active)
    {
      self->active = active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
}

static void
easel_run_item_finalize (GObject *object)
{
  EaselRunItem *self = EASEL_RUN_ITEM (object);

  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->providers, g_strfreev);
  g_clear_pointer (&self->run, easel_run_free);
  g_clear_object (&self->cards);

  G_OBJECT_CLASS (easel_run_item_parent_class)->finalize (object);
}

static void
easel_run_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EaselRunItem *self = EASEL_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;

    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_PROVIDERS:
      g_value_set_boxed (value, self->providers);
      break;

    case PROP_CARDS:
      g_value_set_object (value, self->cards);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_run_item_class_init (EaselRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = easel_run_item_finalize;
  object_class->get_property = easel_run_item_get_property;

  properties[PROP_RUN_ID] = g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, NULL, ro);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                    ro);
  properties[PROP_PROVIDERS] = g_param_spec_boxed ("providers", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_CARDS] = g_param_spec_object ("cards", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
easel_run_item_init (EaselRunItem *self)
{
  self->cards = g_list_store_new (EASEL_TYPE_RESULT_ITEM);
}
