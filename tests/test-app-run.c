/* test-app-run.c — the Run view as a person uses it, under Xvfb: opening
 * data runs it, the chart and the memory panel fill, mode 1 explains
 * itself, Stop stops, the results are the CLI's, the chart and the report
 * export. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bk-chart-private.h"
#include "bk-error.h"
#include "bk-plot-plan.h"
#include "bk-report.h"
#include "bk-report-row.h"

#include "test-app-common.h"

static void
test_sample_fills_chart_and_panel (void)
{
  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  g_assert_true (bk_chart_get_run (bk_run_view_get_chart (run_view ())) == bk_run_view_get_run (run_view ()));

  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));
  g_assert_nonnull (report);
  g_assert_cmpuint (report->bars, ==, 4965);
  g_autoptr(BkReport) direct = bk_report_new (bk_run_view_get_run (run_view ()));
  g_assert_cmpuint (report->total_cells, ==, direct->total_cells);

  GListModel *rows = bk_memory_panel_get_rows (bk_run_view_get_memory_panel (run_view ()));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  g_autoptr(BkReportRow) indicators = g_list_model_get_item (rows, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bk_report_row_get_children (indicators)), ==, 6);
  g_assert_cmpuint (bk_report_row_get_cells (indicators), ==, report->indicators->total_cells);
}

static void
test_mode1_shows_status_page (void)
{
  bk_window_set_mode (window, BK_MODE_MINIMAL);
  run_and_wait ();
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "no-plot");
  g_assert_null (bk_chart_get_run (bk_run_view_get_chart (run_view ())));
  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));
  g_assert_cmpuint (report->total_cells, <=, 200);

  /* The page's button runs again in -1 and the chart is back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rerun-plotted", NULL));
  g_assert_true (wait_for (run_ended, 60));
  g_assert_cmpint (bk_window_get_mode (window), ==, BK_MODE_PLOT_SAVE_INTERNALS);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
}

static guint64 panel_cells_seen[64];

static guint n_panel_updates;

static void
on_panel_update (void)
{
  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));

  /* What the panel shows each time it changes. */
  if (report != NULL && n_panel_updates < G_N_ELEMENTS (panel_cells_seen)
      && (n_panel_updates == 0 || panel_cells_seen[n_panel_updates - 1] != report->total_cells))
    panel_cells_seen[n_panel_updates++] = report->total_cells;
}

/* How a run reports: every eighth of a second of its own clock (the
 * run's elapsed time, whatever the machine's load), and looks at its
 * cancel flag every 1024 bars. */
#define REPORTS_PER_SECOND 8

#define BARS_BETWEEN_LOOKS 1024

/* The frames the window drew while a run was going. */
static void
on_after_paint_cb (GdkFrameClock *clock, guint *frames)
{
  if (bk_window_is_running (window))
    (*frames)++;
}

static gboolean
run_ended_noting_panel (void)
{
  on_panel_update ();
  return run_ended ();
}

/* The reports of the run on screen that reached the window while it went:
 * the memory timeline's samples between its first (bar 0) and the end. */
static guint
count_reports (guint64 total_bars)
{
  GArray *t = bk_memory_panel_get_timeline (bk_run_view_get_memory_panel (run_view ()));
  guint reports = 0;

  for (guint i = 0; i < t->len; i++)
    {
      guint64 bars = g_array_index (t, BkCompareSample, i).bars;
      reports += bars > 0 && bars < total_bars;
    }
  return reports;
}

/* 2,000,000 bars in mode 0: the run goes on a worker while the main loop
 * keeps iterating and drawing; its reports reach the window on the main
 * thread, no more often than the run's throttle lets them, and the panel
 * grows live. */
static void
test_live_updates_never_block (void)
{
  g_autofree char *path = generated_csv (2000000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint updates_before = g_atomic_int_get (&ui_updates_on_main);
  guint frames = 0;

  g_assert_nonnull (clock);
  gulong after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &frames);
  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  n_panel_updates = 0;
  bk_window_open_data (window, file);
  /* Opening it started the run and returned: the run is on its worker. */
  g_assert_true (bk_window_is_running (window));
  guint iterations_before = iterations;
  g_assert_true (wait_for (run_ended_noting_panel, 600));
  guint iterations_during = iterations - iterations_before;
  g_signal_handler_disconnect (clock, after_id);

  BkRun *run = bk_run_view_get_run (run_view ());
  guint updates = g_atomic_int_get (&ui_updates_on_main) - updates_before;
  guint reports = count_reports (2000000);
  g_test_message ("%u main-loop iterations and %u frames while the run went; %u reports in its %.2f s; "
                  "%u updates of the window, all on the main thread; the panel showed %u different totals",
                  iterations_during, frames, reports, bk_run_get_elapsed (run), updates, n_panel_updates);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);
  g_assert_cmpuint (bk_run_get_bars (run), ==, 2000000);
  /* The main loop went on while the run did: it iterated, it drew. */
  g_assert_cmpuint (iterations_during, >=, 10);
  g_assert_cmpuint (frames, >=, 2);
  /* The run reported as it went, throttled by its own clock: no more
   * than one report an eighth of a second (and the last at its end). */
  g_assert_cmpuint (reports, >=, 2);
  g_assert_cmpuint (reports, <=, (guint) (bk_run_get_elapsed (run) * REPORTS_PER_SECOND) + 1);
  /* While it went, the label said how far it was and how long it had. */
  g_assert_true (progress_said_time_left);
  /* Each report changed the window, on the main thread, as it does in the
   * application. */
  g_assert_cmpuint (updates, >=, reports);
  g_assert_cmpuint (g_atomic_int_get (&ui_updates_elsewhere), ==, 0);
  /* Mode 0 grows while it runs. */
  guint distinct = 0;
  for (guint i = 1; i < n_panel_updates; i++)
    distinct += panel_cells_seen[i] > panel_cells_seen[i - 1];
  g_assert_cmpuint (distinct, >=, 2);
}

static gboolean
run_has_reported (void)
{
  return run_ended () || bk_memory_panel_get_timeline (bk_run_view_get_memory_panel (run_view ()))->len >= 2;
}

/* Stop in the middle of a run: the run sees its cancel flag at its next
 * look at it, within two looks' worth of bars of the Stop (counted in
 * bars, not milliseconds), and shows what it computed. */
static void
test_stop_cancels_quickly (void)
{
  g_autofree char *path = generated_csv (2000000);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bk_window_set_mode (window, BK_MODE_MINIMAL);
  bk_window_open_data (window, file);
  g_assert_true (bk_window_is_running (window));
  /* Once it has reported it is well under way, far from its end. */
  g_assert_true (wait_for (run_has_reported, 600));
  g_assert_true (bk_window_is_running (window));
  BkRun *run = bk_run_view_get_run (run_view ());
  g_assert_nonnull (run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  /* The flag is up: every bar from here on is one after the Stop. */
  guint64 at_stop = bk_run_get_bars (run);
  g_assert_true (wait_for (run_ended, 60));
  guint64 at_end = bk_run_get_bars (run);

  g_test_message ("stopped %" G_GUINT64_FORMAT " bars after Stop, at bar %" G_GUINT64_FORMAT, at_end - at_stop, at_end);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_CANCELLED);
  g_assert_true (bk_run_view_get_run (run_view ()) == run);
  g_assert_cmpuint (at_end, >=, at_stop);
  g_assert_cmpuint (at_end - at_stop, <=, 2 * BARS_BETWEEN_LOOKS);
  g_assert_cmpuint (at_end, <, 2000000);
  /* Mode 1's timeline stays flat: the same cells from the first bar. */
  GArray *t = bk_memory_panel_get_timeline (bk_run_view_get_memory_panel (run_view ()));
  g_assert_cmpuint (t->len, >=, 2);
  for (guint i = 1; i < t->len; i++)
    g_assert_cmpuint (g_array_index (t, BkCompareSample, i).cells, ==, g_array_index (t, BkCompareSample, 0).cells);
}

static void
test_export_report (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "report.csv", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "report.json", NULL);
  g_autofree char *csv_text = NULL, *json_text = NULL;
  g_autoptr(GError) error = NULL;

  bk_window_set_mode (window, BK_MODE_MINIMAL);
  run_and_wait ();
  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));
  g_autofree char *total = g_strdup_printf ("\ntotal,,,,%" G_GUINT64_FORMAT ",", report->total_cells);

  g_assert_true (bk_run_view_export_report (run_view (), csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "item,kind,line,storage,cells,bytes\n\"Data feeds/Data 0 ("));
  g_assert_nonnull (strstr (csv_text, ",close,ring,30,240\n"));
  g_assert_nonnull (strstr (csv_text, total));

  g_assert_true (bk_run_view_export_report (run_view (), json, &error));
  g_assert_true (g_file_get_contents (json, &json_text, NULL, NULL));
  g_autofree char *cells = g_strdup_printf ("\"total_cells\":%" G_GUINT64_FORMAT ",", report->total_cells);
  g_assert_true (g_str_has_prefix (json_text, "{\"mode\":1,"));
  g_assert_nonnull (strstr (json_text, cells));
}

/* The results the Run view shows are `barkeep-cli run --json`'s: the final
 * value to the cent, the number of trades and each trade's pnl. */
static void
test_results_equal_cli (void)
{
  BkResultsPanel *panel = bk_run_view_get_results_panel (run_view ());
  g_autofree char *command = g_strdup_printf ("\"%s\" run sma-crossover --json", g_getenv ("BARKEEP_CLI"));
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (bk_window_select_strategy (window, "sma-crossover"));
  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  open_path (NULL);
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  JsonObject *results = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "results");
  g_autofree char *trades = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (results, "n_trades"));

  /* The final value to the cent, its thousands grouped or not. */
  const char *shown_value = bk_results_panel_get_value (panel, "final-value");
  g_assert_nonnull (strchr (shown_value, '.'));
  guint64 cents = number_between (shown_value, "", NULL);
  g_assert_cmpuint (cents, ==, (guint64) llround (json_object_get_double_member (results, "final_value") * 100));
  g_assert_cmpstr (bk_results_panel_get_value (panel, "trades"), ==, trades);
  JsonArray *list = json_object_get_array_member (results, "trades");
  GListModel *shown = bk_results_panel_get_trades (panel);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, json_array_get_length (list));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autoptr(BkTradeItem) item = g_list_model_get_item (shown, i);

      g_assert_cmpfloat (bk_trade_item_get_trade (item)->pnl, ==,
                         json_object_get_double_member (json_array_get_object_element (list, i), "pnl"));
    }

  /* A trade activated: the chart shows it, with bars around it. */
  double start, end;
  g_autoptr(BkTradeItem) first = g_list_model_get_item (shown, 0);
  g_signal_emit_by_name (panel, "show-trade", bk_trade_item_get_trade (first)->open_datetime,
                         bk_trade_item_get_trade (first)->close_datetime);
  bk_chart_get_view (bk_run_view_get_chart (run_view ()), &start, &end);
  g_assert_cmpfloat (end - start, <, bk_run_get_bars (bk_run_view_get_run (run_view ())));
  g_assert_true (bk_window_select_strategy (window, "memory-savings"));
}

/* A run made in another mode than the one now chosen says so, until the
 * next run. */
static void
test_stale_until_next_run (void)
{
  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  g_assert_null (bk_run_view_get_stale_note (run_view ()));
  bk_window_set_mode (window, BK_MODE_MINIMAL);
  g_assert_nonnull (bk_run_view_get_stale_note (run_view ()));
  g_assert_nonnull (strstr (bk_run_view_get_stale_note (run_view ()), "mode -1"));
  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  g_assert_null (bk_run_view_get_stale_note (run_view ()));
  bk_window_set_mode (window, BK_MODE_MINIMAL);
  run_and_wait ();
  g_assert_null (bk_run_view_get_stale_note (run_view ()));
}

/* The chart exports as its name's extension says; another extension is
 * refused, and a name without one gets .png. */
static void
test_export_chart_extensions (void)
{
  g_autofree char *jpg = g_build_filename (tmpdir, "chart.jpg", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "chart.SVG", NULL);
  g_autofree char *bare = g_build_filename (tmpdir, "chart", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "chart.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  g_assert_false (bk_run_view_export_chart (run_view (), jpg, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "'chart.jpg'"));
  g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));
  g_assert_false (g_file_test (jpg, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (bk_run_view_export_chart (run_view (), svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (bk_run_view_export_chart (run_view (), bare, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (bare, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (png, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\x89PNG"));
  g_remove (svg);
  g_remove (png);
}

/* The trade list at the window's default width: its eight columns fit the
 * side pane (nothing to scroll to), and each P&L cell is coloured by its
 * own sign (trade 12 gains 0.40 before commission and loses 0.62 after). */
static void
test_trade_list_fits (void)
{
  BkResultsPanel *panel = bk_run_view_get_results_panel (run_view ());
  GtkWidget *side = gtk_widget_get_ancestor (GTK_WIDGET (panel), GTK_TYPE_STACK);

  g_assert_true (bk_window_select_strategy (window, "sma-crossover"));
  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  gtk_stack_set_visible_child (GTK_STACK (side), GTK_WIDGET (panel));
  wait_frames (50);
  GtkWidget *scrolled = find_descendant (GTK_WIDGET (panel), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_test_message ("trade list %.0f px wide in %.0f px", gtk_adjustment_get_upper (h),
                  gtk_adjustment_get_page_size (h));
  g_assert_cmpfloat (gtk_adjustment_get_page_size (h), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);

  g_autoptr(BkTradeItem) twelfth = g_list_model_get_item (bk_results_panel_get_trades (panel), 11);
  g_assert_cmpfloat (bk_trade_item_get_trade (twelfth)->pnl, >, 0);
  g_assert_cmpfloat (bk_trade_item_get_trade (twelfth)->pnl_comm, <, 0);
  g_assert_cmpstr (bk_trade_item_get_css_class (twelfth, FALSE), ==, "success");
  g_assert_cmpstr (bk_trade_item_get_css_class (twelfth, TRUE), ==, "error");
  GtkWidget *gain = find_label (scrolled, "+0.40"), *loss = find_label (scrolled, "-0.62");
  g_assert_nonnull (gain);
  g_assert_nonnull (loss);
  g_assert_true (gtk_widget_has_css_class (gain, "success"));
  g_assert_true (gtk_widget_has_css_class (loss, "error"));

  gtk_stack_set_visible_child_name (GTK_STACK (side), "memory");
  g_assert_true (bk_window_select_strategy (window, "memory-savings"));
}

/* The widgets of `type` below `widget`, depth first. */
static void
collect_descendants (GtkWidget *widget, GType type, GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect_descendants (child, type, found);
    }
}

/* A bracketed short system from the orders corpus: its short and cover
 * marks and its stop and target levels are planned for the chart and
 * drawn; every order is listed with its fate beside the trades, marked
 * short; the analyzers count the shorts; an order clicked is shown on the
 * chart, its bars lit. */
static void
test_orders_listed_and_shown (void)
{
  BkResultsPanel *panel = bk_run_view_get_results_panel (run_view ());
  g_autofree char *source = g_strdup (g_getenv ("BARKEEP_SOURCE_DIR"));
  g_autofree char *strategy = g_build_filename (source, "tests", "data", "orders", "short-bracket.ini", NULL);
  g_autofree char *data = g_build_filename (source, "tests", "data", "datas", "2006-day-001.txt", NULL);
  BkChart *chart = bk_run_view_get_chart (run_view ());

  g_assert_true (bk_window_select_strategy (window, strategy));
  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (data);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);

  BkRun *run = bk_run_view_get_run (run_view ());
  const BkBroker *broker = bk_run_get_broker (run);
  g_autoptr(BkPlotPlan) plan = bk_plot_plan_new (run);
  g_assert_nonnull (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_SHORT));
  g_assert_nonnull (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_COVER));
  const BkPlotPane *price = NULL;
  for (guint i = 0; i < bk_plot_plan_get_n_panes (plan); i++)
    if (bk_plot_pane_get_kind (bk_plot_plan_get_pane (plan, i)) == BK_PLOT_PANE_PRICE)
      price = bk_plot_plan_get_pane (plan, i);
  guint levels = 0;
  for (guint i = 0; i < bk_plot_pane_get_n_series (price); i++)
    levels += bk_plot_series_get_style (bk_plot_pane_get_series (price, i)) == BK_PLOT_STYLE_LEVEL;
  g_assert_cmpuint (levels, ==, 3);

  /* Every order, in the order made, with its fate; the trades short. */
  GListModel *orders = bk_results_panel_get_orders (panel);
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, broker->orders->len);
  g_assert_cmpuint (g_list_model_get_n_items (orders), >, 20);
  guint cancelled = 0;
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(BkOrderItem) item = g_list_model_get_item (orders, i);

      g_assert_cmpuint (bk_order_item_get_order (item)->ref, ==, i + 1);
      cancelled += bk_order_item_get_order (item)->status == BK_ORDER_CANCELED;
    }
  g_assert_cmpuint (cancelled, >, 0);
  g_autofree char *n_short = g_strdup_printf ("%u (", broker->trades->len);
  g_assert_true (g_str_has_prefix (bk_results_panel_get_value (panel, "trades-short"), n_short));
  g_assert_true (g_str_has_prefix (bk_results_panel_get_value (panel, "trades-long"), "0 ("));
  g_assert_nonnull (bk_results_panel_get_value (panel, "year-2006"));
  g_assert_nonnull (find_label (GTK_WIDGET (panel), "S"));
  g_assert_null (find_label (GTK_WIDGET (panel), "L"));

  /* The orders' list, clicked: the chart shows the order's bars, lit. */
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  collect_descendants (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW, views);
  g_assert_cmpuint (views->len, ==, 2);
  GtkColumnView *orders_view = g_ptr_array_index (views, 1);
  g_assert_true (gtk_column_view_get_model (orders_view) != NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (orders_view))), ==,
                    broker->orders->len);
  double start, end;
  BkChartDrawCounts before = { 0 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 600);
  cairo_t *cr = cairo_create (surface);
  bk_chart_draw_counted (chart, cr, 900, 600, &before);
  g_assert_cmpuint (before.highlighted_bars, ==, 0);
  g_assert_cmpuint (before.marks_of[BK_PLOT_MARK_SHORT], >, 0);
  g_assert_cmpuint (before.order_levels, >, 0);
  g_signal_emit_by_name (orders_view, "activate", 3);
  g_autoptr(BkOrderItem) fourth = g_list_model_get_item (orders, 3);
  g_assert_cmpint (bk_order_item_get_order (fourth)->status, ==, BK_ORDER_COMPLETED);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end - start, <, bk_run_get_bars (run));
  BkChartDrawCounts after = { 0 };
  bk_chart_draw_counted (chart, cr, 900, 600, &after);
  /* Made on one bar, filled on the next. */
  g_assert_cmpuint (after.highlighted_bars, ==, 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_true (bk_window_select_strategy (window, "memory-savings"));
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/window/sample-fills-chart-and-panel", test_sample_fills_chart_and_panel);
  g_test_add_func ("/app/window/mode1-shows-status-page", test_mode1_shows_status_page);
  g_test_add_func ("/app/window/live-updates-never-block", test_live_updates_never_block);
  g_test_add_func ("/app/window/stop-cancels-quickly", test_stop_cancels_quickly);
  g_test_add_func ("/app/export/report-json", test_export_report);
  g_test_add_func ("/app/window/stale-until-next-run", test_stale_until_next_run);
  g_test_add_func ("/app/export/chart-extensions", test_export_chart_extensions);
  g_test_add_func ("/app/results/equal-cli", test_results_equal_cli);
  g_test_add_func ("/app/results/trade-list-fits", test_trade_list_fits);
  g_test_add_func ("/app/results/orders-listed-and-shown", test_orders_listed_and_shown);
  return app_test_run ();
}
