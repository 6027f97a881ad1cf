/* dm.c — DirectionalMovement(p): DMI's adx, adxr = (adx + adx[-p]) / 2.0,
 * then DMI's plusDI and minusDI, in backtrader's order. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
dm_build (BkNode *node, GError **error)
{
  BkInput sum, adxr;
  BkNode *dmi = bk_build_indicator (node, "DMI", node->inputs, 3, node->params, 1, error);

  if (dmi == NULL)
    return FALSE;
  BkInput adx = bk_node_output (dmi, 0);
  return bk_graph_add_op (node->graph, node, BK_OP_ADD, adx, bk_input_delay (adx, (guint) node->params[0]), &sum, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), &adxr, error)
         && bk_node_bind_output (node, 0, adx, error)
         && bk_node_bind_output (node, 1, adxr, error)
         && bk_node_bind_output (node, 2, bk_node_output (dmi, 1), error)
         && bk_node_bind_output (node, 3, bk_node_output (dmi, 2), error);
}

const BkIndicatorDesc bk_indicator_dm = {
  .name = "DirectionalMovement",
  .aliases = { "DM" },
  .summary = N_("Directional movement: ADX, ADXR and the two directional indicators"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 4,
  .outputs = { "adx", "adxr", "plusDI", "minusDI" },
  .pane = BK_PANE_OWN,
  .build = dm_build,
};
