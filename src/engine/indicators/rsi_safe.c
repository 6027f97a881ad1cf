/* rsi_safe.c — RSI_Safe: backtrader's RSI with safediv, 100 when only the
 * losses are 0 and 50 when both are; Barkeep's RSI already is. */
#include "bk-indicators.h"

static gboolean
rsi_safe_build (BkNode *node, GError **error)
{
  BkNode *rsi = bk_build_indicator (node, "RSI", &node->inputs[0], 1, node->params, 1, error);

  return rsi != NULL && bk_node_bind_output (node, 0, bk_node_output (rsi, 0), error);
}

const BkIndicatorDesc bk_indicator_rsi_safe = {
  .name = "RSI_Safe",
  .summary = "RSI that is 100 when the losses are 0 and 50 when gains and losses are",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "rsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .build = rsi_safe_build,
};
