/* bk-ops.h — expression nodes: one operation each, like backtrader's
 * LinesOperation.  Every sub-expression is a node with a line of its own,
 * so it is planned and counted like any indicator. */
#pragma once

#include "bk-graph.h"
#include "bk-program.h"

G_BEGIN_DECLS

/* Adds `a op b` (b ignored for unary ops) under `parent`.  Constant operands
 * fold: an operation on constants only adds no node. */
gboolean bk_graph_add_op (BkGraph *graph, BkNode *parent, BkOp op,
                          BkInput a, BkInput b, BkInput *out, GError **error);
/* The same in a strategy's rules, read as Python reads them in
 * backtrader's next(): `and`, `or` and `not` have a value from the first
 * bar, an operand without one yet counting as false, so that `a or b` is
 * true when b is while a still warms up.  In an indicator they are line
 * operations (bk_graph_add_op), which wait for every operand. */
gboolean bk_graph_add_rule_op (BkGraph *graph, BkNode *parent, BkOp op,
                               BkInput a, BkInput b, BkInput *out, GError **error);

G_END_DECLS
