/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-result-item"

#include "config.h"

#include "easel-image-setting.h"
#include "easel-result-item.h"
#include "easel-result.h"
#include "easel-run.h"

/**
 * EaselResultItem:
 *
 * One card: a job of a run while it is queued, running or failed, and then its result. History
 * cards are results only, and start as placeholders until their page of the history is read.
 *
 * Everything a card shows is a property, so the card's template binds to it: the job's state,
 * the live progress and preview, the decoded image, the result's seed, time, cost, size and
 * adjustments, its favourite star and rating.
 */
struct _EaselResultItem
{
  GObject       parent_instance;

  EaselJob     *job;
  EaselResult  *result;

  double        fraction;
  char         *progress_text;
  GdkPaintable *preview;
  GdkPaintable *image;
  char         *image_path;
  char         *thumbnail_path;
};

G_DEFINE_FINAL_TYPE (EaselResultItem, easel_result_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOB_ID,
  PROP_RESULT_ID,
  PROP_STATE,
  PROP_PROVIDER_NAME,
  PROP_MODEL,
  PROP_PROMPT,
  PROP_FRACTION,
  PROP_PROGRESS_TEXT,
  PROP_PREVIEW,
  PROP_IMAGE,
  PROP_HAS_RESULT,
  PROP_FAVORITE,
  PROP_RATING,
  PROP_ERROR_MESSAGE,
  PROP_CANCELLING,
  PROP_HAS_SEED,
  PROP_SEED,
  PROP_DURATION_MS,
  PROP_COST,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_ADJUSTMENTS,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (EaselResultItem *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

EaselResultItem *
easel_result_item_new_for_job (const EaselJob *job)
{
  EaselResultItem *self;

  g_return_val_if_fail (job != NULL, NULL);

  self = g_object_new (EASEL_TYPE_RESULT_ITEM, NULL);
  self->job = easel_job_copy (job);
  return self;
}

EaselResultItem *
easel_result_item_new_for_result (const EaselResult *result)
{
  EaselResultItem *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (EASEL_TYPE_RESULT_ITEM, NULL);
  self->result = easel_result_copy (result);
  return self;
}

/**
 * easel_result_item_new_placeholder:
 *
 * A history card whose result is still being read; easel_result_item_set_result() fills it.
 */
EaselResultItem *
easel_result_item_new_placeholder (void)
{
  return g_object_new (EASEL_TYPE_RESULT_ITEM, NULL);
}

/**
 * easel_result_item_get_job:
 *
 * Returns: (nullable): the job, for cards of the comparison grid
 */
const EaselJob *
easel_result_item_get_job (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->job;
}

/**
 * easel_result_item_get_result:
 *
 * Returns: (nullable): the result, once there is one
 */
const EaselResult *
easel_result_item_get_result (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->result;
}

gint64
easel_result_item_get_job_id (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), 0);

  if (self->job != NULL)
    return self->job->id;
  return self->result != NULL ? self->result->job_id : 0;
}

gint64
easel_result_item_get_result_id (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), 0);
  return self->result != NULL ? self->result->id : 0;
}

gint64
easel_result_item_get_run_id (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), 0);

  if (self->job != NULL)
    return self->job->run_id;
  return self->result != NULL ? self->result->run_id : 0;
}

/**
 * easel_result_item_get_state:
 *
 * Returns: an #EaselJobState: a result without a job is %EASEL_JOB_DONE; so is a history
 *   placeholder (an image still being read, not a job waiting for a provider)
 */
int
easel_result_item_get_state (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), EASEL_JOB_DONE);

  if (self->result != NULL)
    return EASEL_JOB_DONE;
  if (self->job != NULL)
    return self->job->state;
  return EASEL_JOB_DONE;
}

const char *
easel_result_item_get_provider_name (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);

  if (self->result != NULL)
    return self->result->provider_name;
  return self->job != NULL ? self->job->provider_name : NULL;
}

static const char *
get_model (EaselResultItem *self)
{
  if (self->result != NULL && self->result->model != NULL)
    return self->result->model;
  return self->job != NULL ? self->job->model : NULL;
}

/**
 * easel_result_item_get_error_message:
 *
 * Returns: (nullable): the provider's message when the job failed, or while it waits to retry
 */
const char *
easel_result_item_get_error_message (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);

  if (self->result != NULL || self->job == NULL)
    return NULL;
  return self->job->error_message;
}

gboolean
easel_result_item_get_cancelling (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), FALSE);
  return self->job != NULL && self->job->cancelling && self->result == NULL;
}

double
easel_result_item_get_fraction (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), -1);
  return self->fraction;
}

/**
 * easel_result_item_get_progress_text:
 *
 * Returns: (nullable): what the provider says it is doing
 */
const char *
easel_result_item_get_progress_text (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->progress_text;
}

static void
notify (EaselResultItem *self,
        guint            prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * easel_result_item_update_job:
 * @job: the job's new state (from #EaselEngine::job-changed)
 *
 * Takes the job's new state. A retried job starts over: its progress and preview are cleared.
 */
void
easel_result_item_update_job (EaselResultItem *self,
                              const EaselJob  *job)
{
  EaselJob *old;

  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));
  g_return_if_fail (job != NULL);

  old = self->job;
  self->job = easel_job_copy (job);

  g_object_freeze_notify (G_OBJECT (self));
  if (old == NULL || old->state != job->state)
    {
      notify (self, PROP_STATE);
      /* Queued again (a retry): the previous attempt's progress means nothing now. */
      if (job->state == EASEL_JOB_QUEUED)
        easel_result_item_set_progress (self, -1, NULL, NULL);
    }
  if (old == NULL || g_strcmp0 (old->error_message, job->error_message) != 0)
    notify (self, PROP_ERROR_MESSAGE);
  if (old == NULL || old->cancelling != job->cancelling)
    notify (self, PROP_CANCELLING);
  if (old == NULL || g_strcmp0 (old->model, job->model) != 0)
    notify (self, PROP_MODEL);
  if (self->result == NULL && (old == NULL || old->seed != job->seed ||
                               old->has_seed != job->has_seed))
    {
      notify (self, PROP_SEED);
      notify (self, PROP_HAS_SEED);
    }
  g_object_thaw_notify (G_OBJECT (self));

  g_clear_pointer (&old, easel_job_free);
  emit_changed (self);
}

/**
 * easel_result_item_set_progress:
 * @fraction: 0 … 1, or -1 when unknown
 * @text: (nullable): what is happening
 * @preview: (nullable): a live preview; %NULL keeps the last one
 */
void
easel_result_item_set_progress (EaselResultItem *self,
                                double           fraction,
                                const char      *text,
                                GdkPaintable    *preview)
{
  gboolean changed = FALSE;

  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));

  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      notify (self, PROP_FRACTION);
      changed = TRUE;
    }
  if (g_strcmp0 (self->progress_text, text) != 0)
    {
      g_free (self->progress_text);
      self->progress_text = g_strdup (text);
      notify (self, PROP_PROGRESS_TEXT);
      changed = TRUE;
    }
  if (preview != NULL && g_set_object (&self->preview, preview))
    notify (self, PROP_PREVIEW);
  /* A retry clears the preview too. */
  if (preview == NULL && fraction < 0 && text == NULL && self->preview != NULL)
    {
      g_clear_object (&self->preview);
      notify (self, PROP_PREVIEW);
    }
  if (changed)
    emit_changed (self);
}

/**
 * easel_result_item_set_result:
 * @result: the stored result (from #EaselEngine::result-added or a history page)
 */
void
easel_result_item_set_result (EaselResultItem   *self,
                              const EaselResult *result)
{
  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));
  g_return_if_fail (result != NULL);

  g_clear_pointer (&self->result, easel_result_free);
  self->result = easel_result_copy (result);

  /* Everything a result shows may have changed: one notification each, in one batch. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_RESULT_ID; prop < N_PROPS; prop++)
    if (prop != PROP_PREVIEW && prop != PROP_IMAGE && prop != PROP_FRACTION &&
        prop != PROP_PROGRESS_TEXT)
      notify (self, prop);
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self);
}

/**
 * easel_result_item_get_image:
 *
 * Returns: (transfer none) (nullable): the decoded image, once loaded
 */
GdkPaintable *
easel_result_item_get_image (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->image;
}

void
easel_result_item_set_image (EaselResultItem *self,
                             GdkPaintable    *image)
{
  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));

  if (g_set_object (&self->image, image))
    notify (self, PROP_IMAGE);
}

/**
 * easel_result_item_get_preview:
 *
 * Returns: (transfer none) (nullable): the last live preview
 */
GdkPaintable *
easel_result_item_get_preview (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->preview;
}

gboolean
easel_result_item_get_favorite (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), FALSE);
  return self->result != NULL && self->result->favorite;
}

/**
 * easel_result_item_set_favorite:
 *
 * Changes what the card shows; the caller writes it to the store.
 */
void
easel_result_item_set_favorite (EaselResultItem *self,
                                gboolean         favorite)
{
  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));

  if (self->result == NULL || self->result->favorite == !!favorite)
    return;
  self->result->favorite = !!favorite;
  notify (self, PROP_FAVORITE);
  emit_changed (self);
}

int
easel_result_item_get_rating (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), 0);
  return self->result != NULL ? self->result->rating : 0;
}

void
easel_result_item_set_rating (EaselResultItem *self,
                              int              rating)
{
  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));

  rating = CLAMP (rating, 0, 5);
  if (self->result == NULL || self->result->rating == rating)
    return;
  self->result->rating = rating;
  notify (self, PROP_RATING);
  emit_changed (self);
}

/**
 * easel_result_item_set_files:
 * @image_path: (nullable): where the image is
 * @thumbnail_path: (nullable): where its thumbnail is (it may have to be made again)
 *
 * The files of the card's result, as the engine names them.
 */
void
easel_result_item_set_files (EaselResultItem *self,
                             const char      *image_path,
                             const char      *thumbnail_path)
{
  g_return_if_fail (EASEL_IS_RESULT_ITEM (self));

  g_free (self->image_path);
  self->image_path = g_strdup (image_path);
  g_free (self->thumbnail_path);
  self->thumbnail_path = g_strdup (thumbnail_path);
}

/**
 * easel_result_item_get_image_path:
 *
 * Returns: (nullable): the image file, once there is a result
 */
const char *
easel_result_item_get_image_path (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->image_path;
}

/**
 * easel_result_item_get_thumbnail_path:
 *
 * Returns: (nullable): the thumbnail file
 */
const char *
easel_result_item_get_thumbnail_path (EaselResultItem *self)
{
  g_return_val_if_fail (EASEL_IS_RESULT_ITEM (self), NULL);
  return self->thumbnail_path;
}

static void
easel_result_item_finalize (GObject *object)
{
  EaselResultItem *self = EASEL_RESULT_ITEM (object);

  g_clear_pointer (&self->job, easel_job_free);
  g_clear_pointer (&self->result, easel_result_free);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_object (&self->preview);
  g_clear_object (&self->image);
  g_clear_pointer (&self->image_path, g_free);
  g_clear_pointer (&self->thumbnail_path, g_free);

  G_OBJECT_CLASS (easel_result_item_parent_class)->finalize (object);
}

static void
easel_result_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselResultItem *self = EASEL_RESULT_ITEM (object);
  EaselResult *result = self->result;

  switch (prop_id)
    {
    case PROP_JOB_ID:
      g_value_set_int64 (value, easel_result_item_get_job_id (self));
      break;

    case PROP_RESULT_ID:
      g_value_set_int64 (value, easel_result_item_get_result_id (self));
      break;

    case PROP_STATE:
      g_value_set_int (value, easel_result_item_get_state (self));
      break;

    case PROP_PROVIDER_NAME:
      g_value_set_string (value, easel_result_item_get_provider_name (self));
      break;

    case PROP_MODEL:
      g_value_set_string (value, get_model (self));
      break;

    case PROP_PROMPT:
      g_value_set_string (value, result != NULL ? result->prompt
                                 : self->job != NULL ? self->job->prompt : NULL);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;

    case PROP_PREVIEW:
      g_value_set_object (value, self->preview);
      break;

    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;

    case PROP_HAS_RESULT:
      g_value_set_boolean (value, result != NULL);
      break;

    case PROP_FAVORITE:
      g_value_set_boolean (value, easel_result_item_get_favorite (self));
      break;

    case PROP_RATING:
      g_value_set_int (value, easel_result_item_get_rating (self));
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, easel_result_item_get_error_message (self));
      break;

    case PROP_CANCELLING:
      g_value_set_boolean (value, easel_result_item_get_cancelling (self));
      break;

    case PROP_HAS_SEED:
      g_value_set_boolean (value, result != NULL ? result->has_seed
                                  : self->job != NULL && self->job->has_seed);
      break;

    case PROP_SEED:
      g_value_set_int64 (value, result != NULL ? result->seed
                                : self->job != NULL ? self->job->seed : 0);
      break;

    case PROP_DURATION_MS:
      g_value_set_int64 (value, result != NULL ? result->duration_ms : -1);
      break;

    case PROP_COST:
      g_value_set_double (value, result != NULL && result->has_cost ? result->cost_usd : -1);
      break;

    case PROP_WIDTH:
      g_value_set_int (value, result != NULL ? result->width : 0);
      break;

    case PROP_HEIGHT:
      g_value_set_int (value, result != NULL ? result->height : 0);
      break;

    case PROP_ADJUSTMENTS:
      g_value_set_boxed (value, result != NULL ? result->adjustments : NULL);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, result != NULL ? result->created_at
                                : self->job != NULL ? self->job->created_at : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_result_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EaselResultItem *self = EASEL_RESULT_ITEM (object);

  switch (prop_id)
    {
    case PROP_FAVORITE:
      easel_result_item_set_favorite (self, g_value_get_boolean (value));
      break;

    case PROP_RATING:
      easel_result_item_set_rating (self, g_value_get_int (value));
      break;

    case PROP_IMAGE:
      easel_result_item_set_image (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_result_item_class_init (EaselResultItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = easel_result_item_finalize;
  object_class->get_property = easel_result_item_get_property;
  object_class->set_property = easel_result_item_set_property;

  properties[PROP_JOB_ID] = g_param_spec_int64 ("job-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_RESULT_ID] = g_param_spec_int64 ("result-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /**
   * EaselResultItem:state:
   *
   * An #EaselJobState.
   */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_PROVIDER_NAME] = g_param_spec_string ("provider-name", NULL, NULL, NULL, ro);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, ro);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, NULL, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_PROGRESS_TEXT] = g_param_spec_string ("progress-text", NULL, NULL, NULL, ro);
  properties[PROP_PREVIEW] = g_param_spec_object ("preview", NULL, NULL, GDK_TYPE_PAINTABLE, ro);
  properties[PROP_IMAGE] = g_param_spec_object ("image", NULL, NULL, GDK_TYPE_PAINTABLE, rw);
  properties[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE, ro);
  properties[PROP_FAVORITE] = g_param_spec_boolean ("favorite", NULL, NULL, FALSE, rw);
  properties[PROP_RATING] = g_param_spec_int ("rating", NULL, NULL, 0, 5, 0, rw);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_CANCELLING] = g_param_spec_boolean ("cancelling", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_SEED] = g_param_spec_boolean ("has-seed", NULL, NULL, FALSE, ro);
  properties[PROP_SEED] = g_param_spec_int64 ("seed", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DURATION_MS] = g_param_spec_int64 ("duration-ms", NULL, NULL, -1, G_MAXINT64,
                                                     -1, ro);
  properties[PROP_COST] = g_param_spec_double ("cost", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_ADJUSTMENTS] = g_param_spec_boxed ("adjustments", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                    ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaselResultItem::changed:
   *
   * Something a card shows changed (once per update, however many properties it touched);
   * the image and the preview notify on their own.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
easel_result_item_init (EaselResultItem *self)
{
  self->fraction = -1;
}
