/* test-csv-errors.c — the CSV reader's errors: one line naming file, line
 * and column, for every way a price file can be wrong. */
#include "bk-csv.h"

#include "bk-error.h"
#include "bk-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "test-csv-common.h"

static GArray *
read_bars (const char *path, GError **error)
{
  return read_bars_with (path, NULL, error);
}

/* Asserts that reading contents fails with "PATH:" expected. */
static void
assert_read_error_len (Fixture *fixture, const char *contents, gssize len,
                       BkError code, const char *expected)
{
  GError *error = NULL;
  g_autofree char *message = g_strconcat (fixture->path, ":", expected, NULL);

  write_input (fixture, contents, len);
  g_array_unref (read_bars (fixture->path, &error));
  g_assert_error (error, BK_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

static void
assert_read_error (Fixture *fixture, const char *contents, BkError code, const char *expected)
{
  assert_read_error_len (fixture, contents, -1, code, expected);
}

/* ---- errors ------------------------------------------------------------- */

static void
test_error_missing_file (Fixture *fixture, gconstpointer data)
{
  GError *error = NULL;
  g_autofree char *expected = g_strconcat (fixture->path, ": cannot open: No such file or directory", NULL);

  g_assert_null (bk_csv_reader_new (fixture->path, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_assert_cmpstr (error->message, ==, expected);
  g_error_free (error);
}

static void
test_error_directory (Fixture *fixture, gconstpointer data)
{
  GError *error = NULL;
  g_autofree char *expected = g_strconcat (fixture->dir, ": is a directory, not a price file", NULL);

  g_assert_null (bk_csv_reader_new (fixture->dir, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_assert_cmpstr (error->message, ==, expected);
  g_error_free (error);
}

static void
test_error_empty_file (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "", BK_ERROR_PARSE, "1:1: empty file: expected a header line");
}

static void
test_error_blank_file (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "\xEF\xBB\xBF\n  \n", BK_ERROR_PARSE, "1:1: empty file: expected a header line");
}

static void
test_error_header_only (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n", BK_ERROR_PARSE,
                     "2:1: no data rows after the header");
}

static void
test_error_header_then_blank_lines (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n\n\n", BK_ERROR_PARSE,
                     "2:1: no data rows after the header");
}

static void
test_error_missing_close_column (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Adj Close,Volume\n2001-01-02,1,2,0.5,1.5,100\n",
                     BK_ERROR_PARSE, "1:1: not OHLC: found columns 'Date', 'Open', 'High', 'Low', 'Adj Close', 'Volume'; need close");
}

static void
test_error_missing_date_column (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Day,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "1:1: not OHLC: found columns 'Day', 'Open', 'High', 'Low', 'Close'; need a date");
}

static void
test_error_not_a_number (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n2001-01-03,1,abc,0.5,1.5\n",
                     BK_ERROR_PARSE, "3:14: expected a number in column 'High', got 'abc'");
}

static void
test_error_empty_number (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,\n",
                     BK_ERROR_PARSE, "2:20: expected a number in column 'Close', got an empty field");
}

static void
test_error_nan (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,NaN,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:12: expected a finite number in column 'Open', got 'NaN'");
}

static void
test_error_inf (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,-inf,1.5\n",
                     BK_ERROR_PARSE, "2:16: expected a finite number in column 'Low', got '-inf'");
}

static void
test_error_overflow_to_inf (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1e999\n",
                     BK_ERROR_PARSE, "2:20: expected a finite number in column 'Close', got '1e999'");
}

static void
test_error_null (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,null,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:12: expected a number in column 'Open', got 'null'");
}

static void
test_error_trailing_junk (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1.5x,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:12: expected a number in column 'Open', got '1.5x'");
}

static void
test_error_hex_number (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,0x10,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:12: expected a number in column 'Open', got '0x10'");
}

static void
test_error_message_escapes_control_bytes (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1\x01'\\,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:12: expected a number in column 'Open', got '1\\x01\\'\\\\'");
}

static void
test_error_message_quotes_at_most_40_chars (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,"
                     "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n",
                     BK_ERROR_PARSE,
                     "2:20: expected a number in column 'Close', got "
                     "'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...'");
}

static void
test_error_column_counts_characters (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "日期,名称,开盘,最高,最低,收盘\n2001-01-02,雅虎,1,abc,0.5,1.5\n",
                     BK_ERROR_PARSE, "2:17: expected a number in column '最高', got 'abc'");
}

static void
test_error_bad_date (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001.01.02,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) "
                     "in column 'Date', got '2001.01.02'");
}

static void
test_error_date_with_bad_time (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02 9:3,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) "
                     "in column 'Date', got '2001-01-02 9:3'");
}

static void
test_error_month_out_of_range (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-13-01,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '2001-13-01' in column 'Date': month must be 01 to 12");
}

static void
test_error_day_out_of_range (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-04-31,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '2001-04-31' in column 'Date': day must be 01 to 30 in 2001-04");
}

static void
test_error_leap_day_in_common_year (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n1900-02-29,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '1900-02-29' in column 'Date': day must be 01 to 28 in 1900-02");
}

static void
test_error_hour_out_of_range (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02 24:00,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '2001-01-02 24:00' in column 'Date': hour must be 00 to 23");
}

static void
test_error_minute_out_of_range (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02T10:60,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '2001-01-02T10:60' in column 'Date': minute must be 00 to 59");
}

static void
test_error_second_out_of_range (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02 10:00:60,1,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:1: invalid date '2001-01-02 10:00:60' in column 'Date': second must be 00 to 59");
}

static void
test_error_dates_out_of_order (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Date,Open,High,Low,Close\n2001-01-01,1,2,0.5,1.5\n2001-01-03,1,2,0.5,1.5\n"
                     "2001-01-02,1,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "4:1: date 2001-01-02 is earlier than the previous bar's 2001-01-03");
}

static void
test_error_intraday_out_of_order (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Open,Date,High,Low,Close\n1,2001-01-02 09:00,2,0.5,1.5\n1,2001-01-02 10:00,2,0.5,1.5\n"
                     "1,2001-01-02 09:59:59,2,0.5,1.5\n",
                     BK_ERROR_PARSE,
                     "4:3: date 2001-01-02T09:59:59 is earlier than the previous bar's 2001-01-02T10:00:00");
}

static void
test_error_date_repeated (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n20010102,1,2,0.5,1.5\n",
                     BK_ERROR_PARSE, "3:1: date 2001-01-02 repeats the previous bar's date");
}

static void
test_error_field_too_long (Fixture *fixture, gconstpointer data)
{
  g_autofree char *field = g_strnfill (10000, '7');
  g_autofree char *contents = g_strconcat ("Date,Open,High,Low,Close\n2001-01-02,1,", field, ",0.5,1.5\n", NULL);

  assert_read_error (fixture, contents, BK_ERROR_LIMIT, "2:14: field longer than 256 bytes");
}

static void
test_error_quoted_field_too_long (Fixture *fixture, gconstpointer data)
{
  g_autofree char *field = g_strnfill (257, 'x');
  g_autofree char *contents = g_strconcat ("Date,Open,High,Low,Close,Name\n2001-01-02,1,2,0.5,1.5,\"",
                                           field, "\"\n", NULL);

  assert_read_error (fixture, contents, BK_ERROR_LIMIT, "2:24: field longer than 256 bytes");
}

static void
test_error_header_field_too_long (Fixture *fixture, gconstpointer data)
{
  g_autofree char *field = g_strnfill (300, 'h');
  g_autofree char *contents = g_strconcat ("Date,Open,", field, ",High,Low,Close\n2001-01-02,1,2,0.5,1.5\n", NULL);

  assert_read_error (fixture, contents, BK_ERROR_LIMIT, "1:11: field longer than 256 bytes");
}

static void
test_error_line_too_long (Fixture *fixture, gconstpointer data)
{
  g_autofree char *field = g_strnfill (1000000, '7');
  g_autofree char *contents = g_strconcat ("Date,Open,High,Low,Close\n2001-01-02,1,", field, ",0.5,1.5\n", NULL);

  assert_read_error (fixture, contents, BK_ERROR_LIMIT, "2:1: line longer than 65536 bytes");
}

static void
test_error_truncated_last_line (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Date,Open,High,Low,Close,Volume,OpenInterest\n"
                     "2001-01-02,1,2,0.5,1.5,100,0\n"
                     "2001-01-03,1,2,0.5",
                     BK_ERROR_PARSE, "3:19: expected 7 fields, found 4");
}

static void
test_error_too_many_fields (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture,
                     "Date,Open,High,Low,Close,Volume,OpenInterest\n"
                     "2001-01-02,1,2,0.5,1.5,100,0,9,9\n",
                     BK_ERROR_PARSE, "2:30: expected 7 fields, found 9");
}

static void
test_error_nul_byte (Fixture *fixture, gconstpointer data)
{
  static const char contents[] = "Date,Open,High,Low,Close\n2001-01-02,1,2\0,0.5,1.5\n";

  assert_read_error_len (fixture, contents, sizeof contents - 1, BK_ERROR_PARSE,
                         "2:15: not a text file: NUL byte");
}

static void
test_error_invalid_utf8 (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1,2,\xFF\xFE,1.5\n",
                     BK_ERROR_PARSE, "2:16: not a text file: byte \\xFF is neither UTF-8 nor GB18030");
}

static void
test_error_binary_without_line_breaks (Fixture *fixture, gconstpointer data)
{
  gsize len = 200000;
  g_autofree char *junk = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    junk[i] = i % 251 + 1 == '\n' ? 'x' : (char) (i % 251 + 1);
  memcpy (junk + 10, "\x89PNG", 4);
  assert_read_error_len (fixture, junk, len, BK_ERROR_PARSE,
                         "1:11: not a text file: byte \\x89 is neither UTF-8 nor GB18030");
}

static void
test_error_unclosed_quote (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,\"1.5,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:12: quoted field is not closed on its line (fields spanning lines are not supported)");
}

static void
test_error_quote_inside_unquoted_field (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1\"5,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:13: quote inside an unquoted field (quote the whole field and double the quote)");
}

static void
test_error_text_after_closing_quote (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,\"1\"5,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:15: unexpected text after a closing quote");
}

static void
test_error_carriage_return_inside_line (Fixture *fixture, gconstpointer data)
{
  assert_read_error (fixture, "Date,Open,High,Low,Close\n2001-01-02,1\r,2,0.5,1.5\n", BK_ERROR_PARSE,
                     "2:13: carriage return in the middle of a line");
}

static void
test_error_is_sticky_after_good_bars (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GString) contents = g_string_new ("Date,Open,High,Low,Close\n");
  GError *error = NULL;
  char date[32];
  BkBar bar;
  guint n = 0;

  for (guint i = 0; i < 100; i++)
    {
      bk_format_datetime (day (2001, 1, 1) + i * 86400.0, FALSE, date);
      g_string_append_printf (contents, "%s,1,2,0.5,1.5\n", date);
    }
  g_string_append (contents, "2002-01-01,1,2,oops,1.5\n2002-01-02,1,2,0.5,1.5\n");
  write_input (fixture, contents->str, contents->len);

  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (fixture->path, NULL, &error);
  g_assert_no_error (error);
  while (bk_csv_reader_next (reader, &bar, &error))
    n++;
  g_assert_cmpuint (n, ==, 100);
  g_autofree char *expected = g_strconcat (fixture->path,
                                           ":102:16: expected a number in column 'Low', got 'oops'", NULL);
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_false (bk_csv_reader_next (reader, &bar, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/csv/error/missing-file", test_error_missing_file);
  ADD ("/csv/error/directory", test_error_directory);
  ADD ("/csv/error/empty-file", test_error_empty_file);
  ADD ("/csv/error/blank-file", test_error_blank_file);
  ADD ("/csv/error/header-only", test_error_header_only);
  ADD ("/csv/error/header-then-blank-lines", test_error_header_then_blank_lines);
  ADD ("/csv/error/missing-close-column", test_error_missing_close_column);
  ADD ("/csv/error/missing-date-column", test_error_missing_date_column);
  ADD ("/csv/error/not-a-number", test_error_not_a_number);
  ADD ("/csv/error/empty-number", test_error_empty_number);
  ADD ("/csv/error/nan", test_error_nan);
  ADD ("/csv/error/inf", test_error_inf);
  ADD ("/csv/error/overflow-to-inf", test_error_overflow_to_inf);
  ADD ("/csv/error/null", test_error_null);
  ADD ("/csv/error/trailing-junk", test_error_trailing_junk);
  ADD ("/csv/error/hex-number", test_error_hex_number);
  ADD ("/csv/error/message-escapes-control-bytes", test_error_message_escapes_control_bytes);
  ADD ("/csv/error/message-quotes-at-most-40-chars", test_error_message_quotes_at_most_40_chars);
  ADD ("/csv/error/column-counts-characters", test_error_column_counts_characters);
  ADD ("/csv/error/bad-date", test_error_bad_date);
  ADD ("/csv/error/date-with-bad-time", test_error_date_with_bad_time);
  ADD ("/csv/error/month-out-of-range", test_error_month_out_of_range);
  ADD ("/csv/error/day-out-of-range", test_error_day_out_of_range);
  ADD ("/csv/error/leap-day-in-common-year", test_error_leap_day_in_common_year);
  ADD ("/csv/error/hour-out-of-range", test_error_hour_out_of_range);
  ADD ("/csv/error/minute-out-of-range", test_error_minute_out_of_range);
  ADD ("/csv/error/second-out-of-range", test_error_second_out_of_range);
  ADD ("/csv/error/dates-out-of-order", test_error_dates_out_of_order);
  ADD ("/csv/error/intraday-out-of-order", test_error_intraday_out_of_order);
  ADD ("/csv/error/date-repeated", test_error_date_repeated);
  ADD ("/csv/error/field-too-long", test_error_field_too_long);
  ADD ("/csv/error/quoted-field-too-long", test_error_quoted_field_too_long);
  ADD ("/csv/error/header-field-too-long", test_error_header_field_too_long);
  ADD ("/csv/error/line-too-long", test_error_line_too_long);
  ADD ("/csv/error/truncated-last-line", test_error_truncated_last_line);
  ADD ("/csv/error/too-many-fields", test_error_too_many_fields);
  ADD ("/csv/error/nul-byte", test_error_nul_byte);
  ADD ("/csv/error/invalid-utf8", test_error_invalid_utf8);
  ADD ("/csv/error/binary-without-line-breaks", test_error_binary_without_line_breaks);
  ADD ("/csv/error/unclosed-quote", test_error_unclosed_quote);
  ADD ("/csv/error/quote-inside-unquoted-field", test_error_quote_inside_unquoted_field);
  ADD ("/csv/error/text-after-closing-quote", test_error_text_after_closing_quote);
  ADD ("/csv/error/carriage-return-inside-line", test_error_carriage_return_inside_line);
  ADD ("/csv/error/is-sticky-after-good-bars", test_error_is_sticky_after_good_bars);

  return g_test_run ();
}
