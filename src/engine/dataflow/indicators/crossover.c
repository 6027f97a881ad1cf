/* crossover.c — CrossOver: CrossUp - CrossDown; +1 when data0 crosses
 * above data1, -1 below, else 0. */
#include "bk-indicators.h"

static void
crossover_next (BkNode *node)
{
  bk_cross_next (node, bk_crossover_values);
}

const BkIndicatorDesc bk_indicator_crossover = {
  .name = "CrossOver",
  .summary = N_("+1 when the first line crosses above the second, -1 below, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "crossover" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -1, 1 },
  .state_cells = BK_STATE_CELLS (double),
  .warms_up = TRUE,
  .minperiod = bk_cross_minperiod,
  .next = crossover_next,
  .next_values = bk_crossover_values,
};
