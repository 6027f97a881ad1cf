/* lagf.c — LaguerreFilter(period, gamma): Ehlers' four-stage Laguerre
 * filter of the close (LaguerreRSI's stages, lrsi.c), (l0 + 2 l1 + 2 l2 +
 * l3) / 6, from bar `period` (1). */
#include "bk-indicators.h"

static void
lagf_next (BkNode *node)
{
  const BkLaguerre *l = bk_laguerre_step (node);

  bk_node_out (node, 0, (l->l0 + 2.0 * l->l1 + 2.0 * l->l2 + l->l3) / 6.0);
}

const BkIndicatorDesc bk_indicator_lagf = {
  .name = "LaguerreFilter",
  .aliases = { "LAGF" },
  .summary = N_("Ehlers' four-stage Laguerre filter of the close"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (1),
    { "gamma", 0.5, 0, 1, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "lfilter" },
  .pane = BK_PANE_PRICE,
  .state_cells = BK_STATE_CELLS (BkLaguerre),
  .minperiod = bk_laguerre_minperiod,
  .next = lagf_next,
};
