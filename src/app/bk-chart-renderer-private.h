/* bk-chart-renderer-private.h — the renderer's state, shared by its two
 * halves: bk-chart-renderer.c (the plan's panes, their layout and scale,
 * the columns, the frame) and bk-chart-renderer-panes.c (what each pane
 * draws).  Nothing outside the renderer sees it. */
#pragma once

#include "bk-chart-renderer.h"
#include "bk-chart-spans.h"

G_BEGIN_DECLS

/* A series of the plan, with its aggregates in the last frame. */
typedef struct _Series Series;
struct _Series {
  BkLine *line;
  const char *legend;
  guint color;         /* palette index */
  gboolean dots;       /* a marker per value rather than a line */
  gboolean level;      /* a dashed step a value, to the next bar: an order's price */
  gboolean ring;       /* a ring per value: a short trade */
  const Series *cloud_to; /* the series whose area to this one's is shaded, or NULL */
  BkChartAgg *agg;     /* one per column */
};

/* A pane of the plan, with its layout in the last frame. */
typedef struct {
  const BkPlotPane *plan;
  guint index;         /* in the plan */
  BkPlotPaneKind kind;
  double weight;       /* its share of the height */
  GPtrArray *series;   /* Series* */
  guint n_levels;
  double levels[4];
  gboolean levels_in_scale;
  gboolean candles;    /* its four series are open, high, low, close */
  const Series *drawdown; /* the broker's value, its drawdown shaded, or NULL */
  gboolean shown;
  double top, height;
  double data_top, data_bottom;
  double ymin, ymax;
} Pane;

struct _BkChartRenderer
{
  BkChartModel *model;
  gulong run_changed_id;
  const BkChartLook *look;     /* during a frame */
  BkChartDrawCounts *counts;   /* during a frame, for tests; NULL: none */

  /* The plan, as drawn. */
  BkLine *feed[BK_FEED_N_LINES];
  BkLine *marks[BK_PLOT_N_MARKS];  /* buy, sell, short, cover; NULL: none */
  GPtrArray *panes;            /* Pane* */
  Pane *price;

  /* The view of the last frame, in bars. */
  guint64 n_bars;
  double view_start, view_end;

  /* Aggregates of the last frame. */
  gboolean cache_valid;
  double cache_start, cache_end, cache_left, cache_width;
  guint64 cache_lengths;
  gboolean aggregated;
  double bar_px;
  GArray *columns;             /* BkChartColumn */
  BkChartAgg *feed_agg[BK_FEED_N_LINES];
  BkChartAgg *mark_agg[BK_PLOT_N_MARKS];
  guint agg_capacity;

  /* Plot area of the last frame. */
  double plot_left, plot_width, plot_top, plot_bottom;
};

/* The y of value `v` in the pane's last frame. */
static inline double
pane_y (const Pane *pane, double v)
{
  return pane->data_bottom - (v - pane->ymin) / (pane->ymax - pane->ymin) * (pane->data_bottom - pane->data_top);
}

/* Draws shown pane `pane`, laid out and scaled, but for its time grid. */
void bk_chart_renderer_draw_pane (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, BkChartSpans *spans,
                                  const Pane *pane, const BkPainterColors *colors);

G_END_DECLS
