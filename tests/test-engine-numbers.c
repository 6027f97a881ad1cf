/* test-engine-numbers.c — the engine's arithmetic: exact sums, pow as
 * Python's, SMA windows through NaN, infinities and overflow, StdDev. */
#include <stdio.h>

#include <glib/gstdio.h>

#include "bk-compare.h"
#include "bk-dump.h"
#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-indicator.h"
#include "bk-observers.h"
#include "bk-pow.h"
#include "bk-random.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-run-private.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "test-engine-common.h"

/* bk_pow takes shortcuts for squares and square roots: they must give
 * pow()'s bits exactly, for prices, returns, squares of them, random bit
 * patterns over the whole range, and the special values. */
static void
check_pow_agrees (double x, double y, guint *shortcut_misses)
{
  double fast = bk_pow (x, y), slow = pow (x, y);

  if (memcmp (&fast, &slow, sizeof fast) != 0)
    {
      (*shortcut_misses)++;
      g_test_message ("pow(%a, %g): %a, bk_pow gives %a", x, y, slow, fast);
    }
}

static void
test_pow_agrees_with_libm (void)
{
  static const double specials[] = {
    0.0, -0.0, 1.0, -1.0, 2.0, 0.25, INFINITY, -INFINITY, NAN, 0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp1023,
    0x1p-480, 0x1p-481, 0x1p500, 0x1p501, 0x1p-960, 0x1p1000, 1e300, 1e-300, 14.11, 9.97,
  };
  guint64 state = 20261201;
  guint misses = 0;

  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    for (guint sign = 0; sign < 2; sign++)
      {
        check_pow_agrees (sign ? -specials[i] : specials[i], 2.0, &misses);
        check_pow_agrees (sign ? -specials[i] : specials[i], 0.5, &misses);
      }
  for (guint i = 0; i < 2000000; i++)
    {
      guint64 bits = bk_random_next (&state);
      double any, price = round (bk_random_uniform (&state) * 1e6) / 100.0;
      double ret = price / (round (bk_random_uniform (&state) * 1e6) / 100.0 + 0.01) - 1.0;

      memcpy (&any, &bits, sizeof any);
      check_pow_agrees (any, 2.0, &misses);
      check_pow_agrees (fabs (any), 0.5, &misses);
      check_pow_agrees (price, 2.0, &misses);
      check_pow_agrees (price * price / 7.0, 0.5, &misses);
      check_pow_agrees (ret, 2.0, &misses);
      check_pow_agrees (ret * ret, 0.5, &misses);
    }
  /* Other exponents go to pow() as they are. */
  check_pow_agrees (14.11, 3.0, &misses);
  check_pow_agrees (14.11, -0.5, &misses);
  g_assert_cmpuint (misses, ==, 0);
}

static void
test_fsum_is_exactly_rounded (void)
{
  const double cancel[] = { 1e100, 1.0, -1e100 };
  const double tenths[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
  const double tiny[] = { 1.0, 1e-16, 1e-16 };

  g_assert_cmpfloat (bk_fsum (cancel, 3), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tenths, 10), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tiny, 3), ==, 1.0000000000000002);
  g_assert_cmpfloat (bk_fsum (NULL, 0), ==, 0.0);
}

static void
test_fsum_overflow_gives_infinity (void)
{
  double up[1000], down[5];

  /* Python raises OverflowError here; the engine must neither abort nor
   * return a finite number. */
  for (guint i = 0; i < G_N_ELEMENTS (up); i++)
    up[i] = G_MAXDOUBLE;
  for (guint i = 0; i < G_N_ELEMENTS (down); i++)
    down[i] = -1e308;
  g_assert_cmpfloat (bk_fsum (up, G_N_ELEMENTS (up)), ==, INFINITY);
  g_assert_cmpfloat (bk_fsum (down, G_N_ELEMENTS (down)), ==, -INFINITY);
}

static void
test_fsum_overflow_cancels_exactly (void)
{
  /* Intermediate sums out of range, totals in range: the exact total. */
  const double back[] = { 1e308, 1e308, -1e308 };
  const double cancel[] = { G_MAXDOUBLE, G_MAXDOUBLE, 1.0, -G_MAXDOUBLE, -G_MAXDOUBLE };
  const double tiny[] = { 1e308, 1e308, 1e308, -1e308, -1e308, -1e308, 1e-300 };
  double window[64];

  g_assert_cmpfloat (bk_fsum (back, G_N_ELEMENTS (back)), ==, 1e308);
  g_assert_cmpfloat (bk_fsum (cancel, G_N_ELEMENTS (cancel)), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tiny, G_N_ELEMENTS (tiny)), ==, 1e-300);

  /* A window's sum as SMA keeps it: values in, the same values out. */
  BkFsum sum = BK_FSUM_INIT;
  for (guint i = 0; i < G_N_ELEMENTS (window); i++)
    {
      window[i] = (i % 3 == 0 ? -1 : 1) * G_MAXDOUBLE / (1 + i % 5);
      bk_fsum_add (&sum, window[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (window); i++)
    bk_fsum_add (&sum, -window[i]);
  bk_fsum_add (&sum, 0.5);
  g_assert_cmpfloat (bk_fsum_result (&sum), ==, 0.5);
}

static void
test_fsum_specials_add_as_ieee (void)
{
  const double mixed[] = { INFINITY, 1.0, -INFINITY };
  const double huge_and_inf[] = { 1e308, 1e308, -INFINITY };
  const double with_nan[] = { 1e308, NAN, 1e308 };

  g_assert_true (isnan (bk_fsum (mixed, G_N_ELEMENTS (mixed))));
  g_assert_cmpfloat (bk_fsum (huge_and_inf, G_N_ELEMENTS (huge_and_inf)), ==, -INFINITY);
  g_assert_true (isnan (bk_fsum (with_nan, G_N_ELEMENTS (with_nan))));
}

static void
assert_same_values (const double *got, const double *expected, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("bar %u: got %g, expected %g", i + 1, got[i], expected[i]);
      if (isnan (expected[i]))
        g_assert_true (isnan (got[i]));
      else
        g_assert_cmpfloat (got[i], ==, expected[i]);
    }
}

static void
test_sma_nan_leaves_window (void)
{
  const double in[] = { 1, 2, NAN, 4, 5, 6, NAN, NAN, 9, 10, 11, 12, 13 };
  const double want[] = { NAN, NAN, NAN, NAN, NAN, 5, NAN, NAN, NAN, NAN, 10, 11, 12 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  assert_same_values (got, want, G_N_ELEMENTS (in));
}

static void
test_sma_long_nan_run_then_values (void)
{
  /* NaN for many windows, then values: each mean as fsum gives it. */
  enum { N = 5000, PERIOD = 100 };
  g_autofree double *in = g_new (double, N);
  g_autofree double *want = g_new (double, N);

  for (guint i = 0; i < N; i++)
    in[i] = i >= 10 && i < 3000 ? NAN : 1.0 + (i % 7) * 0.1;
  for (guint i = 0; i < N; i++)
    want[i] = i + 1 < PERIOD || (i >= 10 && i < 3000 + PERIOD - 1) ? NAN : bk_fsum (in + i + 1 - PERIOD, PERIOD) / PERIOD;
  g_autofree double *got = indicator_over ("SMA", PERIOD, in, N);
  for (guint i = 0; i < N; i++)
    {
      if (isnan (want[i]))
        g_assert_true (isnan (got[i]));
      else
        g_assert_cmpfloat_with_epsilon (got[i], want[i], 1e-12);
    }
}

static void
test_sma_infinities_in_window (void)
{
  const double in[] = { 1, INFINITY, 3, -INFINITY, 5, 6, 7, 8, INFINITY, NAN, 10, 11, 12, 13 };
  const double want[] = { NAN, NAN, INFINITY, NAN, -INFINITY, -INFINITY, 6, 7, INFINITY, NAN, NAN, NAN, 11, 12 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  assert_same_values (got, want, G_N_ELEMENTS (in));
}

static void
test_sma_overflow_recovers (void)
{
  const double in[] = { 1e308, 1e308, 1e308, 1e308, 1e308, 1, 2, 3, 4, 5, 6, -1e308, -1e308, 1e308, 7 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  /* Sums out of range give inf; once the huge values leave, means are
   * exact again: taking them out of the running sum did not spoil it. */
  g_assert_cmpfloat (got[2], ==, INFINITY);
  g_assert_cmpfloat (got[4], ==, INFINITY);
  g_assert_cmpfloat (got[5], ==, INFINITY);
  g_assert_cmpfloat (got[6], ==, bk_fsum ((const double[]) { 1e308, 1, 2 }, 3) / 3);
  g_assert_cmpfloat (got[7], ==, 2);
  g_assert_cmpfloat (got[10], ==, 5);
  g_assert_cmpfloat (got[11], ==, bk_fsum (in + 9, 3) / 3);
  g_assert_cmpfloat (got[12], ==, bk_fsum (in + 10, 3) / 3);
  g_assert_cmpfloat (got[13], ==, bk_fsum (in + 11, 3) / 3);
  g_assert_cmpfloat (got[14], ==, bk_fsum (in + 12, 3) / 3);
}

/* Huge values, k * 2^1020, whose window sums go out of range and back:
 * each bar's sum comes from the running sum, O(1), never from the window
 * read afresh.  The values between the newest and the oldest are made NaN
 * while each bar is stepped: a sum read afresh would be NaN. */
static void
test_sma_overflow_stays_constant_work (void)
{
  enum { N = 3000, PERIOD = 50 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GraphOver) over = graph_over_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1020);
  g_autofree double *in = g_new (double, N);
  double period = PERIOD;
  BkNode *sumn = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("SumN"), NULL, 0, &period, 1, &error);
  guint out_of_range = 0, in_range = 0, transitions = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < N; i++)
    in[i] = ldexp ((i / 300) % 2 == 0 ? g_rand_int_range (rand, -3, 16) : g_rand_int_range (rand, -15, 16), 1020);
  bk_graph_note_read (over->graph, sumn->outputs[0], 1);
  bk_graph_plan (over->graph, BK_MODE_MINIMAL, BK_PRECISION_F64, -1);
  BkLine *close = over->feed->outputs[BK_FEED_CLOSE]->line;
  g_assert_cmpint (close->storage, ==, BK_STORAGE_RING);
  g_assert_cmpuint (close->capacity, >=, PERIOD);
  double *kept = g_newa (double, PERIOD);
  for (guint i = 0; i < N; i++)
    {
      for (guint j = 0; j < BK_FEED_N_LINES; j++)
        bk_line_push (over->feed->outputs[j]->line, j == BK_FEED_DATETIME ? i : in[i]);
      /* The first full window is summed afresh, as it must be. */
      gboolean poison = i >= PERIOD;
      for (guint ago = 1; poison && ago + 1 < PERIOD; ago++)
        {
          guint slot = (close->head + close->capacity - ago) % close->capacity;
          kept[ago] = close->ring.f64[slot];
          close->ring.f64[slot] = NAN;
        }
      bk_graph_step_nodes (over->graph, i + 1, BK_ROLE_INDICATOR);
      for (guint ago = 1; poison && ago + 1 < PERIOD; ago++)
        close->ring.f64[(close->head + close->capacity - ago) % close->capacity] = kept[ago];
      if (i + 1 < PERIOD)
        continue;
      double got = bk_line_get (sumn->outputs[0]->line, 0), want = bk_fsum (in + i + 1 - PERIOD, PERIOD);
      if (memcmp (&got, &want, sizeof got) != 0)
        g_error ("bar %u: SumN %.17g, fsum %.17g", i + 1, got, want);
      transitions += i >= PERIOD && isfinite (want) != isfinite (bk_fsum (in + i - PERIOD, PERIOD));
      out_of_range += !isfinite (want);
      in_range += isfinite (want);
    }
  g_assert_false (*bk_graph_get_overrun_flag (over->graph));
  g_test_message ("%u sums out of range, %u in range, %u changes between", out_of_range, in_range, transitions);
  g_assert_cmpuint (out_of_range, >, 100);
  g_assert_cmpuint (in_range, >, 100);
  g_assert_cmpuint (transitions, >, 10);
}

/* Values as analysts' data have them, and as they do not: closes in whole
 * cents around 14.11 with long flat stretches (the case where a running
 * sum once gave 14.109999999999998 against backtrader's
 * 14.110000000000001), values of every magnitude and sign, a large value
 * among small ones leaving the window, sums that cancel to zero, and sums
 * that overflow. */
static double *
exactness_series (guint kind, guint n, GRand *rand)
{
  double *in = g_new (double, n);
  double cents = 1411;

  for (guint i = 0; i < n; i++)
    switch (kind)
      {
      case 0:
        if (i % 400 >= 200)       /* flat: the close stays 14.11 */
          cents = 1411;
        else
          cents = MAX (1, cents + g_rand_int_range (rand, -9, 10));
        in[i] = cents / 100.0;
        break;
      case 1:
        in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * pow (10, g_rand_int_range (rand, -8, 9));
        break;
      case 2:
        in[i] = i % 97 == 0 ? 1e15 + g_rand_int_range (rand, 0, 1000) : g_rand_int_range (rand, 1, 100000) * 1e-3;
        break;
      case 3:
        in[i] = i % 2 == 0 ? 0.1 * (i % 11) : -0.1 * ((i - 1) % 11);
        break;
      default:
        /* Sums out of range among values of every size, tiny ones
         * included (which a sum scaled down loses bits of). */
        switch (g_rand_int_range (rand, 0, 4))
          {
          case 0:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0.5, 1.0) * DBL_MAX;
            break;
          case 1:
            in[i] = g_rand_double_range (rand, 1, 1000) * (i % 1000 < 500 ? DBL_MAX / 8 : 1.0);
            break;
          case 2:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * 0x1p-1000;
            break;
          default:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * pow (10, g_rand_int_range (rand, -300, 300));
          }
      }
  return in;
}

/* SMA is fsum(window) / period and SumN fsum(window), bit for bit, at
 * every bar, for short and long periods. */
static void
test_window_sums_exactly_rounded (void)
{
  static const guint periods[] = { 1, 2, 3, 15, 30, 200 };
  enum { N = 6000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);

  for (guint kind = 0; kind < 5; kind++)
    {
      g_autofree double *in = exactness_series (kind, N, rand);

      for (guint k = 0; k < G_N_ELEMENTS (periods); k++)
        {
          guint p = periods[k], out_of_range = 0;
          g_autofree double *sma = indicator_over ("SMA", p, in, N);
          g_autofree double *sumn = indicator_over ("SumN", p, in, N);

          for (guint i = p - 1; i < N; i++)
            {
              double sum = bk_fsum (in + i + 1 - p, p);

              if (memcmp (&sma[i], &(double) { sum / p }, sizeof (double)) != 0
                  || memcmp (&sumn[i], &sum, sizeof (double)) != 0)
                g_error ("kind %u, period %u, bar %u: SMA %.17g SumN %.17g, fsum %.17g", kind, p, i + 1, sma[i],
                         sumn[i], sum);
              out_of_range += !isfinite (sum);
            }
          if (kind == 4 && p >= 3)
            g_assert_cmpuint (out_of_range, >, 0);
        }
    }
}

/* CrossOver(close, SMA(close, p)) against backtrader's computation made
 * here from the exactly rounded means: NonZeroDifference, then CrossUp
 * minus CrossDown. */
static void
test_crossover_of_own_sma_exact (void)
{
  enum { N = 6000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (14110000);
  g_autofree double *in = exactness_series (0, N, rand);
  g_autoptr(GError) error = NULL;

  for (guint p = 2; p <= 30; p += 7)
    {
      g_autoptr(GraphOver) over = graph_over_new ();
      double period = p;
      BkNode *sma = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error);
      BkInput inputs[] = { bk_node_output (over->feed, BK_FEED_CLOSE), bk_node_output (sma, 0) };
      BkNode *cross = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("CrossOver"), inputs, 2, NULL, 0,
                                              &error);
      g_assert_no_error (error);
      g_autofree double *got = graph_over_run (over, cross, in, N);
      double nzd = 0;
      guint crossings = 0;

      for (guint i = p - 1; i < N; i++)
        {
          double mean = bk_fsum (in + i + 1 - p, p) / p;
          double d = in[i] - mean;
          double want = NAN;

          if (i >= p)
            want = (nzd < 0 && in[i] > mean) - (nzd > 0 && in[i] < mean);
          nzd = d != 0.0 || i == p - 1 ? d : nzd;
          if (isnan (want))
            g_assert_true (isnan (got[i]));
          else if (got[i] != want)
            g_error ("period %u, bar %u: CrossOver %g, exact %g (close %.17g, mean %.17g)", p, i + 1, got[i], want,
                     in[i], mean);
          crossings += want != 0 && !isnan (want);
        }
      g_test_message ("period %u: %u crossings, all where exact means put them", p, crossings);
      g_assert_cmpuint (crossings, >, 10);
    }
}

/* StdDev as backtrader computes it: pow(abs(meansq - sqmean), 0.5) with
 * safepow (the default), the difference as it is without; on a constant
 * window rounding leaves a tiny difference that abs keeps. */
static void
test_stddev_safepow (void)
{
  enum { N = 60, P = 20 };
  double in[N], squares[N];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      in[i] = i < 25 ? 1.2 + i * 0.01 : 1.33;
      squares[i] = pow (in[i], 2);
    }
  for (guint safepow = 0; safepow < 2; safepow++)
    {
      g_autoptr(GraphOver) over = graph_over_new ();
      const double params[] = { P, safepow };
      BkNode *node = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("StdDev"), NULL, 0, params, 2,
                                             &error);
      g_assert_no_error (error);
      g_autofree double *got = graph_over_run (over, node, in, N);
      guint tiny = 0;

      for (guint i = P - 1; i < N; i++)
        {
          double diff = bk_fsum (squares + i + 1 - P, P) / P - pow (bk_fsum (in + i + 1 - P, P) / P, 2);
          double want = pow (safepow ? fabs (diff) : diff, 0.5);

          if (isnan (want))
            g_assert_true (isnan (got[i]));
          else
            g_assert_cmpfloat (got[i], ==, want);
          tiny += diff != 0 && fabs (diff) < 1e-12;
        }
      /* The constant windows of 1.33 at the end: Python's
       * abs(fsum([1.33 ** 2] * 20) / 20 - (fsum([1.33] * 20) / 20) ** 2) ** 0.5,
       * and without abs the square root of a negative number. */
      if (safepow)
        g_assert_cmpfloat (got[N - 1], ==, 1.4901161193847656e-08);
      else
        g_assert_true (isnan (got[N - 1]));
      g_test_message ("safepow=%u: last %.17g; %u windows with a rounding-sized difference", safepow, got[N - 1], tiny);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/pow/agrees-with-libm", test_pow_agrees_with_libm);
  g_test_add_func ("/engine/fsum/exactly-rounded", test_fsum_is_exactly_rounded);
  g_test_add_func ("/engine/fsum/overflow-gives-infinity", test_fsum_overflow_gives_infinity);
  g_test_add_func ("/engine/fsum/overflow-cancels-exactly", test_fsum_overflow_cancels_exactly);
  g_test_add_func ("/engine/fsum/specials-add-as-ieee", test_fsum_specials_add_as_ieee);
  g_test_add_func ("/engine/sma/nan-leaves-window", test_sma_nan_leaves_window);
  g_test_add_func ("/engine/sma/long-nan-run-then-values", test_sma_long_nan_run_then_values);
  g_test_add_func ("/engine/sma/infinities-in-window", test_sma_infinities_in_window);
  g_test_add_func ("/engine/sma/overflow-recovers", test_sma_overflow_recovers);
  g_test_add_func ("/engine/sma/overflow-stays-constant-work", test_sma_overflow_stays_constant_work);
  g_test_add_func ("/engine/sma/window-sums-exactly-rounded", test_window_sums_exactly_rounded);
  g_test_add_func ("/engine/sma/crossover-of-own-sma-exact", test_crossover_of_own_sma_exact);
  g_test_add_func ("/engine/stddev/safepow", test_stddev_safepow);

  return g_test_run ();
}
