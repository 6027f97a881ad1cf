/* tsi.c — TrueStrengthIndicator(p1, p2, pchange): 100.0 * (EMA(EMA(pc, p1),
 * p2) / EMA(EMA(|pc|, p1), p2)), pc = x - x[-pchange]. */
#include "bk-indicators.h"
#include "bk-ops.h"

/* EMA(EMA(x, p1), p2) */
static gboolean
double_ema (BkNode *node, BkInput x, BkInput *out, GError **error)
{
  BkNode *first = bk_build_indicator (node, "EMA", &x, 1, &node->params[0], 1, error);
  BkInput line;

  if (first == NULL)
    return FALSE;
  line = bk_node_output (first, 0);
  BkNode *second = bk_build_indicator (node, "EMA", &line, 1, &node->params[1], 1, error);
  if (second == NULL)
    return FALSE;
  *out = bk_node_output (second, 0);
  return TRUE;
}

static gboolean
tsi_build (BkNode *node, GError **error)
{
  BkInput x = node->inputs[0], pc, abs_pc, num, den, ratio, tsi;

  return bk_graph_add_op (node->graph, node, BK_OP_SUB, x, bk_input_delay (x, (guint) node->params[2]), &pc, error)
         && bk_graph_add_op (node->graph, node, BK_OP_ABS, pc, bk_input_const (0.0), &abs_pc, error)
         && double_ema (node, pc, &num, error)
         && double_ema (node, abs_pc, &den, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, num, den, &ratio, error)
         && bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (100.0), ratio, &tsi, error)
         && bk_node_bind_output (node, 0, tsi, error);
}

const BkIndicatorDesc bk_indicator_tsi = {
  .name = "TrueStrengthIndicator",
  .aliases = { "TSI" },
  .summary = "True strength index: the double-smoothed change over its double-smoothed size",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period1", 25, 1, BK_MAX_PERIOD, TRUE },
    { "period2", 13, 1, BK_MAX_PERIOD, TRUE },
    { "pchange", 1, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "tsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = tsi_build,
};
