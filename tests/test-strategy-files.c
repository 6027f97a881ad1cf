/* test-strategy-files.c — strategy files: the built-in files
 * build what the C strategies build, every syntax feature builds, and every
 * broken file in tests/strategies/ is refused with its exact message. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-gen-universe.h"
#include "bk-indicator.h"
#include "bk-model.h"
#include "bk-model-run.h"
#include "bk-parser.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define SEED 20150101

static char *
corpus_dir (void)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", "strategies", NULL);
}

static char *
data_strategy_path (const char *name)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "data", "strategies", name, NULL);
}

/* Runs `strategy` over generated bars; returns the dump text and the cells. */
static char *
run_generated (BkStrategy *strategy, BkMode mode, guint64 bars, guint64 *cells)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_autoptr(BkDump) dump = NULL;
  char *buffer = NULL;
  size_t size = 0;

  g_assert_no_error (error);
  FILE *out = open_memstream (&buffer, &size);
  dump = bk_dump_new (run, out);
  bk_run_set_bar_func (run, bk_dump_write_bar, dump);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  fclose (out);
  if (cells != NULL)
    {
      g_autoptr(BkReport) report = bk_report_new (run);
      *cells = report->total_cells;
    }
  return buffer;
}

static BkStrategy *
load_text (const char *text, GError **error)
{
  return bk_strategy_new_from_data (text, -1, "s.ini", error);
}

static void
assert_load_fails (const char *text, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text, &error);

  g_assert_null (strategy);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Max, Min and Abs, backtrader's functions on lines: Max(high, close[-1])
 * is TrueHigh, Min(low, close[-1]) TrueLow, at every bar; Abs and Min of
 * three as Python computes them. */
static void
test_functions (void)
{
  static const char *const text =
    "[strategy]\nname=functions\n\n[indicator a]\nexpr=Max(high, close[-1])\n\n[indicator b]\nexpr=TrueHigh()\n\n"
    "[indicator c]\nexpr=Min(low, close[-1])\n\n[indicator d]\nexpr=TrueLow()\n\n"
    "[indicator e]\nexpr=Abs(close - open)\n\n[indicator f]\nexpr=Min(open, close, low + 1)\n\n"
    "[rules]\nbuy=Max(close, 1) > Abs(-3)\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text, &error);
  g_autofree char *path = bk_test_data_file ("datas/2006-day-001.txt");

  g_assert_no_error (error);
  g_autofree char *dump = bk_test_run_dump (strategy, path, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
  g_auto(GStrv) rows = g_strsplit (dump, "\n", -1);
  g_assert_cmpstr (rows[0], ==, "date,open,high,low,close,volume,a.a,b.truehigh,c.c,d.truelow,e.e,f.f");
  for (guint r = 1; rows[r] != NULL && *rows[r] != '\0'; r++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[r], ",", -1);
      double open = g_ascii_strtod (cells[1], NULL), low = g_ascii_strtod (cells[3], NULL);
      double close = g_ascii_strtod (cells[4], NULL);

      g_assert_cmpstr (cells[6], ==, cells[7]);
      g_assert_cmpstr (cells[8], ==, cells[9]);
      g_assert_cmpfloat (g_ascii_strtod (cells[10], NULL), ==, fabs (close - open));
      g_assert_cmpfloat (g_ascii_strtod (cells[11], NULL), ==, MIN (MIN (open, close), low + 1));
    }
  g_assert_cmpuint (g_strv_length (rows), ==, 257);
}

/* backtrader's line aliases: HeikinAshi's ha.close is its ha_close. */
static void
test_line_aliases (void)
{
  static const char *const by_alias =
    "[strategy]\nname=a\n\n[indicator ha]\nexpr=HeikinAshi()\n\n[indicator d]\nexpr=ha.close - ha.open\n";
  static const char *const by_name =
    "[strategy]\nname=a\n\n[indicator ha]\nexpr=HeikinAshi()\n\n[indicator d]\nexpr=ha.ha_close - ha.ha_open\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) a = load_text (by_alias, &error);
  g_assert_no_error (error);
  g_autoptr(BkStrategy) b = load_text (by_name, &error);
  g_assert_no_error (error);
  g_autofree char *path = bk_test_data_file ("datas/2006-day-001.txt");

  g_autofree char *dump_a = bk_test_run_dump (a, path, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
  g_autofree char *dump_b = bk_test_run_dump (b, path, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_nonnull (strstr (dump_a, ",d.d\n"));
}

static void
test_memory_savings_file_matches_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_strategy_path ("memory-savings.ini");
  g_autoptr(BkStrategy) from_file = bk_strategy_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkStrategy) builtin = bk_test_memory_savings_by_hand ();

  g_assert_cmpstr (bk_strategy_get_id (from_file), ==, "memory-savings");
  g_assert_cmpstr (bk_strategy_get_name (from_file), ==, bk_strategy_get_name (builtin));

  const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                           BK_MODE_PLOT_SAVE_UNPLOTTED };
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      guint64 cells_file = 0, cells_builtin = 0;
      g_autofree char *dump_file = run_generated (from_file, modes[m], 1500, &cells_file);
      g_autofree char *dump_builtin = run_generated (builtin, modes[m], 1500, &cells_builtin);

      g_assert_cmpstr (dump_file, ==, dump_builtin);
      g_assert_cmpuint (cells_file, ==, cells_builtin);
    }
}

static void
test_memory_savings_dump_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_assert_no_error (error);
  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 50, NULL);

  g_assert_true (g_str_has_prefix (dump, "date,open,high,low,close,volume,sma.sma,stoch.percK,stoch.percD,"
                                         "rsi.rsi,macd.macd,macd.signal,cci.cci,testind.a,testind.b\n"));
}

static void
test_builtin_texts_are_the_data_files (void)
{
  const char *const *ids = bk_strategy_list_builtin ();
  guint n = 0;

  for (; ids[n] != NULL; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat (ids[n], ".ini", NULL);
      g_autofree char *path = data_strategy_path (name);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      g_assert_cmpstr (bk_strategy_file_builtin_text (ids[n]), ==, text);

      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (ids[n], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (bk_strategy_get_id (strategy), ==, ids[n]);
      /* One line of description each. */
      g_assert_nonnull (bk_strategy_get_description (strategy));
      g_assert_null (strchr (bk_strategy_get_description (strategy), '\n'));
    }
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (ids[0], ==, "memory-savings");

  g_autoptr(GError) error = NULL;
  g_assert_null (bk_strategy_new_builtin ("no-such", &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_crossover_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("sma-crossover", &error);
  g_assert_no_error (error);
  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };

  g_assert_cmpfloat (bk_strategy_get_cash (strategy), ==, 100000);
  g_assert_cmpfloat (bk_strategy_get_commission (strategy), ==, 0.001);
  g_assert_true (bk_strategy_build (strategy, graph, &build, &error));
  g_assert_no_error (error);
  g_assert_true (build.has_buy);
  g_assert_true (build.has_sell);
  g_assert_cmpfloat (build.size, ==, 10);
  g_assert_cmpuint (named->len, ==, 1);
  BkNode *sma = g_ptr_array_index (named, 0);
  g_assert_cmpstr (sma->name, ==, "sma");
  g_assert_cmpfloat (sma->params[0], ==, 15);
  g_assert_null (sma->parent);
}

/* Every syntax feature in one file, and what it builds. */
static void
test_every_feature_builds (void)
{
  static const char text[] =
    "# a comment\n"
    "; another comment\n"
    "  [strategy]  \n"
    "name = Every feature \n"
    "description=All of the syntax\n"
    "\n"
    "[indicator late]\n"
    "expr=early * 2 + macd.signal - -1\n"
    "\n"
    "[indicator early]\n"
    "expr=SMA(close, 10)\n"
    "plot=false\n"
    "pane=price\n"
    "\n"
    "[indicator macd]\n"
    "expr=MACD(period_me1=5, period_me2=10, period_signal=3)\n"
    "\n"
    "[indicator band]\n"
    "lines=mid;top;flag\n"
    "mid=SMA(period=5)\n"
    "top=mid + 2 * (high - low) / 1\n"
    "flag=not (close >= top or close <= mid) and close != mid and close == close and -close < 0\n"
    "\n"
    "[indicator nested]\n"
    "expr=SMA(SMA(close[-2] - open[-1], period=3), 4)\n"
    "\n"
    "[indicator member]\n"
    "expr=MACD(close, 3, 6, 2).signal > Stochastic().percD[-1]\n"
    "\n"
    "[broker]\n"
    "cash=5e4\n"
    "commission=0\n"
    "\n"
    "[rules]\n"
    "buy=late > early and band.flag\n"
    "sell=(late < early) or (volume > 0 and openinterest >= 0 and high > low[-1])\n"
    "size=2.5\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bk_strategy_get_name (strategy), ==, "Every feature");
  g_assert_cmpstr (bk_strategy_get_description (strategy), ==, "All of the syntax");
  g_assert_cmpfloat (bk_strategy_get_cash (strategy), ==, 50000);

  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };
  g_assert_true (bk_strategy_build (strategy, graph, &build, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (build.size, ==, 2.5);
  g_assert_true (build.has_buy && build.has_sell);

  /* Declaration order, whatever the build order. */
  static const char *const names[] = { "late", "early", "macd", "band", "nested", "member" };
  g_assert_cmpuint (named->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < named->len; i++)
    {
      BkNode *node = g_ptr_array_index (named, i);
      g_assert_cmpstr (node->name, ==, names[i]);
      g_assert_null (node->parent);
    }
  BkNode *late = g_ptr_array_index (named, 0), *early = g_ptr_array_index (named, 1);
  BkNode *macd = g_ptr_array_index (named, 2), *band = g_ptr_array_index (named, 3);
  g_assert_cmpuint (early->index, <, late->index);
  g_assert_cmpuint (macd->index, <, late->index);
  g_assert_false (early->plot);
  g_assert_true (late->plot);
  g_assert_true (early->desc == bk_indicator_lookup ("SMA"));
  g_assert_cmpfloat (early->params[0], ==, 10);
  g_assert_cmpfloat (macd->params[0], ==, 5);
  g_assert_cmpfloat (macd->params[1], ==, 10);
  g_assert_cmpfloat (macd->params[2], ==, 3);
  g_assert_null (late->desc);
  g_assert_cmpuint (late->n_outputs, ==, 1);
  g_assert_cmpstr (late->outputs[0]->name, ==, "late");
  g_assert_cmpuint (band->n_outputs, ==, 3);
  g_assert_cmpstr (band->outputs[2]->name, ==, "flag");
  g_assert_true (band->outputs[0]->owner == band);

  /* Every sub-expression is a node under the group that uses it. */
  guint under_band = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    for (BkNode *n = bk_graph_get_node (graph, i)->parent; n != NULL; n = n->parent)
      if (n == band)
        {
          under_band++;
          break;
        }
  g_assert_cmpuint (under_band, >=, 12);

  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 300, NULL);
  g_assert_true (g_str_has_prefix (dump, "date,open,high,low,close,volume,late.late,early.sma,macd.macd,"
                                         "macd.signal,band.mid,band.top,band.flag,nested.sma,member.member\n"));
}

static void
test_constants_fold_in_parameters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text ("[indicator s]\nexpr=SMA(period=2 * (3 + 4))\n", &error);
  g_assert_no_error (error);
  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };
  g_assert_true (bk_strategy_build (strategy, graph, &build, &error));
  g_assert_cmpfloat (((BkNode *) g_ptr_array_index (named, 0))->params[0], ==, 14);
}

static void
test_load_reports_every_error_at_open (void)
{
  /* Errors that only building can find are found when the file is read. */
  assert_load_fails ("[indicator s]\nexpr=SMA(period=0)\n",
                     "s.ini:2:17: parameter 'period' of SMA must be a whole number from 1 to 1000000, found 0");
  assert_load_fails ("[indicator s]\nexpr=1\n[rules]\nbuy=s > 0\nsell=2 > 1\n",
                     "s.ini:5:6: the sell rule needs a condition on lines, found a number");
}

static void
test_file_too_large (void)
{
  GString *text = g_string_new ("[indicator s]\nexpr=close\n");

  while (text->len <= BK_STRATEGY_FILE_MAX_BYTES)
    g_string_append (text, "# padding padding padding padding padding padding padding\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text->str, (gssize) text->len, "big.ini", &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "big.ini:"));
  g_assert_true (g_str_has_suffix (error->message, ": the file is larger than the limit of 1 MiB (1048576 bytes)"));

  /* The same through a file on disk, read no further than the limit. */
  g_autofree char *path = NULL;
  g_autoptr(GError) io_error = NULL;
  int fd = g_file_open_tmp ("bk-big-XXXXXX.ini", &path, &io_error);
  g_assert_no_error (io_error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &io_error));
  g_clear_error (&error);
  g_assert_null (bk_strategy_new_from_file (path, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_unlink (path);
  g_string_free (text, TRUE);
}

static void
test_too_many_nodes (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    {
      g_string_append_printf (text, "[indicator i%u]\nexpr=close", i);
      for (guint k = 0; k < 1000; k++)
        g_string_append (text, "+close");
      g_string_append_c (text, '\n');
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text->str, &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:20:5945: the strategy needs more than 10000 nodes");
  g_string_free (text, TRUE);
}

static void
test_long_chain_is_bounded (void)
{
  GString *text = g_string_new ("[indicator s]\nexpr=close");

  for (guint k = 0; k < 5000; k++)
    g_string_append (text, "-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text->str, &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:2:2057: expression is too long: more than 1024 operations deep");
  g_string_free (text, TRUE);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (bk_strategy_new_from_file ("/nonexistent/x.ini", &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/x.ini: "));
}

/* A file of `n` indicators, one node each. */
static GString *
many_indicators (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "[indicator i%u]\nexpr=SMA(period=2)\n", i);
  return text;
}

static void
test_node_limit_checked_at_load (void)
{
  g_autoptr(GError) error = NULL;

  /* As many as the limit allows load, and run: the observers a run adds
   * do not count against the strategy. */
  GString *fits = many_indicators (BK_GRAPH_MAX_NODES - 1);
  g_autoptr(BkStrategy) strategy = load_text (fits->str, &error);
  g_assert_no_error (error);
  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 20, NULL);
  g_assert_nonnull (dump);
  g_string_free (fits, TRUE);

  /* One more is refused when the file is read, where it is written. */
  GString *over = many_indicators (BK_GRAPH_MAX_NODES);
  g_autoptr(BkStrategy) refused = load_text (over->str, &error);
  g_assert_null (refused);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:20000:6: the strategy needs more than 10000 nodes");
  g_string_free (over, TRUE);
}

static const char lookback_bomb[] =
  "[indicator a]\n"
  "expr=(close + 1)[-40000]\n"
  "[indicator b]\n"
  "expr=SMA(close, period=40000)\n"
  "[indicator c]\n"
  "expr=(close + 3)[-40000]\n"
  "[indicator d]\n"
  "expr=(close + 4)[-40000]\n";

static void
test_memory_limit_refused_at_load (void)
{
  g_autoptr(GError) error = NULL;

  /* The expression that passes the limit is named, with what the whole
   * strategy would need. */
  bk_strategy_set_max_cells (100000);
  g_autoptr(BkStrategy) strategy = load_text (lookback_bomb, &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "s.ini:6:17: the strategy needs 160016 memory cells (1.3\xc2\xa0MB) for its lines, "
                   "more than the limit of 100000 cells (800.0\xc2\xa0kB)");
}

static void
test_memory_limit_counts_rule_reads (void)
{
  g_autoptr(GError) error = NULL;

  /* A rule reading far back needs the cells too, and says where. */
  bk_strategy_set_max_cells (30000);
  g_autoptr(BkStrategy) strategy = load_text ("[rules]\nbuy=close > 0\nsell=close[-40000]\n", &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "s.ini:3:11: the strategy needs 40008 memory cells"));
}

static void
test_memory_limit_checked_for_each_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (lookback_bomb, &error);
  g_assert_no_error (error);

  /* A limit lowered after loading holds for the runs that follow. */
  bk_strategy_set_max_cells (1000);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (run);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "s.ini:2:17: the strategy needs "));
}

static void
test_memory_limit_default (void)
{
  guint64 fallback = bk_strategy_get_default_max_cells ();

  g_assert_cmpuint (fallback, >, 0);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, fallback);
  bk_strategy_set_max_cells (12345);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, 12345);
  bk_strategy_set_max_cells (0);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, fallback);
}

static void
test_columns_on_a_long_line (void)
{
  /* 80 KB of tokens on one line (a balanced tree, to stay within the
   * depth limits), then a mistake: its column is still exact. */
  g_autofree char *tree = g_strdup ("close");
  for (guint k = 0; k < 13; k++)
    {
      char *bigger = g_strdup_printf ("(%s + %s)", tree, tree);
      g_free (tree);
      tree = bigger;
    }
  GString *text = g_string_new ("[indicator s]\nexpr=");
  g_string_append (text, tree);
  gsize column = text->len - strlen ("[indicator s]\n") + 1;
  g_string_append (text, " $ close\n");
  g_assert_cmpuint (text->len, >, 80000);
  g_autofree char *expected = g_strdup_printf ("s.ini:2:%" G_GSIZE_FORMAT ": unexpected character '$'", column + 1);
  assert_load_fails (text->str, expected);

  /* A column asked for after a later one (an operator's, after its
   * right operand's) is right too. */
  assert_load_fails ("[indicator s]\nexpr=close * (close > 1) > 1 > 2\n",
                     "s.ini:2:30: comparisons do not chain: join them with 'and'");
  g_string_free (text, TRUE);
}

static void
test_control_characters_are_escaped (void)
{
  /* Quoted file text never carries a raw control character: a carriage
   * return would rewrite the terminal's line. */
  assert_load_fails ("[indicator x]\nexpr=close\nplot=tr\rue\n",
                     "s.ini:3:6: expected true or false for plot, found 'tr\\rue'");
  assert_load_fails ("[strategy]\nna\rme=x\n[indicator x]\nexpr=close\n",
                     "s.ini:2:1: unknown key 'na\\rme' in [strategy] (did you mean 'name'?)");
  assert_load_fails ("[indicator x]\nexpr=close\npane=\tprice\xc2\x9b\n",
                     "s.ini:3:7: expected price or own for pane, found 'price\\x9B'");
  assert_load_fails ("[indicator x]\nexpr=close\nplot=\xe2\x80\xae" "eurt\n",
                     "s.ini:3:6: expected true or false for plot, found '\\u202Eeurt'");
  assert_load_fails ("[indicator x]\nexpr=close \xc2\x85\n",
                     "s.ini:2:12: unexpected character U+0085");
  assert_load_fails ("[bro\rker]\ncash=1\n",
                     "s.ini:1:1: unknown section [bro\\rker] (did you mean [broker]?)");
}

static void
test_escape_text (void)
{
  g_autofree char *plain = bk_escape_text ("SMA(close) é 中", -1);
  g_autofree char *controls = bk_escape_text ("a\tb\nc\rd\x1b[2J\x7f", -1);
  g_autofree char *invalid = bk_escape_text ("x\xff\xc3", 3);

  g_assert_cmpstr (plain, ==, "SMA(close) é 中");
  g_assert_cmpstr (controls, ==, "a\\tb\\nc\\rd\\x1B[2J\\x7F");
  g_assert_cmpstr (invalid, ==, "x\\xFF\\xC3");
}

static void
test_directory_says_why (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bk-strategy-XXXXXX", &error);
  g_assert_no_error (error);

  g_assert_null (bk_strategy_new_from_file (dir, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_autofree char *expected = g_strdup_printf ("%s: %s", dir, g_strerror (EISDIR));
  g_assert_cmpstr (error->message, ==, expected);
  g_rmdir (dir);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The .ini files of a corpus folder, in name order; at least `least`. */
static GPtrArray *
corpus_files (const char *dir, guint least)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, ".ini"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);
  g_assert_cmpuint (names->len, >=, least);
  return names;
}

/* The one line NAME.expected holds for NAME.ini, in the current folder. */
static char *
corpus_expected (const char *name)
{
  g_autofree char *base = g_strndup (name, strlen (name) - 4);
  g_autofree char *path = g_strconcat (base, ".expected", NULL);
  g_autoptr(GError) error = NULL;
  char *expected = NULL;

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  return g_strchomp (expected);
}

/* Each tests/strategies/NAME.ini is refused with NAME.expected's line. */
static void
test_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GPtrArray) names = corpus_files (dir, 40);

  /* Relative paths, so messages read as the expected files do. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *expected = corpus_expected (name);
      g_autoptr(GError) load_error = NULL;

      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (name, &load_error);
      g_test_message ("%s: %s", name, load_error != NULL ? load_error->message : "(loaded)");
      g_assert_null (strategy);
      g_assert_nonnull (load_error);
      g_assert_true (load_error->domain == BK_ERROR);
      g_assert_cmpstr (load_error->message, ==, expected);
    }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

/* --- Model files ---------------------------------------------------------- */

static char *
models_corpus_dir (void)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", "models", NULL);
}

/* Each tests/models/NAME.ini is refused as a model with NAME.expected's
 * line; as a strategy file it gives the same error, unless it is a plain
 * strategy file (no [model]), which loads. */
static void
test_models_corpus (void)
{
  g_autofree char *dir = models_corpus_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GPtrArray) names = corpus_files (dir, 20);

  g_assert_cmpint (g_chdir (dir), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *expected = corpus_expected (name);
      g_autoptr(GError) model_error = NULL;
      g_autoptr(GError) strategy_error = NULL;

      g_autoptr(BkModel) model = bk_model_new_from_file (name, &model_error);
      g_test_message ("%s: %s", name, model_error != NULL ? model_error->message : "(loaded)");
      g_assert_null (model);
      g_assert_nonnull (model_error);
      g_assert_true (model_error->domain == BK_ERROR);
      g_assert_cmpstr (model_error->message, ==, expected);
      g_assert_null (strchr (model_error->message, '\n'));

      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (name, &strategy_error);
      if (g_str_equal (name, "no-model-section.ini"))
        {
          g_assert_no_error (strategy_error);
          g_assert_nonnull (strategy);
        }
      else
        g_assert_cmpstr (strategy_error->message, ==, expected);
    }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

static void
test_model_builtin_is_the_data_file (void)
{
  const char *const *ids = bk_model_builtin_ids ();
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (ids);
  g_assert_cmpstr (ids[0], ==, "seed-features");
  g_assert_null (ids[1]);

  g_autofree char *path = g_build_filename (source, "data", "models", "seed-features.ini", NULL);
  g_autoptr(BkModel) from_file = bk_model_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkModel) builtin = bk_model_new_builtin ("seed-features", &error);
  g_assert_no_error (error);

  static const char *const features[] = { "ret20", "ret50", "vol20", "vol50", "dist20", "dist50",
                                          "rsi14", "volratio20", "range20" };
  BkModel *models[] = { from_file, builtin };
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      double split = -1;
      g_assert_cmpstr (bk_model_get_id (models[m]), ==, "seed-features");
      g_assert_cmpstr (bk_model_get_name (models[m]), ==, "Seed features (windows 20 and 50)");
      g_assert_cmpuint (bk_model_get_horizon (models[m]), ==, 5);
      g_assert_false (bk_model_get_split (models[m], &split));
      g_assert_cmpfloat (split, ==, -1);
      g_assert_cmpuint (bk_model_get_n_features (models[m]), ==, G_N_ELEMENTS (features));
      for (guint i = 0; i < G_N_ELEMENTS (features); i++)
        g_assert_cmpstr (bk_model_get_feature (models[m], i), ==, features[i]);
      g_assert_nonnull (bk_model_get_strategy (models[m]));
    }
}

static void
test_model_unknown_builtin_lists_them (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-feature", &error);

  g_assert_null (model);
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "no built-in model named 'seed-feature' (built-in models: seed-features)");
}

typedef struct {
  BkModel *model;
  BkLine *lines[BK_MODEL_MAX_FEATURES];
  double closes[64], returns[64], volumes[64], ranges[64];
  guint64 bars;
  guint checked;
} FeatureCheck;

static double
mean_of (const double *ring, guint64 bars, guint period)
{
  double sum = 0;

  for (guint i = 0; i < period; i++)
    sum += ring[(bars - 1 - i) % 64];
  return sum / period;
}

/* At every bar, the seed's features from the model's lines equal the
 * same quantities computed here from the bars. */
static void
check_seed_features (BkRun *run, gpointer data)
{
  FeatureCheck *check = data;
  BkNode *feed_node = bk_graph_get_feed (bk_run_get_graph (run));
  double close = bk_line_get (feed_node->outputs[BK_FEED_CLOSE]->line, 0);
  double high = bk_line_get (feed_node->outputs[BK_FEED_HIGH]->line, 0);
  double low = bk_line_get (feed_node->outputs[BK_FEED_LOW]->line, 0);
  double volume = bk_line_get (feed_node->outputs[BK_FEED_VOLUME]->line, 0);
  guint64 t = check->bars++;

  check->closes[t % 64] = close;
  check->returns[t % 64] = t > 0 ? close / check->closes[(t - 1) % 64] - 1 : NAN;
  check->volumes[t % 64] = volume;
  check->ranges[t % 64] = (high - low) / close;
  if (t < 50)
    {
      /* Fifty returns need 51 bars: until then vol50 has no value. */
      g_assert_true (isnan (bk_line_get (check->lines[3], 0)));
      return;
    }
  double sma20 = mean_of (check->closes, t + 1, 20), sma50 = mean_of (check->closes, t + 1, 50);
  double r_mean = mean_of (check->returns, t + 1, 20);
  double r2 = 0;
  for (guint i = 0; i < 20; i++)
    r2 += pow (check->returns[(t - i) % 64] - r_mean, 2);
  double expected[] = {
    close / check->closes[(t - 20) % 64] - 1,
    close / check->closes[(t - 50) % 64] - 1,
    sqrt (r2 / 20),
    NAN,
    close / sma20 - 1,
    close / sma50 - 1,
    NAN,
    volume / mean_of (check->volumes, t + 1, 20),
    mean_of (check->ranges, t + 1, 20),
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      double value = bk_line_get (check->lines[i], 0);
      g_assert_true (isfinite (value));
      if (!isnan (expected[i]))
        g_assert_cmpfloat_with_epsilon (value, expected[i], 1e-9 * MAX (1.0, fabs (expected[i])));
    }
  double rsi = bk_line_get (check->lines[6], 0);
  g_assert_cmpfloat (rsi, >=, 0);
  g_assert_cmpfloat (rsi, <=, 100);
  check->checked++;
}

static void
test_model_features_resolve_on_a_run (void)
{
  const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                           BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-features", &error);
  g_assert_no_error (error);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      FeatureCheck check = { .model = model };
      BkUniverseGenerator gen;
      g_autoptr(BkRun) run = bk_run_new (bk_model_get_strategy (model), modes[m], BK_PRECISION_F64, &error);
      g_assert_no_error (error);
      g_assert_true (bk_model_get_feature_lines (model, run, check.lines, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < bk_model_get_n_features (model); i++)
        g_assert_nonnull (check.lines[i]);

      /* Generated universe bars, through a file like a universe run's. */
      g_autofree char *path = NULL;
      int fd = g_file_open_tmp ("bk-model-XXXXXX.csv", &path, &error);
      g_assert_no_error (error);
      FILE *out = fdopen (fd, "w");
      fputs (bk_universe_csv_header, out);
      bk_universe_generator_init (&gen, 7, 3);
      for (guint b = 0; b < 400; b++)
        {
          BkBar bar;
          char row[BK_UNIVERSE_ROW_MAX];
          bk_universe_generator_next (&gen, &bar);
          fwrite (row, 1, bk_universe_format_row (&bar, row), out);
        }
      fclose (out);
      g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
      g_assert_no_error (error);
      bk_run_set_bar_func (run, check_seed_features, &check);
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (check.checked, ==, 400 - 50);
      g_unlink (path);
    }
}

/* Lines of multi-line indicators, by name.line, in a file with rules too. */
static void
test_model_feature_lines_by_name (void)
{
  static const char text[] =
    "[model]\n"
    "features=macd.signal, pair.b, macd, pair\n"
    "horizon=3\n"
    "split=2001-02-03\n"
    "[indicator macd]\n"
    "expr=MACD(period_me1=12, period_me2=26, period_signal=9)\n"
    "[indicator pair]\n"
    "lines=a;b\n"
    "a=close - open\n"
    "b=a * 2\n"
    "[rules]\n"
    "buy=close > macd\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_from_data (text, -1, "dir/m.ini", &error);
  double split = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (bk_model_get_id (model), ==, "m");
  g_assert_cmpstr (bk_model_get_name (model), ==, "m");
  g_assert_cmpuint (bk_model_get_horizon (model), ==, 3);
  g_assert_true (bk_model_get_split (model, &split));
  g_assert_cmpfloat (split, ==, 981158400.0);   /* 2001-02-03T00:00:00Z */

  g_autoptr(BkRun) run = bk_run_new (bk_model_get_strategy (model), BK_MODE_MINIMAL, BK_PRECISION_F32, &error);
  g_assert_no_error (error);
  BkLine *lines[4];
  g_assert_true (bk_model_get_feature_lines (model, run, lines, &error));
  GPtrArray *named = bk_run_get_named (run);
  BkNode *macd = g_ptr_array_index (named, 0), *pair = g_ptr_array_index (named, 1);
  g_assert_true (lines[0] == macd->outputs[1]->line);
  g_assert_true (lines[1] == pair->outputs[1]->line);
  g_assert_true (lines[2] == macd->outputs[0]->line);
  g_assert_true (lines[3] == pair->outputs[0]->line);

  /* A run of another strategy has no such lines. */
  g_autoptr(BkStrategy) other = bk_strategy_new_builtin ("sma-crossover", &error);
  g_autoptr(BkRun) other_run = bk_run_new (other, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_false (bk_model_get_feature_lines (model, other_run, lines, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_model_split_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-features", &error);
  double datetime = 0;

  g_assert_true (bk_model_parse_date ("1970-01-01", &datetime, &error));
  g_assert_cmpfloat (datetime, ==, 0);
  g_assert_true (bk_model_parse_date ("2012-02-29", &datetime, &error));
  g_assert_cmpfloat (datetime, ==, 15399.0 * 86400.0);
  g_assert_no_error (error);

  static const char *const bad[] = { "", "2012-2-03", "2012-02-03T00:00", " 2012-02-03", "2012/02/03", "tomorrow" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_assert_false (bk_model_parse_date (bad[i], &datetime, &bad_error));
      g_assert_error (bad_error, BK_ERROR, BK_ERROR_PARSE);
      g_autofree char *expected = g_strdup_printf ("expected a date YYYY-MM-DD, found '%s'", bad[i]);
      g_assert_cmpstr (bad_error->message, ==, expected);
    }
  /* In the right format but not a date: the message names the wrong part. */
  static const char *const not_dates[][2] = {
    { "2012-02-30", "'2012-02-30' is not a date: 2012-02 has 29 days" },
    { "2011-02-29", "'2011-02-29' is not a date: 2011-02 has 28 days" },
    { "2011-13-01", "'2011-13-01' is not a date: month 13 is not 01 to 12" },
    { "0000-01-01", "'0000-01-01' is not a date: there is no year 0" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (not_dates); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_assert_false (bk_model_parse_date (not_dates[i][0], &datetime, &bad_error));
      g_assert_error (bad_error, BK_ERROR, BK_ERROR_PARSE);
      g_assert_cmpstr (bad_error->message, ==, not_dates[i][1]);
    }

  /* --split overrides the file's, or removes it. */
  bk_model_set_split (model, TRUE, 15399.0 * 86400.0);
  g_assert_true (bk_model_get_split (model, &datetime));
  g_assert_cmpfloat (datetime, ==, 15399.0 * 86400.0);
  bk_model_set_split (model, FALSE, 0);
  g_assert_false (bk_model_get_split (model, NULL));
}

/* A model file is a strategy file: it runs, and [model] changes nothing
 * of the strategy it also is. */
static void
test_model_file_is_a_strategy_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (
    bk_strategy_file_builtin_text ("sma-crossover"), -1, "sma-crossover.ini", &error);
  g_assert_no_error (error);
  g_autofree char *with_model_text = g_strconcat (bk_strategy_file_builtin_text ("sma-crossover"),
                                                  "\n[model]\nfeatures=sma\nhorizon=1\n", NULL);
  g_autoptr(BkStrategy) with_model = bk_strategy_new_from_data (with_model_text, -1, "sma-crossover.ini", &error);
  g_assert_no_error (error);

  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 500, NULL);
  g_autofree char *dump_with_model = run_generated (with_model, BK_MODE_MINIMAL, 500, NULL);
  g_assert_cmpstr (dump, ==, dump_with_model);
  g_assert_cmpstr (bk_strategy_get_name (strategy), ==, bk_strategy_get_name (with_model));
}

/* backtrader's Oscillator of one line needs the indicator that made it:
 * a price line is refused where it is written. */
static void
test_oscillator_of_price_refused (void)
{
  assert_load_fails ("[indicator o]\nexpr=Oscillator(close)\n",
                     "s.ini:2:6: Oscillator oscillates an indicator around its own data, as Oscillator(SMA(close)); "
                     "for two lines write their difference");
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text ("[indicator o]\nexpr=Oscillator(SMA(close, period=5))\n", &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strategy-files/memory-savings/same-as-builtin", test_memory_savings_file_matches_builtin);
  g_test_add_func ("/strategy-files/memory-savings/dump-columns", test_memory_savings_dump_columns);
  g_test_add_func ("/strategy-files/builtin/texts-are-data-files", test_builtin_texts_are_the_data_files);
  g_test_add_func ("/strategy-files/builtin/crossover-settings", test_crossover_settings);
  g_test_add_func ("/strategy-files/syntax/every-feature-builds", test_every_feature_builds);
  g_test_add_func ("/strategy-files/syntax/functions", test_functions);
  g_test_add_func ("/strategy-files/syntax/line-aliases", test_line_aliases);
  g_test_add_func ("/strategy-files/syntax/constant-parameters-fold", test_constants_fold_in_parameters);
  g_test_add_func ("/strategy-files/errors/found-at-open", test_load_reports_every_error_at_open);
  g_test_add_func ("/strategy-files/errors/missing-file", test_missing_file);
  g_test_add_func ("/strategy-files/limits/file-size", test_file_too_large);
  g_test_add_func ("/strategy-files/limits/nodes", test_too_many_nodes);
  g_test_add_func ("/strategy-files/limits/chain-depth", test_long_chain_is_bounded);
  g_test_add_func ("/strategy-files/limits/nodes-checked-at-load", test_node_limit_checked_at_load);
  g_test_add_func ("/strategy-files/limits/memory-refused-at-load", test_memory_limit_refused_at_load);
  g_test_add_func ("/strategy-files/limits/memory-counts-rule-reads", test_memory_limit_counts_rule_reads);
  g_test_add_func ("/strategy-files/limits/memory-checked-for-each-run", test_memory_limit_checked_for_each_run);
  g_test_add_func ("/strategy-files/limits/memory-default", test_memory_limit_default);
  g_test_add_func ("/strategy-files/syntax/columns-on-a-long-line", test_columns_on_a_long_line);
  g_test_add_func ("/strategy-files/errors/control-characters-escaped", test_control_characters_are_escaped);
  g_test_add_func ("/strategy-files/errors/escape-text", test_escape_text);
  g_test_add_func ("/strategy-files/errors/directory-says-why", test_directory_says_why);
  g_test_add_func ("/strategy-files/errors/corpus", test_corpus);
  g_test_add_func ("/strategy-files/models/errors-corpus", test_models_corpus);
  g_test_add_func ("/strategy-files/models/builtin-is-the-data-file", test_model_builtin_is_the_data_file);
  g_test_add_func ("/strategy-files/models/unknown-builtin-lists-them", test_model_unknown_builtin_lists_them);
  g_test_add_func ("/strategy-files/models/seed-features-on-a-run", test_model_features_resolve_on_a_run);
  g_test_add_func ("/strategy-files/models/feature-lines-by-name", test_model_feature_lines_by_name);
  g_test_add_func ("/strategy-files/models/split-dates", test_model_split_dates);
  g_test_add_func ("/strategy-files/models/is-a-strategy-file", test_model_file_is_a_strategy_file);
  g_test_add_func ("/strategy-files/oscillator-of-price-refused", test_oscillator_of_price_refused);
  return g_test_run ();
}
