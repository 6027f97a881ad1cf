/* priceoscillator.c — PriceOscillator(p1, p2): EMA(x, p1) - EMA(x, p2);
 * PPO and PPOShort (ppo.c) build on the same two averages. */
#include "bk-indicators.h"
#include "bk-ops.h"

gboolean
bk_price_osc_build (BkNode *node, BkInput *po, BkInput *ma1, BkInput *ma2, GError **error)
{
  const double *p = node->params;
  BkNode *fast = bk_build_indicator (node, "EMA", &node->inputs[0], 1, &p[0], 1, error);
  BkNode *slow = fast != NULL ? bk_build_indicator (node, "EMA", &node->inputs[0], 1, &p[1], 1, error) : NULL;

  if (slow == NULL)
    return FALSE;
  *ma1 = bk_node_output (fast, 0);
  *ma2 = bk_node_output (slow, 0);
  return bk_graph_add_op (node->graph, node, BK_OP_SUB, *ma1, *ma2, po, error);
}

static gboolean
priceoscillator_build (BkNode *node, GError **error)
{
  BkInput po, ma1, ma2;

  return bk_price_osc_build (node, &po, &ma1, &ma2, error) && bk_node_bind_output (node, 0, po, error);
}

const BkIndicatorDesc bk_indicator_priceoscillator = {
  .name = "PriceOscillator",
  .aliases = { "PriceOsc", "AbsolutePriceOscillator", "APO", "AbsPriceOsc" },
  .summary = "The difference of a fast and a slow EMA",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    { "period1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period2", 26, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "po" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = priceoscillator_build,
};
