/* test-csv.c — the CSV reader's formats and memory bound (its errors:
 * test-csv-errors.c).
 *
 * Each test writes its input into a fresh temporary directory; error tests
 * compare the whole message, file name, line and column included.
 */
#include "bk-csv.h"

#include "bk-error.h"
#include "bk-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "test-csv-common.h"

static GArray *
read_good_input_with (Fixture *fixture, const char *contents, const BkCsvOptions *options)
{
  GError *error = NULL;

  write_input (fixture, contents, -1);
  GArray *bars = read_bars_with (fixture->path, options, &error);
  g_assert_no_error (error);
  return bars;
}

static GArray *
read_good_input (Fixture *fixture, const char *contents)
{
  return read_good_input_with (fixture, contents, NULL);
}

/* Number syntax alone: values no price could have pass as warnings. */
static const BkCsvOptions lenient = { .lenient = TRUE };

static void
assert_bar (const BkBar *bar, double datetime, double open, double high, double low,
            double close, double volume, double openinterest)
{
  g_assert_cmpfloat (bar->datetime, ==, datetime);
  g_assert_cmpfloat (bar->open, ==, open);
  g_assert_cmpfloat (bar->high, ==, high);
  g_assert_cmpfloat (bar->low, ==, low);
  g_assert_cmpfloat (bar->close, ==, close);
  g_assert_cmpfloat (bar->volume, ==, volume);
  g_assert_cmpfloat (bar->openinterest, ==, openinterest);
}

/* ---- formats ------------------------------------------------------------ */

static void
test_yahoo_format (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close,Adj Close,Volume\n"
    "1996-04-12,1.052083,1.791667,1.020833,1.375000,1.375000,408720000\n"
    "1996-04-15,1.489583,1.500000,1.250000,1.343750,1.343750,79219200\n");

  g_assert_cmpuint (bars->len, ==, 2);
  assert_bar (&g_array_index (bars, BkBar, 0), day (1996, 4, 12),
              1.052083, 1.791667, 1.020833, 1.375, 408720000, 0);
  assert_bar (&g_array_index (bars, BkBar, 1), day (1996, 4, 15),
              1.489583, 1.5, 1.25, 1.34375, 79219200, 0);
}

static void
test_backtrader_format (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close,Volume,OpenInterest\n"
    "2006-01-02,3578.73,3605.95,3578.73,3604.33,10,7\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2006, 1, 2),
              3578.73, 3605.95, 3578.73, 3604.33, 10, 7);
}

static void
test_chinese_header (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "交易日期,开盘价,最高价,最低价,收盘价,成交量,持仓量\n"
    "2020-03-02,10.5,11,10,10.75,1200,30\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2020, 3, 2), 10.5, 11, 10, 10.75, 1200, 30);
}

static void
test_chinese_short_header (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "日期,开盘,最高,最低,收盘,成交量\n"
    "2020-03-02,10.5,11,10,10.75,1200\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2020, 3, 2), 10.5, 11, 10, 10.75, 1200, 0);
}

static void
test_header_case_spaces_and_quotes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "\" DATETIME \",'OPEN', high ,Low,\"CLOSE\",VOL,\"Open Interest\"\n"
    "2001-01-02,1,2,0.5,1.5,100,3\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 100, 3);
}

static void
test_columns_in_any_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Volume,Close,Low,High,Open,Date\n"
    "100,1.5,0.5,2,1,2001-01-02\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 100, 0);
}

static void
test_unknown_columns_ignored (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Symbol,Date,Open,High,Low,Close,Adj Close,Note\n"
    "YHOO,2001-01-02,1,2,0.5,1.5,not a number,anything at all\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 0, 0);
}

static void
test_missing_volume_is_zero (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "2001-01-02,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 0, 0);
}

static void
test_semicolon_delimiter (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date;Open;High;Low;Close;Volume\n"
    "2001-01-02;1;2;0.5;1.5;100\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 100, 0);
}

static void
test_tab_delimiter (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date\tOpen\tHigh\tLow\tClose\tVolume\n"
    "2001-01-02\t1\t2\t0.5\t1.5\t100\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 100, 0);
}

static void
test_delimiter_inside_quotes_not_counted (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date;Open;High;Low;Close;\"a,b,c,d,e,f\"\n"
    "2001-01-02;1;2;0.5;1.5;x\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 0, 0);
}

static void
test_utf8_bom_skipped (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "\xEF\xBB\xBF" "Date,Open,High,Low,Close\n"
    "2001-01-02,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 0, 0);
}

static void
test_crlf_line_endings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close,Volume\r\n"
    "2001-01-02,1,2,0.5,1.5,100\r\n"
    "2001-01-03,1,2,0.5,1.25,200\r\n");

  g_assert_cmpuint (bars->len, ==, 2);
  assert_bar (&g_array_index (bars, BkBar, 1), day (2001, 1, 3), 1, 2, 0.5, 1.25, 200, 0);
}

static void
test_quoted_fields (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Name\"\n"
    "\"2001-01-02\",\"1\", \" 2 \" ,\"0.5\",\"1.5\",\"a \"\"quoted\"\", name\"\n");

  g_assert_cmpuint (bars->len, ==, 1);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1, 2, 0.5, 1.5, 0, 0);
}

static void
test_no_trailing_newline (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "2001-01-02,1,2,0.5,1.5\n"
    "2001-01-03,1,2,0.5,1.75");

  g_assert_cmpuint (bars->len, ==, 2);
  assert_bar (&g_array_index (bars, BkBar, 1), day (2001, 1, 3), 1, 2, 0.5, 1.75, 0, 0);
}

static void
test_blank_lines_skipped (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "2001-01-02,1,2,0.5,1.5\n"
    "\n"
    "  \t\r\n"
    "2001-01-03,1,2,0.5,1.75\n"
    "\n");

  g_assert_cmpuint (bars->len, ==, 2);
  assert_bar (&g_array_index (bars, BkBar, 1), day (2001, 1, 3), 1, 2, 0.5, 1.75, 0, 0);
}

static void
test_date_formats (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "2001-01-02,1,2,0.5,1.5\n"
    "20010103,1,2,0.5,1.5\n"
    "2001/01/04,1,2,0.5,1.5\n"
    " 2001-01-05 ,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (g_array_index (bars, BkBar, i).datetime, ==, day (2001, 1, 2 + i));
}

static void
test_datetime_formats (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Datetime,Open,High,Low,Close\n"
    "2001-01-02 09:30,1,2,0.5,1.5\n"
    "2001-01-02T09:31:15,1,2,0.5,1.5\n"
    "20010102 09:32:00,1,2,0.5,1.5\n"
    "2001/01/02T23:59:59,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 4);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 0).datetime, ==, day (2001, 1, 2) + 9 * 3600 + 30 * 60);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 1).datetime, ==, day (2001, 1, 2) + 9 * 3600 + 31 * 60 + 15);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 2).datetime, ==, day (2001, 1, 2) + 9 * 3600 + 32 * 60);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 3).datetime, ==, day (2001, 1, 3) - 1);
}

static void
test_leap_day_accepted (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "2000-02-29,1,2,0.5,1.5\n"
    "2004-02-29,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 2);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 0).datetime, ==, 951782400.0);
}

static void
test_dates_before_1970 (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input (fixture,
    "Date,Open,High,Low,Close\n"
    "1900-01-01 00:00,1,2,0.5,1.5\n"
    "1969-12-31 23:59:59,1,2,0.5,1.5\n");

  g_assert_cmpuint (bars->len, ==, 2);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 0).datetime, ==, -2208988800.0);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 1).datetime, ==, -1.0);
}

static void
test_has_time_false_for_daily_bars (Fixture *fixture, gconstpointer data)
{
  GError *error = NULL;

  write_input (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n", -1);
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bk_csv_reader_has_time (reader));
}

static void
test_has_time_true_for_intraday_bars (Fixture *fixture, gconstpointer data)
{
  GError *error = NULL;

  write_input (fixture, "Date,Open,High,Low,Close\n2001-01-02 09:30,1,2,0.5,1.5\n", -1);
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bk_csv_reader_has_time (reader));
}

static void
test_numbers_with_spaces_signs_exponents (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GArray) bars = read_good_input_with (fixture,
    "Date,Open,High,Low,Close,Volume\n"
    "2001-01-02,  1.5 ,+2,-0.5,1e2,\t2.5E+3\n"
    "2001-01-03,.5,5.,1e-2,-0,0\n", &lenient);

  g_assert_cmpuint (bars->len, ==, 2);
  assert_bar (&g_array_index (bars, BkBar, 0), day (2001, 1, 2), 1.5, 2, -0.5, 100, 2500, 0);
  assert_bar (&g_array_index (bars, BkBar, 1), day (2001, 1, 3), 0.5, 5, 0.01, 0, 0, 0);
}

static void
test_numbers_correctly_rounded (Fixture *fixture, gconstpointer data)
{
  /* Compiler-converted literals are correctly rounded: the reader's values
   * must have the same bits. */
  static const double expected[] = {
    0.1, 1.052083, 1.791667, 123456789.12345679, 2.2250738585072014e-308,
  };
  g_autoptr(GArray) bars = read_good_input_with (fixture,
    "Date,Open,High,Low,Close,Volume\n"
    "2001-01-02,0.1,1.052083,1.791667,123456789.123456789,2.2250738585072014e-308\n", &lenient);

  g_assert_cmpuint (bars->len, ==, 1);
  const BkBar *bar = &g_array_index (bars, BkBar, 0);
  const double got[] = { bar->open, bar->high, bar->low, bar->close, bar->volume };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpmem (&got[i], sizeof (double), &expected[i], sizeof (double));
}

static void
test_size_and_bytes_read (Fixture *fixture, gconstpointer data)
{
  static const char contents[] = "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n2001-01-03,1,2,0.5,1.5";
  GError *error = NULL;
  BkBar bar;

  write_input (fixture, contents, -1);
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bk_csv_reader_get_size (reader), ==, strlen (contents));
  while (bk_csv_reader_next (reader, &bar, &error))
    ;
  g_assert_no_error (error);
  g_assert_cmpuint (bk_csv_reader_get_bytes_read (reader), ==, strlen (contents));
}

/* Runs reader on "-" with contents fed through a pipe on standard input. */
static BkCsvReader *
open_stdin_pipe (const char *contents, int *saved_stdin, GError **error)
{
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], contents, strlen (contents)), ==, (gssize) strlen (contents));
  close (fds[1]);
  *saved_stdin = dup (STDIN_FILENO);
  g_assert_cmpint (*saved_stdin, >=, 0);
  g_assert_cmpint (dup2 (fds[0], STDIN_FILENO), ==, STDIN_FILENO);
  close (fds[0]);
  return bk_csv_reader_new ("-", NULL, error);
}

static void
restore_stdin (int saved_stdin)
{
  g_assert_cmpint (dup2 (saved_stdin, STDIN_FILENO), ==, STDIN_FILENO);
  close (saved_stdin);
}

static void
test_stdin_pipe (void)
{
  static const char contents[] = "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n";
  GError *error = NULL;
  int saved_stdin;
  BkBar bar;
  guint n = 0;

  BkCsvReader *reader = open_stdin_pipe (contents, &saved_stdin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bk_csv_reader_get_size (reader), ==, 0);
  while (bk_csv_reader_next (reader, &bar, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (bk_csv_reader_get_bytes_read (reader), ==, strlen (contents));
  bk_csv_reader_free (reader);
  restore_stdin (saved_stdin);
}

static void
test_stdin_errors_name_stdin (void)
{
  GError *error = NULL;
  int saved_stdin;

  BkCsvReader *reader = open_stdin_pipe ("Date,Open,High,Low,Close\n2001-01-02,1,x,0.5,1.5\n",
                                         &saved_stdin, &error);
  g_assert_null (reader);
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "<stdin>:2:14: expected a number in column 'High', got 'x'");
  g_error_free (error);
  restore_stdin (saved_stdin);
}

/* ---- dates as text ------------------------------------------------------ */

static void
test_days_from_civil (void)
{
  g_assert_cmpint (bk_days_from_civil (1970, 1, 1), ==, 0);
  g_assert_cmpint (bk_days_from_civil (1969, 12, 31), ==, -1);
  g_assert_cmpint (bk_days_from_civil (2000, 3, 1), ==, 11017);
  g_assert_cmpint (bk_days_from_civil (1996, 4, 12), ==, 9598);
  g_assert_cmpint (bk_days_from_civil (1900, 1, 1), ==, -25567);
  g_assert_cmpint (bk_days_from_civil (0, 3, 1), ==, -719468);
}

static void
test_format_datetime (void)
{
  char buf[32];

  bk_format_datetime (0, FALSE, buf);
  g_assert_cmpstr (buf, ==, "1970-01-01");
  bk_format_datetime (day (1996, 4, 12), FALSE, buf);
  g_assert_cmpstr (buf, ==, "1996-04-12");
  bk_format_datetime (day (2001, 1, 2) + 9 * 3600 + 30 * 60 + 5, TRUE, buf);
  g_assert_cmpstr (buf, ==, "2001-01-02T09:30:05");
  bk_format_datetime (day (2000, 2, 29), TRUE, buf);
  g_assert_cmpstr (buf, ==, "2000-02-29T00:00:00");
}

static void
test_format_datetime_before_1970 (void)
{
  char buf[32];

  bk_format_datetime (-1, TRUE, buf);
  g_assert_cmpstr (buf, ==, "1969-12-31T23:59:59");
  bk_format_datetime (-86400, FALSE, buf);
  g_assert_cmpstr (buf, ==, "1969-12-31");
  bk_format_datetime (-2208988800.0, TRUE, buf);
  g_assert_cmpstr (buf, ==, "1900-01-01T00:00:00");
  bk_format_datetime (day (1600, 2, 29) + 43200, TRUE, buf);
  g_assert_cmpstr (buf, ==, "1600-02-29T12:00:00");
}

/* ---- real files and the memory bound ------------------------------------ */

static void
assert_real_file (const char *name, guint expected_bars, double first_datetime, double first_close)
{
  g_autofree char *relative = g_build_filename ("datas", name, NULL);
  g_autofree char *path = bk_test_data_file (relative);
  GError *error = NULL;
  BkBar bar;
  guint n = 0;
  double previous = -G_MAXDOUBLE;

  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bk_csv_reader_has_time (reader));
  while (bk_csv_reader_next (reader, &bar, &error))
    {
      if (n == 0)
        {
          g_assert_cmpfloat (bar.datetime, ==, first_datetime);
          g_assert_cmpfloat (bar.close, ==, first_close);
        }
      g_assert_cmpfloat (bar.datetime, >, previous);
      previous = bar.datetime;
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected_bars);
  g_assert_cmpuint (bk_csv_reader_get_bytes_read (reader), ==, bk_csv_reader_get_size (reader));
}

static void
test_real_yahoo_file (void)
{
  assert_real_file ("yhoo-1996-2015.txt", 4965, day (1996, 4, 12), 1.375);
}

static void
test_real_backtrader_file (void)
{
  assert_real_file ("2006-day-001.txt", 255, day (2006, 1, 2), 3604.33);
}

/* Memory must not depend on the file's size.  The rows have one width, so
 * the test knows where each delivered bar ends in the file; the bytes the
 * reader has consumed beyond that are what it holds parsed but undelivered,
 * and must stay under a fixed bound all through a 200,000-row file. */
#define LOOKAHEAD_BOUND (128 * 1024)

static void
test_memory_bounded_on_200000_rows (Fixture *fixture, gconstpointer data)
{
  static const char header[] = "Date,Open,High,Low,Close,Volume\n";
  const guint rows = 200000;
  GError *error = NULL;
  char date[32];
  gsize row_width = 0;
  BkBar bar;
  guint n = 0;

  FILE *out = fopen (fixture->path, "w");
  g_assert_nonnull (out);
  fputs (header, out);
  for (guint i = 0; i < rows; i++)
    {
      bk_format_datetime (day (1500, 1, 1) + i * 86400.0, FALSE, date);
      int width = fprintf (out, "%s,1.000000,2.000000,0.500000,1.500000,1000\n", date);
      g_assert_cmpint (width, >, 0);
      g_assert_true (row_width == 0 || (gsize) width == row_width);
      row_width = width;
    }
  g_assert_cmpint (fclose (out), ==, 0);

  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, NULL, &error);
  g_assert_no_error (error);
  guint64 size = bk_csv_reader_get_size (reader);
  g_assert_cmpuint (size, ==, strlen (header) + rows * row_width);
  while (bk_csv_reader_next (reader, &bar, &error))
    {
      n++;
      guint64 delivered = strlen (header) + (guint64) n * row_width;
      guint64 consumed = bk_csv_reader_get_bytes_read (reader);
      g_assert_cmpuint (consumed, >=, delivered);
      g_assert_cmpuint (consumed - delivered, <=, LOOKAHEAD_BOUND);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, rows);
  g_assert_cmpuint (bk_csv_reader_get_bytes_read (reader), ==, size);
}

/* ---- rows read in one pass ---------------------------------------------- */

/* Everything a read of fixture->path gives, as text to compare. */
static char *
describe_read (Fixture *fixture, const BkCsvOptions *options)
{
  GError *error = NULL;
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, options, &error);
  GString *out = g_string_new (NULL);
  BkBar bar;

  if (reader == NULL)
    {
      g_string_append_printf (out, "error %s\n", error->message);
      g_error_free (error);
      return g_string_free (out, FALSE);
    }
  while (bk_csv_reader_next (reader, &bar, &error))
    g_string_append_printf (out, "%a %a %a %a %a %a %a\n", bar.datetime, bar.open, bar.high, bar.low,
                            bar.close, bar.volume, bar.openinterest);
  if (error != NULL)
    g_string_append_printf (out, "error %s\n", error->message);
  g_clear_error (&error);
  g_string_append_printf (out, "warnings %" G_GUINT64_FORMAT " %s; out of order %" G_GUINT64_FORMAT
                          "; time %d; resolution %d; ticks %d; encoding %s; skipped %u; bytes %" G_GUINT64_FORMAT "\n",
                          bk_csv_reader_get_n_warnings (reader), bk_csv_reader_get_first_warning (reader),
                          bk_csv_reader_get_n_out_of_order (reader), bk_csv_reader_has_time (reader),
                          bk_csv_reader_get_time_resolution (reader), bk_csv_reader_get_ticks (reader),
                          bk_csv_reader_get_encoding (reader), bk_csv_reader_get_skipped_lines (reader)->len,
                          bk_csv_reader_get_bytes_read (reader));
  return g_string_free (out, FALSE);
}

/* The file read in one pass, through the tokeniser and in 97-byte reads,
 * strict and lenient: the same bars, the same messages. */
static void
assert_one_pass_as_tokeniser (Fixture *fixture, const char *contents)
{
  write_input (fixture, contents, -1);
  for (guint relaxed = 0; relaxed < 2; relaxed++)
    {
      BkCsvOptions plain = { .lenient = relaxed };
      BkCsvOptions general = { .lenient = relaxed, .general_rows = TRUE };
      BkCsvOptions cut = { .lenient = relaxed, .read_size = 97 };
      g_autofree char *expected = describe_read (fixture, &general);
      g_autofree char *got = describe_read (fixture, &plain);
      g_autofree char *got_cut = describe_read (fixture, &cut);

      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got_cut, ==, expected);
    }
}

/* A line of each way a row can be written, mostly plain ones, in an order
 * drawn from `seed`: dates each a day or more after the last (over month
 * and year ends and leap days), or with times of day. */
static char *
mixed_rows (guint32 seed, guint n_rows, gboolean times, const char *last_line)
{
  static const char *const names[] = { "ACME", "", "a;b\tc", "\xe4\xb8\xad\xe6\x96\x87", "x y" };
  static const guint month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  GString *out = g_string_new ("Date,Open,High,Low,Close,Name,Volume\r\n");
  guint year = 1999, month = 12, mday = 20, minute = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      guint32 r = seed = seed * 1664525u + 1013904223u;
      guint kind = (r >> 8) % 40;
      char date[64], time[16] = "";

      if (!times || (minute += 1 + (r >> 20) % 3) >= 24 * 60)
        {
          guint days = month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : month_days[month - 1];

          minute %= 24 * 60;
          mday += 1 + (kind == 1 ? 40 : 0);
          while (mday > days)
            {
              mday -= days;
              if (++month > 12)
                month = 1, year++;
              days = month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : month_days[month - 1];
            }
        }
      if (times)
        g_snprintf (time, sizeof time, kind % 3 == 0 ? " %02u:%02u" : kind % 3 == 1 ? "T%02u:%02u:00" : " %02u:%02u:00",
                    minute / 60, minute % 60);
      if (kind == 2)
        g_snprintf (date, sizeof date, "%04u/%02u/%02u%s", year, month, mday, time);
      else if (kind == 3)
        g_snprintf (date, sizeof date, "%04u-%u-%u%s", year, month, mday, time);
      else if (kind == 4 && !times)
        g_snprintf (date, sizeof date, "%04u%02u%02u", year, month, mday);
      else
        g_snprintf (date, sizeof date, "%04u-%02u-%02u%s", year, month, mday, time);

      double low = 10.0 + (r >> 4) % 1000 / 100.0;
      char open[32];
      const char *high = kind == 10 ? "9" : "30.25";     /* below the low: lenient, a warning */
      const char *end = kind == 11 ? "\r\n" : kind == 12 ? "\n\n" : "\n";

      if (kind == 5)
        g_snprintf (open, sizeof open, " %.2f", low + 0.5);
      else if (kind == 6)
        g_snprintf (open, sizeof open, "\"%.2f\"", low + 0.5);
      else if (kind == 7)
        g_snprintf (open, sizeof open, "%.3e", low + 0.5);
      else if (kind == 8)
        g_snprintf (open, sizeof open, "%.14f", low + 0.5);
      else if (kind == 9)
        g_snprintf (open, sizeof open, "+%.2f", low + 0.5);
      else
        g_snprintf (open, sizeof open, "%.2f", low + 0.5);
      g_string_append_printf (out, "%s,%s,%s,%.2f,%.3f,%s,%u%s", date, open, high, low, low + 0.125,
                              names[(r >> 12) % G_N_ELEMENTS (names)], (r >> 16) % 100000, end);
    }
  g_string_append (out, last_line);
  return g_string_free (out, FALSE);
}

/* Ticks of one price column, to the second: times that repeat, a few
 * going back a second (dropped with a warning), some written to the
 * millisecond. */
static char *
tick_rows (guint32 seed, guint n_rows)
{
  GString *out = g_string_new ("Time,Price,Volume\n");
  guint second = 9 * 3600;

  for (guint i = 0; i < n_rows; i++)
    {
      guint32 r = seed = seed * 1664525u + 1013904223u;
      guint kind = (r >> 8) % 50;

      second = kind == 0 ? second - 1 : second + (r >> 16) % 3;
      g_string_append_printf (out, "2024-03-04 %02u:%02u:%02u%s,%u.%02u,%u\n", second / 3600, second / 60 % 60,
                              second % 60, kind == 1 ? ".500" : "", 10 + (r >> 20) % 3, (r >> 12) % 100,
                              (r >> 4) % 1000);
    }
  return g_string_free (out, FALSE);
}

static void
test_one_pass_as_tokeniser (Fixture *fixture, gconstpointer data)
{
  static const char *const last_lines[] = {
    "", "2100-01-01,1,2,0.5,1,x,1", "2100-02-30,1,2,0.5,1,x,1\n", "Source: somewhere\n", "1999-01-01,1,2,0.5,1,x,1\n",
    "2100-01-01,1,2,0.5,1,x,1,9\n", "2100-01-01,1,2,0.5,1,x\n", "2100-01-01 25:00,1,2,0.5,1,x,1\n",
  };

  for (guint seed = 1; seed <= 6; seed++)
    for (guint i = 0; i < G_N_ELEMENTS (last_lines); i++)
      {
        /* Some 4000 lines: the buffer refills in the middle of rows. */
        g_autofree char *contents = mixed_rows (seed * 7919 + i, seed == 1 ? 4000 : 300, seed % 2 == 0,
                                                last_lines[i]);

        g_test_message ("seed %u, last line %u", seed, i);
        assert_one_pass_as_tokeniser (fixture, contents);
      }
  for (guint seed = 1; seed <= 3; seed++)
    {
      g_autofree char *contents = tick_rows (seed, 3000);

      g_test_message ("ticks, seed %u", seed);
      assert_one_pass_as_tokeniser (fixture, contents);
    }
}

/* Each way a plain row's date, time or fields can be a little off, after
 * a plain row: the same bar or message as the tokeniser's. */
static void
test_one_pass_edges (Fixture *fixture, gconstpointer data)
{
  static const char *const rows[] = {
    "2024-02-29,1,2,0.5,1.5,9", "2024-02-28,1,2,0.5,1.5,9", "2023-02-29,1,2,0.5,1.5,9", "2024-13-01,1,2,0.5,1.5,9",
    "2024-00-10,1,2,0.5,1.5,9", "2024-04-31,1,2,0.5,1.5,9", "2024-04-00,1,2,0.5,1.5,9",
    "2024-4-30,1,2,0.5,1.5,9", "2024-04-3,1,2,0.5,1.5,9", "2024-04-30x,1,2,0.5,1.5,9",
    "2024-04-30 ,1,2,0.5,1.5,9", " 2024-04-30,1,2,0.5,1.5,9", "2024-04-30,1,2,0.5,1.5,9,",
    "2024-04-30,1,2,0.5,1.5", "2024-04-30,1,2,0.5,1.5,", "2024-04-30,1,2,0.5,,9",
    "2024-04-30,1,2,0.5,1.5,9\r", "2024-04-30,1,2\r,0.5,1.5,9", "2024-04-30,1,2,0.5,1.5,9\r\r",
    "2024-04-30,1.,2,.5,1.5,9", "2024-04-30,.,2,0.5,1.5,9", "2024-04-30,1,2,0.5,1.5,123456789012345",
    "2024-04-30,1,2,0.5,1.5,1234567890123456", "2024-04-30,0,2,0.5,1.5,9", "2024-04-30,1,2,1.6,1.5,9",
    "2024-04-30,1,2,0.5,2.5,9", "2024-01-01,1,2,0.5,1.5,9", "2024-03-01,1,2,0.5,1.5,9",
    "2024-03-01T00:00,1,2,0.5,1.5,9", "2024-03-01 10:00,1,2,0.5,1.5,9", "2024-03-01\t,1,2,0.5,1.5,9",
    "2024/03/01,1,2,0.5,1.5,9", "2024/03-01,1,2,0.5,1.5,9", "20240301,1,2,0.5,1.5,9",
    "2024-03-01,1,2,0.5,1.5,9\xc3\xa9", "2024-03-01,1,2,0.5,1.5,\"9\"",
    "", "   ", "2024-03-01,1,2,0.5,1.5,9e0", "2024-03-01,1,2,0.5,1.5,-9",
  };
  static const char *const intraday[] = {
    "2024-03-01 10:00,1,2,0.5,1.5,9", "2024-03-01 10:00:30,1,2,0.5,1.5,9", "2024-03-01 10:00:00.250,1,2,0.5,1.5,9",
    "2024-03-01 9:30,1,2,0.5,1.5,9", "2024-03-01 24:00,1,2,0.5,1.5,9", "2024-03-01 10:60,1,2,0.5,1.5,9",
    "2024-03-01 10:00:60,1,2,0.5,1.5,9", "2024-03-01  10:01,1,2,0.5,1.5,9", "2024-03-01T10:01Z,1,2,0.5,1.5,9",
    "2024-03-01 10:01:0,1,2,0.5,1.5,9", "2024-03-01 09:59,1,2,0.5,1.5,9", "2024-03-01,1,2,0.5,1.5,9",
    "2024-03-01 10:00,1,2,0.5,1.5,9", "2024-03-01 10:01,1,2,0.5,1.5,9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *contents = g_strdup_printf ("Date,Open,High,Low,Close,Volume\n"
                                                   "2024-01-31,1,2,0.5,1.5,9\n2024-02-28,1,2,0.5,1.5,9\n"
                                                   "%s\n2024-05-01,1,2,0.5,1.5,9\n", rows[i]);
      g_test_message ("%s", rows[i]);
      assert_one_pass_as_tokeniser (fixture, contents);
    }
  for (guint i = 0; i < G_N_ELEMENTS (intraday); i++)
    for (guint previous = 0; previous < 2; previous++)
      {
        g_autofree char *contents = g_strdup_printf ("Date,Open,High,Low,Close,Volume\n"
                                                     "2024-03-01 09:00,1,2,0.5,1.5,9\n%s,1,2,0.5,1.5,9\n"
                                                     "%s\n2024-03-02 10:00,1,2,0.5,1.5,9\n",
                                                     previous == 0 ? "2024-03-01 09:58" : "2024-03-01 10:00:00.5",
                                                     intraday[i]);
        g_test_message ("%s after %u", intraday[i], previous);
        assert_one_pass_as_tokeniser (fixture, contents);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/csv/yahoo-format", test_yahoo_format);
  ADD ("/csv/backtrader-format", test_backtrader_format);
  ADD ("/csv/chinese-header", test_chinese_header);
  ADD ("/csv/chinese-short-header", test_chinese_short_header);
  ADD ("/csv/header-case-spaces-and-quotes", test_header_case_spaces_and_quotes);
  ADD ("/csv/columns-in-any-order", test_columns_in_any_order);
  ADD ("/csv/unknown-columns-ignored", test_unknown_columns_ignored);
  ADD ("/csv/missing-volume-is-zero", test_missing_volume_is_zero);
  ADD ("/csv/semicolon-delimiter", test_semicolon_delimiter);
  ADD ("/csv/tab-delimiter", test_tab_delimiter);
  ADD ("/csv/delimiter-inside-quotes-not-counted", test_delimiter_inside_quotes_not_counted);
  ADD ("/csv/utf8-bom-skipped", test_utf8_bom_skipped);
  ADD ("/csv/crlf-line-endings", test_crlf_line_endings);
  ADD ("/csv/quoted-fields", test_quoted_fields);
  ADD ("/csv/no-trailing-newline", test_no_trailing_newline);
  ADD ("/csv/blank-lines-skipped", test_blank_lines_skipped);
  ADD ("/csv/date-formats", test_date_formats);
  ADD ("/csv/datetime-formats", test_datetime_formats);
  ADD ("/csv/leap-day-accepted", test_leap_day_accepted);
  ADD ("/csv/dates-before-1970", test_dates_before_1970);
  ADD ("/csv/has-time-false-for-daily-bars", test_has_time_false_for_daily_bars);
  ADD ("/csv/has-time-true-for-intraday-bars", test_has_time_true_for_intraday_bars);
  ADD ("/csv/numbers-with-spaces-signs-exponents", test_numbers_with_spaces_signs_exponents);
  ADD ("/csv/numbers-correctly-rounded", test_numbers_correctly_rounded);
  ADD ("/csv/size-and-bytes-read", test_size_and_bytes_read);
  g_test_add_func ("/csv/stdin-pipe", test_stdin_pipe);
  g_test_add_func ("/csv/stdin-errors-name-stdin", test_stdin_errors_name_stdin);
  g_test_add_func ("/csv/days-from-civil", test_days_from_civil);
  g_test_add_func ("/csv/format-datetime", test_format_datetime);
  g_test_add_func ("/csv/format-datetime-before-1970", test_format_datetime_before_1970);
  g_test_add_func ("/csv/real-yahoo-file", test_real_yahoo_file);
  g_test_add_func ("/csv/real-backtrader-file", test_real_backtrader_file);
  ADD ("/csv/memory-bounded-on-200000-rows", test_memory_bounded_on_200000_rows);
  ADD ("/csv/one-pass-as-tokeniser", test_one_pass_as_tokeniser);
  ADD ("/csv/one-pass-edges", test_one_pass_edges);

  return g_test_run ();
}
