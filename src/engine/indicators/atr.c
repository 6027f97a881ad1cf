/* atr.c — ATR(p): SMMA(TrueRange, p). */
#include "bk-indicators.h"

static gboolean
atr_build (BkNode *node, GError **error)
{
  BkNode *tr = bk_build_indicator (node, "TrueRange", node->inputs, 3, NULL, 0, error);
  if (tr == NULL)
    return FALSE;
  BkInput tr_line = bk_node_output (tr, 0);
  BkNode *atr = bk_build_indicator (node, "SMMA", &tr_line, 1, &node->params[0], 1, error);
  return atr != NULL && bk_node_bind_output (node, 0, bk_node_output (atr, 0), error);
}

const BkIndicatorDesc bk_indicator_atr = {
  .name = "ATR",
  .aliases = { "AverageTrueRange" },
  .summary = "Average true range: Wilder's smoothing of the true range",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "atr" },
  .pane = BK_PANE_OWN,
  .build = atr_build,
};
