/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "easel-types.h"

G_BEGIN_DECLS

/* Small json-glib helpers shared by every layer. json-glib's own json_node_copy() shares nested
 * objects and arrays, and its typed getters warn on a missing member or convert silently; these
 * read untrusted documents (server responses, user files) without either surprise.
 */
JsonNode   *easel_json_deep_copy        (JsonNode    *node);
JsonObject *easel_json_object_deep_copy (JsonObject  *object);
gboolean    easel_json_get_number       (JsonNode    *node,
                                         double      *out);
gboolean    easel_json_get_int          (JsonNode    *node,
                                         gint64      *out);
const char *easel_json_object_get_string (JsonObject *object,
                                          const char *member);
JsonObject *easel_json_object_get_object (JsonObject *object,
                                          const char *member);
JsonArray  *easel_json_object_get_array (JsonObject  *object,
                                         const char  *member);
gboolean    easel_json_object_get_number (JsonObject *object,
                                          const char *member,
                                          double     *out);
gboolean    easel_json_object_get_int   (JsonObject  *object,
                                         const char  *member,
                                         gint64      *out);
char       *easel_json_to_string        (JsonNode    *node,
                                         gboolean     pretty);
char       *easel_json_object_to_string (JsonObject  *object);
JsonNode   *easel_json_parse            (const char  *data,
                                         gssize       length,
                                         GError     **error);

G_END_DECLS
