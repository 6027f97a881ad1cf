/* heikinashi.c — HeikinAshi: ha_close = (((o + h) + l) + c) / 4.0; ha_open
 * = (ha_open[-1] + ha_close[-1]) / 2.0, from (o + c) / 2.0 on the first
 * bar; ha_high = max(h, ha_open, ha_close), ha_low = min(l, ha_open,
 * ha_close), from the second bar (the first has no ha_open of its own). */
#include "bk-indicators.h"

enum { OPEN, HIGH, LOW, CLOSE };
enum { HA_OPEN, HA_HIGH, HA_LOW, HA_CLOSE };

static void
heikinashi_next (BkNode *node)
{
  double o = bk_node_in (node, OPEN, 0), h = bk_node_in (node, HIGH, 0);
  double l = bk_node_in (node, LOW, 0), c = bk_node_in (node, CLOSE, 0);
  double ha_close = (((o + h) + l) + c) / 4.0;

  if (node->outputs[0]->line->length + 1 == node->first_step)
    {
      bk_node_out (node, HA_OPEN, (o + c) / 2.0);
      bk_node_out (node, HA_HIGH, NAN);
      bk_node_out (node, HA_LOW, NAN);
      bk_node_out (node, HA_CLOSE, ha_close);
      return;
    }
  double ha_open = (bk_node_self (node, HA_OPEN, 0) + bk_node_self (node, HA_CLOSE, 0)) / 2.0;

  bk_node_out (node, HA_OPEN, ha_open);
  bk_node_out (node, HA_HIGH, MAX (MAX (h, ha_open), ha_close));
  bk_node_out (node, HA_LOW, MIN (MIN (l, ha_open), ha_close));
  bk_node_out (node, HA_CLOSE, ha_close);
}

static guint
heikinashi_minperiod (const BkNode *node, const guint *input_minperiods)
{
  return bk_inputs_minperiod (node, input_minperiods) + 1;
}

const BkIndicatorDesc bk_indicator_heikinashi = {
  .name = "HeikinAshi",
  .summary = N_("Heikin-Ashi candles: each bar averaged with the one before"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 4,
  .outputs = { "ha_open", "ha_high", "ha_low", "ha_close" },
  .output_aliases = { "open", "high", "low", "close" },
  .pane = BK_PANE_PRICE,
  .candles = TRUE,
  .self_lookbacks = { [HA_OPEN] = 1, [HA_CLOSE] = 1 },
  .warms_up = TRUE,
  .minperiod = heikinashi_minperiod,
  .next = heikinashi_next,
};
