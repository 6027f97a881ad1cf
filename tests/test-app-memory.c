/* test-app-memory.c — the Run view's memory panel, under Xvfb: its parts
 * add up to the resident memory, it names what it counts, and its
 * timeline plots memory and cells on two axes. */
#include <math.h>
#include <string.h>

#include "bk-format.h"
#include "bk-report.h"
#include "bk-report-row.h"
#include "bk-source.h"

#include "test-app-common.h"

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

/* The panel says what the toolkit costs: the renderer GTK draws with
 * (the tests' GSK_RENDERER=cairo, no choice of Barkeep's: GDK loaded GL
 * all the same, to open the display) and what the window held before the
 * first run against the run's cells. */
static void
test_memory_panel_says_toolkit (void)
{
  BkMemoryPanel *panel = bk_run_view_get_memory_panel (run_view ());

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  open_path (NULL);
  const BkMemorySplit *split = bk_memory_panel_get_split (panel);
  const BkReport *report = bk_memory_panel_get_report (panel);
  const char *text = bk_memory_panel_get_toolkit_text (panel);
  g_autofree char *baseline = bk_format_bytes (split->baseline_bytes);
  g_autofree char *cells = bk_format_count (report->total_cells);
  g_autofree char *bytes = bk_format_bytes (report->total_bytes);
  g_autofree char *expected = g_strdup_printf ("The window and its toolkit took %s before the first run; this run's "
                                               "%s cells take %s. barkeep-cli runs without them.",
                                               baseline, cells, bytes);

  g_test_message ("%s", text);
  g_assert_cmpuint (split->baseline_bytes, >, 0);
  g_assert_true (g_str_has_prefix (text, "Drawn by GTK 4."));
  g_assert_nonnull (strstr (text, "with its cairo renderer; OpenGL is loaded all the same (left to GTK)\n"));
  g_assert_true (g_str_has_suffix (text, expected));
  GtkWidget *label = find_label (GTK_WIDGET (panel), text);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
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

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/memory/split-adds-up", test_memory_split_adds_up);
  g_test_add_func ("/app/memory/names-and-tooltips", test_memory_panel_names_and_tooltips);
  g_test_add_func ("/app/memory/says-toolkit", test_memory_panel_says_toolkit);
  g_test_add_func ("/app/memory/timeline-two-axes", test_memory_timeline_two_axes);
  return app_test_run ();
}
