/* bk-chart-spans.h — the dense parts of the chart (candles, volume, the
 * lines of indicators, the columns of aggregated views) are vertical runs
 * of pixels.  On an image surface (the widget's frames, PNG exports, the
 * benchmark) they are written straight into its pixels with antialiased
 * ends: microseconds per series where cairo's rasteriser takes
 * milliseconds to stroke a line of a thousand points.  On SVG and PDF they stay rectangles and strokes. */
#pragma once

#include <math.h>

#include "bk-painter.h"

G_BEGIN_DECLS

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
} BkChartSpans;

void bk_chart_spans_init (BkChartSpans *sp, cairo_t *cr);
void bk_chart_spans_clear (BkChartSpans *sp);
/* Starts a run of spans of one colour, clipped to a rectangle; fills it
 * on a vector target. */
void bk_chart_spans_begin (BkChartSpans *sp, double x, double y, double width, double height, BkRgb c,
                           double alpha);
void bk_chart_spans_end (BkChartSpans *sp);
/* Device column `px` from y0 to y1 (device pixels), the end pixels covered
 * in proportion. */
void bk_chart_spans_column (BkChartSpans *sp, int px, double y0, double y1);
/* A rectangle, in user units: pixel-aligned by the caller. */
void bk_chart_spans_rect (BkChartSpans *sp, double x0, double y0, double x1, double y1);

/* A pixel-aligned box at least a pixel high. */
static inline void
bk_chart_spans_box (BkChartSpans *sp, double x, double top, double bottom, double width)
{
  double y0 = floor (top), y1 = MAX (ceil (bottom), y0 + 1);

  bk_chart_spans_rect (sp, floor (x), y0, floor (x) + width, y1);
}

/* Lines on an image: the extent of the line in every device column is
 * gathered first, then each column is filled once. */
static inline void
bk_chart_spans_extent_add (BkChartSpans *sp, double x, double y0, double y1)
{
  int i = (int) floor (x) - sp->clip_x0;

  if (i < 0 || i >= sp->n_ext)
    return;
  sp->lo[i] = MIN (sp->lo[i], MIN (y0, y1));
  sp->hi[i] = MAX (sp->hi[i], MAX (y0, y1));
}

static inline void
bk_chart_spans_extent_segment (BkChartSpans *sp, double x0, double y0, double x1, double y1)
{
  if (x1 < x0)
    return;
  if (x1 - x0 < 1e-9)
    {
      bk_chart_spans_extent_add (sp, x0, y0, y1);
      return;
    }
  double slope = (y1 - y0) / (x1 - x0);
  double from = MAX (x0, (double) sp->clip_x0), to = MIN (x1, (double) sp->clip_x1);

  for (double left = from; left < to;)
    {
      double right = MIN (to, floor (left) + 1.0);

      bk_chart_spans_extent_add (sp, left, y0 + (left - x0) * slope, y0 + (right - x0) * slope);
      left = right;
    }
}

G_END_DECLS
