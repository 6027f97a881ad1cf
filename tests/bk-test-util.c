/* bk-test-util.c — shared test helpers. */
#include "bk-test-util.h"

#include <stdio.h>
#include <string.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-ops.h"
#include "bk-run-private.h"
#include "bk-report.h"

char *
bk_test_data_file (const char *relative)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");
  char *path = g_build_filename (source != NULL ? source : ".", "tests", "data", relative, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing: tests/data is part of the source tree (tests/data/SOURCES.md)", path);
  return path;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
bk_test_list_data (const char *dir, const char *suffix)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");
  g_autofree char *path = g_build_filename (source != NULL ? source : ".", "tests", "data", dir, NULL);
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *file;

  if (listing == NULL)
    g_error ("%s is missing: tests/data is part of the source tree (tests/data/SOURCES.md)", path);
  while ((file = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (file, suffix))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (suffix)));
  g_ptr_array_sort (names, compare_names);
  return names;
}

char *
bk_test_case_data (const char *ini, GError **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (ini, &text, NULL, error))
    return NULL;
  if (!g_str_has_prefix (text, "; data: "))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: no '; data:' first line", ini);
      return NULL;
    }
  g_autofree char *relative = g_strndup (text + 8, strcspn (text + 8, "\r\n"));
  return bk_test_data_file (relative);
}

char *
bk_test_execute_dump (BkRun *run, BkSource *source)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&buffer, &size);
  g_autoptr(BkDump) dump = bk_dump_new (run, out);

  bk_run_set_bar_func (run, bk_dump_write_bar, dump);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  fclose (out);
  return buffer;
}

char *
bk_test_run_dump (BkStrategy *strategy, const char *path, BkMode mode, BkPrecision precision, guint64 *cells)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, &error);
  g_assert_no_error (error);
  char *dump = bk_test_execute_dump (run, source);

  if (cells != NULL)
    {
      g_autoptr(BkReport) report = bk_report_new (run);
      *cells = report->total_cells;
    }
  return dump;
}

static gboolean
is_named_line (BkLineSpec *spec)
{
  return spec->owner->role == BK_ROLE_INDICATOR && spec->owner->parent == NULL && spec->owner->name != NULL;
}

guint
bk_test_check_rings_minimal_with (BkTestShrunkRunFunc new_run, BkTestSourceFunc new_source, gpointer data)
{
  g_autoptr(BkRun) probe = new_run (-1, data);
  BkGraph *graph = bk_run_get_graph (probe);
  guint checked = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(BkRun) run = new_run ((gint) i, data);
      g_autoptr(BkSource) source = new_source (data);
      char *buffer = NULL;
      size_t size = 0;
      FILE *out = open_memstream (&buffer, &size);
      g_autoptr(BkDump) dump = bk_dump_new (run, out);

      /* The dump reads every named line and the feed, as the CLI does. */
      bk_run_set_bar_func (run, bk_dump_write_bar, dump);
      gboolean ok = bk_run_execute (run, source, NULL, &error);
      fclose (out);
      free (buffer);
      if (spec->lookback == 0 && !is_named_line (spec)
          && !(spec->owner->role == BK_ROLE_FEED && spec->index <= BK_FEED_VOLUME))
        {
          /* Nobody reads it: it keeps the floor of one value. */
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      if (ok)
        g_error ("line %u '%s' of %s (lookback %u) shrunk without an overrun", i, spec->name,
                 spec->owner->label, spec->lookback);
      g_assert_error (error, BK_ERROR, BK_ERROR_RING_OVERRUN);
      g_assert_nonnull (strstr (error->message, spec->name));
      checked++;
    }
  return checked;
}

typedef struct {
  BkStrategy *strategy;
  const char *data;
} StrategyOnFile;

static BkRun *
strategy_run_shrunk (gint shrink, gpointer user_data)
{
  StrategyOnFile *on = user_data;
  g_autoptr(GError) error = NULL;
  BkRun *run = bk_run_new_shrunk (on->strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, shrink, &error);

  g_assert_no_error (error);
  return run;
}

static BkSource *
strategy_source (gpointer user_data)
{
  StrategyOnFile *on = user_data;
  g_autoptr(GError) error = NULL;
  BkSource *source = bk_source_new_csv (on->data, NULL, &error);

  g_assert_no_error (error);
  return source;
}

guint
bk_test_check_rings_minimal (BkStrategy *strategy, const char *data)
{
  StrategyOnFile on = { strategy, data };

  return bk_test_check_rings_minimal_with (strategy_run_shrunk, strategy_source, &on);
}

static BkNode *
add_named (BkGraph *graph, GPtrArray *named, const char *name, const char *type, const double *params,
           guint n_params, GError **error)
{
  BkInput close = bk_graph_feed_input (graph, BK_FEED_CLOSE);
  BkNode *node = bk_graph_add_indicator (graph, NULL, bk_indicator_lookup (type), params != NULL ? &close : NULL,
                                         params != NULL ? 1 : 0, params, n_params, error);

  if (node != NULL)
    {
      bk_node_set_name (node, name);
      g_ptr_array_add (named, node);
    }
  return node;
}

BkNode *
bk_test_add_named_sma (BkGraph *graph, BkStrategyBuild *build, const char *name, double period, GError **error)
{
  return add_named (graph, build->named, name, "SMA", &period, 1, error);
}

/* The seed's sample built by hand through the graph API, to check the
 * strategy file against: SMA(30), Stochastic, RSI, MACD, CCI and TestInd
 * (a = close - high; b = SMA(a, 20); plot=false). */
static gboolean
build_memory_savings (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  static const char *const seed_indicators[][2] = {
    { "sma", "SMA" }, { "stoch", "Stochastic" }, { "rsi", "RSI" },
    { "macd", "MACD" }, { "cci", "CCI" },
  };
  static const char *const testind_lines[] = { "a", "b", NULL };
  const double period = 20;
  BkInput a;

  for (guint i = 0; i < G_N_ELEMENTS (seed_indicators); i++)
    if (add_named (graph, build->named, seed_indicators[i][0], seed_indicators[i][1], NULL, 0, error) == NULL)
      return FALSE;

  BkNode *testind = bk_graph_add_group (graph, NULL, "testind", testind_lines, error);
  if (testind == NULL
      || !bk_graph_add_op (graph, testind, BK_OP_SUB,
                           bk_graph_feed_input (graph, BK_FEED_CLOSE),
                           bk_graph_feed_input (graph, BK_FEED_HIGH), &a, error)
      || !bk_node_bind_output (testind, 0, a, error))
    return FALSE;
  a = bk_node_output (testind, 0);
  BkNode *b = bk_graph_add_indicator (graph, testind, bk_indicator_lookup ("SMA"), &a, 1, &period, 1, error);
  if (b == NULL || !bk_node_bind_output (testind, 1, bk_node_output (b, 0), error))
    return FALSE;
  bk_node_set_name (testind, "testind");
  testind->plot = FALSE;
  g_ptr_array_add (build->named, testind);
  return TRUE;
}

BkStrategy *
bk_test_memory_savings_by_hand (void)
{
  return bk_strategy_new_custom ("memory-savings", "Memory savings sample", NULL,
                                 build_memory_savings, NULL, NULL);
}
