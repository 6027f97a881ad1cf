/* aroonoscillator.c — AroonOscillator(p): aroonup - aroondown. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
aroonoscillator_build (BkNode *node, GError **error)
{
  BkInput osc;
  BkNode *aroon = bk_build_indicator (node, "AroonUpDown", node->inputs, 2, node->params, 1, error);

  return aroon != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (aroon, 0), bk_node_output (aroon, 1), &osc,
                             error)
         && bk_node_bind_output (node, 0, osc, error);
}

const BkIndicatorDesc bk_indicator_aroonoscillator = {
  .name = "AroonOscillator",
  .aliases = { "AroonOsc" },
  .summary = "Aroon up minus Aroon down",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "aroonosc" },
  .pane = BK_PANE_OWN,
  .n_levels = 3,
  .levels = { -70, 0, 70 },
  .build = aroonoscillator_build,
};
