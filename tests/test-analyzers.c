/* test-analyzers.c — Barkeep's results against backtrader's analyzers.
 *
 * Every case of the orders corpus with a reference
 * tests/data/reference/orders/CASE.analyzers.json (made by
 * make-orders-reference.py from the same backtrader run as CASE.json) is
 * run in each of the four memory modes, and every number backtrader gave
 * — TradeAnalyzer, DrawDown, Returns, AnnualReturn, SQN, SharpeRatio and
 * the exposure — must be within 1e-9 relative of Barkeep's, a null of
 * backtrader (a minimum it never set, an SQN it could not divide) null in
 * Barkeep too.  Then the fine points of TradeAnalyzer and DrawDown, fed by
 * hand. */
#include <math.h>
#include <string.h>

#include "bk-analyzers.h"
#include "bk-run.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define TOLERANCE 1e-9
#define DAY 86400.0

static const BkMode modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

/* Every leaf of `node` under its path ("trades.len.won.min",
 * "annual_return[2].year"), into `leaves`. */
static void
flatten (JsonNode *node, const char *path, GHashTable *leaves)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", path, (const char *) l->data);
          flatten (json_object_get_member (object, l->data), inner, leaves);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_hash_table_insert (leaves, g_strdup_printf ("%s.length", path),
                           json_node_init_int (json_node_alloc (), json_array_get_length (array)));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", path, i);
          flatten (json_array_get_element (array, i), inner, leaves);
        }
    }
  else
    g_hash_table_insert (leaves, g_strdup (path), json_node_copy (node));
}

static GHashTable *
leaves_new (JsonNode *root)
{
  GHashTable *leaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);

  flatten (root, "analyzers", leaves);
  return leaves;
}

/* Where Barkeep's `ours` differs from backtrader's `theirs` (the first
 * path in sorted order), or NULL. */
static char *
first_difference (GHashTable *theirs, GHashTable *ours)
{
  g_autofree gpointer *paths = g_hash_table_get_keys_as_array (theirs, NULL);
  guint n = g_hash_table_size (theirs);

  qsort (paths, n, sizeof *paths, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *a = g_hash_table_lookup (theirs, paths[i]);
      JsonNode *b = g_hash_table_lookup (ours, paths[i]);

      if (b == NULL)
        return g_strdup_printf ("%s: missing", (const char *) paths[i]);
      if (JSON_NODE_HOLDS_NULL (a) || JSON_NODE_HOLDS_NULL (b))
        {
          if (JSON_NODE_HOLDS_NULL (a) != JSON_NODE_HOLDS_NULL (b))
            return g_strdup_printf ("%s: %s, backtrader %s", (const char *) paths[i],
                                    JSON_NODE_HOLDS_NULL (b) ? "null" : "a number",
                                    JSON_NODE_HOLDS_NULL (a) ? "null" : "a number");
          continue;
        }
      double x = json_node_get_double (a), y = json_node_get_double (b);
      if (x != y && fabs (x - y) > TOLERANCE * MAX (fabs (x), fabs (y)))
        return g_strdup_printf ("%s: %.17g, backtrader %.17g", (const char *) paths[i], y, x);
    }
  return NULL;
}

/* Barkeep's analyzers of case `name` run in `mode`, as run --json has them. */
static JsonNode *
run_case (const char *name, BkMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = g_strdup_printf ("orders/%s.ini", name);
  g_autofree char *ini = bk_test_data_file (relative);
  g_autofree char *data = bk_test_case_data (ini, &error);

  g_assert_no_error (error);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (ini, &error);
  g_assert_no_error (error);
  g_autoptr(BkSource) source = bk_source_new_csv (data, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  return json_node_init_object (json_node_alloc (), bk_analyzers_to_json (bk_run_get_analyzers (run)));
}

static void
test_case (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = g_strdup_printf ("reference/orders/%s.analyzers.json", name);
  g_autofree char *reference = bk_test_data_file (relative);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, reference, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_autoptr(GHashTable) theirs = leaves_new (json_object_get_member (root, "analyzers"));
  /* Not a vacuous check: the reference has TradeAnalyzer's counts and the
   * other analyzers at least. */
  g_assert_cmpuint (g_hash_table_size (theirs), >=, 15);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(JsonNode) ours_root = run_case (name, modes[m]);
      g_autoptr(GHashTable) ours = leaves_new (ours_root);
      g_autofree char *difference = first_difference (theirs, ours);

      if (difference != NULL)
        g_test_message ("%s in mode %s differs from backtrader: %s", name, bk_mode_label (modes[m]), difference);
      g_assert_null (difference);
    }
}

/* A closed trade of `bars` bars whose pnl after commission is `pnl`. */
static void
close_trade (BkAnalyzers *a, gboolean is_long, double pnl, guint64 bars)
{
  bk_analyzers_trade_opened (a);
  bk_analyzers_trade_closed (a, is_long, pnl, pnl, bars);
}

/* TradeAnalyzer: a trade of pnl 0 is won; streaks; long and short apart;
 * the largest win and loss. */
static void
test_trades_won_lost (void)
{
  BkAnalyzers *a = bk_analyzers_new (1000.0);
  BkAnalysis t;

  close_trade (a, TRUE, 0.0, 3);
  close_trade (a, TRUE, 50.0, 4);
  close_trade (a, FALSE, -20.0, 2);
  close_trade (a, FALSE, -30.0, 5);
  close_trade (a, FALSE, 10.0, 1);
  bk_analyzers_trade_opened (a);
  bk_analyzers_get_analysis (a, &t);

  g_assert_cmpuint (t.total, ==, 6);
  g_assert_cmpuint (t.open, ==, 1);
  g_assert_cmpuint (t.closed, ==, 5);
  g_assert_cmpuint (t.won.count, ==, 3);
  g_assert_cmpuint (t.lost.count, ==, 2);
  g_assert_cmpuint (t.streak_won_longest, ==, 2);
  g_assert_cmpuint (t.streak_lost_longest, ==, 2);
  g_assert_cmpuint (t.streak_won_current, ==, 1);
  g_assert_cmpuint (t.streak_lost_current, ==, 0);
  g_assert_cmpfloat (t.net_total, ==, 10.0);
  g_assert_cmpfloat (t.net_average, ==, 2.0);
  g_assert_cmpfloat (t.won.max, ==, 50.0);
  g_assert_cmpfloat (t.lost.max, ==, -30.0);
  g_assert_cmpfloat (t.lost.average, ==, -25.0);
  g_assert_cmpuint (t.long_side.total, ==, 2);
  g_assert_cmpuint (t.long_side.won.count, ==, 2);
  g_assert_cmpuint (t.short_side.lost.count, ==, 2);
  g_assert_cmpfloat (t.short_side.pnl_total, ==, -40.0);
  g_assert_cmpuint (t.len.total, ==, 15);
  g_assert_cmpuint (t.len.max, ==, 5);
  g_assert_cmpuint (t.len.min, ==, 1);
  g_assert_cmpuint (t.len_lost.min, ==, 2);
  g_assert_cmpuint (t.long_side.len_lost.min, ==, G_MAXUINT64);   /* no long trade lost */
  g_assert_cmpfloat (t.short_side.len.average, ==, 8.0 / 3.0);
  /* SQN: sqrt(5) * mean / population deviation of 0, 50, -20, -30, 10. */
  g_assert_cmpfloat_with_epsilon (t.sqn, sqrt (5.0) * 2.0 / sqrt (776.0), 1e-12);
  g_assert_cmpuint (t.sqn_trades, ==, 5);
  bk_analyzers_free (a);
}

/* TradeAnalyzer's minimum length as backtrader keeps it: a trade of 0
 * bars is the minimum until the next trade, whose length replaces it
 * (Python's `min or MAXINT`); the long and short minima skip it. */
static void
test_trades_zero_bar_minimum (void)
{
  BkAnalyzers *a = bk_analyzers_new (1000.0);
  BkAnalysis t;

  close_trade (a, TRUE, 5.0, 4);
  close_trade (a, TRUE, 5.0, 0);
  bk_analyzers_get_analysis (a, &t);
  g_assert_cmpuint (t.len.min, ==, 0);
  g_assert_cmpuint (t.long_side.len.min, ==, 4);
  close_trade (a, TRUE, 5.0, 6);
  bk_analyzers_get_analysis (a, &t);
  g_assert_cmpuint (t.len.min, ==, 6);
  g_assert_cmpuint (t.long_side.len.min, ==, 4);
  bk_analyzers_free (a);
}

/* DrawDown in percent of the peak, money and bars; exposure; Returns;
 * AnnualReturn a row a calendar year (2005-12-30 .. 2007-01-02). */
static void
test_drawdown_returns_years (void)
{
  BkAnalyzers *a = bk_analyzers_new (100.0);
  static const double values[] = { 100.0, 110.0, 99.0, 104.5, 121.0 };
  /* 2005-12-30, 2006-01-02, 2006-06-01, 2006-12-29, 2007-01-02 */
  static const double days[] = { 13147, 13150, 13300, 13511, 13515 };
  BkAnalysis t;
  int year;
  double annual;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    bk_analyzers_end_bar (a, days[i] * DAY + 3600.0, values[i], i == 2 || i == 3);
  bk_analyzers_get_analysis (a, &t);

  g_assert_cmpfloat_with_epsilon (t.max_drawdown, 10.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (t.max_moneydown, 11.0, 1e-12);
  g_assert_cmpuint (t.max_drawdown_len, ==, 2);
  g_assert_cmpfloat (t.drawdown, ==, 0.0);
  g_assert_cmpuint (t.drawdown_len, ==, 0);
  g_assert_cmpfloat (t.exposure, ==, 0.4);
  g_assert_cmpuint (t.days, ==, 5);
  g_assert_cmpfloat_with_epsilon (t.rtot, log (1.21), 1e-15);
  g_assert_cmpfloat_with_epsilon (t.rnorm, expm1 (log (1.21) / 5 * 252), 1e-9);

  g_assert_cmpuint (bk_analyzers_get_n_years (a), ==, 3);
  bk_analyzers_get_year (a, 0, &year, &annual);
  g_assert_cmpint (year, ==, 2005);
  g_assert_cmpfloat (annual, ==, 0.0);
  bk_analyzers_get_year (a, 1, &year, &annual);
  g_assert_cmpint (year, ==, 2006);
  g_assert_cmpfloat_with_epsilon (annual, 0.045, 1e-15);
  bk_analyzers_get_year (a, 2, &year, &annual);
  g_assert_cmpint (year, ==, 2007);
  g_assert_cmpfloat_with_epsilon (annual, 121.0 / 104.5 - 1.0, 1e-15);
  bk_analyzers_free (a);
}

/* SharpeRatio: daily returns (the start cash before the first day), their
 * mean over their sample deviation, times sqrt(252); intraday bars of one
 * day are one return. */
static void
test_sharpe_daily (void)
{
  BkAnalyzers *a = bk_analyzers_new (100.0);
  BkAnalysis t;

  bk_analyzers_end_bar (a, 0 * DAY + 36000.0, 100.0, FALSE);
  bk_analyzers_end_bar (a, 1 * DAY + 36000.0, 90.0, TRUE);
  bk_analyzers_end_bar (a, 1 * DAY + 39600.0, 102.0, TRUE);
  bk_analyzers_end_bar (a, 2 * DAY + 36000.0, 107.1, TRUE);
  bk_analyzers_get_analysis (a, &t);

  /* returns 0, 0.02, 0.05: mean 0.07/3, sample deviation */
  double mean = 0.07 / 3.0;
  double deviation = sqrt ((pow (mean, 2) + pow (0.02 - mean, 2) + pow (0.05 - mean, 2)) / 2.0);
  g_assert_cmpuint (t.days, ==, 3);
  g_assert_cmpfloat_with_epsilon (t.sharpe, mean / deviation * sqrt (252.0), 1e-12);
  bk_analyzers_free (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The cases with an analyzers reference. */
  g_autoptr(GPtrArray) names = bk_test_list_data ("reference/orders", ".analyzers.json");

  g_assert_cmpuint (names->len, >=, 42);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/analyzers/backtrader/%s", (const char *) g_ptr_array_index (names, i));
      g_test_add_data_func (path, g_ptr_array_index (names, i), test_case);
    }
  g_test_add_func ("/analyzers/trades/won-lost-streaks-sides", test_trades_won_lost);
  g_test_add_func ("/analyzers/trades/zero-bar-minimum", test_trades_zero_bar_minimum);
  g_test_add_func ("/analyzers/drawdown-returns-years", test_drawdown_returns_years);
  g_test_add_func ("/analyzers/sharpe-daily", test_sharpe_daily);
  return g_test_run ();
}
