/* test-app-compare.c — the Compare view, under Xvfb: the same cells as
 * the CLI in every mode, Stop keeps the modes done, exports, and memory
 * figures labelled for what they are. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "bk-error.h"
#include "bk-format.h"
#include "bk-report.h"

#include "test-app-common.h"

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

/* Compares a CSV of `bars` generated bars; the comparison goes on. */
static void
start_comparing (guint64 bars)
{
  g_autofree char *path = generated_csv (bars);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bk_window_compare_data (window, file);
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

  start_comparing (2000000);
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

/* Compare's memory figures: line storage counted, the same in every
 * comparison; resident growth labelled noisy, given as the median and
 * range over the comparisons of one file, and how many. */
static void
test_compare_growth_is_labelled (void)
{
  BkCompareView *view = compare_view ();
  g_autofree char *storage = NULL;

  for (guint n = 1; n <= 3; n++)
    {
      start_comparing (20000);
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

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/compare/equals-cli", test_compare_equals_cli);
  g_test_add_func ("/app/compare/stop-keeps-two-modes", test_compare_stop_keeps_two_modes);
  g_test_add_func ("/app/compare/growth-is-labelled", test_compare_growth_is_labelled);
  return app_test_run ();
}
