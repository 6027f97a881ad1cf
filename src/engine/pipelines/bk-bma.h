/* bk-bma.h — Bayesian model averaging by exact enumeration, from
 * regression statistics alone.
 *
 * Every subset M of the k features (k ≤ BK_REG_MAX_FEATURES, 2^k models,
 * the empty one included) is an OLS fit with an intercept on the training
 * sums; p(M) ∝ exp(−BIC_M / 2) under a uniform prior.  Features are
 * indices 0..k-1 (bit j of a mask is feature j); naming them is the
 * caller's business.  The result is a function of the sums' bits only. */
#pragma once

#include <glib.h>

#include "bk-regstats.h"

G_BEGIN_DECLS

#define BK_BMA_TOP_MODELS 10

typedef struct {
  guint32 features;            /* bitmask: bit j set when feature j is in the model */
  guint n_features;
  double probability;          /* p(M) */
  double r2;                   /* training R² */
  double bic;
  double intercept;            /* OLS coefficients in the features' own units */
  double coef[BK_REG_MAX_FEATURES];   /* by feature index, 0 where not in the model */
} BkBmaModel;

typedef struct {
  guint k;
  guint64 n_train;
  guint64 n_test;              /* 0 without test statistics */

  double pip[BK_REG_MAX_FEATURES];    /* posterior inclusion probability */
  double mean[BK_REG_MAX_FEATURES];   /* posterior mean of the coefficient */
  double sd[BK_REG_MAX_FEATURES];     /* posterior sd of the coefficient */
  double intercept_mean;
  double intercept_sd;

  /* The most probable models, most probable first (ties: fewer features,
   * then the smaller mask); at most BK_BMA_TOP_MODELS, fewer when fewer
   * models are not singular. */
  guint n_models;
  BkBmaModel models[BK_BMA_TOP_MODELS];

  /* Singular subsets (a repeated or constant feature), p(M) = 0: masks
   * in increasing order. */
  guint n_excluded;
  guint32 *excluded;

  /* Test R² of the BMA prediction ŷ = β̄₀ + Σ β̄_j x_j and of the most
   * probable model, from the test statistics.  has_test_r2 is FALSE
   * (and both 0) without test statistics, with no test rows, or when the
   * test target is constant (R² undefined). */
  gboolean has_test_r2;
  double test_r2_bma;
  double test_r2_best;
} BkBmaResult;

/* `test` may be NULL (no split).  Errors (BK_ERROR_INVALID): k out of
 * range or not the sums' k, fewer than k + 2 training rows, statistics
 * that are not finite, a constant training target. */
BkBmaResult *bk_bma_fit (const BkRegSum *train, const BkRegSum *test, guint k, GError **error);
void bk_bma_result_free (BkBmaResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkBmaResult, bk_bma_result_free)

G_END_DECLS
