/* dema.c — DEMA(p): 2 * EMA(x, p) - EMA(EMA(x, p), p). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
dema_build (BkNode *node, GError **error)
{
  const double *p = node->params;
  BkInput twice, dema;

  BkNode *ema1 = bk_build_indicator (node, "EMA", &node->inputs[0], 1, &p[0], 1, error);
  if (ema1 == NULL)
    return FALSE;
  BkInput ema1_line = bk_node_output (ema1, 0);
  BkNode *ema2 = bk_build_indicator (node, "EMA", &ema1_line, 1, &p[0], 1, error);
  return ema2 != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (2.0), ema1_line, &twice, error)
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, twice, bk_node_output (ema2, 0), &dema, error)
         && bk_node_bind_output (node, 0, dema, error);
}

const BkIndicatorDesc bk_indicator_dema = {
  .name = "DEMA",
  .aliases = { "DoubleExponentialMovingAverage", "MovingAverageDoubleExponential",
               "MovAv_DoubleExponential" },
  .summary = "Double exponential moving average: 2 EMA - EMA(EMA)",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "dema" },
  .pane = BK_PANE_PRICE,
  .build = dema_build,
};
