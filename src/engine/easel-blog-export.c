/* SPDX-License-Identifier: GPL-3.0-or-later */
/* renameat2 () with RENAME_EXCHANGE swaps two folders atomically (glibc ≥ 2.28). */
#define _GNU_SOURCE 1
#define G_LOG_DOMAIN "easel-blog"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "easel-blog-private.h"
#include "easel-json.h"
#include "easel-markdown.h"

/* Exporting a post as a folder for a blog:
 *
 *   <folder>/
 *     images/<post-slug>-<nn>-<section-slug>.<ext>   the chosen image of each section
 *     manifest.json                                  the post and every section, in order
 *     post.md                                        the Markdown with the images inserted
 *
 * Everything is written into a hidden temporary folder beside the target
 * (`.<name>.easel-export-<pid>-XXXXXX`), made durable, and only then renamed into place, so
 * the target is either absent (or as it was) or complete: a crash never leaves half an
 * export. A folder that exists and is not empty is replaced only when asked (force), by an
 * atomic exchange where the file system allows it, else by moving the old folder aside,
 * moving the new one in, and deleting the old. Leftovers of a crashed export (their process
 * is gone) are deleted by the next export to the same place.
 *
 * Sections without a chosen image do not stop an export (a post may well have sections that
 * need no picture): they get no image, are listed under "missing" in the manifest and in the
 * report, and the command line prints them as warnings. A strict export refuses instead.
 */

#define JPEG_QUALITY "90"
#define WEBP_QUALITY "90"

static int fault_after_files = -1;
static gboolean fault_crash;

void
_easel_blog_set_export_fault (int      after_files,
                              gboolean crash)
{
  fault_after_files = after_files;
  fault_crash = crash;
}

void
easel_export_report_free (EaselExportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->path);
  g_clear_pointer (&report->files, g_ptr_array_unref);
  g_clear_pointer (&report->missing, g_ptr_array_unref);
  g_free (report);
}

/**
 * easel_blog_export_format_available:
 *
 * Whether gdk-pixbuf can write @format here. WebP needs its loader, which is a separate
 * package on most systems.
 */
gboolean
easel_blog_export_format_available (EaselExportFormat   format,
                                    GError            **error)
{
  const char *type = easel_export_format_pixbuf_type (format);
  g_autoptr(GSList) formats = NULL;

  if (type == NULL)
    return TRUE;
  formats = gdk_pixbuf_get_formats ();
  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (name, type) == 0 && gdk_pixbuf_format_is_writable (l->data))
        return TRUE;
    }
  if (format == EASEL_EXPORT_FORMAT_WEBP)
    g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_FORMAT,
                 _("Saving WebP images needs the WebP plug-in for gdk-pixbuf (on Debian and "
                   "Ubuntu, the package webp-pixbuf-loader); choose JPEG or PNG, or install it"));
  else
    g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_FORMAT,
                 _("This system cannot save %s images"), type);
  return FALSE;
}

/* ---- files ------------------------------------------------------------------------------- */

/* Deletes @path and, for a folder, everything in it; symbolic links are removed, never
 * followed.
 */
static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, error);
      const char *name;

      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!remove_tree (child, error))
            return FALSE;
        }
      if (g_rmdir (path) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot remove “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot remove “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_empty_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

static void
sync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Removes what crashed exports to @name in @parent left behind: hidden folders named after it
 * whose process no longer exists.
 */
static void
remove_stale (const char *parent,
              const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autofree char *export_prefix = g_strdup_printf (".%s.easel-export-", name);
  g_autofree char *old_prefix = g_strdup_printf (".%s.easel-old-", name);
  const char *entry;

  if (dir == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      const char *rest = NULL;
      char *end = NULL;
      gint64 pid;

      if (g_str_has_prefix (entry, export_prefix))
        rest = entry + strlen (export_prefix);
      else if (g_str_has_prefix (entry, old_prefix))
        rest = entry + strlen (old_prefix);
      else
        continue;
      pid = g_ascii_strtoll (rest, &end, 10);
      if (end == rest || *end != '-' || pid <= 0 || pid > G_MAXINT)
        continue;
      if (pid != getpid () && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *path = g_build_filename (parent, entry, NULL);
          g_autoptr(GError) error = NULL;

          g_debug ("removing the leftover of a crashed export: %s", path);
          if (!remove_tree (path, &error))
            g_debug ("%s", error->message);
        }
    }
}

static gboolean
write_file (const char    *path,
            const char    *data,
            gsize          length,
            guint         *written,
            GError       **error)
{
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, error))
    return FALSE;

  (*written)++;
  if (fault_after_files >= 0 && (int) *written >= fault_after_files)
    {
      if (fault_crash)
        raise (SIGKILL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "injected failure after %u files", *written);
      return FALSE;
    }
  return TRUE;
}

/* The pixbuf saver of the stored image's own format. */
static const char *
original_type (const EaselResult *result)
{
  if (g_strcmp0 (result->mime_type, "image/jpeg") == 0)
    return "jpeg";
  if (g_strcmp0 (result->mime_type, "image/webp") == 0)
    return "webp";
  return "png";
}

/* Writes the chosen image of a section: the stored bytes when nothing changes, else decoded,
 * scaled and encoded.
 */
static gboolean
export_image (const char               *source,
              const EaselResult        *result,
              const char               *dest,
              const EaselExportOptions *options,
              int                      *out_width,
              int                      *out_height,
              guint                    *written,
              GError                  **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *buffer = NULL;
  const char *type = easel_export_format_pixbuf_type (options->format);
  gsize length = 0;
  int width, height;
  gboolean ok;

  if (type == NULL && (options->max_width <= 0 || result->width <= options->max_width) &&
      result->width > 0)
    {
      g_autofree char *bytes = NULL;

      if (!g_file_get_contents (source, &bytes, &length, error))
        return FALSE;
      *out_width = result->width;
      *out_height = result->height;
      return write_file (dest, bytes, length, written, error);
    }

  pixbuf = gdk_pixbuf_new_from_file (source, error);
  if (pixbuf == NULL)
    {
      g_prefix_error (error, _("Cannot read the image of result %" G_GINT64_FORMAT ": "),
                      result->id);
      return FALSE;
    }
  easel_post_export_fit (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                         options->max_width, &width, &height);
  if (width != gdk_pixbuf_get_width (pixbuf))
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_HYPER);

      g_object_unref (pixbuf);
      pixbuf = scaled;
    }
  if (type == NULL)
    type = original_type (result);

  if (g_str_equal (type, "jpeg"))
    {
      /* JPEG has no transparency: flatten on white, as a page would show it. */
      if (gdk_pixbuf_get_has_alpha (pixbuf))
        {
          GdkPixbuf *flat = gdk_pixbuf_composite_color_simple (pixbuf, width, height,
                                                               GDK_INTERP_NEAREST, 255, 8,
                                                               0xffffffff, 0xffffffff);
          g_object_unref (pixbuf);
          pixbuf = flat;
        }
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, type, error,
                                      "quality", JPEG_QUALITY, NULL);
    }
  else if (g_str_equal (type, "webp"))
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, type, error,
                                    "quality", WEBP_QUALITY, NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, type, error, NULL);
  if (!ok)
    {
      g_prefix_error (error, _("Cannot convert the image of result %" G_GINT64_FORMAT ": "),
                      result->id);
      return FALSE;
    }
  *out_width = width;
  *out_height = height;
  return write_file (dest, buffer, length, written, error);
}

/* The Markdown document's sections, matched to the stored ones: by position when they are as
 * many, else by heading in order.
 */
static int *
match_sections (const EaselMarkdownDocument *doc,
                const EaselBlogPost         *blog)
{
  int *map = g_new (int, MAX (doc->sections->len, 1));
  guint next = 0;

  for (guint i = 0; i < doc->sections->len; i++)
    {
      const EaselMarkdownSection *md = g_ptr_array_index (doc->sections, i);

      map[i] = -1;
      if (doc->sections->len == blog->sections->len)
        {
          map[i] = (int) i;
          continue;
        }
      for (guint s = next; s < blog->sections->len; s++)
        {
          EaselBlogSection *bs = g_ptr_array_index (blog->sections, s);

          if (g_strcmp0 (bs->section->heading, md->heading) == 0)
            {
              map[i] = (int) s;
              next = s + 1;
              break;
            }
        }
    }
  return map;
}

typedef struct
{
  char *file;     /* "images/…", or NULL */
  int   width;
  int   height;
} Exported;

/* Writes the whole export into @dir (the temporary folder). */
static gboolean
write_export (EaselEngine              *engine,
              EaselBlogPost            *blog,
              const char               *dir,
              const EaselExportOptions *options,
              EaselExportReport        *report,
              GCancellable             *cancellable,
              GError                  **error)
{
  EaselStore *store = easel_engine_get_store (engine);
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree Exported *exported = g_new0 (Exported, blog->sections->len + 1);
  g_autofree EaselManifestSection *entries = g_new0 (EaselManifestSection,
                                                     blog->sections->len + 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *manifest_path = g_build_filename (dir, "manifest.json", NULL);
  g_autoptr(EaselMarkdownDocument) doc = NULL;
  g_autofree int *map = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *markdown_path = g_build_filename (dir, "post.md", NULL);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_free);
  guint written = 0;
  gboolean ok = FALSE;

  if (g_mkdir (images, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create “%s”: %s"), images, g_strerror (saved));
      return FALSE;
    }

  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);
      g_autofree char *source = NULL;
      g_autofree char *name = NULL;
      g_autofree char *dest = NULL;
      const char *extension;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (bs->chosen == NULL)
        continue;

      extension = easel_export_format_extension (options->format);
      if (extension == NULL)
        extension = easel_result_get_extension (bs->chosen);
      name = easel_post_export_file_name (blog->post->slug, bs->section->position,
                                          bs->section->heading, extension);
      dest = g_build_filename (images, name, NULL);
      source = easel_store_get_result_path (store, bs->chosen);
      if (!export_image (source, bs->chosen, dest, options, &exported[i].width,
                         &exported[i].height, &written, error))
        goto out;
      exported[i].file = g_strconcat ("images/", name, NULL);
      g_ptr_array_add (report->files, g_strdup (exported[i].file));
    }

  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      entries[i] = (EaselManifestSection) {
        bs->section, bs->hero, bs->prompt, bs->alt_text, bs->chosen, exported[i].file,
        exported[i].width, exported[i].height,
      };
    }
  manifest = easel_post_manifest (blog->post, entries, blog->sections->len, options->format,
                                  options->max_width, exported_at);
  manifest_text = easel_json_to_string (manifest, TRUE);
  {
    g_autofree char *with_newline = g_strconcat (manifest_text, "\n", NULL);

    if (!write_file (manifest_path, with_newline, strlen (with_newline), &written, error))
      goto out;
  }
  g_ptr_array_add (report->files, g_strdup ("manifest.json"));

  doc = easel_markdown_split (blog->post->source_markdown, blog->post->heading_level,
                              blog->post->title);
  map = match_sections (doc, blog);
  for (guint i = 0; i < doc->sections->len; i++)
    {
      int s = map[i];
      EaselBlogSection *bs = s >= 0 ? g_ptr_array_index (blog->sections, s) : NULL;

      g_ptr_array_add (references,
                       bs != NULL && exported[s].file != NULL
                       ? easel_markdown_image_reference (bs->alt_text, exported[s].file)
                       : NULL);
    }
  markdown = easel_markdown_insert_images (blog->post->source_markdown, doc,
                                           (const char * const *) references->pdata);
  if (!write_file (markdown_path, markdown, strlen (markdown), &written, error))
    goto out;
  g_ptr_array_add (report->files, g_strdup ("post.md"));

  sync_dir (images);
  sync_dir (dir);
  ok = TRUE;

out:
  for (guint i = 0; i < blog->sections->len; i++)
    g_free (exported[i].file);
  return ok;
}

/* Moves the finished folder @tmp to @target, replacing what is there when @replace. */
static gboolean
move_into_place (const char  *tmp,
                 const char  *target,
                 const char  *parent,
                 const char  *name,
                 gboolean     replace,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (target);
  int saved;

  if (!replace)
    {
      /* rename () replaces an empty folder, and refuses a full one. */
      if (rename (tmp, target) == 0)
        return TRUE;
      saved = errno;
      if (saved == ENOTEMPTY || saved == EEXIST)
        g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS,
                     _("“%s” already exists and is not empty"), display);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Cannot create “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  /* One atomic swap: the target is whole at every moment. Then the old one goes. */
  if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!remove_tree (tmp, &local_error))
        g_debug ("the replaced export stays at %s: %s", tmp, local_error->message);
      return TRUE;
    }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot replace “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  /* No exchange on this file system: the old folder aside, the new one in, the old deleted. */
  {
    g_autofree char *aside_name = g_strdup_printf (".%s.easel-old-%d-%08x", name, (int) getpid (),
                                                   g_random_int ());
    g_autofree char *aside = g_build_filename (parent, aside_name, NULL);
    g_autoptr(GError) local_error = NULL;

    if (rename (target, aside) != 0)
      {
        saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Cannot replace “%s”: %s"), display, g_strerror (saved));
        return FALSE;
      }
    if (rename (tmp, target) != 0)
      {
        saved = errno;
        if (rename (aside, target) != 0)
          g_debug ("could not put %s back from %s", target, aside);
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Cannot replace “%s”: %s"), display, g_strerror (saved));
        return FALSE;
      }
    if (!remove_tree (aside, &local_error))
      g_debug ("the replaced export stays at %s: %s", aside, local_error->message);
  }
  return TRUE;
}

/**
 * easel_blog_export:
 * @folder: the export folder (created with its parents; see the top of this file for what
 *   an existing one means)
 * @options: format, width limit, force, strict
 *
 * Writes the export folder of the post. Blocks: images are decoded and encoded here, so the
 * window calls easel_blog_export_async().
 *
 * Returns: (transfer full): what was written and which sections have no image, or %NULL
 *   with @error set (nothing changed at @folder then)
 */
EaselExportReport *
easel_blog_export (EaselEngine               *engine,
                   gint64                     post_id,
                   const char                *folder,
                   const EaselExportOptions  *options,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(EaselBlogPost) blog = NULL;
  g_autoptr(EaselExportReport) report = NULL;
  g_autofree char *target = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *tmp_name = NULL;
  gboolean exists;

  g_return_val_if_fail (EASEL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (folder != NULL && options != NULL, NULL);

  if (options->max_width < 0 || options->max_width > EASEL_SETTING_MAX_DIMENSION)
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The maximum width must be between 1 and %d pixels"),
                   EASEL_SETTING_MAX_DIMENSION);
      return NULL;
    }
  if (!easel_blog_export_format_available (options->format, error))
    return NULL;

  blog = _easel_blog_load_by_id (engine, post_id, error);
  if (blog == NULL)
    return NULL;

  report = g_new0 (EaselExportReport, 1);
  report->files = g_ptr_array_new_with_free_func (g_free);
  report->missing = g_ptr_array_new_with_free_func ((GDestroyNotify) easel_section_free);
  for (guint i = 0; i < blog->sections->len; i++)
    {
      EaselBlogSection *bs = g_ptr_array_index (blog->sections, i);

      if (bs->chosen == NULL)
        g_ptr_array_add (report->missing, easel_section_copy (bs->section));
    }
  if (options->strict && report->missing->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < report->missing->len; i++)
        {
          EaselSection *section = g_ptr_array_index (report->missing, i);
          g_string_append_printf (list, "%s%d “%s”", i > 0 ? ", " : "", section->position,
                                  section->heading);
        }
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_MISSING_IMAGES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u section has no chosen image: %s",
                                "%u sections have no chosen image: %s",
                                report->missing->len),
                   report->missing->len, list->str);
      return NULL;
    }

  target = g_canonicalize_filename (folder, NULL);
  parent = g_path_get_dirname (target);
  name = g_path_get_basename (target);
  display = g_filename_display_name (target);
  if (g_strcmp0 (target, parent) == 0 || g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("Export to a new folder, not to “%s”"), display);
      return NULL;
    }

  exists = g_file_test (target, G_FILE_TEST_EXISTS);
  if (exists && !g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS,
                   _("“%s” exists and is not a folder"), display);
      return NULL;
    }
  report->replaced = exists && !is_empty_dir (target);
  if (report->replaced && !options->force)
    {
      g_set_error (error, EASEL_BLOG_ERROR, EASEL_BLOG_ERROR_EXISTS,
                   _("“%s” already exists and is not empty"), display);
      return NULL;
    }
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create “%s”: %s"), parent, g_strerror (saved));
      return NULL;
    }

  remove_stale (parent, name);
  tmp_name = g_strdup_printf (".%s.easel-export-%d-XXXXXX", name, (int) getpid ());
  tmp = g_build_filename (parent, tmp_name, NULL);
  if (g_mkdtemp_full (tmp, 0755) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in “%s”: %s"), parent, g_strerror (saved));
      return NULL;
    }

  if (!write_export (engine, blog, tmp, options, report, cancellable, error) ||
      !move_into_place (tmp, target, parent, name, report->replaced, error))
    {
      g_autoptr(GError) cleanup_error = NULL;

      if (!remove_tree (tmp, &cleanup_error))
        g_debug ("%s", cleanup_error->message);
      return NULL;
    }
  sync_dir (parent);

  report->path = g_steal_pointer (&target);
  return g_steal_pointer (&report);
}

typedef struct
{
  gint64             post_id;
  char              *folder;
  EaselExportOptions options;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->folder);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  EaselExportReport *report;

  report = easel_blog_export (source_object, data->post_id, data->folder, &data->options,
                              cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) easel_export_report_free);
}

void
easel_blog_export_async (EaselEngine               *engine,
                         gint64                     post_id,
                         const char                *folder,
                         const EaselExportOptions  *options,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (EASEL_IS_ENGINE (engine));
  g_return_if_fail (folder != NULL && options != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, easel_blog_export_async);
  data = g_new0 (ExportData, 1);
  data->post_id = post_id;
  data->folder = g_strdup (folder);
  data->options = *options;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

EaselExportReport *
easel_blog_export_finish (EaselEngine   *engine,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
