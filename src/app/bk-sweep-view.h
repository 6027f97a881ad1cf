/* bk-sweep-view.h — the Sweep view: the toolbar's strategy over a grid of
 * its parameters (bk-sweep.h, backtrader's optstrategy), every
 * combination in memory mode 1 on worker threads, with one progress bar
 * and one Stop; then a heat map for two parameters, a line for one, a
 * sortable table for more, coloured or ranked by any metric.  A click on
 * a cell, a point or a row asks for that combination in the Run view
 * ("open-combination"), which the window does.  A BkView: the window
 * hands it the toolbar's strategy, its text and the data
 * (bk_view_set_chosen). */
#pragma once

#include <gtk/gtk.h>

#include "bk-job.h"
#include "bk-painter.h"
#include "bk-sweep.h"

G_BEGIN_DECLS

#define BK_TYPE_SWEEP_VIEW (bk_sweep_view_get_type ())
G_DECLARE_FINAL_TYPE (BkSweepView, bk_sweep_view, BK, SWEEP_VIEW, GtkWidget)

/* The most parameters a sweep of the view varies. */
#define BK_SWEEP_VIEW_MAX_AXES 6

/* The parameters varied, as "NAME=SPEC" (the CLI's --param), replacing
 * the rows of the panel; FALSE and an error naming the first bad one. */
gboolean bk_sweep_view_set_axes (BkSweepView *self, const char *const *params, guint n, GError **error);
/* Runs the chosen strategy on the chosen data over the panel's grid;
 * "failed" when the grid or the data is wrong.  Nothing while one runs. */
void bk_sweep_view_run (BkSweepView *self);
void bk_sweep_view_stop (BkSweepView *self);
gboolean bk_sweep_view_is_running (BkSweepView *self);
/* How the last sweep went (also the "state" property): cancelled when it
 * was stopped, its finished combinations on screen. */
BkJobState bk_sweep_view_get_state (BkSweepView *self);
/* The sweep on screen (finished or stopped), or NULL. */
BkSweep *bk_sweep_view_get_sweep (BkSweepView *self);
/* The view's actions, which the window inserts as "view." while the view
 * is on screen: run, stop, add-parameter, open-best. */
GActionGroup *bk_sweep_view_get_actions (BkSweepView *self);

/* The metric that colours the heat map and sorts (bk_sweep_get_metric). */
guint bk_sweep_view_get_metric (BkSweepView *self);
void bk_sweep_view_set_metric (BkSweepView *self, guint metric);
/* The best combination done by the metric (the one marked), or -1. */
gint64 bk_sweep_view_get_best (BkSweepView *self);
/* Asks for combination k in the Run view ("open-combination"). */
void bk_sweep_view_open (BkSweepView *self, guint64 k);

/* The plot of the sweep on screen (a heat map of two parameters, a line
 * of one), drawn at any size as the view draws it: for tests, exports. */
void bk_sweep_view_draw (BkSweepView *self, cairo_t *cr, int width, int height);
/* Where combination k's cell (or point) is in a plot of that size; FALSE
 * when the plot has none. */
gboolean bk_sweep_view_get_cell_rect (BkSweepView *self, guint64 k, int width, int height,
                                      graphene_rect_t *rect);
/* The combination under (x, y) in a plot of that size, or -1. */
gint64 bk_sweep_view_cell_at (BkSweepView *self, int width, int height, double x, double y);
/* The colour scale: t from 0 (the lowest value) to 1 (the highest). */
BkRgb bk_sweep_view_scale_rgb (double t);
/* The colour of the best cell's mark. */
BkRgb bk_sweep_view_mark_rgb (void);
/* What the memory line under the plot says. */
const char *bk_sweep_view_get_memory_text (BkSweepView *self);
/* The plot shown: "empty", "plot" or "table". */
const char *bk_sweep_view_get_page (BkSweepView *self);

G_END_DECLS
