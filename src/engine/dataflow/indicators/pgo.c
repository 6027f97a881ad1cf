/* pgo.c — PrettyGoodOscillator(p): (x - SMA(x, p)) / ATR(p). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_pgo = {
  .name = "PrettyGoodOscillator",
  .aliases = { "PGO", "PrettyGoodOsc" },
  .summary = N_("Pretty good oscillator: the distance from the SMA in average true ranges"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "pgo" },
  .pane = BK_PANE_OWN,
  .formula = "pgo = (close - SMA(close, period=period)) / ATR(high, low, close, period=period)",
};
