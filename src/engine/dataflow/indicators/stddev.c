/* stddev.c — StdDev(p, safepow): pow(abs(SMA(x ** 2, p) - SMA(x, p) ** 2),
 * 0.5) as backtrader computes it; with safepow=0 the difference as it is
 * (NaN where rounding made it negative, where Python would give a complex
 * number). */
#include "bk-indicators.h"
#include "bk-ops.h"

gboolean
bk_stddev_build (BkNode *node, BkInput data, BkInput mean, guint period, gboolean safepow,
                 BkInput *out, GError **error)
{
  BkGraph *graph = node->graph;
  double p = period;
  BkInput square, sqmean, diff, safe;

  if (!bk_graph_add_pow (graph, node, data, 2.0, &square, error))
    return FALSE;
  BkNode *meansq = bk_build_indicator (node, "SMA", &square, 1, &p, 1, error);
  return meansq != NULL
         && bk_graph_add_pow (graph, node, mean, 2.0, &sqmean, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, bk_node_output (meansq, 0), sqmean, &diff, error)
         && (!safepow || bk_graph_add_op (graph, node, BK_OP_ABS, diff, bk_input_const (0.0), &safe, error))
         && bk_graph_add_pow (graph, node, safepow ? safe : diff, 0.5, out, error);
}

static gboolean
stddev_build (BkNode *node, GError **error)
{
  BkInput stddev;

  BkNode *mean = bk_build_indicator (node, "SMA", &node->inputs[0], 1, &node->params[0], 1, error);
  return mean != NULL
         && bk_stddev_build (node, node->inputs[0], bk_node_output (mean, 0), (guint) node->params[0],
                             node->params[1] != 0, &stddev, error)
         && bk_node_bind_output (node, 0, stddev, error);
}

const BkIndicatorDesc bk_indicator_stddev = {
  .name = "StdDev",
  .aliases = { "StandardDeviation" },
  .summary = N_("Standard deviation of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (20),
    { "safepow", 1, 0, 1, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "stddev" },
  .pane = BK_PANE_OWN,
  .build = stddev_build,
};
