/* williamsad.c — WilliamsAD: the running sum of close - TrueLow on up days
 * and close - TrueHigh on down days (TrueLow = min(low, close[-1]),
 * TrueHigh = max(high, close[-1])), from 0.0 at the second bar. */
#include "bk-indicators.h"

enum { HIGH, LOW, CLOSE };

static void
williamsad_next (BkNode *node)
{
  double close = bk_node_in (node, CLOSE, 0), before = bk_node_in (node, CLOSE, 1);
  double high = bk_node_in (node, HIGH, 0), low = bk_node_in (node, LOW, 0);
  /* UpDay and DownDay: Max(change, 0.0), true when not zero. */
  double up = MAX (close - before, 0.0), down = MAX (before - close, 0.0);
  double adup = up != 0.0 ? close - MIN (low, before) : 0.0;
  double addown = down != 0.0 ? close - MAX (high, before) : 0.0;
  gboolean first = node->outputs[0]->line->length + 1 == node->minperiod;

  bk_node_out (node, 0, (first ? 0.0 : bk_node_self (node, 0, 0)) + (adup + addown));
}

static guint
williamsad_lookback (const BkNode *node, guint input)
{
  return input == CLOSE ? 2 : 1;
}

const BkIndicatorDesc bk_indicator_williamsad = {
  .name = "WilliamsAD",
  .summary = N_("Williams accumulation/distribution: closes against the true low and high, summed"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "ad" },
  .pane = BK_PANE_OWN,
  .lookback = williamsad_lookback,
  .self_lookback = 1,
  .next = williamsad_next,
};
