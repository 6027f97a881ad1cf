/* momentumoscillator.c — MomentumOscillator(p): 100 * (x / x[-p]),
 * around the band 100. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_momentumoscillator = {
  .name = "MomentumOscillator",
  .aliases = { "MomentumOsc" },
  .summary = N_("Momentum as a ratio: 100 * x / x[-period], around band"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (12),
    { "band", 100.0, -1e9, 1e9, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "momosc" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 100 },
  .formula = "momosc = 100.0 * (data / data[-period])",
};
