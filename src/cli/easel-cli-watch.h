/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-cli-private.h"
#include "easel-engine.h"

G_BEGIN_DECLS

/* Submits runs to the engine, shows their progress on stderr, lets Ctrl+C cancel them cleanly,
 * and prints their results: what `easel generate` and `easel post generate` share.
 */
typedef struct _EaselCliWatch EaselCliWatch;

EaselCliWatch *_easel_cli_watch_new     (EaselEngine    *engine);
void           _easel_cli_watch_free    (EaselCliWatch  *watch);
gint64         _easel_cli_watch_submit  (EaselCliWatch  *watch,
                                         const EaselRun *run,
                                         GError        **error);
void           _easel_cli_watch_track_run (EaselCliWatch *watch,
                                           gint64         run_id);
gboolean       _easel_cli_watch_wait    (EaselCliWatch  *watch);
int            _easel_cli_watch_report  (EaselCliWatch  *watch,
                                         gboolean        as_json);
JsonNode      *_easel_cli_watch_results_json (EaselCliWatch *watch,
                                              gint64         run_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselCliWatch, _easel_cli_watch_free)

G_END_DECLS
