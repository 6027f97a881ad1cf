/* sma.c — SMA(p): the mean of the last p values, and the exactly rounded
 * running window sum that SMA and SumN share.
 *
 * Each bar's sum is math.fsum of the window, rounded once, as backtrader
 * computes it, so that means, and the crossovers and comparisons made of
 * them, agree with backtrader's to the bit; and it costs O(1) a bar
 * whatever the period.  The running sum is kept as s + c (TwoSum puts the
 * exact rounding error of every addition into c) with a bound on how far
 * s + c may be from the exact sum: what c's own additions lost, nothing as
 * a rule.  While nothing was lost, s + c is the exact sum and one addition
 * rounds it as fsum does.  Else, when s + c lies further from a rounding
 * boundary than the bound, its rounding is still the exact sum's; only when
 * it does not — rarely — is the window summed afresh, exactly (bk_fsum),
 * which also resets the bound.  The value that leaves the window at the
 * next bar is taken out at the end of this one, while it is still the
 * oldest value in the input's ring, so the input needs only p values.
 *
 * A NaN or an infinity cannot be taken out of a sum again.  While one is in
 * the window the sum is set aside (the state's set_aside: its sum NaN) and
 * its countdowns say, for the newest NaN, +inf and -inf, how many more bars
 * each stays in the window: that alone decides the sum (NaN, ±inf), in O(1)
 * a bar.  When the last of them leaves, the window is summed afresh once —
 * at most once per p bars.  A finite sum that overflows goes on, O(1) a
 * bar, scaled down until it fits again. */
#include "bk-indicators.h"

#include "bk-fsum.h"

/* The three countdowns take the running sum's place, no more cells. */
G_STATIC_ASSERT (sizeof (BkWindowSum) == sizeof (BkExactSum));
G_STATIC_ASSERT (G_STRUCT_OFFSET (BkWindowCountdowns, sum) == G_STRUCT_OFFSET (BkExactSum, sum));

static void
countdowns_note (BkWindowCountdowns *c, double x, guint period)
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
countdowns_sum (const BkWindowCountdowns *c)
{
  if (c->nan > 0 || (c->pos_inf > 0 && c->neg_inf > 0))
    return NAN;
  return c->pos_inf > 0 ? INFINITY : -INFINITY;
}

/* Sets the sum aside with countdowns c; returns the window's sum. */
static double
set_aside (BkWindowSum *state, BkWindowCountdowns c)
{
  c.sum = NAN;
  state->set_aside = c;
  return countdowns_sum (&c);
}

/* Knuth's TwoSum, without branches: the rounding error of each addition
 * goes into the compensation, and what the compensation's own addition
 * loses (nothing, as a rule: price-like values leave errors that add up
 * exactly) into the bound, counted twice over to cover the bound's own
 * roundings. */
static inline void
exact_add (BkExactSum *e, double x)
{
  double sum = e->sum + x;
  double x_part = sum - e->sum;
  double error = (e->sum - (sum - x_part)) + (x - x_part);
  double compensation = e->compensation + error;
  double e_part = compensation - e->compensation;

  e->bound += 2.0 * fabs ((e->compensation - (compensation - e_part)) + (error - e_part));
  e->compensation = compensation;
  e->sum = sum;
}

void
bk_exact_sum_add (BkExactSum *sum, double x)
{
  exact_add (sum, x);
}

/* Half the smaller gap between |r| and its neighbours: a value nearer to r
 * than this rounds to r. */
static inline double
half_gap (double r)
{
  guint64 bits;
  double ulp;

  r = fabs (r);
  memcpy (&bits, &r, sizeof bits);
  guint64 exponent = bits >> 52, mantissa = bits & ((G_GUINT64_CONSTANT (1) << 52) - 1);
  if (exponent <= 1)
    return 0.0;               /* tiny: no room to tell, the window is summed afresh */
  bits = exponent > 52 ? (exponent - 52) << 52 : G_GUINT64_CONSTANT (1) << (exponent - 1);
  memcpy (&ulp, &bits, sizeof ulp);
  /* Below a power of two the gap is half the ulp above it. */
  return mantissa == 0 ? ulp * 0.25 : ulp * 0.5;
}

/* The running sum's rounding, when it is the exact sum's: TRUE and *out. */
static inline gboolean
exact_get (const BkExactSum *e, double *out)
{
  double r = e->sum + e->compensation;

  /* s + c is the exact sum: the addition rounds it as fsum does. */
  if (G_LIKELY (e->bound == 0.0))
    {
      *out = r;
      return TRUE;
    }
  /* s + c = r + error exactly; the exact sum is within BOUND of s + c. */
  double r_part = r - e->sum;
  double error = (e->sum - (r - r_part)) + (e->compensation - r_part);
  if (fabs (error) + e->bound < half_gap (r))
    {
      *out = r;
      return TRUE;
    }
  return FALSE;
}

gboolean
bk_exact_sum_get (const BkExactSum *sum, double *out)
{
  return exact_get (sum, out);
}

/* A window whose running sum overflows is summed scaled down by 2^-64,
 * where no sum of up to BK_MAX_PERIOD doubles overflows, so that it stays
 * O(1) a bar.  Scaling is exact except for values below 2^-958: what each
 * of those loses, at most half of 2^-1074, goes into the bound, once as
 * it comes in and once as it goes out.  In the state, the sign bit of
 * the bound marks a scaled sum (the bound is never negative), so that
 * the common case is told by one test and the state stays three cells;
 * RunningSum spells it out.  Scaling back up is exact, and is done as
 * soon as the sum is well inside the range again. */
#define SCALE_DOWN 0x1p-64
#define SCALE_UP 0x1p64
#define SCALED_LEAVE 0x1p956       /* 2^1020 unscaled */

typedef struct {
  BkExactSum e;
  gboolean scaled;
} RunningSum;

static inline RunningSum
running_load (const BkWindowSum *state)
{
  const BkExactSum *s = &state->running;

  return (RunningSum) { { s->sum, s->compensation, fabs (s->bound) }, signbit (s->bound) != 0 };
}

static inline void
running_store (BkWindowSum *state, const RunningSum *r)
{
  state->running = r->e;
  if (r->scaled)
    state->running.bound = -r->e.bound;
}

static inline double
scale_down (double x, double *bound)
{
  double y = x * SCALE_DOWN;

  if (y * SCALE_UP != x)
    *bound += 0x1p-1074;
  return y;
}

static void
running_scale_down (RunningSum *r)
{
  double bound = r->e.bound * SCALE_DOWN;

  if (bound * SCALE_UP != r->e.bound)
    bound += 0x1p-1074;         /* rounded up */
  r->e.sum = scale_down (r->e.sum, &bound);
  r->e.compensation = scale_down (r->e.compensation, &bound);
  r->e.bound = bound;
  r->scaled = TRUE;
}

static void
running_add (RunningSum *r, double x)
{
  if (!r->scaled)
    {
      BkExactSum e = r->e;
      exact_add (&e, x);
      if (G_LIKELY (isfinite (e.sum)))
        {
          r->e = e;
          return;
        }
      running_scale_down (r);
    }
  exact_add (&r->e, scale_down (x, &r->e.bound));
  if (fabs (r->e.sum) < SCALED_LEAVE)
    {
      r->e.sum *= SCALE_UP;
      r->e.compensation *= SCALE_UP;
      r->e.bound *= SCALE_UP;
      r->scaled = FALSE;
    }
}

/* As exact_get.  A scaled sum's rounding is the exact sum's scaled only
 * where it is a normal number, not in the subnormals. */
static gboolean
running_get (const RunningSum *r, double *out)
{
  double total;

  if (!exact_get (&r->e, &total))
    return FALSE;
  if (r->scaled)
    {
      if (total != 0.0 && fabs (total) < 0x1p-1021)
        return FALSE;
      total *= SCALE_UP;        /* ±inf past the range, as the exact sum rounds */
    }
  *out = total;
  return TRUE;
}

/* Sums the whole window afresh; returns the window's sum, and leaves the
 * state either a running sum of it (scaled if it is out of range) or set
 * aside. */
static double
sum_window (BkNode *node, guint period, BkWindowSum *state)
{
  BkFsum sum = BK_FSUM_INIT;
  BkWindowCountdowns c = { 0 };

  /* Oldest first, as backtrader's data.get(size=n) hands them to fsum. */
  for (guint ago = period; ago-- > 0;)
    {
      double x = bk_node_in_window (node, ago);
      if (isfinite (x))
        bk_fsum_add (&sum, x);
      else
        countdowns_note (&c, x, period - ago);
    }
  if (c.nan > 0 || c.pos_inf > 0 || c.neg_inf > 0)
    return set_aside (state, c);

  double total = bk_fsum_result (&sum);
  double scale = 1.0, bound = 0.0;
  if (!isfinite (total))
    {
      /* Again, scaled: the state keeps the scaled sum. */
      BkFsum scaled = BK_FSUM_INIT;
      for (guint ago = period; ago-- > 0;)
        bk_fsum_add (&scaled, scale_down (bk_node_in_window (node, ago), &bound));
      sum = scaled;
      scale = SCALE_DOWN;
    }
  /* What rounding left out goes in the compensation: once a large value
   * leaves, the small ones summed with it are still there. */
  RunningSum r = { { bk_fsum_result (&sum), 0.0, 0.0 }, scale != 1.0 };
  bk_fsum_add (&sum, -r.e.sum);
  r.e.compensation = bk_fsum_result (&sum);
  /* And what the compensation's rounding left, if anything. */
  bk_fsum_add (&sum, -r.e.compensation);
  r.e.bound = 2.0 * fabs (bk_fsum_result (&sum)) + bound;
  running_store (state, &r);
  return total;
}

/* The window's sum from here on, all values finite: x in, the sum's
 * rounding (the window summed afresh if in doubt), the oldest out. */
static double
window_sum_finite (BkNode *node, guint period, BkWindowSum *state, double x, gboolean afresh)
{
  RunningSum r = { { 0 } };
  double total;

  /* Afresh, the state may hold countdowns, not a running sum. */
  if (!afresh)
    {
      r = running_load (state);
      running_add (&r, x);
    }
  if (afresh || !running_get (&r, &total))
    {
      total = sum_window (node, period, state);
      if (isnan (state->set_aside.sum))
        return total;           /* set aside: a NaN or an infinity in the window */
      r = running_load (state);
    }
  running_add (&r, -bk_node_in_window (node, period - 1));
  running_store (state, &r);
  return total;
}

double
bk_window_sum_step (BkNode *node, guint period, BkWindowSum *state)
{
  guint64 bar = node->outputs[0]->line->length + 1;
  double x = bk_node_in_window (node, 0);
  gboolean afresh = bar == node->minperiod;

  /* The common case, on registers: a finite value in, the sum unscaled
   * and in range, its rounding sure, the oldest value out. */
  if (G_LIKELY (!afresh && isfinite (x) && !isnan (state->running.sum) && !signbit (state->running.bound)))
    {
      double oldest = bk_node_in_window (node, period - 1);
      BkExactSum e = state->running;
      double total;

      exact_add (&e, x);
      if (G_LIKELY (isfinite (e.sum) && exact_get (&e, &total)))
        {
          exact_add (&e, -oldest);
          if (G_LIKELY (isfinite (e.sum)))
            {
              state->running = e;
              return total;
            }
        }
      /* Else the same again, the slower way. */
      return window_sum_finite (node, period, state, x, FALSE);
    }
  if (!afresh && isnan (state->set_aside.sum))
    {
      BkWindowCountdowns c = state->set_aside;
      c.nan = c.nan > 0 ? c.nan - 1 : 0;
      c.pos_inf = c.pos_inf > 0 ? c.pos_inf - 1 : 0;
      c.neg_inf = c.neg_inf > 0 ? c.neg_inf - 1 : 0;
      if (!isfinite (x))
        countdowns_note (&c, x, period);
      if (c.nan > 0 || c.pos_inf > 0 || c.neg_inf > 0)
        return set_aside (state, c);
      afresh = TRUE;
    }
  else if (!afresh && !isfinite (x))
    {
      /* A NaN or an infinity comes in. */
      BkWindowCountdowns c = { 0 };
      countdowns_note (&c, x, period);
      return set_aside (state, c);
    }
  return window_sum_finite (node, period, state, x, afresh);
}

static void
sma_next (BkNode *node)
{
  guint period = (guint) node->params[0];

  bk_node_out (node, 0, bk_window_sum_step (node, period, BK_NODE_STATE (node, BkWindowSum)) / period);
}

const BkIndicatorDesc bk_indicator_sma = {
  .name = "SMA",
  .aliases = { "MovingAverageSimple", "SimpleMovingAverage", "MovAv_Simple" },
  .summary = N_("Simple moving average: the mean of the last period values"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (30) },
  .n_outputs = 1,
  .outputs = { "sma" },
  .pane = BK_PANE_PRICE,
  .lookback = bk_lookback_period,
  .state_cells = BK_STATE_CELLS (BkWindowSum),
  .fuses_input = TRUE,
  .next = sma_next,
};
