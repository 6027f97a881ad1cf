/* bk-fsum.c — exactly rounded summation.
 *
 * backtrader averages with Python's math.fsum; summing the same way makes
 * our averages bit-identical to backtrader's, and keeps long windows of
 * large and small values from drifting.  Shewchuk's algorithm, as CPython's
 * msum: a short list of non-overlapping partials. */
#include "bk-fsum.h"

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
      double lo = y - (hi - x);
      if (lo != 0.0)
        sum->partials[i++] = lo;
      x = hi;
    }
  /* Finite doubles never need more than about 40 partials. */
  g_assert (i < G_N_ELEMENTS (sum->partials));
  sum->n = i;
  sum->partials[sum->n++] = x;
}

double
bk_fsum_result (const BkFsum *sum)
{
  double hi = 0.0, lo = 0.0;
  guint n = sum->n;

  if (sum->has_special)
    return sum->special;
  if (n == 0)
    return 0.0;
  hi = sum->partials[--n];
  while (n > 0)
    {
      double x = hi;
      double y = sum->partials[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0)
        break;
    }
  /* Round half-even correctly when the rest of the partials push it. */
  if (n > 0 && ((lo < 0.0 && sum->partials[n - 1] < 0.0) ||
                (lo > 0.0 && sum->partials[n - 1] > 0.0)))
    {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr)
        hi = x;
    }
  return hi;
}

double
bk_fsum (const double *values, gsize n)
{
  BkFsum sum = BK_FSUM_INIT;

  for (gsize i = 0; i < n; i++)
    bk_fsum_add (&sum, values[i]);
  return bk_fsum_result (&sum);
}
