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
  BkBrokerSettings settings;

  /* Drive the statistics with a known value path: cash only. */
  bk_broker_settings_init (&settings);
  settings.cash = 100;
  bk_broker_init (&broker, &settings, 0);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      broker.cash = values[i];
      bk_broker_end_bar (&broker, i * 86400.0, 0);
    }
  bk_broker_get_results (&broker, &r);
  g_assert_cmpfloat_with_epsilon (r.total_return, 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.max_drawdown, 0.1, 1e-12);   /* 110 -> 99 */
  g_assert_cmpuint (r.max_drawdown_bars, ==, 1);
  /* Daily returns 0 (over the start cash), 0.1, -0.1, 0.2222, 0: mean /
   * sample sd * sqrt(252), backtrader's SharpeRatio by days. */
  double rets[] = { 0.0, 0.1, -0.1, 121.0 / 99.0 - 1.0, 0.0 }, mean = 0, ss = 0;
  for (guint i = 0; i < 5; i++)
    mean += rets[i] / 5;
  for (guint i = 0; i < 5; i++)
    ss += (rets[i] - mean) * (rets[i] - mean);
  g_assert_cmpfloat_with_epsilon (r.sharpe, mean / sqrt (ss / 4) * sqrt (252), 1e-9);
  bk_broker_clear (&broker);
}

/* ---- the fill rules, bar by bar --------------------------------------- */

#define DAY 86400.0

/* A broker with backtrader's defaults and `cash`. */
static void
broker_init (BkBroker *broker, double cash, const BkBrokerSettings *settings)
{
  BkBrokerSettings defaults;

  if (settings == NULL)
    {
      bk_broker_settings_init (&defaults);
      settings = &defaults;
    }
  BkBrokerSettings s = *settings;
  s.cash = cash;
  bk_broker_init (broker, &s, 0);
}

/* Bar number `n` (its datetime n days) with its four prices: the fills,
 * then the valuation at its close. */
static void
broker_bar (BkBroker *broker, guint n, double open, double high, double low, double close)
{
  BkBar bar = { .datetime = n * DAY, .open = open, .high = high, .low = low, .close = close };

  bk_broker_begin_bar (broker, &bar);
  bk_broker_end_bar (broker, bar.datetime, close);
}

static BkEntry
entry_of (BkOrderSide side, BkOrderType type, double size, double price)
{
  return (BkEntry) { .side = side, .type = type, .size = size, .price = price, .price_limit = NAN,
                     .stop_loss = NAN, .take_profit = NAN };
}

static const BkOrder *
order_at (const BkBroker *broker, guint i)
{
  g_assert_cmpuint (i, <, broker->orders->len);
  return &g_array_index (broker->orders, BkOrder, i);
}

/* The order `i` filled on bar `bar` at `price`. */
static void
assert_filled (const BkBroker *broker, guint i, guint bar, double price)
{
  const BkOrder *o = order_at (broker, i);

  g_assert_cmpstr (bk_order_status_name (o->status), ==, "completed");
  g_assert_cmpfloat (o->executed, ==, bar * DAY);
  g_assert_cmpfloat_with_epsilon (o->executed_price, price, 1e-9);
}

/* One order of `type` made at the close of bar 1 (close 100), then the
 * bar given: where does it fill? */
static double
fill_on (BkOrderSide side, BkOrderType type, double price, double limit,
         double open, double high, double low, double close)
{
  BkBroker broker;
  BkEntry entry = entry_of (side, type, 1, price);
  double filled;

  entry.price_limit = limit;
  broker_init (&broker, 1000, NULL);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, 1 * DAY, 100);
  broker_bar (&broker, 2, open, high, low, close);
  bk_broker_finish (&broker);
  filled = order_at (&broker, 0)->status == BK_ORDER_COMPLETED ? order_at (&broker, 0)->executed_price : NAN;
  bk_broker_clear (&broker);
  return filled;
}

/* backtrader's _try_exec_limit, _stop and _stoplimit, gaps included. */
static void
test_fill_rules (void)
{
  /* Limit buy at 95: an open below it fills at the open, a low that
   * reaches it at the limit, else nothing. */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_LIMIT, 95, NAN, 93, 99, 92, 98), ==, 93);
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_LIMIT, 95, NAN, 98, 99, 94, 96), ==, 95);
  g_assert_true (isnan (fill_on (BK_ORDER_BUY, BK_ORDER_LIMIT, 95, NAN, 98, 99, 96, 97)));
  /* Limit sell at 105: the mirror. */
  g_assert_cmpfloat (fill_on (BK_ORDER_SELL, BK_ORDER_LIMIT, 105, NAN, 107, 108, 104, 106), ==, 107);
  g_assert_cmpfloat (fill_on (BK_ORDER_SELL, BK_ORDER_LIMIT, 105, NAN, 101, 106, 100, 104), ==, 105);
  /* Stop buy at 105: a gap above fills at the open, a high that reaches
   * it at the stop. */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_STOP, 105, NAN, 107, 109, 106, 108), ==, 107);
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_STOP, 105, NAN, 101, 106, 100, 104), ==, 105);
  g_assert_true (isnan (fill_on (BK_ORDER_BUY, BK_ORDER_STOP, 105, NAN, 101, 104, 100, 103)));
  /* Stop sell at 95. */
  g_assert_cmpfloat (fill_on (BK_ORDER_SELL, BK_ORDER_STOP, 95, NAN, 93, 94, 90, 92), ==, 93);
  g_assert_cmpfloat (fill_on (BK_ORDER_SELL, BK_ORDER_STOP, 95, NAN, 99, 100, 94, 96), ==, 95);
  /* Stop-limit buy, stop 105 limit 106: a gap to 107 is a limit order from
   * the open (107 > 106: no fill unless the low comes back to 106). */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_STOPLIMIT, 105, 106, 107, 108, 105.5, 107), ==, 106);
  g_assert_true (isnan (fill_on (BK_ORDER_BUY, BK_ORDER_STOPLIMIT, 105, 106, 107, 108, 106.5, 107)));
  /* Reached within the bar, rising: at the stop when the limit is above it. */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_STOPLIMIT, 105, 106, 101, 107, 100, 106), ==, 105);
  /* Falling bar, limit below the stop but above the close: at the limit. */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_STOPLIMIT, 105, 104, 103, 106, 100, 101), ==, 104);
  /* Rising bar with the limit below the stop: triggered, not filled. */
  g_assert_true (isnan (fill_on (BK_ORDER_BUY, BK_ORDER_STOPLIMIT, 105, 104, 101, 106, 100, 105.5)));
  /* Stop-limit sell, stop 95 limit 94: reached in a rising bar. */
  g_assert_cmpfloat (fill_on (BK_ORDER_SELL, BK_ORDER_STOPLIMIT, 95, 94, 97, 99, 93, 98), ==, 95);
  /* Market and close orders: the next open, the next close. */
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_MARKET, NAN, NAN, 101, 103, 99, 102), ==, 101);
  g_assert_cmpfloat (fill_on (BK_ORDER_BUY, BK_ORDER_CLOSE, NAN, NAN, 101, 103, 99, 102), ==, 102);
}

/* Slippage as set_slippage_perc with its defaults: the open slips too,
 * never past the bar's high or low. */
static void
test_slippage (void)
{
  BkBrokerSettings settings;
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 1, NAN);

  bk_broker_settings_init (&settings);
  settings.slippage_percent = 0.01;
  broker_init (&broker, 1000, &settings);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, DAY, 100);
  broker_bar (&broker, 2, 100, 110, 95, 100);   /* 101 within the bar */
  entry.side = BK_ORDER_SELL;
  bk_broker_submit (&broker, &entry, 2 * DAY, 100);
  broker_bar (&broker, 3, 100, 100.5, 99.5, 100);   /* 99 below the low: 99.5 */
  bk_broker_finish (&broker);
  assert_filled (&broker, 0, 2, 101);
  assert_filled (&broker, 1, 3, 99.5);
  bk_broker_clear (&broker);
}

/* Commission of every part: fraction and per unit add, the minimum per
 * fill, stamp duty on sales. */
static void
test_commission (void)
{
  BkBrokerSettings settings;
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 100, NAN);

  bk_broker_settings_init (&settings);
  settings.commission = 0.001;
  settings.commission_per_unit = 0.01;
  settings.commission_min = 5;
  settings.stamp_duty = 0.0005;
  broker_init (&broker, 100000, &settings);
  broker_bar (&broker, 1, 10, 10, 10, 10);
  bk_broker_submit (&broker, &entry, DAY, 10);
  broker_bar (&broker, 2, 10, 10, 10, 10);     /* 1 + 1 < 5: the minimum */
  entry.side = BK_ORDER_SELL;
  entry.size = 1000;
  bk_broker_submit (&broker, &entry, 2 * DAY, 10);   /* closes 100, opens a short of 900 */
  broker_bar (&broker, 3, 100, 100, 100, 100);
  bk_broker_finish (&broker);
  g_assert_cmpfloat_with_epsilon (order_at (&broker, 0)->commission, 5, 1e-12);
  /* Closing 100 at 100: 10 + 1, stamp 5; opening 900: 90 + 9, stamp 45. */
  g_assert_cmpfloat_with_epsilon (order_at (&broker, 1)->commission, 16 + 144, 1e-9);
  g_assert_cmpuint (broker.trades->len, ==, 1);
  const BkTrade *t = &g_array_index (broker.trades, BkTrade, 0);
  g_assert_true (t->is_long);
  g_assert_cmpfloat_with_epsilon (t->pnl, 9000, 1e-9);
  g_assert_cmpfloat_with_epsilon (t->commission, 21, 1e-9);
  g_assert_cmpfloat (broker.position, ==, -900);
  g_assert_false (broker.open_trade.is_long);
  g_assert_cmpfloat_with_epsilon (broker.cash, 100000 - 1000 - 5 + 10000 - 16 + 90000 - 144, 1e-6);
  bk_broker_clear (&broker);
}

/* A bracket: its stop and target live from the bar after the entry
 * fills; on a bar that reaches both the stop fills and the target is
 * canceled. */
static void
test_bracket (void)
{
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 10, NAN);

  entry.stop_loss = 95;
  entry.take_profit = 110;
  broker_init (&broker, 10000, NULL);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, DAY, 100);
  broker_bar (&broker, 2, 100, 120, 80, 100);   /* the entry fills; its children wait */
  g_assert_cmpfloat (broker.position, ==, 10);
  g_assert_cmpuint (broker.n_live, ==, 2);
  broker_bar (&broker, 3, 100, 111, 94, 100);   /* both reached: the stop first */
  bk_broker_finish (&broker);
  assert_filled (&broker, 0, 2, 100);
  assert_filled (&broker, 1, 3, 95);
  g_assert_cmpint (order_at (&broker, 1)->type, ==, BK_ORDER_STOP);
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 2)->status), ==, "canceled");
  g_assert_cmpfloat (broker.position, ==, 0);
  g_assert_cmpuint (broker.n_live, ==, 0);
  bk_broker_clear (&broker);
}

/* A trailing stop waits at the signal close less the trail until it is
 * live, then follows each close (StopTrail). */
static void
test_trailing_stop (void)
{
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 1, NAN);

  entry.trail_percent = 0.1;
  broker_init (&broker, 10000, NULL);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, DAY, 100);
  g_assert_cmpfloat_with_epsilon (order_at (&broker, 1)->price, 90, 1e-12);
  broker_bar (&broker, 2, 100, 130, 100, 130);   /* filled; the trail not live yet */
  g_assert_cmpfloat_with_epsilon (broker.live[0].level, 90, 1e-12);
  broker_bar (&broker, 3, 130, 140, 125, 140);   /* live: 90 not reached; then 126 */
  g_assert_cmpfloat_with_epsilon (broker.live[0].level, 126, 1e-9);
  broker_bar (&broker, 4, 135, 136, 120, 121);   /* reaches 126 */
  bk_broker_finish (&broker);
  assert_filled (&broker, 1, 4, 126);
  g_assert_cmpint (order_at (&broker, 1)->type, ==, BK_ORDER_STOPTRAIL);
  bk_broker_clear (&broker);
}

/* entry_valid=2: made at the close of bar 1, it may fill on bars 2 and 3
 * and has expired on bar 4. */
static void
test_expiry (void)
{
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_LIMIT, 1, 90);

  entry.valid = 2;
  broker_init (&broker, 10000, NULL);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, DAY, 100);
  broker_bar (&broker, 2, 100, 100, 95, 100);
  broker_bar (&broker, 3, 100, 100, 95, 100);
  g_assert_cmpuint (broker.n_live, ==, 1);
  broker_bar (&broker, 4, 85, 100, 80, 100);   /* would fill, but too late */
  bk_broker_finish (&broker);
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 0)->status), ==, "expired");
  g_assert_cmpfloat (broker.position, ==, 0);

  /* On the last bar it may, it fills. */
  bk_broker_clear (&broker);
  broker_init (&broker, 10000, NULL);
  broker_bar (&broker, 1, 100, 100, 100, 100);
  bk_broker_submit (&broker, &entry, DAY, 100);
  broker_bar (&broker, 2, 100, 100, 95, 100);
  broker_bar (&broker, 3, 100, 100, 89, 100);
  bk_broker_finish (&broker);
  assert_filled (&broker, 0, 3, 90);
  bk_broker_clear (&broker);
}

/* The cash is checked before the fills of the bar after the one that
 * made an order, at the order's own price (a market order at the signal
 * close), and again at the fill. */
static void
test_cash_checks (void)
{
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 10, NAN);

  entry.stop_loss = 90;
  broker_init (&broker, 1000, NULL);
  broker_bar (&broker, 1, 101, 101, 101, 101);
  bk_broker_submit (&broker, &entry, DAY, 101);   /* 1010 > 1000 */
  broker_bar (&broker, 2, 99, 99, 99, 99);       /* refused before it could fill at 99; its stop rejected */
  g_assert_cmpuint (broker.n_live, ==, 0);
  bk_broker_submit (&broker, &entry, 2 * DAY, 99);    /* 990: accepted */
  broker_bar (&broker, 3, 102, 102, 102, 102);        /* but at 102 the fill is refused */
  bk_broker_submit (&broker, &entry, 3 * DAY, 99);    /* made on the last bar: never checked */
  bk_broker_finish (&broker);
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 0)->status), ==, "margin");
  g_assert_cmpstr (order_at (&broker, 0)->reason, ==, "cash at submission");
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 1)->status), ==, "rejected");
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 2)->status), ==, "margin");
  g_assert_cmpstr (order_at (&broker, 2)->reason, ==, "cash at fill");
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 3)->status), ==, "canceled");
  g_assert_cmpstr (order_at (&broker, 3)->reason, ==, "parent margin");
  g_assert_cmpstr (bk_order_status_name (order_at (&broker, 4)->status), ==, "submitted");
  g_assert_cmpuint (broker.rejected, ==, 2);
  g_assert_cmpfloat (broker.cash, ==, 1000);
  bk_broker_clear (&broker);
}

/* cheat_on_close: a market order fills at the close it was made on, the
 * order dated that bar, the trade the next. */
static void
test_cheat_on_close (void)
{
  BkBrokerSettings settings;
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 1, NAN);

  bk_broker_settings_init (&settings);
  settings.cheat_on_close = TRUE;
  broker_init (&broker, 1000, &settings);
  broker_bar (&broker, 1, 100, 100, 100, 97);
  bk_broker_submit (&broker, &entry, DAY, 97);
  broker_bar (&broker, 2, 105, 106, 104, 105);
  bk_broker_finish (&broker);
  assert_filled (&broker, 0, 1, 97);
  g_assert_cmpfloat (broker.open_trade.open_datetime, ==, 2 * DAY);
  bk_broker_clear (&broker);
}

/* Sizes: whole lots, whole units, or fractions; nothing for NaN. */
static void
test_sizes (void)
{
  BkBrokerSettings settings;
  BkBroker broker;

  bk_broker_settings_init (&settings);
  bk_broker_init (&broker, &settings, 0);
  g_assert_cmpfloat (bk_broker_round_size (&broker, 12.7), ==, 12);
  g_assert_cmpfloat (bk_broker_round_size (&broker, NAN), ==, 0);
  g_assert_cmpfloat (bk_broker_round_size (&broker, -3), ==, 0);
  bk_broker_clear (&broker);
  settings.lot = 100;
  bk_broker_init (&broker, &settings, 0);
  g_assert_cmpfloat (bk_broker_round_size (&broker, 1299), ==, 1200);
  g_assert_cmpfloat (bk_broker_round_size (&broker, 99), ==, 0);
  bk_broker_clear (&broker);
  settings.lot = 1;
  settings.fractional = TRUE;
  bk_broker_init (&broker, &settings, 0);
  g_assert_cmpfloat (bk_broker_round_size (&broker, 0.25), ==, 0.25);
  bk_broker_clear (&broker);
}

/* A bounded history keeps the newest records in order; the counts are
 * of all of them. */
static void
test_history_ring (void)
{
  BkBroker broker;
  BkEntry entry = entry_of (BK_ORDER_BUY, BK_ORDER_MARKET, 1, NAN);
  BkBrokerSettings settings;

  bk_broker_settings_init (&settings);
  bk_broker_init (&broker, &settings, 3);
  for (guint i = 1; i <= 10; i++)
    {
      entry.side = i % 2 ? BK_ORDER_BUY : BK_ORDER_SELL;
      broker_bar (&broker, i, 100 + i, 100 + i, 100 + i, 100 + i);
      bk_broker_submit (&broker, &entry, i * DAY, 100 + i);
    }
  broker_bar (&broker, 11, 111, 111, 111, 111);
  bk_broker_finish (&broker);
  BkResults r;
  bk_broker_get_results (&broker, &r);
  g_assert_cmpuint (r.n_orders, ==, 10);
  g_assert_cmpuint (r.n_trades, ==, 5);
  g_assert_cmpuint (r.n_won, ==, 5);
  g_assert_cmpuint (broker.orders->len, ==, 3);
  g_assert_cmpuint (r.dropped_orders, ==, 7);
  g_assert_cmpuint (r.dropped_trades, ==, 2);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (order_at (&broker, i)->ref, ==, 8 + i);
  g_assert_cmpfloat (g_array_index (broker.trades, BkTrade, 2).close_datetime, ==, 11 * DAY);
  g_assert_cmpfloat (g_array_index (broker.trades, BkTrade, 0).close_datetime, ==, 7 * DAY);
  bk_broker_clear (&broker);
}

/* ---- a bracketed long/short system in every mode ----------------------- */

/* Long on an upward cross of SMA(15) and out on a downward one; short on
 * a downward cross of SMA(60) and out on an upward one (a reversal when
 * in the other side); a limit entry 0.2 % under the close valid 3 bars,
 * a stop 3 % and a target 5 % away: prices read at the signal bar from
 * lines of their own. */
static gboolean
build_bracketed (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  BkInput close = bk_graph_feed_input (graph, BK_FEED_CLOSE);
  BkNode *fast = bk_test_add_named_sma (graph, build, "fast", 15, error);
  BkNode *slow = fast != NULL ? bk_test_add_named_sma (graph, build, "slow", 60, error) : NULL;
  if (slow == NULL)
    return FALSE;

  BkInput pair_fast[2] = { close, bk_node_output (fast, 0) }, pair_slow[2] = { close, bk_node_output (slow, 0) };
  const BkIndicatorDesc *crossover = bk_indicator_lookup ("CrossOver");
  BkNode *cross_fast = bk_graph_add_indicator (graph, NULL, crossover, pair_fast, 2, NULL, 0, error);
  BkNode *cross_slow = cross_fast != NULL ? bk_graph_add_indicator (graph, NULL, crossover, pair_slow, 2, NULL, 0, error) : NULL;
  if (cross_slow == NULL
      || !bk_graph_add_op (graph, NULL, BK_OP_GT, bk_node_output (cross_fast, 0), bk_input_const (0), &build->rule[BK_RULE_BUY], error)
      || !bk_graph_add_op (graph, NULL, BK_OP_LT, bk_node_output (cross_fast, 0), bk_input_const (0), &build->rule[BK_RULE_SELL], error)
      || !bk_graph_add_op (graph, NULL, BK_OP_LT, bk_node_output (cross_slow, 0), bk_input_const (0), &build->rule[BK_RULE_SHORT], error)
      || !bk_graph_add_op (graph, NULL, BK_OP_GT, bk_node_output (cross_slow, 0), bk_input_const (0), &build->rule[BK_RULE_COVER], error)
      || !bk_graph_add_op (graph, NULL, BK_OP_MUL, close, bk_input_const (0.998), &build->entry_price, error)
      || !bk_graph_add_op (graph, NULL, BK_OP_MUL, close, bk_input_const (0.97), &build->stop_loss, error)
      || !bk_graph_add_op (graph, NULL, BK_OP_MUL, close, bk_input_const (1.05), &build->take_profit, error))
    return FALSE;
  for (guint i = 0; i < BK_RULE_N; i++)
    build->has_rule[i] = TRUE;
  build->size = (BkInput) { .value = 10 };
  build->entry = BK_ENTRY_LIMIT;
  build->has_entry_price = build->has_stop_loss = build->has_take_profit = TRUE;
  build->entry_valid = 3;
  return TRUE;
}

static void
assert_same_history (const BkBroker *a, const BkBroker *b)
{
  g_assert_cmpuint (b->orders->len, ==, a->orders->len);
  g_assert_cmpmem (b->orders->data, b->orders->len * sizeof (BkOrder), a->orders->data, a->orders->len * sizeof (BkOrder));
  g_assert_cmpuint (b->trades->len, ==, a->trades->len);
  g_assert_cmpmem (b->trades->data, b->trades->len * sizeof (BkTrade), a->trades->data, a->trades->len * sizeof (BkTrade));
  g_assert_cmpfloat (b->value, ==, a->value);
  g_assert_cmpfloat (b->cash, ==, a->cash);
}

/* Orders, fills and trades are the same in every mode, in f64 and in f32
 * (each precision against itself: f32 trades on the prices it stores). */
static void
test_bracketed_identical_in_every_mode (void)
{
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                                  BK_MODE_PLOT_SAVE_UNPLOTTED };
  static const BkPrecision precisions[] = { BK_PRECISION_F64, BK_PRECISION_F32 };
  g_autoptr(BkStrategy) strategy = bk_strategy_new_custom ("bracketed", "Bracketed long/short", "",
                                                           build_bracketed, NULL, NULL);
  g_autofree char *path = bk_test_data_file ("datas/yhoo-1996-2015.txt");

  bk_strategy_set_broker (strategy, 100000, 0.001);
  for (guint p = 0; p < G_N_ELEMENTS (precisions); p++)
    {
      BkRun *first = NULL;
      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
          BkRun *run = bk_run_new (strategy, modes[m], precisions[p], &error);

          g_assert_no_error (error);
          g_assert_true (bk_run_execute (run, source, NULL, &error));
          g_assert_no_error (error);
          if (first == NULL)
            {
              BkResults r;
              bk_broker_get_results (bk_run_get_broker (run), &r);
              g_test_message ("precision %u: %" G_GUINT64_FORMAT " orders, %u trades (%" G_GUINT64_FORMAT
                              " short), %" G_GUINT64_FORMAT " canceled, %" G_GUINT64_FORMAT " expired",
                              p, r.n_orders, r.n_trades, r.n_short, r.status_count[BK_ORDER_CANCELED],
                              r.status_count[BK_ORDER_EXPIRED]);
              g_assert_cmpuint (r.n_short, >, 10);
              g_assert_cmpuint (r.n_long, >, 10);
              g_assert_cmpuint (r.status_count[BK_ORDER_EXPIRED], >, 0);
              g_assert_cmpuint (r.status_count[BK_ORDER_CANCELED], >, 0);
              first = run;
              continue;
            }
          assert_same_history (bk_run_get_broker (first), bk_run_get_broker (run));
          bk_run_free (run);
        }
      bk_run_free (first);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/broker/cross15-matches-backtrader", test_cross15_matches_backtrader);
  g_test_add_func ("/broker/trades-identical-in-every-mode", test_trades_identical_in_every_mode);
  g_test_add_func ("/broker/orders-beyond-cash-rejected", test_orders_beyond_cash_rejected);
  g_test_add_func ("/broker/results-statistics", test_results_statistics);
  g_test_add_func ("/broker/fill-rules", test_fill_rules);
  g_test_add_func ("/broker/slippage", test_slippage);
  g_test_add_func ("/broker/commission", test_commission);
  g_test_add_func ("/broker/bracket", test_bracket);
  g_test_add_func ("/broker/trailing-stop", test_trailing_stop);
  g_test_add_func ("/broker/expiry", test_expiry);
  g_test_add_func ("/broker/cash-checks", test_cash_checks);
  g_test_add_func ("/broker/cheat-on-close", test_cheat_on_close);
  g_test_add_func ("/broker/sizes", test_sizes);
  g_test_add_func ("/broker/history-ring", test_history_ring);
  g_test_add_func ("/broker/bracketed-identical-in-every-mode", test_bracketed_identical_in_every_mode);
  return g_test_run ();
}
