/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-provider.h"

G_BEGIN_DECLS

/* An in-process EaselProvider whose behaviour the test scripts: how long a generation takes,
 * which errors come back, whether it hangs until cancelled. It counts what it was asked, so
 * engine tests can assert concurrency, retries and cancels without any network.
 */

typedef enum
{
  EASEL_SCRIPT_SUCCEED,
  EASEL_SCRIPT_FAIL,
  EASEL_SCRIPT_HANG,
} EaselScriptAction;

typedef struct
{
  guint  calls;
  guint  running;
  guint  max_running;
  guint  cancels;
  guint  successes;
} EaselScriptStats;

#define EASEL_TYPE_SCRIPTED_PROVIDER (easel_scripted_provider_get_type ())
G_DECLARE_FINAL_TYPE (EaselScriptedProvider, easel_scripted_provider, EASEL, SCRIPTED_PROVIDER,
                      GObject)

EaselProvider    *easel_scripted_provider_new        (const EaselProviderConfig *config,
                                                      const char                *base_url,
                                                      EaselScriptStats          *stats);
void              easel_scripted_provider_set_delay  (EaselScriptedProvider *self,
                                                      guint                  delay_ms);
void              easel_scripted_provider_push       (EaselScriptedProvider *self,
                                                      EaselScriptAction      action,
                                                      EaselProviderError     code,
                                                      gint64                 retry_after_ms);
void              easel_scripted_provider_set_default (EaselScriptedProvider *self,
                                                       EaselScriptAction      action,
                                                       EaselProviderError     code);

void              easel_scripted_provider_set_preview (EaselScriptedProvider *self,
                                                       GBytes                *png);
void              easel_scripted_provider_set_image   (EaselScriptedProvider *self,
                                                       GBytes                *png);

void              easel_scripted_provider_set_message (EaselScriptedProvider *self,
                                                       const char            *message);

G_END_DECLS
