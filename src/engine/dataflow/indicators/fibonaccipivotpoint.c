/* fibonaccipivotpoint.c — FibonacciPivotPoint: PivotPoint's p, with
 * supports and resistances at Fibonacci levels of the bar's range: s_k = p -
 * level_k * (h - l), r_k = p + level_k * (h - l). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
fibonacci_build (BkNode *node, GError **error)
{
  BkInput p, range;

  if (!bk_pivot_build (node, &p, &range, error) || !bk_node_bind_output (node, 0, p, error))
    return FALSE;
  for (guint k = 0; k < 3; k++)
    {
      BkInput step, s, r;

      if (!bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (node->params[2 + k]), range, &step, error)
          || !bk_graph_add_op (node->graph, node, BK_OP_SUB, p, step, &s, error)
          || !bk_graph_add_op (node->graph, node, BK_OP_ADD, p, step, &r, error)
          || !bk_node_bind_output (node, 1 + k, s, error)
          || !bk_node_bind_output (node, 4 + k, r, error))
        return FALSE;
    }
  return TRUE;
}

const BkIndicatorDesc bk_indicator_fibonaccipivotpoint = {
  .name = "FibonacciPivotPoint",
  .summary = N_("Pivot point with supports and resistances at Fibonacci levels of the bar's range"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 5,
  .params = {
    BK_PIVOT_FLAGS,
    { "level1", 0.382, -1e6, 1e6, FALSE },
    { "level2", 0.618, -1e6, 1e6, FALSE },
    { "level3", 1.0, -1e6, 1e6, FALSE },
  },
  .n_outputs = 7,
  .outputs = { "p", "s1", "s2", "s3", "r1", "r2", "r3" },
  .pane = BK_PANE_PRICE,
  .build = fibonacci_build,
};
