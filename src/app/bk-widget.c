/* bk-widget.c — what the app's composite widgets share. */
#include "config.h"

#include <adwaita.h>

#include "bk-widget.h"

void
bk_widget_dispose_template (GtkWidget *widget, GType type)
{
  gtk_widget_dispose_template (widget, type);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (widget)) != NULL;)
    gtk_widget_unparent (child);
}

static void
on_status_page_map_cb (GtkWidget *page, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (page, on_status_page_map_cb, user_data);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), g_object_get_data (G_OBJECT (page), "bk-icon-name"));
}

void
bk_widget_defer_status_icons (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget) && adw_status_page_get_icon_name (ADW_STATUS_PAGE (widget)) != NULL
      && !gtk_widget_get_mapped (widget))
    {
      g_object_set_data_full (G_OBJECT (widget), "bk-icon-name",
                              g_strdup (adw_status_page_get_icon_name (ADW_STATUS_PAGE (widget))), g_free);
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (widget), NULL);
      g_signal_connect (widget, "map", G_CALLBACK (on_status_page_map_cb), NULL);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    bk_widget_defer_status_icons (child);
}
