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

static char *tmpdir;

static char *
write_input (const char *name, const char *contents, gssize length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

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
test_gen_is_deterministic (void)
{
  g_auto(BkCliResult) a = { 0 };
  g_auto(BkCliResult) b = { 0 };

  bk_cli_run (&a, "gen", "sample", "--bars", "300", NULL);
  bk_cli_run (&b, "gen", "sample", "--bars", "300", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_true (g_str_has_prefix (a.out, "Date,Open,High,Low,Close,Volume,OpenInterest\n1996-04-12,"));
  g_auto(GStrv) lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 302);
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

static gboolean
has_wide (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iswide (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
chinese_available (void)
{
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    return FALSE;
  setlocale (LC_ALL, "");
  return TRUE;
}

/* Each bad file: exit 1, nothing on stdout, no dump left behind, and one
 * line naming file:line:column and the problem. */
static void
check_bad_input (const char *name, const char *contents, gssize length, const char *where, const char *problem)
{
  g_autofree char *path = write_input (name, contents, length);
  g_autofree char *dump = g_build_filename (tmpdir, "bad-dump.csv", NULL);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:%s: ", path, where);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--data", path, "--dump", dump, "--save", "1", NULL);
  g_test_message ("%s -> %s", name, r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_nonnull (strstr (r.err, problem));
  g_assert_true (g_str_has_suffix (r.err, "\n"));
  g_assert_null (strchr (r.err, '\n') + 1 == r.err + strlen (r.err) ? NULL : "more than one line");
  g_assert_false (g_file_test (dump, G_FILE_TEST_EXISTS));

  /* In Chinese: the same position, the problem in Chinese, one line. */
  g_auto(BkCliResult) zh = { 0 };
  if (!chinese_available ())
    {
      g_test_message ("no zh_CN.UTF-8 locale: the Chinese message is not checked");
      g_unlink (path);
      return;
    }
  bk_cli_run_zh (&zh, "run", "--data", path, "--save", "1", NULL);
  g_test_message ("zh_CN: %s", zh.err);
  g_assert_cmpint (zh.status, ==, 1);
  g_assert_cmpstr (zh.out, ==, "");
  g_assert_true (g_str_has_prefix (zh.err, expect));
  g_assert_true (g_str_has_suffix (zh.err, "\n") && strchr (zh.err, '\n') == zh.err + strlen (zh.err) - 1);
  g_assert_true (has_wide (zh.err + strlen (expect)));
  g_unlink (path);
}

#define HEADER "Date,Open,High,Low,Close,Volume,OpenInterest\n"

static void
test_bad_input_empty (void)
{
  check_bad_input ("empty.csv", "", 0, "1:1", "empty file");
}

static void
test_bad_input_header_only (void)
{
  check_bad_input ("header.csv", HEADER, -1, "2:1", "no data rows");
}

static void
test_bad_input_no_close (void)
{
  check_bad_input ("noclose.csv", "Date,Open,High,Low,Volume\n2001-01-02,1,2,0.5,100\n", -1, "1:1", "close");
}

static void
test_bad_input_not_a_number (void)
{
  check_bad_input ("nonnumeric.csv", HEADER "2001-01-02,1,2,0.5,1.5,100,0\n2001-01-03,1,abc,0.5,1.5,100,0\n", -1,
                   "3:14", "abc");
}

static void
test_bad_input_nan (void)
{
  check_bad_input ("nan.csv", HEADER "2001-01-02,1,2,0.5,nan,100,0\n", -1, "2:20", "nan");
}

static void
test_bad_input_dates_out_of_order (void)
{
  /* Oldest-first, then a step back: not a newest-first file either. */
  check_bad_input ("order.csv", HEADER "2001-01-02,1,2,0.5,1.5,100,0\n2001-01-04,1,2,0.5,1.5,100,0\n"
                   "2001-01-03,1,2,0.5,1.5,100,0\n", -1, "4:1", "earlier");
}

static void
test_bad_input_dates_repeated (void)
{
  check_bad_input ("repeat.csv", HEADER "2001-01-02,1,2,0.5,1.5,100,0\n2001-01-02,1,2,0.5,1.5,100,0\n", -1,
                   "3:1", "repeats");
}

static void
test_bad_input_huge_field (void)
{
  g_autofree char *field = g_strnfill (10000, '9');
  g_autofree char *text = g_strdup_printf (HEADER "2001-01-02,1,2,0.5,%s,100,0\n", field);

  check_bad_input ("huge.csv", text, -1, "2:20", "longer than");
}

static void
test_bad_input_truncated_last_line (void)
{
  check_bad_input ("truncated.csv", HEADER "2001-01-02,1,2,0.5,1.5,100,0\n2001-01-03,1,2", -1, "3:15", "expected 7 fields, found 3");
}

static void
test_bad_input_binary_junk (void)
{
  static const char junk[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\xff\xfe\n\x00\x01\x02";

  check_bad_input ("junk.csv", junk, sizeof junk - 1, "1:8", "not a text file: NUL byte");
}

static void
test_bad_input_high_below_low (void)
{
  check_bad_input ("highlow.csv", HEADER "2001-01-02,1,2,0.5,1.5,100,0\n2001-01-03,1,0.9,1.1,1,100,0\n", -1,
                   "3:14", "high 0.9 is below low 1.1");
}

static void
test_bad_input_negative_price (void)
{
  check_bad_input ("negative.csv", HEADER "2001-01-02,1,2,-0.5,1.5,100,0\n", -1, "2:16", "not positive");
}

static void
test_bad_input_mixed_stamps (void)
{
  check_bad_input ("mixed.csv", HEADER "2001-01-02 09:30,1,2,0.5,1.5,100,0\n2001-01-03,1,2,0.5,1.5,100,0\n", -1,
                   "3:1", "a date without a time of day");
}

static void
test_bad_input_not_ohlc (void)
{
  check_bad_input ("bidask.csv", "TIMESTAMP,BID,ASK\n02/03/2010 16:53:50,0.5346,0.5347\n", -1, "1:1",
                   "not OHLC: found columns 'TIMESTAMP', 'BID', 'ASK'; need open, high, low, close");
}

static void
test_bad_input_not_text (void)
{
  check_bad_input ("gbk-junk.csv", HEADER "2001-01-02,1,2,\xFF\x80,1.5,100,0\n", -1, "2:16",
                   "neither UTF-8 nor GB18030");
}

static void
test_bad_input_control_characters_escaped (void)
{
  check_bad_input ("escape.csv", HEADER "2001-01-02,1\r9,2,0.5,1.5,100,0\n", -1, "2:13",
                   "carriage return in the middle of a line");
  check_bad_input ("escape2.csv", HEADER "2001-01-02,1\x1b[2J,2,0.5,1.5,100,0\n", -1, "2:12",
                   "got '1\\x1B[2J'");
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
test_bad_input_missing_file (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autofree char *path = g_build_filename (tmpdir, "no-such-file.csv", NULL);

  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r.err, path));
}

static void
test_check_prints_every_line (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", "sma-crossover", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "SMA crossover (sma-crossover): valid;"));
  g_assert_true (g_regex_match_simple ("^Data 0\\.close +15 +1 +whole +ring 15 +whole +whole$", r.out,
                                          G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (r.out, "In mode 1 the strategy keeps "));
}

static void
test_check_reports_position (void)
{
  g_autofree char *path = write_input ("typo.ini", "[indicator fast]\nexpr=SMA(close, perod=5)\n", -1);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:2:17: ", path);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_nonnull (strstr (r.err, "(did you mean 'period'?)"));
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
  g_assert_nonnull (strstr (file.out, "\"trades\":[{\"open\":"));
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

/* ---- where dumps and generated files go ---------------------------- */

typedef struct {
  char *path;
  char *contents;
} FifoReader;

static gpointer
read_fifo_thread (gpointer data)
{
  FifoReader *reader = data;

  /* Blocks until a writer opens the FIFO; ends at the writer's close. */
  g_assert_true (g_file_get_contents (reader->path, &reader->contents, NULL, NULL));
  return NULL;
}

/* Runs barkeep-cli writing to a FIFO that a thread reads; returns what
 * the thread read. */
static char *
run_into_fifo (BkCliResult *r, const char *name, const char *option, const char *first, const char *second)
{
  g_autofree char *fifo = g_build_filename (tmpdir, name, NULL);
  FifoReader reader = { .path = fifo };
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  GThread *thread = g_thread_new ("fifo-reader", read_fifo_thread, &reader);
  bk_cli_run (r, first, second, option, fifo, NULL);
  /* Had the CLI never opened the FIFO, the reader would wait for ever:
   * open it for writing once, which ends its read either way. */
  int fd = open (fifo, O_WRONLY | O_NONBLOCK);
  if (fd >= 0)
    close (fd);
  g_thread_join (thread);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_unlink (fifo);
  return reader.contents;
}

static void
test_dump_to_fifo (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) stdout_dump = { 0 };
  g_autofree char *contents = run_into_fifo (&r, "dump.fifo", "--dump", "run", "--save=1");

  g_assert_cmpint (r.status, ==, 0);
  bk_cli_run (&stdout_dump, "run", "--save=1", "--dump", "-", NULL);
  g_assert_cmpstr (contents, ==, stdout_dump.out);
}

static void
test_gen_output_to_fifo (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) to_stdout = { 0 };
  g_autofree char *contents = run_into_fifo (&r, "gen.fifo", "--output", "gen", "sample");

  g_assert_cmpint (r.status, ==, 0);
  bk_cli_run (&to_stdout, "gen", "sample", NULL);
  g_assert_cmpstr (contents, ==, to_stdout.out);
}

static void
test_dump_to_dev_null (void)
{
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  bk_cli_run (&r, "run", "--dump", "/dev/null", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

static void
test_dump_through_symlink_keeps_link (void)
{
  g_autofree char *target = write_input ("link-target.csv", "old\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "link.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link_text = NULL;
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  g_assert_cmpint (symlink ("link-target.csv", link), ==, 0);
  bk_cli_run (&r, "run", "--dump", link, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link, NULL);
  g_assert_cmpstr (link_text, ==, "link-target.csv");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "date,open,high,low,close,volume,"));
  g_unlink (link);
  g_unlink (target);
}

/* Runs `first second option PATH` under umask 022 and returns the mode of
 * the new file. */
static guint
mode_of_new_file (const char *name, const char *option, const char *first, const char *second)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_auto(BkCliResult) r = { 0 };
  struct stat st;
  mode_t saved = umask (022);

  bk_cli_run (&r, first, second, option, path, NULL);
  umask (saved);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_unlink (path);
  return st.st_mode & 07777;
}

static void
test_dump_respects_umask (void)
{
  g_assert_cmpuint (mode_of_new_file ("umask-dump.csv", "--dump", "run", "--save=1"), ==, 0644);
}

static void
test_gen_output_respects_umask (void)
{
  g_assert_cmpuint (mode_of_new_file ("umask-gen.csv", "--output", "gen", "sample"), ==, 0644);
}

static void
test_dump_replacing_keeps_mode (void)
{
  g_autofree char *path = write_input ("private-dump.csv", "old\n", -1);
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  bk_cli_run (&r, "run", "--dump", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 1000);
  g_unlink (path);
}

static void
test_dump_unwritable_fails_one_line (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such-dir", "dump.csv", NULL);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s: ", path);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--dump", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_true (g_str_has_suffix (r.err, "\n"));
  g_assert_null (strchr (r.err, '\n')[1] == '\0' ? NULL : "more than one line");
}

/* ---- numbers in dumps -------------------------------------------------- */

static void
test_dump_numbers_shortest (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--dump", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The sample's first bar, as gen wrote it, and no %.17g tails. */
  g_assert_nonnull (strstr (r.out, "\n1996-04-12,39.94,40.17,39.83,39.93,1195929,"));
  g_assert_null (strstr (r.out, "39.939999999999998"));
}

static void
test_dump_numbers_round_trip (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  bk_cli_run (&r, "run", "--dump", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      for (guint j = 1; fields[j] != NULL; j++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          if (fields[j][0] == '\0')
            continue;
          double value = g_ascii_strtod (fields[j], NULL);
          /* Shortest: one digit fewer would not read back as the same. */
          g_ascii_formatd (buf, sizeof buf, "%.17g", value);
          g_assert_cmpfloat (g_ascii_strtod (buf, NULL), ==, value);
          g_assert_cmpuint (strlen (fields[j]), <=, strlen (buf));
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 4965 * 5);
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

/* ---- what the reader found -------------------------------------------- */

static JsonObject *
parse_json (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_run_json_describes_data (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&r, "run", "--json", "--lenient", NULL);
  g_assert_cmpint (r.status, ==, 0);
  JsonObject *stats = json_object_get_object_member (parse_json (parser, r.out), "stats");
  JsonObject *data = json_object_get_object_member (stats, "data");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (data, "path"), "sample.csv"));
  g_assert_cmpstr (json_object_get_string_member (data, "encoding"), ==, "UTF-8");
  g_assert_false (json_object_get_boolean_member (data, "reversed"));
  g_assert_false (json_object_get_boolean_member (data, "headerless"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "skipped_lines")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (data, "warnings"), ==, 0);
  g_assert_true (json_object_get_null_member (data, "first_warning"));
}

static void
test_run_summary_plain_data_line (void)
{
  g_auto(BkCliResult) r = { 0 };

  /* A clean UTF-8 file: no encoding, reversal, skipped lines or warnings. */
  bk_cli_run (&r, "run", "--lenient", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Data: +\\S*sample\\.csv — 4965 bars in [0-9.]+ ms$", r.out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_null (strstr (r.out, "Warnings:"));
}

static void
test_run_lenient_counts_warnings (void)
{
  g_autofree char *path = write_input ("lenient.csv",
                                       HEADER "2001-01-02,1,2,0.5,1.5,100,0\n"
                                       "2001-01-03,1,0.5,2,1.5,100,0\n"
                                       "2001-01-04,1,2,0.5,1.5,100,0\n", -1);
  g_auto(BkCliResult) strict = { 0 };
  g_auto(BkCliResult) lenient = { 0 };
  g_auto(BkCliResult) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&strict, "run", "--data", path, NULL);
  g_assert_cmpint (strict.status, ==, 1);
  bk_cli_run (&lenient, "run", "--data", path, "--lenient", NULL);
  g_assert_cmpint (lenient.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Warnings: +1 bar failed a sanity check \\(first: .*lenient\\.csv:3:", lenient.out,
                                       G_REGEX_MULTILINE, 0));
  bk_cli_run (&json, "run", "--data", path, "--lenient", "--json", NULL);
  JsonObject *data = json_object_get_object_member (json_object_get_object_member (parse_json (parser, json.out), "stats"), "data");
  g_assert_cmpint (json_object_get_int_member (data, "warnings"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (data, "first_warning"), "lenient.csv:3:"));
  g_unlink (path);
}

static void
test_run_reports_skipped_lines (void)
{
  g_autofree char *path = write_input ("titled.csv",
                                       "600000 浦发银行 日线 前复权\n" HEADER
                                       "2001-01-02,1,2,0.5,1.5,100,0\n"
                                       "2001-01-03,1,2,0.5,1.5,100,0\n"
                                       "数据来源:通达信\n", -1);
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Data: .*titled\\.csv — 2 bars in [0-9.]+ ms, 2 lines skipped \\(1, 5\\)$",
                                       r.out, G_REGEX_MULTILINE, 0));
  bk_cli_run (&json, "run", "--data", path, "--json", NULL);
  JsonObject *data = json_object_get_object_member (json_object_get_object_member (parse_json (parser, json.out), "stats"), "data");
  JsonArray *skipped = json_object_get_array_member (data, "skipped_lines");
  g_assert_cmpuint (json_array_get_length (skipped), ==, 2);
  g_assert_cmpint (json_array_get_int_element (skipped, 0), ==, 1);
  g_assert_cmpint (json_array_get_int_element (skipped, 1), ==, 5);
  g_unlink (path);
}

static void
test_run_reports_encoding (void)
{
  /* "日期,开盘,最高,最低,收盘,成交量" in GB18030. */
  g_autoptr(GError) error = NULL;
  const char *utf8 = "日期,开盘,最高,最低,收盘,成交量\n2023-01-03,9.97,10.1,9.9,10.05,1000\n2023-01-04,10,10.2,9.95,10.1,1200\n";
  gsize length = 0;
  g_autofree char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_autofree char *path = write_input ("gb18030.csv", gb, length);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Data: .*gb18030\\.csv — 2 bars in [0-9.]+ ms, GB18030$",
                                       r.out, G_REGEX_MULTILINE, 0));
  g_unlink (path);
}

static void
test_data_error_is_one_line (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--data", "/nonexistent.csv", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: /nonexistent.csv"));
  g_assert_true (strchr (r.err, '\n')[1] == '\0');
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

static char *
read_file_or_fail (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in `dir`, sorted. */
static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_rmdir (dir);
}

static void
gen_universe_into (const char *dir, const char *symbols, const char *bars, const char *seed)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "gen", "universe", "--symbols", symbols, "--bars", bars, "--seed", seed, "--output", dir, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  /* Success says what was written. */
  g_autofree char *said = g_strdup_printf ("Wrote %s symbols of %s daily %s each to %s\n", symbols, bars,
                                           g_str_equal (bars, "1") ? "bar" : "bars", dir);
  g_assert_cmpstr (r.out, ==, said);
}

static void
test_gen_universe_deterministic (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "universe-a", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "universe-b", "nested", NULL);
  g_autofree char *b_parent = g_path_get_dirname (b);
  g_autofree char *c = g_build_filename (tmpdir, "universe-c", NULL);

  gen_universe_into (a, "12", "300", "7");
  gen_universe_into (b, "12", "300", "7");   /* the folder and its parent are made */
  gen_universe_into (c, "12", "300", "8");

  g_autoptr(GPtrArray) names = list_dir (a);
  g_assert_cmpuint (names->len, ==, 12);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "S0001.csv");
  g_assert_cmpstr (g_ptr_array_index (names, 9), ==, "S0010.csv");
  g_assert_cmpstr (g_ptr_array_index (names, 11), ==, "S0012.csv");

  /* With --force, existing files are replaced whole, leaving nothing
   * else behind. */
  g_autofree char *first = g_build_filename (b, "S0001.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(BkCliResult) forced = { 0 };
  g_assert_true (g_file_set_contents (first, "stale\n", -1, &error));
  bk_cli_run (&forced, "gen", "universe", "--symbols", "12", "--bars", "300", "--seed", "7", "--output", b, "--force",
              NULL);
  g_assert_cmpint (forced.status, ==, 0);
  g_autoptr(GPtrArray) names_b = list_dir (b);
  g_assert_cmpuint (names_b->len, ==, 12);

  guint differ = 0;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      g_autofree char *pc = g_build_filename (c, name, NULL);
      g_autofree char *ta = read_file_or_fail (pa);
      g_autofree char *tb = read_file_or_fail (pb);
      g_autofree char *tc = read_file_or_fail (pc);
      g_assert_cmpstr (ta, ==, tb);
      differ += g_strcmp0 (ta, tc) != 0;
      /* Each symbol its own walk. */
      if (i > 0)
        {
          g_autofree char *previous_path = g_build_filename (a, g_ptr_array_index (names, i - 1), NULL);
          g_autofree char *previous = read_file_or_fail (previous_path);
          g_assert_cmpstr (strchr (ta, '\n'), !=, strchr (previous, '\n'));
        }
    }
  g_assert_cmpuint (differ, ==, 12);

  /* More symbols: wider names, still in numeric order. */
  g_autofree char *wide = g_build_filename (tmpdir, "universe-wide", NULL);
  gen_universe_into (wide, "10000", "1", "7");
  g_autoptr(GPtrArray) wide_names = list_dir (wide);
  g_assert_cmpuint (wide_names->len, ==, 10000);
  g_assert_cmpstr (g_ptr_array_index (wide_names, 0), ==, "S00001.csv");
  g_assert_cmpstr (g_ptr_array_index (wide_names, 9999), ==, "S10000.csv");

  remove_tree (a);
  remove_tree (b);
  g_rmdir (b_parent);
  remove_tree (c);
  remove_tree (wide);
}

static gint64
parse_cents (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpuint (strlen (parts[1]), ==, 2);
  return g_ascii_strtoll (parts[0], NULL, 10) * 100 + g_ascii_strtoll (parts[1], NULL, 10);
}

/* Yahoo format, weekdays in order, whole cents, valid bars, positive
 * volumes; and barkeep-cli reads every file back. */
static void
test_gen_universe_valid (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-valid", NULL);

  gen_universe_into (dir, "5", "2000", "1");
  g_autoptr(GPtrArray) names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 5);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *text = read_file_or_fail (path);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autoptr(GDate) previous = NULL;

      g_assert_cmpuint (g_strv_length (lines), ==, 2002);
      g_assert_cmpstr (lines[0], ==, "Date,Open,High,Low,Close,Adj Close,Volume");
      g_assert_cmpstr (lines[2001], ==, "");
      for (guint j = 1; j <= 2000; j++)
        {
          g_auto(GStrv) f = g_strsplit (lines[j], ",", -1);
          g_assert_cmpuint (g_strv_length (f), ==, 7);
          g_autoptr(GDate) date = g_date_new ();
          g_date_set_parse (date, f[0]);
          g_assert_true (g_date_valid (date));
          g_assert_cmpint (g_date_get_weekday (date), <=, G_DATE_FRIDAY);
          g_assert_true (previous == NULL || g_date_compare (previous, date) < 0);
          g_clear_pointer (&previous, g_date_free);
          previous = g_steal_pointer (&date);

          gint64 open = parse_cents (f[1]), high = parse_cents (f[2]), low = parse_cents (f[3]);
          gint64 close = parse_cents (f[4]), adjusted = parse_cents (f[5]);
          g_assert_cmpint (low, >, 0);
          g_assert_cmpint (high, >=, MAX (open, close));
          g_assert_cmpint (low, <=, MIN (open, close));
          g_assert_cmpint (adjusted, ==, close);
          g_assert_cmpint (g_ascii_strtoll (f[6], NULL, 10), >, 0);
        }

      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, "run", "sma-crossover", "--data", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "2000 bars"));
    }
  remove_tree (dir);
}

static void
test_gen_universe_usage (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-usage", NULL);
  static const char *const cases[][5] = {
    { "--symbols", "3", NULL },
    { "--symbols", "0", "--output", "OUT" },
    { "--bars", "0", "--output", "OUT" },
    { "--bars", "1000001", "--output", "OUT" },
    { "--output", "OUT", "stray", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      const char *args[4];
      for (guint k = 0; k < 4; k++)
        args[k] = g_strcmp0 (cases[i][k], "OUT") == 0 ? dir : cases[i][k];
      bk_cli_run (&r, "gen", "universe", args[0], args[1], args[2], args[3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
      g_assert_nonnull (strstr (r.err, "barkeep-cli gen universe [--symbols N]"));
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    }

  /* A file where the folder should be: one line, exit 1. */
  g_autofree char *file = write_input ("universe-file", "x", -1);
  g_autofree char *inside = g_build_filename (file, "sub", NULL);
  g_auto(BkCliResult) r = { 0 };
  bk_cli_run (&r, "gen", "universe", "--symbols", "2", "--output", inside, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r.err, inside));
  g_assert_cmpuint (strlen (strchr (r.err, '\n')), ==, 1);
  g_unlink (file);
}

/* ---- output that cannot be written ------------------------------------ */

static void
assert_one_line_error (const BkCliResult *r, const char *part)
{
  g_test_message ("status %d, stderr: %s", r->status, r->err);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r->err, part));
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_true (strchr (r->err, '\n')[1] == '\0');
}

/* Standard output on a full disk: every command fails with one line that
 * says why, instead of leaving half its output and exit 0. */
static void
test_stdout_full_disk_fails (void)
{
  static const char *const commands[] = {
    "run --json", "run", "run --dump -", "run --lendetails", "strategies", "models", "indicators",
    "indicators SMA", "gen sample", "check sma-crossover", "--help", "--version",
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *script = g_strdup_printf ("exec \"$0\" %s > /dev/full", commands[i]);
      const char *argv[] = { "/bin/sh", "-c", script, g_getenv ("BARKEEP_CLI"), NULL };
      g_auto(BkCliResult) r = { 0 };

      g_test_message ("barkeep-cli %s > /dev/full", commands[i]);
      bk_cli_spawn (&r, NULL, argv);
      assert_one_line_error (&r, "standard output");
      g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));
    }
}

/* --dump over the price data or the strategy the run reads: refused, by
 * the file itself (a symlink to it too), and the file is left as it was. */
static void
test_dump_refuses_its_inputs (void)
{
  g_auto(BkCliResult) gen = { 0 };
  bk_cli_run (&gen, "gen", "sample", "--bars", "300", NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_autofree char *data = write_input ("own-data.csv", gen.out, -1);
  g_autofree char *strategy = write_input ("own.ini", "[indicator fast]\nexpr=SMA(close, 5)\n[rules]\nbuy=close > fast\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "own-data-link.csv", NULL);
  g_assert_cmpint (symlink ("own-data.csv", link), ==, 0);
  const char *targets[] = { data, link, strategy };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *data_after = NULL, *strategy_after = NULL;

      bk_cli_run (&r, "run", strategy, "--data", data, "--dump", targets[i], NULL);
      assert_one_line_error (&r, targets[i]);
      g_assert_true (g_file_get_contents (data, &data_after, NULL, NULL));
      g_assert_cmpstr (data_after, ==, gen.out);
      g_assert_true (g_file_get_contents (strategy, &strategy_after, NULL, NULL));
      g_assert_true (g_str_has_prefix (strategy_after, "[indicator fast]\n"));
    }
  g_unlink (link);
  g_unlink (data);
  g_unlink (strategy);
}

/* gen universe writes over nothing unless --force: the files already
 * there are left as they were, and no file is written. */
static void
test_gen_universe_refuses_existing (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-existing", NULL);
  g_autofree char *second = g_build_filename (dir, "S0002.csv", NULL);
  g_autofree char *first = g_build_filename (dir, "S0001.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) forced = { 0 };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (second, "mine\n", -1, NULL));
  bk_cli_run (&r, "gen", "universe", "--symbols", "3", "--bars", "20", "--output", dir, NULL);
  assert_one_line_error (&r, second);
  g_assert_nonnull (strstr (r.err, "--force"));
  g_assert_true (g_file_get_contents (second, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine\n");
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  bk_cli_run (&forced, "gen", "universe", "--symbols", "3", "--bars", "20", "--output", dir, "--force", NULL);
  g_assert_cmpint (forced.status, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (second, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "Date,"));
  g_autoptr(GPtrArray) names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 3);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* universe --stats writes as --dump does: through a symlink the link
 * stays, a 0600 file stays 0600, a FIFO stays a FIFO. */
static void
test_universe_stats_written_like_dump (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-stats", NULL);
  g_autofree char *target = write_input ("stats-target.stats", "old\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "stats-link.stats", NULL);
  g_autofree char *private = write_input ("private.stats", "old\n", -1);
  g_autofree char *link_text = NULL, *contents = NULL;
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) fifo_r = { 0 };
  struct stat st;

  bk_cli_run (&gen, "gen", "universe", "--symbols", "3", "--bars", "60", "--output", dir, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_assert_cmpint (symlink ("stats-target.stats", link), ==, 0);
  g_assert_cmpint (g_chmod (private, 0600), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(BkCliResult) one = { 0 };
      bk_cli_run (&one, "universe", dir, "--stats", i == 0 ? link : private, NULL);
      g_assert_cmpint (one.status, ==, 0);
    }
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link, NULL);
  g_assert_cmpstr (link_text, ==, "stats-target.stats");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, !=, "old\n");
  g_assert_cmpint (g_stat (private, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 100);

  g_autofree char *from_fifo = run_into_fifo (&fifo_r, "stats.fifo", "--stats", "universe", dir);
  g_assert_cmpint (fifo_r.status, ==, 0);
  g_assert_cmpstr (from_fifo, ==, contents);

  g_autoptr(GPtrArray) names = list_dir (dir);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_unlink (link);
  g_unlink (target);
  g_unlink (private);
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
      g_autofree char *expect = g_strdup_printf ("^Memory mode: +%s \\(", modes[i]);

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

static void
test_check_counts_in_the_singular (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", "sma-crossover", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^SMA crossover \\(sma-crossover\\): valid; 1 named indicator, [0-9]+ nodes, "
                                       "[0-9]+ lines$", r.out, G_REGEX_MULTILINE, 0));
}

/* One late row near the start of an oldest-first file is reported where
 * it is, and the file is not called newest-first. */
static void
test_late_row_in_oldest_first_file (void)
{
  g_autofree char *path = write_input ("late-row.csv",
                                       "Date,Open,High,Low,Close,Volume\n"
                                       "2001-01-03,1,1,1,1,10\n"
                                       "2001-01-02,1,1,1,1,10\n"
                                       "2001-01-04,1,1,1,1,10\n"
                                       "2001-01-05,1,1,1,1,10\n"
                                       "2001-01-08,1,1,1,1,10\n", -1);
  g_autofree char *newest = write_input ("newest-late-end.csv",
                                         "Date,Open,High,Low,Close,Volume\n"
                                         "2001-01-08,1,1,1,1,10\n"
                                         "2001-01-05,1,1,1,1,10\n"
                                         "2001-01-04,1,1,1,1,10\n"
                                         "2001-01-02,1,1,1,1,10\n"
                                         "2001-01-03,1,1,1,1,10\n", -1);
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) n = { 0 };

  bk_cli_run (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:3:1: date 2001-01-02 is earlier than the previous "
                                             "bar's 2001-01-03\n", path);
  g_assert_cmpstr (r.err, ==, expect);
  /* A newest-first file with its last two lines swapped stays newest-first. */
  bk_cli_run (&n, "run", "--data", newest, NULL);
  g_assert_cmpint (n.status, ==, 1);
  g_autofree char *expect_newest = g_strdup_printf ("barkeep-cli: %s:5:1: date 2001-01-02 is earlier than the next "
                                                    "line's 2001-01-03 in this newest-first file\n", newest);
  g_assert_cmpstr (n.err, ==, expect_newest);
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

/* A mode 0 run past --max-memory stops at the bar `check` says is one too
 * many, with one line naming the limit, exit 1 and no dump left behind;
 * mode 1 under the same limit runs to the end. */
static char *
generated_minutes (const char *name, const char *bars)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_auto(BkCliResult) gen = { 0 };

  bk_cli_run (&gen, "gen", "sample", "--bars", bars, "--interval", "minute", "--output", path, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  return path;
}

static void
test_max_memory_stops_mode0 (void)
{
  g_autofree char *data = generated_minutes ("budget-bars.csv", "60000");
  g_autofree char *dump = g_build_filename (tmpdir, "budget-dump.csv", NULL);
  g_auto(BkCliResult) check = { 0 };
  g_auto(BkCliResult) stopped = { 0 };
  g_auto(BkCliResult) streamed = { 0 };

  bk_cli_run (&check, "check", "memory-savings", "--max-memory", "8M", NULL);
  g_assert_cmpint (check.status, ==, 0);
  const char *line = strstr (check.out, "  mode 0: up to ");
  g_assert_nonnull (line);
  guint64 fit = g_ascii_strtoull (line + strlen ("  mode 0: up to "), NULL, 10);
  g_assert_cmpuint (fit, >, 0);
  g_assert_cmpuint (fit, <, 60000);
  g_assert_nonnull (strstr (check.out, "  mode 1: any number of bars\n"));

  bk_cli_run (&stopped, "run", "--data", data, "--mode", "0", "--max-memory", "8M", "--dump", dump, NULL);
  /* Sizes as g_format_size writes them, with a no-break space. */
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: run stopped at bar %" G_GUINT64_FORMAT ": the lines "
                                             "kept need more than the memory limit of 8.0\xc2\xa0MiB (--max-memory); "
                                             "use mode 1 or -1, or raise the limit\n", fit + 1);
  g_assert_cmpint (stopped.status, ==, 1);
  g_assert_cmpstr (stopped.err, ==, expect);
  g_assert_false (g_file_test (dump, G_FILE_TEST_EXISTS));

  bk_cli_run (&streamed, "run", "--data", data, "--mode", "1", "--max-memory", "8M", NULL);
  g_assert_cmpint (streamed.status, ==, 0);
  g_assert_nonnull (strstr (streamed.out, "60000"));
  g_unlink (data);
}

/* check --data refuses a file whose rows pass what --mode keeps under
 * --max-memory, takes it in mode 1, and cannot tell for standard input. */
static void
test_check_refuses_data_past_the_limit (void)
{
  g_autofree char *data = generated_minutes ("budget-check.csv", "60000");
  g_auto(BkCliResult) refused = { 0 };
  g_auto(BkCliResult) mode1 = { 0 };
  g_auto(BkCliResult) piped = { 0 };

  bk_cli_run (&refused, "check", "memory-savings", "--max-memory", "8M", "--data", data, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, ": 60000 rows, more than the "));
  g_assert_nonnull (strstr (refused.err, " bars mode 0 keeps under the memory limit of 8.0\xc2\xa0MiB (--max-memory)"));
  bk_cli_run (&mode1, "check", "memory-savings", "--max-memory", "8M", "--data", data, "--mode", "1", NULL);
  g_assert_cmpint (mode1.status, ==, 0);
  g_assert_nonnull (strstr (mode1.out, ": 60000 rows, within the limit in mode 1\n"));
  bk_cli_run (&piped, "check", "memory-savings", "--max-memory", "8M", "--data", "-", NULL);
  g_assert_cmpint (piped.status, ==, 0);
  g_assert_nonnull (strstr (piped.out, "-: the number of bars cannot be known before reading"));
  g_unlink (data);
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
  g_test_add_func ("/cli/run/dump-to-stdout", test_run_dump_to_stdout);
  g_test_add_func ("/cli/run/dump-identical-across-modes", test_run_dump_file_identical_across_modes);
  g_test_add_func ("/cli/experiment/table", test_experiment_table);
  g_test_add_func ("/cli/compare/equals-run", test_compare_equals_run);
  g_test_add_func ("/cli/gen/deterministic", test_gen_is_deterministic);
  g_test_add_func ("/cli/usage/errors-exit-2", test_usage_errors_exit_2);
  g_test_add_func ("/cli/bad-input/empty", test_bad_input_empty);
  g_test_add_func ("/cli/bad-input/header-only", test_bad_input_header_only);
  g_test_add_func ("/cli/bad-input/no-close-column", test_bad_input_no_close);
  g_test_add_func ("/cli/bad-input/not-a-number", test_bad_input_not_a_number);
  g_test_add_func ("/cli/bad-input/nan", test_bad_input_nan);
  g_test_add_func ("/cli/bad-input/dates-out-of-order", test_bad_input_dates_out_of_order);
  g_test_add_func ("/cli/bad-input/dates-repeated", test_bad_input_dates_repeated);
  g_test_add_func ("/cli/bad-input/huge-field", test_bad_input_huge_field);
  g_test_add_func ("/cli/bad-input/truncated-last-line", test_bad_input_truncated_last_line);
  g_test_add_func ("/cli/bad-input/binary-junk", test_bad_input_binary_junk);
  g_test_add_func ("/cli/bad-input/missing-file", test_bad_input_missing_file);
  g_test_add_func ("/cli/bad-input/high-below-low", test_bad_input_high_below_low);
  g_test_add_func ("/cli/bad-input/negative-price", test_bad_input_negative_price);
  g_test_add_func ("/cli/bad-input/mixed-stamps", test_bad_input_mixed_stamps);
  g_test_add_func ("/cli/bad-input/not-ohlc", test_bad_input_not_ohlc);
  g_test_add_func ("/cli/bad-input/not-text", test_bad_input_not_text);
  g_test_add_func ("/cli/bad-input/control-characters-escaped", test_bad_input_control_characters_escaped);
  g_test_add_func ("/cli/usage/max-memory-refuses-strategy", test_max_memory_refuses_strategy);

  g_test_add_func ("/cli/check/prints-every-line", test_check_prints_every_line);
  g_test_add_func ("/cli/check/reports-position", test_check_reports_position);
  g_test_add_func ("/cli/run/strategy-file-trades", test_run_strategy_file_trades);
  g_test_add_func ("/cli/indicators/lists-library", test_indicators_lists_library);
  g_test_add_func ("/cli/dump/to-fifo", test_dump_to_fifo);
  g_test_add_func ("/cli/dump/to-dev-null", test_dump_to_dev_null);
  g_test_add_func ("/cli/dump/through-symlink-keeps-link", test_dump_through_symlink_keeps_link);
  g_test_add_func ("/cli/dump/new-file-respects-umask", test_dump_respects_umask);
  g_test_add_func ("/cli/dump/replacing-keeps-mode", test_dump_replacing_keeps_mode);
  g_test_add_func ("/cli/dump/unwritable-fails-one-line", test_dump_unwritable_fails_one_line);
  g_test_add_func ("/cli/dump/numbers-shortest", test_dump_numbers_shortest);
  g_test_add_func ("/cli/dump/numbers-round-trip", test_dump_numbers_round_trip);
  g_test_add_func ("/cli/gen/output-to-fifo", test_gen_output_to_fifo);
  g_test_add_func ("/cli/gen/output-respects-umask", test_gen_output_respects_umask);
  g_test_add_func ("/cli/usage/command-usage", test_usage_error_prints_command_usage);
  g_test_add_func ("/cli/usage/bench-help", test_bench_help);
  g_test_add_func ("/cli/usage/stray-arguments-refused", test_stray_arguments_refused);
  g_test_add_func ("/cli/usage/max-memory-sizes", test_max_memory_parses_sizes);
  g_test_add_func ("/cli/strategy/unknown-suggests-closest", test_unknown_strategy_suggests);
  g_test_add_func ("/cli/strategy/unknown-lists-builtins", test_unknown_strategy_lists_builtins);
  g_test_add_func ("/cli/data/json-describes-data", test_run_json_describes_data);
  g_test_add_func ("/cli/data/summary-plain-data-line", test_run_summary_plain_data_line);
  g_test_add_func ("/cli/data/lenient-counts-warnings", test_run_lenient_counts_warnings);
  g_test_add_func ("/cli/data/reports-skipped-lines", test_run_reports_skipped_lines);
  g_test_add_func ("/cli/data/reports-encoding", test_run_reports_encoding);
  g_test_add_func ("/cli/data/error-is-one-line", test_data_error_is_one_line);
  g_test_add_func ("/cli/values/too-short-says-no-values", test_run_too_short_says_no_values);
  g_test_add_func ("/cli/values/long-enough-has-values", test_run_long_enough_has_values);
  g_test_add_func ("/cli/values/some-indicators-without-values", test_run_some_indicators_without_values);
  g_test_add_func ("/cli/tables/summary-labels-align", test_summary_labels_align);
  g_test_add_func ("/cli/tables/experiment-aligns-chinese", test_experiment_table_aligns_chinese);
  g_test_add_func ("/cli/tables/check-aligns-chinese", test_check_table_aligns_chinese);
  g_test_add_func ("/cli/indicators/chinese", test_indicators_in_chinese);
  g_test_add_func ("/cli/models/lists-builtins", test_models_lists_builtins);
  g_test_add_func ("/cli/models/check-model-file", test_check_model_file);
  g_test_add_func ("/cli/gen/universe-deterministic", test_gen_universe_deterministic);
  g_test_add_func ("/cli/gen/universe-valid", test_gen_universe_valid);
  g_test_add_func ("/cli/gen/universe-usage", test_gen_universe_usage);
  g_test_add_func ("/cli/output/stdout-full-disk-fails", test_stdout_full_disk_fails);
  g_test_add_func ("/cli/dump/refuses-its-inputs", test_dump_refuses_its_inputs);
  g_test_add_func ("/cli/gen/universe-refuses-existing", test_gen_universe_refuses_existing);
  g_test_add_func ("/cli/universe/stats-written-like-dump", test_universe_stats_written_like_dump);

  g_test_add_func ("/cli/usage/mode-accepted-where-save-is", test_mode_accepted_where_save_is);
  g_test_add_func ("/cli/usage/mode-is-the-documented-name", test_mode_is_the_documented_name);
  g_test_add_func ("/cli/usage/unknown-names-suggest-closest", test_unknown_names_suggest_closest);
  g_test_add_func ("/cli/usage/from-one-table", test_usage_from_one_table);
  g_test_add_func ("/cli/usage/group-help-lists-every-command", test_group_help_lists_every_command);
  g_test_add_func ("/cli/strategy/price-file-says-use-data", test_price_file_as_strategy);
  g_test_add_func ("/cli/values/one-bar-reads-right", test_one_bar_reads_right);
  g_test_add_func ("/cli/check/counts-in-the-singular", test_check_counts_in_the_singular);
  g_test_add_func ("/cli/bad-input/late-row-in-oldest-first-file", test_late_row_in_oldest_first_file);

  g_test_add_func ("/cli/max-memory/stops-mode-0-keeps-mode-1", test_max_memory_stops_mode0);
  g_test_add_func ("/cli/max-memory/check-refuses-data-past-the-limit", test_check_refuses_data_past_the_limit);

  int status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
