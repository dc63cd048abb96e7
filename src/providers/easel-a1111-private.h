/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-a1111-lists.h"
#include "easel-a1111-provider.h"
#include "easel-http.h"

G_BEGIN_DECLS

struct _EaselA1111Provider
{
  GObject                parent_instance;

  EaselProviderConfig   *config;
  char                  *base_url;
  char                  *api_key;          /* "user:password"; never logged */
  char                  *what;             /* "Studio GPU at 127.0.0.1:7860", for messages */
  gboolean               invalid_url;      /* every request fails with CONNECT */

  SoupSession           *generate_session; /* no timeout: a generation takes minutes */
  SoupSession           *session;          /* short timeout: lists, progress, interrupt */

  EaselA1111ServerLists *lists;            /* what the last probe learnt, or NULL */
  gint64                 lists_time;       /* monotonic µs of that probe */
  char                  *server_version;   /* from the last `info.version` */

  GQueue                 pending;          /* GTask*: jobs waiting for their turn */
  GTask                 *current;          /* the one job being prepared or running */
};

/* What a probe of the introspection routes found (easel-a1111-check.c). */
typedef struct
{
  EaselA1111ServerLists *lists;
  gboolean               models_missing;
  gboolean               samplers_missing;
  gboolean               schedulers_missing;
  GPtrArray             *warnings;
} EaselA1111Probe;

void             _easel_a1111_probe_free        (EaselA1111Probe    *probe);
void             _easel_a1111_probe_async       (EaselA1111Provider *self,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
EaselA1111Probe *_easel_a1111_probe_finish      (EaselA1111Provider *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
void             _easel_a1111_store_probe       (EaselA1111Provider *self,
                                                 EaselA1111Probe    *probe);
void             _easel_a1111_check_async       (EaselProvider      *provider,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
EaselServerInfo *_easel_a1111_check_finish      (EaselProvider      *provider,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* Options and requests (easel-a1111-provider.c). */
double           _easel_a1111_option            (EaselA1111Provider *self,
                                                 const char         *key,
                                                 double              fallback);
gboolean         _easel_a1111_option_enabled    (EaselA1111Provider *self,
                                                 const char         *key,
                                                 gboolean            fallback);
GError          *_easel_a1111_invalid_url_error (EaselA1111Provider *self);
SoupMessage     *_easel_a1111_message_new       (EaselA1111Provider *self,
                                                 const char         *method,
                                                 const char         *path,
                                                 const char         *query_name,
                                                 const char         *query_value);
gsize            _easel_a1111_max_body          (EaselA1111Provider *self);
int              _easel_a1111_max_dimension     (EaselA1111Provider *self);

/* Generation (easel-a1111-generate.c). */
void             _easel_a1111_generate_async    (EaselProvider              *provider,
                                                 const EaselGenerateRequest *request,
                                                 EaselProgressFunc           progress,
                                                 gpointer                    progress_data,
                                                 GDestroyNotify              progress_destroy,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
GPtrArray       *_easel_a1111_generate_finish   (EaselProvider              *provider,
                                                 GAsyncResult               *result,
                                                 GError                    **error);

/* Answers (easel-a1111-response.c); the parsers run in worker threads. */
GError          *_easel_a1111_error_from_response (const char       *what,
                                                   SoupMessage      *message,
                                                   GBytes           *body,
                                                   const char       *route);

typedef struct
{
  GBytes            *body;
  guint              status;
  char              *what;
  int                max_dimension;
  EaselImageSetting *effective;        /* the settings as sent */
  GPtrArray         *adjustments;      /* what the mapping changed */
  char              *sent_sampler;     /* the `sampler_name` sent, or NULL */
  char              *sent_model_title; /* the checkpoint asked for, or NULL */
  char              *sent_model_name;  /* its short name, when the model list knew it */
} EaselA1111ResponseInput;

typedef struct
{
  GPtrArray *images;                   /* EaselGeneratedImage* */
  char      *version;                  /* `info.version`, or NULL */
} EaselA1111ResponseOutput;

void             _easel_a1111_response_input_free  (EaselA1111ResponseInput  *input);
void             _easel_a1111_response_output_free (EaselA1111ResponseOutput *output);
EaselA1111ResponseOutput *_easel_a1111_parse_response (const EaselA1111ResponseInput *input,
                                                       GError                       **error);

typedef struct
{
  double  fraction;
  char   *text;
  GBytes *preview;
  char   *preview_mime;
  guint   preview_key;                 /* identifies the preview, to skip repeats */
} EaselA1111ProgressReport;

void             _easel_a1111_progress_report_free (EaselA1111ProgressReport *report);
EaselA1111ProgressReport *_easel_a1111_parse_progress (GBytes *body,
                                                       guint   last_preview_key,
                                                       int     max_dimension);

G_END_DECLS
