/* test-app-universe.c — the Universe view, under Xvfb: the CLI's results
 * from the window, Stop, the memory warning and comparison, the main loop
 * keeping up, the command line, a generated universe, and how it reads. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "bk-format.h"
#include "bk-timeline-plot.h"

#include "test-app-common.h"

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

/* The view's timeline plot: "timeline_chart" as the run goes,
 * "compare_chart" before and after. */
static BkTimelinePlot *
universe_plot (const char *name)
{
  return BK_TIMELINE_PLOT (gtk_widget_get_template_child (GTK_WIDGET (universe_view ()), BK_TYPE_UNIVERSE_VIEW, name));
}

/* The run's timeline as plotted: resident memory with the growth
 * warning's threshold above cells held, in seconds, a mark where each
 * chunk began after the first and a drop for each cleanup. */
static void
check_timeline (const BkUniverseResult *r)
{
  BkTimelinePlot *plot = universe_plot ("timeline_chart");
  BkPainterColors colors;
  BkPlotArea rss;
  double xmax;

  g_assert_cmpuint (r->n_chunks, >=, 1);
  bk_painter_colors_for_widget (&colors, GTK_WIDGET (plot), FALSE);
  g_assert_cmpuint (bk_timeline_plot_get_n_series (plot), ==, 3);
  g_assert_cmpuint (bk_timeline_plot_get_n_points (plot, 0), ==, bk_universe_view_get_n_points (universe_view ()));
  g_assert_cmpuint (bk_timeline_plot_get_n_points (plot, 2), ==, bk_universe_view_get_n_points (universe_view ()));
  BkRgb threshold = bk_timeline_plot_get_series_rgb (plot, 1);
  g_assert_true (threshold.r == colors.down.r && threshold.g == colors.down.g && threshold.b == colors.down.b);
  g_assert_cmpuint (bk_timeline_plot_get_n_x_marks (plot), ==, r->n_chunks - 1);
  g_assert_cmpuint (bk_timeline_plot_get_n_drops (plot), ==, r->cleanups->len);
  bk_timeline_plot_pane_area (plot, 0, 900, 280, &rss, &xmax);
  g_assert_cmpfloat (rss.ymax * 1048576.0, >=, (double) r->peak_rss_bytes);
  /* Seconds, not bars: the last report came before the run's end. */
  g_assert_cmpfloat (xmax, <=, r->elapsed);

  cairo_t *cr;
  cairo_surface_t *surface = white_image (900, 280, &cr);
  bk_universe_view_draw_timeline (universe_view (), cr, 900, 280);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpuint (count_pixels_near (surface, bk_painter_palette (&colors, 0)), >, 300);
  g_assert_cmpuint (count_pixels_near (surface, bk_painter_palette (&colors, 1)), >, 300);
  cairo_surface_destroy (surface);
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
  check_timeline (r);

  bk_universe_view_set_mode (view, BK_MODE_MINIMAL);
  bk_universe_view_set_chunk (view, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.compare-memory", NULL));
  g_assert_true (wait_for (universe_ended, 120));
  g_assert_cmpint (bk_universe_view_get_state (view), ==, BK_JOB_FINISHED);
  g_assert_true (bk_universe_view_get_compared (view, peak, elapsed));
  g_test_message ("before: peak %" G_GUINT64_FORMAT " bytes, %.3f s; after: %" G_GUINT64_FORMAT " bytes, %.3f s",
                  peak[0], elapsed[0], peak[1], elapsed[1]);
  g_assert_cmpuint (peak[0], >, peak[1]);
  /* The "after", in chunks of 30. */
  g_assert_cmpuint (bk_universe_view_get_result (view)->n_chunks, >=, 2);
  check_timeline (bk_universe_view_get_result (view));
  g_assert_cmpuint (bk_timeline_plot_get_n_series (universe_plot ("compare_chart")), ==, 2);

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

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/universe/equals-cli", test_universe_equals_cli);
  g_test_add_func ("/app/universe/stop", test_universe_stop);
  g_test_add_func ("/app/universe/warning-and-compare", test_universe_warning_and_compare);
  g_test_add_func ("/app/universe/main-loop-keeps-up", test_universe_main_loop_keeps_up);
  g_test_add_func ("/app/universe/command-line", test_universe_command_line);
  g_test_add_func ("/app/universe/generated", test_universe_generated);
  g_test_add_func ("/app/universe/reads-plainly", test_universe_reads_plainly);
  return app_test_run ();
}
