/* percentchange.c — PercentChange(p): x / x[-p] - 1.0, in that order. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
percentchange_build (BkNode *node, GError **error)
{
  BkInput x = node->inputs[0], ratio, change;

  return bk_graph_add_op (node->graph, node, BK_OP_DIV, x, bk_input_delay (x, (guint) node->params[0]), &ratio, error)
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, ratio, bk_input_const (1.0), &change, error)
         && bk_node_bind_output (node, 0, change, error);
}

const BkIndicatorDesc bk_indicator_percentchange = {
  .name = "PercentChange",
  .aliases = { "PctChange" },
  .summary = "The change over period bars as a fraction: x / x[-period] - 1",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "pctchange" },
  .pane = BK_PANE_OWN,
  .build = percentchange_build,
};
