/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `easel post` as a blogger (or a script) uses it: golden outputs and exit statuses, a whole
 * post generated through HTTP against the A1111 and OpenAI fakes, picks, the export folder
 * checked file by file, refusal to overwrite, and Ctrl+C.
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "easel-cli-test.h"
#include "easel-fake-a1111.h"
#include "easel-fake-openai.h"
#include "easel-fake-util.h"
#include "easel-json.h"
#include "easel-store.h"
#include "easel-test-blog.h"
#include "easel-test-util.h"

typedef struct
{
  char            *dir;
  char            *cache;
  char            *post;
  EaselFakeOpenai *openai;
  EaselFakeA1111  *a1111;
  const char      *env[9];
  EaselCliRun      run;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = easel_test_temp_dir_new ("cli-post");
  f->cache = easel_test_temp_dir_new ("cli-post-cache");
  f->post = g_build_filename (f->dir, "spring.md", NULL);
  g_assert_true (g_file_set_contents (f->post, easel_test_blog_markdown, -1, NULL));
  f->openai = easel_fake_openai_new ();
  f->a1111 = easel_fake_a1111_new ();
  easel_fake_a1111_set_step_delay (f->a1111, 1);
  f->env[0] = "XDG_CACHE_HOME";
  f->env[1] = f->cache;
  f->env[2] = "EASEL_API_KEY_OAI";
  f->env[3] = "sk-test-key";
  f->env[4] = "DBUS_SESSION_BUS_ADDRESS";
  f->env[5] = "disabled:";
  f->env[6] = NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  easel_cli_run_clear (&f->run);
  easel_fake_openai_free (f->openai);
  easel_fake_a1111_free (f->a1111);
  easel_test_rm_rf (f->dir);
  easel_test_rm_rf (f->cache);
  g_free (f->dir);
  g_free (f->cache);
  g_free (f->post);
}

#define EASEL(f, ...) easel_cli_exec ((f)->dir, (f)->env, NULL, &(f)->run, __VA_ARGS__, NULL)

static void
assert_run (Fixture    *f,
            int         status,
            const char *out,
            const char *err_part)
{
  if (f->run.status != status)
    g_test_message ("stdout: %s\nstderr: %s", f->run.out, f->run.err);
  g_assert_cmpint (f->run.status, ==, status);
  if (out != NULL)
    g_assert_cmpstr (f->run.out, ==, out);
  if (err_part != NULL && strstr (f->run.err, err_part) == NULL)
    g_error ("“%s” is not in stderr: %s", err_part, f->run.err);
}

static JsonNode *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = easel_json_parse (f->run.out, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
add_providers (Fixture *f)
{
  EASEL (f, "providers", "add", "sd", "--kind", "a1111", "--url",
         easel_fake_a1111_get_url (f->a1111));
  assert_run (f, 0, NULL, NULL);
  EASEL (f, "providers", "add", "oai", "--kind", "openai", "--url",
         easel_fake_openai_get_url (f->openai), "--model", "gpt-image-2");
  assert_run (f, 0, NULL, NULL);
}

static void
import_post (Fixture *f)
{
  EASEL (f, "post", "import", f->post);
  assert_run (f, 0, NULL, NULL);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  EASEL (f, "--help");
  assert_run (f, 0, NULL, NULL);
  g_assert_nonnull (strstr (f->run.out, "  post "));

  EASEL (f, "post");
  assert_run (f, 2, "", "Usage: easel post COMMAND");
  EASEL (f, "post", "--help");
  assert_run (f, 0, NULL, NULL);
  g_assert_true (g_str_has_prefix (f->run.out, "Usage: easel post COMMAND"));
  EASEL (f, "post", "bogus");
  assert_run (f, 2, "", "unknown post command “bogus”");

  EASEL (f, "post", "import");
  assert_run (f, 2, "", "Give one Markdown file");
  EASEL (f, "post", "import", f->post, "--level", "9");
  assert_run (f, 2, "", "--level must be between 1 and 6");
  EASEL (f, "post", "show");
  assert_run (f, 2, "", "Name one post");
  EASEL (f, "post", "show", "nope");
  assert_run (f, 1, "", "There is no post “nope”");
  EASEL (f, "post", "pick", "p", "1", "abc");
  assert_run (f, 2, "", "“abc” is not a result id");
  EASEL (f, "post", "link", "p", "1");
  assert_run (f, 2, "", "Give --example, --setting or --clear");
  EASEL (f, "post", "export", "p");
  assert_run (f, 2, "", "Name the post and the export folder");
  EASEL (f, "post", "export", "p", "out", "--format", "gif");
  assert_run (f, 2, "", "Unknown format “gif”");
  EASEL (f, "post", "generate", "p", "--count", "100000");
  assert_run (f, 2, "", "--count must be between 1 and ");
  EASEL (f, "post", "generate", "--help");
  assert_run (f, 0, NULL, NULL);
  g_assert_nonnull (strstr (f->run.out, "--section"));
  g_assert_nonnull (strstr (f->run.out, "130 when cancelled"));

  {
    g_autofree char *binary = g_build_filename (f->dir, "binary.md", NULL);

    g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0", 10, NULL);
    EASEL (f, "post", "import", binary);
    assert_run (f, 1, "", "“binary.md” is not a UTF-8 text file");
  }
}

static void
test_golden (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *show = NULL;

  EASEL (f, "post", "list");
  assert_run (f, 0, "No posts yet. Import one with “easel post import FILE.md”.\n", NULL);

  EASEL (f, "post", "import", f->post);
  assert_run (f, 0,
              "Imported “Spring in the Garden” as spring-in-the-garden: 4 sections\n"
              "   1  Spring in the Garden\n"
              "   2  Sowing seeds\n"
              "   3  Watering\n"
              "   4  Companion planting\n", NULL);

  EASEL (f, "post", "list");
  assert_run (f, 0,
              "   1  spring-in-the-garden            0/4 chosen  Spring in the Garden\n", NULL);

  EASEL (f, "examples", "add", "Garden watercolor", "--prompt", "a cottage garden",
         "--provider", "sd");
  assert_run (f, 0, NULL, NULL);
  EASEL (f, "post", "link", "spring-in-the-garden", "Watering", "--example", "Garden watercolor");
  assert_run (f, 0, "Section 3 “Watering” uses the example “Garden watercolor”\n", NULL);
  EASEL (f, "post", "link", "1", "7", "--example", "Garden watercolor");
  assert_run (f, 1, "", "There is no section 7: “Spring in the Garden” has 4 sections");

  EASEL (f, "post", "prompt", "spring-in-the-garden", "2", "seed trays on a sunny sill");
  assert_run (f, 0, "seed trays on a sunny sill\n", NULL);
  EASEL (f, "post", "alt", "spring-in-the-garden", "companion planting",
         "Basil between tomato plants");
  assert_run (f, 0, "Basil between tomato plants\n", NULL);
  EASEL (f, "post", "template", "spring-in-the-garden");
  assert_run (f, 0, "(none: sections use their example’s prompt, else “{heading}: {excerpt}”)\n",
              NULL);

  show = g_strdup_printf (
    "Spring in the Garden\n"
    "Slug:      spring-in-the-garden (id 1)\n"
    "Source:    %s, split at ##\n"
    "Template:  (none)\n"
    "Sections:  4, 0 with a chosen image\n"
    "\n"
    "1. Spring in the Garden (hero)\n"
    "   Prompt:   Spring in the Garden: Spring is the busiest season in a small garden. Here is "
    "how I get ready. (default template)\n"
    "   Alt text: Spring in the Garden: Spring is the busiest season in a small garden "
    "(default)\n"
    "   Images:   none yet\n"
    "\n"
    "2. Sowing seeds\n"
    "   Prompt:   seed trays on a sunny sill (its own)\n"
    "   Alt text: Sowing seeds: seed trays on a sunny sill (default)\n"
    "   Images:   none yet\n"
    "\n"
    "3. Watering\n"
    "   Prompt:   a cottage garden (example)\n"
    "   Example:  Garden watercolor\n"
    "   Alt text: Watering: a cottage garden (default)\n"
    "   Images:   none yet\n"
    "\n"
    "4. Companion planting\n"
    "   Prompt:   Companion planting: Basil next to tomatoes keeps pests away. (default "
    "template)\n"
    "   Alt text: Basil between tomato plants\n"
    "   Images:   none yet\n", f->post);
  EASEL (f, "post", "show", "spring-in-the-garden");
  assert_run (f, 0, show, NULL);

  EASEL (f, "post", "show", "1", "--json");
  assert_run (f, 0,
              "{\n"
              "  \"id\" : 1,\n"
              "  \"slug\" : \"spring-in-the-garden\",\n"
              "  \"title\" : \"Spring in the Garden\",\n"
              "  \"sections\" : [\n"
              "    {\n"
              "      \"position\" : 1,\n"
              "      \"heading\" : \"Spring in the Garden\",\n"
              "      \"prompt\" : \"Spring in the Garden: Spring is the busiest season in a small "
              "garden. Here is how I get ready.\",\n"
              "      \"alt_text\" : \"Spring in the Garden: Spring is the busiest season in a "
              "small garden\",\n"
              "      \"chosen_result\" : null,\n"
              "      \"results\" : []\n"
              "    },\n"
              "    {\n"
              "      \"position\" : 2,\n"
              "      \"heading\" : \"Sowing seeds\",\n"
              "      \"prompt\" : \"seed trays on a sunny sill\",\n"
              "      \"alt_text\" : \"Sowing seeds: seed trays on a sunny sill\",\n"
              "      \"chosen_result\" : null,\n"
              "      \"results\" : []\n"
              "    },\n"
              "    {\n"
              "      \"position\" : 3,\n"
              "      \"heading\" : \"Watering\",\n"
              "      \"prompt\" : \"a cottage garden\",\n"
              "      \"alt_text\" : \"Watering: a cottage garden\",\n"
              "      \"chosen_result\" : null,\n"
              "      \"results\" : []\n"
              "    },\n"
              "    {\n"
              "      \"position\" : 4,\n"
              "      \"heading\" : \"Companion planting\",\n"
              "      \"prompt\" : \"Companion planting: Basil next to tomatoes keeps pests away."
              "\",\n"
              "      \"alt_text\" : \"Basil between tomato plants\",\n"
              "      \"chosen_result\" : null,\n"
              "      \"results\" : []\n"
              "    }\n"
              "  ]\n"
              "}\n", NULL);

  EASEL (f, "post", "template", "spring-in-the-garden", "Editorial photo, {heading}: {excerpt}");
  assert_run (f, 0, "Editorial photo, {heading}: {excerpt}\n", NULL);
  EASEL (f, "post", "prompt", "spring-in-the-garden", "4");
  assert_run (f, 0, "Editorial photo, Companion planting: Basil next to tomatoes keeps pests "
              "away.\n", NULL);
  EASEL (f, "post", "prompt", "spring-in-the-garden", "2", "--clear");
  assert_run (f, 0, "Editorial photo, Sowing seeds: Sow tomatoes and peppers indoors, eight "
              "weeks before the last frost. Use a light seed compost.\n", NULL);

  /* Re-import after editing: the sections that still exist keep what they had. */
  g_assert_true (g_file_set_contents (f->post, easel_test_blog_markdown_edited, -1, NULL));
  EASEL (f, "post", "import", f->post);
  assert_run (f, 0,
              "Updated “Spring in the Garden” (spring-in-the-garden): 1 added, 1 changed, "
              "1 removed, 2 unchanged\n"
              "  added:    Mulching\n"
              "  changed:  Watering\n"
              "  removed:  Companion planting\n",
              "The images of removed sections stay in the history.");
  EASEL (f, "post", "show", "spring-in-the-garden");
  assert_run (f, 0, NULL, NULL);
  g_assert_nonnull (strstr (f->run.out, "3. Watering\n"
                                        "   Prompt:   Editorial photo, Watering: Water at dawn "
                                        "with a fine rose. Seedlings hate drying out. (post "
                                        "template)\n"
                                        "   Example:  Garden watercolor\n"));
  g_assert_nonnull (strstr (f->run.out, "4. Mulching\n"));

  EASEL (f, "post", "import", f->post, "--json");
  {
    g_autoptr(JsonNode) root = parse_out (f);
    JsonObject *object = json_node_get_object (root);

    assert_run (f, 0, NULL, NULL);
    g_assert_false (json_object_get_boolean_member (object, "created"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sections")),
                      ==, 4);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "changed")),
                      ==, 0);
  }

  EASEL (f, "post", "delete", "spring-in-the-garden");
  assert_run (f, 0, "Deleted “Spring in the Garden”; its images stay in the history\n", NULL);
  EASEL (f, "post", "list", "--json");
  assert_run (f, 0, "[]\n", NULL);
}

static const char expected_post_md[] =
  "---\n"
  "title: Spring in the Garden\n"
  "date: 2026-04-01\n"
  "---\n"
  "\n"
  "![Spring in the Garden: Spring is the busiest season in a small garden]"
  "(images/spring-in-the-garden-01-spring-in-the-garden.jpg)\n"
  "\n"
  "Spring is the busiest season in a small garden. Here is how I get ready.\n"
  "\n"
  "## Sowing seeds\n"
  "\n"
  "![Sowing seeds: Sow tomatoes and peppers indoors]"
  "(images/spring-in-the-garden-02-sowing-seeds.jpg)\n"
  "\n"
  "Sow tomatoes and peppers indoors, eight weeks before the last frost. Use a light seed "
  "compost.\n"
  "\n"
  "## Watering\n"
  "\n"
  "![Watering: Water in the morning]"
  "(images/spring-in-the-garden-03-watering.jpg)\n"
  "\n"
  "Water in the morning, so leaves dry before night. Seedlings need steady moisture.\n"
  "\n"
  "```sh\n"
  "## not a heading: a comment in a script\n"
  "water --gently\n"
  "```\n"
  "\n"
  "## Companion planting\n"
  "\n"
  "Basil next to tomatoes keeps pests away.\n";

/* Generate-all through HTTP, pick, export: the whole workflow as a script would run it. */
static void
test_generate_pick_export (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) generated = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *out = g_build_filename (f->dir, "blog", "spring", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *markdown = NULL;
  JsonArray *sections;
  gint64 picks[4] = { 0 };

  add_providers (f);
  import_post (f);

  /* No provider anywhere: refused before anything is sent. */
  EASEL (f, "post", "generate", "spring-in-the-garden");
  assert_run (f, 1, "", "Section 1 (“Spring in the Garden”) has no provider");
  g_assert_cmpuint (easel_fake_a1111_get_request_count (f->a1111, "/sdapi/v1/txt2img"), ==, 0);

  EASEL (f, "post", "generate", "spring-in-the-garden", "--provider", "sd", "--count", "2",
         "--json");
  assert_run (f, 0, NULL, "Generating for 4 sections of “Spring in the Garden”…");
  g_assert_nonnull (strstr (f->run.err, "8 made, 0 failed"));
  generated = parse_out (f);
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (generated), "post"), "slug"), ==,
    "spring-in-the-garden");
  sections = json_object_get_array_member (json_node_get_object (generated), "sections");
  g_assert_cmpuint (json_array_get_length (sections), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *section = json_array_get_object_element (sections, i);
      JsonArray *results = json_object_get_array_member (section, "results");

      g_assert_cmpint (json_object_get_int_member (section, "position"), ==, (int) i + 1);
      g_assert_cmpuint (json_array_get_length (results), ==, 2);
      for (guint j = 0; j < 2; j++)
        {
          JsonObject *r = json_array_get_object_element (results, j);

          g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "done");
          g_assert_cmpstr (json_object_get_string_member (r, "provider"), ==, "sd");
          g_assert_true (g_file_test (json_object_get_string_member (r, "path"),
                                      G_FILE_TEST_IS_REGULAR));
        }
      picks[i] = json_object_get_int_member (json_array_get_object_element (results, 1), "id");
    }

  /* Re-generate one section, plain output: one line per image. */
  EASEL (f, "post", "generate", "spring-in-the-garden", "--section", "Watering", "--provider",
         "oai");
  assert_run (f, 0, NULL, "Generating for 1 section of “Spring in the Garden”…");
  g_assert_true (g_str_has_prefix (f->run.out, "3  Watering  9  oai  gpt-image-2  done  /"));

  EASEL (f, "post", "show", "spring-in-the-garden", "--json");
  shown = parse_out (f);
  sections = json_object_get_array_member (json_node_get_object (shown), "sections");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_array_get_object_element (sections, 2), "results")), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *position = g_strdup_printf ("%u", i + 1);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, picks[i]);
      g_autofree char *line = NULL;

      EASEL (f, "post", "pick", "spring-in-the-garden", position, id);
      line = g_strdup_printf ("Section %u “%s”: picked result %s\n", i + 1,
                              i == 0 ? "Spring in the Garden" : i == 1 ? "Sowing seeds"
                                                                       : "Watering", id);
      assert_run (f, 0, line, NULL);
    }
  /* Another section's image is refused. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, picks[3]);

    EASEL (f, "post", "pick", "spring-in-the-garden", "1", id);
    assert_run (f, 1, "", "was made for another section");
  }

  EASEL (f, "post", "export", "spring-in-the-garden", out, "--format", "jpeg", "--max-width",
         "256");
  expected = g_strdup_printf ("Exported %s with “Spring in the Garden”:\n"
                              "  images/spring-in-the-garden-01-spring-in-the-garden.jpg\n"
                              "  images/spring-in-the-garden-02-sowing-seeds.jpg\n"
                              "  images/spring-in-the-garden-03-watering.jpg\n"
                              "  manifest.json\n"
                              "  post.md\n", out);
  assert_run (f, 0, expected, "warning: section 4 “Companion planting” has no chosen image");

  {
    g_autofree char *path = g_build_filename (out, "post.md", NULL);
    g_assert_true (g_file_get_contents (path, &markdown, NULL, NULL));
    g_assert_cmpstr (markdown, ==, expected_post_md);
  }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = {
        "spring-in-the-garden-01-spring-in-the-garden.jpg",
        "spring-in-the-garden-02-sowing-seeds.jpg",
        "spring-in-the-garden-03-watering.jpg",
      };
      g_autofree char *path = g_build_filename (out, "images", names[i], NULL);
      int w = 0, h = 0;
      GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, &w, &h);
      g_autofree char *format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;

      g_assert_cmpstr (format_name, ==, "jpeg");
      g_assert_cmpint (w, ==, 256);
    }
  {
    g_autofree char *path = g_build_filename (out, "manifest.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) manifest = NULL;
    JsonArray *entries;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    manifest = easel_json_parse (text, -1, NULL);
    entries = json_object_get_array_member (json_node_get_object (manifest), "sections");
    g_assert_cmpuint (json_array_get_length (entries), ==, 4);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);

        g_assert_cmpint (json_object_get_int_member (entry, "result_id"), ==, picks[i]);
        g_assert_cmpstr (json_object_get_string_member (entry, "provider"), ==, "sd");
        g_assert_cmpstr (json_object_get_string_member (entry, "model"), ==,
                         "v1-5-pruned-emaonly");
        g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "seed")));
        g_assert_cmpfloat (json_object_get_double_member (entry, "cost_usd"), ==, 0.0);
      }
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (
      json_array_get_object_element (entries, 3), "image")));
  }

  /* Again: refused without --force, nothing touched; replaced with it. */
  EASEL (f, "post", "export", "spring-in-the-garden", out);
  assert_run (f, 1, "", "already exists and is not empty; use --force to replace it");
  EASEL (f, "post", "export", "spring-in-the-garden", out, "--force", "--json");
  {
    g_autoptr(JsonNode) root = parse_out (f);
    JsonObject *object = json_node_get_object (root);

    assert_run (f, 0, NULL, NULL);
    g_assert_true (json_object_get_boolean_member (object, "replaced"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object,
                                                                                  "files"), 0),
                     ==, "images/spring-in-the-garden-01-spring-in-the-garden.png");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (object, "missing"), 0), "heading"), ==,
      "Companion planting");
  }
  EASEL (f, "post", "export", "spring-in-the-garden", out, "--force", "--strict");
  assert_run (f, 1, "", "1 section has no chosen image: 4 “Companion planting”");
}

static void
test_generate_failure (Fixture       *f,
                       gconstpointer  data)
{
  add_providers (f);
  import_post (f);
  easel_fake_openai_set_fault (f->openai, EASEL_FAKE_OPENAI_FAULT_MODERATION_BLOCKED);
  EASEL (f, "post", "generate", "spring-in-the-garden", "--section", "1", "--section", "2",
         "--provider", "oai");
  assert_run (f, 1, NULL, "0 made, 2 failed");
  g_assert_true (g_str_has_prefix (f->run.out, "1  Spring in the Garden  -  oai  gpt-image-2  "
                                               "failed: "));
}

typedef struct
{
  GSubprocess *process;
  EaselCliRun *run;
  gboolean     done;
} Child;

static void
child_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &child->run->out,
                                        &child->run->err, NULL);
  child->done = TRUE;
}

static gboolean
child_finished (gpointer data)
{
  Child *child = data;
  return child->done && (g_subprocess_get_if_exited (child->process) ||
                         g_subprocess_get_if_signaled (child->process));
}

static gboolean
a1111_generating (gpointer data)
{
  return easel_fake_a1111_is_generating (data);
}

static void
test_ctrl_c (Fixture       *f,
             gconstpointer  data)
{
  const char *args[] = { "post", "generate", "spring-in-the-garden", "--provider", "sd",
                         "--count", "2", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(EaselStore) store = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };
  guint cancelled = 0;

  add_providers (f);
  import_post (f);
  easel_fake_a1111_set_step_delay (f->a1111, 50);

  process = easel_cli_spawn (f->dir, f->env, args);
  child.process = process;
  child.run = &f->run;
  easel_cli_run_clear (&f->run);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, child_done_cb, &child);
  easel_fake_wait_until (a1111_generating, f->a1111, 10000);

  g_subprocess_send_signal (process, SIGINT);
  easel_fake_wait_until (child_finished, &child, 20000);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_nonnull (strstr (f->run.err, "Cancelled"));

  /* Every job of every section ended cancelled, none left queued or running. */
  store = easel_store_open (f->dir, &error);
  g_assert_no_error (error);
  sections = easel_store_list_sections (store, 1, &error);
  for (guint i = 0; i < sections->len; i++)
    {
      EaselSection *section = g_ptr_array_index (sections, i);
      g_autoptr(GPtrArray) jobs = easel_store_list_section_jobs (store, section->id, &error);

      g_assert_cmpuint (jobs->len, ==, 2);
      for (guint j = 0; j < jobs->len; j++)
        {
          EaselJob *job = g_ptr_array_index (jobs, j);

          g_assert_true (job->state == EASEL_JOB_CANCELLED || job->state == EASEL_JOB_DONE);
          cancelled += job->state == EASEL_JOB_CANCELLED;
        }
    }
  g_assert_cmpuint (cancelled, >=, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/easel/cli-post/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("usage", test_usage);
  ADD ("golden", test_golden);
  ADD ("generate-pick-export", test_generate_pick_export);
  ADD ("generate-failure", test_generate_failure);
  ADD ("ctrl-c", test_ctrl_c);
#undef ADD

  return g_test_run ();
}
