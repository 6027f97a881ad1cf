/* psar.c — ParabolicSAR(period, af, afmax): Wilder's stop and reverse.
 * From the second bar the trend is a fake one that reverses at once: up
 * when close < close[-1] (so it turns down, the stop at high[-1]), down
 * otherwise (turning up, the stop at low[-1]).  Each bar: a stop the bar
 * reaches reverses the trend (the stop becomes the extreme price, af
 * restarts); the output is the stop; a new extreme raises af by af (to at
 * most afmax); tomorrow's stop is sar + af * (ep - sar), kept outside this
 * bar's and the previous bar's range.  As backtrader's, bar for bar. */
#include "bk-indicators.h"

enum { HIGH, LOW, CLOSE };

/* Tomorrow's stop, the trend's extreme price, the acceleration factor. */
typedef struct {
  double sar, ep, af;
  gboolean uptrend;
} PsarState;

static void
psar_next (BkNode *node)
{
  guint64 bar = node->outputs[0]->line->length + 1;
  double step = node->params[1], afmax = node->params[2];
  double hi = bk_node_in (node, HIGH, 0), lo = bk_node_in (node, LOW, 0);
  PsarState *s = BK_NODE_STATE (node, PsarState);

  if (bar == node->first_step)
    {
      bk_node_out (node, 0, NAN);
      return;
    }
  if (bar == node->first_step + 1)
    {
      gboolean up = bk_node_in (node, CLOSE, 0) >= bk_node_in (node, CLOSE, 1);

      s->sar = (hi + lo) / 2.0;
      s->af = step;
      s->uptrend = !up;
      s->ep = up ? bk_node_in (node, LOW, 1) : bk_node_in (node, HIGH, 1);
    }

  gboolean uptrend = s->uptrend;
  double sar = s->sar, ep = s->ep, af = s->af;

  if ((uptrend && sar >= lo) || (!uptrend && sar <= hi))
    {
      uptrend = !uptrend;
      sar = ep;
      ep = uptrend ? hi : lo;
      af = step;
    }
  bk_node_out (node, 0, bar < node->minperiod ? NAN : sar);
  if (uptrend ? hi > ep : lo < ep)
    {
      ep = uptrend ? hi : lo;
      af = MIN (af + step, afmax);
    }
  sar = sar + af * (ep - sar);
  if (uptrend)
    {
      double lo1 = bk_node_in (node, LOW, 1);
      if (sar > lo || sar > lo1)
        sar = MIN (lo, lo1);
    }
  else
    {
      double hi1 = bk_node_in (node, HIGH, 1);
      if (sar < hi || sar < hi1)
        sar = MAX (hi, hi1);
    }
  s->uptrend = uptrend;
  s->sar = sar;
  s->ep = ep;
  s->af = af;
}

static guint
psar_lookback (const BkNode *node, guint input)
{
  return 2;
}

/* Shown from bar `period` (at least the second) of its inputs. */
static guint
psar_minperiod (const BkNode *node, const guint *input_minperiods)
{
  return bk_inputs_minperiod (node, input_minperiods) + MAX ((guint) node->params[0], 2) - 1;
}

const BkIndicatorDesc bk_indicator_psar = {
  .name = "ParabolicSAR",
  .aliases = { "PSAR" },
  .summary = N_("Parabolic stop and reverse: a trailing stop that accelerates with each new extreme"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 3,
  .params = {
    BK_PARAM_PERIOD (2),
    { "af", 0.02, 0, 1, FALSE },
    { "afmax", 0.20, 0, 1, FALSE },
  },
  .n_outputs = 1,
  .outputs = { "psar" },
  .pane = BK_PANE_PRICE,
  .dots = TRUE,
  .lookback = psar_lookback,
  .state_cells = BK_STATE_CELLS (PsarState),
  .warms_up = TRUE,
  .minperiod = psar_minperiod,
  .next = psar_next,
};
