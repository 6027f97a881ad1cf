/* lrsi.c — LaguerreRSI(period, gamma): Ehlers' four-stage Laguerre filter
 * of the close, from zero at bar `period`; lrsi = cu / (cu + cd) over the
 * stages' steps, 1.0 when both are 0. */
#include "bk-indicators.h"

/* One step of the filter: the four stages of this bar, kept for the next. */
const BkLaguerre *
bk_laguerre_step (BkNode *node)
{
  double g = node->params[1], x = bk_node_in (node, 0, 0);
  BkLaguerre *last = BK_NODE_STATE (node, BkLaguerre);
  BkLaguerre now;

  now.l0 = (1.0 - g) * x + g * last->l0;
  now.l1 = (-g) * now.l0 + last->l0 + g * last->l1;
  now.l2 = (-g) * now.l1 + last->l1 + g * last->l2;
  now.l3 = (-g) * now.l2 + last->l2 + g * last->l3;
  *last = now;
  return last;
}

static void
lrsi_next (BkNode *node)
{
  const BkLaguerre *l = bk_laguerre_step (node);
  const double pairs[3][2] = { { l->l0, l->l1 }, { l->l1, l->l2 }, { l->l2, l->l3 } };
  double cu = 0.0, cd = 0.0;

  for (guint i = 0; i < 3; i++)
    {
      if (pairs[i][0] >= pairs[i][1])
        cu += pairs[i][0] - pairs[i][1];
      else
        cd += pairs[i][1] - pairs[i][0];
    }
  double den = cu + cd;
  bk_node_out (node, 0, den == 0.0 ? 1.0 : cu / den);
}

/* The filter starts at bar `period`: earlier bars only wait. */
guint
bk_laguerre_minperiod (const BkNode *node, const guint *input_minperiods)
{
  return input_minperiods[0] + (guint) node->params[0] - 1;
}

const BkIndicatorDesc bk_indicator_lrsi = {
  .name = "LaguerreRSI",
  .aliases = { "LRSI" },
  .summary = N_("Laguerre RSI: Ehlers' RSI of a four-stage Laguerre filter, 0 to 1"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (6),
    { "gamma", 0.5, 0, 1, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "lrsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 3,
  .levels = { 0.2, 0.5, 0.8 },
  .state_cells = BK_STATE_CELLS (BkLaguerre),
  .minperiod = bk_laguerre_minperiod,
  .next = lrsi_next,
};
