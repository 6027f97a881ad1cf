/* bk-run-view.h — the Run view: one data file, one strategy,
 * one mode, run on a worker thread; the chart, and beside it the progress,
 * the memory panel with its live timeline and the results.  A BkView:
 * the window hands it the toolbar's data, strategy, mode and precision
 * (bk_view_set_chosen), which its "run" action runs. */
#pragma once

#include <gtk/gtk.h>

#include "bk-chart.h"
#include "bk-events-list.h"
#include "bk-job.h"
#include "bk-memory-panel.h"
#include "bk-results-panel.h"
#include "bk-parameter-panel.h"
#include "bk-strategy-document.h"
#include "bk-strategy-editor.h"

G_BEGIN_DECLS

#define BK_TYPE_RUN_VIEW (bk_run_view_get_type ())
G_DECLARE_FINAL_TYPE (BkRunView, bk_run_view, BK, RUN_VIEW, GtkWidget)

/* Runs `strategy` (which must outlive the run) on `data` (NULL: the
 * bundled sample).  When a run is going on, it stops and this one starts
 * once it has.  Errors go out as the "failed" signal (a message naming
 * file:line:column); the previous result stays on screen. */
void bk_run_view_start (BkRunView *self, BkStrategy *strategy, GFile *data, BkMode mode, BkPrecision precision);
/* A strategy asked for could not be had: with nothing on screen, the
 * chart's place says so, with `message` (what the banner says), until a
 * run starts. */
void bk_run_view_show_strategy_error (BkRunView *self, const char *message);
/* What the chart's place says of the strategy, or NULL when it is not
 * saying it. */
const char *bk_run_view_get_strategy_error (BkRunView *self);
void bk_run_view_stop (BkRunView *self);
/* Follows a live source until Stop: `address` a file read as it grows
 * (tail -F) or a socket, tcp:HOST:PORT or unix:PATH; `resample` a period
 * ("1min", see bk-resample.h) or NULL or "" for the rows as they come,
 * `replay` to show each bar as it forms (backtrader's replaydata) rather
 * than once whole.  The document's strategy in the chosen mode; in mode 1 the chart shows a
 * live window of the newest bars.  FALSE with `error` when it cannot
 * start; a source that cannot be opened fails the run ("failed"). */
gboolean bk_run_view_follow (BkRunView *self, const char *address, const char *resample, gboolean replay,
                             GError **error);
/* The newest bars a live run's chart keeps in view, and mode 1's live
 * window holds: 500 unless set. */
void bk_run_view_set_live_window (BkRunView *self, guint bars);
guint bk_run_view_get_live_window (BkRunView *self);
BkEventsList *bk_run_view_get_events_list (BkRunView *self);
gboolean bk_run_view_is_running (BkRunView *self);

/* Shows a finished run made elsewhere (the Compare view's), on `data`. */
void bk_run_view_show_run (BkRunView *self, BkRun *run, GFile *data);

/* Gives back what nothing on screen needs (forced: the run shown too),
 * once the run going on has ended. */
void bk_run_view_clean_up (BkRunView *self, gboolean force);

/* The application's list of live runs (BkLiveRun): the memory split
 * counts them besides the view's own runs, and follows it. */
void bk_run_view_set_live_runs (BkRunView *self, GListModel *live_runs);
/* Runs the document's strategy on the chosen data (bk_run_view_start);
 * a text that does not load is refused, its error going out as "failed". */
void bk_run_view_run (BkRunView *self);
/* The strategy file that Run runs: the toolbar's choice loads one (a
 * built-in's, read-only, or the file it was read from). */
BkStrategyDocument *bk_run_view_get_document (BkRunView *self);
void bk_run_view_set_document (BkRunView *self, BkStrategyDocument *document);
BkStrategyEditor *bk_run_view_get_editor (BkRunView *self);
BkParameterPanel *bk_run_view_get_parameter_panel (BkRunView *self);
/* Runs stopped because a newer change asked for another (never shown). */
guint bk_run_view_get_n_superseded (BkRunView *self);
/* The window closes: TRUE when the editor asks about unsaved changes
 * first (it closes the window once answered). */
gboolean bk_run_view_close_request (BkRunView *self);
/* The view's actions, which the window inserts as "view." while the view
 * is on screen: run, stop, reset-view, export-chart, export-report (file
 * dialogs; an export that fails goes out as "failed", the state kept). */
GActionGroup *bk_run_view_get_actions (BkRunView *self);
/* Notes, before the first run anywhere in the window, what the program
 * and its toolkit hold: the memory panel's baseline. */
void bk_run_view_note_baseline (BkRunView *self);

/* The run on screen (finished, stopped, or the one going on), or NULL. */
BkRun *bk_run_view_get_run (BkRunView *self);
/* The run shown once ended, or NULL; and its data (NULL: the sample). */
BkRun *bk_run_view_get_shown (BkRunView *self);
/* The data of what the view shows (the run going on, or the one shown);
 * *shown FALSE when it shows none. */
GFile *bk_run_view_get_data (BkRunView *self, gboolean *shown);
/* How the last run went (also the "state" property): idle before any
 * and after a forced clean-up, cancelled when it was stopped. */
BkJobState bk_run_view_get_state (BkRunView *self);

BkChart *bk_run_view_get_chart (BkRunView *self);
BkMemoryPanel *bk_run_view_get_memory_panel (BkRunView *self);
BkResultsPanel *bk_run_view_get_results_panel (BkRunView *self);
/* "empty", "chart" or "no-plot". */
const char *bk_run_view_get_chart_page (BkRunView *self);
/* The note that the run shown was made with other settings, or NULL. */
const char *bk_run_view_get_stale_note (BkRunView *self);
/* Resident memory now and its split, as the memory panel shows it; and
 * the panel brought up to date with it. */
BkMemorySplit bk_run_view_measure_memory (BkRunView *self);
void bk_run_view_update_memory (BkRunView *self);
/* Resident memory before and after the last clean-up. */
void bk_run_view_get_last_cleanup (BkRunView *self, guint64 *before, guint64 *after);

/* Exports: the chart (PNG, SVG or PDF by the name's extension, .png added
 * to a name without one), the memory report of the run shown (JSON for
 * *.json, else CSV). */
gboolean bk_run_view_export_chart (BkRunView *self, const char *path, GError **error);
gboolean bk_run_view_export_report (BkRunView *self, const char *path, GError **error);

G_END_DECLS
