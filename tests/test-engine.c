/* test-engine.c — lines, the memory modes and their invariants. */
#include <stdio.h>

#include <glib/gstdio.h>

#include "bk-compare.h"
#include "bk-dump.h"
#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-indicator.h"
#include "bk-multi-run.h"
#include "bk-observers.h"
#include "bk-pow.h"
#include "bk-random.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-run-private.h"
#include "bk-strategy-compiler.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "test-engine-common.h"

static const BkMode all_modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

/* Runs the seed strategy over generated bars; returns the total cells and,
 * when dump is non-NULL, the dump text. */
static guint64
run_generated (BkMode mode, BkPrecision precision, guint64 bars, char **dump_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, &error);

  g_assert_no_error (error);
  if (dump_text != NULL)
    *dump_text = bk_test_execute_dump (run, source);
  else
    {
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_assert_no_error (error);
    }
  g_autoptr(BkReport) report = bk_report_new (run);
  g_assert_cmpuint (report->bars, ==, bars);
  return report->total_cells;
}

static void
test_line_whole_blocks (void)
{
  BkLine *line = bk_line_new_whole (BK_PRECISION_F64, NULL);

  for (guint i = 0; i < 3 * BK_BLOCK_VALUES + 7; i++)
    bk_line_push (line, i * 0.5);
  g_assert_cmpuint (bk_line_get_cells (line), ==, 3 * BK_BLOCK_VALUES + 7);
  g_assert_cmpfloat (bk_line_get (line, 0), ==, (3 * BK_BLOCK_VALUES + 6) * 0.5);
  g_assert_cmpfloat (bk_line_get (line, 3 * BK_BLOCK_VALUES + 6), ==, 0.0);
  g_assert_true (isnan (bk_line_get (line, 3 * BK_BLOCK_VALUES + 7)));
  g_assert_cmpfloat (bk_line_get_at (line, BK_BLOCK_VALUES), ==, BK_BLOCK_VALUES * 0.5);
  g_assert_cmpuint (bk_line_get_published_length (line), ==, 3 * BK_BLOCK_VALUES + 7);

  /* Blocks never move: a pointer into the first block stays valid. */
  const double *first = line->pages[0][0];
  for (guint i = 0; i < 10 * BK_BLOCK_VALUES; i++)
    bk_line_push (line, 1.0);
  g_assert_true (first == line->pages[0][0]);
  g_assert_cmpfloat (first[1], ==, 0.5);
  bk_line_free (line);
}

static void
test_line_ring_keeps_last_values (void)
{
  gboolean overrun = FALSE;
  BkLine *line = bk_line_new_ring (BK_PRECISION_F64, 3);

  bk_line_set_overrun_flag (line, &overrun);
  for (guint i = 1; i <= 10; i++)
    bk_line_push (line, i);
  g_assert_cmpuint (bk_line_get_cells (line), ==, 3);
  g_assert_cmpfloat (bk_line_get (line, 0), ==, 10);
  g_assert_cmpfloat (bk_line_get (line, 1), ==, 9);
  g_assert_cmpfloat (bk_line_get (line, 2), ==, 8);
  g_assert_false (overrun);
  g_assert_true (isnan (bk_line_get (line, 3)));
  g_assert_true (overrun);
  g_assert_cmpuint (line->overrun_ago, ==, 4);
  bk_line_free (line);
}

static void
test_line_f32_rounds_when_stored (void)
{
  BkLine *whole = bk_line_new_whole (BK_PRECISION_F32, NULL);
  BkLine *ring = bk_line_new_ring (BK_PRECISION_F32, 2);

  bk_line_push (whole, 0.1);
  bk_line_push (ring, 0.1);
  g_assert_cmpfloat (bk_line_get (whole, 0), ==, (double) 0.1f);
  g_assert_cmpfloat (bk_line_get (ring, 0), ==, (double) 0.1f);
  g_assert_cmpfloat (bk_line_get (whole, 0), !=, 0.1);
  bk_line_free (whole);
  bk_line_free (ring);
}

/* What a run computes on generated bars: its dump and its broker's end. */
static char *
run_result (BkRun *run, guint64 seed)
{
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 400, seed, FALSE);
  g_autofree char *dump = bk_test_execute_dump (run, source);
  const BkBroker *broker = bk_run_get_broker (run);

  return g_strdup_printf ("%s\nvalue %a, %u trades, %" G_GUINT64_FORMAT " bars, %" G_GUINT64_FORMAT " cells",
                          dump, broker->value, broker->trades->len, bk_run_get_bars (run),
                          bk_run_get_cells (run));
}

/* A run made as new by bk_run_reset, after a run on other bars, computes
 * what a new run does, bit for bit. */
static void
check_reset_run_equals_new (BkStrategy *strategy)
{
  static const BkPrecision precisions[] = { BK_PRECISION_F64, BK_PRECISION_F32 };

  for (guint p = 0; p < G_N_ELEMENTS (precisions); p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkRun) fresh = bk_run_new (strategy, BK_MODE_MINIMAL, precisions[p], &error);
      g_autoptr(BkRun) reused = bk_run_new (strategy, BK_MODE_MINIMAL, precisions[p], &error);

      g_assert_no_error (error);
      g_autofree char *expected = run_result (fresh, 7);
      g_autofree char *other = run_result (reused, 3);
      g_assert_cmpstr (other, !=, expected);
      g_assert_true (bk_run_reset (reused));
      g_assert_cmpuint (bk_run_get_bars (reused), ==, 0);
      g_autofree char *again = run_result (reused, 7);
      g_assert_cmpstr (again, ==, expected);
    }
}

static void
test_run_reset_equals_new (void)
{
  guint n_indicators = 0;

  /* Every indicator of the library, with its defaults. */
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      g_autoptr(GError) error = NULL;
      /* Oscillator needs an indicator to oscillate around its data. */
      gboolean of_sma = g_str_equal (desc->name, "Oscillator");
      g_autofree char *text = g_strdup_printf ("[indicator x]\nexpr=%s(%s)\n", desc->name, of_sma ? "SMA()" : "");
      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "reset.ini", &error);

      g_assert_no_error (error);
      g_test_message ("%s", desc->name);
      check_reset_run_equals_new (strategy);
      n_indicators++;
    }
  g_assert_cmpuint (n_indicators, >=, 40);

  /* Every built-in strategy: rules, orders and trades too. */
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, &error);

      g_assert_no_error (error);
      g_test_message ("%s", *id);
      check_reset_run_equals_new (strategy);
    }

  /* Whole lines are not reset: the run stays as it was. */
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", NULL);
  g_autoptr(BkRun) whole = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, NULL);
  g_autofree char *done = run_result (whole, 7);
  g_assert_nonnull (strstr (done, ", 400 bars, "));
  g_assert_false (bk_run_reset (whole));
  g_assert_cmpuint (bk_run_get_bars (whole), ==, 400);
}

/* ---- one graph for many strategies ---- */

/* A run's results to the bit, the history's drops aside. */
static char *
results_text (const BkBroker *broker)
{
  BkResults r;

  bk_broker_get_results (broker, &r);
  return g_strdup_printf ("%a %a %a %a %a %a %a %" G_GUINT64_FORMAT " %a %u %a %a %" G_GUINT64_FORMAT
                          " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %a",
                          r.final_value, r.final_cash, r.position, r.total_return, r.annual_return, r.max_drawdown,
                          r.sharpe, r.max_drawdown_bars, r.win_rate, r.n_trades, r.profit_factor, r.largest_win,
                          r.n_orders, r.rejected_orders, r.skipped_entries, r.invalid_prices, r.largest_loss);
}

static char *
run_alone (BkStrategy *strategy, guint64 bars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);

  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  return results_text (bk_run_get_broker (run));
}

/* Every built-in strategy and every indicator under two rules, all in one
 * graph, each twice: each one's results are those of a run of it alone,
 * and the second copy of each adds no indicator of its own. */
static void
test_multi_run_shared_equals_alone (void)
{
  g_autoptr(GPtrArray) strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_strategy_unref);
  g_autoptr(GError) error = NULL;
  const guint64 bars = 600;

  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_ptr_array_add (strategies, bk_strategy_new_builtin (*id, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      gboolean of_sma = g_str_equal (desc->name, "Oscillator");
      g_autofree char *text = g_strdup_printf ("[indicator x]\nexpr=%s(%s)\n[rules]\nbuy=x > x[-1]\nsell=x < x[-2]\n",
                                               desc->name, of_sma ? "SMA()" : "");
      BkStrategy *strategy = bk_strategy_new_from_data (text, -1, "shared.ini", &error);
      g_assert_no_error (error);
      g_ptr_array_add (strategies, strategy);
    }

  g_autoptr(BkMultiRun) multi = bk_multi_run_new (NULL, BK_BROKER_DEFAULT_KEEP);
  for (guint copy = 0; copy < 2; copy++)
    for (guint i = 0; i < strategies->len; i++)
      {
        g_assert_true (bk_multi_run_add (multi, g_ptr_array_index (strategies, i), &error));
        g_assert_no_error (error);
      }
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_assert_true (bk_multi_run_execute (multi, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bk_multi_run_get_bars (multi), ==, bars);

  guint n = strategies->len;
  guint64 own_first = 0, own_second = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *alone = run_alone (g_ptr_array_index (strategies, i), bars);
      g_autofree char *first = results_text (bk_multi_run_get_broker (multi, i));
      g_autofree char *second = results_text (bk_multi_run_get_broker (multi, n + i));
      g_assert_cmpstr (first, ==, alone);
      g_assert_cmpstr (second, ==, alone);
      own_first += bk_multi_run_get_cells (multi, i);
      own_second += bk_multi_run_get_cells (multi, n + i);
      g_assert_cmpuint (bk_multi_run_get_cells (multi, i), ==, bk_multi_run_get_cells (multi, n + i));
    }
  /* Each copy holds of its own only its account lines, where its rules
   * read them: every indicator and rule it computes, the other computes
   * too, and so they share it. */
  g_assert_cmpuint (own_first, ==, own_second);
  g_assert_cmpuint ((own_first + own_second) * 10, <, bk_multi_run_get_shared_cells (multi));
}

/* Combinations that differ in one indicator's period share the rest: one
 * SMA(30) for all, one SMA and one CrossOver of each fast period. */
static void
test_multi_run_shares_common_indicators (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkMultiRun) multi = bk_multi_run_new (NULL, 1);
  g_autoptr(BkMultiRun) one = bk_multi_run_new (NULL, 1);
  static const guint fasts[] = { 5, 10, 5 };

  for (guint i = 0; i < G_N_ELEMENTS (fasts); i++)
    {
      g_autofree char *text = g_strdup_printf ("[indicator fast]\nexpr=SMA(close, period=%u)\n"
                                               "[indicator slow]\nexpr=SMA(close, period=30)\n"
                                               "[rules]\nbuy=CrossOver(fast, slow) > 0\n"
                                               "sell=CrossOver(fast, slow) < 0\n", fasts[i]);
      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "cross.ini", &error);
      g_assert_no_error (error);
      g_assert_true (bk_multi_run_add (multi, strategy, &error));
      if (i == 0)
        g_assert_true (bk_multi_run_add (one, strategy, &error));
      g_assert_no_error (error);
    }
  /* The second adds its SMA(10), its CrossOver and its rules, not the
   * feed nor SMA(30); the third only its named groups. */
  guint alone = bk_multi_run_get_n_nodes (one);
  g_assert_cmpuint (bk_multi_run_get_n_nodes (multi), <, 2 * alone);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 300, SEED, FALSE);
  g_assert_true (bk_multi_run_execute (multi, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bk_multi_run_get_cells (multi, 0), ==, 0);
  g_assert_cmpuint (bk_multi_run_get_cells (multi, 1), >, 0);
  g_assert_cmpuint (bk_multi_run_get_cells (multi, 2), ==, 0);
  g_autofree char *first = results_text (bk_multi_run_get_broker (multi, 0));
  g_autofree char *third = results_text (bk_multi_run_get_broker (multi, 2));
  g_assert_cmpstr (first, ==, third);
}

/* ---- comparing the modes ---- */

static char *
write_generated_csv (guint64 bars)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("barkeep-compare-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  FILE *out = fdopen (fd, "w");
  g_assert_cmpint (bk_generator_write_csv (out, bars, SEED, FALSE), ==, 0);
  g_assert_cmpint (fclose (out), ==, 0);
  return path;
}

/* The four modes of the seed's strategy: each mode's cells are those of a
 * run of its own, they compute the same, mode 0's cells climb bar by bar
 * and mode 1's stay where they started. */
static void
test_compare_four_modes (void)
{
  g_autofree char *path = write_generated_csv (3000);
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (compare);
  g_assert_cmpuint (compare->n_modes, ==, BK_COMPARE_N_MODES);
  g_assert_false (compare->stopped);
  g_assert_null (compare->difference);
  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    {
      const BkCompareMode *mode = &compare->modes[i];
      g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
      g_autoptr(BkRun) run = bk_run_new (strategy, mode->mode, BK_PRECISION_F64, &error);

      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_autoptr(BkReport) report = bk_report_new (run);
      g_assert_cmpuint (mode->report->total_cells, ==, report->total_cells);
      g_assert_cmpuint (mode->bars, ==, 3000);

      /* The timeline runs from bar 0 to the last bar. */
      GArray *t = mode->timeline;
      g_assert_cmpuint (g_array_index (t, BkCompareSample, 0).bars, ==, 0);
      g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).bars, ==, 3000);
      g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).cells, ==, bk_run_get_cells (run));
      for (guint k = 1; k < t->len; k++)
        {
          const BkCompareSample *a = &g_array_index (t, BkCompareSample, k - 1);
          const BkCompareSample *b = &g_array_index (t, BkCompareSample, k);

          g_assert_cmpuint (b->bars, >, a->bars);
          if (mode->mode == BK_MODE_KEEP_ALL)
            g_assert_cmpuint (b->cells, >, a->cells);
          else if (mode->mode == BK_MODE_MINIMAL)
            g_assert_cmpuint (b->cells, ==, a->cells);
        }
    }
  g_remove (path);
}

/* A strategy whose second build (the compare's mode 1) averages over 31
 * bars instead of 30: the difference is found and named. */
static gboolean
build_unsteady (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  guint *builds = user_data;

  return bk_test_add_named_sma (graph, build, "x", (*builds)++ == 1 ? 31 : 30, error) != NULL;
}

static void
test_compare_names_a_difference (void)
{
  g_autofree char *path = write_generated_csv (200);
  guint builds = 0;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_custom ("unsteady", "Unsteady", NULL, build_unsteady, &builds, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (compare->n_modes, ==, BK_COMPARE_N_MODES);
  g_assert_nonnull (compare->difference);
  g_assert_true (g_str_has_prefix (compare->difference, "mode 1 differs from mode 0 at bar 30 ("));
  g_assert_nonnull (strstr (compare->difference, ") in x.sma: no value against "));
  g_remove (path);
}

static void
stop_in_third_mode (guint mode_index, double fraction, gpointer user_data)
{
  if (mode_index == 2)
    g_atomic_int_set ((gint *) user_data, 1);
}

/* Stopped in the third mode: the first two stay, finished. */
static void
test_compare_stop_keeps_finished_modes (void)
{
  g_autofree char *path = write_generated_csv (20000);
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(GError) error = NULL;
  gint cancel = 0;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, &cancel,
                                                 stop_in_third_mode, &cancel, &error);

  g_assert_no_error (error);
  g_assert_true (compare->stopped);
  g_assert_cmpuint (compare->n_modes, ==, 2);
  g_assert_null (compare->difference);
  g_assert_cmpuint (compare->modes[1].bars, ==, 20000);
  g_assert_null (compare->modes[2].run);
  g_remove (path);
}

static void
test_cci_of_huge_values_does_not_abort (void)
{
  enum { N = 60 };
  double in[N];

  for (guint i = 0; i < N; i++)
    in[i] = i < 30 ? 1e308 : 10.0 + i % 3;
  g_autofree double *got = indicator_over ("CCI", 20, in, N);
  /* Once the huge values have left both windows, a finite CCI again. */
  g_assert_true (isfinite (got[N - 1]));
}

static void
test_graph_cells_match_mode1_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 300, SEED, FALSE);

  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkReport) report = bk_report_new (run);
  g_assert_cmpuint (bk_graph_get_cells (bk_run_get_graph (run)), ==, report->total_cells);
}

static void
test_graph_node_limit_leaves_room_for_observers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkGraph) graph = bk_graph_new ();
  const double period = 2;

  /* The feed and BK_GRAPH_MAX_NODES - 1 indicators: the strategy's limit. */
  for (guint i = 1; i < BK_GRAPH_MAX_NODES; i++)
    g_assert_nonnull (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error));
  g_assert_no_error (error);
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_true (bk_observers_add_defaults (graph, &error));
  g_assert_no_error (error);
}

static void
test_modes_dumps_identical (void)
{
  g_autofree char *reference = NULL;

  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F64, 4965, &reference);
  g_assert_cmpuint (strlen (reference), >, 4965 * 50);
  for (guint m = 1; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autofree char *dump = NULL;
      run_generated (all_modes[m], BK_PRECISION_F64, 4965, &dump);
      g_assert_cmpstr (dump, ==, reference);
    }
}

static void
test_modes_dumps_identical_f32 (void)
{
  g_autofree char *reference = NULL, *f64 = NULL;

  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F32, 2000, &reference);
  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F64, 2000, &f64);
  g_assert_cmpstr (reference, !=, f64);
  for (guint m = 1; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autofree char *dump = NULL;
      run_generated (all_modes[m], BK_PRECISION_F32, 2000, &dump);
      g_assert_cmpstr (dump, ==, reference);
    }
}

static void
test_mode1_cells_constant (void)
{
  guint64 cells_255 = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 255, NULL);
  guint64 cells_4965 = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 4965, NULL);
  guint64 cells_million = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 1000000, NULL);

  g_test_message ("mode 1 cells: %" G_GUINT64_FORMAT, cells_4965);
  g_assert_cmpuint (cells_4965, <=, 200);
  g_assert_cmpuint (cells_255, ==, cells_4965);
  g_assert_cmpuint (cells_million, ==, cells_4965);
}

static void
test_modes_seed_table_order (void)
{
  guint64 cells[4];

  for (guint m = 0; m < G_N_ELEMENTS (all_modes); m++)
    cells[m] = run_generated (all_modes[m], BK_PRECISION_F64, 4965, NULL);
  g_test_message ("cells: 0=%" G_GUINT64_FORMAT " 1=%" G_GUINT64_FORMAT " -1=%" G_GUINT64_FORMAT
                  " -2=%" G_GUINT64_FORMAT, cells[0], cells[1], cells[2], cells[3]);
  /* 1 < -2 < -1 < 0, as in the seed's table. */
  g_assert_cmpuint (cells[1], <, cells[3]);
  g_assert_cmpuint (cells[3], <, cells[2]);
  g_assert_cmpuint (cells[2], <, cells[0]);
}

static gboolean
is_named_line (BkLineSpec *spec)
{
  return spec->owner->role == BK_ROLE_INDICATOR && spec->owner->parent == NULL && spec->owner->name != NULL;
}

static void
test_mode_minus1_keeps_plotted_whole (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_PLOT_SAVE_INTERNALS, -1);
  BkGraph *graph = bk_run_get_graph (run);
  guint whole = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      gboolean expect = spec->owner->role == BK_ROLE_FEED || spec->owner->role == BK_ROLE_OBSERVER
                        || is_named_line (spec);
      g_assert_cmpint (spec->whole, ==, expect);
      whole += spec->whole;
    }
  /* 7 feed lines, 9 named indicator lines, 6 observer lines. */
  g_assert_cmpuint (whole, ==, 7 + 9 + 6);
}

static void
test_mode_minus2_rings_unplotted (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_PLOT_SAVE_UNPLOTTED, -1);
  BkGraph *graph = bk_run_get_graph (run);
  guint testind_lines = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      if (is_named_line (spec) && g_strcmp0 (spec->owner->name, "testind") == 0)
        {
          g_assert_false (spec->whole);
          testind_lines++;
        }
      else
        g_assert_cmpint (spec->whole, ==, bk_line_spec_is_whole_in (spec, BK_MODE_PLOT_SAVE_INTERNALS));
    }
  g_assert_cmpuint (testind_lines, ==, 2);
}

static void
test_mode1_rings_everything (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_MINIMAL, -1);
  BkGraph *graph = bk_run_get_graph (run);

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      g_assert_false (spec->whole);
      /* An operation fused into its readers keeps no value. */
      g_assert_cmpuint (spec->line->capacity, ==, spec->writer->fused ? 0 : MAX (spec->lookback, 1));
    }
  /* Lines are sized by what is read, not by minimum period: close feeds
   * SMA(30), high and low the 14-bar Highest and Lowest and, where CCI's
   * and TestInd's SMA(20) compute their fused input again, 20 bars. */
  BkNode *feed = bk_graph_get_feed (graph);
  g_assert_cmpuint (feed->outputs[BK_FEED_CLOSE]->line->capacity, ==, 30);
  g_assert_cmpuint (feed->outputs[BK_FEED_HIGH]->line->capacity, ==, 20);
  g_assert_cmpuint (feed->outputs[BK_FEED_LOW]->line->capacity, ==, 20);
  g_assert_cmpuint (feed->outputs[BK_FEED_VOLUME]->line->capacity, ==, 1);
}

static BkRun *
planned_run_shrunk (gint shrink, gpointer data)
{
  return planned_run (BK_MODE_MINIMAL, shrink);
}

static BkSource *
generated_source (gpointer data)
{
  return bk_source_new_generated ("generated", 300, SEED, FALSE);
}

/* Every ring is minimal: one value smaller and some read falls outside it. */
static void
test_mode1_rings_minimal (void)
{
  guint checked = bk_test_check_rings_minimal_with (planned_run_shrunk, generated_source, NULL);

  g_test_message ("%u rings shrunk, each overrun caught", checked);
  /* The lines fused away keep nothing to shrink. */
  g_assert_cmpuint (checked, >=, 25);
}

static void
test_run_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) run = planned_run (BK_MODE_MINIMAL, -1);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  gint cancel = 1;

  g_assert_false (bk_run_execute (run, source, &cancel, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_CANCELLED);
  g_assert_cmpuint (bk_run_get_bars (run), <=, 1024);
}

static void
test_params_out_of_range_rejected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkGraph) graph = bk_graph_new ();
  const double zero = 0, huge = 1e7, fraction = 2.5;

  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &zero, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "parameter 'period' of SMA must be a whole number from 1 to 1000000, found 0");
  g_clear_error (&error);
  /* Above a period's limit, as in a strategy file. */
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &huge, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("EMA"), NULL, 0, &fraction, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_registry_aliases (void)
{
  g_assert_true (bk_indicator_lookup ("MovingAverageSimple") == bk_indicator_lookup ("SMA"));
  g_assert_true (bk_indicator_lookup ("rsi") == bk_indicator_lookup ("RelativeStrengthIndex"));
  g_assert_true (bk_indicator_lookup ("CommodityChannelIndex") == bk_indicator_lookup ("CCI"));
  g_assert_null (bk_indicator_lookup ("NoSuchThing"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The graph builds formula indicators (MACD, CCI...) through the
   * compiler the strategy language hands down; the subtests that build
   * graphs by hand must not depend on one that loaded a strategy first. */
  bk_formula_install ();

  g_test_add_func ("/engine/line/whole-blocks-never-move", test_line_whole_blocks);
  g_test_add_func ("/engine/line/ring-keeps-last-values", test_line_ring_keeps_last_values);
  g_test_add_func ("/engine/line/f32-rounds-when-stored", test_line_f32_rounds_when_stored);
  g_test_add_func ("/engine/run/reset-equals-new", test_run_reset_equals_new);
  g_test_add_func ("/engine/multi-run/shared-equals-alone", test_multi_run_shared_equals_alone);
  g_test_add_func ("/engine/multi-run/shares-common-indicators", test_multi_run_shares_common_indicators);
  g_test_add_func ("/engine/compare/four-modes", test_compare_four_modes);
  g_test_add_func ("/engine/compare/names-a-difference", test_compare_names_a_difference);
  g_test_add_func ("/engine/compare/stop-keeps-finished-modes", test_compare_stop_keeps_finished_modes);
  g_test_add_func ("/engine/cci/huge-values-do-not-abort", test_cci_of_huge_values_does_not_abort);
  g_test_add_func ("/engine/graph/cells-match-mode1-report", test_graph_cells_match_mode1_report);
  g_test_add_func ("/engine/graph/node-limit-leaves-room-for-observers", test_graph_node_limit_leaves_room_for_observers);
  g_test_add_func ("/engine/modes/dumps-identical", test_modes_dumps_identical);
  g_test_add_func ("/engine/modes/dumps-identical-f32", test_modes_dumps_identical_f32);
  g_test_add_func ("/engine/modes/mode1-cells-constant", test_mode1_cells_constant);
  g_test_add_func ("/engine/modes/seed-table-order", test_modes_seed_table_order);
  g_test_add_func ("/engine/modes/minus1-keeps-plotted-whole", test_mode_minus1_keeps_plotted_whole);
  g_test_add_func ("/engine/modes/minus2-rings-unplotted", test_mode_minus2_rings_unplotted);
  g_test_add_func ("/engine/modes/mode1-rings-everything", test_mode1_rings_everything);
  g_test_add_func ("/engine/modes/mode1-rings-minimal", test_mode1_rings_minimal);
  g_test_add_func ("/engine/run/cancelled", test_run_cancelled);
  g_test_add_func ("/engine/graph/params-out-of-range-rejected", test_params_out_of_range_rejected);
  g_test_add_func ("/engine/registry/aliases", test_registry_aliases);

  return g_test_run ();
}
