/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-window"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-engine.h"
#include "easel-history-page.h"
#include "easel-image-setting.h"
#include "easel-prompt-area.h"
#include "easel-result-details.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-results-view.h"
#include "easel-run-item.h"
#include "easel-run.h"
#include "easel-settings-editor.h"
#include "easel-store-task.h"
#include "easel-store.h"
#include "easel-window-private.h"

/* The comparison grid: runs submitted from this window, each a group of cards that follow the
 * engine's signals (job-changed, job-progress, result-added). A card exists from the first news
 * of its job — the engine reports every job as queued before it is sent anywhere — so a run
 * shows all its cards at once, labelled, before any provider answers.
 *
 * The grid keeps the last MAX_RUNS runs; older ones are in the history.
 */
#define MAX_RUNS 20

static GHashTable *
cards_by_job (EaselWindow *self)
{
  return g_object_get_data (G_OBJECT (self->runs), "easel-cards");
}

/* New jobs waiting for their card: job id → the job's latest state. A run of twelve reports
 * its twelve jobs at once; their cards are made one per main-loop turn, so making them never
 * holds the main loop for more than one card's worth.
 */
static GHashTable *
pending_jobs (EaselWindow *self)
{
  return g_object_get_data (G_OBJECT (self->runs), "easel-pending");
}

static GQueue *
pending_order (EaselWindow *self)
{
  return g_object_get_data (G_OBJECT (self->runs), "easel-pending-order");
}

void
_easel_window_runs_init (EaselWindow *self)
{
  self->runs = g_list_store_new (EASEL_TYPE_RUN_ITEM);
  self->runs_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->submitted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) easel_run_free);
  g_object_set_data_full (G_OBJECT (self->runs), "easel-cards",
                          g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                 g_object_unref),
                          (GDestroyNotify) g_hash_table_unref);
  g_object_set_data_full (G_OBJECT (self->runs), "easel-pending",
                          g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                 (GDestroyNotify) easel_job_free),
                          (GDestroyNotify) g_hash_table_unref);
  g_object_set_data_full (G_OBJECT (self->runs), "easel-pending-order", g_queue_new (),
                          (GDestroyNotify) g_queue_free);
  easel_results_view_set_runs (self->results_view, G_LIST_MODEL (self->runs));
}

gboolean
_easel_window_has_active_runs (EaselWindow *self)
{
  guint n = self->runs != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->runs)) : 0;

  if (self->runs != NULL && g_hash_table_size (pending_jobs (self)) > 0)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselRunItem) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (easel_run_item_get_active (run))
        return TRUE;
    }
  return FALSE;
}

static gint64 *
int64_key (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

static void
forget_run (EaselWindow  *self,
            EaselRunItem *run)
{
  GListModel *cards = easel_run_item_get_cards (run);
  gint64 run_id = easel_run_item_get_run_id (run);

  for (guint i = 0; i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(EaselResultItem) card = g_list_model_get_item (cards, i);
      gint64 job_id = easel_result_item_get_job_id (card);

      g_hash_table_remove (cards_by_job (self), &job_id);
    }
  g_hash_table_remove (self->runs_by_id, &run_id);
  g_hash_table_remove (self->submitted, &run_id);
}

static EaselRunItem *
ensure_run (EaselWindow    *self,
            const EaselJob *job)
{
  EaselRunItem *run = g_hash_table_lookup (self->runs_by_id, &job->run_id);
  g_autoptr(EaselRunItem) fresh = NULL;
  const EaselRun *submitted;
  guint n;

  if (run != NULL)
    return run;

  submitted = g_hash_table_lookup (self->submitted, &job->run_id);
  fresh = easel_run_item_new (job->run_id, submitted != NULL ? submitted->prompt : job->prompt,
                              job->created_at);
  if (submitted != NULL)
    easel_run_item_set_run (fresh, submitted);

  g_hash_table_insert (self->runs_by_id, int64_key (job->run_id), fresh);
  g_list_store_insert (self->runs, 0, fresh);

  /* Older runs leave the grid (they stay in the history), unless they still run. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  while (n > MAX_RUNS)
    {
      g_autoptr(EaselRunItem) oldest = g_list_model_get_item (G_LIST_MODEL (self->runs), n - 1);

      if (easel_run_item_get_active (oldest))
        break;
      forget_run (self, oldest);
      g_list_store_remove (self->runs, n - 1);
      n--;
    }

  return fresh;
}

static void
add_card (EaselWindow    *self,
          const EaselJob *job)
{
  EaselRunItem *run = ensure_run (self, job);
  EaselResultItem *card = easel_run_item_add_job (run, job);

  if (!g_hash_table_contains (cards_by_job (self), &job->id))
    g_hash_table_insert (cards_by_job (self), int64_key (job->id), g_object_ref (card));
}

/* Makes the card of the oldest pending job. */
static gboolean
flush_one_pending (EaselWindow *self)
{
  gint64 *id = g_queue_pop_head (pending_order (self));
  EaselJob *job;

  if (id == NULL)
    return FALSE;
  job = g_hash_table_lookup (pending_jobs (self), id);
  if (job != NULL)
    {
      add_card (self, job);
      g_hash_table_remove (pending_jobs (self), id);
    }
  g_free (id);
  return TRUE;
}

static gboolean
flush_pending_cb (gpointer data)
{
  EaselWindow *self = data;

  if (flush_one_pending (self) && !g_queue_is_empty (pending_order (self)))
    return G_SOURCE_CONTINUE;

  g_object_set_data (G_OBJECT (self->runs), "easel-pending-idle", NULL);
  _easel_window_actions_update (self);
  return G_SOURCE_REMOVE;
}

/* A job whose card is still pending gets its card now (its result has arrived). */
static void
flush_pending_job (EaselWindow *self,
                   gint64       job_id)
{
  EaselJob *job = g_hash_table_lookup (pending_jobs (self), &job_id);

  if (job == NULL)
    return;
  add_card (self, job);
  g_hash_table_remove (pending_jobs (self), &job_id);
}

static void
on_job_changed_cb (EaselWindow    *self,
                   const EaselJob *job,
                   EaselEngine    *engine)
{
  EaselResultItem *card;

  /* Jobs for a blog post belong to the Posts page. */
  if (job->section_id != 0)
    return;

  card = g_hash_table_lookup (cards_by_job (self), &job->id);
  if (card != NULL)
    {
      EaselRunItem *run = g_hash_table_lookup (self->runs_by_id, &job->run_id);

      easel_result_item_update_job (card, job);
      if (run != NULL)
        easel_run_item_update_state (run);
    }
  else if (g_hash_table_contains (pending_jobs (self), &job->id))
    g_hash_table_replace (pending_jobs (self), int64_key (job->id), easel_job_copy (job));
  else
    {
      /* The run's group shows at once; its cards follow, one per main-loop turn. */
      ensure_run (self, job);
      g_hash_table_insert (pending_jobs (self), int64_key (job->id), easel_job_copy (job));
      g_queue_push_tail (pending_order (self), int64_key (job->id));
      if (g_object_get_data (G_OBJECT (self->runs), "easel-pending-idle") == NULL)
        {
          guint id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_pending_cb, self, NULL);

          g_object_set_data (G_OBJECT (self->runs), "easel-pending-idle", GUINT_TO_POINTER (id));
        }
    }

  _easel_window_actions_update (self);
}

static void
on_job_progress_cb (EaselWindow *self,
                    gint64       job_id,
                    double       fraction,
                    const char  *text,
                    GdkPixbuf   *preview,
                    EaselEngine *engine)
{
  EaselResultItem *card;
  g_autoptr(GdkTexture) texture = NULL;

  /* A job that reports progress is running: its card is needed now. */
  flush_pending_job (self, job_id);
  card = g_hash_table_lookup (cards_by_job (self), &job_id);
  if (card == NULL)
    return;

  /* The engine decoded the preview in a worker; wrapping it shares the pixels. */
  if (preview != NULL)
    texture = gdk_texture_new_for_pixbuf (preview);
  easel_result_item_set_progress (card, fraction, text, GDK_PAINTABLE (texture));
}

static void
on_result_added_cb (EaselWindow       *self,
                    const EaselResult *result,
                    EaselEngine       *engine)
{
  EaselResultItem *card;
  g_autofree char *image_path = easel_engine_get_result_path (engine, result);
  g_autofree char *thumbnail_path = easel_engine_get_thumbnail_path (engine, result);

  flush_pending_job (self, result->job_id);
  card = g_hash_table_lookup (cards_by_job (self), &result->job_id);
  if (card != NULL)
    {
      easel_result_item_set_files (card, image_path, thumbnail_path);
      easel_result_item_set_result (card, result);
    }

  if (result->has_seed && result->section_id == 0)
    {
      self->has_last_seed = TRUE;
      self->last_seed = result->seed;
      easel_settings_editor_set_last_seed (self->settings_editor, TRUE, result->seed);
    }

  easel_history_page_result_added (self->history_page, result);
}

static void
on_run_finished_cb (EaselWindow *self,
                    gint64       run_id,
                    EaselEngine *engine)
{
  EaselRunItem *run = g_hash_table_lookup (self->runs_by_id, &run_id);

  if (run != NULL)
    easel_run_item_update_state (run);
  _easel_window_actions_update (self);
}

void
_easel_window_runs_connect (EaselWindow *self)
{
  g_signal_connect_object (self->engine, "job-changed", G_CALLBACK (on_job_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "job-progress", G_CALLBACK (on_job_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "result-added", G_CALLBACK (on_result_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "run-finished", G_CALLBACK (on_run_finished_cb), self,
                           G_CONNECT_SWAPPED);

  /* The window shows previews: the engine decodes them off the main thread for it. */
  easel_engine_set_decode_previews (self->engine, TRUE);
}

/* ---- generate and cancel ----------------------------------------------------------------- */

typedef struct
{
  EaselWindow *window;
  EaselRun    *run;
} Submission;

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Submission *submission = user_data;
  g_autoptr(EaselWindow) self = submission->window;
  g_autoptr(EaselRun) run = submission->run;
  g_autoptr(GError) error = NULL;
  EaselRunItem *item;
  gint64 run_id;

  g_free (submission);
  self->submitting--;

  run_id = easel_engine_submit_finish (EASEL_ENGINE (object), result, &error);
  if (run_id == 0)
    {
      _easel_window_show_error (self, _("Could not start generating"), error);
      _easel_window_actions_update (self);
      return;
    }

  run->id = run_id;
  item = g_hash_table_lookup (self->runs_by_id, &run_id);
  if (item != NULL)
    easel_run_item_set_run (item, run);
  g_hash_table_insert (self->submitted, int64_key (run_id), g_steal_pointer (&run));
  _easel_window_actions_update (self);
}

void
_easel_window_generate (EaselWindow *self)
{
  g_autoptr(EaselImageSetting) setting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;
  Submission *submission;
  EaselRun *run;

  if (self->engine == NULL)
    return;

  setting = easel_settings_editor_dup_setting (self->settings_editor, &error);
  if (setting == NULL)
    {
      _easel_window_show_error (self, _("Could not start generating"), error);
      return;
    }

  prompt = easel_prompt_area_dup_prompt (self->prompt_area);
  negative = easel_prompt_area_dup_negative_prompt (self->prompt_area);
  g_strstrip (prompt);
  g_strstrip (negative);

  run = easel_run_new (prompt);
  run->negative_prompt = *negative != '\0' ? g_strdup (negative) : NULL;
  run->style = g_strdup (easel_prompt_area_get_style_name (self->prompt_area));
  run->format = g_strdup (easel_prompt_area_get_format_name (self->prompt_area));
  run->providers = easel_prompt_area_dup_selected_providers (self->prompt_area);
  run->count = setting->count > 0 ? setting->count : 1;
  easel_image_setting_free (run->setting);
  run->setting = g_steal_pointer (&setting);

  submission = g_new0 (Submission, 1);
  submission->window = g_object_ref (self);
  submission->run = run;
  self->submitting++;
  easel_engine_submit_async (self->engine, run, NULL, submitted_cb, submission);
  _easel_window_actions_update (self);
}

/* Escape: every run of this window that still runs. */
guint
_easel_window_cancel_all (EaselWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  guint count = 0;

  if (self->engine == NULL)
    return 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaselRunItem) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      /* The engine knows every job, also those whose card is not made yet. */
      if (easel_engine_is_run_active (self->engine, easel_run_item_get_run_id (run)))
        count += easel_engine_cancel_run (self->engine, easel_run_item_get_run_id (run));
    }
  return count;
}

void
_easel_window_cancel_run (EaselWindow *self,
                          gint64       run_id)
{
  if (self->engine != NULL && run_id > 0)
    easel_engine_cancel_run (self->engine, run_id);
}

void
_easel_window_cancel_job (EaselWindow     *self,
                          EaselResultItem *item)
{
  gint64 job_id = easel_result_item_get_job_id (item);

  if (self->engine != NULL && job_id > 0)
    easel_engine_cancel_job (self->engine, job_id);
}

static void
retried_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EaselWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!easel_engine_retry_job_finish (EASEL_ENGINE (object), result, &error))
    _easel_window_show_error (self, _("Could not retry"), error);
}

void
_easel_window_retry_job (EaselWindow     *self,
                         EaselResultItem *item)
{
  gint64 job_id = easel_result_item_get_job_id (item);

  if (self->engine == NULL || job_id <= 0)
    return;
  easel_engine_retry_job_async (self->engine, job_id, self->cancellable, retried_cb,
                                g_object_ref (self));
}

/* ---- favourite and rating -------------------------------------------------------------- */

typedef struct
{
  gint64   result_id;
  gboolean set_favorite;
  gboolean favorite;
  int      rating;
} Mark;

static gboolean
mark_func (EaselStore  *store,
           gpointer     data,
           gpointer    *out_result,
           GError     **error)
{
  Mark *mark = data;

  if (mark->set_favorite)
    return easel_store_set_result_favorite (store, mark->result_id, mark->favorite, error);
  return easel_store_set_result_rating (store, mark->result_id, mark->rating, error);
}

/* Every card of the result shows the same: the grid's and the history's. */
static void
apply_mark (EaselWindow *self,
            gint64       result_id,
            gint64       job_id,
            const Mark  *mark)
{
  EaselResultItem *card = g_hash_table_lookup (cards_by_job (self), &job_id);

  if (card != NULL && easel_result_item_get_result_id (card) == result_id)
    {
      if (mark->set_favorite)
        easel_result_item_set_favorite (card, mark->favorite);
      else
        easel_result_item_set_rating (card, mark->rating);
    }
  easel_history_page_update_result (self->history_page, result_id,
                                    mark->set_favorite ? mark->favorite : -1,
                                    mark->set_favorite ? -1 : mark->rating);
}

typedef struct
{
  EaselWindow *window;
  Mark         undo;
  gint64       job_id;
} MarkReply;

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MarkReply *reply = user_data;
  g_autoptr(EaselWindow) self = reply->window;
  g_autoptr(GError) error = NULL;

  if (!easel_store_task_finish_boolean (result, &error))
    {
      /* The store said no: show the truth again. */
      apply_mark (self, reply->undo.result_id, reply->job_id, &reply->undo);
      _easel_window_show_error (self, _("Could not save the change"), error);
    }
  g_free (reply);
}

static void
mark (EaselWindow     *self,
      EaselResultItem *item,
      const Mark      *change)
{
  MarkReply *reply;

  if (self->store == NULL || change->result_id == 0)
    return;

  reply = g_new0 (MarkReply, 1);
  reply->window = g_object_ref (self);
  reply->job_id = easel_result_item_get_job_id (item);
  reply->undo = *change;
  reply->undo.favorite = easel_result_item_get_favorite (item);
  reply->undo.rating = easel_result_item_get_rating (item);

  /* Shown at once; written in a worker. */
  if (change->set_favorite)
    easel_result_item_set_favorite (item, change->favorite);
  else
    easel_result_item_set_rating (item, change->rating);
  apply_mark (self, change->result_id, reply->job_id, change);

  easel_store_task_run (self->store, mark_func, g_memdup2 (change, sizeof *change), g_free, NULL,
                        NULL, marked_cb, reply);
}

void
_easel_window_set_result_favorite (EaselWindow     *self,
                                   EaselResultItem *item,
                                   gboolean         favorite)
{
  Mark change = { easel_result_item_get_result_id (item), TRUE, favorite, 0 };

  mark (self, item, &change);
}

void
_easel_window_set_result_rating (EaselWindow     *self,
                                 EaselResultItem *item,
                                 int              rating)
{
  Mark change = { easel_result_item_get_result_id (item), FALSE, FALSE, rating };

  mark (self, item, &change);
}

/* ---- reuse and details -------------------------------------------------------------------- */

static gboolean
get_run_func (EaselStore  *store,
              gpointer     data,
              gpointer    *out_result,
              GError     **error)
{
  *out_result = easel_store_get_run (store, *(gint64 *) data, error);
  return *out_result != NULL;
}

typedef struct
{
  EaselWindow *window;
  EaselResult *result;
} Reuse;

static void
reuse (EaselWindow       *self,
       const EaselResult *result,
       const EaselRun    *run)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_copy (result->setting);
  const char *providers[] = { result->provider_name, NULL };

  /* The settings actually sent, with the seed that made this image, for one image. */
  if (result->has_seed)
    {
      setting->has_seed = TRUE;
      setting->seed = result->seed;
    }
  setting->count = 1;
  g_clear_pointer (&setting->prompt, g_free);
  g_clear_pointer (&setting->negative_prompt, g_free);

  if (run != NULL)
    _easel_window_load_setting (self, run->prompt, run->negative_prompt, run->style, run->format,
                                providers, setting);
  else
    _easel_window_load_setting (self, result->prompt, result->negative_prompt, NULL, NULL,
                                providers, setting);
  _easel_window_toast (self, _("Settings loaded"));
}

static void
run_for_reuse_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Reuse *data = user_data;
  g_autoptr(EaselWindow) self = data->window;
  g_autoptr(EaselResult) reused = data->result;
  g_autoptr(EaselRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);
  run = easel_store_task_finish (result, &error);
  if (run == NULL)
    g_debug ("the run of a reused result is gone: %s", error->message);
  reuse (self, reused, run);
}

void
_easel_window_reuse_result (EaselWindow     *self,
                            EaselResultItem *item)
{
  const EaselResult *result = easel_result_item_get_result (item);
  const EaselRun *run;
  Reuse *data;

  if (result == NULL || self->store == NULL)
    return;

  /* The prompt as typed (before the style) is the run's: known for this session's runs, read
   * from the store for older ones.
   */
  run = g_hash_table_lookup (self->submitted, &result->run_id);
  if (run != NULL)
    {
      reuse (self, result, run);
      return;
    }

  data = g_new0 (Reuse, 1);
  data->window = g_object_ref (self);
  data->result = easel_result_copy (result);
  easel_store_task_run (self->store, get_run_func, g_memdup2 (&result->run_id, sizeof (gint64)),
                        g_free, (GDestroyNotify) easel_run_free, self->cancellable,
                        run_for_reuse_cb, data);
}

void
_easel_window_show_result_details (EaselWindow     *self,
                                   EaselResultItem *item)
{
  GtkWindow *details;

  if (easel_result_item_get_result (item) == NULL)
    return;
  details = easel_result_details_new (item);
  gtk_window_set_transient_for (details, GTK_WINDOW (self));
  gtk_window_present (details);
}
