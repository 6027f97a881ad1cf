/* sma.c — SMA(p): the mean of the last p values.
 *
 * A running sum makes each step O(1) whatever the period.  The value that
 * leaves the window at the next bar is taken out at the end of this one,
 * while it is still the oldest value in the input's ring, so the input
 * needs only p values.  The sum is compensated (TwoSum) and recomputed
 * exactly (math.fsum, as backtrader) on the first bar, every 1024 bars and
 * whenever a NaN has been in the window, so it never drifts. */
#include "bk-indicators.h"

enum { SUM, COMPENSATION, N_STATE };

#define RESYNC_EVERY 1024

/* Knuth's TwoSum: the rounding error of each addition, without branches. */
static inline void
compensated_add (double *state, double x)
{
  double sum = state[SUM] + x;
  double x_part = sum - state[SUM];

  state[COMPENSATION] += (state[SUM] - (sum - x_part)) + (x - x_part);
  state[SUM] = sum;
}

static void
sma_next (BkNode *node)
{
  guint period = (guint) node->params[0];
  double *state = node->state;
  guint64 bar = node->outputs[0]->line->length + 1;

  if (bar == node->minperiod || bar % RESYNC_EVERY == 0 || isnan (state[SUM]))
    {
      state[SUM] = bk_node_window_fsum (node, 0, period);
      state[COMPENSATION] = 0.0;
    }
  else
    compensated_add (state, bk_node_in (node, 0, 0));

  bk_node_out (node, 0, (state[SUM] + state[COMPENSATION]) / period);
  compensated_add (state, -bk_node_in (node, 0, period - 1));
  if (!isfinite (state[SUM]))
    state[SUM] = NAN;
}

const BkIndicatorDesc bk_indicator_sma = {
  .name = "SMA",
  .aliases = { "MovingAverageSimple", "SimpleMovingAverage", "MovAv_Simple" },
  .summary = "Simple moving average: the mean of the last period values",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "sma" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .state_cells = N_STATE,
  .next = sma_next,
};
