/* bk-fsum.h — exactly rounded summation (Python's math.fsum). */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef struct {
  guint n;
  gboolean has_special;
  double special;       /* sum of the infinities and NaNs seen */
  double partials[64];
} BkFsum;

#define BK_FSUM_INIT { 0, FALSE, 0.0, { 0 } }

void bk_fsum_add (BkFsum *sum, double x);
double bk_fsum_result (const BkFsum *sum);
double bk_fsum (const double *values, gsize n);

G_END_DECLS
