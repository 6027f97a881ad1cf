/* test-csv-layouts.c — price files as analysts have them.
 *
 * Every layout the reader accepts is written here, by the test itself, from
 * the same generated bars as a clean UTF-8 twin: GBK and GB18030 通达信
 * exports with a title and a trailer, UTF-16 with a BOM, headerless rows,
 * date and time columns, an unnamed time field, ISO timestamps with
 * milliseconds, Unix seconds and milliseconds, unpadded dates and
 * newest-first files.  Each must give the twin's bars, bit for bit.
 *
 * Then every file of that corpus, good and bad, is read again through a
 * pipe fed one byte at a time and with 1-, 97- and 4096-byte reads: the
 * result (bars, or the error) must not depend on how the input arrives.
 * Among them are lines for the tokeniser's grammar (quotes, blanks,
 * carriage returns, test-csv-grammar.c), each with its bars or its error
 * written out.
 */
#include "bk-csv.h"

#include "bk-error.h"
#include "bk-report.h"
#include "bk-source.h"
#include "bk-strategy.h"
#include "bk-test-util.h"
#include "test-csv-grammar.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define N_BARS 300

/* ---- bars and the files made from them ---------------------------------- */

typedef struct {
  BkBar *bars;
  guint n;
} Bars;

/* Generated bars; intraday ones, when asked, also get milliseconds. */
static Bars
make_bars (guint n, gboolean intraday, gboolean millis)
{
  Bars b = { g_new (BkBar, n), n };
  BkGenerator gen;

  bk_generator_init (&gen, 42, intraday);
  for (guint i = 0; i < n; i++)
    {
      bk_generator_next (&gen, &b.bars[i]);
      if (millis)
        {
          /* As the reader computes it: whole days, then milliseconds of the day. */
          gint64 seconds = (gint64) b.bars[i].datetime;
          gint64 days = seconds / 86400;
          gint64 ms_of_day = (seconds - days * 86400) * 1000 + (i * 37) % 1000;
          b.bars[i].datetime = (double) days * 86400.0 + ms_of_day / 1000.0;
        }
    }
  return b;
}

static void
bars_free (Bars *b)
{
  g_free (b->bars);
}

/* The date as Y-M-D (or Y/M/D) text, zero-padded or not. */
static void
append_date (GString *out, double datetime, char separator, gboolean padded)
{
  char iso[40];
  guint year, month, day;

  bk_format_datetime (datetime, FALSE, iso);
  g_assert_cmpint (sscanf (iso, "%u-%u-%u", &year, &month, &day), ==, 3);
  if (padded)
    g_string_append_printf (out, "%04u%c%02u%c%02u", year, separator, month, separator, day);
  else
    g_string_append_printf (out, "%u%c%u%c%u", year, separator, month, separator, day);
}

static void
append_time (GString *out, double datetime)
{
  char iso[40];

  bk_format_datetime (datetime, TRUE, iso);
  g_string_append (out, iso + 11);
}

static void
append_prices (GString *out, const BkBar *bar, char delimiter)
{
  g_string_append_printf (out, "%c%.2f%c%.2f%c%.2f%c%.2f%c%.0f", delimiter, bar->open, delimiter, bar->high,
                          delimiter, bar->low, delimiter, bar->close, delimiter, bar->volume);
}

typedef enum {
  ORDER_OLDEST_FIRST,
  ORDER_NEWEST_FIRST,
} Order;

static guint
row_index (const Bars *b, guint i, Order order)
{
  return order == ORDER_OLDEST_FIRST ? i : b->n - 1 - i;
}

/* The clean twin: Yahoo's layout without Adj Close, UTF-8, LF. */
static char *
clean_twin (const Bars *b, Order order)
{
  GString *out = g_string_new ("Date,Open,High,Low,Close,Volume\n");

  for (guint i = 0; i < b->n; i++)
    {
      const BkBar *bar = &b->bars[row_index (b, i, order)];
      char date[40];

      bk_format_datetime (bar->datetime, FALSE, date);
      g_string_append (out, date);
      append_prices (out, bar, ',');
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* 通达信's full export: a title, a padded tab-separated Chinese header,
 * rows with an amount, CRLF, and a trailer naming the source. */
static char *
tdx_export (const Bars *b, const char *title, Order order)
{
  GString *out = g_string_new (title);

  g_string_append (out, "\r\n      日期\t    开盘\t    最高\t    最低\t    收盘\t    成交量\t    成交额\r\n");
  for (guint i = 0; i < b->n; i++)
    {
      const BkBar *bar = &b->bars[row_index (b, i, order)];

      append_date (out, bar->datetime, '/', TRUE);
      append_prices (out, bar, '\t');
      g_string_append_printf (out, "\t%.2f\r\n", bar->volume * bar->close);
    }
  g_string_append (out, "数据来源:通达信\r\n");
  return g_string_free (out, FALSE);
}

static char *
convert (const char *utf8, const char *to, gsize *len)
{
  GError *error = NULL;
  char *out = g_convert (utf8, -1, to, "UTF-8", NULL, len, &error);

  g_assert_no_error (error);
  return out;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct {
  GArray *bars;
  char *error;          /* the message with the file's name cut off, or NULL */
  char *encoding;
  gboolean reversed;
  GArray *skipped;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->bars, g_array_unref);
  g_clear_pointer (&r->skipped, g_array_unref);
  g_clear_pointer (&r->error, g_free);
  g_clear_pointer (&r->encoding, g_free);
}

static Result
read_reader (BkCsvReader *reader, GError *error, const char *name)
{
  Result r = { g_array_new (FALSE, FALSE, sizeof (BkBar)), NULL, NULL, FALSE,
               g_array_new (FALSE, FALSE, sizeof (guint64)) };
  BkBar bar;

  if (reader != NULL)
    {
      while (bk_csv_reader_next (reader, &bar, &error))
        g_array_append_val (r.bars, bar);
      r.encoding = g_strdup (bk_csv_reader_get_encoding (reader));
      r.reversed = bk_csv_reader_get_reversed (reader);
      const GArray *skipped = bk_csv_reader_get_skipped_lines (reader);
      g_array_append_vals (r.skipped, skipped->data, skipped->len);
    }
  if (error != NULL)
    {
      g_assert_true (g_str_has_prefix (error->message, name));
      r.error = g_strdup (error->message + strlen (name));
      g_error_free (error);
    }
  bk_csv_reader_free (reader);
  return r;
}

static Result
read_file_with (const char *path, const BkCsvOptions *options)
{
  GError *error = NULL;
  BkCsvReader *reader = bk_csv_reader_new (path, options, &error);

  return read_reader (reader, error, path);
}

static Result
read_file (const char *path, gsize read_size)
{
  BkCsvOptions options = { .read_size = read_size };

  return read_file_with (path, &options);
}

typedef struct {
  int fd;
  const char *data;
  gsize len;
} Trickle;

static gpointer
trickle_thread (gpointer data)
{
  Trickle *t = data;

  for (gsize i = 0; i < t->len; i++)
    if (write (t->fd, t->data + i, 1) != 1)
      break;   /* the reader stopped early, after an error */
  close (t->fd);
  return NULL;
}

/* Reads contents through a pipe written one byte at a time. */
static Result
read_pipe (const char *contents, gsize len, gsize read_size)
{
  BkCsvOptions options = { .read_size = read_size };
  GError *error = NULL;
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  Trickle t = { fds[1], contents, len };
  GThread *writer = g_thread_new ("trickle", trickle_thread, &t);
  BkCsvReader *reader = bk_csv_reader_new_for_fd (fds[0], "pipe", &options, &error);
  Result r = read_reader (reader, error, "pipe");

  /* Unblock the writer if the reader stopped before the end. */
  close (fds[0]);
  g_thread_join (writer);
  return r;
}

static void
assert_same_bars (GArray *got, const Bars *expected)
{
  g_assert_cmpuint (got->len, ==, expected->n);
  for (guint i = 0; i < expected->n; i++)
    {
      const BkBar *a = &g_array_index (got, BkBar, i);
      const BkBar *b = &expected->bars[i];

      g_assert_cmpfloat (a->datetime, ==, b->datetime);
      g_assert_cmpfloat (a->open, ==, b->open);
      g_assert_cmpfloat (a->high, ==, b->high);
      g_assert_cmpfloat (a->low, ==, b->low);
      g_assert_cmpfloat (a->close, ==, b->close);
      g_assert_cmpfloat (a->volume, ==, b->volume);
    }
}

static void
assert_same_result (const Result *a, const Result *b)
{
  g_assert_cmpstr (a->error, ==, b->error);
  g_assert_cmpuint (a->bars->len, ==, b->bars->len);
  g_assert_cmpmem (a->bars->data, a->bars->len * sizeof (BkBar), b->bars->data, b->bars->len * sizeof (BkBar));
  g_assert_cmpstr (a->encoding, ==, b->encoding);
  g_assert_cmpint (a->reversed, ==, b->reversed);
  g_assert_cmpmem (a->skipped->data, a->skipped->len * sizeof (guint64),
                   b->skipped->data, b->skipped->len * sizeof (guint64));
}

/* ---- the corpus --------------------------------------------------------- */

typedef struct {
  const char *name;
  char *contents;
  gsize len;
  Bars expected;             /* n == 0 for a bad input */
  const char *encoding;
  gboolean reversed;
  guint64 skipped[4];        /* then 0 */
  const char *error;         /* ":LINE:COL: message" for a bad input */
  const char *outcome;       /* a tokeniser case: its bars as text, or its error */
} Case;


static GPtrArray *corpus;
static char *corpus_dir;
static Bars daily, minutes, ticks;

static Case *
add_case (const char *name, char *contents, gssize len)
{
  Case *c = g_new0 (Case, 1);

  c->name = name;
  c->contents = contents;
  c->len = len < 0 ? strlen (contents) : (gsize) len;
  c->encoding = "UTF-8";
  g_ptr_array_add (corpus, c);
  return c;
}

/* A 通达信 export of the daily bars in a Chinese encoding: the title and
 * the trailer are skipped. */
static Case *
add_tdx_case (const char *name, const char *title, const char *encoding, Order order)
{
  g_autofree char *utf8 = tdx_export (&daily, title, order);
  Case *c = add_case (name, NULL, 0);

  c->contents = convert (utf8, encoding, &c->len);
  c->expected = daily;
  c->encoding = "GB18030";
  c->skipped[0] = 1;
  c->skipped[1] = N_BARS + 3;
  return c;
}

static char *
case_path (const Case *c)
{
  return g_build_filename (corpus_dir, c->name, NULL);
}

static void
build_corpus (void)
{
  Case *c;
  GString *s;

  corpus = g_ptr_array_new ();
  daily = make_bars (N_BARS, FALSE, FALSE);
  minutes = make_bars (N_BARS, TRUE, FALSE);
  ticks = make_bars (N_BARS, TRUE, TRUE);

  c = add_case ("clean.csv", clean_twin (&daily, ORDER_OLDEST_FIRST), -1);
  c->expected = daily;
  add_tdx_case ("tdx-gbk.txt", "600000 浦发银行 日线 前复权", "GBK", ORDER_OLDEST_FIRST);
  /* 㐀 is outside GBK: four bytes in GB18030. */
  add_tdx_case ("tdx-gb18030.txt", "600000 浦发银行㐀 日线 前复权", "GB18030", ORDER_OLDEST_FIRST);

  /* Excel's "Unicode text": UTF-16 with a BOM, tabs, CRLF. */
  s = g_string_new ("Date\tOpen\tHigh\tLow\tClose\tVolume\r\n");
  for (guint i = 0; i < daily.n; i++)
    {
      append_date (s, daily.bars[i].datetime, '-', TRUE);
      append_prices (s, &daily.bars[i], '\t');
      g_string_append (s, "\r\n");
    }
  for (guint e = 0; e < 2; e++)
    {
      gsize len;
      g_autofree char *body = convert (s->str, e == 0 ? "UTF-16LE" : "UTF-16BE", &len);
      char *bytes = g_malloc (len + 2);

      memcpy (bytes, e == 0 ? "\xFF\xFE" : "\xFE\xFF", 2);
      memcpy (bytes + 2, body, len);
      c = add_case (e == 0 ? "utf16le.txt" : "utf16be.txt", bytes, len + 2);
      c->expected = daily;
      c->encoding = e == 0 ? "UTF-16LE" : "UTF-16BE";
    }
  g_string_free (s, TRUE);

  /* 通达信 without a header: date, open, high, low, close, volume, amount. */
  s = g_string_new (NULL);
  for (guint i = 0; i < daily.n; i++)
    {
      append_date (s, daily.bars[i].datetime, '/', TRUE);
      append_prices (s, &daily.bars[i], '\t');
      g_string_append_printf (s, "\t%.2f\n", daily.bars[i].volume * daily.bars[i].close);
    }
  c = add_case ("headerless.txt", g_string_free (s, FALSE), -1);
  c->expected = daily;

  /* backtrader's intraday files: a Time column, or an unnamed time field. */
  for (guint named = 0; named < 2; named++)
    {
      s = g_string_new (named ? "Date,Time,Open,High,Low,Close,Volume,OpenInterest\n"
                              : "Date,Open,High,Low,Close,Volume,OpenInterest\n");
      for (guint i = 0; i < minutes.n; i++)
        {
          append_date (s, minutes.bars[i].datetime, '-', TRUE);
          g_string_append_c (s, ',');
          append_time (s, minutes.bars[i].datetime);
          append_prices (s, &minutes.bars[i], ',');
          g_string_append (s, ",0\n");
        }
      c = add_case (named ? "date-time-columns.txt" : "unnamed-time-field.txt", g_string_free (s, FALSE), -1);
      c->expected = minutes;
    }

  /* Ticks: ISO with milliseconds, and the same as Unix milliseconds. */
  s = g_string_new ("Datetime,Open,High,Low,Close,Volume\n");
  GString *unix_ms = g_string_new ("timestamp,open,high,low,close,volume\n");
  for (guint i = 0; i < ticks.n; i++)
    {
      char iso[40];

      bk_format_datetime (ticks.bars[i].datetime, TRUE, iso);
      g_string_append (s, iso);
      append_prices (s, &ticks.bars[i], ',');
      g_string_append_c (s, '\n');
      g_string_append_printf (unix_ms, "%.0f", floor (ticks.bars[i].datetime * 1000.0 + 0.5));
      append_prices (unix_ms, &ticks.bars[i], ',');
      g_string_append_c (unix_ms, '\n');
    }
  c = add_case ("iso-millis.csv", g_string_free (s, FALSE), -1);
  c->expected = ticks;
  c = add_case ("unix-millis.csv", g_string_free (unix_ms, FALSE), -1);
  c->expected = ticks;

  s = g_string_new ("timestamp,open,high,low,close,volume\n");
  for (guint i = 0; i < minutes.n; i++)
    {
      g_string_append_printf (s, "%.0f", minutes.bars[i].datetime);
      append_prices (s, &minutes.bars[i], ',');
      g_string_append_c (s, '\n');
    }
  c = add_case ("unix-seconds.csv", g_string_free (s, FALSE), -1);
  c->expected = minutes;

  for (guint slash = 0; slash < 2; slash++)
    {
      s = g_string_new ("date,open,high,low,close,volume\n");
      for (guint i = 0; i < daily.n; i++)
        {
          append_date (s, daily.bars[i].datetime, slash ? '/' : '-', FALSE);
          append_prices (s, &daily.bars[i], ',');
          g_string_append_c (s, '\n');
        }
      c = add_case (slash ? "unpadded-slashes.csv" : "unpadded-dashes.csv", g_string_free (s, FALSE), -1);
      c->expected = daily;
    }

  /* Newest first: plain, and a GBK 通达信 export with title and trailer. */
  c = add_case ("newest-first.csv", clean_twin (&daily, ORDER_NEWEST_FIRST), -1);
  c->expected = daily;
  c->reversed = TRUE;
  c = add_tdx_case ("newest-first-gbk.txt", "600000 浦发银行 日线 前复权", "GBK", ORDER_NEWEST_FIRST);
  c->reversed = TRUE;

  /* Newest first in UTF-16: read from the end in two-byte units. */
  {
    g_autofree char *twin = clean_twin (&daily, ORDER_NEWEST_FIRST);
    gsize len;
    g_autofree char *body = convert (twin, "UTF-16LE", &len);
    char *bytes = g_malloc (len + 2);

    memcpy (bytes, "\xFF\xFE", 2);
    memcpy (bytes + 2, body, len);
    c = add_case ("newest-first-utf16.txt", bytes, len + 2);
    c->expected = daily;
    c->encoding = "UTF-16LE";
    c->reversed = TRUE;
  }

  /* Numbers and dates in every form a row can take, the plain ones (read
   * in one pass) among those the general path reads (a blank, a sign, an
   * exponent, a quote, 16 digits): the same bars whichever path a row
   * takes. */
  {
#define DAY(y, m, d) ((double) bk_days_from_civil (y, m, d) * 86400.0)
    static BkBar forms[8];
    const BkBar expected[] = {
      { .open = 0.5, .high = 5.5, .low = 0.25, .close = 5.0, .volume = 100 },
      { .open = 1.5, .high = 2.0, .low = 1.0, .close = 1.5, .volume = 100 },
      { .open = 1234567890.12345, .high = 1234567890.123456, .low = 1234567890.0, .close = 1234567890.1 },
      { .open = 1.5, .high = 2.0, .low = 1.0, .close = 1.5, .volume = 7 },
      { .open = 1.5, .high = 2.0, .low = 1.0, .close = 1.5, .volume = 0 },
      { .open = 1.5, .high = 2.0, .low = 1.0, .close = 1.5, .volume = 9007199254740992.0 },
      { .open = 0.1, .high = 0.3, .low = 0.1, .close = 0.3, .volume = 3 },
      { .open = 0.1, .high = 0.3, .low = 0.1, .close = 0.3, .volume = 3 },
    };
    const double days[] = {
      DAY (2001, 1, 2), DAY (2001, 1, 3), DAY (2001, 1, 4), DAY (2001, 1, 5),
      DAY (2001, 1, 8), DAY (2001, 1, 9), DAY (2001, 1, 10), DAY (2001, 1, 11),
    };
#undef DAY
    G_STATIC_ASSERT (G_N_ELEMENTS (expected) == G_N_ELEMENTS (forms));
    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        forms[i] = expected[i];
        forms[i].datetime = days[i];
      }
    c = add_case ("row-forms.csv", g_strdup (
        "Date,Open,High,Low,Close,Volume\n"
        "2001-01-02,.5,0005.50,0.25,5.,100\n"
        "2001-01-03, 1.5,2 ,1,+1.5,1e2\n"
        "2001-01-04,1234567890.12345,1234567890.123456,1234567890,1234567890.1,0\n"
        "2001-01-05,\"1.5\",2,1,1.5,7\n"
        "2001/1/8,1.5,2,1,1.5,000\n"
        "20010109,1.5,2,1,1.5,9007199254740993\n"
        "2001-01-10,0.1,0.3,0.1,0.3,3\n"
        " 2001-01-11,0.100000000000000,0.30000000000000000,.1,.3,3.\n"), -1);
    c->expected = (Bars) { forms, G_N_ELEMENTS (forms) };
  }

  /* Bad inputs: each with its position. */
  static const struct {
    const char *name;
    const char *contents;
    const char *error;
  } bad[] = {
    { "not-ohlc.csv", "TIMESTAMP,BID,ASK\n02/03/2010 16:53:50,0.5346,0.5347\n",
      ":1:1: not OHLC: found columns 'TIMESTAMP', 'BID', 'ASK'; need open, high, low, close" },
    { "not-ohlc-rows.csv", "2010-02-03 16:53:50,0.5346,0.5347\n",
      ":1:1: not OHLC: the first row has a date and 2 numbers; need a date, then open, high, low and close" },
    { "high-below-low.csv", "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n2001-01-03,1,0.9,1.1,1\n",
      ":3:14: high 0.9 is below low 1.1" },
    { "high-below-close.csv", "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,2.5\n",
      ":2:14: high 2 is below close 2.5" },
    { "low-above-open.csv", "Date,Open,High,Low,Close\n2001-01-02,1,2,1.2,1.5\n",
      ":2:16: low 1.2 is above open 1" },
    { "negative-price.csv", "Date,Open,High,Low,Close\n2001-01-02,1,2,-0.5,1.5\n",
      ":2:16: price -0.5 in column 'Low' is not positive" },
    { "zero-price.csv", "Date,Open,High,Low,Close\n2001-01-02,0,2,0.5,1.5\n",
      ":2:12: price 0 in column 'Open' is not positive" },
    { "negative-volume.csv", "Date,Open,High,Low,Close,Volume\n2001-01-02,1,2,0.5,1.5,-3\n",
      ":2:24: volume -3 is negative" },
    { "mixed-stamps.csv", "Date,Open,High,Low,Close\n2001-01-02 10:00,1,2,0.5,1.5\n2001-01-03,1,2,0.5,1.5\n",
      ":3:1: a date without a time of day among dates with one (from line 2)" },
    { "trailer-then-rows.csv", "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\nTotal\n2001-01-03,1,2,0.5,1.5\n",
      ":3:1: expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) in column 'Date', got 'Total'" },
    { "too-many-trailers.csv",
      "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\na\nb\nc\nd\ne\nf\n",
      ":3:1: expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) in column 'Date', got 'a'" },
    { "too-many-titles.csv", "a\nb\nc\nd\ne\nf\nDate,Open,High,Low,Close\n2001-01-02,1,2,0.5,1.5\n",
      ":6:1: no header in the first 6 lines: expected one naming date, open, high, low and close, "
      "or rows of a date and four prices" },
    { "unsorted.csv", "Date,Open,High,Low,Close\n2001-01-05,1,2,0.5,1.5\n2001-01-03,1,2,0.5,1.5\n"
      "2001-01-04,1,2,0.5,1.5\n",
      ":3:1: date 2001-01-03 is earlier than the next line's 2001-01-04 in this newest-first file" },
    { "time-column-bad.csv", "Date,Time,Open,High,Low,Close\n2001-01-02,9h30,1,2,0.5,1.5\n",
      ":2:12: expected a time (HH:MM or HH:MM:SS) in column 'Time', got '9h30'" },
    { "unix-far-future.csv", "timestamp,open,high,low,close\n99999999999999999,1,2,0.5,1.5\n",
      ":2:1: Unix time '99999999999999999' in column 'timestamp' is after the year 9999" },
    { "control-chars.csv", "Date,Open,High,Low,Close\n2001-01-02,1\x1b[2J,2,0.5,1.5\n",
      ":2:12: expected a number in column 'Open', got '1\\x1B[2J'" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      c = add_case (bad[i].name, g_strdup (bad[i].contents), -1);
      c->error = bad[i].error;
      c->reversed = strstr (bad[i].error, "newest-first") != NULL;
    }

  /* Lines for the tokeniser's grammar (test-csv-grammar.c). */
  guint n_lines;
  const BkCsvGrammarCase *lines = bk_csv_grammar_cases (&n_lines);
  for (guint i = 0; i < n_lines; i++)
    {
      c = add_case (lines[i].name, g_strdup (lines[i].contents), -1);
      c->outcome = lines[i].outcome;
    }

  /* A valid UTF-8 line of 150,000 bytes is too long, not binary. */
  s = g_string_new ("Date,Open,High,Low,Close,Name\n2001-01-02,1,2,0.5,1.5,");
  for (guint i = 0; i < 50000; i++)
    g_string_append (s, "浦");
  g_string_append_c (s, '\n');
  c = add_case ("long-utf8-line.csv", g_string_free (s, FALSE), -1);
  c->error = ":2:1: line longer than 65536 bytes";

  /* GBK that is not: bytes no encoding reads. */
  c = add_case ("binary.csv", g_strdup ("Date,Open,High,Low,Close\n2001-01-02,\xFF\x80,2,0.5,1.5\n"), -1);
  c->error = ":2:12: not a text file: byte \\xFF is neither UTF-8 nor GB18030";

  GError *error = NULL;
  corpus_dir = g_dir_make_tmp ("barkeep-test-layouts-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < corpus->len; i++)
    {
      Case *k = g_ptr_array_index (corpus, i);
      g_autofree char *path = case_path (k);

      g_file_set_contents (path, k->contents, k->len, &error);
      g_assert_no_error (error);
    }
}

static void
remove_corpus (void)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      Case *c = g_ptr_array_index (corpus, i);
      g_autofree char *path = case_path (c);

      g_remove (path);
      g_free (c->contents);
      g_free (c);
    }
  g_ptr_array_unref (corpus);
  bars_free (&daily);
  bars_free (&minutes);
  bars_free (&ticks);
  g_rmdir (corpus_dir);
  g_free (corpus_dir);
}

static const Case *
find_case (const char *name)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      const Case *c = g_ptr_array_index (corpus, i);
      if (strcmp (c->name, name) == 0)
        return c;
    }
  g_assert_not_reached ();
}

/* ---- tests -------------------------------------------------------------- */

/* One layout: the twin's bars, the encoding, reversal and skipped lines. */
static void
test_layout (gconstpointer data)
{
  const Case *c = find_case (data);
  g_autofree char *path = case_path (c);
  Result r = read_file (path, 0);

  g_assert_cmpstr (r.error, ==, NULL);
  assert_same_bars (r.bars, &c->expected);
  g_assert_cmpstr (r.encoding, ==, c->encoding);
  g_assert_cmpint (r.reversed, ==, c->reversed);
  guint n_skipped = 0;
  while (n_skipped < G_N_ELEMENTS (c->skipped) && c->skipped[n_skipped] != 0)
    n_skipped++;
  g_assert_cmpuint (r.skipped->len, ==, n_skipped);
  for (guint i = 0; i < n_skipped; i++)
    g_assert_cmpuint (g_array_index (r.skipped, guint64, i), ==, c->skipped[i]);
  result_clear (&r);
}

/* The bars as text, one "date open high low close volume" each, or the
 * error. */
static char *
describe_result (const Result *r)
{
  if (r->error != NULL)
    return g_strdup (r->error);

  GString *text = g_string_new (NULL);
  for (guint i = 0; i < r->bars->len; i++)
    {
      const BkBar *bar = &g_array_index (r->bars, BkBar, i);
      char date[32];

      bk_format_datetime (bar->datetime, FALSE, date);
      g_string_append_printf (text, "%s%s %g %g %g %g %g", i > 0 ? "; " : "", date,
                              bar->open, bar->high, bar->low, bar->close, bar->volume);
    }
  return g_string_free (text, FALSE);
}

static void
test_tokenizer_line (gconstpointer data)
{
  const Case *c = find_case (data);
  g_autofree char *path = case_path (c);
  Result r = read_file (path, 0);
  g_autofree char *outcome = describe_result (&r);

  g_assert_cmpstr (outcome, ==, c->outcome);
  result_clear (&r);
}

static void
test_bad_input (gconstpointer data)
{
  const Case *c = find_case (data);
  g_autofree char *path = case_path (c);
  Result r = read_file (path, 0);

  g_assert_cmpstr (r.error, ==, c->error);
  result_clear (&r);
}

/* Read sizes, pipes and reading every row through the tokeniser change
 * nothing; only a newest-first pipe is refused. */
static void
test_any_cut_same_result (void)
{
  static const gsize read_sizes[] = { 1, 97, 4096 };
  static const BkCsvOptions general_rows = { .general_rows = TRUE };

  for (guint i = 0; i < corpus->len; i++)
    {
      const Case *c = g_ptr_array_index (corpus, i);
      g_autofree char *path = case_path (c);
      Result whole = read_file (path, 0);
      Result general = read_file_with (path, &general_rows);

      g_test_message ("%s", c->name);
      assert_same_result (&whole, &general);
      result_clear (&general);
      for (guint k = 0; k < G_N_ELEMENTS (read_sizes); k++)
        {
          Result cut = read_file (path, read_sizes[k]);
          assert_same_result (&whole, &cut);
          result_clear (&cut);
        }
      for (guint k = 0; k < 2; k++)
        {
          Result piped = read_pipe (c->contents, c->len, k == 0 ? 0 : 97);
          if (c->reversed)
            {
              g_assert_nonnull (piped.error);
              g_assert_nonnull (strstr (piped.error, "newest-first"));
              g_assert_nonnull (strstr (piped.error, "sort it oldest-first"));
            }
          else
            assert_same_result (&whole, &piped);
          result_clear (&piped);
        }
      result_clear (&whole);
    }
}

static void
test_lenient_counts_warnings (void)
{
  g_autofree char *path = case_path (find_case ("high-below-low.csv"));
  BkCsvOptions options = { .lenient = TRUE };
  GError *error = NULL;
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (path, &options, &error);
  BkBar bar;
  guint n = 0;

  g_assert_no_error (error);
  while (bk_csv_reader_next (reader, &bar, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (bk_csv_reader_get_n_warnings (reader), ==, 1);
  g_autofree char *expected = g_strconcat (path, ":3:14: high 0.9 is below low 1.1", NULL);
  g_assert_cmpstr (bk_csv_reader_get_first_warning (reader), ==, expected);
}

/* Newest-first in every mode gives the twin's dump, and mode 1 the same
 * cells for 300 bars as for 3000. */
static void
test_newest_first_every_mode (void)
{
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", NULL);
  g_autofree char *clean = case_path (find_case ("clean.csv"));
  g_autofree char *newest = case_path (find_case ("newest-first-gbk.txt"));
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                                  BK_MODE_PLOT_SAVE_UNPLOTTED };

  g_assert_nonnull (strategy);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      guint64 cells_clean, cells_newest;
      g_autofree char *a = bk_test_run_dump (strategy, clean, modes[i], BK_PRECISION_F64, &cells_clean);
      g_autofree char *b = bk_test_run_dump (strategy, newest, modes[i], BK_PRECISION_F64, &cells_newest);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpuint (cells_clean, ==, cells_newest);
    }

  /* Mode 1 holds the same cells whatever the file's length. */
  Bars many = make_bars (N_BARS * 10, FALSE, FALSE);
  g_autofree char *tdx = tdx_export (&many, "600000", ORDER_NEWEST_FIRST);
  g_autofree char *long_path = g_build_filename (corpus_dir, "newest-first-long.txt", NULL);
  GError *error = NULL;
  g_file_set_contents (long_path, tdx, -1, &error);
  g_assert_no_error (error);
  guint64 short_cells, long_cells;
  g_free (bk_test_run_dump (strategy, newest, BK_MODE_MINIMAL, BK_PRECISION_F64, &short_cells));
  g_free (bk_test_run_dump (strategy, long_path, BK_MODE_MINIMAL, BK_PRECISION_F64, &long_cells));
  g_assert_cmpuint (short_cells, ==, long_cells);
  g_remove (long_path);
  bars_free (&many);
}

/* Reading a large newest-first file from its end holds a fixed amount of
 * memory: the heap in use while reading stays within 1 MiB of where it
 * started, for a file of more than 10 MB.  Not in a sanitizer's build,
 * whose allocator leaves mallinfo2() empty. */
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
static void
test_newest_first_constant_memory (void)
{
  Bars many = make_bars (200000, FALSE, FALSE);
  g_autofree char *text = tdx_export (&many, "600000", ORDER_NEWEST_FIRST);
  g_autofree char *path = g_build_filename (corpus_dir, "newest-first-big.txt", NULL);
  GError *error = NULL;
  BkBar bar, previous = { 0 };
  guint n = 0;
  gsize peak = 0;

  g_assert_cmpuint (strlen (text), >, 10 * 1000 * 1000);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);

  gsize baseline = mallinfo2 ().uordblks;
  if (baseline == 0)
    {
      g_test_skip ("mallinfo2 reports nothing under this allocator (a sanitizer build)");
      g_remove (path);
      bars_free (&many);
      return;
    }
  BkCsvReader *reader = bk_csv_reader_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bk_csv_reader_get_reversed (reader));
  while (bk_csv_reader_next (reader, &bar, &error))
    {
      g_assert_true (n == 0 || bar.datetime > previous.datetime);
      g_assert_cmpfloat (bar.close, ==, many.bars[n].close);
      previous = bar;
      if (n++ % 1000 == 0)
        peak = MAX (peak, mallinfo2 ().uordblks);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, many.n);
  g_assert_cmpuint (bk_csv_reader_get_bytes_read (reader), ==, bk_csv_reader_get_size (reader));
  bk_csv_reader_free (reader);
  g_test_message ("heap in use while reading: %" G_GSIZE_FORMAT " bytes above the start",
                  peak > baseline ? peak - baseline : 0);
  g_assert_cmpuint (peak, <, baseline + 1024 * 1024);
  g_remove (path);
  bars_free (&many);
}
#endif

/* Prices as text read back to the very doubles strtod gives, whatever
 * their digits: the reader's fast path for short decimals rounds as it does. */
static void
test_numbers_as_strtod (void)
{
  g_autoptr(GString) text = g_string_new ("Date,Open,High,Low,Close,Volume\n");
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (corpus_dir, "numbers.csv", NULL);
  GRand *rand = g_rand_new_with_seed (20261201);
  GError *error = NULL;
  double datetime = 0;

  for (guint i = 0; i < 20000; i++)
    {
      /* 1 to 18 digits, the point anywhere, sometimes leading zeros. */
      guint n = g_rand_int_range (rand, 1, 19);
      guint point = g_rand_int_range (rand, 0, n + 1);
      GString *number = g_string_new (g_rand_boolean (rand) ? "0" : "");
      for (guint d = 0; d < n; d++)
        {
          if (d == point && d > 0)
            g_string_append_c (number, '.');
          g_string_append_c (number, (char) ('0' + g_rand_int_range (rand, d == 0 ? 1 : 0, 10)));
        }
      char date[40];
      bk_format_datetime (datetime, FALSE, date);
      datetime += 86400;
      /* The same price four times: valid OHLC. */
      g_string_append_printf (text, "%s,%s,%s,%s,%s,1\n", date, number->str, number->str, number->str, number->str);
      g_ptr_array_add (written, g_string_free (number, FALSE));
    }
  g_rand_free (rand);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  Result r = read_file (path, 0);
  g_assert_cmpstr (r.error, ==, NULL);
  g_assert_cmpuint (r.bars->len, ==, written->len);
  for (guint i = 0; i < written->len; i++)
    {
      double expected = g_ascii_strtod (g_ptr_array_index (written, i), NULL);
      double got = g_array_index (r.bars, BkBar, i).close;

      if (memcmp (&got, &expected, sizeof got) != 0)
        g_error ("'%s' read as %.17g, strtod gives %.17g", (char *) g_ptr_array_index (written, i), got, expected);
    }
  result_clear (&r);
  g_remove (path);
}

/* A volume column titled with its unit is read as volume (numbers as the
 * file has them: 手 stays lots); a title that reads like a volume in
 * another unit is an error naming the column, not a volume of zero. */
static void
test_volume_titles_with_units (void)
{
  static const char *const read[] = { "成交量(股)", "成交量（手）", "Volume(shares)", "Volume (lots)", "Vol.", "VOL" };
  static const char *const refused[] = { "成交量(万股)", "Volume BTC", "Volume(k)", "vol_usd" };
  g_autofree char *path = g_build_filename (corpus_dir, "volume-title.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (read) + G_N_ELEMENTS (refused); i++)
    {
      gboolean ok = i < G_N_ELEMENTS (read);
      const char *title = ok ? read[i] : refused[i - G_N_ELEMENTS (read)];
      g_autofree char *text = g_strdup_printf ("Date,Open,High,Low,Close,%s\n"
                                               "2020-01-02,10,11,9,10.5,1200\n"
                                               "2020-01-03,10.5,12,10,11,3400\n", title);
      GError *error = NULL;

      g_test_message ("title %s", title);
      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
      Result r = read_file (path, 0);
      if (ok)
        {
          g_assert_null (r.error);
          g_assert_cmpuint (r.bars->len, ==, 2);
          g_assert_cmpfloat (g_array_index (r.bars, BkBar, 0).volume, ==, 1200);
          g_assert_cmpfloat (g_array_index (r.bars, BkBar, 1).volume, ==, 3400);
        }
      else
        {
          g_autofree char *expect = g_strdup_printf (":1:26: column '%s' looks like a volume", title);
          g_assert_nonnull (r.error);
          g_assert_true (g_str_has_prefix (r.error, expect));
          g_assert_null (strchr (r.error, '\n'));
        }
      result_clear (&r);
    }
  /* With a volume read, another column that mentions volume is just
   * another column. */
  g_autofree char *both = g_strdup ("Date,Open,High,Low,Close,Volume,Volume USDT\n2020-01-02,10,11,9,10.5,7,70\n");
  GError *error = NULL;
  g_file_set_contents (path, both, -1, &error);
  g_assert_no_error (error);
  Result r = read_file (path, 0);
  g_assert_null (r.error);
  g_assert_cmpfloat (g_array_index (r.bars, BkBar, 0).volume, ==, 7);
  result_clear (&r);
  g_remove (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The trickling writer outlives a reader that stopped at an error. */
  signal (SIGPIPE, SIG_IGN);
  build_corpus ();

  for (guint i = 0; i < corpus->len; i++)
    {
      const Case *c = g_ptr_array_index (corpus, i);
      g_autofree char *test_path = NULL;

      if (c->outcome != NULL)
        {
          test_path = g_strdup_printf ("/csv/tokenizer/%s", c->name);
          g_test_add_data_func (test_path, c->name, test_tokenizer_line);
          continue;
        }
      test_path = g_strdup_printf ("/csv/%s/%s", c->error == NULL ? "layout" : "bad-input", c->name);
      g_test_add_data_func (test_path, c->name, c->error == NULL ? test_layout : test_bad_input);
    }
  g_test_add_func ("/csv/any-cut-same-result", test_any_cut_same_result);
  g_test_add_func ("/csv/lenient-counts-warnings", test_lenient_counts_warnings);
  g_test_add_func ("/csv/numbers-as-strtod", test_numbers_as_strtod);
  g_test_add_func ("/csv/newest-first/every-mode", test_newest_first_every_mode);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  g_test_add_func ("/csv/newest-first/constant-memory", test_newest_first_constant_memory);
#endif
  g_test_add_func ("/csv/volume-titles-with-units", test_volume_titles_with_units);

  int status = g_test_run ();
  remove_corpus ();
  return status;
}
