/* test-library.c — the indicator library against backtrader's own values
 * (shared/reference/2006-day-001.extra-lines.csv), every column within
 * 1e-15 relative (bit for bit, as it is) and empty exactly where
 * backtrader's is; the library's dumps are the same in every memory mode
 * and each of its rings is minimal.  Skipped when ../shared is absent. */
#include <math.h>
#include <stdio.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-ops.h"
#include "bk-test-util.h"

#define REFERENCE "reference/2006-day-001.extra-lines.csv"
#define DATA "data/2006-day-001.txt"

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

static gboolean
load_tables (void)
{
  g_autofree char *reference_path = bk_test_shared_file (REFERENCE);
  g_autofree char *data = reference_path ? bk_test_shared_file (DATA) : NULL;

  if (data == NULL)
    return FALSE;
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
  return TRUE;
}

static void
test_dates_match (void)
{
  if (!load_tables ())
    return;
  gint ours = table_column (dump_table, "date"), theirs = table_column (reference_table, "date");

  g_assert_cmpuint (dump_table->rows->len, ==, reference_table->rows->len);
  for (guint r = 0; r < dump_table->rows->len; r++)
    g_assert_cmpstr (table_cell (dump_table, r, ours), ==, table_cell (reference_table, r, theirs));
}

static void
test_column_matches_backtrader (gconstpointer data)
{
  const char *const *column = data;

  if (!load_tables ())
    return;
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
  g_autofree char *data = bk_test_shared_file (DATA);
  g_autoptr(BkStrategy) strategy = library_strategy ();
  guint64 cells[4];

  if (data == NULL)
    return;
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
  g_autofree char *data = bk_test_shared_file (DATA);
  g_autoptr(BkStrategy) strategy = library_strategy ();
  guint checked = 0;

  if (data == NULL)
    return;
  checked = bk_test_check_rings_minimal (strategy, data);
  g_test_message ("%u rings shrunk, each overrun caught", checked);
  g_assert_cmpuint (checked, >=, 100);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/conformance/dates", test_dates_match);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *path = g_strdup_printf ("/library/conformance/%s", columns[c][0]);
      g_test_add_data_func (path, columns[c], test_column_matches_backtrader);
    }
  g_test_add_func ("/library/modes/dumps-identical", test_modes_dumps_identical);
  g_test_add_func ("/library/modes/mode1-rings-minimal", test_mode1_rings_minimal);
  status = g_test_run ();
  g_clear_pointer (&reference_table, table_free);
  g_clear_pointer (&dump_table, table_free);
  return status;
}
