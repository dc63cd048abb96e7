/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "easel-blog.h"
#include "easel-cli-private.h"
#include "easel-cli-watch.h"
#include "easel-json.h"

/* easel post: the blog workflow from the command line. Import a Markdown post (again, after
 * editing it), link sections to prompt examples, generate for every section, pick one image
 * per section, export a folder for the blog.
 *
 * POST is a post's id or slug; SECTION a position (from 1) or a heading.
 */

static const char post_usage[] =
  N_("Usage: easel post COMMAND [ARGS…]\n"
     "\n"
     "  import FILE.md [--level N] [--post POST] [--json]\n"
     "  list [--json]\n"
     "  show POST [--json]\n"
     "  link POST SECTION (--example NAME | --setting NAME | --clear)\n"
     "  prompt POST SECTION [TEXT | - | --clear]\n"
     "  template POST [TEXT | - | --clear]\n"
     "  alt POST SECTION [TEXT | --clear]\n"
     "  generate POST [--section SECTION]… [--provider NAME]… [--count N] [--json]\n"
     "  pick POST SECTION (RESULT_ID | none)\n"
     "  export POST DIR [--format original|jpeg|webp|png] [--max-width PX] [--force]\n"
     "         [--strict] [--json]\n"
     "  delete POST\n"
     "\n"
     "POST is a post’s id or slug; SECTION a position (from 1) or a heading.\n"
     "Run “easel post COMMAND --help” for a command’s options.");

/* Opens the engine and reads the post, or says why not. */
static EaselBlogPost *
open_post (const char   *id_or_slug,
           EaselEngine **out_engine,
           GError      **error)
{
  g_autoptr(EaselEngine) engine = _easel_cli_open_engine (error);
  EaselBlogPost *blog;

  if (engine == NULL)
    return NULL;
  blog = easel_blog_load (engine, id_or_slug, error);
  if (blog != NULL)
    *out_engine = g_steal_pointer (&engine);
  return blog;
}

static guint
count_chosen (GPtrArray *sections,
              gboolean   blog_sections)
{
  guint chosen = 0;

  for (guint i = 0; i < sections->len; i++)
    {
      if (blog_sections)
        chosen += ((EaselBlogSection *) g_ptr_array_index (sections, i))->chosen != NULL;
      else
        chosen += ((EaselSection *) g_ptr_array_index (sections, i))->chosen_result_id > 0;
    }
  return chosen;
}

static JsonNode *
strings_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  json_node_take_array (node, array);
  return node;
}

/* ---- import ------------------------------------------------------------------------------ */

static void
print_heading_list (const char *label,
                    GPtrArray  *headings)
{
  for (guint i = 0; i < headings->len; i++)
    printf ("  %-9s %s\n", label, (const char *) g_ptr_array_index (headings, i));
}

static int
post_import (int    argc,
             char **argv)
{
  int level = 0;
  g_autofree char *into = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "level", 'l', 0, G_OPTION_ARG_INT, &level,
      N_("Split at headings of this level and above (default 2, “##”; a re-import keeps the "
         "post’s)"), N_("N") },
    { "post", 0, 0, G_OPTION_ARG_STRING, &into,
      N_("Update this post (id or slug) instead of finding it by its file or title"),
      N_("POST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselImportReport) report = NULL;

  context = _easel_cli_option_context_new ("easel post import", _("FILE.md"),
    _("Import a Markdown post, split into sections at its headings. The title comes from the "
      "front matter or the first “#” heading; the text before the first split heading is the "
      "first section, for the hero image. Importing the same file again (after editing it) "
      "updates the post: sections that still exist keep their images, links and picks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Give one Markdown file"));
  if (level < 0 || level > 6)
    return _easel_cli_usage_error (context, _("--level must be between 1 and 6"));

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  report = easel_blog_import (engine, argv[1], level, into, &error);
  if (report == NULL)
    return _easel_cli_fail (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, report->post->id);
      json_builder_set_member_name (b, "slug");
      json_builder_add_string_value (b, report->post->slug);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, report->post->title);
      json_builder_set_member_name (b, "created");
      json_builder_add_boolean_value (b, report->created);
      json_builder_set_member_name (b, "sections");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->sections->len; i++)
        {
          EaselSection *section = g_ptr_array_index (report->sections, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "position");
          json_builder_add_int_value (b, section->position);
          json_builder_set_member_name (b, "heading");
          json_builder_add_string_value (b, section->heading);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "added");
      json_builder_add_value (b, strings_node (report->added));
      json_builder_set_member_name (b, "changed");
      json_builder_add_value (b, strings_node (report->changed));
      json_builder_set_member_name (b, "removed");
      json_builder_add_value (b, strings_node (report->removed));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }

  if (report->created)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "Imported “%s” as %s: %u section\n",
                           "Imported “%s” as %s: %u sections\n", report->sections->len),
              report->post->title, report->post->slug, report->sections->len);
      for (guint i = 0; i < report->sections->len; i++)
        {
          EaselSection *section = g_ptr_array_index (report->sections, i);
          printf ("%4d  %s\n", section->position, section->heading);
        }
      return EASEL_EXIT_OK;
    }

  printf (_("Updated “%s” (%s): %u added, %u changed, %u removed, %u unchanged\n"),
          report->post->title, report->post->slug, report->added->len, report->changed->len,
          report->removed->len, report->unchanged);
  print_heading_list (_("added:"), report->added);
  print_heading_list (_("changed:"), report->changed);
  print_heading_list (_("removed:"), report->removed);
  if (report->removed->len > 0)
    fprintf (stderr, "%s\n", _("The images of removed sections stay in the history."));
  return EASEL_EXIT_OK;
}

/* ---- list, show -------------------------------------------------------------------------- */

static int
post_list (int    argc,
           char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(JsonArray) array = json_array_new ();

  context = _easel_cli_option_context_new ("easel post list", NULL,
                                           _("List the posts, the most recently changed first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc > 1)
    return _easel_cli_usage_error (context, _("Unexpected argument “%s”"), argv[1]);

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  posts = easel_store_list_posts (store, &error);
  if (posts == NULL)
    return _easel_cli_fail (error);

  if (!as_json && posts->len == 0)
    {
      printf ("%s\n", _("No posts yet. Import one with “easel post import FILE.md”."));
      return EASEL_EXIT_OK;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      EaselPost *post = g_ptr_array_index (posts, i);
      g_autoptr(GPtrArray) sections = easel_store_list_sections (store, post->id, &error);
      guint chosen;

      if (sections == NULL)
        return _easel_cli_fail (error);
      chosen = count_chosen (sections, FALSE);
      if (as_json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", post->id);
          json_object_set_string_member (object, "slug", post->slug);
          json_object_set_string_member (object, "title", post->title);
          json_object_set_int_member (object, "sections", sections->len);
          json_object_set_int_member (object, "chosen", chosen);
          json_object_set_string_member (object, "source_path", post->source_path);
          json_array_add_object_element (array, object);
        }
      else
        {
          g_autofree char *fraction = g_strdup_printf ("%u/%u", chosen, sections->len);

          printf (_("%4" G_GINT64_FORMAT "  %-28s  %5s chosen  %s\n"), post->id, post->slug,
                  fraction, post->title);
        }
    }
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      _easel_cli_print_json (root);
    }
  return EASEL_EXIT_OK;
}

static const char *
prompt_source_label (EaselPromptSource source)
{
  switch (source)
    {
    case EASEL_PROMPT_SOURCE_OVERRIDE:
      return _("its own");
    case EASEL_PROMPT_SOURCE_TEMPLATE:
      return _("post template");
    case EASEL_PROMPT_SOURCE_EXAMPLE:
      return _("example");
    case EASEL_PROMPT_SOURCE_DEFAULT:
    default:
      return _("default template");
    }
}

static JsonNode *
post_to_json (EaselEngine   *engine,
              EaselBlogPost *blog)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, blog->post->id);
  json_builder_set_member_name (b, "slug");
  json_builder_add_string_value (b, blog->post->slug);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, blog->post->title);
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, bs->section->position);
      json_builder_set_member_name (b, "heading");
      json_builder_add_string_value (b, bs->section->heading);
      json_builder_set_member_name (b, "prompt");
      json_builder_add_string_value (b, bs->prompt);
      json_builder_set_member_name (b, "alt_text");
      json_builder_add_string_value (b, bs->alt_text);
      json_builder_set_member_name (b, "chosen_result");
      if (bs->chosen != NULL)
        json_builder_add_int_value (b, bs->chosen->id);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint j = 0; j < bs->jobs->len; j++)
        {
          EaselJob *job = g_ptr_array_index (bs->jobs, j);
          EaselResult *result = easel_blog_section_find_result (bs, job->result_id);
          g_autoptr(JsonNode) shared = easel_engine_job_to_json (engine, job, result);
          JsonObject *object = json_node_get_object (shared);
          static const char * const keys[] = { "id", "provider", "model", "status", "path" };

          /* The shared result object, cut to the keys `post show` promises. */
          json_builder_begin_object (b);
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              json_builder_set_member_name (b, keys[k]);
              json_builder_add_value (b, json_node_copy (json_object_get_member (object,
                                                                                 keys[k])));
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_post (EaselBlogPost *blog)
{
  EaselPost *post = blog->post;

  printf ("%s\n", post->title);
  printf (_("Slug:      %s (id %" G_GINT64_FORMAT ")\n"), post->slug, post->id);
  if (post->source_path != NULL)
    printf (_("Source:    %s, split at %.*s\n"), post->source_path, post->heading_level,
            "######");
  printf (_("Template:  %s\n"), post->prompt_template != NULL ? post->prompt_template
                                                              : _("(none)"));
  printf (_("Sections:  %u, %u with a chosen image\n"), blog->sections->len,
          count_chosen (blog->sections, TRUE));

  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      printf ("\n%d. %s%s\n", bs->section->position, bs->section->heading,
              bs->hero ? _(" (hero)") : "");
      printf (_("   Prompt:   %s (%s)\n"), bs->prompt, prompt_source_label (bs->prompt_source));
      if (bs->example != NULL)
        printf (_("   Example:  %s\n"), bs->example->name);
      if (bs->setting_name != NULL)
        printf (_("   Settings: %s\n"), bs->setting_name);
      printf (_("   Alt text: %s%s\n"), bs->alt_text,
              bs->alt_text_is_default ? _(" (default)") : "");
      if (bs->jobs->len == 0)
        printf ("%s\n", _("   Images:   none yet"));
      for (guint j = 0; j < bs->jobs->len; j++)
        {
          EaselJob *job = g_ptr_array_index (bs->jobs, j);
          EaselResult *result = easel_blog_section_find_result (bs, job->result_id);
          g_autofree char *id = result != NULL
            ? g_strdup_printf ("%" G_GINT64_FORMAT, result->id) : g_strdup ("-");
          const char *model = result != NULL && result->model != NULL ? result->model : job->model;
          gboolean chosen = bs->chosen != NULL && result != NULL && result->id == bs->chosen->id;

          /* TRANSLATORS: keep the width of the label ("Images:") and of its blank twin. */
          printf ("   %s %c %-4s  %s  %s  %s\n", j == 0 ? _("Images:  ") : "         ",
                  chosen ? '*' : ' ', id, job->provider_name, model != NULL ? model : "-",
                  easel_job_state_to_string (job->state));
        }
      /* A pick from the history, not from this section's runs. */
      if (bs->chosen != NULL && bs->chosen->section_id != bs->section->id)
        printf (_("   Chosen:   %" G_GINT64_FORMAT " (from the history)\n"), bs->chosen->id);
    }
}

static int
post_show (int    argc,
           char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;

  context = _easel_cli_option_context_new ("easel post show", _("POST"),
    _("Show a post’s sections: prompt, linked example, alt text, images and the chosen one "
      "(marked *). The JSON is {\"id\", \"slug\", \"title\", \"sections\": [{\"position\", "
      "\"heading\", \"prompt\", \"alt_text\", \"chosen_result\", \"results\": [{\"id\", "
      "\"provider\", \"model\", \"status\", \"path\"}]}]}."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one post"));

  blog = open_post (argv[1], &engine, &error);
  if (blog == NULL)
    return _easel_cli_fail (error);
  if (as_json)
    {
      g_autoptr(JsonNode) root = post_to_json (engine, blog);
      _easel_cli_print_json (root);
    }
  else
    print_post (blog);
  return EASEL_EXIT_OK;
}

/* ---- small changes ----------------------------------------------------------------------- */

static int
post_link (int    argc,
           char **argv)
{
  g_autofree char *example = NULL;
  g_autofree char *setting = NULL;
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "example", 'e', 0, G_OPTION_ARG_STRING, &example,
      N_("Generate with this prompt example (its prompt, style, providers and settings)"),
      N_("NAME") },
    { "setting", 0, 0, G_OPTION_ARG_STRING, &setting,
      N_("Generate with these stored image settings (name or id)"), N_("NAME") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Unlink the example and the settings"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  EaselBlogSection *bs;

  context = _easel_cli_option_context_new ("easel post link", _("POST SECTION"),
    _("Link a section to a prompt example or stored settings; generating then uses them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 3)
    return _easel_cli_usage_error (context, _("Name the post and the section"));
  if (example == NULL && setting == NULL && !clear)
    return _easel_cli_usage_error (context, _("Give --example, --setting or --clear"));
  if (clear && (example != NULL || setting != NULL))
    return _easel_cli_usage_error (context, _("--clear unlinks both; give it alone"));

  blog = open_post (argv[1], &engine, &error);
  if (blog == NULL)
    return _easel_cli_fail (error);
  bs = easel_blog_find_section (blog, argv[2], &error);
  if (bs == NULL)
    return _easel_cli_fail (error);

  if (clear)
    {
      bs->section->setting_id = 0;
      if (!easel_blog_link_example (engine, bs->section, NULL, &error))
        return _easel_cli_fail (error);
      printf (_("Section %d “%s” is linked to nothing\n"), bs->section->position,
              bs->section->heading);
      return EASEL_EXIT_OK;
    }
  if (example != NULL)
    {
      if (!easel_blog_link_example (engine, bs->section, example, &error))
        return _easel_cli_fail (error);
      printf (_("Section %d “%s” uses the example “%s”\n"), bs->section->position,
              bs->section->heading, example);
    }
  if (setting != NULL)
    {
      if (!easel_blog_link_setting (engine, bs->section, setting, &error))
        return _easel_cli_fail (error);
      printf (_("Section %d “%s” uses the settings “%s”\n"), bs->section->position,
              bs->section->heading, setting);
    }
  return EASEL_EXIT_OK;
}

/* Shared by prompt, template and alt: show, set (TEXT or - for standard input) or clear. */
typedef enum
{
  TEXT_PROMPT,
  TEXT_TEMPLATE,
  TEXT_ALT,
} TextKind;

static int
post_text (int      argc,
           char   **argv,
           TextKind kind)
{
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Go back to the default"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(EaselBlogPost) after = NULL;
  int position;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  EaselBlogSection *bs = NULL;
  int needed = kind == TEXT_TEMPLATE ? 2 : 3;

  if (kind == TEXT_PROMPT)
    context = _easel_cli_option_context_new ("easel post prompt", _("POST SECTION [TEXT | -]"),
      _("Show a section’s prompt, or give it one of its own (“-” reads standard input). "
        "Without one, a section uses the post’s template, else its example’s prompt, else "
        "“{heading}: {excerpt}”."));
  else if (kind == TEXT_TEMPLATE)
    context = _easel_cli_option_context_new ("easel post template", _("POST [TEXT | -]"),
      _("Show or set the post’s prompt template: {title}, {heading} and {excerpt} (the first "
        "sentences of the section) are filled in for each section; the linked example’s style "
        "is added."));
  else
    context = _easel_cli_option_context_new ("easel post alt", _("POST SECTION [TEXT]"),
      _("Show or set the alt text of a section’s image. The default is the heading and what "
        "the prompt shows."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc < needed || argc > needed + 1)
    return _easel_cli_usage_error (context, kind == TEXT_TEMPLATE
                                            ? _("Name the post, then give the text (quote it)")
                                            : _("Name the post and the section, then give the "
                                                "text (quote it)"));
  if (clear && argc == needed + 1)
    return _easel_cli_usage_error (context, _("Give a text or --clear, not both"));

  if (argc == needed + 1)
    {
      text = _easel_cli_read_text_arg (argv[needed], &error);
      if (text == NULL)
        return _easel_cli_fail (error);
      g_strstrip (text);
      if (*text == '\0')
        return _easel_cli_usage_error (context, _("The text is empty; use --clear to remove it"));
    }

  blog = open_post (argv[1], &engine, &error);
  if (blog == NULL)
    return _easel_cli_fail (error);
  if (kind != TEXT_TEMPLATE)
    {
      bs = easel_blog_find_section (blog, argv[2], &error);
      if (bs == NULL)
        return _easel_cli_fail (error);
    }

  if (text != NULL || clear)
    {
      gboolean ok;

      if (kind == TEXT_TEMPLATE)
        ok = easel_blog_set_template (engine, blog->post, text, &error);
      else
        {
          char **field = kind == TEXT_PROMPT ? &bs->section->prompt_override
                                             : &bs->section->alt_text;
          g_free (*field);
          *field = g_strdup (text);
          ok = easel_blog_update_section (engine, bs->section, &error);
        }
      if (!ok)
        return _easel_cli_fail (error);

      id = g_strdup_printf ("%" G_GINT64_FORMAT, blog->post->id);
      after = easel_blog_load (engine, id, &error);
      if (after == NULL)
        return _easel_cli_fail (error);
      /* The section again, in the post as read back (bs points into the old one). */
      position = bs != NULL ? bs->section->position : 0;
      g_clear_pointer (&blog, easel_blog_post_free);
      blog = g_steal_pointer (&after);
      if (position > 0)
        bs = g_ptr_array_index (blog->sections, position - 1);
    }

  if (kind == TEXT_TEMPLATE)
    {
      if (blog->post->prompt_template != NULL)
        printf ("%s\n", blog->post->prompt_template);
      else
        printf (_("(none: sections use their example’s prompt, else “%s”)\n"),
                EASEL_POST_DEFAULT_TEMPLATE);
    }
  else if (kind == TEXT_PROMPT)
    printf ("%s\n", bs->prompt);
  else
    printf ("%s\n", bs->alt_text);
  return EASEL_EXIT_OK;
}

static int
post_pick (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  EaselBlogSection *bs;
  gint64 result_id = 0;

  context = _easel_cli_option_context_new ("easel post pick", _("POST SECTION (RESULT_ID | none)"),
    _("Choose the image a section exports with: one of its results (see “easel post show”), "
      "or any image from the history that was not made for another section. “none” unpicks."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 4)
    return _easel_cli_usage_error (context, _("Name the post, the section and the result"));
  if (g_strcmp0 (argv[3], "none") != 0)
    {
      char *end = NULL;

      result_id = g_ascii_strtoll (argv[3], &end, 10);
      if (end == argv[3] || *end != '\0' || result_id <= 0)
        return _easel_cli_usage_error (context, _("“%s” is not a result id"), argv[3]);
    }

  blog = open_post (argv[1], &engine, &error);
  if (blog == NULL)
    return _easel_cli_fail (error);
  bs = easel_blog_find_section (blog, argv[2], &error);
  if (bs == NULL)
    return _easel_cli_fail (error);
  if (!easel_blog_pick (engine, bs->section, result_id, &error))
    return _easel_cli_fail (error);

  if (result_id > 0)
    printf (_("Section %d “%s”: picked result %" G_GINT64_FORMAT "\n"), bs->section->position,
            bs->section->heading, result_id);
  else
    printf (_("Section %d “%s”: no image picked\n"), bs->section->position,
            bs->section->heading);
  return EASEL_EXIT_OK;
}

static int
post_delete (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(EaselPost) post = NULL;

  context = _easel_cli_option_context_new ("easel post delete", _("POST"),
    _("Delete a post and its sections. Its images stay in the history."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one post"));

  store = _easel_cli_open_store (&error);
  if (store == NULL)
    return _easel_cli_fail (error);
  post = easel_store_find_post (store, argv[1], &error);
  if (post == NULL || !easel_store_delete_post (store, post->id, &error))
    return _easel_cli_fail (error);
  printf (_("Deleted “%s”; its images stay in the history\n"), post->title);
  return EASEL_EXIT_OK;
}

/* ---- generate ---------------------------------------------------------------------------- */

static EaselBlogSection *
section_by_id (EaselBlogPost *blog,
               gint64         id)
{
  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      if (bs->section->id == id)
        return bs;
    }
  return NULL;
}

static int
post_generate (int    argc,
               char **argv)
{
  g_auto(GStrv) section_args = NULL;
  g_auto(GStrv) provider_args = NULL;
  int count = 0;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "section", 's', 0, G_OPTION_ARG_STRING_ARRAY, &section_args,
      N_("Only this section (position or heading); repeat for several"), N_("SECTION") },
    { "provider", 0, 0, G_OPTION_ARG_STRING_ARRAY, &provider_args,
      N_("Generate every section with this provider; repeat to compare several (default: each "
         "section’s linked example’s)"), N_("NAME") },
    { "count", 'c', 0, G_OPTION_ARG_INT, &count, N_("Images per provider and section (default 1)"),
      N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the results as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(EaselCliWatch) watch = NULL;
  g_autoptr(GArray) run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonArray) sections_json = json_array_new ();
  g_auto(GStrv) providers = NULL;
  guint done = 0, failed = 0;
  gboolean finished;

  context = _easel_cli_option_context_new ("easel post generate", _("POST"),
    _("Generate candidate images for every section of a post (or the ones named), one run per "
      "section, with each section’s prompt. Progress goes to standard error; one line per "
      "image (or JSON) to standard output. Ctrl+C cancels cleanly.\n\nExit status: 0 when "
      "every image was made, 1 when any failed, 2 on a usage error, 130 when cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 2)
    return _easel_cli_usage_error (context, _("Name one post"));
  if (count < 0 || count > EASEL_SETTING_MAX_COUNT)
    return _easel_cli_usage_error (context, _("--count must be between 1 and %d"),
                                   EASEL_SETTING_MAX_COUNT);
  providers = _easel_cli_split_list (provider_args);

  blog = open_post (argv[1], &engine, &error);
  if (blog == NULL)
    return _easel_cli_fail (error);
  for (guint i = 0; section_args != NULL && section_args[i] != NULL; i++)
    {
      EaselBlogSection *bs = easel_blog_find_section (blog, section_args[i], &error);

      if (bs == NULL)
        return _easel_cli_fail (error);
      g_array_append_val (ids, bs->section->id);
    }

  runs = easel_blog_plan_runs (engine, blog->post->id, (const gint64 *) ids->data, ids->len,
                               g_strv_length (providers) > 0
                               ? (const char * const *) providers : NULL,
                               NULL, count, &error);
  if (runs == NULL)
    return _easel_cli_fail (error);

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Generating for %u section of “%s”…\n",
                                "Generating for %u sections of “%s”…\n", runs->len),
           runs->len, blog->post->title);

  watch = _easel_cli_watch_new (engine);
  for (guint i = 0; i < runs->len; i++)
    {
      gint64 run_id = _easel_cli_watch_submit (watch, g_ptr_array_index (runs, i), &error);

      if (run_id == 0)
        {
          /* The runs were checked: this is the store failing. Stop what was sent. */
          for (guint r = 0; r < run_ids->len; r++)
            easel_engine_cancel_run (engine, g_array_index (run_ids, gint64, r));
          _easel_cli_watch_wait (watch);
          return _easel_cli_fail (error);
        }
      g_array_append_val (run_ids, run_id);
    }
  finished = _easel_cli_watch_wait (watch);

  for (guint i = 0; i < runs->len; i++)
    {
      EaselRun *run = g_ptr_array_index (runs, i);
      EaselBlogSection *bs = section_by_id (blog, run->section_id);
      gint64 run_id = g_array_index (run_ids, gint64, i);
      g_autoptr(JsonNode) results = _easel_cli_watch_results_json (watch, run_id);
      JsonArray *array = json_node_get_array (results);
      JsonObject *section = json_object_new ();

      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonObject *object = json_array_get_object_element (array, j);
          const char *status = json_object_get_string_member (object, "status");
          const char *model = easel_json_object_get_string (object, "model");
          JsonObject *job_error = easel_json_object_get_object (object, "error");
          gint64 result_id = 0;

          if (g_strcmp0 (status, "done") == 0)
            done++;
          else
            failed++;
          if (as_json)
            continue;
          if (easel_json_object_get_int (object, "id", &result_id))
            printf ("%d  %s  %" G_GINT64_FORMAT "  %s  %s  %s  %s\n", bs->section->position,
                    bs->section->heading, result_id,
                    json_object_get_string_member (object, "provider"),
                    model != NULL ? model : "-", status,
                    json_object_get_string_member (object, "path"));
          else
            printf ("%d  %s  -  %s  %s  %s%s%s\n", bs->section->position, bs->section->heading,
                    json_object_get_string_member (object, "provider"),
                    model != NULL ? model : "-", status, job_error != NULL ? ": " : "",
                    job_error != NULL ? easel_json_object_get_string (job_error, "message") : "");
        }

      json_object_set_int_member (section, "position", bs->section->position);
      json_object_set_string_member (section, "heading", bs->section->heading);
      json_object_set_int_member (section, "run", run_id);
      json_object_set_member (section, "results", json_node_copy (results));
      json_array_add_object_element (sections_json, section);
    }

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "post");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, blog->post->id);
      json_builder_set_member_name (b, "slug");
      json_builder_add_string_value (b, blog->post->slug);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, blog->post->title);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "sections");
      {
        JsonNode *node = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (node, sections_json);
        json_builder_add_value (b, node);
      }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      _easel_cli_print_json (root);
    }

  if (!finished)
    {
      fprintf (stderr, "%s\n", _("Cancelled"));
      return EASEL_EXIT_CANCELLED;
    }
  fprintf (stderr, _("%u made, %u failed. Pick one image per section with “easel post pick %s "
                     "SECTION RESULT_ID”.\n"), done, failed, blog->post->slug);
  return failed == 0 ? EASEL_EXIT_OK : EASEL_EXIT_FAILED;
}

/* ---- export ------------------------------------------------------------------------------ */

typedef struct
{
  gboolean           done;
  gboolean           interrupted;
  EaselExportReport *report;
  GError            *error;
  GCancellable      *cancellable;
} Exporting;

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Exporting *exporting = user_data;

  exporting->report = easel_blog_export_finish (EASEL_ENGINE (object), result,
                                                &exporting->error);
  exporting->done = TRUE;
}

static gboolean
on_export_sigint (gpointer user_data)
{
  Exporting *exporting = user_data;

  exporting->interrupted = TRUE;
  g_cancellable_cancel (exporting->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
post_export (int    argc,
             char **argv)
{
  g_autofree char *format_name = NULL;
  int max_width = 0;
  gboolean force = FALSE;
  gboolean strict = FALSE;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("original (the stored file, default), jpeg, webp or png"), N_("FORMAT") },
    { "max-width", 'w', 0, G_OPTION_ARG_INT, &max_width,
      N_("Scale wider images down to this width"), N_("PX") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace the folder if it exists and is not empty"), NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Fail, writing nothing, when a section has no chosen image"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaselEngine) engine = NULL;
  g_autoptr(EaselPost) post = NULL;
  g_autoptr(EaselExportReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  EaselExportOptions options = { EASEL_EXPORT_FORMAT_ORIGINAL, 0, FALSE, FALSE };
  Exporting exporting = { 0 };
  guint sigint, sigterm;

  context = _easel_cli_option_context_new ("easel post export", _("POST DIR"),
    _("Export a post for the blog: DIR/images/ with the chosen image of each section "
      "(<post-slug>-<nn>-<section-slug>.<ext>), DIR/manifest.json (every section with its "
      "image, alt text, prompt, provider, model, settings, seed, cost and result id) and "
      "DIR/post.md (the Markdown with the images inserted under their headings). The folder "
      "appears complete or not at all. Sections without a chosen image are left out, listed "
      "as warnings and in the manifest (with --strict, the export fails instead)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _easel_cli_usage_error (context, "%s", error->message);
  if (argc != 3)
    return _easel_cli_usage_error (context, _("Name the post and the export folder"));
  if (format_name != NULL && !easel_export_format_from_string (format_name, &options.format))
    return _easel_cli_usage_error (context, _("Unknown format “%s”: use original, jpeg, webp or "
                                              "png"), format_name);
  if (max_width < 0 || max_width > EASEL_SETTING_MAX_DIMENSION)
    return _easel_cli_usage_error (context, _("--max-width must be between 1 and %d"),
                                   EASEL_SETTING_MAX_DIMENSION);
  options.max_width = max_width;
  options.force = force;
  options.strict = strict;

  engine = _easel_cli_open_engine (&error);
  if (engine == NULL)
    return _easel_cli_fail (error);
  post = easel_store_find_post (easel_engine_get_store (engine), argv[1], &error);
  if (post == NULL)
    return _easel_cli_fail (error);

  /* In a worker, so Ctrl+C can cancel it cleanly: the half-written folder is removed. */
  exporting.cancellable = cancellable;
  sigint = g_unix_signal_add (SIGINT, on_export_sigint, &exporting);
  sigterm = g_unix_signal_add (SIGTERM, on_export_sigint, &exporting);
  easel_blog_export_async (engine, post->id, argv[2], &options, cancellable, exported_cb,
                           &exporting);
  while (!exporting.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  report = exporting.report;
  if (report == NULL)
    {
      g_autoptr(GError) export_error = exporting.error;

      if (exporting.interrupted)
        {
          fprintf (stderr, "%s\n", _("Cancelled; nothing was written"));
          return EASEL_EXIT_CANCELLED;
        }
      if (g_error_matches (export_error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS) &&
          !force && g_file_test (argv[2], G_FILE_TEST_IS_DIR))
        return _easel_cli_fail_message (_("%s; use --force to replace it"),
                                        export_error->message);
      return _easel_cli_fail (export_error);
    }

  for (guint i = 0; i < report->missing->len; i++)
    {
      EaselSection *section = g_ptr_array_index (report->missing, i);

      fprintf (stderr, _("warning: section %d “%s” has no chosen image; it is listed under "
                         "“missing” in manifest.json\n"), section->position, section->heading);
    }

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, report->path);
      json_builder_set_member_name (b, "replaced");
      json_builder_add_boolean_value (b, report->replaced);
      json_builder_set_member_name (b, "files");
      json_builder_add_value (b, strings_node (report->files));
      json_builder_set_member_name (b, "missing");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->missing->len; i++)
        {
          EaselSection *section = g_ptr_array_index (report->missing, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "position");
          json_builder_add_int_value (b, section->position);
          json_builder_set_member_name (b, "heading");
          json_builder_add_string_value (b, section->heading);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      _easel_cli_print_json (root);
      return EASEL_EXIT_OK;
    }

  printf (report->replaced ? _("Replaced %s with “%s”:\n") : _("Exported %s with “%s”:\n"),
          report->path, post->title);
  for (guint i = 0; i < report->files->len; i++)
    printf ("  %s\n", (const char *) g_ptr_array_index (report->files, i));
  return EASEL_EXIT_OK;
}

/* ---- dispatch ---------------------------------------------------------------------------- */

static int
post_run (int    argc,
          char **argv)
{
  const char *sub = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "import") == 0)
    return post_import (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "list") == 0)
    return post_list (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "show") == 0)
    return post_show (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "link") == 0)
    return post_link (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "prompt") == 0)
    return post_text (argc - 1, argv + 1, TEXT_PROMPT);
  if (g_strcmp0 (sub, "template") == 0)
    return post_text (argc - 1, argv + 1, TEXT_TEMPLATE);
  if (g_strcmp0 (sub, "alt") == 0)
    return post_text (argc - 1, argv + 1, TEXT_ALT);
  if (g_strcmp0 (sub, "generate") == 0)
    return post_generate (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "pick") == 0)
    return post_pick (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "export") == 0)
    return post_export (argc - 1, argv + 1);
  if (g_strcmp0 (sub, "delete") == 0)
    return post_delete (argc - 1, argv + 1);

  if (g_strcmp0 (sub, "--help") == 0 || g_strcmp0 (sub, "-h") == 0 ||
      g_strcmp0 (sub, "help") == 0)
    {
      printf ("%s\n", _(post_usage));
      return EASEL_EXIT_OK;
    }
  if (sub != NULL)
    fprintf (stderr, _("easel: unknown post command “%s”\n\n"), sub);
  fprintf (stderr, "%s\n", _(post_usage));
  return EASEL_EXIT_USAGE;
}

const EaselCliCommand _easel_cli_post_command = {
  "post", N_("Blog posts: import, generate per section, pick, export"), post_run,
};
