/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-fake-a1111.h"

G_BEGIN_DECLS

/* Shared between easel-fake-a1111.c (server, routes, queue) and easel-fake-a1111-replies.c
 * (the JSON documents and images the fake answers with).
 */

typedef struct
{
  const char *title;
  const char *model_name;
  const char *hash;
} FakeModel;

typedef struct
{
  EaselFakeA1111    *fake;
  SoupServerMessage *msg;
  JsonObject        *body;
  char              *prompt;
  char              *negative;
  char              *sampler;
  char              *scheduler;
  const FakeModel   *model;
  int                width;
  int                height;
  int                steps;
  double             cfg;
  gint64             seed;
  int                batch_size;
  int                n_iter;
  int                step;
  int                batch;
  gboolean           interrupted;
  gint64             started;
  char              *job_timestamp;
} Generation;

struct _EaselFakeA1111
{
  SoupServer          *server;
  char                *url;
  EaselFakeA1111Mode   mode;
  char                *auth_header;
  char                *required_name;
  char                *required_value;
  guint                step_delay_ms;
  GHashTable          *route_faults;    /* path → fault */
  gboolean             grid;
  gboolean             extra_image;
  gboolean             previews;
  gboolean             progress_stuck;
  char                *version;

  GQueue               waiting;         /* Generation*, queued behind the lock */
  Generation          *running;
  guint                step_source;
  char                *preview_base64;
  GPtrArray           *stalled;         /* SoupServerMessage*, never answered */

  GHashTable          *request_counts;  /* path → count */
  guint                requests;
  guint                unauthorized;
  guint                interrupts;
  guint                idle_interrupts;
  guint                open_txt2img;
  guint                max_concurrent;
  guint                completed;
  guint                interrupted;
  GPtrArray           *bodies;          /* JsonNode* */
};

/* Reading a request (easel-fake-a1111-replies.c). */
const char      *_easel_fake_a1111_member_string      (JsonObject          *object,
                                                       const char          *member);
gint64           _easel_fake_a1111_member_int         (JsonObject          *object,
                                                       const char          *member,
                                                       gint64               fallback);
double           _easel_fake_a1111_member_double      (JsonObject          *object,
                                                       const char          *member,
                                                       double               fallback);
void             _easel_fake_a1111_resolve_sampler    (EaselFakeA1111      *self,
                                                       Generation          *gen,
                                                       const char          *sampler_name,
                                                       const char          *scheduler_name);
gboolean         _easel_fake_a1111_legacy_sampler_known (const char        *name);
const FakeModel *_easel_fake_a1111_resolve_model      (JsonObject          *body);

/* Answering. */
void             _easel_fake_a1111_reply_exception    (SoupServerMessage   *msg,
                                                       guint                status,
                                                       const char          *error,
                                                       const char          *detail,
                                                       const char          *errors);
void             _easel_fake_a1111_reply_not_found    (SoupServerMessage   *msg);
void             _easel_fake_a1111_reply_fault        (EaselFakeA1111      *self,
                                                       SoupServerMessage   *msg,
                                                       EaselFakeA1111Fault  fault);
void             _easel_fake_a1111_reply_models       (SoupServerMessage   *msg);
void             _easel_fake_a1111_reply_samplers     (EaselFakeA1111      *self,
                                                       SoupServerMessage   *msg);
void             _easel_fake_a1111_reply_schedulers   (SoupServerMessage   *msg);
void             _easel_fake_a1111_handle_progress    (EaselFakeA1111      *self,
                                                       SoupServerMessage   *msg,
                                                       GHashTable          *query);
void             _easel_fake_a1111_answer_generation  (EaselFakeA1111      *self,
                                                       Generation          *gen);
char            *_easel_fake_a1111_make_png_base64    (int                  width,
                                                       int                  height,
                                                       guint32              rgba,
                                                       const char          *parameters);
guint32          _easel_fake_a1111_color_for          (gint64               seed);

G_END_DECLS
