/* test-cli-input.c — barkeep-cli and the data it is given: bad input as one-line
 * errors naming file, line and column, check, what a run says of its data,
 * --max-memory. */
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

/* check says in words what the rules, orders and broker settings are. */
static void
test_check_describes_orders (void)
{
  g_autofree char *path = write_input ("orders.ini",
                                       "[indicator atr]\nexpr=ATR(period=14)\n[indicator sma]\nexpr=SMA(period=30)\n"
                                       "[broker]\ncash=50000\ncommission=0.001\ncommission_min=5\nstamp_duty=0.0005\n"
                                       "lot=100\nslippage_percent=0.002\n"
                                       "[rules]\nbuy=close > sma and position == 0\nsell=bars_held > 20\n"
                                       "size=0.01 * value / atr\nentry=stoplimit\nentry_price=high + 1\n"
                                       "entry_limit=high + 2\nentry_valid=3\ntake_profit=close + 4 * atr\n"
                                       "trail_percent=0.05\n", -1);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "check", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out,
    "Rules, read from bar 30 on (once every named indicator has a value):\n"
    "  buy    close > sma and position == 0\n"
    "  sell   bars_held > 20\n"
    "  short  (not given: never fires)\n"
    "  cover  (not given: never fires)\n"
    "Entry: a stop-limit order: once the price reaches high + 1, a limit order at high + 2; "
    "it waits 3 bars, then expires\n"
    "Size: 0.01 * value / atr units, read at the signal bar, rounded down to lots of 100\n"
    "Take profit: a limit order at close + 4 * atr, one-cancels-other with the stop\n"
    "Trailing stop: 5 % from the best close since the entry\n"
    "Broker: starting cash 50000\n"
    "  commission 0.1 % of the traded value\n"
    "  at least 5 of commission a fill\n"
    "  stamp duty 0.05 % of the value of every sale\n"
    "  slippage 0.2 % of the price, within the bar's range\n"));
  g_assert_true (g_regex_match_simple ("^Data 0 / Account\\.bars_held +1 +1 ", r.out, G_REGEX_MULTILINE, 0));
  g_unlink (path);
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
  g_test_add_func ("/cli/check/prints-every-line", test_check_prints_every_line);
  g_test_add_func ("/cli/check/reports-position", test_check_reports_position);
  g_test_add_func ("/cli/check/describes-orders", test_check_describes_orders);
  g_test_add_func ("/cli/data/json-describes-data", test_run_json_describes_data);
  g_test_add_func ("/cli/data/summary-plain-data-line", test_run_summary_plain_data_line);
  g_test_add_func ("/cli/data/lenient-counts-warnings", test_run_lenient_counts_warnings);
  g_test_add_func ("/cli/data/reports-skipped-lines", test_run_reports_skipped_lines);
  g_test_add_func ("/cli/data/reports-encoding", test_run_reports_encoding);
  g_test_add_func ("/cli/data/error-is-one-line", test_data_error_is_one_line);
  g_test_add_func ("/cli/check/counts-in-the-singular", test_check_counts_in_the_singular);
  g_test_add_func ("/cli/bad-input/late-row-in-oldest-first-file", test_late_row_in_oldest_first_file);
  g_test_add_func ("/cli/max-memory/stops-mode-0-keeps-mode-1", test_max_memory_stops_mode0);
  g_test_add_func ("/cli/max-memory/check-refuses-data-past-the-limit", test_check_refuses_data_past_the_limit);

  int status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
