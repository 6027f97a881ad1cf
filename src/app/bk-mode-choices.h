/* bk-mode-choices.h — the memory modes as every chooser lists them: the
 * toolbar's, the Universe view's and the Preferences'. */
#pragma once

#include <gtk/gtk.h>

#include "bk-graph.h"

G_BEGIN_DECLS

/* The memory modes in the order every chooser lists them (0, 1, -1, -2),
 * labelled "0 · Keep everything" and so on. */
GtkStringList *bk_mode_choices_new (void);
BkMode bk_mode_choice_get (guint index);
/* GTK_INVALID_LIST_POSITION for a value that is no mode. */
guint bk_mode_choice_index (BkMode mode);

G_END_DECLS
