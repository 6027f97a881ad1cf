/* bk-universe-view-charts.c — the Universe view's charts: the memory
 * timeline as the run goes, before and after of "Compare memory", the
 * inclusion probabilities; on screen and into files. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-export.h"
#include "bk-format.h"
#include "bk-painter.h"
#include "bk-universe-view-private.h"

/* A line of resident memory against time. */
typedef struct {
  const GArray *points;         /* Point */
  BkRgb rgb;
  const char *name;
} Trace;

static void
stroke_trace (cairo_t *cr, const BkPlotArea *plot, double seconds, const GArray *points, gboolean cells)
{
  cairo_new_path (cr);
  for (guint i = 0; i < points->len; i++)
    {
      const Point *p = &g_array_index (points, Point, i);
      double x = plot->left + p->t / seconds * plot->width;
      double y = bk_plot_area_y (plot, cells ? (double) p->cells : p->rss_bytes / 1048576.0);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

/* Resident memory (MiB) against seconds for each trace; with `live`, the
 * first trace's run also gets its warning threshold as a dashed line, its
 * cleanups as drops labelled with what they gave back, and, in a pane
 * below, the cells its runs held, with the chunks' boundaries as ticks. */
static void
draw_memory (BkUniverseView *self, cairo_t *cr, int width, int height, const Trace *traces, guint n, gboolean live)
{
  BkPainterColors colors;
  double most_rss = 1, most_cells = 1, seconds = 1e-3;
  guint64 threshold = live && self->warn_bytes > 0 ? self->start_rss + self->warn_bytes : 0;

  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  if (n == 0 || traces[0].points->len < 2)
    return;
  for (guint s = 0; s < n; s++)
    for (guint i = 0; i < traces[s].points->len; i++)
      {
        const Point *p = &g_array_index (traces[s].points, Point, i);

        most_rss = MAX (most_rss, (double) p->rss_bytes);
        most_cells = MAX (most_cells, (double) p->cells);
        seconds = MAX (seconds, p->t);
      }
  most_rss = MAX (most_rss, (double) threshold);

  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  /* Under the plot, the ticks' labels, and under them the axis's title. */
  double left = 24, plot_width = MAX (width - 24 - 64, 10), top = 24, bottom = height - 34;
  double split = live ? top + (bottom - top) * 0.64 : bottom;
  BkPlotArea rss = { left, plot_width, 0, split, top, split, 0, most_rss * 1.1 / 1048576.0, FALSE };
  BkPlotArea cells = { left, plot_width, split, height - split, split + 14, bottom, 0, most_cells * 1.15, FALSE };
  BkPlotArea x_axis = { left, plot_width, 0, height, top, bottom, 0, 1, FALSE };
  const char *names[4];
  BkRgb rgbs[4];
  guint n_legend = 0;
  BkRgb cells_rgb = bk_painter_palette (&colors, 1);

  for (guint s = 0; s < n; s++, n_legend++)
    {
      names[n_legend] = traces[s].name;
      rgbs[n_legend] = traces[s].rgb;
    }
  if (threshold > 0)
    {
      names[n_legend] = _("warning threshold");
      rgbs[n_legend++] = colors.down;
    }
  if (live)
    {
      names[n_legend] = _("cells held");
      rgbs[n_legend++] = cells_rgb;
    }
  bk_painter_x_axis (cr, layout, &colors, &x_axis, 0, seconds);
  bk_painter_y_axis (cr, layout, &colors, &rss);
  if (live)
    bk_painter_y_axis (cr, layout, &colors, &cells);
  bk_painter_set_rgb (cr, colors.fg, 0.6);
  bk_painter_text (cr, layout, _("MiB"), left + plot_width + 6, 2, 0.0, 0.0);
  bk_painter_text (cr, layout, _("seconds"), left + plot_width, height - 2, 1.0, 1.0);
  bk_painter_legend (cr, layout, &colors, 4, 2, NULL, n_legend, names, rgbs, NULL);

  cairo_save (cr);
  cairo_rectangle (cr, left, top, plot_width, bottom - top);
  cairo_clip (cr);
  if (live)
    {
      const GArray *points = traces[0].points;

      /* The chunks' boundaries, where the chunk number changes. */
      bk_painter_set_rgb (cr, colors.fg, 0.3);
      cairo_set_line_width (cr, 1.0);
      for (guint i = 1; i < points->len; i++)
        {
          const Point *a = &g_array_index (points, Point, i - 1), *b = &g_array_index (points, Point, i);

          if (b->chunk != a->chunk)
            {
              double x = round (left + b->t / seconds * plot_width) + 0.5;
              cairo_move_to (cr, x, bottom - 6);
              cairo_line_to (cr, x, bottom);
            }
        }
      cairo_stroke (cr);
      /* Every line opaque, in its swatch's colour. */
      bk_painter_set_rgb (cr, cells_rgb, 1.0);
      cairo_set_line_width (cr, 1.5);
      stroke_trace (cr, &cells, seconds, points, TRUE);
    }
  if (threshold > 0)
    {
      double y = round (bk_plot_area_y (&rss, threshold / 1048576.0)) + 0.5;
      static const double dash[] = { 5.0, 3.0 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      bk_painter_set_rgb (cr, colors.down, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + plot_width, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  for (guint s = n; s-- > 0;)
    {
      bk_painter_set_rgb (cr, traces[s].rgb, 1.0);
      cairo_set_line_width (cr, 2.0);
      stroke_trace (cr, &rss, seconds, traces[s].points, FALSE);
    }
  if (live)
    {
      /* Each cleanup: a drop from what was held to what was left, and
       * what it gave back when there is room to say it. */
      gboolean labels = self->cleanups->len <= 12;

      for (guint i = 0; i < self->cleanups->len; i++)
        {
          const CleanupMark *c = &g_array_index (self->cleanups, CleanupMark, i);
          double x = round (left + c->t / seconds * plot_width) + 0.5;
          double y0 = bk_plot_area_y (&rss, c->before_bytes / 1048576.0);
          double y1 = bk_plot_area_y (&rss, c->after_bytes / 1048576.0);

          bk_painter_set_rgb (cr, colors.up, 0.9);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, MAX (y1, y0 + 3));
          cairo_stroke (cr);
          cairo_arc (cr, x, MAX (y1, y0 + 3), 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
          if (labels && c->before_bytes > c->after_bytes)
            {
              g_autofree char *freed = bk_format_bytes (c->before_bytes - c->after_bytes);
              g_autofree char *text = g_strdup_printf ("−%s", freed);

              bk_painter_text (cr, layout, text, x + 3, y0 - 2, 0.0, 1.0);
            }
        }
    }
  cairo_restore (cr);
}

static void
draw_timeline (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BkUniverseView *self = user_data;
  BkPainterColors colors;

  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  Trace trace = { self->points, bk_painter_palette (&colors, 0), _("resident memory") };
  draw_memory (self, cr, width, height, &trace, 1, TRUE);
}

static char *
series_name (const Series *series, const char *which)
{
  g_autofree char *peak = bk_format_bytes (series->peak_rss_bytes);
  g_autofree char *chunk = bk_format_count (series->chunk);
  /* TRANSLATORS: how a universe was cut up: its chunk size in symbols. */
  g_autofree char *chunks = series->chunk == 0 ? g_strdup (_("one chunk"))
                                               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "chunks of %s symbol",
                                                                               "chunks of %s symbols", series->chunk),
                                                                  chunk);

  /* TRANSLATORS: "before" or "after", the memory mode (0, 1, -1, -2), how
   * the universe was cut up, the peak resident memory and the time taken. */
  return g_strdup_printf (_("%s: mode %d, %s — peak %s, %.2f s"), which, (int) series->mode, chunks, peak,
                          series->elapsed);
}

static void
draw_compare (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BkUniverseView *self = user_data;

  if (!self->compared)
    return;
  g_autofree char *before = series_name (&self->before, _("before"));
  g_autofree char *after = series_name (&self->after, _("after"));
  const Trace traces[] = {
    { self->before.points, bk_painter_mode_rgb (self->before.mode), before },
    { self->after.points, bk_painter_mode_rgb (self->after.mode), after },
  };
  draw_memory (self, cr, width, height, traces, 2, FALSE);
}

/* The features' posterior inclusion probabilities, most probable first,
 * as horizontal bars from 0 to 1. */
static void
draw_pip (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BkUniverseView *self = user_data;
  BkPainterColors colors;
  guint order[BK_REG_MAX_FEATURES];

  if (self->result == NULL || self->fit == NULL)
    return;
  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  guint k = self->result->n_features;
  for (guint j = 0; j < k; j++)
    order[j] = j;
  for (guint a = 0; a < k; a++)
    for (guint b = a + 1; b < k; b++)
      if (self->fit->pip[order[b]] > self->fit->pip[order[a]])
        {
          guint t = order[a];
          order[a] = order[b];
          order[b] = t;
        }

  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  double label_width = 0;
  for (guint j = 0; j < k; j++)
    label_width = MAX (label_width, bk_painter_text_width (layout, self->result->features[j]));
  double left = label_width + 16, right = width - 60, row = (height - 24.0) / MAX (k, 1);
  BkPlotArea axis = { left, right - left, 0, height, 0, height - 20, 0, 1, FALSE };

  bk_painter_x_axis (cr, layout, &colors, &axis, 0, 1);
  for (guint i = 0; i < k; i++)
    {
      guint j = order[i];
      double y = 2 + i * row, h = MAX (row * 0.7, 2);
      char value[32];

      bk_painter_set_rgb (cr, colors.fg, 0.8);
      bk_painter_text (cr, layout, self->result->features[j], label_width + 8, y + h / 2, 1.0, 0.5);
      bk_painter_set_rgb (cr, bk_painter_palette (&colors, 0), 0.85);
      cairo_rectangle (cr, left, y, MAX (self->fit->pip[j] * (right - left), 1), h);
      cairo_fill (cr);
      g_snprintf (value, sizeof value, "%.3f", self->fit->pip[j]);
      bk_painter_set_rgb (cr, colors.fg, 0.7);
      bk_painter_text (cr, layout, value, left + self->fit->pip[j] * (right - left) + 4, y + h / 2, 0.0, 0.5);
    }
}

void
bk_universe_view_draw_timeline (BkUniverseView *self, cairo_t *cr, int width, int height)
{
  draw_timeline (self->timeline_chart, cr, width, height, self);
}

void
bk_universe_view_draw_pip (BkUniverseView *self, cairo_t *cr, int width, int height)
{
  draw_pip (self->pip_chart, cr, width, height, self);
}

void
bk_universe_view_draw_compare (BkUniverseView *self, cairo_t *cr, int width, int height)
{
  draw_compare (self->compare_chart, cr, width, height, self);
}

static void
draw_timeline_file (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_timeline (data, cr, width, height);
}

static void
draw_pip_file (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_pip (data, cr, width, height);
}

static void
draw_compare_file (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_compare (data, cr, width, height);
}

gboolean
bk_universe_view_export_charts (BkUniverseView *self, const char *path, GError **error)
{
  const BkExportChart charts[] = {
    { "memory", 1200, 420, draw_timeline_file },
    { "pip", 1000, 400, draw_pip_file },
    { "before-after", 1200, 420, draw_compare_file },
  };

  g_return_val_if_fail (self->result != NULL, FALSE);
  return bk_export_charts (path, charts, self->compared ? 3 : 2, self, error);
}

void
bk_universe_view_init_charts (BkUniverseView *self)
{
  gtk_drawing_area_set_draw_func (self->timeline_chart, draw_timeline, self, NULL);
  gtk_drawing_area_set_draw_func (self->compare_chart, draw_compare, self, NULL);
  gtk_drawing_area_set_draw_func (self->pip_chart, draw_pip, self, NULL);
}
