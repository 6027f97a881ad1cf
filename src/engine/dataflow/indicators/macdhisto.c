/* macdhisto.c — MACDHisto(12, 26, 9): MACD's lines and histo = macd -
 * signal. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_macdhisto = {
  .name = "MACDHisto",
  .aliases = { "MACDHistogram" },
  .summary = N_("MACD with its histogram: macd - signal"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period_me1", 12, 1, BK_MAX_PERIOD, TRUE },
    { "period_me2", 26, 1, BK_MAX_PERIOD, TRUE },
    { "period_signal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 3,
  .outputs = { "macd", "signal", "histo" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "m = MACD(data, period_me1=period_me1, period_me2=period_me2, period_signal=period_signal)\n"
             "macd = m\n"
             "signal = m.signal\n"
             "histo = macd - signal",
};
