/* roc.c — ROC(p): (x - x[-p]) / x[-p]. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
roc_build (BkNode *node, GError **error)
{
  BkInput x = node->inputs[0], before = bk_input_delay (x, (guint) node->params[0]), change, roc;

  return bk_graph_add_op (node->graph, node, BK_OP_SUB, x, before, &change, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, change, before, &roc, error)
         && bk_node_bind_output (node, 0, roc, error);
}

const BkIndicatorDesc bk_indicator_roc = {
  .name = "ROC",
  .aliases = { "RateOfChange" },
  .summary = "Rate of change: the change over period bars as a fraction",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (12) },
  .n_outputs = 1,
  .outputs = { "roc" },
  .pane = BK_PANE_OWN,
  .build = roc_build,
};
