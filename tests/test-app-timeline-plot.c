/* test-app-timeline-plot.c — the timeline plot on its own, under Xvfb:
 * its axes' ranges (thresholds and drops included), the x axis in bars or
 * seconds, its colours, marks, and what it draws. */
#include <math.h>

#include "bk-timeline-plot.h"

#include "test-app-common.h"

#define MIB 1048576.0

static BkTimelinePlot *
new_plot (void)
{
  return g_object_ref_sink (bk_timeline_plot_new ());
}

static BkPainterColors
plot_colors (BkTimelinePlot *plot)
{
  BkPainterColors colors;

  bk_painter_colors_for_widget (&colors, GTK_WIDGET (plot), FALSE);
  return colors;
}

static gboolean
same_rgb (BkRgb a, BkRgb b)
{
  return fabs (a.r - b.r) < 1e-9 && fabs (a.g - b.g) < 1e-9 && fabs (a.b - b.b) < 1e-9;
}

/* The value axis reaches the highest of the lines, the thresholds and the
 * drops; the x axis runs to the last x, at least a bar or a millisecond. */
static void
test_ranges (void)
{
  g_autoptr(BkTimelinePlot) plot = new_plot ();
  BkPlotArea area;
  double xmax;

  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_BYTES, FALSE);
  guint line = bk_timeline_plot_add_palette_series (plot, 0, "resident memory", 0);
  bk_timeline_plot_append (plot, line, 0.0, 100 * MIB);
  bk_timeline_plot_append (plot, line, 0.0002, 100 * MIB);
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat_with_epsilon (area.ymax, 110, 1e-9);
  /* In bars, at least one. */
  g_assert_cmpfloat (xmax, ==, 1);
  bk_timeline_plot_set_x_unit (plot, BK_TIMELINE_X_SECONDS);
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat (xmax, ==, 1e-3);
  bk_timeline_plot_append (plot, line, 2.5, 120 * MIB);
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat (xmax, ==, 2.5);

  guint threshold = bk_timeline_plot_add_threshold (plot, 0, "warning threshold", 300 * MIB);
  g_assert_cmpuint (threshold, ==, 1);
  g_assert_cmpuint (bk_timeline_plot_get_n_series (plot), ==, 2);
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat_with_epsilon (area.ymax, 330, 1e-9);
  bk_timeline_plot_add_drop (plot, 0, 1.0, 400 * MIB, 90 * MIB, "−310 MiB");
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat_with_epsilon (area.ymax, 440, 1e-9);
  g_assert_cmpuint (bk_timeline_plot_get_n_drops (plot), ==, 1);

  /* Two panes: the first down to the layout's split. */
  BkTimelineLayout layout = { 10, 50, 20, 30, 2.0, 0.75, TRUE };
  bk_timeline_plot_set_layout (plot, &layout);
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_COUNT, FALSE);
  BkPlotArea lower;
  bk_timeline_plot_pane_area (plot, 1, 600, 220, &lower, &xmax);
  g_assert_cmpfloat_with_epsilon (lower.data_top, 20 + (220 - 30 - 20) * 0.75 + 5, 1e-9);
  g_assert_cmpfloat (lower.data_bottom, ==, 220 - 30);
  g_assert_cmpfloat (lower.width, ==, 600 - 10 - 50);
}

/* Colours from the theme are taken when drawn: a palette line in the
 * palette's colour, a threshold in the warning colour. */
static void
test_colours (void)
{
  g_autoptr(BkTimelinePlot) plot = new_plot ();
  BkPainterColors colors = plot_colors (plot);
  BkRgb fixed = { 0.2, 0.4, 0.6 };

  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_COUNT, FALSE);
  guint a = bk_timeline_plot_add_series (plot, 0, "fixed", &fixed);
  guint b = bk_timeline_plot_add_palette_series (plot, 0, "palette", 3);
  guint c = bk_timeline_plot_add_threshold (plot, 0, "threshold", 10);
  g_assert_true (same_rgb (bk_timeline_plot_get_series_rgb (plot, a), fixed));
  g_assert_true (same_rgb (bk_timeline_plot_get_series_rgb (plot, b), bk_painter_palette (&colors, 3)));
  g_assert_true (same_rgb (bk_timeline_plot_get_series_rgb (plot, c), colors.down));
}

static guint
pixels_of_line (double width)
{
  g_autoptr(BkTimelinePlot) plot = new_plot ();
  BkTimelineLayout layout = { 8, 56, 20, 18, width, 0, FALSE };
  BkRgb rgb = { 0.0, 0.0, 1.0 };
  cairo_t *cr;

  bk_timeline_plot_set_layout (plot, &layout);
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_COUNT, FALSE);
  guint line = bk_timeline_plot_add_series (plot, 0, "line", &rgb);
  bk_timeline_plot_append (plot, line, 0, 5);
  bk_timeline_plot_append (plot, line, 100, 5);
  cairo_surface_t *surface = white_image (600, 200, &cr);
  bk_timeline_plot_draw (plot, cr, 600, 200);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  guint n = count_pixels_near (surface, rgb);
  cairo_surface_destroy (surface);
  return n;
}

/* Lines as thick as the layout says; the threshold dashed across its pane in
 * the warning colour; a drop in the colour of gains; nothing at all until
 * a line has two points. */
static void
test_draws (void)
{
  g_autoptr(BkTimelinePlot) plot = new_plot ();
  BkPainterColors colors = plot_colors (plot);
  cairo_t *cr;

  guint thin = pixels_of_line (2.0), thick = pixels_of_line (6.0);
  g_test_message ("a line 2 px thick: %u pixels; 6 px: %u", thin, thick);
  g_assert_cmpuint (thin, >, 400);
  g_assert_cmpuint (thick, >, 2 * thin);

  bk_timeline_plot_set_x_unit (plot, BK_TIMELINE_X_SECONDS);
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_BYTES, FALSE);
  guint line = bk_timeline_plot_add_palette_series (plot, 0, "resident memory", 0);
  bk_timeline_plot_add_threshold (plot, 0, "warning threshold", 200 * MIB);
  bk_timeline_plot_append (plot, line, 0.0, 100 * MIB);
  cairo_surface_t *surface = white_image (600, 200, &cr);
  bk_timeline_plot_draw (plot, cr, 600, 200);
  cairo_surface_flush (surface);
  g_assert_cmpuint (count_pixels_near (surface, (BkRgb) { 1, 1, 1 }), ==, 600 * 200);

  bk_timeline_plot_append (plot, line, 1.0, 150 * MIB);
  bk_timeline_plot_add_drop (plot, 0, 0.5, 150 * MIB, 60 * MIB, NULL);
  bk_timeline_plot_add_x_mark (plot, 0.5);
  g_assert_cmpuint (bk_timeline_plot_get_n_x_marks (plot), ==, 1);
  bk_timeline_plot_draw (plot, cr, 600, 200);
  cairo_surface_flush (surface);
  guint warning = count_pixels_near (surface, colors.down), gains = count_pixels_near (surface, colors.up);
  g_test_message ("threshold: %u pixels; drop: %u", warning, gains);
  /* Dashes 5 on, 3 off across the plot, beside the legend's swatch. */
  g_assert_cmpuint (warning, >, 250);
  g_assert_cmpuint (gains, >, 30);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Cleared: no lines, thresholds or marks; the x unit stays. */
  bk_timeline_plot_clear (plot);
  g_assert_cmpuint (bk_timeline_plot_get_n_series (plot), ==, 0);
  g_assert_cmpuint (bk_timeline_plot_get_n_x_marks (plot), ==, 0);
  g_assert_cmpuint (bk_timeline_plot_get_n_drops (plot), ==, 0);
  BkPlotArea area;
  double xmax;
  bk_timeline_plot_add_pane (plot, BK_TIMELINE_UNIT_BYTES, FALSE);
  bk_timeline_plot_pane_area (plot, 0, 600, 200, &area, &xmax);
  g_assert_cmpfloat (xmax, ==, 1e-3);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/timeline-plot/ranges", test_ranges);
  g_test_add_func ("/app/timeline-plot/colours", test_colours);
  g_test_add_func ("/app/timeline-plot/draws", test_draws);
  return g_test_run ();
}
