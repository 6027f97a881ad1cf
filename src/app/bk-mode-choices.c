/* bk-mode-choices.c — the memory modes as every chooser lists them. */
#include "config.h"

#include <glib/gi18n.h>

#include "bk-mode-choices.h"

static const BkMode mode_order[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

GtkStringList *
bk_mode_choices_new (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (mode_order); i++)
    {
      g_autofree char *label = g_strdup_printf ("%d · %s", (int) mode_order[i], _(bk_mode_label (mode_order[i])));
      gtk_string_list_append (list, label);
    }
  return list;
}

BkMode
bk_mode_choice_get (guint index)
{
  return mode_order[MIN (index, G_N_ELEMENTS (mode_order) - 1)];
}

guint
bk_mode_choice_index (BkMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_order); i++)
    if (mode_order[i] == mode)
      return i;
  return GTK_INVALID_LIST_POSITION;
}
