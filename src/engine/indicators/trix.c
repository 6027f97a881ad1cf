/* trix.c — TRIX(p): ema3 = EMA(EMA(EMA(x, p), p), p);
 * trix = 100 * (ema3 / ema3[-1] - 1). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
trix_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  BkInput ema = node->inputs[0], ratio, change, trix;

  for (guint i = 0; i < 3; i++)
    {
      BkNode *next = bk_build_indicator (node, "EMA", &ema, 1, &node->params[0], 1, error);
      if (next == NULL)
        return FALSE;
      ema = bk_node_output (next, 0);
    }
  return bk_graph_add_op (graph, node, BK_OP_DIV, ema, bk_input_delay (ema, 1), &ratio, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, ratio, bk_input_const (1.0), &change, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (100.0), change, &trix, error)
         && bk_node_bind_output (node, 0, trix, error);
}

const BkIndicatorDesc bk_indicator_trix = {
  .name = "TRIX",
  .summary = "TRIX: the one-bar percent change of a triple EMA",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (15) },
  .n_outputs = 1,
  .outputs = { "trix" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = trix_build,
};
