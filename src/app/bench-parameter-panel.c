/* bench-parameter-panel.c — how long the parameter panel's re-run takes,
 * from a slider's change to the chart drawn with its result: the figure
 * docs/benchmarks.md ("The parameter panel") reports.
 *
 * `bench-parameter-panel CSV [MOVES]` opens the window (run it under Xvfb
 * with GSK_RENDERER=cairo, as the tests do), shows the SMA crossover in
 * the editor, runs it on CSV once, then moves the slider of sma.period
 * MOVES times (default 40), one step each from a window at rest (50 ms
 * after the last frame; BENCH_BACK_TO_BACK=1: at once), waiting after
 * each for the run to end and the window's next frame to be painted; it
 * prints the median, the 90th percentile and the longest of those times. */

#include <gtk/gtk.h>
#include <stdio.h>

#include "bk-application.h"
#include "bk-run-view.h"
#include "bk-window.h"

static BkWindow *window;
static BkRunView *run_view;
static gboolean awaiting_paint;
static gint64 painted_at;

static void
on_after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  if (awaiting_paint)
    {
      awaiting_paint = FALSE;
      painted_at = g_get_monotonic_time ();
    }
}

static void
run_to_end (void)
{
  while (bk_run_view_is_running (run_view))
    g_main_context_iteration (NULL, TRUE);
}

/* Lets the window be for `us`: what it had to draw is drawn, and the
 * frame clock, which starts a frame at most every 1/60 s, is idle. */
static void
settle (gint64 us)
{
  gint64 until = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: bench-parameter-panel CSV [MOVES]\n");
      return 2;
    }
  guint moves = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 40;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
  g_autoptr(GError) error = NULL;

  gtk_init ();
  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");
  g_application_hold (G_APPLICATION (app));
  window = bk_window_new (GTK_APPLICATION (app));
  run_view = BK_RUN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, "run_view"));
  gtk_window_present (GTK_WINDOW (window));
  settle (G_USEC_PER_SEC);

  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new_builtin ("sma-crossover", &error);
  g_assert_no_error (error);
  bk_run_view_set_document (run_view, document);
  bk_window_open_data (window, file);
  run_to_end ();
  GtkAdjustment *period = bk_parameter_panel_get_adjustment (bk_run_view_get_parameter_panel (run_view),
                                                             "sma.period");
  g_assert (period != NULL);

  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint64 bars = 0;
  for (guint i = 0; i < moves; i++)
    {
      double value = 10 + (i % 20);
      if (value == gtk_adjustment_get_value (period))
        value += 20;
      /* Each move from a window at rest, as one change of the slider
       * is: made at once after the last frame, a move would wait for the
       * frame clock's next slot (60 a second), the display's rate and
       * not the re-run's cost.  BENCH_BACK_TO_BACK=1 measures that. */
      if (g_getenv ("BENCH_BACK_TO_BACK") == NULL)
        settle (50 * 1000);
      gint64 began = g_get_monotonic_time ();
      gtk_adjustment_set_value (period, value);
      run_to_end ();
      gint64 ended = g_get_monotonic_time ();
      awaiting_paint = TRUE;
      while (awaiting_paint)
        g_main_context_iteration (NULL, TRUE);
      gint64 took = painted_at - began;
      g_array_append_val (times, took);
      if (g_getenv ("BENCH_VERBOSE") != NULL)
        printf ("move %u: run ended after %.1f ms (%.1f ms on its worker), painted %.1f ms later\n", i,
                (ended - began) / 1000.0, bk_run_get_elapsed (bk_run_view_get_shown (run_view)) * 1000.0,
                (painted_at - ended) / 1000.0);
      bars = bk_run_get_bars (bk_run_view_get_shown (run_view));
    }
  g_array_sort (times, compare_times);
  printf ("%u slider moves on %s (%" G_GUINT64_FORMAT " bars), change to chart painted: median %.1f ms, "
          "90th percentile %.1f ms, longest %.1f ms\n",
          moves, argv[1], bars, g_array_index (times, gint64, moves / 2) / 1000.0,
          g_array_index (times, gint64, moves * 9 / 10) / 1000.0, g_array_index (times, gint64, moves - 1) / 1000.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
