/* truerange.c — TrueRange: TrueHigh - TrueLow. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
truerange_build (BkNode *node, GError **error)
{
  BkInput high_close[2] = { node->inputs[0], node->inputs[2] };
  BkInput low_close[2] = { node->inputs[1], node->inputs[2] };
  BkInput tr;

  BkNode *high = bk_build_indicator (node, "TrueHigh", high_close, 2, NULL, 0, error);
  BkNode *low = high ? bk_build_indicator (node, "TrueLow", low_close, 2, NULL, 0, error) : NULL;
  return low != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (high, 0),
                             bk_node_output (low, 0), &tr, error)
         && bk_node_bind_output (node, 0, tr, error);
}

const BkIndicatorDesc bk_indicator_truerange = {
  .name = "TrueRange",
  .aliases = { "TR" },
  .summary = "True range: the bar's range stretched to the previous close",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "tr" },
  .pane = BK_PANE_OWN,
  .build = truerange_build,
};
