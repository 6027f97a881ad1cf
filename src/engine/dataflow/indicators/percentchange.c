/* percentchange.c — PercentChange(p): x / x[-p] - 1.0, in that order. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_percentchange = {
  .name = "PercentChange",
  .aliases = { "PctChange" },
  .summary = N_("The change over period bars as a fraction: x / x[-period] - 1"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "pctchange" },
  .pane = BK_PANE_OWN,
  .formula = "pctchange = data / data[-period] - 1.0",
};
