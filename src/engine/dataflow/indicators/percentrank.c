/* percentrank.c — PercentRank(p): the share of the last p values (the
 * current one included) strictly below the current one, k / p. */
#include "bk-indicators.h"

static void
percentrank_next (BkNode *node)
{
  guint period = (guint) node->params[0];
  double now = bk_node_in (node, 0, 0);
  guint below = 0;

  for (guint ago = 1; ago < period; ago++)
    below += bk_node_in (node, 0, ago) < now;
  bk_node_out (node, 0, isnan (now) ? NAN : (double) below / period);
}

const BkIndicatorDesc bk_indicator_percentrank = {
  .name = "PercentRank",
  .aliases = { "PctRank" },
  .summary = N_("The share of the last period values below the current one"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (50) },
  .n_outputs = 1,
  .outputs = { "pctrank" },
  .pane = BK_PANE_OWN,
  .lookback = bk_lookback_period,
  .next = percentrank_next,
};
