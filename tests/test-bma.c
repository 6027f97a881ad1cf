/* test-bma.c — regression statistics and the BMA fit.
 *
 * The reference here works from the rows, not from the statistics: for
 * every subset it inverts the uncentred normal equations with an
 * intercept (Gauss–Jordan, long double) and takes the residuals row by
 * row; the posterior moments use the textbook Σp(Var + β²) − β̄². */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bk-bma.h"
#include "bk-error.h"
#include "bk-regstats.h"

#define KMAX BK_REG_MAX_FEATURES

typedef struct {
  guint k;
  guint n;
  double *x;                   /* n × k */
  double *y;
} Rows;

static void
rows_free (Rows *rows)
{
  g_free (rows->x);
  g_free (rows->y);
  g_free (rows);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rows, rows_free)

static double
normal (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);
  double u2 = g_rand_double (rand);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* Correlated features of assorted means and scales; y depends on feature
 * 0 clearly, on feature 1 weakly, on the others not at all. */
static Rows *
random_rows (GRand *rand, guint n, guint k)
{
  Rows *rows = g_new0 (Rows, 1);
  double mean[KMAX], sd[KMAX];

  rows->k = k;
  rows->n = n;
  rows->x = g_new (double, (gsize) n * k);
  rows->y = g_new (double, n);
  for (guint j = 0; j < k; j++)
    {
      mean[j] = g_rand_double_range (rand, -3, 6);
      sd[j] = exp (g_rand_double_range (rand, -2, 2));
    }
  for (guint i = 0; i < n; i++)
    {
      double common = normal (rand);
      double *x = rows->x + (gsize) i * k;
      double y = 2.5 + 1.5 * normal (rand);
      for (guint j = 0; j < k; j++)
        {
          double z = normal (rand) + 0.4 * common;
          x[j] = mean[j] + sd[j] * z;
          if (j == 0)
            y += 0.6 * z;
          else if (j == 1)
            y += 0.15 * z;
        }
      rows->y[i] = y;
    }
  return rows;
}

static BkRegSum *
sum_of_rows (const Rows *rows)
{
  BkRegSum *sum = bk_reg_sum_new (rows->k);
  BkRegRows acc;

  bk_reg_rows_init (&acc, rows->k);
  for (guint i = 0; i < rows->n; i++)
    bk_reg_rows_add (&acc, rows->x + (gsize) i * rows->k, rows->y[i]);
  bk_reg_sum_add_rows (sum, &acc);
  return sum;
}

/* ---- the reference ---- */

typedef struct {
  gboolean singular;
  long double bic, r2, p;
  long double beta[KMAX + 1];  /* [0] the intercept, [1 + j] feature j */
  long double var[KMAX + 1];
} RefModel;

typedef struct {
  guint k;
  RefModel *models;            /* by mask */
  long double pip[KMAX], mean[KMAX], sd[KMAX];
  long double mean0, sd0;
} Ref;

static void
ref_free (Ref *ref)
{
  g_free (ref->models);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ref, ref_free)

/* Inverts a (size × size) matrix in place; FALSE when a pivot vanishes. */
static gboolean
gauss_jordan_invert (long double *a, guint size)
{
  guint perm[KMAX + 1];
  long double inv[(KMAX + 1) * (KMAX + 1)];

  for (guint i = 0; i < size * size; i++)
    inv[i] = (i / size == i % size) ? 1.0L : 0.0L;
  for (guint i = 0; i < size; i++)
    perm[i] = i;
  for (guint col = 0; col < size; col++)
    {
      guint piv = col;
      for (guint r = col + 1; r < size; r++)
        if (fabsl (a[r * size + col]) > fabsl (a[piv * size + col]))
          piv = r;
      if (fabsl (a[piv * size + col]) < 1e-300L)
        return FALSE;
      for (guint c = 0; c < size; c++)
        {
          long double t = a[col * size + c];
          a[col * size + c] = a[piv * size + c];
          a[piv * size + c] = t;
          t = inv[col * size + c];
          inv[col * size + c] = inv[piv * size + c];
          inv[piv * size + c] = t;
        }
      long double d = a[col * size + col];
      for (guint c = 0; c < size; c++)
        {
          a[col * size + c] /= d;
          inv[col * size + c] /= d;
        }
      for (guint r = 0; r < size; r++)
        if (r != col)
          {
            long double f = a[r * size + col];
            for (guint c = 0; c < size; c++)
              {
                a[r * size + c] -= f * a[col * size + c];
                inv[r * size + c] -= f * inv[col * size + c];
              }
          }
    }
  (void) perm;
  memcpy (a, inv, size * size * sizeof (long double));
  return TRUE;
}

typedef gboolean (*SingularFunc) (guint32 mask);

static Ref *
reference_bma (const Rows *rows, SingularFunc is_singular)
{
  const guint k = rows->k, n = rows->n;
  const guint w = k + 1;
  Ref *ref = g_new0 (Ref, 1);
  long double g[(KMAX + 1) * (KMAX + 1)] = { 0 };
  long double gy[KMAX + 1] = { 0 };
  long double ybar = 0, sst = 0;

  ref->k = k;
  ref->models = g_new0 (RefModel, (gsize) 1 << k);
  for (guint i = 0; i < n; i++)
    {
      long double v[KMAX + 1];
      v[0] = 1;
      for (guint j = 0; j < k; j++)
        v[1 + j] = rows->x[(gsize) i * k + j];
      for (guint a = 0; a < w; a++)
        {
          for (guint b = 0; b < w; b++)
            g[a * w + b] += v[a] * v[b];
          gy[a] += v[a] * rows->y[i];
        }
      ybar += rows->y[i];
    }
  ybar /= n;
  for (guint i = 0; i < n; i++)
    sst += (rows->y[i] - ybar) * (rows->y[i] - ybar);

  long double best = INFINITY;
  for (guint32 mask = 0; mask < (1u << k); mask++)
    {
      RefModel *model = &ref->models[mask];
      guint idx[KMAX + 1], m = 0;
      long double a[(KMAX + 1) * (KMAX + 1)], beta[KMAX + 1];

      if (is_singular != NULL && is_singular (mask))
        {
          model->singular = TRUE;
          continue;
        }
      idx[m++] = 0;
      for (guint j = 0; j < k; j++)
        if (mask & (1u << j))
          idx[m++] = 1 + j;
      for (guint r = 0; r < m; r++)
        for (guint c = 0; c < m; c++)
          a[r * m + c] = g[idx[r] * w + idx[c]];
      g_assert_true (gauss_jordan_invert (a, m));
      for (guint r = 0; r < m; r++)
        {
          beta[r] = 0;
          for (guint c = 0; c < m; c++)
            beta[r] += a[r * m + c] * gy[idx[c]];
        }
      long double rss = 0;
      for (guint i = 0; i < n; i++)
        {
          long double e = rows->y[i];
          for (guint r = 0; r < m; r++)
            e -= beta[r] * (r == 0 ? 1.0L : (long double) rows->x[(gsize) i * k + idx[r] - 1]);
          rss += e * e;
        }
      long double s2 = rss / (n - m);
      model->bic = n * logl (rss / n) + m * logl ((long double) n);
      model->r2 = 1 - rss / sst;
      for (guint r = 0; r < m; r++)
        {
          model->beta[idx[r]] = beta[r];
          model->var[idx[r]] = s2 * a[r * m + r];
        }
      best = MIN (best, model->bic);
    }

  long double total = 0;
  for (guint32 mask = 0; mask < (1u << k); mask++)
    if (!ref->models[mask].singular)
      total += expl (-0.5L * (ref->models[mask].bic - best));
  long double second[KMAX + 1] = { 0 }, first[KMAX + 1] = { 0 };
  for (guint32 mask = 0; mask < (1u << k); mask++)
    {
      RefModel *model = &ref->models[mask];
      if (model->singular)
        continue;
      model->p = expl (-0.5L * (model->bic - best)) / total;
      for (guint a = 0; a < w; a++)
        {
          first[a] += model->p * model->beta[a];
          second[a] += model->p * (model->var[a] + model->beta[a] * model->beta[a]);
          if (a > 0 && (mask & (1u << (a - 1))))
            ref->pip[a - 1] += model->p;
        }
    }
  ref->mean0 = first[0];
  ref->sd0 = sqrtl (second[0] - first[0] * first[0]);
  for (guint j = 0; j < k; j++)
    {
      ref->mean[j] = first[1 + j];
      ref->sd[j] = sqrtl (second[1 + j] - first[1 + j] * first[1 + j]);
    }
  return ref;
}

/* ---- checks ---- */

/* The largest share of its tolerance a difference has used. */
static double worst_share;

static void
assert_close (double got, long double want, double relative, double absolute, const char *what)
{
  double diff = fabs (got - (double) want);
  double allowed = relative * fabsl (want) + absolute;
  if (allowed > 0)
    worst_share = MAX (worst_share, diff / allowed);
  if (!(diff <= relative * fabsl (want) + absolute))
    g_error ("%s: %.17g where %.17Lg was expected (difference %.3g)", what, got, want, diff);
}

static void
assert_no_nan (const BkBmaResult *result)
{
  g_assert_false (isnan (result->intercept_mean) || isnan (result->intercept_sd));
  g_assert_false (isnan (result->test_r2_bma) || isnan (result->test_r2_best));
  for (guint j = 0; j < result->k; j++)
    {
      g_assert_true (isfinite (result->pip[j]) && isfinite (result->mean[j]) && isfinite (result->sd[j]));
      g_assert_cmpfloat (result->pip[j], >=, 0.0);
      g_assert_cmpfloat (result->pip[j], <=, 1.0);
    }
  for (guint i = 0; i < result->n_models; i++)
    {
      const BkBmaModel *model = &result->models[i];
      g_assert_true (isfinite (model->probability) && isfinite (model->r2) && isfinite (model->bic)
                     && isfinite (model->intercept));
      for (guint j = 0; j < result->k; j++)
        g_assert_true (isfinite (model->coef[j]));
    }
}

/* The BMA from the statistics against the reference from the rows. */
static void
assert_matches_reference (const BkBmaResult *result, const Ref *ref)
{
  const guint k = ref->k;
  char what[64];

  /* The top models, in order, are the reference's. */
  guint32 top[BK_BMA_TOP_MODELS];
  guint n_top = 0;
  for (guint32 mask = 0; mask < (1u << k); mask++)
    {
      if (ref->models[mask].singular)
        continue;
      guint i = MIN (n_top, BK_BMA_TOP_MODELS);
      if (i == BK_BMA_TOP_MODELS && ref->models[mask].bic >= ref->models[top[i - 1]].bic)
        continue;
      if (i == BK_BMA_TOP_MODELS)
        i--;
      while (i > 0 && ref->models[mask].bic < ref->models[top[i - 1]].bic)
        {
          top[i] = top[i - 1];
          i--;
        }
      top[i] = mask;
      n_top = MIN (n_top + 1, BK_BMA_TOP_MODELS);
    }
  g_assert_cmpuint (result->n_models, ==, n_top);
  for (guint i = 0; i < n_top; i++)
    {
      const BkBmaModel *got = &result->models[i];
      const RefModel *want;
      /* Equal models (a repeated feature) tie up to rounding, in
       * either order. */
      if (got->features != top[i])
        assert_close ((double) ref->models[got->features].bic, ref->models[top[i]].bic, 1e-12, 0,
                      "a model in the list out of order");
      want = &ref->models[got->features];
      g_assert_cmpuint (got->n_features, ==, (guint) __builtin_popcount (got->features));
      g_snprintf (what, sizeof what, "model %u BIC", i);
      assert_close (got->bic, want->bic, 1e-9, 0, what);
      g_snprintf (what, sizeof what, "model %u R²", i);
      assert_close (got->r2, want->r2, 1e-9, 1e-15, what);   /* the empty model: 0 */
      g_snprintf (what, sizeof what, "model %u p(M)", i);
      assert_close (got->probability, want->p, 0, 1e-6, what);
      g_snprintf (what, sizeof what, "model %u intercept", i);
      assert_close (got->intercept, want->beta[0], 1e-6, 1e-12, what);
      for (guint j = 0; j < k; j++)
        {
          g_snprintf (what, sizeof what, "model %u coefficient %u", i, j);
          assert_close (got->coef[j], want->beta[1 + j], 1e-6, 1e-12, what);
        }
    }
  for (guint j = 0; j < k; j++)
    {
      g_snprintf (what, sizeof what, "PIP %u", j);
      assert_close (result->pip[j], ref->pip[j], 0, 1e-6, what);
      g_snprintf (what, sizeof what, "mean %u", j);
      assert_close (result->mean[j], ref->mean[j], 1e-6, 1e-6 * (double) ref->sd[j], what);
      g_snprintf (what, sizeof what, "sd %u", j);
      assert_close (result->sd[j], ref->sd[j], 1e-6, 1e-15, what);
    }
  assert_close (result->intercept_mean, ref->mean0, 1e-6, 1e-6 * (double) ref->sd0, "intercept mean");
  assert_close (result->intercept_sd, ref->sd0, 1e-6, 0, "intercept sd");
}

static void
check_against_reference (guint k, guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (Rows) rows = random_rows (rand, n, k);
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;
  g_autoptr (BkBmaResult) result = bk_bma_fit (sum, NULL, k, &error);
  g_assert_no_error (error);
  g_autoptr (Ref) ref = reference_bma (rows, NULL);

  g_assert_cmpuint (result->k, ==, k);
  g_assert_cmpuint (result->n_train, ==, n);
  g_assert_cmpuint (result->n_excluded, ==, 0);
  g_assert_false (result->has_test_r2);
  assert_no_nan (result);
  worst_share = 0;
  assert_matches_reference (result, ref);
  g_test_message ("k = %u: best model %#x, p = %.4f, PIP[0] = %.4f, PIP[1] = %.4f; "
                  "the largest difference used %.2g of its tolerance",
                  k, result->models[0].features, result->models[0].probability,
                  result->pip[0], k > 1 ? result->pip[1] : 0.0, worst_share);
}

static void
test_matches_ols_k1 (void)
{
  check_against_reference (1, 25, 11);
}

static void
test_matches_ols_k5 (void)
{
  check_against_reference (5, 150, 12);
}

static void
test_matches_ols_k12 (void)
{
  check_against_reference (12, 300, 13);
}

/* ---- singular subsets ---- */

/* Feature 3 repeats feature 1; feature 4 is constant. */
static gboolean
singular_k5 (guint32 mask)
{
  return (mask & (1u << 4)) || ((mask & (1u << 1)) && (mask & (1u << 3)));
}

static void
test_singular_subsets_excluded (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (21);
  g_autoptr (Rows) rows = random_rows (rand, 120, 5);
  for (guint i = 0; i < rows->n; i++)
    {
      rows->x[i * 5 + 3] = rows->x[i * 5 + 1];
      rows->x[i * 5 + 4] = 0.1;
    }
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;
  g_autoptr (BkBmaResult) result = bk_bma_fit (sum, sum, 5, &error);
  g_assert_no_error (error);

  assert_no_nan (result);
  guint e = 0;
  for (guint32 mask = 0; mask < 32; mask++)
    if (singular_k5 (mask))
      {
        g_assert_cmpuint (e, <, result->n_excluded);
        g_assert_cmphex (result->excluded[e], ==, mask);
        e++;
      }
  g_assert_cmpuint (result->n_excluded, ==, e);
  g_assert_cmpfloat (result->pip[4], ==, 0.0);
  g_assert_cmpfloat (result->mean[4], ==, 0.0);
  g_assert_cmpfloat (result->sd[4], ==, 0.0);
  for (guint i = 0; i < result->n_models; i++)
    g_assert_false (singular_k5 (result->models[i].features));

  g_autoptr (Ref) ref = reference_bma (rows, singular_k5);
  assert_matches_reference (result, ref);
}

static void
test_every_feature_constant (void)
{
  g_autoptr (BkRegSum) sum = bk_reg_sum_new (3);
  BkRegRows acc;
  bk_reg_rows_init (&acc, 3);
  for (guint i = 0; i < 10; i++)
    {
      const double x[3] = { 1.0, 0.0, -7.25 };
      bk_reg_rows_add (&acc, x, i % 3);
    }
  bk_reg_sum_add_rows (sum, &acc);
  g_autoptr (GError) error = NULL;
  g_autoptr (BkBmaResult) result = bk_bma_fit (sum, NULL, 3, &error);
  g_assert_no_error (error);
  assert_no_nan (result);
  g_assert_cmpuint (result->n_models, ==, 1);
  g_assert_cmphex (result->models[0].features, ==, 0);
  g_assert_cmpfloat (result->models[0].probability, ==, 1.0);
  g_assert_cmpuint (result->n_excluded, ==, 7);
  g_assert_cmpfloat_with_epsilon (result->intercept_mean, 0.9, 1e-12);
}

static void
test_too_few_rows_is_an_error (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (31);
  g_autoptr (Rows) rows = random_rows (rand, 6, 5);
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;

  BkBmaResult *result = bk_bma_fit (sum, NULL, 5, &error);
  g_assert_null (result);
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "6"));
  g_clear_error (&error);

  g_autoptr (Rows) more = random_rows (rand, 7, 5);
  g_autoptr (BkRegSum) enough = sum_of_rows (more);
  g_autoptr (BkBmaResult) fitted = bk_bma_fit (enough, NULL, 5, &error);
  g_assert_no_error (error);
  assert_no_nan (fitted);
}

static void
test_constant_target_is_an_error (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (32);
  g_autoptr (Rows) rows = random_rows (rand, 30, 2);
  for (guint i = 0; i < rows->n; i++)
    rows->y[i] = 0.3;
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;
  g_assert_null (bk_bma_fit (sum, NULL, 2, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_wrong_k_is_an_error (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (33);
  g_autoptr (Rows) rows = random_rows (rand, 30, 2);
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;
  g_assert_null (bk_bma_fit (sum, NULL, 3, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

/* ---- test R² ---- */

static double
direct_r2 (const Rows *rows, double b0, const double *b)
{
  long double ybar = 0, sse = 0, sst = 0;

  for (guint i = 0; i < rows->n; i++)
    ybar += rows->y[i];
  ybar /= rows->n;
  for (guint i = 0; i < rows->n; i++)
    {
      long double e = rows->y[i] - b0;
      for (guint j = 0; j < rows->k; j++)
        e -= (long double) b[j] * rows->x[(gsize) i * rows->k + j];
      sse += e * e;
      sst += (rows->y[i] - ybar) * (rows->y[i] - ybar);
    }
  return (double) (1 - sse / sst);
}

static void
test_test_r2 (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (41);
  g_autoptr (Rows) train_rows = random_rows (rand, 200, 4);
  g_autoptr (Rows) test_rows = random_rows (rand, 80, 4);
  g_autoptr (BkRegSum) train = sum_of_rows (train_rows);
  g_autoptr (BkRegSum) test = sum_of_rows (test_rows);
  g_autoptr (GError) error = NULL;

  g_autoptr (BkBmaResult) result = bk_bma_fit (train, test, 4, &error);
  g_assert_no_error (error);
  g_assert_true (result->has_test_r2);
  g_assert_cmpuint (result->n_test, ==, 80);
  assert_close (result->test_r2_bma, direct_r2 (test_rows, result->intercept_mean, result->mean),
                1e-9, 1e-12, "test R² of the BMA");
  assert_close (result->test_r2_best,
                direct_r2 (test_rows, result->models[0].intercept, result->models[0].coef),
                1e-9, 1e-12, "test R² of the best model");

  /* Known answers: the training rows as test rows give the best model
   * its training R²; rows on the BMA's prediction give 1. */
  g_autoptr (BkBmaResult) same = bk_bma_fit (train, train, 4, &error);
  g_assert_no_error (error);
  assert_close (same->test_r2_best, same->models[0].r2, 1e-9, 0, "best model on its training rows");
  for (guint i = 0; i < test_rows->n; i++)
    {
      double y = result->intercept_mean;
      for (guint j = 0; j < 4; j++)
        y += result->mean[j] * test_rows->x[i * 4 + j];
      test_rows->y[i] = y;
    }
  g_autoptr (BkRegSum) exact = sum_of_rows (test_rows);
  g_autoptr (BkBmaResult) perfect = bk_bma_fit (train, exact, 4, &error);
  g_assert_no_error (error);
  g_assert_true (perfect->has_test_r2);
  assert_close (perfect->test_r2_bma, 1.0, 1e-9, 0, "test R² of a perfect prediction");
  g_assert_cmpfloat (perfect->test_r2_best, <, 1.0);

  /* No test rows: no test R², and nothing that is not a number. */
  g_autoptr (BkRegSum) empty = bk_reg_sum_new (4);
  g_autoptr (BkBmaResult) none = bk_bma_fit (train, empty, 4, &error);
  g_assert_no_error (error);
  g_assert_false (none->has_test_r2);
  assert_no_nan (none);
}

/* ---- BkRegSum: order, splits, merges ---- */

typedef struct {
  guint k;
  GArray *symbols;             /* BkRegRows */
} Universe;

static void
universe_free (Universe *universe)
{
  g_array_unref (universe->symbols);
  g_free (universe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Universe, universe_free)

/* Symbols of very different scales, so that the order of plain double
 * sums would show in the last bits. */
static Universe *
random_universe (GRand *rand, guint k, guint n_symbols)
{
  Universe *universe = g_new0 (Universe, 1);
  universe->k = k;
  universe->symbols = g_array_sized_new (FALSE, FALSE, sizeof (BkRegRows), n_symbols);
  for (guint s = 0; s < n_symbols; s++)
    {
      BkRegRows acc;
      double scale = pow (10.0, g_rand_double_range (rand, -4, 8));
      bk_reg_rows_init (&acc, k);
      guint n = g_rand_int_range (rand, 0, 40);
      for (guint i = 0; i < n; i++)
        {
          double x[KMAX];
          for (guint j = 0; j < k; j++)
            x[j] = scale * (normal (rand) + j);
          bk_reg_rows_add (&acc, x, scale * normal (rand) - 0.5);
        }
      g_array_append_val (universe->symbols, acc);
    }
  return universe;
}

static BkRegSum *
sum_in_order (const Universe *universe, const guint *order)
{
  BkRegSum *sum = bk_reg_sum_new (universe->k);
  for (guint s = 0; s < universe->symbols->len; s++)
    bk_reg_sum_add_rows (sum, &g_array_index (universe->symbols, BkRegRows, order != NULL ? order[s] : s));
  return sum;
}

static void
shuffle (GRand *rand, guint *order, guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
}

static void
test_sum_order_independent (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (51);
  g_autoptr (Universe) universe = random_universe (rand, 6, 200);
  g_autoptr (BkRegSum) reference = sum_in_order (universe, NULL);
  g_autofree char *reference_text = bk_reg_sum_to_text (reference);
  g_autofree guint *order = g_new (guint, 200);
  gboolean naive_differs = FALSE;

  for (guint s = 0; s < 200; s++)
    order[s] = s;
  for (guint round = 0; round < 20; round++)
    {
      shuffle (rand, order, 200);
      g_autoptr (BkRegSum) sum = sum_in_order (universe, order);
      g_assert_true (bk_reg_sum_equal (sum, reference));
      g_autofree char *text = bk_reg_sum_to_text (sum);
      g_assert_cmpstr (text, ==, reference_text);

      /* The same sums added as plain doubles do depend on the order. */
      double naive = 0, naive_ref = 0;
      for (guint s = 0; s < 200; s++)
        {
          naive += g_array_index (universe->symbols, BkRegRows, order[s]).xtx[3];
          naive_ref += g_array_index (universe->symbols, BkRegRows, s).xtx[3];
        }
      naive_differs |= naive != naive_ref;
    }
  g_assert_true (naive_differs);
  g_assert_cmpuint (bk_reg_sum_get_n (reference), >, 0);
}

static void
test_sum_split_merge_identical (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (52);
  g_autoptr (Universe) universe = random_universe (rand, 7, 150);
  g_autoptr (BkRegSum) reference = sum_in_order (universe, NULL);
  g_autofree guint *order = g_new (guint, 150);

  for (guint s = 0; s < 150; s++)
    order[s] = s;
  for (guint round = 0; round < 20; round++)
    {
      guint n_parts = g_rand_int_range (rand, 1, 8);
      BkRegSum *parts[8];
      shuffle (rand, order, 150);
      for (guint p = 0; p < n_parts; p++)
        parts[p] = bk_reg_sum_new (7);
      for (guint s = 0; s < 150; s++)
        bk_reg_sum_add_rows (parts[g_rand_int_range (rand, 0, n_parts)],
                             &g_array_index (universe->symbols, BkRegRows, order[s]));

      /* Merged in a random order, some parts first merged into others. */
      g_autoptr (BkRegSum) merged = bk_reg_sum_new (7);
      guint part_order[8];
      for (guint p = 0; p < n_parts; p++)
        part_order[p] = p;
      shuffle (rand, part_order, n_parts);
      for (guint p = 1; p < n_parts; p += 2)
        bk_reg_sum_merge (parts[part_order[p]], parts[part_order[p - 1]]);
      for (guint p = 1; p < n_parts; p += 2)
        bk_reg_sum_merge (merged, parts[part_order[p]]);
      if (n_parts % 2 == 1)
        bk_reg_sum_merge (merged, parts[part_order[n_parts - 1]]);
      g_assert_true (bk_reg_sum_equal (merged, reference));

      g_autoptr (GError) error = NULL;
      g_autoptr (BkBmaResult) a = bk_bma_fit (merged, NULL, 7, &error);
      g_assert_no_error (error);
      g_autoptr (BkBmaResult) b = bk_bma_fit (reference, NULL, 7, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (a->pip, sizeof a->pip, b->pip, sizeof b->pip);
      g_assert_cmpmem (a->mean, sizeof a->mean, b->mean, sizeof b->mean);
      g_assert_cmpmem (a->sd, sizeof a->sd, b->sd, sizeof b->sd);
      g_assert_cmpmem (a->models, sizeof a->models, b->models, sizeof b->models);
      for (guint p = 0; p < n_parts; p++)
        bk_reg_sum_free (parts[p]);
    }
}

/* ---- text ---- */

static void
test_text_round_trip (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (61);
  g_autoptr (Universe) universe = random_universe (rand, 5, 120);
  g_autoptr (GError) error = NULL;

  /* Three shards written and read back merge to the one-process sum. */
  g_autoptr (BkRegSum) whole = sum_in_order (universe, NULL);
  g_autoptr (BkRegSum) merged = bk_reg_sum_new (5);
  for (guint shard = 0; shard < 3; shard++)
    {
      g_autoptr (BkRegSum) part = bk_reg_sum_new (5);
      for (guint s = shard; s < 120; s += 3)
        bk_reg_sum_add_rows (part, &g_array_index (universe->symbols, BkRegRows, s));
      g_autofree char *text = bk_reg_sum_to_text (part);
      g_autoptr (BkRegSum) back = bk_reg_sum_from_text (text, 5, "shard.stats", 4, &error);
      g_assert_no_error (error);
      g_assert_true (bk_reg_sum_equal (back, part));
      g_autofree char *again = bk_reg_sum_to_text (back);
      g_assert_cmpstr (again, ==, text);
      bk_reg_sum_merge (merged, back);
    }
  g_assert_true (bk_reg_sum_equal (merged, whole));
  g_autofree char *merged_text = bk_reg_sum_to_text (merged);
  g_autofree char *whole_text = bk_reg_sum_to_text (whole);
  g_assert_cmpstr (merged_text, ==, whole_text);

  /* Zero, negative zero, and values past the range of a square. */
  g_autoptr (BkRegSum) odd = bk_reg_sum_new (2);
  BkRegRows acc;
  bk_reg_rows_init (&acc, 2);
  const double x1[2] = { -0.0, 1e200 };
  bk_reg_rows_add (&acc, x1, -0.0);
  bk_reg_sum_add_rows (odd, &acc);
  g_autofree char *odd_text = bk_reg_sum_to_text (odd);
  g_autoptr (BkRegSum) odd_back = bk_reg_sum_from_text (odd_text, 2, "odd.stats", 1, &error);
  g_assert_no_error (error);
  g_assert_true (bk_reg_sum_equal (odd_back, odd));
  g_assert_true (isinf (bk_reg_sum_get_xtx (odd_back, 1, 1)));

  /* Sums of large finite values past the largest double, exactly. */
  g_autoptr (BkRegSum) big = bk_reg_sum_new (1);
  for (guint i = 0; i < 3; i++)
    {
      bk_reg_rows_init (&acc, 1);
      const double x[1] = { 1e154 };
      bk_reg_rows_add (&acc, x, i == 2 ? -1.7e308 : 1.7e308);
      bk_reg_sum_add_rows (big, &acc);
    }
  g_autofree char *big_text = bk_reg_sum_to_text (big);
  g_autoptr (BkRegSum) big_back = bk_reg_sum_from_text (big_text, 1, "big.stats", 1, &error);
  g_assert_no_error (error);
  g_assert_true (bk_reg_sum_equal (big_back, big));
  g_assert_cmpfloat (bk_reg_sum_get_sum_y (big_back), ==, 1.7e308);
}

static char *
sample_text (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (62);
  g_autoptr (Universe) universe = random_universe (rand, 3, 10);
  g_autoptr (BkRegSum) sum = sum_in_order (universe, NULL);
  return bk_reg_sum_to_text (sum);
}

static void
assert_error_at (const char *text, guint k, int code, const char *where)
{
  g_autoptr (GError) error = NULL;
  BkRegSum *sum = bk_reg_sum_from_text (text, k, "part.stats", 10, &error);

  g_assert_null (sum);
  g_assert_error (error, BK_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, where))
    g_error ("'%s' does not start with '%s'", error->message, where);
  g_assert_null (strchr (error->message, '\n'));
}

/* Lines of the sample, from 10: k, n, sum_x 0..2, sum_y, xtx (6 lines, 16
 * to 21), xty 0..2 (22 to 24), yty 25, end 26. */
static void
test_text_errors (void)
{
  g_autofree char *text = sample_text ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 18);   /* 17 lines and "" */
  g_assert_true (g_str_has_prefix (lines[6], "xtx 0 0 "));
  g_assert_cmpstr (lines[16], ==, "end");

  assert_error_at (text, 4, BK_ERROR_INVALID, "part.stats:10:3: ");

  /* A corrupted number: in xtx 1 0, the value starts at column 9. */
  g_auto (GStrv) corrupt = g_strdupv (lines);
  g_free (corrupt[7]);
  corrupt[7] = g_strdup ("xtx 1 0 0x1.8p+3q");
  g_autofree char *corrupt_text = g_strjoinv ("\n", corrupt);
  assert_error_at (corrupt_text, 3, BK_ERROR_PARSE, "part.stats:17:9: ");

  /* Lines out of order. */
  g_auto (GStrv) swapped = g_strdupv (lines);
  char *t = swapped[7];
  swapped[7] = swapped[8];
  swapped[8] = t;
  g_autofree char *swapped_text = g_strjoinv ("\n", swapped);
  assert_error_at (swapped_text, 3, BK_ERROR_PARSE, "part.stats:17:7: ");

  /* Truncated after a line, within a line, within the last number. */
  gsize cut = strstr (text, "xty 1") - text;
  g_autofree char *after_line = g_strndup (text, cut);
  assert_error_at (after_line, 3, BK_ERROR_PARSE, "part.stats:23:1: ");
  g_autofree char *within_line = g_strndup (text, cut + 4);
  assert_error_at (within_line, 3, BK_ERROR_PARSE, "part.stats:23:5: ");
  g_autofree char *no_end = g_strndup (text, strstr (text, "\nend") - text);
  assert_error_at (no_end, 3, BK_ERROR_PARSE, "part.stats:26:1: ");
  /* (The shortened number may still read as a number: then the missing
   * "end" says it.) */
  g_autofree char *in_last = g_strndup (text, strstr (text, "\nend") - text - 2);
  assert_error_at (in_last, 3, BK_ERROR_PARSE, "part.stats:2");
  assert_error_at ("", 3, BK_ERROR_PARSE, "part.stats:10:1: ");

  /* Something after the end. */
  g_autofree char *extra = g_strconcat (text, "\nxtx 0 0 0x1p+0\n", NULL);
  assert_error_at (extra, 3, BK_ERROR_PARSE, "part.stats:28:1: ");

  /* A bad count of rows. */
  g_auto (GStrv) bad_n = g_strdupv (lines);
  g_free (bad_n[1]);
  bad_n[1] = g_strdup ("n -4");
  g_autofree char *bad_n_text = g_strjoinv ("\n", bad_n);
  assert_error_at (bad_n_text, 3, BK_ERROR_PARSE, "part.stats:11:3: ");
}

/* ---- speed: `test-bma --bench`, a measurement, not a test (bench.sh) ---- */

static void
bench_k20 (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (71);
  g_autoptr (Rows) rows = random_rows (rand, 2000, 20);
  g_autoptr (BkRegSum) sum = sum_of_rows (rows);
  g_autoptr (GError) error = NULL;

  gint64 start = g_get_monotonic_time ();
  g_autoptr (BkBmaResult) result = bk_bma_fit (sum, sum, 20, &error);
  gint64 elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  assert_no_nan (result);
  printf ("bk_bma_fit, k = 20 (1,048,576 models): %.3f s\n", elapsed / 1e6);

  /* Half the models singular: feature 7 constant. */
  for (guint i = 0; i < rows->n; i++)
    rows->x[(gsize) i * 20 + 7] = 0.25;
  g_autoptr (BkRegSum) constant = sum_of_rows (rows);
  start = g_get_monotonic_time ();
  g_autoptr (BkBmaResult) half = bk_bma_fit (constant, NULL, 20, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  assert_no_nan (half);
  g_assert_cmpuint (half->n_excluded, ==, 1u << 19);
  printf ("bk_bma_fit, k = 20, feature 7 constant (524,288 excluded): %.3f s\n", elapsed / 1e6);
}

int
main (int argc, char **argv)
{
  if (argc == 2 && g_str_equal (argv[1], "--bench"))
    {
      for (int run = 0; run < 3; run++)
        bench_k20 ();
      return 0;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bma/matches-ols/k1", test_matches_ols_k1);
  g_test_add_func ("/bma/matches-ols/k5", test_matches_ols_k5);
  g_test_add_func ("/bma/matches-ols/k12", test_matches_ols_k12);
  g_test_add_func ("/bma/singular-subsets-excluded", test_singular_subsets_excluded);
  g_test_add_func ("/bma/every-feature-constant", test_every_feature_constant);
  g_test_add_func ("/bma/too-few-rows-is-an-error", test_too_few_rows_is_an_error);
  g_test_add_func ("/bma/constant-target-is-an-error", test_constant_target_is_an_error);
  g_test_add_func ("/bma/wrong-k-is-an-error", test_wrong_k_is_an_error);
  g_test_add_func ("/bma/test-r2", test_test_r2);
  g_test_add_func ("/regstats/order-independent", test_sum_order_independent);
  g_test_add_func ("/regstats/split-merge-identical", test_sum_split_merge_identical);
  g_test_add_func ("/regstats/text-round-trip", test_text_round_trip);
  g_test_add_func ("/regstats/text-errors", test_text_errors);

  return g_test_run ();
}
