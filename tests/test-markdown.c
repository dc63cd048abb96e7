/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Markdown splitter, the plain-text and excerpt helpers and image insertion: table-driven,
 * one case per shape a real post has.
 */
#include "config.h"

#include "easel-markdown.h"

typedef struct
{
  const char *name;
  const char *markdown;
  int         level;
  const char *title;
  const char *title_source;
  /* heading, body pairs, then NULL */
  const char *sections[16];
} SplitCase;

static const SplitCase split_cases[] = {
  { "basic",
    "# Spring Garden\n\nIntro text.\n\n## Seeds\n\nSow them.\n\n## Watering\n\nWater daily.\n",
    2, "Spring Garden", "heading",
    { "Spring Garden", "Intro text.", "Seeds", "Sow them.", "Watering", "Water daily.", NULL } },
  { "yaml-front-matter",
    "---\ntitle: \"A: Post\"\ndate: 2024-05-01\n---\nHello.\n## One\nBody one\n",
    2, "A: Post", "front-matter",
    { "A: Post", "Hello.", "One", "Body one", NULL } },
  { "yaml-single-quotes",
    "---\nlayout: post\ntitle: 'It''s here' # a comment\n---\n## One\nx\n",
    2, "It's here", "front-matter",
    { "It's here", "", "One", "x", NULL } },
  { "yaml-bare-with-comment",
    "---\ntitle: Bare title # note\n---\nText\n",
    2, "Bare title", "front-matter",
    { "Bare title", "Text", NULL } },
  { "front-matter-wins-over-heading",
    "---\ntitle: FM\n---\n# Heading Title\n\nIntro\n## A\nx",
    2, "FM", "front-matter",
    { "FM", "Intro", "A", "x", NULL } },
  { "toml-front-matter",
    "+++\ndate = 2024\ntitle = \"Toml \\\"Post\\\"\"\n+++\nBody\n",
    2, "Toml \"Post\"", "front-matter",
    { "Toml \"Post\"", "Body", NULL } },
  { "unclosed-front-matter-is-not-front-matter",
    "---\ntitle: x\n\n# Real\n\n## A\nb\n",
    2, "Real", "heading",
    { "Real", "---\ntitle: x", "A", "b", NULL } },
  { "fallback-title",
    "Just text.\n\n## A\nb\n",
    2, "my-file", "fallback",
    { "my-file", "Just text.", "A", "b", NULL } },
  { "empty",
    "",
    2, "my-file", "fallback",
    { "my-file", "", NULL } },
  { "backtick-fence",
    "# T\n\n```sh\n## not a heading\n```\n\n## Real\nx\n",
    2, "T", "heading",
    { "T", "```sh\n## not a heading\n```", "Real", "x", NULL } },
  { "tilde-fence-needs-its-own-length",
    "# T\n~~~~\n## no\n~~~\n## still no\n~~~~\n## Yes\ny\n",
    2, "T", "heading",
    { "T", "~~~~\n## no\n~~~\n## still no\n~~~~", "Yes", "y", NULL } },
  { "unclosed-fence-runs-to-the-end",
    "# T\n```\n## no\n",
    2, "T", "heading",
    { "T", "```\n## no", NULL } },
  { "html-comment",
    "# T\n<!--\n## hidden\n-->\n## Shown\nbody",
    2, "T", "heading",
    { "T", "<!--\n## hidden\n-->", "Shown", "body", NULL } },
  { "setext",
    "Title\n=====\n\nIntro\n\nPart one\n--------\n\nText\n",
    2, "Title", "heading",
    { "Title", "Intro", "Part one", "Text", NULL } },
  { "multi-line-paragraph-then-rule",
    "# T\nline one\nline two\n---\n## A\n",
    2, "T", "heading",
    { "T", "line one\nline two\n---", "A", "", NULL } },
  { "level-3-splits-at-2-and-3",
    "# T\n## Chapter\nc\n### Sub\ns\n#### Deeper\nd\n",
    3, "T", "heading",
    { "T", "", "Chapter", "c", "Sub", "s\n#### Deeper\nd", NULL } },
  { "level-2-keeps-subheadings-in-the-body",
    "# T\n## A\nx\n### a1\ny\n",
    2, "T", "heading",
    { "T", "", "A", "x\n### a1\ny", NULL } },
  { "level-1-with-text-before",
    "Intro before\n# One\na\n# Two\nb\n",
    1, "One", "heading",
    { "One", "Intro before", "One", "a", "Two", "b", NULL } },
  { "level-1-without-text-before",
    "# One\na\n# Two\nb\n",
    1, "One", "heading",
    { "One", "a", "Two", "b", NULL } },
  { "inline-markup-and-closing-hashes",
    "# The *Best* `Post` #\n## [Links](http://x.org/a_b) &amp; more ##\nbody\n## C# notes\nc\n",
    2, "The Best Post", "heading",
    { "The Best Post", "", "Links & more", "body", "C# notes", "c", NULL } },
  { "crlf",
    "# T\r\n\r\nIntro\r\n## A\r\nx\r\n",
    2, "T", "heading",
    { "T", "Intro", "A", "x", NULL } },
  { "hashtag-is-not-a-heading",
    "# T\n#hashtag line\n## A\n",
    2, "T", "heading",
    { "T", "#hashtag line", "A", "", NULL } },
  { "indented-code-is-not-a-heading",
    "# T\n    ## code\n## A\n",
    2, "T", "heading",
    { "T", "    ## code", "A", "", NULL } },
  { "text-before-the-title",
    "[![badge](b.svg)](x)\n\n# Title\n\nIntro\n## A\nx",
    2, "Title", "heading",
    { "Title", "[![badge](b.svg)](x)\n\nIntro", "A", "x", NULL } },
  { "no-title-heading-section-first",
    "## First\none\n# Late Title\n## Second\ntwo\n",
    2, "Late Title", "heading",
    { "Late Title", "", "First", "one", "Late Title", "", "Second", "two", NULL } },
  { "duplicate-headings",
    "# T\n## Example\none\n## Example\ntwo\n",
    2, "T", "heading",
    { "T", "", "Example", "one", "Example", "two", NULL } },
  { "empty-heading-text",
    "# T\n##\nbody\n",
    2, "T", "heading",
    { "T", "", "", "body", NULL } },
};

static void
test_split (gconstpointer data)
{
  const SplitCase *c = data;
  g_autoptr(EaselMarkdownDocument) doc = easel_markdown_split (c->markdown, c->level, "my-file");
  guint n = 0;

  g_assert_cmpstr (doc->title, ==, c->title);
  g_assert_cmpstr (doc->title_source, ==, c->title_source);
  while (c->sections[n * 2] != NULL)
    n++;
  for (guint i = 0; i < MIN (n, doc->sections->len); i++)
    {
      EaselMarkdownSection *s = g_ptr_array_index (doc->sections, i);

      g_assert_cmpstr (s->heading, ==, c->sections[i * 2]);
      g_assert_cmpstr (s->body, ==, c->sections[i * 2 + 1]);
      g_assert_true (s->hero == (i == 0 && (c->level >= 2 ||
                                            g_strcmp0 (c->name, "level-1-with-text-before") == 0)));
    }
  g_assert_cmpuint (doc->sections->len, ==, n);
}

typedef struct
{
  const char *name;
  const char *markdown;
  int         level;
  const char *references[6];
  const char *expected;
} InsertCase;

static const InsertCase insert_cases[] = {
  { "under-each-heading",
    "# Spring Garden\n\nIntro text.\n\n## Seeds\nSow them.\n", 2,
    { "![h](images/1.png)", "![s](images/2.png)" },
    "# Spring Garden\n\n![h](images/1.png)\n\nIntro text.\n\n## Seeds\n\n![s](images/2.png)\n\n"
    "Sow them.\n" },
  { "some-sections-only",
    "# T\n\n## A\n\na\n\n## B\n\nb\n", 2,
    { NULL, NULL, "![b](b.png)" },
    "# T\n\n## A\n\na\n\n## B\n\n![b](b.png)\n\nb\n" },
  { "hero-without-heading-after-front-matter",
    "---\ntitle: X\n---\n\nHello\n## A\nbody", 2,
    { "![x](x.png)", NULL },
    "---\ntitle: X\n---\n\n![x](x.png)\n\nHello\n## A\nbody" },
  { "hero-without-heading-or-text",
    "## A\nbody\n", 2,
    { "![x](x.png)", "![a](a.png)" },
    "![x](x.png)\n\n## A\n\n![a](a.png)\n\nbody\n" },
  { "heading-at-the-end-without-newline",
    "# T\n## End", 2,
    { NULL, "![e](e.png)" },
    "# T\n## End\n\n![e](e.png)\n" },
  { "crlf",
    "# T\r\n\r\nIntro\r\n## A\r\nx\r\n", 2,
    { "![t](t.png)", "![a](a.png)" },
    "# T\r\n\r\n![t](t.png)\r\n\r\nIntro\r\n## A\r\n\r\n![a](a.png)\r\n\r\nx\r\n" },
  { "setext",
    "Title\n=====\nIntro\n", 2,
    { "![t](t.png)" },
    "Title\n=====\n\n![t](t.png)\n\nIntro\n" },
  { "empty-document",
    "", 2,
    { "![t](t.png)" },
    "![t](t.png)\n" },
  { "fence-untouched",
    "# T\n```\n## no\n```\n## Yes\ny\n", 2,
    { NULL, "![y](y.png)" },
    "# T\n```\n## no\n```\n## Yes\n\n![y](y.png)\n\ny\n" },
};

static void
test_insert (gconstpointer data)
{
  const InsertCase *c = data;
  g_autoptr(EaselMarkdownDocument) doc = easel_markdown_split (c->markdown, c->level, "x");
  g_autofree char *out = NULL;

  out = easel_markdown_insert_images (c->markdown, doc, c->references);
  g_assert_cmpstr (out, ==, c->expected);
}

typedef struct
{
  const char *name;
  const char *markdown;
  const char *plain;
  const char *excerpt;   /* with a maximum of 80 characters */
} PlainCase;

static const PlainCase plain_cases[] = {
  { "inline-markup",
    "Water **early** in the _morning_. See [the guide](http://x.org/(a)) for more!",
    "Water early in the morning. See the guide for more!",
    "Water early in the morning. See the guide for more!" },
  { "snake-case-and-escapes",
    "Use file_name and \\*stars\\* here.",
    "Use file_name and *stars* here.",
    "Use file_name and *stars* here." },
  { "images-and-footnotes-go",
    "![alt](x.png) A picture.[^1]\n\n[^1]: A note.",
    "A picture.",
    "A picture." },
  { "code-blocks-headings-tables-go",
    "Intro line\n\n```\ncode();\n```\n\n### Sub\n\n| a | b |\n|---|---|\n\nEnd",
    "Intro line. End.",
    "Intro line. End." },
  { "lists-and-quotes",
    "- Tomatoes\n- [x] Basil\n\n> Quoted *wisdom*\n1. First",
    "Tomatoes. Basil. Quoted wisdom. First.",
    "Tomatoes. Basil. Quoted wisdom." },
  { "html-and-entities",
    "<p>Fish &amp; chips</p> <!-- hidden --> are <em>great</em>.",
    "Fish & chips are great.",
    "Fish & chips are great." },
  { "inline-html",
    "Fish &amp; chips are <em>great</em>.",
    "Fish & chips are great.",
    "Fish & chips are great." },
  { "reference-links",
    "Read [the docs][docs] now.\n\n[docs]: https://example.org",
    "Read the docs now.",
    "Read the docs now." },
  { "sentences-until-eighty-characters",
    "Short one. Another short sentence here. A third sentence that pushes past the "
    "limit. A fourth.",
    "Short one. Another short sentence here. A third sentence that pushes past the limit. "
    "A fourth.",
    "Short one. Another short sentence here. A third sentence that pushes past the…" },
  { "abbreviations-do-not-end-sentences",
    "Plant herbs, e.g. basil and thyme. Then wait.",
    "Plant herbs, e.g. basil and thyme. Then wait.",
    "Plant herbs, e.g. basil and thyme. Then wait." },
  { "first-sentence-long-enough",
    "Seedlings need steady moisture, good light and a little patience before they go "
    "outside. Harden them off first.",
    "Seedlings need steady moisture, good light and a little patience before they go "
    "outside. Harden them off first.",
    "Seedlings need steady moisture, good light and a little patience before they…" },
};

static void
test_plain (gconstpointer data)
{
  const PlainCase *c = data;
  g_autofree char *plain = easel_markdown_to_plain (c->markdown);
  g_autofree char *excerpt = easel_markdown_excerpt (c->markdown, 80);

  g_assert_cmpstr (plain, ==, c->plain);
  g_assert_cmpstr (excerpt, ==, c->excerpt);
}

static void
test_excerpt_sentences (void)
{
  g_autofree char *three = easel_markdown_excerpt ("One. Two. Three. Four. Five.", 0);
  g_autofree char *long_first = easel_markdown_excerpt (
    "This opening sentence is deliberately long enough to pass eighty characters by itself. "
    "Second.", 0);

  g_assert_cmpstr (three, ==, "One. Two. Three.");
  g_assert_cmpstr (long_first, ==,
                   "This opening sentence is deliberately long enough to pass eighty "
                   "characters by itself.");
}

static void
test_image_reference (void)
{
  g_autofree char *plain = easel_markdown_image_reference ("A [bracketed]\nalt", "images/a.png");
  g_autofree char *spaced = easel_markdown_image_reference ("x", "my images/a b.png");

  g_assert_cmpstr (plain, ==, "![A \\[bracketed\\] alt](images/a.png)");
  g_assert_cmpstr (spaced, ==, "![x](<my images/a b.png>)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (split_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/markdown/split/%s", split_cases[i].name);
      g_test_add_data_func (path, &split_cases[i], test_split);
    }
  for (guint i = 0; i < G_N_ELEMENTS (insert_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/markdown/insert/%s",
                                               insert_cases[i].name);
      g_test_add_data_func (path, &insert_cases[i], test_insert);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/easel/markdown/plain/%s", plain_cases[i].name);
      g_test_add_data_func (path, &plain_cases[i], test_plain);
    }
  g_test_add_func ("/easel/markdown/excerpt/sentences", test_excerpt_sentences);
  g_test_add_func ("/easel/markdown/image-reference", test_image_reference);

  return g_test_run ();
}
