/* crossup.c — CrossUp: 1 on the bar data0 rises above data1 (it was below
 * at the last bar they differed), else 0.  CrossDown and CrossOver are
 * the same step (bk_cross_next).
 *
 * backtrader builds them of a NonZeroDifference and four operations; here
 * one node does it all, keeping the last non-zero difference as its state
 * (stored as its lines store values, so that a float32 run compares the
 * same rounded difference): the values are those of the operations, and a
 * crossover costs one call and two cells instead of ten nodes and their
 * rings. */
#include "bk-indicators.h"

guint
bk_cross_minperiod (const BkNode *node, const guint *input_minperiods)
{
  /* The difference's own minimum period, and one bar to read it back. */
  return MAX (input_minperiods[0], input_minperiods[1]) + 1;
}

/* `nzd`: NonZeroDifference at the previous bar, the state; `warm`: the
 * minimum period is reached (the bar before it only takes the first
 * difference in). */
static inline double
cross_values (double a, double b, double *nzd, gboolean warm, gboolean up, gboolean down)
{
  double before = *nzd, d = a - b;

  /* Python's `d if d else prev`: NaN counts as true; the first difference
   * is kept whatever it is. */
  *nzd = d == 0.0 && warm ? before : d;
  if (G_UNLIKELY (!warm))
    return NAN;
  return (up && before < 0.0 && a > b ? 1.0 : 0.0) - (down && before > 0.0 && a < b ? 1.0 : 0.0);
}

double
bk_crossup_values (double a, double b, double *state, gboolean warm)
{
  return cross_values (a, b, state, warm, TRUE, FALSE);
}

double
bk_crossdown_values (double a, double b, double *state, gboolean warm)
{
  return cross_values (a, b, state, warm, FALSE, TRUE);
}

double
bk_crossover_values (double a, double b, double *state, gboolean warm)
{
  return cross_values (a, b, state, warm, TRUE, TRUE);
}

void
bk_cross_next (BkNode *node, double (*values) (double a, double b, double *state, gboolean warm))
{
  BkLine *out = node->outputs[0]->line;
  double value = values (bk_node_in (node, 0, 0), bk_node_in (node, 1, 0), node->state,
                         out->length + 1 >= node->minperiod);

  /* The difference kept as the line would keep it: a float32 run compares
   * the rounded one. */
  if (out->precision != BK_PRECISION_F64)
    node->state[0] = (double) (float) node->state[0];
  bk_node_out (node, 0, value);
}

static void
crossup_next (BkNode *node)
{
  bk_cross_next (node, bk_crossup_values);
}

const BkIndicatorDesc bk_indicator_crossup = {
  .name = "CrossUp",
  .summary = N_("1 when the first line crosses above the second, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "cross" },
  .pane = BK_PANE_OWN,
  .state_cells = BK_STATE_CELLS (double),
  .warms_up = TRUE,
  .minperiod = bk_cross_minperiod,
  .next = crossup_next,
  .next_values = bk_crossup_values,
};
