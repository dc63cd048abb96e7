/* SPDX-License-Identifier: GPL-3.0-or-later */
/* easel-comfyui-private.h: what the ComfyUI provider's files share. */
#pragma once

#include <libsoup/soup.h>

#include "easel-comfyui-provider.h"
#include "easel-comfyui-socket.h"

G_BEGIN_DECLS

typedef enum
{
  JOB_CONNECTING,   /* waiting for the websocket */
  JOB_SUBMITTING,   /* POST /prompt in flight */
  JOB_QUEUED,       /* accepted, not started */
  JOB_RUNNING,      /* execution_start seen, or in queue_running */
  JOB_FINISHING,    /* terminal: reading history, downloading */
  JOB_CANCELLING,   /* queue delete / interrupt sent, waiting for the terminal message */
  JOB_DONE,
} EaselComfyuiJobState;

typedef enum
{
  OUTCOME_NONE,
  OUTCOME_SUCCESS,
  OUTCOME_ERROR,
  OUTCOME_INTERRUPTED,
} EaselComfyuiOutcome;

typedef enum
{
  CANCEL_NONE,
  CANCEL_USER,
  CANCEL_TIMEOUT,
} EaselComfyuiCancel;

typedef struct
{
  char *filename;
  char *subfolder;
  char *type;
} EaselComfyuiOutput;

typedef struct _EaselComfyuiJob EaselComfyuiJob;

struct _EaselComfyuiJob
{
  int                    ref_count;
  EaselComfyuiProvider  *provider;        /* strong */
  GTask                 *task;            /* until completed */
  GMainContext          *context;
  EaselGenerateRequest  *request;
  EaselMappedRequest    *mapped;
  JsonObject            *graph;           /* borrowed from mapped->body */
  char                  *prompt_id;
  EaselComfyuiJobState   state;
  gboolean               started;
  gboolean               terminal;
  EaselComfyuiOutcome    outcome;
  JsonObject            *outcome_data;
  EaselComfyuiCancel     cancel;
  GCancellable          *cancellable;     /* the caller's */
  gulong                 cancelled_id;
  GCancellable          *internal;        /* this job's own requests */

  EaselProgressFunc      progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
  double                 fraction;
  char                  *text;

  guint                  node_count;
  GHashTable            *done_nodes;
  GHashTable            *sampler_steps;   /* node id → steps done */
  guint                  total_steps;
  char                  *current_node;
  double                 node_fraction;
  guint                  cached_nodes;

  GHashTable            *ws_nodes;        /* SaveImageWebsocket node ids */
  GPtrArray             *ws_images;       /* GBytes */
  GPtrArray             *adjustments;     /* runtime notes, char* */
  GPtrArray             *outputs;         /* EaselComfyuiOutput*, to download */
  GPtrArray             *images;          /* EaselGeneratedImage*, downloaded */
  guint                  download_index;
  gboolean               reused_file;
  gboolean               completing;

  guint                  timeout_id;
  guint                  cancel_wait_id;
  guint                  orphan_id;
  gint64                 posted_at;
  guint                  missing_checks;
};

struct _EaselComfyuiProvider
{
  GObject               parent_instance;

  EaselProviderConfig  *config;
  char                 *base_url;
  char                 *api_key;
  char                 *client_id;
  char                 *what;
  SoupSession          *session;
  EaselComfyuiSocket   *socket;
  GCancellable         *cancellable;      /* cancelled on dispose: cleanup requests */

  GHashTable           *jobs;             /* prompt_id → EaselComfyuiJob* (ref) */
  GPtrArray            *waiters;          /* SocketWaiter*, waiting for the socket */
  GQueue               *unclaimed;        /* messages for prompt ids not known yet */
  char                 *running_prompt_id;
  int                   queue_remaining;
  gboolean              legacy;
  gboolean              legacy_warned;
  gboolean              preview_metadata;
  gint64                last_status_at;
  guint                 watchdog_id;
  gboolean              rechecking;
  GHashTable           *returned_files;   /* "type/subfolder/name" already returned */

  /* What check learned, for get_capabilities. */
  gint64                max_steps;
  gint64                max_seed;
  double                max_cfg;

  double                timeout_s;
  double                object_info_timeout_s;
  double                view_timeout_s;
  double                job_timeout_s;
  double                cancel_wait_s;
  double                watchdog_s;
  double                orphan_check_s;
  gsize                 max_body;
};

typedef void (*EaselComfyuiSocketReady) (EaselComfyuiProvider *self,
                                         const GError         *error,
                                         gpointer              data);

/* easel-comfyui-provider.c */
SoupMessage *_easel_comfyui_message_new     (EaselComfyuiProvider  *self,
                                             const char            *method,
                                             GUri                  *uri);
SoupMessage *_easel_comfyui_message_for_path (EaselComfyuiProvider *self,
                                              const char           *method,
                                              const char           *path);
void         _easel_comfyui_request_async   (EaselComfyuiProvider  *self,
                                             SoupMessage           *message,
                                             double                 timeout_s,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
GBytes      *_easel_comfyui_request_finish  (EaselComfyuiProvider  *self,
                                             GAsyncResult          *result,
                                             SoupMessage          **message,
                                             GError               **error);
void         _easel_comfyui_post_json       (EaselComfyuiProvider  *self,
                                             const char            *path,
                                             const char            *json,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
void         _easel_comfyui_when_connected  (EaselComfyuiProvider  *self,
                                             EaselComfyuiSocketReady func,
                                             gpointer               data,
                                             GDestroyNotify         destroy);
void         _easel_comfyui_jobs_changed    (EaselComfyuiProvider  *self);
void         _easel_comfyui_rekey_job       (EaselComfyuiProvider  *self,
                                             EaselComfyuiJob       *job,
                                             const char            *new_id);
void         _easel_comfyui_orphan_suspected (EaselComfyuiProvider *self);
GStrv        _easel_comfyui_queue_ids        (JsonNode             *queue,
                                              const char           *member);

/* easel-comfyui-job.c */
EaselComfyuiJob *_easel_comfyui_job_new     (EaselComfyuiProvider       *self,
                                             const EaselGenerateRequest *request,
                                             EaselMappedRequest         *mapped,
                                             EaselProgressFunc           progress,
                                             gpointer                    progress_data,
                                             GDestroyNotify              progress_destroy,
                                             GCancellable               *cancellable,
                                             GTask                      *task);
EaselComfyuiJob *_easel_comfyui_job_ref     (EaselComfyuiJob  *job);
void             _easel_comfyui_job_unref   (EaselComfyuiJob  *job);
void             _easel_comfyui_job_start   (EaselComfyuiJob  *job);
void             _easel_comfyui_job_on_message (EaselComfyuiJob *job,
                                                const char      *type,
                                                JsonObject      *data);
void             _easel_comfyui_job_on_frame (EaselComfyuiJob         *job,
                                              const EaselComfyuiFrame *frame,
                                              const char              *node_id);
void             _easel_comfyui_job_recheck (EaselComfyuiJob  *job,
                                             JsonNode         *queue);
void             _easel_comfyui_job_fail    (EaselComfyuiJob  *job,
                                             GError           *error);

void             _easel_comfyui_job_note    (EaselComfyuiJob  *job,
                                             const char       *text);
void             _easel_comfyui_job_emit    (EaselComfyuiJob  *job,
                                             GBytes           *preview,
                                             const char       *preview_mime);
void             _easel_comfyui_job_set_text (EaselComfyuiJob *job,
                                              const char      *text);
void             _easel_comfyui_job_update_progress (EaselComfyuiJob *job);

/* easel-comfyui-job-end.c */
void             _easel_comfyui_job_complete (EaselComfyuiJob *job,
                                              GPtrArray       *images,
                                              GError          *error);
GError          *_easel_comfyui_job_cancel_error (EaselComfyuiJob *job);
void             _easel_comfyui_job_cancel_step  (EaselComfyuiJob *job);
void             _easel_comfyui_job_cancelled_cb (GCancellable    *cancellable,
                                                  EaselComfyuiJob *job);
gboolean         _easel_comfyui_job_timeout_cb   (gpointer         data);
void             _easel_comfyui_job_finish       (EaselComfyuiJob *job);
void             _easel_comfyui_job_finish_from_history (EaselComfyuiJob *job,
                                                         JsonObject      *entry);
JsonObject      *_easel_comfyui_history_entry    (JsonNode        *root,
                                                  const char      *prompt_id);
gboolean         _easel_comfyui_ids_contain      (GStrv            ids,
                                                  const char      *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselComfyuiJob, _easel_comfyui_job_unref)

/* easel-comfyui-check.c */
void             _easel_comfyui_check_async  (EaselProvider        *provider,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
EaselServerInfo *_easel_comfyui_check_finish (EaselProvider        *provider,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
