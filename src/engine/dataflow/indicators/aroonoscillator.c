/* aroonoscillator.c — AroonOscillator(p): aroonup - aroondown. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_aroonoscillator = {
  .name = "AroonOscillator",
  .aliases = { "AroonOsc" },
  .summary = N_("Aroon up minus Aroon down"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "aroonosc" },
  .pane = BK_PANE_OWN,
  .n_levels = 3,
  .levels = { -70, 0, 70 },
  .formula = "aroon = AroonUpDown(high, low, period=period)\n"
             "aroonosc = aroon.aroonup - aroon.aroondown",
};
