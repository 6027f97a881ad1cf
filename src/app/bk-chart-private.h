/* bk-chart-private.h — what tests and the benchmark need to see of the
 * chart: its panes as laid out by the last bk_chart_draw(), and the view. */
#pragma once

#include "bk-chart.h"

G_BEGIN_DECLS

/* Panes shown, top to bottom: Broker, price, one per own-pane indicator,
 * Trades (only once a trade has closed). */
guint bk_chart_get_n_panes (BkChart *self);
const char *bk_chart_get_pane_title (BkChart *self, guint i);
/* The pane's plot area in the last bk_chart_draw(), in its pixels. */
void bk_chart_get_pane_area (BkChart *self, guint i,
                             double *x, double *y, double *width, double *height);
/* Columns of the broker's value shaded as drawdown in the last draw. */
guint bk_chart_get_n_drawdown_columns (BkChart *self);
/* Reference levels (RSI 70/30...) labelled in the last bk_chart_draw(). */
guint bk_chart_get_n_level_labels (BkChart *self);
/* Dots of dotted overlays (ParabolicSAR), and bar-to-bar stretches of
 * clouds (Ichimoku's), in the last bk_chart_draw(). */
guint bk_chart_get_n_dots_drawn (BkChart *self);
guint bk_chart_get_n_cloud_stretches (BkChart *self);
/* Buy and sell marks drawn in the last bk_chart_draw(). */
guint bk_chart_get_n_marks_drawn (BkChart *self);
/* The time axis's labels in the last bk_chart_draw(), left to right
 * (char*). */
GPtrArray *bk_chart_get_time_labels (BkChart *self);
/* Visible bars [start, end), fractional. */
void bk_chart_get_view (BkChart *self, double *start, double *end);
/* Zooms by `factor` (< 1: in) keeping the bar at `anchor` (0..1 across the
 * plot) where it is; what the wheel and the pinch do. */
void bk_chart_zoom (BkChart *self, double factor, double anchor);
/* Moves the view by `bars` (> 0: later bars). */
void bk_chart_pan (BkChart *self, double bars);

G_END_DECLS
