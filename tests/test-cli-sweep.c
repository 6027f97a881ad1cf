/* test-cli-sweep.c — `barkeep-cli sweep`: every combination's results are
 * those of a `run --mode 1` of its rewritten file, whatever --jobs and the
 * grid around it; the outputs; and bad input, one line each. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "test-cli-common.h"

static char *
source_file (const char *relative)
{
  return g_build_filename (g_getenv ("BARKEEP_SOURCE_DIR"), "tests", "data", relative, NULL);
}

/* The sweep's strategy: SMA(10) and SMA(30) of the close crossing. */
static char *strategy_path, *data_path;

static void
sweep_json (const char *jobs, const char *fast, const char *slow, JsonParser *parser, JsonArray **rows)
{
  g_auto(BkCliResult) r = { 0 };
  g_autofree char *fast_param = g_strdup_printf ("fast.period=%s", fast);
  g_autofree char *slow_param = g_strdup_printf ("slow.period=%s", slow);

  bk_cli_run (&r, "sweep", strategy_path, "--param", fast_param, "--param", slow_param, "--data", data_path,
              "--jobs", jobs, "--json", NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  *rows = json_node_get_array (json_parser_get_root (parser));
}

/* The row of a combination, by its parameters. */
static JsonObject *
find_row (JsonArray *rows, gint64 fast, gint64 slow)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonObject *params = json_object_get_object_member (row, "params");
      if (json_object_get_double_member (params, "fast.period") == fast
          && json_object_get_double_member (params, "slow.period") == slow)
        return row;
    }
  g_assert_not_reached ();
}

/* Every metric of `a` is `b`'s, to the bit. */
static void
assert_same_results (JsonObject *a, JsonObject *b)
{
  g_autoptr(GList) members = json_object_get_members (a);

  g_assert_cmpuint (g_list_length (members), ==, 11);
  for (GList *m = members; m != NULL; m = m->next)
    {
      JsonNode *x = json_object_get_member (a, m->data), *y = json_object_get_member (b, m->data);
      g_assert_nonnull (y);
      if (JSON_NODE_HOLDS_NULL (x))
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (y));
          continue;
        }
      if (json_node_get_value_type (x) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (x), ==, json_node_get_int (y));
      else
        {
          double u = json_node_get_double (x), v = json_node_get_double (y);
          g_assert_true (memcmp (&u, &v, sizeof u) == 0);
        }
    }
}

/* The results of a `run --mode 1` of the file with the two periods written
 * in, as a person would edit it. */
static JsonObject *
run_edited (gint64 fast_period, gint64 slow_period, JsonParser *parser)
{
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (strategy_path, &text, NULL, NULL));
  g_autofree char *fast = g_strdup_printf ("SMA(close, period=%" G_GINT64_FORMAT ")", fast_period);
  g_autofree char *slow = g_strdup_printf ("SMA(close, period=%" G_GINT64_FORMAT ")", slow_period);
  /* Both at once: a fast period of 30 is not the slow one's to replace. */
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *value = g_str_equal (lines[i], "expr=SMA(close, period=10)")   ? fast
                          : g_str_equal (lines[i], "expr=SMA(close, period=30)") ? slow
                                                                                 : NULL;
      if (value != NULL)
        {
          g_free (lines[i]);
          lines[i] = g_strconcat ("expr=", value, NULL);
        }
    }
  g_autofree char *edited = g_strjoinv ("\n", lines);
  g_assert_cmpstr (edited, !=, text);
  g_autofree char *path = write_input ("combination.ini", edited, -1);
  g_auto(BkCliResult) r = { 0 };
  bk_cli_run (&r, "run", path, "--mode", "1", "--data", data_path, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  return json_object_get_object_member (parse_json (parser, r.out), "results");
}

/* A 3 × 3 grid with one worker and with three: the same results; each
 * combination the results of a run of the file with its two numbers
 * written in, in mode 1; and a combination alone, out of the grid, the
 * same again. */
static void
test_sweep_same_as_run (void)
{
  g_autoptr(JsonParser) one = json_parser_new (), three = json_parser_new (), alone = json_parser_new ();
  JsonArray *rows_one, *rows_three, *rows_alone;
  static const gint64 fasts[] = { 5, 9, 13 }, slows[] = { 25, 26, 27 };

  sweep_json ("1", "5,9,13", "25:27", one, &rows_one);
  sweep_json ("3", "5:13:4", "25,26,27", three, &rows_three);
  sweep_json ("2", "9", "26", alone, &rows_alone);
  g_assert_cmpuint (json_array_get_length (rows_one), ==, 9);
  g_assert_cmpuint (json_array_get_length (rows_three), ==, 9);

  for (guint i = 0; i < G_N_ELEMENTS (fasts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (slows); j++)
      {
        JsonObject *a = json_object_get_object_member (find_row (rows_one, fasts[i], slows[j]), "results");
        JsonObject *b = json_object_get_object_member (find_row (rows_three, fasts[i], slows[j]), "results");
        assert_same_results (a, b);

        g_autoptr(JsonParser) parser = json_parser_new ();
        assert_same_results (a, run_edited (fasts[i], slows[j], parser));
        if (fasts[i] == 9 && slows[j] == 26)
          assert_same_results (json_object_get_object_member (find_row (rows_alone, 9, 26), "results"), a);
      }
}

/* Rules of every operation, warming up (NaN), looking back and dividing
 * by zero, whose steps a group of combinations computes on the lines
 * themselves: each combination, on one worker and on two, has the results
 * of a `run --mode 1` of its file. */
#define EVERY_OPERATION                                                                                    \
  "[indicator m]\nexpr=SMA(close, period=%d)\n\n[rules]\n"                                               \
  "buy=(close - m) / (m - m[-1]) > 0.5 and not (close <= m[-3]) or Abs(-(close * 2 - m)) >= "          \
  "Max(m, close) + Min(open, m[-1]) * 1.01\n"                                                                  \
  "sell=close != m and (close == close[-1] or m / 0 < 1) or close < m[-2] - 1 or (close + m) / 2 < m[-1] - 0.5\n" \
  "size=10\n"

static void
test_sweep_every_operation (void)
{
  g_autofree char *text = g_strdup_printf (EVERY_OPERATION, 5);
  g_autofree char *path = write_input ("operations.ini", text, -1);

  for (guint jobs = 1; jobs <= 2; jobs++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *jobs_text = g_strdup_printf ("%u", jobs);

      bk_cli_run (&r, "sweep", path, "--param", "m.period=3:6", "--data", data_path, "--jobs", jobs_text, "--json",
                  NULL);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (r.status, ==, 0);
      g_autoptr(GError) error = NULL;
      g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
      JsonArray *rows = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (rows), ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          gint period = (gint) json_object_get_double_member (json_object_get_object_member (row, "params"), "m.period");
          g_autofree char *edited = g_strdup_printf (EVERY_OPERATION, period);
          g_autofree char *edited_path = write_input ("operations-edited.ini", edited, -1);
          g_auto(BkCliResult) alone = { 0 };
          g_autoptr(JsonParser) alone_parser = json_parser_new ();

          bk_cli_run (&alone, "run", edited_path, "--mode", "1", "--data", data_path, "--json", NULL);
          g_assert_cmpint (alone.status, ==, 0);
          JsonObject *results = json_object_get_object_member (parse_json (alone_parser, alone.out), "results");
          g_assert_cmpint (json_object_get_int_member (results, "n_trades"), >, 100);
          assert_same_results (json_object_get_object_member (row, "results"), results);
        }
    }
}

/* Grids whose combinations share indicators (SMA(20) is a fast period in
 * some and a slow one in others; one SMA(30) for a whole row), cut into
 * groups differently by --jobs and by their size (past 128 combinations a
 * group is cut in two even on one worker): a combination in all of them
 * has the same results in each, those of a run of it alone. */
static void
test_sweep_shared_grids (void)
{
  static const struct {
    const char *jobs, *fast, *slow;
    guint n;
  } grids[] = {
    { "1", "10,20,30", "10,20,30", 9 },
    { "2", "20,30", "10:30:10", 6 },
    { "3", "5:30:5", "20,30", 12 },
    { "1", "1:40", "20,25,30,35", 160 },
    { "2", "1:40", "20,25,30,35", 160 },
  };
  static const gint64 common[][2] = { { 20, 30 }, { 30, 20 } };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *reference[G_N_ELEMENTS (common)];

  for (guint c = 0; c < G_N_ELEMENTS (common); c++)
    {
      g_autoptr(JsonParser) run = json_parser_new ();
      reference[c] = json_object_ref (run_edited (common[c][0], common[c][1], run));
    }
  for (guint g = 0; g < G_N_ELEMENTS (grids); g++)
    {
      JsonArray *rows;
      sweep_json (grids[g].jobs, grids[g].fast, grids[g].slow, parser, &rows);
      g_assert_cmpuint (json_array_get_length (rows), ==, grids[g].n);
      for (guint c = 0; c < G_N_ELEMENTS (common); c++)
        assert_same_results (json_object_get_object_member (find_row (rows, common[c][0], common[c][1]), "results"),
                             reference[c]);
    }
  for (guint c = 0; c < G_N_ELEMENTS (common); c++)
    json_object_unref (reference[c]);
}

/* --csv: the parameters named as given, then the metrics named as in
 * run --json; rows best first by --sort. */
static void
test_sweep_csv (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "sweep", strategy_path, "--param", "slow.period=25,30", "--param", "fast.period=8:10",
              "--data", data_path, "--csv", "--sort", "sharpe", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);   /* header, 6 rows, "" */
  g_assert_cmpstr (lines[0], ==,
                   "slow.period,fast.period,final_value,total_return,annual_return,sharpe,max_drawdown,"
                   "max_drawdown_bars,n_trades,win_rate,profit_factor,n_orders,rejected_orders");
  double previous = G_MAXDOUBLE;
  for (guint i = 1; i <= 6; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 13);
      double sharpe = g_ascii_strtod (cells[5], NULL);
      g_assert_cmpfloat (sharpe, <=, previous);
      previous = sharpe;
    }
}

/* The table: a title, the header and a row a combination, best first. */
static void
test_sweep_table (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "sweep", "sma-crossover", "--param", "sma.period=10:12", "--param", "rules.size=10,20",
              "--data", data_path, "--sort", "drawdown", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (strstr (r.out, "6 combinations in") != NULL);
  g_assert_true (strstr (r.out, "best first by max_drawdown") != NULL);
  g_assert_true (strstr (r.out, "sma.period  rules.size  final value  return  Sharpe  max drawdown") != NULL);
  g_assert_true (strstr (r.out, "Memory mode 1, one graph for each group of up to ") != NULL);
  g_assert_true (strstr (r.out, "cells shared by a group") != NULL);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
  /* Title, blank, header, six rows, blank, the note, "". */
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
}

static void
assert_fails_one_line (const BkCliResult *r, int status, const char *part)
{
  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->out, ==, "");
  if (strstr (r->err, part) == NULL)
    g_error ("'%s' not in: %s", part, r->err);
  if (status == 1)
    g_assert_cmpint (strchr (r->err, '\n') - r->err, ==, strlen (r->err) - 1);
}

static void
test_sweep_bad_parameters (void)
{
  static const struct {
    const char *param, *message;
  } cases[] = {
    { "fast.perod=5:6", "no parameter 'fast.perod' in " },
    { "fast.perod=5:6", "(did you mean 'fast.period'?)" },
    { "fast.period=10:5", "the range '10:5' is empty" },
    { "fast.period=a:b", "'a' is not a number" },
    { "fast.period=5,x", "'x' is not a number" },
    { "fast.period=5:10:0", "the step of '5:10:0' must be above 0" },
    { "fast.period=0:3", "sma-cross-fast-slow.ini:9:24: parameter 'period' of SMA must be a whole number from 1" },
    { "fast.period=2.5", "must be a whole number" },
    { "broker.commission=2", "sma-cross-fast-slow.ini:16:12: expected a fraction of traded value" },
    { "fast.period", "expected NAME=SPEC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, "sweep", strategy_path, "--param", cases[i].param, "--data", data_path, NULL);
      assert_fails_one_line (&r, 1, cases[i].message);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: --param "));
    }
}

/* A grid past 100,000 combinations says how many and how long, and waits
 * for --yes; one that would not fit under --max-memory is refused. */
static void
test_sweep_large_grids (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) m = { 0 };

  bk_cli_run (&r, "sweep", strategy_path, "--param", "fast.period=1:400", "--param", "slow.period=1:400",
              "--data", data_path, NULL);
  assert_fails_one_line (&r, 1, "a sweep of 160000 combinations would take about ");
  g_assert_true (strstr (r.err, "give --yes to run it") != NULL);

  bk_cli_run (&m, "sweep", strategy_path, "--param", "fast.period=1:300", "--param", "slow.period=1:300",
              "--data", data_path, "--max-memory", "2M", NULL);
  assert_fails_one_line (&m, 1, "combinations and the data would not fit under --max-memory 2.0");
}

static void
test_sweep_usage (void)
{
  static const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "sweep", "sma-crossover", NULL }, "sweep needs at least one --param" },
    { { "sweep", "--param", "sma.period=5", NULL }, "sweep needs a strategy" },
    { { "sweep", "sma-crossover", "--param", "sma.period=5", "--sort", "sharp" }, "(did you mean 'sharpe'?)" },
    { { "sweep", "sma-crossover", "--param", "sma.period=5", "--jobs", "-1" }, "--jobs must be 1 to 256" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      const char *argv[8] = { NULL };
      for (guint k = 0; k < 6 && cases[i].args[k] != NULL; k++)
        argv[k] = cases[i].args[k];
      bk_cli_run_argv (&r, NULL, argv);
      assert_fails_one_line (&r, 2, cases[i].message);
    }
  g_auto(BkCliResult) both = { 0 };
  bk_cli_run (&both, "sweep", "sma-crossover", "--param", "sma.period=5", "--json", "--csv", NULL);
  assert_fails_one_line (&both, 2, "--json and --csv");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("barkeep-cli-XXXXXX", NULL);
  strategy_path = source_file ("sma-cross-fast-slow.ini");
  data_path = source_file ("datas/yhoo-1996-2015.txt");

  g_test_add_func ("/cli/sweep/same-as-run", test_sweep_same_as_run);
  g_test_add_func ("/cli/sweep/shared-grids", test_sweep_shared_grids);
  g_test_add_func ("/cli/sweep/every-operation", test_sweep_every_operation);
  g_test_add_func ("/cli/sweep/csv", test_sweep_csv);
  g_test_add_func ("/cli/sweep/table", test_sweep_table);
  g_test_add_func ("/cli/sweep/bad-parameters", test_sweep_bad_parameters);
  g_test_add_func ("/cli/sweep/large-grids", test_sweep_large_grids);
  g_test_add_func ("/cli/sweep/usage", test_sweep_usage);

  int status = g_test_run ();
  g_autofree char *combination = g_build_filename (tmpdir, "combination.ini", NULL);
  g_unlink (combination);
  g_rmdir (tmpdir);
  g_free (strategy_path);
  g_free (data_path);
  return status;
}
