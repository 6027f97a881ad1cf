/* bk-compare-view.h — the Compare view: the data and strategy
 * in all four memory modes, one after another on a worker thread, with one
 * progress bar and one Stop; then, side by side, what each mode holds and
 * costs, and whether the four computed the same.  A BkView: the window
 * hands it the toolbar's strategy, data and precision (bk_view_set_chosen;
 * the four modes are its own), which its "run" action compares. */
#pragma once

#include <gtk/gtk.h>

#include "bk-compare.h"
#include "bk-job.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

#define BK_TYPE_COMPARE_VIEW (bk_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (BkCompareView, bk_compare_view, BK, COMPARE_VIEW, GtkWidget)

/* Starts comparing `strategy` (which must outlive the comparison), shown
 * as `strategy_name`, on the CSV file `path`, shown as `data_name`.
 * Nothing when one is running.
 * Errors go out as the "failed" signal (a message naming file:line:column). */
void bk_compare_view_start (BkCompareView *self, BkStrategy *strategy, const char *strategy_name,
                            const char *path, const char *data_name, BkPrecision precision);
/* Compares the chosen (bk_compare_view_start); "failed" when the data has
 * no path. */
void bk_compare_view_run (BkCompareView *self);
void bk_compare_view_stop (BkCompareView *self);
/* Where the modes' runs of the comparison on screen go, for the memory
 * the window shows (the application's list of live runs; NULL: nowhere). */
void bk_compare_view_set_live_runs (BkCompareView *self, GListStore *live_runs);
/* The view's actions, which the window inserts as "view." while the view
 * is on screen: run, stop, export-compare, export-compare-charts. */
GActionGroup *bk_compare_view_get_actions (BkCompareView *self);
/* Writes the table: JSON for *.json (the modes' timelines and memory
 * reports too), else CSV. */
gboolean bk_compare_view_export (BkCompareView *self, const char *path, GError **error);
/* Writes the two charts as NAME-cells.EXT and NAME-timelines.EXT, PNG,
 * SVG or PDF by path's extension. */
gboolean bk_compare_view_export_charts (BkCompareView *self, const char *path, GError **error);
gboolean bk_compare_view_is_running (BkCompareView *self);

/* The last comparison shown (finished or stopped), or NULL. */
const BkCompare *bk_compare_view_get_compare (BkCompareView *self);
/* How the last comparison went (also the "state" property): cancelled
 * when it was stopped. */
BkJobState bk_compare_view_get_state (BkCompareView *self);
/* The index (0..3) of the mode running as the last progress said, -1
 * when none is. */
int bk_compare_view_get_running_mode (BkCompareView *self);
/* The text of the table's cell at `row` (0: the headers; 1..4: the
 * modes) and `column` (0: the mode, 1: cells, 2: line storage, 3:
 * resident growth, ...), or NULL where there is no text. */
const char *bk_compare_view_get_cell (BkCompareView *self, guint row, guint column);
/* What the badge says: identical, or the first difference. */
const char *bk_compare_view_get_badge (BkCompareView *self);

/* The view's two charts (cells per part, log scale, a bar a mode; cells
 * held against bars processed, a line a mode) drawn at any size, as the
 * view draws them: for tests and exports. */
void bk_compare_view_draw_cells (BkCompareView *self, cairo_t *cr, int width, int height);
void bk_compare_view_draw_timelines (BkCompareView *self, cairo_t *cr, int width, int height);

G_END_DECLS
