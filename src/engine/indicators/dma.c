/* dma.c — DicksonMovingAverage(period, gainlimit, hperiod): (ZeroLagIndicator
 * (period, gainlimit) + HMA(hperiod)) / 2.0. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
dma_build (BkNode *node, GError **error)
{
  BkInput sum, dma;
  BkNode *ec = bk_build_indicator (node, "ZeroLagIndicator", &node->inputs[0], 1, node->params, 2, error);
  BkNode *hull = ec != NULL ? bk_build_indicator (node, "HMA", &node->inputs[0], 1, &node->params[2], 1, error) : NULL;

  return hull != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_ADD, bk_node_output (ec, 0), bk_node_output (hull, 0), &sum, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), &dma, error)
         && bk_node_bind_output (node, 0, dma, error);
}

const BkIndicatorDesc bk_indicator_dma = {
  .name = "DicksonMovingAverage",
  .aliases = { "DMA", "DicksonMA" },
  .summary = "Dickson moving average: the mean of the zero-lag indicator and a short HMA",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (30),
    { "gainlimit", 50, 0, 1000, TRUE },
    { "hperiod", 7, 2, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "dma" },
  .pane = BK_PANE_PRICE,
  .build = dma_build,
};
