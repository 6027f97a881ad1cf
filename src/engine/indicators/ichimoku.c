/* ichimoku.c — Ichimoku(tenkan, kijun, senkou, senkou_lead): the midpoints
 * of the high-low range over 9, 26 and 52 bars, (Highest(high, n) +
 * Lowest(low, n)) / 2.0; senkou_span_a is (tenkan_sen + kijun_sen) / 2.0
 * and senkou_span_b the 52-bar midpoint, both senkou_lead bars late (a bar
 * plots the cloud its past projected onto it).  backtrader's fifth line,
 * chikou_span, is the close 26 bars ahead: not something a bar can know. */
#include "bk-indicators.h"
#include "bk-ops.h"

enum { HIGH, LOW };

/* (Highest(high, n) + Lowest(low, n)) / 2.0 */
static gboolean
midpoint (BkNode *node, double period, BkInput *out, GError **error)
{
  BkNode *highest = bk_build_indicator (node, "Highest", &node->inputs[HIGH], 1, &period, 1, error);
  BkNode *lowest = highest != NULL ? bk_build_indicator (node, "Lowest", &node->inputs[LOW], 1, &period, 1, error) : NULL;
  BkInput sum;

  return lowest != NULL
         && bk_graph_add_op (node->graph, node, BK_OP_ADD, bk_node_output (highest, 0), bk_node_output (lowest, 0),
                             &sum, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), out, error);
}

static gboolean
ichimoku_build (BkNode *node, GError **error)
{
  guint lead = (guint) node->params[3];
  BkInput tenkan, kijun, senkou, sum, a;

  return midpoint (node, node->params[0], &tenkan, error)
         && midpoint (node, node->params[1], &kijun, error)
         && midpoint (node, node->params[2], &senkou, error)
         && bk_graph_add_op (node->graph, node, BK_OP_ADD, tenkan, kijun, &sum, error)
         && bk_graph_add_op (node->graph, node, BK_OP_DIV, sum, bk_input_const (2.0), &a, error)
         && bk_node_bind_output (node, 0, tenkan, error)
         && bk_node_bind_output (node, 1, kijun, error)
         && bk_node_bind_output (node, 2, bk_input_delay (a, lead), error)
         && bk_node_bind_output (node, 3, bk_input_delay (senkou, lead), error);
}

const BkIndicatorDesc bk_indicator_ichimoku = {
  .name = "Ichimoku",
  .summary = "Ichimoku cloud: conversion and base lines, and the two spans of the cloud",
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 4,
  .params = {
    { "tenkan", 9, 1, BK_MAX_PERIOD, TRUE },
    { "kijun", 26, 1, BK_MAX_PERIOD, TRUE },
    { "senkou", 52, 1, BK_MAX_PERIOD, TRUE },
    { "senkou_lead", 26, 0, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 4,
  .outputs = { "tenkan_sen", "kijun_sen", "senkou_span_a", "senkou_span_b" },
  .pane = BK_PANE_PRICE,
  .build = ichimoku_build,
};
