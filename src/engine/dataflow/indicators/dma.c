/* dma.c — DicksonMovingAverage(period, gainlimit, hperiod): (ZeroLagIndicator
 * (period, gainlimit) + HMA(hperiod)) / 2.0. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_dma = {
  .name = "DicksonMovingAverage",
  .aliases = { "DMA", "DicksonMA" },
  .summary = N_("Dickson moving average: the mean of the zero-lag indicator and a short HMA"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (30),
    { "gainlimit", 50, 0, 1000, TRUE },
    { "hperiod", 7, 2, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "dma" },
  .pane = BK_PANE_PRICE,
  .formula = "dma = (ZeroLagIndicator(data, period=period, gainlimit=gainlimit) + HMA(data, period=hperiod)) / 2.0",
};
