/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure parts of the blog workflow: re-import diffs, prompts from templates, default alt
 * text, export file names and sizes, and the manifest. Table-driven.
 */
#include "config.h"

#include "easel-image-setting.h"
#include "easel-json.h"
#include "easel-post-diff.h"
#include "easel-post-export.h"
#include "easel-post-text.h"

/* ---- re-import diffs ---------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *old_title;
  const char *old_sections[16];   /* heading, body pairs */
  const char *new_title;
  const char *new_sections[16];
  /* For each new section, the old position it keeps (1-based), or 0 for a new one. */
  int         kept[8];
  const char *added;              /* headings joined with "|" */
  const char *changed;
  const char *removed;
  guint       unchanged;
} DiffCase;

static const DiffCase diff_cases[] = {
  { "unchanged",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    { 1, 2, 3 }, "", "", "", 3 },
  { "body-edited",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Seeds", "sow them deep", "Watering", "water", NULL },
    { 1, 2, 3 }, "", "Seeds", "", 2 },
  { "added-in-the-middle",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Seeds", "sow", "Compost", "rot", "Watering", "water", NULL },
    { 1, 2, 0, 3 }, "Compost", "", "", 3 },
  { "removed",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Watering", "water", NULL },
    { 1, 3 }, "", "", "Seeds", 2 },
  { "reordered",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Watering", "water", "Seeds", "sow", NULL },
    { 1, 3, 2 }, "", "", "", 3 },
  { "renamed-with-the-same-text",
    "T", { "T", "intro", "Seeds", "sow", "Watering", "water", NULL },
    "T", { "T", "intro", "Sowing", "sow", "Watering", "water", NULL },
    { 1, 2, 3 }, "", "Sowing", "", 2 },
  { "renamed-and-rewritten-is-new",
    "T", { "T", "intro", "Seeds", "sow", NULL },
    "T", { "T", "intro", "Sowing", "sow deeper", NULL },
    { 1, 0 }, "Sowing", "", "Seeds", 1 },
  { "title-changed-keeps-the-hero",
    "Old Title", { "Old Title", "intro", "Seeds", "sow", NULL },
    "New Title", { "New Title", "intro", "Seeds", "sow", NULL },
    { 1, 2 }, "", "New Title", "", 1 },
  { "duplicate-headings-in-order",
    "T", { "T", "", "Example", "one", "Example", "two", NULL },
    "T", { "T", "", "Example", "one!", "Example", "two", NULL },
    { 1, 2, 3 }, "", "Example", "", 2 },
  { "heading-case-changed",
    "T", { "T", "", "Watering", "water", NULL },
    "T", { "T", "", "WATERING!", "water more", NULL },
    { 1, 2 }, "", "WATERING!", "", 1 },
  { "everything-new",
    "T", { "T", "", "A", "a", NULL },
    "U", { "U", "u", "B", "b", NULL },
    { 1, 0 }, "B", "U", "A", 0 },
};

static GPtrArray *
make_sections (const char * const *pairs,
               gboolean            stored)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_section_free);

  for (guint i = 0; pairs[i * 2] != NULL; i++)
    {
      EaselSection *section = easel_section_new ((int) i + 1, pairs[i * 2]);

      g_free (section->body);
      section->body = g_strdup (pairs[i * 2 + 1]);
      if (stored)
        {
          /* Everything a re-import must keep. */
          section->id = 10 + i;
          section->post_id = 1;
          section->example_id = 100 + i;
          section->setting_id = 200 + i;
          section->chosen_result_id = 300 + i;
          section->prompt_override = g_strdup_printf ("override %u", i);
          section->alt_text = g_strdup_printf ("alt %u", i);
        }
      g_ptr_array_add (sections, section);
    }
  return sections;
}

static char *
join (GPtrArray *strings)
{
  g_ptr_array_add (strings, NULL);
  g_ptr_array_set_size (strings, strings->len - 1);
  return g_strjoinv ("|", (char **) strings->pdata);
}

static void
test_diff (gconstpointer data)
{
  const DiffCase *c = data;
  g_autoptr(GPtrArray) old = make_sections (c->old_sections, TRUE);
  g_autoptr(GPtrArray) fresh = make_sections (c->new_sections, FALSE);
  g_autoptr(EaselSectionDiff) diff = easel_section_diff (old, c->old_title, fresh, c->new_title);
  g_autofree char *added = join (diff->added);
  g_autofree char *changed = join (diff->changed);
  g_autofree char *removed = join (diff->removed);

  g_assert_cmpuint (diff->sections->len, ==, fresh->len);
  for (guint i = 0; i < fresh->len; i++)
    {
      EaselSection *merged = g_ptr_array_index (diff->sections, i);
      EaselSection *source = g_ptr_array_index (fresh, i);
      int kept = c->kept[i];

      g_assert_cmpint (merged->position, ==, (int) i + 1);
      g_assert_cmpstr (merged->heading, ==, source->heading);
      g_assert_cmpstr (merged->body, ==, source->body);
      if (kept == 0)
        {
          g_assert_cmpint (merged->id, ==, 0);
          g_assert_cmpint (merged->example_id, ==, 0);
          g_assert_cmpint (merged->chosen_result_id, ==, 0);
          g_assert_null (merged->alt_text);
        }
      else
        {
          g_autofree char *override = g_strdup_printf ("override %d", kept - 1);
          g_autofree char *alt = g_strdup_printf ("alt %d", kept - 1);

          g_assert_cmpint (merged->id, ==, 10 + kept - 1);
          g_assert_cmpint (merged->example_id, ==, 100 + kept - 1);
          g_assert_cmpint (merged->setting_id, ==, 200 + kept - 1);
          g_assert_cmpint (merged->chosen_result_id, ==, 300 + kept - 1);
          g_assert_cmpstr (merged->prompt_override, ==, override);
          g_assert_cmpstr (merged->alt_text, ==, alt);
        }
    }
  g_assert_cmpstr (added, ==, c->added);
  g_assert_cmpstr (changed, ==, c->changed);
  g_assert_cmpstr (removed, ==, c->removed);
  g_assert_cmpuint (diff->unchanged, ==, c->unchanged);
}

/* ---- prompts ------------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *template;
  const char *override;
  const char *example_prompt;
  const char *heading;
  const char *body;
  const char *expected;
  EaselPromptSource source;
} PromptCase;

static const PromptCase prompt_cases[] = {
  { "default", NULL, NULL, NULL, "Watering",
    "Water **early** in the morning. The soil stays cool.\n\n```\ncode\n```",
    "Watering: Water early in the morning. The soil stays cool.", EASEL_PROMPT_SOURCE_DEFAULT },
  { "default-without-text", NULL, NULL, NULL, "Watering", "",
    "Watering", EASEL_PROMPT_SOURCE_DEFAULT },
  { "override-wins", "{title}", "  a fox in the snow  ", "a cat", "Watering", "x",
    "a fox in the snow", EASEL_PROMPT_SOURCE_OVERRIDE },
  { "blank-override-is-none", NULL, "   ", "a cat by {heading}", "Watering", "x",
    "a cat by Watering", EASEL_PROMPT_SOURCE_EXAMPLE },
  { "post-template", "Editorial photo for “{title}”, {heading}: {excerpt}", NULL, "a cat",
    "Seeds", "Sow them thinly.",
    "Editorial photo for “Spring Garden”, Seeds: Sow them thinly.",
    EASEL_PROMPT_SOURCE_TEMPLATE },
  { "unknown-placeholder-stays", "{heading} in {style}", NULL, NULL, "Seeds", "",
    "Seeds in {style}", EASEL_PROMPT_SOURCE_TEMPLATE },
  { "example-prompt", NULL, NULL, "a watering can on a sunny windowsill", "Watering", "x",
    "a watering can on a sunny windowsill", EASEL_PROMPT_SOURCE_EXAMPLE },
  { "empty-placeholders-leave-no-punctuation", "{excerpt}, {heading}", NULL, NULL, "Seeds", "",
    "Seeds", EASEL_PROMPT_SOURCE_TEMPLATE },
};

static void
test_prompt (gconstpointer data)
{
  const PromptCase *c = data;
  g_autoptr(EaselPost) post = easel_post_new ("spring-garden", "Spring Garden");
  g_autoptr(EaselSection) section = easel_section_new (2, c->heading);
  g_autoptr(EaselPromptExample) example = NULL;
  g_autofree char *prompt = NULL;
  EaselPromptSource source = -1;

  post->prompt_template = g_strdup (c->template);
  g_free (section->body);
  section->body = g_strdup (c->body);
  section->prompt_override = g_strdup (c->override);
  if (c->example_prompt != NULL)
    example = easel_prompt_example_new ("Example", c->example_prompt);

  prompt = easel_section_resolve_prompt (post, section, example, &source);
  g_assert_cmpstr (prompt, ==, c->expected);
  g_assert_cmpint (source, ==, c->source);
}

/* ---- alt text ----------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *heading;
  const char *prompt;
  const char *expected;
} AltCase;

static const AltCase alt_cases[] = {
  { "subject-before-style", "Watering",
    "a watering can on a sunny windowsill, watercolor, soft light",
    "Watering: a watering can on a sunny windowsill" },
  { "template-prompt", "Watering", "Watering: Water early in the morning. The soil stays cool.",
    "Watering: Water early in the morning" },
  { "no-prompt", "Watering", NULL, "Watering" },
  { "prompt-is-the-heading", "Watering", "watering", "Watering" },
  { "hero", "Spring Garden", "Spring Garden: a cottage garden at dawn, film grain",
    "Spring Garden: a cottage garden at dawn" },
  { "dash-separated", "Seeds", "Seeds — tiny seedlings in trays",
    "Seeds: tiny seedlings in trays" },
  { "only-punctuation", "Seeds", "--- , ...", "Seeds" },
  { "long-subject-is-cut", "Seeds",
    "an extremely detailed macro photograph of seedlings pushing through dark soil in early "
    "morning light with droplets of dew on every leaf and a blurred greenhouse behind them "
    "under a pale sky",
    "Seeds: an extremely detailed macro photograph of seedlings pushing through dark soil in "
    "early morning light with droplets of dew on every leaf and a…" },
};

static void
test_alt_text (gconstpointer data)
{
  const AltCase *c = data;
  g_autofree char *alt = easel_section_default_alt_text ("Spring Garden", c->heading, c->prompt);

  g_assert_cmpstr (alt, ==, c->expected);
}

/* ---- export names, sizes, manifest -------------------------------------------------------- */

static void
test_file_names (void)
{
  static const struct
  {
    const char *post;
    int         position;
    const char *heading;
    const char *extension;
    const char *expected;
  } cases[] = {
    { "spring-garden", 1, "Spring Garden", "png", "spring-garden-01-spring-garden.png" },
    { "spring-garden", 2, "Watering & Feeding!", "webp", "spring-garden-02-watering-feeding.webp" },
    { "spring-garden", 12, "Crème brûlée", "jpg", "spring-garden-12-creme-brulee.jpg" },
    { "p", 100, "", "png", "p-100-untitled.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = easel_post_export_file_name (cases[i].post, cases[i].position,
                                                           cases[i].heading,
                                                           cases[i].extension);
      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

static void
test_formats (void)
{
  EaselExportFormat format = -1;

  g_assert_true (easel_export_format_from_string ("JPG", &format));
  g_assert_cmpint (format, ==, EASEL_EXPORT_FORMAT_JPEG);
  g_assert_true (easel_export_format_from_string ("webp", &format));
  g_assert_cmpint (format, ==, EASEL_EXPORT_FORMAT_WEBP);
  g_assert_cmpstr (easel_export_format_extension (format), ==, "webp");
  g_assert_true (easel_export_format_from_string ("original", &format));
  g_assert_null (easel_export_format_extension (format));
  g_assert_false (easel_export_format_from_string ("gif", &format));
  g_assert_false (easel_export_format_from_string (NULL, &format));
}

static void
test_fit (void)
{
  static const int cases[][5] = {
    /* width, height, max, expected width, height */
    { 1536, 1024, 1200, 1200, 800 },
    { 800, 600, 1200, 800, 600 },
    { 1000, 333, 500, 500, 167 },
    { 1000, 1, 10, 10, 1 },
    { 1200, 900, 0, 1200, 900 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int w, h;

      easel_post_export_fit (cases[i][0], cases[i][1], cases[i][2], &w, &h);
      g_assert_cmpint (w, ==, cases[i][3]);
      g_assert_cmpint (h, ==, cases[i][4]);
    }
}

static const char expected_manifest[] =
  "{\n"
  "  \"manifest_version\" : 1,\n"
  "  \"generator\" : \"Easel " PACKAGE_VERSION "\",\n"
  "  \"exported_at\" : \"2026-05-01T10:00:00Z\",\n"
  "  \"post\" : {\n"
  "    \"id\" : 7,\n"
  "    \"slug\" : \"spring-garden\",\n"
  "    \"title\" : \"Spring Garden\",\n"
  "    \"markdown\" : \"post.md\"\n"
  "  },\n"
  "  \"images\" : {\n"
  "    \"format\" : \"webp\",\n"
  "    \"max_width\" : 1200\n"
  "  },\n"
  "  \"sections\" : [\n"
  "    {\n"
  "      \"position\" : 1,\n"
  "      \"heading\" : \"Spring Garden\",\n"
  "      \"hero\" : true,\n"
  "      \"image\" : \"images/spring-garden-01-spring-garden.webp\",\n"
  "      \"width\" : 1200,\n"
  "      \"height\" : 800,\n"
  "      \"alt_text\" : \"Spring Garden: a cottage garden\",\n"
  "      \"prompt\" : \"a cottage garden, watercolor\",\n"
  "      \"negative_prompt\" : null,\n"
  "      \"revised_prompt\" : \"A cottage garden in watercolor.\",\n"
  "      \"provider\" : \"OpenAI\",\n"
  "      \"provider_kind\" : \"openai\",\n"
  "      \"model\" : \"gpt-image-1\",\n"
  "      \"settings\" : {\n"
  "        \"width\" : 1536,\n"
  "        \"height\" : 1024,\n"
  "        \"steps\" : null,\n"
  "        \"guidance_scale\" : null,\n"
  "        \"sampler\" : null,\n"
  "        \"scheduler\" : null,\n"
  "        \"seed\" : null,\n"
  "        \"model\" : null,\n"
  "        \"negative_prompt\" : null,\n"
  "        \"extra_settings\" : {\n"
  "          \"quality\" : \"high\"\n"
  "        }\n"
  "      },\n"
  "      \"seed\" : null,\n"
  "      \"cost_usd\" : 0.25,\n"
  "      \"result_id\" : 42\n"
  "    },\n"
  "    {\n"
  "      \"position\" : 2,\n"
  "      \"heading\" : \"Seeds\",\n"
  "      \"hero\" : false,\n"
  "      \"image\" : null,\n"
  "      \"width\" : null,\n"
  "      \"height\" : null,\n"
  "      \"alt_text\" : null,\n"
  "      \"prompt\" : \"Seeds: Sow them thinly.\",\n"
  "      \"negative_prompt\" : null,\n"
  "      \"revised_prompt\" : null,\n"
  "      \"provider\" : null,\n"
  "      \"provider_kind\" : null,\n"
  "      \"model\" : null,\n"
  "      \"settings\" : null,\n"
  "      \"seed\" : null,\n"
  "      \"cost_usd\" : null,\n"
  "      \"result_id\" : null\n"
  "    }\n"
  "  ],\n"
  "  \"missing\" : [\n"
  "    {\n"
  "      \"position\" : 2,\n"
  "      \"heading\" : \"Seeds\"\n"
  "    }\n"
  "  ]\n"
  "}";

static void
test_manifest (void)
{
  g_autoptr(EaselPost) post = easel_post_new ("spring-garden", "Spring Garden");
  g_autoptr(EaselSection) hero = easel_section_new (1, "Spring Garden");
  g_autoptr(EaselSection) seeds = easel_section_new (2, "Seeds");
  g_autoptr(EaselResult) result = easel_result_new ();
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *text = NULL;
  EaselManifestSection entries[2] = { 0 };

  post->id = 7;
  result->id = 42;
  result->provider_name = g_strdup ("OpenAI");
  result->provider_kind = g_strdup ("openai");
  result->model = g_strdup ("gpt-image-1");
  result->prompt = g_strdup ("a cottage garden, watercolor");
  result->revised_prompt = g_strdup ("A cottage garden in watercolor.");
  result->setting->width = 1536;
  result->setting->height = 1024;
  json_object_set_string_member (result->setting->extra_settings, "quality", "high");
  result->has_cost = TRUE;
  result->cost_usd = 0.25;

  entries[0] = (EaselManifestSection) { hero, TRUE, "a cottage garden",
                                        "Spring Garden: a cottage garden", result,
                                        "images/spring-garden-01-spring-garden.webp", 1200, 800 };
  entries[1] = (EaselManifestSection) { seeds, FALSE, "Seeds: Sow them thinly.", "Seeds", NULL,
                                        NULL, 0, 0 };
  manifest = easel_post_manifest (post, entries, 2, EASEL_EXPORT_FORMAT_WEBP, 1200,
                                  "2026-05-01T10:00:00Z");
  text = easel_json_to_string (manifest, TRUE);
  g_assert_cmpstr (text, ==, expected_manifest);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (diff_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/post/diff/%s", diff_cases[i].name);
      g_test_add_data_func (path, &diff_cases[i], test_diff);
    }
  for (guint i = 0; i < G_N_ELEMENTS (prompt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/post/prompt/%s", prompt_cases[i].name);
      g_test_add_data_func (path, &prompt_cases[i], test_prompt);
    }
  for (guint i = 0; i < G_N_ELEMENTS (alt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/post/alt-text/%s", alt_cases[i].name);
      g_test_add_data_func (path, &alt_cases[i], test_alt_text);
    }
  g_test_add_func ("/easel/post/export/file-names", test_file_names);
  g_test_add_func ("/easel/post/export/formats", test_formats);
  g_test_add_func ("/easel/post/export/fit", test_fit);
  g_test_add_func ("/easel/post/export/manifest", test_manifest);

  return g_test_run ();
}
