/* bk-widget.h — what the app's composite widgets share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_dispose_template (widget, type), and then the template's
 * children that have no name, which GTK 4.8 leaves parented: a widget
 * finalized with children left is a warning (fatal in the tests). */
void bk_widget_dispose_template (GtkWidget *widget, GType type);

/* The icons of the status pages below `widget` (the large ones of empty
 * views), set when each page is first shown instead of at start: drawn at
 * 128 pixels they come from SVG files, and the first of them loads the
 * SVG library, 6 MiB of resident memory, for pages a run may never show. */
void bk_widget_defer_status_icons (GtkWidget *widget);

G_END_DECLS
