/* macd.c — MACD(12, 26, 9): macd = EMA(x, me1) - EMA(x, me2);
 * signal = EMA(macd, signal). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_macd = {
  .name = "MACD",
  .aliases = { "MovingAverageConvergenceDivergence" },
  .summary = N_("Moving average convergence/divergence and its signal line"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period_me1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period_me2", 26, 1, BK_MAX_PERIOD, TRUE },
    { "period_signal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "macd", "signal" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "macd = EMA(data, period=period_me1) - EMA(data, period=period_me2)\n"
             "signal = EMA(macd, period=period_signal)",
};
