/* kama.c — KAMA(p, fast, slow): er = |(x - x[-p]) / SumN(|x - x[-1]|, p)|;
 * sc = (er * (2 / (fast + 1) - 2 / (slow + 1)) + 2 / (slow + 1)) ** 2;
 * kama = ExponentialSmoothingDynamic(x, alpha = sc, p). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
kama_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double *p = node->params;
  BkInput x = node->inputs[0], direction, step, absstep, ratio, er, scaled, base, sc;
  double fast = 2.0 / (p[1] + 1.0), slow = 2.0 / (p[2] + 1.0);

  if (!bk_graph_add_op (graph, node, BK_OP_SUB, x, bk_input_delay (x, (guint) p[0]), &direction, error)
      || !bk_graph_add_op (graph, node, BK_OP_SUB, x, bk_input_delay (x, 1), &step, error)
      || !bk_graph_add_op (graph, node, BK_OP_ABS, step, bk_input_const (0), &absstep, error))
    return FALSE;
  BkNode *volatility = bk_build_indicator (node, "SumN", &absstep, 1, &p[0], 1, error);
  if (volatility == NULL
      || !bk_graph_add_op (graph, node, BK_OP_DIV, direction, bk_node_output (volatility, 0), &ratio, error)
      || !bk_graph_add_op (graph, node, BK_OP_ABS, ratio, bk_input_const (0), &er, error)
      || !bk_graph_add_op (graph, node, BK_OP_MUL, er, bk_input_const (fast - slow), &scaled, error)
      || !bk_graph_add_op (graph, node, BK_OP_ADD, scaled, bk_input_const (slow), &base, error)
      || !bk_graph_add_pow (graph, node, base, 2.0, &sc, error))
    return FALSE;
  BkInput inputs[2] = { x, sc };
  BkNode *kama = bk_build_indicator (node, "ExponentialSmoothingDynamic", inputs, 2, &p[0], 1, error);
  return kama != NULL && bk_node_bind_output (node, 0, bk_node_output (kama, 0), error);
}

const BkIndicatorDesc bk_indicator_kama = {
  .name = "KAMA",
  .aliases = { "AdaptiveMovingAverage", "MovingAverageAdaptive", "MovAv_Adaptive" },
  .summary = N_("Kaufman's adaptive moving average: smoothing follows the efficiency ratio"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (30),
    { "fast", 2, 1, BK_MAX_PERIOD, TRUE },
    { "slow", 30, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "kama" },
  .pane = BK_PANE_PRICE,
  .build = kama_build,
};
