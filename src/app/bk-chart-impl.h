/* bk-chart-impl.h — what the chart's three parts share: the model (panes,
 * series, summaries: bk-chart-model.c), the drawing (bk-chart.c, with the
 * painter) and the interaction (zoom, pan, crosshair:
 * bk-chart-interaction.c). */
#pragma once

#include "bk-chart.h"
#include "bk-graph.h"
#include "bk-indicator.h"
#include "bk-painter.h"

G_BEGIN_DECLS

typedef BkRgb Rgb;

typedef struct {
  double first, last, min, max, sum;
} Agg;

typedef struct {
  guint64 b0, b1;      /* bars [b0, b1) */
  double x;            /* centre, in pixels */
} Column;

typedef struct {
  BkLine *line;
  char *legend;        /* what the pane's legend says */
  char *label;         /* what the crosshair box says */
  guint color;         /* palette index */
  gboolean dots;       /* a marker per value rather than a line: Trades, ParabolicSAR */
  const void *cloud_to; /* the Series whose area to this one's is shaded, or NULL */
  Agg *agg;            /* one per column */
} Series;

typedef enum {
  PANE_BROKER,
  PANE_PRICE,
  PANE_INDICATOR,
  PANE_TRADES,
} PaneKind;

typedef struct {
  PaneKind kind;
  char *title;
  GPtrArray *series;   /* Series* */
  guint n_levels;
  double levels[4];
  double weight;
  gboolean shown;
  gboolean candles;    /* Indicator: its four series are open, high, low, close */
  const BkLine *drawdown_line;   /* Broker: the value, its drawdown shaded */
  /* Layout of the last draw. */
  double top, height;
  double data_top, data_bottom;
  double ymin, ymax;
} Pane;

struct _BkChart
{
  GtkWidget parent_instance;

  GPtrArray *time_labels;   /* char*, the time axis's labels in the last draw */
  guint n_marks_drawn;      /* buy and sell marks in the last draw */
  guint n_level_labels;     /* reference levels labelled in the last draw */
  guint n_dots_drawn;       /* dots of dotted overlays (ParabolicSAR) in the last draw */
  guint n_cloud_stretches;  /* bar-to-bar stretches of clouds (Ichimoku) in the last draw */
  guint n_drawdown_columns; /* columns of the broker's value shaded as drawdown */
  BkRun *run;
  BkChartStyle style;
  gboolean red_up;

  /* The model. */
  BkLine *feed[BK_FEED_N_LINES];
  BkLine *buy;
  BkLine *sell;
  GPtrArray *panes;    /* Pane* */
  GHashTable *summaries; /* BkLine* → Summary* */
  Pane *price;
  Pane *trades;
  guint64 n_bars;
  guint64 trades_scanned;

  /* The view, in bars; `follow`: the right edge stays on the last bar. */
  double view_start;
  double view_end;
  gboolean view_full;
  gboolean follow;

  /* Aggregates of the last draw. */
  gboolean cache_valid;
  double cache_start, cache_end, cache_left, cache_width;
  guint64 cache_lengths;
  gboolean aggregated;
  double bar_px;
  GArray *columns;     /* Column */
  Agg *feed_agg[BK_FEED_N_LINES];
  Agg *buy_agg;
  Agg *sell_agg;
  guint agg_capacity;

  /* Plot area of the last draw, for the pointer. */
  double plot_left, plot_width, plot_top, plot_bottom;
  int last_width, last_height;

  /* Interaction. */
  gboolean pointer_in;
  double pointer_x, pointer_y;
  double drag_start_view;
  double zoom_start_span;
  double zoom_anchor_bar;
  double zoom_anchor_fraction;

  GdkRGBA fg;

  /* The last frame drawn, without the crosshair: moving the pointer only
   * draws the crosshair over it. */
  cairo_surface_t *frame;
  int frame_width, frame_height, frame_scale;
  guchar *spare;            /* the pixels of a frame GTK has let go of */
  gsize spare_size;
};

#define AXIS_WIDTH 64.0
#define TIME_AXIS_HEIGHT 20.0
#define LEFT_MARGIN 6.0
#define TOP_MARGIN 4.0
#define LEGEND_HEIGHT 16.0
#define PANE_GAP 4.0
#define MIN_VISIBLE_BARS 10.0

typedef BkPainterColors Colors;

#define N_LEVELS 3
#define LEVEL_SHIFT(k) (6 + 3 * (k))
#define CHUNK_VALUES (G_GUINT64_CONSTANT (1) << LEVEL_SHIFT (0))

typedef struct {
  Agg *chunks[N_LEVELS];
  guint64 n_chunks[N_LEVELS];
  guint64 capacity[N_LEVELS];
} Summary;

#define AGG_EMPTY ((Agg) { NAN, NAN, NAN, NAN, 0.0 })

G_GNUC_INTERNAL void aggregate_range (const BkLine *line, const Summary *summary, guint64 b0, guint64 b1, Agg *out);
G_GNUC_INTERNAL void chart_aggregate (BkChart *self);
G_GNUC_INTERNAL void chart_build_model (BkChart *self);
G_GNUC_INTERNAL void chart_clear_model (BkChart *self);
G_GNUC_INTERNAL void chart_draw_crosshair (BkChart *self, cairo_t *cr);
G_GNUC_INTERNAL Summary * chart_get_summary (BkChart *self, const BkLine *line);
G_GNUC_INTERNAL void chart_invalidate (BkChart *self);
G_GNUC_INTERNAL double chart_min_span (BkChart *self);
G_GNUC_INTERNAL void chart_set_view (BkChart *self, double start, double end);
G_GNUC_INTERNAL void chart_update_length (BkChart *self);
G_GNUC_INTERNAL void chart_update_summaries (BkChart *self);
G_GNUC_INTERNAL void format_crosshair_value (char *buf, gsize size, double v);
G_GNUC_INTERNAL void pane_free (gpointer data);
G_GNUC_INTERNAL void summary_free (gpointer data);
G_GNUC_INTERNAL void chart_install_interaction (BkChart *self);

G_END_DECLS
