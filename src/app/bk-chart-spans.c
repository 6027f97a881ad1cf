/* bk-chart-spans.c — the chart's dense parts written straight into an
 * image surface's pixels (bk-chart-spans.h), or filled with cairo on a
 * vector target. */
#include "config.h"

#include <string.h>

#include "bk-chart-spans.h"

void
bk_chart_spans_init (BkChartSpans *sp, cairo_t *cr)
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

void
bk_chart_spans_clear (BkChartSpans *sp)
{
  g_free (sp->lo);
  g_free (sp->hi);
  sp->lo = sp->hi = NULL;
}

/* Starts a run of spans of one colour, clipped to a rectangle. */
void
bk_chart_spans_begin (BkChartSpans *sp, double x, double y, double width, double height, BkRgb c, double alpha)
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

void
bk_chart_spans_end (BkChartSpans *sp)
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
blend (guint32 dst, const BkChartSpans *sp, double coverage)
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
void
bk_chart_spans_column (BkChartSpans *sp, int px, double y0, double y1)
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
void
bk_chart_spans_rect (BkChartSpans *sp, double x0, double y0, double x1, double y1)
{
  if (sp->image == NULL)
    {
      cairo_rectangle (sp->cr, x0, y0, x1 - x0, y1 - y0);
      return;
    }
  int px0 = (int) round (x0 * sp->scale);
  int px1 = MAX (px0 + 1, (int) round (x1 * sp->scale));

  for (int px = MAX (px0, sp->clip_x0); px < MIN (px1, sp->clip_x1); px++)
    bk_chart_spans_column (sp, px, y0 * sp->scale, y1 * sp->scale);
}
