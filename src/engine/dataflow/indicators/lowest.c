/* lowest.c — Lowest(p): the smallest of the last p values. */
#include "bk-indicators.h"

static void
lowest_next (BkNode *node)
{
  bk_node_out (node, 0, bk_node_window_min (node, 0, (guint) node->params[0]));
}

const BkIndicatorDesc bk_indicator_lowest = {
  .name = "Lowest",
  .aliases = { "MinN" },
  .summary = N_("The lowest value of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "lowest" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .next = lowest_next,
};
