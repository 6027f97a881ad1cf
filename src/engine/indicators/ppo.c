/* ppo.c — PPO(p1, p2, ps): ppo = 100 * (EMA1 - EMA2) / EMA2 (PPOShort
 * divides by EMA1); signal = EMA(ppo, ps); histo = ppo - signal. */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
ppo_build_with (BkNode *node, gboolean by_fast, GError **error)
{
  BkInput po, ma1, ma2, scaled, ppo, histo;

  if (!bk_price_osc_build (node, &po, &ma1, &ma2, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (100.0), po, &scaled, error)
      || !bk_graph_add_op (node->graph, node, BK_OP_DIV, scaled, by_fast ? ma1 : ma2, &ppo, error))
    return FALSE;
  BkNode *signal = bk_build_indicator (node, "EMA", &ppo, 1, &node->params[2], 1, error);
  return signal != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_SUB, ppo, bk_node_output (signal, 0), &histo, error)
         && bk_node_bind_output (node, 0, ppo, error)
         && bk_node_bind_output (node, 1, bk_node_output (signal, 0), error)
         && bk_node_bind_output (node, 2, histo, error);
}

static gboolean
ppo_build (BkNode *node, GError **error)
{
  return ppo_build_with (node, FALSE, error);
}

static gboolean
pposhort_build (BkNode *node, GError **error)
{
  return ppo_build_with (node, TRUE, error);
}

#define PPO_DESC(NAME, SUMMARY, BUILD, ...)                                  \
  {                                                                          \
    .name = NAME,                                                            \
    .aliases = { __VA_ARGS__ },                                              \
    .summary = SUMMARY,                                                      \
    .n_inputs = 1,                                                           \
    .default_inputs = { BK_FEED_CLOSE },                                     \
    .n_params = 3,                                                           \
    .params = {                                                              \
      { "period1", 12, 1, BK_MAX_PERIOD, TRUE },                             \
      { "period2", 26, 1, BK_MAX_PERIOD, TRUE },                             \
      { "period_signal", 9, 1, BK_MAX_PERIOD, TRUE },                        \
    },                                                                       \
    .n_outputs = 3,                                                          \
    .outputs = { "ppo", "signal", "histo" },                                 \
    .pane = BK_PANE_OWN,                                                     \
    .n_levels = 1,                                                           \
    .levels = { 0 },                                                         \
    .build = BUILD,                                                          \
  }

const BkIndicatorDesc bk_indicator_ppo =
  PPO_DESC ("PPO", "Percentage price oscillator: 100 * (EMA1 - EMA2) / EMA2, its signal and histogram", ppo_build,
            "PercentagePriceOscillator", "PercPriceOsc");
const BkIndicatorDesc bk_indicator_pposhort =
  PPO_DESC ("PPOShort", "Percentage price oscillator over the fast EMA: 100 * (EMA1 - EMA2) / EMA1", pposhort_build,
            "PercentagePriceOscillatorShort", "PercPriceOscShort");
