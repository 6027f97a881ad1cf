/* bk-view.c — the interface every view of the window implements. */

#include "config.h"

#include <glib/gi18n.h>

#include "bk-view.h"

G_DEFINE_INTERFACE (BkView, bk_view, GTK_TYPE_WIDGET)

static void
bk_view_default_init (BkViewInterface *iface)
{
  /* How the view's last work went; the views install it as their own
   * property, which GObject checks against this one. */
  g_object_interface_install_property (iface,
                                       g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

GActionGroup *
bk_view_get_actions (BkView *self)
{
  g_return_val_if_fail (BK_IS_VIEW (self), NULL);
  return BK_VIEW_GET_IFACE (self)->get_actions (self);
}

gboolean
bk_view_is_running (BkView *self)
{
  g_return_val_if_fail (BK_IS_VIEW (self), FALSE);
  return BK_VIEW_GET_IFACE (self)->is_running (self);
}

void
bk_view_set_chosen (BkView *self, const BkViewChoice *choice)
{
  g_return_if_fail (BK_IS_VIEW (self));
  if (BK_VIEW_GET_IFACE (self)->set_chosen != NULL)
    BK_VIEW_GET_IFACE (self)->set_chosen (self, choice);
}

gboolean
bk_view_get_data_name (BkView *self, char **name, char **path)
{
  g_return_val_if_fail (BK_IS_VIEW (self), FALSE);
  *name = *path = NULL;
  return BK_VIEW_GET_IFACE (self)->get_data_name != NULL && BK_VIEW_GET_IFACE (self)->get_data_name (self, name, path);
}

BkViewTakes
bk_view_get_takes (BkView *self)
{
  g_return_val_if_fail (BK_IS_VIEW (self), 0);
  return BK_VIEW_GET_IFACE (self)->takes;
}

const char *
bk_view_get_run_label (BkView *self)
{
  g_return_val_if_fail (BK_IS_VIEW (self), NULL);
  return _(BK_VIEW_GET_IFACE (self)->run_label);
}

const char *
bk_view_get_run_tooltip (BkView *self)
{
  g_return_val_if_fail (BK_IS_VIEW (self), NULL);
  return _(BK_VIEW_GET_IFACE (self)->run_tooltip);
}
