/* bk-registry.c — the table of indicator types, and what every
 * indicator file shares: window reads and sub-indicator wiring. */
#include "bk-indicator.h"

#include "bk-error.h"
#include "bk-fsum.h"
#include "indicators/bk-indicators.h"

static const BkIndicatorDesc *const registry[] = {
  &bk_indicator_sma,
  &bk_indicator_ema,
  &bk_indicator_smma,
  &bk_indicator_highest,
  &bk_indicator_lowest,
  &bk_indicator_upday,
  &bk_indicator_downday,
  &bk_indicator_stochastic,
  &bk_indicator_rsi,
  &bk_indicator_macd,
  &bk_indicator_cci,
};

guint
bk_indicator_get_n_types (void)
{
  return G_N_ELEMENTS (registry);
}

const BkIndicatorDesc *
bk_indicator_get_type (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (registry), NULL);
  return registry[i];
}

const BkIndicatorDesc *
bk_indicator_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    {
      const BkIndicatorDesc *desc = registry[i];

      if (g_ascii_strcasecmp (desc->name, name) == 0)
        return desc;
      for (guint a = 0; a < G_N_ELEMENTS (desc->aliases) && desc->aliases[a] != NULL; a++)
        if (g_ascii_strcasecmp (desc->aliases[a], name) == 0)
          return desc;
    }
  return NULL;
}

BkNode *
bk_build_indicator (BkNode *parent, const char *type,
                    const BkInput *inputs, guint n_inputs,
                    const double *params, guint n_params,
                    GError **error)
{
  const BkIndicatorDesc *desc = bk_indicator_lookup (type);

  g_assert (desc != NULL);
  return bk_graph_add_indicator (parent->graph, parent, desc, inputs, n_inputs,
                                 params, n_params, error);
}

guint
bk_lookback_period (const BkNode *node, guint input)
{
  return (guint) node->params[0];
}

double
bk_node_window_fsum (BkNode *node, guint i, guint n)
{
  BkFsum sum = BK_FSUM_INIT;

  /* Oldest first, as backtrader's data.get(size=n) hands them to fsum. */
  for (guint ago = n; ago-- > 0;)
    bk_fsum_add (&sum, bk_node_in (node, i, ago));
  return bk_fsum_result (&sum);
}

double
bk_node_window_max (BkNode *node, guint i, guint n)
{
  double best = -INFINITY;

  for (guint ago = 0; ago < n; ago++)
    {
      double v = bk_node_in (node, i, ago);
      if (isnan (v))
        return NAN;
      best = v > best ? v : best;
    }
  return best;
}

double
bk_node_window_min (BkNode *node, guint i, guint n)
{
  double best = INFINITY;

  for (guint ago = 0; ago < n; ago++)
    {
      double v = bk_node_in (node, i, ago);
      if (isnan (v))
        return NAN;
      best = v < best ? v : best;
    }
  return best;
}
