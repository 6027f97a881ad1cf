/* bench-chart.c — how long one frame of the chart takes on a million bars.
 *
 * Builds the memory-savings run (mode -1) over 1,000,000 generated intraday
 * bars, then draws it into a 1600×900 image 50 times: the first draw
 * aggregates the bars into pixel columns, the next ones reuse that, as the
 * widget does while only the crosshair moves.  A second series pans by one
 * bar before each draw, so that every frame aggregates again; then views
 * of fewer bars than pixels.  `bench-chart [LAST.png [WHOLE.png]]` also
 * writes the last and the whole-range frames. */

#include <stdio.h>
#include <stdlib.h>

#include "bk-chart.h"
#include "bk-chart-private.h"

#define BARS 1000000
#define FRAMES 50
#define WIDTH 1600
#define HEIGHT 900

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what, double *ms, guint n)
{
  qsort (ms, n, sizeof (double), compare_doubles);
  printf ("%-34s best %7.2f ms   median %7.2f ms   worst %7.2f ms\n", what, ms[0], ms[n / 2], ms[n - 1]);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  double ms[FRAMES];

  gtk_init ();

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  if (strategy == NULL)
    g_error ("%s", error->message);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", BARS, 1, TRUE);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, &error);
  if (run == NULL || !bk_run_execute (run, source, NULL, &error))
    g_error ("%s", error->message);
  printf ("run: %" G_GUINT64_FORMAT " bars in %.2f s\n", bk_run_get_bars (run), bk_run_get_elapsed (run));

  GtkWidget *widget = g_object_ref_sink (bk_chart_new ());
  BkChart *chart = BK_CHART (widget);
  bk_chart_set_run (chart, run);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  gint64 start = g_get_monotonic_time ();
  bk_chart_draw (chart, cr, WIDTH, HEIGHT);
  printf ("first draw (aggregates %d bars):   %7.2f ms\n", BARS, (g_get_monotonic_time () - start) / 1000.0);

  for (guint i = 0; i < FRAMES; i++)
    {
      start = g_get_monotonic_time ();
      bk_chart_draw (chart, cr, WIDTH, HEIGHT);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  report ("whole range, aggregates cached:", ms, FRAMES);
  if (argc > 2)
    cairo_surface_write_to_png (surface, argv[2]);

  /* Nearly everything visible, a different view each frame. */
  bk_chart_zoom (chart, 0.98, 0.5);
  for (guint i = 0; i < FRAMES; i++)
    {
      bk_chart_pan (chart, (i % 2) ? 1.0 : -1.0);
      start = g_get_monotonic_time ();
      bk_chart_draw (chart, cr, WIDTH, HEIGHT);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  report ("98% of the range, panned each frame:", ms, FRAMES);

  /* Fewer bars than pixels: candles and lines drawn bar by bar. */
  static const double zoomed[] = { 1200, 300 };
  for (guint z = 0; z < G_N_ELEMENTS (zoomed); z++)
    {
      double start_bar, end_bar;
      bk_chart_get_view (chart, &start_bar, &end_bar);
      bk_chart_zoom (chart, zoomed[z] / (end_bar - start_bar), 0.5);
      for (guint i = 0; i < FRAMES; i++)
        {
          bk_chart_pan (chart, (i % 2) ? 1.0 : -1.0);
          start = g_get_monotonic_time ();
          bk_chart_draw (chart, cr, WIDTH, HEIGHT);
          ms[i] = (g_get_monotonic_time () - start) / 1000.0;
        }
      g_autofree char *what = g_strdup_printf ("%.0f bars, panned each frame:", zoomed[z]);
      report (what, ms, FRAMES);
    }

  if (argc > 1)
    cairo_surface_write_to_png (surface, argv[1]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (widget);
  return 0;
}
