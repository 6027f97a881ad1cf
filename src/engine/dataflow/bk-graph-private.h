/* bk-graph-private.h — graph internals shared by the engine's own node
 * kinds (expression operations, observers), which are not in the
 * indicator registry. */
#pragma once

#include "bk-graph.h"
#include "bk-indicator.h"

G_BEGIN_DECLS

/* Adds a primitive node of any role; takes ownership of `label`. */
BkNode *bk_graph_add_primitive (BkGraph *graph, BkNode *parent, BkRole role,
                                const BkIndicatorDesc *desc, const BkInput *inputs,
                                guint n_inputs, char *label, GError **error);

/* A node that copies `source` into a line of its own. */
gboolean bk_graph_add_copy (BkGraph *graph, BkNode *parent, BkInput source,
                            BkInput *out, GError **error);

/* A short text for an input in labels: "close", "sma", "close[-1]", "100". */
char *bk_input_describe (BkInput input);

G_END_DECLS
