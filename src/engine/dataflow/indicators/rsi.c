/* rsi.c — RSI(p): rs = SMMA(UpDay, p) / SMMA(DownDay, p);
 * rsi = 100 - 100 / (1 + rs); 100 when only the losses are 0, 50 when
 * both are. */
#include "bk-indicators.h"
#include "bk-graph-private.h"

static void
rsi_ratio_next (BkNode *node)
{
  double up = bk_node_in (node, 0, 0);
  double down = bk_node_in (node, 1, 0);

  if (isnan (up) || isnan (down))
    bk_node_out (node, 0, NAN);
  else if (down == 0.0)
    bk_node_out (node, 0, up == 0.0 ? 50.0 : 100.0);
  else
    bk_node_out (node, 0, 100.0 - 100.0 / (1.0 + up / down));
}

static const BkIndicatorDesc rsi_ratio = {
  .name = "RSIRatio",
  .n_inputs = 2,
  .n_outputs = 1,
  .outputs = { "rsi" },
  .next = rsi_ratio_next,
};

static gboolean
rsi_build (BkNode *node, GError **error)
{
  const double *p = node->params;

  BkNode *up = bk_build_indicator (node, "UpDay", &node->inputs[0], 1, &p[1], 1, error);
  BkNode *down = up ? bk_build_indicator (node, "DownDay", &node->inputs[0], 1, &p[1], 1, error) : NULL;
  if (down == NULL)
    return FALSE;
  BkInput up_line = bk_node_output (up, 0), down_line = bk_node_output (down, 0);
  BkNode *ma_up = bk_build_indicator (node, "SMMA", &up_line, 1, &p[0], 1, error);
  BkNode *ma_down = ma_up ? bk_build_indicator (node, "SMMA", &down_line, 1, &p[0], 1, error) : NULL;
  if (ma_down == NULL)
    return FALSE;

  BkInput mas[2] = { bk_node_output (ma_up, 0), bk_node_output (ma_down, 0) };
  g_autofree char *ta = bk_input_describe (mas[0]);
  g_autofree char *tb = bk_input_describe (mas[1]);
  BkNode *ratio = bk_graph_add_primitive (node->graph, node, BK_ROLE_EXPRESSION, &rsi_ratio, mas, 2,
                                          g_strdup_printf ("100 - 100 / (1 + %s / %s)", ta, tb), error);
  return ratio != NULL && bk_node_bind_output (node, 0, bk_node_output (ratio, 0), error);
}

const BkIndicatorDesc bk_indicator_rsi = {
  .name = "RSI",
  .aliases = { "RelativeStrengthIndex", "RSI_SMMA", "RSI_Wilder" },
  .summary = N_("Relative strength index with Wilder's smoothing"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 2,
  .params = {
    BK_PARAM_PERIOD (14),
    { "lookback", 1, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "rsi" },
  .pane = BK_PANE_OWN,
  .n_levels = 2,
  .levels = { 30, 70 },
  .build = rsi_build,
};
