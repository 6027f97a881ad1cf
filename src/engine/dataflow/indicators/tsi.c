/* tsi.c — TrueStrengthIndicator(p1, p2, pchange): 100.0 * (EMA(EMA(pc, p1),
 * p2) / EMA(EMA(|pc|, p1), p2)), pc = x - x[-pchange]. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_tsi = {
  .name = "TrueStrengthIndicator",
  .aliases = { "TSI" },
  .summary = N_("True strength index: the double-smoothed change over its double-smoothed size"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period1", 25, 1, BK_MAX_PERIOD, TRUE },
    { "period2", 13, 1, BK_MAX_PERIOD, TRUE },
    { "pchange", 1, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "tsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "pc = data - data[-pchange]\n"
             "sm1 = EMA(EMA(pc, period=period1), period=period2)\n"
             "sm2 = EMA(EMA(Abs(pc), period=period1), period=period2)\n"
             "tsi = 100.0 * (sm1 / sm2)",
};
