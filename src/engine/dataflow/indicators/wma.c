/* wma.c — WMA(p): weights 1 (oldest) to p (newest); the products are summed
 * exactly and scaled by 2 / (p (p + 1)), as backtrader does. */
#include "bk-indicators.h"
#include "bk-fsum.h"

static void
wma_next (BkNode *node)
{
  guint period = (guint) node->params[0];
  BkFsum sum = BK_FSUM_INIT;

  for (guint ago = period; ago-- > 0;)
    bk_fsum_add (&sum, bk_node_in (node, 0, ago) * (double) (period - ago));
  bk_node_out (node, 0, 2.0 / (period * (period + 1.0)) * bk_fsum_result (&sum));
}

const BkIndicatorDesc bk_indicator_wma = {
  .name = "WMA",
  .aliases = { "WeightedMovingAverage", "MovingAverageWeighted", "MovAv_Weighted" },
  .summary = N_("Weighted moving average: linear weights, the newest value weighs most"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "wma" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .next = wma_next,
};
