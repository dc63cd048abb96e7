/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-settings-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-error.h"
#include "easel-image-setting.h"
#include "easel-settings-editor.h"

#define DEFAULT_SIZE     1024
#define DEFAULT_STEPS    30
#define DEFAULT_GUIDANCE 7.0
#define DEFAULT_COUNT    1

/**
 * EaselSettingsEditor:
 *
 * The structured settings of the next run: size, number of images, seed and, behind
 * "Advanced", steps, guidance, sampler, scheduler and provider-specific extra settings.
 *
 * It edits an #EaselImageSetting: easel_settings_editor_set_setting() loads one and
 * easel_settings_editor_dup_setting() reads it back. A row that is hidden or insensitive (a
 * field the chosen providers do not support) leaves its field unset. Samplers and schedulers
 * come from the providers; until then their pickers offer only "Provider default".
 */
struct _EaselSettingsEditor
{
  AdwBin          parent_instance;

  GtkWidget      *size_row;
  GtkSpinButton  *width_spin;
  GtkSpinButton  *height_spin;
  GtkWidget      *count_row;
  GtkSpinButton  *count_spin;
  GtkWidget      *seed_row;
  GtkEntry       *seed_entry;
  GtkToggleButton *random_seed_button;
  GtkWidget      *steps_row;
  GtkSpinButton  *steps_spin;
  GtkWidget      *guidance_row;
  GtkSpinButton  *guidance_spin;
  GtkWidget      *sampler_row;
  GtkDropDown    *sampler_dropdown;
  GtkStringList  *sampler_list;
  GtkWidget      *scheduler_row;
  GtkDropDown    *scheduler_dropdown;
  GtkStringList  *scheduler_list;
  AdwEntryRow    *extra_row;

  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (EaselSettingsEditor, easel_settings_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_settings_editor_new (void)
{
  return g_object_new (EASEL_TYPE_SETTINGS_EDITOR, NULL);
}

static gboolean
row_in_use (GtkWidget *row)
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

static gboolean
seed_is_valid (EaselSettingsEditor *self)
{
  gint64 seed;

  if (gtk_toggle_button_get_active (self->random_seed_button))
    return TRUE;

  return parse_seed (gtk_editable_get_text (GTK_EDITABLE (self->seed_entry)), &seed, NULL);
}

static gboolean
extra_is_valid (EaselSettingsEditor *self)
{
  g_autoptr(EaselImageSetting) scratch = easel_image_setting_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->extra_row));

  return easel_image_setting_set_extra_json (scratch, text, NULL);
}

static void
set_error_style (GtkWidget *widget,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
easel_settings_editor_validate (EaselSettingsEditor *self)
{
  gboolean seed_ok = seed_is_valid (self);
  gboolean extra_ok = extra_is_valid (self);
  gboolean valid = seed_ok && extra_ok;

  set_error_style (GTK_WIDGET (self->seed_entry), !seed_ok);
  set_error_style (GTK_WIDGET (self->extra_row), !extra_ok);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
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

/* Position 0 of a name list is always "Provider default", which leaves the field unset. */
static void
set_names (GtkDropDown        *dropdown,
           GtkStringList      *list,
           const char * const *names)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));

  gtk_string_list_splice (list, 1, n_items - 1, names);
  gtk_drop_down_set_selected (dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown),
                            g_list_model_get_n_items (G_LIST_MODEL (list)) > 1);
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
 * easel_settings_editor_set_setting:
 * @self: a #EaselSettingsEditor
 * @setting: (nullable): the settings to show; %NULL or unset fields show the defaults
 *
 * Loads @setting into the editor. Its prompts and model are not shown here.
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

  select_name (self->sampler_dropdown, self->sampler_list, setting->sampler);
  select_name (self->scheduler_dropdown, self->scheduler_list, setting->scheduler);

  if (setting->extra_settings != NULL && json_object_get_size (setting->extra_settings) > 0)
    extra = easel_image_setting_dup_extra_json (setting);
  gtk_editable_set_text (GTK_EDITABLE (self->extra_row), extra != NULL ? extra : "");

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

  if (row_in_use (self->sampler_row))
    setting->sampler = dup_selected_name (self->sampler_dropdown, self->sampler_list);

  if (row_in_use (self->scheduler_row))
    setting->scheduler = dup_selected_name (self->scheduler_dropdown, self->scheduler_list);

  if (!easel_image_setting_set_extra_json (setting,
                                           gtk_editable_get_text (GTK_EDITABLE (self->extra_row)),
                                           error))
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

static void
easel_settings_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EASEL_TYPE_SETTINGS_EDITOR);

  G_OBJECT_CLASS (easel_settings_editor_parent_class)->dispose (object);
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
  object_class->get_property = easel_settings_editor_get_property;

  /**
   * EaselSettingsEditor:valid:
   *
   * Whether the seed and the extra settings are valid.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-settings-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-settings-editor");
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, size_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, width_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, height_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, count_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, count_spin);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, seed_row);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, seed_entry);
  gtk_widget_class_bind_template_child (widget_class, EaselSettingsEditor, random_seed_button);
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
  gtk_widget_class_bind_template_callback (widget_class, on_seed_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_random_seed_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_extra_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_invert);
}

static void
easel_settings_editor_init (EaselSettingsEditor *self)
{
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->sampler_list, C_("sampler", "Provider default"));
  gtk_string_list_append (self->scheduler_list, C_("scheduler", "Provider default"));
}
