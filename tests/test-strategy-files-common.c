/* test-strategy-files-common.c — what the strategy-file test programs share. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>
#include "bk-dump.h"
#include "bk-error.h"
#include "bk-gen-universe.h"
#include "bk-indicator.h"
#include "bk-model.h"
#include "bk-model-run.h"
#include "bk-parser.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#include "test-strategy-files-common.h"

/* Runs `strategy` over generated bars; returns the dump text and the cells. */
char *
run_generated (BkStrategy *strategy, BkMode mode, guint64 bars, guint64 *cells)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  g_autoptr(BkDump) dump = NULL;
  char *buffer = NULL;
  size_t size = 0;

  g_assert_no_error (error);
  FILE *out = open_memstream (&buffer, &size);
  dump = bk_dump_new (run, out);
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

BkStrategy *
load_text (const char *text, GError **error)
{
  return bk_strategy_new_from_data (text, -1, "s.ini", error);
}

gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The .ini files of a corpus folder, in name order; at least `least`. */
GPtrArray *
corpus_files (const char *dir, guint least)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, ".ini"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);
  g_assert_cmpuint (names->len, >=, least);
  return names;
}

/* The one line NAME.expected holds for NAME.ini, in the current folder. */
char *
corpus_expected (const char *name)
{
  g_autofree char *base = g_strndup (name, strlen (name) - 4);
  g_autofree char *path = g_strconcat (base, ".expected", NULL);
  g_autoptr(GError) error = NULL;
  char *expected = NULL;

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);
  return g_strchomp (expected);
}
