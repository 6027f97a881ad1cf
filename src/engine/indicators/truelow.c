/* truelow.c — TrueLow: Min(low, close[-1]). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
truelow_build (BkNode *node, GError **error)
{
  BkInput value;

  return bk_graph_add_op (node->graph, node, BK_OP_MIN, node->inputs[0],
                          bk_input_delay (node->inputs[1], 1), &value, error)
         && bk_node_bind_output (node, 0, value, error);
}

const BkIndicatorDesc bk_indicator_truelow = {
  .name = "TrueLow",
  .summary = "The lower of the low and the previous close",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "truelow" },
  .pane = BK_PANE_PRICE,
  .build = truelow_build,
};
