/* bk-window.h — the main window: choose data, strategy, memory mode and
 * precision in the toolbar; the Run, Compare and Universe views (BkView),
 * each running its own work.  Tests and tools reach the views as its
 * template names them (gtk_widget_get_template_child: "run_view", ...).
 * The window knows its views, not the application: the application knows
 * the window. */
#pragma once

#include <adwaita.h>

#include "bk-graph.h"

G_BEGIN_DECLS

#define BK_TYPE_WINDOW (bk_window_get_type ())
G_DECLARE_FINAL_TYPE (BkWindow, bk_window, BK, WINDOW, AdwApplicationWindow)

BkWindow *bk_window_new (GtkApplication *application);

/* The application's list of live runs (BkLiveRun; NULL: none), which the
 * window hands its views: the Compare view publishes its runs there, the
 * Run view's memory split counts them. */
void bk_window_set_live_runs (BkWindow *self, GListStore *live_runs);

/* Makes a price file (NULL: the bundled sample) the data, without running. */
void bk_window_set_data (BkWindow *self, GFile *file);
/* Opens a price file and runs the current strategy on it at once. */
void bk_window_open_data (BkWindow *self, GFile *file);
/* Opens a price file (NULL: the bundled sample) in the Compare view and
 * compares the four modes on it at once. */
void bk_window_compare_data (BkWindow *self, GFile *file);
/* Shows the Universe view and runs the folder or list file `source`
 * (NULL: the one chosen before; a folder is asked for without one). */
void bk_window_universe (BkWindow *self, const char *source);
/* The Universe view's model file; FALSE and an error banner when it
 * cannot be loaded. */
gboolean bk_window_set_universe_model (BkWindow *self, const char *path);
/* Selects a built-in strategy by id or loads a strategy file; FALSE and an
 * error banner when it cannot. */
gboolean bk_window_select_strategy (BkWindow *self, const char *name_or_path);
void bk_window_set_mode (BkWindow *self, BkMode mode);
BkMode bk_window_get_mode (BkWindow *self);
gboolean bk_window_is_running (BkWindow *self);
/* Shows the view of the stack's page `name`: "run", "compare" or
 * "universe". */
void bk_window_show_view (BkWindow *self, const char *name);
/* Shows the Compare view and compares the current data and strategy in
 * the four modes. */
void bk_window_compare (BkWindow *self);

G_END_DECLS
