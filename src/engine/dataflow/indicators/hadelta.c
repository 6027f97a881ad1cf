/* hadelta.c — haDelta(period, autoheikin): ha_close - ha_open of the
 * HeikinAshi candles (of the bars themselves, close - open, with
 * autoheikin=0: for data that already is Heikin-Ashi), and its SMA. */
#include "bk-indicators.h"
#include "bk-ops.h"

enum { OPEN, HIGH, LOW, CLOSE };

static gboolean
hadelta_build (BkNode *node, GError **error)
{
  BkInput open = node->inputs[OPEN], close = node->inputs[CLOSE], delta;

  if (node->params[1] != 0)
    {
      BkNode *ha = bk_build_indicator (node, "HeikinAshi", node->inputs, 4, NULL, 0, error);

      if (ha == NULL)
        return FALSE;
      open = bk_node_output (ha, 0);
      close = bk_node_output (ha, 3);
    }
  if (!bk_graph_add_op (node->graph, node, BK_OP_SUB, close, open, &delta, error))
    return FALSE;
  BkNode *smoothed = bk_build_indicator (node, "SMA", &delta, 1, node->params, 1, error);
  return smoothed != NULL
         && bk_node_bind_output (node, 0, delta, error)
         && bk_node_bind_output (node, 1, bk_node_output (smoothed, 0), error);
}

const BkIndicatorDesc bk_indicator_hadelta = {
  .name = "haDelta",
  .aliases = { "haD" },
  .summary = N_("Heikin-Ashi delta: ha_close - ha_open, and its SMA"),
  .n_inputs = 4,
  .default_inputs = { BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (3),
    { "autoheikin", 1, 0, 1, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "haDelta", "smoothed" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = hadelta_build,
};
