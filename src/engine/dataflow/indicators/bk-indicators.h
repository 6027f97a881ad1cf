/* bk-indicators.h — what the indicator files share: every descriptor
 * (declared by bk-indicator-list.h, generated from indicators.list) and
 * the state types and helpers more than one of them uses. */
#pragma once

#include "bk-registry.h"
#include "bk-indicator-list.h"
#include "bk-i18n.h"

G_BEGIN_DECLS

/* An exactly rounded running sum: sum + compensation (TwoSum keeps the
 * exact rounding error of every addition in the compensation) and a bound
 * on how far that may be from the exact sum (sma.c).  Zeroed: the sum of
 * nothing.  EMA's and SMMA's seed; the window sum's running part. */
typedef struct {
  double sum;
  double compensation;
  double bound;                 /* never negative (but see BkWindowSum) */
} BkExactSum;

/* Adds x (or takes it out, adding -x) keeping the exact error.
 * bk_exact_sum_get(): *out is the exact sum rounded once, and TRUE,
 * unless what the compensation's own additions lost (nothing, for
 * price-like values) leaves that rounding in doubt. */
void bk_exact_sum_add (BkExactSum *sum, double x);
gboolean bk_exact_sum_get (const BkExactSum *sum, double *out);

/* While a NaN or an infinity is in the window, the bars the newest of
 * each kind stays there (0: none); `sum` is NaN, which tells this state
 * from the running one (it lies where BkExactSum's sum does). */
typedef struct {
  double sum;
  guint32 nan, pos_inf, neg_inf;
} BkWindowCountdowns;

/* The window sum's state, SMA's and SumN's: a running sum while the window
 * holds only finite values (its bound's sign bit set while it is kept
 * scaled down, out of range: sma.c), else the countdowns. */
typedef union {
  BkExactSum running;
  BkWindowCountdowns set_aside;
} BkWindowSum;

/* The exactly rounded sum of input 0's last `period` values (math.fsum of
 * the window) at this bar, in O(1) a bar, from the window's first full bar
 * on. */
double bk_window_sum_step (BkNode *node, guint period, BkWindowSum *state);

/* Exponential smoothing shared by EMA and SMMA: seeded with the SMA of the
 * first `period` values, then prev * (1 - alpha) + value * alpha.  Its
 * state: a BkExactSum, the seed's. */
void bk_exp_smoothing_next (BkNode *node, double alpha);
guint bk_exp_smoothing_minperiod (const BkNode *node, const guint *input_minperiods);

/* Ehlers' four-stage Laguerre filter of input 0 (gamma the node's second
 * parameter), from bar `period`: LaguerreRSI and LaguerreFilter (lrsi.c).
 * Its state is the four stages; a step returns them at this bar. */
typedef struct {
  double l0, l1, l2, l3;
} BkLaguerre;
const BkLaguerre *bk_laguerre_step (BkNode *node);
guint bk_laguerre_minperiod (const BkNode *node, const guint *input_minperiods);

/* PivotPoint's and FibonacciPivotPoint's flags, and their p (close=1 wins
 * over open=1) and range h - l (pivotpoint.c). */
#define BK_PIVOT_FLAGS { "open", 0, 0, 1, TRUE }, { "close", 0, 0, 1, TRUE }
gboolean bk_pivot_build (BkNode *node, BkInput *p, BkInput *range, GError **error);

/* backtrader's StandardDeviation of `data` around the line `mean`:
 * pow(abs(SMA(data ** 2) - mean ** 2), 0.5), without abs unless safepow.
 * StdDev passes its own SMA, BollingerBands its mid line (stddev.c). */
gboolean bk_stddev_build (BkNode *node, BkInput data, BkInput mean, guint period, gboolean safepow,
                          BkInput *out, GError **error);

/* k = 100 * (close - Lowest(low)) / (Highest(high) - Lowest(low)), the
 * raw line of backtrader's _StochasticBase (stochfull.c). */
gboolean bk_stochastic_k_build (BkNode *node, guint period, BkInput *k, GError **error);

/* backtrader's CrossUp, And(NonZeroDifference[-1] < 0, data0 > data1),
 * CrossDown (mirrored) and CrossOver (CrossUp - CrossDown), each one step
 * (crossup.c): its next_values, and next() calling them on the node.
 * Their state is one cell (the last non-zero difference), their minimum
 * period the inputs' and one. */
double bk_crossup_values (double a, double b, double *state, gboolean warm);
double bk_crossdown_values (double a, double b, double *state, gboolean warm);
double bk_crossover_values (double a, double b, double *state, gboolean warm);
void bk_cross_next (BkNode *node, double (*values) (double a, double b, double *state, gboolean warm));
guint bk_cross_minperiod (const BkNode *node, const guint *input_minperiods);

/* A period parameter as backtrader declares one. */
#define BK_PARAM_PERIOD(def) { "period", def, 1, BK_MAX_PERIOD, TRUE }

G_END_DECLS
