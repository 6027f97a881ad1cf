/* bk-column-view.h — what the window's tables (GtkColumnView) need that
 * GTK does not give them. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tooltips on the column headers, in the columns' order: GtkColumnView
 * has none for them (GTK 4.8 to 4.16). */
void bk_column_view_set_header_tooltips (GtkColumnView *view, const char *const *tooltips, guint n);

G_END_DECLS
