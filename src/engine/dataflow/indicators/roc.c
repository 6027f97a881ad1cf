/* roc.c — ROC(p): (x - x[-p]) / x[-p]. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_roc = {
  .name = "ROC",
  .aliases = { "RateOfChange" },
  .summary = N_("Rate of change: the change over period bars as a fraction"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (12) },
  .n_outputs = 1,
  .outputs = { "roc" },
  .pane = BK_PANE_OWN,
  .formula = "roc = (data - data[-period]) / data[-period]",
};
