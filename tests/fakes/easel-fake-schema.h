/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small JSON-schema checker for the OpenAPI subset the OpenAI fake needs: $ref, type,
 * nullable, enum, minimum/maximum, minLength/maxLength, minItems/maxItems, required, properties,
 * additionalProperties, items, anyOf/oneOf/allOf, not. Formats and discriminators are ignored.
 */
typedef struct _EaselFakeSchema EaselFakeSchema;

EaselFakeSchema *easel_fake_schema_load         (const char       *path,
                                                 GError          **error);
EaselFakeSchema *easel_fake_schema_load_openai  (void);
void             easel_fake_schema_free         (EaselFakeSchema  *self);
gboolean         easel_fake_schema_validate     (EaselFakeSchema  *self,
                                                 const char       *schema_name,
                                                 JsonNode         *instance,
                                                 char            **param,
                                                 GError          **error);
const char      *easel_fake_schema_openai_path  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaselFakeSchema, easel_fake_schema_free)

G_END_DECLS
