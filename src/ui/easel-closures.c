/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-closures"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-closures.h"
#include "easel-run.h"

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

/**
 * easel_closures_boolean_and:
 *
 * Returns: @a && @b
 */
gboolean
easel_closures_boolean_and (gpointer this_object,
                            gboolean a,
                            gboolean b)
{
  return a && b;
}

/**
 * easel_closures_is_nonzero:
 *
 * Returns: whether @value is not 0 (an id that is set, a count that is not empty)
 */
gboolean
easel_closures_is_nonzero (gpointer this_object,
                           int      value)
{
  return value != 0;
}

/**
 * easel_closures_is_negative:
 *
 * Returns: whether @value < 0 (an unknown progress fraction, an unknown cost)
 */
gboolean
easel_closures_is_negative (gpointer this_object,
                            double   value)
{
  return value < 0;
}

/**
 * easel_closures_fraction:
 *
 * Returns: @value within 0 … 1 (an unknown fraction, -1, is 0), for a progress bar
 */
double
easel_closures_fraction (gpointer this_object,
                         double   value)
{
  return CLAMP (value, 0.0, 1.0);
}

/**
 * easel_closures_excerpt:
 * @text: (nullable): any text
 * @max_chars: the most characters to keep, ≥ 1
 *
 * One line of @text: runs of white space (new lines included) become one space, and a text
 * longer than @max_chars is cut at a word boundary when one is near, with "…".
 *
 * Returns: (transfer full): a newly allocated string, never %NULL
 */
char *
easel_closures_excerpt (gpointer    this_object,
                        const char *text,
                        int         max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  glong n_chars = 0;
  const char *p;

  if (text == NULL)
    return g_string_free (out, FALSE);
  max_chars = MAX (max_chars, 1);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (n_chars > max_chars)
    {
      char *cut = g_utf8_offset_to_pointer (out->str, max_chars);
      char *space_at;

      *cut = '\0';
      /* Prefer a word boundary in the last fifth of the excerpt. */
      space_at = strrchr (out->str, ' ');
      if (space_at != NULL && g_utf8_pointer_to_offset (out->str, space_at) > max_chars * 4 / 5)
        *space_at = '\0';
      g_string_set_size (out, strlen (out->str));
      while (out->len > 0 && (out->str[out->len - 1] == ',' || out->str[out->len - 1] == ' '))
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "…");
    }

  return g_string_free (out, FALSE);
}

/**
 * easel_closures_has_items:
 * @strv: (nullable) (array zero-terminated=1): strings
 *
 * Returns: whether @strv has at least one string
 */
gboolean
easel_closures_has_items (gpointer            this_object,
                          const char * const *strv)
{
  return strv != NULL && strv[0] != NULL;
}

/**
 * easel_closures_join:
 * @strv: (nullable) (array zero-terminated=1): strings
 *
 * Returns: (transfer full): the strings joined with ", ", "" for none
 */
char *
easel_closures_join (gpointer            this_object,
                     const char * const *strv)
{
  if (strv == NULL)
    return g_strdup ("");
  return g_strjoinv (", ", (char **) strv);
}

/**
 * easel_closures_format_duration:
 * @duration_ms: milliseconds, or < 0 when unknown
 *
 * Returns: (transfer full): "850 ms", "4.2 s", "1 min 05 s", or "" when unknown
 */
char *
easel_closures_format_duration (gpointer this_object,
                                gint64   duration_ms)
{
  if (duration_ms < 0)
    return g_strdup ("");
  if (duration_ms < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) duration_ms);
  if (duration_ms < 60 * 1000)
    /* Translators: a duration in seconds, with one decimal */
    return g_strdup_printf (_("%.1f s"), duration_ms / 1000.0);
  /* Translators: a duration in minutes and seconds */
  return g_strdup_printf (_("%d min %02d s"), (int) (duration_ms / 60000),
                          (int) ((duration_ms / 1000) % 60));
}

/**
 * easel_closures_format_cost:
 * @cost_usd: an approximate cost in US dollars, or < 0 when unknown
 *
 * Returns: (transfer full): "$0.04", "<$0.01", "$1.20", or "" when unknown
 */
char *
easel_closures_format_cost (gpointer this_object,
                            double   cost_usd)
{
  if (cost_usd < 0)
    return g_strdup ("");
  if (cost_usd == 0)
    return g_strdup (_("Free"));
  if (cost_usd < 0.01)
    return g_strdup ("<$0.01");
  if (cost_usd < 0.1)
    return g_strdup_printf ("$%.3f", cost_usd);
  return g_strdup_printf ("$%.2f", cost_usd);
}

/**
 * easel_closures_format_seed:
 *
 * Returns: (transfer full): "Seed 1234", or "" without a seed
 */
char *
easel_closures_format_seed (gpointer this_object,
                            gboolean has_seed,
                            gint64   seed)
{
  if (!has_seed)
    return g_strdup ("");
  /* Translators: the seed an image was made with */
  return g_strdup_printf (_("Seed %" G_GINT64_FORMAT), seed);
}

/**
 * easel_closures_result_details:
 *
 * The line under a finished image: size, time and cost, each left out when unknown.
 *
 * Returns: (transfer full): "1024 × 768 · 4.2 s · $0.04"
 */
char *
easel_closures_result_details (gpointer this_object,
                               int      width,
                               int      height,
                               gint64   duration_ms,
                               double   cost_usd)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *duration = easel_closures_format_duration (NULL, duration_ms);
  g_autofree char *cost = easel_closures_format_cost (NULL, cost_usd);

  if (width > 0 && height > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d × %d", width, height));
  if (*duration != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&duration));
  if (*cost != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&cost));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

/**
 * easel_closures_format_time:
 * @unix_seconds: a time, or 0
 *
 * Returns: (transfer full): "14:05" today, "Yesterday 14:05", "3 Mar 14:05" this year, or the
 *   full date
 */
char *
easel_closures_format_time (gpointer this_object,
                            gint64   unix_seconds)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  int then_y, then_d, now_y, now_d;

  if (unix_seconds <= 0)
    return g_strdup ("");

  then = g_date_time_new_from_unix_local (unix_seconds);
  now = g_date_time_new_now_local ();
  if (then == NULL || now == NULL)
    return g_strdup ("");

  then_y = g_date_time_get_year (then);
  now_y = g_date_time_get_year (now);
  then_d = g_date_time_get_day_of_year (then);
  now_d = g_date_time_get_day_of_year (now);

  if (then_y == now_y && then_d == now_d)
    return g_date_time_format (then, "%H:%M");
  if (then_y == now_y && then_d == now_d - 1)
    {
      g_autofree char *time = g_date_time_format (then, "%H:%M");
      /* Translators: %s is a time of day */
      return g_strdup_printf (_("Yesterday %s"), time);
    }
  if (then_y == now_y)
    /* Translators: a date this year, as strftime: day, month and time */
    return g_date_time_format (then, _("%e %b %H:%M"));
  /* Translators: a date in another year, as strftime */
  return g_date_time_format (then, _("%e %b %Y"));
}

/**
 * easel_closures_model_or_default:
 *
 * Returns: (transfer full): @model, or "Default model"
 */
char *
easel_closures_model_or_default (gpointer    this_object,
                                 const char *model)
{
  if (model == NULL || *model == '\0')
    return g_strdup (_("Default model"));
  return g_strdup (model);
}

/**
 * easel_closures_card_page:
 * @state: an #EaselJobState
 * @has_result: whether the card has its image
 *
 * Returns: (transfer full): the card's stack page: "progress", "image" or "error"
 */
char *
easel_closures_card_page (gpointer this_object,
                          int      state,
                          gboolean has_result)
{
  if (has_result || state == EASEL_JOB_DONE)
    return g_strdup ("image");
  if (state == EASEL_JOB_QUEUED || state == EASEL_JOB_RUNNING)
    return g_strdup ("progress");
  return g_strdup ("error");
}

/**
 * easel_closures_job_status:
 * @progress_text: (nullable): what the provider says it is doing
 *
 * Returns: (transfer full): the status line of a card in progress
 */
char *
easel_closures_job_status (gpointer    this_object,
                           int         state,
                           gboolean    cancelling,
                           const char *progress_text)
{
  if (cancelling)
    return g_strdup (_("Cancelling…"));

  switch (state)
    {
    case EASEL_JOB_QUEUED:
      return g_strdup (_("Waiting for the provider…"));
    case EASEL_JOB_RUNNING:
      if (progress_text != NULL && *progress_text != '\0')
        return g_strdup (progress_text);
      return g_strdup (_("Generating…"));
    case EASEL_JOB_DONE:
      return g_strdup (_("Done"));
    case EASEL_JOB_CANCELLED:
      return g_strdup (_("Cancelled"));
    case EASEL_JOB_INTERRUPTED:
      return g_strdup (_("Interrupted"));
    case EASEL_JOB_FAILED:
    default:
      return g_strdup (_("Failed"));
    }
}

/**
 * easel_closures_job_can_cancel:
 *
 * Returns: whether a card's Cancel makes sense: queued or running, and not cancelling already
 */
gboolean
easel_closures_job_can_cancel (gpointer this_object,
                               int      state,
                               gboolean cancelling)
{
  return (state == EASEL_JOB_QUEUED || state == EASEL_JOB_RUNNING) && !cancelling;
}

/**
 * easel_closures_job_can_retry:
 *
 * Returns: whether a card's Retry makes sense: failed, cancelled or interrupted
 */
gboolean
easel_closures_job_can_retry (gpointer this_object,
                              int      state)
{
  return state == EASEL_JOB_FAILED || state == EASEL_JOB_CANCELLED ||
         state == EASEL_JOB_INTERRUPTED;
}

/**
 * easel_closures_error_title:
 *
 * Returns: (transfer full): the heading of a card that has no image
 */
char *
easel_closures_error_title (gpointer this_object,
                            int      state)
{
  switch (state)
    {
    case EASEL_JOB_CANCELLED:
      return g_strdup (_("Cancelled"));
    case EASEL_JOB_INTERRUPTED:
      return g_strdup (_("Interrupted"));
    default:
      return g_strdup (_("Generation Failed"));
    }
}

/**
 * easel_closures_error_detail:
 * @message: (nullable): the job's message
 *
 * Returns: (transfer full): the line under a card's error title: the provider's message; for a
 *   cancelled job, nothing (the title says it)
 */
char *
easel_closures_error_detail (gpointer    this_object,
                             int         state,
                             const char *message)
{
  if (state == EASEL_JOB_CANCELLED || message == NULL)
    return g_strdup ("");
  return g_strdup (message);
}

/**
 * easel_closures_has_text:
 *
 * Returns: whether @text is neither %NULL nor ""
 */
gboolean
easel_closures_has_text (gpointer    this_object,
                         const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * easel_closures_error_icon:
 *
 * Returns: (transfer full): the icon of a card that has no image
 */
char *
easel_closures_error_icon (gpointer this_object,
                           int      state)
{
  if (state == EASEL_JOB_CANCELLED || state == EASEL_JOB_INTERRUPTED)
    return g_strdup ("process-stop-symbolic");
  return g_strdup ("dialog-warning-symbolic");
}

char *
easel_closures_favorite_icon (gpointer this_object,
                              gboolean favorite)
{
  return g_strdup (favorite ? "starred-symbolic" : "non-starred-symbolic");
}

char *
easel_closures_favorite_tooltip (gpointer this_object,
                                 gboolean favorite)
{
  return g_strdup (favorite ? _("Remove From Favorites") : _("Add to Favorites"));
}

/**
 * easel_closures_star_icon:
 * @rating: 0 … 5
 * @star: which star, 1 … 5
 *
 * Returns: (transfer full): the icon of star @star for @rating
 */
char *
easel_closures_star_icon (gpointer this_object,
                          int      rating,
                          int      star)
{
  return g_strdup (star <= rating ? "starred-symbolic" : "non-starred-symbolic");
}

/**
 * easel_closures_rating_label:
 *
 * Returns: (transfer full): the rating in words, for the rating menu button
 */
char *
easel_closures_rating_label (gpointer this_object,
                             int      rating)
{
  if (rating <= 0)
    return g_strdup (_("Not rated"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rated %d star", "Rated %d stars",
                                       rating), rating);
}
