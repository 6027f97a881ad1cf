/* dv2.c — DV2(p, maperiod): PercentRank(SMA(close / ((high + low) / 2.0),
 * maperiod), p) * 100. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
dv2_build (BkNode *node, GError **error)
{
  BkInput sum, mid, chl, dvu, dv2;

  if (!bk_graph_add_op (node->graph, node, BK_OP_ADD, node->inputs[0], node->inputs[1], &sum, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), &mid, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_DIV, node->inputs[2], mid, &chl, error))
    return FALSE;
  BkNode *ma = bk_build_indicator (node, "SMA", &chl, 1, &node->params[1], 1, error);
  if (ma == NULL)
    return FALSE;
  dvu = bk_node_output (ma, 0);
  BkNode *rank = bk_build_indicator (node, "PercentRank", &dvu, 1, &node->params[0], 1, error);
  return rank != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_node_output (rank, 0), bk_input_const (100.0), &dv2, error)
         && bk_node_bind_output (node, 0, dv2, error);
}

const BkIndicatorDesc bk_indicator_dv2 = {
  .name = "DV2",
  .summary = N_("DV2: the percent rank of the smoothed close over the bar's midpoint"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (252),
    { "maperiod", 2, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "dv2" },
  .pane = BK_PANE_OWN,
  .build = dv2_build,
};
