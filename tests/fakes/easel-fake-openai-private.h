/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "easel-fake-openai.h"
#include "easel-fake-schema.h"

G_BEGIN_DECLS

typedef enum
{
  FAKE_FAMILY_GPT_IMAGE,     /* listed sizes + auto */
  FAKE_FAMILY_GPT_IMAGE_2,   /* any WxH within the rule */
  FAKE_FAMILY_DALL_E_2,
  FAKE_FAMILY_DALL_E_3,
} FakeFamily;

typedef struct
{
  const char *id;
  const char *shutdown_date;   /* NULL: none announced */
  FakeFamily  family;
  gboolean    extended_quality;
  gint64      created;
} FakeModel;

typedef struct
{
  GBytes *bytes;
  char   *base64;
} CachedImage;

struct _EaselFakeOpenai
{
  SoupServer            *server;
  char                  *root_url;
  char                  *base_url;
  guint                  port;
  EaselFakeSchema       *schema;
  char                  *today;
  char                  *api_key;

  EaselFakeOpenaiFault   fault;
  EaselFakeOpenaiFault   next_fault;
  guint                  next_fault_count;
  guint                  latency_ms;
  int                    stream_partials;
  gboolean               urls;
  gboolean               urls_other_origin;
  gboolean               compatible;
  gboolean               reject_streaming;
  EaselFakeOpenaiModels  models;

  guint                  requests;
  guint                  in_flight;
  guint                  max_in_flight;
  guint                  models_requests;
  guint                  file_requests;
  guint                  schema_errors;
  GHashTable            *client_ports;   /* the client ports image requests came from */
  char                  *last_schema_error;
  char                  *last_request_id;
  GPtrArray             *bodies;
  SoupMessageHeaders    *headers[3];

  GHashTable            *images;
  GHashTable            *files;
  GList                 *pending;
  GPtrArray             *held;
  guint64                next_id;
};

/* easel-fake-openai.c */
void             _easel_fake_openai_count_end    (EaselFakeOpenai      *self,
                                                  SoupServerMessage    *msg);

/* easel-fake-openai-replies.c */
void             _easel_fake_openai_cached_image_free (CachedImage     *image);
void             _easel_fake_openai_respond      (EaselFakeOpenai      *self,
                                                  SoupServerMessage    *msg,
                                                  JsonNode             *body,
                                                  EaselFakeOpenaiFault  fault);
gboolean         _easel_fake_openai_reply_common_fault (EaselFakeOpenai      *self,
                                                        SoupServerMessage    *msg,
                                                        EaselFakeOpenaiFault  fault);
void             _easel_fake_openai_reply_error  (SoupServerMessage    *msg,
                                                  guint                 status,
                                                  const char           *message,
                                                  const char           *type,
                                                  const char           *param,
                                                  const char           *code);
void             _easel_fake_openai_reply_unauthorized (SoupServerMessage *msg);

/* easel-fake-openai-rules.c */
char            *_easel_fake_openai_error_json   (const char  *message,
                                                  const char  *type,
                                                  const char  *param,
                                                  const char  *code);
char            *_easel_fake_openai_check_rules  (JsonObject  *body,
                                                  const char  *today,
                                                  gboolean     compatible,
                                                  guint       *status);
const FakeModel *_easel_fake_openai_find_model   (const char  *id,
                                                  gboolean     compatible);
char            *_easel_fake_openai_models_json  (EaselFakeOpenaiModels mode);

G_END_DECLS
