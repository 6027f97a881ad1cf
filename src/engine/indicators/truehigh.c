/* truehigh.c — TrueHigh: Max(high, close[-1]). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
truehigh_build (BkNode *node, GError **error)
{
  BkInput value;

  return bk_graph_add_op (node->graph, node, BK_OP_MAX, node->inputs[0],
                          bk_input_delay (node->inputs[1], 1), &value, error)
         && bk_node_bind_output (node, 0, value, error);
}

const BkIndicatorDesc bk_indicator_truehigh = {
  .name = "TrueHigh",
  .summary = "The higher of the high and the previous close",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "truehigh" },
  .pane = BK_PANE_PRICE,
  .build = truehigh_build,
};
