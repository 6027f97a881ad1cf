/* pgo.c — PrettyGoodOscillator(p): (x - SMA(x, p)) / ATR(p). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
pgo_build (BkNode *node, GError **error)
{
  BkInput diff, pgo;
  BkNode *ma = bk_build_indicator (node, "SMA", &node->inputs[0], 1, node->params, 1, error);
  BkInput hlc[3] = { node->inputs[1], node->inputs[2], node->inputs[0] };
  BkNode *atr = ma != NULL ? bk_build_indicator (node, "ATR", hlc, 3, node->params, 1, error) : NULL;

  return atr != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, node->inputs[0], bk_node_output (ma, 0), &diff, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, diff, bk_node_output (atr, 0), &pgo, error)
         && bk_node_bind_output (node, 0, pgo, error);
}

const BkIndicatorDesc bk_indicator_pgo = {
  .name = "PrettyGoodOscillator",
  .aliases = { "PGO", "PrettyGoodOsc" },
  .summary = "Pretty good oscillator: the distance from the SMA in average true ranges",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "pgo" },
  .pane = BK_PANE_OWN,
  .build = pgo_build,
};
