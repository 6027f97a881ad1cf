/* test-chart.c — the chart draws what a run keeps, exports it, and reads a
 * run that is still executing.
 *
 * The test owns the main context throughout, as g_application_run() does:
 * what a worker posts to it with g_main_context_invoke() then runs on the
 * main thread, as in the application, and not on the worker. */

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bk-chart.h"
#include "bk-chart-model.h"
#include "bk-chart-private.h"
#include "bk-format.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define SEED 7
#define WIDTH 1200
#define HEIGHT 800

static BkRun *
make_run (const char *strategy_id, BkMode mode, guint64 bars, gboolean intraday, gboolean execute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (strategy_id, &error);
  g_assert_no_error (error);
  BkRun *run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  if (execute)
    {
      g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, intraday);
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_assert_no_error (error);
    }
  return run;
}

static BkChart *
make_chart (BkRun *run)
{
  BkChart *chart = BK_CHART (g_object_ref_sink (bk_chart_new ()));

  bk_chart_set_run (chart, run);
  return chart;
}

/* `counts` (may be NULL) receives what the frame drew. */
static cairo_surface_t *
draw_to_image (BkChart *chart, BkChartDrawCounts *counts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  if (counts != NULL)
    bk_chart_draw_counted (chart, cr, WIDTH, HEIGHT, counts);
  else
    bk_chart_draw (chart, cr, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels of the area that are neither the background (its corner pixel)
 * nor grey: what lines, candles and marks paint. */
static guint
count_coloured_pixels (cairo_surface_t *surface, double x, double y, double w, double h)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int j = (int) y; j < (int) (y + h); j++)
    for (int i = (int) x; i < (int) (x + w); i++)
      {
        guint32 p = *(const guint32 *) (gconstpointer) (data + j * stride + i * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (MAX (MAX (r, g), b) - MIN (MIN (r, g), b) > 60)
          count++;
      }
  return count;
}

static void
test_draw_every_pane (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 2000, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  cairo_surface_t *surface = draw_to_image (chart, NULL);
  guint n = bk_chart_get_n_panes (chart);

  /* Broker, price, stoch, rsi, macd, cci: sma is drawn over the price. */
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < n; i++)
    {
      double x, y, w, h;

      bk_chart_get_pane_area (chart, i, &x, &y, &w, &h);
      g_assert_cmpfloat (h, >, 20);
      guint painted = count_coloured_pixels (surface, x, y, w, h);
      g_test_message ("pane %u (%s): %u coloured pixels", i, bk_chart_get_pane_title (chart, i), painted);
      g_assert_cmpuint (painted, >, w / 2);
    }
  cairo_surface_destroy (surface);
}

static void
test_levels_and_titles (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 500, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  BkChartDrawCounts counts = { 0 };
  cairo_surface_t *surface = draw_to_image (chart, &counts);

  g_assert_cmpstr (bk_chart_get_pane_title (chart, 0), ==, "Broker");
  g_assert_cmpstr (bk_chart_get_pane_title (chart, 1), ==, "price");
  g_assert_true (g_str_has_prefix (bk_chart_get_pane_title (chart, 3), "RSI"));
  g_assert_null (bk_chart_get_pane_title (chart, bk_chart_get_n_panes (chart)));
  /* Stochastic 80/20, RSI 70/30 and CCI 100/-100 carry their values. */
  g_assert_cmpuint (counts.level_labels, >=, 6);
  cairo_surface_destroy (surface);
}

static gboolean
has_pane (BkChart *chart, const char *title)
{
  for (guint i = 0; i < bk_chart_get_n_panes (chart); i++)
    if (g_strcmp0 (bk_chart_get_pane_title (chart, i), title) == 0)
      return TRUE;
  return FALSE;
}

/* ParabolicSAR as a dot a bar, Ichimoku's cloud shaded between its two
 * spans, on the price pane; the other lines as lines; HeikinAshi as
 * candles in a pane of its own. */
static void
test_dots_and_cloud (void)
{
  static const char *const text =
    "[strategy]\nname=cloud\n\n[indicator psar]\nexpr=ParabolicSAR()\n\n[indicator cloud]\nexpr=Ichimoku()\n\n"
    "[indicator ha]\nexpr=HeikinAshi()\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "cloud.ini", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 200, SEED, FALSE);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkChart) chart = make_chart (run);
  BkChartDrawCounts counts = { 0 };
  cairo_surface_t *surface = draw_to_image (chart, &counts);

  /* 199 values of the stop (from bar 2); the spans both from bar 78: 123 values, 122 stretches. */
  g_test_message ("%u dots, %u cloud stretches", counts.dots, counts.cloud_stretches);
  g_assert_cmpuint (counts.dots, ==, 199);
  g_assert_cmpuint (counts.cloud_stretches, ==, 122);
  g_assert_true (has_pane (chart, "HeikinAshi"));
  for (guint i = 0; i < bk_chart_get_n_panes (chart); i++)
    if (g_strcmp0 (bk_chart_get_pane_title (chart, i), "HeikinAshi") == 0)
      {
        double x, y, w, h;

        bk_chart_get_pane_area (chart, i, &x, &y, &w, &h);
        /* Candles: their bodies fill far more than a line would. */
        g_assert_cmpuint (count_coloured_pixels (surface, x, y, w, h), >, 2 * w);
      }
  cairo_surface_destroy (surface);
}

/* testind is declared plot=false: mode -2 keeps it as rings, which are
 * never read; mode -1 keeps it whole but it is still not plotted. */
static void
test_unplotted_not_drawn (void)
{
  g_autoptr(BkRun) run2 = make_run ("memory-savings", BK_MODE_PLOT_SAVE_UNPLOTTED, 1000, FALSE, TRUE);
  g_autoptr(BkRun) run1 = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 1000, FALSE, TRUE);
  g_autoptr(BkChart) chart2 = make_chart (run2);
  g_autoptr(BkChart) chart1 = make_chart (run1);
  cairo_surface_t *s2 = draw_to_image (chart2, NULL);
  cairo_surface_t *s1 = draw_to_image (chart1, NULL);

  g_assert_false (has_pane (chart2, "testind"));
  g_assert_false (has_pane (chart1, "testind"));
  g_assert_cmpuint (bk_chart_get_n_panes (chart2), ==, bk_chart_get_n_panes (chart1));
  g_assert_cmpuint (bk_chart_get_n_panes (chart2), ==, 6);
  cairo_surface_destroy (s2);
  cairo_surface_destroy (s1);
}

static void
test_minimal_mode_draws_nothing (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_MINIMAL, 300, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  cairo_surface_t *surface = draw_to_image (chart, NULL);

  g_assert_cmpuint (bk_chart_get_n_panes (chart), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_trades_and_marks (void)
{
  g_autoptr(BkRun) run = make_run ("sma-crossover", BK_MODE_PLOT_SAVE_INTERNALS, 2000, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  BkChartDrawCounts counts = { 0 };
  cairo_surface_t *surface = draw_to_image (chart, &counts);

  g_assert_cmpuint (bk_run_get_broker (run)->trades->len, >, 0);
  g_assert_true (has_pane (chart, "Trades"));
  /* Broker, price with sma over it, Trades. */
  g_assert_cmpuint (bk_chart_get_n_panes (chart), ==, 3);

  /* Marks are thinned to one of a kind every 20 pixels in the full view,
   * and all shown once zoomed in far enough. */
  double x, y, w, h;
  bk_chart_get_pane_area (chart, 1, &x, &y, &w, &h);
  guint trades = bk_run_get_broker (run)->trades->len;
  g_test_message ("%u trades, %u marks drawn over %.0f pixels", trades, counts.marks, w);
  g_assert_cmpuint (counts.marks, >, 0);
  g_assert_cmpuint (counts.marks, <=, 2 * (guint) (w / 20 + 1));
  g_assert_cmpuint (counts.marks, <, 2 * trades);
  /* The value's drawdown is shaded: it falls below its peak at times. */
  g_test_message ("%u columns of drawdown", counts.drawdown_columns);
  g_assert_cmpuint (counts.drawdown_columns, >, 10);
  cairo_surface_destroy (surface);
  bk_chart_zoom (chart, 0.05, 0.5);
  BkChartDrawCounts zoomed = { 0 };
  surface = draw_to_image (chart, &zoomed);
  g_assert_cmpuint (zoomed.marks, >, 0);
  cairo_surface_destroy (surface);
}

/* A bracketed short system: short and cover marks apart from buys and
 * sells, its stop and target as dashed levels, its short trades ringed,
 * and a trade shown from the results highlighted. */
static void
test_short_marks_and_levels (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bk_test_data_file ("orders/short-bracket.ini");
  g_autofree char *data = bk_test_data_file ("datas/2006-day-001.txt");
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkSource) source = bk_source_new_csv (data, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkChart) chart = make_chart (run);
  BkChartDrawCounts counts = { 0 };
  cairo_surface_t *surface = draw_to_image (chart, &counts);
  const BkBroker *broker = bk_run_get_broker (run);

  g_test_message ("%u short, %u cover marks; %u level segments; %u rings", counts.marks_of[BK_PLOT_MARK_SHORT],
                  counts.marks_of[BK_PLOT_MARK_COVER], counts.order_levels, counts.rings);
  g_assert_cmpuint (counts.marks_of[BK_PLOT_MARK_BUY] + counts.marks_of[BK_PLOT_MARK_SELL], ==, 0);
  g_assert_cmpuint (counts.marks_of[BK_PLOT_MARK_SHORT], >, 3);
  g_assert_cmpuint (counts.marks_of[BK_PLOT_MARK_COVER], >, 3);
  /* A stop and a target for each trade held past its fill bar. */
  g_assert_cmpuint (counts.order_levels, >=, broker->trades->len);
  g_assert_cmpuint (counts.rings, ==, broker->trades->len);
  g_assert_cmpuint (counts.highlighted_bars, ==, 0);
  cairo_surface_destroy (surface);

  const BkTrade *trade = &g_array_index (broker->trades, BkTrade, 1);
  bk_chart_show_period (chart, trade->open_datetime, trade->close_datetime);
  BkChartDrawCounts shown = { 0 };
  surface = draw_to_image (chart, &shown);
  g_assert_cmpuint (shown.highlighted_bars, ==, trade->bars + 1);
  g_assert_cmpuint (shown.marks_of[BK_PLOT_MARK_SHORT], >=, 1);
  g_assert_cmpuint (shown.marks_of[BK_PLOT_MARK_COVER], >=, 1);
  cairo_surface_destroy (surface);

  /* A long-only strategy's chart has no short marks and no levels. */
  g_autoptr(BkRun) plain = make_run ("sma-crossover", BK_MODE_PLOT_SAVE_INTERNALS, 2000, FALSE, TRUE);
  g_autoptr(BkChart) plain_chart = make_chart (plain);
  BkChartDrawCounts plain_counts = { 0 };
  surface = draw_to_image (plain_chart, &plain_counts);
  g_assert_cmpuint (plain_counts.marks_of[BK_PLOT_MARK_BUY], >, 0);
  g_assert_cmpuint (plain_counts.marks_of[BK_PLOT_MARK_SHORT] + plain_counts.order_levels + plain_counts.rings, ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_zoom_and_reset (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 2000, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  double start, end;

  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, 2000);

  /* Zooming in around the middle keeps the middle bar there. */
  bk_chart_zoom (chart, 0.1, 0.5);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat_with_epsilon (end - start, 200, 1e-6);
  g_assert_cmpfloat_with_epsilon ((start + end) / 2, 1000, 1e-6);
  cairo_surface_destroy (draw_to_image (chart, NULL));

  /* Panning stops at the ends. */
  bk_chart_pan (chart, 1e9);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end, ==, 2000);
  bk_chart_pan (chart, -1e9);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (start, ==, 0);

  /* No further in than a few bars. */
  bk_chart_zoom (chart, 1e-9, 0.5);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end - start, >=, 10 - 1e-9);
  cairo_surface_destroy (draw_to_image (chart, NULL));

  bk_chart_reset_view (chart);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, 2000);
}

static void
check_magic (const char *path, const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  if (strcmp (magic, "<svg") == 0)
    g_assert_nonnull (g_strstr_len (contents, MIN (length, 512), magic));
  else
    g_assert_cmpmem (contents, strlen (magic), magic, strlen (magic));
}

static void
test_export_formats (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 1000, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", &error);
  g_assert_no_error (error);
  static const struct {
    const char *name;
    BkChartFormat format;
    const char *magic;
  } cases[] = {
    { "chart.png", BK_CHART_FORMAT_PNG, "\x89PNG\r\n\x1a\n" },
    { "chart.svg", BK_CHART_FORMAT_SVG, "<svg" },
    { "chart.pdf", BK_CHART_FORMAT_PDF, "%PDF-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);

      g_assert_true (bk_chart_export (chart, path, cases[i].format, 900, 600, &error));
      g_assert_no_error (error);
      check_magic (path, cases[i].magic);
      g_unlink (path);
    }
  /* Nothing partial is left behind: the directory is empty again. */
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_export_error_names_path (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 100, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  g_autoptr(GError) error = NULL;
  const char *path = "/nonexistent-dir/chart.png";

  g_assert_false (bk_chart_export (chart, path, BK_CHART_FORMAT_PNG, 400, 300, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));

  /* A failed export leaves the file that was there as it was. */
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", NULL);
  g_autofree char *existing = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *contents = NULL;
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (existing, "before", -1, NULL));
  g_assert_false (bk_chart_export (chart, existing, BK_CHART_FORMAT_PDF, 0, 300, &error));
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "before");
  g_unlink (existing);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct {
  BkRun *run;
  BkSource *source;
  gint cancel;
  gint done;
  gboolean ok;
  GError *error;
} Worker;

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;

  worker->ok = bk_run_execute (worker->run, worker->source, &worker->cancel, &worker->error);
  g_atomic_int_set (&worker->done, 1);
  return NULL;
}

static void
test_draw_while_running (void)
{
  Worker worker = { 0 };
  guint draws = 0;

  worker.run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 0, TRUE, FALSE);
  worker.source = bk_source_new_generated ("generated", 300000, SEED, TRUE);
  g_autoptr(BkChart) chart = make_chart (worker.run);
  GThread *thread = g_thread_new ("run", worker_run, &worker);

  do
    {
      bk_chart_refresh (chart);
      cairo_surface_destroy (draw_to_image (chart, NULL));
      if (draws % 3 == 1)
        bk_chart_zoom (chart, 0.5, 1.0);
      else if (draws % 3 == 2)
        bk_chart_reset_view (chart);
      draws++;
    }
  while (!g_atomic_int_get (&worker.done) && draws < 100000);

  g_thread_join (thread);
  g_assert_no_error (worker.error);
  g_assert_true (worker.ok);
  g_test_message ("%u draws while the run executed", draws);
  g_assert_cmpuint (draws, >=, 1);

  bk_chart_refresh (chart);
  bk_chart_reset_view (chart);
  cairo_surface_destroy (draw_to_image (chart, NULL));
  double start, end;
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end, ==, 300000);

  bk_source_free (worker.source);
  bk_run_free (worker.run);
}

/* ---- a run posting refreshes from its worker, as the window does -------- */

static GThread *main_thread;

typedef struct {
  BkChart *chart;
  guint on_main;                /* atomic */
  guint elsewhere;              /* atomic */
  guint frames;
} Refreshes;

static gboolean
refresh_on_main_cb (gpointer data)
{
  Refreshes *refreshes = data;

  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&refreshes->on_main);
  else
    g_atomic_int_inc (&refreshes->elsewhere);
  bk_chart_refresh (refreshes->chart);
  return G_SOURCE_REMOVE;
}

/* On the worker, a few times a second: what bk-window.c's progress
 * callback does. */
static void
on_progress_cb (BkRun *run, gpointer data)
{
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, refresh_on_main_cb, data, NULL);
}

static void
on_after_paint_cb (GdkFrameClock *clock, Refreshes *refreshes)
{
  refreshes->frames++;
}

static void
test_refresh_posted_while_running (void)
{
  Worker worker = { 0 };
  Refreshes refreshes = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bk_chart_new ();

  worker.run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 0, TRUE, FALSE);
  worker.source = bk_source_new_generated ("generated", 1000000, SEED, TRUE);
  refreshes.chart = BK_CHART (chart);
  bk_run_set_progress_func (worker.run, on_progress_cb, &refreshes);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  bk_chart_set_run (BK_CHART (chart), worker.run);
  gtk_window_present (GTK_WINDOW (window));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  gulong paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &refreshes);

  GThread *thread = g_thread_new ("run", worker_run, &worker);
  while (!g_atomic_int_get (&worker.done))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_thread_join (thread);
  /* What the worker posted last. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_no_error (worker.error);
  g_assert_true (worker.ok);

  g_test_message ("%u refreshes on the main thread, %u elsewhere; %u frames", refreshes.on_main,
                  refreshes.elsewhere, refreshes.frames);
  g_assert_cmpuint (refreshes.elsewhere, ==, 0);
  g_assert_cmpuint (refreshes.on_main, >=, 1);
  g_assert_cmpuint (refreshes.frames, >=, 1);

  g_signal_handler_disconnect (clock, paint_id);
  gtk_window_destroy (GTK_WINDOW (window));
  bk_source_free (worker.source);
  bk_run_free (worker.run);
}

static void
test_widget_in_window (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 1000, TRUE, TRUE);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bk_chart_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  bk_chart_set_run (BK_CHART (chart), run);
  bk_chart_set_style (BK_CHART (chart), BK_CHART_BARS);
  bk_chart_set_red_up (BK_CHART (chart), TRUE);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (bk_chart_get_run (BK_CHART (chart)) == run);
  bk_chart_set_run (BK_CHART (chart), NULL);
  g_assert_null (bk_chart_get_run (BK_CHART (chart)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The time axis labels periods that begin within the bars shown: bars
 * from April 1996 get no "1995" or "1996" clamped to their left edge. */
static void
test_time_axis_starts_inside (void)
{
  g_autoptr(BkRun) run = make_run ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS, 2000, FALSE, TRUE);
  g_autoptr(BkChart) chart = make_chart (run);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  BkChartDrawCounts counts = { .time_labels = labels };
  cairo_surface_t *surface = draw_to_image (chart, &counts);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (all, " %s", (const char *) g_ptr_array_index (labels, i));
  g_test_message ("time axis:%s", all->str);
  g_assert_cmpuint (labels->len, >=, 3);
  for (guint i = 0; i < labels->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (labels, i), !=, "1995");
      g_assert_cmpstr (g_ptr_array_index (labels, i), !=, "1996");
    }
  g_string_free (all, TRUE);
  cairo_surface_destroy (surface);
}

static gboolean have_display;

/* The chart is a widget: without a display (run under xvfb-run) it cannot
 * be made, and each test says so rather than fail. */
static void
run_with_display (gconstpointer data)
{
  if (!have_display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return;
    }
  ((GTestFunc) data) ();
}

/* The window's numbers: digits grouped in threes with ',' whatever the
 * numeric locale says (C.UTF-8 groups nothing, zh_CN.UTF-8 does), '.'
 * as the decimal mark, sizes in IEC units. */
static void
test_numbers_grouped_in_every_locale (void)
{
  static const char *const locales[] = { "C.UTF-8", "zh_CN.UTF-8" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      if (setlocale (LC_NUMERIC, locales[i]) == NULL)
        {
          g_test_message ("no locale %s here", locales[i]);
          continue;
        }
      g_autofree char *count = bk_format_count (1500);
      g_autofree char *zero = bk_format_count (0);
      g_autofree char *big = bk_format_count (G_GUINT64_CONSTANT (18446744073709551615));
      g_autofree char *value = bk_format_number (98855.374, 2, FALSE);
      g_autofree char *gain = bk_format_number (1234567.5, 1, TRUE);
      g_autofree char *loss = bk_format_number (-0.62, 2, TRUE);
      g_autofree char *none = bk_format_number (-0.001, 2, TRUE);
      g_autofree char *nan_text = bk_format_number (NAN, 2, FALSE);
      g_autofree char *bytes = bk_format_bytes (1668504);
      g_autofree char *small = bk_format_bytes (1);
      g_autofree char *kib = bk_format_bytes (1048575);

      g_test_message ("%s: %s, %s, %s, %s", locales[i], count, value, gain, bytes);
      g_assert_cmpstr (count, ==, "1,500");
      g_assert_cmpstr (zero, ==, "0");
      g_assert_cmpstr (big, ==, "18,446,744,073,709,551,615");
      g_assert_cmpstr (value, ==, "98,855.37");
      g_assert_cmpstr (gain, ==, "+1,234,567.5");
      g_assert_cmpstr (loss, ==, "-0.62");
      g_assert_cmpstr (none, ==, "0.00");
      g_assert_cmpstr (nan_text, ==, "—");
      g_assert_cmpstr (bytes, ==, "1.6 MiB");
      g_assert_cmpstr (small, ==, "1 byte");
      g_assert_cmpstr (kib, ==, "1.0 MiB");
    }
  setlocale (LC_NUMERIC, saved);
}

static void
add_test (const char *path, GTestFunc func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_with_display);
}

/* The model keeps the view without a widget: a view that reaches the
 * last bar follows the bars as they come, one panned back stays where it
 * is; a new run is announced ("run-changed"), new bars are not. */
typedef struct {
  BkChartModel *model;
  guint run_changes;
  double start, end;      /* the view at the last bar */
} ModelWatch;

static void
on_model_run_changed (BkChartModel *model, ModelWatch *watch)
{
  watch->run_changes++;
}

static void
model_follow_bar (BkRun *run, gpointer user_data)
{
  ModelWatch *watch = user_data;
  guint64 bars = bk_run_get_bars (run);

  if (bars % 100 != 0)
    return;
  bk_chart_model_refresh (watch->model);
  g_assert_cmpuint (bk_chart_model_get_n_bars (watch->model), ==, bars);
  if (bars == 500)
    bk_chart_model_zoom (watch->model, 0.1, 1.0);
  if (bars == 800)
    {
      double start, end;

      bk_chart_model_get_view (watch->model, &start, &end);
      g_assert_cmpfloat (end, ==, 800.0);
      g_assert_cmpfloat (end - start, ==, 50.0);
      bk_chart_model_pan (watch->model, -100.0);
    }
  bk_chart_model_get_view (watch->model, &watch->start, &watch->end);
}

static void
test_model_view_follows (void)
{
  g_autoptr(BkRun) run = make_run ("sma-crossover", BK_MODE_PLOT_SAVE_INTERNALS, 0, FALSE, FALSE);
  g_autoptr(BkChartModel) model = bk_chart_model_new ();
  g_autoptr(GError) error = NULL;
  ModelWatch watch = { model, 0, 0, 0 };

  g_signal_connect (model, "run-changed", G_CALLBACK (on_model_run_changed), &watch);
  bk_chart_model_set_run (model, run);
  g_assert_cmpuint (watch.run_changes, ==, 1);
  g_assert_cmpuint (bk_chart_model_get_n_bars (model), ==, 0);
  g_assert_nonnull (bk_chart_model_get_plan (model));

  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 1000, SEED, FALSE);
  bk_run_set_bar_func (run, model_follow_bar, &watch);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);

  /* Panned back at bar 800 to [650, 700): still there at bar 1000. */
  g_assert_cmpfloat (watch.start, ==, 650.0);
  g_assert_cmpfloat (watch.end, ==, 700.0);
  g_assert_false (bk_chart_model_get_view_full (model));
  bk_chart_model_set_run (model, run);
  g_assert_cmpuint (watch.run_changes, ==, 1);
  bk_chart_model_set_run (model, NULL);
  g_assert_cmpuint (watch.run_changes, ==, 2);
  g_assert_null (bk_chart_model_get_plan (model));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  /* Owned for good, as g_application_run() owns it. */
  main_thread = g_thread_self ();
  g_assert_true (g_main_context_acquire (g_main_context_default ()));

  add_test ("/chart/dots-and-cloud", test_dots_and_cloud);
  add_test ("/chart/draw/every-pane-painted", test_draw_every_pane);
  add_test ("/chart/draw/levels-and-titles", test_levels_and_titles);
  add_test ("/chart/draw/unplotted-not-drawn", test_unplotted_not_drawn);
  add_test ("/chart/draw/minimal-mode-nothing", test_minimal_mode_draws_nothing);
  add_test ("/chart/draw/trades-and-marks", test_trades_and_marks);
  add_test ("/chart/draw/short-marks-and-levels", test_short_marks_and_levels);
  add_test ("/chart/view/zoom-pan-reset", test_zoom_and_reset);
  g_test_add_func ("/chart/model/view-follows-new-bars", test_model_view_follows);
  add_test ("/chart/draw/time-axis-starts-inside", test_time_axis_starts_inside);
  add_test ("/chart/export/formats", test_export_formats);
  add_test ("/chart/export/error-names-path", test_export_error_names_path);
  add_test ("/chart/draw/while-running", test_draw_while_running);
  add_test ("/chart/widget/in-window", test_widget_in_window);
  add_test ("/chart/widget/refresh-posted-while-running", test_refresh_posted_while_running);
  g_test_add_func ("/format/numbers-grouped-in-every-locale", test_numbers_grouped_in_every_locale);
  int status = g_test_run ();
  g_main_context_release (g_main_context_default ());
  return status;
}
