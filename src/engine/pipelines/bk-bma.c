/* bk-bma.c — Bayesian model averaging over every subset of the features.
 *
 * The normal equations are centred on the training means and scaled to a
 * unit diagonal (the correlation matrix S, and the target's correlations
 * with the features), which keeps 2^k fits of very different columns in
 * one well-scaled problem.
 *
 * Subsets are enumerated depth first, each model being its parent plus
 * one feature g of higher index, and each depth keeps what its children
 * need (a sweep of S, one pivot per level): for the candidates f, h > g,
 * the residual covariances R_fh and R_fy of f given the model M, and the
 * regressions B_·f = S_M⁻¹ S_Mf of f on M.  With e = R_gg the part of g
 * not explained by M and t = R_gy / e, the child M + g has
 *   RSS/SST = RSS_M/SST − R_gy t,
 *   β = (β_M − B_·g t, t),
 *   diag(S⁻¹) = (diag(S_M⁻¹) + B_·g² / e, 1 / e),
 *   ū'S⁻¹ū = ū_M'S_M⁻¹ū_M + (ū_g − B_·g·ū_M)² / e  (ū the scaled means,
 *     for the intercept's variance),
 * in O(m); its own children's R and B cost O((k − g)² + m(k − g)), which
 * over the whole tree is about k·2^k products, not k²·2^k as with a
 * factorization per model.  A pivot e at or below a relative tolerance
 * makes the model singular: p(M) = 0, and so for its whole subtree (a
 * superset of a singular subset is singular).
 *
 * Three passes over the same enumeration, in the same order, so that the
 * sums are deterministic: BICs (kept per model, 8 bytes each) and the
 * best models; then, with log Z from a log-sum-exp over the kept BICs,
 * PIP and posterior means; then posterior variances around those means
 * (Σ p(M)·(Var_M + (β_{M,j} − β̄_j)²): no cancellation). */
#include "bk-bma.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"

/* Relative pivot tolerance in the scaled normal equations: the part of a
 * feature not explained by the model's others must keep more than this
 * share of its variance; the same share of a feature's uncentred sum of
 * squares marks it as constant. */
#define PIVOT_TOLERANCE 1e-10

#define K_MAX BK_REG_MAX_FEATURES

typedef struct _Fit Fit;

/* One model of the enumeration, in scaled units, features by position. */
typedef struct {
  guint32 mask;
  guint m;
  const guint *feat;           /* [m] feature indices, increasing */
  double rss;                  /* RSS / SST */
  const double *beta;          /* [m] scaled coefficients */
  const double *dinv;          /* [m] diagonal of S⁻¹ */
  double w2;                   /* ū'S⁻¹ū */
} Model;

typedef void (*VisitFunc) (Fit *fit, const Model *model);

struct _Fit {
  guint k;
  double n;
  double log_n;
  double log_sst_per_n;        /* ln(SST / n) */
  double sst;
  double ybar;
  double xbar[K_MAX];
  double scale[K_MAX];         /* sqrt of the centred sum of squares */
  double beta_scale[K_MAX];    /* sqrt(SST) / scale: scaled β to the feature's units */
  double u[K_MAX];             /* xbar / scale */
  gboolean constant[K_MAX];
  double s[K_MAX][K_MAX];      /* scaled centred X'X */
  double sy[K_MAX];            /* scaled centred X'y */

  /* The enumeration's state, by depth m (number of features); at depth m
   * only the candidates after the model's last feature are kept. */
  guint feat[K_MAX];
  double r[K_MAX + 1][K_MAX][K_MAX];   /* R_fh, f ≤ h (upper triangle) */
  double ry[K_MAX + 1][K_MAX];         /* R_fy */
  double b[K_MAX + 1][K_MAX][K_MAX];   /* B_if, i a position in the model */
  double rss[K_MAX + 1];
  double beta[K_MAX + 1][K_MAX];
  double dinv[K_MAX + 1][K_MAX];
  double w2[K_MAX + 1];

  VisitFunc visit;

  guint64 visited;             /* models visited so far in this pass */

  /* Pass 1 */
  double *bic;                 /* in the order of the enumeration (read back in it) */
  guint8 *excluded;            /* by mask */
  BkBmaResult *result;

  /* Passes 2 and 3 */
  double log_z;
  double pip[K_MAX];
  double mean[K_MAX];
  double mean0;
  double var[K_MAX];
  double var0;
};

static double
model_bic (const Fit *fit, const Model *model)
{
  return fit->n * (fit->log_sst_per_n + log (model->rss)) + (model->m + 1) * fit->log_n;
}

/* The model of depth m + 1 that adds feature g to the one of depth m;
 * FALSE when that is singular. */
static gboolean
add_feature (Fit *fit, guint m, guint g)
{
  if (fit->constant[g])
    return FALSE;
  const double e = fit->r[m][g][g];
  if (!(e > PIVOT_TOLERANCE))
    return FALSE;

  const double t = fit->ry[m][g] / e;
  double cu = fit->u[g];
  fit->feat[m] = g;
  /* RSS/SST is at least 0; a model that fits exactly, up to rounding,
   * keeps a tiny positive residual so that its BIC stays finite. */
  fit->rss[m + 1] = MAX (fit->rss[m] - fit->ry[m][g] * t, DBL_EPSILON * DBL_EPSILON);
  for (guint i = 0; i < m; i++)
    {
      const double big = fit->b[m][i][g];
      fit->beta[m + 1][i] = fit->beta[m][i] - big * t;
      fit->dinv[m + 1][i] = fit->dinv[m][i] + big * big / e;
      cu -= big * fit->u[fit->feat[i]];
    }
  fit->beta[m + 1][m] = t;
  fit->dinv[m + 1][m] = 1.0 / e;
  fit->w2[m + 1] = fit->w2[m] + cu * cu / e;
  return TRUE;
}

/* Sweeps pivot g (the model's last feature, at position m) out of the
 * candidates after it: depth m + 1's R, R_·y and B from depth m's. */
static void
sweep_candidates (Fit *fit, guint m, guint g)
{
  const guint k = fit->k;
  const double e = fit->r[m][g][g];
  const double *rg = fit->r[m][g];
  double ratio[K_MAX];

  for (guint f = g + 1; f < k; f++)
    ratio[f] = rg[f] / e;
  for (guint f = g + 1; f < k; f++)
    {
      const double *src = fit->r[m][f];
      double *dst = fit->r[m + 1][f];
      const double rgf = rg[f];
      for (guint h = f; h < k; h++)
        dst[h] = src[h] - rgf * ratio[h];
      fit->ry[m + 1][f] = fit->ry[m][f] - ratio[f] * fit->ry[m][g];
    }
  for (guint i = 0; i < m; i++)
    {
      const double *src = fit->b[m][i];
      double *dst = fit->b[m + 1][i];
      const double big = src[g];
      for (guint f = g + 1; f < k; f++)
        dst[f] = src[f] - big * ratio[f];
    }
  for (guint f = g + 1; f < k; f++)
    fit->b[m + 1][m][f] = ratio[f];
}

static void
visit_depth (Fit *fit, guint m, guint32 mask)
{
  Model model = {
    .mask = mask,
    .m = m,
    .feat = fit->feat,
    .rss = fit->rss[m],
    .beta = fit->beta[m],
    .dinv = fit->dinv[m],
    .w2 = fit->w2[m],
  };
  fit->visit (fit, &model);
  fit->visited++;
}

/* Marks mask (whose highest feature is g) and its supersets by higher
 * features. */
static void
mark_excluded (Fit *fit, guint32 mask, guint g)
{
  guint32 high = ((1u << fit->k) - 1) & ~((2u << g) - 1);
  guint32 t = 0;

  do
    {
      fit->excluded[mask | t] = 1;
      t = (t - high) & high;
    }
  while (t != 0);
}

static void
enumerate_from (Fit *fit, guint m, guint first, guint32 mask)
{
  for (guint g = first; g < fit->k; g++)
    {
      guint32 child = mask | (1u << g);
      if (!add_feature (fit, m, g))
        {
          if (fit->excluded != NULL)
            mark_excluded (fit, child, g);
          continue;
        }
      visit_depth (fit, m + 1, child);
      if (g + 1 < fit->k)
        {
          sweep_candidates (fit, m, g);
          enumerate_from (fit, m + 1, g + 1, child);
        }
    }
}

static void
enumerate (Fit *fit, VisitFunc visit)
{
  fit->visit = visit;
  fit->visited = 0;
  fit->rss[0] = 1.0;
  fit->w2[0] = 0.0;
  for (guint f = 0; f < fit->k; f++)
    {
      for (guint h = f; h < fit->k; h++)
        fit->r[0][f][h] = fit->s[f][h];
      fit->ry[0][f] = fit->sy[f];
    }
  visit_depth (fit, 0, 0);
  enumerate_from (fit, 0, 0, 0);
}

/* ---- pass 1: BICs, the best models ---- */

static gboolean
model_before (const BkBmaModel *a, const BkBmaModel *b)
{
  if (a->bic != b->bic)
    return a->bic < b->bic;
  if (a->n_features != b->n_features)
    return a->n_features < b->n_features;
  return a->features < b->features;
}

static void
visit_bic (Fit *fit, const Model *model)
{
  BkBmaResult *result = fit->result;
  BkBmaModel candidate = {
    .features = model->mask,
    .n_features = model->m,
    .r2 = 1.0 - model->rss,
    .bic = model_bic (fit, model),
  };

  fit->bic[fit->visited] = candidate.bic;
  if (result->n_models == BK_BMA_TOP_MODELS
      && !model_before (&candidate, &result->models[BK_BMA_TOP_MODELS - 1]))
    return;
  guint i = MIN (result->n_models, BK_BMA_TOP_MODELS - 1);
  while (i > 0 && model_before (&candidate, &result->models[i - 1]))
    {
      result->models[i] = result->models[i - 1];
      i--;
    }
  result->models[i] = candidate;
  result->n_models = MIN (result->n_models + 1, BK_BMA_TOP_MODELS);
}

/* ---- passes 2 and 3: posterior moments ---- */

typedef struct {
  double bic;
  double p;
  double beta[K_MAX];          /* by position, the features' own units */
  double var[K_MAX];
  double beta0;
  double var0;
} Moments;

static void
model_moments (const Fit *fit, const Model *model, Moments *out)
{
  double rss = fit->sst * model->rss;
  double s2 = rss / (fit->n - model->m - 1);

  out->bic = fit->bic[fit->visited];
  out->p = exp (-0.5 * out->bic - fit->log_z);
  out->beta0 = fit->ybar;
  for (guint q = 0; q < model->m; q++)
    {
      guint j = model->feat[q];
      out->beta[q] = model->beta[q] * fit->beta_scale[j];
      out->var[q] = s2 / fit->sst * model->dinv[q] * (fit->beta_scale[j] * fit->beta_scale[j]);
      out->beta0 -= out->beta[q] * fit->xbar[j];
    }
  out->var0 = s2 * (1.0 / fit->n + model->w2);
}

static void
record_coefficients (Fit *fit, const Model *model, const Moments *moments)
{
  BkBmaResult *result = fit->result;

  for (guint i = 0; i < result->n_models; i++)
    if (result->models[i].features == model->mask)
      {
        BkBmaModel *best = &result->models[i];
        best->intercept = moments->beta0;
        for (guint q = 0; q < model->m; q++)
          best->coef[model->feat[q]] = moments->beta[q];
      }
}

static void
visit_mean (Fit *fit, const Model *model)
{
  Moments moments;

  model_moments (fit, model, &moments);
  for (guint q = 0; q < model->m; q++)
    {
      guint j = model->feat[q];
      fit->pip[j] += moments.p;
      fit->mean[j] += moments.p * moments.beta[q];
    }
  fit->mean0 += moments.p * moments.beta0;
  if (moments.bic <= fit->result->models[fit->result->n_models - 1].bic)
    record_coefficients (fit, model, &moments);
}

static void
visit_variance (Fit *fit, const Model *model)
{
  Moments moments;

  model_moments (fit, model, &moments);
  for (guint q = 0; q < model->m; q++)
    {
      guint j = model->feat[q];
      double dev = moments.beta[q] - fit->mean[j];
      fit->var[j] += moments.p * (moments.var[q] + dev * dev);
    }
  double dev0 = moments.beta0 - fit->mean0;
  fit->var0 += moments.p * (moments.var0 + dev0 * dev0);
}

/* ---- set-up and test R² ---- */

static gboolean
sums_are_finite (const BkRegSum *sum, guint k)
{
  if (!isfinite (bk_reg_sum_get_sum_y (sum)) || !isfinite (bk_reg_sum_get_yty (sum)))
    return FALSE;
  for (guint i = 0; i < k; i++)
    {
      if (!isfinite (bk_reg_sum_get_sum_x (sum, i)) || !isfinite (bk_reg_sum_get_xty (sum, i)))
        return FALSE;
      for (guint j = 0; j <= i; j++)
        if (!isfinite (bk_reg_sum_get_xtx (sum, i, j)))
          return FALSE;
    }
  return TRUE;
}

/* Centred moments, in long double where the centring cancels. */
typedef struct {
  double n;
  double xbar[K_MAX];
  double ybar;
  double cxx[K_MAX][K_MAX];
  double cxy[K_MAX];
  double cyy;
} Centred;

static void
centre (const BkRegSum *sum, guint k, Centred *c)
{
  long double n = (long double) bk_reg_sum_get_n (sum);
  long double sx[K_MAX];
  long double sy = bk_reg_sum_get_sum_y (sum);

  memset (c, 0, sizeof *c);
  c->n = (double) n;
  if (n == 0)
    return;
  for (guint i = 0; i < k; i++)
    {
      sx[i] = bk_reg_sum_get_sum_x (sum, i);
      c->xbar[i] = (double) (sx[i] / n);
    }
  c->ybar = (double) (sy / n);
  for (guint i = 0; i < k; i++)
    {
      for (guint j = 0; j <= i; j++)
        {
          long double v = bk_reg_sum_get_xtx (sum, i, j) - sx[i] * sx[j] / n;
          c->cxx[i][j] = c->cxx[j][i] = (double) v;
        }
      c->cxy[i] = (double) (bk_reg_sum_get_xty (sum, i) - sx[i] * sy / n);
    }
  c->cyy = (double) (bk_reg_sum_get_yty (sum) - sy * sy / n);
}

/* R² on the test sums of ŷ = b0 + b·x: SSE = y'y − 2b'X'y + b'X'Xb with
 * the intercept in b and X, written around the test means (the same sum,
 * without its cancellation), SST around the test mean. */
static gboolean
test_r2 (const Centred *t, guint k, double b0, const double *b, double *r2)
{
  if (t->n < 1 || !(t->cyy > 0))
    return FALSE;

  long double bias = t->ybar - b0;
  long double sse = t->cyy;
  for (guint i = 0; i < k; i++)
    {
      bias -= (long double) b[i] * t->xbar[i];
      sse -= 2.0L * b[i] * t->cxy[i];
      for (guint j = 0; j < k; j++)
        sse += (long double) b[i] * b[j] * t->cxx[i][j];
    }
  sse += t->n * bias * bias;
  *r2 = (double) (1.0L - sse / t->cyy);
  return isfinite (*r2);
}

void
bk_bma_result_free (BkBmaResult *result)
{
  if (result == NULL)
    return;
  g_free (result->excluded);
  g_free (result);
}

BkBmaResult *
bk_bma_fit (const BkRegSum *train, const BkRegSum *test, guint k, GError **error)
{
  g_return_val_if_fail (train != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (k < 1 || k > BK_REG_MAX_FEATURES)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   _("%u features: a model has 1 to %u"), k, BK_REG_MAX_FEATURES);
      return NULL;
    }
  if (bk_reg_sum_get_k (train) != k || (test != NULL && bk_reg_sum_get_k (test) != k))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   _("statistics of %u features for a model of %u"),
                   bk_reg_sum_get_k (bk_reg_sum_get_k (train) != k ? train : test), k);
      return NULL;
    }
  guint64 n = bk_reg_sum_get_n (train);
  if (n < (guint64) k + 2)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   _("%llu training rows for %u features: at least %u are needed"),
                   (unsigned long long) n, k, k + 2);
      return NULL;
    }
  if (!sums_are_finite (train, k) || (test != NULL && !sums_are_finite (test, k)))
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID,
                           _("the statistics are not finite (a value too large to square)"));
      return NULL;
    }

  Centred c;
  centre (train, k, &c);
  double yty = bk_reg_sum_get_yty (train);
  if (!(c.cyy > PIVOT_TOLERANCE * yty))
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID,
                           _("the target is constant in the training rows"));
      return NULL;
    }

  g_autofree Fit *fit = g_new0 (Fit, 1);
  fit->k = k;
  fit->n = c.n;
  fit->log_n = log (c.n);
  fit->sst = c.cyy;
  fit->log_sst_per_n = log (c.cyy / c.n);
  fit->ybar = c.ybar;
  double sy_scale = sqrt (c.cyy);
  for (guint j = 0; j < k; j++)
    {
      double raw = bk_reg_sum_get_xtx (train, j, j);
      fit->xbar[j] = c.xbar[j];
      fit->constant[j] = !(c.cxx[j][j] > PIVOT_TOLERANCE * raw);
      fit->scale[j] = fit->constant[j] ? 1.0 : sqrt (c.cxx[j][j]);
      fit->u[j] = c.xbar[j] / fit->scale[j];
      fit->beta_scale[j] = sy_scale / fit->scale[j];
    }
  for (guint i = 0; i < k; i++)
    {
      for (guint j = 0; j < k; j++)
        fit->s[i][j] = i == j ? 1.0 : c.cxx[i][j] / (fit->scale[i] * fit->scale[j]);
      fit->sy[i] = c.cxy[i] / (fit->scale[i] * sy_scale);
    }

  gsize n_masks = (gsize) 1 << k;
  g_autofree double *bic = g_new (double, n_masks);
  g_autofree guint8 *excluded = g_new0 (guint8, n_masks);
  BkBmaResult *result = g_new0 (BkBmaResult, 1);
  result->k = k;
  result->n_train = n;
  fit->result = result;
  fit->bic = bic;
  fit->excluded = excluded;

  enumerate (fit, visit_bic);
  fit->excluded = NULL;        /* marked once */

  /* log Z by log-sum-exp over −BIC/2, in the order of the enumeration. */
  double best = result->models[0].bic;
  double total = 0.0;
  guint64 n_fitted = fit->visited;
  for (guint64 i = 0; i < n_fitted; i++)
    total += exp (-0.5 * (bic[i] - best));
  for (gsize mask = 0; mask < n_masks; mask++)
    result->n_excluded += excluded[mask];
  fit->log_z = -0.5 * best + log (total);
  for (guint i = 0; i < result->n_models; i++)
    result->models[i].probability = exp (-0.5 * result->models[i].bic - fit->log_z);

  result->excluded = g_new (guint32, result->n_excluded);   /* NULL for none */
  guint e = 0;
  for (gsize mask = 0; mask < n_masks; mask++)
    if (excluded[mask])
      result->excluded[e++] = (guint32) mask;

  enumerate (fit, visit_mean);
  enumerate (fit, visit_variance);

  for (guint j = 0; j < k; j++)
    {
      /* Models without feature j have β_j = 0 and no variance. */
      double out = MAX (1.0 - fit->pip[j], 0.0);
      fit->var[j] += out * fit->mean[j] * fit->mean[j];
      result->pip[j] = MIN (fit->pip[j], 1.0);
      result->mean[j] = fit->mean[j];
      result->sd[j] = sqrt (MAX (fit->var[j], 0.0));
    }
  result->intercept_mean = fit->mean0;
  result->intercept_sd = sqrt (MAX (fit->var0, 0.0));

  if (test != NULL)
    {
      Centred t;
      centre (test, k, &t);
      result->n_test = bk_reg_sum_get_n (test);
      result->has_test_r2 = test_r2 (&t, k, result->intercept_mean, result->mean, &result->test_r2_bma)
                            && test_r2 (&t, k, result->models[0].intercept, result->models[0].coef,
                                        &result->test_r2_best);
      if (!result->has_test_r2)
        result->test_r2_bma = result->test_r2_best = 0.0;
    }
  return result;
}
