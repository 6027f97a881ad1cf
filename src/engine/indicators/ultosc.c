/* ultosc.c — UltimateOscillator(p1, p2, p3): bp = close - TrueLow,
 * av_i = SumN(bp, p_i) / SumN(TrueRange, p_i);
 * uo = (4 f) av1 + (2 f) av2 + f av3, f = 100 / 7. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
ultosc_build (BkNode *node, GError **error)
{
  BkGraph *graph = node->graph;
  const double factor = 100.0 / (4.0 + 2.0 + 1.0);
  const double weights[3] = { 4.0 * factor, 2.0 * factor, factor };
  BkInput low_close[2] = { node->inputs[1], node->inputs[2] };
  BkInput bp, uo = bk_input_const (0);

  BkNode *truelow = bk_build_indicator (node, "TrueLow", low_close, 2, NULL, 0, error);
  if (truelow == NULL
      || !bk_graph_add_op (graph, node, BK_OP_SUB, node->inputs[2], bk_node_output (truelow, 0), &bp, error))
    return FALSE;
  BkNode *tr = bk_build_indicator (node, "TrueRange", node->inputs, 3, NULL, 0, error);
  if (tr == NULL)
    return FALSE;
  BkInput tr_line = bk_node_output (tr, 0);
  for (guint i = 0; i < 3; i++)
    {
      BkInput average, term;
      BkNode *bp_sum = bk_build_indicator (node, "SumN", &bp, 1, &node->params[i], 1, error);
      BkNode *tr_sum = bp_sum ? bk_build_indicator (node, "SumN", &tr_line, 1, &node->params[i], 1, error) : NULL;
      if (tr_sum == NULL
          || !bk_graph_add_op (graph, node, BK_OP_DIV, bk_node_output (bp_sum, 0), bk_node_output (tr_sum, 0), &average, error)
          || !bk_graph_add_op (graph, node, BK_OP_MUL, bk_input_const (weights[i]), average, &term, error))
        return FALSE;
      if (i == 0)
        uo = term;
      else if (!bk_graph_add_op (graph, node, BK_OP_ADD, uo, term, &uo, error))
        return FALSE;
    }
  return bk_node_bind_output (node, 0, uo, error);
}

const BkIndicatorDesc bk_indicator_ultosc = {
  .name = "UltimateOscillator",
  .summary = "Ultimate oscillator: buying pressure over three periods, weighted 4:2:1",
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "p1", 7, 1, BK_MAX_PERIOD, TRUE },
    { "p2", 14, 1, BK_MAX_PERIOD, TRUE },
    { "p3", 28, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "uo" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .build = ultosc_build,
};
