/* test-app.c — the window as a person uses it, under Xvfb: opening data
 * runs it, the chart and the memory panel fill, mode 1 explains itself,
 * Stop stops, Clean up gives memory back, every action has its keys.
 *
 * The test owns the main context from start to end, as g_application_run()
 * does in the real application.  (A loop that only pumps it with
 * g_main_context_iteration() leaves it unowned between iterations, and a
 * worker's g_main_context_invoke() then runs the window's progress update
 * on the worker itself.)  Every change of the window's progress and memory
 * panel is checked to happen on the main thread.
 *
 * Nothing here is timed: what a test checks is structure (the run goes on
 * a worker while the main loop keeps iterating, its reports are throttled
 * and reach the window on the main thread, Stop ends it within a bounded
 * number of bars).  How long the main loop stalls, how much CPU a frame
 * costs and how fast a run goes are measured by bench-window
 * (build-aux/bench.sh). */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bk-application.h"
#include "bk-chart-private.h"
#include "bk-error.h"
#include "bk-format.h"
#include "bk-job.h"
#include "bk-mode-choices.h"
#include "bk-preferences-page.h"
#include "bk-report.h"
#include "bk-report-row.h"
#include "bk-source.h"
#include "bk-strategy.h"
#include "bk-painter.h"
#include "bk-compare-view.h"
#include "bk-run-view.h"
#include "bk-universe-view.h"
#include "bk-window.h"

static BkApplication *app;
static BkWindow *window;
static char *tmpdir;

/* ---- the window's parts ------------------------------------------------ */

/* A part of the window, by the name its template gives it. */
static gpointer
window_part (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, name);
}

static BkRunView *
run_view (void)
{
  return BK_RUN_VIEW (window_part ("run_view"));
}

static BkCompareView *
compare_view (void)
{
  return BK_COMPARE_VIEW (window_part ("compare_view"));
}

static BkUniverseView *
universe_view (void)
{
  return BK_UNIVERSE_VIEW (window_part ("universe_view"));
}

/* What the error banner says, or NULL while it is hidden. */
static const char *
banner_text (void)
{
  return gtk_revealer_get_reveal_child (window_part ("banner_revealer"))
         ? gtk_label_get_text (window_part ("banner_label")) : NULL;
}

/* The name of the data on screen, as the toolbar shows it. */
static const char *
data_name (void)
{
  return gtk_label_get_text (window_part ("data_label"));
}

/* ---- which thread updates the window ---------------------------------- */

static GThread *main_thread;
static guint ui_updates_on_main;        /* atomic */
static guint ui_updates_elsewhere;      /* atomic */

static void
count_ui_update (void)
{
  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&ui_updates_on_main);
  else
    g_atomic_int_inc (&ui_updates_elsewhere);
}

/* Whether the progress label has said how far a run is and how long it
 * has left. */
static gboolean progress_said_time_left;

static void
on_progress_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  count_ui_update ();
  if (GTK_IS_LABEL (object) && strstr (gtk_label_get_text (GTK_LABEL (object)), " s left") != NULL
      && strstr (gtk_label_get_text (GTK_LABEL (object)), "%") != NULL)
    progress_said_time_left = TRUE;
}

static void
on_rows_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  count_ui_update ();
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The whole number in `text` between `before` and the next `after` (or the
 * end, for NULL), its digits read whatever separates their groups (1,500,
 * 1 500 or 1500). */
static guint64
number_between (const char *text, const char *before, const char *after)
{
  const char *start = strstr (text, before);
  g_assert_nonnull (start);
  start += strlen (before);
  const char *end = after != NULL ? strstr (start, after) : start + strlen (start);
  g_assert_nonnull (end);
  guint64 n = 0;
  guint digits = 0;

  for (const char *p = start; p < end; p++)
    if (g_ascii_isdigit (*p))
      {
        n = n * 10 + (guint64) (*p - '0');
        digits++;
      }
  g_assert_cmpuint (digits, >, 0);
  return n;
}

/* What a run changes as it goes: the progress bar, the label beside it,
 * and the memory panel's rows. */
static void
watch_ui_updates (void)
{
  GtkWidget *bar = find_descendant (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  GtkWidget *label = gtk_widget_get_next_sibling (bar);
  g_assert_true (GTK_IS_LABEL (label));

  g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_progress_notify_cb), NULL);
  g_signal_connect (label, "notify::label", G_CALLBACK (on_progress_notify_cb), NULL);
  g_signal_connect (bk_memory_panel_get_rows (bk_run_view_get_memory_panel (run_view ())), "items-changed",
                    G_CALLBACK (on_rows_changed_cb), NULL);
}

/* ---- the main loop ------------------------------------------------------ */

/* Iterations of the main loop so far. */
static guint iterations;

static void
iterate (void)
{
  g_main_context_iteration (NULL, FALSE);
  iterations++;
  g_usleep (1000);
}

/* Iterates the main loop until `done` says so.  No update of the window so
 * far has come from another thread.  `seconds` only keeps a test that
 * would never end from hanging: it is no measure of speed, and generous
 * enough for a machine whose cores are busy with other work. */
static gboolean
wait_for (gboolean (*done) (void), double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done ())
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      iterate ();
    }
  g_assert_cmpuint (g_atomic_int_get (&ui_updates_elsewhere), ==, 0);
  return TRUE;
}

static gboolean
run_ended (void)
{
  return !bk_window_is_running (window);
}

static void
run_and_wait (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_true (wait_for (run_ended, 60));
}

static char *
generated_csv (guint64 bars)
{
  char *path = g_strdup_printf ("%s/generated-%" G_GUINT64_FORMAT ".csv", tmpdir, bars);
  g_autofree char *command = g_strdup_printf ("\"%s\" gen sample --interval minute --bars %" G_GUINT64_FORMAT
                                              " --output \"%s\"", g_getenv ("BARKEEP_CLI"), bars, path);
  int status = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
    }
  return path;
}

static void
hide_banner (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
}

static void
open_path (const char *path)
{
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_path (path) : NULL;

  bk_window_open_data (window, file);
  g_assert_true (wait_for (run_ended, 60));
}

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
test_cleanup_never_raises_rss (void)
{
  guint64 before, after;

  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  open_path (NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup", NULL));
  bk_run_view_get_last_cleanup (run_view (), &before, &after);
  g_test_message ("clean up: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, before, after);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (after, <=, before);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");

  /* Forced: the data and the chart go, the window is ready for a new run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  bk_run_view_get_last_cleanup (run_view (), &before, &after);
  g_assert_cmpuint (after, <=, before);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "empty");
  g_assert_null (bk_run_view_get_run (run_view ()));
  g_assert_null (bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ())));
  /* The toolbar names no data: none is shown. */
  g_assert_cmpstr (data_name (), ==, "None");
  run_and_wait ();
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);
  g_assert_cmpstr (data_name (), ==, "Bundled sample");

  /* A file that fails with nothing on screen is not named either. */
  g_autofree char *bad = g_build_filename (tmpdir, "bad-after-forced.csv", NULL);
  g_assert_true (g_file_set_contents (bad, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,abc\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  open_path (bad);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FAILED);
  g_assert_cmpstr (data_name (), ==, "None");
  hide_banner ();
}

static void
test_bad_csv_shows_banner_and_keeps_result (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "bad.csv", NULL);

  open_path (NULL);
  BkRun *good = bk_run_view_get_run (run_view ());
  g_assert_true (g_file_set_contents (path, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,abc\n", -1, NULL));
  open_path (path);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FAILED);
  g_autofree char *expect = g_strdup_printf ("%s:2:", path);
  g_assert_nonnull (banner_text ());
  g_assert_true (g_str_has_prefix (banner_text (), expect));
  g_assert_true (bk_run_view_get_run (run_view ()) == good);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  /* The header names the data on screen, not the file that failed. */
  g_assert_cmpstr (data_name (), ==, "Bundled sample");
}

static void
test_bad_strategy_shows_banner (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "bad.ini", NULL);

  g_assert_true (g_file_set_contents (path, "[indicator x]\nexpr=SMAA(close)\n", -1, NULL));
  g_assert_false (bk_window_select_strategy (window, path));
  g_assert_nonnull (strstr (banner_text (), ":2:6: unknown indicator 'SMAA'"));
}

static void
test_every_action_has_accelerators (void)
{
  static const char *const actions[] = {
    "win.open", "view.run", "view.stop", "win.cleanup", "win.cleanup-force", "view.reset-view",
    "view.export-chart", "view.export-report", "win.compare", "view.export-compare", "win.universe-folder",
    "app.preferences", "app.quit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
      /* The accelerator reaches the action: the shortcut controller that
       * GtkApplication installs maps it back. */
      g_auto(GStrv) back = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accels[0]);
      g_assert_true (g_strv_contains ((const char *const *) back, actions[i]));
    }
  /* The window carries the actions of the view on screen as "view.": the
   * Run view's reset-view only while the Run view is on screen, each
   * view's Stop while it is (with nothing going, Stop does nothing). */
  bk_window_show_view (window, "compare");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  bk_window_show_view (window, "universe");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  bk_window_show_view (window, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  /* F5 runs. */
  open_path (NULL);
  g_auto(GStrv) run_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "view.run");
  g_assert_cmpstr (run_accels[0], ==, "F5");
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

static gboolean window_painted;

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

/* ---- command lines, stale runs, exports --------------------------------- */

/* What the primary instance does with a command line (its own, or a later
 * `barkeep ...` GApplication forwards to it): a strategy that cannot be
 * had shows the banner and runs nothing in its place; --mode and
 * --strategy with a file are honoured. */
static void
test_command_line_options (void)
{
  g_autoptr(GVariantDict) bad = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) again = g_variant_dict_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autoptr(GFile) file = g_file_new_for_path (sample);

  open_path (NULL);
  BkRun *before = bk_run_view_get_run (run_view ());
  g_variant_dict_insert (bad, "strategy", "s", "nosuch");
  bk_application_handle_options (app, window, bad, NULL);
  g_assert_nonnull (banner_text ());
  g_assert_nonnull (strstr (banner_text (), "no built-in strategy named 'nosuch'"));
  g_assert_false (bk_window_is_running (window));
  g_assert_true (bk_run_view_get_run (run_view ()) == before);

  g_variant_dict_insert (again, "mode", "s", "0");
  g_variant_dict_insert (again, "strategy", "s", "sma-crossover");
  bk_application_handle_options (app, window, again, file);
  g_assert_true (wait_for (run_ended, 60));
  g_assert_null (banner_text ());
  g_assert_cmpint (bk_window_get_mode (window), ==, BK_MODE_KEEP_ALL);
  g_assert_cmpstr (bk_strategy_get_id (bk_run_get_strategy (bk_run_view_get_run (run_view ()))), ==, "sma-crossover");
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

/* The memory panel's parts — the lines, the rest of the heap, the program
 * and toolkit before the first run — add up to the resident memory shown,
 * within 5 %, after a mode-0 run that holds a good deal in its lines. */
static void
test_memory_split_adds_up (void)
{
  g_autofree char *path = generated_csv (300000);

  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  open_path (path);
  BkMemorySplit split = bk_run_view_measure_memory (run_view ());
  guint64 parts = split.lines_bytes + split.heap_bytes + split.baseline_bytes;
  const BkReport *report = bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ()));

  g_test_message ("RSS %.1f MiB: lines %.1f + heap %.1f + baseline %.1f = %.1f MiB",
                  split.rss_bytes / 1048576.0, split.lines_bytes / 1048576.0, split.heap_bytes / 1048576.0,
                  split.baseline_bytes / 1048576.0, parts / 1048576.0);
  g_assert_cmpuint (split.baseline_bytes, >, 0);
  g_assert_cmpuint (split.lines_bytes, >=, report->total_bytes);
  g_assert_cmpuint (split.lines_bytes, >, 50 * 1048576);
  g_assert_cmpfloat (fabs ((double) parts - (double) split.rss_bytes), <=, 0.05 * split.rss_bytes);
  /* The panel says the same. */
  g_assert_cmpuint (bk_memory_panel_get_split (bk_run_view_get_memory_panel (run_view ()))->lines_bytes, ==, split.lines_bytes);

  /* Its timeline climbs with mode 0's cells, from bar 0 to the last. */
  GArray *t = bk_memory_panel_get_timeline (bk_run_view_get_memory_panel (run_view ()));
  g_assert_cmpuint (t->len, >=, 3);
  g_assert_cmpuint (g_array_index (t, BkCompareSample, 0).bars, ==, 0);
  g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).bars, ==, 300000);
  for (guint i = 1; i < t->len; i++)
    g_assert_cmpuint (g_array_index (t, BkCompareSample, i).cells, >=, g_array_index (t, BkCompareSample, i - 1).cells);
  g_assert_cmpuint (g_array_index (t, BkCompareSample, 0).cells, <, g_array_index (t, BkCompareSample, 1).cells);
  g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).cells, >, g_array_index (t, BkCompareSample, 1).cells);
}

/* The memory panel names a data feed by its file's name (its path in the
 * tooltip) and explains its columns in their headers' tooltips. */
static void
test_memory_panel_names_and_tooltips (void)
{
  BkMemoryPanel *panel = bk_run_view_get_memory_panel (run_view ());
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autofree char *basename = g_path_get_basename (sample);

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  g_autoptr(BkReportRow) datas = g_list_model_get_item (bk_memory_panel_get_rows (panel), 0);
  GListModel *feeds = bk_report_row_get_children (datas);
  g_autoptr(BkReportRow) feed = g_list_model_get_item (feeds, 0);
  g_autofree char *name = NULL, *full_name = NULL;
  g_object_get (feed, "name", &name, "full-name", &full_name, NULL);
  g_assert_cmpstr (name, ==, basename);
  g_assert_nonnull (strstr (full_name, sample));

  GtkWidget *view = find_descendant (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *header = gtk_widget_get_first_child (view);
  guint titles = 0;
  for (GtkWidget *t = gtk_widget_get_first_child (header); t != NULL; t = gtk_widget_get_next_sibling (t))
    if (gtk_widget_get_tooltip_text (t) != NULL)
      titles++;
  g_assert_cmpuint (titles, ==, 5);

  /* The main menu's tooltip is drawn on one line (GTK 4.8 wraps it to a
   * character a line near the window's edge in Chinese). */
  GtkWidget *menu = find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_has_tooltip (menu));
  g_assert_null (gtk_widget_get_tooltip_text (menu));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (menu), "bk-tooltip"), ==, "Main menu");

  /* Toasts show over the chart, never over the panel's resident memory. */
  GtkWidget *overlay = find_descendant (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (bk_run_view_get_chart (run_view ())), overlay));
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (panel), overlay));
}

/* ---- compare ------------------------------------------------------------ */

static gboolean
compare_ended (void)
{
  return !bk_compare_view_is_running (compare_view ());
}

static gboolean
compare_in_third_mode (void)
{
  return bk_compare_view_get_running_mode (compare_view ()) == 2 || compare_ended ();
}

/* The cells `barkeep-cli run` reports for the sample in `mode`. */
static guint64
cli_total_cells (BkMode mode)
{
  g_autofree char *command = g_strdup_printf ("\"%s\" run --save %d", g_getenv ("BARKEEP_CLI"), (int) mode);
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  const char *total = strstr (out, "Total memory cells used: ");
  g_assert_nonnull (total);
  return g_ascii_strtoull (total + strlen ("Total memory cells used: "), NULL, 10);
}

/* Pixels within a small distance of colour c. */
static guint
count_pixels_near (cairo_surface_t *surface, BkRgb c)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int j = 0; j < cairo_image_surface_get_height (surface); j++)
    for (int i = 0; i < cairo_image_surface_get_width (surface); i++)
      {
        guint32 p = *(const guint32 *) (gconstpointer) (data + j * stride + i * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (abs (r - (int) (c.r * 255)) + abs (g - (int) (c.g * 255)) + abs (b - (int) (c.b * 255)) < 60)
          count++;
      }
  return count;
}

/* Compare on the sample: identical in all four modes, and each mode's
 * cells are what the CLI reports for it. */
static void
test_compare_equals_cli (void)
{
  BkCompareView *view = compare_view ();

  /* With nothing in the Run view (as when opened with --compare)... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  g_assert_cmpstr (data_name (), ==, "None");
  bk_window_compare_data (window, NULL);
  g_assert_true (wait_for (compare_ended, 120));
  g_assert_cmpint (bk_compare_view_get_state (view), ==, BK_JOB_FINISHED);
  /* ...the toolbar names the data compared. */
  g_assert_cmpstr (data_name (), ==, "Bundled sample");
  g_assert_true (g_str_has_prefix (bk_compare_view_get_badge (view), "Identical in all four modes"));
  const BkCompare *compare = bk_compare_view_get_compare (view);
  g_assert_cmpuint (compare->n_modes, ==, BK_COMPARE_N_MODES);
  for (guint i = 0; i < compare->n_modes; i++)
    g_assert_cmpuint (compare->modes[i].report->total_cells, ==, cli_total_cells (compare->modes[i].mode));
  /* Its four runs are in the application's list of live runs, published
   * by the view, and count in the lines the memory panel shows. */
  GListModel *live = G_LIST_MODEL (bk_application_get_live_runs (app));
  guint published = 0;
  for (guint i = 0; i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(BkLiveRun) item = g_list_model_get_item (live, i);

      if (bk_live_run_get_owner (item) != view)
        continue;
      g_assert_true (bk_live_run_get_run (item) == compare->modes[published].run);
      published++;
    }
  g_assert_cmpuint (published, ==, BK_COMPARE_N_MODES);
  guint64 lines = 0;
  for (guint i = 0; i < compare->n_modes; i++)
    lines += bk_run_get_storage_bytes (compare->modes[i].run, NULL);
  g_assert_cmpuint (bk_run_view_measure_memory (run_view ()).lines_bytes, >=, lines);

  /* The table exported: CSV, a row a mode; JSON with the timelines. */
  g_autofree char *csv = g_build_filename (tmpdir, "compare.csv", NULL);
  g_autofree char *json = g_build_filename (tmpdir, "compare.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true (bk_compare_view_export (compare_view (), csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_auto(GStrv) rows = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 6);
  g_assert_true (g_str_has_prefix (rows[0], "mode,cells,bytes,"));
  g_autofree char *mode1 = g_strdup_printf ("1,%" G_GUINT64_FORMAT ",", compare->modes[1].report->total_cells);
  g_assert_true (g_str_has_prefix (rows[2], mode1));
  g_assert_true (bk_compare_view_export (compare_view (), json, &error));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "identical"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "modes")), ==, 4);

  /* The two charts, as SVG beside each other; a .jpg is refused. */
  g_autofree char *charts = g_build_filename (tmpdir, "charts.svg", NULL);
  g_autofree char *cells_svg = g_build_filename (tmpdir, "charts-cells.svg", NULL);
  g_autofree char *timelines_svg = g_build_filename (tmpdir, "charts-timelines.svg", NULL);
  g_autofree char *jpg = g_build_filename (tmpdir, "charts.jpg", NULL);
  g_assert_true (bk_compare_view_export_charts (compare_view (), charts, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (cells_svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_true (g_file_test (timelines_svg, G_FILE_TEST_EXISTS));
  g_assert_false (bk_compare_view_export_charts (compare_view (), jpg, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_clear_error (&error);
  /* The charts draw every mode in its colour. */
  for (guint chart = 0; chart < 2; chart++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 260);
      cairo_t *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      if (chart == 0)
        bk_compare_view_draw_cells (view, cr, 900, 260);
      else
        bk_compare_view_draw_timelines (view, cr, 900, 260);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      for (guint m = 0; m < compare->n_modes; m++)
        {
          BkRgb c = bk_painter_mode_rgb (compare->modes[m].mode);
          guint n = count_pixels_near (surface, c);

          g_test_message ("chart %u, mode %d: %u pixels of its colour", chart, (int) compare->modes[m].mode, n);
          g_assert_cmpuint (n, >, 100);
        }
      cairo_surface_destroy (surface);
    }

  /* Run and Stop act on the Compare view while it is on screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_true (bk_compare_view_is_running (view));
  g_assert_false (bk_window_is_running (window));
  g_assert_true (wait_for (compare_ended, 120));
  bk_window_show_view (window, "run");
}

/* Stop in the third mode of a 2,000,000-bar comparison: everything stops
 * and the first two modes stay on screen. */
static void
test_compare_stop_keeps_two_modes (void)
{
  BkCompareView *view = compare_view ();
  g_autofree char *path = generated_csv (2000000);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bk_window_compare_data (window, file);
  g_assert_true (wait_for (compare_in_third_mode, 600));
  g_assert_false (compare_ended ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (compare_ended, 60));

  g_assert_cmpint (bk_compare_view_get_state (view), ==, BK_JOB_CANCELLED);
  const BkCompare *compare = bk_compare_view_get_compare (view);
  g_assert_cmpuint (compare->n_modes, ==, 2);
  g_assert_cmpuint (compare->modes[0].bars, ==, 2000000);
  g_assert_cmpuint (compare->modes[1].bars, ==, 2000000);
  g_assert_cmpstr (bk_compare_view_get_badge (view), ==, "Stopped after 2 modes; identical so far");
  bk_window_show_view (window, "run");
}

/* ---- universe ----------------------------------------------------------- */

static gboolean
universe_ended (void)
{
  return !bk_universe_view_is_running (universe_view ());
}

static gboolean
universe_has_done_symbols (void)
{
  BkUniverseView *view = universe_view ();
  const char *summary = bk_universe_view_get_summary (view);

  return universe_ended () || (summary != NULL && bk_universe_view_get_n_points (view) >= 2);
}

/* A generated universe of `symbols` in the test's folder, made by the CLI;
 * with `broken`, one file more whose third line has its high below its low. */
static char *
generated_universe (guint symbols, gboolean broken)
{
  char *dir = g_strdup_printf ("%s/universe-%u%s", tmpdir, symbols, broken ? "-broken" : "");
  g_autofree char *command = g_strdup_printf ("\"%s\" gen universe --symbols %u --output \"%s\"",
                                              g_getenv ("BARKEEP_CLI"), symbols, dir);
  int status = 0;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      if (broken)
        {
          g_autofree char *bad = g_build_filename (dir, "BROKEN.csv", NULL);
          g_assert_true (g_file_set_contents (bad, "Date,Open,High,Low,Close,Adj Close,Volume\n"
                                                   "2020-01-02,10,11,9,10.5,10.5,100\n"
                                                   "2020-01-03,10,9,11,10.5,10.5,100\n", -1, NULL));
        }
    }
  return dir;
}

/* The members `names` of a JSON text, serialised one way. */
static char *
json_members (const char *text, const char *const *names)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) kept = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (root, names[i]));
      json_object_set_member (object, names[i], json_node_copy (json_object_get_member (root, names[i])));
    }
  json_node_set_object (kept, object);
  json_generator_set_root (generator, kept);
  return json_generator_to_data (generator, NULL);
}

/* A 60-symbol generated universe with a broken file, run from the window:
 * the same rows and fit as `barkeep-cli universe --json`, byte for byte
 * once both are serialised the same way; the broken file among the
 * skipped with its file:line:column reason; and the exports. */
static void
test_universe_equals_cli (void)
{
  static const char *const members[] = { "rows", "bma", NULL };
  BkUniverseView *view = universe_view ();
  g_autofree char *dir = generated_universe (60, TRUE);
  g_autofree char *command = g_strdup_printf ("\"%s\" universe \"%s\" --json", g_getenv ("BARKEEP_CLI"), dir);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  bk_window_universe (window, dir);
  g_assert_true (bk_universe_view_is_running (view));
  g_assert_true (wait_for (universe_ended, 60));
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);
  g_assert_null (banner_text ());
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_autofree char *json = bk_universe_format_json (bk_universe_view_get_result (view), bk_universe_view_get_fit (view));
  g_autofree char *from_view = json_members (json, members);
  g_autofree char *from_cli = json_members (out, members);
  g_assert_cmpstr (from_view, ==, from_cli);
  g_assert_cmpuint (bk_universe_view_get_result (view)->symbols->len, ==, 60);
  g_assert_nonnull (strstr (bk_universe_view_get_summary (view), "60 symbols used, 1 skipped"));
  g_autofree char *reason = g_strdup_printf ("%s/BROKEN.csv:3:15: high 9 is below low 11", dir);
  g_assert_nonnull (strstr (bk_universe_view_get_skipped (view), reason));

  /* Exports: the JSON as the CLI's, a CSV a feature a row, the statistics
   * file that reads back, the charts as SVG. */
  g_autofree char *json_path = g_build_filename (tmpdir, "universe.json", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "universe.csv", NULL);
  g_autofree char *stats_path = g_build_filename (tmpdir, "universe.stats", NULL);
  g_autofree char *charts = g_build_filename (tmpdir, "universe.svg", NULL);
  g_autofree char *text = NULL;
  g_assert_true (bk_universe_view_export (view, json_path, &error));
  g_assert_true (g_file_get_contents (json_path, &text, NULL, NULL));
  g_autofree char *exported = json_members (text, members);
  g_assert_cmpstr (exported, ==, from_cli);
  g_clear_pointer (&text, g_free);
  g_assert_true (bk_universe_view_export (view, csv_path, &error));
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "feature,pip,mean,sd\nret20,"));
  g_assert_true (bk_universe_view_export_stats (view, stats_path, &error));
  g_autoptr(BkUniverseResult) back = bk_universe_read_stats (stats_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->symbols->len, ==, 60);
  g_assert_true (bk_universe_view_export_charts (universe_view (), charts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_build_filename (tmpdir, i == 0 ? "universe-memory.svg" : "universe-pip.svg", NULL);
      g_assert_true (g_file_test (name, G_FILE_TEST_IS_REGULAR));
    }
  bk_window_show_view (window, "run");
}

/* Stop in the middle of a universe: it ends before its last symbol, and
 * the view says how far it got with no result presented as complete. */
static void
test_universe_stop (void)
{
  BkUniverseView *view = universe_view ();
  g_autofree char *dir = generated_universe (1500, FALSE);

  bk_universe_view_set_mode (view, BK_MODE_KEEP_ALL);
  bk_universe_view_set_jobs (view, 1);
  bk_window_universe (window, dir);
  g_assert_true (wait_for (universe_has_done_symbols, 300));
  g_assert_false (universe_ended ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (universe_ended, 60));

  const char *summary = bk_universe_view_get_summary (view);
  g_test_message ("%s", summary);
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_CANCELLED);
  g_assert_true (g_str_has_prefix (summary, "Stopped after "));
  g_assert_nonnull (strstr (summary, " symbols; no results"));
  /* "Stopped after N of 1,500": the numbers read whatever the grouping. */
  guint64 done = number_between (summary, "Stopped after ", " of ");
  g_assert_cmpuint (number_between (summary, " of ", " symbols"), ==, 1500);
  g_assert_cmpuint (done, >=, 1);
  g_assert_cmpuint (done, <, 1500);
  g_assert_null (bk_universe_view_get_result (view));
  g_assert_null (bk_universe_view_get_fit (view));
  g_assert_false (gtk_widget_is_visible (find_descendant (GTK_WIDGET (view), GTK_TYPE_EXPANDER)));
  bk_universe_view_set_mode (view, BK_MODE_MINIMAL);
  bk_universe_view_set_jobs (view, 0);
  bk_window_show_view (window, "run");
}

/* Mode 0 in one chunk with a low threshold: the warning shows once for its
 * one crossing; "Compare memory" draws the ramp of the seed's "before"
 * and the flat "after" on one plot, each in its mode's colour. */
static void
test_universe_warning_and_compare (void)
{
  BkUniverseView *view = universe_view ();
  g_autofree char *dir = generated_universe (60, TRUE);
  guint64 peak[2];
  double elapsed[2];

  bk_universe_view_set_mode (view, BK_MODE_KEEP_ALL);
  bk_universe_view_set_chunk (view, 0);
  bk_universe_view_set_warn_growth_mb (view, 2);
  bk_window_universe (window, dir);
  g_assert_true (wait_for (universe_ended, 60));
  const BkUniverseResult *r = bk_universe_view_get_result (view);
  g_assert_nonnull (r);
  g_test_message ("mode 0, one chunk: peak %" G_GUINT64_FORMAT " bytes from %" G_GUINT64_FORMAT "; %u warning(s)",
                  r->peak_rss_bytes, r->start_rss_bytes, r->warnings->len);
  g_assert_cmpuint (r->warnings->len, >=, 1);
  g_assert_cmpuint (bk_universe_view_get_n_warnings (view), ==, r->warnings->len);
  g_assert_nonnull (bk_universe_view_get_warning (view));
  g_assert_nonnull (strstr (bk_universe_view_get_warning (view), "in chunk 1, past the warning threshold"));

  bk_universe_view_set_mode (view, BK_MODE_MINIMAL);
  bk_universe_view_set_chunk (view, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.compare-memory", NULL));
  g_assert_true (wait_for (universe_ended, 120));
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);
  g_assert_true (bk_universe_view_get_compared (view, peak, elapsed));
  g_test_message ("before: peak %" G_GUINT64_FORMAT " bytes, %.3f s; after: %" G_GUINT64_FORMAT " bytes, %.3f s",
                  peak[0], elapsed[0], peak[1], elapsed[1]);
  g_assert_cmpuint (peak[0], >, peak[1]);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 260);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bk_universe_view_draw_compare (view, cr, 900, 260);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpuint (count_pixels_near (surface, bk_painter_mode_rgb (BK_MODE_KEEP_ALL)), >, 100);
  g_assert_cmpuint (count_pixels_near (surface, bk_painter_mode_rgb (BK_MODE_MINIMAL)), >, 100);
  cairo_surface_destroy (surface);
  bk_universe_view_set_warn_growth_mb (view, 200);
  bk_window_show_view (window, "run");
}

/* The Universe view's timeline points shown while the universe was still
 * going. */
static guint universe_points_while_running;

static gboolean
universe_ended_noting_points (void)
{
  BkUniverseView *view = universe_view ();

  if (bk_universe_view_is_running (view))
    universe_points_while_running = bk_universe_view_get_n_points (view);
  return universe_ended ();
}

/* 3000 symbols from the window, on the view's workers: the main loop keeps
 * iterating while they go, the timeline grows as they report, every
 * update on the main thread, and the results are shown at the end. */
static void
test_universe_main_loop_keeps_up (void)
{
  BkUniverseView *view = universe_view ();
  g_autofree char *dir = generated_universe (3000, FALSE);

  universe_points_while_running = 0;
  bk_window_universe (window, dir);
  g_assert_true (bk_universe_view_is_running (view));
  guint iterations_before = iterations;
  g_assert_true (wait_for (universe_ended_noting_points, 900));
  guint iterations_during = iterations - iterations_before;
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);
  g_test_message ("3000 symbols: %u main-loop iterations while they went, %u points on the timeline then, "
                  "%u at the end", iterations_during, universe_points_while_running,
                  bk_universe_view_get_n_points (view));
  g_assert_cmpuint (bk_universe_view_get_result (view)->symbols->len, ==, 3000);
  g_assert_cmpuint (iterations_during, >=, 10);
  g_assert_cmpuint (universe_points_while_running, >=, 2);
  g_assert_cmpuint (g_atomic_int_get (&ui_updates_elsewhere), ==, 0);
  bk_window_show_view (window, "run");
}

/* "Try a Generated Universe": 300 symbols made in the cache folder and
 * run at once; a second time, the files are there already. */
static void
test_universe_generated (void)
{
  BkUniverseView *view = universe_view ();
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "barkeep", "universe-300", NULL);

  g_assert_true (g_str_has_prefix (folder, tmpdir));
  /* The button is on the Universe view's first page. */
  bk_window_show_view (window, "universe");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.universe-generated", NULL));
      g_assert_true (bk_universe_view_is_running (view));
      g_assert_cmpstr (bk_universe_view_get_source (view), ==, folder);
      g_assert_true (wait_for (universe_ended, 60));
      g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);
      g_assert_cmpuint (bk_universe_view_get_result (view)->symbols->len, ==, 300);
      g_assert_cmpuint (bk_universe_view_get_result (view)->skipped->len, ==, 0);
    }
  /* The same files as `gen universe --symbols 300` makes. */
  g_autofree char *dir = generated_universe (300, FALSE);
  g_autofree char *ours = NULL, *cli = NULL;
  g_autofree char *our_path = g_build_filename (folder, "S0123.csv", NULL);
  g_autofree char *cli_path = g_build_filename (dir, "S0123.csv", NULL);
  g_assert_true (g_file_get_contents (our_path, &ours, NULL, NULL));
  g_assert_true (g_file_get_contents (cli_path, &cli, NULL, NULL));
  g_assert_cmpstr (ours, ==, cli);
  bk_window_show_view (window, "run");
}

/* `barkeep --universe DIR`: the Universe view, running; a model file that
 * cannot be loaded is said in the banner and nothing runs. */
static void
test_universe_command_line (void)
{
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) bad = g_variant_dict_new (NULL);
  g_autofree char *dir = generated_universe (60, TRUE);
  g_autofree char *model = g_build_filename (tmpdir, "bad-model.ini", NULL);

  g_assert_true (g_file_set_contents (model, "[model]\nhorizon = five\n", -1, NULL));
  g_variant_dict_insert (bad, "universe", "^ay", dir);
  g_variant_dict_insert (bad, "model", "^ay", model);
  bk_application_handle_options (app, window, bad, NULL);
  g_assert_false (bk_universe_view_is_running (universe_view ()));
  g_assert_nonnull (banner_text ());
  g_assert_nonnull (strstr (banner_text (), "bad-model.ini:2:"));
  hide_banner ();

  g_variant_dict_insert (options, "universe", "^ay", dir);
  bk_application_handle_options (app, window, options, NULL);
  g_assert_true (bk_universe_view_is_running (universe_view ()));
  g_assert_true (wait_for (universe_ended, 60));
  g_assert_cmpint (bk_universe_view_get_state (universe_view ()), ==, BK_JOB_FINISHED);
  bk_window_show_view (window, "run");
}

/* ---- what a newcomer tripped on ----------------------------------------- */

/* A mistyped --strategy: the chart's place names it and says what to do,
 * the toolbar names the data that was given, nothing runs; a run with a
 * good strategy then takes the page's place. */
static void
test_bad_strategy_names_it (void)
{
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autoptr(GFile) file = g_file_new_for_path (sample);

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  g_variant_dict_insert (options, "strategy", "s", "sma-crosover");
  bk_application_handle_options (app, window, options, file);
  g_assert_false (bk_window_is_running (window));
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "no-strategy");
  const char *said = bk_run_view_get_strategy_error (run_view ());
  g_assert_nonnull (said);
  g_assert_nonnull (strstr (said, "'sma-crosover'"));
  g_assert_cmpstr (data_name (), ==, "sample.csv");

  hide_banner ();
  run_and_wait ();
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  g_assert_null (bk_run_view_get_strategy_error (run_view ()));
}

static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (widget, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
      return g_ptr_array_index (labels, i);
  return NULL;
}

static void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    iterate ();
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

static cairo_surface_t *
white_image (int width, int height, cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, 1, 1, 1);
  cairo_paint (*cr);
  return surface;
}

static guint32
pixel_at (cairo_surface_t *surface, int x, int y)
{
  const guchar *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

/* The legend's swatches along row `y` (runs of 8 pixels of one colour
 * that is not grey), each drawn somewhere in the rectangle below it: a
 * line the colour of its swatch. */
static guint
check_swatches_drawn (cairo_surface_t *surface, int y, int top, int bottom)
{
  int width = cairo_image_surface_get_width (surface);
  guint n = 0;

  for (int x = 0; x + 8 <= width; x++)
    {
      guint32 c = pixel_at (surface, x, y);
      int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
      int run = 1;

      if (r + g + b > 720)
        continue;
      while (x + run < width && pixel_at (surface, x + run, y) == c)
        run++;
      /* A swatch is 8 by 3 pixels of one colour; text is not. */
      if (run != 8 || pixel_at (surface, x, y - 1) != c || pixel_at (surface, x + 7, y + 1) != c)
        {
          x += run - 1;
          continue;
        }
      guint drawn = 0;
      for (int j = top; j < bottom; j++)
        for (int i = 0; i < width; i++)
          drawn += pixel_at (surface, i, j) == c;
      g_test_message ("swatch #%06x at x %d: %u pixels of its colour in the plot", c, x, drawn);
      g_assert_cmpuint (drawn, >=, 20);
      n++;
      x += run - 1;
    }
  return n;
}

/* The Run view's memory timeline: resident memory and cells in two plots,
 * each on its own axis, over the same bars; each line in its swatch's
 * colour. */
static void
test_memory_timeline_two_axes (void)
{
  BkMemoryPanel *panel = bk_run_view_get_memory_panel (run_view ());
  BkTimelinePlot *plot = bk_memory_panel_get_timeline_plot (panel);
  GArray *samples = bk_memory_panel_get_timeline (panel);
  BkPlotArea rss, cells;
  double most_cells = 1, most_rss = 1, bars = 1, xmax;
  cairo_t *cr;

  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  open_path (NULL);
  g_assert_cmpuint (samples->len, >=, 2);
  /* Every sample on both lines, the axes reaching 1.1 times the most. */
  g_assert_cmpuint (bk_timeline_plot_get_n_points (plot, 0), ==, samples->len);
  g_assert_cmpuint (bk_timeline_plot_get_n_points (plot, 1), ==, samples->len);
  for (guint i = 0; i < samples->len; i++)
    {
      const BkCompareSample *s = &g_array_index (samples, BkCompareSample, i);

      most_cells = MAX (most_cells, (double) s->cells);
      most_rss = MAX (most_rss, (double) s->rss_bytes);
      bars = MAX (bars, (double) s->bars);
    }
  bk_timeline_plot_pane_area (plot, 0, 440, 150, &rss, &xmax);
  bk_timeline_plot_pane_area (plot, 1, 440, 150, &cells, &xmax);
  g_assert_cmpfloat (rss.data_bottom, <, cells.data_top);
  g_assert_cmpfloat (rss.left, ==, cells.left);
  g_assert_cmpfloat (rss.width, ==, cells.width);
  g_assert_cmpfloat_with_epsilon (rss.ymax, most_rss / 1048576.0 * 1.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (cells.ymax, most_cells * 1.1, 1e-6);
  g_assert_cmpfloat (xmax, ==, bars);
  /* The cells' line (and its swatch) in the run's mode's colour. */
  BkRgb line = bk_timeline_plot_get_series_rgb (plot, 0), mode = bk_painter_mode_rgb (BK_MODE_KEEP_ALL);
  g_assert_true (line.r == mode.r && line.g == mode.g && line.b == mode.b);

  cairo_surface_t *surface = white_image (440, 150, &cr);
  bk_timeline_plot_draw (plot, cr, 440, 150);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpuint (check_swatches_drawn (surface, 8, 18, 150 - 18), ==, 2);
  cairo_surface_destroy (surface);
}

/* The rows of an image that have ink (not white) anywhere. */
static gboolean
row_has_ink (cairo_surface_t *surface, int y, int from, int to)
{
  for (int x = from; x < to; x++)
    if (pixel_at (surface, x, y) != 0xffffff)
      return TRUE;
  return FALSE;
}

/* The Universe view as a newcomer reads it: the memory chart's axis title
 * under its tick labels (a blank row between them), every legend swatch
 * in its line's colour; Jobs 0 says "all"; the warning threshold has its
 * unit; numbers grouped by the window's rule whatever the locale. */
static void
test_universe_reads_plainly (void)
{
  BkUniverseView *view = universe_view ();
  g_autofree char *dir = generated_universe (60, TRUE);
  cairo_t *cr;

  bk_window_universe (window, dir);
  g_assert_true (wait_for (universe_ended, 60));
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);

  cairo_surface_t *surface = white_image (1200, 420, &cr);
  bk_universe_view_draw_timeline (view, cr, 1200, 420);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* From the bottom: the title's rows, blank rows, the tick labels'. */
  int y = 419;
  while (y > 0 && !row_has_ink (surface, y, 0, 1200))
    y--;
  int title_bottom = y;
  while (y > 0 && row_has_ink (surface, y, 0, 1200))
    y--;
  int gap_bottom = y;
  while (y > 0 && !row_has_ink (surface, y, 0, 1200))
    y--;
  g_test_message ("axis title ends at row %d; blank rows %d to %d above it", title_bottom, y + 1, gap_bottom);
  g_assert_cmpint (gap_bottom - y, >=, 1);
  /* The tick labels: ink across the width, not the title's alone. */
  g_assert_true (row_has_ink (surface, y, 0, 600));
  /* resident memory, the warning threshold and the cells held. */
  g_assert_cmpuint (check_swatches_drawn (surface, 8, 24, 420 - 34), ==, 3);
  cairo_surface_destroy (surface);

  bk_universe_view_set_jobs (view, 0);
  g_autofree char *all = g_strdup_printf ("all (%u)", g_get_num_processors ());
  g_assert_cmpstr (bk_universe_view_get_jobs_text (view), ==, all);
  bk_universe_view_set_jobs (view, 3);
  g_assert_cmpstr (bk_universe_view_get_jobs_text (view), ==, "3");
  bk_universe_view_set_jobs (view, 0);
  g_assert_nonnull (find_label (GTK_WIDGET (view), "MB"));
  g_assert_nonnull (find_label (GTK_WIDGET (view), "Warn if memory grows by"));

  const BkUniverseResult *r = bk_universe_view_get_result (view);
  g_autofree char *rows = bk_format_count (bk_universe_rows_total (r, TRUE));
  g_autofree char *expect = g_strdup_printf ("; %s rows to train on", rows);
  g_assert_nonnull (strchr (rows, ','));
  g_assert_nonnull (strstr (bk_universe_view_get_summary (view), expect));
  hide_banner ();
  bk_window_show_view (window, "run");
}

/* Compare's memory figures: line storage counted, the same in every
 * comparison; resident growth labelled noisy, given as the median and
 * range over the comparisons of one file, and how many. */
static void
test_compare_growth_is_labelled (void)
{
  BkCompareView *view = compare_view ();
  g_autofree char *path = generated_csv (20000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *storage = NULL;

  for (guint n = 1; n <= 3; n++)
    {
      bk_window_compare_data (window, file);
      g_assert_true (wait_for (compare_ended, 120));
      g_assert_cmpint (bk_compare_view_get_state (view), ==, BK_JOB_FINISHED);
      const BkCompare *compare = bk_compare_view_get_compare (view);
      g_autofree char *bytes = bk_format_bytes (compare->modes[2].report->total_bytes);

      g_assert_cmpstr (bk_compare_view_get_cell (view, 3, 2), ==, bytes);
      if (storage != NULL)
        g_assert_cmpstr (storage, ==, bytes);
      g_free (storage);
      storage = g_strdup (bytes);
      g_test_message ("comparison %u: mode -1 line storage %s, resident growth %" G_GUINT64_FORMAT " bytes: %s", n,
                      bytes, bk_compare_mode_rss_growth (&compare->modes[2]), bk_compare_view_get_cell (view, 3, 3));
    }
  g_assert_cmpstr (bk_compare_view_get_cell (view, 0, 2), ==, "Line storage");
  g_assert_nonnull (strstr (bk_compare_view_get_cell (view, 0, 3), "noisy"));
  for (guint row = 1; row <= BK_COMPARE_N_MODES; row++)
    g_assert_true (g_str_has_suffix (bk_compare_view_get_cell (view, row, 3), " in 3 runs)"));
  bk_window_show_view (window, "run");
}

static void
on_first_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  window_painted = TRUE;
}

static gboolean
painted (void)
{
  return window_painted;
}

/* A person opens data in a window that is already on screen: its first
 * frames (the theme, fonts and glyphs loaded, every widget measured for
 * the first time: 40 ms of CPU or more) come before any test. */
static void
wait_for_first_frame (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_assert_nonnull (clock);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint_cb), NULL);
  g_assert_true (wait_for (painted, 10));
  g_signal_handler_disconnect (clock, id);
}

/* ---- preferences -------------------------------------------------------- */

static BkPreferencesPage *
find_preferences_page (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);
      GtkWidget *page = find_descendant (toplevel, BK_TYPE_PREFERENCES_PAGE);

      if (page != NULL)
        return BK_PREFERENCES_PAGE (page);
    }
  return NULL;
}

static AdwComboRow *
preferences_row (BkPreferencesPage *page, const char *name)
{
  return ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (page), BK_TYPE_PREFERENCES_PAGE, name));
}

/* Preferences (app.preferences) shows each setting in its row and writes
 * what the row chooses: both ways, bound. */
static void
test_preferences_bound_to_settings (void)
{
  g_autoptr(GSettings) settings = bk_application_new_settings ();

  g_settings_set_string (settings, "chart-style", "bars");
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  BkPreferencesPage *page = find_preferences_page ();
  g_assert_nonnull (page);
  g_assert_cmpuint (adw_combo_row_get_selected (preferences_row (page, "chart_style_row")), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (preferences_row (page, "mode_row")), ==,
                    bk_mode_choice_index (g_settings_get_int (settings, "default-mode")));

  adw_combo_row_set_selected (preferences_row (page, "mode_row"), bk_mode_choice_index (BK_MODE_PLOT_SAVE_UNPLOTTED));
  g_assert_cmpint (g_settings_get_int (settings, "default-mode"), ==, BK_MODE_PLOT_SAVE_UNPLOTTED);
  adw_combo_row_set_selected (preferences_row (page, "red_up_row"), 1);
  g_assert_true (g_settings_get_boolean (settings, "red-up"));
  adw_combo_row_set_selected (preferences_row (page, "precision_row"), 1);
  g_autofree char *precision = g_settings_get_string (settings, "default-precision");
  g_assert_cmpstr (precision, ==, "f32");
  adw_combo_row_set_selected (preferences_row (page, "chart_style_row"), 0);
  g_autofree char *style = g_settings_get_string (settings, "chart-style");
  g_assert_cmpstr (style, ==, "candles");

  const char *keys[] = { "chart-style", "red-up", "default-mode", "default-precision" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
}

/* ---- the worker job ----------------------------------------------------- */

/* What a job's function did and what the main loop saw of it. */
typedef struct {
  GMutex lock;
  GCond cond;
  gboolean posted;              /* the function has posted all it will */
  GThread *worker;
  GString *seen;                /* the progress delivered, in order */
  gboolean seen_off_main;
  BkJobState state_at_end;
  char *message_at_end;
  guint n_finished;
} JobWatch;

static void
job_post (BkJob *job, const char *text, gboolean replaceable)
{
  bk_job_post_progress (job, g_strdup (text), g_free, replaceable);
}

/* Posts a, b (replaceable), c (kept), d (replaceable), then waits until
 * it is cancelled when the watch asks for it, or fails. */
static gboolean
job_posting_cb (BkJob *job, gpointer data, GError **error)
{
  JobWatch *watch = data;
  const char *kind = g_object_get_data (G_OBJECT (job), "kind");

  watch->worker = g_thread_self ();
  job_post (job, "a", TRUE);
  job_post (job, "b", TRUE);
  job_post (job, "c", FALSE);
  job_post (job, "d", TRUE);
  g_mutex_lock (&watch->lock);
  watch->posted = TRUE;
  g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->lock);
  if (g_strcmp0 (kind, "cancel") == 0)
    {
      while (!g_atomic_int_get (bk_job_get_cancel_flag (job)))
        g_thread_yield ();
      g_set_error_literal (error, BK_ERROR, BK_ERROR_CANCELLED, "stopped");
      return FALSE;
    }
  if (g_strcmp0 (kind, "fail") == 0)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID, "bad input");
      return FALSE;
    }
  return TRUE;
}

static void
on_job_watch_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  JobWatch *watch = user_data;

  g_string_append (watch->seen, data);
  watch->seen_off_main |= g_thread_self () != main_thread;
}

static void
on_job_watch_finished_cb (BkJob *job, const GError *error, gpointer user_data)
{
  JobWatch *watch = user_data;

  watch->n_finished++;
  watch->state_at_end = bk_job_get_state (job);
  watch->message_at_end = error != NULL ? g_strdup (error->message) : NULL;
}

static JobWatch *current_watch;

static gboolean
job_watch_finished (void)
{
  return current_watch->n_finished > 0;
}

/* Runs a job of `kind` ("finish", "cancel" or "fail") to its end. */
static void
run_watched_job (JobWatch *watch, const char *kind)
{
  g_autoptr(BkJob) job = bk_job_new ("test-job", job_posting_cb, watch, NULL);

  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->seen = g_string_new (NULL);
  g_object_set_data (G_OBJECT (job), "kind", (gpointer) kind);
  g_signal_connect (job, "progress", G_CALLBACK (on_job_watch_progress_cb), watch);
  g_signal_connect (job, "finished", G_CALLBACK (on_job_watch_finished_cb), watch);
  g_assert_cmpint (bk_job_get_state (job), ==, BK_JOB_IDLE);
  bk_job_start (job);
  g_assert_cmpint (bk_job_get_state (job), ==, BK_JOB_RUNNING);

  /* The main loop takes nothing until all four are posted. */
  g_mutex_lock (&watch->lock);
  while (!watch->posted)
    g_cond_wait (&watch->cond, &watch->lock);
  g_mutex_unlock (&watch->lock);
  if (g_strcmp0 (kind, "cancel") == 0)
    bk_job_cancel (job);
  current_watch = watch;
  g_assert_true (wait_for (job_watch_finished, 60));
  g_assert_cmpint (bk_job_get_state (job), ==, watch->state_at_end);
  g_assert_true (watch->worker != main_thread);
  g_assert_false (watch->seen_off_main);
  g_mutex_clear (&watch->lock);
  g_cond_clear (&watch->cond);
}

static void
job_watch_clear (JobWatch *watch)
{
  g_string_free (watch->seen, TRUE);
  g_free (watch->message_at_end);
}

/* A job runs on a thread of its own; what it posted while the window was
 * busy reaches the main loop before its end, a replaceable progress
 * dropped for the next (a and b), one that is not kept (c); the end
 * comes once. */
static void
test_job_delivers_progress_then_end (void)
{
  JobWatch watch = { 0 };

  run_watched_job (&watch, "finish");
  g_assert_cmpstr (watch.seen->str, ==, "cd");
  g_assert_cmpuint (watch.n_finished, ==, 1);
  g_assert_cmpint (watch.state_at_end, ==, BK_JOB_FINISHED);
  g_assert_null (watch.message_at_end);
  job_watch_clear (&watch);
}

/* Cancelling raises the flag the engine looks at; a function that stops
 * for it ends cancelled, one that fails ends failed, with its message. */
static void
test_job_cancelled_and_failed (void)
{
  JobWatch cancelled = { 0 }, failed = { 0 };

  run_watched_job (&cancelled, "cancel");
  g_assert_cmpint (cancelled.state_at_end, ==, BK_JOB_CANCELLED);
  g_assert_cmpstr (cancelled.message_at_end, ==, "stopped");
  g_assert_cmpstr (cancelled.seen->str, ==, "cd");
  run_watched_job (&failed, "fail");
  g_assert_cmpint (failed.state_at_end, ==, BK_JOB_FAILED);
  g_assert_cmpstr (failed.message_at_end, ==, "bad input");
  job_watch_clear (&cancelled);
  job_watch_clear (&failed);
}

int
main (int argc, char **argv)
{
  tmpdir = g_dir_make_tmp ("barkeep-app-XXXXXX", NULL);
  /* The generated universe goes in the cache folder: the test's own. */
  g_autofree char *cache = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() chose en_US.UTF-8 where that is installed: the tests
   * run in the same locale on every machine. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  /* Owned for good, as g_application_run() owns it. */
  main_thread = g_thread_self ();
  g_assert_true (g_main_context_acquire (g_main_context_default ()));

  app = bk_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  window = bk_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_first_frame ();
  watch_ui_updates ();

  g_test_add_func ("/app/preferences/bound-to-settings", test_preferences_bound_to_settings);
  g_test_add_func ("/app/job/progress-then-end", test_job_delivers_progress_then_end);
  g_test_add_func ("/app/job/cancelled-and-failed", test_job_cancelled_and_failed);
  g_test_add_func ("/app/window/sample-fills-chart-and-panel", test_sample_fills_chart_and_panel);
  g_test_add_func ("/app/window/mode1-shows-status-page", test_mode1_shows_status_page);
  g_test_add_func ("/app/window/live-updates-never-block", test_live_updates_never_block);
  g_test_add_func ("/app/window/stop-cancels-quickly", test_stop_cancels_quickly);
  g_test_add_func ("/app/window/cleanup-never-raises-rss", test_cleanup_never_raises_rss);
  g_test_add_func ("/app/window/bad-csv-keeps-result", test_bad_csv_shows_banner_and_keeps_result);
  g_test_add_func ("/app/window/bad-strategy-shows-banner", test_bad_strategy_shows_banner);
  g_test_add_func ("/app/actions/accelerators", test_every_action_has_accelerators);
  g_test_add_func ("/app/export/report-json", test_export_report);
  g_test_add_func ("/app/command-line/options", test_command_line_options);
  g_test_add_func ("/app/window/stale-until-next-run", test_stale_until_next_run);
  g_test_add_func ("/app/export/chart-extensions", test_export_chart_extensions);
  g_test_add_func ("/app/results/equal-cli", test_results_equal_cli);
  g_test_add_func ("/app/memory/split-adds-up", test_memory_split_adds_up);
  g_test_add_func ("/app/memory/names-and-tooltips", test_memory_panel_names_and_tooltips);
  g_test_add_func ("/app/compare/equals-cli", test_compare_equals_cli);
  g_test_add_func ("/app/compare/stop-keeps-two-modes", test_compare_stop_keeps_two_modes);
  g_test_add_func ("/app/universe/equals-cli", test_universe_equals_cli);
  g_test_add_func ("/app/universe/stop", test_universe_stop);
  g_test_add_func ("/app/universe/warning-and-compare", test_universe_warning_and_compare);
  g_test_add_func ("/app/universe/main-loop-keeps-up", test_universe_main_loop_keeps_up);
  g_test_add_func ("/app/universe/command-line", test_universe_command_line);
  g_test_add_func ("/app/universe/generated", test_universe_generated);
  g_test_add_func ("/app/window/bad-strategy-names-it", test_bad_strategy_names_it);
  g_test_add_func ("/app/results/trade-list-fits", test_trade_list_fits);
  g_test_add_func ("/app/memory/timeline-two-axes", test_memory_timeline_two_axes);
  g_test_add_func ("/app/universe/reads-plainly", test_universe_reads_plainly);
  g_test_add_func ("/app/compare/growth-is-labelled", test_compare_growth_is_labelled);

  int status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  g_main_context_release (g_main_context_default ());
  return status;
}
