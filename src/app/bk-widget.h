/* bk-widget.h — what the app's composite widgets share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_dispose_template (widget, type), and then the template's
 * children that have no name, which GTK 4.8 leaves parented: a widget
 * finalized with children left is a warning (fatal in the tests). */
void bk_widget_dispose_template (GtkWidget *widget, GType type);

G_END_DECLS
