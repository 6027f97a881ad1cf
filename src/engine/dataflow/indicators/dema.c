/* dema.c — DEMA(p): 2 * EMA(x, p) - EMA(EMA(x, p), p). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_dema = {
  .name = "DEMA",
  .aliases = { "DoubleExponentialMovingAverage", "MovingAverageDoubleExponential",
               "MovAv_DoubleExponential" },
  .summary = N_("Double exponential moving average: 2 EMA - EMA(EMA)"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "dema" },
  .pane = BK_PANE_PRICE,
  .formula = "ema1 = EMA(data, period=period)\n"
             "dema = 2.0 * ema1 - EMA(ema1, period=period)",
};
