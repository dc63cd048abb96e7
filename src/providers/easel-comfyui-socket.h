/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "easel-types.h"

G_BEGIN_DECLS

/**
 * EaselComfyuiFrame:
 * @event: 1 (preview image), 3 (text) or 4 (image with metadata) (§10)
 * @mime: for images, "image/jpeg" or "image/png" (sniffed from the bytes)
 * @image: for images, the encoded image (a slice of the frame)
 * @metadata: for type 4, the metadata object
 * @prompt_id: for type 4, the prompt the image belongs to
 * @node_id: for type 4 the node that sent the image, for type 3 the node of the text
 * @text: for type 3, the text
 */
typedef struct
{
  guint32     event;
  const char *mime;
  GBytes     *image;
  JsonObject *metadata;
  const char *prompt_id;
  const char *node_id;
  char       *text;
} EaselComfyuiFrame;

gboolean easel_comfyui_frame_parse (GBytes            *bytes,
                                    EaselComfyuiFrame *frame,
                                    GError           **error);
void     easel_comfyui_frame_clear (EaselComfyuiFrame *frame);

typedef struct
{
  void (*opened)  (gpointer                 user_data);
  void (*failed)  (const GError            *error,
                   gpointer                 user_data);
  void (*dropped) (gpointer                 user_data);
  void (*message) (const char              *type,
                   JsonObject              *data,
                   gpointer                 user_data);
  void (*frame)   (const EaselComfyuiFrame *frame,
                   gpointer                 user_data);
} EaselComfyuiSocketCallbacks;

#define EASEL_TYPE_COMFYUI_SOCKET (easel_comfyui_socket_get_type ())
G_DECLARE_FINAL_TYPE (EaselComfyuiSocket, easel_comfyui_socket, EASEL, COMFYUI_SOCKET, GObject)

EaselComfyuiSocket *easel_comfyui_socket_new          (const char                        *base_url,
                                                       const char                        *client_id,
                                                       char * const                      *headers,
                                                       const char                        *bearer,
                                                       const char                        *what,
                                                       const EaselComfyuiSocketCallbacks *callbacks,
                                                       gpointer                           user_data);
char               *easel_comfyui_socket_build_url    (const char                        *base_url,
                                                       const char                        *client_id);
void                easel_comfyui_socket_set_timing   (EaselComfyuiSocket                *self,
                                                       double                             handshake_timeout_s,
                                                       double                             backoff_initial_s,
                                                       double                             backoff_max_s);
void                easel_comfyui_socket_set_bearer   (EaselComfyuiSocket                *self,
                                                       const char                        *bearer);
void                easel_comfyui_socket_connect      (EaselComfyuiSocket                *self);
void                easel_comfyui_socket_reconnect    (EaselComfyuiSocket                *self);
void                easel_comfyui_socket_shutdown     (EaselComfyuiSocket                *self);
void                easel_comfyui_socket_set_keep_connected (EaselComfyuiSocket          *self,
                                                             gboolean                     keep);
gboolean            easel_comfyui_socket_is_open      (EaselComfyuiSocket                *self);
guint               easel_comfyui_socket_get_connections (EaselComfyuiSocket             *self);

G_END_DECLS
