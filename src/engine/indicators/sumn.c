/* sumn.c — SumN(p): the exactly rounded sum of the last p values. */
#include "bk-indicators.h"

static void
sumn_next (BkNode *node)
{
  bk_node_out (node, 0, bk_node_window_fsum (node, 0, (guint) node->params[0]));
}

const BkIndicatorDesc bk_indicator_sumn = {
  .name = "SumN",
  .summary = "The sum of the last period values",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "sumn" },
  .pane = BK_PANE_OWN,
  .lookback = bk_lookback_period,
  .next = sumn_next,
};
