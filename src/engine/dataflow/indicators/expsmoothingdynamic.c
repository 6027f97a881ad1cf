/* expsmoothingdynamic.c — ExponentialSmoothingDynamic(p): smoothing whose
 * alpha is a line (input 1): prev * (1 - alpha) + x * alpha, seeded with
 * the mean of the last p values.  KAMA's engine. */
#include "bk-indicators.h"

static guint
expsmoothing_dynamic_lookback (const BkNode *node, guint input)
{
  /* The seed reads the window; afterwards one value of each input. */
  return input == 0 ? (guint) node->params[0] : 1;
}

/* backtrader adds to the period's minimum period whatever alpha's exceeds
 * the period by, not alpha's own minimum period. */
static guint
expsmoothing_dynamic_minperiod (const BkNode *node, const guint *input_minperiods)
{
  guint period = (guint) node->params[0];

  return input_minperiods[0] + period - 1
         + (input_minperiods[1] > period ? input_minperiods[1] - period : 0);
}

static void
expsmoothing_dynamic_next (BkNode *node)
{
  guint period = (guint) node->params[0];
  guint64 bar = node->outputs[0]->line->length + 1;
  double alpha = bk_node_in (node, 1, 0);

  if (bar == node->minperiod)
    bk_node_out (node, 0, bk_node_window_fsum (node, 0, period) / period);
  else
    bk_node_out (node, 0, bk_node_self (node, 0, 0) * (1.0 - alpha) + bk_node_in (node, 0, 0) * alpha);
}

const BkIndicatorDesc bk_indicator_expsmoothing_dynamic = {
  .name = "ExponentialSmoothingDynamic",
  .aliases = { "ExpSmoothingDynamic" },
  .summary = N_("Exponential smoothing with alpha read from a line, seeded with the SMA"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "expsmoothing" },
  .pane = BK_PANE_PRICE,
  .lookback = expsmoothing_dynamic_lookback,
  .self_lookback = 1,
  .minperiod = expsmoothing_dynamic_minperiod,
  .next = expsmoothing_dynamic_next,
};
