/* ema.c — EMA(p): exponential smoothing with alpha = 2 / (p + 1). */
#include "bk-indicators.h"

/* The first value is the mean of the first period values, fsum of them
 * divided by period as backtrader's SMA seed, summed exactly as they
 * arrive (the running sum SMA keeps, its state) so that the input
 * is read one value at a time; after it the previous output, in the
 * node's own line, is all it keeps. */
void
bk_exp_smoothing_next (BkNode *node, double alpha)
{
  guint64 bar = node->outputs[0]->line->length + 1;
  double x = bk_node_in (node, 0, 0);

  if (G_LIKELY (bar > node->minperiod))
    {
      bk_node_out (node, 0, bk_node_self (node, 0, 0) * (1.0 - alpha) + x * alpha);
      return;
    }

  BkExactSum *seed = BK_NODE_STATE (node, BkExactSum);
  double sum;

  bk_exact_sum_add (seed, x);
  if (bar < node->minperiod)
    {
      bk_node_out (node, 0, NAN);
      return;
    }
  /* In doubt (values of wildly different sizes), the compensated sum,
   * within an ulp of the exact one. */
  if (!bk_exact_sum_get (seed, &sum))
    sum = seed->sum + seed->compensation;
  bk_node_out (node, 0, sum / node->params[0]);
}

guint
bk_exp_smoothing_minperiod (const BkNode *node, const guint *input_minperiods)
{
  return input_minperiods[0] + (guint) node->params[0] - 1;
}

static void
ema_next (BkNode *node)
{
  bk_exp_smoothing_next (node, 2.0 / (1.0 + node->params[0]));
}

const BkIndicatorDesc bk_indicator_ema = {
  .name = "EMA",
  .aliases = { "ExponentialMovingAverage", "MovingAverageExponential", "MovAv_Exponential" },
  .summary = N_("Exponential moving average, alpha = 2 / (period + 1), seeded with the SMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "ema" },
  .pane = BK_PANE_PRICE,
  .self_lookback = 1,
  .state_cells = BK_STATE_CELLS (BkExactSum),
  .warms_up = TRUE,
  .minperiod = bk_exp_smoothing_minperiod,
  .next = ema_next,
};
