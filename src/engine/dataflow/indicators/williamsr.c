/* williamsr.c — WilliamsR(p): percR = -100 * (Highest(high, p) - close) /
 * (Highest(high, p) - Lowest(low, p)). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_williamsr = {
  .name = "WilliamsR",
  .summary = N_("Williams %R: where the close sits below the period's high, 0 to -100"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "percR" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -80, -20 },
  .formula = "h = Highest(high, period=period)\n"
             "percR = -100.0 * (h - close) / (h - Lowest(low, period=period))",
};
