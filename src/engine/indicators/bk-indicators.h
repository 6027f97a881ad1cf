/* bk-indicators.h — every indicator descriptor, for the registry. */
#pragma once

#include "bk-indicator.h"

G_BEGIN_DECLS

extern const BkIndicatorDesc bk_indicator_sma;
extern const BkIndicatorDesc bk_indicator_ema;
extern const BkIndicatorDesc bk_indicator_smma;
extern const BkIndicatorDesc bk_indicator_highest;
extern const BkIndicatorDesc bk_indicator_lowest;
extern const BkIndicatorDesc bk_indicator_upday;
extern const BkIndicatorDesc bk_indicator_downday;
extern const BkIndicatorDesc bk_indicator_stochastic;
extern const BkIndicatorDesc bk_indicator_rsi;
extern const BkIndicatorDesc bk_indicator_macd;
extern const BkIndicatorDesc bk_indicator_cci;

/* Exponential smoothing shared by EMA and SMMA: seeded with the SMA of the
 * first `period` values, then prev * (1 - alpha) + value * alpha. */
void bk_exp_smoothing_next (BkNode *node, double alpha);
guint bk_exp_smoothing_minperiod (const BkNode *node, const guint *input_minperiods);

/* A period parameter as backtrader declares one. */
#define BK_PARAM_PERIOD(def) { "period", def, 1, BK_MAX_PERIOD, TRUE }

G_END_DECLS
