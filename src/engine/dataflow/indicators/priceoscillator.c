/* priceoscillator.c — PriceOscillator(p1, p2): EMA(x, p1) - EMA(x, p2). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_priceoscillator = {
  .name = "PriceOscillator",
  .aliases = { "PriceOsc", "AbsolutePriceOscillator", "APO", "AbsPriceOsc" },
  .summary = N_("The difference of a fast and a slow EMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    { "period1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period2", 26, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "po" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "po = EMA(data, period=period1) - EMA(data, period=period2)",
};
