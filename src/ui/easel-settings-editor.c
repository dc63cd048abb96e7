/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-settings-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "easel-capabilities.h"
#include "easel-closures.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-settings-editor.h"
#include "easel-widget-util.h"

#define DEFAULT_SIZE     1024
#define DEFAULT_STEPS    30
#define DEFAULT_GUIDANCE 7.0
#define DEFAULT_COUNT    1

/**
 * EaselSettingsEditor:
 *
 * The structured settings of the next run: size (with aspect presets and a swap), number of
 * images, seed (random, fixed, or the last one again), model and, behind "Advanced", steps,
 * guidance, sampler, scheduler and provider-specific extra settings as JSON.
 *
 * It edits an #EaselImageSetting: easel_settings_editor_set_setting() loads one and
 * easel_settings_editor_dup_setting() reads it back. The owner tells it what the chosen
 * providers can do (easel_settings_editor_set_capabilities()): a field none of them supports is
 * insensitive, with a tooltip saying why, and stays unset; a field some ignore says which. Model,
 * sampler and scheduler lists come from the providers' checks; until then they offer only
 * "Provider default". Invalid values (a seed that is not a number, extra settings that are not a
 * JSON object) are flagged where they are, and #EaselSettingsEditor:validation-message says why
 * Generate is off. Under the settings, "Before Generating" lists what each provider will change.
 */
struct _EaselSettingsEditor
{
  AdwBin           parent_instance;

  AdwActionRow    *size_row;
  GtkSpinButton   *width_spin;
  GtkSpinButton   *height_spin;
  AdwActionRow    *aspect_row;
  GtkDropDown     *aspect_dropdown;
  GtkStringList   *aspect_list;
  GtkWidget       *swap_button;
  GtkWidget       *count_row;
  GtkSpinButton   *count_spin;
  AdwActionRow    *seed_row;
  GtkEntry        *seed_entry;
  GtkToggleButton *random_seed_button;
  GtkWidget       *reuse_seed_button;
  AdwActionRow    *model_row;
  GtkDropDown     *model_dropdown;
  GtkStringList   *model_list;
  AdwActionRow    *steps_row;
  GtkSpinButton   *steps_spin;
  AdwActionRow    *guidance_row;
  GtkSpinButton   *guidance_spin;
  AdwActionRow    *sampler_row;
  GtkDropDown     *sampler_dropdown;
  GtkStringList   *sampler_list;
  AdwActionRow    *scheduler_row;
  GtkDropDown     *scheduler_dropdown;
  GtkStringList   *scheduler_list;
  GtkWidget       *extra_row;
  GtkTextBuffer   *extra_buffer;
  GtkWidget       *extra_view;
  GtkLabel        *extra_message;
  GtkWidget       *adjustments_group;
  GtkListBox      *adjustments_list;

  gboolean         valid;
  char            *validation_message;
  gboolean         has_last_seed;
  gint64           last_seed;
  gboolean         updating_aspect;
  guint            changed_idle;
};

G_DEFINE_FINAL_TYPE (EaselSettingsEditor, easel_settings_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  PROP_VALIDATION_MESSAGE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Aspect presets: position 0 is "Custom". */
static const struct {
  const char *label;
  int         w;
  int         h;
} aspects[] = {
  { N_("Custom"), 0, 0 },
  { N_("Square 1:1"), 1, 1 },
  { N_("Landscape 4:3"), 4, 3 },
  { N_("Landscape 3:2"), 3, 2 },
  { N_("Wide 16:9"), 16, 9 },
  { N_("Portrait 3:4"), 3, 4 },
  { N_("Portrait 2:3"), 2, 3 },
  { N_("Tall 9:16"), 9, 16 },
};

GtkWidget *
easel_settings_editor_new (void)
{
  return g_object_new (EASEL_TYPE_SETTINGS_EDITOR, NULL);
}

static gboolean
row_in_use (gpointer row)
{
  return gtk_widget_get_visible (row) && gtk_widget_get_sensitive (row);
}

static gboolean
parse_seed (const char  *text,
            gint64      *seed,
            GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, EASEL_STORE_ERROR, EASEL_STORE_ERROR_INVALID,
                   _("The seed must be a whole number from 0 to %" G_GINT64_FORMAT),
                   G_MAXINT64);
      return FALSE;
    }

  *seed = (gint64) value;
  return TRUE;
}

static char *
dup_extra_text (EaselSettingsEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->extra_buffer, &start, &end);
  return gtk_text_buffer_get_text (self->extra_buffer, &start, &end, FALSE);
}

static void
set_error_style (gpointer widget,
                 gboolean error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
emit_changed_later (EaselSettingsEditor *self);

static void
easel_settings_editor_validate (EaselSettingsEditor *self)
{
  g_autoptr(EaselImageSetting) scratch = easel_image_setting_new ();
  g_autoptr(GError) seed_error = NULL;
  g_autoptr(GError) extra_error = NULL;
  g_autofree char *extra = dup_extra_text (self);
  g_autofree char *message = NULL;
  gboolean seed_ok = TRUE;
  gboolean extra_ok;
  gboolean valid;
  gint64 seed;

  if (!gtk_toggle_button_get_active (self->random_seed_button) && row_in_use (self->seed_row))
    seed_ok = parse_seed (gtk_editable_get_text (GTK_EDITABLE (self->seed_entry)), &seed,
                          &seed_error);
  extra_ok = easel_image_setting_set_extra_json (scratch, extra, &extra_error);
  valid = seed_ok && extra_ok;

  /* Inline: the seed row says what is wrong in its subtitle; the JSON under its editor. */
  set_error_style (self->seed_entry, !seed_ok);
  set_error_style (self->seed_row, !seed_ok);
  adw_action_row_set_subtitle (self->seed_row, seed_ok ? NULL : seed_error->message);

  set_error_style (self->extra_view, !extra_ok);
  set_error_style (self->extra_message, !extra_ok);
  if (extra_ok)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->extra_message), "dim-label");
      gtk_label_set_text (self->extra_message, _("Provider-specific keys, as a JSON object"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->extra_message), "dim-label");
      gtk_label_set_text (self->extra_message, extra_error->message);
    }

  if (!seed_ok)
    message = g_strdup (seed_error->message);
  else if (!extra_ok)
    /* Translators: %s says what is wrong with the JSON */
    message = g_strdup_printf (_("Extra settings: %s"), extra_error->message);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  if (g_strcmp0 (message, self->validation_message) != 0)
    {
      g_free (self->validation_message);
      self->validation_message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_MESSAGE]);
    }

  emit_changed_later (self);
}

static gboolean
emit_changed_cb (gpointer data)
{
  EaselSettingsEditor *self = data;

  self->changed_idle = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Many fields change together (loading a setting): the owner hears of it once. */
static void
emit_changed_later (EaselSettingsEditor *self)
{
  if (self->changed_idle == 0)
    self->changed_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_changed_cb, self, NULL);
}

static void
on_seed_changed_cb (EaselSettingsEditor *self)
{
  easel_settings_editor_validate (self);
}

static void
on_random_seed_toggled_cb (EaselSettingsEditor *self)
{
  easel_settings_editor_validate (self);
}

static void
on_extra_changed_cb (EaselSettingsEditor *self)
{
  easel_settings_editor_validate (self);
}

static void
on_value_changed_cb (EaselSettingsEditor *self)
{
  emit_changed_later (self);
}

static void
on_model_selected_cb (EaselSettingsEditor *self)
{
  emit_changed_later (self);
}

/* ---- size and aspect ---------------------------------------------------------------------- */

static int
round_to (double value,
          int    multiple)
{
  return MAX (multiple, (int) (floor (value / multiple + 0.5) * multiple));
}

static void
sync_aspect (EaselSettingsEditor *self)
{
  int w = gtk_spin_button_get_value_as_int (self->width_spin);
  int h = gtk_spin_button_get_value_as_int (self->height_spin);
  guint found = 0;

  for (guint i = 1; i < G_N_ELEMENTS (aspects); i++)
    if (fabs ((double) w / h - (double) aspects[i].w / aspects[i].h) < 0.03)
      {
        found = i;
        break;
      }

  self->updating_aspect = TRUE;
  gtk_drop_down_set_selected (self->aspect_dropdown, found);
  self->updating_aspect = FALSE;
}

static void
on_size_changed_cb (EaselSettingsEditor *self)
{
  if (!self->updating_aspect)
    sync_aspect (self);
  emit_changed_later (self);
}

static void
on_aspect_selected_cb (EaselSettingsEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->aspect_dropdown);
  int w, h, long_side;

  if (self->updating_aspect || selected == 0 || selected >= G_N_ELEMENTS (aspects))
    return;

  /* Keep the long side; the other follows, on a multiple of 8 as every provider accepts. */
  w = gtk_spin_button_get_value_as_int (self->width_spin);
  h = gtk_spin_button_get_value_as_int (self->height_spin);
  long_side = MAX (w, h);
  if (aspects[selected].w >= aspects[selected].h)
    {
      w = long_side;
      h = round_to ((double) long_side * aspects[selected].h / aspects[selected].w, 8);
    }
  else
    {
      h = long_side;
      w = round_to ((double) long_side * aspects[selected].w / aspects[selected].h, 8);
    }

  self->updating_aspect = TRUE;
  gtk_spin_button_set_value (self->width_spin, w);
  gtk_spin_button_set_value (self->height_spin, h);
  self->updating_aspect = FALSE;
  emit_changed_later (self);
}

static void
on_swap_clicked_cb (EaselSettingsEditor *self)
{
  int w = gtk_spin_button_get_value_as_int (self->width_spin);
  int h = gtk_spin_button_get_value_as_int (self->height_spin);

  gtk_spin_button_set_value (self->width_spin, h);
  gtk_spin_button_set_value (self->height_spin, w);
}

/**
 * easel_settings_editor_set_size:
 *
 * Sets the size (a format picked in the prompt area does this).
 */
void
easel_settings_editor_set_size (EaselSettingsEditor *self,
                                int                  width,
                                int                  height)
{
  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  if (width > 0)
    gtk_spin_button_set_value (self->width_spin, width);
  if (height > 0)
    gtk_spin_button_set_value (self->height_spin, height);
}

/* ---- seed ----------------------------------------------------------------------------------- */

static void
on_reuse_seed_clicked_cb (EaselSettingsEditor *self)
{
  g_autofree char *seed = NULL;

  if (!self->has_last_seed)
    return;
  seed = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_seed);
  gtk_toggle_button_set_active (self->random_seed_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed);
}

/**
 * easel_settings_editor_set_last_seed:
 * @has_seed: whether there is a last seed
 * @seed: the seed of the last image made
 *
 * Enables "Reuse the last seed".
 */
void
easel_settings_editor_set_last_seed (EaselSettingsEditor *self,
                                     gboolean             has_seed,
                                     gint64               seed)
{
  g_autofree char *tooltip = NULL;

  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  self->has_last_seed = has_seed;
  self->last_seed = seed;
  gtk_widget_set_sensitive (self->reuse_seed_button, has_seed);
  if (has_seed)
    /* Translators: a button's tooltip; %s is a seed number */
    tooltip = g_strdup_printf (_("Reuse the Last Seed (%" G_GINT64_FORMAT ")"), seed);
  easel_widget_set_tooltip (self->reuse_seed_button,
                            tooltip != NULL ? tooltip : _("Reuse the Last Seed"));
}

/* ---- name lists --------------------------------------------------------------------------- */

/* Position 0 of a name list is always "Provider default", which leaves the field unset. */
static void
set_names (GtkDropDown        *dropdown,
           GtkStringList      *list,
           const char * const *names)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autofree char *selected = NULL;
  guint position = gtk_drop_down_get_selected (dropdown);

  /* Keep the choice when the new list has it. */
  if (position != 0 && position != GTK_INVALID_LIST_POSITION)
    selected = g_strdup (gtk_string_list_get_string (list, position));

  gtk_string_list_splice (list, 1, n_items - 1, names);
  gtk_drop_down_set_selected (dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown),
                            g_list_model_get_n_items (G_LIST_MODEL (list)) > 1);

  if (selected != NULL)
    {
      n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint i = 1; i < n_items; i++)
        if (g_strcmp0 (gtk_string_list_get_string (list, i), selected) == 0)
          gtk_drop_down_set_selected (dropdown, i);
    }
}

static void
select_name (GtkDropDown   *dropdown,
             GtkStringList *list,
             const char    *name)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (name == NULL)
    {
      gtk_drop_down_set_selected (dropdown, 0);
      return;
    }

  for (guint i = 1; i < n_items; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (list, i), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }

  /* A name the providers did not list (from a saved example, say) is kept, not dropped. */
  gtk_string_list_append (list, name);
  gtk_drop_down_set_selected (dropdown, n_items);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), TRUE);
}

static char *
dup_selected_name (GtkDropDown   *dropdown,
                   GtkStringList *list)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return g_strdup (gtk_string_list_get_string (list, selected));
}

/**
 * easel_settings_editor_set_samplers:
 * @self: a #EaselSettingsEditor
 * @samplers: (nullable) (array zero-terminated=1): sampler names the providers accept
 */
void
easel_settings_editor_set_samplers (EaselSettingsEditor *self,
                                    const char * const  *samplers)
{
  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  set_names (self->sampler_dropdown, self->sampler_list, samplers);
}

/**
 * easel_settings_editor_set_schedulers:
 * @self: a #EaselSettingsEditor
 * @schedulers: (nullable) (array zero-terminated=1): scheduler names the providers accept
 */
void
easel_settings_editor_set_schedulers (EaselSettingsEditor *self,
                                      const char * const  *schedulers)
{
  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  set_names (self->scheduler_dropdown, self->scheduler_list, schedulers);
}

/**
 * easel_settings_editor_set_models:
 * @self: a #EaselSettingsEditor
 * @models: (nullable) (array zero-terminated=1): models or checkpoints the providers offer
 */
void
easel_settings_editor_set_models (EaselSettingsEditor *self,
                                  const char * const  *models)
{
  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  set_names (self->model_dropdown, self->model_list, models);
}

/* ---- capabilities ------------------------------------------------------------------------- */

typedef enum
{
  FIELD_STEPS,
  FIELD_GUIDANCE,
  FIELD_SEED,
  FIELD_SAMPLER,
  FIELD_SCHEDULER,
  FIELD_MODEL,
} Field;

static gboolean
supports (const EaselCapabilities *caps,
          Field                    field)
{
  switch (field)
    {
    case FIELD_STEPS: return caps->steps;
    case FIELD_GUIDANCE: return caps->guidance;
    case FIELD_SEED: return caps->seed;
    case FIELD_SAMPLER: return caps->sampler;
    case FIELD_SCHEDULER: return caps->scheduler;
    case FIELD_MODEL: return caps->model_choice;
    default: g_assert_not_reached ();
    }
}

static void
apply_support (gpointer                 row,
               Field                    field,
               GPtrArray               *caps,
               const char * const      *names)
{
  g_autoptr(GStrvBuilder) without = g_strv_builder_new ();
  g_auto(GStrv) names_without = NULL;
  g_autofree char *list = NULL;
  g_autofree char *tooltip = NULL;
  guint n_without = 0;

  for (guint i = 0; caps != NULL && i < caps->len; i++)
    if (!supports (g_ptr_array_index (caps, i), field))
      {
        g_strv_builder_add (without, names[i]);
        n_without++;
      }
  names_without = g_strv_builder_end (without);
  list = g_strjoinv (", ", names_without);

  if (caps == NULL || caps->len == 0)
    {
      gtk_widget_set_sensitive (row, TRUE);
    }
  else if (n_without == caps->len)
    {
      gtk_widget_set_sensitive (row, FALSE);
      /* Translators: a greyed-out setting's tooltip; %s names the providers */
      tooltip = g_strdup_printf (_("Not supported by %s"), list);
    }
  else
    {
      gtk_widget_set_sensitive (row, TRUE);
      if (n_without > 0)
        /* Translators: a setting's tooltip; %s names the providers that ignore it */
        tooltip = g_strdup_printf (_("Ignored by %s"), list);
    }
  easel_widget_set_tooltip (row, tooltip);
}

/**
 * easel_settings_editor_set_capabilities:
 * @caps: (nullable) (element-type EaselCapabilities): what each chosen provider can do
 * @names: (nullable) (array zero-terminated=1): the providers' names, parallel to @caps
 *
 * Fields none of the providers supports become insensitive, with a tooltip naming them; a
 * field some of them ignore says which. With no providers, everything is editable.
 */
void
easel_settings_editor_set_capabilities (EaselSettingsEditor *self,
                                        GPtrArray           *caps,
                                        const char * const  *names)
{
  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));
  g_return_if_fail (caps == NULL || names != NULL);

  apply_support (self->steps_row, FIELD_STEPS, caps, names);
  apply_support (self->guidance_row, FIELD_GUIDANCE, caps, names);
  apply_support (self->seed_row, FIELD_SEED, caps, names);
  apply_support (self->sampler_row, FIELD_SAMPLER, caps, names);
  apply_support (self->scheduler_row, FIELD_SCHEDULER, caps, names);
  apply_support (self->model_row, FIELD_MODEL, caps, names);

  easel_settings_editor_validate (self);
}

/* ---- adjustments ---------------------------------------------------------------------------- */

/**
 * easel_settings_editor_set_adjustments:
 * @titles: (nullable) (array zero-terminated=1): one line per provider ("OpenAI gpt-image-1")
 * @details: (nullable) (array zero-terminated=1): what it changes, parallel to @titles;
 *   "" when it sends the settings as they are
 * @problems: (nullable) (array zero-terminated=1): "1" where the line is a problem rather than
 *   an adjustment, parallel to @titles
 *
 * Fills "Before Generating", or hides it when @titles is empty.
 */
void
easel_settings_editor_set_adjustments (EaselSettingsEditor *self,
                                       const char * const  *titles,
                                       const char * const  *details,
                                       const char * const  *problems)
{
  GtkWidget *child;
  guint n = titles != NULL ? g_strv_length ((char **) titles) : 0;

  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->adjustments_list))) != NULL)
    gtk_list_box_remove (self->adjustments_list, child);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      gboolean problem = problems != NULL && g_strcmp0 (problems[i], "1") == 0;
      gboolean unchanged = details == NULL || details[i] == NULL || *details[i] == '\0';
      GtkWidget *icon;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), titles[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   unchanged ? _("Sent as set") : details[i]);
      icon = gtk_image_new_from_icon_name (problem ? "dialog-warning-symbolic"
                                           : unchanged ? "object-select-symbolic"
                                           : "document-edit-symbolic");
      gtk_widget_add_css_class (icon, problem ? "error" : unchanged ? "success" : "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      problem ? _("Problem") : unchanged ? _("Unchanged")
                                              : _("Adjusted"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "adjustment-row");
      gtk_list_box_append (self->adjustments_list, row);
    }

  gtk_widget_set_visible (self->adjustments_group, n > 0);
}

/* ---- the setting -------------------------------------------------------------------------- */

/**
 * easel_settings_editor_set_setting:
 * @self: a #EaselSettingsEditor
 * @setting: (nullable): the settings to show; %NULL or unset fields show the defaults
 *
 * Loads @setting into the editor. Its prompts are not shown here.
 */
void
easel_settings_editor_set_setting (EaselSettingsEditor     *self,
                                   const EaselImageSetting *setting)
{
  g_autoptr(EaselImageSetting) defaults = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *seed = NULL;

  g_return_if_fail (EASEL_IS_SETTINGS_EDITOR (self));

  if (setting == NULL)
    setting = defaults = easel_image_setting_new ();

  gtk_spin_button_set_value (self->width_spin, setting->width > 0 ? setting->width : DEFAULT_SIZE);
  gtk_spin_button_set_value (self->height_spin,
                             setting->height > 0 ? setting->height : DEFAULT_SIZE);
  gtk_spin_button_set_value (self->count_spin, setting->count > 0 ? setting->count : DEFAULT_COUNT);
  gtk_spin_button_set_value (self->steps_spin, setting->steps > 0 ? setting->steps : DEFAULT_STEPS);
  gtk_spin_button_set_value (self->guidance_spin,
                             setting->has_guidance ? setting->guidance_scale : DEFAULT_GUIDANCE);

  seed = setting->has_seed ? g_strdup_printf ("%" G_GINT64_FORMAT, setting->seed) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed != NULL ? seed : "");
  gtk_toggle_button_set_active (self->random_seed_button, !setting->has_seed);

  select_name (self->model_dropdown, self->model_list, setting->model);
  select_name (self->sampler_dropdown, self->sampler_list, setting->sampler);
  select_name (self->scheduler_dropdown, self->scheduler_list, setting->scheduler);

  if (setting->extra_settings != NULL && json_object_get_size (setting->extra_settings) > 0)
    extra = easel_image_setting_dup_extra_json (setting);
  gtk_text_buffer_set_text (self->extra_buffer, extra != NULL ? extra : "", -1);

  sync_aspect (self);
  easel_settings_editor_validate (self);
}

/**
 * easel_settings_editor_dup_setting:
 * @self: a #EaselSettingsEditor
 * @error: return location for a #GError
 *
 * Reads the editor into a new setting. Fields whose rows are hidden or insensitive stay unset.
 *
 * Returns: (transfer full) (nullable): the setting, or %NULL with @error set when the seed or
 *   the extra settings are not valid
 */
EaselImageSetting *
easel_settings_editor_dup_setting (EaselSettingsEditor  *self,
                                   GError              **error)
{
  g_autoptr(EaselImageSetting) setting = easel_image_setting_new ();
  g_autofree char *extra = NULL;

  g_return_val_if_fail (EASEL_IS_SETTINGS_EDITOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (row_in_use (self->size_row))
    {
      setting->width = gtk_spin_button_get_value_as_int (self->width_spin);
      setting->height = gtk_spin_button_get_value_as_int (self->height_spin);
    }

  if (row_in_use (self->count_row))
    setting->count = gtk_spin_button_get_value_as_int (self->count_spin);

  if (row_in_use (self->seed_row) && !gtk_toggle_button_get_active (self->random_seed_button))
    {
      if (!parse_seed (gtk_editable_get_text (GTK_EDITABLE (self->seed_entry)), &setting->seed,
                       error))
        return NULL;
      setting->has_seed = TRUE;
    }

  if (row_in_use (self->steps_row))
    setting->steps = gtk_spin_button_get_value_as_int (self->steps_spin);

  if (row_in_use (self->guidance_row))
    {
      setting->has_guidance = TRUE;
      setting->guidance_scale = gtk_spin_button_get_value (self->guidance_spin);
    }

  if (row_in_use (self->model_row))
    setting->model = dup_selected_name (self->model_dropdown, self->model_list);

  if (row_in_use (self->sampler_row))
    setting->sampler = dup_selected_name (self->sampler_dropdown, self->sampler_list);

  if (row_in_use (self->scheduler_row))
    setting->scheduler = dup_selected_name (self->scheduler_dropdown, self->scheduler_list);

  extra = dup_extra_text (self);
  if (!easel_image_setting_set_extra_json (setting, extra, error))
    return NULL;

  return g_steal_pointer (&setting);
}

/**
 * easel_settings_editor_get_valid:
 * @self: a #EaselSettingsEditor
 *
 * Returns: whether easel_settings_editor_dup_setting() would succeed
 */
gboolean
easel_settings_editor_get_valid (EaselSettingsEditor *self)
{
  g_return_val_if_fail (EASEL_IS_SETTINGS_EDITOR (self), FALSE);

  return self->valid;
}

/**
 * easel_settings_editor_get_validation_message:
 * @self: a #EaselSettingsEditor
 *
 * Returns: (nullable): why the settings are not valid, or %NULL when they are
 */
const char *
easel_settings_editor_get_validation_message (EaselSettingsEditor *self)
{
  g_return_val_if_fail (EASEL_IS_SETTINGS_EDITOR (self), NULL);

  return self->validation_message;
}

static void
easel_settings_editor_dispose (GObject *object)
{
  EaselSettingsEditor *self = EASEL_SETTINGS_EDITOR (object);

  g_clear_handle_id (&self->changed_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_SETTINGS_EDITOR);

  G_OBJECT_CLASS (easel_settings_editor_parent_class)->dispose (object);
}

static void
easel_settings_editor_finalize (GObject *object)
{
  EaselSettingsEditor *self = EASEL_SETTINGS_EDITOR (object);

  g_free (self->validation_message);

  G_OBJECT_CLASS (easel_settings_editor_parent_class)->finalize (object);
}

static void
easel_settings_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EaselSettingsEditor *self = EASEL_SETTINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, easel_settings_editor_get_valid (self));
      break;

    case PROP_VALIDATION_MESSAGE:
      g_value_set_string (value, self->validation_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_settings_editor_class_init (EaselSettingsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_settings_editor_dispose;
  object_class->finalize = easel_settings_editor_finalize;
  object_class->get_property = easel_settings_editor_get_property;

  /**
   * EaselSettingsEditor:valid:
   *
   * Whether the seed and the extra settings are valid.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselSettingsEditor:validation-message:
   *
   * Why the settings are not valid, or %NULL.
   */
  properties[PROP_VALIDATION_MESSAGE] =
    g_param_spec_string ("validation-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaselSettingsEditor::changed:
   *
   * Some setting changed (once per batch of changes, from an idle).
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-settings-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-settings-editor");
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, size_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, width_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, height_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, aspect_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, aspect_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, aspect_list);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, swap_button);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, count_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, count_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, seed_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, seed_entry);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, random_seed_button);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, reuse_seed_button);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, model_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, model_list);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, steps_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, steps_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, guidance_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, guidance_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, sampler_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, sampler_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, sampler_list);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, scheduler_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, scheduler_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, scheduler_list);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, extra_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, extra_buffer);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, extra_view);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, extra_message);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, adjustments_group);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, adjustments_list);
  gtk_widget_class_bind_template_callback (widget_class, on_seed_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_random_seed_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reuse_seed_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_extra_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_size_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_aspect_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_swap_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_invert);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_string_is_empty);
}

static void
easel_settings_editor_init (EaselSettingsEditor *self)
{
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->model_list, C_("model", "Provider default"));
  gtk_string_list_append (self->sampler_list, C_("sampler", "Provider default"));
  gtk_string_list_append (self->scheduler_list, C_("scheduler", "Provider default"));

  self->updating_aspect = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (aspects); i++)
    gtk_string_list_append (self->aspect_list, _(aspects[i].label));
  self->updating_aspect = FALSE;
  sync_aspect (self);

  /* The first validation sets the messages; nobody is listening yet. */
  easel_settings_editor_validate (self);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
}
