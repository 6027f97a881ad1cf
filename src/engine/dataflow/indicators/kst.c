/* kst.c — KnowSureThing: rcma_k = SMA(100.0 * ROC(x, rp_k), rma_k); kst =
 * ((r1 + 2.0 * r2) + 3.0 * r3) + 4.0 * r4, as Python's sum adds the
 * weighted four; signal = SMA(kst, rsignal). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_kst = {
  .name = "KnowSureThing",
  .aliases = { "KST" },
  .summary = N_("Know sure thing: weighted smoothed rates of change over four periods, and its signal"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 9,
  .params = {
    { "rp1", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rp2", 15, 1, BK_MAX_PERIOD, TRUE },
    { "rp3", 20, 1, BK_MAX_PERIOD, TRUE },
    { "rp4", 30, 1, BK_MAX_PERIOD, TRUE },
    { "rma1", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma2", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma3", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma4", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rsignal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "kst", "signal" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .formula = "rcma1 = SMA(100.0 * ROC(data, period=rp1), period=rma1)\n"
             "rcma2 = SMA(100.0 * ROC(data, period=rp2), period=rma2)\n"
             "rcma3 = SMA(100.0 * ROC(data, period=rp3), period=rma3)\n"
             "rcma4 = SMA(100.0 * ROC(data, period=rp4), period=rma4)\n"
             "kst = ((rcma1 + 2.0 * rcma2) + 3.0 * rcma3) + 4.0 * rcma4\n"
             "signal = SMA(kst, period=rsignal)",
};
