/* bk-universe-view-charts.c — the Universe view's charts: the memory
 * timeline as the run goes and before and after of "Compare memory" (both
 * timeline plots), the inclusion probabilities; on screen and into
 * files. */
#include "config.h"

#include <glib/gi18n.h>

#include "bk-export.h"
#include "bk-format.h"
#include "bk-painter.h"
#include "bk-universe-view-private.h"

/* Where the plots go: room under the x axis for its title. */
static const BkTimelineLayout timeline_layout = { 24, 64, 24, 34, 2.0, 0.64, TRUE };
static const BkTimelineLayout compare_layout = { 24, 64, 24, 34, 2.0, 0, FALSE };

void
bk_universe_view_begin_timeline (BkUniverseView *self)
{
  BkTimelinePlot *plot = self->timeline_chart;

  g_array_set_size (self->points, 0);
  /* Resident memory against seconds, with the growth warning's threshold;
   * in a pane below, the cells the runs held. */
  bk_timeline_plot_clear (plot);
  bk_timeline_plot_set_layout (plot, &timeline_layout);
  bk_timeline_plot_set_x_unit (plot, BK_TIMELINE_X_SECONDS);
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_BYTES, FALSE);
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_COUNT, FALSE);
  bk_timeline_plot_add_palette_series (plot, 0, _("resident memory"), 0);
  if (self->warn_bytes > 0)
    bk_timeline_plot_add_threshold (plot, 0, _("warning threshold"), self->start_rss + self->warn_bytes);
  bk_timeline_plot_add_palette_series (plot, 1, _("cells held"), 1);
}

void
bk_universe_view_add_point (BkUniverseView *self, const Point *point, const BkUniverseCleanupRecord *cleanup)
{
  BkTimelinePlot *plot = self->timeline_chart;
  guint cells = bk_timeline_plot_get_n_series (plot) - 1;

  /* The chunks' boundaries, where the chunk number changes. */
  if (self->points->len > 0 && g_array_index (self->points, Point, self->points->len - 1).chunk != point->chunk)
    bk_timeline_plot_add_x_mark (plot, point->t);
  g_array_append_val (self->points, *point);
  bk_timeline_plot_append (plot, 0, point->t, point->rss_bytes);
  bk_timeline_plot_append (plot, cells, point->t, point->cells);
  if (cleanup != NULL)
    {
      /* What the cleanup gave back, from what was held to what was left. */
      g_autofree char *freed = cleanup->before_bytes > cleanup->after_bytes
                               ? bk_format_bytes (cleanup->before_bytes - cleanup->after_bytes) : NULL;
      g_autofree char *label = freed != NULL ? g_strdup_printf ("−%s", freed) : NULL;

      bk_timeline_plot_add_drop (plot, 0, point->t, cleanup->before_bytes, cleanup->after_bytes, label);
    }
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

void
bk_universe_view_fill_compare (BkUniverseView *self)
{
  BkTimelinePlot *plot = self->compare_chart;

  bk_timeline_plot_clear (plot);
  bk_timeline_plot_set_layout (plot, &compare_layout);
  bk_timeline_plot_set_x_unit (plot, BK_TIMELINE_X_SECONDS);
  if (!self->compared)
    return;
  /* Resident memory against seconds, each run in its mode's colour. */
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_BYTES, FALSE);
  const Series *runs[] = { &self->before, &self->after };
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autofree char *name = series_name (runs[r], r == 0 ? _("before") : _("after"));
      BkRgb rgb = bk_painter_mode_rgb (runs[r]->mode);
      guint series = bk_timeline_plot_add_series (plot, 0, name, &rgb);

      for (guint i = 0; i < runs[r]->points->len; i++)
        {
          const Point *p = &g_array_index (runs[r]->points, Point, i);

          bk_timeline_plot_append (plot, series, p->t, p->rss_bytes);
        }
    }
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
  bk_timeline_plot_draw (self->timeline_chart, cr, width, height);
}

void
bk_universe_view_draw_pip (BkUniverseView *self, cairo_t *cr, int width, int height)
{
  draw_pip (self->pip_chart, cr, width, height, self);
}

void
bk_universe_view_draw_compare (BkUniverseView *self, cairo_t *cr, int width, int height)
{
  bk_timeline_plot_draw (self->compare_chart, cr, width, height);
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
  gtk_drawing_area_set_draw_func (self->pip_chart, draw_pip, self, NULL);
}
