/* test-display-ring.c — the live window of a mode 1 run: the last N bars
 * of the lines a plotted run draws, the same values, read by another
 * thread while the run goes (ThreadSanitizer sees the two sides). */

#include <locale.h>
#include <math.h>

#include "bk-display-ring.h"
#include "bk-test-util.h"

#define SEED 7

static BkRun *
make_run (const char *strategy_id, BkMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (strategy_id, &error);
  g_assert_no_error (error);
  BkRun *run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  return run;
}

/* The ring's plan has the plotted run's panes and series, over its own
 * lines; its cells are capacity × lines and do not count in the run's. */
static void
test_plan_and_cells (void)
{
  g_autoptr(BkRun) minimal = make_run ("memory-savings", BK_MODE_MINIMAL);
  g_autoptr(BkRun) plotted = make_run ("memory-savings", BK_MODE_PLOT_SAVE_UNPLOTTED);
  g_autoptr(BkPlotPlan) plan = bk_plot_plan_new (plotted);
  g_autoptr(BkDisplayRing) ring = bk_display_ring_new (minimal, 300);
  const BkPlotPlan *ring_plan = bk_display_ring_get_plan (ring);
  guint64 run_cells = bk_run_get_cells (minimal);

  g_assert_cmpuint (bk_plot_plan_get_n_panes (ring_plan), ==, bk_plot_plan_get_n_panes (plan));
  for (guint p = 0; p < bk_plot_plan_get_n_panes (plan); p++)
    g_assert_cmpuint (bk_plot_pane_get_n_series (bk_plot_plan_get_pane (ring_plan, p)), ==,
                      bk_plot_pane_get_n_series (bk_plot_plan_get_pane (plan, p)));
  g_assert_nonnull (bk_plot_plan_get_feed_line (ring_plan, BK_FEED_CLOSE));
  g_assert_null (bk_plot_plan_get_feed_line (ring_plan, BK_FEED_OPENINTEREST));
  g_assert_cmpuint (bk_display_ring_get_n_lines (ring), >, 6);
  g_assert_cmpuint (bk_display_ring_get_cells (ring), ==, 300 * bk_display_ring_get_n_lines (ring));

  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 2000, SEED, FALSE);
  bk_display_ring_attach (ring);
  g_assert_true (bk_run_execute (minimal, source, NULL, &error));
  g_assert_no_error (error);
  /* The run's own cells are what mode 1 keeps, whatever the ring holds. */
  g_assert_cmpuint (bk_run_get_cells (minimal), ==, run_cells);
  g_assert_cmpuint (bk_display_ring_get_cells (ring), ==, 300 * bk_display_ring_get_n_lines (ring));
}

typedef struct {
  BkRun *run;
  BkSource *source;
  BkDisplayRing *ring;
  gint done;
} Worker;

static void
on_bar (BkRun *run, gpointer user_data)
{
  Worker *worker = user_data;

  bk_display_ring_push (worker->ring);
  /* Often, so that the reader meets the writer. */
  if (bk_run_get_bars (run) % 37 == 0)
    bk_display_ring_publish (worker->ring);
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bk_run_execute (worker->run, worker->source, NULL, &error));
  bk_display_ring_publish (worker->ring);
  g_atomic_int_set (&worker->done, 1);
  return NULL;
}

/* Updated on this thread while the run goes on another: never more than
 * N bars, times in order; at the end the last N closes, SMA values and
 * datetimes of a mode 0 run of the same bars. */
static void
test_read_while_running (void)
{
  const guint n = 250, bars = 20000;
  g_autoptr(BkRun) whole = make_run ("memory-savings", BK_MODE_KEEP_ALL);
  g_autoptr(BkSource) whole_source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(GError) error = NULL;
  g_assert_true (bk_run_execute (whole, whole_source, NULL, &error));
  g_autoptr(BkPlotPlan) whole_plan = bk_plot_plan_new (whole);

  Worker worker = { 0 };
  worker.run = make_run ("memory-savings", BK_MODE_MINIMAL);
  worker.source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  worker.ring = bk_display_ring_new (worker.run, n);
  bk_run_set_bar_func (worker.run, on_bar, &worker);
  const BkPlotPlan *plan = bk_display_ring_get_plan (worker.ring);
  const BkLine *datetime = bk_plot_plan_get_feed_line (plan, BK_FEED_DATETIME);
  guint updates = 0;

  GThread *thread = g_thread_new ("ring-writer", worker_main, &worker);
  while (!g_atomic_int_get (&worker.done))
    {
      if (!bk_display_ring_update (worker.ring))
        {
          g_thread_yield ();
          continue;
        }
      updates++;
      guint length = bk_display_ring_get_length (worker.ring);
      g_assert_cmpuint (length, <=, n);
      g_assert_cmpuint (bk_line_get_published_length (datetime), ==, length);
      for (guint i = 1; i < length; i++)
        g_assert_cmpfloat (bk_line_get_at (datetime, i - 1), <, bk_line_get_at (datetime, i));
    }
  g_thread_join (thread);
  bk_display_ring_update (worker.ring);
  g_test_message ("%u updates while the run went", updates);

  g_assert_cmpuint (bk_display_ring_get_length (worker.ring), ==, n);
  g_assert_cmpuint (bk_display_ring_get_pushed (worker.ring), ==, bars);
  for (BkFeedLine f = BK_FEED_DATETIME; f <= BK_FEED_VOLUME; f++)
    {
      const BkLine *shown = bk_plot_plan_get_feed_line (plan, f);
      const BkLine *all = bk_plot_plan_get_feed_line (whole_plan, f);

      for (guint i = 0; i < n; i++)
        g_assert_cmpfloat (bk_line_get_at (shown, i), ==, bk_line_get_at (all, bars - n + i));
    }
  /* Every series of every pane, NaN where the whole run has NaN. */
  for (guint p = 0; p < bk_plot_plan_get_n_panes (plan); p++)
    for (guint s = 0; s < bk_plot_pane_get_n_series (bk_plot_plan_get_pane (plan, p)); s++)
      {
        const BkLine *shown = bk_plot_series_get_line (bk_plot_pane_get_series (bk_plot_plan_get_pane (plan, p), s));
        const BkLine *all = bk_plot_series_get_line (bk_plot_pane_get_series (bk_plot_plan_get_pane (whole_plan, p), s));

        for (guint i = 0; i < n; i++)
          {
            double a = bk_line_get_at (shown, i), b = bk_line_get_at (all, bars - n + i);
            g_assert_true ((isnan (a) && isnan (b)) || a == b);
          }
      }
  bk_display_ring_unref (worker.ring);
  bk_source_free (worker.source);
  bk_run_free (worker.run);
}

/* Replayed, a bar stepped again at every tick takes its own row: the ring
 * holds bars, not ticks, and its last rows are the resampled bars' (their
 * prices; a replayed bar's time is its last tick's). */
static void
test_replayed_bars (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bk_test_data_file ("ticks/ticks-ms.csv");
  BkPeriod period;
  const guint n = 40;

  g_assert_true (bk_period_parse ("1min", &period, &error));
  g_autoptr(BkRun) whole = make_run ("sma-crossover", BK_MODE_KEEP_ALL);
  g_autoptr(BkSource) resampled = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  bk_source_set_resample (resampled, &period, BK_RESAMPLE);
  g_assert_true (bk_run_execute (whole, resampled, NULL, &error));
  g_assert_no_error (error);
  guint64 bars = bk_run_get_bars (whole);
  g_assert_cmpuint (bars, >, n);

  g_autoptr(BkRun) minimal = make_run ("sma-crossover", BK_MODE_MINIMAL);
  g_autoptr(BkDisplayRing) ring = bk_display_ring_new (minimal, n);
  g_autoptr(BkSource) replayed = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  bk_source_set_resample (replayed, &period, BK_REPLAY);
  bk_display_ring_attach (ring);
  g_assert_true (bk_run_execute (minimal, replayed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bk_run_get_bars (minimal), ==, bars);
  bk_display_ring_publish (ring);
  bk_display_ring_update (ring);
  g_assert_cmpuint (bk_display_ring_get_pushed (ring), ==, bars);
  g_assert_cmpuint (bk_display_ring_get_length (ring), ==, n);

  g_autoptr(BkPlotPlan) whole_plan = bk_plot_plan_new (whole);
  const BkPlotPlan *plan = bk_display_ring_get_plan (ring);
  for (BkFeedLine f = BK_FEED_OPEN; f <= BK_FEED_VOLUME; f++)
    {
      const BkLine *shown = bk_plot_plan_get_feed_line (plan, f);
      const BkLine *all = bk_plot_plan_get_feed_line (whole_plan, f);

      for (guint i = 0; i < n; i++)
        g_assert_cmpfloat (bk_line_get_at (shown, i), ==, bk_line_get_at (all, bars - n + i));
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/display-ring/plan-and-cells", test_plan_and_cells);
  g_test_add_func ("/display-ring/read-while-running", test_read_while_running);
  g_test_add_func ("/display-ring/replayed-bars", test_replayed_bars);
  return g_test_run ();
}
