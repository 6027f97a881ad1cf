/* downday.c — DownDay(p): max(x[-p] - x, 0), the losses RSI smooths. */
#include "bk-indicators.h"

static guint
downday_lookback (const BkNode *node, guint input)
{
  return (guint) node->params[0] + 1;
}

static void
downday_next (BkNode *node)
{
  double diff = bk_node_in (node, 0, (guint) node->params[0]) - bk_node_in (node, 0, 0);

  bk_node_out (node, 0, isnan (diff) ? NAN : (0.0 > diff ? 0.0 : diff));
}

const BkIndicatorDesc bk_indicator_downday = {
  .name = "DownDay",
  .summary = N_("The fall since period bars ago, or 0"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (1) },
  .n_outputs = 1,
  .outputs = { "downday" },
  .pane = BK_PANE_OWN,
  .lookback = downday_lookback,
  .next = downday_next,
};
