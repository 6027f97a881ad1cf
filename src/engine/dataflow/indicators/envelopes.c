/* envelopes.c — backtrader's Envelope and Oscillator families: for each
 * moving average M, MEnvelope (M, top = M * (1.0 + perc / 100.0), bot =
 * M * (1.0 - perc / 100.0)) and MOscillator (x - M, on M's line), plus the
 * plain Envelope (src = x) and Oscillator (a line's own data less the
 * line).  All but the last are formulas. */
#include "bk-indicators.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-ops.h"

/* backtrader's Oscillator given one line: the data of the indicator that
 * made it, less the line. */
static gboolean
oscillator_build (BkNode *node, GError **error)
{
  BkInput line = node->inputs[0], osc;
  BkNode *maker = line.spec != NULL ? line.spec->owner : NULL;

  while (maker != NULL && maker->role == BK_ROLE_EXPRESSION && maker->parent != NULL)
    maker = maker->parent;
  if (maker == NULL || maker->desc == NULL || maker->n_inputs == 0)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID,
                           _("Oscillator oscillates an indicator around its own data, as Oscillator(SMA(close)); "
                             "for two lines write their difference"));
      return FALSE;
    }
  return bk_graph_add_op (node->graph, node, BK_OP_SUB, maker->inputs[0], line, &osc, error)
         && bk_node_bind_output (node, 0, osc, error);
}

#define PERC { "perc", 2.5, -1e6, 1e6, FALSE }
#define PERIOD_30 BK_PARAM_PERIOD (30)
#define KAMA_PARAMS PERIOD_30, { "fast", 2, 1, BK_MAX_PERIOD, TRUE }, { "slow", 30, 1, BK_MAX_PERIOD, TRUE }
#define HMA_PERIOD { "period", 30, 2, BK_MAX_PERIOD, TRUE }
#define PERIOD_ARGS "period=period"
#define KAMA_ARGS "period=period, fast=fast, slow=slow"

#define BANDS(LINE)                                                          \
  "top = " LINE " * (1.0 + perc / 100.0)\n"                                   \
  "bot = " LINE " * (1.0 - perc / 100.0)\n"

#define MA_ENVELOPE(MA, LINE, N, PARAMS, ARGS, ...)                          \
  {                                                                          \
    .name = MA "Envelope",                                                   \
    .aliases = { __VA_ARGS__ },                                              \
    .summary = N_("The moving average with bands perc percent above and below"), \
    .n_inputs = 1,                                                           \
    .default_inputs = { BK_FEED_CLOSE },                                     \
    .n_params = N + 1,                                                       \
    .params = { PARAMS, PERC },                                              \
    .n_outputs = 3,                                                          \
    .outputs = { LINE, "top", "bot" },                                       \
    .pane = BK_PANE_PRICE,                                                   \
    .formula = LINE " = " MA "(data, " ARGS ")\n" BANDS (LINE),              \
  }

#define MA_OSCILLATOR(MA, LINE, N, PARAMS, ARGS, ...)                        \
  {                                                                          \
    .name = MA "Oscillator",                                                 \
    .aliases = { MA "Osc", __VA_ARGS__ },                                    \
    .summary = N_("The distance of the input from its moving average"),       \
    .n_inputs = 1,                                                           \
    .default_inputs = { BK_FEED_CLOSE },                                     \
    .n_params = N,                                                           \
    .params = { PARAMS },                                                    \
    .n_outputs = 1,                                                          \
    .outputs = { LINE },                                                     \
    .pane = BK_PANE_OWN,                                                     \
    .n_levels = 1,                                                           \
    .levels = { 0 },                                                         \
    .formula = "ma = " MA "(data, " ARGS ")\n" LINE " = data - ma",         \
  }

const BkIndicatorDesc bk_indicator_ma_families[] = {
  MA_ENVELOPE ("SMA", "sma", 1, PERIOD_30, PERIOD_ARGS, "MovingAverageSimpleEnvelope", "SimpleMovingAverageEnvelope"),
  MA_ENVELOPE ("EMA", "ema", 1, PERIOD_30, PERIOD_ARGS,
               "ExponentialMovingAverageEnvelope", "MovingAverageExponentialEnvelope"),
  MA_ENVELOPE ("SMMA", "smma", 1, PERIOD_30, PERIOD_ARGS, "SmoothedMovingAverageEnvelope", "WilderMAEnvelope",
               "MovingAverageSmoothedEnvelope", "MovingAverageWilderEnvelope", "ModifiedMovingAverageEnvelope"),
  MA_ENVELOPE ("WMA", "wma", 1, PERIOD_30, PERIOD_ARGS,
               "WeightedMovingAverageEnvelope", "MovingAverageWeightedEnvelope"),
  MA_ENVELOPE ("DEMA", "dema", 1, PERIOD_30, PERIOD_ARGS, "DoubleExponentialMovingAverageEnvelope",
               "MovingAverageDoubleExponentialEnvelope"),
  MA_ENVELOPE ("TEMA", "tema", 1, PERIOD_30, PERIOD_ARGS, "TripleExponentialMovingAverageEnvelope",
               "MovingAverageTripleExponentialEnvelope"),
  MA_ENVELOPE ("KAMA", "kama", 3, KAMA_PARAMS, KAMA_ARGS,
               "AdaptiveMovingAverageEnvelope", "MovingAverageAdaptiveEnvelope"),
  MA_ENVELOPE ("ZLEMA", "zlema", 1, PERIOD_30, PERIOD_ARGS,
               "ZeroLagExponentialMovingAverageEnvelope", "ZeroLagEmaEnvelope"),
  MA_ENVELOPE ("HMA", "hma", 1, HMA_PERIOD, PERIOD_ARGS, "HullMovingAverageEnvelope", "HullMAEnvelope"),
  MA_OSCILLATOR ("SMA", "sma", 1, PERIOD_30, PERIOD_ARGS,
                 "MovingAverageSimpleOscillator", "SimpleMovingAverageOscillator",
                 "SimpleMovingAverageOsc"),
  MA_OSCILLATOR ("EMA", "ema", 1, PERIOD_30, PERIOD_ARGS, "ExponentialMovingAverageOscillator",
                 "MovingAverageExponentialOscillator", "MovingAverageExponentialOsc"),
  MA_OSCILLATOR ("SMMA", "smma", 1, PERIOD_30, PERIOD_ARGS, "SmoothedMovingAverageOscillator", "WilderMAOscillator",
                 "WilderMAOsc", "MovingAverageSmoothedOscillator"),
  MA_OSCILLATOR ("WMA", "wma", 1, PERIOD_30, PERIOD_ARGS,
                 "WeightedMovingAverageOscillator", "MovingAverageWeightedOscillator",
                 "MovingAverageWeightedOsc"),
  MA_OSCILLATOR ("DEMA", "dema", 1, PERIOD_30, PERIOD_ARGS, "DoubleExponentialMovingAverageOscillator",
                 "MovingAverageDoubleExponentialOscillator"),
  MA_OSCILLATOR ("TEMA", "tema", 1, PERIOD_30, PERIOD_ARGS, "TripleExponentialMovingAverageOscillator",
                 "MovingAverageTripleExponentialOscillator"),
  MA_OSCILLATOR ("KAMA", "kama", 3, KAMA_PARAMS, KAMA_ARGS, "AdaptiveMovingAverageOscillator",
                 "MovingAverageAdaptiveOscillator"),
  MA_OSCILLATOR ("ZLEMA", "zlema", 1, PERIOD_30, PERIOD_ARGS, "ZeroLagExponentialMovingAverageOscillator",
                 "ZeroLagEmaOscillator", "ZeroLagEmaOsc"),
  MA_OSCILLATOR ("HMA", "hma", 1, HMA_PERIOD, PERIOD_ARGS,
                 "HullMovingAverageOscillator", "HullMAOscillator", "HullMAOsc"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (bk_indicator_ma_families) == BK_N_MA_FAMILIES);

const BkIndicatorDesc bk_indicator_envelope = {
  .name = "Envelope",
  .summary = N_("Bands perc percent above and below the input"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { PERC },
  .n_outputs = 3,
  .outputs = { "src", "top", "bot" },
  .pane = BK_PANE_PRICE,
  .formula = "src = data\n" BANDS ("src"),
};

const BkIndicatorDesc bk_indicator_oscillator = {
  .name = "Oscillator",
  .summary = N_("An indicator's own data less the indicator, as Oscillator(SMA(close))"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .input_is_indicator = TRUE,
  .n_outputs = 1,
  .outputs = { "osc" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = oscillator_build,
};
