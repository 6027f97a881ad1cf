/* williamsr.c — WilliamsR(p): percR = -100 * (Highest(high, p) - close) /
 * (Highest(high, p) - Lowest(low, p)). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
williamsr_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double *p = node->params;
  BkInput fall, scaled, range, percr;

  BkNode *highest = bk_build_indicator (node, "Highest", &node->inputs[0], 1, &p[0], 1, error);
  BkNode *lowest = highest ? bk_build_indicator (node, "Lowest", &node->inputs[1], 1, &p[0], 1, error) : NULL;
  if (lowest == NULL)
    return FALSE;
  BkInput h = bk_node_output (highest, 0);
  return bk_graph_add_op (graph, node, BK_OP_SUB, h, node->inputs[2], &fall, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (-100.0), fall, &scaled, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, h, bk_node_output (lowest, 0), &range, error)
         && bk_graph_add_op (graph, node, BK_OP_DIV, scaled, range, &percr, error)
         && bk_node_bind_output (node, 0, percr, error);
}

const BkIndicatorDesc bk_indicator_williamsr = {
  .name = "WilliamsR",
  .summary = "Williams %R: where the close sits below the period's high, 0 to -100",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "percR" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -80, -20 },
  .build = williamsr_build,
};
