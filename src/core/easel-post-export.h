/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-post.h"
#include "easel-result.h"

G_BEGIN_DECLS

/**
 * EaselExportFormat:
 * @EASEL_EXPORT_FORMAT_ORIGINAL: the stored file, byte for byte (re-encoded in its own format
 *   only when a maximum width makes it smaller)
 * @EASEL_EXPORT_FORMAT_JPEG: JPEG (transparency flattened on white)
 * @EASEL_EXPORT_FORMAT_WEBP: WebP (needs gdk-pixbuf's WebP loader)
 * @EASEL_EXPORT_FORMAT_PNG: PNG
 */
typedef enum
{
  EASEL_EXPORT_FORMAT_ORIGINAL,
  EASEL_EXPORT_FORMAT_JPEG,
  EASEL_EXPORT_FORMAT_WEBP,
  EASEL_EXPORT_FORMAT_PNG,
} EaselExportFormat;

/**
 * EaselManifestSection:
 * @section: the section
 * @hero: whether it is the hero section
 * @prompt: the section's prompt (used when there is no image)
 * @alt_text: the image's alt text (the section's, or the default)
 * @result: (nullable): the chosen result
 * @image: (nullable): the exported file, relative to the export folder ("images/…")
 * @width: the exported width
 * @height: the exported height
 *
 * One section as the manifest describes it.
 */
typedef struct
{
  const EaselSection *section;
  gboolean            hero;
  const char         *prompt;
  const char         *alt_text;
  const EaselResult  *result;
  const char         *image;
  int                 width;
  int                 height;
} EaselManifestSection;

#define EASEL_MANIFEST_VERSION 1

const char *easel_export_format_to_string   (EaselExportFormat            format);
gboolean    easel_export_format_from_string (const char                  *text,
                                             EaselExportFormat           *out_format);
const char *easel_export_format_extension   (EaselExportFormat            format);
const char *easel_export_format_pixbuf_type (EaselExportFormat            format);
char       *easel_post_export_file_name     (const char                  *post_slug,
                                             int                          position,
                                             const char                  *heading,
                                             const char                  *extension);
void        easel_post_export_fit           (int                          width,
                                             int                          height,
                                             int                          max_width,
                                             int                         *out_width,
                                             int                         *out_height);
JsonNode   *easel_post_manifest             (const EaselPost             *post,
                                             const EaselManifestSection  *sections,
                                             guint                        n_sections,
                                             EaselExportFormat            format,
                                             int                          max_width,
                                             const char                  *exported_at);

G_END_DECLS
