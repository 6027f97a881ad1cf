/* ema.c — EMA(p): exponential smoothing with alpha = 2 / (p + 1). */
#include "bk-indicators.h"

void
bk_exp_smoothing_next (BkNode *node, double alpha)
{
  guint period = (guint) node->params[0];
  const BkLine *own = node->outputs[0]->line;

  /* The first value is the SMA of the first period values; after it, the
   * previous output is the only value this node keeps. */
  if (own->length + 1 == node->minperiod)
    bk_node_out (node, 0, bk_node_window_fsum (node, 0, period) / period);
  else
    bk_node_out (node, 0, bk_node_self (node, 0, 0) * (1.0 - alpha) + bk_node_in (node, 0, 0) * alpha);
}

static void
ema_next (BkNode *node)
{
  bk_exp_smoothing_next (node, 2.0 / (1.0 + node->params[0]));
}

const BkIndicatorDesc bk_indicator_ema = {
  .name = "EMA",
  .aliases = { "ExponentialMovingAverage", "MovingAverageExponential", "MovAv_Exponential" },
  .summary = "Exponential moving average, alpha = 2 / (period + 1), seeded with the SMA",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "ema" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .self_lookback = 1,
  .next = ema_next,
};
