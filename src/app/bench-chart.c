/* bench-chart.c — how long one frame of the chart takes on a million bars.
 *
 * Builds the memory-savings run (mode -1) over 1,000,000 generated intraday
 * bars, then draws it into a 1600×900 image 50 times: the first draw
 * aggregates the bars into pixel columns, the next ones reuse that, as the
 * widget does while only the crosshair moves.  A second series pans by one
 * bar before each draw, so that every frame aggregates again; then views
 * of fewer bars than pixels.  `bench-chart [LAST.png [WHOLE.png]]` also
 * writes the last and the whole-range frames.
 *
 * `bench-chart --window` shows the same chart in a 1280×760 window
 * instead and times whole frames of GTK, with whichever renderer the
 * environment gives it (GSK_RENDERER=cairo GDK_DEBUG=gl-disable, or GTK's
 * GL): from the frame clock's before-paint to its after-paint (layout,
 * snapshot, the renderer's work and the buffer handed to the display), and
 * the process's CPU time a frame, every thread of it (a GL driver's
 * included).  Frames are asked for back to back, panning by one bar before
 * each in the second series. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

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

/* ---- whole frames in a window ------------------------------------------ */

#define WINDOW_FRAMES 100

typedef struct {
  BkChart *chart;
  GMainLoop *loop;
  gint64 began, began_cpu;
  gint64 series_began, series_began_cpu;
  double ms[WINDOW_FRAMES];
  guint frames;                 /* timed in this series */
  guint series;                 /* 0: warming up, 1: whole range, 2: panned */
  gboolean pan;
} WindowBench;

static gint64
process_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC + usage.ru_utime.tv_usec
         + usage.ru_stime.tv_usec;
}

static void
on_before_paint_cb (GdkFrameClock *clock, WindowBench *bench)
{
  bench->began = g_get_monotonic_time ();
  bench->began_cpu = process_cpu_us ();
}

static void
on_after_paint_cb (GdkFrameClock *clock, WindowBench *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->series > 0 && bench->frames < WINDOW_FRAMES)
    bench->ms[bench->frames++] = (now - bench->began) / 1000.0;
  if (bench->series == 0 || bench->frames == WINDOW_FRAMES)
    {
      if (bench->series > 0)
        {
          double wall = (now - bench->series_began) / 1000.0 / WINDOW_FRAMES;
          double cpu = (process_cpu_us () - bench->series_began_cpu) / 1000.0 / WINDOW_FRAMES;
          g_autofree char *what = g_strdup_printf ("%s, paint:", bench->pan ? "panned each frame" : "whole range");

          report (what, bench->ms, WINDOW_FRAMES);
          printf ("%-34s %7.2f ms of wall time, %7.2f ms of CPU a frame\n", "  back to back:", wall, cpu);
        }
      if (bench->series == 2)
        {
          g_main_loop_quit (bench->loop);
          return;
        }
      bench->series++;
      bench->pan = bench->series == 2;
      bench->frames = 0;
      bench->series_began = now;
      bench->series_began_cpu = process_cpu_us ();
    }
  if (bench->pan)
    bk_chart_pan (bench->chart, (bench->frames % 2) ? 1.0 : -1.0);
  gtk_widget_queue_draw (GTK_WIDGET (bench->chart));
}

/* The first frame (aggregating every bar) is left out; the second starts
 * the first series. */
static void
bench_window (BkRun *run)
{
  WindowBench bench = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bk_chart_new ();

  bench.chart = BK_CHART (chart);
  bench.loop = g_main_loop_new (NULL, FALSE);
  bk_chart_set_run (bench.chart, run);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gint64 start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &bench);
  while (bench.series == 0)
    g_main_context_iteration (NULL, TRUE);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  printf ("renderer %s; first frame of the window %.1f ms\n", G_OBJECT_TYPE_NAME (renderer),
          (bench.series_began - start) / 1000.0);
  g_main_loop_run (bench.loop);
  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (bench.loop);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  double ms[FRAMES];
  gboolean window = argc > 1 && strcmp (argv[1], "--window") == 0;

  gtk_init ();

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  if (strategy == NULL)
    g_error ("%s", error->message);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", BARS, 1, TRUE);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, &error);
  if (run == NULL || !bk_run_execute (run, source, NULL, &error))
    g_error ("%s", error->message);
  printf ("run: %" G_GUINT64_FORMAT " bars in %.2f s\n", bk_run_get_bars (run), bk_run_get_elapsed (run));
  if (window)
    {
      bench_window (run);
      return 0;
    }

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
