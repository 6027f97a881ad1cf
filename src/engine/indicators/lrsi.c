/* lrsi.c — LaguerreRSI(period, gamma): Ehlers' four-stage Laguerre filter
 * of the close, from zero at bar `period`; lrsi = cu / (cu + cd) over the
 * stages' steps, 1.0 when both are 0. */
#include "bk-indicators.h"

enum { L0, L1, L2, L3 };

/* One step of the filter: the four stages of this bar, kept for the next. */
void
bk_laguerre_step (BkNode *node, double *l0, double *l1, double *l2, double *l3)
{
  double g = node->params[1], x = bk_node_in (node, 0, 0);
  double *l = node->state;

  *l0 = (1.0 - g) * x + g * l[L0];
  *l1 = (-g) * *l0 + l[L0] + g * l[L1];
  *l2 = (-g) * *l1 + l[L1] + g * l[L2];
  *l3 = (-g) * *l2 + l[L2] + g * l[L3];
  l[L0] = *l0;
  l[L1] = *l1;
  l[L2] = *l2;
  l[L3] = *l3;
}

static void
lrsi_next (BkNode *node)
{
  double l0, l1, l2, l3;

  bk_laguerre_step (node, &l0, &l1, &l2, &l3);
  const double pairs[3][2] = { { l0, l1 }, { l1, l2 }, { l2, l3 } };
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
  .state_cells = BK_LAGUERRE_CELLS,
  .minperiod = bk_laguerre_minperiod,
  .next = lrsi_next,
};
