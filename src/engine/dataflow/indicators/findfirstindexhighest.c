/* findfirstindexhighest.c — FindFirstIndexHighest(p): how many bars back
 * the most recent highest value of the last p lies. */
#include "bk-indicators.h"

static void
findfirstindexhighest_next (BkNode *node)
{
  bk_node_out (node, 0, bk_node_window_first_index (node, 0, (guint) node->params[0], TRUE));
}

const BkIndicatorDesc bk_indicator_findfirstindexhighest = {
  .name = "FindFirstIndexHighest",
  .summary = N_("Bars since the highest value of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "index" },
  .pane = BK_PANE_OWN,
  .lookback = bk_lookback_period,
  .next = findfirstindexhighest_next,
};
