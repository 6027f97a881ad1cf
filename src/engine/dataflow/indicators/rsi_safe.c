/* rsi_safe.c — RSI_Safe: backtrader's RSI with safediv, 100 when only the
 * losses are 0 and 50 when both are; Barkeep's RSI already is. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_rsi_safe = {
  .name = "RSI_Safe",
  .summary = N_("RSI that is 100 when the losses are 0 and 50 when gains and losses are"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "rsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .formula = "rsi = RSI(data, period=period)",
};
