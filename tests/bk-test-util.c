/* bk-test-util.c — shared test helpers. */
#include "bk-test-util.h"

#include <stdio.h>

#include "bk-dump.h"
#include "bk-report.h"

char *
bk_test_shared_file (const char *relative)
{
  const char *shared = g_getenv ("BARKEEP_SHARED_DIR");
  g_autofree char *fallback = NULL;

  if (shared == NULL)
    shared = fallback = g_build_filename (g_getenv ("BARKEEP_SOURCE_DIR") ? g_getenv ("BARKEEP_SOURCE_DIR") : ".",
                                          "..", "shared", NULL);
  char *path = g_build_filename (shared, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("skipped: %s is not here (../shared is absent)", path);
      g_test_skip (message);
      g_free (path);
      return NULL;
    }
  return path;
}

char *
bk_test_run_dump (BkStrategy *strategy, const char *path, BkMode mode, BkPrecision precision, guint64 *cells)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_csv (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, -1, &error);
  g_assert_no_error (error);
  char *buffer = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buffer, &size);
  g_autoptr(BkDump) dump = bk_dump_new (run, out);

  bk_run_set_bar_func (run, bk_dump_write_bar, dump);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  fclose (out);
  if (cells != NULL)
    {
      g_autoptr(BkReport) report = bk_report_new (run);
      *cells = report->total_cells;
    }
  return buffer;
}
