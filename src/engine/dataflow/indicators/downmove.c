/* downmove.c — DownMove: x[-1] - x. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_downmove = {
  .name = "DownMove",
  .summary = N_("The fall since the bar before (negative when it rose)"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "downmove" },
  .pane = BK_PANE_OWN,
  .formula = "downmove = data[-1] - data",
};
