/* ultosc.c — UltimateOscillator(p1, p2, p3): bp = close - TrueLow,
 * av_i = SumN(bp, p_i) / SumN(TrueRange, p_i);
 * uo = (4 f) av1 + (2 f) av2 + f av3, f = 100 / 7. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_ultosc = {
  .name = "UltimateOscillator",
  .summary = N_("Ultimate oscillator: buying pressure over three periods, weighted 4:2:1"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "p1", 7, 1, BK_MAX_PERIOD, TRUE },
    { "p2", 14, 1, BK_MAX_PERIOD, TRUE },
    { "p3", 28, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "uo" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .formula = "bp = close - TrueLow(low, close)\n"
             "tr = TrueRange(high, low, close)\n"
             "av1 = SumN(bp, period=p1) / SumN(tr, period=p1)\n"
             "av2 = SumN(bp, period=p2) / SumN(tr, period=p2)\n"
             "av3 = SumN(bp, period=p3) / SumN(tr, period=p3)\n"
             "uo = (4.0 * (100.0 / 7.0)) * av1 + (2.0 * (100.0 / 7.0)) * av2 + (100.0 / 7.0) * av3",
};
