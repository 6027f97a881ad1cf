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

typedef struct {
  double nzd;   /* NonZeroDifference at the previous bar */
} CrossState;

guint
bk_cross_minperiod (const BkNode *node, const guint *input_minperiods)
{
  /* The difference's own minimum period, and one bar to read it back. */
  return MAX (input_minperiods[0], input_minperiods[1]) + 1;
}

void
bk_cross_next (BkNode *node, gboolean up, gboolean down)
{
  BkLine *out = node->outputs[0]->line;
  CrossState *state = BK_NODE_STATE (node, CrossState);
  double a = bk_node_in (node, 0, 0), b = bk_node_in (node, 1, 0);
  double before = state->nzd, d = a - b;
  gboolean warm = out->length + 1 >= node->minperiod;

  /* Python's `d if d else prev`: NaN counts as true; the first difference
   * is kept whatever it is. */
  if (d == 0.0 && warm)
    d = before;
  state->nzd = out->precision == BK_PRECISION_F64 ? d : (double) (float) d;
  if (G_UNLIKELY (!warm))
    {
      bk_node_out (node, 0, NAN);
      return;
    }
  double crossed_up = up && before < 0.0 && a > b ? 1.0 : 0.0;
  double crossed_down = down && before > 0.0 && a < b ? 1.0 : 0.0;
  bk_node_out (node, 0, crossed_up - crossed_down);
}

static void
crossup_next (BkNode *node)
{
  bk_cross_next (node, TRUE, FALSE);
}

const BkIndicatorDesc bk_indicator_crossup = {
  .name = "CrossUp",
  .summary = N_("1 when the first line crosses above the second, else 0"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_CLOSE, BK_FEED_OPEN },
  .n_outputs = 1,
  .outputs = { "cross" },
  .pane = BK_PANE_OWN,
  .state_cells = BK_STATE_CELLS (CrossState),
  .warms_up = TRUE,
  .minperiod = bk_cross_minperiod,
  .next = crossup_next,
};
