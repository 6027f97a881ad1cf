/* test-ticks.c — ticks in the CSV reader, resampling and replay.
 *
 * Ticks: backtrader's own tick sample and files of a single price column
 * are read, repeated timestamps kept in file order, a tick out of order
 * left out with a warning (or, strict, the error).
 *
 * Resampling and replay: every reference of tests/data/reference/ticks/
 * (backtrader's resampledata and replaydata, made by
 * make-ticks-reference.py) is run in the four memory modes, and every bar
 * the strategy sees — its count, time, prices, volume, openinterest, and
 * SMA(3) and EMA(3) of the close — must be backtrader's exactly.
 */
#include "bk-csv.h"
#include "bk-error.h"
#include "bk-node.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "bk-universe.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Every row of a file, or the error. */
static GArray *
read_all (const char *path, const BkCsvOptions *options, BkCsvReader **reader_out, GError **error)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  BkCsvReader *reader = bk_csv_reader_new (path, options, error);
  BkBar bar;

  if (reader == NULL)
    return bars;
  while (bk_csv_reader_next (reader, &bar, error))
    g_array_append_val (bars, bar);
  if (reader_out != NULL)
    *reader_out = reader;
  else
    bk_csv_reader_free (reader);
  return bars;
}

/* A file in a new temporary directory with `contents`; free with drop_file. */
static char *
write_file (const char *contents)
{
  GError *error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("barkeep-test-ticks-XXXXXX", &error);
  g_assert_no_error (error);
  char *path = g_build_filename (dir, "ticks.csv", NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
drop_file (char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (path);
}

static void
test_ticksample_loads (void)
{
  g_autofree char *path = bk_test_data_file ("ticks/ticksample.csv");
  BkCsvReader *reader = NULL;
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, NULL, &reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bars->len, ==, 135);
  g_assert_true (bk_csv_reader_get_ticks (reader));
  g_assert_cmpint (bk_csv_reader_get_time_resolution (reader), ==, BK_TIME_RESOLUTION_MILLISECONDS);
  g_assert_false (bk_csv_reader_get_single_price (reader));
  g_assert_cmpuint (bk_csv_reader_get_rows (reader), ==, 135);
  g_autofree char *described = bk_csv_reader_describe_ticks (reader);
  g_assert_cmpstr (described, ==, "ticks, 135 rows, millisecond times");
  /* Lines 23 and 24 share 20:58:22.316: kept, in file order. */
  const BkBar *a = &g_array_index (bars, BkBar, 21), *b = &g_array_index (bars, BkBar, 22);
  g_assert_cmpfloat (a->datetime, ==, b->datetime);
  g_assert_cmpfloat (a->close, ==, 3068.0);
  g_assert_cmpfloat (a->volume, ==, 60.0);
  g_assert_cmpfloat (b->close, ==, 3069.0);
  g_assert_cmpfloat (b->volume, ==, 1.0);
  bk_csv_reader_free (reader);
}

static void
test_single_price_column (void)
{
  char *path = write_file ("Datetime,Price,Volume\n"
                           "2024-03-07T09:30:00.250,10.5,3\n"
                           "2024-03-07T09:30:00.250,10.75,1\n"
                           "2024-03-07T09:30:01.000,10.25,2\n");
  BkCsvReader *reader = NULL;
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, NULL, &reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bars->len, ==, 3);
  for (guint i = 0; i < bars->len; i++)
    {
      const BkBar *bar = &g_array_index (bars, BkBar, i);
      g_assert_cmpfloat (bar->open, ==, bar->close);
      g_assert_cmpfloat (bar->high, ==, bar->close);
      g_assert_cmpfloat (bar->low, ==, bar->close);
    }
  g_assert_cmpfloat (g_array_index (bars, BkBar, 1).close, ==, 10.75);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 2).volume, ==, 2.0);
  g_assert_true (bk_csv_reader_get_single_price (reader));
  g_autofree char *described = bk_csv_reader_describe_ticks (reader);
  g_assert_cmpstr (described, ==, "ticks of one price, 3 rows, millisecond times");
  bk_csv_reader_free (reader);
  drop_file (path);
}

static void
test_single_price_chinese_header (void)
{
  char *path = write_file ("时间戳,成交价,成交量\n"
                           "2024-03-07 09:30:01,10.5,3\n"
                           "2024-03-07 09:30:01,10.75,1\n");
  BkCsvReader *reader = NULL;
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, NULL, &reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bars->len, ==, 2);
  g_assert_cmpint (bk_csv_reader_get_time_resolution (reader), ==, BK_TIME_RESOLUTION_SECONDS);
  bk_csv_reader_free (reader);
  drop_file (path);
}

static void
test_single_price_not_positive (void)
{
  char *path = write_file ("Datetime,Last\n2024-03-07T09:30:01,10.5\n2024-03-07T09:30:02,0\n");
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, NULL, NULL, &error);

  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, "ticks.csv:3:21: price 0 in column 'Last' is not positive"));
  g_clear_error (&error);
  drop_file (path);
}

/* Days and minutes keep the rule: a repeated date is an error. */
static void
test_repeated_date_in_bars (void)
{
  static const char *const files[] = {
    "Date,Open,High,Low,Close\n2024-03-07,1,1,1,1\n2024-03-07,1,1,1,1\n",
    "Date,Open,High,Low,Close\n2024-03-07 09:31,1,1,1,1\n2024-03-07 09:31,1,1,1,1\n",
    "Date,Open,High,Low,Close\n2024-03-07 09:31:00,1,1,1,1\n2024-03-07 09:31:00,1,1,1,1\n",
    "Date,Price\n2024-03-07,1\n2024-03-07,2\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      char *path = write_file (files[i]);
      GError *error = NULL;
      g_autoptr(GArray) bars = read_all (path, NULL, NULL, &error);

      g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, ":3:1: date 2024-03-07"));
      g_assert_nonnull (strstr (error->message, "repeats the previous bar's date"));
      g_clear_error (&error);
      drop_file (path);
    }
}

/* A tick file may begin with ticks of one time: what makes it ticks is
 * known before a time with seconds comes, from its one price column or
 * its times written to a fraction of a second. */
static void
test_ticks_from_the_first_row (void)
{
  static const struct {
    const char *text;
    const char *found;
  } files[] = {
    { "Datetime,Price,Volume\n2024-03-07T09:30:00,10,5\n2024-03-07T09:30:00,11,3\n2024-03-07T09:30:01,12,1\n",
      "ticks of one price, 3 rows, second times" },
    { "Date,Time,Price\n2024-03-07,09:30,10\n2024-03-07,09:30,11\n", "ticks of one price, 2 rows, minute times" },
    { "Datetime,Open,High,Low,Close\n2024-03-07T09:30:00.000,1,1,1,1\n2024-03-07T09:30:00.000,2,2,2,2\n",
      "ticks, 2 rows, millisecond times" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      char *path = write_file (files[i].text);
      g_autoptr(BkCsvReader) reader = NULL;
      GError *error = NULL;
      g_autoptr(GArray) bars = read_all (path, NULL, &reader, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (bars->len, ==, bk_csv_reader_get_rows (reader));
      g_assert_true (bk_csv_reader_get_ticks (reader));
      g_autofree char *found = bk_csv_reader_describe_ticks (reader);
      g_assert_cmpstr (found, ==, files[i].found);
      g_assert_cmpfloat (g_array_index (bars, BkBar, 1).close, ==, g_array_index (bars, BkBar, 0).close + 1);
      drop_file (path);
    }
}

static void
note_warning (const char *message, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

static const char out_of_order[] =
  "Datetime,Price,Volume\n"
  "2024-03-07T09:30:01.500,10,1\n"
  "2024-03-07T09:30:02.000,11,1\n"
  "2024-03-07T09:30:01.900,12,1\n"
  "2024-03-07T09:30:02.000,13,1\n";

/* Left out with a warning that names the file, line and column, and the
 * ticks after it are read. */
static void
test_out_of_order_warned (void)
{
  char *path = write_file (out_of_order);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const BkCsvOptions options = { .on_warning = note_warning, .warning_data = warnings };
  BkCsvReader *reader = NULL;
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, &options, &reader, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bars->len, ==, 3);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 2).close, ==, 13.0);
  g_assert_cmpuint (bk_csv_reader_get_n_out_of_order (reader), ==, 1);
  g_assert_cmpuint (bk_csv_reader_get_n_warnings (reader), ==, 1);
  g_autofree char *expected = g_strdup_printf ("%s:4:1: tick at 2024-03-07T09:30:01.900 is earlier than the "
                                               "previous tick's 2024-03-07T09:30:02", path);
  g_assert_cmpstr (bk_csv_reader_get_first_out_of_order (reader), ==, expected);
  g_assert_cmpstr (bk_csv_reader_get_first_warning (reader), ==, expected);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, expected);
  bk_csv_reader_free (reader);
  drop_file (path);
}

static void
test_out_of_order_strict (void)
{
  char *path = write_file (out_of_order);
  const BkCsvOptions options = { .strict = TRUE };
  GError *error = NULL;
  g_autoptr(GArray) bars = read_all (path, &options, NULL, &error);

  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_autofree char *expected = g_strdup_printf ("%s:4:1: tick at 2024-03-07T09:30:01.900 is earlier than the "
                                               "previous tick's 2024-03-07T09:30:02", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (bars->len, ==, 2);
  g_clear_error (&error);
  drop_file (path);
}

/* The bars do not depend on how the input is cut. */
static void
test_read_sizes (void)
{
  static const char *const files[] = { "ticks/ticksample.csv", "ticks/ticks-ms.csv", "ticks/ticks-seconds.csv" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = bk_test_data_file (files[f]);
      GError *error = NULL;
      g_autoptr(GArray) whole = read_all (path, NULL, NULL, &error);
      g_assert_no_error (error);
      static const gsize sizes[] = { 1, 7, 4096 };
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          const BkCsvOptions options = { .read_size = sizes[s] };
          g_autoptr(GArray) cut = read_all (path, &options, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (cut->len, ==, whole->len);
          g_assert_cmpmem (cut->data, cut->len * sizeof (BkBar), whole->data, whole->len * sizeof (BkBar));
        }
    }
}

/* ---- resampling and replay against backtrader ---------------------------- */

/* The reference's strategy: what it records, and rules so that the broker
 * acts as it would. */
static const char record_strategy[] =
  "[strategy]\n"
  "name=Ticks record\n"
  "[indicator sma]\n"
  "expr=SMA(close, period=3)\n"
  "[indicator ema]\n"
  "expr=EMA(close, period=3)\n"
  "[rules]\n"
  "buy=close > sma\n"
  "sell=close < sma\n"
  "size=1\n";

static const BkMode all_modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

/* A time as the reference writes it: rounded to 100 microseconds. */
static char *
format_time (double datetime)
{
  gint64 units = (gint64) llround (datetime * 1e4);
  gint64 seconds = units >= 0 ? units / 10000 : -((-units + 9999) / 10000);
  char date[32];

  bk_format_datetime ((double) seconds, TRUE, date);
  return g_strdup_printf ("%.19s.%04d", date, (int) (units - seconds * 10000));
}

/* Exactly: every double has one text in %.17g. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("nan");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

/* A reference row with its numbers as format_number writes them. */
static char *
normalize_row (const char *line)
{
  g_auto(GStrv) fields = g_strsplit (line, ",", -1);
  GString *row = g_string_new (NULL);

  g_assert_cmpuint (g_strv_length (fields), ==, 10);
  g_string_append_printf (row, "%s,%s", fields[0], fields[1]);
  for (guint i = 2; fields[i] != NULL; i++)
    {
      g_autofree char *number = format_number (strcmp (fields[i], "nan") == 0 ? NAN : g_ascii_strtod (fields[i], NULL));
      g_string_append_printf (row, ",%s", number);
    }
  return g_string_free (row, FALSE);
}

typedef struct {
  GPtrArray *rows;      /* char*, one a bar seen, as the reference writes it */
  BkLine *feed[BK_FEED_N_LINES];
  BkLine *sma;
  BkLine *ema;
} Recorder;

static void
record_bar (BkRun *run, gpointer data)
{
  Recorder *rec = data;
  GString *row = g_string_new (NULL);
  g_autofree char *when = format_time (bk_line_get (rec->feed[BK_FEED_DATETIME], 0));

  g_string_append_printf (row, "%" G_GUINT64_FORMAT ",%s", bk_run_get_bars (run), when);
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_OPENINTEREST; i++)
    {
      g_autofree char *number = format_number (bk_line_get (rec->feed[i], 0));
      g_string_append_printf (row, ",%s", number);
    }
  g_autofree char *sma = format_number (bk_line_get (rec->sma, 0));
  g_autofree char *ema = format_number (bk_line_get (rec->ema, 0));
  g_string_append_printf (row, ",%s,%s", sma, ema);
  g_ptr_array_add (rec->rows, g_string_free (row, FALSE));
}

/* "ticks-ms.resample-5min": the data, the mode and the period. */
static void
parse_case (const char *name, char **data, BkCsvOptions *options)
{
  g_auto(GStrv) parts = g_strsplit (name, ".", 2);
  g_auto(GStrv) how = g_strsplit (parts[1], "-", 2);
  GError *error = NULL;

  *data = g_strdup_printf ("ticks/%s.csv", parts[0]);
  *options = (BkCsvOptions) { .resample_mode = strcmp (how[0], "replay") == 0 ? BK_REPLAY : BK_RESAMPLE };
  g_assert_true (bk_period_parse (how[1], &options->resample, &error));
  g_assert_no_error (error);
}

/* The bars the strategy sees, in `mode`, as the reference's rows. */
static GPtrArray *
run_case (const char *data, const BkCsvOptions *options, BkMode mode)
{
  GError *error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (record_strategy, -1, "record.ini", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_autofree char *path = bk_test_data_file (data);
  g_autoptr(BkSource) source = bk_source_new_csv (path, options, &error);
  g_assert_no_error (error);
  BkNode *feed = bk_graph_get_feed (bk_run_get_graph (run));
  GPtrArray *named = bk_run_get_named (run);
  Recorder rec = { .rows = g_ptr_array_new_with_free_func (g_free) };

  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    rec.feed[i] = feed->outputs[i]->line;
  rec.sma = ((BkNode *) g_ptr_array_index (named, 0))->outputs[0]->line;
  rec.ema = ((BkNode *) g_ptr_array_index (named, 1))->outputs[0]->line;
  bk_run_set_bar_func (run, record_bar, &rec);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  return rec.rows;
}

static void
test_reference (gconstpointer data)
{
  const char *name = data;
  g_autofree char *relative = g_strdup_printf ("reference/ticks/%s.csv", name);
  g_autofree char *path = bk_test_data_file (relative);
  g_autofree char *text = NULL;
  GError *error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_auto(GStrv) expected = g_strsplit (text, "\n", -1);
  guint n_expected = g_strv_length (expected) - 2;   /* the header, and the empty piece after the last line */
  g_autofree char *csv = NULL;
  BkCsvOptions options;

  parse_case (name, &csv, &options);
  for (guint m = 0; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autoptr(GPtrArray) rows = run_case (csv, &options, all_modes[m]);

      for (guint i = 0; i < MIN (rows->len, n_expected); i++)
        {
          g_autofree char *want = normalize_row (expected[i + 1]);
          if (strcmp (g_ptr_array_index (rows, i), want) != 0)
            g_error ("%s, mode %d, row %u:\n  backtrader %s\n  Barkeep    %s", name, (int) all_modes[m], i + 1,
                     want, (const char *) g_ptr_array_index (rows, i));
        }
      g_assert_cmpuint (rows->len, ==, n_expected);
    }
}

/* The bars, resampled or replayed, do not depend on how the reader's
 * input is cut. */
static void
test_resample_read_sizes (void)
{
  static const gsize sizes[] = { 1, 7, 4096 };
  static const char *const cases[] = { "ticks-ms.resample-5min", "ticks-seconds.replay-15min" };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      BkCsvOptions options;
      g_autofree char *csv = NULL;

      parse_case (cases[c], &csv, &options);
      g_autoptr(GPtrArray) whole = run_case (csv, &options, BK_MODE_MINIMAL);
      g_assert_cmpuint (whole->len, >, 100);
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          options.read_size = sizes[s];
          g_autoptr(GPtrArray) cut = run_case (csv, &options, BK_MODE_MINIMAL);
          g_assert_cmpuint (cut->len, ==, whole->len);
          for (guint i = 0; i < cut->len; i++)
            g_assert_cmpstr (g_ptr_array_index (cut, i), ==, g_ptr_array_index (whole, i));
        }
    }
}

static void
test_period_parse (void)
{
  static const struct {
    const char *text;
    BkPeriodUnit unit;
    guint count;
    const char *formatted;
  } good[] = {
    { "30s", BK_PERIOD_SECONDS, 30, "30s" },
    { "1min", BK_PERIOD_MINUTES, 1, "1min" },
    { "90min", BK_PERIOD_MINUTES, 90, "90min" },
    { "1h", BK_PERIOD_MINUTES, 60, "1h" },
    { "120min", BK_PERIOD_MINUTES, 120, "2h" },
    { "1d", BK_PERIOD_DAYS, 1, "1d" },
    { "2w", BK_PERIOD_WEEKS, 2, "2w" },
  };
  static const char *const bad[] = { "7x", "", "min", "0min", "-1h", "1 h", "5m", "99999999999s", "1.5h" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      BkPeriod period;
      GError *error = NULL;

      g_assert_true (bk_period_parse (good[i].text, &period, &error));
      g_assert_no_error (error);
      g_assert_cmpint (period.unit, ==, good[i].unit);
      g_assert_cmpuint (period.count, ==, good[i].count);
      g_autofree char *formatted = bk_period_format (&period);
      g_assert_cmpstr (formatted, ==, good[i].formatted);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      BkPeriod period;
      GError *error = NULL;

      g_assert_false (bk_period_parse (bad[i], &period, &error));
      g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
      g_autofree char *expected = g_strdup_printf ("'%s' is not a period: use a number and s, min, h, d or w "
                                                   "(5min, 1h)", bad[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }
}

/* Bars of whole days have nothing to make minutes of. */
static void
test_daily_to_minutes_refused (void)
{
  g_autofree char *path = bk_test_data_file ("datas/2006-day-001.txt");
  BkCsvOptions options = { .resample = { BK_PERIOD_MINUTES, 1 } };
  GError *error = NULL;
  g_autoptr(BkSource) source = bk_source_new_csv (path, &options, &error);
  BkBar bar;

  g_assert_no_error (error);
  g_assert_false (bk_source_next (source, &bar, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "cannot resample bars of whole days to 1min: the data has no time of day; "
                                       "use d or w, or a file of ticks or intraday bars");
  g_clear_error (&error);
}

/* ISO weeks: 2024-12-30 (a Monday) is in the first week of 2025. */
static void
test_weeks_across_new_year (void)
{
  static const struct { guint month, day; } days[] = { { 12, 27 }, { 12, 30 }, { 1, 2 }, { 1, 6 } };
  BkBar ticks[G_N_ELEMENTS (days)];
  const BkPeriod week = { BK_PERIOD_WEEKS, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      double at = (double) bk_days_from_civil (days[i].month == 12 ? 2024 : 2025, days[i].month, days[i].day) * 86400.0;
      ticks[i] = (BkBar) { at + 36000.5, 10 + i, 10 + i, 10 + i, 10 + i, 1, 0 };
    }
  g_autoptr(BkSource) source = bk_source_new_bars ("weeks", ticks, G_N_ELEMENTS (ticks), TRUE);
  bk_source_set_resample (source, &week, BK_RESAMPLE);
  GError *error = NULL;
  BkBar bar;
  static const double closes[] = { 10, 12, 13 }, volumes[] = { 1, 2, 1 };
  guint n = 0;

  while (bk_source_next (source, &bar, &error))
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (closes));
      g_assert_cmpfloat (bar.close, ==, closes[n]);
      g_assert_cmpfloat (bar.volume, ==, volumes[n]);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
}

/* Days into weeks: a bar a week, dated its last day, as backtrader's
 * weekly bars keep their last bar's time. */
static void
test_daily_to_weeks (void)
{
  g_autofree char *path = bk_test_data_file ("datas/2006-day-001.txt");
  BkCsvOptions options = { .resample = { BK_PERIOD_WEEKS, 1 } };
  GError *error = NULL;
  g_autoptr(BkSource) source = bk_source_new_csv (path, &options, &error);
  g_autoptr(BkCsvReader) direct = bk_csv_reader_new (path, NULL, &error);
  BkBar week, day;
  guint weeks = 0;

  g_assert_no_error (error);
  g_assert_true (bk_csv_reader_next (direct, &day, &error));
  while (bk_source_next (source, &week, &error))
    {
      double high = day.high, low = day.low, volume = day.volume, open = day.open;
      BkBar last = day;

      while (bk_csv_reader_next (direct, &day, &error) && day.datetime <= week.datetime)
        {
          high = MAX (high, day.high);
          low = MIN (low, day.low);
          volume += day.volume;
          last = day;
        }
      g_assert_cmpfloat (week.datetime, ==, last.datetime);
      g_assert_cmpfloat (week.open, ==, open);
      g_assert_cmpfloat (week.high, ==, high);
      g_assert_cmpfloat (week.low, ==, low);
      g_assert_cmpfloat (week.close, ==, last.close);
      g_assert_cmpfloat (week.volume, ==, volume);
      weeks++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (weeks, ==, 52);
}

/* The broker's side (reference/ticks/orders.txt): long while the close
 * is above SMA(3), one unit, made by the rules as backtrader's strategy
 * makes its orders; the final value and cash and the trades closed, in
 * every mode. */
static const char orders_strategy[] =
  "[strategy]\n"
  "name=Ticks orders\n"
  "[indicator sma]\n"
  "expr=SMA(close, period=3)\n"
  "[broker]\n"
  "cash=100000\n"
  "[rules]\n"
  "buy=close > sma\n"
  "sell=close < sma\n"
  "size=1\n";

static void
test_orders (gconstpointer data)
{
  g_auto(GStrv) fields = g_strsplit (data, " ", -1);
  g_autofree char *name = g_strdup_printf ("%s.%s-%s", fields[0], fields[1], fields[2]);
  g_autofree char *csv = NULL;
  BkCsvOptions options;
  GError *error = NULL;

  g_assert_cmpuint (g_strv_length (fields), ==, 6);
  parse_case (name, &csv, &options);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (orders_strategy, -1, "orders.ini", &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autoptr(BkRun) run = bk_run_new (strategy, all_modes[m], BK_PRECISION_F64, &error);
      g_autofree char *path = bk_test_data_file (csv);
      g_autoptr(BkSource) source = bk_source_new_csv (path, &options, &error);
      g_assert_no_error (error);
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      const BkBroker *broker = bk_run_get_broker (run);
      g_assert_cmpfloat (broker->value, ==, g_ascii_strtod (fields[3], NULL));
      g_assert_cmpfloat (broker->cash, ==, g_ascii_strtod (fields[4], NULL));
      g_assert_cmpuint (broker->trades->len, ==, g_ascii_strtoull (fields[5], NULL, 10));
    }
}

/* Lines of a reference: the bars backtrader's strategy saw. */
static guint
reference_rows (const char *name)
{
  g_autofree char *relative = g_strdup_printf ("reference/ticks/%s.csv", name);
  g_autofree char *path = bk_test_data_file (relative);
  g_autofree char *text = NULL;
  guint lines = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';
  return lines - 1;
}

/* An intraday universe reads each symbol through the resampler: its bars
 * are backtrader's 5-minute bars, in every mode; replayed, the same rows. */
static void
test_universe_resampled (void)
{
  GError *error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("barkeep-test-ticks-XXXXXX", &error);
  static const char *const files[] = { "ticks-ms", "ticks-seconds" };
  guint expected = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *relative = g_strdup_printf ("ticks/%s.csv", files[i]);
      g_autofree char *from = bk_test_data_file (relative);
      g_autofree char *to = g_strdup_printf ("%s/%s.csv", dir, files[i]);
      g_autofree char *text = NULL;
      gsize len;
      g_autofree char *name = g_strdup_printf ("%s.resample-5min", files[i]);

      g_assert_true (g_file_get_contents (from, &text, &len, NULL));
      g_assert_true (g_file_set_contents (to, text, len, NULL));
      expected += reference_rows (name);
    }
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-features", &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (all_modes); m++)
    {
      BkUniverseOptions options;

      bk_universe_options_init (&options);
      options.mode = all_modes[m];
      g_assert_true (bk_period_parse ("5min", &options.resample, &error));
      g_autoptr(BkUniverseResult) result = bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->bars, ==, expected);
      g_assert_cmpuint (result->symbols->len, ==, 2);

      /* Replayed, a bar's row is taken once it is whole: the features of
       * its last tick, which are the resampled bar's, bit for bit (the
       * regression's exact sums); only its time is the last tick's, where
       * a resampled bar is labelled with its period's end. */
      options.replay = TRUE;
      g_autoptr(BkUniverseResult) replayed = bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (replayed->bars, ==, result->bars);
      g_assert_cmpuint (replayed->symbols->len, ==, result->symbols->len);
      for (guint i = 0; i < result->symbols->len; i++)
        {
          const BkUniverseSymbol *a = &g_array_index (result->symbols, BkUniverseSymbol, i);
          const BkUniverseSymbol *b = &g_array_index (replayed->symbols, BkUniverseSymbol, i);
          g_assert_cmpuint (b->train, ==, a->train);
          g_assert_cmpuint (b->test, ==, a->test);
          g_assert_cmpfloat (b->last, <=, a->last);
        }
      g_autofree char *stats = bk_universe_format_stats (result);
      g_autofree char *replayed_stats = bk_universe_format_stats (replayed);
      g_assert_cmpstr (strstr (replayed_stats, "\ntrain\n"), ==, strstr (stats, "\ntrain\n"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.csv", dir, files[i]);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ticks/reader/ticksample-loads", test_ticksample_loads);
  g_test_add_func ("/ticks/reader/single-price-column", test_single_price_column);
  g_test_add_func ("/ticks/reader/single-price-chinese-header", test_single_price_chinese_header);
  g_test_add_func ("/ticks/reader/single-price-not-positive", test_single_price_not_positive);
  g_test_add_func ("/ticks/reader/repeated-date-in-bars", test_repeated_date_in_bars);
  g_test_add_func ("/ticks/reader/ticks-from-the-first-row", test_ticks_from_the_first_row);
  g_test_add_func ("/ticks/reader/out-of-order-warned", test_out_of_order_warned);
  g_test_add_func ("/ticks/reader/out-of-order-strict", test_out_of_order_strict);
  g_test_add_func ("/ticks/reader/read-sizes", test_read_sizes);
  g_test_add_func ("/ticks/period/parse", test_period_parse);
  g_test_add_func ("/ticks/resample/daily-to-minutes-refused", test_daily_to_minutes_refused);
  g_test_add_func ("/ticks/resample/daily-to-weeks", test_daily_to_weeks);
  g_test_add_func ("/ticks/resample/weeks-across-new-year", test_weeks_across_new_year);
  g_test_add_func ("/ticks/resample/read-sizes", test_resample_read_sizes);
  g_test_add_func ("/ticks/resample/universe-and-replayed", test_universe_resampled);

  g_autofree char *orders_path = bk_test_data_file ("reference/ticks/orders.txt");
  g_autofree char *orders_text = NULL;
  g_assert_true (g_file_get_contents (orders_path, &orders_text, NULL, NULL));
  g_auto(GStrv) orders = g_strsplit (orders_text, "\n", -1);
  for (guint i = 1; orders[i] != NULL && orders[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (orders[i], " ", 4);
      g_autofree char *test = g_strdup_printf ("/ticks/backtrader/orders/%s.%s-%s", fields[0], fields[1], fields[2]);
      g_test_add_data_func (test, orders[i], test_orders);
    }

  g_autoptr(GPtrArray) cases = bk_test_list_data ("reference/ticks", ".csv");
  for (guint i = 0; i < cases->len; i++)
    {
      const char *name = g_ptr_array_index (cases, i);
      g_autofree char *test = g_strdup_printf ("/ticks/backtrader/%s", name);
      g_test_add_data_func (test, name, test_reference);
    }
  return g_test_run ();
}
