/* downmove.c — DownMove: x[-1] - x (upmove.c builds both). */
#include "bk-indicators.h"

static gboolean
downmove_build (BkNode *node, GError **error)
{
  return bk_move_build (node, FALSE, error);
}

const BkIndicatorDesc bk_indicator_downmove = {
  .name = "DownMove",
  .summary = "The fall since the bar before (negative when it rose)",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_outputs = 1,
  .outputs = { "downmove" },
  .pane = BK_PANE_OWN,
  .build = downmove_build,
};
