/* momentum.c — Momentum(p): x - x[-p]. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_momentum = {
  .name = "Momentum",
  .summary = N_("Momentum: the change over period bars"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (12) },
  .n_outputs = 1,
  .outputs = { "momentum" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "momentum = data - data[-period]",
};
