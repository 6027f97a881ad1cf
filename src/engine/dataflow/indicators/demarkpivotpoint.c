/* demarkpivotpoint.c — DemarkPivotPoint: x = (h + 2.0 * l) + c on a
 * down bar (close < open), (2.0 * h + l) + c on an up bar, (h + l) + 2.0 *
 * c on a flat one, as DeMark and backtrader's documentation define it
 * (backtrader's CmpEx swaps the up and flat cases); p = x / 4.0, s1 = x /
 * 2.0 - h, r1 = x / 2.0 - l. */
#include "bk-indicators.h"

enum { OPEN, HIGH, LOW, CLOSE };

static void
demark_next (BkNode *node)
{
  double o = bk_node_in (node, OPEN, 0), h = bk_node_in (node, HIGH, 0);
  double l = bk_node_in (node, LOW, 0), c = bk_node_in (node, CLOSE, 0);
  double x = c < o ? (h + 2.0 * l) + c : c > o ? (2.0 * h + l) + c : (h + l) + 2.0 * c;

  bk_node_out (node, 0, x / 4.0);
  bk_node_out (node, 1, x / 2.0 - h);
  bk_node_out (node, 2, x / 2.0 - l);
}

const BkIndicatorDesc bk_indicator_demarkpivotpoint = {
  .name = "DemarkPivotPoint",
  .summary = N_("DeMark's pivot point of the bar, weighted by its direction, with a support and a resistance"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 3,
  .outputs = { "p", "s1", "r1" },
  .pane = BK_PANE_PRICE,
  .next = demark_next,
};
