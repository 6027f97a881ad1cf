/* macdhisto.c — MACDHisto(12, 26, 9): MACD's lines and histo = macd -
 * signal. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
macdhisto_build (BkNode *node, GError **error)
{
  BkInput histo;

  BkNode *macd = bk_build_indicator (node, "MACD", &node->inputs[0], 1, node->params, 3, error);
  return macd != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (macd, 0), bk_node_output (macd, 1), &histo, error)
         && bk_node_bind_output (node, 0, bk_node_output (macd, 0), error)
         && bk_node_bind_output (node, 1, bk_node_output (macd, 1), error)
         && bk_node_bind_output (node, 2, histo, error);
}

const BkIndicatorDesc bk_indicator_macdhisto = {
  .name = "MACDHisto",
  .aliases = { "MACDHistogram" },
  .summary = "MACD with its histogram: macd - signal",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period_me1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period_me2", 26, 1, BK_MAX_PERIOD, TRUE },
    { "period_signal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 3,
  .outputs = { "macd", "signal", "histo" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = macdhisto_build,
};
