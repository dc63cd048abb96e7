/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "easel-fake-comfyui.h"

G_BEGIN_DECLS

/* One websocket client (server side). */
typedef struct
{
  EaselFakeComfyui        *fake;
  SoupWebsocketConnection *conn;
  char                    *sid;
  gboolean                 first_message_seen;
  gboolean                 preview_metadata;
  gboolean                 registered;
} FakeClient;

/* A queue item: [number, prompt_id, prompt, extra_data, outputs_to_execute]. */
typedef struct
{
  gint64      number;
  char       *id;
  JsonObject *graph;
  JsonObject *extra_data;
  GPtrArray  *outputs;
  char       *client_id;
} FakePrompt;

typedef struct _FakeRun FakeRun;

struct _EaselFakeComfyui
{
  SoupServer            *server;
  char                  *url;
  EaselFakeComfyuiStats  stats;

  EaselFakeComfyuiFault  fault;
  gboolean               legacy;
  gboolean               v3_combos;
  gboolean               previews;
  guint                  node_delay_ms;
  guint                  response_delay_ms;
  guint                  object_info_delay_ms;
  GStrv                  checkpoints;

  /* Recorded data (from the test resource). */
  JsonObject            *object_info;
  GHashTable            *known_classes;
  GBytes                *recorded_png;
  GBytes                *preview_jpeg;

  /* Websockets. */
  GPtrArray             *clients;        /* FakeClient*, open connections */
  GHashTable            *sockets;        /* sid → FakeClient* registered (the send table) */
  gboolean               refuse_ws;      /* WS_DROP: refuse reconnects until the run ends */
  gboolean               orphan_done;

  /* Queue and execution. */
  gint64                 number;
  GPtrArray             *pending;        /* FakePrompt* */
  FakePrompt            *running;
  FakeRun               *run;
  guint                  run_source;
  gboolean               interrupt_flag;
  char                  *last_prompt_id;

  /* History and outputs. */
  GHashTable            *history;        /* id → JsonNode */
  GPtrArray             *history_order;  /* ids, oldest first */
  GHashTable            *files;          /* "type/subfolder/name" → GBytes */
  GHashTable            *counters;       /* "subfolder/base" → GINT counter */
  GHashTable            *cache;          /* node id → signature of its last run */
  GHashTable            *cached_outputs; /* node id → JsonNode of its last UI output */

  GPtrArray             *delayed;        /* DelayedReply*, answered later or stalled */
  GHashTable            *last_headers;   /* lowercase name → value, last REST request */
  GHashTable            *last_ws_headers;
};

/* easel-fake-comfyui-data.c */
void        _fake_load_data             (EaselFakeComfyui  *self);
char       *_fake_transcript_body       (const char        *name,
                                         gboolean           json);
JsonNode   *_fake_object_info           (EaselFakeComfyui  *self,
                                         const char        *class_type);
JsonNode   *_fake_input_spec            (EaselFakeComfyui  *self,
                                         const char        *class_type,
                                         const char        *input);
GPtrArray  *_fake_combo_options         (EaselFakeComfyui  *self,
                                         const char        *class_type,
                                         const char        *input);
gboolean    _fake_class_exists          (EaselFakeComfyui  *self,
                                         const char        *class_type);
gboolean    _fake_class_is_output       (EaselFakeComfyui  *self,
                                         const char        *class_type);
char       *_fake_json                  (JsonNode          *node);
char       *_fake_python_repr_list      (GPtrArray         *strings);
gint64      _fake_now_ms                (void);

/* easel-fake-comfyui-validate.c */
JsonNode   *_fake_validate              (EaselFakeComfyui  *self,
                                         JsonObject        *graph,
                                         GPtrArray         *outputs);
JsonNode   *_fake_missing_checkpoint_error (EaselFakeComfyui *self,
                                            JsonObject       *graph);
JsonNode   *_fake_object_node           (JsonObject        *object);
JsonObject *_fake_error_object          (const char        *type,
                                         const char        *message,
                                         const char        *details,
                                         JsonObject        *extra_info);
JsonNode   *_fake_error_body            (JsonObject        *error,
                                         JsonObject        *node_errors);
const char *_fake_link_source           (JsonNode          *value);
JsonObject *_fake_graph_node            (JsonObject        *graph,
                                         const char        *id);
const char *_fake_graph_class           (JsonObject        *graph,
                                         const char        *id);
JsonObject *_fake_graph_inputs          (JsonObject        *graph,
                                         const char        *id);

/* easel-fake-comfyui.c */
gboolean    _fake_request_common        (EaselFakeComfyui  *self,
                                         SoupServerMessage *msg,
                                         const char        *path);
void        _fake_record_headers        (GHashTable        *table,
                                         SoupServerMessage *msg);
void        _fake_reply_text            (SoupServerMessage *msg,
                                         guint              status,
                                         const char        *text);

/* easel-fake-comfyui-ws.c */
void        _fake_client_free           (FakeClient        *client);
void        _fake_ws_precheck_cb        (SoupServer        *server,
                                         SoupServerMessage *msg,
                                         const char        *path,
                                         GHashTable        *query,
                                         gpointer           user_data);
void        _fake_ws_cb                 (SoupServer              *server,
                                         SoupServerMessage       *msg,
                                         const char              *path,
                                         SoupWebsocketConnection *connection,
                                         gpointer                 user_data);

/* easel-fake-comfyui-exec.c */
void        _fake_enqueue               (EaselFakeComfyui  *self,
                                         FakePrompt        *prompt);
void        _fake_prompt_free           (FakePrompt        *prompt);
JsonNode   *_fake_queue_item            (FakePrompt        *prompt);
void        _fake_run_free              (FakeRun           *run);
void        _fake_stop                  (EaselFakeComfyui  *self);
void        _fake_send                  (EaselFakeComfyui  *self,
                                         const char        *sid,
                                         const char        *type,
                                         JsonNode          *data);
void        _fake_send_status           (EaselFakeComfyui  *self,
                                         const char        *sid_only);
guint       _fake_queue_remaining       (EaselFakeComfyui  *self);
const char *_fake_running_node          (EaselFakeComfyui  *self);
void        _fake_drop_client_sockets   (EaselFakeComfyui  *self,
                                         const char        *sid);

G_END_DECLS
