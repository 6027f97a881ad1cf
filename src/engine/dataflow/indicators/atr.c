/* atr.c — ATR(p): SMMA(TrueRange, p). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_atr = {
  .name = "ATR",
  .aliases = { "AverageTrueRange" },
  .summary = N_("Average true range: Wilder's smoothing of the true range"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 1,
  .outputs = { "atr" },
  .pane = BK_PANE_OWN,
  .formula = "atr = SMMA(TrueRange(high, low, close), period=period)",
};
