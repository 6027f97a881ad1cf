/* bk-pow.h — pow() as Python's float ** float calls it, faster for the
 * squares and square roots indicators take every bar.
 *
 * backtrader computes x ** 2 and x ** 0.5 with the C library's pow(), and
 * its results are what ours must equal, bit for bit.  glibc's pow (since
 * 2.28, Arm's) is within 0.54 ULP of the exact power, not always correctly
 * rounded, so x * x and sqrt(x) can differ from it by an ulp — but only
 * when the exact value is near the middle between two doubles.  Where the
 * exact value is provably within 0.44 ULP of the correctly rounded one, and
 * that one is not a power of two (whose lower neighbour is half an ulp
 * away), every neighbour is at least 0.56 ULP from the exact value, so
 * pow must return the correctly rounded one: x * x or sqrt(x).  The rest
 * (about an eighth of the values, and every special case) goes to pow. */
#pragma once

#include <glib.h>
#include <math.h>
#include <string.h>

G_BEGIN_DECLS

/* The distance of a positive double at or above 2^-960 to its neighbours,
 * or 0 when it is a power of two. */
static inline double
bk_pow_ulp_unless_binade_edge (double x)
{
  guint64 bits, ulp_bits;
  double ulp;

  memcpy (&bits, &x, sizeof bits);
  if ((bits & G_GUINT64_CONSTANT (0xfffffffffffff)) == 0)
    return 0.0;
  ulp_bits = ((bits >> 52) - 52) << 52;
  memcpy (&ulp, &ulp_bits, sizeof ulp);
  return ulp;
}

/* a * b - p exactly, where p is a * b rounded (no overflow or underflow
 * near): one fused multiply-add where the target has it, Dekker's product
 * otherwise (without FMA instructions the compiler cannot contract it). */
static inline double
bk_pow_product_error (double a, double b, double p)
{
#ifdef __FMA__
  return fma (a, b, -p);
#else
  double ca = 134217729.0 * a, cb = 134217729.0 * b;
  double a_hi = ca - (ca - a), a_lo = a - a_hi;
  double b_hi = cb - (cb - b), b_lo = b - b_hi;

  return ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
#endif
}

/* Squares and square roots far enough from underflow and overflow that
 * the residuals below are exact (x² above 2^-960, below 2^1000). */
#define BK_POW_SAFE_MIN 0x1p-960
#define BK_POW_SAFE_MAX 0x1p1000

static inline double
bk_pow (double x, double y)
{
  if (y == 2.0)
    {
      double p = x * x;

      if (p >= BK_POW_SAFE_MIN && p <= BK_POW_SAFE_MAX)
        {
          double ulp = bk_pow_ulp_unless_binade_edge (p);
          double residual = bk_pow_product_error (x, x, p);

          if (fabs (residual) <= 0.44 * ulp)
            return p;
        }
    }
  else if (y == 0.5 && x >= BK_POW_SAFE_MIN && x <= BK_POW_SAFE_MAX)
    {
      double s = sqrt (x);
      double ulp = bk_pow_ulp_unless_binade_edge (s);
      double square = s * s;
      /* s² - x, exactly: square - x is exact (Sterbenz), and so is the
       * sum, the remainder of a correctly rounded square root being a
       * double.  The root is off s by about residual / 2s. */
      double residual = (square - x) + bk_pow_product_error (s, s, square);

      if (fabs (residual) <= 0.86 * s * ulp)
        return s;
    }
  return pow (x, y);
}

G_END_DECLS
