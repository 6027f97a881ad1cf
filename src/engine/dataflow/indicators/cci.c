/* cci.c — CCI(20, 0.015): tp = (high + low + close) / 3; m = SMA(tp, p);
 * meandev = SMA(|tp - m|, p), each bar's deviation from its own mean as
 * backtrader computes it; cci = (tp - m) / (factor * meandev). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_cci = {
  .name = "CCI",
  .aliases = { "CommodityChannelIndex" },
  .summary = N_("Commodity channel index: distance of the typical price from its mean"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (20),
    { "factor", 0.015, 1e-12, 1e12, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "cci" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { -100, 100 },
  .formula = "tp = (high + low + close) / 3.0\n"
             "dev = tp - SMA(tp, period=period)\n"
             "cci = dev / (factor * SMA(Abs(dev), period=period))",
};
