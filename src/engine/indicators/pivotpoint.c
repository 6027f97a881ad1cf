/* pivotpoint.c — PivotPoint and FibonacciPivotPoint of the current bar
 * (meant for a higher-timeframe feed): p = ((h + l) + c) / 3.0, or with
 * close=1 ((h + l) + 2.0 * c) / 4.0, or with open=1 (((h + l) + c) + o) /
 * 4.0 (close wins); PivotPoint: s1 = 2.0 * p - h, r1 = 2.0 * p - l, s2 =
 * p - (h - l), r2 = p + (h - l); Fibonacci: s_k = p - level_k * (h - l),
 * r_k = p + level_k * (h - l). */
#include "bk-indicators.h"
#include "bk-ops.h"

enum { OPEN, HIGH, LOW, CLOSE };

/* p, and the range h - l. */
static gboolean
pivot (BkNode *node, BkInput *p, BkInput *range, GError **error)
{
  BkGraph *graph = node->graph;
  const BkInput *in = node->inputs;
  gboolean with_open = node->params[0] != 0, with_close = node->params[1] != 0;
  BkInput hl, twice_close, sum;

  if (!bk_graph_add_op (graph, node, BK_OP_ADD, in[HIGH], in[LOW], &hl, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, in[HIGH], in[LOW], range, error))
    return FALSE;
  if (with_close)
    return bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (2.0), in[CLOSE], &twice_close, error)
           && bk_graph_add_op (graph, node, BK_OP_ADD, hl, twice_close, &sum, error)
           && bk_graph_add_op (graph, node, BK_OP_DIV, sum, bk_input_const (4.0), p, error);
  if (!bk_graph_add_op (graph, node, BK_OP_ADD, hl, in[CLOSE], &sum, error))
    return FALSE;
  if (with_open)
    return bk_graph_add_op (graph, node, BK_OP_ADD, sum, in[OPEN], &sum, error)
           && bk_graph_add_op (graph, node, BK_OP_DIV, sum, bk_input_const (4.0), p, error);
  return bk_graph_add_op (graph, node, BK_OP_DIV, sum, bk_input_const (3.0), p, error);
}

static gboolean
pivotpoint_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  BkInput p, range, twice, s1, r1, s2, r2;

  return pivot (node, &p, &range, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (2.0), p, &twice, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, twice, node->inputs[HIGH], &s1, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, twice, node->inputs[LOW], &r1, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, p, range, &s2, error)
         && bk_graph_add_op (graph, node, BK_OP_ADD, p, range, &r2, error)
         && bk_node_bind_output (node, 0, p, error)
         && bk_node_bind_output (node, 1, s1, error)
         && bk_node_bind_output (node, 2, s2, error)
         && bk_node_bind_output (node, 3, r1, error)
         && bk_node_bind_output (node, 4, r2, error);
}

static gboolean
fibonacci_build (BkNode *node, GError **error)
{
  BkInput p, range;

  if (!pivot (node, &p, &range, error) || !bk_node_bind_output (node, 0, p, error))
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

#define PIVOT_FLAGS { "open", 0, 0, 1, TRUE }, { "close", 0, 0, 1, TRUE }

const BkIndicatorDesc bk_indicator_pivotpoint = {
  .name = "PivotPoint",
  .summary = N_("Pivot point of the bar with two supports and resistances (for a higher-timeframe feed)"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = { PIVOT_FLAGS },
  .n_outputs = 5,
  .outputs = { "p", "s1", "s2", "r1", "r2" },
  .pane = BK_PANE_PRICE,
  .build = pivotpoint_build,
};

const BkIndicatorDesc bk_indicator_fibonaccipivotpoint = {
  .name = "FibonacciPivotPoint",
  .summary = N_("Pivot point with supports and resistances at Fibonacci levels of the bar's range"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 5,
  .params = {
    PIVOT_FLAGS,
    { "level1", 0.382, -1e6, 1e6, FALSE },
    { "level2", 0.618, -1e6, 1e6, FALSE },
    { "level3", 1.0, -1e6, 1e6, FALSE },
  },
  .n_outputs = 7,
  .outputs = { "p", "s1", "s2", "s3", "r1", "r2", "r3" },
  .pane = BK_PANE_PRICE,
  .build = fibonacci_build,
};

/* DemarkPivotPoint: x = (h + 2.0 * l) + c on a down bar (close < open),
 * (2.0 * h + l) + c on an up bar, (h + l) + 2.0 * c on a flat one, as
 * DeMark and backtrader's documentation define it (backtrader's CmpEx
 * swaps the up and flat cases); p = x / 4.0, s1 = x / 2.0 - h, r1 = x /
 * 2.0 - l. */
static void
demark_next (BkNode *node)
{
  double o = bk_node_in (node, OPEN, 0), h = bk_node_in (node, HIGH, 0);
  double l = bk_node_in (node, LOW, 0), c = bk_node_in (node, CLOSE, 0);
  double x = c < o ? (h + 2.0 * l) + c : c > o ? (2.0 * h + l) + c : (h + l) + 2.0 * c;

  bk_node_out (node, 0, x / 4.0);
  bk_node_out (node, 1, x / 2.0 - h);
  bk_node_out (node, 2, x / 2.0 - l);
}

const BkIndicatorDesc bk_indicator_demarkpivotpoint = {
  .name = "DemarkPivotPoint",
  .summary = N_("DeMark's pivot point of the bar, weighted by its direction, with a support and a resistance"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 3,
  .outputs = { "p", "s1", "r1" },
  .pane = BK_PANE_PRICE,
  .next = demark_next,
};
