/* crossdown.c — CrossDown: 1 on the bar data0 falls below data1 (it was
 * above at the last bar they differed), else 0. */
#include "bk-indicators.h"

static void
crossdown_next (BkNode *node)
{
  bk_cross_next (node, bk_crossdown_values);
}

const BkIndicatorDesc bk_indicator_crossdown = {
  .name = "CrossDown",
  .summary = N_("1 when the first line crosses below the second, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "cross" },
  .pane = BK_PANE_OWN,
  .state_cells = BK_STATE_CELLS (double),
  .warms_up = TRUE,
  .minperiod = bk_cross_minperiod,
  .next = crossdown_next,
  .next_values = bk_crossdown_values,
};
