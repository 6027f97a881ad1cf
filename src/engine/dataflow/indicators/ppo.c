/* ppo.c — PPO(p1, p2, ps): ppo = 100 * (EMA1 - EMA2) / EMA2 (PPOShort
 * divides by EMA1); signal = EMA(ppo, ps); histo = ppo - signal. */
#include "bk-indicators.h"

#define PPO_FORMULA(BASE)                                                    \
  "ma1 = EMA(data, period=period1)\n"                                         \
  "ma2 = EMA(data, period=period2)\n"                                         \
  "ppo = 100.0 * (ma1 - ma2) / " BASE "\n"                                    \
  "signal = EMA(ppo, period=period_signal)\n"                                 \
  "histo = ppo - signal\n"

#define PPO_DESC(NAME, SUMMARY, BASE, ...)                                   \
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
    .formula = PPO_FORMULA (BASE),                                           \
  }

const BkIndicatorDesc bk_indicator_ppo =
  PPO_DESC ("PPO", N_("Percentage price oscillator: 100 * (EMA1 - EMA2) / EMA2, its signal and histogram"), "ma2",
            "PercentagePriceOscillator", "PercPriceOsc");
const BkIndicatorDesc bk_indicator_pposhort =
  PPO_DESC ("PPOShort", N_("Percentage price oscillator over the fast EMA: 100 * (EMA1 - EMA2) / EMA1"), "ma1",
            "PercentagePriceOscillatorShort", "PercPriceOscShort");
