/* bk-view.h — what the window knows of a view: every page of its stack
 * (the Run, Compare and Universe views) is a BkView, and the window treats
 * them all alike through it — the actions it carries as "view.", the
 * toolbar's choices it hands down, the Run button's words, the data named
 * in the title.
 *
 * A view also has a "state" property (BkJobState: how its last work went,
 * notified as it changes) and a "failed" signal (void (BkView *, const
 * char *message)), which the window shows in its banner. */
#pragma once

#include <gtk/gtk.h>

#include "bk-graph.h"
#include "bk-job.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

#define BK_TYPE_VIEW (bk_view_get_type ())
G_DECLARE_INTERFACE (BkView, bk_view, BK, VIEW, GtkWidget)

/* What of the toolbar a view runs with; the window shows only that. */
typedef enum {
  BK_VIEW_TAKES_DATA = 1 << 0,  /* the data, the strategy and the precision */
  BK_VIEW_TAKES_MODE = 1 << 1,  /* the memory mode */
} BkViewTakes;

/* What the toolbar chose. */
typedef struct {
  GFile *data;                /* NULL: the bundled sample */
  BkStrategy *strategy;       /* NULL: none (one that could not be loaded) */
  const char *strategy_name;  /* as the toolbar shows it */
  const char *strategy_path;  /* the file it was read from; NULL: a built-in */
  BkMode mode;
  BkPrecision precision;
} BkViewChoice;

struct _BkViewInterface {
  GTypeInterface parent_iface;

  /* Set once, in the view's interface init: what of the toolbar it takes,
   * and what the window's Run button says while it is on screen (marked
   * with N_(); the window translates them). */
  BkViewTakes takes;
  const char *run_label;
  const char *run_tooltip;

  /* Its actions (run and stop at least), which the window inserts as
   * "view." while the view is on screen. */
  GActionGroup *(*get_actions) (BkView *self);
  /* Its work is going on (or ending after a stop). */
  gboolean (*is_running) (BkView *self);
  /* Optional: what the toolbar chose now, for the view's next run. */
  void (*set_chosen) (BkView *self, const BkViewChoice *choice);
  /* Optional: the name of the data the view shows and its path (NULL when
   * it has none), newly allocated; FALSE when it shows none. */
  gboolean (*get_data_name) (BkView *self, char **name, char **path);
};

GActionGroup *bk_view_get_actions (BkView *self);
gboolean bk_view_is_running (BkView *self);
void bk_view_set_chosen (BkView *self, const BkViewChoice *choice);
gboolean bk_view_get_data_name (BkView *self, char **name, char **path);
BkViewTakes bk_view_get_takes (BkView *self);
/* The Run button's label and tooltip, translated. */
const char *bk_view_get_run_label (BkView *self);
const char *bk_view_get_run_tooltip (BkView *self);

G_END_DECLS
