/* smma.c — SMMA(p): Wilder's smoothing, alpha = 1 / p. */
#include "bk-indicators.h"

static void
smma_next (BkNode *node)
{
  bk_exp_smoothing_next (node, 1.0 / node->params[0]);
}

const BkIndicatorDesc bk_indicator_smma = {
  .name = "SMMA",
  .aliases = { "SmoothedMovingAverage", "MovingAverageSmoothed", "WilderMA",
               "ModifiedMovingAverage", "MovAv_Smoothed" },
  .summary = N_("Smoothed (Wilder's) moving average, alpha = 1 / period, seeded with the SMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "smma" },
  .pane = BK_PANE_PRICE,
  .self_lookback = 1,
  .state_cells = BK_STATE_CELLS (BkExactSum),
  .warms_up = TRUE,
  .minperiod = bk_exp_smoothing_minperiod,
  .next = smma_next,
};
