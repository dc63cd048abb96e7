/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * EaselFakeComfyuiFault:
 * @EASEL_FAKE_COMFYUI_FAULT_NONE: behave like ComfyUI 0.3.65
 * @EASEL_FAKE_COMFYUI_FAULT_STALL: POST /prompt never answers
 * @EASEL_FAKE_COMFYUI_FAULT_UNAUTHORIZED: a proxy answers 401 to everything, handshake included
 * @EASEL_FAKE_COMFYUI_FAULT_RATE_LIMITED: POST /prompt gets 429 with `Retry-After: 7`
 * @EASEL_FAKE_COMFYUI_FAULT_SERVER_ERROR: POST /prompt gets transcript 22's 500
 * @EASEL_FAKE_COMFYUI_FAULT_MALFORMED_JSON: POST /prompt gets 200 with a body that is not JSON
 * @EASEL_FAKE_COMFYUI_FAULT_TRUNCATED: GET /view announces its length and closes early
 * @EASEL_FAKE_COMFYUI_FAULT_NOT_IMAGE: GET /view answers HTML bytes
 * @EASEL_FAKE_COMFYUI_FAULT_OVERSIZED: GET /view answers a 1 MiB body
 * @EASEL_FAKE_COMFYUI_FAULT_NO_OUTPUTS: POST /prompt gets transcript 18 (`prompt_no_outputs`)
 * @EASEL_FAKE_COMFYUI_FAULT_BAD_VALUE: transcript 19 (`value_smaller_than_min` on width)
 * @EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS: transcript 20 (`invalid_prompt`, NoSuchNode)
 * @EASEL_FAKE_COMFYUI_FAULT_MISSING_LINK: transcript 21 (`exception_during_validation`)
 * @EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT: `value_not_in_list` on ckpt_name
 * @EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR: `execution_error` at the sampler (or the 2nd node)
 * @EASEL_FAKE_COMFYUI_FAULT_WS_DROP: the job's websocket is cut mid-job; reconnects are refused
 *   until the job finished, then accepted (the result must be collected over HTTP)
 * @EASEL_FAKE_COMFYUI_FAULT_UNSAFE_FILENAME: history and `executed` name "../../outside.png"
 * @EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET: after a POST the poster's socket silently stops
 *   receiving (§8.1's orphaned-socket hazard), once
 * @EASEL_FAKE_COMFYUI_FAULT_WS_UNAUTHORIZED: only the websocket handshake gets 401
 * @EASEL_FAKE_COMFYUI_FAULT_WS_BLOCKED: a proxy that drops `Upgrade` answers the handshake 400
 *
 * Faults stay until set back to %EASEL_FAKE_COMFYUI_FAULT_NONE.
 */
typedef enum
{
  EASEL_FAKE_COMFYUI_FAULT_NONE,
  EASEL_FAKE_COMFYUI_FAULT_STALL,
  EASEL_FAKE_COMFYUI_FAULT_UNAUTHORIZED,
  EASEL_FAKE_COMFYUI_FAULT_RATE_LIMITED,
  EASEL_FAKE_COMFYUI_FAULT_SERVER_ERROR,
  EASEL_FAKE_COMFYUI_FAULT_MALFORMED_JSON,
  EASEL_FAKE_COMFYUI_FAULT_TRUNCATED,
  EASEL_FAKE_COMFYUI_FAULT_NOT_IMAGE,
  EASEL_FAKE_COMFYUI_FAULT_OVERSIZED,
  EASEL_FAKE_COMFYUI_FAULT_NO_OUTPUTS,
  EASEL_FAKE_COMFYUI_FAULT_BAD_VALUE,
  EASEL_FAKE_COMFYUI_FAULT_UNKNOWN_CLASS,
  EASEL_FAKE_COMFYUI_FAULT_MISSING_LINK,
  EASEL_FAKE_COMFYUI_FAULT_MISSING_CHECKPOINT,
  EASEL_FAKE_COMFYUI_FAULT_EXECUTION_ERROR,
  EASEL_FAKE_COMFYUI_FAULT_WS_DROP,
  EASEL_FAKE_COMFYUI_FAULT_UNSAFE_FILENAME,
  EASEL_FAKE_COMFYUI_FAULT_ORPHAN_SOCKET,
  EASEL_FAKE_COMFYUI_FAULT_WS_UNAUTHORIZED,
  EASEL_FAKE_COMFYUI_FAULT_WS_BLOCKED,
} EaselFakeComfyuiFault;

/**
 * EaselFakeComfyuiStats:
 *
 * What the fake saw, for tests to assert on. Arrays hold strings.
 */
typedef struct
{
  guint      requests;             /* every HTTP request, handshakes included */
  guint      prompts_posted;
  guint      prompts_accepted;
  guint      prompts_rejected;     /* 400 and 500 answers to POST /prompt */
  guint      prompts_completed;    /* runs that ended (success, error or interrupt) */
  guint      queue_gets;
  guint      queue_deletes;        /* POST /queue bodies with "delete" */
  GPtrArray *queue_deleted_ids;
  guint      queue_clears;
  guint      interrupts_targeted;  /* POST /interrupt {"prompt_id": …} */
  GPtrArray *interrupted_ids;
  guint      interrupts_bare;      /* POST /interrupt {} or a non-JSON body: global */
  guint      history_gets;
  guint      history_deletes;
  GPtrArray *history_deleted_ids;
  guint      history_clears;
  guint      view_gets;
  GPtrArray *view_filenames;       /* the filename parameter of every GET /view */
  guint      object_info_gets;
  guint      system_stats_gets;
  guint      features_gets;
  guint      ws_connections;       /* handshakes accepted */
  guint      ws_rejected;          /* handshakes refused (faults, origin check) */
  guint      ws_open;              /* connections open now */
  guint      ws_feature_flags;     /* connections that announced supports_preview_metadata */
  guint      running_now;
  guint      max_running;
  guint      origin_headers;       /* requests that carried an Origin header */
  guint      origin_rejections;    /* 403s of the origin check */
  GPtrArray *log;                  /* "POST /prompt", "GET /queue", … in arrival order */
  GPtrArray *prompt_bodies;        /* raw POST /prompt bodies */
} EaselFakeComfyuiStats;

typedef struct _EaselFakeComfyui EaselFakeComfyui;

EaselFakeComfyui            *easel_fake_comfyui_new              (void);
void                         easel_fake_comfyui_free             (EaselFakeComfyui      *self);
const char                  *easel_fake_comfyui_get_url          (EaselFakeComfyui      *self);
const EaselFakeComfyuiStats *easel_fake_comfyui_get_stats        (EaselFakeComfyui      *self);
void                         easel_fake_comfyui_reset_stats      (EaselFakeComfyui      *self);

void easel_fake_comfyui_set_fault               (EaselFakeComfyui      *self,
                                                 EaselFakeComfyuiFault  fault);
void easel_fake_comfyui_set_node_delay_ms       (EaselFakeComfyui      *self,
                                                 guint                  delay_ms);
void easel_fake_comfyui_set_response_delay_ms   (EaselFakeComfyui      *self,
                                                 guint                  delay_ms);
void easel_fake_comfyui_set_object_info_delay_ms (EaselFakeComfyui     *self,
                                                  guint                 delay_ms);
void easel_fake_comfyui_set_checkpoints         (EaselFakeComfyui      *self,
                                                 const char * const    *names);
void easel_fake_comfyui_set_v3_combos           (EaselFakeComfyui      *self,
                                                 gboolean               v3);
void easel_fake_comfyui_set_previews            (EaselFakeComfyui      *self,
                                                 gboolean               previews);
void easel_fake_comfyui_set_legacy              (EaselFakeComfyui      *self,
                                                 gboolean               legacy);

const char *easel_fake_comfyui_get_request_header (EaselFakeComfyui    *self,
                                                   const char          *name);
const char *easel_fake_comfyui_get_ws_header      (EaselFakeComfyui    *self,
                                                   const char          *name);
const char *easel_fake_comfyui_get_running_prompt_id (EaselFakeComfyui *self);
guint       easel_fake_comfyui_get_pending_count  (EaselFakeComfyui    *self);
const char *easel_fake_comfyui_get_last_prompt_id (EaselFakeComfyui    *self);
GBytes     *easel_fake_comfyui_get_file           (EaselFakeComfyui    *self,
                                                   const char          *type,
                                                   const char          *subfolder,
                                                   const char          *filename);
void        easel_fake_comfyui_interrupt          (EaselFakeComfyui    *self);
void        easel_fake_comfyui_drop_websockets    (EaselFakeComfyui    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselFakeComfyui, easel_fake_comfyui_free)

G_END_DECLS
