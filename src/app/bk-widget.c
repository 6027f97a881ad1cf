/* bk-widget.c — what the app's composite widgets share. */
#include "config.h"

#include "bk-widget.h"

void
bk_widget_dispose_template (GtkWidget *widget, GType type)
{
  gtk_widget_dispose_template (widget, type);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (widget)) != NULL;)
    gtk_widget_unparent (child);
}
