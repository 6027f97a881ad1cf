/* test-app-sweep.c — the Sweep view, under Xvfb: a 3×3 grid runs, its heat
 * map has a cell a combination in the colour of the chosen metric, the
 * best cell is the one with the best metric and is marked, a click opens
 * that combination in the Run view with its parameters written in, one
 * parameter is a line and three a table, and Stop keeps what finished. */
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-strategy-params.h"
#include "bk-sweep-view.h"

#include "test-app-common.h"

static BkSweepView *
sweep_view (void)
{
  return BK_SWEEP_VIEW (window_part ("sweep_view"));
}

static gboolean
sweep_ended (void)
{
  return !bk_sweep_view_is_running (sweep_view ());
}

static char *
fast_slow_path (void)
{
  return g_build_filename (g_getenv ("BARKEEP_SOURCE_DIR"), "tests", "data", "sma-cross-fast-slow.ini", NULL);
}

/* The sweep view on screen with the fast/slow crossover and the sample. */
static void
show_fast_slow (void)
{
  g_autofree char *path = fast_slow_path ();

  bk_window_set_data (window, NULL);
  g_assert_true (bk_window_select_strategy (window, path));
  bk_window_show_view (window, "sweep");
  wait_frames (5);
}

static void
sweep_and_wait (const char *const *params, guint n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bk_sweep_view_set_axes (sweep_view (), params, n, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_true (bk_sweep_view_is_running (sweep_view ()));
  g_assert_true (wait_for (sweep_ended, 120));
}

static double
metric_of (BkSweep *sweep, guint64 k, guint metric)
{
  return bk_sweep_metric_value (bk_sweep_get_result (sweep, k), metric);
}

/* The best combination by `metric`, found here: the highest value (the
 * lowest for a drawdown), the first of a tie. */
static gint64
expected_best (BkSweep *sweep, guint metric)
{
  gboolean lower = bk_sweep_get_metric (metric)->lower_is_better;
  gint64 best = -1;

  for (guint64 k = 0; k < bk_sweep_get_n_combinations (sweep); k++)
    {
      double v = metric_of (sweep, k, metric);

      if (isfinite (v) && (best < 0 || (lower ? v < metric_of (sweep, (guint64) best, metric)
                                              : v > metric_of (sweep, (guint64) best, metric))))
        best = (gint64) k;
    }
  return best;
}

static gboolean
pixel_is (cairo_surface_t *surface, double x, double y, BkRgb c)
{
  guint32 p = pixel_at (surface, (int) x, (int) y);
  int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

  return abs (r - (int) lround (c.r * 255)) <= 3 && abs (g - (int) lround (c.g * 255)) <= 3
         && abs (b - (int) lround (c.b * 255)) <= 3;
}

static const char *const grid_3x3[] = { "fast.period=5:15:5", "slow.period=20:40:10" };

/* A 3×3 grid: 9 cells, each in the colour of its metric's place between
 * the lowest and the highest, for two metrics; the best cell marked. */
static void
test_sweep_heat_map (void)
{
  BkSweepView *view = sweep_view ();
  const int width = 900, height = 600;

  show_fast_slow ();
  sweep_and_wait (grid_3x3, G_N_ELEMENTS (grid_3x3));
  g_assert_cmpint (bk_sweep_view_get_state (view), ==, BK_JOB_FINISHED);
  BkSweep *sweep = bk_sweep_view_get_sweep (view);
  g_assert_nonnull (sweep);
  g_assert_cmpuint (bk_sweep_get_n_combinations (sweep), ==, 9);
  g_assert_cmpuint (bk_sweep_get_n_done (sweep), ==, 9);
  g_assert_cmpstr (bk_sweep_view_get_page (view), ==, "plot");
  /* The memory line gives what bk-sweep counted: the cells shared, each
   * combination's own, the bars read once. */
  guint64 shared = 0, own = 0;
  for (guint64 k = 0; k < 9; k++)
    {
      shared = MAX (shared, bk_sweep_get_result (sweep, k)->shared_cells);
      own = MAX (own, bk_sweep_get_result (sweep, k)->cells);
    }
  g_assert_cmpuint (shared, >, 0);
  g_assert_cmpuint (own, >, 0);
  const char *memory = bk_sweep_view_get_memory_text (view);
  g_assert_cmpuint (number_between (memory, "combinations, ", " cells shared"), ==, shared);
  g_assert_cmpuint (number_between (memory, "at most ", " of each"), ==, own);
  g_assert_nonnull (strstr (memory, "the data's 4,965 bars were read once"));

  const char *metrics[] = { "final_value", "n_trades", "max_drawdown" };
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      guint metric = (guint) bk_sweep_metric_lookup (metrics[i]);
      double lo = INFINITY, hi = -INFINITY;
      cairo_t *cr;
      cairo_surface_t *surface = white_image (width, height, &cr);

      bk_sweep_view_set_metric (view, metric);
      g_assert_cmpuint (bk_sweep_view_get_metric (view), ==, metric);
      for (guint64 k = 0; k < 9; k++)
        {
          lo = MIN (lo, metric_of (sweep, k, metric));
          hi = MAX (hi, metric_of (sweep, k, metric));
        }
      g_assert_true (hi > lo);
      bk_sweep_view_draw (view, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      gint64 best = bk_sweep_view_get_best (view);
      g_assert_cmpint (best, ==, expected_best (sweep, metric));
      g_assert_cmpint (best, >=, 0);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      for (guint64 k = 0; k < 9; k++)
        {
          graphene_rect_t r;
          double t = (metric_of (sweep, k, metric) - lo) / (hi - lo);

          g_assert_true (bk_sweep_view_get_cell_rect (view, k, width, height, &r));
          double cx = r.origin.x + r.size.width / 2, cy = r.origin.y + r.size.height / 2;
          g_assert_cmpfloat (r.size.width, >, 20);
          g_assert_cmpfloat (r.size.height, >, 20);
          /* A cell of its own, where the pointer finds it. */
          g_hash_table_add (seen, GINT_TO_POINTER ((int) (r.origin.x * 10000 + r.origin.y)));
          g_assert_cmpint (bk_sweep_view_cell_at (view, width, height, cx, cy), ==, (gint64) k);
          g_assert_true (pixel_is (surface, cx, cy, bk_sweep_view_scale_rgb (t)));
          /* The mark on the best cell's edge, and on no other. */
          g_assert_cmpint (pixel_is (surface, r.origin.x + 2, cy, bk_sweep_view_mark_rgb ()), ==, (gint64) k == best);
        }
      g_assert_cmpuint (g_hash_table_size (seen), ==, 9);
      cairo_surface_destroy (surface);
    }
  /* The scale runs from dark to light. */
  BkRgb low = bk_sweep_view_scale_rgb (0), high = bk_sweep_view_scale_rgb (1);
  g_assert_cmpfloat (low.r + low.g + low.b, <, high.r + high.g + high.b);
  bk_sweep_view_set_metric (view, (guint) bk_sweep_metric_lookup ("final_value"));
}

static gboolean
run_view_shown_and_ended (void)
{
  return g_str_equal (adw_view_stack_get_visible_child_name (window_part ("view_stack")), "run")
         && bk_run_view_get_state (run_view ()) != BK_JOB_RUNNING && bk_run_view_get_run (run_view ()) != NULL
         && run_ended ();
}

static GtkGesture *
plot_click (GtkWidget *plot)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (plot);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

/* A click on the best cell: the Run view runs that combination, its file
 * with the two periods written in, and its results are the sweep's. */
static void
test_sweep_click_opens_run (void)
{
  BkSweepView *view = sweep_view ();

  show_fast_slow ();
  sweep_and_wait (grid_3x3, G_N_ELEMENTS (grid_3x3));
  BkSweep *sweep = bk_sweep_view_get_sweep (view);
  gint64 best = bk_sweep_view_get_best (view);
  g_assert_cmpint (best, >=, 0);
  double values[2];
  bk_sweep_get_values (sweep, (guint64) best, values);
  double final_value = metric_of (sweep, (guint64) best, (guint) bk_sweep_metric_lookup ("final_value"));

  /* The click where the cell is on screen. */
  GtkWidget *plot = find_descendant (GTK_WIDGET (view), GTK_TYPE_DRAWING_AREA);
  g_assert_nonnull (plot);
  wait_frames (5);
  int width = gtk_widget_get_width (plot), height = gtk_widget_get_height (plot);
  graphene_rect_t r;
  g_assert_true (bk_sweep_view_get_cell_rect (view, (guint64) best, width, height, &r));
  GtkGesture *click = plot_click (plot);
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "released", 1, (double) (r.origin.x + r.size.width / 2),
                         (double) (r.origin.y + r.size.height / 2));
  g_assert_true (wait_for (run_view_shown_and_ended, 60));
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);

  /* The toolbar names the combination... */
  GtkDropDown *strategies = window_part ("strategy_dropdown");
  GtkStringObject *item = gtk_drop_down_get_selected_item (strategies);
  g_autofree char *name = g_strdup_printf ("SMA fast/slow crossover (fast.period=%g, slow.period=%g)", values[0],
                                           values[1]);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, name);
  /* ...whose file has the periods written in and nothing else changed... */
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "barkeep", "sweeps", NULL);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (folder);
  gboolean found = FALSE;
  for (const char *file = g_dir_read_name (folder); file != NULL; file = g_dir_read_name (folder))
    {
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *text = NULL;
      gsize len;

      g_autofree char *expected = bk_sweep_get_text (sweep, (guint64) best, &len);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      if (strcmp (text, expected) == 0)
        {
          g_autoptr(BkStrategyParams) params = bk_strategy_params_new (text, -1, path, NULL);
          const BkStrategyParam *fast = bk_strategy_params_get (params, (guint) bk_strategy_params_lookup (params, "fast.period", NULL));
          const BkStrategyParam *slow = bk_strategy_params_get (params, (guint) bk_strategy_params_lookup (params, "slow.period", NULL));

          g_assert_cmpfloat (fast->value, ==, values[0]);
          g_assert_cmpfloat (slow->value, ==, values[1]);
          found = TRUE;
        }
    }
  g_assert_true (found);
  /* ...and the run's results are the combination's. */
  const BkBroker *broker = bk_run_get_broker (bk_run_view_get_run (run_view ()));
  g_assert_cmpfloat (broker->value, ==, final_value);

  /* Open the Best does the same. */
  bk_window_show_view (window, "sweep");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.open-best", NULL));
  g_assert_true (wait_for (run_view_shown_and_ended, 60));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (strategies)), ==, name);
}

/* One parameter is a line, a point a value; three a table, a row a
 * combination. */
static void
test_sweep_line_and_table (void)
{
  BkSweepView *view = sweep_view ();
  const char *one[] = { "fast.period=4:12:2" };
  const char *three[] = { "fast.period=5,10", "slow.period=20,30", "rules.size=5,10,20" };
  graphene_rect_t r;

  show_fast_slow ();
  sweep_and_wait (one, 1);
  g_assert_cmpstr (bk_sweep_view_get_page (view), ==, "plot");
  for (guint64 k = 0; k < 5; k++)
    {
      g_assert_true (bk_sweep_view_get_cell_rect (view, k, 900, 600, &r));
      g_assert_cmpint (bk_sweep_view_cell_at (view, 900, 600, r.origin.x + r.size.width / 2,
                                              r.origin.y + r.size.height / 2), ==, (gint64) k);
    }

  sweep_and_wait (three, 3);
  g_assert_cmpstr (bk_sweep_view_get_page (view), ==, "table");
  GtkColumnView *table = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (table)), ==, 3 + bk_sweep_get_n_metrics ());
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (table));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 12);
  /* Best first by the chosen metric. */
  g_autoptr(GtkStringObject) first = g_list_model_get_item (rows, 0);
  g_assert_cmpint ((gint64) g_ascii_strtoull (gtk_string_object_get_string (first), NULL, 10), ==,
                   bk_sweep_view_get_best (view));
}

/* A parameter the file does not have is named with the closest one; a
 * range that is not one says so in the banner. */
static void
test_sweep_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  const char *unknown[] = { "fast.perod=5:10" };
  const char *empty[] = { "fast.period=10:5" };

  show_fast_slow ();
  g_assert_false (bk_sweep_view_set_axes (sweep_view (), unknown, 1, &error));
  g_assert_nonnull (strstr (error->message, "fast.period"));
  g_clear_error (&error);
  g_assert_false (bk_sweep_view_set_axes (sweep_view (), empty, 1, &error));
  g_assert_nonnull (strstr (error->message, "empty"));
  hide_banner ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_false (bk_sweep_view_is_running (sweep_view ()));
  g_assert_nonnull (banner_text ());
  g_assert_nonnull (strstr (banner_text (), "fast.period: "));
  hide_banner ();
}

static gboolean
sweep_under_way (void)
{
  GtkProgressBar *bar = GTK_PROGRESS_BAR (find_descendant (GTK_WIDGET (sweep_view ()), GTK_TYPE_PROGRESS_BAR));

  return gtk_progress_bar_get_fraction (bar) > 0 || sweep_ended ();
}

/* Stop in a 400-combination sweep of 300,000 bars: it ends cancelled, the
 * combinations that finished on screen and the others not. */
static void
test_sweep_stop (void)
{
  const char *grid[] = { "fast.period=5:24", "slow.period=25:44" };
  g_autofree char *path = generated_csv (300000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  show_fast_slow ();
  bk_window_set_data (window, file);
  g_assert_true (bk_sweep_view_set_axes (sweep_view (), grid, 2, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_true (wait_for (sweep_under_way, 120));
  g_assert_false (sweep_ended ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  g_assert_true (wait_for (sweep_ended, 60));
  g_assert_cmpint (bk_sweep_view_get_state (sweep_view ()), ==, BK_JOB_CANCELLED);
  BkSweep *sweep = bk_sweep_view_get_sweep (sweep_view ());
  g_assert_cmpuint (bk_sweep_get_n_combinations (sweep), ==, 400);
  g_assert_cmpuint (bk_sweep_get_n_done (sweep), >, 0);
  g_assert_cmpuint (bk_sweep_get_n_done (sweep), <, 400);
  guint64 done = 0;
  for (guint64 k = 0; k < 400; k++)
    done += bk_sweep_get_result (sweep, k)->done;
  g_assert_cmpuint (done, ==, bk_sweep_get_n_done (sweep));
  g_assert_cmpint (bk_sweep_view_get_best (sweep_view ()), >=, 0);
  bk_window_set_data (window, NULL);
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/sweep/heat-map", test_sweep_heat_map);
  g_test_add_func ("/app/sweep/click-opens-run", test_sweep_click_opens_run);
  g_test_add_func ("/app/sweep/line-and-table", test_sweep_line_and_table);
  g_test_add_func ("/app/sweep/bad-input", test_sweep_bad_input);
  g_test_add_func ("/app/sweep/stop", test_sweep_stop);
  return app_test_run ();
}
