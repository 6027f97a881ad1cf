/* tema.c — TEMA(p): 3 * ema1 - 3 * ema2 + ema3, each EMA(p) of the one
 * before. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_tema = {
  .name = "TEMA",
  .aliases = { "TripleExponentialMovingAverage", "MovingAverageTripleExponential",
               "MovAv_TripleExponential" },
  .summary = N_("Triple exponential moving average: 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA))"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "tema" },
  .pane = BK_PANE_PRICE,
  .formula = "ema1 = EMA(data, period=period)\n"
             "ema2 = EMA(ema1, period=period)\n"
             "ema3 = EMA(ema2, period=period)\n"
             "tema = 3.0 * ema1 - 3.0 * ema2 + ema3",
};
