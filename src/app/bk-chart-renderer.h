/* bk-chart-renderer.h — draws a chart model with cairo, at any size, on
 * any surface: the widget's frames, PNG, SVG and PDF exports and the
 * benchmark all go through bk_chart_renderer_draw().
 *
 * When more bars are visible than there are pixel columns, each column is
 * drawn from the first, last, lowest and highest value of its bars, so
 * that the cost of a frame does not grow with the bars; those aggregates
 * are kept until the view, the size or the data change.  The renderer
 * keeps the layout of its last frame, which the crosshair and the pointer
 * are placed by. */
#pragma once

#include "bk-chart-model.h"
#include "bk-painter.h"

G_BEGIN_DECLS

typedef enum {
  BK_CHART_CANDLES,
  BK_CHART_BARS,
} BkChartStyle;

/* How the chart looks: the price drawn as candles or bars, the foreground
 * colour, and TRUE for red up as on Chinese markets (green up is the
 * Western convention). */
typedef struct {
  BkChartStyle style;
  gboolean red_up;
  GdkRGBA fg;
} BkChartLook;

/* What one frame drew, for tests that cannot see the pixels: buy, sell,
 * short and cover marks (all, and of each kind), labelled reference
 * levels, dots of dotted overlays, dashed segments of orders' levels,
 * rings of short trades, bar-to-bar stretches of clouds, columns of the
 * broker's value shaded as drawdown, highlighted bars, and the time axis's
 * labels (char*, left to right; filled when not NULL). */
typedef struct {
  guint marks;
  guint marks_of[BK_PLOT_N_MARKS];
  guint order_levels;
  guint rings;
  guint highlighted_bars;
  guint level_labels;
  guint dots;
  guint cloud_stretches;
  guint drawdown_columns;
  GPtrArray *time_labels;
} BkChartDrawCounts;

typedef struct _BkChartRenderer BkChartRenderer;

BkChartRenderer *bk_chart_renderer_new (BkChartModel *model);
void bk_chart_renderer_free (BkChartRenderer *self);

/* Draws the model's view into a `width` × `height` area of `cr`; `counts`
 * (tests only, else NULL) receives what was drawn. */
void bk_chart_renderer_draw (BkChartRenderer *self, cairo_t *cr, int width, int height,
                             const BkChartLook *look, BkChartDrawCounts *counts);

/* The layout of the last frame. */
void bk_chart_renderer_get_plot (BkChartRenderer *self, double *left, double *top, double *width,
                                 double *bottom);
/* Pixels a bar, and whether columns stand for several bars each. */
double bk_chart_renderer_get_bar_px (BkChartRenderer *self);
gboolean bk_chart_renderer_get_aggregated (BkChartRenderer *self);
guint bk_chart_renderer_get_n_columns (BkChartRenderer *self);
/* Panes shown, top to bottom. */
guint bk_chart_renderer_get_n_panes (BkChartRenderer *self);
/* "price" for the price pane; the plan's title for the others. */
const char *bk_chart_renderer_get_pane_title (BkChartRenderer *self, guint i);
/* Shown pane `i`'s plot area, and the values at its top and bottom. */
void bk_chart_renderer_get_pane_area (BkChartRenderer *self, guint i, double *x, double *y, double *width,
                                      double *height);
void bk_chart_renderer_get_pane_range (BkChartRenderer *self, guint i, double *ymin, double *ymax);
/* The shown pane at `y` (legend and gap included), or -1. */
gint bk_chart_renderer_get_pane_at (BkChartRenderer *self, double y);

/* A value as the crosshair shows it. */
void bk_chart_format_value (char *buf, gsize size, double v);

G_END_DECLS
