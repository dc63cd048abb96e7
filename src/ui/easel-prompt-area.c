/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "easel-prompt-area"

#include "config.h"

#include <glib/gi18n.h>

#include "easel-closures.h"
#include "easel-prompt-area.h"

/**
 * EaselPromptArea:
 *
 * What to make: the prompt and negative prompt, and the provider, style and format pickers.
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
  AdwActionRow  *provider_row;
  GtkStack      *provider_stack;
  GtkDropDown   *provider_dropdown;
  GtkDropDown   *style_dropdown;
  GtkDropDown   *format_dropdown;

  GListModel    *providers;
  gulong         providers_changed_id;

  /* Each holds two list models: a one-item "None" list, then the owner's styles or formats. */
  GListStore    *style_parts;
  GListStore    *format_parts;
};

G_DEFINE_FINAL_TYPE (EaselPromptArea, easel_prompt_area, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROMPT,
  PROP_NEGATIVE_PROMPT,
  PROP_SELECTED_PROVIDER,
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

static void
easel_prompt_area_update_providers (EaselPromptArea *self)
{
  gboolean any = self->providers != NULL && g_list_model_get_n_items (self->providers) > 0;

  gtk_stack_set_visible_child_name (self->provider_stack, any ? "list" : "none");
  adw_action_row_set_activatable_widget (self->provider_row,
                                         any ? GTK_WIDGET (self->provider_dropdown) : NULL);
}

static void
on_providers_changed_cb (EaselPromptArea *self,
                         guint            position,
                         guint            removed,
                         guint            added,
                         GListModel      *model)
{
  easel_prompt_area_update_providers (self);
}

/**
 * easel_prompt_area_set_providers:
 * @self: a #EaselPromptArea
 * @providers: (nullable): the providers to choose from
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

  if (self->providers == providers)
    return;

  if (self->providers != NULL)
    {
      g_clear_signal_handler (&self->providers_changed_id, self->providers);
      g_clear_object (&self->providers);
    }

  if (providers != NULL)
    {
      self->providers = g_object_ref (providers);
      self->providers_changed_id = g_signal_connect_object (providers, "items-changed",
                                                            G_CALLBACK (on_providers_changed_cb),
                                                            self, G_CONNECT_SWAPPED);
    }

  gtk_drop_down_set_model (self->provider_dropdown, providers);
  easel_prompt_area_update_providers (self);
}

/**
 * easel_prompt_area_get_selected_provider:
 * @self: a #EaselPromptArea
 *
 * Returns: (transfer none) (nullable) (type GObject): the chosen provider, or %NULL
 */
gpointer
easel_prompt_area_get_selected_provider (EaselPromptArea *self)
{
  g_return_val_if_fail (EASEL_IS_PROMPT_AREA (self), NULL);

  return gtk_drop_down_get_selected_item (self->provider_dropdown);
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
on_selected_provider_changed_cb (EaselPromptArea *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PROVIDER]);
}

static void
easel_prompt_area_dispose (GObject *object)
{
  EaselPromptArea *self = EASEL_PROMPT_AREA (object);

  if (self->providers != NULL)
    g_clear_signal_handler (&self->providers_changed_id, self->providers);
  g_clear_object (&self->providers);

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

    case PROP_SELECTED_PROVIDER:
      g_value_set_object (value, easel_prompt_area_get_selected_provider (self));
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
   * EaselPromptArea:selected-provider:
   *
   * The chosen provider, or %NULL when there is none.
   */
  properties[PROP_SELECTED_PROVIDER] =
    g_param_spec_object ("selected-provider", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/easel-prompt-area.ui");
  gtk_widget_class_set_css_name (widget_class, "easel-prompt-area");
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_buffer);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, negative_buffer);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, negative_placeholder);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, provider_row);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, provider_stack);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EaselPromptArea, format_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_prompt_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_negative_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_provider_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_string_is_empty);
  gtk_widget_class_bind_template_callback (widget_class, easel_closures_item_label);
}

static void
easel_prompt_area_init (EaselPromptArea *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->style_parts = setup_choices (self->style_dropdown);
  self->format_parts = setup_choices (self->format_dropdown);
  easel_prompt_area_update_providers (self);
}
