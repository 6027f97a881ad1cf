/* bk-chart-private.h — what tests and the benchmark need to see of the
 * chart: what a frame drew, its panes as laid out by the last draw, and the
 * view. */
#pragma once

#include "bk-chart.h"

G_BEGIN_DECLS

/* As bk_chart_draw(), counting what it draws into `counts` (zeroed by the
 * caller). */
void bk_chart_draw_counted (BkChart *self, cairo_t *cr, int width, int height, BkChartDrawCounts *counts);
/* Panes shown, top to bottom: Broker, price, one per own-pane indicator,
 * Trades (only once a trade has closed). */
guint bk_chart_get_n_panes (BkChart *self);
const char *bk_chart_get_pane_title (BkChart *self, guint i);
/* The pane's plot area in the last bk_chart_draw(), in its pixels. */
void bk_chart_get_pane_area (BkChart *self, guint i,
                             double *x, double *y, double *width, double *height);
/* Visible bars [start, end), fractional. */
void bk_chart_get_view (BkChart *self, double *start, double *end);
/* Zooms by `factor` (< 1: in) keeping the bar at `anchor` (0..1 across the
 * plot) where it is; what the wheel and the pinch do. */
void bk_chart_zoom (BkChart *self, double factor, double anchor);
/* Moves the view by `bars` (> 0: later bars). */
void bk_chart_pan (BkChart *self, double bars);

G_END_DECLS
