/* test-plot-plan.c — the engine's description of a run's chart: the panes,
 * series and marks of the built-in strategies, as the chart has always
 * drawn them. */

#include <locale.h>
#include <math.h>

#include "bk-plot-plan.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

static BkPlotPlan *
make_plan (const char *strategy_id, BkMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (strategy_id, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  return bk_plot_plan_new (run);
}

static const BkPlotPane *
find_pane (const BkPlotPlan *plan, BkPlotPaneKind kind, const char *title)
{
  for (guint i = 0; i < bk_plot_plan_get_n_panes (plan); i++)
    {
      const BkPlotPane *pane = bk_plot_plan_get_pane (plan, i);

      if (bk_plot_pane_get_kind (pane) == kind
          && (title == NULL || g_strcmp0 (bk_plot_pane_get_title (pane), title) == 0))
        return pane;
    }
  return NULL;
}

/* Broker, price, Stochastic, RSI, MACD, CCI, Trades; TestInd is
 * plot=false. */
static void
test_memory_savings_panes (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS);
  static const BkPlotPaneKind kinds[] = {
    BK_PLOT_PANE_BROKER, BK_PLOT_PANE_PRICE, BK_PLOT_PANE_INDICATOR, BK_PLOT_PANE_INDICATOR,
    BK_PLOT_PANE_INDICATOR, BK_PLOT_PANE_INDICATOR, BK_PLOT_PANE_TRADES,
  };
  static const char *const prefixes[] = { "Broker", NULL, "Stochastic", "RSI", "MACD", "CCI", "Trades" };

  g_assert_cmpuint (bk_plot_plan_get_n_panes (plan), ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const BkPlotPane *pane = bk_plot_plan_get_pane (plan, i);

      g_assert_cmpint (bk_plot_pane_get_kind (pane), ==, kinds[i]);
      if (prefixes[i] != NULL)
        g_assert_true (g_str_has_prefix (bk_plot_pane_get_title (pane), prefixes[i]));
      else
        g_assert_null (bk_plot_pane_get_title (pane));
    }
  for (BkFeedLine f = BK_FEED_DATETIME; f <= BK_FEED_VOLUME; f++)
    g_assert_nonnull (bk_plot_plan_get_feed_line (plan, f));
  g_assert_nonnull (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_BUY));
  g_assert_nonnull (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_SELL));
}

/* The SMA over the price, labelled by its name and legend by its label. */
static void
test_memory_savings_overlay (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("memory-savings", BK_MODE_PLOT_SAVE_INTERNALS);
  const BkPlotPane *price = find_pane (plan, BK_PLOT_PANE_PRICE, NULL);

  g_assert_cmpuint (bk_plot_pane_get_n_series (price), ==, 1);
  const BkPlotSeries *sma = bk_plot_pane_get_series (price, 0);
  g_assert_cmpstr (bk_plot_series_get_label (sma), ==, "sma");
  g_assert_true (g_str_has_prefix (bk_plot_series_get_legend (sma), "SMA"));
  g_assert_cmpint (bk_plot_series_get_style (sma), ==, BK_PLOT_STYLE_LINE);
  g_assert_cmpint (bk_plot_series_get_cloud_to (sma), ==, -1);
  g_assert_cmpuint (bk_plot_pane_get_n_levels (price), ==, 0);
}

/* RSI's 70 and 30 (and its own 50), in its scale; a line a output with
 * the indicator's name before it. */
static void
test_indicator_levels (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("rsi-reversion", BK_MODE_PLOT_SAVE_INTERNALS);
  const BkPlotPane *rsi = bk_plot_plan_get_pane (plan, 2);
  gboolean has_70 = FALSE, has_30 = FALSE;

  g_assert_cmpint (bk_plot_pane_get_kind (rsi), ==, BK_PLOT_PANE_INDICATOR);
  g_assert_true (bk_plot_pane_get_always_shown (rsi));
  g_assert_true (bk_plot_pane_get_levels_in_scale (rsi));
  for (guint i = 0; i < bk_plot_pane_get_n_levels (rsi); i++)
    {
      has_70 |= bk_plot_pane_get_level (rsi, i) == 70.0;
      has_30 |= bk_plot_pane_get_level (rsi, i) == 30.0;
    }
  g_assert_true (has_70 && has_30);
  g_assert_cmpuint (bk_plot_pane_get_n_series (rsi), ==, 1);
  g_assert_cmpstr (bk_plot_series_get_label (bk_plot_pane_get_series (rsi, 0)), ==, "rsi");
  g_assert_cmpuint (bk_plot_series_get_color (bk_plot_pane_get_series (rsi, 0)), ==, 0);

  g_autoptr(BkPlotPlan) macd_plan = make_plan ("macd-signal", BK_MODE_PLOT_SAVE_INTERNALS);
  const BkPlotPane *macd = find_pane (macd_plan, BK_PLOT_PANE_INDICATOR, NULL);
  g_assert_cmpuint (bk_plot_pane_get_n_series (macd), >=, 2);
  for (guint i = 0; i < bk_plot_pane_get_n_series (macd); i++)
    {
      const BkPlotSeries *series = bk_plot_pane_get_series (macd, i);

      g_assert_true (g_str_has_prefix (bk_plot_series_get_label (series), "macd."));
      g_assert_cmpuint (bk_plot_series_get_color (series), ==, i);
    }
}

/* The broker's value first, its drawdown shaded; the trades in dots,
 * around a level at 0 that does not widen the scale, shown once a trade
 * has closed. */
static void
test_observer_panes (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("sma-crossover", BK_MODE_PLOT_SAVE_INTERNALS);
  const BkPlotPane *broker = bk_plot_plan_get_pane (plan, 0);
  const BkPlotPane *trades = bk_plot_plan_get_pane (plan, bk_plot_plan_get_n_panes (plan) - 1);

  g_assert_cmpint (bk_plot_pane_get_kind (broker), ==, BK_PLOT_PANE_BROKER);
  g_assert_cmpuint (bk_plot_pane_get_n_series (broker), ==, 2);
  g_assert_cmpstr (bk_plot_series_get_legend (bk_plot_pane_get_series (broker, 0)), ==, "value");
  g_assert_cmpstr (bk_plot_series_get_legend (bk_plot_pane_get_series (broker, 1)), ==, "cash");
  g_assert_cmpint (bk_plot_pane_get_drawdown_series (broker), ==, 0);
  g_assert_cmpfloat (bk_plot_pane_get_weight (broker), ==, 1.2);

  g_assert_cmpint (bk_plot_pane_get_kind (trades), ==, BK_PLOT_PANE_TRADES);
  g_assert_false (bk_plot_pane_get_always_shown (trades));
  g_assert_false (bk_plot_pane_get_levels_in_scale (trades));
  g_assert_cmpuint (bk_plot_pane_get_n_levels (trades), ==, 1);
  g_assert_cmpfloat (bk_plot_pane_get_level (trades, 0), ==, 0.0);
  g_assert_cmpint (bk_plot_pane_get_drawdown_series (trades), ==, -1);
  g_assert_cmpuint (bk_plot_pane_get_n_series (trades), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (bk_plot_series_get_style (bk_plot_pane_get_series (trades, i)), ==, BK_PLOT_STYLE_DOTS);
  g_assert_cmpuint (bk_plot_series_get_color (bk_plot_pane_get_series (trades, 0)), ==, 0);
  g_assert_cmpuint (bk_plot_series_get_color (bk_plot_pane_get_series (trades, 1)), ==, 5);
}

/* Ichimoku's cloud between its two spans, ParabolicSAR in dots, both
 * over the price. */
static void
test_cloud_and_dots (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("ichimoku-cloud", BK_MODE_PLOT_SAVE_INTERNALS);
  const BkPlotPane *price = find_pane (plan, BK_PLOT_PANE_PRICE, NULL);
  guint clouds = 0, dots = 0;

  g_assert_cmpuint (bk_plot_plan_get_n_panes (plan), ==, 3);
  for (guint i = 0; i < bk_plot_pane_get_n_series (price); i++)
    {
      const BkPlotSeries *series = bk_plot_pane_get_series (price, i);
      gint to = bk_plot_series_get_cloud_to (series);

      if (to >= 0)
        {
          clouds++;
          g_assert_cmpint (to, <, (gint) bk_plot_pane_get_n_series (price));
          g_assert_true (g_str_has_prefix (bk_plot_series_get_label (series), "cloud.senkou_span"));
          g_assert_true (g_str_has_prefix (bk_plot_series_get_label (bk_plot_pane_get_series (price, to)),
                                           "cloud.senkou_span"));
        }
      if (bk_plot_series_get_style (series) == BK_PLOT_STYLE_DOTS)
        {
          dots++;
          g_assert_cmpstr (bk_plot_series_get_label (series), ==, "psar");
        }
    }
  g_assert_cmpuint (clouds, ==, 1);
  g_assert_cmpuint (dots, ==, 1);
}

/* HeikinAshi: a pane of its own, its four lines drawn as candles. */
static void
test_candles (void)
{
  g_autoptr(GError) error = NULL;
  static const char text[] =
    "[strategy]\nname=ha\n\n[indicator ha]\nexpr=HeikinAshi()\n";
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "ha.ini", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_autoptr(BkPlotPlan) plan = bk_plot_plan_new (run);
  const BkPlotPane *pane = find_pane (plan, BK_PLOT_PANE_INDICATOR, NULL);

  g_assert_nonnull (pane);
  g_assert_true (bk_plot_pane_get_candles (pane));
  g_assert_cmpfloat (bk_plot_pane_get_weight (pane), ==, 2.0);
  g_assert_cmpuint (bk_plot_pane_get_n_series (pane), >=, 4);
  g_assert_cmpstr (bk_plot_series_get_label (bk_plot_pane_get_series (pane, 0)), ==, "ha.ha_open");
}

/* Mode 1 keeps no line whole: nothing to plan. */
static void
test_minimal_mode_is_empty (void)
{
  g_autoptr(BkPlotPlan) plan = make_plan ("memory-savings", BK_MODE_MINIMAL);

  g_assert_cmpuint (bk_plot_plan_get_n_panes (plan), ==, 0);
  g_assert_null (bk_plot_plan_get_feed_line (plan, BK_FEED_CLOSE));
  g_assert_null (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_BUY));
}

/* A run of tests/data/orders/CASE.ini on its data in mode 0, and its plan. */
static BkPlotPlan *
run_orders_case (const char *name, BkRun **run_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("orders/%s.ini", name);
  g_autofree char *path = bk_test_data_file (file);
  g_autofree char *data = bk_test_data_file ("datas/2006-day-001.txt");
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkSource) source = bk_source_new_csv (data, NULL, &error);
  g_assert_no_error (error);
  BkRun *run = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  *run_out = run;
  return bk_plot_plan_new (run);
}

/* The bar whose datetime is `datetime`. */
static guint64
bar_at (const BkPlotPlan *plan, double datetime)
{
  BkLine *dates = bk_plot_plan_get_feed_line (plan, BK_FEED_DATETIME);

  for (guint64 i = 0; i < bk_line_get_published_length (dates); i++)
    if (bk_line_get_at (dates, i) == datetime)
      return i;
  g_assert_not_reached ();
}

static guint64
count_values (BkLine *line)
{
  guint64 n = 0;

  for (guint64 i = 0; i < bk_line_get_published_length (line); i++)
    n += !isnan (bk_line_get_at (line, i));
  return n;
}

static const BkPlotSeries *
find_series (const BkPlotPane *pane, const char *label)
{
  for (guint i = 0; i < bk_plot_pane_get_n_series (pane); i++)
    if (g_strcmp0 (bk_plot_series_get_label (bk_plot_pane_get_series (pane, i)), label) == 0)
      return bk_plot_pane_get_series (pane, i);
  return NULL;
}

/* Shorts with a stop and a target: every entry a short mark at its fill,
 * every exit a cover; the stop and target levels while the position is
 * open, gone once it is closed; the short trades ringed. */
static void
test_short_bracket (void)
{
  g_autoptr(BkRun) run = NULL;
  g_autoptr(BkPlotPlan) plan = run_orders_case ("short-bracket", &run);
  const BkBroker *broker = bk_run_get_broker (run);
  const BkPlotPane *price = find_pane (plan, BK_PLOT_PANE_PRICE, NULL);
  const BkPlotPane *trades = find_pane (plan, BK_PLOT_PANE_TRADES, NULL);
  BkLine *shorts = bk_plot_plan_get_marks (plan, BK_PLOT_MARK_SHORT);
  BkLine *covers = bk_plot_plan_get_marks (plan, BK_PLOT_MARK_COVER);

  g_assert_nonnull (shorts);
  g_assert_nonnull (covers);
  g_assert_cmpuint (broker->trades->len, >, 3);
  g_assert_cmpuint (count_values (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_BUY)), ==, 0);
  g_assert_cmpuint (count_values (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_SELL)), ==, 0);
  g_assert_cmpuint (count_values (covers), ==, broker->trades->len);

  const BkPlotSeries *stop = find_series (price, "Orders.stop");
  const BkPlotSeries *target = find_series (price, "Orders.target");
  g_assert_nonnull (stop);
  g_assert_nonnull (target);
  g_assert_nonnull (find_series (price, "Orders.entry"));
  g_assert_cmpint (bk_plot_series_get_style (stop), ==, BK_PLOT_STYLE_LEVEL);
  g_assert_cmpint (bk_plot_series_get_style (target), ==, BK_PLOT_STYLE_LEVEL);
  g_assert_cmpuint (count_values (bk_plot_series_get_line (find_series (price, "Orders.entry"))), ==, 0);

  const BkPlotSeries *ring = find_series (trades, "short trade");
  g_assert_nonnull (ring);
  g_assert_cmpint (bk_plot_series_get_style (ring), ==, BK_PLOT_STYLE_RING);

  for (guint t = 0; t < broker->trades->len; t++)
    {
      const BkTrade *trade = &g_array_index (broker->trades, BkTrade, t);
      guint64 opened = bar_at (plan, trade->open_datetime), closed = bar_at (plan, trade->close_datetime);

      g_assert_false (trade->is_long);
      g_assert_cmpfloat (bk_line_get_at (shorts, opened), ==, trade->open_price);
      g_assert_cmpfloat (bk_line_get_at (covers, closed), ==, trade->close_price);
      g_assert_cmpfloat (bk_line_get_at (bk_plot_series_get_line (ring), closed), ==, trade->pnl_comm);
      /* A stop above the short's entry and a target below it while it is
       * open, but on the bar whose cover rule cancels them; none once it
       * is closed, unless another opened on that bar. */
      for (guint64 b = opened; b < closed; b++)
        {
          double s = bk_line_get_at (bk_plot_series_get_line (stop), b);
          double l = bk_line_get_at (bk_plot_series_get_line (target), b);

          if (isnan (s) && b + 1 == closed)
            {
              g_assert_true (isnan (l));
              continue;
            }
          g_assert_cmpfloat (s, >, trade->open_price);
          g_assert_cmpfloat (l, <, trade->open_price);
        }
      if (isnan (bk_line_get_at (shorts, closed)))
        g_assert_true (isnan (bk_line_get_at (bk_plot_series_get_line (stop), closed)));
    }
}

/* A limit entry: its price a level from the bar that made it while it
 * waits, none for a strategy that never goes short. */
static void
test_limit_entry_level (void)
{
  g_autoptr(BkRun) run = NULL;
  g_autoptr(BkPlotPlan) plan = run_orders_case ("limit-entry", &run);
  const BkBroker *broker = bk_run_get_broker (run);
  const BkPlotSeries *entry = find_series (find_pane (plan, BK_PLOT_PANE_PRICE, NULL), "Orders.entry");
  guint checked = 0;

  g_assert_null (bk_plot_plan_get_marks (plan, BK_PLOT_MARK_SHORT));
  g_assert_null (find_series (find_pane (plan, BK_PLOT_PANE_TRADES, NULL), "short trade"));
  g_assert_nonnull (entry);
  for (guint i = 0; i < broker->orders->len; i++)
    {
      const BkOrder *order = &g_array_index (broker->orders, BkOrder, i);

      if (order->type != BK_ORDER_LIMIT)
        continue;
      g_assert_cmpfloat (bk_line_get_at (bk_plot_series_get_line (entry), bar_at (plan, order->created)), ==,
                         order->price);
      checked++;
    }
  g_assert_cmpuint (checked, >, 3);
}

/* A reversal's buy both covers the short and opens the long. */
static void
test_reversal_marks (void)
{
  g_autoptr(BkRun) run = NULL;
  g_autoptr(BkPlotPlan) plan = run_orders_case ("reversal", &run);
  const BkBroker *broker = bk_run_get_broker (run);
  guint reversals = 0;

  g_assert_null (find_series (find_pane (plan, BK_PLOT_PANE_PRICE, NULL), "Orders.entry"));
  for (guint t = 0; t + 1 < broker->trades->len; t++)
    {
      const BkTrade *trade = &g_array_index (broker->trades, BkTrade, t);
      guint64 closed = bar_at (plan, trade->close_datetime);
      BkPlotMark exit = trade->is_long ? BK_PLOT_MARK_SELL : BK_PLOT_MARK_COVER;
      BkPlotMark entry = trade->is_long ? BK_PLOT_MARK_SHORT : BK_PLOT_MARK_BUY;

      g_assert_cmpfloat (bk_line_get_at (bk_plot_plan_get_marks (plan, exit), closed), ==, trade->close_price);
      g_assert_cmpfloat (bk_line_get_at (bk_plot_plan_get_marks (plan, entry), closed), ==, trade->close_price);
      reversals++;
    }
  g_assert_cmpuint (reversals, >, 3);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/plot-plan/memory-savings-panes", test_memory_savings_panes);
  g_test_add_func ("/engine/plot-plan/memory-savings-overlay", test_memory_savings_overlay);
  g_test_add_func ("/engine/plot-plan/indicator-levels", test_indicator_levels);
  g_test_add_func ("/engine/plot-plan/observer-panes", test_observer_panes);
  g_test_add_func ("/engine/plot-plan/cloud-and-dots", test_cloud_and_dots);
  g_test_add_func ("/engine/plot-plan/candles", test_candles);
  g_test_add_func ("/engine/plot-plan/minimal-mode-is-empty", test_minimal_mode_is_empty);
  g_test_add_func ("/engine/plot-plan/short-bracket", test_short_bracket);
  g_test_add_func ("/engine/plot-plan/limit-entry-level", test_limit_entry_level);
  g_test_add_func ("/engine/plot-plan/reversal-marks", test_reversal_marks);
  return g_test_run ();
}
