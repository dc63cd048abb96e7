/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-fake"

#include "config.h"

#include <math.h>
#include <string.h>

#include "easel-fake-schema.h"

/* The OpenAI fake validates every request body against the official OpenAPI schema
 * (tests/data/openai-images-subset.openapi.json, a verbatim copy of the protocol file), and the
 * tests validate the fake's answers the same way. protocols/openai-images.md says the SDK is
 * newer than the spec ("treat the spec as the floor and the SDK types as the newer truth"): the
 * widenings below apply the SDK 7.57.0 types on load, and nothing else is changed.
 */

#ifndef EASEL_FAKE_DATA_DIR
#error "EASEL_FAKE_DATA_DIR must name tests/data"
#endif

struct _EaselFakeSchema
{
  JsonNode   *root;
  JsonObject *schemas;
};

typedef struct
{
  const char *schema;
  const char *property;
  const char *extra[4];   /* values added to the enum; none = drop the enum */
} Widening;

static const Widening widenings[] = {
  { "CreateImageRequest", "quality", { "xhigh", "max" } },
  { "CreateImageRequest", "output_format", { "gif", "svg" } },
  { "ImagesResponse", "size", { NULL } },
  { "ImagesResponse", "quality", { "auto", "xhigh", "max" } },
  { "ImagesResponse", "output_format", { "gif", "svg" } },
  { "ImageGenPartialImageEvent", "size", { NULL } },
  { "ImageGenPartialImageEvent", "quality", { "xhigh", "max" } },
  { "ImageGenCompletedEvent", "size", { NULL } },
  { "ImageGenCompletedEvent", "quality", { "xhigh", "max" } },
};

static void
apply_widenings (EaselFakeSchema *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (widenings); i++)
    {
      const Widening *w = &widenings[i];
      JsonObject *schema = json_object_get_object_member (self->schemas, w->schema);
      JsonObject *props = json_object_get_object_member (schema, "properties");
      JsonObject *prop = json_object_get_object_member (props, w->property);
      JsonArray *values;

      g_assert (prop != NULL);
      if (w->extra[0] == NULL)
        {
          json_object_remove_member (prop, "enum");
          continue;
        }
      values = json_object_get_array_member (prop, "enum");
      for (guint j = 0; j < G_N_ELEMENTS (w->extra) && w->extra[j] != NULL; j++)
        json_array_add_string_element (values, w->extra[j]);
    }
}

const char *
easel_fake_schema_openai_path (void)
{
  return EASEL_FAKE_DATA_DIR "/openai-images-subset.openapi.json";
}

EaselFakeSchema *
easel_fake_schema_load (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  EaselFakeSchema *self;
  JsonObject *components;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;

  components = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                              "components");
  if (components == NULL || !json_object_has_member (components, "schemas"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s has no components.schemas", path);
      return NULL;
    }

  self = g_new0 (EaselFakeSchema, 1);
  self->root = json_node_copy (json_parser_get_root (parser));
  self->schemas = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (self->root), "components"), "schemas");
  apply_widenings (self);
  return self;
}

EaselFakeSchema *
easel_fake_schema_load_openai (void)
{
  g_autoptr(GError) error = NULL;
  EaselFakeSchema *self = easel_fake_schema_load (easel_fake_schema_openai_path (), &error);

  if (self == NULL)
    g_error ("cannot load the OpenAI schema: %s", error->message);
  return self;
}

void
easel_fake_schema_free (EaselFakeSchema *self)
{
  if (self == NULL)
    return;
  json_node_unref (self->root);
  g_free (self);
}

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:  return "string";
    case G_TYPE_BOOLEAN: return "boolean";
    case G_TYPE_INT64:   return "integer";
    case G_TYPE_DOUBLE:  return "number";
    default:             return "unknown";
    }
}

static gboolean
node_has_type (JsonNode   *node,
               const char *type)
{
  const char *actual = node_type_name (node);

  if (g_strcmp0 (type, actual) == 0)
    return TRUE;
  if (g_strcmp0 (type, "number") == 0 && g_strcmp0 (actual, "integer") == 0)
    return TRUE;
  /* 3.0 writes 1.0 for an integer sometimes; JSON-schema accepts it as one. */
  if (g_strcmp0 (type, "integer") == 0 && g_strcmp0 (actual, "number") == 0)
    {
      double d = json_node_get_double (node);
      return isfinite (d) && d == floor (d);
    }
  return FALSE;
}

static double
node_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  return json_node_equal (a, b);
}

typedef struct
{
  EaselFakeSchema *self;
  GString         *path;
  char            *message;
  char            *param;
} Check;

static gboolean check_node (Check *c, JsonObject *schema, JsonNode *node);

static gboolean
fail (Check      *c,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Check      *c,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (c->message == NULL)
    c->message = g_strdup_printf ("%s: %s", c->path->len > 0 ? c->path->str : "(root)", text);
  return FALSE;
}

static JsonObject *
resolve (Check      *c,
         JsonObject *schema)
{
  const char *ref;

  while ((ref = json_object_get_string_member_with_default (schema, "$ref", NULL)) != NULL)
    {
      const char *prefix = "#/components/schemas/";

      if (!g_str_has_prefix (ref, prefix) ||
          !json_object_has_member (c->self->schemas, ref + strlen (prefix)))
        g_error ("unresolvable $ref %s", ref);
      schema = json_object_get_object_member (c->self->schemas, ref + strlen (prefix));
    }
  return schema;
}

static gboolean
check_any_of (Check      *c,
              JsonArray  *alternatives,
              JsonNode   *node)
{
  g_autofree char *first = NULL;

  for (guint i = 0; i < json_array_get_length (alternatives); i++)
    {
      Check trial = { c->self, g_string_new (NULL), NULL, NULL };
      gboolean ok = check_node (&trial, json_array_get_object_element (alternatives, i), node);

      g_string_free (trial.path, TRUE);
      if (first == NULL)
        first = g_steal_pointer (&trial.message);
      g_free (trial.message);
      g_free (trial.param);
      if (ok)
        return TRUE;
    }
  return fail (c, "matches none of the %u alternatives (first: %s)",
               json_array_get_length (alternatives), first != NULL ? first : "?");
}

static gboolean
check_object (Check      *c,
              JsonObject *schema,
              JsonObject *object)
{
  JsonObject *props = json_object_has_member (schema, "properties")
                      ? json_object_get_object_member (schema, "properties") : NULL;
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonArray *required = json_object_has_member (schema, "required")
                        ? json_object_get_array_member (schema, "required") : NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
    {
      const char *name = json_array_get_string_element (required, i);

      if (!json_object_has_member (object, name))
        {
          if (c->param == NULL && c->path->len == 0)
            c->param = g_strdup (name);
          return fail (c, "missing required property “%s”", name);
        }
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonObject *sub = props != NULL && json_object_has_member (props, key)
                        ? json_object_get_object_member (props, key) : NULL;
      gsize saved = c->path->len;
      gboolean top = c->path->len == 0;
      gboolean ok = TRUE;

      g_string_append_printf (c->path, "%s%s", c->path->len > 0 ? "." : "", key);
      if (sub != NULL)
        ok = check_node (c, sub, value);
      else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
               !json_node_get_boolean (additional))
        ok = fail (c, "unknown property");
      else if (additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
        ok = check_node (c, json_node_get_object (additional), value);
      if (!ok)
        {
          if (top && c->param == NULL)
            c->param = g_strdup (key);
          return FALSE;
        }
      g_string_truncate (c->path, saved);
    }
  return TRUE;
}

static gboolean
check_node (Check      *c,
            JsonObject *schema,
            JsonNode   *node)
{
  const char *type;

  schema = resolve (c, schema);

  if (JSON_NODE_HOLDS_NULL (node) &&
      json_object_get_boolean_member_with_default (schema, "nullable", FALSE))
    return TRUE;

  if (json_object_has_member (schema, "anyOf") &&
      !check_any_of (c, json_object_get_array_member (schema, "anyOf"), node))
    return FALSE;
  if (json_object_has_member (schema, "oneOf") &&
      !check_any_of (c, json_object_get_array_member (schema, "oneOf"), node))
    return FALSE;
  if (json_object_has_member (schema, "allOf"))
    {
      JsonArray *all = json_object_get_array_member (schema, "allOf");

      for (guint i = 0; i < json_array_get_length (all); i++)
        if (!check_node (c, json_array_get_object_element (all, i), node))
          return FALSE;
    }
  if (json_object_has_member (schema, "not"))
    {
      Check trial = { c->self, g_string_new (NULL), NULL, NULL };
      gboolean matched = check_node (&trial, json_object_get_object_member (schema, "not"), node);

      g_string_free (trial.path, TRUE);
      g_free (trial.message);
      g_free (trial.param);
      if (matched)
        return fail (c, "matches a schema it must not match");
    }

  type = json_object_get_string_member_with_default (schema, "type", NULL);
  if (type != NULL && !node_has_type (node, type))
    return fail (c, "expected %s, got %s", type, node_type_name (node));

  if (json_object_has_member (schema, "enum"))
    {
      JsonArray *values = json_object_get_array_member (schema, "enum");
      gboolean found = FALSE;

      for (guint i = 0; i < json_array_get_length (values) && !found; i++)
        found = nodes_equal (json_array_get_element (values, i), node);
      if (!found)
        {
          g_autofree char *text = json_to_string (node, FALSE);
          return fail (c, "%s is not one of the allowed values", text);
        }
    }

  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      double value = node_number (node);

      if (json_object_has_member (schema, "minimum") &&
          value < json_object_get_double_member (schema, "minimum"))
        return fail (c, "%g is below the minimum %g", value,
                     json_object_get_double_member (schema, "minimum"));
      if (json_object_has_member (schema, "maximum") &&
          value > json_object_get_double_member (schema, "maximum"))
        return fail (c, "%g is above the maximum %g", value,
                     json_object_get_double_member (schema, "maximum"));
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      glong length = g_utf8_strlen (json_node_get_string (node), -1);

      if (json_object_has_member (schema, "maxLength") &&
          length > json_object_get_int_member (schema, "maxLength"))
        return fail (c, "string longer than %" G_GINT64_FORMAT,
                     json_object_get_int_member (schema, "maxLength"));
      if (json_object_has_member (schema, "minLength") &&
          length < json_object_get_int_member (schema, "minLength"))
        return fail (c, "string shorter than %" G_GINT64_FORMAT,
                     json_object_get_int_member (schema, "minLength"));
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      if (json_object_has_member (schema, "maxItems") &&
          length > json_object_get_int_member (schema, "maxItems"))
        return fail (c, "more than %" G_GINT64_FORMAT " items",
                     json_object_get_int_member (schema, "maxItems"));
      if (json_object_has_member (schema, "minItems") &&
          length < json_object_get_int_member (schema, "minItems"))
        return fail (c, "fewer than %" G_GINT64_FORMAT " items",
                     json_object_get_int_member (schema, "minItems"));
      if (json_object_has_member (schema, "items"))
        for (guint i = 0; i < length; i++)
          {
            gsize saved = c->path->len;

            g_string_append_printf (c->path, "[%u]", i);
            if (!check_node (c, json_object_get_object_member (schema, "items"),
                             json_array_get_element (array, i)))
              return FALSE;
            g_string_truncate (c->path, saved);
          }
    }

  if (JSON_NODE_HOLDS_OBJECT (node) &&
      (json_object_has_member (schema, "properties") ||
       json_object_has_member (schema, "required") ||
       json_object_has_member (schema, "additionalProperties")))
    return check_object (c, schema, json_node_get_object (node));

  return TRUE;
}

/**
 * easel_fake_schema_validate:
 * @schema_name: a name under components.schemas ("CreateImageRequest")
 * @param: (out) (optional) (nullable): the top-level property at fault, for a 400's `param`
 *
 * Returns: whether @instance conforms; the error says where and why it does not.
 */
gboolean
easel_fake_schema_validate (EaselFakeSchema  *self,
                            const char       *schema_name,
                            JsonNode         *instance,
                            char            **param,
                            GError          **error)
{
  Check c = { self, g_string_new (NULL), NULL, NULL };
  JsonObject *schema;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (param != NULL)
    *param = NULL;

  schema = json_object_has_member (self->schemas, schema_name)
           ? json_object_get_object_member (self->schemas, schema_name) : NULL;
  if (schema == NULL)
    g_error ("no schema named %s", schema_name);

  ok = instance != NULL && check_node (&c, schema, instance);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", schema_name,
                   c.message != NULL ? c.message : "no document");
      if (param != NULL)
        *param = g_steal_pointer (&c.param);
    }
  g_string_free (c.path, TRUE);
  g_free (c.message);
  g_free (c.param);
  return ok;
}
