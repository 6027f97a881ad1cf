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
#include "test-strategy-files-common.h"

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

static void
assert_load_fails (const char *text, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text, &error);

  g_assert_null (strategy);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, expected);
}

/* The rows of the dump of a strategy file's run over 2006-day-001.txt in
 * mode 1, its header first. */
static GStrv
dump_rows (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text, &error);
  g_autofree char *path = bk_test_data_file ("datas/2006-day-001.txt");

  g_assert_no_error (error);
  g_autofree char *dump = bk_test_run_dump (strategy, path, BK_MODE_MINIMAL, BK_PRECISION_F64, NULL);
  return g_strsplit (dump, "\n", -1);
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
  g_auto(GStrv) rows = dump_rows (text);
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
  g_assert_cmpuint (n, ==, 7);
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
  g_assert_true (build.has_rule[BK_RULE_BUY]);
  g_assert_true (build.has_rule[BK_RULE_SELL]);
  g_assert_cmpfloat (build.size.value, ==, 10);
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
  g_assert_cmpfloat (build.size.value, ==, 2.5);
  g_assert_true (build.has_rule[BK_RULE_BUY] && build.has_rule[BK_RULE_SELL]);

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
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (bk_strategy_new_from_file ("/nonexistent/x.ini", &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/x.ini: "));
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
  g_assert_nonnull (strategy);
}

/* A run holds its own reference to its strategy: the caller may drop
 * the strategy as soon as the run is made, and the run goes on (under
 * ASan a borrowed strategy would be a use after free). */
static void
test_run_holds_its_strategy (void)
{
  g_autoptr(GError) error = NULL;
  BkStrategy *strategy = bk_strategy_new_builtin ("sma-crossover", &error);

  g_assert_no_error (error);
  g_autoptr(BkStrategy) kept = bk_strategy_ref (strategy);
  g_autofree char *expected = run_generated (kept, BK_MODE_MINIMAL, 300, NULL);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  bk_strategy_unref (strategy);
  g_clear_pointer (&kept, bk_strategy_unref);

  g_assert_cmpstr (bk_strategy_get_id (bk_run_get_strategy (run)), ==, "sma-crossover");
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 300, SEED, FALSE);
  char *buffer = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buffer, &size);
  g_autoptr(BkDump) dump = bk_dump_new (run, out);
  bk_run_set_bar_func (run, bk_dump_write_bar, dump);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  fclose (out);
  g_autofree char *written = buffer;
  g_assert_cmpstr (written, ==, expected);
}

static void
build_text (const char *text, BkGraph *graph, BkStrategyBuild *build, BkStrategy **strategy_out)
{
  g_autoptr(GError) error = NULL;
  BkStrategy *strategy = load_text (text, &error);

  g_assert_no_error (error);
  g_assert_true (bk_strategy_build (strategy, graph, build, &error));
  g_assert_no_error (error);
  *strategy_out = strategy;
}

/* Every key of [rules] and [broker] for orders, read into the build and
 * the broker settings; a number stays a constant input. */
static void
test_order_keys_build (void)
{
  static const char text[] =
    "[indicator atr]\nexpr=ATR(period=14)\n"
    "[broker]\ncash=50000\ncommission=0.001\ncommission_per_unit=0.01\ncommission_min=5\n"
    "stamp_duty=0.0005\nlot=100\nslippage_percent=0.002\nslippage_fixed=0.5\ncheat_on_close=true\n"
    "[rules]\nbuy=close > atr\nsell=close < atr\nshort=close < open\ncover=close > open\n"
    "size=0.01 * value / atr\nentry=stoplimit\nentry_price=high + 1\nentry_limit=high + 2\nentry_valid=3\n"
    "take_profit=close + 4 * atr\ntrail_amount=2 * atr\n";
  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };
  g_autoptr(BkStrategy) strategy = NULL;

  build_text (text, graph, &build, &strategy);
  for (guint r = 0; r < BK_RULE_N; r++)
    {
      g_assert_true (build.has_rule[r]);
      g_assert_nonnull (build.rule[r].spec);
    }
  g_assert_nonnull (build.size.spec);
  g_assert_cmpint (build.entry, ==, BK_ENTRY_STOPLIMIT);
  g_assert_true (build.has_entry_price && build.entry_price.spec != NULL);
  g_assert_true (build.has_entry_limit && build.entry_limit.spec != NULL);
  g_assert_cmpuint (build.entry_valid, ==, 3);
  g_assert_false (build.has_stop_loss);
  g_assert_true (build.has_take_profit && build.has_trail_amount);
  g_assert_cmpfloat (build.trail_percent, ==, 0);
  g_assert_cmpuint (build.warmup, ==, 15);
  g_assert_nonnull (build.account);

  const BkBrokerSettings *broker = bk_strategy_get_broker_settings (strategy);
  g_assert_cmpfloat (broker->cash, ==, 50000);
  g_assert_cmpfloat (broker->commission, ==, 0.001);
  g_assert_cmpfloat (broker->commission_per_unit, ==, 0.01);
  g_assert_cmpfloat (broker->commission_min, ==, 5);
  g_assert_cmpfloat (broker->stamp_duty, ==, 0.0005);
  g_assert_cmpuint (broker->lot, ==, 100);
  g_assert_cmpfloat (broker->slippage_percent, ==, 0.002);
  g_assert_cmpfloat (broker->slippage_fixed, ==, 0.5);
  g_assert_true (broker->cheat_on_close);
  g_assert_false (broker->fractional);
  g_assert_cmpstr (bk_strategy_file_get_text (strategy, "size"), ==, "0.01 * value / atr");
  g_assert_cmpstr (bk_strategy_file_get_text (strategy, "short"), ==, "close < open");
  g_assert_null (bk_strategy_file_get_text (strategy, "stop_loss"));

  /* Numbers: constant inputs; the defaults where a key is left out. */
  static const char constants[] =
    "[rules]\nbuy=close > open\nsize=25\nentry=limit\nentry_price=100\nstop_loss=90\ntrail_percent=0.05\n"
    "[broker]\nfractional=true\n";
  g_autoptr(BkGraph) graph2 = bk_graph_new ();
  g_autoptr(GPtrArray) named2 = g_ptr_array_new ();
  BkStrategyBuild build2 = { .named = named2 };
  g_autoptr(BkStrategy) strategy2 = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_null (load_text (constants, &error));
  g_assert_cmpstr (error->message, ==, "s.ini:7:1: stop_loss and trail_percent cannot go together: "
                                       "a trailing stop takes the place of stop_loss; give one");
  build_text ("[rules]\nbuy=close > open\nsize=25\nentry=limit\nentry_price=100\nstop_loss=90\n"
              "[broker]\nfractional=true\n", graph2, &build2, &strategy2);
  g_assert_null (build2.size.spec);
  g_assert_cmpfloat (build2.size.value, ==, 25);
  g_assert_true (build2.has_entry_price && build2.entry_price.spec == NULL);
  g_assert_cmpfloat (build2.entry_price.value, ==, 100);
  g_assert_cmpfloat (build2.stop_loss.value, ==, 90);
  g_assert_false (build2.has_rule[BK_RULE_SELL] || build2.has_rule[BK_RULE_SHORT] || build2.has_rule[BK_RULE_COVER]);
  g_assert_cmpuint (build2.entry_valid, ==, 0);
  g_assert_cmpuint (build2.warmup, ==, 1);
  g_assert_null (build2.account);
  g_assert_true (bk_strategy_get_broker_settings (strategy2)->fractional);
  g_assert_cmpuint (bk_strategy_get_broker_settings (strategy2)->lot, ==, 1);
  g_assert_cmpfloat (bk_strategy_get_broker_settings (strategy2)->cash, ==, 10000);
}

/* position, position_price, cash, value and bars_held: the lines of one
 * account node, made when an expression reads one, not stepped, and
 * counted as every line is. */
static void
test_account_lines (void)
{
  static const char *const names[] = { "position", "position_price", "cash", "value", "bars_held" };
  g_autoptr(BkGraph) graph = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };
  g_autoptr(BkStrategy) strategy = NULL;
  g_autoptr(BkGraph) plain_graph = bk_graph_new ();
  g_autoptr(GPtrArray) plain_named = g_ptr_array_new ();
  BkStrategyBuild plain = { .named = plain_named };
  g_autoptr(BkStrategy) plain_strategy = NULL;

  build_text ("[rules]\nbuy=close > open and position == 0\nsell=bars_held[-2] > 5 or cash < value\n"
              "size=0.5 * cash / close\n", graph, &build, &strategy);
  build_text ("[rules]\nbuy=close > open\n", plain_graph, &plain, &plain_strategy);
  g_assert_null (plain.account);
  g_assert_nonnull (build.account);
  BkNode *account = build.account;
  g_assert_cmpstr (account->label, ==, "Account");
  g_assert_cmpint (account->role, ==, BK_ROLE_FEED);
  g_assert_true (account->parent == bk_graph_get_feed (graph));
  g_assert_cmpuint (account->n_outputs, ==, BK_ACCOUNT_N_LINES);
  for (guint i = 0; i < BK_ACCOUNT_N_LINES; i++)
    {
      g_assert_cmpstr (account->outputs[i]->name, ==, names[i]);
      g_assert_true (account->outputs[i]->owner == account);
      g_assert_cmpuint (account->outputs[i]->minperiod, ==, 1);
    }
  /* Each line's lookback is what its readers take: bars_held[-2] three. */
  g_assert_cmpuint (account->outputs[BK_ACCOUNT_BARS_HELD]->lookback, ==, 3);
  g_assert_cmpuint (account->outputs[BK_ACCOUNT_POSITION_PRICE]->lookback, ==, 0);
  g_assert_cmpuint (account->outputs[BK_ACCOUNT_CASH]->lookback, ==, 1);
  /* One node however many names are read; its five lines are the graph's. */
  guint accounts = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    accounts += g_strcmp0 (bk_graph_get_node (graph, i)->label, "Account") == 0;
  g_assert_cmpuint (accounts, ==, 1);
  g_assert_true (bk_line_spec_is_whole_in (account->outputs[0], BK_MODE_PLOT_SAVE_INTERNALS));
  g_assert_false (bk_line_spec_is_whole_in (account->outputs[0], BK_MODE_MINIMAL));
  /* Named in labels as written. */
  g_assert_cmpstr (build.rule[BK_RULE_BUY].spec->owner->label, ==, "(close > open) and (position == 0)");

  assert_load_fails ("[indicator cash]\nexpr=close\n",
                     "s.ini:1:12: indicator name 'cash' shadows the account's 'cash'");
  assert_load_fails ("[indicator x]\nlines=a;value\na=close\nvalue=close\n",
                     "s.ini:2:9: line name 'value' shadows the account's 'value'");
  assert_load_fails ("[rules]\nbuy=postion > 0\n", "s.ini:2:5: unknown name 'postion' (did you mean 'position'?)");
}

/* Rules are read once every named indicator has a value: backtrader's
 * minimum period of a strategy, which a rule's own x[-1] does not lengthen. */
static void
test_warmup (void)
{
  static const struct { const char *text; guint warmup; } cases[] = {
    { "[indicator macd]\nexpr=MACD()\n[indicator sma]\nexpr=SMA(period=50)\n"
      "[rules]\nbuy=CrossOver(macd, macd.signal) > 0\nsell=close < sma\n", 50 },
    { "[indicator macd]\nexpr=MACD()\n[rules]\nbuy=macd.signal[-20] > 0\n", 34 },
    { "[indicator a]\nlines=x;y\nx=close[-3]\ny=close\n[rules]\nbuy=a.x > 0\n", 4 },
    { "[rules]\nbuy=SMA(period=30) > close\n", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BkGraph) graph = bk_graph_new ();
      g_autoptr(GPtrArray) named = g_ptr_array_new ();
      BkStrategyBuild build = { .named = named };
      g_autoptr(BkStrategy) strategy = NULL;

      build_text (cases[i].text, graph, &build, &strategy);
      g_assert_cmpuint (build.warmup, ==, cases[i].warmup);
    }
}

/* Comparisons and logic with NaN as Python computes them on backtrader's
 * values: close / 0 is NaN on every bar, past every minimum period. */
static void
test_nan_semantics (void)
{
  static const char text[] =
    "[indicator z]\nexpr=close / 0\n"
    "[indicator t]\nlines=lt;ge;eq;ne;orr;orl;andd;nott\n"
    "lt=z < 1\nge=z >= 1\neq=z == z\nne=z != 1\norr=z or close > 0\norl=close < 0 or z\n"
    "andd=z and close > 0\nnott=not z\n"
    "[indicator u]\nlines=sum;folded\nsum=z + 1\n"
    "folded=(0/0 < 1) + 2 * (0/0 != 1) + 4 * (0/0 or 1) + 8 * (0/0 and 1) + 16 * (not 0/0) + 32 * (0/0 > 0 or 0/0)\n";
  g_auto(GStrv) rows = dump_rows (text);
  g_assert_cmpstr (rows[0], ==, "date,open,high,low,close,volume,z.z,t.lt,t.ge,t.eq,t.ne,t.orr,t.orl,t.andd,"
                                "t.nott,u.sum,u.folded");
  for (guint r = 1; rows[r] != NULL && *rows[r] != '\0'; r++)
    {
      const char *comma = rows[r];
      for (guint c = 0; c < 6; c++)
        comma = strchr (comma, ',') + 1;
      g_assert_cmpstr (comma, ==, ",0,0,0,1,1,0,0,1,,22");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strategy-files/memory-savings/same-as-builtin", test_memory_savings_file_matches_builtin);
  g_test_add_func ("/strategy-files/memory-savings/dump-columns", test_memory_savings_dump_columns);
  g_test_add_func ("/strategy-files/builtin/texts-are-data-files", test_builtin_texts_are_the_data_files);
  g_test_add_func ("/strategy-files/builtin/crossover-settings", test_crossover_settings);
  g_test_add_func ("/strategy-files/builtin/run-holds-its-strategy", test_run_holds_its_strategy);
  g_test_add_func ("/strategy-files/syntax/every-feature-builds", test_every_feature_builds);
  g_test_add_func ("/strategy-files/syntax/functions", test_functions);
  g_test_add_func ("/strategy-files/syntax/line-aliases", test_line_aliases);
  g_test_add_func ("/strategy-files/syntax/constant-parameters-fold", test_constants_fold_in_parameters);
  g_test_add_func ("/strategy-files/errors/found-at-open", test_load_reports_every_error_at_open);
  g_test_add_func ("/strategy-files/errors/missing-file", test_missing_file);
  g_test_add_func ("/strategy-files/syntax/columns-on-a-long-line", test_columns_on_a_long_line);
  g_test_add_func ("/strategy-files/errors/control-characters-escaped", test_control_characters_are_escaped);
  g_test_add_func ("/strategy-files/errors/escape-text", test_escape_text);
  g_test_add_func ("/strategy-files/errors/directory-says-why", test_directory_says_why);
  g_test_add_func ("/strategy-files/errors/corpus", test_corpus);
  g_test_add_func ("/strategy-files/oscillator-of-price-refused", test_oscillator_of_price_refused);
  g_test_add_func ("/strategy-files/orders/keys-build", test_order_keys_build);
  g_test_add_func ("/strategy-files/orders/account-lines", test_account_lines);
  g_test_add_func ("/strategy-files/orders/warmup", test_warmup);
  g_test_add_func ("/strategy-files/syntax/nan-semantics", test_nan_semantics);

  return g_test_run ();
}
