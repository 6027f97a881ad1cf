/* test-cli.c — barkeep-cli as a person uses it: exit status, output and
 * one-line errors naming file, line and column. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk-cli-test-util.h"
#include "test-cli-common.h"

static const char *last_line (const char *text, char *buf, gsize size)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && lines[n - 1][0] == '\0')
    n--;
  g_strlcpy (buf, n > 0 ? lines[n - 1] : "", size);
  return buf;
}

static void
test_run_default_sample (void)
{
  g_auto(BkCliResult) r = { 0 };
  char buf[256];

  bk_cli_run (&r, "run", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (last_line (r.out, buf, sizeof buf), "Total memory cells used: "));
  g_assert_nonnull (strstr (r.out, "4965 bars"));
}

static void
test_run_save_minus_values (void)
{
  static const char *const modes[] = { "0", "1", "-1", "-2" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *expect = g_strdup_printf ("^Memory mode: +%s \\(", modes[i]);

      bk_cli_run (&r, "run", "--save", modes[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_regex_match_simple (expect, r.out, G_REGEX_MULTILINE, 0));
    }
}

static void
test_run_lendetails (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--save", "1", "--lendetails", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "-- Evaluating Datas\n---- Data 0"));
  g_assert_nonnull (strstr (r.out, "-- Evaluating Indicators\n---- Indicator 0.0 sma SMA(30) Total Cells 4 - Cells per line (+3 kept inside) 1\n"));
  g_assert_nonnull (strstr (r.out, "-- Evaluating Observers\n---- Observer 0 Broker Total Cells 2"));
}

static void
test_run_json_parses (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  bk_cli_run (&r, "run", "--json", "--save", "-2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *memory = json_object_get_object_member (root, "memory");
  JsonObject *results = json_object_get_object_member (root, "results");
  g_assert_cmpint (json_object_get_int_member (root, "mode"), ==, -2);
  g_assert_cmpint (json_object_get_int_member (memory, "total_cells"), >, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "stats"), "bars"), ==, 4965);
  g_assert_true (json_object_has_member (results, "final_value"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (results, "trades")));
}

/* In mode 1 the newest --keep-trades orders and trades are kept, in
 * order; the counts and the analyzers are of all of them, and the summary
 * says what was dropped. */
static void
test_run_keep_trades (void)
{
  g_auto(BkCliResult) all = { 0 };
  g_auto(BkCliResult) kept = { 0 };
  g_auto(BkCliResult) summary = { 0 };
  g_autoptr(JsonParser) all_parser = json_parser_new ();
  g_autoptr(JsonParser) kept_parser = json_parser_new ();

  bk_cli_run (&all, "run", "sma-crossover", "--json", NULL);
  bk_cli_run (&kept, "run", "sma-crossover", "--json", "--mode", "1", "--keep-trades", "10", NULL);
  bk_cli_run (&summary, "run", "sma-crossover", "--mode", "1", "--keep-trades", "10", NULL);
  g_assert_cmpint (kept.status, ==, 0);
  g_assert_true (json_parser_load_from_data (all_parser, all.out, -1, NULL));
  g_assert_true (json_parser_load_from_data (kept_parser, kept.out, -1, NULL));
  JsonObject *a = json_object_get_object_member (json_node_get_object (json_parser_get_root (all_parser)), "results");
  JsonObject *k = json_object_get_object_member (json_node_get_object (json_parser_get_root (kept_parser)), "results");
  JsonArray *all_trades = json_object_get_array_member (a, "trades");
  JsonArray *kept_trades = json_object_get_array_member (k, "trades");
  guint n = json_array_get_length (all_trades);

  g_assert_cmpuint (n, >, 10);
  g_assert_cmpint (json_object_get_int_member (a, "dropped_trades"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (k, "n_trades"), ==, n);
  g_assert_cmpint (json_object_get_int_member (k, "dropped_trades"), ==, n - 10);
  g_assert_cmpuint (json_array_get_length (kept_trades), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (k, "orders")), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (k, "win_rate"), ==, json_object_get_double_member (a, "win_rate"));
  /* The kept ones are the last ten, oldest first. */
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (kept_trades, i), "pnlcomm"), ==,
                       json_object_get_double_member (json_array_get_object_element (all_trades, n - 10 + i), "pnlcomm"));
  g_assert_nonnull (strstr (summary.out, "History:"));
  /* The analyzers are running aggregates: the same whatever was kept. */
  g_autofree char *analyzers_all = json_to_string (json_object_get_member (a, "analyzers"), FALSE);
  g_autofree char *analyzers_kept = json_to_string (json_object_get_member (k, "analyzers"), FALSE);
  g_assert_cmpstr (analyzers_kept, ==, analyzers_all);
}

/* results.analyzers: backtrader's analyses of the run, its Sharpe ratio
 * the results' own; the summary has them. */
static void
test_run_analyzers (void)
{
  g_auto(BkCliResult) json = { 0 };
  g_auto(BkCliResult) summary = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&json, "run", "sma-crossover", "--json", NULL);
  bk_cli_run (&summary, "run", "sma-crossover", NULL);
  JsonObject *results = json_object_get_object_member (parse_json (parser, json.out), "results");
  JsonObject *analyzers = json_object_get_object_member (results, "analyzers");
  JsonObject *trades = json_object_get_object_member (analyzers, "trades");

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (trades, "total"), "closed"), ==,
                   json_object_get_int_member (results, "n_trades"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (trades, "won"), "total"), ==,
                   json_object_get_int_member (results, "n_won"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (analyzers, "sharpe"), "sharperatio"),
                     ==, json_object_get_double_member (results, "sharpe"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (analyzers, "annual_return")), ==, 20);
  g_assert_nonnull (strstr (summary.out, "Won and lost:"));
  g_assert_nonnull (strstr (summary.out, "SQN:"));
  g_assert_nonnull (strstr (summary.out, "Exposure:"));
  g_assert_nonnull (strstr (summary.out, "Returns 2011–2015:"));
}

static void
test_run_dump_to_stdout (void)
{
  g_auto(BkCliResult) r = { 0 };
  char buf[256];

  bk_cli_run (&r, "run", "--dump", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "date,open,high,low,close,volume,sma.sma,stoch.percK,stoch.percD,"
                                          "rsi.rsi,macd.macd,macd.signal,cci.cci,testind.a,testind.b\n"));
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4965 + 2);
  /* The summary goes to stderr so that stdout is pure CSV. */
  g_assert_true (g_str_has_prefix (last_line (r.err, buf, sizeof buf), "Total memory cells used: "));
}

static void
test_run_dump_file_identical_across_modes (void)
{
  g_autofree char *first = NULL;

  for (guint i = 0; i < 4; i++)
    {
      static const char *const modes[] = { "0", "1", "-1", "-2" };
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *path = g_build_filename (tmpdir, "dump.csv", NULL);
      g_autofree char *contents = NULL;

      bk_cli_run (&r, "run", "--save", modes[i], "--dump", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      if (first == NULL)
        first = g_steal_pointer (&contents);
      else
        g_assert_cmpstr (contents, ==, first);
      g_unlink (path);
    }
}

static void
test_experiment_table (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "experiment", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Keep everything"));
  g_assert_nonnull (strstr (r.out, "Minimal memory"));
  g_assert_nonnull (strstr (r.out, "Plot, save internals"));
  g_assert_nonnull (strstr (r.out, "Plot, save unplotted too"));
}

/* barkeep-cli loads json-glib and GIO when a command first calls them
 * (bk-cli-lazy.c): the experiment, which writes text, loads neither, and
 * `run --json` loads json-glib (its output is the other tests'). */
static void
test_libraries_loaded_when_needed (void)
{
  g_auto(BkCliResult) text = { 0 };
  g_auto(BkCliResult) json = { 0 };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LD_DEBUG", "files", TRUE);

  bk_cli_run_argv (&text, envp, (const char *const[]) { "experiment", NULL });
  g_assert_cmpint (text.status, ==, 0);
  if (strstr (text.err, "libglib-2.0.so") == NULL)
    {
      g_test_skip ("the dynamic loader does not list what it loads (LD_DEBUG)");
      return;
    }
  g_assert_null (strstr (text.err, "libjson-glib"));
  g_assert_null (strstr (text.err, "libgio"));
  g_assert_null (strstr (text.err, "libgobject"));
  bk_cli_run_argv (&json, envp, (const char *const[]) { "run", "--json", NULL });
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.err, "libjson-glib"));
  g_assert_true (g_str_has_prefix (json.out, "{\"strategy\":"));
}

/* compare: the four modes' totals are those of `run --save M --json`, each
 * mode's final value and trades too, and they are identical. */
static void
test_compare_equals_run (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  bk_cli_run (&r, "compare", "sma-crossover", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  JsonObject *compare = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "compare");
  g_assert_true (json_object_get_boolean_member (compare, "identical"));
  JsonArray *modes = json_object_get_array_member (compare, "modes");
  g_assert_cmpuint (json_array_get_length (modes), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *mode = json_array_get_object_element (modes, i);
      g_autofree char *save = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (mode, "mode"));
      g_auto(BkCliResult) one = { 0 };
      g_autoptr(JsonParser) run_parser = json_parser_new ();

      bk_cli_run (&one, "run", "sma-crossover", "--save", save, "--json", NULL);
      g_assert_cmpint (one.status, ==, 0);
      g_assert_true (json_parser_load_from_data (run_parser, one.out, -1, &error));
      JsonObject *run = json_node_get_object (json_parser_get_root (run_parser));
      JsonObject *results = json_object_get_object_member (run, "results");
      g_assert_cmpint (json_object_get_int_member (mode, "cells"), ==,
                       json_object_get_int_member (json_object_get_object_member (run, "memory"), "total_cells"));
      g_assert_cmpfloat (json_object_get_double_member (mode, "final_value"), ==,
                         json_object_get_double_member (results, "final_value"));
      g_assert_cmpint (json_object_get_int_member (mode, "trades"), ==, json_object_get_int_member (results, "n_trades"));
      g_assert_cmpint (json_object_get_int_member (mode, "trades"), >, 0);
    }

  g_auto(BkCliResult) table = { 0 };
  bk_cli_run (&table, "compare", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Identical in all four modes"));
  g_assert_nonnull (strstr (table.out, "Minimal memory"));
}

static void
test_usage_errors_exit_2 (void)
{
  static const char *const cases[][4] = {
    { "run", "--no-such-option", NULL },
    { "run", "--save", "3", NULL },
    { "run", "--precision", "f16", NULL },
    { "frobnicate", NULL },
    { "run", "--json", "--dump", "-" },
    { "run", "--keep-trades", "0", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
      g_assert_nonnull (strstr (r.err, "Usage:"));
      g_assert_cmpstr (r.out, ==, "");
    }
}

/* --max-memory bounds the buffer plan when the strategy loads (and, in
 * mode 1, all that the run keeps). */
static void
test_max_memory_refuses_strategy (void)
{
  g_autofree char *path = write_input ("two-smas.ini",
                                       "[indicator a]\nexpr=SMA(close, period=1000)\n"
                                       "[indicator b]\nexpr=SMA(close, period=1000)\n", -1);
  g_auto(BkCliResult) refused = { 0 };
  g_auto(BkCliResult) allowed = { 0 };
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:2:6: the strategy needs ", path);

  bk_cli_run (&refused, "check", path, "--max-memory", "4K", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_true (g_str_has_prefix (refused.err, expect));
  g_assert_nonnull (strstr (refused.err, "more than the limit of 512 cells"));
  bk_cli_run (&allowed, "run", path, "--max-memory", "1M", "--mode", "1", NULL);
  g_assert_cmpint (allowed.status, ==, 0);
  g_unlink (path);
}

static void
test_run_strategy_file_trades (void)
{
  g_autofree char *path = write_input ("cross.ini",
                                       "[indicator sma]\nexpr=SMA(close, period=15)\n"
                                       "[broker]\ncash=100000\ncommission=0.001\n"
                                       "[rules]\nbuy=CrossOver(close, sma) > 0\nsell=CrossOver(close, sma) < 0\nsize=10\n", -1);
  g_auto(BkCliResult) file = { 0 };
  g_auto(BkCliResult) builtin = { 0 };

  bk_cli_run (&file, "run", path, "--json", NULL);
  bk_cli_run (&builtin, "run", "sma-crossover", "--json", NULL);
  g_assert_cmpint (file.status, ==, 0);
  g_assert_nonnull (strstr (file.out, "\"trades\":[{\"long\":true,\"size\":10,\"opened\":"));
  /* The same rules give the same results block as the built-in file. */
  g_assert_cmpstr (strstr (file.out, "\"results\":"), ==, strstr (builtin.out, "\"results\":"));
}

static void
test_indicators_lists_library (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "indicators", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "SMA(close, period=30) -> sma\n"));
  g_assert_nonnull (strstr (r.out, "BollingerBands(close, period=20, devfactor=2) -> mid, top, bot\n"));
  g_assert_nonnull (strstr (r.out, "CrossOver("));
  /* As in backtrader, one input left out is close. */
  g_assert_nonnull (strstr (r.out, "Highest(close, period=14) -> highest\n"));
  g_assert_nonnull (strstr (r.out, "Highest(period=14) is the highest close"));
  /* One by its name or an alias, with its formula; an unknown one suggests. */
  g_auto(BkCliResult) one = { 0 };
  bk_cli_run (&one, "indicators", "PercPriceOsc", NULL);
  g_assert_cmpint (one.status, ==, 0);
  g_assert_true (g_str_has_prefix (one.out, "PPO(close, period1=12, period2=26, period_signal=9) -> ppo, signal, histo\n"));
  g_assert_nonnull (strstr (one.out, "\n      histo = ppo - signal\n"));
  g_assert_null (strstr (one.out, "SMA("));
  g_auto(BkCliResult) unknown = { 0 };
  bk_cli_run (&unknown, "indicators", "SMAA", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_cmpstr (unknown.err, ==, "barkeep-cli: unknown indicator 'SMAA' (did you mean 'SMA'?)\n");
  g_auto(BkCliResult) two = { 0 };
  bk_cli_run (&two, "indicators", "SMA", "EMA", NULL);
  g_assert_cmpint (two.status, ==, 2);
  /* A formula is shown as it is written; Oscillator takes an indicator. */
  g_assert_nonnull (strstr (r.out, "\n      ppo = 100.0 * (ma1 - ma2) / ma2\n"));
  g_assert_nonnull (strstr (r.out, "Oscillator(indicator) -> osc\n"));
}

/* ---- usage ---------------------------------------------------------------- */

static void
test_usage_error_prints_command_usage (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--no-such-option", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "barkeep-cli run [STRATEGY]"));
  g_assert_null (strstr (r.err, "barkeep-cli experiment"));
  g_assert_null (strstr (r.err, "barkeep-cli gen"));
}

static void
test_bench_help (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "bench", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "barkeep-cli bench csv FILE"));
  g_assert_nonnull (strstr (r.out, "barkeep-cli bench stream"));
  g_assert_nonnull (strstr (r.out, "barkeep-cli bench experiment"));
}

static void
test_stray_arguments_refused (void)
{
  static const char *const commands[] = { "strategies", "models" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *usage = g_strdup_printf ("barkeep-cli %s\n", commands[i]);

      bk_cli_run (&r, commands[i], "extra", NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_nonnull (strstr (r.err, "'extra'"));
      g_assert_nonnull (strstr (r.err, usage));
    }
}

static void
test_unknown_strategy_suggests (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "sma-crosover", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "(did you mean 'sma-crossover'?)"));
  g_assert_nonnull (strstr (r.err, "memory-savings, sma-crossover, rsi-reversion, macd-signal, ichimoku-cloud"));
  g_assert_true (strchr (r.err, '\n')[1] == '\0');
}

static void
test_unknown_strategy_lists_builtins (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", "zzzz", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_null (strstr (r.err, "did you mean"));
  g_assert_nonnull (strstr (r.err, "memory-savings, sma-crossover, rsi-reversion, macd-signal, ichimoku-cloud"));
}

static void
test_max_memory_parses_sizes (void)
{
  static const char *const good[] = { "512M", "2G", "1.5G", "1048576", "64KiB", "3gb" };
  static const char *const bad[] = { "", "0", "12X", "-1G", "G", "1.5.2M", "99999999999T", "nan" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, "check", "sma-crossover", "--max-memory", good[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *expect = g_strdup_printf ("--max-memory must be a size such as 512M or 2G, not '%s'", bad[i]);
      bk_cli_run (&r, "run", "--max-memory", bad[i], NULL);
      g_test_message ("%s -> %s", bad[i], r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, expect));
      g_assert_nonnull (strstr (r.err, "barkeep-cli run [STRATEGY]"));
    }
}

/* ---- too short for the indicators -------------------------------------- */

static char *
write_short_sample (guint bars)
{
  g_autofree char *path = g_build_filename (tmpdir, "short.csv", NULL);
  g_autofree char *count = g_strdup_printf ("%u", bars);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "gen", "sample", "--bars", count, "--output", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&path);
}

static void
test_run_too_short_says_no_values (void)
{
  g_autofree char *path = write_short_sample (14);   /* SMA(15) needs 15 */
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&r, "run", "sma-crossover", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "No indicator produced a value: the data has 14 bars and the indicators need at least 15."));
  bk_cli_run (&json, "run", "sma-crossover", "--data", path, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  JsonObject *results = json_object_get_object_member (parse_json (parser, json.out), "results");
  g_assert_true (json_object_get_boolean_member (results, "no_values"));
  g_assert_nonnull (strstr (json_object_get_string_member (results, "values_message"), "No indicator produced a value"));
  g_unlink (path);
}

static void
test_run_long_enough_has_values (void)
{
  g_autofree char *path = write_short_sample (15);
  g_auto(BkCliResult) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&json, "run", "sma-crossover", "--data", path, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  JsonObject *results = json_object_get_object_member (parse_json (parser, json.out), "results");
  g_assert_false (json_object_get_boolean_member (results, "no_values"));
  g_assert_false (json_object_has_member (results, "values_message"));
  g_unlink (path);
}

static void
test_run_some_indicators_without_values (void)
{
  g_autofree char *path = write_short_sample (20);
  g_auto(BkCliResult) r = { 0 };

  /* TestInd's a = close - high has a value from the first bar; the
   * others need more than 20. */
  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Too few bars for a value from sma (needs 30)"));
  g_assert_null (strstr (r.out, "No indicator produced a value"));
  g_unlink (path);
}

/* ---- tables padded by display width ------------------------------------ */

static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      width += g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
    }
  return width;
}

/* Every line of a table whose last column is right-aligned ends in the
 * same column. */
static void
assert_lines_same_width (char **lines, guint first, guint n)
{
  guint width = display_width (lines[first]);

  for (guint i = first + 1; i < first + n; i++)
    {
      g_test_message ("%s", lines[i]);
      g_assert_cmpuint (display_width (lines[i]), ==, width);
    }
}

static void
test_experiment_table_aligns_chinese (void)
{
  g_auto(BkCliResult) r = { 0 };

  if (!chinese_available ())
    {
      g_test_skip ("no zh_CN.UTF-8 locale");
      return;
    }
  bk_cli_run_zh (&r, "experiment", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  /* Title, blank line, header and four modes. */
  g_assert_cmpuint (g_strv_length (lines), >=, 7);
  g_assert_true (has_wide (lines[2]));
  assert_lines_same_width (lines, 2, 5);
}

/* Every indicator's summary in Chinese too. */
static void
test_indicators_in_chinese (void)
{
  g_auto(BkCliResult) r = { 0 };

  if (!chinese_available ())
    {
      g_test_skip ("no zh_CN.UTF-8 locale");
      return;
    }
  bk_cli_run_zh (&r, "indicators", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "SMA(close, period=30) -> sma\n    简单移动平均："));
  g_assert_nonnull (strstr (r.out, "抛物线转向指标"));
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  guint summaries = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "    ") && !g_str_has_prefix (lines[i], "      "))
      {
        summaries++;
        if (!has_wide (lines[i]))
          g_error ("a summary left in English: %s", lines[i]);
      }
  g_assert_cmpuint (summaries, >=, 90);
}

static void
test_check_table_aligns_chinese (void)
{
  g_auto(BkCliResult) r = { 0 };

  if (!chinese_available ())
    {
      g_test_skip ("no zh_CN.UTF-8 locale");
      return;
    }
  bk_cli_run_zh (&r, "check", "sma-crossover", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  guint n = 0;
  while (lines[2 + n] != NULL && lines[2 + n][0] != '\0')
    n++;
  g_assert_cmpuint (n, >, 10);
  g_assert_true (has_wide (lines[2]));
  assert_lines_same_width (lines, 2, n);
}

static void
test_summary_labels_align (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  gint value_column = -1;

  bk_cli_run (&r, "run", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  /* Every row but backtrader's last line: the value starts in one column. */
  for (guint i = 0; lines[i] != NULL && !g_str_has_prefix (lines[i], "Total memory cells used:"); i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_assert_nonnull (colon);
      const char *value = colon + 1;
      while (*value == ' ')
        value++;
      g_autofree char *label = g_strndup (lines[i], value - lines[i]);
      if (value_column < 0)
        value_column = display_width (label);
      g_assert_cmpint (display_width (label), ==, value_column);
    }
}

/* --- Models and generated universes (issue 10) ---------------------------- */

static void
test_models_lists_builtins (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "models", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_regex_match_simple ("^model +name +horizon +features$", r.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^seed-features +Seed features \\(windows 20 and 50\\) +5 +"
                                       "ret20, ret50, vol20, vol50, dist20, dist50, rsi14, volratio20, range20$",
                                       r.out, G_REGEX_MULTILINE, 0));

  g_auto(BkCliResult) extra = { 0 };
  bk_cli_run (&extra, "models", "seed-features", NULL);
  g_assert_cmpint (extra.status, ==, 2);
}

static void
test_check_model_file (void)
{
  g_autofree char *model = g_build_filename (g_getenv ("BARKEEP_SOURCE_DIR"), "data", "models",
                                             "seed-features.ini", NULL);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", model, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Seed features (windows 20 and 50) (seed-features): valid; 10 named indicators"));

  g_autofree char *path = write_input ("bad-model.ini",
                                       "[model]\nfeatures=ret20, ret2\nhorizon=5\n"
                                       "[indicator ret20]\nexpr=ROC(close, period=20)\n", -1);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:2:17: unknown feature 'ret2': "
                                             "the file has no [indicator ret2] (did you mean 'ret20'?)\n", path);
  g_auto(BkCliResult) bad = { 0 };
  bk_cli_run (&bad, "check", path, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_cmpstr (bad.err, ==, expect);
  g_unlink (path);
}

/* ---- what a newcomer tripped on ------------------------------------------ */

/* --mode is the window's name for the memory mode; --save stays as its
 * older name, everywhere --save was taken. */
static void
test_mode_accepted_where_save_is (void)
{
  static const char *const modes[] = { "0", "1", "-1", "-2" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_auto(BkCliResult) by_mode = { 0 };
      g_auto(BkCliResult) by_save = { 0 };

      bk_cli_run (&by_mode, "run", "--mode", modes[i], "--json", NULL);
      bk_cli_run (&by_save, "run", "--save", modes[i], "--json", NULL);
      g_assert_cmpint (by_mode.status, ==, 0);
      g_assert_cmpint (by_save.status, ==, 0);
      g_autofree char *mode_field = g_strdup_printf ("\"mode\":%s,", modes[i]);
      g_assert_nonnull (strstr (by_mode.out, mode_field));
      g_assert_nonnull (strstr (by_save.out, mode_field));
    }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "run", "-m", "-2", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_regex_match_simple ("^Memory mode: +-2 \\(", r.out, G_REGEX_MULTILINE, 0));
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "bench", "stream", "--bars", "10000", "--mode", "-1", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "mode -1 ("));
  }
  {
    /* bench stream takes any strategy; a wrong one is one line. */
    g_auto(BkCliResult) r = { 0 };
    g_auto(BkCliResult) wrong = { 0 };
    bk_cli_run (&r, "bench", "stream", "--bars", "10000", "--strategy", "long-short", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "long-short"));
    g_assert_null (strstr (r.out, "memory-savings"));
    bk_cli_run (&wrong, "bench", "stream", "--bars", "10000", "--strategy", "long-shrot", NULL);
    g_assert_cmpint (wrong.status, ==, 1);
    g_assert_cmpstr (wrong.out, ==, "");
    g_assert_nonnull (strstr (wrong.err, "'long-shrot'"));
    g_assert_true (strchr (wrong.err, '\n')[1] == '\0');
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "run", "--mode", "3", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: --mode must be 0, 1, -1 or -2, not '3'\n"));
  }
}

/* The usage names --mode; --save shows only in a command's help, as the
 * older name. */
static void
test_mode_is_the_documented_name (void)
{
  g_auto(BkCliResult) usage = { 0 };
  g_auto(BkCliResult) help = { 0 };

  bk_cli_run (&usage, "--help", NULL);
  g_assert_cmpint (usage.status, ==, 0);
  g_assert_nonnull (strstr (usage.out, "barkeep-cli run [STRATEGY] [--data FILE] [--lenient] [--mode 0|1|-1|-2]"));
  g_assert_null (strstr (usage.out, "--save"));
  bk_cli_run (&help, "run", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_cmpstr (help.err, ==, "");
  g_assert_true (g_regex_match_simple ("^  -m, --mode=0\\|1\\|-1\\|-2 +Memory mode", help.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^  -s, --save=0\\|1\\|-1\\|-2 +The older name of --mode$", help.out,
                                       G_REGEX_MULTILINE, 0));
}

static void
assert_usage_error (const char *expect, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(BkCliResult) r = { 0 };
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  bk_cli_run_argv (&r, NULL, (const char *const *) argv->pdata);
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_nonnull (strstr (r.err, "\nUsage:\n"));
}

/* Unknown commands and options suggest the closest, as strategy names do. */
static void
test_unknown_names_suggest_closest (void)
{
  assert_usage_error ("barkeep-cli: unknown command 'rn' (did you mean 'run'?)\n", "rn", NULL);
  assert_usage_error ("barkeep-cli: unknown command 'modles' (did you mean 'models'?)\n", "modles", NULL);
  assert_usage_error ("barkeep-cli: unknown command 'frobnicate'\n", "frobnicate", NULL);
  assert_usage_error ("barkeep-cli: unknown bench command 'strem' (did you mean 'stream'?)\n", "bench", "strem", NULL);
  assert_usage_error ("barkeep-cli: unknown gen command 'smaple' (did you mean 'sample'?)\n", "gen", "smaple", NULL);
  assert_usage_error ("barkeep-cli: unknown option '--sav' (did you mean '--save'?)\n", "run", "--sav", "1", NULL);
  assert_usage_error ("barkeep-cli: unknown option '--mdoe' (did you mean '--mode'?)\n", "universe", "x", "--mdoe=1", NULL);
  assert_usage_error ("barkeep-cli: unknown option '--jsno' (did you mean '--json'?)\n", "compare", "--jsno", NULL);
  /* An option's value is not taken for an option. */
  assert_usage_error ("barkeep-cli: unknown option '--lenint' (did you mean '--lenient'?)\n",
                      "run", "--dump", "--x", "--lenint", NULL);
  assert_usage_error ("barkeep-cli: unknown option '--zzzzzz'\n", "check", "--zzzzzz", NULL);
}

/* A price file given as the strategy says what it is and what to type. */
static void
test_price_file_as_strategy (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "prices-as-strategy.csv", NULL);
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) run = { 0 };
  g_auto(BkCliResult) compare = { 0 };
  g_auto(BkCliResult) check = { 0 };

  bk_cli_run (&gen, "gen", "sample", "--bars", "40", "--output", path, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s: this looks like price data, not a strategy; "
                                             "use --data %s\n", path, path);
  bk_cli_run (&run, "run", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, expect);
  bk_cli_run (&compare, "compare", path, NULL);
  g_assert_cmpint (compare.status, ==, 1);
  g_assert_cmpstr (compare.err, ==, expect);
  bk_cli_run (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.err, "this looks like price data, not a strategy"));
  g_assert_null (strstr (check.err, "--data"));
  g_unlink (path);
}

/* One bar: counts in the singular, and no yearly return to speak of. */
static void
test_one_bar_reads_right (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "one-bar.csv", NULL);
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&gen, "gen", "sample", "--bars", "1", "--output", path, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "nan"));
  g_assert_true (g_regex_match_simple ("^Data: +.*one-bar\\.csv — 1 bar in ", r.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Return: +0\\.00% total, n/a a year; ", r.out, G_REGEX_MULTILINE, 0));
  g_unlink (path);
}

/* The synopses in the top-level usage are those of each command's help
 * and usage errors: one table writes them all. */
static void
test_usage_from_one_table (void)
{
  static const char *const commands[][2] = {
    { "run", NULL }, { "experiment", NULL }, { "compare", NULL }, { "gen", "sample" }, { "gen", "universe" },
    { "universe", NULL }, { "merge", NULL }, { "bench", "experiment" }, { "bench", "stream" }, { "bench", "csv" },
    { "bench", "universe" }, { "check", NULL }, { "indicators", NULL }, { "strategies", NULL }, { "models", NULL },
  };
  g_auto(BkCliResult) usage = { 0 };

  bk_cli_run (&usage, "--help", NULL);
  g_assert_cmpint (usage.status, ==, 0);
  g_assert_nonnull (strstr (usage.out, "[--lenient]"));
  g_assert_nonnull (strstr (usage.out, "[--max-memory SIZE]"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(BkCliResult) help = { 0 };
      g_auto(BkCliResult) error = { 0 };

      bk_cli_run (&help, commands[i][0], commands[i][1] != NULL ? commands[i][1] : "--help",
                  commands[i][1] != NULL ? "--help" : NULL, NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_cmpstr (help.err, ==, "");
      /* Usage:, the synopsis (maybe on several lines), a blank line, what
       * the command does, a blank line, its options. */
      g_auto(GStrv) parts = g_strsplit (help.out, "\n\n", -1);
      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      g_assert_true (g_str_has_prefix (parts[0], "Usage:\n  barkeep-cli "));
      g_assert_cmpuint (strlen (parts[1]), >, 20);
      g_assert_true (g_str_has_prefix (parts[2], "Options:\n"));
      g_assert_nonnull (strstr (parts[2], "  -h, --help"));
      const char *synopsis = parts[0] + strlen ("Usage:\n");
      g_autofree char *line = g_strconcat (synopsis, "\n", NULL);
      g_assert_nonnull (strstr (usage.out, line));

      /* A usage error shows the same synopsis. */
      bk_cli_run (&error, commands[i][0], commands[i][1] != NULL ? commands[i][1] : "--no-such-option",
                  commands[i][1] != NULL ? "--no-such-option" : NULL, NULL);
      g_assert_cmpint (error.status, ==, 2);
      g_assert_nonnull (strstr (error.err, line));
    }
}

static void
test_group_help_lists_every_command (void)
{
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) universe = { 0 };

  bk_cli_run (&gen, "gen", "--help", NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_assert_nonnull (strstr (gen.out, "barkeep-cli gen sample"));
  g_assert_nonnull (strstr (gen.out, "barkeep-cli gen universe"));
  bk_cli_run (&universe, "universe", "--help", NULL);
  g_assert_nonnull (strstr (universe.out, "(normal, the default)"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("barkeep-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/run/default-sample", test_run_default_sample);
  g_test_add_func ("/cli/run/save-accepts-negative-modes", test_run_save_minus_values);
  g_test_add_func ("/cli/run/lendetails", test_run_lendetails);
  g_test_add_func ("/cli/run/json-parses", test_run_json_parses);
  g_test_add_func ("/cli/run/keep-trades", test_run_keep_trades);
  g_test_add_func ("/cli/run/analyzers", test_run_analyzers);
  g_test_add_func ("/cli/run/dump-to-stdout", test_run_dump_to_stdout);
  g_test_add_func ("/cli/run/dump-identical-across-modes", test_run_dump_file_identical_across_modes);
  g_test_add_func ("/cli/experiment/table", test_experiment_table);
  g_test_add_func ("/cli/start/libraries-loaded-when-needed", test_libraries_loaded_when_needed);
  g_test_add_func ("/cli/compare/equals-run", test_compare_equals_run);
  g_test_add_func ("/cli/usage/errors-exit-2", test_usage_errors_exit_2);
  g_test_add_func ("/cli/usage/max-memory-refuses-strategy", test_max_memory_refuses_strategy);
  g_test_add_func ("/cli/run/strategy-file-trades", test_run_strategy_file_trades);
  g_test_add_func ("/cli/indicators/lists-library", test_indicators_lists_library);
  g_test_add_func ("/cli/usage/command-usage", test_usage_error_prints_command_usage);
  g_test_add_func ("/cli/usage/bench-help", test_bench_help);
  g_test_add_func ("/cli/usage/stray-arguments-refused", test_stray_arguments_refused);
  g_test_add_func ("/cli/usage/max-memory-sizes", test_max_memory_parses_sizes);
  g_test_add_func ("/cli/strategy/unknown-suggests-closest", test_unknown_strategy_suggests);
  g_test_add_func ("/cli/strategy/unknown-lists-builtins", test_unknown_strategy_lists_builtins);
  g_test_add_func ("/cli/values/too-short-says-no-values", test_run_too_short_says_no_values);
  g_test_add_func ("/cli/values/long-enough-has-values", test_run_long_enough_has_values);
  g_test_add_func ("/cli/values/some-indicators-without-values", test_run_some_indicators_without_values);
  g_test_add_func ("/cli/tables/summary-labels-align", test_summary_labels_align);
  g_test_add_func ("/cli/tables/experiment-aligns-chinese", test_experiment_table_aligns_chinese);
  g_test_add_func ("/cli/tables/check-aligns-chinese", test_check_table_aligns_chinese);
  g_test_add_func ("/cli/indicators/chinese", test_indicators_in_chinese);
  g_test_add_func ("/cli/models/lists-builtins", test_models_lists_builtins);
  g_test_add_func ("/cli/models/check-model-file", test_check_model_file);
  g_test_add_func ("/cli/usage/mode-accepted-where-save-is", test_mode_accepted_where_save_is);
  g_test_add_func ("/cli/usage/mode-is-the-documented-name", test_mode_is_the_documented_name);
  g_test_add_func ("/cli/usage/unknown-names-suggest-closest", test_unknown_names_suggest_closest);
  g_test_add_func ("/cli/usage/from-one-table", test_usage_from_one_table);
  g_test_add_func ("/cli/usage/group-help-lists-every-command", test_group_help_lists_every_command);
  g_test_add_func ("/cli/strategy/price-file-says-use-data", test_price_file_as_strategy);
  g_test_add_func ("/cli/values/one-bar-reads-right", test_one_bar_reads_right);

  int status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
