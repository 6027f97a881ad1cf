/* test-engine-budget.c — the memory budget: what runs keep is counted and
 * bounded; the memory report. */
#include <stdio.h>

#include <glib/gstdio.h>

#include "bk-compare.h"
#include "bk-dump.h"
#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-indicator.h"
#include "bk-observers.h"
#include "bk-pow.h"
#include "bk-random.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-run-private.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "test-engine-common.h"

static void
test_report_counts_every_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) run = planned_run (BK_MODE_KEEP_ALL, -1);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100, SEED, FALSE);

  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkReport) report = bk_report_new (run);
  BkGraph *graph = bk_run_get_graph (run);

  /* Mode 0: every line holds every bar, each cell counted once, and so
   * is every value a node keeps inside itself. */
  guint64 state = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    state += bk_graph_get_node (graph, i)->state_cells;
  g_assert_cmpuint (state, ==, 6 * 3 + 5 * 3);
  g_assert_cmpuint (report->total_cells, ==, (guint64) bk_graph_get_n_lines (graph) * 100 + state);
  g_assert_cmpuint (report->datas->total_cells, ==, 7 * 100);
  g_assert_cmpuint (report->observers->total_cells, ==, 6 * 100);
  g_assert_cmpuint (report->observers->children->len, ==, 3);
  g_assert_cmpuint (report->indicators->children->len, ==, 6);
  g_autofree char *text = bk_report_format_lendetails (report);
  g_autofree char *last = g_strdup_printf ("Total memory cells used: %" G_GUINT64_FORMAT "\n", report->total_cells);
  g_assert_true (g_str_has_suffix (text, last));
}

static void
test_budget_takes_within_limit (void)
{
  g_autoptr(BkBudget) budget = bk_budget_new (100, NULL);
  g_autoptr(BkBudget) unbounded = bk_budget_new (0, NULL);

  g_assert_true (bk_budget_take (budget, 60));
  g_assert_false (bk_budget_was_refused (budget));
  /* Refused, and not counted. */
  g_assert_false (bk_budget_take (budget, 41));
  g_assert_true (bk_budget_was_refused (budget));
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 60);
  g_assert_true (bk_budget_take (budget, 40));
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 100);
  bk_budget_give (budget, 100);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_assert_cmpuint (bk_budget_get_peak (budget), ==, 100);
  g_assert_true (bk_budget_take (NULL, G_MAXUINT64));
  g_assert_true (bk_budget_take (unbounded, G_GUINT64_CONSTANT (1) << 50));
  g_assert_false (bk_budget_take (unbounded, G_MAXUINT64));
}

#define BUDGET_THREADS 4

#define BUDGET_TAKES 20000

static gpointer
budget_thread (gpointer data)
{
  BkBudget *budget = data;
  guint64 held = 0;

  for (guint i = 0; i < BUDGET_TAKES; i++)
    {
      if (bk_budget_take (budget, 3))
        held += 3;
      if (i % 3 == 2)
        {
          bk_budget_give (budget, held);
          held = 0;
        }
    }
  bk_budget_give (budget, held);
  return NULL;
}

/* Threads that share a budget never pass its limit together, and what
 * they give back brings it to zero. */
static void
test_budget_shared_by_threads (void)
{
  g_autoptr(BkBudget) budget = bk_budget_new (20, NULL);
  GThread *threads[BUDGET_THREADS];

  for (guint i = 0; i < BUDGET_THREADS; i++)
    threads[i] = g_thread_new ("budget", budget_thread, budget);
  for (guint i = 0; i < BUDGET_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_assert_cmpuint (bk_budget_get_peak (budget), <=, 20);
  g_assert_cmpuint (bk_budget_get_peak (budget), >=, 3);
}

static BkRun *
budget_run_of (const char *strategy_id, BkMode mode, BkBudget *budget, GError **error)
{
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (strategy_id, error);

  if (strategy == NULL)
    return NULL;
  return bk_run_new_full (strategy, mode, BK_PRECISION_F64, BK_RUN_DEFAULT, budget, error);
}

static BkRun *
budget_run (BkMode mode, BkBudget *budget, GError **error)
{
  g_autoptr(BkStrategy) strategy = seed_strategy ();

  return bk_run_new_full (strategy, mode, BK_PRECISION_F64, BK_RUN_DEFAULT, budget, error);
}

/* Whole lines take blocks from the budget as they grow: a mode 0 run stops
 * with BK_ERROR_MEMORY at the first bar past the bars the graph says fit,
 * runs to the end on exactly those, and gives everything back when freed. */
static void
test_budget_mode0_stops_at_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (3 * BK_BLOCK_POOL_CHUNK_BYTES + 512 * 1024, NULL);
  BkRun *run = budget_run (BK_MODE_KEEP_ALL, budget, &error);
  guint64 fit;

  g_assert_no_error (error);
  fit = bk_graph_get_bars_within (bk_run_get_graph (run), BK_MODE_KEEP_ALL, BK_PRECISION_F64,
                                  bk_budget_get_limit (budget));
  g_assert_cmpuint (fit, >, 0);
  g_assert_cmpuint (fit % BK_BLOCK_VALUES, ==, 0);
  g_assert_cmpuint (bk_budget_get_used (budget), >, 0);

  g_autoptr(BkSource) longer = bk_source_new_generated ("generated", fit + 5000, SEED, FALSE);
  g_assert_false (bk_run_execute (run, longer, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_run_get_bars (run), ==, fit + 1);
  g_assert_cmpuint (bk_budget_get_used (budget), <=, bk_budget_get_limit (budget));
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_clear_error (&error);

  run = budget_run (BK_MODE_KEEP_ALL, budget, &error);
  g_autoptr(BkSource) exact = bk_source_new_generated ("generated", fit, SEED, FALSE);
  g_assert_true (bk_run_execute (run, exact, NULL, &error));
  g_assert_no_error (error);
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* Mode 1 keeps the same whatever the bars: under a budget too small for a
 * block of a whole line it runs to the end, holding only its plan. */
static void
test_budget_mode1_runs_to_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (64 * 1024, NULL);
  BkRun *run = budget_run (BK_MODE_MINIMAL, budget, &error);
  guint64 fixed;

  g_assert_no_error (error);
  bk_graph_get_plan_bytes (bk_run_get_graph (run), BK_MODE_MINIMAL, BK_PRECISION_F64, &fixed, NULL);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed);
  g_assert_cmpuint (bk_graph_get_bars_within (bk_run_get_graph (run), BK_MODE_MINIMAL, BK_PRECISION_F64,
                                              bk_budget_get_limit (budget)), ==, G_MAXUINT64);

  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bk_run_get_bars (run), ==, 100000);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed + bk_broker_get_history_bytes (bk_run_get_broker (run)));
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* A plan whose rings alone pass the limit fails before the first bar. */
static void
test_budget_plan_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (100, "--max-memory");
  g_autoptr(BkRun) run = budget_run (BK_MODE_MINIMAL, budget, &error);

  g_assert_null (run);
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* The broker's history counts: a mode 1 run whose budget leaves room for
 * three round trips (two orders and a trade each) stops at the order
 * after them. */
static void
test_budget_counts_trades (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) probe = budget_run_of ("sma-crossover", BK_MODE_MINIMAL, NULL, &error);
  guint64 fixed;

  g_assert_no_error (error);
  bk_graph_get_plan_bytes (bk_run_get_graph (probe), BK_MODE_MINIMAL, BK_PRECISION_F64, &fixed, NULL);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_true (bk_run_execute (probe, source, NULL, &error));
  g_assert_cmpuint (bk_run_get_broker (probe)->trades->len, >, 4);

  guint64 round_trip = 2 * sizeof (BkOrder) + sizeof (BkTrade);
  g_autoptr(BkBudget) budget = bk_budget_new (fixed + 3 * round_trip, NULL);
  BkRun *run = budget_run_of ("sma-crossover", BK_MODE_MINIMAL, budget, &error);
  g_autoptr(BkSource) again = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_no_error (error);
  g_assert_false (bk_run_execute (run, again, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_run_get_broker (run)->trades->len, ==, 3);
  g_assert_cmpuint (bk_run_get_broker (run)->orders->len, ==, 7);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed + 3 * round_trip);
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/report/counts-every-line", test_report_counts_every_line);
  g_test_add_func ("/engine/budget/takes-within-limit", test_budget_takes_within_limit);
  g_test_add_func ("/engine/budget/shared-by-threads", test_budget_shared_by_threads);
  g_test_add_func ("/engine/budget/mode0-stops-at-limit", test_budget_mode0_stops_at_limit);
  g_test_add_func ("/engine/budget/mode1-runs-to-end", test_budget_mode1_runs_to_end);
  g_test_add_func ("/engine/budget/plan-refused", test_budget_plan_refused);
  g_test_add_func ("/engine/budget/counts-trades", test_budget_counts_trades);

  return g_test_run ();
}
