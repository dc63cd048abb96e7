/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselGenerateRequest:
 * @job_id: the engine's job id (for logs and file names), may be %NULL
 * @remote_id: a lowercase UUID v4 the engine stored with the job before submitting; ComfyUI
 *   uses it as `prompt_id`, so a crash never loses track of a remote job
 * @prompt: the resolved prompt (style applied)
 * @negative_prompt: (nullable): the resolved negative prompt
 * @setting: the settings to send; the engine has already picked the seed
 * @model: (nullable): the model to use (the provider's default when %NULL)
 * @count: images wanted from this one request, ≥ 1
 *
 * One unit of work for one provider server. A plain value type.
 */
struct _EaselGenerateRequest
{
  char              *job_id;
  char              *remote_id;
  char              *prompt;
  char              *negative_prompt;
  EaselImageSetting *setting;
  char              *model;
  int                count;
};

#define EASEL_TYPE_GENERATE_REQUEST (easel_generate_request_get_type ())
GType                 easel_generate_request_get_type (void) G_GNUC_CONST;
EaselGenerateRequest *easel_generate_request_new      (const char                 *prompt,
                                                       const EaselImageSetting    *setting);
EaselGenerateRequest *easel_generate_request_copy     (const EaselGenerateRequest *self);
void                  easel_generate_request_free     (EaselGenerateRequest       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselGenerateRequest, easel_generate_request_free)

/**
 * EaselGeneratedImage:
 * @bytes: the encoded image exactly as the provider sent it
 * @mime_type: sniffed from the bytes ("image/png", "image/jpeg", "image/webp")
 * @width: from the image header
 * @height: from the image header
 * @has_seed: whether @seed is known
 * @seed: the seed the provider actually used
 * @model: (nullable): the model the provider actually used
 * @effective: (nullable): the settings actually sent (after adjustment), with what the server
 *   reported back (sampler used, seed)
 * @adjustments: (element-type utf8): what was changed to fit the provider, in words
 * @revised_prompt: (nullable): the prompt as the provider rewrote it (DALL·E 3)
 * @infotext: (nullable): the per-image settings text the server wrote (A1111)
 * @usage_json: (nullable): the provider's raw usage object (OpenAI), for cost
 * @request_id: (nullable): the provider's request id, for support
 * @remote_id: (nullable): the provider's id for the job (ComfyUI prompt_id)
 */
struct _EaselGeneratedImage
{
  GBytes            *bytes;
  char              *mime_type;
  int                width;
  int                height;
  gboolean           has_seed;
  gint64             seed;
  char              *model;
  EaselImageSetting *effective;
  GPtrArray         *adjustments;
  char              *revised_prompt;
  char              *infotext;
  char              *usage_json;
  char              *request_id;
  char              *remote_id;
};

#define EASEL_TYPE_GENERATED_IMAGE (easel_generated_image_get_type ())
GType                easel_generated_image_get_type (void) G_GNUC_CONST;
EaselGeneratedImage *easel_generated_image_new      (GBytes                    *bytes);
EaselGeneratedImage *easel_generated_image_copy     (const EaselGeneratedImage *self);
void                 easel_generated_image_free     (EaselGeneratedImage       *self);
void                 easel_generated_image_add_adjustment (EaselGeneratedImage *self,
                                                           const char          *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselGeneratedImage, easel_generated_image_free)

/**
 * EaselServerInfo:
 * @version: (nullable): the server's version string
 * @models: (nullable): models or checkpoints the server offers
 * @samplers: (nullable): sampler names
 * @schedulers: (nullable): scheduler names
 * @warnings: (nullable): things the user should know ("no checkpoints installed")
 * @details: (nullable): a short human summary (device, memory)
 *
 * What `check` learned about a server.
 */
struct _EaselServerInfo
{
  char  *version;
  GStrv  models;
  GStrv  samplers;
  GStrv  schedulers;
  GStrv  warnings;
  char  *details;
};

#define EASEL_TYPE_SERVER_INFO (easel_server_info_get_type ())
GType            easel_server_info_get_type (void) G_GNUC_CONST;
EaselServerInfo *easel_server_info_new      (void);
EaselServerInfo *easel_server_info_copy     (const EaselServerInfo *self);
void             easel_server_info_free     (EaselServerInfo       *self);
JsonNode        *easel_server_info_to_json  (const EaselServerInfo *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselServerInfo, easel_server_info_free)

/**
 * EaselProgress:
 * @fraction: 0 … 1, or -1 when unknown
 * @text: (nullable): what is happening ("Step 12 of 30", "Queued, 2 ahead")
 * @preview: (nullable): an encoded preview image (JPEG or PNG), transient: never a result
 * @preview_mime: (nullable): its type when known
 *
 * One progress report, delivered on the thread-default main context of the caller.
 */
struct _EaselProgress
{
  double      fraction;
  const char *text;
  GBytes     *preview;
  const char *preview_mime;
};

typedef void (*EaselProgressFunc) (const EaselProgress *progress,
                                   gpointer             user_data);

/**
 * EaselMappedRequest:
 * @body: the request body for the provider (JSON)
 * @effective: the settings as they will be sent
 * @adjustments: (element-type utf8): what the mapping changed or ignored, in words, for the UI
 *   before and after generating ("size 1344×768 → 1536×1024, nearest supported")
 * @images: how many images the request asks for
 *
 * The pure result of mapping structured settings to one provider's request.
 */
struct _EaselMappedRequest
{
  JsonNode          *body;
  EaselImageSetting *effective;
  GPtrArray         *adjustments;
  int                images;
};

EaselMappedRequest *easel_mapped_request_new  (void);
void                easel_mapped_request_free (EaselMappedRequest *self);
void                easel_mapped_request_add_adjustment (EaselMappedRequest *self,
                                                         const char         *format,
                                                         ...) G_GNUC_PRINTF (2, 3);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselMappedRequest, easel_mapped_request_free)

char *easel_uuid_new (void);
gboolean easel_uuid_is_canonical (const char *uuid);

G_END_DECLS
