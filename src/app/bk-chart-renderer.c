/* bk-chart-renderer.c — the chart drawn with cairo (bk-chart-renderer.h):
 * the panes of the model's plot plan laid out by weight, the columns of
 * the view aggregated, each pane scaled to what its columns hold and
 * drawn (bk-chart-renderer-panes.c), and the time axis below. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-chart-renderer-private.h"
#include "bk-chart-time-axis.h"

#define AXIS_WIDTH 64.0
#define TIME_AXIS_HEIGHT 20.0
#define LEFT_MARGIN 6.0
#define TOP_MARGIN 4.0
#define LEGEND_HEIGHT 16.0
#define PANE_GAP 4.0

/* ---------------------------------------------------------------- the plan */

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->agg);
  g_free (series);
}

static void
pane_free (gpointer data)
{
  Pane *pane = data;

  g_ptr_array_unref (pane->series);
  g_free (pane);
}

static Pane *
pane_new (const BkPlotPane *plan, guint index)
{
  Pane *pane = g_new0 (Pane, 1);
  guint n = bk_plot_pane_get_n_series (plan);

  pane->plan = plan;
  pane->index = index;
  pane->kind = bk_plot_pane_get_kind (plan);
  pane->weight = bk_plot_pane_get_weight (plan);
  pane->candles = bk_plot_pane_get_candles (plan);
  pane->levels_in_scale = bk_plot_pane_get_levels_in_scale (plan);
  pane->n_levels = MIN (bk_plot_pane_get_n_levels (plan), G_N_ELEMENTS (pane->levels));
  for (guint l = 0; l < pane->n_levels; l++)
    pane->levels[l] = bk_plot_pane_get_level (plan, l);
  pane->series = g_ptr_array_new_full (n, series_free);
  for (guint i = 0; i < n; i++)
    {
      const BkPlotSeries *from = bk_plot_pane_get_series (plan, i);
      Series *series = g_new0 (Series, 1);

      series->line = bk_plot_series_get_line (from);
      series->legend = bk_plot_series_get_legend (from);
      series->color = bk_plot_series_get_color (from);
      series->dots = bk_plot_series_get_style (from) == BK_PLOT_STYLE_DOTS;
      series->level = bk_plot_series_get_style (from) == BK_PLOT_STYLE_LEVEL;
      series->ring = bk_plot_series_get_style (from) == BK_PLOT_STYLE_RING;
      g_ptr_array_add (pane->series, series);
    }
  for (guint i = 0; i < n; i++)
    {
      gint to = bk_plot_series_get_cloud_to (bk_plot_pane_get_series (plan, i));

      if (to >= 0)
        ((Series *) g_ptr_array_index (pane->series, i))->cloud_to = g_ptr_array_index (pane->series, to);
    }
  if (bk_plot_pane_get_drawdown_series (plan) >= 0)
    pane->drawdown = g_ptr_array_index (pane->series, bk_plot_pane_get_drawdown_series (plan));
  return pane;
}

/* The model shows another run: its plan's panes and series, with room for
 * what each frame aggregates of them. */
static void
on_model_run_changed_cb (BkChartModel *model, BkChartRenderer *self)
{
  const BkPlotPlan *plan = bk_chart_model_get_plan (model);

  memset (self->feed, 0, sizeof self->feed);
  memset (self->marks, 0, sizeof self->marks);
  self->price = NULL;
  self->cache_valid = FALSE;
  g_ptr_array_set_size (self->panes, 0);
  if (plan == NULL)
    return;
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    self->feed[i] = bk_plot_plan_get_feed_line (plan, i);
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    self->marks[m] = bk_plot_plan_get_marks (plan, m);
  for (guint p = 0; p < bk_plot_plan_get_n_panes (plan); p++)
    {
      Pane *pane = pane_new (bk_plot_plan_get_pane (plan, p), p);

      if (pane->kind == BK_PLOT_PANE_PRICE)
        self->price = pane;
      g_ptr_array_add (self->panes, pane);
    }
}

BkChartRenderer *
bk_chart_renderer_new (BkChartModel *model)
{
  BkChartRenderer *self = g_new0 (BkChartRenderer, 1);

  self->model = g_object_ref (model);
  self->panes = g_ptr_array_new_with_free_func (pane_free);
  self->columns = g_array_new (FALSE, FALSE, sizeof (BkChartColumn));
  self->run_changed_id = g_signal_connect (model, "run-changed", G_CALLBACK (on_model_run_changed_cb), self);
  on_model_run_changed_cb (model, self);
  return self;
}

void
bk_chart_renderer_free (BkChartRenderer *self)
{
  if (self == NULL)
    return;
  g_signal_handler_disconnect (self->model, self->run_changed_id);
  g_object_unref (self->model);
  g_ptr_array_unref (self->panes);
  g_array_unref (self->columns);
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    g_free (self->feed_agg[i]);
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    g_free (self->mark_agg[m]);
  g_free (self);
}

static void
renderer_layout (BkChartRenderer *self, int width, int height)
{
  double total_weight = 0;
  guint shown = 0;

  self->plot_left = LEFT_MARGIN;
  self->plot_width = MAX (1.0, floor (width - AXIS_WIDTH - LEFT_MARGIN));
  self->plot_top = TOP_MARGIN;
  self->plot_bottom = MAX (TOP_MARGIN + 1, height - TIME_AXIS_HEIGHT);

  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      pane->shown = bk_chart_model_get_pane_shown (self->model, pane->index);
      if (pane->shown)
        {
          total_weight += pane->weight;
          shown++;
        }
    }
  double available = self->plot_bottom - self->plot_top - PANE_GAP * (shown > 0 ? shown - 1 : 0);
  double y = self->plot_top;
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      if (!pane->shown)
        continue;
      pane->top = y;
      pane->height = MAX (1.0, available * pane->weight / total_weight);
      pane->data_top = pane->top + LEGEND_HEIGHT;
      pane->data_bottom = MAX (pane->data_top + 1, pane->top + pane->height - 3);
      y += pane->height + PANE_GAP;
    }
}

static void
pane_autoscale (BkChartRenderer *self, Pane *pane)
{
  double lo = INFINITY, hi = -INFINITY;
  guint n_cols = self->columns->len;

  if (pane->kind == BK_PLOT_PANE_PRICE)
    for (guint c = 0; c < n_cols; c++)
      {
        double l = self->feed_agg[BK_FEED_LOW][c].min, h = self->feed_agg[BK_FEED_HIGH][c].max;
        if (!isnan (l))
          lo = MIN (lo, l);
        if (!isnan (h))
          hi = MAX (hi, h);
      }
  for (guint s = 0; s < pane->series->len; s++)
    {
      const Series *series = g_ptr_array_index (pane->series, s);

      for (guint c = 0; c < n_cols; c++)
        if (!isnan (series->agg[c].first))
          {
            lo = MIN (lo, series->agg[c].min);
            hi = MAX (hi, series->agg[c].max);
          }
    }
  for (guint l = 0; l < pane->n_levels && pane->kind != BK_PLOT_PANE_TRADES; l++)
    {
      lo = MIN (lo, pane->levels[l]);
      hi = MAX (hi, pane->levels[l]);
    }
  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (hi - lo < 1e-12 * MAX (1.0, fabs (hi)))
    {
      double d = MAX (fabs (hi) * 0.01, 1e-6);
      lo -= d;
      hi += d;
    }
  double pad = (hi - lo) * 0.05;
  pane->ymin = lo - pad;
  pane->ymax = hi + pad;
}

static guint64
renderer_data_stamp (BkChartRenderer *self)
{
  /* A live window's bars are rewritten in place: its generation says so. */
  guint64 stamp = self->n_bars * 31 + bk_chart_model_get_generation (self->model);

  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      for (guint s = 0; s < pane->series->len; s++)
        stamp = stamp * 31 + bk_line_get_published_length (((Series *) g_ptr_array_index (pane->series, s))->line);
    }
  if (self->marks[BK_PLOT_MARK_BUY] != NULL)
    stamp = stamp * 31 + bk_line_get_published_length (self->marks[BK_PLOT_MARK_BUY]);
  if (self->feed[BK_FEED_VOLUME] != NULL)
    stamp = stamp * 31 + bk_line_get_published_length (self->feed[BK_FEED_VOLUME]);
  return stamp;
}

static void
renderer_aggregate (BkChartRenderer *self)
{
  guint64 stamp = renderer_data_stamp (self);

  if (self->cache_valid && self->cache_start == self->view_start && self->cache_end == self->view_end
      && self->cache_left == self->plot_left && self->cache_width == self->plot_width
      && self->cache_lengths == stamp)
    return;

  self->aggregated = bk_chart_model_make_columns (self->model, self->plot_left, self->plot_width, self->columns,
                                                  &self->bar_px);
  guint n_cols = self->columns->len;
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  gboolean grow = n_cols > self->agg_capacity;

  if (grow)
    self->agg_capacity = MAX (n_cols, 64);
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (self->feed[i] != NULL)
      {
        if (grow || self->feed_agg[i] == NULL)
          self->feed_agg[i] = g_renew (BkChartAgg, self->feed_agg[i], self->agg_capacity);
        bk_chart_model_aggregate_columns (self->model, self->feed[i], cols, n_cols, self->aggregated, self->feed_agg[i]);
      }
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    {
      if (self->marks[m] == NULL)
        continue;
      if (grow || self->mark_agg[m] == NULL)
        self->mark_agg[m] = g_renew (BkChartAgg, self->mark_agg[m], self->agg_capacity);
      bk_chart_model_aggregate_columns (self->model, self->marks[m], cols, n_cols, self->aggregated,
                                        self->mark_agg[m]);
    }
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      for (guint s = 0; s < pane->series->len; s++)
        {
          Series *series = g_ptr_array_index (pane->series, s);

          if (grow || series->agg == NULL)
            series->agg = g_renew (BkChartAgg, series->agg, self->agg_capacity);
          bk_chart_model_aggregate_columns (self->model, series->line, cols, n_cols, self->aggregated, series->agg);
        }
    }

  self->cache_valid = TRUE;
  self->cache_start = self->view_start;
  self->cache_end = self->view_end;
  self->cache_left = self->plot_left;
  self->cache_width = self->plot_width;
  self->cache_lengths = stamp;
}

static void
draw_time_axis (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  guint n_cols = self->columns->len;
  g_autofree BkChartGridSpan *grid = g_new (BkChartGridSpan, MAX (self->panes->len, 1));
  guint n_grid = 0;

  for (guint p = 0; p < self->panes->len; p++)
    {
      const Pane *pane = g_ptr_array_index (self->panes, p);

      if (pane->shown)
        grid[n_grid++] = (BkChartGridSpan) { pane->data_top, pane->top + pane->height };
    }

  BkChartTimeAxis axis = {
    .datetime = self->feed[BK_FEED_DATETIME],
    .first_bar = n_cols > 0 ? cols[0].b0 : 0,
    .end_bar = n_cols > 0 ? cols[n_cols - 1].b1 : 0,
    .view_start = self->view_start,
    .bar_px = self->bar_px,
    .plot_left = self->plot_left,
    .plot_width = self->plot_width,
    .plot_bottom = self->plot_bottom,
    .axis_width = AXIS_WIDTH,
    .intraday = bk_plot_plan_has_time (bk_chart_model_get_plan (self->model)),
    .grid = grid,
    .n_grid = n_grid,
  };
  bk_chart_draw_time_axis (cr, layout, colors, &axis, self->counts != NULL ? self->counts->time_labels : NULL);
}

/* The bars of a period shown from the results (a trade, an order), a
 * band behind every pane. */
static void
draw_highlight (BkChartRenderer *self, cairo_t *cr, const BkPainterColors *colors)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  guint64 first, end;
  double x0 = INFINITY, x1 = -INFINITY;
  double half = self->aggregated ? 0.5 : MAX (self->bar_px, 1.0) / 2;

  if (!bk_chart_model_get_highlight (self->model, &first, &end))
    return;
  for (guint c = 0; c < self->columns->len; c++)
    if (cols[c].b1 > first && cols[c].b0 < end)
      {
        x0 = MIN (x0, cols[c].x - half);
        x1 = MAX (x1, cols[c].x + half);
        if (self->counts != NULL)
          self->counts->highlighted_bars += (guint) (MIN (cols[c].b1, end) - MAX (cols[c].b0, first));
      }
  if (x0 > x1)
    return;
  cairo_save (cr);
  bk_painter_set_rgb (cr, bk_painter_palette (colors, 6), colors->dark ? 0.16 : 0.22);
  cairo_rectangle (cr, x0, self->plot_top, x1 - x0, self->plot_bottom - self->plot_top);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* ---------------------------------------------------------------- frame */

void
bk_chart_renderer_draw (BkChartRenderer *self, cairo_t *cr, int width, int height, const BkChartLook *look,
                        BkChartDrawCounts *counts)
{
  BkPainterColors colors;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  self->look = look;
  self->counts = counts;
  self->n_bars = bk_chart_model_get_n_bars (self->model);
  bk_chart_model_get_view (self->model, &self->view_start, &self->view_end);
  if (counts != NULL && counts->time_labels != NULL)
    g_ptr_array_set_size (counts->time_labels, 0);
  bk_painter_colors_init (&colors, &look->fg, look->red_up);
  cairo_save (cr);
  bk_painter_set_rgb (cr, colors.bg, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  PangoLayout *layout = bk_painter_create_layout (cr);

  renderer_layout (self, width, height);
  if (bk_chart_model_get_run (self->model) == NULL || self->price == NULL || self->n_bars == 0
      || width < 40 || height < 40)
    {
      const char *message = bk_chart_model_get_run (self->model) == NULL ? _("No run")
                            : self->price == NULL ? _("Nothing to plot: this run keeps no whole lines")
                            : _("No bars yet");
      bk_painter_set_rgb (cr, colors.fg, 0.55);
      bk_painter_text (cr, layout, message, width / 2.0, height / 2.0, 0.5, 0.5);
      g_object_unref (layout);
      cairo_restore (cr);
      self->look = NULL;
      self->counts = NULL;
      return;
    }

  renderer_aggregate (self);

  draw_highlight (self, cr, &colors);
  BkChartSpans spans;
  bk_chart_spans_init (&spans, cr);
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      if (!pane->shown)
        continue;
      pane_autoscale (self, pane);
      bk_chart_renderer_draw_pane (self, cr, layout, &spans, pane, &colors);
    }

  bk_chart_spans_clear (&spans);
  draw_time_axis (self, cr, layout, &colors);
  g_object_unref (layout);
  cairo_restore (cr);
  self->look = NULL;
  self->counts = NULL;
}

/* ---------------------------------------------------------------- the last frame */

void
bk_chart_renderer_get_plot (BkChartRenderer *self, double *left, double *top, double *width, double *bottom)
{
  *left = self->plot_left;
  *top = self->plot_top;
  *width = self->plot_width;
  *bottom = self->plot_bottom;
}

double
bk_chart_renderer_get_bar_px (BkChartRenderer *self)
{
  return self->bar_px;
}

gboolean
bk_chart_renderer_get_aggregated (BkChartRenderer *self)
{
  return self->aggregated;
}

guint
bk_chart_renderer_get_n_columns (BkChartRenderer *self)
{
  return self->columns->len;
}

/* Panes are counted as the model shows them now, which is how the last
 * frame laid them out unless a pane has appeared since. */
static Pane *
renderer_nth_shown_pane (BkChartRenderer *self, guint i)
{
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      if (bk_chart_model_get_pane_shown (self->model, pane->index) && i-- == 0)
        return pane;
    }
  return NULL;
}

guint
bk_chart_renderer_get_n_panes (BkChartRenderer *self)
{
  guint n = 0;

  for (guint p = 0; p < self->panes->len; p++)
    n += bk_chart_model_get_pane_shown (self->model, ((Pane *) g_ptr_array_index (self->panes, p))->index);
  return n;
}

const char *
bk_chart_renderer_get_pane_title (BkChartRenderer *self, guint i)
{
  Pane *pane = renderer_nth_shown_pane (self, i);

  if (pane == NULL)
    return NULL;
  if (pane->kind == BK_PLOT_PANE_PRICE)
    return "price";
  return bk_plot_pane_get_title (pane->plan);
}

void
bk_chart_renderer_get_pane_area (BkChartRenderer *self, guint i, double *x, double *y, double *width,
                                 double *height)
{
  Pane *pane = renderer_nth_shown_pane (self, i);

  g_return_if_fail (pane != NULL);
  *x = self->plot_left;
  *width = self->plot_width;
  *y = pane->data_top;
  *height = pane->data_bottom - pane->data_top;
}

void
bk_chart_renderer_get_pane_range (BkChartRenderer *self, guint i, double *ymin, double *ymax)
{
  Pane *pane = renderer_nth_shown_pane (self, i);

  g_return_if_fail (pane != NULL);
  *ymin = pane->ymin;
  *ymax = pane->ymax;
}

gint
bk_chart_renderer_get_pane_at (BkChartRenderer *self, double y)
{
  gint shown = 0;

  for (guint p = 0; p < self->panes->len; p++)
    {
      const Pane *pane = g_ptr_array_index (self->panes, p);

      if (!pane->shown)
        continue;
      if (y >= pane->top && y < pane->top + pane->height)
        return shown;
      shown++;
    }
  return -1;
}
