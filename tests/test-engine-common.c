/* test-engine-common.c — what the engine's test programs share. */
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

BkStrategy *
seed_strategy (void)
{
  g_autoptr(GError) error = NULL;
  BkStrategy *strategy = bk_strategy_new_builtin ("memory-savings", &error);

  g_assert_no_error (error);
  return strategy;
}

GraphOver *
graph_over_new (void)
{
  GraphOver *over = g_new0 (GraphOver, 1);

  over->graph = bk_graph_new ();
  over->feed = bk_graph_get_feed (over->graph);
  return over;
}

void
graph_over_free (GraphOver *over)
{
  bk_graph_free (over->graph);
  g_free (over);
}

/* Plans the graph in mode 1 and steps it; `node`'s first output, bar by
 * bar. */
double *
graph_over_run (GraphOver *over, BkNode *node, const double *closes, guint n)
{
  double *out = g_new (double, n);

  bk_graph_note_read (over->graph, node->outputs[0], 1);
  bk_graph_plan (over->graph, BK_MODE_MINIMAL, BK_PRECISION_F64, -1);
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j < BK_FEED_N_LINES; j++)
        bk_line_push (over->feed->outputs[j]->line, j == BK_FEED_DATETIME ? i : closes[i]);
      bk_graph_step_nodes (over->graph, i + 1, BK_ROLE_INDICATOR);
      out[i] = bk_line_get (node->outputs[0]->line, 0);
    }
  g_assert_false (*bk_graph_get_overrun_flag (over->graph));
  return out;
}

/* Steps one indicator over `closes`; returns its first output, bar by bar. */
double *
indicator_over (const char *type, double period, const double *closes, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GraphOver) over = graph_over_new ();
  BkNode *node = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup (type), NULL, 0, &period, 1, &error);

  g_assert_no_error (error);
  return graph_over_run (over, node, closes, n);
}

BkRun *
planned_run (BkMode mode, gint shrink_line)
{
  g_autoptr(GError) error = NULL;
  static BkStrategy *strategy;

  if (strategy == NULL)
    strategy = seed_strategy ();
  BkRun *run = bk_run_new_shrunk (strategy, mode, BK_PRECISION_F64, shrink_line, &error);
  g_assert_no_error (error);
  return run;
}
