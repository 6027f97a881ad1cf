/* accdecosc.c — AccelerationDecelerationOscillator(p): ao - SMA(ao, p),
 * ao the AwesomeOscillator with its defaults. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
accdecosc_build (BkNode *node, GError **error)
{
  BkInput ao_line, accde;
  BkNode *ao = bk_build_indicator (node, "AwesomeOscillator", node->inputs, 2, NULL, 0, error);

  if (ao == NULL)
    return FALSE;
  ao_line = bk_node_output (ao, 0);
  BkNode *ma = bk_build_indicator (node, "SMA", &ao_line, 1, &node->params[0], 1, error);
  return ma != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, ao_line, bk_node_output (ma, 0), &accde, error)
         && bk_node_bind_output (node, 0, accde, error);
}

const BkIndicatorDesc bk_indicator_accdecosc = {
  .name = "AccelerationDecelerationOscillator",
  .aliases = { "AccDeOsc" },
  .summary = "Acceleration/deceleration: the awesome oscillator less its SMA",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (5) },
  .n_outputs = 1,
  .outputs = { "accde" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = accdecosc_build,
};
