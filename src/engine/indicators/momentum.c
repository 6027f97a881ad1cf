/* momentum.c — Momentum(p): x - x[-p]. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
momentum_build (BkNode *node, GError **error)
{
  BkInput x = node->inputs[0], momentum;

  return bk_graph_add_op (node->graph, node, BK_OP_SUB, x, bk_input_delay (x, (guint) node->params[0]),
                          &momentum, error)
         && bk_node_bind_output (node, 0, momentum, error);
}

const BkIndicatorDesc bk_indicator_momentum = {
  .name = "Momentum",
  .summary = "Momentum: the change over period bars",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (12) },
  .n_outputs = 1,
  .outputs = { "momentum" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = momentum_build,
};
