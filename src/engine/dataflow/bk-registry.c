/* bk-registry.c — the registry of indicator types (its table generated
 * from indicators/indicators.list), and what every indicator file shares:
 * window reads and sub-indicator wiring. */
#include "bk-registry.h"

#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-graph-private.h"
#include "bk-indicator-list.h"
#include "bk-pow.h"

/* The table, bk_indicator_table, is generated from indicators.list
 * (bk-registry-table.c). */

guint
bk_indicator_get_n_types (void)
{
  return G_N_ELEMENTS (bk_indicator_table);
}

const BkIndicatorDesc *
bk_indicator_get_type (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (bk_indicator_table), NULL);
  return bk_indicator_table[i];
}

const BkIndicatorDesc *
bk_indicator_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (bk_indicator_table); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_table[i];

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

guint
bk_inputs_minperiod (const BkNode *node, const guint *input_minperiods)
{
  guint mp = 1;

  for (guint i = 0; i < node->n_inputs; i++)
    mp = MAX (mp, input_minperiods[i]);
  return mp;
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

/* Input i's last n values where they lie in memory as f64, oldest first:
 * a run `older` of n_older values, then `newer` (n_newer, maybe 0).  FALSE
 * when they do not (a constant, f32, a window reaching before the first
 * value or past a ring, across blocks): then bk_node_in() reads them. */
static gboolean
window_runs (BkNode *node, guint i, guint n, const double **older, guint *n_older, const double **newer,
             guint *n_newer)
{
  const BkInput *input = &node->inputs[i];

  if (input->spec == NULL || n == 0)
    return FALSE;
  const BkLine *line = input->spec->line;
  guint64 need = (guint64) input->ago + n;
  if (line->precision != BK_PRECISION_F64 || need > line->length)
    return FALSE;
  if (line->storage == BK_STORAGE_RING)
    {
      if (need > line->capacity)
        return FALSE;
      guint ago = input->ago;
      guint newest = line->head >= ago ? line->head - ago : line->head + line->capacity - ago;
      if (newest + 1 >= n)
        {
          *older = line->ring.f64 + newest + 1 - n;
          *n_older = n;
          *n_newer = 0;
        }
      else
        {
          *n_older = n - (newest + 1);
          *older = line->ring.f64 + line->capacity - *n_older;
          *newer = line->ring.f64;
          *n_newer = newest + 1;
        }
      return TRUE;
    }
  guint64 oldest = line->length - need;
  if (oldest < line->block_base)
    return FALSE;
  *older = (const double *) (gconstpointer) line->block + (oldest - line->block_base);
  *n_older = n;
  *n_newer = 0;
  return TRUE;
}

/* Python's max() (most = TRUE) or min() of the window, newest first as the
 * values come, NaN if one is. */
static double
window_extreme (BkNode *node, guint i, guint n, gboolean most)
{
  const double *older = NULL, *newer = NULL;
  guint n_older = 0, n_newer = 0;
  double best = most ? -INFINITY : INFINITY;

  if (!window_runs (node, i, n, &older, &n_older, &newer, &n_newer))
    {
      for (guint ago = 0; ago < n; ago++)
        {
          double v = bk_node_in (node, i, ago);
          if (isnan (v))
            return NAN;
          best = (most ? v > best : v < best) ? v : best;
        }
      return best;
    }
  for (guint run = 0; run < 2; run++)
    {
      const double *values = run == 0 ? newer : older;

      for (guint k = run == 0 ? n_newer : n_older; k-- > 0;)
        {
          double v = values[k];
          if (isnan (v))
            return NAN;
          best = (most ? v > best : v < best) ? v : best;
        }
    }
  return best;
}

double
bk_node_window_max (BkNode *node, guint i, guint n)
{
  return window_extreme (node, i, n, TRUE);
}

double
bk_node_window_min (BkNode *node, guint i, guint n)
{
  return window_extreme (node, i, n, FALSE);
}

/* Python's max()/min() over the window, then how many bars back the most
 * recent value equal to it lies (backtrader's FindFirstIndex). */
double
bk_node_window_first_index (BkNode *node, guint i, guint n, gboolean highest)
{
  double best = highest ? bk_node_window_max (node, i, n) : bk_node_window_min (node, i, n);

  if (isnan (best))
    return NAN;
  for (guint ago = 0; ago < n; ago++)
    if (bk_node_in (node, i, ago) == best)
      return ago;
  g_return_val_if_reached (NAN);
}

/* Operations backtrader writes as functions rather than operators.  They
 * are expression nodes like bk-ops' but live here, beside the indicators
 * that need them. */
static void
if_next (BkNode *node)
{
  double cond = bk_node_in (node, 0, 0);

  bk_node_out (node, 0, isnan (cond) ? NAN : bk_node_in (node, cond != 0.0 ? 1 : 2, 0));
}

static const BkIndicatorDesc if_desc = {
  .name = "If", .n_inputs = 3, .n_outputs = 1, .outputs = { "value" }, .next = if_next,
};

gboolean
bk_graph_add_if (BkGraph *graph, BkNode *parent, BkInput cond, BkInput a, BkInput b,
                 BkInput *out, GError **error)
{
  BkInput inputs[3] = { cond, a, b };
  g_autofree char *tc = bk_input_describe (cond);
  g_autofree char *ta = bk_input_describe (a);
  g_autofree char *tb = bk_input_describe (b);
  BkNode *node = bk_graph_add_primitive (graph, parent, BK_ROLE_EXPRESSION, &if_desc, inputs, 3,
                                         g_strdup_printf ("If(%s, %s, %s)", tc, ta, tb), error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}

/* pow() as Python's float ** float calls it, so results stay bit-equal. */
static void
pow_next (BkNode *node)
{
  double a = bk_node_in (node, 0, 0);

  bk_node_out (node, 0, isnan (a) ? NAN : bk_pow (a, node->params[0]));
}

static const BkIndicatorDesc pow_desc = {
  .name = "Pow", .n_inputs = 1, .n_outputs = 1, .outputs = { "value" }, .next = pow_next, .pure = TRUE,
};

gboolean
bk_graph_add_pow (BkGraph *graph, BkNode *parent, BkInput a, double exponent,
                  BkInput *out, GError **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *ta = bk_input_describe (a);

  if (a.spec == NULL)
    {
      *out = bk_input_const (pow (a.value, exponent));
      return TRUE;
    }
  /* One pow(r1, 2) for StdDev(r1, 20) and StdDev(r1, 50). */
  BkNode *node = bk_graph_add_pure (graph, parent, &pow_desc, &a, 1, &exponent, 1,
                                    g_strdup_printf ("pow(%s, %s)", ta,
                                                     g_ascii_formatd (buf, sizeof buf, "%g", exponent)),
                                    error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}
