/* sma.c — SMA(p): the mean of the last p values.
 *
 * A running sum makes each step O(1) whatever the period.  The value that
 * leaves the window at the next bar is taken out at the end of this one,
 * while it is still the oldest value in the input's ring, so the input
 * needs only p values.  The sum is compensated (TwoSum) and recomputed
 * exactly (math.fsum, as backtrader) on the first bar and every 1024 bars,
 * so it never drifts.
 *
 * A NaN or an infinity cannot be taken out of a sum again.  While one is in
 * the window the sum is set aside (SUM holds NaN) and COUNTDOWNS says, for
 * the newest NaN, +inf and -inf, how many more bars each stays in the
 * window: that alone decides the mean (NaN, ±inf), in O(1) a bar.  When the
 * last of them leaves, the window is summed afresh once — at most once per
 * p bars.  A finite sum that overflows is summed afresh every bar, exactly
 * (bk_fsum), until it fits again. */
#include "bk-indicators.h"

#include "bk-fsum.h"

enum { SUM, COMPENSATION, N_STATE };
/* While SUM is NaN, the COMPENSATION cell holds the countdowns instead. */
#define COUNTDOWNS COMPENSATION

#define RESYNC_EVERY 1024

/* Bars the newest value of each kind stays in the window; 0: none there.
 * Periods are at most BK_MAX_PERIOD < 2^21, so the three fit in one cell. */
typedef struct {
  guint32 nan, pos_inf, neg_inf;
} Countdowns;

G_STATIC_ASSERT (BK_MAX_PERIOD < (1 << 21));

static Countdowns
countdowns_get (const double *state)
{
  guint64 bits;

  memcpy (&bits, &state[COUNTDOWNS], sizeof bits);
  return (Countdowns) { (guint32) (bits & 0x1fffff), (guint32) ((bits >> 21) & 0x1fffff),
                       (guint32) ((bits >> 42) & 0x1fffff) };
}

static void
countdowns_set (double *state, Countdowns c)
{
  guint64 bits = (guint64) c.nan | ((guint64) c.pos_inf << 21) | ((guint64) c.neg_inf << 42);

  state[SUM] = NAN;
  memcpy (&state[COUNTDOWNS], &bits, sizeof bits);
}

static void
countdowns_note (Countdowns *c, double x, guint period)
{
  if (isnan (x))
    c->nan = period;
  else if (x > 0)
    c->pos_inf = period;
  else
    c->neg_inf = period;
}

/* The window's sum when non-finite values are in it, as IEEE adds them. */
static double
countdowns_sum (Countdowns c)
{
  if (c.nan > 0 || (c.pos_inf > 0 && c.neg_inf > 0))
    return NAN;
  return c.pos_inf > 0 ? INFINITY : -INFINITY;
}

/* Knuth's TwoSum: the rounding error of each addition, without branches. */
static inline void
compensated_add (double *state, double x)
{
  double sum = state[SUM] + x;
  double x_part = sum - state[SUM];

  state[COMPENSATION] += (state[SUM] - (sum - x_part)) + (x - x_part);
  state[SUM] = sum;
}

/* Sums the whole window afresh; returns the window's sum, and leaves the
 * state either a finite running sum of it or set aside. */
static double
sum_window (BkNode *node, guint period, double *state)
{
  BkFsum sum = BK_FSUM_INIT;
  Countdowns c = { 0, 0, 0 };

  /* Oldest first, as backtrader's data.get(size=n) hands them to fsum. */
  for (guint ago = period; ago-- > 0;)
    {
      double x = bk_node_in (node, 0, ago);
      if (isfinite (x))
        bk_fsum_add (&sum, x);
      else
        countdowns_note (&c, x, period - ago);
    }
  if (c.nan > 0 || c.pos_inf > 0 || c.neg_inf > 0)
    {
      countdowns_set (state, c);
      return countdowns_sum (c);
    }

  double total = bk_fsum_result (&sum);
  if (isfinite (total))
    {
      /* What rounding left out goes in the compensation: once a large
       * value leaves, the small ones summed with it are still there. */
      bk_fsum_add (&sum, -total);
      state[SUM] = total;
      state[COMPENSATION] = bk_fsum_result (&sum);
    }
  else
    countdowns_set (state, c);   /* all zero: sum afresh next bar too */
  return total;
}

static void
sma_next (BkNode *node)
{
  guint period = (guint) node->params[0];
  double *state = node->state;
  guint64 bar = node->outputs[0]->line->length + 1;
  double x = bk_node_in (node, 0, 0);
  gboolean afresh = bar == node->minperiod || bar % RESYNC_EVERY == 0;

  if (!afresh && isnan (state[SUM]))
    {
      Countdowns c = countdowns_get (state);
      c.nan = c.nan > 0 ? c.nan - 1 : 0;
      c.pos_inf = c.pos_inf > 0 ? c.pos_inf - 1 : 0;
      c.neg_inf = c.neg_inf > 0 ? c.neg_inf - 1 : 0;
      if (!isfinite (x))
        countdowns_note (&c, x, period);
      if (c.nan == 0 && c.pos_inf == 0 && c.neg_inf == 0)
        afresh = TRUE;
      else
        {
          countdowns_set (state, c);
          bk_node_out (node, 0, countdowns_sum (c) / period);
          return;
        }
    }
  else if (!afresh && !isfinite (x))
    {
      Countdowns c = { 0, 0, 0 };
      countdowns_note (&c, x, period);
      countdowns_set (state, c);
      bk_node_out (node, 0, countdowns_sum (c) / period);
      return;
    }
  else if (!afresh)
    {
      compensated_add (state, x);
      afresh = !isfinite (state[SUM]);
    }

  if (afresh)
    {
      double total = sum_window (node, period, state);
      if (isnan (state[SUM]))
        {
          bk_node_out (node, 0, total / period);
          return;
        }
    }

  bk_node_out (node, 0, (state[SUM] + state[COMPENSATION]) / period);
  /* The window holds only finite values here: take the oldest out. */
  compensated_add (state, -bk_node_in (node, 0, period - 1));
  if (!isfinite (state[SUM]))
    countdowns_set (state, (Countdowns) { 0, 0, 0 });
}

const BkIndicatorDesc bk_indicator_sma = {
  .name = "SMA",
  .aliases = { "MovingAverageSimple", "SimpleMovingAverage", "MovAv_Simple" },
  .summary = "Simple moving average: the mean of the last period values",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "sma" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .state_cells = N_STATE,
  .next = sma_next,
};
