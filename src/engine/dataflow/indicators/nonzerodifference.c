/* nonzerodifference.c — NonZeroDifference: data0 - data1, or the last
 * non-zero difference while they are equal (seeded with the first). */
#include "bk-indicators.h"

static void
nonzerodifference_next (BkNode *node)
{
  double d = bk_node_in (node, 0, 0) - bk_node_in (node, 1, 0);

  /* Python's `d if d else prev`: NaN counts as true. */
  if (d == 0.0 && node->outputs[0]->line->length + 1 > node->minperiod)
    d = bk_node_self (node, 0, 0);
  bk_node_out (node, 0, d);
}

const BkIndicatorDesc bk_indicator_nonzerodifference = {
  .name = "NonZeroDifference",
  .aliases = { "NZD" },
  .summary = N_("The last non-zero difference of two lines"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "nzd" },
  .pane = BK_PANE_OWN,
  .self_lookback = 1,
  .next = nonzerodifference_next,
};
