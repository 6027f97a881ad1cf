/* awesomeoscillator.c — AwesomeOscillator(fast, slow): SMA(median, fast) -
 * SMA(median, slow), median = (high + low) / 2.0. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
awesomeoscillator_build (BkNode *node, GError **error)
{
  BkInput sum, median, ao;

  if (!bk_graph_add_op (node->graph, node, BK_OP_ADD, node->inputs[0], node->inputs[1], &sum, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), &median, error))
    return FALSE;
  BkNode *fast = bk_build_indicator (node, "SMA", &median, 1, &node->params[0], 1, error);
  BkNode *slow = fast != NULL ? bk_build_indicator (node, "SMA", &median, 1, &node->params[1], 1, error) : NULL;
  return slow != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (fast, 0), bk_node_output (slow, 0), &ao, error)
         && bk_node_bind_output (node, 0, ao, error);
}

const BkIndicatorDesc bk_indicator_awesomeoscillator = {
  .name = "AwesomeOscillator",
  .aliases = { "AwesomeOsc", "AO" },
  .summary = "Awesome oscillator: fast minus slow SMA of the median price",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 2,
  .params = {
    { "fast", 5, 1, BK_MAX_PERIOD, TRUE },
    { "slow", 34, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "ao" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = awesomeoscillator_build,
};
