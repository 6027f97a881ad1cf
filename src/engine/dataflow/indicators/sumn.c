/* sumn.c — SumN(p): the exactly rounded sum of the last p values (as
 * backtrader's math.fsum), O(1) a bar: the running sum SMA keeps. */
#include "bk-indicators.h"

static void
sumn_next (BkNode *node)
{
  bk_node_out (node, 0, bk_window_sum_step (node, (guint) node->params[0], BK_NODE_STATE (node, BkWindowSum)));
}

const BkIndicatorDesc bk_indicator_sumn = {
  .name = "SumN",
  .summary = N_("The sum of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "sumn" },
  .pane = BK_PANE_OWN,
  .lookback = bk_lookback_period,
  .state_cells = BK_STATE_CELLS (BkWindowSum),
  .fuses_input = TRUE,
  .next = sumn_next,
};
