/* highest.c — Highest(p): the largest of the last p values. */
#include "bk-indicators.h"

static void
highest_next (BkNode *node)
{
  bk_node_out (node, 0, bk_node_window_max (node, 0, (guint) node->params[0]));
}

const BkIndicatorDesc bk_indicator_highest = {
  .name = "Highest",
  .aliases = { "MaxN" },
  .summary = N_("The highest value of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "highest" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .next = highest_next,
};
