/* crossover.c — CrossOver: CrossUp - CrossDown; +1 when data0 crosses
 * above data1, -1 below, else 0. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
crossover_build (BkNode *node, GError **error)
{
  BkInput crossover;

  BkNode *up = bk_build_indicator (node, "CrossUp", node->inputs, 2, NULL, 0, error);
  BkNode *down = up ? bk_build_indicator (node, "CrossDown", node->inputs, 2, NULL, 0, error) : NULL;
  return down != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_node_output (up, 0), bk_node_output (down, 0), &crossover, error)
         && bk_node_bind_output (node, 0, crossover, error);
}

const BkIndicatorDesc bk_indicator_crossover = {
  .name = "CrossOver",
  .summary = N_("+1 when the first line crosses above the second, -1 below, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "crossover" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -1, 1 },
  .build = crossover_build,
};
