/* bk-chart.c — the chart of one run, drawn with cairo.
 *
 * The model (which lines go in which pane) is made once per run; the data
 * are read at each draw, below each line's published length, so that a run
 * still executing on a worker thread can be shown.  When more bars are
 * visible than there are pixel columns, each column is drawn from the
 * first, last, lowest and highest value of its bars, so that the cost of a
 * frame does not grow with the bars; those aggregates are kept until the
 * view, the size or the data change. */
#define G_LOG_DOMAIN "bk-chart"

#include "config.h"

#include "bk-chart.h"
#include "bk-chart-private.h"
#include "bk-painter.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "bk-graph.h"
#include "bk-indicator.h"
#include "bk-chart-impl.h"

G_DEFINE_FINAL_TYPE (BkChart, bk_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUN,
  PROP_STYLE,
  PROP_RED_UP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What is drawn has changed: the next frame is drawn anew. */
void
chart_invalidate (BkChart *self)
{
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}




/* ---------------------------------------------------------------- drawing helpers */

/* Draws `text` with its (xalign, yalign) point at (x, y); returns its width. */
/* A layout in the chart's font. */
static inline double
pane_y (const Pane *pane, double v)
{
  return pane->data_bottom - (v - pane->ymin) / (pane->ymax - pane->ymin) * (pane->data_bottom - pane->data_top);
}

/* `magnitude`: the largest absolute value on the axis, so that every label
 * of an axis has the same suffix. */
void
format_crosshair_value (char *buf, gsize size, double v)
{
  double a = fabs (v);

  if (isnan (v))
    g_strlcpy (buf, "–", size);
  else if (a >= 1e5)
    g_snprintf (buf, size, "%.0f", v);
  else if (a >= 100)
    g_snprintf (buf, size, "%.2f", v);
  else
    g_snprintf (buf, size, "%.4g", v);
}

/* ---------------------------------------------------------------- layout */

static void
chart_layout (BkChart *self, int width, int height)
{
  double total_weight = 0;
  guint shown = 0;

  self->plot_left = LEFT_MARGIN;
  self->plot_width = MAX (1.0, floor (width - AXIS_WIDTH - LEFT_MARGIN));
  self->plot_top = TOP_MARGIN;
  self->plot_bottom = MAX (TOP_MARGIN + 1, height - TIME_AXIS_HEIGHT);
  self->last_width = width;
  self->last_height = height;

  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

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
pane_autoscale (BkChart *self, Pane *pane)
{
  double lo = INFINITY, hi = -INFINITY;
  guint n_cols = self->columns->len;

  if (pane->kind == PANE_PRICE)
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
  for (guint l = 0; l < pane->n_levels && pane->kind != PANE_TRADES; l++)
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

/* ---------------------------------------------------------------- drawing */

/* A pixel-aligned box: cairo fills those without rasterising. */
/* ---------------------------------------------------------------- spans */

/* The dense parts of the chart (candles, volume, the lines of indicators,
 * the columns of aggregated views) are vertical runs of pixels.  On an
 * image surface (the widget's frames, PNG exports, the benchmark) they are
 * written straight into its pixels with antialiased ends: microseconds per
 * series where cairo's rasteriser takes milliseconds to stroke a line of a
 * thousand points.  On SVG and PDF they stay rectangles and strokes. */
typedef struct {
  cairo_t *cr;
  cairo_surface_t *image;   /* NULL: a vector target, drawn with cairo */
  guint32 *pixels;
  int stride;               /* in pixels */
  int width, height;
  double scale;             /* device pixels per user unit */
  /* The clip, in device pixels. */
  int clip_x0, clip_x1;
  double clip_y0, clip_y1;
  /* Extents of the line being drawn, one per device column of the clip. */
  double *lo, *hi;
  int n_ext;
  /* The colour, premultiplied, in 0..1; as a pixel; what of the pixel
   * below a whole one keeps, in 1/256. */
  double r, g, b, a;
  guint32 solid;
  guint32 keep;
} Spans;

static void
spans_init (Spans *sp, cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_matrix_t m;
  double sx = 1, sy = 1, ox = 0, oy = 0;

  memset (sp, 0, sizeof *sp);
  sp->cr = cr;
  sp->scale = 1.0;
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE
      || (cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32
          && cairo_image_surface_get_format (target) != CAIRO_FORMAT_RGB24))
    return;
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || m.x0 != 0 || m.y0 != 0
      || sx != sy || sx < 1 || ox != 0 || oy != 0)
    return;
  cairo_surface_flush (target);
  sp->image = target;
  sp->pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (target);
  sp->stride = cairo_image_surface_get_stride (target) / 4;
  sp->width = cairo_image_surface_get_width (target);
  sp->height = cairo_image_surface_get_height (target);
  sp->scale = sx;
}

static void
spans_clear (Spans *sp)
{
  g_free (sp->lo);
  g_free (sp->hi);
  sp->lo = sp->hi = NULL;
}

/* Starts a run of spans of one colour, clipped to a rectangle. */
static void
spans_begin (Spans *sp, double x, double y, double width, double height, Rgb c, double alpha)
{
  if (sp->image == NULL)
    {
      cairo_save (sp->cr);
      cairo_rectangle (sp->cr, x, y, width, height);
      cairo_clip (sp->cr);
      cairo_new_path (sp->cr);
      bk_painter_set_rgb (sp->cr, c, alpha);
      return;
    }
  cairo_surface_flush (sp->image);
  sp->clip_x0 = MAX (0, (int) floor (x * sp->scale));
  sp->clip_x1 = MIN (sp->width, (int) ceil ((x + width) * sp->scale));
  sp->clip_y0 = MAX (0.0, y * sp->scale);
  sp->clip_y1 = MIN ((double) sp->height, (y + height) * sp->scale);
  sp->a = alpha;
  sp->r = c.r * alpha;
  sp->g = c.g * alpha;
  sp->b = c.b * alpha;
  sp->solid = ((guint32) (alpha * 255.0 + 0.5) << 24) | ((guint32) (sp->r * 255.0 + 0.5) << 16)
              | ((guint32) (sp->g * 255.0 + 0.5) << 8) | (guint32) (sp->b * 255.0 + 0.5);
  sp->keep = (guint32) ((1.0 - alpha) * 256.0 + 0.5);
}

static void
spans_end (Spans *sp)
{
  if (sp->image == NULL)
    {
      cairo_fill (sp->cr);
      cairo_restore (sp->cr);
      return;
    }
  cairo_surface_mark_dirty (sp->image);
}

static inline guint32
blend (guint32 dst, const Spans *sp, double coverage)
{
  double a = sp->a * coverage, keep = 1.0 - a;
  guint32 da = dst >> 24, dr = (dst >> 16) & 0xff, dg = (dst >> 8) & 0xff, db = dst & 0xff;

  da = (guint32) (a * 255.0 + da * keep + 0.5);
  dr = (guint32) (sp->r * coverage * 255.0 + dr * keep + 0.5);
  dg = (guint32) (sp->g * coverage * 255.0 + dg * keep + 0.5);
  db = (guint32) (sp->b * coverage * 255.0 + db * keep + 0.5);
  return (MIN (da, 255u) << 24) | (MIN (dr, 255u) << 16) | (MIN (dg, 255u) << 8) | MIN (db, 255u);
}

/* `pixel` scaled by keep/256, channel by channel. */
static inline guint32
blend_keep (guint32 pixel, guint32 keep)
{
  guint32 rb = ((pixel & 0x00ff00ffu) * keep >> 8) & 0x00ff00ffu;
  guint32 ag = (((pixel >> 8) & 0x00ff00ffu) * keep) & 0xff00ff00u;

  return rb | ag;
}

/* Device column `px` from y0 to y1 (device pixels), the end pixels covered
 * in proportion. */
static void
spans_column (Spans *sp, int px, double y0, double y1)
{
  if (px < sp->clip_x0 || px >= sp->clip_x1)
    return;
  y0 = MAX (y0, sp->clip_y0);
  y1 = MIN (y1, sp->clip_y1);
  if (y1 <= y0)
    return;

  guint32 *column = sp->pixels + px;
  int row0 = (int) floor (y0), row1 = (int) ceil (y1);
  gsize stride = (gsize) sp->stride;

  /* The two end rows are partly covered; the rows between are whole. */
  column[(gsize) row0 * stride] = blend (column[(gsize) row0 * stride], sp, MIN (y1, row0 + 1.0) - y0);
  if (row1 - 1 > row0)
    column[(gsize) (row1 - 1) * stride] = blend (column[(gsize) (row1 - 1) * stride], sp, y1 - (row1 - 1));
  if (sp->a >= 1.0)
    for (int row = row0 + 1; row < row1 - 1; row++)
      column[(gsize) row * stride] = sp->solid;
  else
    for (int row = row0 + 1; row < row1 - 1; row++)
      {
        guint32 *pixel = column + (gsize) row * stride;
        *pixel = sp->solid + blend_keep (*pixel, sp->keep);
      }
}

/* A rectangle, in user units: pixel-aligned by the caller. */
static void
spans_rect (Spans *sp, double x0, double y0, double x1, double y1)
{
  if (sp->image == NULL)
    {
      cairo_rectangle (sp->cr, x0, y0, x1 - x0, y1 - y0);
      return;
    }
  int px0 = (int) round (x0 * sp->scale);
  int px1 = MAX (px0 + 1, (int) round (x1 * sp->scale));

  for (int px = MAX (px0, sp->clip_x0); px < MIN (px1, sp->clip_x1); px++)
    spans_column (sp, px, y0 * sp->scale, y1 * sp->scale);
}

/* A pixel-aligned box at least a pixel high. */
static inline void
add_box (Spans *sp, double x, double top, double bottom, double width)
{
  double y0 = floor (top), y1 = MAX (ceil (bottom), y0 + 1);

  spans_rect (sp, floor (x), y0, floor (x) + width, y1);
}

/* Lines on an image: the extent of the line in every device column is
 * gathered first, then each column is filled once. */
static void
extent_add (Spans *sp, double x, double y0, double y1)
{
  int i = (int) floor (x) - sp->clip_x0;

  if (i < 0 || i >= sp->n_ext)
    return;
  sp->lo[i] = MIN (sp->lo[i], MIN (y0, y1));
  sp->hi[i] = MAX (sp->hi[i], MAX (y0, y1));
}

static void
extent_segment (Spans *sp, double x0, double y0, double x1, double y1)
{
  if (x1 < x0)
    return;
  if (x1 - x0 < 1e-9)
    {
      extent_add (sp, x0, y0, y1);
      return;
    }
  double slope = (y1 - y0) / (x1 - x0);
  double from = MAX (x0, (double) sp->clip_x0), to = MIN (x1, (double) sp->clip_x1);

  for (double left = from; left < to;)
    {
      double right = MIN (to, floor (left) + 1.0);

      extent_add (sp, left, y0 + (left - x0) * slope, y0 + (right - x0) * slope);
      left = right;
    }
}

static void
draw_series_spans (BkChart *self, Spans *sp, const Pane *pane, const Series *series, double line_width)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;
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
      const Agg *a = &series->agg[c];

      if (isnan (a->first))
        {
          pen = FALSE;
          continue;
        }
      double x = cols[c].x * s;
      double first = pane_y (pane, a->first) * s;
      if (pen)
        extent_segment (sp, px, py, x, first);
      extent_add (sp, x, pane_y (pane, a->max) * s, pane_y (pane, a->min) * s);
      extent_add (sp, x, first, first);
      pen = TRUE;
      px = x;
      py = pane_y (pane, a->last) * s;
    }
  for (int i = 0; i < sp->n_ext; i++)
    if (sp->lo[i] <= sp->hi[i])
      spans_column (sp, sp->clip_x0 + i, sp->lo[i] - half, sp->hi[i] + half);
}

static void
draw_series_line (BkChart *self, Spans *sp, const Pane *pane, const Series *series, Rgb color)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;
  cairo_t *cr = sp->cr;
  gboolean pen = FALSE;

  if (sp->image != NULL)
    {
      spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height, color, 1.0);
      draw_series_spans (self, sp, pane, series, 1.3);
      spans_end (sp);
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
      const Agg *a = &series->agg[c];

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

static guint
draw_series_dots (BkChart *self, cairo_t *cr, const Pane *pane, const Series *series, double radius)
{
  guint n = 0;

  const Column *cols = (const Column *) (gpointer) self->columns->data;

  cairo_new_path (cr);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const Agg *a = &series->agg[c];

      if (isnan (a->first))
        continue;
      double v = fabs (a->max) > fabs (a->min) ? a->max : a->min;
      double y = pane_y (pane, v);
      cairo_new_sub_path (cr);
      cairo_arc (cr, cols[c].x, y, radius, 0, 2 * G_PI);
      n++;
    }
  cairo_fill (cr);
  return n;
}

/* Candles or bars of four columns' aggregates, one run of spans per
 * colour: the prices, or an indicator's (HeikinAshi). */
static void
draw_candles (BkChart *self, Spans *sp, const Pane *pane, const Colors *colors, const Agg *o, const Agg *h,
              const Agg *l, const Agg *c)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;
  guint n_cols = self->columns->len;
  double body = self->aggregated ? 1.0 : MAX (1.0, floor (self->bar_px * 0.7));

  for (int up = 0; up < 2; up++)
    {
      spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height,
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

          add_box (sp, x, yh, yl, 1.0);
          if (self->aggregated)
            continue;
          if (self->style == BK_CHART_CANDLES)
            add_box (sp, round (cols[i].x - body / 2), MIN (yo, yc), MAX (yo, yc), body);
          else
            {
              double tick = MAX (1.0, floor (self->bar_px * 0.35));
              add_box (sp, x - tick, floor (yo), floor (yo) + 1.0, tick);
              add_box (sp, x + 1.0, floor (yc), floor (yc) + 1.0, tick);
            }
        }
      spans_end (sp);
    }
}

/* A cloud between two series, bar to bar: each stretch in the rising
 * colour where the first is above, the falling one where below. */
static void
draw_cloud (BkChart *self, cairo_t *cr, const Pane *pane, const Series *a, const Series *b, const Colors *colors)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;

  for (int above = 0; above < 2; above++)
    {
      bk_painter_set_rgb (cr, above ? colors->up : colors->down, colors->dark ? 0.22 : 0.16);
      cairo_new_path (cr);
      for (guint c = 1; c < self->columns->len; c++)
        {
          const Agg *a0 = &a->agg[c - 1], *a1 = &a->agg[c], *b0 = &b->agg[c - 1], *b1 = &b->agg[c];

          if (isnan (a0->last) || isnan (a1->last) || isnan (b0->last) || isnan (b1->last)
              || ((a0->last + a1->last > b0->last + b1->last) != above))
            continue;
          cairo_move_to (cr, cols[c - 1].x, pane_y (pane, a0->last));
          cairo_line_to (cr, cols[c].x, pane_y (pane, a1->last));
          cairo_line_to (cr, cols[c].x, pane_y (pane, b1->last));
          cairo_line_to (cr, cols[c - 1].x, pane_y (pane, b0->last));
          cairo_close_path (cr);
          self->n_cloud_stretches++;
        }
      cairo_fill (cr);
    }
}

static void
draw_price (BkChart *self, Spans *sp, const Pane *pane, const Colors *colors)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;
  guint n_cols = self->columns->len;
  const Agg *o = self->feed_agg[BK_FEED_OPEN], *h = self->feed_agg[BK_FEED_HIGH];
  const Agg *l = self->feed_agg[BK_FEED_LOW], *c = self->feed_agg[BK_FEED_CLOSE];
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
      const Agg *v = self->feed_agg[BK_FEED_VOLUME];
      double vmax = 0;
      double vol_h = (pane->data_bottom - pane->data_top) * 0.2;

      for (guint i = 0; i < n_cols; i++)
        if (!isnan (v[i].first))
          vmax = MAX (vmax, v[i].sum);
      for (int up = 0; up < 2 && vmax > 0; up++)
        {
          spans_begin (sp, self->plot_left, pane->top, self->plot_width, pane->height,
                       up ? colors->up : colors->down, colors->dark ? 0.30 : 0.22);
          for (guint i = 0; i < n_cols; i++)
            {
              if (isnan (v[i].first) || isnan (o[i].first) || isnan (c[i].last)
                  || (c[i].last >= o[i].first) != up)
                continue;
              double bh = v[i].sum / vmax * vol_h;
              add_box (sp, self->aggregated ? cols[i].x - 0.5 : round (cols[i].x - body / 2),
                       pane->data_bottom - bh, pane->data_bottom, body);
            }
          spans_end (sp);
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
      Rgb color = bk_painter_palette (colors, series->color);

      if (series->dots)
        {
          bk_painter_set_rgb (cr, color, 1.0);
          self->n_dots_drawn += draw_series_dots (self, cr, pane, series, CLAMP (self->bar_px * 0.3, 1.2, 2.5));
        }
      else
        draw_series_line (self, sp, pane, series, color);
    }

  /* Buy and sell marks: triangles at the fill price, at most one of a
   * kind every two widths of a triangle, so that a full view of hundreds
   * of trades does not pile them up. */
  self->n_marks_drawn = 0;
  for (int buy = 0; buy < 2; buy++)
    {
      const Agg *marks = buy ? self->buy_agg : self->sell_agg;
      double last_x = -INFINITY;

      if ((buy ? self->buy : self->sell) == NULL)
        continue;
      cairo_new_path (cr);
      for (guint i = 0; i < n_cols; i++)
        {
          if (isnan (marks[i].first))
            continue;
          double x = cols[i].x, y = pane_y (pane, marks[i].first), s = 5.0;
          if (x - last_x < 4 * s)
            continue;
          last_x = x;
          self->n_marks_drawn++;
          if (buy)
            {
              cairo_move_to (cr, x, y - s);
              cairo_line_to (cr, x + s, y + s * 0.8);
              cairo_line_to (cr, x - s, y + s * 0.8);
            }
          else
            {
              cairo_move_to (cr, x, y + s);
              cairo_line_to (cr, x + s, y - s * 0.8);
              cairo_line_to (cr, x - s, y - s * 0.8);
            }
          cairo_close_path (cr);
        }
      bk_painter_set_rgb (cr, buy ? colors->up : colors->down, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.0);
      bk_painter_set_rgb (cr, colors->fg, 0.8);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_y_axis (BkChart *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const Colors *colors)
{
  const BkPlotArea area = {
    self->plot_left, self->plot_width, pane->top, pane->height, pane->data_top, pane->data_bottom,
    pane->ymin, pane->ymax, FALSE,
  };

  bk_painter_y_axis (cr, layout, colors, &area);
}

static void
draw_levels (BkChart *self, cairo_t *cr, const Pane *pane, const Colors *colors)
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
draw_drawdown (BkChart *self, cairo_t *cr, const Pane *pane, const Colors *colors)
{
  const Column *cols = (const Column *) (gpointer) self->columns->data;
  const Series *value = NULL;

  for (guint s = 0; s < pane->series->len && pane->drawdown_line != NULL; s++)
    if (((const Series *) g_ptr_array_index (pane->series, s))->line == pane->drawdown_line)
      value = g_ptr_array_index (pane->series, s);
  if (value == NULL || value->agg == NULL || self->columns->len == 0)
    return;

  Agg before = AGG_EMPTY;
  aggregate_range (value->line, chart_get_summary (self, value->line), 0, cols[0].b0, &before);
  double peak = before.max;
  double half = MAX (self->bar_px, 1.0) / 2;

  cairo_save (cr);
  cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
  cairo_clip (cr);
  bk_painter_set_rgb (cr, colors->down, 0.25);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const Agg *a = &value->agg[c];

      if (isnan (a->first))
        continue;
      peak = isnan (peak) ? a->max : MAX (peak, a->max);
      if (a->last < peak)
        {
          double top = pane_y (pane, peak), bottom = pane_y (pane, a->last);
          cairo_rectangle (cr, cols[c].x - half, top, 2 * half, bottom - top);
          self->n_drawdown_columns++;
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Each level's value at the right end of its line, over the series on a
 * patch of background (RSI's 70 and 30, CCI's 100 and -100), where the y
 * axis may have no tick for it. */
static void
draw_level_labels (BkChart *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const Colors *colors)
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
      self->n_level_labels++;
    }
}

static void
draw_legend (BkChart *self, cairo_t *cr, PangoLayout *layout, const Pane *pane, const Colors *colors)
{
  double x = self->plot_left + 4;
  double y = pane->top + 1;
  const char *title = pane->title;
  const char *source = self->run != NULL ? bk_run_get_source_name (self->run) : NULL;
  g_autofree char *base = source != NULL ? g_path_get_basename (source) : NULL;

  /* The price pane is named after its file, without the folders; the
   * observers' panes in the reader's language. */
  if (pane->kind == PANE_PRICE)
    title = base != NULL ? base : _("Price");
  else if (pane->kind == PANE_BROKER)
    title = C_("chart pane", "Broker");
  else if (pane->kind == PANE_TRADES)
    title = C_("chart pane", "Trades");
  if (pane->kind == PANE_INDICATOR && (pane->series->len == 1 || pane->candles))
    {
      bk_painter_legend (cr, layout, colors, x, y, title, 0, NULL, NULL, NULL);
      return;
    }

  g_autofree const char **names = g_new (const char *, pane->series->len);
  g_autofree Rgb *rgbs = g_new (Rgb, pane->series->len);
  g_autofree gboolean *dots = g_new (gboolean, pane->series->len);
  for (guint s = 0; s < pane->series->len; s++)
    {
      const Series *series = g_ptr_array_index (pane->series, s);

      names[s] = series->legend;
      rgbs[s] = bk_painter_palette (colors, series->color);
      dots[s] = series->dots;
    }
  bk_painter_legend (cr, layout, colors, x, y, title, pane->series->len, names, rgbs, dots);
}

/* ---------------------------------------------------------------- time axis */

typedef enum {
  UNIT_SECONDS,
  UNIT_MONTHS,
  UNIT_YEARS,
} TimeUnit;

typedef struct {
  TimeUnit unit;
  gint64 amount;
} TimeStep;

static const TimeStep time_steps[] = {
  { UNIT_SECONDS, 60 }, { UNIT_SECONDS, 300 }, { UNIT_SECONDS, 900 }, { UNIT_SECONDS, 1800 },
  { UNIT_SECONDS, 3600 }, { UNIT_SECONDS, 7200 }, { UNIT_SECONDS, 10800 }, { UNIT_SECONDS, 21600 },
  { UNIT_SECONDS, 43200 }, { UNIT_SECONDS, 86400 }, { UNIT_SECONDS, 2 * 86400 },
  { UNIT_SECONDS, 7 * 86400 }, { UNIT_MONTHS, 1 }, { UNIT_MONTHS, 3 }, { UNIT_MONTHS, 6 },
  { UNIT_YEARS, 1 }, { UNIT_YEARS, 2 }, { UNIT_YEARS, 5 }, { UNIT_YEARS, 10 }, { UNIT_YEARS, 20 },
  { UNIT_YEARS, 50 }, { UNIT_YEARS, 100 },
};

static double
time_step_seconds (const TimeStep *step)
{
  switch (step->unit)
    {
    case UNIT_MONTHS: return step->amount * 30.44 * 86400;
    case UNIT_YEARS: return step->amount * 365.25 * 86400;
    case UNIT_SECONDS:
    default: return (double) step->amount;
    }
}

/* The first tick at or before `t`. */
static gint64
time_floor (const TimeStep *step, gint64 t)
{
  if (step->unit == UNIT_SECONDS)
    {
      gint64 origin = step->amount == 7 * 86400 ? 4 * 86400 : 0;   /* weeks start on Monday */
      gint64 k = t - origin;
      k = (k >= 0 ? k / step->amount : -((-k + step->amount - 1) / step->amount)) * step->amount;
      return k + origin;
    }

  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  if (dt == NULL)
    return t;
  int year = g_date_time_get_year (dt), month = g_date_time_get_month (dt);
  if (step->unit == UNIT_MONTHS)
    month = (month - 1) / (int) step->amount * (int) step->amount + 1;
  else
    {
      year = year / (int) step->amount * (int) step->amount;
      month = 1;
    }
  g_autoptr(GDateTime) floored = g_date_time_new_utc (MAX (year, 1), month, 1, 0, 0, 0);
  return floored != NULL ? g_date_time_to_unix (floored) : t;
}

static gint64
time_next (const TimeStep *step, gint64 t)
{
  if (step->unit == UNIT_SECONDS)
    return t + step->amount;

  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  if (dt == NULL)
    return G_MAXINT64;
  g_autoptr(GDateTime) next = step->unit == UNIT_MONTHS ? g_date_time_add_months (dt, (int) step->amount)
                              : g_date_time_add_years (dt, (int) step->amount);
  return next != NULL ? g_date_time_to_unix (next) : G_MAXINT64;
}

/* The first bar in [lo, hi) whose time is >= t, or hi. */
static guint64
bar_at_time (BkChart *self, double t, guint64 lo, guint64 hi)
{
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;
      double v = bk_line_get_at (self->feed[BK_FEED_DATETIME], mid);

      if (v < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static char *
format_tick (const TimeStep *step, gint64 t, gint64 previous)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) prev = previous != G_MININT64 ? g_date_time_new_from_unix_utc (previous) : NULL;

  if (dt == NULL)
    return g_strdup ("?");
  gboolean new_year = prev == NULL || g_date_time_get_year (prev) != g_date_time_get_year (dt);
  gboolean new_month = new_year || g_date_time_get_month (prev) != g_date_time_get_month (dt);
  gboolean new_day = new_month || g_date_time_get_day_of_month (prev) != g_date_time_get_day_of_month (dt);

  switch (step->unit)
    {
    case UNIT_YEARS:
      return g_date_time_format (dt, "%Y");
    case UNIT_MONTHS:
      return prev == NULL ? g_date_time_format (dt, "%b %Y")
             : new_year ? g_date_time_format (dt, "%Y") : g_date_time_format (dt, "%b");
    case UNIT_SECONDS:
    default:
      if (step->amount >= 86400)
        return new_year && prev != NULL ? g_date_time_format (dt, "%Y")
               : new_month ? g_date_time_format (dt, "%b %Y") : g_date_time_format (dt, "%-d %b");
      return new_day ? g_date_time_format (dt, "%-d %b") : g_date_time_format (dt, "%H:%M");
    }
}

static void
draw_time_axis (BkChart *self, cairo_t *cr, PangoLayout *layout, const Colors *colors)
{
  guint n_cols = self->columns->len;
  const Column *cols = (const Column *) (gpointer) self->columns->data;

  if (n_cols == 0)
    return;
  guint64 i0 = cols[0].b0, i1 = cols[n_cols - 1].b1;
  double t0 = bk_line_get_at (self->feed[BK_FEED_DATETIME], i0);
  double t1 = bk_line_get_at (self->feed[BK_FEED_DATETIME], i1 - 1);
  gboolean intraday = bk_run_has_time (self->run);

  if (isnan (t0) || isnan (t1) || t1 < t0)
    return;

  /* Ticks of a day or more land on every calendar period; shorter ones
   * only within sessions (bars × the bar interval), plus one a day. */
  double bar_interval = INFINITY;
  for (guint64 i = i0; i + 1 < i1 && i < i0 + 32; i++)
    {
      double d = bk_line_get_at (self->feed[BK_FEED_DATETIME], i + 1)
                 - bk_line_get_at (self->feed[BK_FEED_DATETIME], i);
      if (d > 0)
        bar_interval = MIN (bar_interval, d);
    }
  double calendar = t1 - t0;
  double trading = isfinite (bar_interval) ? MIN (calendar, (double) (i1 - i0) * bar_interval) : calendar;
  double max_ticks = MAX (1.0, self->plot_width / 90.0);
  const TimeStep *step = &time_steps[G_N_ELEMENTS (time_steps) - 1];
  for (guint s = 0; s < G_N_ELEMENTS (time_steps); s++)
    {
      double seconds = time_step_seconds (&time_steps[s]);
      double count = seconds >= 86400 ? calendar / seconds : trading / seconds + calendar / 86400;

      if (!intraday && seconds < 86400)
        continue;
      if (count <= max_ticks)
        {
          step = &time_steps[s];
          break;
        }
    }

  double axis_y = self->plot_bottom + 3;
  double last_right = -INFINITY;

  g_ptr_array_set_size (self->time_labels, 0);
  gint64 previous = G_MININT64;
  guint guard = 0;

  cairo_set_line_width (cr, 1.0);
  for (gint64 t = time_floor (step, (gint64) floor (t0)); (double) t <= t1 && guard < 1000; guard++)
    {
      gint64 next = time_next (step, t);
      guint64 bar = bar_at_time (self, (double) t, i0, i1);

      /* A period that began before the first bar shown is not labelled
       * at that bar: data from April 1996 has no tick "1995" (or "1996")
       * at its left edge. */
      if ((double) t >= t0 && bar < i1 && bk_line_get_at (self->feed[BK_FEED_DATETIME], bar) < (double) next)
        {
          double x = round (self->plot_left + ((double) bar + 0.5 - self->view_start) * self->bar_px) + 0.5;
          g_autofree char *label = format_tick (step, t, previous);
          double w = bk_painter_text_width (layout, label);

          if (x - w / 2 > last_right + 12 && x >= self->plot_left && x <= self->plot_left + self->plot_width)
            {
              bk_painter_set_rgb (cr, colors->fg, 0.07);
              for (guint p = 0; p < self->panes->len; p++)
                {
                  const Pane *pane = g_ptr_array_index (self->panes, p);
                  if (!pane->shown)
                    continue;
                  cairo_move_to (cr, x, pane->data_top);
                  cairo_line_to (cr, x, pane->top + pane->height);
                }
              cairo_stroke (cr);
              bk_painter_set_rgb (cr, colors->fg, 0.35);
              cairo_move_to (cr, x, self->plot_bottom);
              cairo_line_to (cr, x, self->plot_bottom + 3);
              cairo_stroke (cr);
              double lx = CLAMP (x - w / 2, 0, self->plot_left + self->plot_width + AXIS_WIDTH - w);
              bk_painter_set_rgb (cr, colors->fg, 0.75);
              bk_painter_text (cr, layout, label, lx, axis_y, 0, 0);
              g_ptr_array_add (self->time_labels, g_strdup (label));
              last_right = lx + w;
              previous = t;
            }
        }
      if (next <= t)
        break;
      t = next;
    }
}

/* ---------------------------------------------------------------- public drawing */

void
bk_chart_draw (BkChart *self, cairo_t *cr, int width, int height)
{
  Colors colors;

  g_return_if_fail (BK_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  bk_painter_colors_init (&colors, &self->fg, self->red_up);
  cairo_save (cr);
  bk_painter_set_rgb (cr, colors.bg, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  PangoLayout *layout = bk_painter_create_layout (cr);

  chart_layout (self, width, height);
  self->n_level_labels = 0;
  self->n_dots_drawn = 0;
  self->n_cloud_stretches = 0;
  self->n_drawdown_columns = 0;
  if (self->run == NULL || self->price == NULL || self->n_bars == 0 || width < 40 || height < 40)
    {
      const char *message = self->run == NULL ? _("No run")
                            : self->price == NULL ? _("Nothing to plot: this run keeps no whole lines")
                            : _("No bars yet");
      bk_painter_set_rgb (cr, colors.fg, 0.55);
      bk_painter_text (cr, layout, message, width / 2.0, height / 2.0, 0.5, 0.5);
      g_object_unref (layout);
      cairo_restore (cr);
      return;
    }

  chart_aggregate (self);

  Spans spans;
  spans_init (&spans, cr);
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      if (!pane->shown)
        continue;
      pane_autoscale (self, pane);
      draw_y_axis (self, cr, layout, pane, &colors);
      draw_levels (self, cr, pane, &colors);
      draw_drawdown (self, cr, pane, &colors);

      if (pane->kind == PANE_PRICE)
        draw_price (self, &spans, pane, &colors);
      else if (pane->candles)
        {
          const Series *const *s4 = (const Series *const *) pane->series->pdata;
          draw_candles (self, &spans, pane, &colors, s4[0]->agg, s4[1]->agg, s4[2]->agg, s4[3]->agg);
        }
      else
        for (guint s = 0; s < pane->series->len; s++)
          {
            const Series *series = g_ptr_array_index (pane->series, s);

            if (series->dots)
              {
                cairo_save (cr);
                cairo_rectangle (cr, self->plot_left, pane->top, self->plot_width, pane->height);
                cairo_clip (cr);
                bk_painter_set_rgb (cr, bk_painter_palette (&colors, series->color), 1.0);
                draw_series_dots (self, cr, pane, series, 3.0);
                cairo_restore (cr);
              }
            else
              draw_series_line (self, &spans, pane, series, bk_painter_palette (&colors, series->color));
          }
      draw_level_labels (self, cr, layout, pane, &colors);
      draw_legend (self, cr, layout, pane, &colors);

      /* Frame: the pane's bottom edge and the axis line. */
      cairo_set_line_width (cr, 1.0);
      bk_painter_set_rgb (cr, colors.fg, 0.25);
      double bottom = round (pane->top + pane->height) + 0.5;
      double right = round (self->plot_left + self->plot_width) + 0.5;
      cairo_move_to (cr, self->plot_left, bottom);
      cairo_line_to (cr, right, bottom);
      cairo_move_to (cr, right, pane->top);
      cairo_line_to (cr, right, bottom);
      cairo_stroke (cr);
    }

  spans_clear (&spans);
  draw_time_axis (self, cr, layout, &colors);
  g_object_unref (layout);
  cairo_restore (cr);
}




static void
export_draw (cairo_t *cr, int width, int height, gpointer data)
{
  bk_chart_draw (data, cr, width, height);
}

gboolean
bk_chart_export (BkChart *self, const char *path, BkChartFormat format, int width, int height,
                 GError **error)
{
  g_return_val_if_fail (BK_IS_CHART (self), FALSE);

  gboolean ok = bk_painter_export (path, format, width, height, export_draw, self, error);
  /* The export laid the chart out at its own size. */
  chart_invalidate (self);
  return ok;
}

/* ---------------------------------------------------------------- view */



guint
bk_chart_get_n_drawdown_columns (BkChart *self)
{
  return self->n_drawdown_columns;
}

guint
bk_chart_get_n_level_labels (BkChart *self)
{
  return self->n_level_labels;
}

guint
bk_chart_get_n_dots_drawn (BkChart *self)
{
  return self->n_dots_drawn;
}

guint
bk_chart_get_n_cloud_stretches (BkChart *self)
{
  return self->n_cloud_stretches;
}

guint
bk_chart_get_n_marks_drawn (BkChart *self)
{
  return self->n_marks_drawn;
}

GPtrArray *
bk_chart_get_time_labels (BkChart *self)
{
  return self->time_labels;
}

void
bk_chart_get_view (BkChart *self, double *start, double *end)
{
  g_return_if_fail (BK_IS_CHART (self));
  if (start != NULL)
    *start = self->view_start;
  if (end != NULL)
    *end = self->view_end;
}

static Pane *
chart_nth_shown_pane (BkChart *self, guint i)
{
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      if (pane->shown && i-- == 0)
        return pane;
    }
  return NULL;
}

guint
bk_chart_get_n_panes (BkChart *self)
{
  guint n = 0;

  g_return_val_if_fail (BK_IS_CHART (self), 0);
  for (guint p = 0; p < self->panes->len; p++)
    n += ((Pane *) g_ptr_array_index (self->panes, p))->shown;
  return n;
}

const char *
bk_chart_get_pane_title (BkChart *self, guint i)
{
  g_return_val_if_fail (BK_IS_CHART (self), NULL);
  Pane *pane = chart_nth_shown_pane (self, i);
  if (pane == NULL)
    return NULL;
  if (pane->kind == PANE_PRICE)
    return "price";
  return pane->title;
}

void
bk_chart_get_pane_area (BkChart *self, guint i, double *x, double *y, double *width, double *height)
{
  g_return_if_fail (BK_IS_CHART (self));
  Pane *pane = chart_nth_shown_pane (self, i);
  g_return_if_fail (pane != NULL);
  *x = self->plot_left;
  *width = self->plot_width;
  *y = pane->data_top;
  *height = pane->data_bottom - pane->data_top;
}

/* ---------------------------------------------------------------- widget */










static void
chart_read_color (BkChart *self)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), &self->fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &self->fg);
#endif
}

/* A frame's pixels go back to the chart when GTK lets go of the frame,
 * for the next frame of the same size: fresh pixels each frame cost more
 * in page faults than drawing them. */
typedef struct {
  GWeakRef chart;
  guchar *data;
  gsize size;
} FramePixels;

static const cairo_user_data_key_t frame_pixels_key;

static void
frame_pixels_release (gpointer data)
{
  FramePixels *pixels = data;
  BkChart *self = g_weak_ref_get (&pixels->chart);

  if (self != NULL && self->spare == NULL)
    {
      self->spare = g_steal_pointer (&pixels->data);
      self->spare_size = pixels->size;
    }
  g_free (pixels->data);
  g_clear_object (&self);
  g_weak_ref_clear (&pixels->chart);
  g_free (pixels);
}

/* The chart drawn into an image surface of its own: the frame, which the
 * widget paints until something changes. */
static cairo_surface_t *
chart_render_frame (BkChart *self, int width, int height, int scale)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width * scale);
  gsize size = (gsize) stride * (gsize) (height * scale);
  FramePixels *pixels = g_new0 (FramePixels, 1);

  if (self->spare != NULL && self->spare_size == size)
    pixels->data = g_steal_pointer (&self->spare);
  else
    {
      g_clear_pointer (&self->spare, g_free);
      pixels->data = g_malloc (size);
    }
  pixels->size = size;
  g_weak_ref_init (&pixels->chart, self);

  cairo_surface_t *surface = cairo_image_surface_create_for_data (pixels->data, CAIRO_FORMAT_RGB24,
                                                                  width * scale, height * scale, stride);
  cairo_surface_set_user_data (surface, &frame_pixels_key, pixels, frame_pixels_release);
  cairo_surface_set_device_scale (surface, scale, scale);
  cairo_t *cr = cairo_create (surface);
  bk_chart_draw (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
bk_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BkChart *self = BK_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->frame == NULL || self->frame_width != width || self->frame_height != height
      || self->frame_scale != scale)
    {
      g_clear_pointer (&self->frame, cairo_surface_destroy);
      chart_read_color (self);
      self->frame = chart_render_frame (self, width, height, scale);
      self->frame_width = width;
      self->frame_height = height;
      self->frame_scale = scale;
    }
  /* Painted through a cairo node: the renderer composites the frame as it
   * is, where a texture would be converted pixel by pixel first. */
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (cr, self->frame, 0, 0);
  cairo_paint (cr);
  if (self->pointer_in)
    chart_draw_crosshair (self, cr);
  cairo_destroy (cr);
}

static void
bk_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

static void
bk_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bk_chart_parent_class)->css_changed (widget, change);
  chart_read_color (BK_CHART (widget));
  chart_invalidate (BK_CHART (widget));
}

static void
bk_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkChart *self = BK_CHART (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_pointer (value, self->run);
      break;
    case PROP_STYLE:
      g_value_set_uint (value, self->style);
      break;
    case PROP_RED_UP:
      g_value_set_boolean (value, self->red_up);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BkChart *self = BK_CHART (object);

  switch (prop_id)
    {
    case PROP_RUN:
      bk_chart_set_run (self, g_value_get_pointer (value));
      break;
    case PROP_STYLE:
      bk_chart_set_style (self, g_value_get_uint (value));
      break;
    case PROP_RED_UP:
      bk_chart_set_red_up (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_chart_dispose (GObject *object)
{
  BkChart *self = BK_CHART (object);

  chart_clear_model (self);
  g_clear_pointer (&self->run, bk_run_free);
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_clear_pointer (&self->spare, g_free);
  G_OBJECT_CLASS (bk_chart_parent_class)->dispose (object);
}

static void
bk_chart_finalize (GObject *object)
{
  BkChart *self = BK_CHART (object);

  g_ptr_array_unref (self->panes);
  g_ptr_array_unref (self->time_labels);
  g_hash_table_unref (self->summaries);
  g_array_unref (self->columns);
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    g_free (self->feed_agg[i]);
  g_free (self->buy_agg);
  g_free (self->sell_agg);
  g_clear_pointer (&self->spare, g_free);
  G_OBJECT_CLASS (bk_chart_parent_class)->finalize (object);
}

static void
bk_chart_class_init (BkChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_chart_get_property;
  object_class->set_property = bk_chart_set_property;
  object_class->dispose = bk_chart_dispose;
  object_class->finalize = bk_chart_finalize;
  widget_class->snapshot = bk_chart_snapshot;
  widget_class->measure = bk_chart_measure;
  widget_class->css_changed = bk_chart_css_changed;

  properties[PROP_RUN] =
    g_param_spec_pointer ("run", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STYLE] =
    g_param_spec_uint ("style", NULL, NULL, BK_CHART_CANDLES, BK_CHART_BARS, BK_CHART_CANDLES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RED_UP] =
    g_param_spec_boolean ("red-up", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
bk_chart_init (BkChart *self)
{
  self->panes = g_ptr_array_new_with_free_func (pane_free);
  self->time_labels = g_ptr_array_new_with_free_func (g_free);
  self->summaries = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, summary_free);
  self->columns = g_array_new (FALSE, FALSE, sizeof (Column));
  self->view_full = TRUE;
  self->follow = TRUE;
  self->fg = (GdkRGBA) { 0.0, 0.0, 0.0, 1.0 };

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  chart_install_interaction (self);
}

GtkWidget *
bk_chart_new (void)
{
  return g_object_new (BK_TYPE_CHART, NULL);
}

void
bk_chart_set_run (BkChart *self, BkRun *run)
{
  g_return_if_fail (BK_IS_CHART (self));

  if (self->run == run)
    {
      bk_chart_refresh (self);
      return;
    }
  chart_clear_model (self);
  g_clear_pointer (&self->run, bk_run_free);
  if (run != NULL)
    self->run = bk_run_ref (run);
  chart_build_model (self);
  self->view_full = TRUE;
  self->follow = TRUE;
  chart_update_length (self);
  chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

BkRun *
bk_chart_get_run (BkChart *self)
{
  g_return_val_if_fail (BK_IS_CHART (self), NULL);
  return self->run;
}

void
bk_chart_refresh (BkChart *self)
{
  g_return_if_fail (BK_IS_CHART (self));
  chart_update_length (self);
  chart_update_summaries (self);
  chart_invalidate (self);
}

void
bk_chart_show_period (BkChart *self, double from, double to)
{
  g_return_if_fail (BK_IS_CHART (self));
  if (self->n_bars == 0)
    return;
  double first = (double) bar_at_time (self, from, 0, self->n_bars);
  double last = (double) bar_at_time (self, to, 0, self->n_bars) + 1;
  /* The period in the middle third, or 60 bars around a short one. */
  double margin = MAX (last - first, (60.0 - (last - first)) / 2);

  chart_set_view (self, first - margin, last + margin);
}

void
bk_chart_reset_view (BkChart *self)
{
  g_return_if_fail (BK_IS_CHART (self));
  chart_set_view (self, 0, (double) self->n_bars);
}

void
bk_chart_set_style (BkChart *self, BkChartStyle style)
{
  g_return_if_fail (BK_IS_CHART (self));
  if (self->style == style)
    return;
  self->style = style;
  chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

void
bk_chart_set_red_up (BkChart *self, gboolean red_up)
{
  g_return_if_fail (BK_IS_CHART (self));
  red_up = !!red_up;
  if (self->red_up == red_up)
    return;
  self->red_up = red_up;
  chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RED_UP]);
}
