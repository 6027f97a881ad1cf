/* upmove.c — UpMove: x - x[-1]. */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_upmove = {
  .name = "UpMove",
  .summary = N_("The rise since the bar before (negative when it fell)"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "upmove" },
  .pane = BK_PANE_OWN,
  .formula = "upmove = data - data[-1]",
};
