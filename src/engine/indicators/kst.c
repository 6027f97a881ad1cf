/* kst.c — KnowSureThing: rcma_k = SMA(100.0 * ROC(x, rp_k), rma_k); kst =
 * ((r1 + 2.0 * r2) + 3.0 * r3) + 4.0 * r4, as Python's sum adds the
 * weighted four; signal = SMA(kst, rsignal). */
#include "bk-indicators.h"
#include "bk-ops.h"

static gboolean
kst_build (BkNode *node, GError **error)
{
  const double *p = node->params;
  BkInput kst = bk_input_const (0.0);

  for (guint k = 0; k < 4; k++)
    {
      BkInput roc100, weighted;
      BkNode *roc = bk_build_indicator (node, "ROC", &node->inputs[0], 1, &p[k], 1, error);

      if (roc == NULL
          || !bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (100.0), bk_node_output (roc, 0), &roc100,
                               error))
        return FALSE;
      BkNode *rcma = bk_build_indicator (node, "SMA", &roc100, 1, &p[4 + k], 1, error);
      if (rcma == NULL)
        return FALSE;
      /* 1.0 * r1 and 0 + that are exact: the first term is r1 itself. */
      if (k == 0)
        kst = bk_node_output (rcma, 0);
      else if (!bk_graph_add_op (node->graph, node, BK_OP_MUL, bk_input_const (k + 1.0), bk_node_output (rcma, 0),
                                 &weighted, error)
               || !bk_graph_add_op (node->graph, node, BK_OP_ADD, kst, weighted, &kst, error))
        return FALSE;
    }
  BkNode *signal = bk_build_indicator (node, "SMA", &kst, 1, &p[8], 1, error);
  return signal != NULL
         && bk_node_bind_output (node, 0, kst, error)
         && bk_node_bind_output (node, 1, bk_node_output (signal, 0), error);
}

const BkIndicatorDesc bk_indicator_kst = {
  .name = "KnowSureThing",
  .aliases = { "KST" },
  .summary = "Know sure thing: weighted smoothed rates of change over four periods, and its signal",
  .n_inputs = 1,
  .default_inputs = { BK_FEED_CLOSE },
  .n_params = 9,
  .params = {
    { "rp1", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rp2", 15, 1, BK_MAX_PERIOD, TRUE },
    { "rp3", 20, 1, BK_MAX_PERIOD, TRUE },
    { "rp4", 30, 1, BK_MAX_PERIOD, TRUE },
    { "rma1", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma2", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma3", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rma4", 10, 1, BK_MAX_PERIOD, TRUE },
    { "rsignal", 9, 1, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 2,
  .outputs = { "kst", "signal" },
  .pane = BK_PANE_OWN,
  .n_levels = 1,
  .levels = { 0 },
  .build = kst_build,
};
