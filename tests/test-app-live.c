/* test-app-live.c — the Run view following a live source, under Xvfb: a
 * file the test appends to while the window runs, in mode -1 and in mode 1
 * (the live window), and a socket the test serves.  Structure only: bars
 * that grow, events that arrive, Stop that ends it; never how fast. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bk-chart-private.h"
#include "bk-error.h"
#include "bk-plot-plan.h"
#include "bk-source.h"
#include "bk-tick-gen.h"

#include "test-app-common.h"

/* The sample's header and rows, read once. */
static char **sample_lines;
static guint n_sample_lines;

static void
load_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = bk_source_find_sample (&error);
  g_autofree char *text = NULL;

  if (sample_lines != NULL)
    return;
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  sample_lines = g_strsplit (g_strchomp (text), "\n", -1);
  n_sample_lines = g_strv_length (sample_lines);
  g_assert_cmpuint (n_sample_lines, >, 2000);
}

/* Lines [from, to) of the sample, each with its line break. */
static char *
sample_text (guint from, guint to)
{
  GString *s = g_string_new (NULL);

  for (guint i = from; i < to && i < n_sample_lines; i++)
    g_string_append_printf (s, "%s\n", sample_lines[i]);
  return g_string_free (s, FALSE);
}

static void
use_builtin (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new_builtin (id, &error);

  g_assert_no_error (error);
  bk_run_view_set_document (run_view (), document);
}

/* ---- a file that grows -------------------------------------------------- */

typedef struct {
  char *path;
  guint written;     /* sample lines in the file, the header counted */
  guint until;
  guint step;
} Grower;

static gboolean
grow_cb (gpointer data)
{
  Grower *g = data;
  g_autofree char *more = sample_text (g->written, MIN (g->written + g->step, g->until));
  FILE *f = g_fopen (g->path, "a");

  g_assert_nonnull (f);
  fputs (more, f);
  fclose (f);
  g->written = MIN (g->written + g->step, g->until);
  return g->written < g->until ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static Grower grower;

static void
start_file (const char *name, guint rows, guint until)
{
  g_autofree char *first = NULL;

  load_sample ();
  g_free (grower.path);
  grower.path = g_build_filename (tmpdir, name, NULL);
  first = sample_text (0, rows + 1);
  g_assert_true (g_file_set_contents (grower.path, first, -1, NULL));
  grower.written = rows + 1;
  grower.until = until + 1;
  grower.step = 25;
}

static guint64 chart_bars_wanted;

/* The chart shows the run going on (not the last one) with that many bars. */
static gboolean
chart_has_bars (void)
{
  BkChart *chart = bk_run_view_get_chart (run_view ());

  return bk_chart_get_run (chart) == bk_run_view_get_run (run_view ())
         && bk_chart_get_n_bars (chart) >= chart_bars_wanted;
}

static gboolean
grown_and_shown (void)
{
  return grower.written >= grower.until && chart_has_bars ();
}

static gboolean
have_events (void)
{
  return bk_events_list_get_n_added (bk_run_view_get_events_list (run_view ())) > 0;
}

static guint
count_closed_trades (BkEventsList *list)
{
  guint n = 0;

  for (guint i = 0; i < bk_events_list_get_n_shown (list); i++)
    {
      const BkEventRecord *r = bk_events_list_get_record (list, i);
      n += r->kind == BK_EVENT_TRADE && (r->tone == BK_EVENT_TONE_GAIN || r->tone == BK_EVENT_TONE_LOSS);
    }
  return n;
}

/* Mode -1: the chart grows with the file and keeps the newest bars in
 * view until it is moved; trades come to the events list as they happen;
 * Stop ends it, and the results are those of what ran. */
static void
test_follow_file (void)
{
  g_autoptr(GError) error = NULL;
  BkChart *chart = bk_run_view_get_chart (run_view ());
  BkEventsList *events = bk_run_view_get_events_list (run_view ());
  double start, end;

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  use_builtin ("sma-crossover");
  bk_run_view_set_live_window (run_view (), 200);
  start_file ("live.csv", 300, 1500);
  g_assert_true (bk_run_view_follow (run_view (), grower.path, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (bk_run_view_is_running (run_view ()));

  chart_bars_wanted = 300;
  g_assert_true (wait_for (chart_has_bars, 60));
  g_assert_cmpuint (bk_chart_get_n_bars (chart), ==, 300);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  /* The newest 200 in view. */
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end, ==, 300);
  g_assert_cmpfloat (end - start, ==, 200);
  /* The events of those bars come with a report that may follow the one
   * that showed them. */
  g_assert_true (wait_for (have_events, 60));
  guint64 events_at_300 = bk_events_list_get_n_added (events);

  /* The file grows while the window runs. */
  guint id = g_timeout_add (20, grow_cb, &grower);
  chart_bars_wanted = 800;
  g_assert_true (wait_for (chart_has_bars, 60));
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (end, ==, (double) bk_chart_get_n_bars (chart));
  g_assert_cmpfloat (end - start, ==, 200);
  g_assert_cmpuint (bk_events_list_get_n_added (events), >, events_at_300);

  /* Moved back, the view stays where it was put as bars come. */
  bk_chart_pan (chart, -100);
  double moved_start, moved_end;
  bk_chart_get_view (chart, &moved_start, &moved_end);
  chart_bars_wanted = 1500;
  g_assert_true (wait_for (grown_and_shown, 60));
  g_source_remove_by_user_data (&grower);
  (void) id;
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (start, ==, moved_start);
  g_assert_cmpfloat (end, ==, moved_end);
  g_assert_cmpuint (bk_chart_get_n_bars (chart), ==, 1500);

  /* The newest first: the top record's bar is the latest of them. */
  const BkEventRecord *top = bk_events_list_get_record (events, 0);
  const BkEventRecord *bottom = bk_events_list_get_record (events, bk_events_list_get_n_shown (events) - 1);
  g_assert_cmpstr (top->time, >=, bottom->time);
  g_assert_cmpuint (bk_events_list_get_n_shown (events), <=, BK_EVENTS_LIST_KEEP);
  g_assert_cmpuint (bk_events_list_get_n_shown (events) + bk_events_list_get_n_dropped (events), ==,
                    bk_events_list_get_n_added (events));

  /* Still going: a live source has no end.  Stop ends it. */
  g_assert_true (bk_run_view_is_running (run_view ()));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (run_ended, 60));
  g_assert_cmpuint (bk_run_get_bars (bk_run_view_get_run (run_view ())), ==, 1500);
  GListModel *trades = bk_results_panel_get_trades (bk_run_view_get_results_panel (run_view ()));
  g_assert_cmpuint (g_list_model_get_n_items (trades), >, 0);
  if (bk_events_list_get_n_dropped (events) == 0)
    g_assert_cmpuint (count_closed_trades (events), ==, g_list_model_get_n_items (trades));
  g_assert_nonnull (bk_results_panel_get_value (bk_run_view_get_results_panel (run_view ()), "trades-closed"));

  /* A run that ended (one the Compare view opens) is shown whole again. */
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("sma-crossover", &error);
  g_autoptr(BkRun) ended = bk_run_new (strategy, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, &error);
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autoptr(BkSource) source = bk_source_new_csv (sample, NULL, &error);
  g_assert_true (bk_run_execute (ended, source, NULL, &error));
  bk_run_view_show_run (run_view (), ended, NULL);
  bk_chart_get_view (chart, &start, &end);
  g_assert_cmpfloat (start, ==, 0);
  g_assert_cmpfloat (end, ==, (double) bk_run_get_bars (ended));
}

/* The lines a plotted run of the strategy draws, each once. */
static guint
count_plotted_lines (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (id, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_PLOT_SAVE_UNPLOTTED, BK_PRECISION_F64, &error);
  g_autoptr(BkPlotPlan) plan = bk_plot_plan_new (run);
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);

  for (BkFeedLine f = BK_FEED_DATETIME; f <= BK_FEED_VOLUME; f++)
    g_hash_table_add (lines, bk_plot_plan_get_feed_line (plan, f));
  for (BkPlotMark m = 0; m < BK_PLOT_N_MARKS; m++)
    if (bk_plot_plan_get_marks (plan, m) != NULL)
      g_hash_table_add (lines, bk_plot_plan_get_marks (plan, m));
  for (guint p = 0; p < bk_plot_plan_get_n_panes (plan); p++)
    for (guint s = 0; s < bk_plot_pane_get_n_series (bk_plot_plan_get_pane (plan, p)); s++)
      g_hash_table_add (lines, bk_plot_series_get_line (bk_plot_pane_get_series (bk_plot_plan_get_pane (plan, p), s)));
  return g_hash_table_size (lines);
}

static gboolean
panel_has_every_bar (void)
{
  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));

  return report != NULL && report->bars == grower.until - 1;
}

/* Mode 1: the chart draws the live window, the last N bars, which never
 * grows; the memory panel counts it as display cells, N × plotted lines,
 * apart from the run's own cells, which stay what mode 1 keeps. */
static void
test_live_window (void)
{
  g_autoptr(GError) error = NULL;
  BkChart *chart = bk_run_view_get_chart (run_view ());
  BkMemoryPanel *panel = bk_run_view_get_memory_panel (run_view ());

  bk_window_set_mode (window, BK_MODE_MINIMAL);
  use_builtin ("sma-crossover");
  bk_run_view_set_live_window (run_view (), 200);
  start_file ("live-1.csv", 150, 1200);
  g_assert_true (bk_run_view_follow (run_view (), grower.path, NULL, FALSE, &error));
  g_assert_no_error (error);

  chart_bars_wanted = 150;
  g_assert_true (wait_for (chart_has_bars, 60));
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  g_assert_cmpuint (bk_chart_get_n_bars (chart), ==, 150);
  guint64 display = bk_memory_panel_get_display_cells (panel);
  g_assert_cmpuint (display, ==, 200 * count_plotted_lines ("sma-crossover"));
  guint64 run_cells = bk_memory_panel_get_report (panel)->total_cells;

  g_timeout_add (20, grow_cb, &grower);
  chart_bars_wanted = 200;
  g_assert_true (wait_for (grown_and_shown, 60));
  g_source_remove_by_user_data (&grower);
  g_assert_true (wait_for (panel_has_every_bar, 60));
  /* Full, and no more: the ring keeps the newest 200 of 1,200. */
  g_assert_cmpuint (bk_chart_get_n_bars (chart), ==, 200);
  g_assert_cmpuint (bk_memory_panel_get_display_cells (panel), ==, display);
  g_assert_cmpuint (bk_memory_panel_get_report (panel)->total_cells, ==, run_cells);
  g_assert_true (wait_for (have_events, 60));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (run_ended, 60));
  /* What ran stays on screen: the window, its display cells, the results. */
  g_assert_cmpuint (bk_chart_get_n_bars (chart), ==, 200);
  g_assert_cmpuint (bk_memory_panel_get_display_cells (panel), ==, display);
  g_assert_cmpuint (g_list_model_get_n_items (bk_results_panel_get_trades (bk_run_view_get_results_panel (run_view ()))),
                    >, 0);

  /* The exported report says the same: the run's cells, and apart its
   * display cells. */
  g_autofree char *json_path = g_build_filename (tmpdir, "live-report.json", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "live-report.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true (bk_run_view_export_report (run_view (), json_path, &error));
  g_assert_true (bk_run_view_export_report (run_view (), csv_path, &error));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "display_cells"), ==, display);
  g_assert_cmpint (json_object_get_int_member (o, "display_bars"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (o, "total_cells"), ==, run_cells);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_autofree char *display_line = g_strdup_printf (",%" G_GUINT64_FORMAT ",", display);
  g_assert_nonnull (strstr (strstr (csv, "\nlive window,display,"), display_line));

  /* A run that ends on a file shows no live window: mode 1 has no chart. */
  run_and_wait ();
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "no-plot");
  g_assert_cmpuint (bk_memory_panel_get_display_cells (panel), ==, 0);
}

/* ---- a socket ------------------------------------------------------------ */

typedef struct {
  GSocketConnection *connection;
  guint sent;        /* sample lines sent, the header counted */
  guint until;
} Feed;

static Feed feed;

static gboolean
feed_cb (gpointer data)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (feed.connection));
  guint to = MIN (feed.sent + 50, feed.until);
  g_autofree char *text = sample_text (feed.sent, to);

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL));
  feed.sent = to;
  if (feed.sent < feed.until)
    return G_SOURCE_CONTINUE;
  /* The feed closes: the run ends as a file would. */
  g_io_stream_close (G_IO_STREAM (feed.connection), NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming_cb (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer user_data)
{
  feed.connection = g_object_ref (connection);
  g_timeout_add (20, feed_cb, NULL);
  return TRUE;
}

static gboolean
feed_sent (void)
{
  return feed.connection != NULL && feed.sent >= feed.until;
}

/* A TCP feed: bars as they are sent, events, and the end when it closes. */
static void
test_socket (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  guint16 port;

  load_sample ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_cb), NULL);
  g_socket_service_start (service);
  feed = (Feed) { .until = 901 };

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  use_builtin ("sma-crossover");
  g_autofree char *address = g_strdup_printf ("tcp:127.0.0.1:%u", port);
  g_assert_true (bk_run_view_follow (run_view (), address, NULL, FALSE, &error));
  g_assert_no_error (error);

  /* The window names the feed as it names a file. */
  g_autofree char *name = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (data_name (), ==, name);
  g_assert_true (wait_for (feed_sent, 60));
  g_assert_true (wait_for (run_ended, 60));
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);
  g_assert_cmpuint (bk_run_get_bars (bk_run_view_get_run (run_view ())), ==, 900);
  g_assert_cmpuint (bk_chart_get_n_bars (bk_run_view_get_chart (run_view ())), ==, 900);
  /* Every event came before the end. */
  g_assert_true (have_events ());
  g_socket_service_stop (service);
  g_clear_object (&feed.connection);
}

static gboolean
have_warning (void)
{
  BkEventsList *list = bk_run_view_get_events_list (run_view ());

  for (guint i = 0; i < bk_events_list_get_n_shown (list); i++)
    if (bk_events_list_get_record (list, i)->tone == BK_EVENT_TONE_WARNING)
      return TRUE;
  return FALSE;
}

/* A malformed row in the feed is a warning in the list, set apart, and
 * the run goes on past it. */
static void
test_warning (void)
{
  g_autoptr(GError) error = NULL;
  const BkEventRecord *warning = NULL;

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  use_builtin ("sma-crossover");
  start_file ("live-bad.csv", 100, 300);
  g_assert_true (bk_run_view_follow (run_view (), grower.path, NULL, FALSE, &error));
  chart_bars_wanted = 100;
  g_assert_true (wait_for (chart_has_bars, 60));

  FILE *f = g_fopen (grower.path, "a");
  g_assert_nonnull (f);
  fputs ("1996-09-06,oops,40.1,39.5,40,100,0\n", f);
  fclose (f);
  g_timeout_add (20, grow_cb, &grower);
  chart_bars_wanted = 300;
  g_assert_true (wait_for (grown_and_shown, 60));
  g_source_remove_by_user_data (&grower);
  g_assert_true (wait_for (have_warning, 60));
  g_assert_cmpuint (bk_chart_get_n_bars (bk_run_view_get_chart (run_view ())), ==, 300);

  BkEventsList *list = bk_run_view_get_events_list (run_view ());
  for (guint i = 0; i < bk_events_list_get_n_shown (list) && warning == NULL; i++)
    if (bk_events_list_get_record (list, i)->tone == BK_EVENT_TONE_WARNING)
      warning = bk_events_list_get_record (list, i);
  g_assert_cmpint (warning->kind, ==, BK_EVENT_WARNING);
  /* The file and the line of the row left out: the header is line 1. */
  g_assert_nonnull (strstr (warning->text, "live-bad.csv:102:"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (run_ended, 60));
}

/* Ticks made into 10-second bars as they come.  Resampled: every bar
 * whose period is over, as the engine makes them from the whole file; the
 * last waits for a tick of the next period, which a live feed has not
 * sent.  Replayed: each bar as it forms, the last one too.  Stopped, the
 * feed ends and the last bar is whole. */
static void
follow_ticks (gboolean replay)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "ticks.csv", NULL);
  FILE *f = g_fopen (path, "w");
  BkPeriod period;
  BkBar bar;
  guint64 expected = 0;

  g_assert_nonnull (f);
  g_assert_cmpint (bk_tick_generator_write_csv (f, 3000, 3, 0, NULL), ==, 0);
  fclose (f);
  g_assert_true (bk_period_parse ("10s", &period, &error));
  /* The bars the engine makes of the whole file, a replayed bar counted
   * once (not at each tick that grows it). */
  g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  bk_source_set_resample (source, &period, replay ? BK_REPLAY : BK_RESAMPLE);
  while (bk_source_next (source, &bar, &error))
    expected += !bk_source_get_replaces (source);
  g_assert_no_error (error);
  g_assert_cmpuint (expected, >, 50);

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  use_builtin ("sma-crossover");
  g_assert_true (bk_run_view_follow (run_view (), path, "10s", replay, &error));
  g_assert_no_error (error);
  chart_bars_wanted = replay ? expected : expected - 1;
  g_assert_true (wait_for (chart_has_bars, 60));
  g_assert_cmpuint (bk_chart_get_n_bars (bk_run_view_get_chart (run_view ())), ==, chart_bars_wanted);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (run_ended, 60));
  /* Stopped, the feed ends: the bar that was forming is whole. */
  g_assert_cmpuint (bk_run_get_bars (bk_run_view_get_shown (run_view ())), ==, expected);
}

static void
test_resample (void)
{
  follow_ticks (FALSE);
}

static void
test_replay (void)
{
  follow_ticks (TRUE);
}

/* What cannot start says why, and nothing runs. */
static void
test_bad_addresses (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bk_run_view_follow (run_view (), "tcp:localhost", NULL, FALSE, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (bk_run_view_follow (run_view (), "", NULL, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (bk_run_view_follow (run_view (), "/tmp/x.csv", "7x", FALSE, &error));
  g_assert_nonnull (strstr (error->message, "7x"));
  g_clear_error (&error);
  /* Replay needs a period. */
  g_assert_false (bk_run_view_follow (run_view (), "/tmp/x.csv", NULL, TRUE, &error));
  g_assert_nonnull (error);
  g_assert_false (bk_run_view_is_running (run_view ()));
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app-live/follow-file", test_follow_file);
  g_test_add_func ("/app-live/live-window", test_live_window);
  g_test_add_func ("/app-live/socket", test_socket);
  g_test_add_func ("/app-live/warning", test_warning);
  g_test_add_func ("/app-live/resample", test_resample);
  g_test_add_func ("/app-live/replay", test_replay);
  g_test_add_func ("/app-live/bad-addresses", test_bad_addresses);
  return app_test_run ();
}
