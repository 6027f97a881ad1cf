/* hurst.c — HurstExponent(period, lag_start, lag_end): over the last period
 * values ts, for each lag from lag_start (0: 2) up to lag_end (0: period //
 * 2), not included, tau = sqrt(std(ts[lag:] - ts[:-lag])) (the population
 * std, summed pairwise as numpy sums); hurst = 2.0 * the slope of the least
 * squares line of log10(tau) against log10(lag).  backtrader fits it with
 * numpy's polyfit (an SVD); the closed form here agrees to about 1e-13. */
#include <math.h>

#include "bk-indicators.h"

#define MAX_WINDOW 4096

/* numpy's pairwise summation (pairwise_sum in loops_utils.h): eight
 * accumulators over blocks of at most 128 values, halves above that. */
static double
pairwise_sum (const double *a, guint n)
{
  if (n < 8)
    {
      double res = 0.0;

      for (guint i = 0; i < n; i++)
        res += a[i];
      return res;
    }
  if (n <= 128)
    {
      double r[8], res;
      guint i;

      for (guint k = 0; k < 8; k++)
        r[k] = a[k];
      for (i = 8; i < n - (n % 8); i += 8)
        for (guint k = 0; k < 8; k++)
          r[k] += a[i + k];
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++)
        res += a[i];
      return res;
    }
  guint half = n / 2;
  half -= half % 8;
  return pairwise_sum (a, half) + pairwise_sum (a + half, n - half);
}

static void
lags_of (const BkNode *node, guint *first, guint *end)
{
  guint period = (guint) node->params[0];

  *first = node->params[1] != 0 ? (guint) node->params[1] : 2;
  *end = node->params[2] != 0 ? (guint) node->params[2] : period / 2;
}

static void
hurst_next (BkNode *node)
{
  guint period = (guint) node->params[0], first, end, n_lags = 0;
  double ts[MAX_WINDOW], diff[MAX_WINDOW], x[MAX_WINDOW], y[MAX_WINDOW];

  lags_of (node, &first, &end);
  for (guint i = 0; i < period; i++)
    ts[i] = bk_node_in (node, 0, period - 1 - i);
  for (guint lag = first; lag < end && lag < period; lag++)
    {
      guint n = period - lag;

      for (guint i = 0; i < n; i++)
        diff[i] = ts[i + lag] - ts[i];
      double mean = pairwise_sum (diff, n) / n;
      for (guint i = 0; i < n; i++)
        diff[i] = (diff[i] - mean) * (diff[i] - mean);
      x[n_lags] = log10 ((double) lag);
      y[n_lags] = log10 (sqrt (sqrt (pairwise_sum (diff, n) / n)));
      n_lags++;
    }
  if (n_lags < 2)
    {
      bk_node_out (node, 0, NAN);
      return;
    }
  double xm = 0.0, ym = 0.0, sxy = 0.0, sxx = 0.0;
  for (guint i = 0; i < n_lags; i++)
    {
      xm += x[i];
      ym += y[i];
    }
  xm /= n_lags;
  ym /= n_lags;
  for (guint i = 0; i < n_lags; i++)
    {
      sxy += (x[i] - xm) * (y[i] - ym);
      sxx += (x[i] - xm) * (x[i] - xm);
    }
  /* A constant stretch has tau 0, log10 -inf: numpy's fit fails there. */
  bk_node_out (node, 0, isfinite (ym) ? 2.0 * (sxy / sxx) : NAN);
}

const BkIndicatorDesc bk_indicator_hurst = {
  .name = "HurstExponent",
  .aliases = { "Hurst" },
  .summary = N_("Hurst exponent of the window: below 0.5 mean-reverting, above it trending"),
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    { "period", 40, 4, MAX_WINDOW, TRUE },
    { "lag_start", 0, 0, MAX_WINDOW, TRUE },
    { "lag_end", 0, 0, MAX_WINDOW, TRUE },
  },
  .n_outputs = 1,
  .outputs = { "hurst" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0.5 },
  .lookback = bk_lookback_period,
  .next = hurst_next,
};
