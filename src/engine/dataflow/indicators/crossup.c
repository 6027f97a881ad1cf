/* crossup.c — CrossUp: 1 on the bar data0 rises above data1 (it was below
 * at the last bar they differed), else 0.  bk_cross_build serves CrossDown. */
#include "bk-indicators.h"
#include "bk-ops.h"

gboolean
bk_cross_build (BkNode *node, gboolean up, GError **error)
{
  BkGraph *graph = node->graph;
  BkInput before, after, cross;

  BkNode *nzd = bk_build_indicator (node, "NonZeroDifference", node->inputs, 2, NULL, 0, error);
  return nzd != NULL
         && bk_graph_add_op (graph, node, up ? BK_OP_LT : BK_OP_GT, bk_input_delay (bk_node_output (nzd, 0), 1),
                             bk_input_const (0.0), &before, error)
         && bk_graph_add_op (graph, node, up ? BK_OP_GT : BK_OP_LT, node->inputs[0], node->inputs[1], &after, error)
         && bk_graph_add_op (graph, node, BK_OP_AND, before, after, &cross, error)
         && bk_node_bind_output (node, 0, cross, error);
}

static gboolean
crossup_build (BkNode *node, GError **error)
{
  return bk_cross_build (node, TRUE, error);
}

const BkIndicatorDesc bk_indicator_crossup = {
  .name = "CrossUp",
  .summary = N_("1 when the first line crosses above the second, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "cross" },
  .pane = BK_PANE_OWN,
  .build = crossup_build,
};
