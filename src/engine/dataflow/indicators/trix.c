/* trix.c — TRIX(p): ema3 = EMA(EMA(EMA(x, p), p), p);
 * trix = 100 * (ema3 / ema3[-1] - 1). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_trix = {
  .name = "TRIX",
  .summary = N_("TRIX: the one-bar percent change of a triple EMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (15) },
  .n_outputs = 1,
  .outputs = { "trix" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "ema3 = EMA(EMA(EMA(data, period=period), period=period), period=period)\n"
             "trix = 100.0 * (ema3 / ema3[-1] - 1.0)",
};
