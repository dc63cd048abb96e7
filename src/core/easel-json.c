/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-json.h"

JsonNode *
easel_json_deep_copy (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

        json_node_take_object (copy, easel_json_object_deep_copy (json_node_get_object (node)));
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy_array = json_array_sized_new (json_array_get_length (array));
        JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy_array,
                                  easel_json_deep_copy (json_array_get_element (array, i)));
        json_node_take_array (copy, copy_array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
easel_json_object_deep_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (object == NULL)
    return copy;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    json_object_set_member (copy, key, easel_json_deep_copy (value));
  return copy;
}

/* Servers write the same number as 1, 1.0 or 12.0 depending on version: accept both kinds. */
gboolean
easel_json_get_number (JsonNode *node,
                       double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*out);
}

gboolean
easel_json_get_int (JsonNode *node,
                    gint64   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9.2e18 || d > 9.2e18)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }
  return FALSE;
}

const char *
easel_json_object_get_string (JsonObject *object,
                              const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
easel_json_object_get_object (JsonObject *object,
                              const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
easel_json_object_get_array (JsonObject *object,
                             const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gboolean
easel_json_object_get_number (JsonObject *object,
                              const char *member,
                              double     *out)
{
  if (object == NULL)
    return FALSE;
  return easel_json_get_number (json_object_get_member (object, member), out);
}

gboolean
easel_json_object_get_int (JsonObject *object,
                           const char *member,
                           gint64     *out)
{
  if (object == NULL)
    return FALSE;
  return easel_json_get_int (json_object_get_member (object, member), out);
}

char *
easel_json_to_string (JsonNode *node,
                      gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  if (pretty)
    json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

char *
easel_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return easel_json_to_string (node, FALSE);
}

/* Parses a whole document; a NUL inside @data or trailing garbage is an error, not a silent
 * truncation.
 */
JsonNode *
easel_json_parse (const char  *data,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "empty document");
      return NULL;
    }
  return json_node_copy (root);
}
