/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-types.h: forward declarations of libeasel's types, so headers never include each other
 * just to name a pointer. libeasel (core, store, providers, engine) never sees GTK.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* core */
typedef struct _EaselImageSetting       EaselImageSetting;
typedef struct _EaselCapabilities       EaselCapabilities;
typedef struct _EaselProviderConfig     EaselProviderConfig;
typedef struct _EaselStyle              EaselStyle;
typedef struct _EaselFormat             EaselFormat;
typedef struct _EaselPromptExample      EaselPromptExample;
typedef struct _EaselRun                EaselRun;
typedef struct _EaselJob                EaselJob;
typedef struct _EaselResult             EaselResult;
typedef struct _EaselPost               EaselPost;
typedef struct _EaselSection            EaselSection;
typedef struct _EaselGenerateRequest    EaselGenerateRequest;
typedef struct _EaselGeneratedImage     EaselGeneratedImage;
typedef struct _EaselServerInfo         EaselServerInfo;
typedef struct _EaselProgress           EaselProgress;
typedef struct _EaselMappedRequest      EaselMappedRequest;

/* store */
typedef struct _EaselStore              EaselStore;
typedef struct _EaselSecrets            EaselSecrets;

/* providers */
typedef struct _EaselProvider           EaselProvider;

/* engine */
typedef struct _EaselEngine             EaselEngine;

/**
 * EaselProviderKind:
 *
 * The wire protocol a provider speaks. %EASEL_PROVIDER_KIND_OPENAI also covers
 * OpenAI-compatible servers at another base URL.
 */
typedef enum
{
  EASEL_PROVIDER_KIND_INVALID = -1,
  EASEL_PROVIDER_KIND_COMFYUI = 0,
  EASEL_PROVIDER_KIND_A1111,
  EASEL_PROVIDER_KIND_OPENAI,
  EASEL_PROVIDER_KIND_STABILITY,
} EaselProviderKind;

const char        *easel_provider_kind_to_string   (EaselProviderKind  kind);
EaselProviderKind  easel_provider_kind_from_string (const char        *str);
const char        *easel_provider_kind_get_label   (EaselProviderKind  kind);

G_END_DECLS
