/* upmove.c — UpMove: x - x[-1]; DownMove (downmove.c): x[-1] - x. */
#include "bk-indicators.h"
#include "bk-ops.h"

/* x - x[-1] for UpMove, x[-1] - x for DownMove. */
gboolean
bk_move_build (BkNode *node, gboolean up, GError **error)
{
  BkInput x = node->inputs[0], before = bk_input_delay (x, 1), move;

  return bk_graph_add_op (node->graph, node, BK_OP_SUB, up ? x : before, up ? before : x, &move, error)
         && bk_node_bind_output (node, 0, move, error);
}

static gboolean
upmove_build (BkNode *node, GError **error)
{
  return bk_move_build (node, TRUE, error);
}

const BkIndicatorDesc bk_indicator_upmove = {
  .name = "UpMove",
  .summary = "The rise since the bar before (negative when it fell)",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "upmove" },
  .pane = BK_PANE_OWN,
  .build = upmove_build,
};
