/* upday.c — UpDay(p): max(x - x[-p], 0), the gains RSI smooths. */
#include "bk-indicators.h"

static guint
upday_lookback (const BkNode *node, guint input)
{
  return (guint) node->params[0] + 1;
}

static void
upday_next (BkNode *node)
{
  double diff = bk_node_in (node, 0, 0) - bk_node_in (node, 0, (guint) node->params[0]);

  /* Python's max(diff, 0.0), as backtrader's Max: diff unless 0.0 > diff. */
  bk_node_out (node, 0, isnan (diff) ? NAN : (0.0 > diff ? 0.0 : diff));
}

const BkIndicatorDesc bk_indicator_upday = {
  .name = "UpDay",
  .summary = N_("The rise since period bars ago, or 0"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (1) },
  .n_outputs = 1,
  .outputs = { "upday" },
  .pane = BK_PANE_OWN,
  .lookback = upday_lookback,
  .next = upday_next,
};
