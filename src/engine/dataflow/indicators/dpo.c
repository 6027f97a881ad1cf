/* dpo.c — DetrendedPriceOscillator(p): x - SMA(x, p)[-(p // 2 - 1)], the
 * average read as Python reads ma(-p // 2 + 1). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
dpo_build (BkNode *node, GError **error)
{
  BkInput dpo;
  guint period = (guint) node->params[0];
  /* Python floors -period // 2: ago = -(-period // 2 + 1) = ceil (period / 2) - 1. */
  guint ago = (period + 1) / 2 - 1;
  BkNode *ma = bk_build_indicator (node, "SMA", &node->inputs[0], 1, &node->params[0], 1, error);

  return ma != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, node->inputs[0], bk_input_delay (bk_node_output (ma, 0), ago),
                             &dpo, error)
         && bk_node_bind_output (node, 0, dpo, error);
}

const BkIndicatorDesc bk_indicator_dpo = {
  .name = "DetrendedPriceOscillator",
  .aliases = { "DPO" },
  .summary = N_("Detrended price oscillator: the price less its SMA of half a period ago"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (20) },
  .n_outputs = 1,
  .outputs = { "dpo" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = dpo_build,
};
