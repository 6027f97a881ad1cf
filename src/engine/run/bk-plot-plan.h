/* bk-plot-plan.h — what a chart of a run shows, described by the engine.
 *
 * A plot plan lists the panes of a run's chart, top to bottom (the
 * broker's cash and value, the price with its overlays and volume, one pane
 * per indicator drawn apart, the trades' profit and loss), the series each
 * pane draws (which line, in which style, with what legend) and the buy and
 * sell marks over the price.  The engine makes it from the run's graph:
 * the observers are known by their descriptors, the indicators' styles
 * (dots, candles, a cloud between two lines, reference levels) by theirs;
 * a front end only renders it.
 *
 * Only lines kept whole are planned: a run that keeps none (mode 1) has an
 * empty plan.  A strategy that goes short has short and cover marks
 * apart from the buys and sells, and its short trades ringed in the
 * Trades pane; one whose entries wait at a price or carry a stop, target
 * or trail has those prices as levels over the price (dashed steps, each
 * bar's value held to the next bar).  The plan holds a reference to its run; the lines it hands
 * out live as long as the plan. */
#pragma once

#include "bk-run.h"

G_BEGIN_DECLS

typedef struct _BkPlotPlan BkPlotPlan;
typedef struct _BkPlotPane BkPlotPane;
typedef struct _BkPlotSeries BkPlotSeries;

typedef enum {
  BK_PLOT_PANE_BROKER,      /* cash and value; the value's drawdown shaded */
  BK_PLOT_PANE_PRICE,       /* candles, volume, overlays, buy and sell marks */
  BK_PLOT_PANE_INDICATOR,   /* one indicator drawn apart */
  BK_PLOT_PANE_TRADES,      /* closed trades' profit and loss */
} BkPlotPaneKind;

typedef enum {
  BK_PLOT_STYLE_LINE,
  BK_PLOT_STYLE_DOTS,       /* a dot a bar: ParabolicSAR, the trades */
  BK_PLOT_STYLE_LEVEL,      /* a dashed step a bar, to the next: an order's price while it waits */
  BK_PLOT_STYLE_RING,       /* a ring around a dot: a short trade */
} BkPlotStyle;

typedef enum {
  BK_PLOT_MARK_BUY,
  BK_PLOT_MARK_SELL,
  BK_PLOT_MARK_SHORT,       /* a sale that opens a short */
  BK_PLOT_MARK_COVER,       /* a buy that closes a short */
  BK_PLOT_N_MARKS
} BkPlotMark;

BkPlotPlan *bk_plot_plan_new (BkRun *run);
/* The plan a run in `mode` would have, whatever mode `run` keeps its
 * lines in, each line it would draw replaced by what `map` gives for it
 * (asked again for a line asked before, it must give the same; NULL
 * leaves the line out).  What a live window of a mode 1 run draws from
 * copies of its newest values (bk-display-ring.h). */
typedef BkLine *(*BkPlotLineMap) (BkLine *line, gpointer user_data);
BkPlotPlan *bk_plot_plan_new_mapped (BkRun *run, BkMode mode, BkPlotLineMap map, gpointer user_data);
void bk_plot_plan_free (BkPlotPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkPlotPlan, bk_plot_plan_free)

/* A feed line (datetime, open... volume) kept whole, or NULL; without
 * datetime, open, high, low and close the plan has no panes. */
BkLine *bk_plot_plan_get_feed_line (const BkPlotPlan *plan, BkFeedLine line);
/* The fill prices of buys, sells, shorts or covers, NaN on bars without
 * one, or NULL (no short and cover marks for a strategy that never goes
 * short: its sells are all exits). */
BkLine *bk_plot_plan_get_marks (const BkPlotPlan *plan, BkPlotMark mark);
/* What the legend calls a mark, in the reader's language. */
const char *bk_plot_mark_get_legend (BkPlotMark mark);
/* The price data's file (as the run names it), or NULL. */
const char *bk_plot_plan_get_source_name (const BkPlotPlan *plan);
/* TRUE when the bars have a time of day. */
gboolean bk_plot_plan_has_time (const BkPlotPlan *plan);

guint bk_plot_plan_get_n_panes (const BkPlotPlan *plan);
const BkPlotPane *bk_plot_plan_get_pane (const BkPlotPlan *plan, guint i);

BkPlotPaneKind bk_plot_pane_get_kind (const BkPlotPane *pane);
/* The pane's title in the engine's words: an indicator's label or name,
 * the observer's name ("Broker", "Trades"); NULL for the price.  A front
 * end shows the observers' in the reader's language. */
const char *bk_plot_pane_get_title (const BkPlotPane *pane);
/* Its share of the chart's height, relative to the other panes'. */
double bk_plot_pane_get_weight (const BkPlotPane *pane);
/* FALSE: the pane is shown only once one of its series has a value (the
 * trades' pane, once a trade has closed). */
gboolean bk_plot_pane_get_always_shown (const BkPlotPane *pane);
/* TRUE: its first four series are open, high, low and close, drawn as
 * candles (HeikinAshi). */
gboolean bk_plot_pane_get_candles (const BkPlotPane *pane);
/* Dashed reference levels (RSI's 70 and 30, the trades' 0). */
guint bk_plot_pane_get_n_levels (const BkPlotPane *pane);
double bk_plot_pane_get_level (const BkPlotPane *pane, guint i);
/* TRUE when the pane's scale takes the levels in (an indicator's); the
 * trades' 0 only marks where the values are. */
gboolean bk_plot_pane_get_levels_in_scale (const BkPlotPane *pane);
/* The series whose drawdown from its running peak is shaded (the broker's
 * value), or -1. */
gint bk_plot_pane_get_drawdown_series (const BkPlotPane *pane);
guint bk_plot_pane_get_n_series (const BkPlotPane *pane);
const BkPlotSeries *bk_plot_pane_get_series (const BkPlotPane *pane, guint i);

BkLine *bk_plot_series_get_line (const BkPlotSeries *series);
/* What the pane's legend says. */
const char *bk_plot_series_get_legend (const BkPlotSeries *series);
/* What a value readout says: the indicator's name and line. */
const char *bk_plot_series_get_label (const BkPlotSeries *series);
BkPlotStyle bk_plot_series_get_style (const BkPlotSeries *series);
/* An index into the front end's palette. */
guint bk_plot_series_get_color (const BkPlotSeries *series);
/* The series of the same pane the area to which from this one is shaded
 * (Ichimoku's cloud), or -1. */
gint bk_plot_series_get_cloud_to (const BkPlotSeries *series);

G_END_DECLS
