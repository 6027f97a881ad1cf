/* bk-registry.h — the registry of indicator types (its table generated
 * from indicators/indicators.list), and what the indicator files share to
 * wire and read their nodes: sub-indicators by name, window reads, and
 * the two expression nodes backtrader writes as functions.  Above the
 * graph and the operators; the formulas (bk-indicator.h) above it. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

guint bk_indicator_get_n_types (void);
const BkIndicatorDesc *bk_indicator_get_type (guint i);
const BkIndicatorDesc *bk_indicator_lookup (const char *name_or_alias);

/* Shorthands for composite builders: a sub-indicator by registry name. */
BkNode *bk_build_indicator (BkNode *parent, const char *type,
                            const BkInput *inputs, guint n_inputs,
                            const double *params, guint n_params,
                            GError **error);

/* Exactly rounded sum of input i's last n values (math.fsum). */
double bk_node_window_fsum (BkNode *node, guint i, guint n);
double bk_node_window_max (BkNode *node, guint i, guint n);
double bk_node_window_min (BkNode *node, guint i, guint n);
/* The most recent position (bars back) of the window's max or min. */
double bk_node_window_first_index (BkNode *node, guint i, guint n, gboolean highest);

/* Lookback of a window indicator: its first parameter, the period. */
guint bk_lookback_period (const BkNode *node, guint input);
/* The latest of the inputs' minimum periods: where a primitive reading only
 * its inputs' current values could start (HeikinAshi, ParabolicSAR). */
guint bk_inputs_minperiod (const BkNode *node, const guint *input_minperiods);

/* Expression nodes for backtrader's If(cond, a, b) and pow(a, exponent). */
gboolean bk_graph_add_if (BkGraph *graph, BkNode *parent, BkInput cond, BkInput a, BkInput b,
                          BkInput *out, GError **error);
gboolean bk_graph_add_pow (BkGraph *graph, BkNode *parent, BkInput a, double exponent,
                           BkInput *out, GError **error);

G_END_DECLS
