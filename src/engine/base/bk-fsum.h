/* bk-fsum.h — exactly rounded summation (Python's math.fsum).
 *
 * Unlike Python's, a sum of finite values that overflows does not fail:
 * the result is the exact sum rounded, ±inf when that is beyond the
 * largest double.  NaN and infinities add as IEEE says (inf + -inf is NaN). */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef struct {
  guint n;
  gboolean has_special;
  double special;       /* sum of the infinities and NaNs seen */
  gint64 big;           /* multiples of 2^1023 taken out of the partials when they overflowed */
  double partials[64];
} BkFsum;

#define BK_FSUM_INIT { 0, FALSE, 0.0, 0, { 0 } }

void bk_fsum_add (BkFsum *sum, double x);
double bk_fsum_result (const BkFsum *sum);
double bk_fsum (const double *values, gsize n);

G_END_DECLS
