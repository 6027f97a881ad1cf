/* test-broker.c — orders, fills, trades and results. */
#include <math.h>

#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-ops.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-test-util.h"

/* The crossover example (data/strategies/sma-crossover.ini): SMA(15) on
 * close; buy 10 on an upward cross while flat, close on a downward cross. */
static gboolean
build_cross15 (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  BkInput close = bk_graph_feed_input (graph, BK_FEED_CLOSE);
  BkNode *sma = bk_test_add_named_sma (graph, build, "sma", 15, error);
  if (sma == NULL)
    return FALSE;

  BkInput pair[2] = { close, bk_node_output (sma, 0) };
  BkNode *cross = bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("CrossOver"), pair, 2, NULL, 0, error);
  if (cross == NULL
      || !bk_graph_add_op (graph, NULL, BK_OP_GT, bk_node_output (cross, 0), bk_input_const (0), &build->rule[BK_RULE_BUY], error)
      || !bk_graph_add_op (graph, NULL, BK_OP_LT, bk_node_output (cross, 0), bk_input_const (0), &build->rule[BK_RULE_SELL], error))
    return FALSE;
  build->has_rule[BK_RULE_BUY] = build->has_rule[BK_RULE_SELL] = TRUE;
  build->size = (BkInput) { .value = 10 };
  return TRUE;
}

static BkStrategy *
cross15_strategy (double cash)
{
  BkStrategy *strategy = bk_strategy_new_custom ("cross15", "SMA(15) crossover", "as sma-crossover",
                                                 build_cross15, NULL, NULL);
  bk_strategy_set_broker (strategy, cash, 0.001);
  return strategy;
}

static BkRun *
run_on (BkStrategy *strategy, const char *path, BkMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  BkRun *run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  return run;
}

static void
test_cross15_matches_backtrader (void)
{
  g_autofree char *data = bk_test_data_file ("datas/yhoo-1996-2015.txt");
  g_autofree char *reference_path = bk_test_data_file ("reference/yhoo-1996-2015.cross15.csv");
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (reference_path, &text, NULL, NULL));
  g_autoptr(BkStrategy) strategy = cross15_strategy (100000);
  g_autoptr(BkRun) run = run_on (strategy, data, BK_MODE_MINIMAL);
  const BkBroker *broker = bk_run_get_broker (run);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;
  double final_value = NAN;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_strchomp (lines[i]), ",", -1);
      if (g_strcmp0 (f[0], "final_value") == 0)
        final_value = g_ascii_strtod (f[1], NULL);
      if (g_strcmp0 (f[0], "trade") != 0)
        continue;
      g_assert_cmpuint (n, <, broker->trades->len);
      const BkTrade *t = &g_array_index (broker->trades, BkTrade, n);
      char open[32], close[32];
      bk_format_datetime (t->open_datetime, FALSE, open);
      bk_format_datetime (t->close_datetime, FALSE, close);
      g_assert_cmpstr (open, ==, f[1]);
      g_assert_cmpstr (close, ==, f[2]);
      g_assert_cmpfloat_with_epsilon (t->pnl, g_ascii_strtod (f[3], NULL), 1e-6);
      g_assert_cmpfloat_with_epsilon (t->pnl_comm, g_ascii_strtod (f[4], NULL), 1e-6);
      n++;
    }
  g_test_message ("%u trades, final value %.6f (backtrader %.6f)", n, broker->value, final_value);
  g_assert_cmpuint (n, ==, broker->trades->len);
  g_assert_cmpuint (n, >, 50);
  g_assert_cmpfloat_with_epsilon (broker->value, final_value, 0.01);
}

/* SMA(15) crossover trades the same in every mode on `path`. */
static void
assert_trades_identical (BkStrategy *strategy, const char *path)
{
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                                  BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autoptr(BkRun) first = run_on (strategy, path, modes[0]);
  const BkBroker *a = bk_run_get_broker (first);

  g_test_message ("%s: %u trades", path, a->trades->len);
  g_assert_cmpuint (a->trades->len, >, 10);
  for (guint m = 1; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(BkRun) run = run_on (strategy, path, modes[m]);
      const BkBroker *b = bk_run_get_broker (run);
      BkResults ra, rb;

      g_assert_cmpuint (b->trades->len, ==, a->trades->len);
      g_assert_cmpmem (b->trades->data, b->trades->len * sizeof (BkTrade),
                       a->trades->data, a->trades->len * sizeof (BkTrade));
      bk_broker_get_results (a, &ra);
      bk_broker_get_results (b, &rb);
      g_assert_cmpfloat (ra.final_value, ==, rb.final_value);
      g_assert_cmpfloat (ra.final_cash, ==, rb.final_cash);
      g_assert_cmpfloat (ra.max_drawdown, ==, rb.max_drawdown);
      g_assert_cmpfloat (ra.sharpe, ==, rb.sharpe);
      g_assert_cmpfloat (ra.profit_factor, ==, rb.profit_factor);
    }
}

/* On the bundled sample and on backtrader's four datas in tests/data. */
static void
test_trades_identical_in_every_mode (void)
{
  static const char *const files[] = {
    "datas/2006-day-001.txt", "datas/nvda-1999-2014.txt", "datas/orcl-1995-2014.txt", "datas/yhoo-1996-2015.txt",
  };
  g_autoptr(BkStrategy) strategy = cross15_strategy (100000);
  g_autofree char *sample = g_build_filename (g_getenv ("BARKEEP_DATADIR"), "sample.csv", NULL);

  assert_trades_identical (strategy, sample);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = bk_test_data_file (files[i]);

      assert_trades_identical (strategy, path);
    }
}

static void
test_orders_beyond_cash_rejected (void)
{
  g_autoptr(BkStrategy) strategy = cross15_strategy (100);   /* 10 shares of ~40 cost 400 */
  g_autofree char *sample = g_build_filename (g_getenv ("BARKEEP_DATADIR"), "sample.csv", NULL);
  g_autoptr(BkRun) run = run_on (strategy, sample, BK_MODE_MINIMAL);
  BkResults r;

  bk_broker_get_results (bk_run_get_broker (run), &r);
  g_assert_cmpuint (r.n_trades, ==, 0);
  g_assert_cmpuint (r.rejected_orders, >, 0);
  g_assert_cmpfloat (r.final_value, ==, 100);
}

static void
test_results_statistics (void)
{
  BkBroker broker;
  BkResults r;
  const double values[] = { 100, 110, 99, 121, 121 };

  /* Drive the statistics with a known value path: cash only. */
  bk_broker_init (&broker, 100, 0);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      broker.cash = values[i];
      bk_broker_end_bar (&broker, i * 86400.0, 0);
    }
  bk_broker_get_results (&broker, &r);
  g_assert_cmpfloat_with_epsilon (r.total_return, 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.max_drawdown, 0.1, 1e-12);   /* 110 -> 99 */
  g_assert_cmpuint (r.max_drawdown_bars, ==, 1);
  /* Returns 0.1, -0.1, 0.2222, 0: mean / sample sd * sqrt(252). */
  double rets[] = { 0.1, -0.1, 121.0 / 99.0 - 1.0, 0.0 }, mean = 0, ss = 0;
  for (guint i = 0; i < 4; i++)
    mean += rets[i] / 4;
  for (guint i = 0; i < 4; i++)
    ss += (rets[i] - mean) * (rets[i] - mean);
  g_assert_cmpfloat_with_epsilon (r.sharpe, mean / sqrt (ss / 3) * sqrt (252), 1e-9);
  bk_broker_clear (&broker);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/broker/cross15-matches-backtrader", test_cross15_matches_backtrader);
  g_test_add_func ("/broker/trades-identical-in-every-mode", test_trades_identical_in_every_mode);
  g_test_add_func ("/broker/orders-beyond-cash-rejected", test_orders_beyond_cash_rejected);
  g_test_add_func ("/broker/results-statistics", test_results_statistics);
  return g_test_run ();
}
