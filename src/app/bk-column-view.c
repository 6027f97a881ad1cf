/* bk-column-view.c — header tooltips for GtkColumnView. */

#include "config.h"

#include "bk-column-view.h"

void
bk_column_view_set_header_tooltips (GtkColumnView *view, const char *const *tooltips, guint n)
{
  /* The title widgets are the header row's children, in the columns'
   * order; the header row is the view's first child. */
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (view));
  guint i = 0;

  for (GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL; title != NULL && i < n;
       title = gtk_widget_get_next_sibling (title))
    gtk_widget_set_tooltip_text (title, tooltips[i++]);
}
