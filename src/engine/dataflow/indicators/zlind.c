/* zlind.c — ZeroLagIndicator(period, gainlimit): Ehlers' error-correcting
 * EMA.  With ema = EMA(x, period), alpha = 2.0 / (1.0 + period) and the
 * previous output ec1, each bar tries gain = k / 10 for k from -gainlimit
 * to gainlimit and keeps the candidate alpha * (ema + gain * (x - ec1)) +
 * (1 - alpha) * ec1 nearest to x (the first of equals); on the first bar,
 * with no ec1, the EMA itself.  DicksonMovingAverage (dma.c) builds on it. */
#include "bk-indicators.h"
#include "bk-graph-private.h"

enum { DATA, EMA };

static void
ec_next (BkNode *node)
{
  const BkNode *zli = node->parent;
  double alpha = 2.0 / (1.0 + zli->params[0]), alpha1 = 1.0 - alpha;
  int gainlimit = (int) zli->params[1];
  double price = bk_node_in (node, DATA, 0), ema = bk_node_in (node, EMA, 0);
  gboolean first = node->outputs[0]->line->length + 1 == node->minperiod;
  double ec1 = first ? NAN : bk_node_self (node, 0, 0);
  double best = ema, least = 9223372036854775807.0;   /* Python's sys.maxsize */

  for (int k = -gainlimit; k <= gainlimit; k++)
    {
      double gain = k / 10.0;
      double candidate = alpha * (ema + gain * (price - ec1)) + alpha1 * ec1;
      double error = fabs (price - candidate);

      if (error < least)
        {
          least = error;
          best = candidate;
        }
    }
  bk_node_out (node, 0, best);
}

static const BkIndicatorDesc ec_desc = {
  .name = "ErrorCorrection",
  .n_inputs = 2,
  .n_outputs = 1,
  .outputs = { "ec" },
  .self_lookback = 1,
  .next = ec_next,
};

static gboolean
zlind_build (BkNode *node, GError **error)
{
  BkNode *ema = bk_build_indicator (node, "EMA", &node->inputs[0], 1, node->params, 1, error);

  if (ema == NULL)
    return FALSE;
  BkInput inputs[2] = { node->inputs[0], bk_node_output (ema, 0) };
  g_autofree char *label = bk_input_describe (inputs[1]);
  BkNode *ec = bk_graph_add_primitive (node->graph, node, BK_ROLE_EXPRESSION, &ec_desc, inputs, 2,
                                       g_strdup_printf ("ErrorCorrection(%s)", label), error);
  return ec != NULL && bk_node_bind_output (node, 0, bk_node_output (ec, 0), error);
}

const BkIndicatorDesc bk_indicator_zlind = {
  .name = "ZeroLagIndicator",
  .aliases = { "ZLIndicator", "ZLInd", "EC", "ErrorCorrecting" },
  .summary = N_("Ehlers' zero-lag error-correcting EMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (30),
    { "gainlimit", 50, 0, 1000, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "ec" },
  .pane = BK_PANE_PRICE,
  .build = zlind_build,
};
