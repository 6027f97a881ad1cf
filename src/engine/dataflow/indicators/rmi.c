/* rmi.c — RMI(p, lookback): backtrader's RelativeMomentumIndex, the RSI of
 * the change over `lookback` bars (period 20, lookback 5). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_rmi = {
  .name = "RMI",
  .aliases = { "RelativeMomentumIndex" },
  .summary = N_("Relative momentum index: the RSI of the change over lookback bars"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (20),
    { "lookback", 5, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "rmi" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .formula = "rmi = RSI(data, period=period, lookback=lookback)",
};
