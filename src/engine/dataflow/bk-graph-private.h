/* bk-graph-private.h — graph internals shared by the engine's own node
 * kinds (expression operations, observers), which are not in the
 * indicator registry, and by the formulas above the graph. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

/* Adds a primitive node of any role; takes ownership of `label`. */
BkNode *bk_graph_add_primitive (BkGraph *graph, BkNode *parent, BkRole role,
                                const BkIndicatorDesc *desc, const BkInput *inputs,
                                guint n_inputs, char *label, GError **error);

/* Adds a pure expression node (its descriptor's `pure`): inside an
 * indicator, one that computes the same over the same inputs with the
 * same parameters already is that node, returned again. */
BkNode *bk_graph_add_pure (BkGraph *graph, BkNode *parent, const BkIndicatorDesc *desc, const BkInput *inputs,
                           guint n_inputs, const double *params, guint n_params, char *label, GError **error);

/* The primitive nodes bk_graph_step_nodes steps for `role`
 * (BK_ROLE_OBSERVER, or any other for the rest), in step order: once
 * planned, those not fused into their readers. */
GPtrArray *bk_graph_get_step_nodes (BkGraph *graph, BkRole role);

/* Builds a formula indicator's node (bk_graph_add_indicator calls it for
 * a descriptor with a formula).  The graph cannot call up to the
 * formulas: they install it (static; set once, before any such build). */
typedef gboolean (*BkFormulaBuilder) (BkNode *node, GError **error);
void bk_graph_set_formula_builder (BkFormulaBuilder build);

G_END_DECLS
