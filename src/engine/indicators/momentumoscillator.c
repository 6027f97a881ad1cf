/* momentumoscillator.c — MomentumOscillator(p): 100 * (x / x[-p]),
 * around the band 100. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
momentumoscillator_build (BkNode *node, GError **error)
{
  BkInput x = node->inputs[0], ratio, osc;

  return bk_graph_add_op (node->graph, node, BK_OP_DIV, x, bk_input_delay (x, (guint) node->params[0]), &ratio, error)
         && bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (100.0), ratio, &osc, error)
         && bk_node_bind_output (node, 0, osc, error);
}

const BkIndicatorDesc bk_indicator_momentumoscillator = {
  .name = "MomentumOscillator",
  .aliases = { "MomentumOsc" },
  .summary = "Momentum as a ratio: 100 * x / x[-period], around band",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (12),
    { "band", 100.0, -1e9, 1e9, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "momosc" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 100 },
  .build = momentumoscillator_build,
};
