/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* An in-process AUTOMATIC1111-compatible server (protocols/a1111.md Part I): `/sdapi/v1/txt2img`
 * "generates" over steps × a per-step delay, serialized like the real server's queue_lock,
 * while `/sdapi/v1/progress` reports the advancing state with a PNG preview; answers carry real
 * PNGs of the requested size and `info` as a JSON string. Runs on the thread-default main
 * context of the caller (the test's), on 127.0.0.1 with a random port.
 */
typedef struct _EaselFakeA1111 EaselFakeA1111;

/**
 * EaselFakeA1111Mode:
 * @EASEL_FAKE_A1111_MODE_A1111: v1.10: every route; an unknown sampler silently becomes the
 *   first one in the list, like the real server
 * @EASEL_FAKE_A1111_MODE_LEGACY: before v1.9: no `/schedulers`, combined sampler names
 *   ("DPM++ 2M Karras"), an unknown sampler is a 404 "Sampler not found"
 * @EASEL_FAKE_A1111_MODE_DRAW_THINGS: only `POST /sdapi/v1/txt2img`, answering
 *   `{"images": […]}` without `info` or `parameters`; everything else 404
 * @EASEL_FAKE_A1111_MODE_NO_API: started without `--api`: every `/sdapi/v1` route is FastAPI's
 *   404 `{"detail": "Not Found"}` while the web UI answers `/`
 */
typedef enum
{
  EASEL_FAKE_A1111_MODE_A1111,
  EASEL_FAKE_A1111_MODE_LEGACY,
  EASEL_FAKE_A1111_MODE_DRAW_THINGS,
  EASEL_FAKE_A1111_MODE_NO_API,
} EaselFakeA1111Mode;

/**
 * EaselFakeA1111Fault:
 * @EASEL_FAKE_A1111_FAULT_STALL: the request is never answered
 * @EASEL_FAKE_A1111_FAULT_UNAUTHORIZED: 401 "Incorrect username or password", whatever was sent
 * @EASEL_FAKE_A1111_FAULT_RATE_LIMITED: 429 with `Retry-After: 7` (a reverse proxy's limit)
 * @EASEL_FAKE_A1111_FAULT_OUT_OF_MEMORY: 500 `{"error": "OutOfMemoryError", …}`
 * @EASEL_FAKE_A1111_FAULT_MALFORMED_JSON: 200 with a body that is not JSON
 * @EASEL_FAKE_A1111_FAULT_TRUNCATED: announces a Content-Length, sends less and closes
 * @EASEL_FAKE_A1111_FAULT_NOT_AN_IMAGE: 200 whose image is base64 of HTML
 * @EASEL_FAKE_A1111_FAULT_OVERSIZED: a 3 MiB answer (set "max_body_bytes" below it)
 * @EASEL_FAKE_A1111_FAULT_VALIDATION: FastAPI's 422 `{"detail": [{"loc": ["body", "steps"], …}]}`
 * @EASEL_FAKE_A1111_FAULT_EMPTY_IMAGES: 200 `{"images": []}` (Draw Things without a project)
 * @EASEL_FAKE_A1111_FAULT_NOT_FOUND: FastAPI's 404 `{"detail": "Not Found"}`: the route is missing
 * @EASEL_FAKE_A1111_FAULT_MODEL_ERROR: 500 from a checkpoint that fails to load
 */
typedef enum
{
  EASEL_FAKE_A1111_FAULT_NONE,
  EASEL_FAKE_A1111_FAULT_STALL,
  EASEL_FAKE_A1111_FAULT_UNAUTHORIZED,
  EASEL_FAKE_A1111_FAULT_RATE_LIMITED,
  EASEL_FAKE_A1111_FAULT_OUT_OF_MEMORY,
  EASEL_FAKE_A1111_FAULT_MALFORMED_JSON,
  EASEL_FAKE_A1111_FAULT_TRUNCATED,
  EASEL_FAKE_A1111_FAULT_NOT_AN_IMAGE,
  EASEL_FAKE_A1111_FAULT_OVERSIZED,
  EASEL_FAKE_A1111_FAULT_VALIDATION,
  EASEL_FAKE_A1111_FAULT_EMPTY_IMAGES,
  EASEL_FAKE_A1111_FAULT_NOT_FOUND,
  EASEL_FAKE_A1111_FAULT_MODEL_ERROR,
} EaselFakeA1111Fault;

#define EASEL_FAKE_A1111_TXT2IMG    "/sdapi/v1/txt2img"
#define EASEL_FAKE_A1111_PROGRESS   "/sdapi/v1/progress"
#define EASEL_FAKE_A1111_INTERRUPT  "/sdapi/v1/interrupt"
#define EASEL_FAKE_A1111_SD_MODELS  "/sdapi/v1/sd-models"
#define EASEL_FAKE_A1111_SAMPLERS   "/sdapi/v1/samplers"
#define EASEL_FAKE_A1111_SCHEDULERS "/sdapi/v1/schedulers"

EaselFakeA1111 *easel_fake_a1111_new                (void);
void            easel_fake_a1111_free               (EaselFakeA1111      *self);
const char     *easel_fake_a1111_get_url            (EaselFakeA1111      *self);
char           *easel_fake_a1111_closed_url         (void);

/* Behaviour. */
void            easel_fake_a1111_set_mode           (EaselFakeA1111      *self,
                                                     EaselFakeA1111Mode   mode);
void            easel_fake_a1111_set_auth           (EaselFakeA1111      *self,
                                                     const char          *user_colon_password);
void            easel_fake_a1111_set_required_header (EaselFakeA1111  *self,
                                                     const char          *name,
                                                     const char          *value);
void            easel_fake_a1111_set_step_delay     (EaselFakeA1111      *self,
                                                     guint                milliseconds);
void            easel_fake_a1111_set_fault          (EaselFakeA1111      *self,
                                                     EaselFakeA1111Fault  fault);
void            easel_fake_a1111_set_route_fault    (EaselFakeA1111      *self,
                                                     const char          *path,
                                                     EaselFakeA1111Fault  fault);
void            easel_fake_a1111_set_grid           (EaselFakeA1111      *self,
                                                     gboolean             grid);
void            easel_fake_a1111_set_extra_image    (EaselFakeA1111      *self,
                                                     gboolean             extra);
void            easel_fake_a1111_set_previews       (EaselFakeA1111      *self,
                                                     gboolean             previews);
void            easel_fake_a1111_set_progress_stuck (EaselFakeA1111      *self,
                                                     gboolean             stuck);
void            easel_fake_a1111_set_version        (EaselFakeA1111      *self,
                                                     const char          *version);

/* Counters and observations. */
guint           easel_fake_a1111_get_request_count  (EaselFakeA1111      *self,
                                                     const char          *path);
guint           easel_fake_a1111_get_unauthorized_count (EaselFakeA1111  *self);
guint           easel_fake_a1111_get_interrupt_count (EaselFakeA1111     *self);
guint           easel_fake_a1111_get_idle_interrupt_count (EaselFakeA1111 *self);
guint           easel_fake_a1111_get_max_concurrent (EaselFakeA1111      *self);
guint           easel_fake_a1111_get_open_txt2img   (EaselFakeA1111      *self);
guint           easel_fake_a1111_get_completed_count (EaselFakeA1111     *self);
guint           easel_fake_a1111_get_interrupted_count (EaselFakeA1111   *self);
gboolean        easel_fake_a1111_is_generating      (EaselFakeA1111      *self);
guint           easel_fake_a1111_get_current_step   (EaselFakeA1111      *self);
guint           easel_fake_a1111_get_body_count     (EaselFakeA1111      *self);
JsonNode       *easel_fake_a1111_get_body           (EaselFakeA1111      *self,
                                                     guint                index);

G_END_DECLS
