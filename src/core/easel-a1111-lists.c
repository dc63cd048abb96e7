/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "easel-a1111-lists.h"
#include "easel-error.h"
#include "easel-json.h"

/* The names an A1111-compatible server knows, read from its introspection routes, and the rules
 * for matching what a user typed (or what another provider wrote) against them. Pure: the
 * provider fetches the JSON, this file only reads it.
 */

static void
model_free (gpointer data)
{
  EaselA1111Model *model = data;

  g_free (model->title);
  g_free (model->model_name);
  g_free (model->hash);
  g_free (model->sha256);
  g_free (model->filename);
  g_free (model);
}

static void
named_free (gpointer data)
{
  EaselA1111Named *named = data;

  g_free (named->name);
  g_free (named->label);
  g_strfreev (named->aliases);
  g_free (named);
}

EaselA1111ServerLists *
easel_a1111_server_lists_new (void)
{
  return g_new0 (EaselA1111ServerLists, 1);
}

static GPtrArray *
copy_models (GPtrArray *models)
{
  GPtrArray *copy;

  if (models == NULL)
    return NULL;
  copy = g_ptr_array_new_with_free_func (model_free);
  for (guint i = 0; i < models->len; i++)
    {
      const EaselA1111Model *model = g_ptr_array_index (models, i);
      EaselA1111Model *dup = g_new0 (EaselA1111Model, 1);

      dup->title = g_strdup (model->title);
      dup->model_name = g_strdup (model->model_name);
      dup->hash = g_strdup (model->hash);
      dup->sha256 = g_strdup (model->sha256);
      dup->filename = g_strdup (model->filename);
      g_ptr_array_add (copy, dup);
    }
  return copy;
}

static GPtrArray *
copy_names (GPtrArray *names)
{
  GPtrArray *copy;

  if (names == NULL)
    return NULL;
  copy = g_ptr_array_new_with_free_func (named_free);
  for (guint i = 0; i < names->len; i++)
    {
      const EaselA1111Named *named = g_ptr_array_index (names, i);
      EaselA1111Named *dup = g_new0 (EaselA1111Named, 1);

      dup->name = g_strdup (named->name);
      dup->label = g_strdup (named->label);
      dup->aliases = g_strdupv (named->aliases);
      g_ptr_array_add (copy, dup);
    }
  return copy;
}

EaselA1111ServerLists *
easel_a1111_server_lists_copy (const EaselA1111ServerLists *self)
{
  EaselA1111ServerLists *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = easel_a1111_server_lists_new ();
  copy->models = copy_models (self->models);
  copy->samplers = copy_names (self->samplers);
  copy->schedulers = copy_names (self->schedulers);
  copy->legacy_schedulers = self->legacy_schedulers;
  return copy;
}

void
easel_a1111_server_lists_free (EaselA1111ServerLists *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->samplers, g_ptr_array_unref);
  g_clear_pointer (&self->schedulers, g_ptr_array_unref);
  g_free (self);
}

static JsonArray *
expect_array (JsonNode    *node,
              const char  *route,
              GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, EASEL_PROVIDER_ERROR, EASEL_PROVIDER_ERROR_BAD_RESPONSE,
                   _("The answer of %s is not a list"), route);
      return NULL;
    }
  return json_node_get_array (node);
}

static char *
dup_nonempty (JsonObject *object,
              const char *member)
{
  const char *value = easel_json_object_get_string (object, member);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static GStrv
dup_string_array (JsonObject *object,
                  const char *member)
{
  JsonArray *array = easel_json_object_get_array (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/**
 * easel_a1111_server_lists_set_models:
 * @sd_models: the parsed answer of `GET /sdapi/v1/sd-models`
 *
 * Entries without a title are skipped; a model name defaults to the title.
 */
gboolean
easel_a1111_server_lists_set_models (EaselA1111ServerLists  *self,
                                     JsonNode               *sd_models,
                                     GError                **error)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (model_free);
  JsonArray *array = expect_array (sd_models, "/sdapi/v1/sd-models", error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      EaselA1111Model *model;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      if (easel_json_object_get_string (object, "title") == NULL)
        continue;

      model = g_new0 (EaselA1111Model, 1);
      model->title = dup_nonempty (object, "title");
      if (model->title == NULL)
        {
          model_free (model);
          continue;
        }
      model->model_name = dup_nonempty (object, "model_name");
      if (model->model_name == NULL)
        model->model_name = g_strdup (model->title);
      model->hash = dup_nonempty (object, "hash");
      model->sha256 = dup_nonempty (object, "sha256");
      model->filename = dup_nonempty (object, "filename");
      g_ptr_array_add (models, model);
    }

  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = g_steal_pointer (&models);
  return TRUE;
}

static gboolean
set_names (GPtrArray  **target,
           JsonNode    *node,
           const char  *route,
           GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (named_free);
  JsonArray *array = expect_array (node, route, error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      EaselA1111Named *named;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);

      named = g_new0 (EaselA1111Named, 1);
      named->name = dup_nonempty (object, "name");
      named->label = dup_nonempty (object, "label");
      if (named->name == NULL && named->label == NULL)
        {
          named_free (named);
          continue;
        }
      if (named->name == NULL)
        named->name = g_strdup (named->label);
      if (named->label == NULL)
        named->label = g_strdup (named->name);
      named->aliases = dup_string_array (object, "aliases");
      g_ptr_array_add (names, named);
    }

  g_clear_pointer (target, g_ptr_array_unref);
  *target = g_steal_pointer (&names);
  return TRUE;
}

/* @samplers: the parsed answer of `GET /sdapi/v1/samplers` ({name, aliases, options}). */
gboolean
easel_a1111_server_lists_set_samplers (EaselA1111ServerLists  *self,
                                       JsonNode               *samplers,
                                       GError                **error)
{
  return set_names (&self->samplers, samplers, "/sdapi/v1/samplers", error);
}

/* @schedulers: the parsed answer of `GET /sdapi/v1/schedulers` ({name, label, aliases, …}). */
gboolean
easel_a1111_server_lists_set_schedulers (EaselA1111ServerLists  *self,
                                         JsonNode               *schedulers,
                                         GError                **error)
{
  return set_names (&self->schedulers, schedulers, "/sdapi/v1/schedulers", error);
}

GStrv
easel_a1111_server_lists_dup_models (const EaselA1111ServerLists *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (self == NULL || self->models == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->models->len; i++)
    g_strv_builder_add (builder, ((EaselA1111Model *) g_ptr_array_index (self->models, i))->title);
  return g_strv_builder_end (builder);
}

static GStrv
dup_names (GPtrArray *names,
           gboolean   labels)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (names == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < names->len; i++)
    {
      const EaselA1111Named *named = g_ptr_array_index (names, i);

      g_strv_builder_add (builder, labels ? named->label : named->name);
    }
  return g_strv_builder_end (builder);
}

GStrv
easel_a1111_server_lists_dup_samplers (const EaselA1111ServerLists *self)
{
  return self != NULL ? dup_names (self->samplers, FALSE) : NULL;
}

/* Schedulers are listed by label ("Karras"), which is what the UI shows and Easel sends. */
GStrv
easel_a1111_server_lists_dup_schedulers (const EaselA1111ServerLists *self)
{
  return self != NULL ? dup_names (self->schedulers, TRUE) : NULL;
}

/* "sub/name.safetensors [abcdef1234]" → "sub/name.safetensors" */
static char *
strip_hash_suffix (const char *title)
{
  const char *bracket = strrchr (title, '[');

  if (bracket != NULL && bracket > title && bracket[-1] == ' ' && g_str_has_suffix (title, "]"))
    return g_strndup (title, bracket - 1 - title);
  return g_strdup (title);
}

static char *
strip_extension (const char *name)
{
  const char *dot = strrchr (name, '.');
  const char *slash = strrchr (name, '/');

  if (dot != NULL && dot > name && (slash == NULL || dot > slash))
    return g_strndup (name, dot - name);
  return g_strdup (name);
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *backslash = strrchr (path, '\\');

  if (backslash != NULL && (slash == NULL || backslash > slash))
    slash = backslash;
  return slash != NULL ? slash + 1 : path;
}

static gboolean
same (const char *a,
      const char *b,
      gboolean    fold)
{
  if (a == NULL || b == NULL)
    return FALSE;
  return fold ? g_ascii_strcasecmp (a, b) == 0 : strcmp (a, b) == 0;
}

/* Every spelling a model may come under: its title, its short name, the file name with and
 * without the extension (from the title, which is relative to the models folder), and the hashes
 * an infotext's "Model hash" holds.
 */
static gboolean
model_matches (const EaselA1111Model *model,
               const char            *name,
               gboolean               loose,
               gboolean               fold)
{
  g_autofree char *plain = NULL;
  g_autofree char *plain_noext = NULL;
  g_autofree char *base_noext = NULL;

  if (!loose)
    return same (model->title, name, fold) || same (model->model_name, name, fold);

  plain = strip_hash_suffix (model->title);
  plain_noext = strip_extension (plain);
  base_noext = strip_extension (base_name (plain));
  if (same (plain, name, fold) || same (plain_noext, name, fold) ||
      same (base_name (plain), name, fold) || same (base_noext, name, fold))
    return TRUE;
  if (model->filename != NULL && same (base_name (model->filename), name, fold))
    return TRUE;
  if (strlen (name) >= 8 && model->hash != NULL && same (model->hash, name, TRUE))
    return TRUE;
  if (strlen (name) >= 10 && model->sha256 != NULL &&
      g_ascii_strncasecmp (model->sha256, name, strlen (name)) == 0)
    return TRUE;
  return FALSE;
}

/**
 * easel_a1111_resolve_model:
 * @models: (element-type EaselA1111Model): the server's models
 * @name: a title, a model name, a file name (with or without extension or folder) or a hash
 *
 * Exact title or model name first, then the looser spellings, then the same ignoring case.
 *
 * Returns: (nullable) (transfer none): the model, whose title is what the server expects.
 */
const EaselA1111Model *
easel_a1111_resolve_model (GPtrArray  *models,
                           const char *name)
{
  if (models == NULL || name == NULL || *name == '\0')
    return NULL;

  for (guint pass = 0; pass < 4; pass++)
    {
      gboolean loose = (pass & 1) != 0;
      gboolean fold = pass >= 2;

      for (guint i = 0; i < models->len; i++)
        {
          const EaselA1111Model *model = g_ptr_array_index (models, i);

          if (model_matches (model, name, loose, fold))
            return model;
        }
    }
  return NULL;
}

static gboolean
named_matches (const EaselA1111Named *named,
               const char            *name,
               gboolean               fold)
{
  if (same (named->name, name, fold) || same (named->label, name, fold))
    return TRUE;
  if (!fold)
    return FALSE;
  for (guint i = 0; named->aliases != NULL && named->aliases[i] != NULL; i++)
    {
      if (same (named->aliases[i], name, TRUE))
        return TRUE;
      /* A1111 lists the k-diffusion function names with a "k_" prefix. */
      if (g_ascii_strncasecmp (named->aliases[i], "k_", 2) == 0 &&
          same (named->aliases[i] + 2, name, TRUE))
        return TRUE;
    }
  return FALSE;
}

static const EaselA1111Named *
find_named (GPtrArray  *names,
            const char *name)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < names->len; i++)
      {
        const EaselA1111Named *named = g_ptr_array_index (names, i);

        if (named_matches (named, name, pass == 1))
          return named;
      }
  return NULL;
}

/**
 * easel_a1111_resolve_sampler:
 * @samplers: (element-type EaselA1111Named): the server's samplers
 * @name: the name as the user (or another provider's settings) spelled it
 *
 * Exact name, then ignoring case, then the server's aliases, then the ComfyUI name translated
 * (`dpmpp_2m` → "DPM++ 2M"), so settings carried over from ComfyUI still match.
 *
 * Returns: (nullable) (transfer none): the sampler; send its name.
 */
const EaselA1111Named *
easel_a1111_resolve_sampler (GPtrArray  *samplers,
                             const char *name)
{
  const EaselA1111Named *found;
  const char *translated;

  if (samplers == NULL || name == NULL || *name == '\0')
    return NULL;

  found = find_named (samplers, name);
  if (found != NULL)
    return found;
  translated = easel_a1111_sampler_from_comfyui (name);
  return translated != NULL ? find_named (samplers, translated) : NULL;
}

/**
 * easel_a1111_resolve_scheduler:
 * @schedulers: (element-type EaselA1111Named): the server's schedulers
 *
 * Name or label, then ignoring case and aliases, then ComfyUI's "ddim_uniform".
 *
 * Returns: (nullable) (transfer none): the scheduler; send its label.
 */
const EaselA1111Named *
easel_a1111_resolve_scheduler (GPtrArray  *schedulers,
                               const char *name)
{
  const EaselA1111Named *found;

  if (schedulers == NULL || name == NULL || *name == '\0')
    return NULL;

  found = find_named (schedulers, name);
  if (found == NULL && g_ascii_strcasecmp (name, "ddim_uniform") == 0)
    found = find_named (schedulers, "ddim");
  return found;
}

/* "DPM++ 2M, Euler a, … (24 more)" for error messages that list the valid names. */
char *
easel_a1111_describe_names (GPtrArray *names,
                            gboolean   labels,
                            guint      max_items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < names->len && i < max_items; i++)
    {
      const EaselA1111Named *named = g_ptr_array_index (names, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, labels ? named->label : named->name);
    }
  if (names != NULL && names->len > max_items)
    g_string_append_printf (out, _(" (and %u more)"), names->len - max_items);
  return g_string_free (out, FALSE);
}

/* ComfyUI's k-diffusion names and A1111's labels for the same sampler (A1111 v1.10
 * `sd_samplers_kdiffusion.py` and `sd_samplers_timesteps.py`). The GPU variants run the same
 * maths, so they map to the same A1111 sampler.
 */
static const struct
{
  const char *comfyui;
  const char *a1111;
} sampler_names[] = {
  { "euler", "Euler" },
  { "euler_ancestral", "Euler a" },
  { "heun", "Heun" },
  { "dpm_2", "DPM2" },
  { "dpm_2_ancestral", "DPM2 a" },
  { "lms", "LMS" },
  { "dpm_fast", "DPM fast" },
  { "dpm_adaptive", "DPM adaptive" },
  { "dpmpp_2s_ancestral", "DPM++ 2S a" },
  { "dpmpp_sde", "DPM++ SDE" },
  { "dpmpp_sde_gpu", "DPM++ SDE" },
  { "dpmpp_2m", "DPM++ 2M" },
  { "dpmpp_2m_sde", "DPM++ 2M SDE" },
  { "dpmpp_2m_sde_gpu", "DPM++ 2M SDE" },
  { "dpmpp_3m_sde", "DPM++ 3M SDE" },
  { "dpmpp_3m_sde_gpu", "DPM++ 3M SDE" },
  { "ddim", "DDIM" },
  { "uni_pc", "UniPC" },
  { "uni_pc_bh2", "UniPC" },
  { "lcm", "LCM" },
  { "restart", "Restart" },
};

/**
 * easel_a1111_sampler_from_comfyui:
 *
 * Returns: (nullable): the A1111 name of a ComfyUI sampler name ("dpmpp_2m" → "DPM++ 2M"), or
 *   %NULL when @name is not one.
 */
const char *
easel_a1111_sampler_from_comfyui (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (sampler_names); i++)
    if (g_ascii_strcasecmp (sampler_names[i].comfyui, name) == 0)
      return sampler_names[i].a1111;
  return NULL;
}

/* A1111 v1.10 `sd_schedulers.py`: name → label. ComfyUI uses the same names. */
static const struct
{
  const char *name;
  const char *label;
} scheduler_names[] = {
  { "automatic", "Automatic" },
  { "uniform", "Uniform" },
  { "karras", "Karras" },
  { "exponential", "Exponential" },
  { "polyexponential", "Polyexponential" },
  { "sgm_uniform", "SGM Uniform" },
  { "kl_optimal", "KL Optimal" },
  { "align_your_steps", "Align Your Steps" },
  { "simple", "Simple" },
  { "normal", "Normal" },
  { "ddim", "DDIM" },
  { "ddim_uniform", "DDIM" },
  { "beta", "Beta" },
};

/**
 * easel_a1111_scheduler_known_label:
 *
 * Returns: (nullable): A1111's label for a scheduler name or label it ships ("karras" →
 *   "Karras"), or %NULL when unknown.
 */
const char *
easel_a1111_scheduler_known_label (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (scheduler_names); i++)
    if (g_ascii_strcasecmp (scheduler_names[i].name, name) == 0 ||
        g_ascii_strcasecmp (scheduler_names[i].label, name) == 0)
      return scheduler_names[i].label;
  return NULL;
}

static gboolean
has_word_suffix (const char *text,
                 const char *suffix,
                 gsize      *base_length)
{
  gsize text_length = strlen (text);
  gsize suffix_length = strlen (suffix);

  if (suffix_length == 0 || text_length < suffix_length + 2)
    return FALSE;
  if (text[text_length - suffix_length - 1] != ' ' ||
      g_ascii_strcasecmp (text + text_length - suffix_length, suffix) != 0)
    return FALSE;
  *base_length = text_length - suffix_length - 1;
  return TRUE;
}

/**
 * easel_a1111_split_scheduler_suffix:
 * @schedulers: (nullable) (element-type EaselA1111Named): the server's schedulers, or %NULL to
 *   use the ones A1111 ships
 * @sampler: a sampler name that may carry a scheduler ("DPM++ 2M Karras")
 * @base: (out) (optional): the sampler part ("DPM++ 2M")
 *
 * A1111 v1.9+ strips a trailing " <scheduler label|name|alias>" from the sampler name (§3.2);
 * Easel does the same before sending, so what it sends is what the server reports back.
 *
 * Returns: (nullable) (transfer full): the scheduler's label, or %NULL when there is none.
 */
char *
easel_a1111_split_scheduler_suffix (GPtrArray   *schedulers,
                                    const char  *sampler,
                                    char       **base)
{
  const char *best_label = NULL;
  gsize best_base = G_MAXSIZE;
  gsize base_length = 0;

  if (sampler == NULL)
    return NULL;

  /* The longest suffix wins: "Euler SGM Uniform" is Euler with SGM Uniform, not "Euler SGM"
   * with Uniform (which is what the server's first-match loop would make of it).
   */
  if (schedulers != NULL)
    {
      for (guint i = 0; i < schedulers->len; i++)
        {
          const EaselA1111Named *named = g_ptr_array_index (schedulers, i);
          const char *spellings[3] = { named->label, named->name, NULL };

          for (guint j = 0; j < 2; j++)
            if (has_word_suffix (sampler, spellings[j], &base_length) && base_length < best_base)
              {
                best_base = base_length;
                best_label = named->label;
              }
          for (guint j = 0; named->aliases != NULL && named->aliases[j] != NULL; j++)
            if (has_word_suffix (sampler, named->aliases[j], &base_length) &&
                base_length < best_base)
              {
                best_base = base_length;
                best_label = named->label;
              }
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (scheduler_names); i++)
        if ((has_word_suffix (sampler, scheduler_names[i].label, &base_length) ||
             has_word_suffix (sampler, scheduler_names[i].name, &base_length)) &&
            base_length < best_base)
          {
            best_base = base_length;
            best_label = scheduler_names[i].label;
          }
    }

  if (best_label == NULL)
    return NULL;
  if (base != NULL)
    *base = g_strndup (sampler, best_base);
  return g_strdup (best_label);
}
