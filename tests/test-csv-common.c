/* test-csv-common.c — what the CSV reader's test programs share. */
#include "bk-csv.h"
#include "bk-error.h"
#include "bk-test-util.h"
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "test-csv-common.h"

void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  GError *error = NULL;

  fixture->dir = g_dir_make_tmp ("barkeep-test-csv-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "input.csv", NULL);
}

void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  GDir *dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_dir_close (dir);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

void
write_input (Fixture *fixture, const char *contents, gssize len)
{
  GError *error = NULL;

  g_file_set_contents (fixture->path, contents, len, &error);
  g_assert_no_error (error);
}

/* Reads every bar of path into a new array; *error is set on failure. */
GArray *
read_bars_with (const char *path, const BkCsvOptions *options, GError **error)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (path, options, error);
  BkBar bar;

  if (reader == NULL)
    return bars;
  while (bk_csv_reader_next (reader, &bar, error))
    g_array_append_val (bars, bar);
  return bars;
}

double
day (gint64 year, guint month, guint d)
{
  return (double) bk_days_from_civil (year, month, d) * 86400.0;
}
