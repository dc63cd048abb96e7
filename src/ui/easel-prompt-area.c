/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-prompt-area"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-prompt-area.h"
#include "easel-preset-item.h"
#include "easel-provider-picker.h"

/**
 * EaselPromptArea:
 *
 * What to make: the prompt and negative prompt, the providers (#EaselProviderPicker: one, or
 * several to compare), and the style and format pickers.
 *
 * The pickers show list models their owner sets. A provider list that is unset or empty shows
 * "No providers"; style and format pickers always offer "None" first and stay insensitive until
 * there is something else to pick. Items are labelled with easel_closures_item_label(): the
 * string of a #GtkStringObject, otherwise the item's "name" property.
 */
struct _EaselPromptArea
{
  AdwBin         parent_instance;

  GtkTextView   *prompt_view;
  GtkTextBuffer *prompt_buffer;
  GtkWidget     *prompt_placeholder;
  GtkTextBuffer *negative_buffer;
  GtkWidget     *negative_placeholder;
  EaselProviderPicker *provider_picker;
  GtkDropDown   *style_dropdown;
  GtkDropDown   *format_dropdown;

  /* Each holds two list models: a one-item "None" list, then the owner's styles or formats. */
  GListStore    *style_parts;
  GListStore    *format_parts;
};

G_DEFINE_FINAL_TYPE (EaselPromptArea, easel_prompt_area, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROMPT,
  PROP_NEGATIVE_PROMPT,
  PROP_N_PROVIDERS,
  PROP_STYLE_NAME,
  PROP_FORMAT_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
easel_prompt_area_new (void)
{
  return g_object_new (EASEL_TYPE_PROMPT_AREA, NULL);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextBuffer *buffer,
                 const char    *text)
{
  g_autofree char *old = dup_buffer_text (buffer);

  if (g_strcmp0 (old, text != NULL ? text : "") != 0)
    gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
}

/**
 * easel_prompt_area_dup_prompt:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer full): the prompt as typed, never %NULL
 */
char *
easel_prompt_area_dup_prompt (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return dup_buffer_text (self->prompt_buffer);
}

/**
 * easel_prompt_area_set_prompt:
 * @self: a #EaselPromptArea
 * @prompt: (nullable): the new prompt; %NULL clears it
 */
void
easel_prompt_area_set_prompt (EaselPromptArea *self,
                              const char      *prompt)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));

  set_buffer_text (self->prompt_buffer, prompt);
}

/**
 * easel_prompt_area_dup_negative_prompt:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer full): the negative prompt as typed, never %NULL
 */
char *
easel_prompt_area_dup_negative_prompt (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return dup_buffer_text (self->negative_buffer);
}

/**
 * easel_prompt_area_set_negative_prompt:
 * @self: a #EaselPromptArea
 * @negative_prompt: (nullable): the new negative prompt; %NULL clears it
 */
void
easel_prompt_area_set_negative_prompt (EaselPromptArea *self,
                                       const char      *negative_prompt)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));

  set_buffer_text (self->negative_buffer, negative_prompt);
}

/**
 * easel_prompt_area_focus_prompt:
 * @self: a #EaselPromptArea
 *
 * Moves the keyboard focus to the prompt, with the whole prompt selected so typing replaces it.
 */
void
easel_prompt_area_focus_prompt (EaselPromptArea *self)
{
  GtkTextIter start, end;

  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));

  gtk_text_buffer_get_bounds (self->prompt_buffer, &start, &end);
  gtk_text_buffer_select_range (self->prompt_buffer, &start, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

/**
 * easel_prompt_area_set_providers:
 * @self: a #EaselPromptArea
 * @providers: (nullable): the providers to choose from, #EaselProviderItem
 *
 * Sets what the provider picker offers. While @providers is %NULL or empty, the picker says
 * "No providers".
 */
void
easel_prompt_area_set_providers (EaselPromptArea *self,
                                 GListModel      *providers)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));
  g_return_if_fail (providers == NULL || G_IS_LIST_MODEL (providers));

  easel_provider_picker_set_model (self->provider_picker, providers);
}

/**
 * easel_prompt_area_get_provider_picker:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer none): the provider picker
 */
EaselProviderPicker *
easel_prompt_area_get_provider_picker (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return self->provider_picker;
}

/**
 * easel_prompt_area_dup_selected_providers:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer full): the names of the chosen providers (maybe none)
 */
GStrv
easel_prompt_area_dup_selected_providers (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return easel_provider_picker_dup_selected_names (self->provider_picker);
}

/**
 * easel_prompt_area_get_n_providers:
 * @self: a #EaselPromptArea
 *
 * Returns: how many providers are chosen
 */
guint
easel_prompt_area_get_n_providers (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), 0);

  return easel_provider_picker_get_n_selected (self->provider_picker);
}

static void
set_choices (GListStore *parts,
             GListModel *items)
{
  guint n_parts = g_list_model_get_n_items (G_LIST_MODEL (parts));

  g_list_store_splice (parts, 1, n_parts - 1, (gpointer *) &items, items != NULL ? 1 : 0);
}

static gpointer
get_choice (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* Position 0 is "None". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_drop_down_get_selected_item (dropdown);
}

/**
 * easel_prompt_area_set_styles:
 * @self: a #EaselPromptArea
 * @styles: (nullable): the styles to choose from, after "None"
 */
void
easel_prompt_area_set_styles (EaselPromptArea *self,
                              GListModel      *styles)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));
  g_return_if_fail (styles == NULL || G_IS_LIST_MODEL (styles));

  set_choices (self->style_parts, styles);
}

/**
 * easel_prompt_area_get_selected_style:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer none) (nullable) (type GObject): the chosen style, or %NULL for "None"
 */
gpointer
easel_prompt_area_get_selected_style (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return get_choice (self->style_dropdown);
}

/**
 * easel_prompt_area_set_formats:
 * @self: a #EaselPromptArea
 * @formats: (nullable): the formats to choose from, after "None"
 */
void
easel_prompt_area_set_formats (EaselPromptArea *self,
                               GListModel      *formats)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));
  g_return_if_fail (formats == NULL || G_IS_LIST_MODEL (formats));

  set_choices (self->format_parts, formats);
}

/**
 * easel_prompt_area_get_selected_format:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer none) (nullable) (type GObject): the chosen format, or %NULL for "None"
 */
gpointer
easel_prompt_area_get_selected_format (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return get_choice (self->format_dropdown);
}

static const char *
choice_name (GtkDropDown *dropdown)
{
  gpointer item = get_choice (dropdown);

  if (item == NULL)
    return NULL;
  if (EASEL_IS_PRESET_ITEM (item))
    return easel_preset_item_get_name (item);
  if (GTK_IS_STRING_OBJECT (item))
    return gtk_string_object_get_string (item);
  return NULL;
}

static void
select_choice (GtkDropDown *dropdown,
               const char  *name)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (model);

  if (name != NULL)
    {
      for (guint i = 1; i < n; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, i);
          const char *item_name = EASEL_IS_PRESET_ITEM (item)
                                  ? easel_preset_item_get_name (EASEL_PRESET_ITEM (item))
                                  : GTK_IS_STRING_OBJECT (item)
                                  ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                  : NULL;

          if (g_strcmp0 (item_name, name) == 0)
            {
              gtk_drop_down_set_selected (dropdown, i);
              return;
            }
        }
    }
  /* Unknown or none: "None". */
  gtk_drop_down_set_selected (dropdown, 0);
}

/**
 * easel_prompt_area_get_style_name:
 *
 * Returns: (nullable): the chosen style's name, or %NULL for "None"
 */
const char *
easel_prompt_area_get_style_name (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);
  return choice_name (self->style_dropdown);
}

/**
 * easel_prompt_area_set_style_name:
 * @name: (nullable): a style's name; %NULL or an unknown name chooses "None"
 */
void
easel_prompt_area_set_style_name (EaselPromptArea *self,
                                  const char      *name)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));
  select_choice (self->style_dropdown, name);
}

/**
 * easel_prompt_area_get_format_name:
 *
 * Returns: (nullable): the chosen format's name, or %NULL for "None"
 */
const char *
easel_prompt_area_get_format_name (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);
  return choice_name (self->format_dropdown);
}

/**
 * easel_prompt_area_set_format_name:
 * @name: (nullable): a format's name; %NULL or an unknown name chooses "None"
 */
void
easel_prompt_area_set_format_name (EaselPromptArea *self,
                                   const char      *name)
{
  g_return_if_fail (EASEL_IS_PROMPT_AREA (self));
  select_choice (self->format_dropdown, name);
}

static void
on_style_selected_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE_NAME]);
}

static void
on_format_selected_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT_NAME]);
}

static void
on_choices_changed_cb (GtkDropDown *dropdown,
                       guint        position,
                       guint        removed,
                       guint        added,
                       GListModel  *choices)
{
  /* Only "None": nothing to pick yet. */
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), g_list_model_get_n_items (choices) > 1);
}

static GListStore *
setup_choices (GtkDropDown *dropdown)
{
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) none = gtk_string_list_new (NULL);
  GListModel *choices;

  gtk_string_list_append (none, C_("style or format", "None"));
  g_list_store_append (parts, none);

  choices = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (parts))));
  g_signal_connect_object (choices, "items-changed", G_CALLBACK (on_choices_changed_cb), dropdown,
                           G_CONNECT_SWAPPED);
  gtk_drop_down_set_model (dropdown, choices);
  g_object_unref (choices);

  return g_steal_pointer (&parts);
}

static void
on_prompt_text_changed_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

static void
on_negative_text_changed_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEGATIVE_PROMPT]);
}

static void
on_providers_changed_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROVIDERS]);
}

static void
easel_prompt_area_dispose (GObject *object)
{
  EaselPromptArea *self = EASEL_PROMPT_AREA (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EASEL_TYPE_PROMPT_AREA);

  g_clear_object (&self->style_parts);
  g_clear_object (&self->format_parts);

  G_OBJECT_CLASS (easel_prompt_area_parent_class)->dispose (object);
}

static void
easel_prompt_area_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EaselPromptArea *self = EASEL_PROMPT_AREA (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      g_value_take_string (value, easel_prompt_area_dup_prompt (self));
      break;

    case PROP_NEGATIVE_PROMPT:
      g_value_take_string (value, easel_prompt_area_dup_negative_prompt (self));
      break;

    case PROP_N_PROVIDERS:
      g_value_set_uint (value, easel_prompt_area_get_n_providers (self));
      break;

    case PROP_STYLE_NAME:
      g_value_set_string (value, easel_prompt_area_get_style_name (self));
      break;

    case PROP_FORMAT_NAME:
      g_value_set_string (value, easel_prompt_area_get_format_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_prompt_area_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EaselPromptArea *self = EASEL_PROMPT_AREA (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      easel_prompt_area_set_prompt (self, g_value_get_string (value));
      break;

    case PROP_NEGATIVE_PROMPT:
      easel_prompt_area_set_negative_prompt (self, g_value_get_string (value));
      break;

    case PROP_STYLE_NAME:
      easel_prompt_area_set_style_name (self, g_value_get_string (value));
      break;

    case PROP_FORMAT_NAME:
      easel_prompt_area_set_format_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
easel_prompt_area_class_init (EaselPromptAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = easel_prompt_area_dispose;
  object_class->get_property = easel_prompt_area_get_property;
  object_class->set_property = easel_prompt_area_set_property;

  /**
   * EaselPromptArea:prompt:
   *
   * The prompt, as typed.
   */
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselPromptArea:negative-prompt:
   *
   * The negative prompt, as typed.
   */
  properties[PROP_NEGATIVE_PROMPT] =
    g_param_spec_string ("negative-prompt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselPromptArea:n-providers:
   *
   * How many providers are chosen; notified whenever the choice changes.
   */
  properties[PROP_N_PROVIDERS] =
    g_param_spec_uint ("n-providers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselPromptArea:style-name:
   *
   * The chosen style's name, or %NULL for "None".
   */
  properties[PROP_STYLE_NAME] =
    g_param_spec_string ("style-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EaselPromptArea:format-name:
   *
   * The chosen format's name, or %NULL for "None".
   */
  properties[PROP_FORMAT_NAME] =
    g_param_spec_string ("format-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EASEL_TYPE_PROVIDER_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-prompt-area.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-prompt-area");
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_buffer);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, negative_buffer);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, negative_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, provider_picker);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, format_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_negative_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_providers_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_style_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_string_is_empty);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_item_label);
}

static void
easel_prompt_area_init (EaselPromptArea *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->style_parts = setup_choices (self->style_dropdown);
  self->format_parts = setup_choices (self->format_dropdown);
}
