/* sma.c — SMA(p): the mean of the last p values (backtrader's fsum / p). */
#include "bk-indicators.h"

static void
sma_next (BkNode *node)
{
  guint period = (guint) node->params[0];

  bk_node_out (node, 0, bk_node_window_fsum (node, 0, period) / period);
}

const BkIndicatorDesc bk_indicator_sma = {
  .name = "SMA",
  .aliases = { "MovingAverageSimple", "SimpleMovingAverage", "MovAv_Simple" },
  .summary = "Simple moving average: the mean of the last period values",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "sma" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .next = sma_next,
};
