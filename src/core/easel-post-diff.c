/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include "easel-post-diff.h"

/**
 * easel_post_sections_from_markdown:
 *
 * Returns: (element-type EaselSection) (transfer container): new sections (id 0), positions
 * from 1
 */
GPtrArray *
easel_post_sections_from_markdown (const EaselMarkdownDocument *doc)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_section_free);

  for (guint i = 0; i < doc->sections->len; i++)
    {
      const EaselMarkdownSection *md = g_ptr_array_index (doc->sections, i);
      EaselSection *section = easel_section_new ((int) i + 1, md->heading);

      g_free (section->body);
      section->body = g_strdup (md->body);
      g_ptr_array_add (sections, section);
    }
  return sections;
}

void
easel_section_diff_free (EaselSectionDiff *diff)
{
  if (diff == NULL)
    return;
  g_clear_pointer (&diff->sections, g_ptr_array_unref);
  g_clear_pointer (&diff->added, g_ptr_array_unref);
  g_clear_pointer (&diff->changed, g_ptr_array_unref);
  g_clear_pointer (&diff->removed, g_ptr_array_unref);
  g_free (diff);
}

/* Headings that differ only in case, spacing or punctuation are the same heading. */
static gboolean
same_heading_loosely (const char *a,
                      const char *b)
{
  g_autofree char *sa = easel_slugify (a);
  g_autofree char *sb = easel_slugify (b);

  return g_strcmp0 (sa, sb) == 0;
}

static gboolean
is_hero (GPtrArray  *sections,
         guint       index,
         const char *title)
{
  EaselSection *section;

  if (index != 0 || sections->len == 0)
    return FALSE;
  section = g_ptr_array_index (sections, 0);
  return g_strcmp0 (section->heading, title) == 0;
}

/**
 * easel_section_diff:
 * @old_sections: (element-type EaselSection): the stored sections, in order
 * @old_title: the stored post title (the old hero section's heading)
 * @new_sections: (element-type EaselSection): the sections of the edited Markdown
 * @new_title: the edited post's title
 *
 * Matches the new sections to the old, in this order: the hero to the hero (whatever its
 * title became); then by heading, the first unmatched section of the same heading in order
 * (so two sections called "Example" keep their order); then by heading ignoring case and
 * punctuation; and last, a renamed section whose text did not change, by its text.
 *
 * Returns: (transfer full): the merged sections and the report
 */
EaselSectionDiff *
easel_section_diff (GPtrArray  *old_sections,
                    const char *old_title,
                    GPtrArray  *new_sections,
                    const char *new_title)
{
  EaselSectionDiff *diff = g_new0 (EaselSectionDiff, 1);
  g_autofree int *match = g_new (int, MAX (new_sections->len, 1));   /* new → old index */
  g_autofree gboolean *used = g_new0 (gboolean, MAX (old_sections->len, 1));

  diff->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_section_free);
  diff->added = g_ptr_array_new_with_free_func (g_free);
  diff->changed = g_ptr_array_new_with_free_func (g_free);
  diff->removed = g_ptr_array_new_with_free_func (g_free);

  for (guint n = 0; n < new_sections->len; n++)
    match[n] = -1;

  if (is_hero (old_sections, 0, old_title) && is_hero (new_sections, 0, new_title))
    {
      match[0] = 0;
      used[0] = TRUE;
    }

  for (int pass = 0; pass < 3; pass++)
    for (guint n = 0; n < new_sections->len; n++)
      {
        EaselSection *fresh = g_ptr_array_index (new_sections, n);

        if (match[n] >= 0)
          continue;
        for (guint o = 0; o < old_sections->len; o++)
          {
            EaselSection *old = g_ptr_array_index (old_sections, o);
            gboolean same;

            if (used[o])
              continue;
            if (pass == 0)
              same = g_strcmp0 (old->heading, fresh->heading) == 0;
            else if (pass == 1)
              same = same_heading_loosely (old->heading, fresh->heading);
            else
              same = fresh->body != NULL && *fresh->body != '\0' &&
                     g_strcmp0 (old->body, fresh->body) == 0;
            if (same)
              {
                match[n] = (int) o;
                used[o] = TRUE;
                break;
              }
          }
      }

  for (guint n = 0; n < new_sections->len; n++)
    {
      EaselSection *fresh = g_ptr_array_index (new_sections, n);
      EaselSection *merged;

      if (match[n] < 0)
        {
          merged = easel_section_copy (fresh);
          merged->id = 0;
          g_ptr_array_add (diff->added, g_strdup (fresh->heading));
        }
      else
        {
          EaselSection *old = g_ptr_array_index (old_sections, match[n]);

          merged = easel_section_copy (old);
          g_free (merged->heading);
          merged->heading = g_strdup (fresh->heading);
          g_free (merged->body);
          merged->body = g_strdup (fresh->body);
          if (g_strcmp0 (old->heading, fresh->heading) != 0 ||
              g_strcmp0 (old->body, fresh->body) != 0)
            g_ptr_array_add (diff->changed, g_strdup (fresh->heading));
          else
            diff->unchanged++;
        }
      merged->position = (int) n + 1;
      g_ptr_array_add (diff->sections, merged);
    }

  for (guint o = 0; o < old_sections->len; o++)
    if (!used[o])
      g_ptr_array_add (diff->removed,
                       g_strdup (((EaselSection *) g_ptr_array_index (old_sections, o))->heading));

  return diff;
}
