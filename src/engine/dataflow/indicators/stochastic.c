/* stochastic.c — Stochastic (slow): k = 100 * (close - Lowest(low, p)) /
 * (Highest(high, p) - Lowest(low, p)); percK = SMA(k, dfast);
 * percD = SMA(percK, dslow).  Built from sub-indicators, as backtrader's. */
#include "bk-indicators.h"

static gboolean
stochastic_build (BkNode *node, GError **error)
{
  const double *p = node->params;
  BkInput k;

  if (!bk_stochastic_k_build (node, (guint) p[0], &k, error))
    return FALSE;
  BkNode *perc_k = bk_build_indicator (node, "SMA", &k, 1, &p[1], 1, error);
  if (perc_k == NULL)
    return FALSE;
  BkInput perc_k_line = bk_node_output (perc_k, 0);
  BkNode *perc_d = bk_build_indicator (node, "SMA", &perc_k_line, 1, &p[2], 1, error);
  return perc_d != NULL
         && bk_node_bind_output (node, 0, perc_k_line, error)
         && bk_node_bind_output (node, 1, bk_node_output (perc_d, 0), error);
}

const BkIndicatorDesc bk_indicator_stochastic = {
  .name = "Stochastic",
  .aliases = { "StochasticSlow" },
  .summary = N_("Slow stochastic oscillator: where the close sits in the period's range"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (14),
    { "period_dfast", 3, 1, BK_MAX_PERIOD, TRUE },
    { "period_dslow", 3, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "percK", "percD" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 20, 80 },
  .build = stochastic_build,
};
