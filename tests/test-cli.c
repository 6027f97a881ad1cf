/* test-cli.c — barkeep-cli as a person uses it: exit status, output and
 * one-line errors naming file, line and column. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct {
  int status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *tmpdir;

static void
run_cli (Result *result, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("BARKEEP_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &result->out, &result->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

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
  g_auto(Result) r = { 0 };
  char buf[256];

  run_cli (&r, "run", NULL);
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
      g_auto(Result) r = { 0 };
      g_autofree char *expect = g_strdup_printf ("Memory mode: %s ", modes[i]);

      run_cli (&r, "run", "--save", modes[i], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, expect));
    }
}

static void
test_run_lendetails (void)
{
  g_auto(Result) r = { 0 };

  run_cli (&r, "run", "--save", "1", "--lendetails", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "-- Evaluating Datas\n---- Data 0"));
  g_assert_nonnull (strstr (r.out, "-- Evaluating Indicators\n---- Indicator 0.0 sma SMA(30) Total Cells 3 - Cells per line (+2 kept inside) 1\n"));
  g_assert_nonnull (strstr (r.out, "-- Evaluating Observers\n---- Observer 0 Broker Total Cells 2"));
}

static void
test_run_json_parses (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (&r, "run", "--json", "--save", "-2", NULL);
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
  g_auto(Result) r = { 0 };
  char buf[256];

  run_cli (&r, "run", "--dump", "-", NULL);
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
      g_auto(Result) r = { 0 };
      g_autofree char *path = g_build_filename (tmpdir, "dump.csv", NULL);
      g_autofree char *contents = NULL;

      run_cli (&r, "run", "--save", modes[i], "--dump", path, NULL);
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
  g_auto(Result) r = { 0 };

  run_cli (&r, "experiment", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Keep everything"));
  g_assert_nonnull (strstr (r.out, "Minimal memory"));
  g_assert_nonnull (strstr (r.out, "Plot, save internals"));
  g_assert_nonnull (strstr (r.out, "Plot, save unplotted too"));
}

static void
test_gen_is_deterministic (void)
{
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };

  run_cli (&a, "gen", "sample", "--bars", "300", NULL);
  run_cli (&b, "gen", "sample", "--bars", "300", NULL);
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
      g_auto(Result) r = { 0 };
      run_cli (&r, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
      g_assert_nonnull (strstr (r.err, "Usage:"));
      g_assert_cmpstr (r.out, ==, "");
    }
}

/* Each bad file: exit 1, nothing on stdout, no dump left behind, and one
 * line naming file:line:column and the problem. */
static void
check_bad_input (const char *name, const char *contents, gssize length, const char *where, const char *problem)
{
  g_autofree char *path = write_input (name, contents, length);
  g_autofree char *dump = g_build_filename (tmpdir, "bad-dump.csv", NULL);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s:%s: ", path, where);
  g_auto(Result) r = { 0 };

  run_cli (&r, "run", "--data", path, "--dump", dump, "--save", "1", NULL);
  g_test_message ("%s -> %s", name, r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_nonnull (strstr (r.err, problem));
  g_assert_true (g_str_has_suffix (r.err, "\n"));
  g_assert_null (strchr (r.err, '\n') + 1 == r.err + strlen (r.err) ? NULL : "more than one line");
  g_assert_false (g_file_test (dump, G_FILE_TEST_EXISTS));
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
  check_bad_input ("order.csv", HEADER "2001-01-03,1,2,0.5,1.5,100,0\n2001-01-02,1,2,0.5,1.5,100,0\n", -1,
                   "3:1", "earlier");
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
test_bad_input_missing_file (void)
{
  g_auto(Result) r = { 0 };
  g_autofree char *path = g_build_filename (tmpdir, "no-such-file.csv", NULL);

  run_cli (&r, "run", "--data", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r.err, path));
}

static void
test_check_prints_every_line (void)
{
  g_auto(Result) r = { 0 };

  run_cli (&r, "check", "sma-crossover", NULL);
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
  g_auto(Result) r = { 0 };

  run_cli (&r, "check", path, NULL);
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
  g_auto(Result) file = { 0 };
  g_auto(Result) builtin = { 0 };

  run_cli (&file, "run", path, "--json", NULL);
  run_cli (&builtin, "run", "sma-crossover", "--json", NULL);
  g_assert_cmpint (file.status, ==, 0);
  g_assert_nonnull (strstr (file.out, "\"trades\":[{\"open\":"));
  /* The same rules give the same results block as the built-in file. */
  g_assert_cmpstr (strstr (file.out, "\"results\":"), ==, strstr (builtin.out, "\"results\":"));
}

static void
test_indicators_lists_library (void)
{
  g_auto(Result) r = { 0 };

  run_cli (&r, "indicators", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "SMA(close, period=30) -> sma\n"));
  g_assert_nonnull (strstr (r.out, "BollingerBands(close, period=20, devfactor=2) -> mid, top, bot\n"));
  g_assert_nonnull (strstr (r.out, "CrossOver("));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("barkeep-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/run/default-sample", test_run_default_sample);
  g_test_add_func ("/cli/run/save-accepts-negative-modes", test_run_save_minus_values);
  g_test_add_func ("/cli/run/lendetails", test_run_lendetails);
  g_test_add_func ("/cli/run/json-parses", test_run_json_parses);
  g_test_add_func ("/cli/run/dump-to-stdout", test_run_dump_to_stdout);
  g_test_add_func ("/cli/run/dump-identical-across-modes", test_run_dump_file_identical_across_modes);
  g_test_add_func ("/cli/experiment/table", test_experiment_table);
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

  g_test_add_func ("/cli/check/prints-every-line", test_check_prints_every_line);
  g_test_add_func ("/cli/check/reports-position", test_check_reports_position);
  g_test_add_func ("/cli/run/strategy-file-trades", test_run_strategy_file_trades);
  g_test_add_func ("/cli/indicators/lists-library", test_indicators_lists_library);

  int status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
