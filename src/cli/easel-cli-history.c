/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "easel-cli-private.h"
#include "easel-cli-watch.h"
#include "easel-engine.h"

/* easel history: search every result ever made. easel jobs: what happened to each job. */

static JsonNode *
result_to_json (EaselEngine       *engine,
                const EaselResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = easel_engine_get_result_path (engine, result);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, result->id);
  json_builder_set_member_name (b, "run");
  json_builder_add_int_value (b, result->run_id);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, result->created_at);
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, result->provider_name);
  json_builder_set_member_name (b, "model");
  if (result->model != NULL)
    json_builder_add_string_value (b, result->model);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "prompt");
  json_builder_add_string_value (b, result->prompt);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, result->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, result->height);
  json_builder_set_member_name (b, "seed");
  if (result->has_seed)
    json_builder_add_int_value (b, result->seed);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "duration_ms");
  json_builder_add_int_value (b, result->duration_ms);
  json_builder_set_member_name (b, "cost_usd");
  if (result->has_cost)
    json_builder_add_double_value (b, result->cost_usd);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "favorite");
  json_builder_add_boolean_value (b, result->favorite);
  json_builder_set_member_name (b, "rating");
  json_builder_add_int_value (b, result->rating);
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, easel_image_setting_to_json (result->setting, FALSE));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
history_run (int    argc,
             char **argv)
{
  g_autofree char *search = NULL;
  g_autofree char *provider = NULL;
  gboolean favorites = FALSE;
  gboolean as_json = FALSE;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search,
      N_("Words to find in prompts, providers, models and tags"), N_("WORDS") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, N_("Only this provider"), N_("NAME") },
    { "favorites", 'f', 0, G_OPTION_ARG_NONE, &favorites, N_("Only favourites"), NULL },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit, N_("At most N results (default 20)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(GPtrArray) results = NULL;
  EaselResultQuery query = { 0 };

  context = _easel_cli_option_context_new ("easel history", NULL,
                                           _("Search the history of results, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc > 1)
    return _easel_cli_usage_error (context, _("Unexpected argument “%s”; use --search"), argv[1]);
  if (limit < 1 || limit > 100000)
    return _easel_cli_usage_error (context, _("--limit must be between 1 and 100000"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);

  query.search = search;
  query.provider = provider;
  query.favorites_only = favorites;
  query.limit = limit;
  results = easel_store_search_results (easel_engine_get_store (engine), &query, &error);
  if (results == NULL)
    return _easel_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < results->len; i++)
        json_array_add_element (array, result_to_json (engine, g_ptr_array_index (results, i)));
      json_node_take_array (root, array);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }

  if (results->len == 0)
    printf ("%s\n", _("No results."));
  for (guint i = 0; i < results->len; i++)
    {
      EaselResult *result = g_ptr_array_index (results, i);
      g_autofree char *path = easel_engine_get_result_path (engine, result);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (result->created_at);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d %H:%M");
      g_autofree char *excerpt = g_utf8_substring (result->prompt, 0,
                                                   MIN (g_utf8_strlen (result->prompt, -1), 40));

      printf ("%6" G_GINT64_FORMAT "  %s  %s%s  %-12s %dx%d  %s  %s\n", result->id, date,
              result->favorite ? "★ " : "", excerpt, result->provider_name, result->width,
              result->height, result->model != NULL ? result->model : "-", path);
    }
  return EASEL_EXIT_OK;
}

static int
jobs_run (int    argc,
          char **argv)
{
  gint64 run_id = 0;
  gboolean unfinished = FALSE;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "run", 'r', 0, G_OPTION_ARG_INT64, &run_id, N_("The jobs of this run"), N_("ID") },
    { "unfinished", 0, 0, G_OPTION_ARG_NONE, &unfinished,
      N_("Jobs that did not finish (queued, running, interrupted)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  EaselStore *store;

  context = _easel_cli_option_context_new ("easel jobs", NULL,
    _("List the jobs of a run, or the unfinished ones. Jobs a stopped process left behind "
      "show as interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if ((run_id > 0) == unfinished)
    return _easel_cli_usage_error (context, _("Give --run ID or --unfinished"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  store = easel_engine_get_store (engine);

  if (run_id > 0)
    jobs = easel_store_list_jobs (store, run_id, &error);
  else
    {
      /* After recovery nothing of a dead process is queued or running: list interrupted. */
      g_autoptr(GPtrArray) all = easel_store_list_jobs_by_state (store, EASEL_JOB_INTERRUPTED,
                                                                 &error);
      g_autoptr(GPtrArray) live = easel_store_list_unfinished_jobs (store, &error);

      jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_job_free);
      for (guint i = 0; live != NULL && i < live->len; i++)
        g_ptr_array_add (jobs, easel_job_copy (g_ptr_array_index (live, i)));
      for (guint i = 0; all != NULL && i < all->len; i++)
        g_ptr_array_add (jobs, easel_job_copy (g_ptr_array_index (all, i)));
    }
  if (jobs == NULL)
    return _easel_cli_fail (error);

  for (guint i = 0; i < jobs->len; i++)
    {
      EaselJob *job = g_ptr_array_index (jobs, i);

      if (as_json)
        {
          g_autoptr(EaselResult) result = job->result_id > 0
            ? easel_store_get_result (store, job->result_id, NULL) : NULL;
          JsonNode *node = easel_engine_job_to_json (engine, job, result);

          json_object_set_int_member (json_node_get_object (node), "run", job->run_id);
          json_array_add_element (array, node);
        }
      else
        printf ("%6" G_GINT64_FORMAT "  run %-5" G_GINT64_FORMAT "  %-12s %-11s %s\n", job->id,
                job->run_id, job->provider_name, easel_job_state_to_string (job->state),
                job->error_message != NULL ? job->error_message : "");
    }
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (root, array);
      _easel_cli_print_json (root);
    }
  else if (jobs->len == 0)
    printf ("%s\n", _("No jobs."));
  return EASEL_EXIT_OK;
}

static int
retry_run (int    argc,
           char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the results as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselCliWatch) watch = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  context = _easel_cli_option_context_new ("easel retry", _("JOB…"),
    _("Generate failed, cancelled or interrupted jobs again (same run, seed and settings), "
      "and wait for them like “easel generate”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc < 2)
    return _easel_cli_usage_error (context, _("Give at least one job id (see “easel jobs”)"));
  for (int i = 1; i < argc; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXINT64, &id, NULL))
        return _easel_cli_usage_error (context, _("“%s” is not a job id"), argv[i]);
      g_array_append_val (ids, id);
    }

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  watch = _easel_cli_watch_new (engine);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(EaselJob) job = easel_store_get_job (easel_engine_get_store (engine), id, &error);

      if (job == NULL || !easel_engine_retry_job (engine, id, &error))
        return _easel_cli_fail (error);
      _easel_cli_watch_track_run (watch, job->run_id);
    }
  _easel_cli_watch_wait (watch);
  return _easel_cli_watch_report (watch, as_json);
}

const EaselCliCommand _easel_cli_retry_command = {
  "retry", N_("Generate failed or interrupted jobs again"), retry_run,
};

const EaselCliCommand _easel_cli_history_command = {
  "history", N_("Search the history of generated images"), history_run,
};

const EaselCliCommand _easel_cli_jobs_command = {
  "jobs", N_("List the jobs of a run, or the unfinished ones"), jobs_run,
};
