/* tema.c — TEMA(p): 3 * ema1 - 3 * ema2 + ema3, each EMA(p) of the one
 * before. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
tema_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double *p = node->params;
  BkInput emas[4] = { node->inputs[0] }, a, b, diff, tema;

  for (guint i = 1; i <= 3; i++)
    {
      BkNode *ema = bk_build_indicator (node, "EMA", &emas[i - 1], 1, &p[0], 1, error);
      if (ema == NULL)
        return FALSE;
      emas[i] = bk_node_output (ema, 0);
    }
  return bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (3.0), emas[1], &a, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (3.0), emas[2], &b, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, a, b, &diff, error)
         && bk_graph_add_op (graph, node, BK_OP_ADD, diff, emas[3], &tema, error)
         && bk_node_bind_output (node, 0, tema, error);
}

const BkIndicatorDesc bk_indicator_tema = {
  .name = "TEMA",
  .aliases = { "TripleExponentialMovingAverage", "MovingAverageTripleExponential",
               "MovAv_TripleExponential" },
  .summary = "Triple exponential moving average: 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA))",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "tema" },
  .pane = BK_PANE_PRICE,
  .build = tema_build,
};
