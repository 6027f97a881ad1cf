/* bk-chart-model.h — what the chart shows, apart from how: a run's plot
 * plan (bk-plot-plan.h), which of its panes are shown, the view in bars,
 * and summaries of the plotted lines that a frame of a million bars is
 * aggregated from in a millisecond.
 *
 * Every line is read below its published length, so that a run still
 * executing on a worker thread can be shown; bk_chart_model_refresh()
 * looks again.  "changed" is emitted whenever what a frame shows changes:
 * the run, new bars, the view; "run-changed" before it when the run (and
 * so the plan) is another. */
#pragma once

#include <glib-object.h>
#include <math.h>

#include "bk-display-ring.h"
#include "bk-plot-plan.h"

G_BEGIN_DECLS

/* The values of a run of bars: the first and last that are not NaN, the
 * lowest, the highest and their sum; NaN (and 0) when there are none. */
typedef struct {
  double first, last, min, max, sum;
} BkChartAgg;

#define BK_CHART_AGG_EMPTY ((BkChartAgg) { NAN, NAN, NAN, NAN, 0.0 })

#define BK_TYPE_CHART_MODEL (bk_chart_model_get_type ())
G_DECLARE_FINAL_TYPE (BkChartModel, bk_chart_model, BK, CHART_MODEL, GObject)

BkChartModel *bk_chart_model_new (void);

/* Shows `run` (a reference is taken) from its first bar to its last, or
 * nothing when NULL. */
void bk_chart_model_set_run (BkChartModel *self, BkRun *run);
BkRun *bk_chart_model_get_run (BkChartModel *self);
/* Shows the bars of a live window (a mode 1 run's display ring, a
 * reference taken): its plan over its lines, which each refresh brings up
 * to what the run published. */
void bk_chart_model_set_display_ring (BkChartModel *self, BkDisplayRing *ring);
BkDisplayRing *bk_chart_model_get_display_ring (BkChartModel *self);
/* A live run's chart: the newest `bars` (0: all) stay in view as bars
 * come, until the view is moved, zoomed or reset. */
void bk_chart_model_set_live_span (BkChartModel *self, guint bars);
/* Raised whenever values already shown may have changed (a ring's). */
guint64 bk_chart_model_get_generation (BkChartModel *self);
/* The run's plot plan, NULL without a run. */
const BkPlotPlan *bk_chart_model_get_plan (BkChartModel *self);
/* Whether pane `i` of the plan is shown: a pane the plan does not always
 * show appears once one of its series has a value. */
gboolean bk_chart_model_get_pane_shown (BkChartModel *self, guint i);
/* New bars have been published: look again. */
void bk_chart_model_refresh (BkChartModel *self);

/* Bars every price line has published. */
guint64 bk_chart_model_get_n_bars (BkChartModel *self);

/* The visible bars [start, end), fractional; `full`: all of them, as the
 * run grows.  A view that ends on the last bar follows new bars. */
void bk_chart_model_get_view (BkChartModel *self, double *start, double *end);
gboolean bk_chart_model_get_view_full (BkChartModel *self);
void bk_chart_model_set_view (BkChartModel *self, double start, double end);
/* The fewest bars a view shows. */
double bk_chart_model_get_min_span (BkChartModel *self);
/* Zooms by `factor` (< 1: in) keeping the bar at `anchor` (0..1 across the
 * view) where it is. */
void bk_chart_model_zoom (BkChartModel *self, double factor, double anchor);
/* Moves the view by `bars` (> 0: later bars). */
void bk_chart_model_pan (BkChartModel *self, double bars);
void bk_chart_model_reset_view (BkChartModel *self);
/* The bars from `from` to `to` (datetimes) with as many again around,
 * those bars highlighted until another period or run is shown. */
void bk_chart_model_show_period (BkChartModel *self, double from, double to);
/* The highlighted bars [first, end), or FALSE when none are. */
gboolean bk_chart_model_get_highlight (BkChartModel *self, guint64 *first, guint64 *end);

/* Folds bars [b0, b1) of `line` into `out`; `summarised`: from the largest
 * summarised chunks that fit (brought up to date first), reading values
 * one by one only at the ragged ends. */
void bk_chart_model_aggregate (BkChartModel *self, const BkLine *line, guint64 b0, guint64 b1,
                               gboolean summarised, BkChartAgg *out);
/* A pixel column of a frame: a run of bars, and its centre in pixels. */
typedef struct {
  guint64 b0, b1;
  double x;
} BkChartColumn;

/* Splits the view over `width` pixels from `left` into `columns`
 * (BkChartColumn): a bar a column when bars are a pixel wide or more
 * (*bar_px receives their width), else contiguous runs of bars, one a
 * pixel (TRUE).  Columns of four chunks or more have their edges on chunk
 * boundaries: at most an eighth of a pixel, and no value is read one by
 * one. */
gboolean bk_chart_model_make_columns (BkChartModel *self, double left, double width, GArray *columns,
                                      double *bar_px);
/* One aggregate of `line` per column, into out[0..n_columns). */
void bk_chart_model_aggregate_columns (BkChartModel *self, const BkLine *line, const BkChartColumn *columns,
                                       guint n_columns, gboolean summarised, BkChartAgg *out);

/* The first bar in [lo, hi) of `datetime` whose time is >= t, or hi. */
guint64 bk_chart_bar_at_time (const BkLine *datetime, double t, guint64 lo, guint64 hi);

G_END_DECLS
