/* accdecosc.c — AccelerationDecelerationOscillator(p): ao - SMA(ao, p),
 * ao the AwesomeOscillator with its defaults. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_accdecosc = {
  .name = "AccelerationDecelerationOscillator",
  .aliases = { "AccDeOsc" },
  .summary = N_("Acceleration/deceleration: the awesome oscillator less its SMA"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (5) },
  .n_outputs = 1,
  .outputs = { "accde" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "ao = AwesomeOscillator(high, low)\n"
             "accde = ao - SMA(ao, period=period)",
};
