/* zlema.c — ZeroLagEma(p): EMA(2 * x - x[-lag], p), lag = (p - 1) // 2. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
zlema_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  guint lag = ((guint) node->params[0] - 1) / 2;
  BkInput x = node->inputs[0], twice, data;

  if (!bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (2.0), x, &twice, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, twice, bk_input_delay (x, lag), &data, error))
    return FALSE;
  BkNode *ema = bk_build_indicator (node, "EMA", &data, 1, &node->params[0], 1, error);
  return ema != NULL && bk_node_bind_output (node, 0, bk_node_output (ema, 0), error);
}

const BkIndicatorDesc bk_indicator_zlema = {
  .name = "ZeroLagEma",
  .aliases = { "ZLEMA", "ZeroLagExponentialMovingAverage", "MovAv_ZeroLagExponential" },
  .summary = N_("Zero-lag EMA: the EMA of 2 x - x[-lag], lag = (period - 1) / 2"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "zlema" },
  .pane = BK_PANE_PRICE,
  .build = zlema_build,
};
