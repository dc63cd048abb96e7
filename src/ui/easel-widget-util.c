/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "easel-widget-util.h"

/**
 * easel_widget_set_tooltip:
 * @text: (nullable): the tooltip, or %NULL (or "") for none
 *
 * Like gtk_widget_set_tooltip_text(), but does nothing when the tooltip does not change.
 * GTK 4.8 asks the display server where the pointer is on every call (a round trip), so a card
 * that refreshes on each progress report must not set its tooltips again each time.
 */
void
easel_widget_set_tooltip (GtkWidget  *widget,
                          const char *text)
{
  const char *current;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  current = gtk_widget_get_tooltip_text (widget);
  if (g_strcmp0 (current, text) == 0)
    return;
  gtk_widget_set_tooltip_text (widget, text);
}
