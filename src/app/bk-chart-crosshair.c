/* bk-chart-crosshair.c — the crosshair (bk-chart-crosshair.h). */

#include "config.h"

#include <math.h>

#include "bk-chart-crosshair.h"

void
bk_chart_format_value (char *buf, gsize size, double v)
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

static void
draw_tag (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const char *text, double x, double y,
          double xalign, double yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  double left = round (x - xalign * (w + 6)), top = round (y - yalign * (h + 2));
  bk_painter_set_rgb (cr, colors->fg, 0.85);
  cairo_rectangle (cr, left, top, w + 6, h + 2);
  cairo_fill (cr);
  bk_painter_set_rgb (cr, colors->bg, 1.0);
  cairo_move_to (cr, left + 3, top + 1);
  pango_cairo_show_layout (cr, layout);
}

/* The crosshair, the value tags and the box of values under the pointer;
 * only the widget draws it, over its frame. */
void
bk_chart_draw_crosshair (cairo_t *cr, BkChartModel *model, BkChartRenderer *renderer, const BkChartLook *look,
                         double pointer_x, double pointer_y)
{
  const BkPlotPlan *plan = bk_chart_model_get_plan (model);
  guint64 n_bars = bk_chart_model_get_n_bars (model);
  double plot_left, plot_top, plot_width, plot_bottom, view_start, bar_px;
  BkPainterColors colors;

  if (plan == NULL || bk_plot_plan_get_feed_line (plan, BK_FEED_CLOSE) == NULL || n_bars == 0
      || bk_chart_renderer_get_n_columns (renderer) == 0)
    return;
  bk_chart_renderer_get_plot (renderer, &plot_left, &plot_top, &plot_width, &plot_bottom);
  if (pointer_x < plot_left || pointer_x > plot_left + plot_width || pointer_y < plot_top || pointer_y > plot_bottom)
    return;

  bk_chart_model_get_view (model, &view_start, NULL);
  bar_px = bk_chart_renderer_get_bar_px (renderer);
  double fbar = view_start + (pointer_x - plot_left) / bar_px;
  if (fbar < 0 || fbar >= (double) n_bars)
    return;
  guint64 bar = (guint64) fbar;
  double x = bk_chart_renderer_get_aggregated (renderer) ? floor (pointer_x) + 0.5
             : round (plot_left + ((double) bar + 0.5 - view_start) * bar_px) + 0.5;
  gint under = bk_chart_renderer_get_pane_at (renderer, pointer_y);
  char buf[64];

  bk_painter_colors_init (&colors, &look->fg, look->red_up);
  PangoLayout *layout = bk_painter_create_layout (cr);

  static const double dash[] = { 3.0, 3.0 };
  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors.fg, 0.5);
  cairo_move_to (cr, x, plot_top);
  cairo_line_to (cr, x, plot_bottom);
  if (under >= 0)
    {
      double y = round (pointer_y) + 0.5;
      cairo_move_to (cr, plot_left, y);
      cairo_line_to (cr, plot_left + plot_width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Value on the right axis, date on the time axis. */
  if (under >= 0)
    {
      double ax, data_top, aw, data_height, ymin, ymax;

      bk_chart_renderer_get_pane_area (renderer, under, &ax, &data_top, &aw, &data_height);
      bk_chart_renderer_get_pane_range (renderer, under, &ymin, &ymax);
      if (pointer_y >= data_top && pointer_y <= data_top + data_height)
        {
          double v = ymax - (pointer_y - data_top) / data_height * (ymax - ymin);
          bk_chart_format_value (buf, sizeof buf, v);
          draw_tag (cr, layout, &colors, buf, plot_left + plot_width + 2, pointer_y, 0, 0.5);
        }
    }
  double t = bk_line_get_at (bk_plot_plan_get_feed_line (plan, BK_FEED_DATETIME), bar);
  g_autoptr(GDateTime) dt = isnan (t) ? NULL : g_date_time_new_from_unix_utc ((gint64) t);
  g_autofree char *date = dt == NULL ? g_strdup ("–")
                          : g_date_time_format (dt, bk_plot_plan_has_time (plan) ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
  draw_tag (cr, layout, &colors, date, x, plot_bottom + 1, 0.5, 0);

  /* The box: date, OHLC(V), then each drawn line. */
  GString *text = g_string_new (date);
  static const char *const ohlcv[] = { NULL, "O", "H", "L", "C", "V" };
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (bk_plot_plan_get_feed_line (plan, i) != NULL)
      {
        bk_chart_format_value (buf, sizeof buf, bk_line_get_at (bk_plot_plan_get_feed_line (plan, i), bar));
        g_string_append_printf (text, "%s%s %s", i == BK_FEED_OPEN ? "\n" : "  ", ohlcv[i], buf);
      }
  for (BkPlotMark m = BK_PLOT_MARK_BUY; m <= BK_PLOT_MARK_SELL; m++)
    {
      BkLine *line = bk_plot_plan_get_marks (plan, m);
      double v = line != NULL ? bk_line_get_at (line, bar) : NAN;
      if (!isnan (v))
        {
          bk_chart_format_value (buf, sizeof buf, v);
          g_string_append_printf (text, "\n%s at %s", m == BK_PLOT_MARK_BUY ? "buy" : "sell", buf);
        }
    }
  for (guint p = 0; p < bk_plot_plan_get_n_panes (plan); p++)
    {
      const BkPlotPane *pane = bk_plot_plan_get_pane (plan, p);

      if (!bk_chart_model_get_pane_shown (model, p))
        continue;
      for (guint s = 0; s < bk_plot_pane_get_n_series (pane); s++)
        {
          const BkPlotSeries *series = bk_plot_pane_get_series (pane, s);
          double v = bk_line_get_at (bk_plot_series_get_line (series), bar);

          if (bk_plot_series_get_style (series) == BK_PLOT_STYLE_DOTS && isnan (v))
            continue;
          bk_chart_format_value (buf, sizeof buf, v);
          g_string_append_printf (text, "\n%s  %s", bk_plot_series_get_label (series), buf);
        }
    }
  pango_layout_set_text (layout, text->str, -1);
  g_string_free (text, TRUE);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  double bw = w + 12, bh = h + 8;
  double bx = pointer_x + 16, by = pointer_y + 16;
  if (bx + bw > plot_left + plot_width)
    bx = pointer_x - 16 - bw;
  if (by + bh > plot_bottom)
    by = pointer_y - 16 - bh;
  bx = round (MAX (bx, plot_left));
  by = round (MAX (by, plot_top));
  bk_painter_set_rgb (cr, colors.bg, 0.92);
  cairo_rectangle (cr, bx + 0.5, by + 0.5, bw, bh);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  bk_painter_set_rgb (cr, colors.fg, 0.3);
  cairo_stroke (cr);
  bk_painter_set_rgb (cr, colors.fg, 0.9);
  cairo_move_to (cr, bx + 6, by + 4);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}
