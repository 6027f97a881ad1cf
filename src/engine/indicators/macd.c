/* macd.c — MACD(12, 26, 9): macd = EMA(x, me1) - EMA(x, me2);
 * signal = EMA(macd, signal). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
macd_build (BkNode *node, GError **error)
{
  const double *p = node->params;
  BkInput macd;

  BkNode *me1 = bk_build_indicator (node, "EMA", &node->inputs[0], 1, &p[0], 1, error);
  BkNode *me2 = me1 ? bk_build_indicator (node, "EMA", &node->inputs[0], 1, &p[1], 1, error) : NULL;
  if (me2 == NULL
      || !bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (me1, 0), bk_node_output (me2, 0), &macd, error))
    return FALSE;
  BkNode *signal = bk_build_indicator (node, "EMA", &macd, 1, &p[2], 1, error);
  return signal != NULL
         && bk_node_bind_output (node, 0, macd, error)
         && bk_node_bind_output (node, 1, bk_node_output (signal, 0), error);
}

const BkIndicatorDesc bk_indicator_macd = {
  .name = "MACD",
  .aliases = { "MovingAverageConvergenceDivergence" },
  .summary = "Moving average convergence/divergence and its signal line",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period_me1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period_me2", 26, 1, BK_MAX_PERIOD, TRUE },
    { "period_signal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "macd", "signal" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = macd_build,
};
