/* vortex.c — Vortex(p): vi_plus = SumN(|high - low[-1]|, p) / SumN(tr, p),
 * vi_minus = SumN(|low - high[-1]|, p) / SumN(tr, p), tr = max(high - low,
 * |high - close[-1]|, |low - close[-1]|). */
#include "bk-indicators.h"

const BkIndicatorDesc bk_indicator_vortex = {
  .name = "Vortex",
  .summary = N_("Vortex indicator: upward and downward movement over the true range"),
  .n_inputs = 3,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE },
  .n_params = 1,
  .params = { BK_PARAM_PERIOD (14) },
  .n_outputs = 2,
  .outputs = { "vi_plus", "vi_minus" },
  .pane = BK_PANE_OWN,
  .formula = "vm_plus = SumN(Abs(high - low[-1]), period=period)\n"
             "vm_minus = SumN(Abs(low - high[-1]), period=period)\n"
             "tr = Max(Abs(high - low), Abs(high - close[-1]), Abs(low - close[-1]))\n"
             "trsum = SumN(tr, period=period)\n"
             "vi_plus = vm_plus / trsum\n"
             "vi_minus = vm_minus / trsum",
};
