/* test-library.c — the indicator library against backtrader's own values
 * (tests/data/reference/2006-day-001.extra-lines.csv), every column within
 * 1e-15 relative (bit for bit, as it is) and empty exactly where
 * backtrader's is; the library's dumps are the same in every memory mode
 * and each of its rings is minimal. */
#include <math.h>
#include <stdio.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-ops.h"
#include "bk-strategy-compiler.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define REFERENCE "reference/2006-day-001.extra-lines.csv"
#define DATA "datas/2006-day-001.txt"

/* One indicator of the library strategy, named as the dump shows it. */
typedef struct {
  const char *name;
  const char *type;
  guint n_params;
  double params[BK_MAX_PARAMS];
  int input;          /* a feed line, or -1: the descriptor's defaults */
} Indicator;

#define FEED_DEFAULT (-1)
#define CROSSOVER_SMA (-2)  /* close and the sma30 line */

static const Indicator indicators[] = {
  { "sma30", "SMA", 1, { 30 }, FEED_DEFAULT },
  { "stoch", "Stochastic", 0, { 0 }, FEED_DEFAULT },
  { "rsi14", "RSI", 1, { 14 }, FEED_DEFAULT },
  { "macd", "MACD", 0, { 0 }, FEED_DEFAULT },
  { "cci20", "CCI", 1, { 20 }, FEED_DEFAULT },
  { "ema20", "EMA", 1, { 20 }, FEED_DEFAULT },
  { "wma20", "WMA", 1, { 20 }, FEED_DEFAULT },
  { "smma20", "SMMA", 1, { 20 }, FEED_DEFAULT },
  { "dema20", "DEMA", 1, { 20 }, FEED_DEFAULT },
  { "tema20", "TEMA", 1, { 20 }, FEED_DEFAULT },
  { "kama30", "KAMA", 3, { 30, 2, 30 }, FEED_DEFAULT },
  { "hma30", "HMA", 1, { 30 }, FEED_DEFAULT },
  { "zlema30", "ZLEMA", 1, { 30 }, FEED_DEFAULT },
  { "boll", "BollingerBands", 2, { 20, 2.0 }, FEED_DEFAULT },
  { "atr14", "ATR", 1, { 14 }, FEED_DEFAULT },
  { "dmi14", "DMI", 1, { 14 }, FEED_DEFAULT },
  { "willr14", "WilliamsR", 1, { 14 }, FEED_DEFAULT },
  { "mom12", "Momentum", 1, { 12 }, FEED_DEFAULT },
  { "roc12", "ROC", 1, { 12 }, FEED_DEFAULT },
  { "trix15", "TRIX", 1, { 15 }, FEED_DEFAULT },
  { "ultosc", "UltimateOscillator", 3, { 7, 14, 28 }, FEED_DEFAULT },
  { "aroon", "AroonUpDown", 1, { 14 }, FEED_DEFAULT },
  { "stddev20", "StdDev", 1, { 20 }, FEED_DEFAULT },
  { "highest14", "Highest", 1, { 14 }, BK_FEED_HIGH },
  { "lowest14", "Lowest", 1, { 14 }, BK_FEED_LOW },
  { "macdhisto", "MACDHisto", 3, { 12, 26, 9 }, FEED_DEFAULT },
  { "stochfull", "StochasticFull", 3, { 14, 3, 3 }, FEED_DEFAULT },
  { "crossover", "CrossOver", 0, { 0 }, CROSSOVER_SMA },
};

/* Reference column → dump column. */
static const char *const columns[][2] = {
  { "sma30", "sma30.sma" },
  { "stoch_k", "stoch.percK" }, { "stoch_d", "stoch.percD" },
  { "rsi14", "rsi14.rsi" },
  { "macd", "macd.macd" }, { "macd_signal", "macd.signal" },
  { "cci20", "cci20.cci" },
  { "testind_a", "testind.a" }, { "testind_b", "testind.b" },
  { "ema20", "ema20.ema" }, { "wma20", "wma20.wma" }, { "smma20", "smma20.smma" },
  { "dema20", "dema20.dema" }, { "tema20", "tema20.tema" },
  { "kama30", "kama30.kama" }, { "hma30", "hma30.hma" }, { "zlema30", "zlema30.zlema" },
  { "boll_mid", "boll.mid" }, { "boll_top", "boll.top" }, { "boll_bot", "boll.bot" },
  { "atr14", "atr14.atr" },
  { "adx14", "dmi14.adx" }, { "plusdi14", "dmi14.plusDI" }, { "minusdi14", "dmi14.minusDI" },
  { "willr14", "willr14.percR" }, { "mom12", "mom12.momentum" }, { "roc12", "roc12.roc" },
  { "trix15", "trix15.trix" }, { "ultosc", "ultosc.uo" },
  { "aroon_up", "aroon.aroonup" }, { "aroon_down", "aroon.aroondown" },
  { "stddev20", "stddev20.stddev" },
  { "highest14", "highest14.highest" }, { "lowest14", "lowest14.lowest" },
  { "macdhisto", "macdhisto.histo" },
  { "stochfull_k", "stochfull.percK" }, { "stochfull_d", "stochfull.percD" },
  { "stochfull_dslow", "stochfull.percDSlow" },
  { "crossover", "crossover.crossover" },
};

static gboolean
add_testind (BkGraph *graph, BkStrategyBuild *build, GError **error)
{
  static const char *const lines[] = { "a", "b", NULL };
  const double period = 20;
  BkInput a;

  BkNode *testind = bk_graph_add_group (graph, NULL, "testind", lines, error);
  if (testind == NULL
      || !bk_graph_add_op (graph, testind, BK_OP_SUB, bk_graph_feed_input (graph, BK_FEED_CLOSE),
                           bk_graph_feed_input (graph, BK_FEED_HIGH), &a, error)
      || !bk_node_bind_output (testind, 0, a, error))
    return FALSE;
  a = bk_node_output (testind, 0);
  BkNode *b = bk_graph_add_indicator (graph, testind, bk_indicator_lookup ("SMA"), &a, 1, &period, 1, error);
  if (b == NULL || !bk_node_bind_output (testind, 1, bk_node_output (b, 0), error))
    return FALSE;
  bk_node_set_name (testind, "testind");
  testind->plot = FALSE;
  g_ptr_array_add (build->named, testind);
  return TRUE;
}

static gboolean
build_library (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  BkNode *sma30 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      const Indicator *ind = &indicators[i];
      BkInput inputs[2];
      guint n_inputs = 0;

      if (ind->input >= 0)
        inputs[n_inputs++] = bk_graph_feed_input (graph, (BkFeedLine) ind->input);
      else if (ind->input == CROSSOVER_SMA)
        {
          inputs[n_inputs++] = bk_graph_feed_input (graph, BK_FEED_CLOSE);
          inputs[n_inputs++] = bk_node_output (sma30, 0);
        }
      const BkIndicatorDesc *desc = bk_indicator_lookup (ind->type);
      g_assert_nonnull (desc);
      BkNode *node = bk_graph_add_indicator (graph, NULL, desc, inputs, n_inputs,
                                             ind->params, ind->n_params, error);
      if (node == NULL)
        return FALSE;
      bk_node_set_name (node, ind->name);
      g_ptr_array_add (build->named, node);
      if (i == 0)
        sma30 = node;
      if (i == 4 && !add_testind (graph, build, error))
        return FALSE;
    }
  return TRUE;
}

static BkStrategy *
library_strategy (void)
{
  return bk_strategy_new_custom ("library", "Indicator library", NULL, build_library, NULL, NULL);
}

typedef struct {
  GStrv header;
  GPtrArray *rows;   /* GStrv per data row */
} Table;

static void
table_free (Table *table)
{
  g_strfreev (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_parse (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  Table *table = g_new0 (Table, 1);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->header = g_strsplit (g_strchomp (lines[0]), ",", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] != '\0')
        g_ptr_array_add (table->rows, g_strsplit (lines[i], ",", -1));
    }
  return table;
}

static gint
table_column (Table *table, const char *name)
{
  for (guint i = 0; table->header[i] != NULL; i++)
    if (g_strcmp0 (table->header[i], name) == 0)
      return (gint) i;
  g_error ("no column %s", name);
  return -1;
}

static const char *
table_cell (Table *table, guint row, gint column)
{
  return ((GStrv) g_ptr_array_index (table->rows, row))[column];
}

/* The reference and the library's dump in mode -1, made once. */
static Table *reference_table, *dump_table;

static void
load_tables (void)
{
  g_autofree char *reference_path = bk_test_data_file (REFERENCE);
  g_autofree char *data = bk_test_data_file (DATA);

  if (reference_table == NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategy) strategy = library_strategy ();

      g_assert_true (g_file_get_contents (reference_path, &text, NULL, &error));
      reference_table = table_parse (text);
      g_autofree char *dump = bk_test_run_dump (strategy, data, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, NULL);
      dump_table = table_parse (dump);
    }
}

static void
test_dates_match (void)
{
  load_tables ();
  gint ours = table_column (dump_table, "date"), theirs = table_column (reference_table, "date");

  g_assert_cmpuint (dump_table->rows->len, ==, reference_table->rows->len);
  for (guint r = 0; r < dump_table->rows->len; r++)
    g_assert_cmpstr (table_cell (dump_table, r, ours), ==, table_cell (reference_table, r, theirs));
}

static void
test_column_matches_backtrader (gconstpointer data)
{
  const char *const *column = data;

  load_tables ();
  gint a = table_column (dump_table, column[1]), b = table_column (reference_table, column[0]);
  double worst = 0;
  guint values = 0;

  g_assert_cmpuint (dump_table->rows->len, ==, reference_table->rows->len);
  for (guint r = 0; r < dump_table->rows->len; r++)
    {
      const char *x = table_cell (dump_table, r, a), *y = table_cell (reference_table, r, b);

      if (*x == '\0' || *y == '\0')
        {
          if ((*x == '\0') != (*y == '\0'))
            g_error ("%s row %u: ours '%s', backtrader's '%s'", column[1], r + 2, x, y);
          continue;
        }
      double u = g_ascii_strtod (x, NULL), v = g_ascii_strtod (y, NULL);
      double scale = MAX (fabs (u), fabs (v));
      double rel = scale > 0 ? fabs (u - v) / scale : 0;
      if (!(rel <= 1e-15))
        g_error ("%s row %u: ours %s, backtrader's %s (relative difference %g)", column[1], r + 2, x, y, rel);
      worst = MAX (worst, rel);
      values++;
    }
  g_assert_cmpuint (values, >, 0);
  g_test_message ("%-16s vs %-16s worst relative difference %.3g over %u values",
                  column[1], column[0], worst, values);
}

static void
test_modes_dumps_identical (void)
{
  static const BkMode modes[] = { BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(BkStrategy) strategy = library_strategy ();
  guint64 cells[4];

  g_autofree char *reference = bk_test_run_dump (strategy, data, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &cells[0]);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *dump = bk_test_run_dump (strategy, data, modes[m], BK_PRECISION_F64, &cells[m + 1]);
      g_assert_cmpstr (dump, ==, reference);
    }
  g_test_message ("library cells: 0=%" G_GUINT64_FORMAT " 1=%" G_GUINT64_FORMAT
                  " -1=%" G_GUINT64_FORMAT " -2=%" G_GUINT64_FORMAT, cells[0], cells[1], cells[2], cells[3]);
  g_assert_cmpuint (cells[1], <, cells[2]);
}

static void
test_mode1_rings_minimal (void)
{
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(BkStrategy) strategy = library_strategy ();
  guint checked = 0;

  checked = bk_test_check_rings_minimal (strategy, data);
  g_test_message ("%u rings shrunk, each overrun caught", checked);
  g_assert_cmpuint (checked, >=, 100);
}

/* PivotPoint, FibonacciPivotPoint and DemarkPivotPoint (no backtrader test has values for
 * them): every bar, each line is its formula of the bar's prices, in
 * backtrader's order of operations, to the bit. */
static void
test_pivot_points (void)
{
  static const char *const text =
    "[strategy]\nname=pivots\n\n[indicator pp]\nexpr=PivotPoint()\n\n"
    "[indicator ppc]\nexpr=PivotPoint(close=1)\n\n[indicator ppo]\nexpr=PivotPoint(open=1)\n\n"
    "[indicator fib]\nexpr=FibonacciPivotPoint(level3=1.5)\n\n[indicator dm]\nexpr=DemarkPivotPoint()\n";
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(GError) error = NULL;

  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "pivots.ini", &error);
  g_assert_no_error (error);
  g_autofree char *dump = bk_test_run_dump (strategy, data, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
  g_autoptr(Table) table = table_parse (dump);
  const char *names[] = { "open", "high", "low", "close" };
  gint col[4];

  for (guint i = 0; i < 4; i++)
    col[i] = table_column (table, names[i]);
  for (guint r = 0; r < table->rows->len; r++)
    {
      double o = g_ascii_strtod (table_cell (table, r, col[0]), NULL), h = g_ascii_strtod (table_cell (table, r, col[1]), NULL);
      double l = g_ascii_strtod (table_cell (table, r, col[2]), NULL), c = g_ascii_strtod (table_cell (table, r, col[3]), NULL);
      double p = ((h + l) + c) / 3.0, pc = ((h + l) + 2.0 * c) / 4.0, po = (((h + l) + c) + o) / 4.0;
      /* DeMark's: the close weighs twice on a flat bar, the low on a down bar, the high on an up bar. */
      double x = c < o ? (h + 2.0 * l) + c : c > o ? (2.0 * h + l) + c : (h + l) + 2.0 * c;
      const struct {
        const char *column;
        double want;
      } checks[] = {
        { "pp.p", p }, { "pp.s1", 2.0 * p - h }, { "pp.r1", 2.0 * p - l }, { "pp.s2", p - (h - l) },
        { "pp.r2", p + (h - l) }, { "ppc.p", pc }, { "ppo.p", po }, { "ppo.s1", 2.0 * po - h },
        { "fib.p", p }, { "fib.s1", p - 0.382 * (h - l) }, { "fib.s2", p - 0.618 * (h - l) },
        { "fib.s3", p - 1.5 * (h - l) }, { "fib.r1", p + 0.382 * (h - l) }, { "fib.r3", p + 1.5 * (h - l) },
        { "dm.p", x / 4.0 }, { "dm.s1", x / 2.0 - h }, { "dm.r1", x / 2.0 - l },
      };

      for (guint k = 0; k < G_N_ELEMENTS (checks); k++)
        {
          double got = g_ascii_strtod (table_cell (table, r, table_column (table, checks[k].column)), NULL);

          if (got != checks[k].want)
            g_error ("row %u, %s: %.17g, the formula gives %.17g", r + 2, checks[k].column, got, checks[k].want);
        }
    }
  g_assert_cmpuint (table->rows->len, ==, 255);
}

/* Values of lines a.LINE and b.LINE of a strategy at chosen rows of each
 * file (G_MAXUINT: the last), within `tolerance` (NAN for NAN). */
typedef struct {
  const char *file;
  double values[2][10];
} Checkpoints;

static void
check_checkpoints (const char *text, const char *line, const Checkpoints *cases, guint n_cases, const guint *rows,
                   guint n_rows, double tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "checkpoints.ini", &error);

  g_assert_no_error (error);
  for (guint f = 0; f < n_cases; f++)
    {
      g_autofree char *data = bk_test_data_file (cases[f].file);
      g_autofree char *dump = bk_test_run_dump (strategy, data, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
      g_autoptr(Table) table = table_parse (dump);

      for (guint k = 0; k < 2; k++)
        {
          g_autofree char *column = g_strdup_printf ("%c.%s", "ab"[k], line);
          gint col = table_column (table, column);

          for (guint i = 0; i < n_rows; i++)
            {
              guint row = rows[i] == G_MAXUINT ? table->rows->len - 1 : rows[i];
              const char *cell = table_cell (table, row, col);
              double got = *cell != '\0' ? g_ascii_strtod (cell, NULL) : NAN, want = cases[f].values[k][i];

              if (!(fabs (got - want) <= tolerance || (isnan (got) && isnan (want))))
                g_error ("%s bar %u, %s: %.17g, expected %.17g", cases[f].file, row + 1, column, got, want);
            }
        }
    }
}

/* ParabolicSAR against a transcription of backtrader's psar.py into
 * Python (its two alternating status slots, its fake first trend), at bars
 * 1, 2, 3, 4, 5, 6, 11, 51, 101 and the last, to the bit: the last follows
 * from every reversal before it, 4964 bars of them on yhoo. */
static void
test_parabolic_sar (void)
{
  static const Checkpoints cases[] = {
    { "datas/2006-day-001.txt", {
      { NAN, 3578.73, 3578.73, 3581.6792, 3586.477448, 3592.91845216, 3684.6313999999998, 3702.04,
        3736.9040364415896, 4079.7 },
      { NAN, NAN, NAN, NAN, 3590.218458, 3599.4310430399996, 3683.9521, 3704.9326, 3683.0242684347922, 4142.06 } } },
    { "datas/yhoo-1996-2015.txt", {
      { NAN, 1.791667, 1.791667, 1.766667, 1.72254198, 1.6810644611999999, 1.5081514468883683, 1.0677905507713346,
        0.921875, 32.40640778809552 },
      { NAN, NAN, NAN, NAN, 1.6891044699999997, 1.6298975676999998, 1.4048253258307282, 1.001976288019598,
        0.91765625, 32.82021611027653 } } },
  };
  static const guint rows[] = { 0, 1, 2, 3, 4, 5, 10, 50, 100, G_MAXUINT };

  check_checkpoints ("[strategy]\nname=psar\n\n[indicator a]\nexpr=ParabolicSAR()\n\n"
                     "[indicator b]\nexpr=PSAR(period=5, af=0.03, afmax=0.15)\n",
                     "psar", cases, G_N_ELEMENTS (cases), rows, G_N_ELEMENTS (rows), 0.0);
}

/* LaguerreFilter against backtrader's lrsi.py transcribed into Python, at
 * bars 1, 2, 3, 4, 5, 11, 101 and the last, to the bit (at every bar of
 * both files when this was written). */
static void
test_laguerre_filter (void)
{
  static const Checkpoints cases[] = {
    { "datas/2006-day-001.txt", {
      { 112.6353125, 338.21875, 621.62390625, 1018.9426562500001, 1495.06068359375, 3393.835021362305,
        3656.7836732090786, 4108.842575550002 },
      { NAN, NAN, NAN, 43.255344, 136.09692270000005, 1155.7028840371865, 3767.597322095147, 4070.6797170670457 } } },
    { "datas/yhoo-1996-2015.txt", {
      { 0.04296875, 0.1279296875, 0.22884115625, 0.36539715625, 0.5288900000000001, 1.128696422973633,
        0.8251626051786364, 33.71428636211309 },
      { NAN, NAN, NAN, 0.013331250000000008, 0.042994687499999996, 0.3776791920891751, 0.8049516351064675,
        33.69285215732172 } } },
  };
  static const guint rows[] = { 0, 1, 2, 3, 4, 10, 100, G_MAXUINT };

  check_checkpoints ("[strategy]\nname=lagf\n\n[indicator a]\nexpr=LaguerreFilter()\n\n"
                     "[indicator b]\nexpr=LAGF(period=4, gamma=0.7)\n",
                     "lfilter", cases, G_N_ELEMENTS (cases), rows, G_N_ELEMENTS (rows), 0.0);
}

/* HurstExponent against backtrader's hurst.py run with numpy 1.24 (whose
 * polyfit solves by SVD, so the last bits may differ: within 1e-14) at
 * bars 39 (none yet), 40, 41, 60, 61, 101 and the last; differences at
 * every bar of both files were at most 1.7e-15 when this was written. */
static void
test_hurst (void)
{
  static const Checkpoints cases[] = {
    { "datas/2006-day-001.txt", {
      { NAN, 0.24692330233602588, 0.23550885252494927, 0.08549237871477186, 0.0569242374539215, 0.4224330581201667,
        0.36444168196760374 },
      { NAN, NAN, NAN, 0.06039023621081925, 0.06257080662967471, 0.26216137843720383, 0.15739229225119833 } } },
    { "datas/yhoo-1996-2015.txt", {
      { NAN, 0.15500643962313745, 0.2192244921687952, 0.07848982254753574, 0.06893904766400781, -0.02000161546642513,
        0.0929036941571618 },
      { NAN, NAN, NAN, 0.31008587834491563, 0.3399868343264658, 0.3814231545170754, -0.0950522035057114 } } },
  };
  static const guint rows[] = { 38, 39, 40, 59, 60, 100, G_MAXUINT };

  check_checkpoints ("[strategy]\nname=hurst\n\n[indicator a]\nexpr=HurstExponent()\n\n"
                     "[indicator b]\nexpr=Hurst(period=60, lag_start=3, lag_end=25)\n",
                     "hurst", cases, G_N_ELEMENTS (cases), rows, G_N_ELEMENTS (rows), 1e-14);
}

/* HeikinAshi's values are checked with backtrader's (its disabled test);
 * haDelta is ha_close - ha_open and the SMA(3) of that, every bar. */
static void
test_hadelta (void)
{
  static const char *const text =
    "[strategy]\nname=hadelta\n\n[indicator ha]\nexpr=HeikinAshi()\n\n[indicator d]\nexpr=haDelta()\n\n"
    "[indicator raw]\nexpr=haD(period=4, autoheikin=0)\n";
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(GError) error = NULL;

  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "hadelta.ini", &error);
  g_assert_no_error (error);
  g_autofree char *dump = bk_test_run_dump (strategy, data, BK_MODE_KEEP_ALL, BK_PRECISION_F64, NULL);
  g_autoptr(Table) table = table_parse (dump);
  gint ho = table_column (table, "ha.ha_open"), hc = table_column (table, "ha.ha_close");
  gint o = table_column (table, "open"), c = table_column (table, "close");
  gint d = table_column (table, "d.haDelta"), sm = table_column (table, "d.smoothed");
  gint rd = table_column (table, "raw.haDelta"), rsm = table_column (table, "raw.smoothed");
#define CELL(r, col) g_ascii_strtod (table_cell (table, (r), (col)), NULL)

  for (guint r = 1; r < table->rows->len; r++)
    {
      g_assert_cmpfloat (CELL (r, d), ==, CELL (r, hc) - CELL (r, ho));
      g_assert_cmpfloat (CELL (r, rd), ==, CELL (r, c) - CELL (r, o));
      if (r >= 3)
        g_assert_cmpfloat (CELL (r, sm), ==, ((CELL (r - 2, d) + CELL (r - 1, d)) + CELL (r, d)) / 3.0);
      else
        g_assert_cmpstr (table_cell (table, r, sm), ==, "");
      if (r >= 3)
        g_assert_cmpfloat (fabs (CELL (r, rsm) - (CELL (r - 3, rd) + CELL (r - 2, rd) + CELL (r - 1, rd) + CELL (r, rd)) / 4.0),
                           <=, 1e-9);
    }
#undef CELL
}

/* A descriptor written as a formula builds the same graph as the same
 * statements in a strategy file's lines=, and its mistakes name the
 * formula, the line and the column. */
static const BkIndicatorDesc formula_desc = {
  .name = "TestFormula",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { { "period", 5, 1, 1000, TRUE } },
  .n_outputs = 2,
  .outputs = { "avg", "change" },
  .pane = BK_PANE_PRICE,
  .formula = "mid = (high + low) / 2.0\n"
             "avg = SMA(mid, period=period)\n"
             "change = 100.0 * (avg - avg[-2]) / avg[-2]",
};

static const BkIndicatorDesc broken_desc = {
  .name = "TestBroken",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "x" },
  .pane = BK_PANE_OWN,
  .formula = "y = data * 2.0\nx = y - nosuch",
};

static const BkIndicatorDesc broken_ago_desc = {
  .name = "TestBrokenAgo",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { { "gamma", 0.5, 0, 1, FALSE } },
  .n_outputs = 1,
  .outputs = { "x" },
  .pane = BK_PANE_OWN,
  .formula = "x = data - data[-gamma]",
};

static gboolean
build_formula (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  const double period = 7;
  BkNode *node = bk_graph_add_indicator (graph, NULL, &formula_desc, NULL, 0, &period, 1, error);

  if (node == NULL)
    return FALSE;
  bk_node_set_name (node, "f");
  g_ptr_array_add (build->named, node);
  return TRUE;
}

static void
test_formula (void)
{
  static const char *const text =
    "[strategy]\nname=formula\n\n[indicator f]\nlines=mid;avg;change\nmid=(high + low) / 2.0\n"
    "avg=SMA(mid, period=7)\nchange=100.0 * (avg - avg[-2]) / avg[-2]\n";
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(GError) error = NULL;

  g_autoptr(BkStrategy) by_formula = bk_strategy_new_custom ("formula", "formula", NULL, build_formula, NULL, NULL);
  g_autoptr(BkStrategy) by_file = bk_strategy_new_from_data (text, -1, "formula.ini", &error);
  g_assert_no_error (error);
  guint64 cells[2];
  g_autofree char *dump = bk_test_run_dump (by_formula, data, BK_MODE_MINIMAL, BK_PRECISION_F64, &cells[0]);
  g_autofree char *expected = bk_test_run_dump (by_file, data, BK_MODE_MINIMAL, BK_PRECISION_F64, &cells[1]);
  g_autoptr(Table) a = table_parse (dump);
  g_autoptr(Table) b = table_parse (expected);
  guint values = 0;

  g_assert_cmpuint (a->rows->len, ==, b->rows->len);
  for (guint r = 0; r < a->rows->len; r++)
    for (guint k = 0; k < 2; k++)
      {
        const char *line = k == 0 ? "f.avg" : "f.change";
        g_assert_cmpstr (table_cell (a, r, table_column (a, line)), ==, table_cell (b, r, table_column (b, line)));
        values += *table_cell (a, r, table_column (a, line)) != '\0';
      }
  g_assert_cmpuint (values, ==, 2 * 255 - 6 - 8);
  /* And it holds as many cells. */
  g_assert_cmpuint (cells[0], ==, cells[1]);

  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_assert_null (bk_graph_add_indicator (graph, NULL, &broken_desc, NULL, 0, NULL, 0, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "TestBroken formula:2:9: unknown name 'nosuch' in the formula of TestBroken");
  g_clear_error (&error);
  /* Bars ago from a parameter that is not a whole number. */
  g_assert_null (bk_graph_add_indicator (graph, NULL, &broken_ago_desc, NULL, 0, NULL, 0, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "TestBrokenAgo formula:1:16: [-gamma] in the formula of TestBrokenAgo needs a whole-number parameter");
}

/* Every formula of the registry compiles, and each type builds at its
 * defaults: a mistake in a shipped formula fails here, whichever
 * indicators the other tests use (runs compile a formula only when they
 * first use its type). */
static void
test_every_formula_compiles (void)
{
  g_autoptr(GError) error = NULL;
  guint n_formulas = 0;

  g_assert_true (bk_formula_install_and_check (&error));
  g_assert_no_error (error);
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    n_formulas += bk_indicator_get_type (i)->formula != NULL;
  g_assert_cmpuint (n_formulas, >, 0);
  /* Checked again, from the compiled forms kept the first time. */
  g_assert_true (bk_formula_install_and_check (&error));
  g_assert_no_error (error);
}

/* Every indicator of the registry at its defaults, in one strategy (one
 * that takes no price line, as Oscillator, on an SMA): the same values in
 * all four modes, and in mode 1 no ring of any of them holds a value more
 * than it must. */
static void
test_every_indicator (void)
{
  g_autofree char *data = bk_test_data_file (DATA);
  g_autoptr(GString) text = g_string_new ("[strategy]\nname=every indicator\n");
  g_autoptr(GError) error = NULL;
  static const BkMode modes[] = { BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED };

  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const char *name = bk_indicator_get_type (i)->name;
      g_autofree char *alone = g_strdup_printf ("[strategy]\nname=one\n\n[indicator x]\nexpr=%s()\n", name);
      g_autoptr(BkStrategy) one = bk_strategy_new_from_data (alone, -1, "one.ini", NULL);

      g_string_append_printf (text, "\n[indicator i%u]\nexpr=%s(%s)\n", i, name, one != NULL ? "" : "SMA(period=5)");
    }
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text->str, -1, "every.ini", &error);
  g_assert_no_error (error);
  g_autofree char *reference = bk_test_run_dump (strategy, data, BK_MODE_KEEP_ALL, BK_PRECISION_F64, NULL);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *dump = bk_test_run_dump (strategy, data, modes[m], BK_PRECISION_F64, NULL);
      g_assert_cmpstr (dump, ==, reference);
    }
  guint checked = bk_test_check_rings_minimal (strategy, data);
  g_test_message ("%u indicator types, %u rings shrunk, each overrun caught", bk_indicator_get_n_types (), checked);
  g_assert_cmpuint (checked, >=, bk_indicator_get_n_types ());
}

/* What an indicator keeps between bars is its state struct, counted as its
 * bytes in whole cells of 8: the window sum's three doubles (SMA, SumN;
 * its countdowns take their place) and EMA's and SMMA's seed, the Laguerre
 * filter's four stages, ParabolicSAR's three doubles and a flag, and the
 * crossings' last non-zero difference.  No other type keeps anything. */
static void
test_state_cells (void)
{
  static const struct {
    const char *type;
    guint cells;
  } kept[] = {
    { "SMA", 3 }, { "SumN", 3 }, { "EMA", 3 }, { "SMMA", 3 },
    { "LaguerreRSI", 4 }, { "LaguerreFilter", 4 }, { "ParabolicSAR", 4 },
    { "CrossUp", 1 }, { "CrossDown", 1 }, { "CrossOver", 1 },
  };

  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      guint cells = 0;

      for (guint k = 0; k < G_N_ELEMENTS (kept); k++)
        if (g_str_equal (desc->name, kept[k].type))
          cells = kept[k].cells;
      g_assert_cmpuint (desc->state_cells, ==, cells);
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The graph builds formula indicators (MACD, CCI...) through the
   * compiler the strategy language hands down; the subtests that build
   * graphs by hand must not depend on one that loaded a strategy first. */
  bk_formula_install ();

  g_test_add_func ("/library/conformance/dates", test_dates_match);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *path = g_strdup_printf ("/library/conformance/%s", columns[c][0]);
      g_test_add_data_func (path, columns[c], test_column_matches_backtrader);
    }
  g_test_add_func ("/library/modes/dumps-identical", test_modes_dumps_identical);
  g_test_add_func ("/library/modes/mode1-rings-minimal", test_mode1_rings_minimal);
  g_test_add_func ("/library/pivot-points", test_pivot_points);
  g_test_add_func ("/library/parabolic-sar", test_parabolic_sar);
  g_test_add_func ("/library/hadelta", test_hadelta);
  g_test_add_func ("/library/hurst", test_hurst);
  g_test_add_func ("/library/laguerre-filter", test_laguerre_filter);
  g_test_add_func ("/library/state-cells", test_state_cells);
  g_test_add_func ("/library/formula", test_formula);
  g_test_add_func ("/library/formula/every-formula-compiles", test_every_formula_compiles);
  g_test_add_func ("/library/every-indicator", test_every_indicator);
  status = g_test_run ();
  g_clear_pointer (&reference_table, table_free);
  g_clear_pointer (&dump_table, table_free);
  return status;
}
