/* awesomeoscillator.c — AwesomeOscillator(fast, slow): SMA(median, fast) -
 * SMA(median, slow), median = (high + low) / 2.0. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_awesomeoscillator = {
  .name = "AwesomeOscillator",
  .aliases = { "AwesomeOsc", "AO" },
  .summary = N_("Awesome oscillator: fast minus slow SMA of the median price"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 2,
  .params = {
    { "fast", 5, 1, BK_MAX_PERIOD, TRUE },
    { "slow", 34, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "ao" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "median = (high + low) / 2.0\n"
             "ao = SMA(median, period=fast) - SMA(median, period=slow)",
};
