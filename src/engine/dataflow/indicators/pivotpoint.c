/* pivotpoint.c — PivotPoint of the current bar (meant for a
 * higher-timeframe feed): p = ((h + l) + c) / 3.0, or with close=1 ((h + l)
 * + 2.0 * c) / 4.0, or with open=1 (((h + l) + c) + o) / 4.0 (close wins);
 * s1 = 2.0 * p - h, r1 = 2.0 * p - l, s2 = p - (h - l), r2 = p + (h - l).
 * FibonacciPivotPoint shares p. */
#include "bk-indicators.h"
#include "bk-ops.h"

enum { OPEN, HIGH, LOW, CLOSE };

/* p, and the range h - l, of PivotPoint and FibonacciPivotPoint. */
gboolean
bk_pivot_build (BkNode *node, BkInput *p, BkInput *range, GError **error)
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

  return bk_pivot_build (node, &p, &range, error)
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

const BkIndicatorDesc bk_indicator_pivotpoint = {
  .name = "PivotPoint",
  .summary = N_("Pivot point of the bar with two supports and resistances (for a higher-timeframe feed)"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = { BK_PIVOT_FLAGS },
  .n_outputs = 5,
  .outputs = { "p", "s1", "s2", "r1", "r2" },
  .pane = BK_PANE_PRICE,
  .build = pivotpoint_build,
};
