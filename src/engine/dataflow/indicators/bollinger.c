/* bollinger.c — BollingerBands(p, devfactor): mid = SMA(x, p);
 * top/bot = mid +/- devfactor * StdDev(x around mid, p). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
bollinger_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double *p = node->params;
  BkInput stddev, width, top, bot;

  BkNode *mid = bk_build_indicator (node, "SMA", &node->inputs[0], 1, &p[0], 1, error);
  if (mid == NULL)
    return FALSE;
  BkInput mid_line = bk_node_output (mid, 0);
  /* backtrader's BollingerBands takes StdDev's default, safepow. */
  return bk_stddev_build (node, node->inputs[0], mid_line, (guint) p[0], TRUE, &stddev, error)
         && bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (p[1]), stddev, &width, error)
         && bk_graph_add_op (graph, node, BK_OP_ADD, mid_line, width, &top, error)
         && bk_graph_add_op (graph, node, BK_OP_SUB, mid_line, width, &bot, error)
         && bk_node_bind_output (node, 0, mid_line, error)
         && bk_node_bind_output (node, 1, top, error)
         && bk_node_bind_output (node, 2, bot, error);
}

const BkIndicatorDesc bk_indicator_bollinger = {
  .name = "BollingerBands",
  .aliases = { "BBands" },
  .summary = N_("Bollinger bands: the SMA and devfactor standard deviations either side"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (20),
    { "devfactor", 2.0, 0, 1e6, FALSE },
  },
  .n_outputs = 3,
  .outputs = { "mid", "top", "bot" },
  .pane = BK_PANE_PRICE,
  .build = bollinger_build,
};
