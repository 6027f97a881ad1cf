/* cci.c — CCI(20, 0.015): tp = (high + low + close) / 3; m = SMA(tp, p);
 * meandev = SMA(|tp - m|, p), each bar's deviation from its own mean as
 * backtrader computes it; cci = (tp - m) / (factor * meandev). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
cci_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double *p = node->params;
  BkInput hl, hlc, tp, dev, absdev, scaled, cci;

  if (!bk_graph_add_op (graph, node, BK_OP_ADD, node->inputs[0], node->inputs[1], &hl, error)
      || !bk_graph_add_op (graph, node, BK_OP_ADD, hl, node->inputs[2], &hlc, error)
      || !bk_graph_add_op (graph, node, BK_OP_DIV, hlc, bk_input_const (3.0), &tp, error))
    return FALSE;
  BkNode *mean = bk_build_indicator (node, "SMA", &tp, 1, &p[0], 1, error);
  if (mean == NULL
      || !bk_graph_add_op (graph, node, BK_OP_SUB, tp, bk_node_output (mean, 0), &dev, error)
      || !bk_graph_add_op (graph, node, BK_OP_ABS, dev, bk_input_const (0), &absdev, error))
    return FALSE;
  BkNode *meandev = bk_build_indicator (node, "SMA", &absdev, 1, &p[0], 1, error);
  return meandev != NULL
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (p[1]), bk_node_output (meandev, 0), &scaled, error)
         && bk_graph_add_op (graph, node, BK_OP_DIV, dev, scaled, &cci, error)
         && bk_node_bind_output (node, 0, cci, error);
}

const BkIndicatorDesc bk_indicator_cci = {
  .name = "CCI",
  .aliases = { "CommodityChannelIndex" },
  .summary = "Commodity channel index: distance of the typical price from its mean",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (20),
    { "factor", 0.015, 1e-12, 1e12, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "cci" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -100, 100 },
  .build = cci_build,
};
