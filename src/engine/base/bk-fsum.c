/* bk-fsum.c — exactly rounded summation.
 *
 * backtrader averages with Python's math.fsum; summing the same way makes
 * our averages bit-identical to backtrader's, and keeps long windows of
 * large and small values from drifting.  Shewchuk's algorithm, as CPython's
 * msum: a short list of non-overlapping partials.
 *
 * Where Python raises OverflowError (finite values whose running sum
 * passes the largest double), the sum here takes 2^1023 out of the partial
 * that would overflow, exactly, and counts it in `big`: the partials stay
 * finite and few, and the result is the exact total rounded — ±inf only
 * when the total itself is out of range (the engine never aborts on
 * input and never returns a silent garbage number). */
#include "bk-fsum.h"

#define UNIT 0x1p1023

void
bk_fsum_add (BkFsum *sum, double x)
{
  guint i = 0;

  if (!isfinite (x))
    {
      sum->special = isnan (sum->special) ? sum->special : sum->special + x;
      sum->has_special = TRUE;
      return;
    }
  for (guint j = 0; j < sum->n; j++)
    {
      double y = sum->partials[j];
      if (fabs (x) < fabs (y))
        {
          double t = x;
          x = y;
          y = t;
        }
      double hi = x + y;
      while (isinf (hi))
        {
          /* Two finite values of one sign overflow only if the larger is
           * at least 2^1023, and then subtracting 2^1023 from it is exact.
           * At most twice: two values below 2^1023 cannot overflow. */
          double unit = copysign (UNIT, x);
          x -= unit;
          sum->big += unit > 0 ? 1 : -1;
          if (fabs (x) < fabs (y))
            {
              double t = x;
              x = y;
              y = t;
            }
          hi = x + y;
        }
      double lo = y - (hi - x);
      if (lo != 0.0)
        sum->partials[i++] = lo;
      x = hi;
    }
  /* Non-overlapping finite partials are never more than about 40. */
  g_assert (i < G_N_ELEMENTS (sum->partials));
  sum->n = i;
  /* As CPython's msum: a zero is no partial, so that a sum that comes to
   * zero, even of -0.0, is +0.0. */
  if (x != 0.0)
    sum->partials[sum->n++] = x;
}

static double
partials_result (const double *partials, guint n)
{
  double hi = 0.0, lo = 0.0;

  if (n == 0)
    return 0.0;
  hi = partials[--n];
  while (n > 0)
    {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0)
        break;
    }
  /* Round half-even correctly when the rest of the partials push it. */
  if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) ||
                (lo > 0.0 && partials[n - 1] > 0.0)))
    {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr)
        hi = x;
    }
  return hi;
}

/* A total near or past 2^1024, out of `big` units and partials: scaled
 * by 1/8 it is in range, and rounding commutes with the scaling.  Partials
 * below 2^-1000 can only matter as the sign of what is left below the
 * total's last bit: one value of that sign (the largest one's) stands for
 * them, as scaling them might lose them. */
static double
huge_result (const BkFsum *sum)
{
  BkFsum scaled = BK_FSUM_INIT;
  double sticky = 0.0;

  for (guint i = 0; i < sum->n; i++)
    {
      double p = sum->partials[i];
      if (fabs (p) < 0x1p-1000)
        sticky = p != 0.0 ? p : sticky;   /* increasing: the last is the largest */
      else
        bk_fsum_add (&scaled, p / 8);
    }
  if (sticky != 0.0)
    bk_fsum_add (&scaled, copysign (0x1p-1003, sticky));
  for (gint64 k = 0; k < ABS (sum->big); k++)
    bk_fsum_add (&scaled, copysign (UNIT / 8, (double) sum->big));
  g_assert (scaled.big == 0);
  return bk_fsum_result (&scaled) * 8;
}

double
bk_fsum_result (const BkFsum *sum)
{
  if (sum->has_special)
    return sum->special;
  if (sum->big == 0)
    return partials_result (sum->partials, sum->n);

  /* Non-overlapping partials below 2^1024 add up to less than 2^1025,
   * four units: past eight units the total is out of range whatever they
   * hold.  Below that, put the units back one at a time, exactly, which
   * gives the right total if it is in range (the units may cancel the
   * partials down to something tiny); if that overflows, the total is
   * near or past the top of the range. */
  if (sum->big > 8 || sum->big < -8)
    return sum->big > 0 ? INFINITY : -INFINITY;
  BkFsum rest = *sum;
  rest.big = 0;
  for (gint64 k = 0; k < ABS (sum->big); k++)
    {
      bk_fsum_add (&rest, copysign (UNIT, (double) sum->big));
      if (rest.big != 0)
        return huge_result (sum);
    }
  return partials_result (rest.partials, rest.n);
}

double
bk_fsum (const double *values, gsize n)
{
  BkFsum sum = BK_FSUM_INIT;

  for (gsize i = 0; i < n; i++)
    bk_fsum_add (&sum, values[i]);
  return bk_fsum_result (&sum);
}
