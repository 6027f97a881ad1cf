/* bk-chart-time-axis.h — the time axis under the chart's panes, with a
 * faint grid line through each pane at every labelled tick. */
#pragma once

#include "bk-chart-model.h"
#include "bk-painter.h"

G_BEGIN_DECLS

typedef struct {
  double top, bottom;
} BkChartGridSpan;

typedef struct {
  const BkLine *datetime;
  guint64 first_bar, end_bar;      /* the bars shown, [first, end) */
  double view_start;               /* the view's first bar, fractional */
  double bar_px;                   /* pixels a bar */
  double plot_left, plot_width, plot_bottom;
  double axis_width;               /* the value axis right of the plot */
  gboolean intraday;               /* ticks within a day are allowed */
  const BkChartGridSpan *grid;     /* where each shown pane has grid lines */
  guint n_grid;
} BkChartTimeAxis;

/* Draws the ticks and their labels below `axis->plot_bottom`; `labels`
 * (char*, may be NULL) receives the labels drawn, left to right. */
void bk_chart_draw_time_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors,
                              const BkChartTimeAxis *axis, GPtrArray *labels);

G_END_DECLS
