/* truehigh.c — TrueHigh: Max(high, close[-1]). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_truehigh = {
  .name = "TrueHigh",
  .summary = N_("The higher of the high and the previous close"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "truehigh" },
  .pane = BK_PANE_PRICE,
  .formula = "truehigh = Max(high, close[-1])",
};
