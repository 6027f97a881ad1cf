/* aroonupdown.c — AroonUpDown(p): aroonup = (100 / p) * (p -
 * FindFirstIndexHighest(high, p + 1)); aroondown the same with the lows. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
aroon_line (BkNode *node, const char *finder, BkInput data, BkInput *out, GError **error)
{
  double period = node->params[0], window = period + 1;
  BkInput since;

  BkNode *index = bk_build_indicator (node, finder, &data, 1, &window, 1, error);
  return index != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, bk_input_const (period), bk_node_output (index, 0), &since, error)
         && bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (100.0 / period), since, out, error);
}

static gboolean
aroonupdown_build (BkNode *node, GError **error)
{
  BkInput up, down;

  return aroon_line (node, "FindFirstIndexHighest", node->inputs[0], &up, error)
         && aroon_line (node, "FindFirstIndexLowest", node->inputs[1], &down, error)
         && bk_node_bind_output (node, 0, up, error)
         && bk_node_bind_output (node, 1, down, error);
}

const BkIndicatorDesc bk_indicator_aroonupdown = {
  .name = "AroonUpDown",
  .aliases = { "AroonIndicator" },
  .summary = N_("Aroon up and down: how recent the period's high and low are, 0 to 100"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 2,
  .outputs = { "aroonup", "aroondown" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .build = aroonupdown_build,
};
