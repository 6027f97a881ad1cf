/* dmi.c — DirectionalMovementIndex(p): upmove = high - high[-1],
 * downmove = low[-1] - low; +DM = If(upmove > downmove and upmove > 0,
 * upmove, 0), -DM mirrored; plusDI = 100 * SMMA(+DM, p) / ATR(p), minusDI
 * likewise; adx = 100 * SMMA(|plusDI - minusDI| / (plusDI + minusDI), p). */
#include "bk-indicators.h"
#include "bk-ops.h"

/* 100 * SMMA(If(move > other and move > 0, move, 0), p) / atr. */
static gboolean
directional_indicator (BkNode *node, BkInput move, BkInput other, BkInput atr,
                       BkInput *di, GError **error)
{
  BkGraph *graph = node->graph;
  BkInput larger, positive, both, dm, scaled;

  if (!bk_graph_add_op (graph, node, BK_OP_GT, move, other, &larger, error)
      || !bk_graph_add_op (graph, node, BK_OP_GT, move, bk_input_const (0.0), &positive, error)
      || !bk_graph_add_op (graph, node, BK_OP_AND, larger, positive, &both, error)
      || !bk_graph_add_if (graph, node, both, move, bk_input_const (0.0), &dm, error))
    return FALSE;
  BkNode *average = bk_build_indicator (node, "SMMA", &dm, 1, &node->params[0], 1, error);
  return average != NULL
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (100.0), bk_node_output (average, 0), &scaled, error)
         && bk_graph_add_op (graph, node, BK_OP_DIV, scaled, atr, di, error);
}

static gboolean
dmi_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  BkInput high = node->inputs[0], low = node->inputs[1];
  BkInput upmove, downmove, plus, minus, spread, absspread, total, dx, adx;

  BkNode *atr = bk_build_indicator (node, "ATR", node->inputs, 3, &node->params[0], 1, error);
  if (atr == NULL
      || !bk_graph_add_op (graph, node, BK_OP_SUB, high, bk_input_delay (high, 1), &upmove, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, bk_input_delay (low, 1), low, &downmove, error)
      || !directional_indicator (node, upmove, downmove, bk_node_output (atr, 0), &plus, error)
      || !directional_indicator (node, downmove, upmove, bk_node_output (atr, 0), &minus, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, plus, minus, &spread, error)
      || !bk_graph_add_op (graph, node, BK_OP_ABS, spread, bk_input_const (0), &absspread, error)
      || !bk_graph_add_op (graph, node, BK_OP_ADD, plus, minus, &total, error)
      || !bk_graph_add_op (graph, node, BK_OP_DIV, absspread, total, &dx, error))
    return FALSE;
  BkNode *average = bk_build_indicator (node, "SMMA", &dx, 1, &node->params[0], 1, error);
  return average != NULL
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (100.0), bk_node_output (average, 0), &adx, error)
         && bk_node_bind_output (node, 0, adx, error)
         && bk_node_bind_output (node, 1, plus, error)
         && bk_node_bind_output (node, 2, minus, error);
}

const BkIndicatorDesc bk_indicator_dmi = {
  .name = "DirectionalMovementIndex",
  .aliases = { "DMI" },
  .summary = N_("Directional movement: ADX and the +DI and -DI lines"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 3,
  .outputs = { "adx", "plusDI", "minusDI" },
  .pane = BK_PANE_OWN,
  .build = dmi_build,
};
