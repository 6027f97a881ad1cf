/* vortex.c — Vortex(p): vi_plus = SumN(|high - low[-1]|, p) / SumN(tr, p),
 * vi_minus = SumN(|low - high[-1]|, p) / SumN(tr, p), tr = max(high - low,
 * |high - close[-1]|, |low - close[-1]|). */
#include "bk-indicators.h"
#include "bk-ops.h"

/* |a - b| */
static gboolean
abs_diff (BkNode *node, BkInput a, BkInput b, BkInput *out, GError **error)
{
  BkInput diff;

  return bk_graph_add_op (node->graph, node, BK_OP_SUB, a, b, &diff, error)
         && bk_graph_add_op (node->graph, node, BK_OP_ABS, diff, bk_input_const (0.0), out, error);
}

static gboolean
vortex_build (BkNode *node, GError **error)
{
  BkInput high = node->inputs[0], low = node->inputs[1], close = node->inputs[2];
  BkInput h0l1, l0h1, h0c1, l0c1, h0l0, m1, tr, plus, minus;

  if (!abs_diff (node, high, bk_input_delay (low, 1), &h0l1, error)
      || !abs_diff (node, low, bk_input_delay (high, 1), &l0h1, error)
      || !abs_diff (node, high, bk_input_delay (close, 1), &h0c1, error)
      || !abs_diff (node, low, bk_input_delay (close, 1), &l0c1, error)
      || !abs_diff (node, high, low, &h0l0, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_MAX, h0l0, h0c1, &m1, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_MAX, m1, l0c1, &tr, error))
    return FALSE;
  BkNode *vm_plus = bk_build_indicator (node, "SumN", &h0l1, 1, node->params, 1, error);
  BkNode *vm_minus = vm_plus ? bk_build_indicator (node, "SumN", &l0h1, 1, node->params, 1, error) : NULL;
  BkNode *tr_sum = vm_minus ? bk_build_indicator (node, "SumN", &tr, 1, node->params, 1, error) : NULL;
  return tr_sum != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, bk_node_output (vm_plus, 0), bk_node_output (tr_sum, 0), &plus,
                             error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, bk_node_output (vm_minus, 0), bk_node_output (tr_sum, 0),
                             &minus, error)
         && bk_node_bind_output (node, 0, plus, error)
         && bk_node_bind_output (node, 1, minus, error);
}

const BkIndicatorDesc bk_indicator_vortex = {
  .name = "Vortex",
  .summary = "Vortex indicator: upward and downward movement over the true range",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 2,
  .outputs = { "vi_plus", "vi_minus" },
  .pane = BK_PANE_OWN,
  .build = vortex_build,
};
