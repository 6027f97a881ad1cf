/* hma.c — HMA(p): WMA(2 * WMA(x, p // 2) - WMA(x, p), int(sqrt(p))). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
hma_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  guint period = (guint) node->params[0];
  double half = period / 2, root = (guint) pow (period, 0.5);
  BkInput twice, diff;

  BkNode *wma = bk_build_indicator (node, "WMA", &node->inputs[0], 1, &node->params[0], 1, error);
  BkNode *wma_half = wma ? bk_build_indicator (node, "WMA", &node->inputs[0], 1, &half, 1, error) : NULL;
  if (wma_half == NULL
      || !bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (2.0), bk_node_output (wma_half, 0), &twice, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, twice, bk_node_output (wma, 0), &diff, error))
    return FALSE;
  BkNode *hma = bk_build_indicator (node, "WMA", &diff, 1, &root, 1, error);
  return hma != NULL && bk_node_bind_output (node, 0, bk_node_output (hma, 0), error);
}

const BkIndicatorDesc bk_indicator_hma = {
  .name = "HMA",
  .aliases = { "HullMovingAverage", "HullMA", "MovAv_Hull" },
  .summary = N_("Hull moving average: a WMA of 2 WMA(period / 2) - WMA(period)"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { { "period", 30, 2, BK_MAX_PERIOD, TRUE } },
  .n_outputs = 1,
  .outputs = { "hma" },
  .pane = BK_PANE_PRICE,
  .build = hma_build,
};
