/* truelow.c — TrueLow: Min(low, close[-1]). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_truelow = {
  .name = "TrueLow",
  .summary = N_("The lower of the low and the previous close"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "truelow" },
  .pane = BK_PANE_PRICE,
  .formula = "truelow = Min(low, close[-1])",
};
