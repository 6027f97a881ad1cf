/* stochfull.c — StochasticFull(14, 3, 3): percK = the raw k,
 * percD = SMA(k, dfast), percDSlow = SMA(percD, dslow). */
#include "bk-indicators.h"
#include "bk-ops.h"

/* Inputs high, low, close: 100 * (close - Lowest(low, p)) /
 * (Highest(high, p) - Lowest(low, p)). */
gboolean
bk_stochastic_k_build (BkNode *node, guint period, BkInput *k, GError **error)
{
  BkGraph *graph = node->graph;
  double p = period;
  BkInput knum, kden, ratio;

  BkNode *highest = bk_build_indicator (node, "Highest", &node->inputs[0], 1, &p, 1, error);
  BkNode *lowest = highest ? bk_build_indicator (node, "Lowest", &node->inputs[1], 1, &p, 1, error) : NULL;
  return lowest != NULL
         && bk_graph_add_op (graph, node, BK_OP_SUB, node->inputs[2], bk_node_output (lowest, 0), &knum, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, bk_node_output (highest, 0), bk_node_output (lowest, 0), &kden, error)
         && bk_graph_add_op (graph, node, BK_OP_DIV, knum, kden, &ratio, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (100.0), ratio, k, error);
}

static gboolean
stochfull_build (BkNode *node, GError **error)
{
  const double *p = node->params;
  BkInput k;

  if (!bk_stochastic_k_build (node, (guint) p[0], &k, error))
    return FALSE;
  BkNode *perc_d = bk_build_indicator (node, "SMA", &k, 1, &p[1], 1, error);
  if (perc_d == NULL)
    return FALSE;
  BkInput perc_d_line = bk_node_output (perc_d, 0);
  BkNode *perc_dslow = bk_build_indicator (node, "SMA", &perc_d_line, 1, &p[2], 1, error);
  return perc_dslow != NULL
         && bk_node_bind_output (node, 0, k, error)
         && bk_node_bind_output (node, 1, perc_d_line, error)
         && bk_node_bind_output (node, 2, bk_node_output (perc_dslow, 0), error);
}

const BkIndicatorDesc bk_indicator_stochfull = {
  .name = "StochasticFull",
  .summary = N_("Full stochastic oscillator: the raw %K, %D and a slow %D"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (14),
    { "period_dfast", 3, 1, BK_MAX_PERIOD, TRUE },
    { "period_dslow", 3, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 3,
  .outputs = { "percK", "percD", "percDSlow" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 20, 80 },
  .build = stochfull_build,
};
