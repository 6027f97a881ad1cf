/* bk-chart-renderer-panes.c — one pane of the chart drawn (the renderer's
 * part in bk-chart-renderer.c lays them out and scales them): the price
 * under its volume and overlays with the orders' levels and the buy,
 * sell, short and cover marks, an
 * indicator's lines, dots or candles, the reference levels, the broker's
 * drawdown, the value axis and the legend. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-chart-renderer-private.h"

static void
draw_series_spans (BkChartRenderer *self, BkChartSpans *sp, const Pane *pane, const Series *series, double line_width)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  double s = sp->scale, half = line_width * s / 2;
  gboolean pen = FALSE;
  double px = 0, py = 0;

  sp->n_ext = MAX (0, sp->clip_x1 - sp->clip_x0);
  sp->lo = g_renew (double, sp->lo, MAX (sp->n_ext, 1));
  sp->hi = g_renew (double, sp->hi, MAX (sp->n_ext, 1));
  for (int i = 0; i < sp->n_ext; i++)
    {
      sp->lo[i] = INFINITY;
      sp->hi[i] = -INFINITY;
    }
  for (guint c = 0; c < self->columns->len; c++)
    {
      const BkChartAgg *a = &series->agg[c];

      if (isnan (a->first))
        {
          pen = FALSE;
          continue;
        }
      double x = cols[c].x * s;
      double first = pane_y (pane, a->first) * s;
      if (pen)
        bk_chart_spans_extent_segment (sp, px, py, x, first);
      bk_chart_spans_extent_add (sp, x, pane_y (pane, a->max) * s, pane_y (pane, a->min) * s);
      bk_chart_spans_extent_add (sp, x, first, first);
      pen = TRUE;
      px = x;
      py = pane_y (pane, a->last) * s;
    }
  for (int i = 0; i < sp->n_ext; i++)
    if (sp->lo[i] <= sp->hi[i])
      bk_chart_spans_column (sp, sp->clip_x0 + i, sp->lo[i] - half, sp->hi[i] + half);
}

static void
draw_series_line (BkChartRenderer *self, BkChartSpans *sp, const Pane *pane, const Series *series, BkRgb color)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  cairo_t *cr = sp->cr;
  gboolean pen = FALSE;

  if (sp->image != NULL)
    {
      bk_chart_spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height, color, 1.0);
      draw_series_spans (self, sp, pane, series, 1.3);
      bk_chart_spans_end (sp);
      return;
    }

  /* Vector targets: a stroke through every column's values. */
  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  bk_painter_set_rgb (cr, color, 1.0);
  cairo_set_line_width (cr, 1.3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path (cr);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const BkChartAgg *a = &series->agg[c];

      if (isnan (a->first))
        {
          pen = FALSE;
          continue;
        }
      double x = cols[c].x;
      if (pen)
        cairo_line_to (cr, x, pane_y (pane, a->first));
      else
        cairo_move_to (cr, x, pane_y (pane, a->first));
      pen = TRUE;
      if (a->min != a->max)
        {
          cairo_line_to (cr, x, pane_y (pane, a->min));
          cairo_line_to (cr, x, pane_y (pane, a->max));
          cairo_line_to (cr, x, pane_y (pane, a->last));
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A circle a value (the one furthest from 0 of a column), as a path. */
static guint
series_circles (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const Series *series, double radius)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  guint n = 0;

  cairo_new_path (cr);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const BkChartAgg *a = &series->agg[c];

      if (isnan (a->first))
        continue;
      double v = fabs (a->max) > fabs (a->min) ? a->max : a->min;
      cairo_new_sub_path (cr);
      cairo_arc (cr, cols[c].x, pane_y (pane, v), radius, 0, 2 * G_PI);
      n++;
    }
  return n;
}

static guint
draw_series_dots (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const Series *series, double radius)
{
  guint n = series_circles (self, cr, pane, series, radius);

  cairo_fill (cr);
  return n;
}

/* An order's price a bar, held to the next bar (the one it is tried on):
 * dashed steps, one a run of columns at the same level. */
static guint
draw_series_level (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const Series *series, BkRgb color)
{
  static const double dash[] = { 5.0, 3.0 };
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  double step = self->aggregated ? 1.0 : MAX (self->bar_px, 1.0);
  guint n = 0;

  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.5);
  bk_painter_set_rgb (cr, color, 0.95);
  cairo_new_path (cr);
  for (guint c = 0; c < self->columns->len;)
    {
      double v = series->agg[c].last;

      if (isnan (v))
        {
          c++;
          continue;
        }
      guint e = c + 1;
      while (e < self->columns->len && series->agg[e].last == v)
        e++;
      double y = round (pane_y (pane, v)) + 0.5;
      cairo_move_to (cr, cols[c].x, y);
      cairo_line_to (cr, cols[e - 1].x + step, y);
      n++;
      c = e;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  return n;
}

/* A ring around each value: the short trades among the Trades' dots. */
static guint
draw_series_rings (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const Series *series, BkRgb color)
{
  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  guint n = series_circles (self, cr, pane, series, 5.5);
  cairo_set_line_width (cr, 1.6);
  bk_painter_set_rgb (cr, color, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);
  return n;
}

/* A mark's triangle at (x, y), `s` its half width: pointing up for buys
 * and covers, down for sells and shorts. */
static void
mark_path (cairo_t *cr, BkPlotMark mark, double x, double y, double s)
{
  gboolean up = mark == BK_PLOT_MARK_BUY || mark == BK_PLOT_MARK_COVER;
  double d = up ? 1.0 : -1.0;

  cairo_move_to (cr, x, y - d * s);
  cairo_line_to (cr, x + s, y + d * s * 0.8);
  cairo_line_to (cr, x - s, y + d * s * 0.8);
  cairo_close_path (cr);
}

/* Buys green, sells red (the up and down colours); a short's triangle
 * purple, a cover's purple and hollow. */
static void
mark_paint (cairo_t *cr, BkPlotMark mark, const BkPainterColors *colors)
{
  if (mark == BK_PLOT_MARK_COVER)
    {
      bk_painter_set_rgb (cr, colors->bg, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 2.0);
      bk_painter_set_rgb (cr, bk_painter_palette (colors, 2), 1.0);
      cairo_stroke (cr);
      return;
    }
  bk_painter_set_rgb (cr, mark == BK_PLOT_MARK_BUY ? colors->up
                          : mark == BK_PLOT_MARK_SELL ? colors->down : bk_painter_palette (colors, 2), 1.0);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors->fg, 0.8);
  cairo_stroke (cr);
}

/* Candles or bars of four columns' aggregates, one run of spans per
 * colour: the prices, or an indicator's (HeikinAshi). */
static void
draw_candles (BkChartRenderer *self, BkChartSpans *sp, const Pane *pane, const BkPainterColors *colors, const BkChartAgg *o, const BkChartAgg *h,
              const BkChartAgg *l, const BkChartAgg *c)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  guint n_cols = self->columns->len;
  double body = self->aggregated ? 1.0 : MAX (1.0, floor (self->bar_px * 0.7));

  for (int up = 0; up < 2; up++)
    {
      bk_chart_spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height,
                   up ? colors->up : colors->down, 1.0);
      for (guint i = 0; i < n_cols; i++)
        {
          if (isnan (o[i].first) || isnan (c[i].last) || isnan (h[i].max) || isnan (l[i].min))
            continue;
          if ((c[i].last >= o[i].first) != up)
            continue;
          double yo = pane_y (pane, o[i].first), yc = pane_y (pane, c[i].last);
          double yh = pane_y (pane, h[i].max), yl = pane_y (pane, l[i].min);
          double x = floor (cols[i].x);

          bk_chart_spans_box (sp, x, yh, yl, 1.0);
          if (self->aggregated)
            continue;
          if (self->look->style == BK_CHART_CANDLES)
            bk_chart_spans_box (sp, round (cols[i].x - body / 2), MIN (yo, yc), MAX (yo, yc), body);
          else
            {
              double tick = MAX (1.0, floor (self->bar_px * 0.35));
              bk_chart_spans_box (sp, x - tick, floor (yo), floor (yo) + 1.0, tick);
              bk_chart_spans_box (sp, x + 1.0, floor (yc), floor (yc) + 1.0, tick);
            }
        }
      bk_chart_spans_end (sp);
    }
}

/* A cloud between two series, bar to bar: each stretch in the rising
 * colour where the first is above, the falling one where below. */
static void
draw_cloud (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const Series *a, const Series *b, const BkPainterColors *colors)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;

  for (int above = 0; above < 2; above++)
    {
      bk_painter_set_rgb (cr, above ? colors->up : colors->down, colors->dark ? 0.22 : 0.16);
      cairo_new_path (cr);
      for (guint c = 1; c < self->columns->len; c++)
        {
          const BkChartAgg *a0 = &a->agg[c - 1], *a1 = &a->agg[c], *b0 = &b->agg[c - 1], *b1 = &b->agg[c];

          if (isnan (a0->last) || isnan (a1->last) || isnan (b0->last) || isnan (b1->last)
              || ((a0->last + a1->last > b0->last + b1->last) != above))
            continue;
          cairo_move_to (cr, cols[c - 1].x, pane_y (pane, a0->last));
          cairo_line_to (cr, cols[c].x, pane_y (pane, a1->last));
          cairo_line_to (cr, cols[c].x, pane_y (pane, b1->last));
          cairo_line_to (cr, cols[c - 1].x, pane_y (pane, b0->last));
          cairo_close_path (cr);
          if (self->counts != NULL)
            self->counts->cloud_stretches++;
        }
      cairo_fill (cr);
    }
}

static void
draw_price (BkChartRenderer *self, BkChartSpans *sp, const Pane *pane, const BkPainterColors *colors)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  guint n_cols = self->columns->len;
  const BkChartAgg *o = self->feed_agg[BK_FEED_OPEN], *h = self->feed_agg[BK_FEED_HIGH];
  const BkChartAgg *l = self->feed_agg[BK_FEED_LOW], *c = self->feed_agg[BK_FEED_CLOSE];
  double body = self->aggregated ? 1.0 : MAX (1.0, floor (self->bar_px * 0.7));
  cairo_t *cr = sp->cr;

  /* Clouds behind everything. */
  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  for (guint s = 0; s < pane->series->len; s++)
    {
      const Series *series = g_ptr_array_index (pane->series, s);

      if (series->cloud_to != NULL)
        draw_cloud (self, cr, pane, series, series->cloud_to, colors);
    }
  cairo_restore (cr);

  /* Volume: light bars in the bottom fifth. */
  if (self->feed[BK_FEED_VOLUME] != NULL)
    {
      const BkChartAgg *v = self->feed_agg[BK_FEED_VOLUME];
      double vmax = 0;
      double vol_h = (pane->data_bottom - pane->data_top) * 0.2;

      for (guint i = 0; i < n_cols; i++)
        if (!isnan (v[i].first))
          vmax = MAX (vmax, v[i].sum);
      for (int up = 0; up < 2 && vmax > 0; up++)
        {
          bk_chart_spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height,
                       up ? colors->up : colors->down, colors->dark ? 0.30 : 0.22);
          for (guint i = 0; i < n_cols; i++)
            {
              if (isnan (v[i].first) || isnan (o[i].first) || isnan (c[i].last)
                  || (c[i].last >= o[i].first) != up)
                continue;
              double bh = v[i].sum / vmax * vol_h;
              bk_chart_spans_box (sp, self->aggregated ? cols[i].x - 0.5 : round (cols[i].x - body / 2),
                       pane->data_bottom - bh, pane->data_bottom, body);
            }
          bk_chart_spans_end (sp);
        }
    }

  draw_candles (self, sp, pane, colors, o, h, l, c);

  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  /* Overlays: lines, or a dot a bar (smaller as the bars narrow). */
  for (guint s = 0; s < pane->series->len; s++)
    {
      const Series *series = g_ptr_array_index (pane->series, s);
      BkRgb color = bk_painter_palette (colors, series->color);

      if (series->dots)
        {
          bk_painter_set_rgb (cr, color, 1.0);
          guint dots = draw_series_dots (self, cr, pane, series, CLAMP (self->bar_px * 0.3, 1.2, 2.5));
          if (self->counts != NULL)
            self->counts->dots += dots;
        }
      else if (series->level)
        {
          guint segments = draw_series_level (self, cr, pane, series, color);
          if (self->counts != NULL)
            self->counts->order_levels += segments;
        }
      else
        draw_series_line (self, sp, pane, series, color);
    }

  /* Marks: triangles at the fill price, at most one of a kind every two
   * widths of a triangle, so that a full view of hundreds of trades does
   * not pile them up. */
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    {
      const BkChartAgg *marks = self->mark_agg[m];
      /* A reversal is a cover and a buy, or a sale and a short, at one
       * price: the buy is moved below its cover, the sale above its short. */
      BkPlotMark partner = m == BK_PLOT_MARK_BUY ? BK_PLOT_MARK_COVER : BK_PLOT_MARK_SHORT;
      const BkChartAgg *partners = m <= BK_PLOT_MARK_SELL && self->marks[partner] != NULL
                                   ? self->mark_agg[partner] : NULL;
      double last_x = -INFINITY;

      if (self->marks[m] == NULL)
        continue;
      cairo_new_path (cr);
      for (guint i = 0; i < n_cols; i++)
        {
          if (isnan (marks[i].first))
            continue;
          double x = cols[i].x, y = pane_y (pane, marks[i].first), s = 5.0;
          if (partners != NULL && !isnan (partners[i].first))
            y += m == BK_PLOT_MARK_BUY ? 2.2 * s : -2.2 * s;
          if (x - last_x < 4 * s)
            continue;
          last_x = x;
          if (self->counts != NULL)
            {
              self->counts->marks++;
              self->counts->marks_of[m]++;
            }
          mark_path (cr, m, x, y, s);
        }
      mark_paint (cr, m, colors);
    }
  cairo_restore (cr);
}

static void
draw_y_axis (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const BkPainterColors *colors)
{
  const BkPlotArea area = {
    self->plot_left, self->plot_width, pane->top, pane->height, pane->data_top, pane->data_bottom,
    pane->ymin, pane->ymax, FALSE,
  };

  bk_painter_y_axis (cr, layout, colors, &area);
}

static void
draw_levels (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const BkPainterColors *colors)
{
  static const double dash[] = { 4.0, 3.0 };

  if (pane->n_levels == 0)
    return;
  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors->fg, 0.45);
  for (guint l = 0; l < pane->n_levels; l++)
    {
      double y = round (pane_y (pane, pane->levels[l])) + 0.5;
      cairo_move_to (cr, self->plot_left, y);
      cairo_line_to (cr, self->plot_left + self->plot_width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The broker's value below its running peak, shaded: the drawdown, from
 * the highest value so far (before the view too, from the summaries) down
 * to the value at each column's end. */
static void
draw_drawdown (BkChartRenderer *self, cairo_t *cr, const Pane *pane, const BkPainterColors *colors)
{
  const BkChartColumn *cols = (const BkChartColumn *) (gpointer) self->columns->data;
  const Series *value = pane->drawdown;

  if (value == NULL || value->agg == NULL || self->columns->len == 0)
    return;

  BkChartAgg before = BK_CHART_AGG_EMPTY;
  bk_chart_model_aggregate (self->model, value->line, 0, cols[0].b0, TRUE, &before);
  double peak = before.max;
  double half = MAX (self->bar_px, 1.0) / 2;

  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  bk_painter_set_rgb (cr, colors->down, 0.25);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const BkChartAgg *a = &value->agg[c];

      if (isnan (a->first))
        continue;
      peak = isnan (peak) ? a->max : MAX (peak, a->max);
      if (a->last < peak)
        {
          double top = pane_y (pane, peak), bottom = pane_y (pane, a->last);
          cairo_rectangle (cr, cols[c].x - half, top, 2 * half, bottom - top);
          if (self->counts != NULL)
            self->counts->drawdown_columns++;
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Each level's value at the right end of its line, over the series on a
 * patch of background (RSI's 70 and 30, CCI's 100 and -100), where the y
 * axis may have no tick for it. */
static void
draw_level_labels (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const BkPainterColors *colors)
{
  for (guint l = 0; l < pane->n_levels; l++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double y = round (pane_y (pane, pane->levels[l])) + 0.5;

      if (y < pane->data_top || y > pane->data_bottom)
        continue;
      g_ascii_formatd (buf, sizeof buf, "%g", pane->levels[l]);
      double w = bk_painter_text_width (layout, buf);
      double x = self->plot_left + self->plot_width - w - 6;
      bk_painter_set_rgb (cr, colors->bg, 0.85);
      cairo_rectangle (cr, x - 2, y - 8, w + 4, 16);
      cairo_fill (cr);
      bk_painter_set_rgb (cr, colors->fg, 0.7);
      bk_painter_text (cr, layout, buf, x, y, 0, 0.5);
      if (self->counts != NULL)
        self->counts->level_labels++;
    }
}

static void
draw_legend (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const BkPainterColors *colors)
{
  double x = self->plot_left + 4;
  double y = pane->top + 1;
  const char *title = bk_plot_pane_get_title (pane->plan);
  const char *source = bk_plot_plan_get_source_name (bk_chart_model_get_plan (self->model));
  g_autofree char *base = source != NULL ? g_path_get_basename (source) : NULL;

  /* The price pane is named after its file, without the folders; the
   * observers' panes in the reader's language. */
  if (pane->kind == BK_PLOT_PANE_PRICE)
    title = base != NULL ? base : _("Price");
  else if (pane->kind == BK_PLOT_PANE_BROKER)
    title = C_("chart pane", "Broker");
  else if (pane->kind == BK_PLOT_PANE_TRADES)
    title = C_("chart pane", "Trades");
  if (pane->kind == BK_PLOT_PANE_INDICATOR && (pane->series->len == 1 || pane->candles))
    {
      bk_painter_legend (cr, layout, colors, x, y, title, 0, NULL, NULL, NULL);
      return;
    }

  g_autofree const char **names = g_new (const char *, pane->series->len);
  g_autofree BkRgb *rgbs = g_new (BkRgb, pane->series->len);
  g_autofree gboolean *dots = g_new (gboolean, pane->series->len);
  guint n = 0;
  for (guint s = 0; s < pane->series->len; s++)
    {
      const Series *series = g_ptr_array_index (pane->series, s);

      /* An order's level the run never had (a trail's target) is not
       * named. */
      if (series->level)
        {
          BkChartAgg all = BK_CHART_AGG_EMPTY;
          bk_chart_model_aggregate (self->model, series->line, 0, self->n_bars, TRUE, &all);
          if (isnan (all.first))
            continue;
        }
      names[n] = series->legend;
      rgbs[n] = bk_painter_palette (colors, series->color);
      dots[n] = series->dots || series->ring;
      n++;
    }
  x = bk_painter_legend (cr, layout, colors, x, y, title, n, names, rgbs, dots);

  /* A strategy that goes short: its four marks told apart. */
  if (pane->kind != BK_PLOT_PANE_PRICE || self->marks[BK_PLOT_MARK_SHORT] == NULL)
    return;
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    {
      cairo_new_path (cr);
      mark_path (cr, m, x + 5, y + 7, 4.0);
      mark_paint (cr, m, colors);
      bk_painter_set_rgb (cr, colors->fg, 0.8);
      x += bk_painter_text (cr, layout, bk_plot_mark_get_legend (m), x + 12, y, 0, 0) + 22;
    }
}

void
bk_chart_renderer_draw_pane (BkChartRenderer *self, cairo_t *cr, PangoLayout *layout, BkChartSpans *spans,
                             const Pane *pane, const BkPainterColors *colors)
{
  draw_y_axis (self, cr, layout, pane, colors);
  draw_levels (self, cr, pane, colors);
  draw_drawdown (self, cr, pane, colors);

  if (pane->kind == BK_PLOT_PANE_PRICE)
    draw_price (self, spans, pane, colors);
  else if (pane->candles)
    {
      const Series *const *s4 = (const Series *const *) pane->series->pdata;
      draw_candles (self, spans, pane, colors, s4[0]->agg, s4[1]->agg, s4[2]->agg, s4[3]->agg);
    }
  else
    for (guint s = 0; s < pane->series->len; s++)
      {
        const Series *series = g_ptr_array_index (pane->series, s);

        if (series->ring)
          {
            guint rings = draw_series_rings (self, cr, pane, series, bk_painter_palette (colors, series->color));
            if (self->counts != NULL)
              self->counts->rings += rings;
          }
        else if (series->dots)
          {
            cairo_save (cr);
            cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
            cairo_clip (cr);
            bk_painter_set_rgb (cr, bk_painter_palette (colors, series->color), 1.0);
            draw_series_dots (self, cr, pane, series, 3.0);
            cairo_restore (cr);
          }
        else
          draw_series_line (self, spans, pane, series, bk_painter_palette (colors, series->color));
      }
  draw_level_labels (self, cr, layout, pane, colors);
  draw_legend (self, cr, layout, pane, colors);

  /* Frame: the pane's bottom edge and the axis line. */
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors->fg, 0.25);
  double bottom = round (pane->top + pane->height) + 0.5;
  double right = round (self->plot_left + self->plot_width) + 0.5;
  cairo_move_to (cr, self->plot_left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_move_to (cr, right, pane->top);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);
}
