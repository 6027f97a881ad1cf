/* truerange.c — TrueRange: TrueHigh - TrueLow. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_truerange = {
  .name = "TrueRange",
  .aliases = { "TR" },
  .summary = N_("True range: the bar's range stretched to the previous close"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "tr" },
  .pane = BK_PANE_OWN,
  .formula = "tr = TrueHigh(high, close) - TrueLow(low, close)",
};
