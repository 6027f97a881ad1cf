/* test-ticks.c — ticks in the CSV reader, resampling and replay.
 *
 * Ticks: backtrader's own tick sample and files of a single price column
 * are read, repeated timestamps kept in file order, a tick out of order
 * left out with a warning (or, strict, the error).
 */
#include "bk-csv.h"
#include "bk-error.h"
#include "bk-test-util.h"

#include <glib/gstdio.h>
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ticks/reader/ticksample-loads", test_ticksample_loads);
  g_test_add_func ("/ticks/reader/single-price-column", test_single_price_column);
  g_test_add_func ("/ticks/reader/single-price-chinese-header", test_single_price_chinese_header);
  g_test_add_func ("/ticks/reader/single-price-not-positive", test_single_price_not_positive);
  g_test_add_func ("/ticks/reader/repeated-date-in-bars", test_repeated_date_in_bars);
  g_test_add_func ("/ticks/reader/out-of-order-warned", test_out_of_order_warned);
  g_test_add_func ("/ticks/reader/out-of-order-strict", test_out_of_order_strict);
  g_test_add_func ("/ticks/reader/read-sizes", test_read_sizes);
  return g_test_run ();
}
